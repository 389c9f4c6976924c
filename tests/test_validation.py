"""Tests of paramest.validation on synthetic data with a known truth, and of summarize()
on a hand-made table whose metrics are computed by hand below.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from simulate import TAU, B, simulate

import paramest as p
from paramest import validation as V


def _sim(n: int = 80, seed: int = 4) -> pd.DataFrame:
    """n models in families of 5 and developers of 10, spread release dates, and a
    reasoning variant (same weights, a much higher score) for every 8th model."""
    rng = np.random.default_rng(seed + 1)
    dates = [pd.Timestamp("2023-01-01") + pd.Timedelta(days=int(v))
             for v in rng.integers(0, 3 * 365, n)]
    extra = {"family": [f"fam{i // 5}" for i in range(n)],
             "developer": [f"dev{i // 10}" for i in range(n)],
             "release_date": dates}
    d, _ = simulate(n, seed, extra=extra)
    var = d.iloc[::8].copy()
    var["model"] = var["model"] + "-think"
    var["reasoning"] = True
    var["score"] = np.clip(var["score"] + 0.3, 0, 1)
    return pd.concat([d, var], ignore_index=True)


@pytest.fixture(scope="module")
def sim() -> pd.DataFrame:
    return _sim()


def test_family_split_coverage_and_error_near_noise_floor(sim):
    res = p.validate(["ikp"], data=sim, split="family")
    per = res.per_model
    s = res.summary.loc["all"]
    floor = TAU / B  # dex: how far a model typically sits off the curve, in size units
    mdae = math.log10(s["median_fold_error"])
    print(f"validate(family): coverage {s['coverage']:.3f}, MdAE {mdae:.3f} dex "
          f"(noise floor tau/b = {floor:.3f}), n={int(s['n'])}")
    assert int(s["n"]) == 80  # one row per set of weights; variants are not scored
    assert per["weights"].is_unique
    assert not per["model"].str.endswith("-think").any()
    assert 0.8 <= s["coverage"] <= 0.97
    assert floor / 2 <= mdae <= 2 * floor
    # the summary agrees with the per-model table
    assert s["coverage"] == pytest.approx(per["covered"].mean())
    assert mdae == pytest.approx(np.median(np.abs(per["log_err"])))
    truth = per["true_b"].to_numpy()
    assert np.array_equal(per["covered"], (per["lower_b"] <= truth) & (truth <= per["upper_b"]))
    np.testing.assert_allclose(per["log_err"], np.log10(per["params_b"] / truth))


@pytest.mark.parametrize("split", list(V.SPLITS))
def test_every_split_runs_and_variants_share_a_fold(sim, split, monkeypatch):
    trained: dict[str, set] = {}
    orig = V._fold_cal_cache

    def spy(fold, key, train, form, level):
        trained[fold] = set(train.loc[train["open_weights"].astype(bool), "weights"])
        trained.setdefault("_rows", set()).update(train["model"])
        return orig(fold, key, train, form, level)

    monkeypatch.setattr(V, "_fold_cal_cache", spy)
    res = p.validate(["ikp"], data=sim, split=split)
    per = res.per_model
    assert res.settings["split"] == split
    assert len(per) > 0 and per["weights"].is_unique
    for r in per.itertuples():
        assert r.weights not in trained[r.fold], (split, r.fold, r.weights)
    if split == "largest":
        cut = sim.drop_duplicates("weights")["total_params_b"].quantile(0.8)
        assert (per["true_b"] >= cut).all()
        assert len(per) == 16
    if split == "time":
        dates = sim.drop_duplicates("weights").set_index("weights")["release_date"]
        cutoff = dates.quantile(0.75)
        assert (dates[per["weights"]] >= cutoff).all()
    if split in ("loo", "developer", "family"):
        assert len(per) == 80
    assert {"all", "largest_20pct", "multi_benchmark"} <= set(res.summary.index)


def test_unknown_split_is_an_input_error(sim):
    with pytest.raises(p.InputError, match="split"):
        p.validate(["ikp"], data=sim, split="random")


# --------------------------------------------------------------------------------------
# summarize: hand-computed metrics
# --------------------------------------------------------------------------------------


def test_summarize_matches_hand_computation():
    # five held-out models; true sizes and intervals chosen so every case occurs
    per = pd.DataFrame({
        "true_b":   [10.0, 100.0, 1000.0, 10.0, 50.0],
        "params_b": [20.0, 100.0, 100.0, 5.0, 150.0],
        "lower_b":  [5.0, 10.0, 10.0, 1.0, 100.0],
        "upper_b":  [40.0, 1000.0, 500.0, 100.0, 1000.0],
        "covered":  [True, True, False, True, False],
        "open":     [False, False, False, True, False],
        "n_benchmarks": [1, 2, 1, 1, 3],
    })
    per["log_err"] = np.log10(per["params_b"] / per["true_b"])
    per["width_dex"] = np.log10(per["upper_b"] / per["lower_b"])
    s = V.summarize(per, level=0.9)
    a = s.loc["all"]
    # |log err|: log10 2, 0, 1, log10 2, log10 3
    l2, l3 = math.log10(2), math.log10(3)
    assert a["n"] == 5
    assert a["coverage"] == pytest.approx(3 / 5)
    assert a["within_2x"] == pytest.approx(3 / 5)  # 2x, 1x, 2x
    assert a["within_3x"] == pytest.approx(4 / 5)
    assert a["median_fold_error"] == pytest.approx(2.0)
    assert a["bias_dex"] == pytest.approx((l2 + 0 - 1 - l2 + l3) / 5)
    assert a["share_unbounded"] == pytest.approx(1 / 5)
    # widths in dex: log10 8, 2, log10 50, 2, 1 -> sorted 0.903, 1, 1.699, 2, 2 -> median log10 50
    assert a["median_width_dex"] == pytest.approx(math.log10(50))
    # Winkler (alpha 0.1): width + 20 * miss distance in dex
    # model 3: true 1000 above upper 500 -> + 20 * log10(2); model 5: true 50 below 100 -> + 20 * log10(2)
    w = [math.log10(8), 2.0, math.log10(50) + 20 * l2, 2.0, 1.0 + 20 * l2]
    assert a["winkler_dex"] == pytest.approx(np.mean(w))
    # largest 20%: quantile(0.8) of true sizes = 100 + 0.2 * 900 = 280 -> only the 1000B model
    big = s.loc["largest_20pct"]
    assert big["n"] == 1 and big["coverage"] == 0.0
    multi = s.loc["multi_benchmark"]
    assert multi["n"] == 2 and multi["coverage"] == pytest.approx(0.5)
    # level changes the Winkler penalty: alpha 0.5 -> factor 4
    w50 = [math.log10(8), 2.0, math.log10(50) + 4 * l2, 2.0, 1.0 + 4 * l2]
    assert V.summarize(per, level=0.5).loc["all", "winkler_dex"] == pytest.approx(np.mean(w50))


def test_summarize_ignores_failed_rows():
    per = pd.DataFrame({"true_b": [10.0, 20.0], "params_b": [10.0, np.nan],
                        "lower_b": [5.0, np.nan], "upper_b": [20.0, np.nan],
                        "covered": [True, np.nan], "open": [False, np.nan],
                        "n_benchmarks": [1, 0], "log_err": [0.0, np.nan],
                        "width_dex": [math.log10(4), np.nan]})
    s = V.summarize(per)
    assert s.loc["all", "n"] == 1 and s.loc["all", "coverage"] == 1.0
