"""The gated reasoning block (paramest.inversion.block): reasoning benchmarks join the
knowledge evidence only for models the knowledge scores bound below 100B.

Checked on simulated data with a known truth (the block narrows the intervals of the models
it joins and leaves every other estimate where it was) and on the shipped data (a frontier
model never rests on it; a user's unused block score is reported, not dropped).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from simulate import simulate_multi

import paramest as pe
from paramest.errors import InputError, UnknownBenchmarkError
from paramest.inversion.block import GATE_B, block_scores, gate_passes
from paramest.inversion.posterior import posterior
from paramest.regression import REASONING_BENCHMARKS


@pytest.fixture(scope="module")
def sim() -> pd.DataFrame:
    """60 open models (10 developers) on SimpleQA (knowledge) and MMLU-Pro (block); the
    MMLU-Pro scatter is mostly independent of SimpleQA's, so it carries information."""
    d, _ = simulate_multi(60, 21, benchmarks=("simpleqa", "mmlu-pro"),
                          coefs=((-3.5, 1.0), (-1.5, 1.1)), rho=0.2)
    d["developer"] = d["model"].map(lambda m: f"dev{int(m[1:]) // 6}")
    return d


@pytest.fixture(scope="module")
def runs(sim):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        on = pe.validate(["simpleqa"], data=sim, baseline=False).per_model.set_index("weights")
        off = pe.validate(["simpleqa"], data=sim, baseline=False,
                          reasoning_block=()).per_model.set_index("weights")
    return on, off.loc[on.index]


def test_block_joins_only_models_in_range_and_leaves_the_rest(runs):
    on, off = runs
    used = on["reasoning_block"].astype(bool)
    print(f"block joined {used.sum()} of {len(on)} held-out units")
    assert 0 < used.sum() < len(on)
    assert not off["reasoning_block"].astype(bool).any()
    # a unit the block joined is inverted on both benchmarks; every other on SimpleQA alone
    assert (on.loc[used, "benchmarks"] == "simpleqa + mmlu-pro").all()
    assert (on.loc[~used, "benchmarks"] == "simpleqa").all()
    # the other units' posterior is untouched (only the recalibrated ends may move)
    np.testing.assert_allclose(on.loc[~used, "params_b"], off.loc[~used, "params_b"], rtol=1e-9)
    # the gate: the models it let in are in range (their knowledge-only estimates are small)
    assert (off.loc[used, "params_b"] < GATE_B).all()


def test_block_narrows_the_intervals_it_joins_without_losing_coverage(runs):
    on, off = runs
    used = on["reasoning_block"].astype(bool)
    w_on = np.median(on.loc[used, "width_dex"])
    w_off = np.median(off.loc[used, "width_dex"])
    e_on = np.median(np.abs(on.loc[used, "log_err"]))
    e_off = np.median(np.abs(off.loc[used, "log_err"]))
    print(f"block units: median width {w_off:.3f} -> {w_on:.3f} dex, "
          f"median |error| {e_off:.3f} -> {e_on:.3f} dex; coverage {on['covered'].mean():.3f}")
    assert w_on < w_off  # an informative, mostly independent benchmark narrows the posterior
    assert e_on < e_off
    assert 0.8 <= on["covered"].mean() <= 0.98


def test_gate_reads_the_knowledge_posterior(sim):
    cal = pe.Calibration(["simpleqa"]).fit(sim)
    small = posterior(cal, {"simpleqa": float(sim.loc[sim["benchmark"] == "simpleqa", "score"].min())})
    large = posterior(cal, {"simpleqa": float(sim.loc[sim["benchmark"] == "simpleqa", "score"].max())})
    assert gate_passes(small) and not gate_passes(large)


def test_block_scores_follow_the_variant_rule(sim):
    ev = pe.ingest.as_evidence(sim)
    w = sorted(set(sim["weights"]))[:3]
    got = block_scores(ev, w, ["mmlu-pro"])
    assert sorted(got) == w
    for k, (sc, th) in got.items():
        row = sim[(sim["weights"] == k) & (sim["benchmark"] == "mmlu-pro")]
        assert sc == {"mmlu-pro": pytest.approx(float(row["score"].iloc[0]))}
        assert th == {"mmlu-pro": False}
    assert block_scores(ev, w, []) == {}


# --------------------------------------------------------------------- shipped data


def test_user_block_scores_join_small_models_and_are_reported_unused_at_the_frontier():
    small = pe.estimate_size({"simpleqa": 0.03, "mmlu-pro": 0.3})
    assert small.benchmarks == ["simpleqa", "mmlu-pro"]
    flag = next(f for f in small.flags if f.code == "reasoning-block")
    assert "knowledge calibration gives" in flag.message and flag.value < GATE_B
    knowledge = pe.estimate_size({"simpleqa": 0.03})
    assert flag.value == pytest.approx(knowledge.params_b)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        big = pe.estimate_size({"simpleqa": 0.45, "mmlu-pro": 0.8})
        asked = pe.estimate_size({"simpleqa": 0.45, "mmlu-pro": 0.8}, benchmarks=["simpleqa", "mmlu-pro"])
        off = pe.estimate_size({"simpleqa": 0.45, "mmlu-pro": 0.8}, reasoning_block=())
        alone = pe.estimate_size({"simpleqa": 0.45})
    assert big.benchmarks == ["simpleqa"]
    assert any(f.code == "benchmark-unused" and f.value == "mmlu-pro" for f in big.flags)
    assert big.params_b == pytest.approx(alone.params_b)
    # asked for by name, or with the block off, the score is evidence like any other
    assert asked.benchmarks == ["simpleqa", "mmlu-pro"] == off.benchmarks
    # a reasoning score alone is the evidence it was given as
    assert pe.estimate_size({"mmlu-pro": 0.5}).benchmarks == ["mmlu-pro"]


def test_named_models_block_only_in_range():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rows = pe.estimate_sizes(closed_only=True)
    rows = rows[rows["error"].fillna("") == ""]
    block = set(REASONING_BENCHMARKS)
    has = rows["benchmarks"].map(lambda s: bool(block & set(s)))
    flagged = rows["flag_codes"].map(lambda c: "reasoning-block" in c)
    print(f"{int(has.sum())} of {len(rows)} closed estimates use the block")
    assert (has == flagged).all()
    # every estimate resting on the block is a model the knowledge scores placed below 100B
    assert (rows.loc[has, "params_b"] < 3 * GATE_B).all()


def test_reasoning_block_setting_is_checked():
    with pytest.raises(InputError, match="reasoning_block"):
        pe.estimate_size({"simpleqa": 0.2}, reasoning_block="mmlu-pro")
    with pytest.raises(UnknownBenchmarkError):
        pe.Calibration(["simpleqa"], reasoning_block=["no-such-benchmark"]).fit()


def test_in_range_low_end_shape_only_for_models_bound_below_the_gate():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        small = pe.estimate_size({"aa-omniscience": 0.05})
        small_off = pe.estimate_size({"aa-omniscience": 0.05}, in_range_low_shape=())
        big = pe.estimate_size({"aa-omniscience": 0.35})
        big_off = pe.estimate_size({"aa-omniscience": 0.35}, in_range_low_shape=())
    assert "low-end-shape" in small.flag_codes
    assert small.params_b != pytest.approx(small_off.params_b, rel=1e-3)  # the shape moved it
    flag = next(f for f in small.flags if f.code == "low-end-shape")
    assert flag.value == pytest.approx(small_off.params_b)  # the knowledge calibration's answer
    # a frontier-sized score never meets the shape: the same posterior with the term off
    assert "low-end-shape" not in big.flag_codes
    assert big.params_b == pytest.approx(big_off.params_b, rel=1e-9)
    # the in-range calibration is part of the default method: it keeps the shipped recalibration
    assert small.recalibration is not None and "not-recalibrated" not in small.flag_codes


def test_in_range_is_not_a_user_setting():
    with pytest.raises(InputError, match="in_range"):
        pe.validate(split="time", in_range=True)
    with pytest.raises(InputError):
        pe.estimate_size({"simpleqa": 0.2}, in_range=True)
