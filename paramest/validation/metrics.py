"""Validation metrics: per subset, and the paired developer bootstrap that compares estimators."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..errors import InputError

__all__ = ["metrics", "paired_bootstrap", "summarize"]


def metrics(df: pd.DataFrame, level: float, prefix: str = "") -> dict:
    """Metrics of one subset of a per-model table (see :func:`summarize` for their meaning).

    Parameters
    ----------
    df : pandas.DataFrame
    level : float
    prefix : str

    Returns
    -------
    dict
    """
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
    rows = {"all": metrics(per_model, level, prefix)}
    if len(per_model):
        cut = per_model["true_b"].quantile(0.8)
        rows["largest_20pct"] = metrics(per_model[per_model["true_b"] >= cut], level, prefix)
        if "has_ikp" in per_model:
            rows["with_ikp"] = metrics(per_model[per_model["has_ikp"].astype(bool)], level, prefix)
        if "n_benchmarks" in per_model:
            rows["multi_benchmark"] = metrics(per_model[per_model["n_benchmarks"] >= 2], level, prefix)
        if "evidence" in per_model:
            rows["aa_only"] = metrics(per_model[per_model["evidence"] == "aa-only"], level, prefix)
    return pd.DataFrame(rows).T



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


