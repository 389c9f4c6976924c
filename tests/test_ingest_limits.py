"""Issue 23, item 1: bounded work per file.

Every limit is checked on counts taken before the data is expanded (CSV lines, JSON
objects and depth, Parquet row-group metadata), and a refusal says how to split the
input. The parsers that would expand the data are replaced by traps in these tests, so a
test fails if the reader expands the input before refusing it.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import paramest
from paramest import errors as E
from paramest.ingest import files, readers, sniff

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def read(data, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return paramest.read_scores(data, **kw)


def _trap(*a, **k):
    raise AssertionError("the reader expanded the data before checking the limits")


def _says_how_to_split(msg: str, limit: str) -> None:
    assert "Split it" in msg and "paramest.combine" in msg and limit in msg, msg


# --------------------------------------------------------------------------------------
# the decompression bomb
# --------------------------------------------------------------------------------------


def _parquet_of_identical_rows(path, n_rows: int, batch: int = 1_000_000) -> None:
    """``n_rows`` identical rows, written in batches (a few MB of memory at a time)."""
    zeros = pa.array(np.zeros(batch, dtype=np.int32))
    table = pa.table({
        "model": pa.DictionaryArray.from_arrays(zeros, pa.array(["acme-1"])),
        "benchmark": pa.DictionaryArray.from_arrays(zeros, pa.array(["ikp"])),
        "score": pa.array(np.full(batch, 0.5)),
    })
    with pq.ParquetWriter(path, table.schema) as w:
        for _ in range(n_rows // batch):
            w.write_table(table)


def test_parquet_bomb_refused_from_metadata(tmp_path, monkeypatch):
    p = tmp_path / "bomb.parquet"
    n = 20_000_000
    _parquet_of_identical_rows(p, n)
    assert p.stat().st_size < 1024 * 1024  # a small file on disk...
    assert pq.ParquetFile(p).metadata.num_rows == n  # ...that decodes to 20M rows
    monkeypatch.setattr(pq.ParquetFile, "read", _trap)
    monkeypatch.setattr(pq, "read_table", _trap)
    with pytest.raises(E.FileFormatError) as e:
        paramest.read_scores(p)
    msg = str(e.value)
    assert f"{n:,} rows" in msg and f"{readers.MAX_ROWS:,}" in msg
    assert "before being expanded" in msg
    _says_how_to_split(msg, "MAX_ROWS")


def test_parquet_within_limits_keeps_text_encoded(tmp_path):
    p = tmp_path / "rows.parquet"
    _parquet_of_identical_rows(p, 200_000, batch=100_000)
    df = read(p)
    assert len(df) == 1  # identical rows collapse...
    rep = df.attrs["report"]
    assert rep.n_in == 200_000 and len(rep.skipped) == 200_000 - 1  # ...and are counted
    assert isinstance(df["model"].dtype, pd.CategoricalDtype)


def test_parquet_cells_limit(tmp_path, monkeypatch):
    p = tmp_path / "wide.parquet"
    pq.write_table(pa.table({f"c{i}": [0.5] * 100 for i in range(30)} | {"model": ["a"] * 100}), p)
    monkeypatch.setattr(readers, "MAX_CELLS", 1000)
    monkeypatch.setattr(pq.ParquetFile, "read", _trap)
    with pytest.raises(E.FileFormatError, match="cells") as e:
        paramest.read_scores(p)
    _says_how_to_split(str(e.value), "MAX_CELLS")


# --------------------------------------------------------------------------------------
# CSV and JSON: counted from the bytes
# --------------------------------------------------------------------------------------


def test_csv_rows_counted_before_parsing(tmp_path, monkeypatch):
    p = tmp_path / "many.csv"
    rows = 1000
    p.write_text("model,benchmark,score\n" + "a,ikp,0.5\n" * rows)
    monkeypatch.setattr(readers, "MAX_ROWS", rows - 1)
    monkeypatch.setattr(files.pd, "read_csv", _trap)
    with pytest.raises(E.FileFormatError, match=f"{rows:,} rows") as e:
        paramest.read_scores(p)
    _says_how_to_split(str(e.value), "MAX_ROWS")


def test_csv_cells_counted_before_parsing(tmp_path, monkeypatch):
    p = tmp_path / "wide.csv"
    header = "model," + ",".join(f"b{i}" for i in range(50))
    p.write_text(header + "\n" + ("a" + ",0.5" * 50 + "\n") * 100)
    monkeypatch.setattr(readers, "MAX_CELLS", 100 * 51 - 1)
    monkeypatch.setattr(files.pd, "read_csv", _trap)
    with pytest.raises(E.FileFormatError, match="cells") as e:
        paramest.read_scores(p)
    _says_how_to_split(str(e.value), "MAX_CELLS")


def test_json_records_counted_before_parsing(tmp_path, monkeypatch):
    p = tmp_path / "many.json"
    recs = [{"model": f"m{i}", "benchmark": "ikp", "score": 0.5} for i in range(300)]
    p.write_text(json.dumps(recs))
    monkeypatch.setattr(readers, "MAX_ROWS", 299)
    monkeypatch.setattr(files.json, "loads", _trap)
    with pytest.raises(E.FileFormatError, match="300 records") as e:
        paramest.read_scores(p)
    _says_how_to_split(str(e.value), "MAX_ROWS")


def test_jsonl_lines_counted_before_parsing(tmp_path, monkeypatch):
    p = tmp_path / "many.jsonl"
    p.write_text("".join(json.dumps({"model": f"m{i}", "benchmark": "ikp", "score": 0.5}) + "\n"
                         for i in range(300)))
    monkeypatch.setattr(readers, "MAX_ROWS", 299)
    monkeypatch.setattr(files.json, "JSONDecoder", _trap)
    with pytest.raises(E.FileFormatError, match="300 lines") as e:
        paramest.read_scores(p)
    _says_how_to_split(str(e.value), "MAX_ROWS")


@pytest.mark.parametrize("suffix", ["json", "jsonl"])
def test_json_depth_checked_before_parsing(tmp_path, monkeypatch, suffix):
    depth = readers.MAX_JSON_DEPTH + 1
    p = tmp_path / f"deep.{suffix}"
    p.write_text("[" * depth + "]" * depth + "\n")
    monkeypatch.setattr(files.json, "loads", _trap)
    monkeypatch.setattr(files.json, "JSONDecoder", _trap)
    with pytest.raises(E.FileFormatError, match=f"nested {depth} levels"):
        paramest.read_scores(p)


def test_wide_scores_limit_before_scores_are_built(tmp_path, monkeypatch):
    p = tmp_path / "wide.csv"
    p.write_text("model,ikp,simpleqa\n" + "".join(f"m{i},0.3,0.2\n" for i in range(100)))
    monkeypatch.setattr(readers, "MAX_SCORES", 199)
    with pytest.raises(E.FileFormatError, match="200 scores") as e:
        paramest.read_scores(p)
    _says_how_to_split(str(e.value), "MAX_SCORES")


def test_dataframe_and_records_limited_too(monkeypatch):
    t = pd.DataFrame({"model": ["a", "b", "c"], "benchmark": ["ikp"] * 3, "score": [0.3] * 3})
    monkeypatch.setattr(readers, "MAX_ROWS", 2)
    with pytest.raises(E.FileFormatError, match="3 rows"):
        paramest.read_scores(t)
    with pytest.raises(E.FileFormatError, match="3 records"):
        paramest.read_scores(t.to_dict(orient="records"))


def test_cell_length_limit_names_row_and_column(tmp_path):
    p = tmp_path / "long.csv"
    big = "x" * (readers.MAX_CELL_CHARS + 1)
    p.write_text(f"model,benchmark,score,note\na,ikp,0.3,ok\nb,ikp,0.4,{big}\n")
    with pytest.raises(E.FileFormatError) as e:
        paramest.read_scores(p)
    msg = str(e.value)
    assert "row 1" in msg and "'note'" in msg and f"{len(big):,} characters" in msg
    assert "MAX_CELL_CHARS" in msg


def test_limits_are_read_at_each_call(tmp_path, monkeypatch):
    p = tmp_path / "two.csv"
    p.write_text("model,benchmark,score\na,ikp,0.3\nb,ikp,0.4\n")
    monkeypatch.setattr(readers, "MAX_ROWS", 1)
    with pytest.raises(E.FileFormatError, match="MAX_ROWS"):
        paramest.read_scores(p)
    monkeypatch.setattr(readers, "MAX_ROWS", 2)
    assert len(read(p)) == 2


def test_memory_budget_is_stated():
    doc = paramest.read_scores.__doc__
    assert f"{readers.MEMORY_BUDGET_GB:g} GB" in doc
    for name in ("MAX_FILE_BYTES", "MAX_ROWS", "MAX_CELLS", "MAX_SCORES", "MAX_CELL_CHARS"):
        assert name in doc


# --------------------------------------------------------------------------------------
# the byte scanner agrees with the parser
# --------------------------------------------------------------------------------------

_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                     st.floats(allow_nan=False, allow_infinity=False),
                     st.text(alphabet='ab{}[]:,"\\ \n\té', max_size=8))
_json = st.recursive(_scalars, lambda kids: st.one_of(
    st.lists(kids, max_size=4),
    st.dictionaries(st.text(alphabet='k{}[]:"\\', max_size=4), kids, max_size=4)), max_leaves=20)


def _walk(v, d=0):
    """(depth, objects, pairs) of a parsed JSON value."""
    if isinstance(v, list):
        parts = [_walk(x, d + 1) for x in v]
        return (max([d + 1] + [p[0] for p in parts]), sum(p[1] for p in parts),
                sum(p[2] for p in parts))
    if isinstance(v, dict):
        parts = [_walk(x, d + 1) for x in v.values()]
        return (max([d + 1] + [p[0] for p in parts]), 1 + sum(p[1] for p in parts),
                len(v) + sum(p[2] for p in parts))
    return d, 0, 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_json, chunk=st.sampled_from([1, 2, 3, 7, 64, 1 << 22]))
def test_json_shape_matches_the_parsed_value(value, chunk, monkeypatch):
    monkeypatch.setattr(sniff, "_CHUNK", chunk)  # chunk borders anywhere, even inside escapes
    text = json.dumps(value, ensure_ascii=False)
    shape = sniff.json_shape(text.encode("utf-8"))
    assert (shape.depth, shape.objects, shape.pairs) == _walk(value)


@settings(max_examples=30, deadline=None)
@given(recs=st.lists(st.dictionaries(st.sampled_from(["model", "benchmark", "score", "note"]),
                                     st.one_of(st.text(max_size=5), st.floats(allow_nan=False),
                                               st.integers(-5, 5), st.none(), st.booleans()),
                                     max_size=4), min_size=1, max_size=12))
def test_columnar_json_records_equal_from_records(recs):
    got = files.parse_json(json.dumps(recs).encode(), None, "x.json", [], readers.limits())
    want = pd.DataFrame.from_records(recs)
    assert list(got.columns) == list(want.columns)
    for c in want.columns:
        assert [None if pd.isna(v) else v for v in got[c].astype(object)] == \
            [None if pd.isna(v) else v for v in want[c].astype(object)]
