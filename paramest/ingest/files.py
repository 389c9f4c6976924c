"""Files -> a raw table (CSV, TSV, JSON Lines, Parquet) or parsed JSON, within the limits.

Each reader counts what the file would expand to before expanding it (lines of a CSV,
objects and depth of JSON, row-group metadata of Parquet), refuses it when that is over
:class:`~paramest.ingest.sniff.Limits`, and only then parses it. JSON numbers longer than
the limit and keys repeated within one object are refused as they are parsed.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import FileFormatError, InputError
from .report import brief, escape
from .sniff import (
    BOMS,
    FORMATS,
    MAGIC,
    Limits,
    check_size,
    decode,
    fix_line_ends,
    json_shape,
    refuse_other_content,
    sniff_delimiter,
    too_many,
)

__all__ = ["check_columns", "json_type", "parse_json", "read_file"]

_WS = re.compile(r"[ \t\r\n]*")  # one class, one quantifier: linear


def json_type(v: object) -> str:
    """The JSON name of a parsed value's type (``"number"``, ``"list"``...).

    Parameters
    ----------
    v : object
        A parsed JSON value.

    Returns
    -------
    str
        ``list``, ``string``, ``boolean``, ``number``, ``null`` or the Python type name.

    Examples
    --------
    >>> json_type(3), json_type(None)
    ('number', 'null')
    """
    return {list: "list", str: "string", bool: "boolean", int: "number", float: "number",
            type(None): "null"}.get(type(v), type(v).__name__)


def check_columns(names: Any, label: str) -> list[str]:
    """Column names as strings; duplicated names (ignoring case and spaces) raise.

    Parameters
    ----------
    names : iterable
        Column names.
    label : str
        The input's name.

    Returns
    -------
    list of str
        The names, stripped.

    Raises
    ------
    FileFormatError
        Two columns share a name.

    Examples
    --------
    >>> check_columns([" model", "score"], "x.csv")
    ['model', 'score']
    """
    cols = [str(c).strip() for c in names]
    seen: dict[str, str] = {}
    dups = []
    for c in cols:
        k = c.lower()
        if not k:
            continue
        if k in seen:
            dups.append(c if c == seen[k] else f"{seen[k]!r} and {c!r}")
        seen.setdefault(k, c)
    if dups:
        raise FileFormatError(
            f"{escape(label)} has duplicated column names {escape(dups)}; each column needs a "
            "distinct header. Rename or drop the repeats (their values may differ, so paramest "
            "will not pick one).")
    return cols


# --------------------------------------------------------------------------------------
# CSV / TSV
# --------------------------------------------------------------------------------------


def _needs_decoding(raw: bytes, encoding: str | None) -> bool:
    return (encoding is not None or raw.startswith(tuple(b for b, _ in BOMS))
            or b"\x00" in raw[:65536] or raw.startswith(tuple(m for m, _ in MAGIC)))


def _read_csv(path: Path, encoding: str | None, fmt: str, label: str, notes: list[str],
              limits: Limits) -> pd.DataFrame:
    """A CSV/TSV as a frame of strings ('' = empty cell), with pandas' C parser."""
    data: bytes | str
    raw = _bytes(path)
    if _needs_decoding(raw, encoding):
        data = decode(raw, encoding, label, notes)
    else:
        try:
            raw.decode("utf-8")  # valid UTF-8 bytes go to pandas as they are
            data = raw
        except UnicodeDecodeError:
            data = decode(raw, None, label, notes)
    del raw
    head = data[:65536] if isinstance(data, str) else data[:65536].decode("utf-8", "replace")
    refuse_other_content(head, label, fmt)
    data = fix_line_ends(data, notes)
    head = data[:65536] if isinstance(data, str) else data[:65536].decode("utf-8", "replace")
    sep, header = sniff_delimiter(head, fmt, label, notes)
    check_columns(header, label)
    nl = "\n" if isinstance(data, str) else b"\n"
    n_rows = data.count(nl) - 1 + (0 if data.endswith(nl) else 1)
    too_many(label, "rows", n_rows, limits.max_rows, "MAX_ROWS")
    too_many(label, "cells (rows x columns)", n_rows * max(len(header), 1), limits.max_cells,
             "MAX_CELLS")
    buf = io.BytesIO(data.encode("utf-8") if isinstance(data, str) else data)
    del data
    shown = escape(label)
    try:
        df = pd.read_csv(buf, sep=sep, dtype=str, keep_default_na=False, na_filter=False,
                         skipinitialspace=True, on_bad_lines="error", engine="c",
                         encoding="utf-8")
    except pd.errors.EmptyDataError as e:
        raise FileFormatError(f"{shown} has no columns; expected a header row") from e
    except pd.errors.ParserError as e:
        msg = escape(str(e).replace("Error tokenizing data. C error: ", ""))
        if "Expected" in msg:
            raise FileFormatError(
                f"cannot read {shown}: {msg}; some rows have more fields than the header "
                f"{escape(header)}. Is a value with a {'comma' if sep == ',' else 'delimiter'} "
                "unquoted?") from e
        raise FileFormatError(f"cannot read {shown} as CSV: {msg}. Is it truncated, or is a "
                              "quote left open?") from e
    if not isinstance(df.index, pd.RangeIndex):
        # pandas turns the extra leading fields of long rows into an index
        raise FileFormatError(
            f"{shown}: rows have more fields than the header {escape(header)}; is the file "
            "ragged, or a value with a comma unquoted?")
    return df


# --------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------


class _Refused(Exception):
    """Raised inside the JSON parser's hooks; turned into a FileFormatError outside it."""


_RECORD = object()  # what the columnar hook returns for a record it has stored


class _Hooks:
    """The JSON parser's hooks: numbers checked for length, keys for repeats.

    In columnar mode (a flat list of flat records) each record's values are appended to
    per-key columns, with repeated strings shared, instead of one dict per record.
    """

    def __init__(self, limits: Limits, columnar: bool) -> None:
        self.limit = limits.max_number_chars
        self.columnar = columnar
        self.cols: dict[str, list] = {}
        self.n = 0
        self.memo: dict[str, str] = {}
        self.repeats = 0

    def _number(self, s: str) -> None:
        if len(s) > self.limit:
            raise _Refused(f"a number of {len(s):,} characters ({s[:20]}...), over the limit of "
                           f"{self.limit} (paramest.ingest.readers.MAX_NUMBER_CHARS); no score, "
                           "size or count is that long. Is the file damaged?")

    def parse_int(self, s: str) -> int:
        self._number(s)
        return int(s)

    def parse_float(self, s: str) -> float:
        self._number(s)
        return float(s)

    def pairs(self, pairs: list[tuple[str, Any]]) -> Any:
        d = dict(pairs)
        if len(d) != len(pairs):
            self._repeated(pairs)
        if not self.columnar:
            return d
        n = self.n
        for k, v in d.items():
            col = self.cols.get(k)
            if col is None:
                col = self.cols[k] = [None] * n
            elif len(col) < n:
                col.extend([None] * (n - len(col)))
            col.append(self.memo.setdefault(v, v) if type(v) is str else v)
        self.n += 1
        return _RECORD

    def _repeated(self, pairs: list[tuple[str, Any]]) -> None:
        seen: dict[str, Any] = {}
        for k, v in pairs:
            if k in seen and seen[k] != v:
                where = f"record {self.n}" if self.columnar else "an object"
                raise _Refused(
                    f"{where} has the key {escape(k)!r} twice, with different values "
                    f"({brief(seen[k])} and {brief(v)}); keep one (is "
                    "one of them from another run?)")
            seen[k] = v
        self.repeats += 1

    def frame(self) -> pd.DataFrame:
        for col in self.cols.values():
            if len(col) < self.n:
                col.extend([None] * (self.n - len(col)))
        df = pd.DataFrame(self.cols) if self.cols else pd.DataFrame(index=range(self.n))
        self.cols = {}
        self.memo = {}
        return df


def _utf8_bytes(raw: bytes, encoding: str | None) -> bool:
    return encoding is None and not raw.startswith(tuple(b for b, _ in BOMS[1:])) \
        and b"\x00" not in raw[:65536]


def _shape_checks(shape: Any, label: str, limits: Limits, kind: str) -> None:
    if shape.depth > limits.max_json_depth:
        raise FileFormatError(
            f"{escape(label)}: the JSON is nested {shape.depth} levels deep, over the limit of "
            f"{limits.max_json_depth} (paramest.ingest.readers.MAX_JSON_DEPTH); a score table is "
            "a list of flat records")
    rows = shape.objects
    too_many(label, "records" if kind == "json" else "lines of records", rows, limits.max_rows,
             "MAX_ROWS")
    too_many(label, "cells (key-value pairs)", shape.pairs, limits.max_cells, "MAX_CELLS")


def _loads(text: str, label: str, hooks: _Hooks) -> Any:
    try:
        return json.loads(text, object_pairs_hook=hooks.pairs, parse_int=hooks.parse_int,
                          parse_float=hooks.parse_float)
    except json.JSONDecodeError as e:
        raise FileFormatError(f"{escape(label)} is not valid JSON ({e.msg} at line {e.lineno}); "
                              "check the file is complete") from None
    except _Refused as e:
        raise FileFormatError(f"{escape(label)}: {e}") from None
    except RecursionError:
        raise FileFormatError(f"{escape(label)}: the JSON is nested too deeply to read; a score "
                              "table is a list of flat records") from None
    except ValueError as e:  # e.g. Python's own limit on digits in an int
        raise FileFormatError(f"{escape(label)}: a value cannot be read ({escape(e)})") from None


def parse_json(raw: bytes, encoding: str | None, label: str, notes: list[str],
               limits: Limits) -> Any:
    """Parsed JSON, checked for depth, size, number length and repeated keys first.

    A flat list of flat records comes back as a DataFrame (built column by column); any
    other JSON (an lm-evaluation-harness file, a column dict) as Python objects.

    Parameters
    ----------
    raw : bytes
        The file's bytes.
    encoding : str or None
        The user's encoding, or None to detect it.
    label : str
        The file's name.
    notes : list of str
        Receives notes (encoding, repeated keys with equal values).
    limits : Limits
        Depth, rows, cells and number length are checked.

    Returns
    -------
    pandas.DataFrame or object
        The records as a frame, or the parsed value.

    Raises
    ------
    FileFormatError
        Invalid JSON, over a limit, a too-long number, or a key repeated with another value.

    Examples
    --------
    >>> from paramest.ingest.readers import limits
    >>> parse_json(b'[{"model": "a", "score": 0.5}]', None, "x.json", [], limits()).shape
    (1, 2)
    """
    shape = json_shape(raw if _utf8_bytes(raw, encoding) else
                       decode(raw, encoding, label, []).encode("utf-8"))
    _shape_checks(shape, label, limits, "json")
    text = decode(raw, encoding, label, notes)
    del raw
    hooks = _Hooks(limits, columnar=shape.top == "[" and shape.depth <= 2)
    obj = _loads(text, label, hooks)
    if hooks.repeats:
        notes.append(f"{hooks.repeats} JSON object(s) repeat a key with the same value; read once")
    if not hooks.columnar:
        return obj
    if not isinstance(obj, list):  # pragma: no cover - a '[' file parses to a list
        return obj
    bad = next((i for i, r in enumerate(obj) if r is not _RECORD), None)
    if bad is not None:
        raise FileFormatError(
            f"{escape(label)}: item {bad} of the list is a {json_type(obj[bad])}, not a record; "
            'expected a list of records like {"model": ..., "benchmark": ..., "score": ...}')
    if not obj:
        raise FileFormatError(f"{escape(label)} has no rows")
    del obj
    return hooks.frame()


def _read_jsonl(path: Path, encoding: str | None, label: str, notes: list[str],
                limits: Limits) -> pd.DataFrame:
    raw = _bytes(path)
    shape = json_shape(raw if _utf8_bytes(raw, encoding) else
                       decode(raw, encoding, label, []).encode("utf-8"))
    _shape_checks(shape, label, limits, "jsonl")
    text = decode(raw, encoding, label, notes)
    del raw
    hooks = _Hooks(limits, columnar=shape.depth <= 1)
    dec = json.JSONDecoder(object_pairs_hook=hooks.pairs, parse_int=hooks.parse_int,
                           parse_float=hooks.parse_float)
    records: list[Any] = []
    i, n = _WS.match(text, 0).end(), len(text)
    shown = escape(label)
    while i < n:
        try:
            rec, j = dec.raw_decode(text, i)
        except json.JSONDecodeError as e:
            raise FileFormatError(f"{shown} is not valid JSON Lines: line {e.lineno}: {e.msg}; "
                                  "check the file is complete") from None
        except _Refused as e:
            raise FileFormatError(f"{shown}: line {text.count(chr(10), 0, i) + 1}: {e}") from None
        except RecursionError:
            raise FileFormatError(f"{shown}: line {text.count(chr(10), 0, i) + 1} is nested too "
                                  "deeply to read") from None
        if rec is not _RECORD and not isinstance(rec, Mapping):
            line = text.count("\n", 0, i) + 1
            raise FileFormatError(
                f"{shown}: line {line} is a JSON {json_type(rec)}, not an object; each line of a "
                'JSON Lines file must be one record like {"model": ..., "benchmark": ..., '
                '"score": ...}')
        k = _WS.match(text, j).end()
        if k < n and "\n" not in text[j:k]:
            line = text.count("\n", 0, j) + 1
            raise FileFormatError(f"{shown} is not valid JSON Lines: line {line} holds more than "
                                  "one value; write one record per line")
        if rec is not _RECORD:
            records.append(rec)
        i = k
    if hooks.repeats:
        notes.append(f"{hooks.repeats} JSON object(s) repeat a key with the same value; read once")
    if hooks.columnar:
        if hooks.n == 0:
            raise FileFormatError(f"{shown} has no rows")
        return hooks.frame()
    if not records:
        raise FileFormatError(f"{shown} has no rows")
    return pd.DataFrame.from_records(records)


# --------------------------------------------------------------------------------------
# Parquet
# --------------------------------------------------------------------------------------


def _read_parquet(path: Path, label: str, limits: Limits) -> pd.DataFrame:
    """A Parquet file, refused from its metadata when too big; text columns as categoricals."""
    shown = escape(label)
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as e:
        raise FileFormatError(f"reading Parquet needs pyarrow: pip install pyarrow ({e})") from e
    try:
        meta = pq.ParquetFile(path)
        md = meta.metadata
        schema = meta.schema_arrow
        groups = [md.row_group(i) for i in range(md.num_row_groups)]
    except Exception as e:  # pyarrow raises many types for a bad file
        raise FileFormatError(f"cannot read {shown} as parquet: {escape(e)}. Is it truncated, or "
                              "another format? Pass format='csv' or 'json'.") from e
    rows = max(md.num_rows, sum(g.num_rows for g in groups))
    too_many(label, "rows", rows, limits.max_rows, "MAX_ROWS")
    too_many(label, "cells (rows x columns)", rows * max(md.num_columns, 1), limits.max_cells,
             "MAX_CELLS")
    decoded = sum(g.total_byte_size for g in groups)
    too_many(label, "bytes of decoded column data", decoded, 8 * limits.max_bytes,
             "MAX_FILE_BYTES")
    text = [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
    try:
        # text stays dictionary-encoded (a categorical): a column of repeated names is not
        # expanded into one string per row
        table = pq.ParquetFile(path, read_dictionary=text).read()
        return table.to_pandas()
    except Exception as e:
        raise FileFormatError(f"cannot read {shown} as parquet: {escape(e)}. Is it truncated, or "
                              "another format? Pass format='csv' or 'json'.") from e


# --------------------------------------------------------------------------------------
# Any file
# --------------------------------------------------------------------------------------


def read_file(path: Path, fmt: str | None, encoding: str | None, notes: list[str],
              limits: Limits) -> tuple[Any, str]:
    """The file's content: a DataFrame (CSV, JSONL, Parquet, JSON records) or parsed JSON.

    Parameters
    ----------
    path : pathlib.Path
        A regular file (:func:`~paramest.ingest.sniff.check_path`).
    fmt : str or None
        ``csv``, ``tsv``, ``json``, ``jsonl`` or ``parquet``; None: from the suffix.
    encoding : str or None
        Text encoding; None to detect it.
    notes : list of str
        Receives the reader's notes.
    limits : Limits
        The limits to check.

    Returns
    -------
    (object, str)
        The content and the kind read (``csv``, ``json``, ``jsonl`` or ``parquet``).

    Raises
    ------
    InputError
        ``fmt`` is not a string.
    FileFormatError
        An unsupported suffix, an empty or over-size file, or content that cannot be read.

    Examples
    --------
    >>> import paramest
    >>> from paramest.ingest.readers import limits
    >>> df, kind = read_file(paramest.example_file(), None, None, [], limits())
    >>> kind, "model" in df.columns
    ('csv', True)
    """
    label = path.name
    suffix = path.suffix.lstrip(".").lower()
    if fmt is not None and not isinstance(fmt, str):
        raise InputError(f"format must be a string like 'csv', not {type(fmt).__name__}")
    kind = FORMATS.get((fmt or suffix).lower().lstrip("."))
    if kind is None:
        extra = " (for Excel, save the sheet as 'CSV UTF-8')" if suffix in ("xls", "xlsx") else ""
        raise FileFormatError(
            f"unsupported file type {escape(fmt or suffix)!r} for {escape(label)}; use .csv, "
            f".tsv, .json, .jsonl or .parquet, or pass format='csv'{extra}")
    check_size(path, limits)
    if kind == "parquet":
        return _read_parquet(path, label, limits), "parquet"
    if kind in ("csv", "tsv"):
        return _read_csv(path, encoding, kind, label, notes, limits), "csv"
    if kind == "jsonl":
        return _read_jsonl(path, encoding, label, notes, limits), "jsonl"
    return parse_json(_bytes(path), encoding, label, notes, limits), "json"


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise FileFormatError(f"cannot read {escape(path)}: {e.strerror or e}") from None
