"""Issue 23's stress cases for the readers, as a new user runs them: a file written to
disk, read with the public API.

One table per kind (the issue's items); cases marked ``[issue]`` are the issue's own,
the rest are neighbours of the same root cause. Expected values are computed from what
the test wrote or from the shipped tables, never copied from the reader's output. The
limits (item 1), linear parsing (item 3) and damaged installs (item 5) have their own
files: ``test_ingest_limits.py``, ``test_ingest_linear.py``, ``test_ingest_integrity.py``.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import paramest
from paramest import errors as E
from paramest.ingest import cells, report

HERE = Path(__file__).parent
MMLU = HERE / "data" / "lm_eval" / "mmlu_llama-3.1-8b_results_2025-03-06T22-23-33.022702.json"
HEADER = "model,benchmark,score\n"


def read(data, **kw) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return paramest.read_scores(data, **kw)


def notes(df) -> str:
    return " | ".join(df.attrs["report"].notes)


def reasons(df) -> list[str]:
    return list(df.attrs["report"].skipped["reason"])


def write(tmp: Path, name: str, body: str | bytes, encoding: str = "utf-8") -> Path:
    p = tmp / name
    p.write_bytes(body if isinstance(body, bytes) else body.encode(encoding))
    return p


def shipped_size(name: str) -> tuple[str, float]:
    from paramest.ingest.names import lookup_model

    mid = lookup_model(name)
    return mid, float(paramest.load_models().set_index("model").loc[mid, "total_params_b"])


def own_warnings(record) -> list[warnings.WarningMessage]:
    return [w for w in record if issubclass(w.category, E.ParamestWarning)]


# --------------------------------------------------------------------------------------
# item 6 (readers): strings are never booleans; '-' is a missing value
# --------------------------------------------------------------------------------------


def _combine_text_booleans(tmp):
    u = pd.DataFrame({"model": ["acme-open", "acme-closed"], "benchmark": ["ikp", "ikp"],
                      "score": [0.3, 0.4], "total_params_b": [7.0, np.nan],
                      "open_weights": ["True", "False"]})
    out = paramest.combine(u)
    got = out.set_index("model").loc[["acme-open", "acme-closed"], "open_weights"]
    assert got.dtype == bool and list(got) == [True, False]
    assert "explicit map" in notes(out)


def _combine_text_not_boolean(tmp):
    u = pd.DataFrame({"model": ["a"], "benchmark": ["ikp"], "score": [0.3],
                      "open_weights": ["maybe"]})
    with pytest.raises(E.InputError, match="'maybe'"):
        paramest.combine(u)


def _validate_refuses_text_booleans(tmp):
    frame = paramest.load_scores().head(3).assign(open_weights=["False"] * 3)
    with pytest.raises(E.InputError, match="truthiness"):
        paramest.validate_scores(frame)


def _dash_in_params(tmp):
    df = read(write(tmp, "p.csv", HEADER[:-1] + ",params\na,ikp,0.3,-\nb,ikp,0.4,7B\nc,ikp,0.5,n/a\n"))
    assert df.set_index("model")["total_params_b"].isna().tolist() == [True, False, True]
    assert "missing-value marker" in notes(df) and "'-'" in notes(df)
    assert "negative" not in notes(df)


def _markers_elsewhere(tmp):
    body = ("model,benchmark,score,release_date,n_questions,open_weights\n"
            "a,ikp,0.3,-,-,-\nb,ikp,0.4,2024-06-01,100,yes\n")
    df = read(write(tmp, "m.csv", body)).set_index("model")
    assert pd.isna(df.loc["a", "release_date"]) and np.isnan(df.loc["a", "n_questions"])
    assert df.loc["b", "n_questions"] == 100
    for col in ("release_date", "n_questions", "open_weights"):
        assert f"{col}: 1 cell(s) with a missing-value marker" in notes(df)


def _score_markers(tmp):
    df = read(write(tmp, "s.csv", HEADER + "a,ikp,-\nb,ikp,N/A\nc,ikp,0.3\n"))
    assert reasons(df) == [cells.missing_reason("-"), cells.missing_reason("N/A")]
    with pytest.raises(E.ScoreScaleError, match="missing-value markers"):
        read(write(tmp, "t.csv", HEADER + "a,ikp,-\nb,ikp,?\n"))


BOOLEANS = [
    ("combine-open-weights-true-false-strings [issue]", _combine_text_booleans),
    ("dash-in-parameter-column [issue]", _dash_in_params),
    ("combine-other-text-refused", _combine_text_not_boolean),
    ("validate-scores-refuses-text-booleans", _validate_refuses_text_booleans),
    ("markers-in-date-count-and-yes-no-columns", _markers_elsewhere),
    ("score-markers-named-as-such", _score_markers),
]

# --------------------------------------------------------------------------------------
# item 7: readers
# --------------------------------------------------------------------------------------


def _dup_key(tmp):
    p = write(tmp, "d.json", '[{"model": "a", "benchmark": "ikp", "score": 0.3, "score": 0.7}]')
    with pytest.raises(E.FileFormatError, match="'score' twice") as e:
        paramest.read_scores(p)
    assert "0.3" in str(e.value) and "0.7" in str(e.value)


def _dup_key_same_value(tmp):
    df = read(write(tmp, "d.json", '[{"model": "a", "benchmark": "ikp", "score": 0.3, "score": 0.3}]'))
    assert list(df["score"]) == [0.3] and "repeat a key with the same value" in notes(df)


def _dup_key_jsonl(tmp):
    p = write(tmp, "d.jsonl", '{"model": "a", "benchmark": "ikp", "score": 0.3}\n'
                              '{"model": "b", "benchmark": "ikp", "score": 0.3, "score": 0.5}\n')
    with pytest.raises(E.FileFormatError, match="line 2.*'score' twice"):
        paramest.read_scores(p)


def _lm_eval_task_twice(tmp):
    body = ('{"results": {"triviaqa": {"exact_match,remove_whitespace": 0.30}, '
            '"triviaqa": {"exact_match,remove_whitespace": 0.70}}, "model_name": "m"}')
    p = write(tmp, "results.json", body)
    for fn in (paramest.read_lm_eval, paramest.read_scores):
        with pytest.raises(E.FileFormatError, match="'triviaqa' twice"):
            fn(p)


def _ambiguous_date(tmp):
    p = write(tmp, "d.csv", HEADER[:-1] + ",release_date\na,ikp,0.3,01-06-24\n")
    with pytest.warns(E.IngestWarning, match="01-06-24") as rec:
        df = paramest.read_scores(p)
    assert rec[0].filename == __file__
    assert df["release_date"].iloc[0] == pd.Timestamp(2024, 1, 6)  # month first, as said
    n = notes(df)
    assert "month first" in n and "2024-06-01" in n and "2001-06-24" in n


def _date_order_settled_by_the_column(tmp):
    p = write(tmp, "d.csv", HEADER[:-1] + ",release_date\na,ikp,0.3,01/06/2024\nb,ikp,0.4,13/06/2024\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error", E.IngestWarning)  # settled: nothing to act on
        df = paramest.read_scores(p)
    assert list(df["release_date"]) == [pd.Timestamp(2024, 6, 1), pd.Timestamp(2024, 6, 13)]
    assert "13/06/2024" in notes(df) and "day first" in notes(df)


def _date_orders_mixed(tmp):
    p = write(tmp, "d.csv", HEADER[:-1] + ",release_date\na,ikp,0.3,13/06/2024\nb,ikp,0.4,06/13/2024\n")
    with pytest.raises(E.DateParseError, match="mixes day/month"):
        paramest.read_scores(p)


def _cr_only(name, sep, encoding):
    def case(tmp):
        body = sep.join(["model", "benchmark", "score"]) + "\r" + sep.join(["a", "ikp", "0.3"]) \
            + "\r" + sep.join(["b", "ikp", "0.4"]) + "\r"
        df = read(write(tmp, name, body, encoding))
        assert list(df["model"]) == ["a", "b"] and list(df["score"]) == [0.3, 0.4]
        assert "carriage return only" in notes(df)
    return case


def _huge_json_int(suffix):
    def case(tmp):
        rec = '{"model": "a", "benchmark": "ikp", "score": 0.3, "n_questions": ' + "9" * 5000 + "}"
        body = f"[{rec}]" if suffix == "json" else rec + "\n"
        with pytest.raises(E.FileFormatError, match="5,000 characters"):
            paramest.read_scores(write(tmp, f"h.{suffix}", body))
    return case


def _huge_model_num_parameters(tmp):
    obj = {"results": {"triviaqa": {"exact_match,remove_whitespace": 0.5}}, "model_name": "m",
           "config": {"model_num_parameters": 7 * 10**4999}}
    with pytest.raises(E.FileFormatError, match="model_num_parameters.*digits"):
        paramest.read_lm_eval(obj)
    body = json.dumps({k: v for k, v in obj.items() if k != "config"})[:-1] + \
        ', "config": {"model_num_parameters": ' + "7" * 5000 + "}}"
    with pytest.raises(E.FileFormatError, match="5,000 characters"):
        paramest.read_lm_eval(write(tmp, "r.json", body))


def _huge_python_ints_in_a_frame(tmp):
    t = pd.DataFrame({"model": ["a", "b"], "benchmark": ["ikp"] * 2,
                      "score": pd.Series([10**5000, 0.3], dtype=object)})
    df = read(t)
    assert list(df["score"]) == [0.3] and reasons(df) == [cells.R_LONG]
    t = pd.DataFrame({"model": ["a"], "benchmark": ["ikp"], "score": [0.3],
                      "params": pd.Series([10**5000], dtype=object)})
    with pytest.raises(E.ParamsParseError, match="digits"):
        read(t)


def _json_in_csv(tmp):
    with pytest.raises(E.FileFormatError, match="holds JSON.*format='json'"):
        paramest.read_scores(write(tmp, "j.csv", '[{"model": "a", "benchmark": "ikp", "score": 0.3}]'))
    with pytest.raises(E.FileFormatError, match="format='jsonl'"):
        paramest.read_scores(write(tmp, "l.csv", '{"model": "a"}\n{"model": "b"}\n'))


def _html_as_csv(tmp):
    page = ("<!DOCTYPE html>\n<html lang=en><head><title>scores.csv</title></head><body>"
            "<table><tr><td>model,benchmark,score</td></tr></table></body></html>\n")
    with pytest.raises(E.FileFormatError, match="HTML page.*Raw"):
        paramest.read_scores(write(tmp, "page.csv", page))


def _comma_header_semicolon_rows(tmp):
    with pytest.raises(E.FileFormatError, match="commas .*semicolons"):
        paramest.read_scores(write(tmp, "s.csv", HEADER + "a;ikp;0.3\nb;ikp;0.4\n"))
    with pytest.raises(E.FileFormatError, match="semicolons .*commas"):
        paramest.read_scores(write(tmp, "t.csv", "model;benchmark;score\na,ikp,0.3\n"))


def _decimal_commas_still_read(tmp):
    df = read(write(tmp, "c.csv", "model;benchmark;score\na;ikp;0,3\nb;ikp;0,45\n"))
    assert list(df["score"]) == [0.3, 0.45]


READERS = [
    ("json-duplicated-score-key [issue]", _dup_key),
    ("lm-eval-task-twice [issue]", _lm_eval_task_twice),
    ("date-01-06-24-says-which-reading [issue]", _ambiguous_date),
    ("cr-only-csv [issue]", _cr_only("cr.csv", ",", "utf-8")),
    ("cr-only-tsv [issue]", _cr_only("cr.tsv", "\t", "utf-8")),
    ("cr-only-utf16 [issue]", _cr_only("cr16.csv", "\t", "utf-16")),
    ("5000-digit-integer-json [issue]", _huge_json_int("json")),
    ("5000-digit-integer-jsonl [issue]", _huge_json_int("jsonl")),
    ("5000-digit-model-num-parameters [issue]", _huge_model_num_parameters),
    ("json-content-in-a-csv [issue]", _json_in_csv),
    ("html-page-saved-as-csv [issue]", _html_as_csv),
    ("comma-header-over-semicolon-rows [issue]", _comma_header_semicolon_rows),
    ("json-duplicated-key-same-value-noted", _dup_key_same_value),
    ("jsonl-duplicated-key", _dup_key_jsonl),
    ("date-order-settled-by-a-day-above-12", _date_order_settled_by_the_column),
    ("date-orders-mixed-refused", _date_orders_mixed),
    ("huge-python-ints-in-a-frame", _huge_python_ints_in_a_frame),
    ("decimal-commas-with-semicolons-still-read", _decimal_commas_still_read),
]

# --------------------------------------------------------------------------------------
# item 9 (ingest part): control characters escaped; bounded reports
# --------------------------------------------------------------------------------------

EVIL = "\x1b[31mred\x1b[0m\x1b]0;title\x07"


def _clean(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text, repr(text)
    assert all(line.isprintable() for line in text.split("\n")), repr(text)


def _esc_model_in_messages(tmp):
    p = write(tmp, "m.csv", HEADER[:-1] + f",params\n{EVIL},ikp,0.3,8x7B\n")
    with pytest.raises(E.ParamsParseError) as e:
        paramest.read_scores(p)
    _clean(str(e.value))
    assert "\\x1b[31mred" in str(e.value)


def _esc_path_in_messages(tmp):
    with pytest.raises(E.FileFormatError) as e:
        paramest.read_scores(tmp / f"gone{EVIL}.csv")
    _clean(str(e.value))


def _esc_path_in_report_and_warning(tmp):
    p = write(tmp, f"odd{EVIL}.csv", HEADER + "a,ikp,0.3\nb,nope,0.4\n")
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        df = paramest.read_scores(p)
    _clean(str(df.attrs["report"]))
    for w in own_warnings(rec):
        _clean(str(w.message))
    assert df["source"].iloc[0] == p.name  # the data itself keeps the name as it is


def _esc_everywhere_in_reports(tmp):
    t = pd.DataFrame({"model": [EVIL] * 3, "benchmark": ["ikp", f"b{EVIL}", "ikp"],
                      "score": [0.3, 0.4, "x" + EVIL]})
    df = read(t, source=EVIL)
    rep = df.attrs["report"]
    _clean(str(rep))
    _clean(rep._repr_html_())
    out = rep.write(tmp / "r.json")
    assert json.loads(out.read_text())["source"] == EVIL  # the file keeps the data as written


def _bounded_report(tmp):
    n = 20_000
    lines = "".join(f"m{i},bench-{i},0.5\n" for i in range(n))
    p = write(tmp, "many.csv", HEADER + "a,ikp,0.3\n" + lines)
    df = read(p)
    rep = df.attrs["report"]
    text = str(rep)
    limit = 1 + report.SHOW_NOTES + report.SHOW_REASONS + report.SHOW_ROWS + 6
    assert len(text.splitlines()) <= limit and len(text) < limit * (report.SHOW_CHARS + 40)
    assert "report.write" in text
    d = rep.to_dict()
    assert d["n_skipped"] == n and len(d["skipped"]) == 20 and d["truncated"]
    assert len(json.dumps(d)) < 50_000
    full = json.loads(rep.write(tmp / "full.json").read_text())
    assert len(full["skipped"]) == n and not full["truncated"]
    csv = pd.read_csv(rep.write(tmp / "full.csv"))
    assert (csv["table"] == "skipped").sum() == n and (csv["table"] == "note").sum() == len(rep.notes)


def _long_notes_clipped(tmp):
    rep = report.IngestReport("x.csv", notes=["y" * 10_000] + [f"n{i}" for i in range(100)])
    text = str(rep)
    assert "10,000 characters" in text and "81 more notes" in text
    assert max(len(line) for line in text.splitlines()) < report.SHOW_CHARS + 40


TERMINAL = [
    ("esc-in-model-name-message [issue]", _esc_model_in_messages),
    ("esc-in-file-path-message [issue]", _esc_path_in_messages),
    ("report-bounded-full-tables-on-request [issue]", _bounded_report),
    ("esc-in-path-report-and-warning", _esc_path_in_report_and_warning),
    ("esc-in-every-report-field", _esc_everywhere_in_reports),
    ("long-notes-clipped", _long_notes_clipped),
]

# --------------------------------------------------------------------------------------
# item 10: lm-eval
# --------------------------------------------------------------------------------------


def _mmlu(**changes) -> dict:
    obj = json.loads(MMLU.read_text())
    obj["config"] = {**obj["config"], **changes}
    return obj


def _size_contradiction(tmp):
    obj = _mmlu()
    pretrained = obj["config"]["model_args"].split(",")[0].split("=", 1)[1]
    mid, size8 = shipped_size(pretrained)
    _, size70 = shipped_size("llama-3.1-70b")  # the file claims the 70B's size
    obj["config"]["model_num_parameters"] = int(size70 * 1e9)
    p = write(tmp, "r.json", json.dumps(obj))
    with pytest.warns(E.IngestWarning, match="contradict|model_num_parameters") as rec:
        df = paramest.read_lm_eval(p)
    assert rec[0].filename == __file__  # the warning points at this line, not at paramest
    assert df["total_params_b"].iloc[0] == pytest.approx(size8)  # the shipped size is kept
    assert f"{size70:.4g}B" in notes(df) and f"{size8:.4g}B" in notes(df)


def _consistent_size_no_warning(tmp):
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        df = paramest.read_lm_eval(MMLU)
    assert own_warnings(rec) == []  # a clean 5-shot run: nothing to act on
    obj = json.loads(MMLU.read_text())
    assert df["total_params_b"].iloc[0] == pytest.approx(obj["config"]["model_num_parameters"] / 1e9)


def _limit_forms(tmp):
    full = float(paramest.load_benchmarks().set_index("benchmark").loc["triviaqa", "n_questions"])
    for limit, want in [(10, 10), ("10", 10), (0.5, round(0.5 * full)), ("0.5", round(0.5 * full))]:
        obj = {"results": {"triviaqa": {"exact_match,remove_whitespace": 0.5}},
               "model_name": "m", "config": {"limit": limit}}
        df = paramest.read_lm_eval(obj)
        assert df["n_questions"].iloc[0] == want, limit
        assert "--limit" in notes(df)


def _shots_from_own_config(tmp):
    df = paramest.read_lm_eval(MMLU)
    obj = json.loads(MMLU.read_text())
    leaf = {c["num_fewshot"] for c in obj["configs"].values()}
    assert len(leaf) == 1 and df["shots"].iloc[0] == leaf.pop()
    obj = {"results": {"triviaqa": {"exact_match,remove_whitespace": 0.5}}, "model_name": "m",
           "n-shot": {"triviaqa": 0}, "configs": {"triviaqa": {"num_fewshot": 3}}}
    assert paramest.read_lm_eval(obj)["shots"].iloc[0] == obj["configs"]["triviaqa"]["num_fewshot"]


def _warning_points_at_read_scores_caller(tmp):
    obj = {"results": {"triviaqa": {"f1": 0.5}, "nq_open": {"exact_match,remove_whitespace": 0.2}},
           "model_name": "m"}
    p = write(tmp, "r.json", json.dumps(obj))
    with pytest.warns(E.IngestWarning, match="triviaqa") as rec:
        paramest.read_scores(p)
    assert [w.filename for w in own_warnings(rec)] == [__file__]


def _results_and_groups_disagree(tmp):
    obj = {"results": {"mmlu": {"acc,none": 0.3}}, "groups": {"mmlu": {"acc,none": 0.7}},
           "model_name": "m"}
    with pytest.warns(E.IngestWarning, match="'groups'"):
        df = paramest.read_lm_eval(obj)
    assert df["score"].iloc[0] == obj["results"]["mmlu"]["acc,none"]


LM_EVAL = [
    ("size-contradicts-shipped-weights [issue]", _size_contradiction),
    ("limit-in-every-form [issue]", _limit_forms),
    ("n-shot-from-the-files-config [issue]", _shots_from_own_config),
    ("clean-file-no-warnings [issue]", _consistent_size_no_warning),
    ("warning-stacklevel-through-read-scores", _warning_points_at_read_scores_caller),
    ("results-and-groups-disagree", _results_and_groups_disagree),
]

# --------------------------------------------------------------------------------------
# item 11: memory (the figures are benchmarks/bigfile.py's; these guard the mechanism)
# --------------------------------------------------------------------------------------

TEXT = ["model", "developer", "family", "weights", "arch", "benchmark", "effort", "variant",
        "evaluator", "source", "note"]


def _wide(tmp, n=20_000, prefix="acme-wide"):
    rng = np.random.default_rng(0)
    cols = {"model": [f"{prefix}-{i:07d}" for i in range(n)]}
    for b in ("ikp", "simpleqa", "triviaqa"):
        cols[f"{b} (%)"] = np.round(rng.uniform(0, 100, n), 1)
    p = tmp / f"{prefix}.csv"
    pd.DataFrame(cols).to_csv(p, index=False)
    return p


def _categoricals(tmp):
    df = read(_wide(tmp))
    for c in TEXT:
        assert isinstance(df[c].dtype, pd.CategoricalDtype), c
        assert list(df[c].cat.categories) == sorted(df[c].cat.categories)  # sorts as text
    per_row = df.memory_usage(deep=True).sum() / len(df)
    assert per_row < 100, per_row  # 0.2.0 held ~212 bytes a row as Python strings


def _downstream(tmp):
    df = read(_wide(tmp, 300))
    out = paramest.combine(df)
    paramest.validate_scores(out)
    assert isinstance(out["model"].dtype, pd.CategoricalDtype)
    shipped = paramest.load_scores()
    assert len(out) == len(shipped) + len(df)
    assert set(out["model"]) == set(shipped["model"]) | set(df["model"])
    other = read(_wide(tmp, 10, prefix="other"))
    both = paramest.combine([df, other])  # frames with different categories
    assert len(both) == len(out) + len(other)
    assert isinstance(both["model"].dtype, pd.CategoricalDtype)
    from paramest.ingest.evidence import as_evidence

    ev = as_evidence(out)
    assert ev.fingerprint != as_evidence(paramest.combine(df.assign(score=df["score"] / 2))).fingerprint
    assert (out["model"] == df["model"].iloc[0]).sum() == 3
    assert out.groupby("benchmark", observed=True).size().sum() == len(out)


MEMORY = [
    ("names-and-benchmarks-categorical [issue]", _categoricals),
    ("categoricals-work-downstream [issue]", _downstream),
]

# --------------------------------------------------------------------------------------

CASES = {"booleans": BOOLEANS, "readers": READERS, "terminal": TERMINAL, "lm_eval": LM_EVAL,
         "memory": MEMORY}
ALL = [(kind, name, fn) for kind, table in CASES.items() for name, fn in table]


@pytest.mark.parametrize("kind,name,case", ALL, ids=[f"{k}:{n}" for k, n, _ in ALL])
def test_stress_case(kind, name, case, tmp_path):
    case(tmp_path)


def test_case_tables_are_distinct_and_cover_the_issue():
    names = [n for _, n, _ in ALL]
    assert len(names) == len(set(names))
    for kind, table in CASES.items():
        assert any("[issue]" in n for n, _ in table), kind
