"""Refusal-aware estimates, IKP's tiers, and the promotion gate for new evidence channels.

Derived scores are recomputed by hand from the shipped counts; the gate is tried on
simulated data where the truth is known: a channel that measures size must be promoted,
pure noise must not.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from simulate import simulate

import paramest as pe
from paramest.ingest.derived import refusal_records

# --------------------------------------------------------------------------------------
# derived scores
# --------------------------------------------------------------------------------------


def test_aa_adjusted_answers_abstentions_at_the_models_own_precision():
    sig = pe.load_signals()[["model", "omniscience_hallucination_rate"]].dropna()
    s = pe.load_scores("aa-omniscience")
    s = s[s["precision"] == "exact"][["model", "score"]]
    d = sig.merge(s, on="model").merge(pe.derived_scores(["aa-omniscience-adjusted"])[["model", "score"]],
                                       on="model", suffixes=("", "_adj"))
    assert len(d) > 100
    acc, h = d["score"], d["omniscience_hallucination_rate"]
    attempted = acc + (1 - acc) * h
    by_hand = acc + (1 - acc) * (1 - h) * np.where(attempted > 0, acc / attempted, 0.0)
    np.testing.assert_allclose(d["score_adj"], by_hand.clip(0, 1), atol=1e-12)


def test_ikp_adjusted_is_between_floor_and_one_and_equals_floor_without_refusals():
    t = pe.load_ikp_tiers()
    adj = pe.derived_scores(["ikp-adjusted"]).set_index("model")
    assert len(adj) > 50
    assert (adj["score"] >= adj["floor"] - 1e-12).all() and (adj["score"] <= 1).all()
    refused = t.groupby("model")["refused"].sum()
    none = [m for m in refused[refused == 0].index if m in adj.index]
    np.testing.assert_allclose(adj.loc[none, "score"], adj.loc[none, "floor"])
    # the tier rows are correct / questions of each tier, with the tier's question count
    tiers = pe.derived_scores([f"ikp-t{i}" for i in range(1, 8)])
    row = tiers.iloc[0]
    src = t[(t["model"] == row["model"]) & ("ikp-" + t["tier"].str.lower() == row["benchmark"])].iloc[0]
    assert row["score"] == pytest.approx(src["correct"] / src["n_questions"])
    assert row["n_questions"] == src["n_questions"]


def test_refusal_aware_estimate_reports_shift_and_tier():
    m = pe.load_models().set_index("model")
    rec = refusal_records(list(m.index))
    rec = rec[~rec["model"].map(m["open_weights"]) & (rec["refusal_rate"] > 0.2)]
    name = rec["model"].iloc[0]
    est = pe.estimate_size(name)
    r = est.refusal
    assert r is not None, f"{name} has a refusal record but no refusal-aware estimate"
    assert r["shift_dex"] == pytest.approx(math.log10(r["params_b"] / est.params_b))
    # the tier is IKP's, by the refusal rate; the shift is reported beside it
    rate = max(r["refusal_rate"].values())
    assert r["tier"] == ("Reliable" if rate < 0.1 else "Caution" if rate < 0.3 else "Low confidence")
    cut = abs(r["shift_dex"])
    assert r["shift"] == ("negligible" if cut < 0.1 else "sensitive" if cut < 0.3 else "dominant")
    assert set(r["scores"]) <= {"ikp-adjusted", "aa-omniscience-adjusted"}
    assert "refusal" in est.flag_codes
    assert pe.estimate_size(name, refusal=False).refusal is None
    assert pe.SizeEstimate.from_dict(est.to_dict()) == est


# --------------------------------------------------------------------------------------
# promotion gate
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gate_sim():
    d, x = simulate(36, 11)
    return d, x


def test_gate_promotes_a_channel_that_measures_size(gate_sim):
    d, x = gate_sim
    rng = np.random.default_rng(5)
    sig = pd.DataFrame({"model": d["model"], "value": 10 ** (x + rng.normal(0, 0.1, len(x)))})
    g = pe.promotion_gate(sig, "oracle", benchmarks=["ikp"], data=d, splits=("developer",),
                          n_boot=300, seed=1)
    assert g.promote, g
    row = g.table.iloc[0]
    assert row["ratio_upper"] < 1 and row["mfe_with_signal"] < row["mfe_knowledge"]


def test_gate_rejects_pure_noise(gate_sim):
    d, x = gate_sim
    rng = np.random.default_rng(6)
    sig = pd.DataFrame({"model": d["model"], "value": 10 ** rng.normal(0, 1, len(x))})
    g = pe.promotion_gate(sig, "noise", benchmarks=["ikp"], data=d, splits=("developer",),
                          n_boot=300, seed=1)
    assert not g.promote
    row = g.table.iloc[0]
    assert row["ratio_lower"] < 1 < row["ratio_upper"] or row["ratio"] >= 1
    assert g.to_dict()["signal"] == "noise"


def test_paired_bootstrap_of_identical_tables_is_exactly_one(gate_sim):
    t = pd.DataFrame({"weights": list("abcdef"), "developer": list("aabbcc"),
                      "log_err": [0.1, -0.2, 0.3, 0.05, -0.1, 0.2]})
    r = pe.paired_bootstrap(t, t, n_boot=200, seed=3)
    assert r["ratio"] == 1 and r["ratio_lower"] == 1 and r["ratio_upper"] == 1
    assert r["seed"] == 3 and r["n_developers"] == 3


# --------------------------------------------------------------------------------------
# refusal-aware estimates on simulated models with a known refusal rate
# --------------------------------------------------------------------------------------


def _refusing(rng, x, share, nq):
    """Floor and adjusted scores of models that refuse a random share of IKP questions."""
    from simulate import true_mean

    know = true_mean(x, shift=rng.normal(0, 0.35, len(x)))
    attempted = rng.binomial(nq, np.broadcast_to(1 - np.asarray(share, float), len(x)))
    correct = rng.binomial(attempted, know)
    floor = correct / nq
    adjusted = floor + (nq - attempted) / nq * correct / np.maximum(attempted, 1)
    return floor, adjusted, (nq - attempted) / nq


def test_adjusted_interval_covers_a_refusing_model_the_floor_misses():
    from simulate import frame

    nq = int(pe.load_benchmarks().set_index("benchmark").loc["ikp", "n_questions"])
    rng = np.random.default_rng(2026)
    n = 80
    x = rng.uniform(0, 3.3, n)
    floor, adjusted, _ = _refusing(rng, x, rng.uniform(0, 0.4, n), nq)
    names = [f"m{i:03d}" for i in range(n)]
    data = pd.concat([frame({"model": names, "x": x}, "ikp", floor),
                      frame({"model": names, "x": x}, "ikp-adjusted", adjusted)], ignore_index=True)
    # twenty 1T models that each refuse 40% of the questions
    xt = np.full(20, 3.0)
    t_floor, _, t_share = _refusing(rng, xt, 0.4, nq)
    hit_floor = hit_adj = 0
    for f, r in zip(t_floor, t_share):
        e = pe.estimate_size({"ikp": f}, data=data, refusal={"ikp": r})
        assert e.refusal is not None and e.refusal["scores"]["ikp-adjusted"] == pytest.approx(f / (1 - r))
        hit_floor += e.lower_b <= 1000 <= e.upper_b
        hit_adj += e.refusal["lower_b"] <= 1000 <= e.refusal["upper_b"]
    assert hit_adj >= 16, f"adjusted interval covered the 1T truth {hit_adj}/20 times"
    assert hit_floor < hit_adj


def test_refusal_share_is_checked():
    with pytest.raises(pe.InputError, match=r"\[0, 1\)"):
        pe.estimate_size({"ikp": 0.4}, refusal={"ikp": 1.2})
    with pytest.raises(pe.InputError, match="has no score"):
        pe.estimate_size({"ikp": 0.4}, refusal={"aa-omniscience": 0.2})
    with pytest.raises(pe.InputError, match="refusal-adjusted curves exist"):
        pe.estimate_size({"simpleqa": 0.4}, refusal={"simpleqa": 0.2})
