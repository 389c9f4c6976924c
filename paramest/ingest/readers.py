"""User files: :func:`read_scores`, :func:`read_lm_eval`, :func:`combine` and their report.

Readers never drop a row silently and never change a value silently:

- what they skip is listed, with the reason, in an :class:`IngestReport` attached as
  ``df.attrs["report"]``, and ``n_in == n_loaded + len(skipped)`` always holds;
- every decision that could change a value (the score scale, the delimiter, the text
  encoding, a date written as a number, a size taken from a harness file) is a note in
  that report;
- everything else that is wrong raises a :mod:`paramest.errors` exception that says what
  was wrong and how to fix it. No reader lets a raw traceback through.

Files larger than :data:`MAX_FILE_BYTES` (200 MiB) are refused before they are read.
``benchmarks/bigfile.py`` generates files up to that size and measures the load time and
peak memory of each (``benchmarks/results/bigfile.md``: a long-format file just under the
limit holds a few million rows and loads in seconds, within a few GB). To read a larger
file, filter it first, or raise the limit:
``paramest.ingest.readers.MAX_FILE_BYTES = 500 * 1024**2``.

Every per-row step is vectorised, and each distinct model name, benchmark name, parameter
count and date is parsed once, so a file of a million rows loads in seconds.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import math
import os
import re
import stat
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import (
    DateParseError,
    FileFormatError,
    InputError,
    ParamsParseError,
    ScoreScaleError,
    UnknownBenchmarkError,
)
from .lm_eval import lm_eval_rows
from .names import lookup_benchmark, lookup_model, parse_params
from .shipped import load_scores
from .tables import SCORE_COLUMNS, load_benchmarks, load_models

__all__ = ["EXTRA_COLUMNS", "MAX_FILE_BYTES", "IngestReport", "combine", "detect_scale",
           "read_lm_eval", "read_scores"]

MAX_FILE_BYTES = 200 * 1024 * 1024
"""Largest file, in bytes, that :func:`read_scores` and :func:`read_lm_eval` read (200 MiB).

A larger file raises :class:`~paramest.errors.FileFormatError` before it is read: a score
table is small, and the limit keeps a wrong file from exhausting memory.
``benchmarks/results/bigfile.md`` measures a file at the limit. The readers look the value
up at every call, so setting ``paramest.ingest.readers.MAX_FILE_BYTES`` changes the limit for
the session. Frames and dicts passed directly are not limited.
"""

# Columns a frame may carry beyond SCORE_COLUMNS.
EXTRA_COLUMNS = ("n_questions", "shots")

_SKIP_COLUMNS = ["row", "model", "benchmark", "reason"]
_FORMATS = {"csv": "csv", "txt": "csv", "tsv": "tsv", "tab": "tsv", "json": "json",
            "jsonl": "jsonl", "ndjson": "jsonl", "parquet": "parquet", "pq": "parquet"}


# --------------------------------------------------------------------------------------
# Reports
# --------------------------------------------------------------------------------------


def _esc(text: object) -> str:
    """``text`` with control characters escaped, so no ANSI sequence reaches a terminal."""
    s = str(text)
    if s.isprintable():
        return s
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in s)


@dataclass(eq=False)  # compared by identity: pandas compares attrs when frames are concatenated
class IngestReport:
    """What a reader kept, skipped and could not resolve.

    Attributes
    ----------
    source : str
        The file or object read.
    n_in : int
        Rows (or scores, for wide input) found in the input. In a wide table every
        non-empty cell of a numeric column is one score, and a row whose score cells are
        all empty counts once.
    n_loaded : int
        Rows returned.
    skipped : pandas.DataFrame
        One row per input row not returned, with ``row``, ``model``, ``benchmark`` and
        ``reason``. ``n_in == n_loaded + len(skipped)`` always holds.
    conflicts : pandas.DataFrame
        (model, benchmark) pairs with more than one differing score, and what was done.
    notes : list of str
        Decisions taken (detected scale, delimiter, encoding, format, column mapping).
    """

    source: str
    n_in: int = 0
    n_loaded: int = 0
    skipped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=_SKIP_COLUMNS))
    conflicts: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"{_esc(self.source)}: {self.n_in} rows in, {self.n_loaded} loaded, "
                 f"{len(self.skipped)} skipped"]
        lines += [f"  note: {_esc(n)}" for n in self.notes]
        if len(self.skipped):
            for reason, grp in self.skipped.groupby("reason", sort=False):
                rows = ", ".join(str(r) for r in grp["row"].head(5))
                more = ", ..." if len(grp) > 5 else ""
                lines.append(f"  skipped {len(grp)}: {_esc(reason)} (rows {rows}{more})")
        if len(self.conflicts):
            lines.append(f"  {len(self.conflicts)} conflicting (model, benchmark) pairs")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        """JSON-safe dict: counts, notes, and the skipped and conflicting rows as records.

        Returns
        -------
        dict
            ``source, n_in, n_loaded, n_skipped, notes``, and ``skipped`` and
            ``conflicts`` as lists of records (NaN and NaT become None, timestamps ISO
            strings).
        """
        def records(df: pd.DataFrame) -> list[dict]:
            out = []
            for r in df.to_dict(orient="records"):
                out.append({str(k): _plain(v) for k, v in r.items()})
            return out

        return {"source": self.source, "n_in": int(self.n_in), "n_loaded": int(self.n_loaded),
                "n_skipped": len(self.skipped), "notes": list(self.notes),
                "skipped": records(self.skipped), "conflicts": records(self.conflicts)}

    def _repr_html_(self) -> str:
        return "<pre>" + str(self).replace("&", "&amp;").replace("<", "&lt;") + "</pre>"


def _plain(v: Any) -> Any:
    """A JSON-safe Python value (NaN/NaT -> None, numpy scalars -> Python)."""
    if isinstance(v, (list, tuple, np.ndarray)):
        return [_plain(x) for x in v]
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, (np.integer, int)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        return float(v) if math.isfinite(v) else None
    if v is None or v is pd.NaT or v is pd.NA:
        return None
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    return v if isinstance(v, str) else str(v)


def _attach(df: pd.DataFrame, report: IngestReport) -> pd.DataFrame:
    assert report.n_in == report.n_loaded + len(report.skipped), report
    df.attrs["report"] = report
    if len(report.skipped):
        warnings.warn(f"{len(report.skipped)} row(s) skipped while reading {_esc(report.source)}; "
                      "see df.attrs['report'] for the reasons", UserWarning, stacklevel=3)
    return df


# --------------------------------------------------------------------------------------
# Scale
# --------------------------------------------------------------------------------------


def detect_scale(values: np.ndarray, scale: str, what: str) -> float:
    """Divisor that turns the values into fractions (1 or 100).

    ``"auto"`` returns 100 when some value exceeds 1 and none lies in (0, 1], 1 when all
    values lie in [0, 1], and raises :class:`ScoreScaleError` when the two are mixed.

    Parameters
    ----------
    values : array-like of float
        Raw scores; values that are not finite are ignored.
    scale : {"auto", "fraction", "percent"}
        The scale to check, or ``"auto"`` to detect it.
    what : str
        How to name the values in error messages.

    Returns
    -------
    float
        1.0 (fractions; also for no finite value) or 100.0 (percents).

    Raises
    ------
    InputError
        ``scale`` is not one of the three.
    ScoreScaleError
        Values outside [0, 1] for ``"fraction"``, outside [0, 100] for ``"percent"``, or,
        for ``"auto"``, outside [0, 100] or a mix that could be either scale.
    """
    if scale not in ("auto", "fraction", "percent"):
        raise InputError(f"scale must be 'auto', 'fraction' or 'percent', not {scale!r}")
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if scale == "fraction":
        if len(v) and (v.max() > 1 or v.min() < 0):
            raise ScoreScaleError(
                f"{what}: scale='fraction' but values range {v.min():g}..{v.max():g}; "
                "fractions lie in [0, 1]. Use scale='percent' for 0-100 scores.")
        return 1.0
    if scale == "percent":
        if len(v) and (v.max() > 100 or v.min() < 0):
            raise ScoreScaleError(f"{what}: percent scores must lie in [0, 100]; "
                                  f"got {v.min():g}..{v.max():g}")
        return 100.0
    if len(v) == 0:
        return 1.0
    if v.min() < 0 or v.max() > 100:
        raise ScoreScaleError(f"{what}: scores must be fractions in [0, 1] or percents in "
                              f"[0, 100]; got {v.min():g}..{v.max():g}")
    if v.max() <= 1:
        return 1.0
    small = v[(v > 0) & (v <= 1)]
    if len(small):
        raise ScoreScaleError(
            f"{what}: cannot tell percent from fraction: values range {v.min():g}..{v.max():g} "
            f"and {len(small)} lie in (0, 1]. Pass scale='percent' or scale='fraction', or "
            "mark percent columns with '%' in the header (e.g. 'SimpleQA (%)').")
    return 100.0


# --------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------


def _check_path(data: str | os.PathLike) -> Path:
    """The path to read, with ``~`` expanded; a clear error for anything that is not a file."""
    path = Path(os.path.expanduser(os.fspath(data)))
    try:
        st = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise FileFormatError(
                f"{path} is a broken symbolic link (it points to {os.readlink(path)!r}, which "
                "does not exist); pass the file itself") from None
        hint = ""
        if not path.parent.exists():
            hint = f" (its folder {path.parent} does not exist either)"
        elif "\n" in str(data):
            hint = "; read_scores takes a path, a DataFrame or a dict, not the file's text"
        raise FileFormatError(f"file not found: {path}{hint}") from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise FileFormatError(
                f"{path} is a symbolic link that loops back on itself; point it at a real "
                "file or pass the file's own path") from None
        if e.errno == errno.ENAMETOOLONG:
            raise FileFormatError(f"the path {str(path)[:80]!r}... is too long to be a file "
                                  "name; pass a path, a DataFrame or a dict") from None
        raise FileFormatError(f"cannot open {path}: {e.strerror or e}") from None
    except (RuntimeError, ValueError) as e:  # embedded NUL byte, or a loop on old Pythons
        raise FileFormatError(f"cannot use {str(path)!r} as a path: {e}") from None
    if stat.S_ISDIR(st.st_mode):
        files = sorted(p.name for p in path.iterdir() if p.suffix.lstrip(".").lower() in _FORMATS)
        hint = f" such as {', '.join(files[:3])}" if files else ""
        raise FileFormatError(f"{path} is a folder, not a file; pass one file inside it{hint}")
    if not stat.S_ISREG(st.st_mode):
        raise FileFormatError(f"{path} is not a regular file (a pipe, socket or device); "
                              "save the table to a file first")
    return path


_BOMS = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
         (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")]
_MAGIC = [(b"PK\x03\x04", "a ZIP archive (an Excel .xlsx workbook?); save it as 'CSV UTF-8' "
                          "from Excel, or read it with pandas.read_excel and pass the DataFrame"),
          (b"\xd0\xcf\x11\xe0", "an old Excel .xls workbook; save it as 'CSV UTF-8' from Excel"),
          (b"PAR1", "a Parquet file; pass format='parquet' or give it a .parquet suffix"),
          (b"\x1f\x8b", "gzip-compressed; decompress it first"),
          (b"\x80", "a Python pickle or other binary file; paramest reads CSV, JSON or Parquet "
                    "and never unpickles")]


def _decode(raw: bytes, encoding: str | None, label: str, notes: list[str]) -> str:
    """The text of a file: BOM-marked UTF-8/16/32, UTF-8, or Windows-1252 as a fallback."""
    if encoding is not None:
        try:
            return raw.decode(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}; use e.g. 'utf-8', 'utf-16', "
                             "'latin-1' or 'cp1252'") from None
        except UnicodeDecodeError as e:
            raise FileFormatError(
                f"cannot read {label} as {encoding} text: byte {raw[e.start:e.start + 1]!r} at "
                f"position {e.start} is not valid {encoding}. Pass the file's real encoding, "
                "e.g. encoding='utf-8', 'utf-16' or 'cp1252'.") from None
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(enc)
            except UnicodeDecodeError as e:
                raise FileFormatError(
                    f"cannot read {label}: it starts with a {enc.upper()} byte-order mark but is "
                    f"not valid {enc.upper()} text ({e.reason} at byte {e.start}). It may be "
                    "truncated or binary; if it is text in another encoding, pass encoding=.") from None
            if enc != "utf-8-sig":
                notes.append(f"read as {enc.upper()} text (byte-order mark)")
            return text
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise FileFormatError(f"cannot read {label}: it is {what}")
    head = raw[:65536]
    if b"\x00" in head:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        half = len(head) // 2
        if odd > 0.3 * half and even < 0.05 * half:
            enc = "utf-16-le"
        elif even > 0.3 * half and odd < 0.05 * half:
            enc = "utf-16-be"
        else:
            raise FileFormatError(
                f"cannot read {label}: it contains NUL bytes, so it is binary, not a text table. "
                "If it is text in an unusual encoding, pass encoding='...'.")
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            raise FileFormatError(f"cannot read {label}: it looks like {enc.upper()} text without "
                                  "a byte-order mark but does not decode; pass encoding=") from None
        notes.append(f"read as {enc.upper()} text (no byte-order mark; detected from NUL bytes)")
        return text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        bad = raw[e.start:e.start + 1]
    for enc in ("cp1252", "latin-1"):
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        notes.append(f"not valid UTF-8 (byte {bad!r}); read as {enc} (Windows/Latin-1). If "
                     "names look wrong, pass the file's encoding, e.g. encoding='utf-16'")
        return text
    raise FileFormatError(f"cannot read {label}: not UTF-8 text; pass encoding=")  # pragma: no cover


def _first_line(text: str) -> str:
    for line in io.StringIO(text[:65536]):
        if line.strip():
            return line
    return ""


def _sniff_delimiter(text: str, fmt: str, label: str, notes: list[str]) -> str:
    """The field delimiter: the one that splits the header into the most fields."""
    if fmt == "tsv":
        return "\t"
    line = _first_line(text)
    counts = {d: len(next(csv.reader([line], delimiter=d), [])) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    if counts[best] <= 1 or best == ",":
        return ","
    name = {";": "';' (semicolon)", "\t": "tab", "|": "'|' (pipe)"}[best]
    notes.append(f"fields separated by {name}, detected from the header")
    return best


def _check_columns(names: Iterable[object], label: str) -> list[str]:
    """Column names as strings; duplicated names (ignoring case and spaces) raise."""
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
            f"{label} has duplicated column names {dups}; each column needs a distinct header. "
            "Rename or drop the repeats (their values may differ, so paramest will not pick one).")
    return cols


def _read_csv(raw: bytes, text: str | None, fmt: str, label: str, notes: list[str]) -> pd.DataFrame:
    """A CSV/TSV as a frame of strings ('' = empty cell), with the C parser."""
    if text is None:  # valid UTF-8 bytes: hand them to pandas as they are
        sniff = raw[:65536].decode("utf-8", errors="replace")
        buf: io.BytesIO = io.BytesIO(raw)
    else:
        sniff = text
        buf = io.BytesIO(text.encode("utf-8"))
    sep = _sniff_delimiter(sniff, fmt, label, notes)
    header = next(csv.reader([_first_line(sniff)], delimiter=sep), [])
    _check_columns(header, label)
    try:
        df = pd.read_csv(buf, sep=sep, dtype=str, keep_default_na=False, na_filter=False,
                         skipinitialspace=True, on_bad_lines="error", engine="c",
                         encoding="utf-8")
    except pd.errors.EmptyDataError as e:
        raise FileFormatError(f"{label} has no columns; expected a header row") from e
    except pd.errors.ParserError as e:
        msg = str(e).replace("Error tokenizing data. C error: ", "")
        if "Expected" in msg:
            raise FileFormatError(
                f"cannot read {label}: {msg}; some rows have more fields than the header "
                f"{header}. Is a value with a {'comma' if sep == ',' else 'delimiter'} unquoted?") from e
        raise FileFormatError(f"cannot read {label} as CSV: {msg}. Is it truncated, or is a "
                              "quote left open?") from e
    if not isinstance(df.index, pd.RangeIndex):
        # pandas turns the extra leading fields of long rows into an index
        raise FileFormatError(
            f"{label}: rows have more fields than the header {header}; is the file ragged, "
            "or a value with a comma unquoted?")
    return df


def _parse_json(text: str, label: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise FileFormatError(f"{label} is not valid JSON ({e.msg} at line {e.lineno}); "
                              "check the file is complete") from e
    except RecursionError:
        raise FileFormatError(f"{label}: the JSON is nested too deeply to read; a score table "
                              "is a list of flat records") from None


def _read_jsonl(text: str, label: str) -> pd.DataFrame:
    records = []
    for i, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise FileFormatError(f"{label} is not valid JSON Lines: line {i}: {e.msg}; "
                                  "check the file is complete") from e
        except RecursionError:
            raise FileFormatError(f"{label}: line {i} is nested too deeply to read") from None
        if not isinstance(rec, Mapping):
            raise FileFormatError(
                f"{label}: line {i} is a JSON {_json_type(rec)}, not an object; each line of a "
                'JSON Lines file must be one record like {"model": ..., "benchmark": ..., "score": ...}')
        records.append(rec)
    if not records:
        raise FileFormatError(f"{label} has no rows")
    return pd.DataFrame.from_records(records)


def _json_type(v: object) -> str:
    return {list: "list", str: "string", bool: "boolean", int: "number", float: "number",
            type(None): "null"}.get(type(v), type(v).__name__)


def _read_file(path: Path, fmt: str | None, encoding: str | None,
               notes: list[str]) -> tuple[Any, str]:
    """The file's content: a DataFrame (CSV, JSONL, Parquet) or parsed JSON."""
    label = path.name
    suffix = path.suffix.lstrip(".").lower()
    if fmt is not None and not isinstance(fmt, str):
        raise InputError(f"format must be a string like 'csv', not {type(fmt).__name__}")
    kind = _FORMATS.get((fmt or suffix).lower().lstrip("."))
    if kind is None:
        extra = " (for Excel, save the sheet as 'CSV UTF-8')" if suffix in ("xls", "xlsx") else ""
        raise FileFormatError(f"unsupported file type {(fmt or suffix)!r} for {label}; use .csv, "
                              f".tsv, .json, .jsonl or .parquet, or pass format='csv'{extra}")
    size = path.stat().st_size
    if size == 0:
        raise FileFormatError(f"{label} is empty; expected a CSV, JSON or Parquet score table")
    if size > MAX_FILE_BYTES:
        raise FileFormatError(
            f"{label} is {size / 2**20:.0f} MiB, over the limit of {MAX_FILE_BYTES / 2**20:.0f} MiB "
            "for a score table. Filter it first, or raise "
            "paramest.ingest.readers.MAX_FILE_BYTES if you mean to read it all.")
    if kind == "parquet":
        try:
            return pd.read_parquet(path), "parquet"
        except ImportError as e:
            raise FileFormatError(f"reading Parquet needs pyarrow: pip install pyarrow ({e})") from e
        except Exception as e:  # pyarrow raises many types for a bad file
            raise FileFormatError(f"cannot read {label} as parquet: {e}. Is it truncated, or "
                                  "another format? Pass format='csv' or 'json'.") from e
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise FileFormatError(f"cannot read {path}: {e.strerror or e}") from None
    if kind in ("csv", "tsv"):
        text = None
        if encoding is not None or raw.startswith(tuple(b for b, _ in _BOMS)) \
                or b"\x00" in raw[:65536] or any(raw.startswith(m) for m, _ in _MAGIC):
            text = _decode(raw, encoding, label, notes)
        else:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                text = _decode(raw, None, label, notes)
        return _read_csv(raw, text, kind, label, notes), "csv"
    text = _decode(raw, encoding, label, notes)
    if kind == "jsonl":
        return _read_jsonl(text, label), "jsonl"
    return _parse_json(text, label), "json"


# --------------------------------------------------------------------------------------
# Columns and values
# --------------------------------------------------------------------------------------

_PCT_HEADER = re.compile(r"%|\bpct\b|\bpercent(age)?\b", re.I)


def _norm_header(c: str) -> str:
    s = re.sub(r"[\(\[\{]?\s*%\s*[\)\]\}]?", " ", c.lower())
    s = re.sub(r"[\s_\-]+", "_", s).strip("_")
    return re.sub(r"_(pct|percent|percentage)$", "", s)


def _pct_header(c: str) -> bool:
    return bool(_PCT_HEADER.search(c.replace("_", " ")))


def _find_col(cols: Iterable[str], names: tuple[str, ...]) -> str | None:
    low: dict[str, str] = {}
    for c in cols:
        low.setdefault(_norm_header(c), c)
    for n in names:
        if n in low:
            return low[n]
    return None


MODEL_NAMES = ("model", "model_name", "model_id", "name", "llm", "models")
BENCH_NAMES = ("benchmark", "task", "eval", "benchmark_id")
SCORE_NAMES = ("score", "accuracy", "acc", "value")
PARAM_NAMES = ("total_params_b", "params", "params_b", "total_params", "parameters",
               "num_params", "n_params", "size_b", "model_size")
ACTIVE_NAMES = ("active_params_b", "active_params", "active_b")
DATE_NAMES = ("release_date", "released", "release", "date")
META = {"developer", "source", "note", "variant", "arch", "family", "reasoning", "thinking",
        "effort", "open_weights", "evaluator", "weights", "n_questions", "shots", "n_shot",
        "num_fewshot", *PARAM_NAMES, *ACTIVE_NAMES, *DATE_NAMES}

_R_EMPTY = "score is empty"
_R_NAN = "score is not a number"
_R_INF = "score is infinite"
_R_BOOL = "score is True/False, not a number"
_PCT_CELL = re.compile(r"^([+-]?\d+(?:[.,]\d+)?)\s*%$")
_DEC_COMMA = re.compile(r"^[+-]?\d+,\d+$")


@dataclass
class _Scores:
    values: np.ndarray  # float, NaN where not a score
    reason: np.ndarray  # object: None, or why the cell is not a score
    pct: np.ndarray  # bool: written with a percent sign
    comma: np.ndarray  # bool: written with a decimal comma

    @staticmethod
    def concat(parts: list[_Scores]) -> _Scores:
        if not parts:
            e = np.zeros(0)
            return _Scores(e, e.astype(object), e.astype(bool), e.astype(bool))
        return _Scores(*(np.concatenate([getattr(p, f) for p in parts])
                         for f in ("values", "reason", "pct", "comma")))


def _parse_scores(col: pd.Series) -> _Scores:
    """Scores from a column of numbers or text, vectorised; nothing is guessed silently."""
    n = len(col)
    reason = np.full(n, None, dtype=object)
    pct = np.zeros(n, dtype=bool)
    comma = np.zeros(n, dtype=bool)
    if pd.api.types.is_bool_dtype(col):
        reason[:] = _R_BOOL
        return _Scores(np.full(n, np.nan), reason, pct, comma)
    if pd.api.types.is_numeric_dtype(col):
        vals = np.array(col.to_numpy(dtype=float, na_value=np.nan), dtype=float)
        reason[np.isnan(vals)] = _R_EMPTY
        reason[np.isinf(vals)] = _R_INF
        return _Scores(vals, reason, pct, comma)
    isbool = np.zeros(n, dtype=bool)
    s = col.reset_index(drop=True)
    if pd.api.types.is_object_dtype(col):
        obj = s.to_numpy(dtype=object)
        isbool = np.fromiter((isinstance(v, (bool, np.bool_)) for v in obj), dtype=bool, count=n)
        if isbool.any():
            s = s.where(~isbool, None)
    vals = np.array(pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, na_value=np.nan),
                    dtype=float)  # a writable copy
    reason[isbool] = _R_BOOL
    failed = np.flatnonzero(np.isnan(vals) & ~isbool)
    if len(failed):
        sub = s.iloc[failed]
        missing = sub.isna().to_numpy()
        reason[failed[missing]] = _R_EMPTY
        rest = failed[~missing]
        codes, uniq = pd.factorize(s.iloc[rest].astype(str), use_na_sentinel=True)
        parsed = [_parse_score_text(str(u)) for u in uniq]
        if parsed:
            pv, pr, pp, pc = (np.array(x, dtype=t) for x, t in
                              zip(zip(*parsed), (float, object, bool, bool)))
            vals[rest], reason[rest], pct[rest], comma[rest] = pv[codes], pr[codes], pp[codes], pc[codes]
    reason[np.isinf(vals)] = _R_INF
    return _Scores(vals, reason, pct, comma)


def _parse_score_text(text: str) -> tuple[float, str | None, bool, bool]:
    t = text.strip()
    if not t:
        return np.nan, _R_EMPTY, False, False
    if t.lower() in ("true", "false"):
        return np.nan, _R_BOOL, False, False
    m = _PCT_CELL.match(t)
    if m:
        num = m.group(1)
        return float(num.replace(",", ".")), None, True, "," in num
    if _DEC_COMMA.match(t):
        return float(t.replace(",", ".")), None, False, True
    return np.nan, _R_NAN, False, False


_TRUE = {"true", "t", "yes", "y", "1", "1.0", "on"}
_FALSE = {"false", "f", "no", "n", "0", "0.0", "off"}
_BOOL_EXTRA = {"open_weights": ({"open", "open weights", "open-weights", "open_weights"},
                                {"closed", "proprietary", "closed weights", "api"}),
               "thinking": ({"think", "thinking", "reasoning"},
                            {"nothink", "no-think", "no_think", "non-thinking", "non-reasoning"}),
               "reasoning": ({"reasoning"}, {"non-reasoning"})}


def _text_col(col: pd.Series) -> np.ndarray:
    """Stripped text per row, None where empty; each distinct value handled once."""
    codes, uniq = pd.factorize(col, use_na_sentinel=True)
    clean = [str(u).strip() or None for u in uniq]
    return np.array([*clean, None], dtype=object)[codes]


def _parse_bools(col: pd.Series, name: str, label: str, models: Any) -> np.ndarray:
    """1.0/0.0 (NaN where empty) from explicit spellings only; anything else raises."""
    if pd.api.types.is_bool_dtype(col):
        return col.to_numpy(dtype=float)
    yes, no = _BOOL_EXTRA.get(name, (set(), set()))
    codes, uniq = pd.factorize(col, use_na_sentinel=True)
    out = np.full(len(uniq) + 1, np.nan)  # the extra slot: code -1, a real null
    for j, v in enumerate(uniq):
        if isinstance(v, (bool, np.bool_)):
            out[j] = float(v)
            continue
        if isinstance(v, (int, float, np.integer, np.floating)) and v in (0, 1):
            out[j] = float(v)
            continue
        k = str(v).strip().lower()
        if k == "":
            continue
        elif k in _TRUE or k in yes:
            out[j] = 1.0
        elif k in _FALSE or k in no:
            out[j] = 0.0
        else:
            first = int(np.flatnonzero(codes == j)[0])
            words = "true/false, yes/no, 1/0" + (", open/closed" if name == "open_weights" else "")
            raise InputError(
                f"{label}: column {name!r} has {v!r} (model {models.iloc[first]!r}), which is not "
                f"a yes/no value; write one of {words}, or leave the cell empty if unknown")
    return out[codes]


_DATE_FLOOR = pd.Timestamp("1990-01-01")
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")  # Excel's day 0 (its 1900 leap-year bug included)
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def _parse_date_value(v: object, label: str, kinds: set[str]) -> pd.Timestamp:
    """One release date; raises DateParseError rather than guess."""
    if isinstance(v, (bool, np.bool_)):
        raise DateParseError(f"{label}: release_date {v!r} is a boolean, not a date")
    if isinstance(v, pd.Timestamp) or hasattr(v, "year") and hasattr(v, "month"):
        ts = pd.Timestamp(v)
    elif isinstance(v, (int, float, np.integer, np.floating)):
        f = float(v)
        if not math.isfinite(f):
            raise DateParseError(f"{label}: release_date {v!r} is not a date")
        if f != int(f) and not 10000 <= f < 100000:
            raise DateParseError(f"{label}: release_date {v!r} is a number, not a date; "
                                 "write YYYY-MM-DD")
        ts = _date_from_digits(str(int(f)), v, label, kinds)
    else:
        s = str(v).strip()
        if re.fullmatch(r"\d+(\.0+)?", s):
            ts = _date_from_digits(s.split(".")[0], v, label, kinds)
        else:
            m = _DMY.match(s)
            if m:
                a, b = int(m.group(1)), int(m.group(2))
                if a <= 12 and b <= 12 and a != b:
                    raise DateParseError(
                        f"{label}: release_date {s!r} is ambiguous (day/month or month/day?); "
                        "write it as YYYY-MM-DD")
                kinds.add("day/month order taken from a day above 12")
                day, month = (a, b) if a > 12 else (b, a)
                s = f"{m.group(3)}-{month:02d}-{day:02d}"
            try:
                ts = pd.Timestamp(s)
            except (ValueError, TypeError, OverflowError):
                try:
                    ts = pd.to_datetime(s, format="mixed")
                except (ValueError, TypeError, OverflowError):
                    raise DateParseError(f"{label}: cannot parse release_date {s!r}; use "
                                         "YYYY-MM-DD or YYYY-MM") from None
    if ts is pd.NaT or pd.isna(ts):
        raise DateParseError(f"{label}: cannot parse release_date {v!r}; use YYYY-MM-DD or YYYY-MM")
    if ts.tzinfo is not None:
        kinds.add("time zones dropped (the date as written is kept)")
        ts = ts.tz_localize(None)
    if ts > pd.Timestamp.now() + pd.Timedelta(days=1):
        raise DateParseError(f"{label}: release_date {v!r} ({ts.date()}) lies in the future; "
                             "check the year")
    if ts < _DATE_FLOOR:
        raise DateParseError(f"{label}: release_date {v!r} reads as {ts.date()}, before any "
                             "language model; check the year, or write YYYY-MM-DD")
    return ts


def _date_from_digits(d: str, v: object, label: str, kinds: set[str]) -> pd.Timestamp:
    try:
        if len(d) == 4:
            kinds.add(f"years such as {d} read as {d}-01-01")
            return pd.Timestamp(int(d), 1, 1)
        if len(d) == 6:
            kinds.add("YYYYMM numbers read as the first of the month")
            return pd.Timestamp(int(d[:4]), int(d[4:]), 1)
        if len(d) == 8:
            kinds.add("YYYYMMDD numbers read as dates")
            return pd.Timestamp(int(d[:4]), int(d[4:6]), int(d[6:]))
        if len(d) == 5:
            kinds.add("5-digit numbers read as Excel serial dates (days since 1899-12-30)")
            return _EXCEL_EPOCH + pd.Timedelta(days=int(float(v)))
    except ValueError:
        pass
    raise DateParseError(
        f"{label}: release_date {v!r} is a number that is not a year (YYYY), YYYYMMDD, "
        "YYYYMM or an Excel serial date; write it as YYYY-MM-DD")


def _parse_dates(col: pd.Series, label: str, notes: list[str]) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(col):
        out = col
        if getattr(col.dt, "tz", None) is not None:
            notes.append("release_date: time zones dropped (the date as written is kept)")
            out = col.dt.tz_localize(None)
    else:
        codes, uniq = pd.factorize(col, use_na_sentinel=True)
        kinds: set[str] = set()
        parsed = []
        for v in uniq:
            if isinstance(v, str) and not v.strip():
                parsed.append(pd.NaT)
            else:
                parsed.append(_parse_date_value(v, label, kinds))
        arr = pd.DatetimeIndex(parsed + [pd.NaT]).as_unit("ns")
        out = pd.Series(arr[codes], index=col.index)  # code -1 picks the trailing NaT
        notes.extend(f"release_date: {k}" for k in sorted(kinds))
    out = pd.to_datetime(out).astype("datetime64[ns]")
    future = out > pd.Timestamp.now() + pd.Timedelta(days=1)
    if future.any():
        raise DateParseError(
            f"{label}: release_date {out[future].max().date()} lies in the future; check the year")
    return out


def _parse_params_col(col: pd.Series, what: str, label: str,
                      models: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(total, active) in billions, parsing each distinct value once."""
    codes, uniq = pd.factorize(col, use_na_sentinel=True)
    tot = np.full(len(uniq) + 1, np.nan)
    act = np.full(len(uniq) + 1, np.nan)
    for j, v in enumerate(uniq):
        if isinstance(v, str) and not v.strip():
            continue
        try:
            t, a = parse_params(v)
        except ParamsParseError as e:
            first = int(np.flatnonzero(codes == j)[0])
            raise ParamsParseError(f"{label}: column {what!r}, model "
                                   f"{str(models.iloc[first])!r}: {e}") from None
        tot[j] = t
        if a is not None:
            act[j] = a
    return tot[codes], act[codes]  # code -1 picks the trailing NaN


def _positive_col(col: pd.Series, name: str, label: str, models: pd.Series,
                  integer: bool = False, allow_zero: bool = False) -> np.ndarray:
    vals = pd.to_numeric(col.where(col.astype(str).str.strip() != ""), errors="coerce")
    arr = vals.to_numpy(dtype=float, na_value=np.nan)
    given = col.notna().to_numpy() & (col.astype(str).str.strip() != "").to_numpy()
    bad = given & ~(np.isfinite(arr) & ((arr >= 0) if allow_zero else (arr > 0)))
    if integer:
        bad |= given & np.isfinite(arr) & (arr != np.round(arr))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        kind = "a whole number >= 0" if allow_zero else "a positive number"
        raise InputError(f"{label}: column {name!r} has {str(col.iloc[i])!r} for model "
                         f"{str(models.iloc[i])!r}; it must be {kind} (or empty)")
    return arr


# --------------------------------------------------------------------------------------
# read_scores
# --------------------------------------------------------------------------------------


class _Skips:
    """Skipped rows, collected as arrays (no per-row Python loop)."""

    def __init__(self) -> None:
        self.parts: list[pd.DataFrame] = []

    def add(self, rows: np.ndarray, models: np.ndarray | None, benchmarks: np.ndarray | None,
            reason: object) -> None:
        if len(rows) == 0:
            return
        self.parts.append(pd.DataFrame({
            "row": np.asarray(rows, dtype=np.int64),
            "model": models if models is not None else np.full(len(rows), None, dtype=object),
            "benchmark": (benchmarks if benchmarks is not None
                          else np.full(len(rows), None, dtype=object)),
            "reason": reason}))

    def frame(self) -> pd.DataFrame:
        parts = [p for p in self.parts if len(p)]
        if not parts:
            return pd.DataFrame(columns=_SKIP_COLUMNS)
        out = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
        return out.sort_values("row", kind="stable").reset_index(drop=True)

    def __len__(self) -> int:
        return sum(len(p) for p in self.parts)


def _to_frame(obj: Any, label: str) -> pd.DataFrame:
    if isinstance(obj, pd.DataFrame):
        return obj
    if isinstance(obj, list):
        if not obj:
            raise FileFormatError(f"{label} has no rows")
        bad = next((i for i, r in enumerate(obj) if not isinstance(r, Mapping)), None)
        if bad is not None:
            raise FileFormatError(
                f"{label}: item {bad} of the list is a {_json_type(obj[bad])}, not a record; "
                'expected a list of records like {"model": ..., "benchmark": ..., "score": ...}')
        return pd.DataFrame.from_records(obj)
    if isinstance(obj, Mapping):
        try:
            return pd.DataFrame(dict(obj))
        except (ValueError, TypeError) as e:
            raise FileFormatError(
                f"{label}: expected a list of records, a column dict (column -> list of values), "
                f"or an lm-evaluation-harness results file ({e})") from None
    raise FileFormatError(f"{label}: the JSON holds a {_json_type(obj)}, not a table; "
                          "expected a list of records or a column dict")


def read_scores(
    data: str | os.PathLike | pd.DataFrame | Mapping | list,
    *,
    scale: str = "auto",
    format: str | None = None,
    benchmark: str | None = None,
    model: str | None = None,
    open_weights: bool | None = None,
    resolve: bool = True,
    source: str | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read users' scores: CSV, TSV, JSON, JSONL or Parquet; long or wide; percent or fraction.

    Parameters
    ----------
    data : path, DataFrame, dict or list of records
        A file path (``~`` is expanded), a DataFrame, a list of records, a column dict,
        or an lm-evaluation-harness results dict. Long format has columns ``model``,
        ``benchmark``, ``score``; wide format has a ``model`` column and one column per
        benchmark (any spelling :func:`resolve_benchmark` accepts; a ``%`` in a header,
        as in ``SimpleQA (%)``, marks that column as percent). Optional columns:
        ``total_params_b`` or ``params`` (numbers in billions or strings like ``"671B"``,
        ``"235B-A22B"``; a raw count such as ``70000000000`` is refused), ``active_params_b``,
        ``open_weights`` (true/false, yes/no, 1/0, open/closed), ``release_date``
        (YYYY-MM-DD, YYYY-MM, a year, YYYYMMDD or an Excel serial date), ``developer``,
        ``source``, ``note``, ``variant``, ``thinking``, ``effort``, ``n_questions``
        (questions behind this score) and ``shots``.
    scale : {"auto", "fraction", "percent"}
        ``"auto"`` detects percent vs fraction when unambiguous, says in the report which
        it assumed, and raises when values of both kinds are mixed. Cells written with a
        percent sign (``45.3%``) and columns whose header has ``%`` are percent.
    format : str, optional
        File format if the suffix does not say: ``csv``, ``tsv``, ``json``, ``jsonl`` or
        ``parquet``.
    benchmark : str, optional
        The benchmark of a table that has a ``score`` column but no ``benchmark`` column.
    model : str, optional
        Model name for a table or lm-evaluation-harness file that does not name it.
    open_weights : bool, optional
        Value for rows that do not say.
    resolve : bool
        Map model names to shipped models (aliases, case- and punctuation-insensitive) and
        fill in their size, developer and release date. Unknown names are kept as given.
    source : str, optional
        Source label for rows without one (default: the file name).
    encoding : str, optional
        Text encoding of a CSV or JSON file. By default UTF-8, or UTF-16/32 when the
        file starts with a byte-order mark; other files fall back to Windows-1252 with
        a note in the report.

    Returns
    -------
    pandas.DataFrame
        In the :func:`load_scores` format (``SCORE_COLUMNS``, plus ``n_questions`` and
        ``shots`` when the input has them), with ``df.attrs["report"]`` an
        :class:`IngestReport`: ``n_in == n_loaded + len(skipped)``.

    Raises
    ------
    InputError, FileFormatError, ScoreScaleError, UnknownBenchmarkError, ParamsParseError,
    DateParseError
        With what was wrong and how to fix it.

    Notes
    -----
    Files over :data:`MAX_FILE_BYTES` (200 MiB) are refused; see the module docstring and
    ``benchmarks/results/bigfile.md`` for the time and memory a file at that size takes.
    Benchmarks that paramest does not ship are kept once declared with
    :func:`paramest.register_benchmark`; until then their rows (or, in a wide table, the
    cells of their column) are skipped and counted, with a message saying how to declare
    them.
    """
    _check_args(scale=scale, benchmark=benchmark, model=model, open_weights=open_weights,
                resolve=resolve, source=source, encoding=encoding)
    notes: list[str] = []
    obj: Any = data
    if isinstance(data, (str, os.PathLike)):
        path = _check_path(data)
        label = source or path.name
        obj, kind = _read_file(path, format, encoding, notes)
        if kind != "csv" and kind != "parquet":
            notes.append(f"read as {kind.upper()}")
    elif isinstance(data, (pd.DataFrame, Mapping, list)):
        label = source or ("lm-eval results" if _is_lm_eval(data) else type(data).__name__)
    else:
        raise InputError(f"read_scores expects a path, a DataFrame, a dict or a list of "
                         f"records, not {type(data).__name__}")
    if _is_lm_eval(obj):
        df = read_lm_eval(obj, model=model, scale="fraction" if scale == "auto" else scale,
                          source=label)
        df.attrs["report"].notes[1:1] = notes
        return df
    if isinstance(obj, Mapping) and "results" in obj and _find_col(
            [str(k) for k in obj], MODEL_NAMES) is None:
        raise FileFormatError(f"{label}: has a 'results' key but is not an lm-evaluation-harness "
                              "results file ('results' should map task names to metrics)")
    frame = _to_frame(obj, label)
    return _read_frame(frame, label, notes, scale=scale, benchmark=benchmark, model=model,
                       open_weights=open_weights, resolve=resolve)


def _is_lm_eval(obj: Any) -> bool:
    return isinstance(obj, Mapping) and isinstance(obj.get("results"), Mapping)


def _check_args(*, scale: Any, benchmark: Any, model: Any, open_weights: Any, resolve: Any,
                source: Any, encoding: Any) -> None:
    if not isinstance(scale, str) or scale not in ("auto", "fraction", "percent"):
        raise InputError(f"scale must be 'auto', 'fraction' or 'percent', not {scale!r}")
    if benchmark is not None and not isinstance(benchmark, str):
        raise InputError(f"benchmark= names the one benchmark of a table with a score column "
                         f"and no benchmark column; give a string, not {type(benchmark).__name__}")
    for name, v in (("model", model), ("source", source), ("encoding", encoding)):
        if v is not None and not isinstance(v, str):
            raise InputError(f"{name}= must be a string, not {type(v).__name__} ({v!r})")
    if open_weights is not None and not isinstance(open_weights, (bool, np.bool_)):
        raise InputError(f"open_weights= must be True, False or None, not {open_weights!r}")
    if not isinstance(resolve, (bool, np.bool_)):
        raise InputError(f"resolve= must be True or False, not {resolve!r}")


def _check_cells(base: pd.DataFrame, cols: list[str], label: str) -> None:
    """Cells must be plain values: a list or dict (from nested JSON) raises, naming where."""
    for c in cols:
        col = base[c]
        if not pd.api.types.is_object_dtype(col):
            continue
        arr = col.to_numpy(dtype=object)
        nested = np.fromiter((isinstance(v, (list, dict, set, tuple)) for v in arr), dtype=bool,
                             count=len(arr))
        if nested.any():
            i = int(np.flatnonzero(nested)[0])
            raise FileFormatError(
                f"{label}: column {c!r} holds a {type(arr[i]).__name__} in row {i} "
                f"({str(arr[i])[:40]}); cells must be plain text or numbers (flatten nested JSON)")


def _model_codes(col: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes into the distinct model names; -1 for an empty cell or a real null.

    'NA', 'None' and 'null' are names: only an empty cell (or a missing value) is not.
    """
    codes, uniq = pd.factorize(col, use_na_sentinel=True)
    names = [str(u).strip() for u in uniq]
    codes = np.asarray(codes, dtype=np.int64)
    # spellings that differ only by surrounding spaces are one name
    first: dict[str, int] = {}
    remap = np.empty(len(names) + 1, dtype=np.int64)
    out: list[str] = []
    for j, n in enumerate(names):
        if not n:
            remap[j] = -1
        elif n in first:
            remap[j] = first[n]
        else:
            first[n] = remap[j] = len(out)
            out.append(n)
    remap[-1] = -1
    return remap[codes], out


def _read_frame(df: pd.DataFrame, label: str, notes: list[str], *, scale: str,
                benchmark: str | None, model: str | None, open_weights: bool | None,
                resolve: bool) -> pd.DataFrame:
    """The reader proper: one input table -> score rows, a report, and nothing silent."""
    if isinstance(df.columns, pd.MultiIndex):
        raise InputError(f"{label} has multi-level column names; flatten them first "
                         "(e.g. df.columns = ['_'.join(map(str, c)) for c in df.columns])")
    cols = _check_columns(df.columns, label)
    if len(df) == 0:
        raise FileFormatError(f"{label} has no rows")
    base = df.set_axis(cols, axis=1).reset_index(drop=True)
    report = IngestReport(source=label, notes=notes)
    skips = _Skips()

    mcol = _find_col(cols, MODEL_NAMES)
    if mcol is None and model is None:
        hint = ""
        if not isinstance(df.index, pd.RangeIndex) and (
                pd.api.types.is_string_dtype(df.index.dtype)
                or pd.api.types.is_object_dtype(df.index.dtype)):
            hint = " The model names seem to be the index: call df.reset_index() first."
        raise FileFormatError(
            f"{label}: no model column. Expected a column named 'model' (or model_name, name), "
            f"or pass model='...' for a table of one model; found {cols}.{hint}")
    if mcol is not None and model is not None:
        raise InputError(f"{label} has a model column ({mcol!r}); model= is only for a table "
                         "without one")
    bcol = _find_col(cols, BENCH_NAMES)
    scol = _find_col(cols, SCORE_NAMES)
    if benchmark is not None and bcol is not None:
        raise InputError(f"{label} has a benchmark column ({bcol!r}); benchmark= is only for a "
                         "table with a score column and no benchmark column")
    meta = [c for c in cols if _norm_header(c) in META and c not in (mcol, bcol, scol)]
    _check_cells(base, [c for c in (mcol, bcol, *meta) if c], label)
    mcodes, mnames = _model_codes(base[mcol] if mcol else pd.Series([model] * len(base)))
    mnames_arr = np.array([*mnames, None], dtype=object)  # code -1 -> None

    # cells: one per score in the input (a long row, or a non-empty wide cell)
    if scol is not None and (bcol is not None or benchmark is not None):
        rows = np.arange(len(base), dtype=np.int64)
        if bcol is not None:
            bc, bu = pd.factorize(base[bcol], use_na_sentinel=True)
            bnames = [str(u).strip() for u in bu]
            report.notes.append("long format")
        else:
            bc, bnames = np.zeros(len(base), dtype=np.int64), [benchmark]
            report.notes.append(f"long format, benchmark={benchmark!r} given")
        bcodes = np.asarray(bc, dtype=np.int64)
        sc = _parse_scores(base[scol])
        pct_hdr = np.full(len(base), _pct_header(scol))
        if pct_hdr.any():
            report.notes.append(f"score column {scol!r} is marked as percent")
        unused = [c for c in cols if c not in (mcol, bcol, scol) and c not in meta and c]
        if unused:
            report.notes.append(f"ignored columns paramest does not use: {_list(unused)}")
    else:
        rows, bcodes, bnames, sc, pct_hdr = _cells_wide(base, cols, mcol, meta, label, report,
                                                        skips, mcodes, mnames_arr)
    report.n_in = len(rows) + len(skips)
    bnames_arr = np.array([*bnames, None], dtype=object)
    cell_model = mcodes[rows]

    def drop(mask: np.ndarray, reason: object) -> np.ndarray:
        """Skip the cells in ``mask`` (with their reason); return the mask of cells kept."""
        skips.add(rows[mask], mnames_arr[cell_model[mask]], bnames_arr[bcodes[mask]],
                  reason[mask] if isinstance(reason, np.ndarray) else reason)
        return ~mask

    keep = drop(cell_model < 0, "no model name")

    # benchmarks, each distinct name resolved once
    canon = [lookup_benchmark(n) if n else None for n in bnames]
    known_b = np.array([c is not None for c in canon] + [False])[bcodes]
    if keep.any() and not (known_b & keep).any():
        unknown = [n for n, c in zip(bnames, canon) if c is None and n]
        raise UnknownBenchmarkError(
            f"{label}: no benchmark name is known (found {_list(unknown or ['(empty)'])}). "
            "paramest.list_benchmarks() shows the ids; to use a new benchmark, declare it "
            f"first: paramest.register_benchmark({(unknown or ['name'])[0]!r}, kind='knowledge', "
            "chance=0.0, n_questions=...), then read the file again.")
    breason = np.array([None if c is not None else _unknown_bench_reason(n) if n
                        else "no benchmark name" for n, c in zip(bnames, canon)]
                       + ["no benchmark name"], dtype=object)[bcodes]
    keep &= drop(keep & ~known_b, breason)
    unknown_seen = sorted({bnames[b] for b in np.unique(bcodes[~known_b & (cell_model >= 0)])
                           if b >= 0 and bnames[b]})
    if unknown_seen:
        report.notes.append(f"not known benchmarks, skipped: {_list(unknown_seen)}; declare a new "
                            "one with paramest.register_benchmark(...)")

    # scores
    bad = sc.reason != None  # noqa: E711 - elementwise
    if keep.any() and (bad[keep]).all():
        counts = pd.Series(sc.reason[keep]).value_counts()
        why = ", ".join(f"{n} {r.removeprefix('score is ')}" for r, n in counts.items())
        raise ScoreScaleError(
            f"{label}: no score is a finite number (all are NaN, empty, infinite or not "
            f"numeric: {why}); fix the score column"
            + ("; True/False values are not scores" if _R_BOOL in counts else ""))
    keep &= drop(keep & bad, sc.reason)
    n_comma = int((sc.comma & keep).sum())
    if n_comma:
        report.notes.append(f"{n_comma} score(s) written with a decimal comma (45,3) read "
                            "as decimals (45.3)")
    idx = np.flatnonzero(keep)
    vals = _apply_scale(sc.values[idx], sc.pct[idx] | pct_hdr[idx], sc.pct[idx], scale, label,
                        report)
    cells = {"row": rows[idx], "bench": bcodes[idx], "bench_names": [c or "" for c in canon],
             "score": vals}
    # free the per-cell arrays before building the frame (drop() holds the last three)
    del sc, breason, known_b, bad, keep, idx, pct_hdr
    rows = cell_model = bcodes = None  # type: ignore[assignment]
    out = _assemble(base, cells, mcodes, mnames, label, report, open_weights, resolve)
    return _finish(out, report, skips)


def _list(names: list[str], n: int = 10) -> str:
    shown = ", ".join(repr(str(x)) for x in names[:n])  # repr escapes control characters
    return shown + (f" and {len(names) - n} more" if len(names) > n else "")


def _unknown_bench_reason(name: str) -> str:
    return (f"unknown benchmark {name!r}: declare it with paramest.register_benchmark("
            f"{name!r}, kind=..., chance=..., n_questions=...) to keep it "
            "(paramest.list_benchmarks() shows the known ids)")


def _cells_wide(base: pd.DataFrame, cols: list[str], mcol: str | None, meta: list[str],
                label: str, report: IngestReport, skips: _Skips, mcodes: np.ndarray,
                mnames_arr: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str], _Scores, np.ndarray]:
    """Wide table -> cells; numeric columns that are not benchmarks are counted and skipped."""
    bench_cols, unknown_cols, text_cols = [], [], []
    canon_of: dict[str, str] = {}
    parsed: dict[str, _Scores] = {}
    for c in cols:
        if c == mcol or c in meta or not c:
            continue
        b = lookup_benchmark(c)
        if b is not None:
            if b in canon_of.values():
                other = next(k for k, v in canon_of.items() if v == b)
                raise FileFormatError(
                    f"{label}: columns {other!r} and {c!r} both mean benchmark {b!r}; keep one "
                    "(their values may differ, so paramest will not pick one)")
            canon_of[c] = b
            bench_cols.append(c)
            continue
        sc = parsed[c] = _parse_scores(base[c])
        given = sc.reason != _R_EMPTY
        numeric = (sc.reason == None) & given  # noqa: E711
        if given.sum() and numeric.sum() >= 0.5 * given.sum():
            unknown_cols.append(c)
        else:
            text_cols.append(c)
    if not bench_cols and not unknown_cols:
        raise FileFormatError(
            f"{label}: found no benchmark columns. Long format needs columns model, benchmark, "
            "score; wide format needs one column per benchmark id (e.g. ikp, simpleqa). "
            f"Found {cols}")
    scores_only = [c for c in unknown_cols if _norm_header(c) in SCORE_NAMES]
    if not bench_cols and scores_only:
        raise FileFormatError(
            f"{label} has a score column ({scores_only[0]!r}) but no benchmark column; add a "
            "benchmark column, or pass benchmark='...' (e.g. benchmark='ikp') if every score is "
            "for one benchmark")
    if not bench_cols:
        raise UnknownBenchmarkError(
            f"{label}: no column is a known benchmark (numeric columns {_list(unknown_cols)}). "
            "paramest.list_benchmarks() shows the ids; to use a new benchmark, declare it "
            f"first: paramest.register_benchmark({unknown_cols[0]!r}, kind='knowledge', "
            "chance=0.0, n_questions=...), then read the file again.")
    if text_cols:
        report.notes.append(f"ignored text columns that are not benchmarks: {_list(text_cols)}")
    value_cols = bench_cols + unknown_cols
    report.notes.append(f"wide format: benchmark columns {bench_cols}"
                        + (f"; not known, skipped: {unknown_cols}" if unknown_cols else ""))
    # an empty cell is 'not evaluated', not a score; a row with no score at all is reported
    filled = [_nonempty(base[c]) for c in value_cols]
    none = ~np.logical_or.reduce(filled)
    if none.any():
        r = np.flatnonzero(none)
        skips.add(r, mnames_arr[mcodes[r]], None, "no score in any benchmark column")
    rows, bcodes, parts = [], [], []
    for j, (c, f) in enumerate(zip(value_cols, filled)):
        r = np.flatnonzero(f)
        rows.append(r)
        bcodes.append(np.full(len(r), j, dtype=np.int64))
        if c in parsed:
            p = parsed[c]
            parts.append(_Scores(p.values[r], p.reason[r], p.pct[r], p.comma[r]))
        else:
            parts.append(_parse_scores(base[c].iloc[r]))
    pct_hdr = np.concatenate([np.full(len(r), _pct_header(c)) for r, c in zip(rows, value_cols)])
    marked = [c for c in value_cols if _pct_header(c)]
    if marked:
        report.notes.append(f"columns marked as percent in the header: {marked}")
    return (np.concatenate(rows), np.concatenate(bcodes), value_cols, _Scores.concat(parts),
            pct_hdr)


def _nonempty(col: pd.Series) -> np.ndarray:
    present = col.notna().to_numpy()
    if pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
        return present
    return present & (col.astype(str).str.strip() != "").to_numpy()


def _apply_scale(vals: np.ndarray, known_pct: np.ndarray, cellpct: np.ndarray, scale: str,
                 label: str, report: IngestReport) -> np.ndarray:
    """Fractions from raw values; every assumption is a note."""
    out = vals.astype(float).copy()
    if scale == "auto" and cellpct.any() and (~known_pct).any():
        plain = vals[~known_pct]
        raise ScoreScaleError(
            f"{label}: {int(cellpct.sum())} score(s) have a percent sign and {len(plain)} do not "
            f"(e.g. {plain[0]:g}), so the scale of those is unclear. Write all scores the same "
            "way, or pass scale='percent' (or scale='fraction' after removing the signs).")
    if cellpct.any():
        report.notes.append(f"{int(cellpct.sum())} score(s) written with a percent sign read "
                            "as percent")
    if known_pct.any():
        if scale == "fraction":
            raise ScoreScaleError(f"{label}: scale='fraction', but some scores are marked as "
                                  "percent (a '%' in the cell or the header); drop scale= or the '%'")
        p = vals[known_pct]
        if p.min() < 0 or p.max() > 100:
            raise ScoreScaleError(f"{label}: percent scores must lie in [0, 100]; got "
                                  f"{p.min():g}..{p.max():g}")
        out[known_pct] = p / 100
    rest = ~known_pct
    if rest.any():
        r = vals[rest]
        div = detect_scale(r, scale, label)
        out[rest] = r / div
        if scale != "auto":
            report.notes.append(f"scores read as {scale} (scale={scale!r})")
        elif div == 100.0:
            report.notes.append(f"scores read as percent (values up to {r.max():g}; divided by 100)")
        else:
            report.notes.append(
                f"scores read as fractions (all lie in [0, 1], up to {r.max():g}); if they are "
                "percents (e.g. 0.5 meaning 0.5%), pass scale='percent' or put '%' in the header")
    return out


_STR = pd.Series(["x"]).dtype  # pandas' default string dtype (Arrow-backed when pyarrow is installed)


def _str_take(values: np.ndarray | list, codes: np.ndarray) -> Any:
    """``values[codes]`` as a string column, without a Python object per row when possible."""
    storage = getattr(_STR, "storage", None)
    if storage == "pyarrow":
        import pyarrow as pa

        arr = pa.array(np.asarray(values, dtype=object), type=pa.large_string())
        return pd.array(arr.take(pa.array(np.asarray(codes, dtype=np.int64))), dtype=_STR)
    return pd.array(np.asarray(values, dtype=object)[codes], dtype=_STR)


class _Names:
    """``models.iloc[i]``: the model name of input row ``i`` of a subset, built on demand."""

    def __init__(self, names: np.ndarray, codes: np.ndarray) -> None:
        self.names, self.codes = names, codes

    @property
    def iloc(self) -> _Names:
        return self

    def __getitem__(self, i: int) -> str:
        return str(self.names[self.codes[i]])


def _text_codes(col: pd.Series) -> tuple[np.ndarray, list[str | None]]:
    """(codes, values) of a text column: stripped, None where empty; code -1 for a null."""
    codes, uniq = pd.factorize(col, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), [str(u).strip() or None for u in uniq]


def _assemble(base: pd.DataFrame, cells: dict[str, np.ndarray], mcodes: np.ndarray,
              mnames: list[str], label: str, report: IngestReport, open_weights: bool | None,
              resolve: bool) -> pd.DataFrame:
    """Score rows. Metadata is parsed per input row used, per distinct value, and shipped
    metadata per distinct model; text columns are built as codes into small dictionaries."""
    used, ri = np.unique(cells["row"], return_inverse=True)
    n = len(used)
    mc = mcodes[used]  # the model of each input row used (always >= 0 here)
    models = _Names(np.array(mnames, dtype=object), mc)
    cols = list(base.columns)

    def col_of(name: str) -> pd.Series:
        return base[name].take(used).reset_index(drop=True)

    tot = np.full(n, np.nan)
    act = np.full(n, np.nan)
    pcol = _find_col(cols, PARAM_NAMES)
    if pcol is not None:
        tot, act = _parse_params_col(col_of(pcol), pcol, label, models)
    acol = _find_col(cols, ACTIVE_NAMES)
    if acol is not None:
        given, _ = _parse_params_col(col_of(acol), acol, label, models)
        act = np.where(np.isfinite(given), given, act)
    dcol = _find_col(cols, DATE_NAMES)
    rd = (_parse_dates(col_of(dcol), label, report.notes).to_numpy(dtype="datetime64[ns]")
          if dcol is not None else np.full(n, np.datetime64("NaT", "ns")))
    flags = {}
    for name in ("open_weights", "reasoning", "thinking"):
        c = _find_col(cols, (name,))
        flags[name] = (_parse_bools(col_of(c), name, label, models) if c is not None
                       else np.full(n, np.nan))
    extras = {}
    c = _find_col(cols, ("n_questions",))
    if c is not None:
        extras["n_questions"] = _positive_col(col_of(c), c, label, models)
    c = _find_col(cols, ("shots", "n_shot", "num_fewshot"))
    if c is not None:
        extras["shots"] = _positive_col(col_of(c), c, label, models, integer=True, allow_zero=True)

    # each distinct model name resolved once; shipped metadata taken per distinct name
    ids_u = [lookup_model(u) if resolve else None for u in mnames]
    seen = np.zeros(len(mnames) + 1, dtype=bool)
    seen[mc] = True
    unresolved = sorted(u for j, (u, i) in enumerate(zip(mnames, ids_u)) if i is None and seen[j])
    if unresolved and resolve:
        report.notes.append(f"{len(unresolved)} model name(s) not shipped, kept as given: "
                            f"{_list(unresolved)}")
    ship = load_models().set_index("model")
    is_known_u = np.array([i is not None for i in ids_u], dtype=bool)
    pos_u = ship.index.get_indexer(pd.Index([i if i is not None else "" for i in ids_u],
                                            dtype=object))
    pos_u = np.where(is_known_u, pos_u, -1)
    ids_arr = np.array([i if i is not None else u for i, u in zip(ids_u, mnames)], dtype=object)
    take_u = np.maximum(pos_u, 0)

    def ship_u(col: str, dtype: Any = object) -> np.ndarray:
        """The shipped value of ``col`` per distinct model (missing for unshipped names)."""
        arr = ship[col].to_numpy(dtype=dtype)[take_u] if len(ship) else np.zeros(0, dtype)
        blank = {float: np.nan, object: None}.get(dtype, np.datetime64("NaT", "ns"))
        return np.where(pos_u >= 0, arr, blank)

    # sizes: the file's own wins; the shipped active count goes with the shipped total only
    own_total = np.isfinite(tot)
    tot = np.where(own_total, tot, ship_u("total_params_b", float)[mc])
    act = np.where(np.isfinite(act) | own_total, act, ship_u("active_params_b", float)[mc])
    over = act > tot
    if over.any():
        i = int(np.flatnonzero(over)[0])
        raise ParamsParseError(
            f"{label}: active params ({act[i]:g}B) exceed total ({tot[i]:g}B) for model "
            f"{models.iloc[i]!r}; check the columns are not swapped")
    rd = np.where(np.isnat(rd), ship_u("release_date", "datetime64[ns]")[mc], rd)

    def flag_u(col: str) -> np.ndarray:
        v = ship_u(col)
        return np.array([np.nan if x is None or pd.isna(x) else float(bool(x)) for x in v])

    ow = flags["open_weights"]
    ow = np.where(np.isnan(ow), flag_u("open_weights")[mc] if len(mc) else ow, ow)
    unknown_ow = np.isnan(ow)
    if open_weights is not None:
        ow = np.where(unknown_ow, float(bool(open_weights)), ow)
    elif unknown_ow.any():
        sized = unknown_ow & np.isfinite(tot)
        if sized.any():
            report.notes.append(f"open_weights not given for {int(sized.sum())} input row(s) of "
                                "unshipped models with a size: taken as open weights (a size is "
                                "known); pass open_weights= or an open_weights column to say "
                                "otherwise")
        ow = np.where(unknown_ow, np.isfinite(tot), ow)
    rs = flags["reasoning"]
    rs = np.where(np.isnan(rs), flag_u("reasoning")[mc] if len(mc) else rs, rs)
    rs = np.nan_to_num(rs, nan=0.0).astype(bool)
    th = flags["thinking"]
    th = np.where(np.isnan(th), rs, th).astype(bool)

    data: dict[str, Any] = {}
    cell_m = mc[ri]

    def text(name: str, per_model: np.ndarray | None, fill: str | np.ndarray) -> Any:
        """Cells of a text column: the file's value, else the shipped one, else ``fill``."""
        c = _find_col(cols, (name,))
        if per_model is None:
            per_model = np.full(len(mnames), None, dtype=object)
        fill_u = fill if isinstance(fill, np.ndarray) else np.full(len(mnames), fill, dtype=object)
        model_vals = np.where(pd.isna(per_model) | (per_model == ""), fill_u, per_model)
        if c is None:
            return _str_take(model_vals, cell_m)
        codes, vals = _text_codes(col_of(c))
        own = np.array([*vals, None], dtype=object)[codes]  # per used row
        row_codes = np.where(pd.isna(own), len(vals) + mc, np.maximum(codes, 0))
        values = [*(v if v is not None else "" for v in vals), *model_vals]
        return _str_take(values, row_codes[ri])

    data["model"] = _str_take(ids_arr, cell_m) if len(ids_arr) else pd.array([], dtype=_STR)
    data["developer"] = text("developer", ship_u("developer"), "unknown")
    data["family"] = text("family", ship_u("family"), ids_arr)
    data["weights"] = text("weights", ship_u("weights"), ids_arr)
    data["open_weights"] = ow.astype(bool)[ri]
    data["arch"] = text("arch", ship_u("arch"), "")
    data["total_params_b"] = tot[ri]
    data["active_params_b"] = act[ri]
    data["release_date"] = rd[ri]
    data["reasoning"] = rs[ri]
    data["benchmark"] = _str_take(cells["bench_names"], cells["bench"])
    data["score"] = cells["score"]
    data["thinking"] = th[ri]
    data["effort"] = text("effort", None, "")
    data["variant"] = text("variant", None, "")
    data["evaluator"] = _str_take(["user"], np.zeros(len(ri), dtype=np.int64))
    data["source"] = text("source", None, label)
    data["note"] = text("note", None, "")
    for k, v in extras.items():
        data[k] = v[ri]
    data["_row"] = cells["row"]
    return pd.DataFrame(data)


_KEYS = ["model", "benchmark", "variant", "thinking", "effort"]


def _finish(long: pd.DataFrame, report: IngestReport, skips: _Skips) -> pd.DataFrame:
    """Duplicates (identical rows collapse; disagreeing ones are reported), then the frame."""
    conflicts = pd.DataFrame()
    key = pd.DataFrame({k: pd.factorize(long[k])[0].astype(np.int32) for k in _KEYS})
    dup = key.duplicated(keep=False).to_numpy()
    if dup.any():
        d = long[dup]
        nun = d.groupby(_KEYS, sort=False)["score"].transform("nunique").to_numpy()
        differing = np.zeros(len(long), bool)
        differing[np.flatnonzero(dup)] = nun > 1
        later = key.duplicated(keep="first").to_numpy()
        reason = np.where(differing, "duplicate of an earlier row with a different score (kept "
                          "the first; see report.conflicts)", "exact duplicate of an earlier row")
        skips.add(long["_row"].to_numpy()[later], long["model"].to_numpy(dtype=object)[later],
                  long["benchmark"].to_numpy(dtype=object)[later], reason[later].astype(object))
        if differing.any():
            g = long[differing].groupby(_KEYS, sort=False)["score"].agg(list).reset_index()
            conflicts = g.rename(columns={"score": "scores"})[["model", "benchmark", "variant",
                                                              "scores"]]
            conflicts["action"] = "kept the first row"
        long = long[~later]
    report.conflicts = conflicts
    report.skipped = skips.frame()
    cols = SCORE_COLUMNS + [c for c in EXTRA_COLUMNS if c in long.columns]
    out = long[cols].reset_index(drop=True)
    report.n_loaded = len(out)
    return _attach(out, report)


# --------------------------------------------------------------------------------------
# lm-evaluation-harness
# --------------------------------------------------------------------------------------


def read_lm_eval(
    data: str | os.PathLike | Mapping,
    *,
    model: str | None = None,
    scale: str = "fraction",
    source: str | None = None,
    tasks: Mapping[str, str | tuple[str, str]] | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read an lm-evaluation-harness results JSON (``results -> task -> metric``).

    Tasks, and group aggregates under ``groups``, are mapped to benchmark ids with the
    shipped ``lm_eval_tasks`` table (e.g. ``triviaqa`` -> ``triviaqa``, ``nq_open`` ->
    ``naturalquestions``, ``mmlu`` -> ``mmlu``, ``leaderboard_gpqa`` -> ``gpqa-ollb``).
    Tasks that are not mapped, and subtasks, are listed as skipped in the report.

    What the file says is kept, and noted in the report:

    - the size, from ``config.model_num_parameters`` (a raw count, converted to billions);
    - ``model_args`` with ``pretrained=...`` (the harness loaded the weights): open weights;
    - the shot count (``n-shot``, or ``config.num_fewshot``) in a ``shots`` column;
    - a ``--limit`` run (``n-samples`` effective < original): the effective question count
      in ``n_questions``, so that the binomial noise is right;
    - the metric key actually used, in ``source``. Old (v0.3) files that only have the
      plain metric name (``acc`` for TriviaQA) are read, with a note.

    Parameters
    ----------
    data : path or dict
        The results file (``results_*.json``) or its parsed content.
    model : str, optional
        Model name, when the file does not name it (or to override it).
    scale : {"fraction", "auto", "percent"}
        Harness metrics are fractions; a mapped metric above 1 is an error unless you say
        otherwise (``"auto"`` as in :func:`read_scores`).
    source : str, optional
        Source label (default: the file name).
    tasks : dict, optional
        Extra or overriding task mappings: ``{task: benchmark}`` or
        ``{task: (benchmark, metric_key)}``, e.g. for a benchmark declared with
        :func:`paramest.register_benchmark`.
    encoding : str, optional
        Text encoding of the file (default: UTF-8, or as its byte-order mark says).

    Returns
    -------
    pandas.DataFrame
        In the :func:`load_scores` format, one row per mapped task read, with ``shots`` and,
        when the file gives them, ``n_questions``, ``open_weights`` and
        ``total_params_b``. ``df.attrs["report"]`` is an :class:`IngestReport` listing the
        skipped tasks and the notes above.

    Raises
    ------
    InputError
        A bad argument, or ``data`` is neither a path nor a dict.
    FileFormatError
        The file cannot be read or is not a harness results file, the model is not named,
        or no task maps to a benchmark with a usable metric.
    UnknownBenchmarkError
        ``tasks`` names a benchmark that is not known.
    ScoreScaleError
        A metric outside the scale given by ``scale``.
    """
    _check_args(scale=scale, benchmark=None, model=model, open_weights=None, resolve=True,
                source=source, encoding=encoding)
    notes: list[str] = []
    if isinstance(data, (str, os.PathLike)):
        path = _check_path(data)
        label = source or path.name
        obj, _ = _read_file(path, "json", encoding, notes)
    elif isinstance(data, Mapping):
        label, obj = source or "lm-eval results", data
    else:
        raise InputError(f"read_lm_eval expects a path or a results dict, not {type(data).__name__}")
    extra = _task_overrides(tasks)
    parsed = lm_eval_rows(obj, model=model, label=label, tasks=extra,
                          n_questions=_table_n_questions())
    cols = ["model", "benchmark", "score", "source", "shots", "n_questions", "open_weights",
            "total_params_b"]
    frame = pd.DataFrame(parsed.rows, columns=cols)
    for c in ("open_weights", "total_params_b", "n_questions"):
        if frame[c].isna().all():
            frame = frame.drop(columns=c)
    df = _read_frame(frame, label, notes, scale=scale, benchmark=None, model=None,
                     open_weights=None, resolve=True)
    rep = df.attrs["report"]
    rep.n_in += len(parsed.skipped)
    sk = pd.DataFrame(parsed.skipped, columns=_SKIP_COLUMNS)
    if len(sk):
        rep.skipped = sk if not len(rep.skipped) else pd.concat([rep.skipped, sk],
                                                                 ignore_index=True)
    rep.notes[:0] = ["lm-evaluation-harness results", *parsed.notes]
    rep.notes = [n for n in rep.notes if n != "long format"]
    return _attach(df, rep)


def _task_overrides(tasks: Any) -> dict[str, tuple[str, str | None]]:
    if tasks is None:
        return {}
    if not isinstance(tasks, Mapping):
        raise InputError("tasks= must be a dict {harness task: benchmark id} or "
                         "{task: (benchmark id, metric key)}")
    out: dict[str, tuple[str, str | None]] = {}
    for t, v in tasks.items():
        bench, metric = (v, None) if isinstance(v, str) else (tuple(v) + (None,))[:2] \
            if isinstance(v, (tuple, list)) and 1 <= len(v) <= 2 else (None, None)
        if not isinstance(bench, str) or (metric is not None and not isinstance(metric, str)):
            raise InputError(f"tasks[{t!r}] must be a benchmark id or (benchmark id, metric "
                             f"key), not {v!r}")
        b = lookup_benchmark(bench)
        if b is None:
            raise UnknownBenchmarkError(
                f"tasks[{t!r}] names benchmark {bench!r}, which is not known; declare it "
                f"first with paramest.register_benchmark({bench!r}, kind=..., chance=..., "
                "n_questions=...)")
        out[str(t)] = (b, metric)
    return out


def _table_n_questions() -> dict[str, float]:
    b = load_benchmarks()
    return {k: float(v) for k, v in zip(b["benchmark"], b["n_questions"]) if pd.notna(v)}


# --------------------------------------------------------------------------------------
# combine
# --------------------------------------------------------------------------------------


def _defaults(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing SCORE_COLUMNS filled with neutral values."""
    fill = {"total_params_b": np.nan, "active_params_b": np.nan, "release_date": pd.NaT,
            "open_weights": False, "reasoning": False, "thinking": False}
    out = frame.copy()
    out.attrs = {}
    for c in SCORE_COLUMNS:
        if c not in out.columns:
            out[c] = fill.get(c, "")
    if "weights" in frame.columns:
        out["weights"] = out["weights"].where(out["weights"].astype(str) != "", out["model"])
    else:
        out["weights"] = out["model"]
    return out


def combine(user: pd.DataFrame | list[pd.DataFrame], shipped: pd.DataFrame | None = None, *,
            prefer: str = "user") -> pd.DataFrame:
    """Combine user rows with shipped rows (default: :func:`load_scores`).

    Parameters
    ----------
    user : DataFrame or list of DataFrames
        Frames from :func:`read_scores` / :func:`read_lm_eval` (several are stacked).
    shipped : DataFrame, optional
        The rows to add them to; default :func:`load_scores`.
    prefer : {"user", "shipped"}
        Which side wins where both give a score for the same (model, benchmark). The pairs
        with different scores are listed in ``df.attrs["report"].conflicts`` and the
        losing rows in ``report.skipped`` (``n_in == n_loaded + len(skipped)``).

    Returns
    -------
    pandas.DataFrame
        The kept shipped rows and user rows, with the columns of ``shipped`` followed by
        any extra user columns. ``df.attrs["report"]`` is an :class:`IngestReport`
        (``source="combine"``) whose ``conflicts`` lists the pairs with different scores.

    Raises
    ------
    InputError
        ``user`` is not a DataFrame (or list of them), or ``prefer`` is not valid.
    FileFormatError, ScoreScaleError, ConflictError
        From :func:`paramest.validate_scores` on the user rows.
    """
    from .tables import validate_scores

    if not isinstance(prefer, str) or prefer not in ("user", "shipped"):
        raise InputError(f"prefer must be 'user' or 'shipped', not {prefer!r}")
    frames = user if isinstance(user, (list, tuple)) else [user]
    if not frames:
        raise InputError("combine needs at least one DataFrame of user scores")
    for i, f in enumerate(frames):
        if not isinstance(f, pd.DataFrame):
            where = f" (item {i} of the list)" if isinstance(user, (list, tuple)) else ""
            raise InputError(f"combine expects DataFrames from paramest.read_scores(), not "
                             f"{type(f).__name__}{where}")
        _check_columns(f.columns, "combine: user data")
        missing = [c for c in ("model", "benchmark", "score") if c not in f.columns]
        if missing:
            raise FileFormatError(f"combine: user data lacks columns {missing}; "
                                  "read it with paramest.read_scores() first")
    if shipped is None:
        shipped = load_scores()
    elif not isinstance(shipped, pd.DataFrame):
        raise InputError(f"shipped= must be a DataFrame in the load_scores() format, not "
                         f"{type(shipped).__name__}")
    u = pd.concat([_defaults(f) for f in frames], ignore_index=True) if len(frames) > 1 \
        else _defaults(frames[0])
    validate_scores(u, "combine: user data")
    report = IngestReport(source="combine", n_in=len(u) + len(shipped))
    skips = []
    # identical user rows from several frames collapse
    ukeys = [k for k in _KEYS if k in u.columns]
    again = u.duplicated(ukeys, keep="first").to_numpy()
    if again.any():
        skips.append(pd.DataFrame({"row": np.flatnonzero(again), "model": u["model"][again],
                                   "benchmark": u["benchmark"][again],
                                   "reason": "user row repeated in another frame"}))
        u = u[~again]
    key = ["model", "benchmark"]
    both = u[key + ["score"]].merge(shipped[key + ["score"]], on=key, suffixes=("_user", "_shipped"))
    differ = both[(both["score_user"] - both["score_shipped"]).abs() > 1e-9].copy()
    differ["action"] = f"kept {prefer}"
    uk = pd.MultiIndex.from_frame(u[key].astype(str))
    sk = pd.MultiIndex.from_frame(shipped[key].astype(str))
    if prefer == "user":
        lose = sk.isin(uk)
        skips.append(pd.DataFrame({"row": np.flatnonzero(lose), "model": shipped["model"][lose],
                                   "benchmark": shipped["benchmark"][lose],
                                   "reason": "shipped row replaced by the user's (prefer='user')"}))
        out = pd.concat([shipped[~lose], u], ignore_index=True)
    else:
        lose = uk.isin(sk)
        skips.append(pd.DataFrame({"row": np.flatnonzero(lose), "model": u["model"][lose],
                                   "benchmark": u["benchmark"][lose],
                                   "reason": "user row replaced by the shipped one "
                                             "(prefer='shipped')"}))
        out = pd.concat([shipped, u[~lose]], ignore_index=True)
    cols = list(shipped.columns) + [c for c in u.columns if c not in shipped.columns]
    out = out[cols]
    report.skipped = pd.concat(skips, ignore_index=True)[_SKIP_COLUMNS]
    report.conflicts = differ.reset_index(drop=True)
    report.n_loaded = len(out)
    report.notes.append(f"{len(both)} (model, benchmark) pairs in both; {int(lose.sum())} rows "
                        f"replaced ({prefer} preferred); {len(differ)} with different scores")
    assert report.n_in == report.n_loaded + len(report.skipped)
    out.attrs["report"] = report
    return out


