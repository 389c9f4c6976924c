"""Issue 14 for the data layer, table-driven: the files people really have.

Three tables, one per kind of failure the issue found:

1. ``NO_TRACEBACK``: every input raises a :mod:`paramest.errors` exception that names the
   fix (or, where the input is fine, loads);
2. ``NO_SILENT_CHANGE``: values are read as written, or refused;
3. ``MESSAGES``: the message or the report names the real cause.

Each case builds its input in ``tmp_path`` and returns ``read_scores``'s result (or
raises). Cases marked ``[issue]`` are the issue's own examples; the rest are ours.
Expected values are computed in the test from the input it wrote (no number is copied from
the code's output); shipped model ids are read from the model table.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import paramest
from paramest import errors as E
from paramest.ingest import cells, readers

HEADER = "model,benchmark,score\n"


def shipped_model() -> pd.Series:
    """An open shipped model with a size, from the model table."""
    m = paramest.load_models()
    return m[m["open_weights"] & m["total_params_b"].notna()].sort_values("model").iloc[0]


def read(data, **kw) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return paramest.read_scores(data, **kw)


def text(name: str, body: str, **kw):
    def make(tmp: Path):
        p = tmp / name
        p.write_text(body, encoding="utf-8")
        return read(p, **kw)
    return make


def raw(name: str, body: bytes, **kw):
    def make(tmp: Path):
        p = tmp / name
        p.write_bytes(body)
        return read(p, **kw)
    return make


def frame(d: dict, **kw):
    return lambda tmp: read(pd.DataFrame(d), **kw)


def call(fn, *a, **kw):
    return lambda tmp: fn(*a, **kw)


def check_invariant(df: pd.DataFrame) -> readers.IngestReport:
    rep = df.attrs["report"]
    assert rep.n_loaded == len(df)
    assert rep.n_in == rep.n_loaded + len(rep.skipped)
    return rep


def raises(err, *words):
    return ("raises", err, words)


def ok(check):
    return ("ok", check)


def run_case(make, expect, tmp_path):
    if expect[0] == "raises":
        _, err, words = expect
        with pytest.raises(err) as info:
            make(tmp_path)
        msg = str(info.value)
        for w in words:
            assert w.lower() in msg.lower(), msg
        assert isinstance(info.value, E.InputError), type(info.value)
        # no message sends an encoding problem to format=
        if "encod" in msg.lower():
            assert "format=" not in msg
        return
    df = make(tmp_path)
    if isinstance(df, pd.DataFrame) and "report" in df.attrs:
        check_invariant(df)
    expect[1](df)


def notes(df: pd.DataFrame) -> str:
    return " | ".join(df.attrs["report"].notes)


def reasons(df: pd.DataFrame) -> list[str]:
    return list(df.attrs["report"].skipped["reason"])


# --------------------------------------------------------------------------------------
# 1. No traceback, ever
# --------------------------------------------------------------------------------------


def _dir(tmp: Path):
    (tmp / "folder").mkdir()
    (tmp / "folder" / "inside.csv").write_text(HEADER + "x,ikp,0.3\n")
    return read(tmp / "folder")


def _symlink_loop(tmp: Path):
    a, b = tmp / "a.csv", tmp / "b.csv"
    os.symlink(b, a)
    os.symlink(a, b)
    return read(a)


def _broken_symlink(tmp: Path):
    link = tmp / "gone.csv"
    os.symlink(tmp / "never-there.csv", link)
    return read(link)


def _fifo(tmp: Path):
    p = tmp / "pipe.csv"
    os.mkfifo(p)
    return read(p)


def _tz_frame(tmp: Path):
    d = pd.date_range("2024-06-01", periods=2, freq="D", tz="Europe/Paris")
    return read(pd.DataFrame({"model": ["a", "b"], "benchmark": ["ikp", "ikp"],
                              "score": [0.3, 0.4], "release_date": d}))


def _check_tz(df):
    # the date as written is kept (a UTC conversion would move a midnight +02:00 to the day before)
    assert list(df["release_date"].dt.strftime("%Y-%m-%d")) == ["2024-06-01", "2024-06-02"]
    assert "time zone" in notes(df)


NO_TRACEBACK = [
    ("jsonl-scalar-line [issue]", text("a.jsonl", '{"model": "a", "benchmark": "ikp", "score": 0.3}\n42\n'),
     raises(E.FileFormatError, "line 2", "number", "one record")),
    ("jsonl-list-line [issue]", text("b.jsonl", "[1, 2]\n"), raises(E.FileFormatError, "line 1", "list")),
    ("json-nested-too-deep [issue]", text("d.json", "[" * 200000 + "]" * 200000),
     raises(E.FileFormatError, "nested")),
    ("tz-aware-dates [issue]", text("tz.csv", HEADER[:-1] + ",release_date\na,ikp,0.3,"
                                   "2024-06-01T00:00:00+02:00\nb,ikp,0.4,2024-06-02T00:00:00+02:00\n"),
     ok(_check_tz)),
    ("tz-mixed-with-naive [issue]", text("tz2.csv", HEADER[:-1] + ",release_date\na,ikp,0.3,"
                                        "2024-06-01T00:00:00+02:00\nb,ikp,0.4,2024-06-02\n"),
     ok(_check_tz)),
    ("directory-as-file [issue]", _dir, raises(E.FileFormatError, "folder", "inside.csv")),
    ("combine-ints [issue]", call(paramest.combine, [1, 2]), raises(E.InputError, "int", "read_scores")),
    ("duplicate-columns-dataframe [issue]",
     lambda tmp: read(pd.DataFrame([["a", "ikp", 0.3, 0.4]],
                                   columns=["model", "benchmark", "score", "score"])),
     raises(E.FileFormatError, "duplicated column", "score")),
    # ours
    ("jsonl-string-line", text("c.jsonl", '"model"\n'), raises(E.FileFormatError, "string")),
    ("jsonl-null-line", text("n.jsonl", "null\n"), raises(E.FileFormatError, "null")),
    ("jsonl-line-nested-too-deep", text("dd.jsonl", "[" * 200000 + "]" * 200000 + "\n"),
     raises(E.FileFormatError, "nested")),
    ("json-list-of-numbers", text("l.json", "[1, 2, 3]"), raises(E.FileFormatError, "item 0", "record")),
    ("json-records-then-string", text("l2.json", '[{"model": "a", "benchmark": "ikp", "score": 0.3}, "x"]'),
     raises(E.FileFormatError, "item 1", "string")),
    ("json-results-is-a-list", text("r.json", '{"results": [1, 2]}'),
     raises(E.FileFormatError, "not an lm-evaluation-harness")),
    ("json-ragged-column-dict", text("cd.json", '{"model": ["a", "b"], "benchmark": ["ikp"], "score": [0.3]}'),
     raises(E.FileFormatError, "column dict")),
    ("tz-aware-datetime-column", _tz_frame, ok(_check_tz)),
    ("symlink-loop", _symlink_loop, raises(E.FileFormatError, "loops")),
    ("broken-symlink", _broken_symlink, raises(E.FileFormatError, "broken", "never-there.csv")),
    ("named-pipe", _fifo, raises(E.FileFormatError, "not a regular file")),
    ("path-with-nul-byte", call(paramest.read_scores, "bad\0name.csv"), raises(E.FileFormatError, "path")),
    ("bytes-object", call(paramest.read_scores, b"model,benchmark,score"), raises(E.InputError, "bytes")),
    ("series-object", call(paramest.read_scores, pd.Series([0.3])), raises(E.InputError, "Series")),
    ("multiindex-columns",
     lambda tmp: read(pd.DataFrame([[1, 2]], columns=pd.MultiIndex.from_tuples([("a", "b"), ("c", "d")]))),
     raises(E.InputError, "multi-level")),
    ("duplicate-columns-differ-in-case",
     lambda tmp: read(pd.DataFrame([["a", "ikp", 0.3, 0.4]],
                                   columns=["model", "benchmark", "Score", "score"])),
     raises(E.FileFormatError, "duplicated column")),
    ("scale-none", frame({"model": ["a"], "benchmark": ["ikp"], "score": [0.3]}, scale=None),
     raises(E.InputError, "scale")),
    ("open-weights-string-argument", frame({"model": ["a"], "benchmark": ["ikp"], "score": [0.3]},
                                           open_weights="yes"), raises(E.InputError, "open_weights")),
    ("format-not-a-string", lambda tmp: read(tmp / "x.csv", format=3) if (tmp / "x.csv").write_text(
        HEADER + "a,ikp,0.3\n") else None, raises(E.InputError, "format")),
    ("unknown-encoding-name", lambda tmp: read(tmp / "e.csv", encoding="klingon-8") if (
        tmp / "e.csv").write_text(HEADER + "a,ikp,0.3\n") else None, raises(E.InputError, "encoding")),
    ("file-of-a-bom-only", raw("bom.csv", b"\xef\xbb\xbf"), raises(E.FileFormatError, "no columns")),
    ("combine-none", call(paramest.combine, None), raises(E.InputError, "NoneType")),
    ("combine-shipped-not-a-frame",
     lambda tmp: paramest.combine(read(pd.DataFrame({"model": ["a"], "benchmark": ["ikp"],
                                                     "score": [0.3]})), shipped="scores.csv"),
     raises(E.InputError, "shipped")),
    ("combine-prefer-not-a-string", lambda tmp: paramest.combine(
        read(pd.DataFrame({"model": ["a"], "benchmark": ["ikp"], "score": [0.3]})), prefer=1),
     raises(E.InputError, "prefer")),
    ("json-cell-is-a-list", text("cl.json", '[{"model": ["a"], "benchmark": "ikp", "score": 0.3}]'),
     raises(E.FileFormatError, "'model'", "list", "flatten")),
    ("json-cell-is-a-dict", text("cd2.json", '[{"model": "a", "benchmark": "ikp", "score": 0.3, '
                                            '"params": {"total": 7}}]'),
     raises(E.FileFormatError, "'params'", "dict")),
    ("read-lm-eval-int", call(paramest.read_lm_eval, 42), raises(E.InputError, "int")),
    ("read-lm-eval-tasks-list", call(paramest.read_lm_eval, {"results": {}}, tasks=["mmlu"]),
     raises(E.InputError, "tasks=")),
    ("lm-eval-task-entry-not-a-dict",
     call(paramest.read_lm_eval, {"results": {"mmlu": [0.5]}}, model="a"),
     raises(E.FileFormatError, "no usable score", "list")),
]


@pytest.mark.parametrize("make,expect", [c[1:] for c in NO_TRACEBACK],
                         ids=[c[0] for c in NO_TRACEBACK])
def test_no_traceback(make, expect, tmp_path):
    run_case(make, expect, tmp_path)


# --------------------------------------------------------------------------------------
# 2. No value silently changed
# --------------------------------------------------------------------------------------


def _dates(values):
    return frame({"model": [f"m{i}" for i in range(len(values))], "benchmark": ["ikp"] * len(values),
                  "score": [0.3] * len(values), "release_date": values})


def _expect_dates(*iso):
    def check(df):
        assert list(df["release_date"].dt.strftime("%Y-%m-%d")) == list(iso)
        assert "release_date" in notes(df)
    return check


def _excel_serial_case():
    # Excel's serial day 1 is 1900-01-01 and it counts 1900-02-29, so days count from 1899-12-30
    day = dt.date(2024, 6, 1)
    serial = (day - dt.date(1899, 12, 30)).days
    return _dates([serial]), _expect_dates(day.isoformat())


def _bools(col, values):
    d = {"model": [f"m{i}" for i in range(len(values))], "benchmark": ["ikp"] * len(values),
         "score": [0.3] * len(values), col: values}
    return frame(d)


def _expect_col(col, values):
    def check(df):
        assert list(df[col]) == list(values), list(df[col])
    return check


def _same_dup_message(tmp: Path):
    p = tmp / "w.csv"
    p.write_text("model,ikp,ikp\na,0.3,0.4\n")
    with pytest.raises(E.FileFormatError) as a:
        read(p)
    with pytest.raises(E.FileFormatError) as b:
        read(pd.DataFrame([["a", 0.3, 0.4]], columns=["model", "ikp", "ikp"]), source="w.csv")
    assert str(a.value) == str(b.value)
    raise a.value


SERIAL_MAKE, SERIAL_CHECK = _excel_serial_case()

NO_SILENT_CHANGE = [
    ("raw-count-number [issue]", frame({"model": ["a"], "benchmark": ["ikp"], "score": [0.3],
                                        "params": [70_000_000_000]}),
     raises(E.ParamsParseError, "raw count", "'params'", "70")),
    ("year-integer [issue]", _dates([2025]), ok(_expect_dates("2025-01-01"))),
    ("yyyymmdd-integer [issue]", _dates([20240601]), ok(_expect_dates("2024-06-01"))),
    ("excel-serial [issue]", SERIAL_MAKE, ok(SERIAL_CHECK)),
    ("yes-no [issue]", _bools("open_weights", ["yes", "no", "No", "YES"]),
     ok(_expect_col("open_weights", [True, False, False, True]))),
    ("open-closed [issue]", _bools("open_weights", ["open", "closed"]),
     ok(_expect_col("open_weights", [True, False]))),
    ("true-false [issue]", _bools("open_weights", ["true", "False"]),
     ok(_expect_col("open_weights", [True, False]))),
    ("other-boolean-text-raises [issue]", _bools("open_weights", ["yes", "maybe"]),
     raises(E.InputError, "'maybe'", "yes/no", "open/closed")),
    ("true-false-scores [issue]", frame({"model": ["a", "b"], "benchmark": ["ikp"] * 2,
                                         "score": [True, False]}),
     raises(E.ScoreScaleError, "true/false")),
    ("duplicated-score-header-csv [issue]", text("d.csv", "model,benchmark,score,score\na,ikp,0.3,0.4\n"),
     raises(E.FileFormatError, "duplicated column", "score")),
    ("duplicated-wide-header-csv-and-frame-alike [issue]", _same_dup_message,
     raises(E.FileFormatError, "duplicated column", "ikp")),
    ("percent-header-below-one [issue]", text("p.csv", "model,SimpleQA (%),IKP (%)\na,0.5,30\n"),
     ok(lambda df: (np.testing.assert_allclose(
         df.set_index("benchmark")["score"][["simpleqa", "ikp"]], [0.5 / 100, 30 / 100]),
         None)[1])),
    ("no-header-says-which-scale [issue]", frame({"model": ["a", "b"], "benchmark": ["simpleqa"] * 2,
                                                 "score": [0.5, 0.8]}),
     ok(lambda df: ("read as fractions" in notes(df) and "scale='percent'" in notes(df))
        or pytest.fail(notes(df)))),
    # ours
    ("raw-count-text", text("r.csv", HEADER[:-1] + ",params\na,ikp,0.3,70000000000\n"),
     raises(E.ParamsParseError, "raw count")),
    ("raw-count-with-commas", text("r2.csv", HEADER[:-1] + ',params\na,ikp,0.3,"70,000,000,000"\n'),
     raises(E.ParamsParseError, "raw count")),
    ("raw-count-active-column", frame({"model": ["a"], "benchmark": ["ikp"], "score": [0.3],
                                       "params": ["70B"], "active_params_b": [12_000_000_000]}),
     raises(E.ParamsParseError, "raw count", "active_params_b")),
    ("thousands-or-decimal-comma", text("r3.csv", HEADER[:-1] + ',params\na,ikp,0.3,"7,000"\n'),
     raises(E.ParamsParseError, "ambiguous")),
    ("yyyymm-integer", _dates([202406]), ok(_expect_dates("2024-06-01"))),
    ("year-as-float-beside-a-gap", lambda tmp: read(pd.DataFrame({
        "model": ["a", "b"], "benchmark": ["ikp"] * 2, "score": [0.3, 0.4],
        "release_date": [2024.0, np.nan]})),
     ok(lambda df: (df["release_date"].iloc[0] == pd.Timestamp(2024, 1, 1)
                    and pd.isna(df["release_date"].iloc[1])) or pytest.fail(str(df["release_date"])))),
    ("unix-seconds-refused", _dates([1717200000]), raises(E.DateParseError, "YYYY-MM-DD")),
    ("day-month-ambiguous-says-which-reading", _dates(["01/06/2024"]),
     ok(lambda df: (_expect_dates("2024-01-06")(df), "month first" in notes(df)
                    and "2024-06-01" in notes(df) or pytest.fail(notes(df))))),
    ("day-month-unambiguous", _dates(["13/06/2024"]), ok(_expect_dates("2024-06-13"))),
    ("epoch-zero-date-refused", _dates(["1970-01-01"]), raises(E.DateParseError, "check the year")),
    ("one-zero-as-booleans", _bools("open_weights", [1, 0, "1", "0"]),
     ok(_expect_col("open_weights", [True, False, True, False]))),
    ("two-is-not-a-boolean", _bools("open_weights", [1, 2]), raises(E.InputError, "yes/no")),
    ("thinking-on-off", _bools("thinking", ["on", "off"]), ok(_expect_col("thinking", [True, False]))),
    ("reasoning-bogus", _bools("reasoning", ["sometimes"]), raises(E.InputError, "'reasoning'")),
    ("true-text-in-score-skipped", text("t.csv", HEADER + "a,ikp,TRUE\nb,ikp,0.4\n"),
     ok(lambda df: (reasons(df) == [cells.R_BOOL] and len(df) == 1) or pytest.fail(reasons(df)))),
    ("duplicated-header-differs-in-case", text("c.csv", "model,IKP,ikp\na,0.3,0.4\n"),
     raises(E.FileFormatError, "duplicated column")),
    ("two-spellings-one-benchmark", text("s.csv", "model,SimpleQA,simple_qa\na,0.3,0.4\n"),
     raises(E.FileFormatError, "both mean", "simpleqa")),
    ("percent-score-header-long", text("l.csv", "model,benchmark,score (%)\na,ikp,0.5\nb,ikp,40\n"),
     ok(lambda df: np.testing.assert_allclose(df["score"], [0.5 / 100, 40 / 100]))),
    ("percent-sign-and-plain-mixed", text("m.csv", HEADER + "a,ikp,45%\nb,ikp,0.3\n"),
     raises(E.ScoreScaleError, "percent sign", "scale=")),
    ("fraction-scale-but-percent-header", text("f.csv", "model,ikp (%)\na,30\n", scale="fraction"),
     raises(E.ScoreScaleError, "percent")),
    ("empty-open-weights-cell-uses-argument", lambda tmp: read(pd.DataFrame({
        "model": ["a", "b"], "benchmark": ["ikp"] * 2, "score": [0.3, 0.4],
        "open_weights": ["no", ""]}), open_weights=True),
     ok(_expect_col("open_weights", [False, True]))),
    ("na-text-is-not-an-empty-cell", text("na.csv", "model,benchmark,score,developer\nNA,ikp,0.3,None\n"),
     ok(lambda df: (list(df["model"]) == ["NA"] and list(df["developer"]) == ["None"])
        or pytest.fail(df[["model", "developer"]].to_string()))),
]


@pytest.mark.parametrize("make,expect", [c[1:] for c in NO_SILENT_CHANGE],
                         ids=[c[0] for c in NO_SILENT_CHANGE])
def test_no_silent_change(make, expect, tmp_path):
    run_case(make, expect, tmp_path)


# --------------------------------------------------------------------------------------
# 3. Messages that name the real cause
# --------------------------------------------------------------------------------------

LM_EVAL = Path(__file__).parent / "data" / "lm_eval"


def _utf16_excel(tmp: Path):
    # Excel's "Unicode text": UTF-16 with a byte-order mark, tab-separated
    p = tmp / "unicode.csv"
    p.write_text("model\tbenchmark\tscore\nCafé-7B\tikp\t0.3\n", encoding="utf-16")
    return read(p)


def _utf16_no_bom(tmp: Path):
    p = tmp / "le.csv"
    p.write_bytes((HEADER + "Café-7B,ikp,0.3\n").encode("utf-16-le"))
    return read(p)


def _latin1(tmp: Path):
    p = tmp / "l1.csv"
    p.write_bytes((HEADER + "Café-7B,ikp,0.3\n").encode("latin-1"))
    return read(p)


def _wrong_encoding_given(tmp: Path):
    p = tmp / "w.csv"
    p.write_bytes((HEADER + "Café-7B,ikp,0.3\n").encode("latin-1"))
    return read(p, encoding="utf-8")


def _tilde(tmp: Path):
    home = tmp / "home"
    home.mkdir()
    (home / "mine.csv").write_text(HEADER + "a,ikp,0.3\n")
    mp = pytest.MonkeyPatch()
    mp.setenv("HOME", str(home))
    try:
        return read("~/mine.csv")
    finally:
        mp.undo()


def _first_model(name):
    def check(df):
        assert df["model"].iloc[0] == name, df["model"].iloc[0]
    return check


def _control_chars(tmp: Path):
    evil = "\x1b[31mred\x1b[0m\nnext"
    df = read(pd.DataFrame({"model": [evil, evil], "benchmark": ["ikp", "nope"],
                            "score": [0.3, 0.4]}), source="src\x1b[2J")
    return df


def _check_control(df):
    s = str(df.attrs["report"])
    assert "\x1b" not in s and "\\x1b" in s
    assert all(line.isprintable() for line in s.split("\n"))
    # the data itself is not changed
    assert df["model"].iloc[0].startswith("\x1b[31m")


def _index_names(tmp: Path):
    return read(pd.DataFrame({"ikp": [0.3]}, index=pd.Index(["a"], name="llm_name")))


def _v03_triviaqa(tmp: Path):
    return paramest.read_lm_eval(LM_EVAL / "triviaqa-v0-res.json", model="some-model")


def _check_v03(df):
    obj = json.loads((LM_EVAL / "triviaqa-v0-res.json").read_text())
    assert df["score"].iloc[0] == pytest.approx(obj["results"]["triviaqa"]["acc"])
    assert df["source"].iloc[0].endswith("(acc)")
    assert "v0.3" in notes(df)


MESSAGES = [
    ("triviaqa-old-acc-only [issue]", _v03_triviaqa, ok(_check_v03)),
    ("utf16-excel-unicode-text [issue]", _utf16_excel,
     ok(lambda df: (_first_model("Café-7B")(df), "UTF-16" in notes(df) or pytest.fail(notes(df))))),
    ("latin1 [issue]", _latin1,
     ok(lambda df: (_first_model("Café-7B")(df), "encoding=" in notes(df) or pytest.fail(notes(df))))),
    ("encoding-problem-never-says-format [issue]", _wrong_encoding_given,
     raises(E.FileFormatError, "encoding=", "utf-8")),
    ("semicolon-delimiter [issue]", text("sc.csv", "model;benchmark;score\na;ikp;0.3\n"),
     ok(lambda df: ("semicolon" in notes(df) and len(df) == 1) or pytest.fail(notes(df)))),
    ("decimal-commas [issue]", text("dc.csv", "model;benchmark;score\na;ikp;0,3\nb;ikp;0,45\n"),
     ok(lambda df: (np.testing.assert_allclose(df["score"], [0.3, 0.45]),
                    "decimal comma" in notes(df) or pytest.fail(notes(df))))),
    ("tsv-in-a-csv [issue]", text("t.csv", "model\tbenchmark\tscore\na\tikp\t0.3\n"),
     ok(lambda df: ("tab" in notes(df) and len(df) == 1) or pytest.fail(notes(df)))),
    ("excel-percent-strings [issue]", text("ps.csv", HEADER + "a,ikp,45.3%\nb,ikp,12%\n"),
     ok(lambda df: (np.testing.assert_allclose(df["score"], [45.3 / 100, 12 / 100]),
                    "percent sign" in notes(df) or pytest.fail(notes(df))))),
    ("symlink-loop-is-not-not-found [issue]", _symlink_loop,
     raises(E.FileFormatError, "symbolic link")),
    ("tilde-expanded [issue]", _tilde, ok(lambda df: len(df) == 1 or pytest.fail())),
    ("na-none-null-are-names [issue]", text("n.csv", HEADER + "NA,ikp,0.3\nNone,ikp,0.4\nnull,ikp,0.5\n"),
     ok(lambda df: (sorted(df["model"]) == ["NA", "None", "null"]) or pytest.fail(list(df["model"])))),
    ("wide-row-all-empty-reported [issue]", text("w.csv", "model,ikp,simpleqa\na,0.3,0.2\nb,,\n"),
     ok(lambda df: (reasons(df) == ["no score in any benchmark column"]
                    and list(df.attrs["report"].skipped["model"]) == ["b"]) or pytest.fail(reasons(df)))),
    ("benchmark-string-is-one-benchmark [issue]",
     frame({"model": ["a", "b"], "score": [0.3, 0.4]}, benchmark="ikp"),
     ok(lambda df: (set(df["benchmark"]) == {"ikp"}) or pytest.fail(list(df["benchmark"])))),
    ("control-characters-escaped [issue]", _control_chars, ok(_check_control)),
    # ours
    ("utf16-without-bom", _utf16_no_bom, ok(_first_model("Café-7B"))),
    ("utf32-with-bom", lambda tmp: (tmp / "u32.csv").write_text(HEADER + "Café-7B,ikp,0.3\n",
                                                              encoding="utf-32") and read(tmp / "u32.csv"),
     ok(_first_model("Café-7B"))),
    ("utf8-bom-header", raw("bom.csv", "\ufeffmodel,benchmark,score\na,ikp,0.3\n".encode()),
     ok(_first_model("a"))),
    ("binary-with-nul-bytes", raw("bin.csv", bytes(range(256)) * 4),
     raises(E.FileFormatError, "binary", "encoding=")),
    ("excel-workbook-renamed", raw("x.csv", b"PK\x03\x04" + b"\x00" * 40),
     raises(E.FileFormatError, "excel", "csv utf-8")),
    ("gzip-renamed", raw("g.csv", b"\x1f\x8b\x08\x00" + b"\x00" * 20), raises(E.FileFormatError, "gzip")),
    ("xlsx-suffix", raw("book.xlsx", b"PK\x03\x04"), raises(E.FileFormatError, "unsupported", "CSV UTF-8")),
    ("pipe-delimiter", text("p.csv", "model|benchmark|score\na|ikp|0.3\n"),
     ok(lambda df: ("pipe" in notes(df) and len(df) == 1) or pytest.fail(notes(df)))),
    ("ragged-row-names-the-fields", text("r.csv", HEADER + "a,ikp,0.3\nb,ikp,0.3,7\n"),
     raises(E.FileFormatError, "more fields than the header", "unquoted")),
    ("model-names-in-the-index", _index_names, raises(E.FileFormatError, "reset_index")),
    ("unknown-benchmark-row-says-register", text("u.csv", HEADER + "a,ikp,0.3\na,factrecall9,0.4\n"),
     ok(lambda df: ("register_benchmark('factrecall9'" in reasons(df)[0]) or pytest.fail(reasons(df)))),
    ("empty-and-text-scores-told-apart", text("e.csv", HEADER + "a,ikp,\nb,ikp,high\nc,ikp,0.3\n"),
     ok(lambda df: (reasons(df) == [cells.R_EMPTY, cells.R_NAN]) or pytest.fail(reasons(df)))),
    ("v03-mmlu-subject-explained", call(paramest.read_lm_eval,
                                        LM_EVAL / "hendrycksTest-abstract_algebra-v0-res.json", model="m"),
     raises(E.FileFormatError, "v0.3 MMLU")),
    ("mapped-task-wrong-metric-named", call(paramest.read_lm_eval,
                                            {"results": {"nq_open": {"bleu,none": 0.2}}}, model="m"),
     raises(E.FileFormatError, "nq_open", "bleu,none", "tasks=")),
    ("missing-file-names-parent", call(paramest.read_scores, "/no/such/folder/x.csv"),
     raises(E.FileFormatError, "not found", "does not exist")),
    ("score-column-without-benchmark", text("sb.csv", "model,score\na,0.3\n"),
     raises(E.FileFormatError, "no benchmark column", "benchmark=")),
    ("over-size-limit-says-how", lambda tmp: _too_big(tmp), raises(E.FileFormatError, "MAX_FILE_BYTES")),
]


def _too_big(tmp: Path):
    p = tmp / "big.csv"
    p.write_text(HEADER + "a,ikp,0.5\n" * 100)
    mp = pytest.MonkeyPatch()
    mp.setattr(readers, "MAX_FILE_BYTES", 64)
    try:
        return read(p)
    finally:
        mp.undo()


@pytest.mark.parametrize("make,expect", [c[1:] for c in MESSAGES], ids=[c[0] for c in MESSAGES])
def test_messages(make, expect, tmp_path):
    run_case(make, expect, tmp_path)


@pytest.mark.parametrize("table,n_issue", [(NO_TRACEBACK, 8), (NO_SILENT_CHANGE, 13), (MESSAGES, 14)])
def test_tables_have_as_many_own_cases_as_issue_cases(table, n_issue):
    ids = [c[0] for c in table]
    assert len(ids) == len(set(ids))
    issue = [i for i in ids if "[issue]" in i]
    assert len(issue) == n_issue
    assert len(ids) - len(issue) >= len(issue)


# --------------------------------------------------------------------------------------
# Issue 13: a benchmark paramest has never heard of
# --------------------------------------------------------------------------------------


def test_new_benchmark_wide_counted_then_kept_once_registered(tmp_path, fresh_registry):
    m = shipped_model()["model"]
    p = tmp_path / "mine.csv"
    p.write_text(f"model,ikp,factrecall\n{m},0.3,0.61\nacme-closed-1,0.2,0.4\nacme-2,0.25,\n")
    with pytest.warns(UserWarning, match="skipped"):
        before = paramest.read_scores(p)
    rep = check_invariant(before)
    # 3 ikp cells + 2 non-empty factrecall cells; the factrecall ones are skipped and counted
    assert rep.n_in == 5 and len(before) == 3
    assert list(rep.skipped["benchmark"]) == ["factrecall", "factrecall"]
    assert all("register_benchmark('factrecall'" in r for r in rep.skipped["reason"])
    paramest.register_benchmark("factrecall", chance=0.0, n_questions=500)
    after = read(p)
    rep = check_invariant(after)
    assert rep.n_in == 5 and len(after) == 5 and len(rep.skipped) == 0
    got = after.set_index(["model", "benchmark"])["score"]
    assert got[("acme-closed-1", "factrecall")] == pytest.approx(0.4)
    assert got[(m, "factrecall")] == pytest.approx(0.61)


def test_new_benchmark_long_format(fresh_registry):
    t = pd.DataFrame({"model": ["a", "b", "c"], "benchmark": ["factrecall", "FactRecall", "ikp"],
                      "score": [0.3, 0.4, 0.2]})
    df = read(t)
    rep = check_invariant(df)
    assert len(df) == 1 and len(rep.skipped) == 2
    with pytest.raises(E.UnknownBenchmarkError, match="register_benchmark"):
        read(t[t["benchmark"] != "ikp"])
    paramest.register_benchmark("factrecall", aliases=["fact recall"])
    df = read(t)
    assert sorted(df["benchmark"]) == ["factrecall", "factrecall", "ikp"]


def test_new_benchmark_only_column_names_the_fix(tmp_path, fresh_registry):
    p = tmp_path / "only.csv"
    p.write_text("model,factrecall\na,0.3\n")
    with pytest.raises(E.UnknownBenchmarkError, match=r"register_benchmark\('factrecall'"):
        paramest.read_scores(p)


# --------------------------------------------------------------------------------------
# Reports and combine
# --------------------------------------------------------------------------------------


def test_report_to_dict_is_json(tmp_path):
    p = tmp_path / "m.csv"
    p.write_text(HEADER + "a,ikp,0.3\na,ikp,0.4\nb,nope,0.2\nc,ikp,\n")
    df = read(p)
    d = df.attrs["report"].to_dict()
    json.dumps(d, allow_nan=False)
    assert d["n_in"] == 4 and d["n_loaded"] == 1 and d["n_skipped"] == 3
    assert d["n_in"] == d["n_loaded"] + len(d["skipped"])
    assert d["conflicts"][0]["scores"] == [0.3, 0.4]


def test_frames_with_reports_concatenate():
    a = read(pd.DataFrame({"model": ["a"], "benchmark": ["ikp"], "score": [0.3]}))
    b = read(pd.DataFrame({"model": ["b"], "benchmark": ["ikp"], "score": [0.4]}))
    assert len(pd.concat([a, b])) == 2  # pandas compares attrs: reports must not break it


def test_combine_list_replacement_and_invariant():
    shipped = paramest.load_scores()
    target = shipped.iloc[0]
    mine = read(pd.DataFrame({"model": [target["model"], "acme-closed-1"],
                              "benchmark": [target["benchmark"], "ikp"],
                              "score": [0.01 if target["score"] > 0.5 else 0.99, 0.3]}))
    again = read(pd.DataFrame({"model": ["acme-closed-1"], "benchmark": ["ikp"], "score": [0.3]}))
    for prefer in ("user", "shipped"):
        out = paramest.combine([mine, again], prefer=prefer)
        rep = out.attrs["report"]
        assert rep.n_in == len(shipped) + 3
        assert rep.n_in == rep.n_loaded + len(rep.skipped) == len(out) + len(rep.skipped)
        assert (out["model"] == "acme-closed-1").sum() == 1
        pair = out[(out["model"] == target["model"]) & (out["benchmark"] == target["benchmark"])]
        want = mine["score"].iloc[0] if prefer == "user" else target["score"]
        assert len(pair) == 1 and pair["score"].iloc[0] == pytest.approx(want)
        assert len(rep.conflicts) == 1


def test_combine_conflicting_user_frames():
    a = read(pd.DataFrame({"model": ["acme"], "benchmark": ["ikp"], "score": [0.3]}))
    b = read(pd.DataFrame({"model": ["acme"], "benchmark": ["ikp"], "score": [0.4]}))
    with pytest.raises(E.ConflictError):
        paramest.combine([a, b])


def test_combine_keeps_question_counts_and_shots():
    u = read(pd.DataFrame({"model": ["acme"], "benchmark": ["ikp"], "score": [0.3],
                           "n_questions": [50], "shots": [5]}))
    out = paramest.combine(u)
    row = out[out["model"] == "acme"].iloc[0]
    assert row["n_questions"] == 50 and row["shots"] == 5
