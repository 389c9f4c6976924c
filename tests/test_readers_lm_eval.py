"""The lm-evaluation-harness reader, on genuine harness result files (tests/data/lm_eval).

Every expected value is read from the result file itself (or from the shipped
``lm_eval_tasks.csv``), never typed: the test checks that what the reader returns is what
the file says, and that every decision is in the report.
"""

from __future__ import annotations

import hashlib
import json
import re
import warnings
from pathlib import Path

import pandas as pd
import pytest

import paramest
from paramest import errors as E

HERE = Path(__file__).parent
DATA = HERE / "data" / "lm_eval"
REPO = HERE.parent
MMLU = DATA / "mmlu_llama-3.1-8b_results_2025-03-06T22-23-33.022702.json"
ASDIV = DATA / "asdiv_limit50_results_2024-08-21T03-44-09.494230.json"
TRIVIA = DATA / "triviaqa-v0-res.json"
MLSUM = DATA / "vicuna-7b_mlsum-de-1000.json"


def load(p: Path) -> dict:
    return json.loads(p.read_text())


def read(*a, **kw) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return paramest.read_lm_eval(*a, **kw)


def invariant(df: pd.DataFrame):
    rep = df.attrs["report"]
    assert rep.n_in == rep.n_loaded + len(rep.skipped) and rep.n_loaded == len(df)
    return rep


def task_table() -> pd.DataFrame:
    return pd.read_csv(REPO / "datasets" / "lm_eval_tasks.csv").set_index("task")


# --------------------------------------------------------------------------------------
# the files are the harness's own, unchanged
# --------------------------------------------------------------------------------------


def _readme_rows() -> list[tuple[str, str, str]]:
    text = (HERE / "data" / "README.md").read_text()
    rows = re.findall(r"^\| `([^`]+\.json)` \| `([^`]+)`.*?\| `([0-9a-f]{40})` \|", text, re.M)
    return rows


def test_every_file_is_cited_and_unchanged():
    rows = _readme_rows()
    assert {r[0] for r in rows} == {p.name for p in DATA.glob("*.json")}
    for name, source, blob in rows:
        assert re.match(r"EleutherAI/lm-evaluation-harness@[0-9a-f]{40}:\S+$", source), source
        data = (DATA / name).read_bytes()
        git_blob = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
        assert git_blob == blob, name


def test_task_tables_identical_and_cited():
    a = (REPO / "datasets" / "lm_eval_tasks.csv").read_bytes()
    b = (REPO / "datasets" / "build" / "lm_eval_tasks.csv").read_bytes()
    assert a == b
    t = pd.read_csv(REPO / "datasets" / "lm_eval_tasks.csv")
    for r in t.itertuples():
        assert re.search(r"EleutherAI/lm-evaluation-harness@[0-9a-f]{40}:lm_eval/\S+", r.note), r.task
    assert set(t["benchmark"]) <= set(paramest.load_benchmarks()["benchmark"])


# --------------------------------------------------------------------------------------
# a full v0.4 run: group aggregate, size, open weights, shots
# --------------------------------------------------------------------------------------


def test_mmlu_group_size_open_weights_shots():
    obj = load(MMLU)
    t = task_table()
    metric = t.loc["mmlu", "metric"]
    df = read(MMLU)
    rep = invariant(df)
    assert len(df) == 1
    row = df.iloc[0]
    pretrained = dict(kv.split("=", 1) for kv in obj["config"]["model_args"].split(","))["pretrained"]
    assert row["model"] == paramest.resolve_model(pretrained)
    assert row["benchmark"] == t.loc["mmlu", "benchmark"]
    assert row["score"] == pytest.approx(obj["results"]["mmlu"][metric])
    # the metric key actually used is recorded
    assert row["source"] == f"{MMLU.name}: lm-eval task mmlu ({metric})"
    assert row["total_params_b"] == pytest.approx(obj["config"]["model_num_parameters"] / 1e9)
    assert bool(row["open_weights"])
    # the group's own n-shot entry is the harness's 0 for a group: the shots are its
    # subtasks', from the file's own task configs
    sub_shots = {obj["configs"][t]["num_fewshot"] for t in obj["configs"]}
    assert len(sub_shots) == 1 and obj["n-shot"]["mmlu"] not in sub_shots
    assert row["shots"] == sub_shots.pop()
    assert "n_questions" not in df.columns  # not a --limit run
    text = " ".join(rep.notes)
    assert "pretrained=" in text and "model_num_parameters" in text
    # every other entry is a subtask of the group, counted and skipped
    assert rep.n_in == len(obj["results"])
    assert set(rep.skipped["reason"]) == {"subtask of a mapped group (the group's score is read)"}


def test_mmlu_through_read_scores_and_groups_only():
    obj = load(MMLU)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        df = paramest.read_scores(MMLU)
    assert df["score"].iloc[0] == pytest.approx(obj["results"]["mmlu"]["acc,none"])
    # a file whose aggregate is only under 'groups' is read the same way
    only_groups = dict(obj)
    only_groups["results"] = {k: v for k, v in obj["results"].items() if k not in obj["groups"]}
    g = read(only_groups)
    assert g["score"].iloc[0] == pytest.approx(obj["groups"]["mmlu"]["acc,none"])


# --------------------------------------------------------------------------------------
# a --limit run, on a task mapped by the user to a registered benchmark
# --------------------------------------------------------------------------------------


def test_limit_run_effective_question_count(fresh_registry):
    obj = load(ASDIV)
    with pytest.raises(E.FileFormatError, match="tasks="):
        read(ASDIV)
    paramest.register_benchmark("asdiv-math", kind="reasoning", chance=0.0)
    df = read(ASDIV, tasks={"asdiv": ("asdiv-math", "acc,none")})
    rep = invariant(df)
    row = df.iloc[0]
    eff, orig = obj["n-samples"]["asdiv"]["effective"], obj["n-samples"]["asdiv"]["original"]
    assert eff < orig
    assert row["n_questions"] == eff
    assert row["shots"] == obj["n-shot"]["asdiv"]
    assert row["score"] == pytest.approx(obj["results"]["asdiv"]["acc,none"])
    assert row["total_params_b"] == pytest.approx(obj["config"]["model_num_parameters"] / 1e9)
    assert any("--limit" in n and str(eff) in n and str(orig) in n for n in rep.notes)


def test_old_config_limit_bounded_by_benchmark_size(fresh_registry):
    obj = load(MLSUM)
    n_table = 10 * obj["config"]["limit"]
    paramest.register_benchmark("mlsum-de", kind="reasoning", n_questions=n_table)
    df = read(MLSUM, model="vicuna-7b", tasks={"mlsum-de": ("mlsum-de", "exact_match,none")})
    invariant(df)
    assert df["n_questions"].iloc[0] == min(obj["config"]["limit"], n_table)
    assert df["shots"].iloc[0] == obj["config"]["num_fewshot"]
    # no pretrained= in model_args: no claim about the weights
    assert not any("open weights" in n for n in df.attrs["report"].notes)


# --------------------------------------------------------------------------------------
# v0.3 files
# --------------------------------------------------------------------------------------


def test_v03_triviaqa_acc_and_model_name():
    obj = load(TRIVIA)
    with pytest.raises(E.FileFormatError, match="model="):
        read(TRIVIA)
    df = read(TRIVIA, model="my-model")
    assert df["score"].iloc[0] == pytest.approx(obj["results"]["triviaqa"]["acc"])
    assert df["source"].iloc[0].endswith("(acc)")
    t = task_table()
    assert "acc" in str(t.loc["triviaqa", "v03_metric"]).split(";")


def test_v03_name_in_error_when_neither_metric():
    t = task_table()
    with pytest.raises(E.FileFormatError) as e:
        read({"results": {"triviaqa": {"f1": 0.5}}}, model="m")
    msg = str(e.value)
    assert t.loc["triviaqa", "metric"] in msg and "'acc'" in msg and "v0.3" in msg


# --------------------------------------------------------------------------------------
# synthetic files for the remaining cases (shapes as in lm_eval/result_schema.py)
# --------------------------------------------------------------------------------------


def test_leaderboard_gpqa_group_maps_to_ollb_and_sums_limits():
    t = task_table()
    subs = ["leaderboard_gpqa_diamond", "leaderboard_gpqa_extended", "leaderboard_gpqa_main"]
    counts = {s: {"original": 100 + i, "effective": 10 + i} for i, s in enumerate(subs)}
    metric = t.loc["leaderboard_gpqa", "metric"]
    obj = {
        "results": {s: {metric: 0.3} for s in subs},
        "groups": {"leaderboard_gpqa": {metric: 0.31, "alias": "leaderboard_gpqa"}},
        "group_subtasks": {"leaderboard_gpqa": subs},
        "n-samples": counts,
        "n-shot": {"leaderboard_gpqa": "0"},
        "config": {"model": "hf", "model_args": {"pretrained": "acme/acme-7b"},
                   "model_num_parameters": 0},
    }
    df = read(obj)
    rep = invariant(df)
    got = df.set_index("benchmark")
    assert t.loc["leaderboard_gpqa", "benchmark"] == "gpqa-ollb"
    assert got.loc["gpqa-ollb", "score"] == pytest.approx(0.31)
    assert got.loc["gpqa-ollb", "n_questions"] == sum(c["effective"] for c in counts.values())
    assert got.loc["gpqa-ollb", "shots"] == 0
    # diamond is its own mapped task, read too; the others are subtasks of the group
    assert t.loc["leaderboard_gpqa_diamond", "benchmark"] in got.index
    assert df["model"].iloc[0] == "acme/acme-7b" and df["open_weights"].all()
    assert df["total_params_b"].isna().all()  # model_num_parameters 0 is not a size
    assert any("model_num_parameters is 0" in n for n in rep.notes)


def test_metric_fallback_records_key_used():
    t = task_table()
    want = t.loc["triviaqa", "metric"]
    other = want.split(",")[0] + ",another-filter"
    df = read({"results": {"triviaqa": {other: 0.4, want.split(",")[0] + "_stderr,another-filter": 0.01}},
               "model_name": "m"})
    assert df["source"].iloc[0].endswith(f"({other})")
    assert any(want in n and other in n for n in df.attrs["report"].notes)


def test_non_numeric_metric_skipped_with_reason():
    df = read({"results": {"mmlu": {"acc,none": 0.5}, "nq_open": {task_table().loc["nq_open", "metric"]: "N/A"}},
               "model_name": "m"})
    rep = invariant(df)
    assert list(rep.skipped["benchmark"]) == ["nq_open"]
    assert "'N/A'" in rep.skipped["reason"].iloc[0]


def test_metric_above_one_is_not_a_fraction():
    with pytest.raises(E.ScoreScaleError, match="fraction"):
        read({"results": {"mmlu": {"acc,none": 55.0}}, "model_name": "m"})
    df = read({"results": {"mmlu": {"acc,none": 55.0}}, "model_name": "m"}, scale="percent")
    assert df["score"].iloc[0] == pytest.approx(0.55)
