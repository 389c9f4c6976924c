"""Integrity of the shipped datasets (datasets/*.csv), read directly with pandas."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from paramest import ingest as I
from paramest.ingest.names import name_key

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


# --------------------------------------------------------------------------------------
# Data v3 (issue 20) rules
# --------------------------------------------------------------------------------------


def _dash_key(name: str) -> str:
    # the normalisation: lower-case, spaces and underscores as dashes
    return re.sub(r"[\s_]+", "-", str(name).strip().lower())


def test_no_alias_points_to_two_models(models):
    owners: dict[str, set] = {}
    for r in models.itertuples(index=False):
        names = [r.model, r.name] + [a.strip() for a in str(r.aliases).split(";")
                                     if isinstance(r.aliases, str) and a.strip()]
        for n in names:
            owners.setdefault(_dash_key(n), set()).add(r.model)
    amb = {k: sorted(v) for k, v in owners.items() if len(v) > 1}
    assert not amb, amb


@pytest.mark.parametrize("typed, model", [
    ("gpt-4.5", "gpt-4.5-preview"), ("GPT 4.5", "gpt-4.5-preview"),
    ("claude-3.5-sonnet", "claude-3.5-sonnet-2024-10-22"),
    ("claude 3.5 sonnet", "claude-3.5-sonnet-2024-10-22"),
    ("qwen3 235b", "qwen3-235b-a22b"),
    ("Qwen/Qwen2.5-72B", "qwen2.5-72b-base"), ("meta-llama/Llama-3.1-8B", "llama-3.1-8b-base"),
    ("Qwen/Qwen2.5-72B-Instruct", "qwen2.5-72b"),
])
def test_names_users_type(typed, model):
    import paramest as pe
    assert pe.resolve_model(typed) == model


def test_grok_4_5_resolves_to_its_weights(models):
    import paramest as pe
    got = pe.resolve_model("grok-4.5")
    assert models.set_index("model").loc[got, "weights"] == "grok-4.5"


def test_base_hub_names_are_not_instruct_aliases(models):
    # a base checkpoint's hub name belongs to the base id, never to its instruct sibling
    m = models.set_index("model")
    for base in m.index[m.index.str.endswith("-base")]:
        inst = base[: -len("-base")]
        if inst not in m.index or m.loc[inst, "weights"] != m.loc[base, "weights"]:
            continue
        hubs = [a.strip() for a in str(m.loc[base, "aliases"]).split(";") if "/" in a]
        inst_aliases = {name_key(a) for a in str(m.loc[inst, "aliases"]).split(";") if a.strip()}
        for hub in hubs:
            assert name_key(hub.rsplit("/", 1)[1]) not in inst_aliases, (inst, hub)


def test_every_weights_id_is_reachable_by_name(models):
    # by the table's own names, or by the library's rule for a weights id (its default setting)
    import paramest as pe
    wid = models.set_index("model")["weights"]
    unreachable = sorted(w for w in set(models["weights"]) if wid.get(pe.resolve_model(w)) != w)
    assert not unreachable, unreachable


def test_dated_checkpoints_are_their_own_weights(models):
    # README identity rule: a dated re-release (-2507, -0905, -0324, ...) of open weights is
    # other weights (closed models' undated ids can be serving aliases of one snapshot:
    # gpt-4 = gpt-4-0613, from the closed-model audit)
    m = models.set_index("model")
    dated = re.compile(r"^(?P<stem>.+?)(-instruct|-thinking)?-(?P<date>\d{4})$")
    for mid in m.index[m["open_weights"].astype(bool)]:
        g = dated.match(mid)
        if g and g["stem"] in m.index and not re.fullmatch(r"\d{4}", g["stem"].split("-")[-1]):
            assert m.loc[mid, "weights"] != m.loc[g["stem"], "weights"], (mid, g["stem"])
    for a, b in [("qwen3-235b-a22b", "qwen3-235b-a22b-instruct-2507"), ("deepseek-v3", "deepseek-v3-0324"),
                 ("kimi-k2", "kimi-k2-instruct-0905"), ("qwen3-30b-a3b", "qwen3-30b-a3b-instruct-2507"),
                 ("qwen3-4b", "qwen3-4b-instruct-2507")]:
        assert m.loc[a, "weights"] != m.loc[b, "weights"], (a, b)
    # one model under two ids shares one weights group
    for a, b in [("gemini-3.1-pro", "gemini-3.1-pro-preview"), ("codellama-7b-base", "codellama-7b-instruct"),
                 ("mistral-7b-v0.1-base", "mistral-7b-instruct-v0.1")]:
        assert m.loc[a, "weights"] == m.loc[b, "weights"], (a, b)


def test_source_names_that_say_non_thinking_are_not_thinking(scores, models):
    neg = re.compile(r"w/o extended thinking|no extended thinking|non-thinking|non-reasoning", re.I)
    rows = scores[scores["source_name"].fillna("").str.contains(neg)]
    assert len(rows) > 20
    assert not rows["thinking"].astype(str).eq("True").any(), rows.loc[
        rows["thinking"].astype(str).eq("True"), ["model", "benchmark", "source_name"]]
    m = models.set_index("model")
    named = m[m["name"].fillna("").str.contains(neg) & ~m.index.str.contains("think")]
    assert not named["reasoning"].astype(bool).any(), list(named.index[named["reasoning"].astype(bool)])


def test_gpqa_rows_that_name_diamond_are_gpqa_diamond(scores):
    g = scores[scores["benchmark"].eq("gpqa")]
    assert not g["note"].fillna("").str.contains(r"method=[^;|]*diamond", case=False).any()


def test_one_default_aa_record_per_model(scores):
    # the 2026-07-31 snapshot is the default AA record; a later dump's row of the same model
    # ships as a variant, and chart-read rows never outrank exact ones
    aa = scores[scores["benchmark"].eq("aa-omniscience") & scores["variant"].isna()
                & scores["precision"].eq("exact") & scores["evaluated_by"].eq("artificial-analysis")]
    record = aa["source"].str.extract(r"^Artificial Analysis, (snapshot|dump) (\d{4}-\d{2}-\d{2})")
    assert record.notna().all().all()
    n = record.assign(model=aa["model"]).drop_duplicates().groupby("model").size()
    assert (n == 1).all(), n[n > 1]
    dumps = scores[scores["source"].str.contains("Artificial Analysis, dump 2026-09-01", regex=False)]
    assert len(dumps) and dumps["precision"].eq("chart").all()


def test_run_dates_parse(scores):
    d = scores["run_date"].dropna().astype(str)
    assert d.str.fullmatch(r"\d{4}-\d{2}(-\d{2})?").all()


def test_stated_sizes_are_closed_and_quoted(models, params):
    stated = models[models["size_status"].isin(["disclosed", "reported"])]
    assert len(stated) >= 10
    assert not stated["open_weights"].astype(bool).any()
    assert stated["total_params_b"].notna().all()
    # the chosen rows of stated sizes carry the statement's words where the source is a statement
    assert "quote" in params.columns
    grok = params[(params["model"] == "grok-4.5-high") & params["chosen"]]
    assert len(grok) == 1 and str(grok["quote"].iloc[0]).strip()


def test_training_tokens_shared_by_weights(models):
    assert {"training_tokens_b", "training_tokens_source"} <= set(models.columns)
    t = models[models["training_tokens_b"].notna()]
    assert len(t) and (t["training_tokens_b"] > 0).all()
    assert not _blank(t["training_tokens_source"]).any()
    assert (t.groupby("weights")["training_tokens_b"].nunique() == 1).all()


def test_exact_sizes_are_chosen(params):
    exact = params[params["note"].fillna("").str.startswith("exact count")]
    assert len(exact) > 50
    chosen_totals = params[params["chosen"]].set_index("model")["total_params_b"]
    for r in exact.itertuples(index=False):
        assert np.isclose(chosen_totals[r.model], r.total_params_b) or not r.chosen, r.model


def test_engram_tables_count_in_deepseek_v4_1_flash(models, params):
    w = models[models["weights"].eq("deepseek-v4.1-flash")]
    assert len(w) and (w["total_params_b"] > 700).all()  # backbone + Engram lookup tables
    rows = params[params["model"].isin(w["model"])]
    assert (rows["total_params_b"].round() == 552).any()  # the backbone-only count is kept
    assert not rows.loc[rows["total_params_b"].round() == 552, "chosen"].any()


def test_manifest_counts_recomputed():
    import json

    import paramest as pe
    man = json.loads((DATA / "manifest.json").read_text())
    c = man["counts"]
    s = pe.load_scores(pe.default_evidence())
    open_sized = s[s["open_weights"] & s["total_params_b"].notna()]
    w = open_sized.groupby("weights").agg(total=("total_params_b", "first"), n=("benchmark", "nunique"))
    assert c["open_weights_with_sized_knowledge_score"] == len(w)
    bands = {"<10B": (0, 10), "10-100B": (10, 100), "100B-1T": (100, 1000), ">=1T": (1000, np.inf)}
    for name, (lo, hi) in bands.items():
        assert c["by_band"][name] == int(((w.total >= lo) & (w.total < hi)).sum()), name
    big = w[w.total > 236]
    assert c["open_weights_above_236b"] == len(big)
    assert c["open_weights_above_236b_with_2plus_knowledge_benchmarks"] == int((big.n >= 2).sum())
    m = pe.load_models()
    recent = set(m.loc[~m["open_weights"] & (m["release_date"] >= "2025-01-01"), "weights"])
    k = s[~s["open_weights"] & s["weights"].isin(recent)].groupby("weights")["benchmark"].nunique()
    assert c["closed_weights_since_2025"] == len(k)
    assert c["closed_weights_since_2025_with_2plus_knowledge_benchmarks"] == int((k >= 2).sum())
