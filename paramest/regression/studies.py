"""Studies of the curve: every benchmark at once, total vs active parameters, release-date drift.

These answer questions about the data ("does knowledge track total or active
parameters?"); they do not change how sizes are estimated.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, stats

from ..errors import FitError
from ..ingest import Evidence, as_evidence, load_benchmarks, resolve_benchmark
from .curve import CurveFit
from .frame import calibration_frame

__all__ = ["compare_predictors", "fit_all", "release_date_effect"]


def _data(data: pd.DataFrame | Evidence | None) -> Evidence:
    return as_evidence(data)


def fit_all(data: pd.DataFrame | None = None, *, min_models: int = 8,
            kinds: Sequence[str] = ("knowledge", "reasoning"), **settings: Any) -> pd.DataFrame:
    """One row per benchmark with at least ``min_models`` sets of open weights of known size.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        Scores (default: shipped).
    min_models : int
        Fewest calibration units to report a benchmark.
    kinds : sequence of str
        Benchmark kinds to fit.
    **settings
        :class:`paramest.CurveFit` settings (``form``, ``likelihood``, ...).

    Returns
    -------
    pandas.DataFrame
        ``benchmark, kind, n, slope, slope_se, slope_z, r2, scatter, scatter_dex,
        x_min_b, x_max_b``. ``scatter_dex`` is the residual scatter in dex of parameters.
        A benchmark whose curve cannot be fitted is left out.

    Raises
    ------
    InputError
        Invalid ``data``, or an invalid setting.
    """
    d = _data(data)
    b = load_benchmarks()
    rows = []
    for bench, kind in zip(b["benchmark"], b["kind"]):
        if kind not in kinds:
            continue
        try:
            f = CurveFit(bench, **settings)
            frame, dropped = calibration_frame(d, bench, covariates=f.covariates,
                                               variant_rule=f.variant_rule)
            if len(frame) < min_models:
                continue
            f.fit_frame(frame, dropped)
        except FitError:
            continue
        rows.append({"benchmark": bench, "kind": kind, "n": f.n_models_,
                     "slope": f.params_["slope"], "slope_se": math.sqrt(f.cov_.loc["slope", "slope"]),
                     "slope_z": f.slope_z_, "r2": f.r2_, "scatter": f.scatter_,
                     "scatter_dex": f.scatter_dex_, "x_min_b": f.x_range_b_[0],
                     "x_max_b": f.x_range_b_[1]})
    return pd.DataFrame(rows)


def _cv_rmse(f: CurveFit, frame: pd.DataFrame) -> float:
    """Leave-one-developer-out RMSE of predicted accuracy."""
    from sklearn.model_selection import LeaveOneGroupOut

    groups = frame["developer"].fillna("unknown").to_numpy()
    errs: list[float] = []
    for tr, te in LeaveOneGroupOut().split(frame, groups=groups):
        train = frame.iloc[tr]
        if len(train) < 4 or train["x"].nunique() < 2:
            continue
        try:
            ff = f.clone().fit_frame(train.reset_index(drop=True))
        except FitError:
            continue
        test = frame.iloc[te]
        cov = {c: test[c].to_numpy(float) for c in ff.covariates}
        errs.extend(test["score"].to_numpy(float) - ff.moments(test["x"].to_numpy(float), cov).mean)
    return float(np.sqrt(np.mean(np.square(errs)))) if errs else float("nan")


def compare_predictors(
    benchmark: str,
    data: pd.DataFrame | None = None,
    *,
    level: float = 0.9,
    **settings: Any,
) -> pd.DataFrame:
    """Total vs active parameters, and a blend ``N_total^g * N_active^(1-g)``.

    Fits the same curve with x = log10(total), log10(active) and
    g*log10(total) + (1-g)*log10(active), on the same models (those with both counts).
    g is estimated by profile likelihood, with a likelihood-ratio confidence interval.

    Parameters
    ----------
    benchmark : str
        Benchmark id.
    data : pandas.DataFrame, optional
        Scores (default: shipped).
    level : float
        Level of the interval on g.
    **settings
        :class:`paramest.CurveFit` settings.

    Returns
    -------
    pandas.DataFrame
        One row per predictor: ``predictor, n, n_moe, loglik, aic, r2, cv_rmse`` (leave-
        one-developer-out RMSE of predicted accuracy), ``slope``, ``g, g_ci_lower,
        g_ci_upper``. g = 1 means knowledge tracks total parameters; g = 0, active.

    Raises
    ------
    InputError
        Invalid ``data``, or an invalid setting.
    UnknownBenchmarkError
        The benchmark is not known.
    FitError
        No predictor could be fitted.
    """
    bench = resolve_benchmark(benchmark)
    base = CurveFit(bench, level=level, **settings)
    d, _ = calibration_frame(_data(data), bench, covariates=base.covariates,
                             variant_rule=base.variant_rule)
    d = d.copy()
    d["active_params_b"] = d["active_params_b"].fillna(d["total_params_b"])
    d = d[d["active_params_b"].notna()].reset_index(drop=True)
    lt = np.log10(d["total_params_b"].to_numpy(float))
    la = np.log10(d["active_params_b"].to_numpy(float))
    n_moe = int(np.sum(np.abs(lt - la) > 1e-6))

    def fit_g(g: float) -> CurveFit:
        return base.clone().fit_frame(d.assign(x=g * lt + (1 - g) * la))

    grid = np.linspace(0, 1, 21)
    fits = {}
    for g in grid:
        try:
            fits[float(g)] = fit_g(g)
        except FitError:
            continue
    if not fits:
        raise FitError(f"{bench}: no predictor could be fitted")
    gs = np.array(list(fits))
    ll = np.array([fits[g].loglik_ for g in gs])
    res = optimize.minimize_scalar(lambda g: -fit_g(g).loglik_, bounds=(0, 1), method="bounded",
                                   options={"xatol": 1e-3})
    g_hat = float(res.x)
    f_hat = fit_g(g_hat)
    inside = gs[ll >= f_hat.loglik_ - stats.chi2.ppf(level, 1) / 2]
    g_lo = float(inside.min()) if len(inside) else g_hat
    g_hi = float(inside.max()) if len(inside) else g_hat
    rows = []
    for name, f, g in (("total", fits.get(1.0) or fit_g(1.0), 1.0),
                       ("active", fits.get(0.0) or fit_g(0.0), 0.0),
                       ("blend", f_hat, g_hat)):
        rows.append({"predictor": name, "n": f.n_models_, "n_moe": n_moe, "loglik": f.loglik_,
                     "aic": f.aic_ + (2 if name == "blend" else 0), "r2": f.r2_,
                     "cv_rmse": _cv_rmse(f, d.assign(x=g * lt + (1 - g) * la)),
                     "slope": f.params_["slope"], "g": g,
                     "g_ci_lower": g_lo if name == "blend" else np.nan,
                     "g_ci_upper": g_hi if name == "blend" else np.nan})
    out = pd.DataFrame(rows)
    out.attrs["note"] = ("g interval: profile-likelihood ratio on a 0.05 grid, "
                         f"level {level:g}; interval ends at 0 or 1 are bounded by the grid")
    return out


def release_date_effect(benchmark: str, data: pd.DataFrame | None = None, *,
                        level: float = 0.9, **settings: Any) -> pd.DataFrame:
    """Per-year drift of knowledge at fixed size, with a confidence interval.

    Fits the curve with a ``release_year`` covariate; the coefficient is the change per
    year of the linear predictor (logit scale for the logistic form). Models without a
    release date are left out.

    Parameters
    ----------
    benchmark : str
        Benchmark id.
    data : pandas.DataFrame, optional
        Scores (default: shipped).
    level : float
        Level of the confidence interval.
    **settings
        :class:`paramest.CurveFit` settings; ``covariates`` given here are kept, with
        ``release_year`` added.

    Returns
    -------
    pandas.DataFrame
        One row: ``benchmark, n, per_year, se, ci_lower, ci_upper, per_year_dex`` (the
        same effect in dex of parameters per year: how many dex of size one year of
        progress is worth).

    Raises
    ------
    InputError
        Invalid ``data``, or an invalid setting.
    UnknownBenchmarkError
        The benchmark is not known.
    FitError
        The curve cannot be fitted (:meth:`paramest.CurveFit.fit`), e.g. too few
        calibration models with a release date.
    """
    cov = tuple(settings.pop("covariates", ())) + ("release_year",)
    f = CurveFit(benchmark, covariates=cov, level=level, **settings).fit(data)
    s = f.summary().loc["release_year"]
    return pd.DataFrame([{"benchmark": f.benchmark_, "n": f.n_models_, "per_year": s["coef"],
                          "se": s["std_err"], "ci_lower": s["ci_lower"], "ci_upper": s["ci_upper"],
                          "per_year_dex": s["coef"] / f.params_["slope"]}])
