"""Bad input to paramest.ingest: each case raises a specific error naming the problem."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from paramest import errors as E
from paramest import ingest as I
from paramest.ingest import readers

HEADER = "model,benchmark,score\n"


def _model() -> str:
    """A shipped model id, read from the model table (so no name is typed from memory)."""
    m = I.load_models()
    return str(m.loc[m["open_weights"] & m["total_params_b"].notna(), "model"].iloc[0])


def text(name: str, body: str):
    def make(tmp: Path):
        p = tmp / name
        p.write_text(body.replace("{M}", _model()))
        return I.read_scores(p)
    return make


def raw_bytes(name: str, body: bytes):
    def make(tmp: Path):
        p = tmp / name
        p.write_bytes(body)
        return I.read_scores(p)
    return make


def call(fn, *args, **kw):
    return lambda tmp: fn(*args, **kw)


def too_big(tmp: Path):
    p = tmp / "big.csv"
    p.write_text(HEADER + f"{_model()},ikp,0.5\n" * 50)
    mp = pytest.MonkeyPatch()
    mp.setattr(readers, "MAX_FILE_BYTES", 100)
    try:
        return I.read_scores(p)
    finally:
        mp.undo()


def harness(obj):
    def make(tmp: Path):
        p = tmp / "results.json"
        p.write_text(json.dumps(obj))
        return I.read_lm_eval(p)
    return make


CASES = [
    # (id, make(tmp_path), error class, word the message must contain)
    ("empty-file", text("e.csv", ""), E.FileFormatError, "empty"),
    ("header-only", text("h.csv", HEADER), E.FileFormatError, "no rows"),
    ("unterminated-quote", text("t.csv", HEADER + '{M},ikp,0.3\n"{M},ikp'), E.FileFormatError,
     "truncated"),
    ("ragged-long-row", text("r.csv", HEADER + "{M},ikp,0.3\n{M},ikp,0.3,extra\n"),
     E.FileFormatError, "fields"),
    ("ragged-first-row", text("r1.csv", HEADER + "{M},ikp,0.3,7,8\n{M},simpleqa,0.2\n"),
     E.FileFormatError, "more fields than the header"),
    ("invalid-json", text("b.json", '[{"model": "x", "benchmark": '), E.FileFormatError,
     "not valid JSON"),
    ("invalid-jsonl", text("b.jsonl", '{"model": "x", "benchmark": "ikp", "score": 0.3}\n{"mo'),
     E.FileFormatError, "not valid JSON"),
    ("json-scalar", text("s.json", "42"), E.FileFormatError, "not a table"),
    ("json-string", text("s2.json", '"scores"'), E.FileFormatError, "not a table"),
    ("json-dict-of-scalars", text("d.json", '{"model": "x", "score": 1}'), E.FileFormatError,
     "list of records"),
    ("json-empty-list", text("l.json", "[]"), E.FileFormatError, "no rows"),
    ("not-utf8", raw_bytes("bin.csv", b"\xff\xfe\x00\x81garbage\x00\n"), E.FileFormatError,
     "cannot read"),
    ("corrupt-parquet", text("p.parquet", "model,benchmark,score\n"), E.FileFormatError,
     "parquet"),
    ("no-model-column", text("w.csv", "llm_id,bench,value\nx,ikp,0.3\n"), E.FileFormatError,
     "llm_id"),
    ("no-benchmark-columns", text("w2.csv", "model,foo,bar\n{M},1,2\n"), E.UnknownBenchmarkError,
     "register_benchmark('foo'"),
    ("no-benchmark-columns-text", text("w3.csv", "model,foo,bar\n{M},x,y\n"),
     E.FileFormatError, "no benchmark columns"),
    ("nan-score", text("n.csv", HEADER + "{M},ikp,nan\n"), E.ScoreScaleError, "NaN"),
    ("empty-score", text("n2.csv", HEADER + "{M},ikp,\n"), E.ScoreScaleError, "finite"),
    ("inf-score", text("i.csv", HEADER + "{M},ikp,inf\n"), E.ScoreScaleError, "infinite"),
    ("text-score", text("ts.csv", HEADER + "{M},ikp,high\n"), E.ScoreScaleError, "not numeric"),
    ("negative-score", text("ng.csv", HEADER + "{M},ikp,-0.2\n"), E.ScoreScaleError, "-0.2"),
    ("score-over-100", text("g.csv", HEADER + "{M},ikp,150\n"), E.ScoreScaleError, "150"),
    ("ambiguous-scale", text("a.csv", HEADER + "{M},ikp,0.5\n{M},simpleqa,45\n"),
     E.ScoreScaleError, "scale="),
    ("fraction-scale-but-percent", lambda tmp: I.read_scores(
        pd.DataFrame({"model": ["x"], "benchmark": ["ikp"], "score": [40.0]}), scale="fraction"),
     E.ScoreScaleError, "fraction"),
    ("bad-scale-name", lambda tmp: I.read_scores(
        pd.DataFrame({"model": ["x"], "benchmark": ["ikp"], "score": [0.4]}), scale="permille"),
     E.InputError, "permille"),
    ("unknown-benchmark-only", text("u.csv", HEADER + "{M},hellaswag,0.5\n{M},arc,0.4\n"),
     E.UnknownBenchmarkError, "benchmark"),
    ("params-8x7B", text("p1.csv", HEADER[:-1] + ",params\nnew,ikp,0.5,8x7B\n"),
     E.ParamsParseError, "total"),
    ("params-abc", text("p2.csv", HEADER[:-1] + ",params\nnew,ikp,0.5,abc\n"),
     E.ParamsParseError, "cannot parse"),
    ("params-negative", text("p3.csv", HEADER[:-1] + ",params\nnew,ikp,0.5,-5B\n"),
     E.ParamsParseError, "negative"),
    ("params-zero", text("p4.csv", HEADER[:-1] + ",params\nnew,ikp,0.5,0B\n"),
     E.ParamsParseError, "positive"),
    ("active-gt-total-columns",
     text("p5.csv", HEADER[:-1] + ",total_params_b,active_params_b\nnew,ikp,0.5,7,12\n"),
     E.ParamsParseError, "exceed"),
    ("active-gt-total-string", text("p6.csv", HEADER[:-1] + ",params\nnew,ikp,0.5,7B-A12B\n"),
     E.ParamsParseError, "exceed"),
    ("unparseable-date", text("d1.csv", HEADER[:-1] + ",release_date\nnew,ikp,0.5,last spring\n"),
     E.DateParseError, "last spring"),
    ("future-date", text("d2.csv", HEADER[:-1] + ",release_date\nnew,ikp,0.5,2999-01-01\n"),
     E.DateParseError, "future"),
    ("unsupported-extension", text("s.xlsx", HEADER), E.FileFormatError, "unsupported"),
    ("pickle", raw_bytes("s.pkl", b"\x80\x04K\x01."), E.FileFormatError, "unsupported"),
    ("missing-file", lambda tmp: I.read_scores(tmp / "nope.csv"), E.FileFormatError, "not found"),
    ("file-over-size-limit", too_big, E.FileFormatError, "limit"),
    ("wrong-type", lambda tmp: I.read_scores(42), E.InputError, "int"),
    ("lm-eval-no-results", harness({"config": {}}), E.FileFormatError, "results"),
    ("lm-eval-no-model", harness({"results": {"mmlu": {"acc,none": 0.5}}}), E.FileFormatError,
     "model="),
    ("lm-eval-no-mapped-task",
     harness({"results": {"hellaswag": {"acc,none": 0.5}}, "model_name": "x"}),
     E.FileFormatError, "no task maps"),
    ("unknown-model-name", call(I.resolve_model, "no-such-model-anywhere"), E.UnknownModelError,
     "no-such-model-anywhere"),
    ("unknown-benchmark-name", call(I.resolve_benchmark, "hellaswagg"), E.UnknownBenchmarkError,
     "hellaswagg"),
    ("combine-missing-columns", call(I.combine, pd.DataFrame({"a": [1]})), E.FileFormatError,
     "lacks columns"),
]


def test_table_is_large_and_distinct():
    ids = [c[0] for c in CASES]
    assert len(ids) == len(set(ids)) >= 20


@pytest.mark.parametrize("make,err,word", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input(make, err, word, tmp_path):
    with pytest.raises(err) as info:
        make(tmp_path)
    assert word.lower() in str(info.value).lower(), str(info.value)
    # every bad-input error is a paramest InputError and a ValueError
    assert isinstance(info.value, E.InputError)
    assert isinstance(info.value, ValueError)
