"""Tests of paramest.regression.curve (and paramest.regression.studies) on synthetic data with a known truth.

Expected values come from the simulation truth (tests/simulate.py), from statsmodels OLS
computed independently here, or from scipy quantiles; none is copied from the code's output.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats
from simulate import TAU, A, B, frame, observe, simulate, true_mean

import paramest as p
from paramest.errors import ConvergenceError, FitError

# --------------------------------------------------------------------------------------
# parameter recovery: Gaussian and heavy-tailed scatter
# --------------------------------------------------------------------------------------


def _recovery(tau: float, *, likelihood: str, df_scatter: float | None = None, reps: int = 16,
              n: int = 80, seed0: int = 100) -> tuple[np.ndarray, np.ndarray]:
    est, se = [], []
    for r in range(reps):
        d, _ = simulate(n, seed0 + r, tau=tau, scatter_df=df_scatter)
        f = p.fit("ikp", d, likelihood=likelihood)
        est.append(f.params_[["intercept", "slope"]].to_numpy())
        se.append(np.sqrt(np.diag(f.cov_.to_numpy()))[:2])
    return np.array(est), np.array(se)


def test_normal_likelihood_recovers_truth_within_single_fit_se():
    est, se = _recovery(TAU, likelihood="normal")
    err = est.mean(0) - np.array([A, B])
    assert np.all(np.abs(err) < se.mean(0)), (err, se.mean(0))
    assert np.all(np.abs(est - np.array([A, B])) < 4 * se)
    ratio = est.std(0, ddof=1) / se.mean(0)
    assert np.all((ratio > 0.6) & (ratio < 1.6)), ratio


def test_t_likelihood_recovers_truth_under_heavy_tailed_scatter():
    # scatter from a Student t with 3 degrees of freedom: a few models far off the curve
    est_t, se_t = _recovery(0.25, likelihood="t", df_scatter=3.0, seed0=300)
    est_n, _ = _recovery(0.25, likelihood="normal", df_scatter=3.0, seed0=300)
    truth = np.array([A, B])
    assert np.all(np.abs(est_t.mean(0) - truth) < 1.5 * se_t.mean(0)), (est_t.mean(0), se_t.mean(0))
    # the robust fit is at least as precise as the Gaussian one on heavy-tailed data
    rmse_t = np.sqrt(((est_t - truth) ** 2).mean(0))
    rmse_n = np.sqrt(((est_n - truth) ** 2).mean(0))
    assert rmse_t[1] <= rmse_n[1] * 1.05, (rmse_t, rmse_n)


@pytest.mark.xfail(strict=True, reason=(
    "KNOWN LIMITATION (documented in paramest.regression.curve): the logistic ML fit's mean is "
    "c+(1-c)*sigmoid(a+bx) with delta-method variance tau^2 f'^2, which estimates the "
    "population-averaged curve, not the conditional logit-normal model. intercept/slope are "
    "attenuated by about 1/sqrt(1+pi*tau^2/8) and the bias does not shrink with n."))
def test_logistic_slope_consistent_with_large_scatter():
    est, _ = _recovery(0.8, likelihood="normal", reps=16, n=150)
    pooled_se = est[:, 1].std(ddof=1) / math.sqrt(len(est))
    assert abs(est[:, 1].mean() - B) < 3 * pooled_se + 0.02


# --------------------------------------------------------------------------------------
# linear form == statsmodels OLS
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("level", [0.9, 0.8])
def test_linear_matches_statsmodels_ols(level):
    d, x = simulate(40, 7)
    f = p.fit("ikp", d, form="linear", level=level)
    ols = sm.OLS(d["score"].to_numpy(), sm.add_constant(x)).fit()
    np.testing.assert_allclose(f.params_[["intercept", "slope"]].to_numpy(), ols.params, rtol=1e-10)
    np.testing.assert_allclose(f.summary()["std_err"].to_numpy()[:2], ols.bse, rtol=1e-10)
    assert f.scatter_ == pytest.approx(math.sqrt(ols.scale))
    assert f.loglik_ == pytest.approx(ols.llf)
    assert f.r2_ == pytest.approx(ols.rsquared)
    sizes = np.array([3.0, 30.0, 300.0])
    pr = f.predict(sizes, level=level)
    sf = ols.get_prediction(sm.add_constant(np.log10(sizes), has_constant="add")).summary_frame(
        alpha=1 - level)
    for col in ("mean", "mean_se"):
        np.testing.assert_allclose(pr[col].to_numpy(), sf[col].to_numpy(), rtol=1e-9)
    for col in ("mean_ci_lower", "mean_ci_upper", "obs_ci_lower", "obs_ci_upper"):
        np.testing.assert_allclose(pr[col].to_numpy(), np.clip(sf[col].to_numpy(), 0, 1), rtol=1e-9)
    hw = f.eval_uncertainty(sizes, level=level)
    np.testing.assert_allclose(hw, (sf["obs_ci_upper"] - sf["obs_ci_lower"]).to_numpy() / 2, rtol=1e-9)


# --------------------------------------------------------------------------------------
# observation band coverage
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("likelihood,scatter_df", [("normal", None), ("t", 4.0)])
def test_observation_band_covers_new_models(likelihood, scatter_df):
    reps, m, n = 120, 20, 40
    hits = total = 0
    for r in range(reps):
        d, _ = simulate(n, 1000 + r, scatter_df=scatter_df)
        f = p.fit("ikp", d, likelihood=likelihood)
        rng = np.random.default_rng(50_000 + r)
        x0 = rng.uniform(0, 3.3, m)
        u = rng.normal(0, TAU, m) if scatter_df is None else TAU * rng.standard_t(scatter_df, m)
        y0 = observe(rng, true_mean(x0, shift=u), "ikp")
        band = f.predict(10 ** x0, level=0.9)
        hits += int(np.sum((band["obs_ci_lower"] <= y0) & (y0 <= band["obs_ci_upper"])))
        total += m
    cov = hits / total
    print(f"{likelihood}: observation band coverage at 90%: {cov:.3f} ({total} new models)")
    assert 0.86 <= cov <= 0.95


def test_mean_band_is_inside_observation_band():
    d, _ = simulate(40, 3)
    pr = p.fit("ikp", d).predict([1, 10, 100, 1000])
    assert (pr["obs_ci_lower"] <= pr["mean_ci_lower"]).all()
    assert (pr["mean_ci_upper"] <= pr["obs_ci_upper"]).all()
    assert (pr["mean_ci_lower"] <= pr["mean"]).all() and (pr["mean"] <= pr["mean_ci_upper"]).all()


# --------------------------------------------------------------------------------------
# errors: never a silent bad fit
# --------------------------------------------------------------------------------------


def test_fit_error_too_few_models():
    d, _ = simulate(3, 1)
    with pytest.raises(FitError, match="at least 4"):
        p.fit("ikp", d)


def test_fit_error_one_distinct_size_or_score():
    d, _ = simulate(10, 1)
    d["total_params_b"] = 70.0
    with pytest.raises(FitError, match="same size"):
        p.fit("ikp", d)
    d, _ = simulate(10, 1)
    d["score"] = 0.5
    with pytest.raises(FitError, match="same score"):
        p.fit("ikp", d)


def test_perfect_separation_raises_convergence_error():
    # small models all score 0, large ones all 1: no finite slope exists
    d, _ = simulate(12, 1)
    d["score"] = np.where(d["total_params_b"] > 100, 1.0, 0.0)
    with pytest.raises(ConvergenceError, match="did not converge"):
        p.fit("ikp", d)
    assert issubclass(ConvergenceError, FitError)


# --------------------------------------------------------------------------------------
# settings, predictor, covariates, variant rule
# --------------------------------------------------------------------------------------


def test_settings_are_stored_and_fit_leaves_them_alone():
    d, _ = simulate(30, 4)
    f = p.CurveFit("IKP", likelihood="normal", level=0.8)
    before = f.get_params()
    f.fit(d)
    assert f.get_params() == before  # 'IKP' stays as given; the canonical id is benchmark_
    assert f.benchmark_ == "ikp"
    g = f.clone(likelihood="t")
    assert not hasattr(g, "params_") and g.get_params()["likelihood"] == "t"
    assert g.get_params()["level"] == 0.8
    with pytest.raises(p.InputError, match="unknown CurveFit setting"):
        f.set_params(nope=1)


def _moe(n: int, seed: int, truth: str, n_dev: int = 8) -> pd.DataFrame:
    """Half dense, half MoE (active 5-30x smaller than total); accuracy tracks `truth`."""
    rng = np.random.default_rng(seed)
    xt = rng.uniform(0.5, 3.3, n)
    moe = np.arange(n) % 2 == 1
    xa = np.where(moe, xt - rng.uniform(0.7, 1.5, n), xt)
    xs = xt if truth == "total" else xa
    acc = true_mean(xs, shift=rng.normal(0, TAU, n))
    names = [f"m{i:03d}" for i in range(n)]
    return frame({"model": names, "x": xt, "active_params_b": np.where(moe, 10 ** xa, np.nan),
                  "arch": np.where(moe, "moe", "dense"),
                  "developer": [f"dev{i % n_dev}" for i in range(n)]},
                 "ikp", observe(rng, acc, "ikp"))


def test_predictor_active_uses_active_counts():
    d = _moe(80, 11, truth="active")
    fa = p.fit("ikp", d, predictor="active", likelihood="normal")
    ft = p.fit("ikp", d, predictor="total", likelihood="normal")
    assert fa.n_models_ == ft.n_models_ == 80
    act = d["active_params_b"].fillna(d["total_params_b"])
    assert fa.x_range_b_ == pytest.approx((act.min(), act.max()))
    se = math.sqrt(fa.cov_.loc["slope", "slope"])
    assert abs(fa.params_["slope"] - B) < 4 * se + 0.05
    assert fa.loglik_ > ft.loglik_ + 10


def test_release_year_covariate_recovers_drift():
    drift = 0.5  # logits per year at fixed size
    d, _ = simulate(150, 21, drift=drift)
    f = p.fit("ikp", d, covariates=("release_year",), likelihood="normal")
    s = f.summary().loc["release_year"]
    assert abs(s["coef"] - drift) < 3 * s["std_err"] + 0.03
    assert s["ci_lower"] > 0
    r = p.release_date_effect("ikp", d, likelihood="normal").iloc[0]
    assert r["per_year"] == pytest.approx(s["coef"])
    assert r["per_year_dex"] == pytest.approx(s["coef"] / f.params_["slope"])
    lo = f.predict(30, covariates={"release_year": 2023.5})["mean"].iloc[0]
    hi = f.predict(30, covariates={"release_year": 2025.5})["mean"].iloc[0]
    assert hi > lo
    with pytest.raises(p.InputError, match="release_year"):
        f.predict(30)


def test_thinking_covariate_recovers_setting_shift_within_weights():
    # every set of weights is scored in both settings; thinking adds 0.4 logits
    d, x = simulate(60, 41)
    think = d.copy()
    rng = np.random.default_rng(7)
    think["score"] = observe(rng, true_mean(x, shift=0.4), "ikp")
    think["model"] = think["model"] + "-think"
    d["thinking"], think["thinking"] = False, True
    both = pd.concat([d, think], ignore_index=True)
    f = p.fit("ikp", both, covariates=("thinking",), variant_rule="all", likelihood="normal")
    assert f.n_models_ == 60  # sets of weights, each counted once
    s = f.summary().loc["thinking"]
    assert s["ci_lower"] < 0.4 < s["ci_upper"] or abs(s["coef"] - 0.4) < 0.1
    assert s["coef"] > 0.2


def test_variant_rule_think_first_and_nothink():
    d, _ = simulate(20, 5)
    think = d.iloc[[0]].copy()
    think["model"] = d["model"].iloc[0] + "-think"
    think["thinking"] = True
    think["score"] = min(1.0, d["score"].iloc[0] + 0.2)
    d["thinking"] = False
    both = pd.concat([think, d], ignore_index=True)
    f = p.fit("ikp", both)
    assert f.n_models_ == 20
    kept = f.data_.set_index("weights").loc[d["weights"].iloc[0], "score"]
    assert kept == think["score"].iloc[0]  # the thinking setting calibrates by default
    assert list(f.dropped_["model"]) == [d["model"].iloc[0]]
    g = p.fit("ikp", both, variant_rule="nothink")
    assert g.data_.set_index("weights").loc[d["weights"].iloc[0], "score"] == d["score"].iloc[0]
    assert "1 other settings set aside" in f.report()


def test_summary_columns_do_not_depend_on_level():
    d, _ = simulate(40, 8)
    f9 = p.fit("ikp", d, level=0.9)
    f8 = p.fit("ikp", d, level=0.8)
    cols = ["coef", "std_err", "z", "p_value", "ci_lower", "ci_upper"]
    assert list(f9.summary().columns) == list(f8.summary().columns) == cols
    assert list(f9.summary().index) == ["intercept", "slope", "log_tau"]
    z = stats.norm.ppf(0.95)
    s = f9.summary()
    # statsmodels' habits: summary() is a method, conf_int() exists and agrees with it
    ci = f9.conf_int()
    np.testing.assert_allclose(ci["lower"], s["ci_lower"])
    np.testing.assert_allclose(f9.conf_int(0.8)["upper"], f8.summary()["ci_upper"])
    np.testing.assert_allclose(s["ci_lower"], s["coef"] - z * s["std_err"])
    np.testing.assert_allclose(s["std_err"] ** 2, np.diag(f9.cov_.to_numpy()))
    assert (f8.summary()["ci_upper"] - f8.summary()["ci_lower"] < s["ci_upper"] - s["ci_lower"]).all()
    rep = f9.report()
    assert "ikp" in rep and "40 sets of open weights" in rep and str(f9) == rep
    assert f9.scatter_dex_ == pytest.approx(f9.scatter_ / f9.params_["slope"])
    d2 = f9.to_dict()
    assert d2["n_models"] == 40 and set(d2["coefficients"]) == {"intercept", "slope", "log_tau"}


def test_compare_predictors_prefers_total_when_truth_is_total():
    d = _moe(60, 31, truth="total")
    cp = p.compare_predictors("ikp", d, likelihood="normal").set_index("predictor")
    assert cp.loc["total", "loglik"] > cp.loc["active", "loglik"]
    assert cp.loc["total", "n_moe"] == 30
    blend = cp.loc["blend"]
    assert blend["g_ci_lower"] <= 1.0 <= blend["g_ci_upper"]
    assert blend["g_ci_lower"] > 0.0 and blend["g"] > 0.5
    assert cp.loc["total", "cv_rmse"] < cp.loc["active", "cv_rmse"]


def test_fit_all_keeps_benchmarks_with_enough_models():
    a, _ = simulate(30, 1, benchmark="ikp")
    b, _ = simulate(10, 2, benchmark="simpleqa", a=-3.5, b=1.0)
    c, _ = simulate(5, 3, benchmark="aa-omniscience")
    fa = p.fit_all(pd.concat([a, b, c], ignore_index=True), min_models=8)
    assert dict(zip(fa["benchmark"], fa["n"])) == {"ikp": 30, "simpleqa": 10}
    assert {"slope", "slope_se", "slope_z", "r2", "scatter", "scatter_dex", "x_min_b",
            "x_max_b"} <= set(fa.columns)
