"""Validation: how good are the estimates, measured the way a closed model is really used.

Stage 4 of the data flow. :func:`validate` holds out open models of known size fold by fold
(by developer, by family, leave-one-out, by release date, or the largest 20%), fits on the
rest, and estimates each held-out model's size from its scores with the same machinery as
:func:`paramest.estimate_size`. Variants of one set of weights always fall in the same fold,
and each held-out set of weights is scored once (its non-reasoning variant when there is one).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import FitError, InputError
from .ingest import _validate_scores_frame, load_benchmarks, load_scores, resolve_benchmark
from .inversion import Calibration, estimate_size
from .regression import DEFAULT_FORM

__all__ = ["SPLITS", "ValidationResult", "summarize", "validate"]

SPLITS = ("developer", "family", "loo", "time", "largest")


@dataclass
class ValidationResult:
    """Per-model results and summary metrics of one validation run.

    Attributes
    ----------
    per_model : pandas.DataFrame
        One row per held-out model: ``model, weights, developer, fold, true_b, params_b,
        lower_b, upper_b, covered, log_err`` (log10 estimate/true), ``fold_error``
        (10^|log_err|), ``width_dex``, ``open``, ``n_benchmarks``, ``benchmarks``.
    summary : pandas.DataFrame
        Metrics overall, for the largest 20% and for models with >= 2 benchmarks (see
        :func:`summarize`).
    settings : dict
        split, level, method, form, benchmarks, seed.
    """

    per_model: pd.DataFrame
    summary: pd.DataFrame
    settings: dict = field(default_factory=dict)

    def __str__(self) -> str:
        s = self.settings
        head = (f"validation: split={s.get('split')}, level={s.get('level')}, "
                f"method={s.get('method')}, form={s.get('form')}, "
                f"{len(self.per_model)} held-out models")
        return head + "\n" + self.summary.to_string(float_format=lambda v: f"{v:.3g}")

    def _repr_html_(self) -> str:
        return f"<pre>{str(self).splitlines()[0]}</pre>" + self.summary.to_html(
            float_format=lambda v: f"{v:.3g}")

    def plot(self, ax=None, **kwargs):
        """Estimate vs truth on log axes with intervals. Returns the axes."""
        from .plots import plot_validation

        return plot_validation(self, ax=ax, **kwargs)


def _metrics(df: pd.DataFrame, level: float) -> dict:
    if df.empty:
        return {"n": 0}
    e = df["log_err"].to_numpy(float)
    lo, hi, t = (np.log10(df[c].to_numpy(float)) for c in ("lower_b", "upper_b", "true_b"))
    alpha = 1 - level
    winkler = (hi - lo) + (2 / alpha) * (lo - t) * (t < lo) + (2 / alpha) * (t - hi) * (t > hi)
    return {
        "n": len(df),
        "median_fold_error": float(10 ** np.median(np.abs(e))),
        "within_2x": float(np.mean(np.abs(e) <= math.log10(2))),
        "within_3x": float(np.mean(np.abs(e) <= math.log10(3))),
        "bias_dex": float(np.mean(e)),
        "coverage": float(df["covered"].mean()),
        "median_width_dex": float(np.median(df["width_dex"])),
        "winkler_dex": float(np.mean(winkler)),
        "share_unbounded": float(df["open"].mean()),
    }


def summarize(per_model: pd.DataFrame, level: float = 0.9) -> pd.DataFrame:
    """Summary metrics of a per-model validation table.

    Rows: ``all``, ``largest_20pct`` (by true size) and ``multi_benchmark`` (>= 2
    benchmarks). Columns: ``n, median_fold_error`` (10 to the median |log10(est/true)|),
    ``within_2x, within_3x, bias_dex`` (mean signed log10 error), ``coverage`` (of the
    nominal interval), ``median_width_dex``, ``winkler_dex`` (interval score in dex),
    ``share_unbounded``.
    """
    ok = per_model.dropna(subset=["params_b"])
    rows = {"all": _metrics(ok, level)}
    if len(ok):
        cut = ok["true_b"].quantile(0.8)
        rows["largest_20pct"] = _metrics(ok[ok["true_b"] >= cut], level)
        rows["multi_benchmark"] = _metrics(ok[ok["n_benchmarks"] >= 2], level)
    return pd.DataFrame(rows).T


def _folds(units: pd.DataFrame, split: str, time_cutoff: str | None) -> list[tuple[str, np.ndarray]]:
    """(fold name, held-out weights ids) pairs."""
    if split == "developer":
        return [(d, g["weights"].to_numpy()) for d, g in units.groupby("developer")]
    if split == "family":
        return [(f, g["weights"].to_numpy()) for f, g in units.groupby("family")]
    if split == "loo":
        return [(w, np.array([w])) for w in units["weights"]]
    if split == "largest":
        cut = units["true_b"].quantile(0.8)
        return [("largest_20pct", units.loc[units["true_b"] >= cut, "weights"].to_numpy())]
    if split == "time":
        dates = pd.to_datetime(units["release_date"])
        cutoff = pd.Timestamp(time_cutoff) if time_cutoff else dates.quantile(0.75)
        held = units.loc[dates >= cutoff, "weights"].to_numpy()
        return [(f"released >= {cutoff.date()}", held)]
    raise InputError(f"split must be one of {SPLITS}, not {split!r}")


def validate(
    benchmarks: Sequence[str] | None = None,
    *,
    split: str = "developer",
    level: float = 0.9,
    method: str = "inversion",
    form: str = DEFAULT_FORM,
    data: pd.DataFrame | None = None,
    time_cutoff: str | None = None,
    max_benchmarks: int | None = None,
    rng: int | None = 0,
) -> ValidationResult:
    """Cross-validate size estimates on open models of known size.

    Parameters
    ----------
    benchmarks : sequence of str, optional
        Benchmarks used as evidence (default: the knowledge benchmarks).
    split : {"developer", "family", "loo", "time", "largest"}
        How folds are formed. ``"time"`` fits on releases before ``time_cutoff`` (default:
        the 75th percentile of release dates) and tests on the rest; ``"largest"`` holds out
        the largest 20% by true size.
    level : float
        Interval level.
    method : {"inversion", "bayes"}
    form : str
        Curve form.
    data : pandas.DataFrame, optional
        Scores in :func:`paramest.load_scores` format (default: shipped).
    time_cutoff : str, optional
        Date for ``split="time"``.
    max_benchmarks : int, optional
        Use at most this many of each model's benchmarks (the first in ``benchmarks``
        order); ``1`` gives the single-benchmark result.
    rng : int, optional
        Seed, recorded in the settings (the procedure is deterministic).

    Returns
    -------
    ValidationResult
    """
    if data is None:
        data = load_scores()
    else:
        _validate_scores_frame(data)
    if benchmarks is None:
        b = load_benchmarks()
        benchmarks = list(b.loc[b["default_evidence"].astype(bool), "benchmark"])
    benchmarks = [resolve_benchmark(x) for x in benchmarks]
    d = data[data["benchmark"].isin(benchmarks) & data["open_weights"].astype(bool)
             & data["total_params_b"].notna()].copy()
    if "weights" not in d:
        d["weights"] = d["model"]
    if "family" not in d:
        d["family"] = d["model"]
    # one scored model per set of weights: the non-reasoning, non-base variant if any
    d["_base"] = d["model"].str.endswith("-base")
    order = d.sort_values(["weights", "reasoning", "_base", "model"], kind="mergesort")
    rep = order.drop_duplicates("weights")[["weights", "model"]]
    units = (d.drop_duplicates("weights")[["weights", "developer", "family", "release_date"]]
             .merge(rep, on="weights"))
    units["true_b"] = units["model"].map(d.drop_duplicates("model").set_index("model")["total_params_b"])
    if units.empty:
        raise FitError("no open model of known size has a score on the chosen benchmarks")

    rows = []
    for fold, held in _folds(units, split, time_cutoff):
        held = set(held)
        if not held:
            continue
        train = data[~data["weights"].isin(held)] if "weights" in data else \
            data[~data["model"].isin(held)]
        if split == "time":
            cutoff = pd.Timestamp(time_cutoff) if time_cutoff else \
                pd.to_datetime(units["release_date"]).quantile(0.75)
            train = train[~(pd.to_datetime(train["release_date"]) >= cutoff)]
        test_units = units[units["weights"].isin(held)]
        # which benchmarks does each held-out model have?
        have = d[d["model"].isin(test_units["model"])]
        for model, g in have.groupby("model"):
            bs = [b for b in benchmarks if b in set(g["benchmark"])]
            if max_benchmarks:
                bs = bs[:max_benchmarks]
            if not bs:
                continue
            key = tuple(bs)
            cal = _fold_cal_cache(fold, key, train, form, level)
            sc = {b: float(g.loc[g["benchmark"] == b, "score"].iloc[0]) for b in bs}
            u = test_units[test_units["model"] == model].iloc[0]
            try:
                e = estimate_size(sc, calibration=cal, level=level, method=method, form=form, rng=rng)
            except (FitError, InputError) as err:
                rows.append({"model": model, "weights": u["weights"], "developer": u["developer"],
                             "family": u["family"], "fold": fold, "true_b": u["true_b"],
                             "error": str(err), "n_benchmarks": 0})
                continue
            t = u["true_b"]
            log_err = math.log10(e.params_b / t)
            rows.append({
                "model": model, "weights": u["weights"], "developer": u["developer"],
                "family": u["family"], "fold": fold, "true_b": t, "params_b": e.params_b,
                "lower_b": e.lower_b, "upper_b": e.upper_b,
                "covered": bool(e.lower_b <= t <= e.upper_b), "log_err": log_err,
                "fold_error": 10 ** abs(log_err),
                "width_dex": math.log10(e.upper_b / e.lower_b),
                "open": bool(e.open_lower or e.open_upper), "n_benchmarks": len(e.benchmarks),
                "benchmarks": " + ".join(e.benchmarks), "inconsistent": e.inconsistent,
                "extrapolated": e.extrapolated,
            })
        _CAL_CACHE.clear()
    per = pd.DataFrame(rows)
    if per.empty:
        raise FitError("validation produced no estimates (too few calibration models per fold?)")
    if "params_b" not in per:
        per["params_b"] = np.nan
    settings = {"split": split, "level": level, "method": method, "form": form,
                "benchmarks": list(benchmarks), "max_benchmarks": max_benchmarks, "seed": rng,
                "time_cutoff": time_cutoff}
    return ValidationResult(per_model=per, summary=summarize(per, level), settings=settings)


_CAL_CACHE: dict[tuple, Calibration] = {}


def _fold_cal_cache(fold: str, key: tuple, train: pd.DataFrame, form: str,
                    level: float) -> Calibration:
    k = (fold, key, form, level)
    if k not in _CAL_CACHE:
        _CAL_CACHE[k] = Calibration(train, list(key), form=form, level=level)
    return _CAL_CACHE[k]
