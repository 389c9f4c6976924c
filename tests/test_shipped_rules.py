"""The documented rules of the shipped loader, recomputed by hand on the shipped data.

``load_scores`` picks one row per (model, benchmark) by the conflict rule in its docstring;
``select_variants`` picks one setting per (weights, benchmark). Each test recomputes the
rule row by row in plain Python and compares.
"""

from __future__ import annotations

import pandas as pd
import pytest

import paramest as pe
from paramest.ingest.shipped import EFFORT_ORDER, EVALUATOR_PRIORITY, PRECISION_PRIORITY


@pytest.fixture(scope="module")
def every_row() -> pd.DataFrame:
    return pe.load_scores(all_sources=True)


def test_conflict_rule_recomputed_by_hand(every_row):
    picked = pe.load_scores().set_index(["model", "benchmark"])
    groups = [g for _, g in every_row.groupby(["model", "benchmark"]) if len(g) > 1]
    assert len(groups) > 50, "the shipped data should have many multi-source scores"
    for g in groups:
        rows = g.to_dict(orient="records")
        best = min(EVALUATOR_PRIORITY.get(r["evaluator"], 2) for r in rows)
        rows = [r for r in rows if EVALUATOR_PRIORITY.get(r["evaluator"], 2) == best]
        best = min(PRECISION_PRIORITY.get(r["precision"], 0) for r in rows)
        rows = [r for r in rows if PRECISION_PRIORITY.get(r["precision"], 0) == best]
        med = pd.Series([r["score"] for r in rows]).median()
        closest = min(abs(r["score"] - med) for r in rows)
        allowed = {r["score"] for r in rows if abs(abs(r["score"] - med) - closest) < 1e-12}
        key = (rows[0]["model"], rows[0]["benchmark"])
        got = picked.loc[key]
        assert got["score"] in allowed, key
        assert got["n_sources"] == len(g)
        assert got["score_spread"] == pytest.approx(g["score"].max() - g["score"].min())


def test_setting_columns_are_typed(every_row):
    s = pe.load_scores()
    assert s["thinking"].dtype == bool
    assert set(s["effort"].unique()) <= set(EFFORT_ORDER)
    # a model id is one setting: thinking never varies within a model's rows of one benchmark
    assert (s.groupby(["model", "benchmark"])["thinking"].nunique() == 1).all()


def test_variant_rules_pick_one_setting_per_weights():
    s = pe.load_scores(pe.default_evidence())
    both = s.groupby(["weights", "benchmark"])["thinking"].nunique()
    both = both[both == 2].index
    assert len(both) > 10, "some weights should have thinking and non-thinking scores"
    think, dropped = pe.select_variants(s, rule="think")
    nothink, _ = pe.select_variants(s, rule="nothink")
    everything, _ = pe.select_variants(s, rule="all")
    assert not think.duplicated(["weights", "benchmark"]).any()
    assert not nothink.duplicated(["weights", "benchmark"]).any()
    assert len(think) + len(dropped) == len(s) == len(everything)
    t = think.set_index(["weights", "benchmark"]).loc[both, "thinking"]
    n = nothink.set_index(["weights", "benchmark"]).loc[both, "thinking"]
    assert t.all() and not n.any()
    # among thinking settings, the highest reasoning effort wins
    multi = s[s["thinking"]].groupby(["weights", "benchmark"])["effort"].nunique()
    for w, b in multi[multi > 1].index:
        efforts = s[(s["weights"] == w) & (s["benchmark"] == b) & s["thinking"]]["effort"]
        chosen = think.set_index(["weights", "benchmark"]).loc[(w, b), "effort"]
        assert EFFORT_ORDER[chosen] == min(EFFORT_ORDER[e] for e in efforts)
