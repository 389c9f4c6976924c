"""Integrity of the shipped datasets (datasets/*.csv), read directly with pandas."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from paramest import ingest as I
from paramest.data.names import name_key

DATA = Path(__file__).resolve().parents[1] / "datasets"
TODAY = pd.Timestamp.now().normalize()


@pytest.fixture(scope="module")
def models() -> pd.DataFrame:
    return pd.read_csv(DATA / "models.csv")


@pytest.fixture(scope="module")
def scores() -> pd.DataFrame:
    return pd.read_csv(DATA / "scores.csv")


@pytest.fixture(scope="module")
def params() -> pd.DataFrame:
    return pd.read_csv(DATA / "params.csv")


@pytest.fixture(scope="module")
def benchmarks() -> pd.DataFrame:
    return pd.read_csv(DATA / "benchmarks.csv")


def _blank(s: pd.Series) -> pd.Series:
    return s.isna() | s.astype(str).str.strip().eq("")


def test_every_score_row_sourced(scores):
    assert len(scores)
    assert not _blank(scores["source"]).any()
    assert not _blank(scores["evaluator"]).any()
    assert set(scores["evaluator"]) <= set(I.EVALUATOR_PRIORITY) - {"user"}


def test_scores_are_fractions(scores):
    assert scores["score"].notna().all()
    assert scores["score"].between(0, 1).all()


def test_score_rows_unique(scores):
    key = ["model", "benchmark", "score", "variant", "source"]
    assert not scores.fillna({"variant": ""}).duplicated(key).any()


def test_scores_reference_known_benchmarks_and_models(scores, models, benchmarks):
    assert set(scores["benchmark"]) <= set(benchmarks["benchmark"])
    assert set(scores["model"]) <= set(models["model"])


def test_model_ids_unique_and_lowercase(models):
    assert models["model"].is_unique
    assert (models["model"] == models["model"].str.lower()).all()
    assert not _blank(models["model"]).any()
    assert (models["model"] == models["model"].str.strip()).all()


def _alias_keys(models: pd.DataFrame) -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {}
    for r in models.itertuples(index=False):
        names = [r.model, r.name] + [a.strip() for a in str(r.aliases).split(";")
                                     if isinstance(r.aliases, str) and a.strip()]
        for n in names:
            keys.setdefault(name_key(n), set()).add(r.model)
    return keys


def test_model_ids_do_not_collide(models):
    ids = {}
    for m in models["model"]:
        ids.setdefault(name_key(m), []).append(m)
    assert not {k: v for k, v in ids.items() if len(v) > 1}


def test_aliases_unambiguous(models):
    amb = {k: sorted(v) for k, v in _alias_keys(models).items() if len(v) > 1}
    assert not amb, amb


def test_params_positive_and_active_le_total(models, params):
    for df in (models, params):
        tot, act = df["total_params_b"], df["active_params_b"]
        assert (tot.dropna() > 0).all()
        assert (act.dropna() > 0).all()
        both = tot.notna() & act.notna()
        assert (act[both] <= tot[both] * (1 + 1e-9)).all()
        assert np.isfinite(tot.dropna()).all()


def test_arch_values(models, params):
    for df in (models, params):
        assert set(df["arch"].fillna("")) <= {"dense", "moe", ""}


def test_arch_values_of_sized_models(models, params):
    # the calibration set (open models with a size) must not carry a stray arch value
    sized = models[models["open_weights"] & models["total_params_b"].notna()
                   & models["active_params_b"].notna()]
    assert set(sized["arch"].fillna("")) <= {"dense", "moe", ""}
    assert set(params["arch"].fillna("")) <= {"dense", "moe", ""}
    dense = models[models["arch"] == "dense"]
    assert (dense["active_params_b"].isna() | (dense["active_params_b"] == dense["total_params_b"])).all()


def test_release_dates_parse_and_not_future(models):
    raw = models["release_date"].dropna().astype(str)
    assert raw.str.fullmatch(r"\d{4}-\d{2}(-\d{2})?").all()
    d = pd.to_datetime(raw, format="mixed", errors="coerce")
    assert d.notna().all()
    assert (d <= TODAY + pd.Timedelta(days=1)).all()
    assert (d >= pd.Timestamp("2000-01-01")).all()
    # a date has a source
    assert not _blank(models.loc[models["release_date"].notna(), "release_source"]).any()


def test_open_weights_and_reasoning_are_booleans(models):
    for c in ("open_weights", "reasoning"):
        assert models[c].dtype == bool or set(models[c].astype(str)) <= {"True", "False"}


def test_every_chosen_size_has_a_source(params, models):
    ch = params[params["chosen"]]
    assert not _blank(ch["source"]).any()
    assert not _blank(ch["source_kind"]).any()
    assert set(params["source_kind"]) <= {"config", "safetensors", "card", "ikp", "hf_count", "aa",
                                          "harvest", "secondary", "name", "chart"}
    assert ch["model"].is_unique  # one chosen size per model
    assert set(params["model"]) <= set(models["model"])
    # the model table carries exactly the chosen size
    j = ch[["model", "total_params_b"]].merge(
        models[["model", "total_params_b"]], on="model", suffixes=("", "_table"))
    assert len(j) == len(ch)
    assert np.allclose(j["total_params_b"], j["total_params_b_table"])
    sized = set(models.loc[models["total_params_b"].notna(), "model"])
    assert sized == set(ch["model"])


def test_every_open_model_with_size_has_params_source(models):
    sized = models[models["open_weights"] & models["total_params_b"].notna()]
    assert len(sized)
    assert not _blank(sized["params_source"]).any()


def test_weights_groups_share_one_size(models):
    sized = models[models["total_params_b"].notna()]
    n = sized.groupby("weights")["total_params_b"].nunique()
    assert (n == 1).all(), n[n > 1]


def test_benchmark_table(benchmarks, scores):
    assert benchmarks["benchmark"].is_unique
    assert (benchmarks["benchmark"] == benchmarks["benchmark"].str.lower()).all()
    assert benchmarks["chance"].between(0, 1).all()
    q = benchmarks.dropna(subset=["n_questions"])
    assert (q["n_questions"] > 0).all()
    assert not _blank(q["n_questions_source"]).any()
    mc = benchmarks.dropna(subset=["n_choices"])
    assert np.allclose(mc["chance"], 1 / mc["n_choices"])


def test_lm_eval_tasks_map_to_known_benchmarks(benchmarks):
    t = pd.read_csv(DATA / "lm_eval_tasks.csv")
    assert t["task"].is_unique
    assert set(t["benchmark"]) <= set(benchmarks["benchmark"])
    assert not _blank(t["metric"]).any() and not _blank(t["note"]).any()


def test_reference_estimates(models):
    r = pd.read_csv(DATA / "reference_estimates.csv")
    assert len(r) and r["model"].is_unique
    assert set(r["model"]) <= set(models["model"])
    assert ((r["lower_b"] > 0) & (r["lower_b"] <= r["estimate_b"])
            & (r["estimate_b"] <= r["upper_b"])).all()
    assert r["level"].between(0, 1, inclusive="neither").all()
    assert not _blank(r["source"]).any() and not _blank(r["by"]).any()
