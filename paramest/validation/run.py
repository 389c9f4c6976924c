"""Stage 4, validation: how good are the estimates, measured the way a closed model is estimated.

:func:`validate` holds out sets of open weights of known size fold by fold, fits a
:class:`~paramest.Calibration` on the rest, and estimates each held-out set of weights
from its scores (chosen by the same variant rule) with the same machinery as
:func:`paramest.estimate_size`, including the interval recalibration and the curve-form check.

Splits
------
``developer`` (default), ``family``, ``loo``
    Leave one group out (scikit-learn's ``LeaveOneGroupOut`` / ``LeaveOneOut``).
``time``
    Calibrate on releases before ``time_cutoff`` (default: the 75th percentile of release
    dates), test on the rest.
``extrapolation`` (alias ``largest``)
    Calibrate on models below the 80th percentile of size, test on those above: every test
    model is larger than every calibration model, as for frontier closed models.
``disclosed``
    Calibrate on every open model; test on closed models whose developer published the
    size (Gopher, Chinchilla, PaLM, ...).

Interval recalibration inside validation
----------------------------------------
The held-out models' own PIT values must not calibrate their own intervals.
``recalibrate="auto"`` uses, for a split with many folds, the PIT values of the other
folds (cross-conformal); for a one-fold split (time, extrapolation, disclosed), the PIT
values of a leave-one-developer-out run inside the calibration set. ``"nested"`` runs that
inner leave-one-developer-out in every fold (slow; ``benchmarks/`` uses it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ..regression.calibration import Calibration, Recalibration, recalibration_group
from ..checks import check_level
from ..regression.curve import CurveFit
from ..ingest import (
    data_version,
    default_evidence,
    load_models,
    load_scores,
    resolve_benchmark,
    select_variants,
    validate_scores,
)
from ..errors import FitError, InputError
from ..inversion.estimate import GRID_B, Posterior, posterior
from ..units import round_sig

__all__ = ["BASELINE_ORDER", "SPLITS", "GateResult", "ValidationResult", "evaluation_units",
           "paired_bootstrap", "promotion_gate", "summarize", "validate"]

SPLITS = ("developer", "family", "loo", "time", "extrapolation", "largest", "disclosed")
RECALIBRATIONS = ("auto", "nested", "shipped", "none")
# The baseline's benchmark: the unit's first of these (IKP first, as IKP publishes).
BASELINE_ORDER = ("ikp", "simpleqa", "aa-omniscience", "simpleqa-verified", "chinese-simpleqa",
                  "triviaqa", "naturalquestions", "popqa")


@dataclass(eq=False)
class ValidationResult:
    """Per-model results and summary metrics of one validation run.

    Attributes
    ----------
    per_model : pandas.DataFrame
        One row per held-out set of weights: ``weights, model, developer, family, fold,
        true_b, params_b, lower_b, upper_b, covered, log_err`` (log10 estimate/true),
        ``fold_error`` (10^|log_err|), ``width_dex, open, pit, n_benchmarks, benchmarks,
        has_ikp, evidence`` (class: ``ikp``, ``multi``, ``aa-only``, ``other``),
        ``extrapolation_dex, form_dependent``, and ``base_*`` columns for the IKP-style
        baseline on the same folds.
    summary : pandas.DataFrame
        Metrics per subset (:func:`summarize`).
    settings : dict
        How the run was made (split, level, calibration settings, recalibration, data).
    """

    per_model: pd.DataFrame
    summary: pd.DataFrame
    settings: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        s = self.settings
        a = self.summary.loc["all"] if "all" in self.summary.index else None
        head = (f"ValidationResult(split={s.get('split')!r}, level={s.get('level')}, "
                f"{len(self.per_model)} held-out sets of weights")
        if a is not None and a.get("n", 0):
            head += (f"; median fold error {a['median_fold_error']:.2f}x, coverage "
                     f"{a['coverage']:.2f}, median width {a['median_width_dex']:.2f} dex")
        return head + ")"

    def __str__(self) -> str:
        cols = ["n", "median_fold_error", "within_2x", "bias_dex", "coverage", "median_width_dex"]
        return repr(self) + "\n" + self.summary[[c for c in cols if c in self.summary]].to_string(
            float_format=lambda v: f"{v:.3g}")

    def _repr_html_(self) -> str:
        import html

        return f"<pre>{html.escape(repr(self))}</pre>" + self.summary.to_html(
            float_format=lambda v: f"{v:.3g}")

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: settings, summary rows, and the per-model table.

        Returns
        -------
        dict
            ``settings``, ``summary`` (``{subset: {metric: value}}``) and ``per_model``
            (a list of records). Numbers are rounded to 4 significant digits, NaN and
            inf become None, dates ISO strings.
        """
        def clean(v):
            if isinstance(v, (float, np.floating)):
                return round_sig(float(v)) if math.isfinite(v) else None
            if isinstance(v, (np.integer,)):
                return int(v)
            if isinstance(v, (np.bool_,)):
                return bool(v)
            if isinstance(v, pd.Timestamp):
                return None if pd.isna(v) else v.date().isoformat()
            if isinstance(v, (list, tuple)):
                return [clean(x) for x in v]
            return v

        return {
            "settings": {k: clean(v) if not isinstance(v, dict) else v for k, v in self.settings.items()},
            "summary": {idx: {k: clean(v) for k, v in row.items()}
                        for idx, row in self.summary.iterrows()},
            "per_model": [{k: clean(v) for k, v in r.items()}
                          for r in self.per_model.to_dict(orient="records")],
        }

    def plot(self, ax=None, **kwargs):
        """Estimate vs truth on log axes with intervals. Returns the axes.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; a new figure is made when omitted.
        **kwargs
            Passed to :func:`paramest.plots.plot_validation`.

        Returns
        -------
        matplotlib.axes.Axes

        Raises
        ------
        InputError
            The result has no estimate to plot.
        """
        from ..plots import plot_validation

        return plot_validation(self, ax=ax, **kwargs)


# ----------------------------------------------------------------------------------------
# Metrics
# ----------------------------------------------------------------------------------------


def _metrics(df: pd.DataFrame, level: float, prefix: str = "") -> dict:
    ok = df.dropna(subset=[f"{prefix}params_b"])
    ok = ok[np.isfinite(ok[f"{prefix}log_err"].astype(float))]
    if ok.empty:
        return {"n": 0}
    e = ok[f"{prefix}log_err"].to_numpy(float)
    with np.errstate(divide="ignore"):
        lo = np.log10(ok[f"{prefix}lower_b"].to_numpy(float))  # 0 (open below) -> -inf
        hi = np.log10(ok[f"{prefix}upper_b"].to_numpy(float))
    t = np.log10(ok["true_b"].to_numpy(float))
    alpha = 1 - level
    bounded = np.isfinite(hi - lo)
    # an interval open on one side has infinite width: it counts in the median, so a method
    # cannot look narrow by leaving intervals unbounded; the Winkler score is over bounded ones
    width = np.where(bounded, hi - lo, np.inf)
    with np.errstate(invalid="ignore"):
        miss = np.where(t < lo, lo - t, 0.0) + np.where(t > hi, t - hi, 0.0)
    winkler = np.where(bounded, width + (2 / alpha) * miss, np.nan)
    return {
        "n": len(ok),
        "median_fold_error": float(10 ** np.median(np.abs(e))),
        "within_2x": float(np.mean(np.abs(e) <= math.log10(2))),
        "within_3x": float(np.mean(np.abs(e) <= math.log10(3))),
        "bias_dex": float(np.mean(e)),
        "coverage": float(ok[f"{prefix}covered"].astype(bool).mean()),
        "median_width_dex": float(np.median(width)),
        "winkler_dex": float(np.nanmean(winkler)) if bounded.any() else math.inf,
        "share_unbounded": float(np.mean(~np.isfinite(width))),
    }


def summarize(per_model: pd.DataFrame, level: float = 0.9, prefix: str = "") -> pd.DataFrame:
    """Summary metrics of a per-model validation table, per subset.

    Parameters
    ----------
    per_model : pandas.DataFrame
        One row per held-out unit, as ``per_model`` of a :class:`ValidationResult`:
        ``true_b`` and the ``params_b, lower_b, upper_b, log_err, covered`` columns (with
        ``prefix``); ``has_ikp``, ``n_benchmarks`` and ``evidence`` give the subsets when
        present. Rows without a finite estimate are left out of every metric.
    level : float
        Nominal level of the intervals (for the Winkler score).
    prefix : str
        Column prefix of the estimator to summarise: ``""``, or ``"base_"`` for the
        baseline's columns.

    Returns
    -------
    pandas.DataFrame
        Rows: ``all``, ``largest_20pct`` (by true size), ``with_ikp``,
        ``multi_benchmark`` (two or more evidence benchmarks), ``aa_only``; the last three
        only when their columns exist, and only ``all`` for an empty table. Columns:
        ``n, median_fold_error`` (10 to the median |log10(est/true)|), ``within_2x,
        within_3x, bias_dex`` (mean signed log10 error), ``coverage`` (of the nominal
        interval), ``median_width_dex`` (an interval with an open side counts as
        infinitely wide), ``winkler_dex`` (interval score in dex, over the intervals
        bounded on both sides; inf when there is none), ``share_unbounded`` (an interval
        with an infinite side). A subset without an estimate has ``n = 0`` and NaN
        elsewhere.
    """
    rows = {"all": _metrics(per_model, level, prefix)}
    if len(per_model):
        cut = per_model["true_b"].quantile(0.8)
        rows["largest_20pct"] = _metrics(per_model[per_model["true_b"] >= cut], level, prefix)
        if "has_ikp" in per_model:
            rows["with_ikp"] = _metrics(per_model[per_model["has_ikp"].astype(bool)], level, prefix)
        if "n_benchmarks" in per_model:
            rows["multi_benchmark"] = _metrics(per_model[per_model["n_benchmarks"] >= 2], level, prefix)
        if "evidence" in per_model:
            rows["aa_only"] = _metrics(per_model[per_model["evidence"] == "aa-only"], level, prefix)
    return pd.DataFrame(rows).T


# ----------------------------------------------------------------------------------------
# Units and folds
# ----------------------------------------------------------------------------------------


def evaluation_units(data: pd.DataFrame, evidence: Sequence[str], rule: str = "think") -> pd.DataFrame:
    """Sets of open weights of known size with at least one evidence score.

    Parameters
    ----------
    data : pandas.DataFrame
        Scores in the :func:`paramest.load_scores` format, already checked.
    evidence : sequence of str
        Canonical benchmark ids; each unit's scores follow this order.
    rule : {"think", "nothink", "all"}
        Variant rule that picks each unit's score per benchmark
        (:func:`paramest.select_variants`).

    Returns
    -------
    pandas.DataFrame
        One row per weights id, sorted: ``weights, model`` (a representative id),
        ``developer, family, release_date`` (earliest in the group), ``true_b``,
        ``scores`` (dict chosen by the variant rule), ``thinking`` (dict), ``variants``
        (dict), ``n_questions`` (dict, where rows give one), ``n_benchmarks, has_ikp,
        evidence`` (``ikp``, ``aa-only``, ``multi`` or ``other``).
    """
    d = data[data["benchmark"].isin(evidence) & data["open_weights"].astype(bool)
             & data["total_params_b"].notna()].copy()
    if "weights" not in d:
        d["weights"] = d["model"]
    d["weights"] = d["weights"].where(d["weights"].notna(), d["model"])
    chosen, _ = select_variants(d, rule=rule)
    rows = []
    for w, g in chosen.groupby("weights", sort=True):
        grp = d[d["weights"] == w]
        dates = pd.to_datetime(grp["release_date"]) if "release_date" in grp else pd.Series(dtype="datetime64[ns]")
        bs = [b for b in evidence if b in set(g["benchmark"])]
        gi = g.set_index("benchmark")
        n = len(bs)
        ev = "ikp" if "ikp" in bs else ("aa-only" if bs == ["aa-omniscience"] else
                                        ("multi" if n >= 2 else "other"))
        rows.append({
            "weights": w, "model": str(g["model"].iloc[0]),
            "developer": str(grp["developer"].iloc[0]) if "developer" in grp else "unknown",
            "family": str(grp["family"].iloc[0]) if "family" in grp else w,
            "release_date": dates.min() if len(dates) else pd.NaT,
            "true_b": float(grp["total_params_b"].iloc[0]),
            "scores": {b: float(gi.loc[b, "score"]) for b in bs},
            "thinking": {b: bool(gi.loc[b, "thinking"]) if "thinking" in gi else False for b in bs},
            "variants": {b: str(gi.loc[b, "model"]) for b in bs},
            "n_questions": {b: float(gi.loc[b, "n_questions"]) for b in bs
                            if "n_questions" in gi and pd.notna(gi.loc[b, "n_questions"])},
            "n_benchmarks": n, "has_ikp": "ikp" in bs, "evidence": ev,
        })
    return pd.DataFrame(rows)


def _folds(units: pd.DataFrame, split: str, time_cutoff: str | None) -> list[tuple[str, np.ndarray]]:
    """(fold name, held-out unit indices) pairs."""
    from sklearn.model_selection import LeaveOneGroupOut, LeaveOneOut

    idx = np.arange(len(units))
    if split in ("developer", "family"):
        groups = units[split].fillna("unknown").to_numpy()
        return [(str(groups[te][0]), te) for _, te in LeaveOneGroupOut().split(idx, groups=groups)]
    if split == "loo":
        return [(str(units["weights"].iloc[te[0]]), te) for _, te in LeaveOneOut().split(idx)]
    if split in ("extrapolation", "largest"):
        cut = units["true_b"].quantile(0.8)
        return [(f"size >= {cut:.4g}B", idx[units["true_b"].to_numpy() >= cut])]
    if split == "time":
        dates = pd.to_datetime(units["release_date"])
        cutoff = pd.Timestamp(time_cutoff) if time_cutoff else dates.quantile(0.75)
        return [(f"released >= {cutoff.date()}", idx[(dates >= cutoff).to_numpy()])]
    raise InputError(f"split must be one of {SPLITS}, not {split!r}")


def _train_data(data: pd.DataFrame, held_weights: set[str], split: str, cutoff: Any,
                size_cut: float | None) -> pd.DataFrame:
    w = data["weights"].where(data["weights"].notna(), data["model"]) if "weights" in data else data["model"]
    train = data[~w.isin(held_weights)]
    if split == "time":
        dates = pd.to_datetime(train["release_date"])
        train = train[dates < cutoff]
    if size_cut is not None:
        train = train[~(train["total_params_b"] >= size_cut)]
    return train


def _baseline(train: pd.DataFrame, unit: pd.Series, level: float, fits: dict) -> dict:
    """IKP / Artificial Analysis style: OLS of accuracy on log10 size, inverted, fixed factor."""
    for b in BASELINE_ORDER:
        if b not in unit["scores"]:
            continue
        if b not in fits:
            try:
                fits[b] = CurveFit(b, form="linear", variant_rule="think").fit(train)
                if fits[b].n_models_ < 8 or fits[b].params_["slope"] <= 0:
                    fits[b] = None
            except FitError:
                fits[b] = None
        f = fits[b]
        if f is None:
            continue
        a, s = f.params_["intercept"], f.params_["slope"]
        x = (unit["scores"][b] - a) / s
        half = float(stats.norm.ppf(0.5 + level / 2)) * f.scatter_ / s
        return {"base_benchmark": b, "base_x": x, "base_half": half}
    return {}


def _run(data: pd.DataFrame, units: pd.DataFrame, folds: list, split: str, cutoff: Any,
         size_cut: float | None, settings: dict, level: float, xg: np.ndarray,
         baseline: bool) -> pd.DataFrame:
    """One pass: a raw posterior (and baseline) per held-out unit."""
    rows = []
    for fold, te in folds:
        test = units.iloc[te]
        held = set(test["weights"])
        train = _train_data(data, held, split, cutoff, size_cut)
        try:
            cal = Calibration(**settings, recalibration=None).fit(train, checked=True)
        except FitError as err:
            for _, u in test.iterrows():
                rows.append({"weights": u["weights"], "fold": fold, "error": str(err)})
            continue
        base_fits: dict = {}
        for _, u in test.iterrows():
            rec: dict[str, Any] = {"weights": u["weights"], "fold": fold, "error": ""}
            sc = {b: s for b, s in u["scores"].items() if b in cal.fits_}
            if baseline:
                rec.update(_baseline(train, u, level, base_fits))
            if not sc:
                rec["error"] = "no usable benchmark in this fold"
                rows.append(rec)
                continue
            nq = {b: v for b, v in u.get("n_questions", {}).items() if b in sc}
            post = posterior(cal, sc, thinking=u["thinking"], n_questions=nq, xg=xg)
            rec.update({"post": post, "pit": post.pit(math.log10(u["true_b"])),
                        "group": recalibration_group(sc), "used": list(sc),
                        "cal_max_b": cal.x_range_b_[1]})
            rows.append(rec)
    return pd.DataFrame(rows)


def _finish(raw: pd.DataFrame, units: pd.DataFrame, level: float, levels_for: Any,
            point: str) -> pd.DataFrame:
    """Turn raw posteriors into intervals with the given recalibration levels."""
    out = []
    u_by = units.set_index("weights")
    for r in raw.to_dict(orient="records"):
        u = u_by.loc[r["weights"]]
        rec = {"weights": r["weights"], "model": u["model"], "developer": u["developer"],
               "family": u["family"], "fold": r["fold"], "true_b": u["true_b"],
               "release_date": u["release_date"], "n_benchmarks": u["n_benchmarks"],
               "has_ikp": bool(u["has_ikp"]), "evidence": u["evidence"],
               "error": r.get("error", "") or ""}
        post = r.get("post")
        if isinstance(post, Posterior):
            levels = levels_for(r)
            s = post.summary(levels, point)
            lo, hi = s["lo"], s["hi"]
            dep = any(not (lo <= xa <= hi) for xa in post.alt.values())
            # what widening to cover the other forms would have given (not the default)
            wlo = min([lo, *post.alt.values()])
            whi = max([hi, *post.alt.values()])
            t = math.log10(u["true_b"])
            rec.update({
                "params_b": 10 ** s["x"] if math.isfinite(s["x"]) else (math.inf if s["x"] > 0 else 0.0),
                "lower_b": 10 ** lo if math.isfinite(lo) else 0.0,
                "upper_b": 10 ** hi if math.isfinite(hi) else math.inf,
                "covered": bool(lo <= t <= hi), "log_err": s["x"] - t,
                "covered_if_widened": bool(wlo <= t <= whi),
                "width_if_widened_dex": whi - wlo,
                "fold_error": 10 ** abs(s["x"] - t) if math.isfinite(s["x"]) else math.inf,
                "width_dex": hi - lo, "open": bool(s["open_lower"] or s["open_upper"]),
                "pit": r["pit"], "group": r["group"], "benchmarks": " + ".join(r["used"]),
                "extrapolation_dex": max(0.0, s["x"] - math.log10(r["cal_max_b"])),
                "form_dependent": dep,
                **{f"{form}_params_b": 10 ** xa if math.isfinite(xa) else (math.inf if xa > 0 else 0.0)
                   for form, xa in post.alt.items()},
            })
        if isinstance(r.get("base_x"), float) and math.isfinite(r["base_x"]):
            x, h = r["base_x"], r["base_half"]
            t = math.log10(u["true_b"])
            rec.update({"base_benchmark": r["base_benchmark"], "base_params_b": 10 ** x,
                        "base_lower_b": 10 ** (x - h), "base_upper_b": 10 ** (x + h),
                        "base_covered": bool(x - h <= t <= x + h), "base_log_err": x - t})
        out.append(rec)
    return pd.DataFrame(out)


def validate(
    benchmarks: Sequence[str] | str | None = None,
    *,
    split: str = "developer",
    level: float = 0.9,
    data: pd.DataFrame | None = None,
    time_cutoff: str | None = None,
    max_benchmarks: int | None = None,
    recalibrate: str = "auto",
    point: str = "median",
    baseline: bool = True,
    **settings: Any,
) -> ValidationResult:
    """Cross-validate size estimates on open models of known size.

    Parameters
    ----------
    benchmarks : str or sequence of str, optional
        Evidence (default: the knowledge benchmarks).
    split : {"developer", "family", "loo", "time", "extrapolation", "disclosed"}
        How folds are formed (module docstring).
    level : float
        Interval level.
    data : pandas.DataFrame, optional
        Scores in the :func:`paramest.load_scores` format (default: shipped). Registered
        benchmarks' rows validate like shipped ones.
    time_cutoff : str, optional
        Date for ``split="time"`` (default: the 75th percentile of release dates).
    max_benchmarks : int, optional
        Use at most this many of each unit's benchmarks (the first in ``benchmarks``
        order); ``1`` gives the single-benchmark result.
    recalibrate : {"auto", "nested", "shipped", "none"}
        How held-out intervals are recalibrated (module docstring).
    point : {"median", "mode"}
        Point estimate.
    baseline : bool
        Also score the IKP-style OLS baseline on the same folds (``base_*`` columns).
    **settings
        :class:`paramest.Calibration` settings (``form``, ``likelihood``, ``mode_term``,
        ``variant_rule``, ...).

    Returns
    -------
    ValidationResult

    Raises
    ------
    InputError
        A bad ``level``, ``split``, ``recalibrate`` or setting, or invalid ``data``.
    UnknownBenchmarkError
        ``benchmarks`` names an unknown benchmark.
    FitError
        No held-out unit has a score on the chosen benchmarks.
    """
    level = check_level(level)
    if split not in SPLITS:
        raise InputError(f"split must be one of {SPLITS}, not {split!r}")
    if recalibrate not in RECALIBRATIONS:
        raise InputError(f"recalibrate must be one of {RECALIBRATIONS}, not {recalibrate!r}")
    bad = sorted(set(settings) - set(Calibration().get_params()) - {"benchmarks"})
    if bad or "recalibration" in settings:
        raise InputError(f"unknown validate() setting(s) {bad or ['recalibration']}; use "
                         "recalibrate= and Calibration settings")
    data = load_scores() if data is None else validate_scores(data)
    if benchmarks is None:
        evidence = default_evidence()
    else:
        evidence = [resolve_benchmark(b) for b in ([benchmarks] if isinstance(benchmarks, str) else benchmarks)]
    rule = settings.get("variant_rule", "think")
    settings = {**settings, "benchmarks": evidence}
    xg = np.linspace(math.log10(GRID_B[0]), math.log10(GRID_B[1]), 1601)

    if split == "disclosed":
        units = _disclosed_units(data, evidence, rule)
        folds = [("disclosed", np.arange(len(units)))]
    else:
        units = evaluation_units(data, evidence, rule)
        folds = _folds(units, split, time_cutoff)
    if units.empty:
        raise FitError("no held-out unit has a score on the chosen benchmarks")
    if max_benchmarks:
        units = units.copy()
        units["scores"] = [dict(list(s.items())[:max_benchmarks]) for s in units["scores"]]
        units["n_benchmarks"] = units["scores"].map(len)
    cutoff = None
    size_cut = None
    if split == "time":
        dates = pd.to_datetime(units["release_date"])
        cutoff = pd.Timestamp(time_cutoff) if time_cutoff else dates.quantile(0.75)
    if split in ("extrapolation", "largest"):
        size_cut = float(units["true_b"].quantile(0.8))

    raw = _run(data, units, folds, split, cutoff, size_cut, settings, level, xg, baseline)
    inner: dict[str, Recalibration | None] = {}

    def inner_recal(train: pd.DataFrame) -> Recalibration | None:
        iu = evaluation_units(train, evidence, rule)
        ir = _run(train, iu, _folds(iu, "developer", None), "developer", None, None, settings,
                  level, xg, False)
        ok = ir.dropna(subset=["pit"]) if "pit" in ir else ir.iloc[0:0]
        return Recalibration(ok["pit"], ok["group"]) if len(ok) >= 10 else None

    multi_fold = len(folds) > 1
    if recalibrate == "nested" or (recalibrate == "auto" and not multi_fold):
        for fold, te in folds:
            held = set(units.iloc[te]["weights"])
            inner[fold] = inner_recal(_train_data(data, held, split, cutoff, size_cut))
    shipped = Calibration().fit(data, checked=True).recalibration_ if recalibrate == "shipped" else None

    def levels_for(r: dict) -> tuple[float, float]:
        plain = ((1 - level) / 2, (1 + level) / 2)
        if recalibrate == "none":
            return plain
        if recalibrate == "shipped":
            return shipped.levels(level, r["group"]) if shipped is not None else plain
        if r["fold"] in inner:
            rc = inner[r["fold"]]
        else:  # cross-conformal: the other folds' PIT values
            other = raw[(raw["fold"] != r["fold"]) & raw["pit"].notna()] if "pit" in raw else raw.iloc[0:0]
            rc = Recalibration(other["pit"], other["group"]) if len(other) >= 10 else None
        return rc.levels(level, r["group"]) if rc is not None else plain

    per = _finish(raw, units, level, levels_for, point)
    summary = summarize(per, level)
    if baseline and "base_params_b" in per:
        bs = summarize(per.assign(base_params_b=per["base_params_b"]), level, prefix="base_")
        summary = pd.concat([summary, bs.rename(index=lambda i: f"baseline: {i}")])
    out_settings = {"split": split, "level": level, "benchmarks": evidence, "point": point,
                    "recalibrate": recalibrate, "max_benchmarks": max_benchmarks,
                    "time_cutoff": None if cutoff is None else str(pd.Timestamp(cutoff).date()),
                    "size_cut_b": size_cut, "n_folds": len(folds),
                    "calibration": {k: v for k, v in settings.items() if k != "benchmarks"},
                    "data_version": str(data_version()), "deterministic": True}
    return ValidationResult(per_model=per, summary=summary, settings=out_settings)


def _disclosed_units(data: pd.DataFrame, evidence: Sequence[str], rule: str) -> pd.DataFrame:
    """Closed models whose size was disclosed, scored like open units."""
    m = load_models()
    disc = m[(m["size_status"] == "disclosed") & m["total_params_b"].notna()]
    d = data[data["model"].isin(disc["model"])].copy()
    d["open_weights"] = True  # for evaluation_units only: these are the test units
    units = evaluation_units(d, evidence, rule)
    return units


# ----------------------------------------------------------------------------------------
# Comparing estimators, and the gate a new evidence channel must pass
# ----------------------------------------------------------------------------------------


def paired_bootstrap(a: pd.DataFrame, b: pd.DataFrame, *, n_boot: int = 2000, seed: int = 0,
                     level: float = 0.9) -> dict[str, float]:
    """Ratio of median fold errors of two estimators on the same units, with a bootstrap CI.

    Developers are resampled with replacement (units of one developer stay together), so
    the interval reflects how much the comparison depends on which developers happen to
    be in the data.

    Parameters
    ----------
    a, b : pandas.DataFrame
        ``per_model`` tables (``weights, developer, log_err``); compared on their common
        units.
    n_boot : int
        Bootstrap resamples.
    seed : int
        Seed of the resampling (recorded in the result).
    level : float
        Level of the interval.

    Returns
    -------
    dict
        ``n, n_developers, mfe_a, mfe_b, ratio`` (mfe_a / mfe_b; below 1: a is better),
        ``ratio_lower, ratio_upper, seed, n_boot``.

    Raises
    ------
    InputError
        The two tables share no unit with a finite error.
    """
    cols = ["weights", "developer", "log_err"]
    m = a[cols].dropna().merge(b[["weights", "log_err"]].dropna(), on="weights", suffixes=("_a", "_b"))
    m = m[np.isfinite(m["log_err_a"]) & np.isfinite(m["log_err_b"])]
    if m.empty:
        raise InputError("the two tables share no unit with an estimate")
    dev = m["developer"].to_numpy()
    devs = np.unique(dev)
    idx = {d: np.flatnonzero(dev == d) for d in devs}
    ea, eb = np.abs(m["log_err_a"].to_numpy()), np.abs(m["log_err_b"].to_numpy())
    rng = np.random.default_rng(seed)
    ratios = np.empty(n_boot)
    for i in range(n_boot):
        pick = np.concatenate([idx[d] for d in rng.choice(devs, len(devs), replace=True)])
        ratios[i] = 10 ** (np.median(ea[pick]) - np.median(eb[pick]))
    a_ = (1 - level) / 2
    return {"n": len(m), "n_developers": len(devs), "mfe_a": float(10 ** np.median(ea)),
            "mfe_b": float(10 ** np.median(eb)), "ratio": float(10 ** (np.median(ea) - np.median(eb))),
            "ratio_lower": float(np.quantile(ratios, a_)), "ratio_upper": float(np.quantile(ratios, 1 - a_)),
            "seed": seed, "n_boot": n_boot}


@dataclass(eq=False)
class GateResult:
    """Verdict of :func:`promotion_gate` on one candidate evidence channel.

    Attributes
    ----------
    signal : str
        Name of the candidate.
    table : pandas.DataFrame
        One row per split: units, median fold error and coverage with and without the
        channel, the paired-bootstrap ratio and its interval.
    promote : bool
        True only when the channel improved every split (ratio interval below 1) at equal or
        better coverage.
    reason : str
        Why, in words.
    settings : dict
        How the gate was run (splits, transform, level, bootstrap, benchmarks, data
        version).
    """

    signal: str
    table: pd.DataFrame
    promote: bool
    reason: str
    settings: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"GateResult({self.signal!r}: {'PROMOTE' if self.promote else 'reject'}; {self.reason})"

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe verdict and table.

        Returns
        -------
        dict
            ``signal, promote, reason``, ``table`` (a list of records, NaN as None) and
            ``settings``.
        """
        t = self.table.replace({np.nan: None})
        return {"signal": self.signal, "promote": bool(self.promote), "reason": self.reason,
                "table": t.to_dict(orient="records"), "settings": self.settings}


def promotion_gate(
    signal: pd.DataFrame,
    name: str,
    *,
    benchmarks: Sequence[str] | None = None,
    data: pd.DataFrame | None = None,
    splits: Sequence[str] = ("developer", "time"),
    transform: str = "log10",
    level: float = 0.9,
    n_boot: int = 2000,
    seed: int = 0,
    max_coverage_loss: float = 0.02,
) -> GateResult:
    """Decide whether a new evidence channel may join the default estimator.

    The channel is a number per model (API price, output speed, a reasoning benchmark...).
    In every fold, log10(size) of the calibration units is regressed on the (transformed)
    signal by OLS; a held-out unit's knowledge posterior is multiplied by the regression's
    predictive density (the channel's error is assumed independent of the knowledge
    scatter: the point of a new channel). The arm without the channel gets the
    calibration units' size distribution instead (the same regression without the signal),
    so only the signal's own information is credited. The two arms are scored on the same
    units, with
    intervals recalibrated the same way (cross-conformal over folds for leave-one-developer-
    out; raw posterior quantiles for a one-fold split, in both arms).

    Parameters
    ----------
    signal : pandas.DataFrame
        Columns ``model`` and ``value``; several settings of one set of weights are
        averaged (on the transformed scale).
    name : str
        Name of the candidate, for the report.
    benchmarks, data : optional
        Knowledge evidence and scores, as in :func:`validate`.
    splits : sequence of str
        Splits the channel must improve (``developer`` and ``time`` by default).
    transform : {"log10", "identity"}
        Scale of the signal in the regression (``"log10"``: values that are not positive
        are dropped).
    level : float
        Interval level.
    n_boot, seed : int
        Paired bootstrap over developers (:func:`paired_bootstrap`).
    max_coverage_loss : float
        Coverage the channel may lose and still count as "equal".

    Returns
    -------
    GateResult

    Raises
    ------
    InputError
        ``signal`` lacks its columns, a bad ``transform``, ``level`` or split, or invalid
        ``data``.
    UnknownBenchmarkError
        ``benchmarks`` names an unknown benchmark.
    FitError
        Fewer than 20 calibration units have both the signal and a knowledge score.
    """
    import statsmodels.api as sm

    level = check_level(level)
    if not {"model", "value"} <= set(signal.columns):
        raise InputError("signal needs columns 'model' and 'value'")
    if transform not in ("log10", "identity"):
        raise InputError(f"transform must be 'log10' or 'identity', not {transform!r}")
    data = load_scores() if data is None else validate_scores(data)
    evidence = default_evidence() if benchmarks is None else [resolve_benchmark(b) for b in benchmarks]
    m = load_models()[["model", "weights"]]
    sig = signal[["model", "value"]].merge(m, on="model", how="left")
    sig["weights"] = sig["weights"].fillna(sig["model"])
    v = pd.to_numeric(sig["value"], errors="coerce")
    if transform == "log10":
        v = np.log10(v.where(v > 0))
    sig = sig.assign(z=v).dropna(subset=["z"]).groupby("weights")["z"].mean()
    xg = np.linspace(math.log10(GRID_B[0]), math.log10(GRID_B[1]), 1601)
    settings = {"benchmarks": evidence}
    units = evaluation_units(data, evidence)
    units = units[units["weights"].isin(sig.index)].reset_index(drop=True)
    if len(units) < 20:
        raise FitError(f"{name}: only {len(units)} calibration units have both the signal and "
                       "a knowledge score; the gate needs at least 20")
    rows = []
    for split in splits:
        folds = _folds(units, split, None)
        cutoff = pd.to_datetime(units["release_date"]).quantile(0.75) if split == "time" else None
        size_cut = float(units["true_b"].quantile(0.8)) if split in ("extrapolation", "largest") else None
        recs = []
        for fold, te in folds:
            test = units.iloc[te]
            train = _train_data(data, set(test["weights"]), split, cutoff, size_cut)
            try:
                cal = Calibration(**settings, recalibration=None, alt_forms=()).fit(train, checked=True)
            except FitError:
                continue
            tu = evaluation_units(train, evidence)
            tu = tu[tu["weights"].isin(sig.index)]
            X = sm.add_constant(sig.loc[tu["weights"]].to_numpy(float))
            x_tr = np.log10(tu["true_b"].to_numpy(float))
            ols = sm.OLS(x_tr, X).fit()
            # both arms get the calibration units' size distribution as a prior, so that the
            # comparison credits only what the signal adds (a regression on noise is that
            # prior, and would otherwise look like information)
            prior = stats.norm.logpdf(xg, x_tr.mean(), x_tr.std(ddof=1))
            for _, u in test.iterrows():
                sc = {b: s for b, s in u["scores"].items() if b in cal.fits_}
                if not sc:
                    continue
                post = posterior(cal, sc, thinking=u["thinking"], xg=xg, forms=False)
                pr = ols.get_prediction(np.array([[1.0, sig[u["weights"]]]])).summary_frame()
                sd = math.sqrt(float(pr["mean_se"].iloc[0]) ** 2 + ols.scale)
                post_k = Posterior.from_loglik(xg, post.logpost + prior)
                ll = post.logpost + stats.norm.logpdf(xg, float(pr["mean"].iloc[0]), sd)
                post_c = Posterior.from_loglik(xg, ll)
                t = math.log10(u["true_b"])
                recs.append({"weights": u["weights"], "developer": u["developer"], "fold": fold,
                             "true_b": u["true_b"], "k": post_k, "c": post_c,
                             "pit_k": post_k.pit(t), "pit_c": post_c.pit(t)})
        r = pd.DataFrame(recs)
        arms = {}
        for arm in ("k", "c"):
            out = []
            for rec in r.to_dict(orient="records"):
                if len(folds) > 1:
                    other = r.loc[r["fold"] != rec["fold"], f"pit_{arm}"]
                    lv = Recalibration(other).levels(level) if len(other) >= 10 else ((1 - level) / 2, (1 + level) / 2)
                else:
                    lv = ((1 - level) / 2, (1 + level) / 2)
                s = rec[arm].summary(lv)
                t = math.log10(rec["true_b"])
                out.append({"weights": rec["weights"], "developer": rec["developer"],
                            "log_err": s["x"] - t, "covered": bool(s["lo"] <= t <= s["hi"])})
            arms[arm] = pd.DataFrame(out)
        bt = paired_bootstrap(arms["c"], arms["k"], n_boot=n_boot, seed=seed, level=level)
        rows.append({"split": split, "n": bt["n"], "n_developers": bt["n_developers"],
                     "mfe_knowledge": bt["mfe_b"], "mfe_with_signal": bt["mfe_a"],
                     "ratio": bt["ratio"], "ratio_lower": bt["ratio_lower"],
                     "ratio_upper": bt["ratio_upper"],
                     "coverage_knowledge": float(arms["k"]["covered"].mean()),
                     "coverage_with_signal": float(arms["c"]["covered"].mean())})
    table = pd.DataFrame(rows)
    better = (table["ratio_upper"] < 1).all()
    cov_ok = (table["coverage_with_signal"] >= table["coverage_knowledge"] - max_coverage_loss).all()
    if better and cov_ok:
        reason = "improved every split (bootstrap ratio interval below 1) at equal or better coverage"
    elif not better:
        worst = table.loc[table["ratio_upper"].idxmax()]
        reason = (f"no clear improvement in the {worst['split']} split (ratio {worst['ratio']:.2f}, "
                  f"{level:.0%} interval {worst['ratio_lower']:.2f}-{worst['ratio_upper']:.2f})")
    else:
        reason = "improved accuracy but lost coverage"
    return GateResult(signal=name, table=table, promote=bool(better and cov_ok), reason=reason,
                      settings={"splits": list(splits), "transform": transform, "level": level,
                                "n_boot": n_boot, "seed": seed, "benchmarks": evidence,
                                "max_coverage_loss": max_coverage_loss,
                                "data_version": str(data_version())})
