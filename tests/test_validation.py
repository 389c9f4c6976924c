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
from paramest.cache import clear_caches


def _sim(n: int = 80, seed: int = 4) -> pd.DataFrame:
    """n models in families of 5 and developers of 10, spread release dates, and a
    reasoning setting of the same weights (scored a little higher) for every 8th model."""
    rng = np.random.default_rng(seed + 1)
    dates = [pd.Timestamp("2023-01-01") + pd.Timedelta(days=int(v))
             for v in rng.integers(0, 3 * 365, n)]
    extra = {"family": [f"fam{i // 5}" for i in range(n)],
             "developer": [f"dev{i // 10}" for i in range(n)],
             "release_date": dates}
    d, _ = simulate(n, seed, extra=extra)
    var = d.iloc[::8].copy()
    var["model"] = var["model"] + "-think"
    var["thinking"] = True
    var["score"] = np.clip(var["score"] + 0.02, 0, 1)
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
    assert int(s["n"]) == 80  # one row per set of weights
    assert per["weights"].is_unique
    # the variant rule scores the thinking setting where a set of weights has one
    assert per["model"].str.endswith("-think").sum() == 10
    assert 0.8 <= s["coverage"] <= 0.97
    assert floor / 2 <= mdae <= 2 * floor
    assert s["coverage"] == pytest.approx(per["covered"].mean())
    assert mdae == pytest.approx(np.median(np.abs(per["log_err"])))
    truth = per["true_b"].to_numpy()
    assert np.array_equal(per["covered"], (per["lower_b"] <= truth) & (truth <= per["upper_b"]))
    np.testing.assert_allclose(per["log_err"], np.log10(per["params_b"] / truth))
    # the IKP-style baseline ran on the same folds
    assert per["base_params_b"].notna().all()
    assert "baseline: all" in res.summary.index


@pytest.mark.parametrize("split", ["developer", "family", "loo", "time", "extrapolation"])
def test_every_split_runs_and_held_out_weights_never_calibrate(sim, split, monkeypatch):
    seen: list[list[set]] = []  # per fold: the knowledge fit, then any in-range fit

    class Spy(p.Calibration):
        def fit(self, data=None):
            s = p.as_evidence(data).scores
            trained = set(s.loc[s["open_weights"].astype(bool), "weights"])
            if self.in_range:  # the fold's in-range calibration, fitted after its knowledge one
                seen[-1].append(trained)
            else:
                seen.append([trained])
            return super().fit(data)

    monkeypatch.setattr(p.inversion.heldout, "Calibration", Spy)
    res = p.validate(["ikp"], data=sim, split=split, baseline=False, recalibrate="none")
    per = res.per_model
    assert res.settings["split"] == split and len(per) > 0 and per["weights"].is_unique
    folds = per.groupby("fold")["weights"].apply(set)
    assert len(seen) == len(folds)
    for fits, held in zip(seen, folds.loc[list(dict.fromkeys(per["fold"]))]):
        for trained in fits:
            assert not (trained & held), (split, trained & held)
    if split == "extrapolation":
        cut = sim.drop_duplicates("weights")["total_params_b"].quantile(0.8)
        assert (per["true_b"] >= cut).all() and len(per) == 16
    if split == "time":
        dates = sim.drop_duplicates("weights").set_index("weights")["release_date"]
        assert (dates[per["weights"]] >= dates.quantile(0.75)).all()
    if split in ("loo", "developer", "family"):
        assert len(per) == 80


def test_extrapolation_split_calibrates_only_below_the_cut(sim, monkeypatch):
    sizes: list[float] = []

    class Spy(p.Calibration):
        def fit(self, data=None):
            s = p.as_evidence(data).scores
            sizes.append(float(s.loc[s["open_weights"].astype(bool), "total_params_b"].max()))
            return super().fit(data)

    monkeypatch.setattr(p.inversion.heldout, "Calibration", Spy)
    clear_caches()  # validate() results are cached: this call must run the folds
    res = p.validate(["ikp"], data=sim, split="extrapolation", baseline=False, recalibrate="none")
    assert sizes[0] < res.per_model["true_b"].min()


def test_unknown_split_and_setting_are_input_errors(sim):
    with pytest.raises(p.InputError, match="split"):
        p.validate(["ikp"], data=sim, split="random")
    with pytest.raises(p.InputError, match="setting"):
        p.validate(["ikp"], data=sim, nope=1)


def test_result_repr_is_short_and_to_dict_is_json_safe(sim):
    import json

    res = p.validate(["ikp"], data=sim, split="family")
    r = repr(res)
    assert r.startswith("ValidationResult(") and "\n" not in r and len(r) < 300
    d = res.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["summary"]["all"]["n"] == 80 and len(d["per_model"]) == 80


# --------------------------------------------------------------------------------------
# summarize: hand-computed metrics
# --------------------------------------------------------------------------------------


def test_summarize_matches_hand_computation():
    # five held-out models; true sizes and intervals chosen so every case occurs
    per = pd.DataFrame({
        "true_b":   [10.0, 100.0, 1000.0, 10.0, 50.0],
        "params_b": [20.0, 100.0, 100.0, 5.0, 150.0],
        "lower_b":  [5.0, 10.0, 10.0, 1.0, 100.0],
        "upper_b":  [40.0, 1000.0, 500.0, math.inf, 1000.0],
        "covered":  [True, True, False, True, False],
        "n_benchmarks": [1, 2, 1, 1, 3],
    })
    per["log_err"] = np.log10(per["params_b"] / per["true_b"])
    s = V.summarize(per, level=0.9)
    a = s.loc["all"]
    l2, l3 = math.log10(2), math.log10(3)
    assert a["n"] == 5
    assert a["coverage"] == pytest.approx(3 / 5)
    assert a["within_2x"] == pytest.approx(3 / 5)  # 2x, 1x, 2x
    assert a["within_3x"] == pytest.approx(4 / 5)
    assert a["median_fold_error"] == pytest.approx(2.0)
    assert a["bias_dex"] == pytest.approx((l2 + 0 - 1 - l2 + l3) / 5)
    assert a["share_unbounded"] == pytest.approx(1 / 5)
    # widths in dex: log10 8, 2, log10 50, inf (open above), 1 -> the unbounded interval
    # counts as infinitely wide, so the median is log10 50, not a median of the bounded ones
    assert a["median_width_dex"] == pytest.approx(math.log10(50))
    # Winkler (alpha 0.1) over the bounded intervals: width + 20 * miss distance in dex
    w = [math.log10(8), 2.0, math.log10(50) + 20 * l2, 1.0 + 20 * l2]
    assert a["winkler_dex"] == pytest.approx(np.mean(w))
    big = s.loc["largest_20pct"]  # quantile(0.8) of true sizes = 280 -> the 1000B model
    assert big["n"] == 1 and big["coverage"] == 0.0
    multi = s.loc["multi_benchmark"]
    assert multi["n"] == 2 and multi["coverage"] == pytest.approx(0.5)
    w50 = [math.log10(8), 2.0, math.log10(50) + 4 * l2, 1.0 + 4 * l2]
    assert V.summarize(per, level=0.5).loc["all", "winkler_dex"] == pytest.approx(np.mean(w50))


def test_summarize_ignores_failed_rows():
    per = pd.DataFrame({"true_b": [10.0, 20.0], "params_b": [10.0, np.nan],
                        "lower_b": [5.0, np.nan], "upper_b": [20.0, np.nan],
                        "covered": [True, np.nan], "n_benchmarks": [1, 0],
                        "log_err": [0.0, np.nan]})
    s = V.summarize(per)
    assert s.loc["all", "n"] == 1 and s.loc["all", "coverage"] == 1.0
