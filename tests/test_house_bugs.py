"""The two bugs of the house issue (#19), as a new user met them in paramest 0.2.0."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import paramest as p


def test_blank_weights_cells_never_merge_two_models(fresh_registry):
    # 0.2.0: with the weights cell of both haiku models set to "", estimate_sizes returned
    # one row and dropped the other model silently ("" was treated as a shared weights id)
    d = p.load_scores()
    pair = ["claude-3-haiku", "claude-3.5-haiku"]
    assert set(pair) <= set(d["model"]), "the shipped data no longer hold both models"
    d["weights"] = d["weights"].astype(object)
    d.loc[d["model"].isin(pair), "weights"] = ""
    out = p.estimate_sizes(pair, data=d)
    assert len(out) == 2
    assert set(out["model"]) == set(pair)
    assert (out["error"] == "").all(), out["error"].tolist()
    # each row rests on its own model's scores: two different answers
    assert out["params_b"].nunique() == 2


def test_re_registering_a_benchmark_refits(fresh_registry):
    # 0.2.0: after re-registering with another chance level, the cached calibration fitted
    # under the old definition answered
    rng = np.random.default_rng(5)
    sizes = np.logspace(0, 3, 30)
    acc = 0.5 + 0.5 / (1 + np.exp(-(-1.5 + 1.2 * np.log10(sizes)))) + rng.normal(0, 0.02, 30)
    data = pd.DataFrame({"model": [f"fr-{i}" for i in range(30)], "benchmark": "factrecall2",
                         "score": np.clip(acc, 0.5, 0.99), "total_params_b": sizes,
                         "open_weights": True})
    p.register_benchmark("factrecall2", kind="knowledge", chance=0.0, n_questions=500)
    a = p.estimate_size({"factrecall2": 0.8}, data=data, benchmarks=["factrecall2"])
    p.register_benchmark("factrecall2", kind="knowledge", chance=0.5, n_questions=500)
    b = p.estimate_size({"factrecall2": 0.8}, data=data, benchmarks=["factrecall2"])
    assert a.params_b != pytest.approx(b.params_b, rel=1e-3)
    # and the new definition is the one used: the curve's floor is the new chance level
    assert p.fit("factrecall2", data).chance_ == 0.5
