"""The gate a new evidence channel must pass before it joins the default estimator."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from ..checks import check_level
from ..errors import FitError, InputError
from ..ingest import Evidence, as_evidence, default_evidence, resolve_benchmark
from ..inversion import GRID_B, Posterior, folds, make_grid, posterior, training_evidence
from ..regression import Calibration, Recalibration
from .metrics import paired_bootstrap
from .result import GateResult

__all__ = ["promotion_gate"]


def _signal_by_weights(signal: pd.DataFrame, ev: Evidence, transform: str) -> pd.Series:
    """The (transformed) signal per set of weights; several settings are averaged."""
    m = ev.models[["model", "weights"]]
    sig = signal[["model", "value"]].merge(m, on="model", how="left")
    sig["weights"] = sig["weights"].fillna(sig["model"])
    v = pd.to_numeric(sig["value"], errors="coerce")
    if transform == "log10":
        v = np.log10(v.where(v > 0))
    return sig.assign(z=v).dropna(subset=["z"]).groupby("weights")["z"].mean()


def _fold_records(ev: Evidence, units: pd.DataFrame, sig: pd.Series, split: str,
                  evidence: list[str], xg: np.ndarray) -> list[dict]:
    """Per held-out unit: the knowledge-only and the with-signal posteriors, and their PITs."""
    import statsmodels.api as sm

    cutoff = pd.to_datetime(units["release_date"]).quantile(0.75) if split == "time" else None
    size_cut = float(units["true_b"].quantile(0.8)) if split in ("extrapolation", "largest") else None
    recs = []
    for fold, te in folds(units, split):
        test = units.iloc[te]
        train = training_evidence(ev, set(test["weights"]), split, cutoff, size_cut)
        try:
            cal = Calibration(evidence, recalibration=None, alt_forms=()).fit(train)
        except FitError:
            continue
        tu = train.units(evidence)
        tu = tu[tu["weights"].isin(sig.index)]
        x_tr = np.log10(tu["true_b"].to_numpy(float))
        ols = sm.OLS(x_tr, sm.add_constant(sig.loc[tu["weights"]].to_numpy(float))).fit()
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
            post_c = Posterior.from_loglik(xg, post.logpost + stats.norm.logpdf(xg, float(pr["mean"].iloc[0]), sd))
            t = math.log10(u["true_b"])
            recs.append({"weights": u["weights"], "developer": u["developer"], "fold": fold,
                         "true_b": u["true_b"], "k": post_k, "c": post_c,
                         "pit_k": post_k.pit(t), "pit_c": post_c.pit(t)})
    return recs


def _arm(r: pd.DataFrame, arm: str, level: float, many_folds: bool) -> pd.DataFrame:
    """Point and coverage of one arm, recalibrated the same way in both arms."""
    plain = ((1 - level) / 2, (1 + level) / 2)
    out = []
    for rec in r.to_dict(orient="records"):
        lv = plain
        if many_folds:
            other = r.loc[r["fold"] != rec["fold"], f"pit_{arm}"]
            lv = Recalibration(other).levels(level) if len(other) >= 10 else plain
        s = rec[arm].summary(lv)
        t = math.log10(rec["true_b"])
        out.append({"weights": rec["weights"], "developer": rec["developer"],
                    "log_err": s["x"] - t, "covered": bool(s["lo"] <= t <= s["hi"])})
    return pd.DataFrame(out)


def _verdict(table: pd.DataFrame, level: float, max_coverage_loss: float) -> tuple[bool, str]:
    better = bool((table["ratio_upper"] < 1).all())
    cov_ok = bool((table["coverage_with_signal"] >= table["coverage_knowledge"] - max_coverage_loss).all())
    if better and cov_ok:
        return True, "improved every split (bootstrap ratio interval below 1) at equal or better coverage"
    if not better:
        worst = table.loc[table["ratio_upper"].idxmax()]
        return False, (f"no clear improvement in the {worst['split']} split (ratio {worst['ratio']:.2f}, "
                       f"{level:.0%} interval {worst['ratio_lower']:.2f}-{worst['ratio_upper']:.2f})")
    return False, "improved accuracy but lost coverage"


def promotion_gate(
    signal: pd.DataFrame,
    name: str,
    *,
    benchmarks: Sequence[str] | None = None,
    data: pd.DataFrame | Evidence | None = None,
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
    units, with intervals recalibrated the same way (cross-conformal over folds for
    leave-one-developer-out; raw posterior quantiles for a one-fold split, in both arms).

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
        Paired bootstrap over developers (:func:`paired_bootstrap`); the seed is recorded.
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

    Examples
    --------
    >>> import pandas as pd, paramest as pe
    >>> sig = pe.load_signals().rename(columns={"gpqa": "value"})[["model", "value"]]  # doctest: +SKIP
    >>> pe.promotion_gate(sig, "gpqa", n_boot=200).promote                              # doctest: +SKIP
    False
    """
    level = check_level(level)
    if not isinstance(signal, pd.DataFrame) or not {"model", "value"} <= set(signal.columns):
        raise InputError("signal must be a DataFrame with columns 'model' and 'value'")
    if transform not in ("log10", "identity"):
        raise InputError(f"transform must be 'log10' or 'identity', not {transform!r}")
    ev = as_evidence(data)
    evidence = default_evidence() if benchmarks is None else [resolve_benchmark(b) for b in benchmarks]
    sig = _signal_by_weights(signal, ev, transform)
    xg = make_grid(GRID_B)
    units = ev.units(evidence)
    units = units[units["weights"].isin(sig.index)].reset_index(drop=True)
    if len(units) < 20:
        raise FitError(f"{name}: only {len(units)} calibration units have both the signal and "
                       "a knowledge score; the gate needs at least 20")
    rows = []
    for split in splits:
        r = pd.DataFrame(_fold_records(ev, units, sig, split, evidence, xg))
        many = len(folds(units, split)) > 1
        arms = {arm: _arm(r, arm, level, many) for arm in ("k", "c")}
        bt = paired_bootstrap(arms["c"], arms["k"], n_boot=n_boot, seed=seed, level=level)
        rows.append({"split": split, "n": bt["n"], "n_developers": bt["n_developers"],
                     "mfe_knowledge": bt["mfe_b"], "mfe_with_signal": bt["mfe_a"],
                     "ratio": bt["ratio"], "ratio_lower": bt["ratio_lower"],
                     "ratio_upper": bt["ratio_upper"],
                     "coverage_knowledge": float(arms["k"]["covered"].mean()),
                     "coverage_with_signal": float(arms["c"]["covered"].mean())})
    table = pd.DataFrame(rows)
    promote, reason = _verdict(table, level, max_coverage_loss)
    return GateResult(signal=name, table=table, promote=promote, reason=reason,
                      settings={"splits": list(splits), "transform": transform, "level": level,
                                "n_boot": n_boot, "seed": seed, "benchmarks": evidence,
                                "max_coverage_loss": max_coverage_loss,
                                "data_version": ev.data_version})
