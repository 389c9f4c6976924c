"""Tests of paramest.regression on synthetic data with a known truth.

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
from paramest.errors import FitError

# --------------------------------------------------------------------------------------
# logistic fit: parameter recovery
# --------------------------------------------------------------------------------------


def _recovery(tau: float, reps: int = 20, n: int = 80, seed0: int = 100) -> tuple[np.ndarray, np.ndarray]:
    est, se = [], []
    for r in range(reps):
        d, _ = simulate(n, seed0 + r, tau=tau)
        f = p.fit("ikp", d)
        est.append(f.params_[["intercept", "slope", "log_tau"]].to_numpy())
        se.append(np.sqrt(np.diag(f.cov_.to_numpy())))
    return np.array(est), np.array(se)


def test_logistic_recovers_truth_within_single_fit_se():
    est, se = _recovery(TAU)
    truth = np.array([A, B, math.log(TAU)])
    mean_err = est.mean(0) - truth
    # the average estimate is within one single-fit standard error of the truth
    assert np.all(np.abs(mean_err) < se.mean(0)), (mean_err, se.mean(0))
    # every single fit is within 4 of its own standard errors
    assert np.all(np.abs(est - truth) < 4 * se)
    # the reported standard errors match the spread over replications (within MC error)
    ratio = est.std(0, ddof=1) / se.mean(0)
    assert np.all((ratio > 0.6) & (ratio < 1.6)), ratio
    # tau on the natural scale
    assert abs(np.exp(est[:, 2]).mean() - TAU) < 0.05


@pytest.mark.xfail(strict=True, reason=(
    "KNOWN LIMITATION (documented in paramest.regression): the logistic ML fit uses the normal likelihood with mean c+(1-c)*sigmoid(a+bx) and "
    "delta-method variance tau^2 f'^2, which estimates the population-averaged curve, not the "
    "conditional logit-normal model its docstring states. intercept/slope are attenuated by "
    "about 1/sqrt(1+pi*tau^2/8) and the bias does not shrink with n (tau=0.8: slope ~1.06 "
    "for a true 1.2, with n=80 and n=300)."))
def test_logistic_slope_consistent_with_large_scatter():
    est, se = _recovery(0.8, reps=20, n=150)
    pooled_se = est[:, 1].std(ddof=1) / math.sqrt(len(est))
    assert abs(est[:, 1].mean() - B) < 3 * pooled_se + 0.02


# --------------------------------------------------------------------------------------
# linear form == statsmodels OLS
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("level", [0.9, 0.8])
def test_linear_matches_statsmodels_ols(level):
    d, x = simulate(40, 7)
    f = p.fit("ikp", d, form="linear", level=level)
    X = sm.add_constant(x)
    ols = sm.OLS(d["score"].to_numpy(), X).fit()
    np.testing.assert_allclose(f.params_[["intercept", "slope"]].to_numpy(), ols.params, rtol=1e-10)
    se = np.sqrt(np.diag(f.cov_.to_numpy()))[:2]
    np.testing.assert_allclose(se, ols.bse, rtol=1e-10)
    np.testing.assert_allclose(f.summary["std_err"].to_numpy()[:2], ols.bse, rtol=1e-10)
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
        # the bands are clipped to the score range [0, 1]
        np.testing.assert_allclose(pr[col].to_numpy(), np.clip(sf[col].to_numpy(), 0, 1), rtol=1e-9)
    # eval_uncertainty is the half-width of those bands
    hw = f.eval_uncertainty(sizes, level=level)
    np.testing.assert_allclose(hw, (sf["obs_ci_upper"] - sf["obs_ci_lower"]).to_numpy() / 2, rtol=1e-9)


# --------------------------------------------------------------------------------------
# observation band coverage
# --------------------------------------------------------------------------------------


def test_observation_band_covers_new_models():
    reps, m, n = 200, 20, 40
    hits = 0
    total = 0
    for r in range(reps):
        d, _ = simulate(n, 1000 + r)
        f = p.fit("ikp", d)
        rng = np.random.default_rng(50_000 + r)
        x0 = rng.uniform(0, 3.3, m)
        y0 = observe(rng, true_mean(x0, shift=rng.normal(0, TAU, m)), "ikp")
        band = f.predict(10 ** x0, level=0.9)
        hits += int(np.sum((band["obs_ci_lower"] <= y0) & (y0 <= band["obs_ci_upper"])))
        total += m
    cov = hits / total
    print(f"observation band coverage at 90%: {cov:.3f} ({total} new models)")
    assert 0.85 <= cov <= 0.95


def test_mean_band_is_inside_observation_band():
    d, _ = simulate(40, 3)
    pr = p.fit("ikp", d).predict([1, 10, 100, 1000])
    assert (pr["obs_ci_lower"] <= pr["mean_ci_lower"]).all()
    assert (pr["mean_ci_upper"] <= pr["obs_ci_upper"]).all()
    assert (pr["mean_ci_lower"] <= pr["mean"]).all() and (pr["mean"] <= pr["mean_ci_upper"]).all()


# --------------------------------------------------------------------------------------
# FitError
# --------------------------------------------------------------------------------------


def test_fit_error_fewer_than_three_models():
    d, _ = simulate(2, 1)
    with pytest.raises(FitError, match="at least 3"):
        p.fit("ikp", d)


def test_fit_error_one_distinct_size():
    d, _ = simulate(10, 1)
    d["total_params_b"] = 70.0
    with pytest.raises(FitError, match="same size"):
        p.fit("ikp", d)


# --------------------------------------------------------------------------------------
# predictor, covariates, dedupe
# --------------------------------------------------------------------------------------


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
    fa = p.fit("ikp", d, predictor="active")
    ft = p.fit("ikp", d, predictor="total")
    assert fa.n_models_ == ft.n_models_ == 80
    # x range is that of the active counts (dense rows fall back to total)
    act = d["active_params_b"].fillna(d["total_params_b"])
    assert fa.x_range_ == pytest.approx((act.min(), act.max()))
    se = math.sqrt(fa.cov_.loc["slope", "slope"])
    assert abs(fa.params_["slope"] - B) < 4 * se + 0.05
    assert fa.loglik_ > ft.loglik_ + 10


def test_release_year_covariate_recovers_drift():
    drift = 0.5  # logits per year at fixed size
    d, _ = simulate(150, 21, drift=drift)
    f = p.fit("ikp", d, covariates=("release_year",))
    s = f.summary.loc["release_year"]
    assert abs(s["coef"] - drift) < 3 * s["std_err"] + 0.03
    assert s["ci_5%"] > 0
    r = p.release_date_effect("ikp", d).iloc[0]
    assert r["per_year"] == pytest.approx(s["coef"])
    assert r["per_year_dex"] == pytest.approx(s["coef"] / f.params_["slope"])
    # a prediction needs the covariate's value; a later year predicts a higher score
    lo = f.predict(30, covariates={"release_year": 2023.5})["mean"].iloc[0]
    hi = f.predict(30, covariates={"release_year": 2025.5})["mean"].iloc[0]
    assert hi > lo
    with pytest.raises(p.InputError, match="release_year"):
        f.predict(30)


def test_dedupe_counts_variants_of_one_weights_once():
    d, _ = simulate(20, 5)
    think = d.iloc[[0]].copy()
    think["model"] = d["model"].iloc[0] + "-think"
    think["reasoning"] = True
    think["score"] = min(1.0, d["score"].iloc[0] + 0.2)
    both = pd.concat([think, d], ignore_index=True)
    f = p.fit("ikp", both)
    assert f.n_models_ == 20
    assert list(f.dropped_["model"]) == [think["model"].iloc[0]]
    kept = f.data_.set_index("model").loc[d["model"].iloc[0], "score"]
    assert kept == d["score"].iloc[0]  # the non-reasoning variant is kept
    assert p.fit("ikp", both, dedupe=False).n_models_ == 21
    assert "1 variant rows merged" in f.report()


def test_summary_and_report():
    d, _ = simulate(40, 8)
    f = p.fit("ikp", d, level=0.9)
    s = f.summary
    assert list(s.columns) == ["coef", "std_err", "ci_5%", "ci_95%"]
    assert list(s.index) == ["intercept", "slope", "log_tau"]
    t = stats.t.ppf(0.95, 40 - 3)
    np.testing.assert_allclose(s["ci_5%"], s["coef"] - t * s["std_err"])
    np.testing.assert_allclose(s["ci_95%"], s["coef"] + t * s["std_err"])
    np.testing.assert_allclose(s["std_err"] ** 2, np.diag(f.cov_.to_numpy()))
    rep = f.report()
    assert "ikp" in rep and "40 open-weight" in rep
    assert str(f) == rep
    assert f.scatter_dex_ == pytest.approx(f.scatter_ / f.params_["slope"])
    # 80% level: percentiles 10 and 90
    assert list(p.fit("ikp", d, level=0.8).summary.columns)[2:] == ["ci_10%", "ci_90%"]


def test_compare_predictors_prefers_total_when_truth_is_total():
    d = _moe(60, 31, truth="total")
    cp = p.compare_predictors("ikp", d).set_index("predictor")
    assert cp.loc["total", "loglik"] > cp.loc["active", "loglik"]
    assert cp.loc["total", "n_moe"] == 30
    blend = cp.loc["blend"]
    assert blend["g_ci_lower"] <= 1.0 <= blend["g_ci_upper"]
    assert blend["g_ci_lower"] > 0.0
    assert blend["g"] > 0.5
    assert cp.loc["total", "cv_rmse"] < cp.loc["active", "cv_rmse"]


def test_fit_all_keeps_benchmarks_with_enough_models():
    a, _ = simulate(30, 1, benchmark="ikp")
    b, _ = simulate(10, 2, benchmark="simpleqa", a=-3.5, b=1.0)
    c, _ = simulate(5, 3, benchmark="aa-omniscience")
    fa = p.fit_all(pd.concat([a, b, c], ignore_index=True), min_models=8)
    assert set(fa["benchmark"]) == {"ikp", "simpleqa"}
    assert dict(zip(fa["benchmark"], fa["n"])) == {"ikp": 30, "simpleqa": 10}
    assert {"slope", "slope_se", "r2", "scatter", "scatter_dex", "x_min_b", "x_max_b"} <= set(fa.columns)
