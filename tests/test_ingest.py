"""Tests of paramest.ingest: shipped loaders, name resolution, parameter parsing, readers.

Expected values come from the shipped CSVs (read here with pandas) or from synthetic data
built in the test; none is typed from memory.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

from paramest import ingest as I
from paramest.errors import (
    FileFormatError,
    IngestWarning,
    InputError,
    ParamsParseError,
    ScoreScaleError,
    UnknownBenchmarkError,
    UnknownModelError,
)

PRIORITY = {"third-party": 0, "developer": 1, "unknown": 2, "competitor": 3}


# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------


def raw(name: str) -> pd.DataFrame:
    return pd.read_csv(I.data_dir() / name)


def raw_scores() -> pd.DataFrame:
    s = raw("scores.csv")
    s["variant"] = s["variant"].fillna("")
    return s


def excluded_models() -> set[str]:
    m = raw("models.csv")
    return set(m.loc[m["exclude_reason"].fillna("") != "", "model"])


@pytest.fixture(scope="module")
def sized_open() -> pd.DataFrame:
    """Three shipped open-weight models with a size (from models.csv)."""
    m = raw("models.csv")
    m = m[m["open_weights"] & m["total_params_b"].notna() & m["exclude_reason"].isna()]
    return m.sort_values("model").head(3).reset_index(drop=True)


def read_quiet(*args, **kw) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return I.read_scores(*args, **kw)


def check_report(df: pd.DataFrame) -> I.IngestReport:
    rep = df.attrs["report"]
    assert isinstance(rep, I.IngestReport)
    assert rep.n_loaded == len(df)
    assert rep.n_in == rep.n_loaded + len(rep.skipped)
    assert list(rep.skipped.columns)[:4] == ["row", "model", "benchmark", "reason"]
    return rep


# --------------------------------------------------------------------------------------
# shipped data: loaders
# --------------------------------------------------------------------------------------


def test_load_models_columns_and_types():
    m = I.load_models()
    for c in ["model", "name", "developer", "family", "weights", "open_weights", "arch",
              "total_params_b", "active_params_b", "release_date", "release_precision",
              "reasoning", "aliases", "params_source", "params_conflict", "release_source",
              "exclude_reason"]:
        assert c in m.columns, c
    assert len(m) == len(raw("models.csv"))
    assert m["model"].is_unique
    assert m["open_weights"].dtype == bool and m["reasoning"].dtype == bool
    assert pd.api.types.is_datetime64_any_dtype(m["release_date"])
    assert set(m["release_precision"]) <= {"day", "month", "unknown"}
    # a month-precision date is the first of the month
    month = m[m["release_precision"] == "month"]
    assert len(month) and (month["release_date"].dt.day == 1).all()


def test_load_scores_default_one_row_per_pair():
    s = I.load_scores()
    for c in I.SCORE_COLUMNS + ["n_sources", "score_spread"]:
        assert c in s.columns, c
    assert not s.duplicated(["model", "benchmark"]).any()
    assert (s["variant"] == "").all()
    assert s["score"].between(0, 1).all()
    assert s["source"].astype(str).str.strip().ne("").all()
    assert (s["n_sources"] >= 1).all() and (s["score_spread"] >= 0).all()
    assert not set(s["model"]) & excluded_models()


def test_all_sources_returns_every_default_row():
    s = I.load_scores()
    a = I.load_scores(all_sources=True)
    r = raw_scores()
    r = r[(r["variant"] == "") & ~r["model"].isin(excluded_models())]
    assert len(a) == len(r) > len(s)
    assert a["score"].between(0, 1).all()
    assert a["source"].astype(str).str.strip().ne("").all()
    # n_sources counts the source rows per pair
    n = a.groupby(["model", "benchmark"]).size().rename("n")
    j = s.merge(n.reset_index(), on=["model", "benchmark"])
    assert (j["n_sources"] == j["n"]).all()


def test_variants_filter():
    r = raw_scores()
    r = r[~r["model"].isin(excluded_models())]
    assert (r["variant"] != "").any(), "scores.csv should hold some non-default settings"
    v = I.load_scores(variants=True, all_sources=True)
    assert len(v) == len(r)
    assert set(v.loc[v["variant"] != "", "variant"]) == set(r.loc[r["variant"] != "", "variant"])
    one = I.load_scores(variants=True)
    assert not one.duplicated(["model", "benchmark", "variant"]).any()
    assert (one["variant"] != "").any()


def test_open_only_and_include_excluded():
    s = I.load_scores()
    o = I.load_scores(open_only=True)
    assert o["open_weights"].all() and 0 < len(o) < len(s)
    assert len(o) == s["open_weights"].sum()
    e = I.load_scores(include_excluded=True)
    assert len(e) > len(s)
    ex = excluded_models()
    assert ex and set(e["model"]) & ex
    assert not set(s["model"]) & ex


def test_benchmark_filter_accepts_spellings():
    s = I.load_scores(["SimpleQA", "mmlu_pro"])
    assert set(s["benchmark"]) == {"simpleqa", "mmlu-pro"}
    assert len(I.load_scores("ikp")) == (I.load_scores()["benchmark"] == "ikp").sum()
    with pytest.raises(UnknownBenchmarkError):
        I.load_scores("no-such-benchmark")


def test_load_benchmarks_and_list_benchmarks():
    b = I.load_benchmarks()
    for c in ["benchmark", "name", "kind", "default_evidence", "n_questions", "n_choices",
              "chance", "citation"]:
        assert c in b.columns
    assert b["benchmark"].is_unique
    lb = I.list_benchmarks()
    assert list(lb["benchmark"]) == list(b["benchmark"])
    s = I.load_scores()
    per = s.groupby("benchmark")["model"].nunique()
    for r in lb.itertuples(index=False):
        assert r.n_models == per.get(r.benchmark, 0)
        sub = s[s["benchmark"] == r.benchmark]
        assert r.n_open_sized == (sub["open_weights"] & sub["total_params_b"].notna()).sum()
        assert r.n_closed == (~sub["open_weights"]).sum()
    n_rows = raw_scores().groupby("benchmark").size()
    assert (lb.set_index("benchmark")["n_scores"] == n_rows.reindex(lb["benchmark"]).fillna(0)).all()


def test_list_datasets_rows_match_files():
    d = I.list_datasets()
    assert {"dataset", "file", "rows", "description"} <= set(d.columns)
    for r in d.itertuples(index=False):
        assert r.rows == len(raw(r.file)), r.file


# --------------------------------------------------------------------------------------
# conflict rule
# --------------------------------------------------------------------------------------


def _expected_pick(g: pd.DataFrame) -> float | None:
    """The rule from the docs, written independently; None if the answer is a tie."""
    pri = g["evaluator"].map(PRIORITY)
    top = g[pri == pri.min()]
    prec = top["precision"].fillna("").map({"exact": 0, "": 0, "rounded": 1, "chart": 2})
    top = top[prec == prec.min()]
    d = (top["score"] - top["score"].median()).abs()
    best = top[d == d.min()]
    return float(best["score"].iloc[0]) if best["score"].nunique() == 1 else None


def _default_groups():
    r = raw_scores()
    r = r[(r["variant"] == "") & ~r["model"].isin(excluded_models())]
    return r.groupby(["model", "benchmark"])


def test_conflict_rule_on_a_real_pair():
    # a pair with several evaluators AND several top-priority rows with distinct scores,
    # so both step 2 (evaluator) and step 3 (closest to median) matter
    chosen = None
    for key, g in _default_groups():
        pri = g["evaluator"].map(PRIORITY)
        top = g[pri == pri.min()]
        if pri.nunique() > 1 and top["score"].nunique() >= 3 and _expected_pick(g) is not None:
            chosen = (key, g)
            break
    assert chosen is not None, "scores.csv has no pair that exercises the conflict rule"
    (model, bench), g = chosen
    s = I.load_scores(bench)
    row = s[s["model"] == model]
    assert len(row) == 1
    assert row["score"].iloc[0] == pytest.approx(_expected_pick(g))
    assert row["evaluator"].iloc[0] == min(g["evaluator"], key=PRIORITY.get)
    assert row["n_sources"].iloc[0] == len(g)
    assert row["score_spread"].iloc[0] == pytest.approx(g["score"].max() - g["score"].min())
    # the rule is not just "closest to the median of all rows"
    assert len(g) > len(g[g["evaluator"].map(PRIORITY) == g["evaluator"].map(PRIORITY).min()])


def test_third_party_beats_developer_on_a_real_pair():
    def differs(g):
        tp = g[g["evaluator"] == "third-party"]
        dv = g[g["evaluator"] == "developer"]
        return len(tp) == 1 and len(dv) and not np.isclose(dv["score"], tp["score"].iloc[0]).any()

    found = next(((k, g) for k, g in _default_groups() if differs(g)), None)
    assert found is not None, "no pair with one third-party row and a differing developer row"
    (model, bench), g = found
    tp = g[g["evaluator"] == "third-party"]
    s = I.load_scores(bench)
    row = s[s["model"] == model].iloc[0]
    assert row["score"] == pytest.approx(tp["score"].iloc[0])
    assert row["evaluator"] == "third-party"


def test_conflict_rule_on_every_unambiguous_pair():
    s = I.load_scores().set_index(["model", "benchmark"])["score"]
    checked = 0
    for key, g in _default_groups():
        exp = _expected_pick(g)
        if exp is None:
            continue
        assert s[key] == pytest.approx(exp), key
        checked += len(g) > 1
    assert checked > 0


# --------------------------------------------------------------------------------------
# coverage
# --------------------------------------------------------------------------------------


def test_coverage_open_and_closed():
    m = I.load_models()
    assert (m["open_weights"] & m["total_params_b"].notna()).sum() >= 150
    assert (~m["open_weights"]).sum() >= 60


def test_every_ikp_open_weight_model_present():
    # IKP's open-model table is the params.csv rows transcribed from it
    p = raw("params.csv")
    ikp = p[p["note"].fillna("").str.startswith("IKP calibration table row")]
    assert len(ikp) > 0
    m = I.load_models().set_index("model")
    scores = I.load_scores("ikp", open_only=True, include_excluded=True)
    for mid in ikp["model"]:
        assert mid in m.index, mid
        assert m.loc[mid, "open_weights"], mid
        assert np.isfinite(m.loc[mid, "total_params_b"]), mid
        assert mid in set(scores["model"]), mid


# --------------------------------------------------------------------------------------
# name resolution
# --------------------------------------------------------------------------------------


def test_resolve_model_ids_names_and_aliases():
    m = raw("models.csv")
    for r in m.itertuples(index=False):
        assert I.resolve_model(r.model) == r.model
    # every alias resolves to some model that lists it (first listed wins on a clash)
    owners: dict[str, set] = {}
    for r in m.itertuples(index=False):
        for a in str(r.aliases if isinstance(r.aliases, str) else "").split(";"):
            if a.strip():
                owners.setdefault(a.strip(), set()).add(r.model)
    assert owners
    for a, who in owners.items():
        assert I.resolve_model(a) in who | set(m["model"]), a


@pytest.mark.parametrize("spelling", ["Llama-3.1-70B-Instruct", "llama 3.1 70b", "LLAMA-3.1-70B",
                                      " llama-3.1-70b ", "meta-llama/Llama-3.1-70B-Instruct"])
def test_resolve_model_case_and_punctuation(spelling):
    assert "llama-3.1-70b" in set(raw("models.csv")["model"])
    assert I.resolve_model(spelling) == "llama-3.1-70b"


def test_resolve_model_unknown_suggests():
    with pytest.raises(UnknownModelError, match="llama-3.1-70b") as e:
        I.resolve_model("llama-3.1-70c")
    assert "Did you mean" in str(e.value)
    assert isinstance(e.value, ValueError)
    with pytest.raises(UnknownModelError, match="unknown model"):
        I.resolve_model("zzzz-nothing-like-it")


@pytest.mark.parametrize("spelling,expected", [
    ("SimpleQA", "simpleqa"), ("simple_qa", "simpleqa"), ("MMLU-Pro", "mmlu-pro"),
    ("mmlu_pro", "mmlu-pro"), ("GPQA Diamond", "gpqa-diamond"), ("nq_open", "naturalquestions"),
    ("IKP", "ikp"), ("AA-Omniscience", "aa-omniscience"),
])
def test_resolve_benchmark_spellings(spelling, expected):
    assert expected in set(raw("benchmarks.csv")["benchmark"])
    assert I.resolve_benchmark(spelling) == expected


def test_resolve_benchmark_every_id_and_name():
    for r in raw("benchmarks.csv").itertuples(index=False):
        assert I.resolve_benchmark(r.benchmark) == r.benchmark
        assert I.resolve_benchmark(r.name) == r.benchmark


def test_resolve_benchmark_unknown():
    with pytest.raises(UnknownBenchmarkError, match="simpleqa"):
        I.resolve_benchmark("simpleqaa")
    with pytest.raises(UnknownBenchmarkError, match="Known ids"):
        I.resolve_benchmark("hellaswag")


# --------------------------------------------------------------------------------------
# parse_params
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("value,total,active", [
    (7, 7.0, None), (70.6, 70.6, None), (np.float64(1.5), 1.5, None),
    ("671B", 671.0, None), ("1.6T", 1600.0, None), ("235B-A22B", 235.0, 22.0),
    ("7b", 7.0, None), ("350M", 0.35, None), ("30B-A3B", 30.0, 3.0), (" 8B ", 8.0, None),
    ("46.7B-A12.9B", 46.7, 12.9), ("70", 70.0, None),
])
def test_parse_params_ok(value, total, active):
    t, a = I.parse_params(value)
    assert t == pytest.approx(total)
    assert (a is None) if active is None else a == pytest.approx(active)


@pytest.mark.parametrize("value,word", [
    ("8x7B", "total"), ("abc", "cannot parse"), ("-5B", "negative"), ("0B", "positive"),
    ("7B-A12B", "exceed"), (0, "positive"), (-3.0, "positive"), (float("nan"), "positive"),
    (float("inf"), "positive"), ("", "cannot parse"),
])
def test_parse_params_errors(value, word):
    with pytest.raises(ParamsParseError, match=word):
        I.parse_params(value)


# --------------------------------------------------------------------------------------
# read_scores: formats
# --------------------------------------------------------------------------------------


@pytest.fixture()
def long_table(sized_open) -> pd.DataFrame:
    names = list(sized_open["name"])
    return pd.DataFrame({
        "model": names + ["my-new-model"],
        "benchmark": ["ikp", "SimpleQA", "mmlu_pro", "ikp"],
        "score": [0.31, 0.12, 0.45, 0.2],
    })


def _write(df: pd.DataFrame, path, fmt: str):
    if fmt == "csv":
        df.to_csv(path, index=False)
    elif fmt == "json":
        path.write_text(json.dumps(df.to_dict(orient="records")))
    elif fmt == "jsonl":
        path.write_text("\n".join(json.dumps(r) for r in df.to_dict(orient="records")) + "\n")
    elif fmt == "parquet":
        df.to_parquet(path)
    return path


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "parquet", "frame", "dict"])
def test_read_scores_formats_agree(fmt, long_table, sized_open, tmp_path):
    if fmt == "frame":
        data = long_table
    elif fmt == "dict":
        data = long_table.to_dict(orient="list")
    else:
        data = _write(long_table, tmp_path / f"s.{fmt}", fmt)
    df = read_quiet(data)
    rep = check_report(df)
    assert list(df.columns) == I.SCORE_COLUMNS
    assert len(df) == len(long_table) and rep.n_in == len(long_table)
    assert list(df["model"][:3]) == list(sized_open["model"])
    assert list(df["benchmark"]) == ["ikp", "simpleqa", "mmlu-pro", "ikp"]
    assert np.allclose(df["score"], long_table["score"])
    assert (df["evaluator"] == "user").all()
    assert df["source"].astype(str).str.len().gt(0).all()
    # metadata of shipped models is filled in from the model table
    assert np.allclose(df["total_params_b"][:3], sized_open["total_params_b"])
    assert df["open_weights"][:3].all()


def test_read_scores_json_column_dict_and_format_override(long_table, tmp_path):
    p = tmp_path / "scores.dat"
    p.write_text(json.dumps(long_table.to_dict(orient="list")))
    df = read_quiet(p, format="json")
    assert len(df) == len(long_table)
    p2 = tmp_path / "scores.txt"
    long_table.to_csv(p2, index=False)
    assert len(read_quiet(p2)) == len(long_table)


def test_read_scores_wide(sized_open, tmp_path):
    p = tmp_path / "wide.csv"
    wide = pd.DataFrame({"Model": list(sized_open["name"]), "SimpleQA": [40.0, 30.0, ""],
                         "IKP": [35.0, 20.0, 10.0], "MMLU-Pro": [60.0, 55.0, 50.0],
                         "comment": ["a", "b", "c"]})
    wide.to_csv(p, index=False)
    df = read_quiet(p)
    rep = check_report(df)
    assert rep.n_in == 8 == len(df)  # empty cell = not evaluated, not a skipped score
    assert set(df["benchmark"]) == {"simpleqa", "ikp", "mmlu-pro"}
    assert any("percent" in n for n in rep.notes)
    assert any("comment" in n for n in rep.notes)
    got = df.set_index(["model", "benchmark"])["score"]
    assert got[(sized_open["model"][0], "simpleqa")] == pytest.approx(0.40)
    assert got[(sized_open["model"][2], "mmlu-pro")] == pytest.approx(0.50)


def test_read_scores_benchmark_argument(sized_open):
    df = read_quiet(pd.DataFrame({"model": list(sized_open["model"]), "score": [0.1, 0.2, 0.3]}),
                    benchmark="SimpleQA")
    assert (df["benchmark"] == "simpleqa").all()


# --------------------------------------------------------------------------------------
# read_scores: scale detection
# --------------------------------------------------------------------------------------


def _frame(scores, models=None):
    models = models or [f"m{i}" for i in range(len(scores))]
    return pd.DataFrame({"model": models, "benchmark": ["ikp"] * len(scores), "score": scores})


def test_scale_all_fractions():
    df = read_quiet(_frame([0.1, 0.5, 1.0, 0.0]))
    assert np.allclose(df["score"], [0.1, 0.5, 1.0, 0.0])
    notes = df.attrs["report"].notes
    # the assumption is stated, with how to override it
    assert any("read as fractions" in n and "scale='percent'" in n for n in notes)
    assert not any("divided by 100" in n for n in notes)


def test_scale_all_percent():
    df = read_quiet(_frame([10.0, 55.5, 80.0]))
    assert np.allclose(df["score"], [0.1, 0.555, 0.8])
    assert any("percent" in n for n in df.attrs["report"].notes)


def test_scale_mixed_raises_and_asks_for_scale():
    with pytest.raises(ScoreScaleError, match="scale="):
        I.read_scores(_frame([0.5, 45.0]))


@pytest.mark.parametrize("scale,expected", [("percent", [0.005, 0.45]), ("fraction", None)])
def test_scale_explicit(scale, expected):
    if expected is None:
        with pytest.raises(ScoreScaleError, match="fraction"):
            I.read_scores(_frame([0.5, 45.0]), scale=scale)
    else:
        df = read_quiet(_frame([0.5, 45.0]), scale=scale)
        assert np.allclose(df["score"], expected)
    df = read_quiet(_frame([0.5, 0.7]), scale="percent")
    assert np.allclose(df["score"], [0.005, 0.007])


def test_scale_invalid_name():
    with pytest.raises(InputError, match="scale"):
        I.read_scores(_frame([0.5]), scale="permille")


# --------------------------------------------------------------------------------------
# read_scores: params, unknowns, duplicates, accounting
# --------------------------------------------------------------------------------------


def test_params_string_column():
    df = read_quiet(pd.DataFrame({
        "model": ["new-a", "new-b", "new-c"], "benchmark": ["ikp"] * 3,
        "score": [0.2, 0.3, 0.4], "params": ["235B-A22B", "1.6T", "350M"]}))
    assert np.allclose(df["total_params_b"], [235.0, 1600.0, 0.35])
    assert df["active_params_b"].iloc[0] == pytest.approx(22.0)
    assert np.isnan(df["active_params_b"].iloc[1])
    # a model of given size and unknown openness counts as open
    assert df["open_weights"].all()


def test_user_params_override_shipped(sized_open):
    df = read_quiet(pd.DataFrame({"model": [sized_open["model"][0]], "benchmark": ["ikp"],
                                  "score": [0.2], "total_params_b": [123.0]}))
    assert df["total_params_b"].iloc[0] == pytest.approx(123.0)


def test_unknown_model_kept_and_noted():
    df = read_quiet(_frame([0.2, 0.3], models=["totally-new-model", "another one"]))
    assert list(df["model"]) == ["totally-new-model", "another one"]
    notes = " ".join(df.attrs["report"].notes)
    assert "totally-new-model" in notes and "not shipped" in notes
    assert not df["open_weights"].any() and df["total_params_b"].isna().all()


def test_resolve_false_keeps_names(sized_open):
    df = read_quiet(_frame([0.2], models=[sized_open["name"][0].upper()]), resolve=False)
    assert df["model"].iloc[0] == sized_open["name"][0].upper()
    assert df["total_params_b"].isna().all()


def test_unknown_benchmark_rows_skipped_with_reason(sized_open):
    t = pd.DataFrame({"model": list(sized_open["model"]), "benchmark": ["ikp", "hellaswag", "ikp"],
                      "score": [0.2, 0.5, 0.3]})
    with pytest.warns(UserWarning, match="skipped"):
        df = I.read_scores(t)
    rep = check_report(df)
    assert len(df) == 2 and len(rep.skipped) == 1
    sk = rep.skipped.iloc[0]
    assert sk["row"] == 1 and sk["benchmark"] == "hellaswag" and "unknown benchmark" in sk["reason"]


def test_duplicates_exact_and_conflicting(sized_open):
    a, b = sized_open["model"][0], sized_open["model"][1]
    t = pd.DataFrame({"model": [a, a, b, b.upper()], "benchmark": ["ikp", "ikp", "ikp", "IKP"],
                      "score": [0.3, 0.3, 0.2, 0.25]})
    with pytest.warns(UserWarning):
        df = I.read_scores(t)
    rep = check_report(df)
    assert len(df) == 2
    reasons = dict(zip(rep.skipped["row"], rep.skipped["reason"]))
    assert set(reasons) == {1, 3}
    assert "exact duplicate" in reasons[1]
    assert "different score" in reasons[3]
    assert len(rep.conflicts) == 1
    c = rep.conflicts.iloc[0]
    assert c["model"] == b and sorted(c["scores"]) == [0.2, 0.25]
    assert df.set_index("model")["score"][b] == pytest.approx(0.2)  # the first row is kept


def test_bad_rows_skipped_not_fatal(sized_open):
    t = pd.DataFrame({"model": list(sized_open["model"]) + ["", None],
                      "benchmark": ["ikp"] * 5,
                      "score": [0.2, "n/a", float("inf"), 0.3, 0.4]})
    with pytest.warns(UserWarning, match="4 row"):
        df = I.read_scores(t)
    rep = check_report(df)
    assert list(df["score"]) == [0.2]
    reasons = dict(zip(rep.skipped["row"], rep.skipped["reason"]))
    assert reasons[1] == "score is a missing-value marker ('n/a')"
    assert reasons[2] == "score is infinite"
    assert reasons[3] == reasons[4] == "no model name"


def _files(tmp_path, names):
    lines_long = ["model,benchmark,score", f"{names[0]},ikp,0.3", f"{names[0]},ikp,0.3",
                  f"{names[1]},ikp,0.2", f"{names[1]},ikp,0.4", f"{names[2]},popqa,0.5",
                  f"{names[2]},hellaswag,0.5", "newbie,simpleqa,", f"{names[2]},ikp,oops"]
    out = {}
    p = tmp_path / "long.csv"
    p.write_text("\n".join(lines_long) + "\n")
    out["long.csv"] = (p, 8)
    df = pd.read_csv(p)
    p = tmp_path / "long.json"
    p.write_text(df.to_json(orient="records"))
    out["long.json"] = (p, 8)
    p = tmp_path / "long.jsonl"
    df.to_json(p, orient="records", lines=True)
    out["long.jsonl"] = (p, 8)
    p = tmp_path / "long.parquet"
    df.astype({"score": str}).to_parquet(p)
    out["long.parquet"] = (p, 8)
    p = tmp_path / "wide.csv"
    p.write_text("model,ikp,simpleqa,bogus\n"
                 f"{names[0]},30,40,1\n{names[0]},30,41,1\n{names[1]},,12,1\n,5,6,1\n")
    # 12 cells minus one empty; 'bogus' is numeric, so its cells are counted and skipped
    out["wide.csv"] = (p, 11)
    p = tmp_path / "short.csv"
    p.write_text(f"model,benchmark,score\n{names[0]},ikp,0.3\n{names[1]},ikp\n")
    out["short.csv"] = (p, 2)  # a short row has no score: skipped, not silently dropped
    return out


@pytest.mark.parametrize("name", ["long.csv", "long.json", "long.jsonl", "long.parquet",
                                  "wide.csv", "short.csv"])
def test_rows_in_equal_loaded_plus_skipped(name, tmp_path, sized_open):
    path, n_in = _files(tmp_path, list(sized_open["model"]))[name]
    with pytest.warns(UserWarning, match="skipped"):
        df = I.read_scores(path)
    rep = check_report(df)
    assert rep.n_in == n_in
    assert len(rep.skipped) > 0 and rep.skipped["reason"].astype(str).str.len().gt(0).all()
    assert df["score"].between(0, 1).all()
    assert str(rep).startswith(path.name)


def test_no_warning_when_nothing_skipped(long_table):
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        df = I.read_scores(long_table)
    assert len(df.attrs["report"].skipped) == 0


# --------------------------------------------------------------------------------------
# lm-evaluation-harness and combine
# --------------------------------------------------------------------------------------


def _harness(tmp_path, model_args):
    tasks = raw("lm_eval_tasks.csv").set_index("task")
    res = {
        "triviaqa": {tasks.loc["triviaqa", "metric"]: 0.61,
                     tasks.loc["triviaqa", "metric"].replace(",", "_stderr,"): 0.004},
        "nq_open": {tasks.loc["nq_open", "metric"]: 0.22},
        "hellaswag": {"acc,none": 0.8},
        "mmlu": {"acc,none": 0.7},
    }
    obj = {"results": res, "config": {"model": "hf", "model_args": model_args}}
    p = tmp_path / "results.json"
    p.write_text(json.dumps(obj))
    return p, tasks


def test_read_lm_eval(tmp_path):
    p, tasks = _harness(tmp_path, "pretrained=meta-llama/Llama-3.1-70B-Instruct,dtype=bfloat16")
    with warnings.catch_warnings():
        # an unmapped task (hellaswag) is reported, not warned about: nothing to act on
        warnings.simplefilter("error", IngestWarning)
        df = I.read_lm_eval(p)
    rep = check_report(df)
    assert rep.n_in == 4 and len(df) == 3
    got = df.set_index("benchmark")["score"]
    assert got["triviaqa"] == pytest.approx(0.61)
    assert got[tasks.loc["nq_open", "benchmark"]] == pytest.approx(0.22)
    assert got[tasks.loc["mmlu", "benchmark"]] == pytest.approx(0.7)
    assert (df["model"] == "llama-3.1-70b").all()
    sk = rep.skipped
    assert list(sk["benchmark"]) == ["hellaswag"] and "not mapped" in sk["reason"].iloc[0]
    assert any("lm-evaluation-harness" in n for n in rep.notes)
    # read_scores recognises the same file
    with warnings.catch_warnings():
        warnings.simplefilter("error", IngestWarning)
        df2 = I.read_scores(p)
    assert len(df2) == 3


def test_read_lm_eval_model_argument_and_metric_filter(tmp_path):
    obj = {"results": {"mmlu": {"acc,other_filter": 0.5}}}
    df = I.read_lm_eval(obj, model="some-new-model")
    assert df["model"].iloc[0] == "some-new-model" and df["score"].iloc[0] == 0.5
    with pytest.raises(FileFormatError, match="model="):
        I.read_lm_eval(obj)


def test_combine_user_overrides_shipped():
    shipped = I.load_scores()
    target = shipped.iloc[0]
    new = min(1.0, target["score"] + 0.1) if target["score"] < 0.9 else target["score"] - 0.1
    user = read_quiet(pd.DataFrame({"model": [target["model"], "brand-new-model"],
                                    "benchmark": [target["benchmark"], "ikp"],
                                    "score": [new, 0.3]}))
    out = I.combine(user)
    rep = out.attrs["report"]
    assert len(out) == len(shipped) + 1
    pair = out[(out["model"] == target["model"]) & (out["benchmark"] == target["benchmark"])]
    assert len(pair) == 1 and pair["score"].iloc[0] == pytest.approx(new)
    assert pair["evaluator"].iloc[0] == "user"
    assert len(rep.conflicts) == 1
    c = rep.conflicts.iloc[0]
    assert c["score_user"] == pytest.approx(new)
    assert c["score_shipped"] == pytest.approx(target["score"])
    kept = I.combine(user, prefer="shipped")
    pair = kept[(kept["model"] == target["model"]) & (kept["benchmark"] == target["benchmark"])]
    assert pair["score"].iloc[0] == pytest.approx(target["score"])
    assert len(kept) == len(shipped) + 1
    with pytest.raises(InputError, match="prefer"):
        I.combine(user, prefer="mine")


# --------------------------------------------------------------------------------------
# safety: reading never executes code
# --------------------------------------------------------------------------------------


def test_pickle_rejected(tmp_path):
    p = tmp_path / "scores.pkl"
    pd.DataFrame({"model": ["a"], "benchmark": ["ikp"], "score": [0.5]}).to_pickle(p)
    with pytest.raises(FileFormatError, match="unsupported"):
        I.read_scores(p)
    with pytest.raises(FileFormatError, match="unsupported"):
        I.read_scores(p, format="pickle")


def test_code_in_cells_is_just_text(tmp_path):
    target = tmp_path / "pwned"
    payload = f"__import__('os').system('touch {target}')"
    p = tmp_path / "evil.csv"
    pd.DataFrame({"model": [payload, "x"], "benchmark": ["ikp", "ikp"], "score": [0.5, 0.4],
                  "source": [payload, payload], "note": [payload, ""]}).to_csv(p, index=False)
    df = read_quiet(p)
    assert df["model"].iloc[0] == payload and df["source"].iloc[0] == payload
    j = tmp_path / "evil.json"
    j.write_text(json.dumps([{"model": payload, "benchmark": "ikp", "score": payload}]))
    with pytest.raises(ScoreScaleError):
        I.read_scores(j)
    assert not target.exists()
