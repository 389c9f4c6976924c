"""Bytes before tables: limits, paths, encodings, byte-order marks, line ends, delimiters, and
what a file really is (JSON or an HTML page saved as ``.csv``, a workbook, binary junk).

Everything here runs before a table is built, and costs time linear in the file's size and
memory of at most a few bytes per byte of the file: the limits (:class:`Limits`) are
checked on counts taken from the bytes (lines, JSON objects and nesting depth, Parquet
metadata), so that a file that would expand to more rows or cells than the limits is
refused before it is expanded.
"""

from __future__ import annotations

import csv
import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import FileFormatError, InputError
from .report import escape

__all__ = ["BOMS", "FORMATS", "MAGIC", "JsonShape", "Limits", "check_path", "check_size",
           "decode", "fix_line_ends", "json_shape", "refuse_other_content", "sniff_delimiter",
           "split_hint", "too_many"]

FORMATS = {"csv": "csv", "txt": "csv", "tsv": "tsv", "tab": "tsv", "json": "json",
           "jsonl": "jsonl", "ndjson": "jsonl", "parquet": "parquet", "pq": "parquet"}

BOMS = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")]
MAGIC = [(b"PK\x03\x04", "a ZIP archive (an Excel .xlsx workbook?); save it as 'CSV UTF-8' "
                         "from Excel, or read it with pandas.read_excel and pass the DataFrame"),
         (b"\xd0\xcf\x11\xe0", "an old Excel .xls workbook; save it as 'CSV UTF-8' from Excel"),
         (b"PAR1", "a Parquet file; pass format='parquet' or give it a .parquet suffix"),
         (b"\x1f\x8b", "gzip-compressed; decompress it first"),
         (b"\x80", "a Python pickle or other binary file; paramest reads CSV, JSON or Parquet "
                   "and never unpickles")]

_HEAD = 65536  # bytes looked at to sniff a file


@dataclass(frozen=True)
class Limits:
    """The most a reader takes from one input (see :func:`paramest.read_scores`).

    Attributes
    ----------
    max_bytes : int
        File size.
    max_rows : int
        Rows of the input table (lines of a CSV, records of JSON, rows of Parquet or of a
        DataFrame).
    max_cells : int
        Rows times columns of the input table.
    max_scores : int
        Scores returned (rows of the result; a wide table gives one per filled cell).
    max_cell_chars : int
        Characters in any one cell.
    max_value_chars : int
        Characters in a cell that must hold a number, a size, a date or yes/no.
    max_json_depth : int
        Nesting depth of JSON arrays and objects.
    max_number_chars : int
        Characters of one number in a JSON file.
    """

    max_bytes: int
    max_rows: int
    max_cells: int
    max_scores: int
    max_cell_chars: int
    max_value_chars: int
    max_json_depth: int
    max_number_chars: int


def split_hint(limit_name: str) -> str:
    """How to read an input over a limit: split it, or raise the limit.

    Parameters
    ----------
    limit_name : str
        The name of the limit in :mod:`paramest.ingest.readers`, e.g. ``"MAX_ROWS"``.

    Returns
    -------
    str
        A sentence for an error message.

    Examples
    --------
    >>> "combine" in split_hint("MAX_ROWS")
    True
    """
    return ("Split it into smaller files (e.g. one per benchmark or per group of models), "
            "read each with paramest.read_scores() and pass the list to paramest.combine(); "
            f"or, if you have the memory, raise paramest.ingest.readers.{limit_name}.")


def too_many(label: str, what: str, n: int, limit: int, limit_name: str) -> None:
    """Raise :class:`~paramest.errors.FileFormatError` when ``n`` exceeds ``limit``.

    Parameters
    ----------
    label : str
        The input's name.
    what : str
        What is counted (``"rows"``, ``"cells"``...).
    n, limit : int
        The count and its limit.
    limit_name : str
        The limit's name in :mod:`paramest.ingest.readers`.

    Raises
    ------
    FileFormatError
        ``n > limit``, with how to split the input.

    Examples
    --------
    >>> too_many("a.csv", "rows", 3, 10, "MAX_ROWS")  # within the limit: nothing happens
    """
    if n > limit:
        raise FileFormatError(
            f"{escape(label)} has {n:,} {what}, over the limit of {limit:,} "
            f"(paramest.ingest.readers.{limit_name}); it was refused before being expanded in "
            f"memory. {split_hint(limit_name)}")


def check_path(data: str | os.PathLike) -> Path:
    """The path to read, with ``~`` expanded; a clear error for anything that is not a file.

    Parameters
    ----------
    data : str or os.PathLike
        What the user passed.

    Returns
    -------
    pathlib.Path
        A regular file.

    Raises
    ------
    FileFormatError
        Not found, a folder, a broken or looping link, a pipe or device, a bad name.

    Examples
    --------
    >>> import paramest
    >>> check_path(paramest.example_file()).name
    'factrecall.csv'
    """
    path = Path(os.path.expanduser(os.fspath(data)))
    shown = escape(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise FileFormatError(
                f"{shown} is a broken symbolic link (it points to {os.readlink(path)!r}, which "
                "does not exist); pass the file itself") from None
        hint = ""
        if not path.parent.exists():
            hint = f" (its folder {escape(path.parent)} does not exist either)"
        elif "\n" in str(data):
            hint = "; read_scores takes a path, a DataFrame or a dict, not the file's text"
        raise FileFormatError(f"file not found: {shown}{hint}") from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise FileFormatError(
                f"{shown} is a symbolic link that loops back on itself; point it at a real "
                "file or pass the file's own path") from None
        if e.errno == errno.ENAMETOOLONG:
            raise FileFormatError(f"the path {escape(str(path)[:80])!r}... is too long to be a "
                                  "file name; pass a path, a DataFrame or a dict") from None
        raise FileFormatError(f"cannot open {shown}: {e.strerror or e}") from None
    except (RuntimeError, ValueError) as e:  # embedded NUL byte, or a loop on old Pythons
        raise FileFormatError(f"cannot use {str(path)!r} as a path: {e}") from None
    if stat.S_ISDIR(st.st_mode):
        files = sorted(p.name for p in path.iterdir() if p.suffix.lstrip(".").lower() in FORMATS)
        hint = f" such as {escape(', '.join(files[:3]))}" if files else ""
        raise FileFormatError(f"{shown} is a folder, not a file; pass one file inside it{hint}")
    if not stat.S_ISREG(st.st_mode):
        raise FileFormatError(f"{shown} is not a regular file (a pipe, socket or device); "
                              "save the table to a file first")
    return path


def check_size(path: Path, limits: Limits) -> int:
    """The file's size in bytes; empty and over-size files raise.

    Parameters
    ----------
    path : pathlib.Path
        A regular file.
    limits : Limits
        ``max_bytes`` is checked.

    Returns
    -------
    int
        The size.

    Raises
    ------
    FileFormatError
        Empty, or over ``limits.max_bytes``.
    """
    size = path.stat().st_size
    label = escape(path.name)
    if size == 0:
        raise FileFormatError(f"{label} is empty; expected a CSV, JSON or Parquet score table")
    if size > limits.max_bytes:
        raise FileFormatError(
            f"{label} is {size / 2**20:.0f} MiB, over the limit of {limits.max_bytes / 2**20:.0f} "
            "MiB for a score table (paramest.ingest.readers.MAX_FILE_BYTES). Filter it first. "
            + split_hint("MAX_FILE_BYTES"))
    return size


def _decode_bom(raw: bytes, label: str, notes: list[str]) -> str | None:
    for bom, enc in BOMS:
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
    return None


def _decode_nul(raw: bytes, label: str, notes: list[str]) -> str:
    head = raw[:_HEAD]
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


def decode(raw: bytes, encoding: str | None, label: str, notes: list[str]) -> str:
    """The text of a file: BOM-marked UTF-8/16/32, UTF-8, or Windows-1252 as a fallback.

    Parameters
    ----------
    raw : bytes
        The file's bytes.
    encoding : str or None
        The encoding the user gave, or None to detect it.
    label : str
        The file's name, for messages.
    notes : list of str
        Receives a note for every encoding that is not plain UTF-8.

    Returns
    -------
    str
        The text.

    Raises
    ------
    InputError
        An unknown encoding name.
    FileFormatError
        Binary content, a workbook, an archive, or text that does not decode.

    Examples
    --------
    >>> notes = []
    >>> decode("Café".encode("cp1252"), None, "x.csv", notes), "cp1252" in notes[0]
    ('Café', True)
    """
    label = escape(label)
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
    text = _decode_bom(raw, label, notes)
    if text is not None:
        return text
    for magic, what in MAGIC:
        if raw.startswith(magic):
            raise FileFormatError(f"cannot read {label}: it is {what}")
    if b"\x00" in raw[:_HEAD]:
        return _decode_nul(raw, label, notes)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        bad = raw[e.start:e.start + 1]
    for enc in ("cp1252", "latin-1"):  # five bytes are undefined in cp1252; latin-1 takes all
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        notes.append(f"not valid UTF-8 (byte {bad!r}); read as {enc} (Windows/Latin-1). If "
                     "names look wrong, pass the file's encoding, e.g. encoding='utf-16'")
        return text
    raise FileFormatError(f"cannot read {label}: not UTF-8 text; pass encoding=")  # pragma: no cover


def fix_line_ends(data: bytes | str, notes: list[str]) -> bytes | str:
    """Line ends made ``\\n``: CR-only files (old Mac, some exports) are read like the rest.

    Parameters
    ----------
    data : bytes or str
        The file's bytes (UTF-8) or text.
    notes : list of str
        Receives a note when line ends were changed.

    Returns
    -------
    bytes or str
        ``data`` itself when every CR is part of a CRLF pair, else a copy with lone CRs
        turned into line feeds.

    Examples
    --------
    >>> fix_line_ends("a,b\\r1,2\\r", [])
    'a,b\\n1,2\\n'
    """
    cr, crlf = ("\r", "\r\n") if isinstance(data, str) else (b"\r", b"\r\n")
    n_cr = data.count(cr)
    if n_cr == 0 or n_cr == data.count(crlf):
        return data
    lf = "\n" if isinstance(data, str) else b"\n"
    notes.append("lines end with a carriage return only (CR, as old Mac files do); read as "
                 "line ends")
    return data.replace(crlf, lf).replace(cr, lf)


def refuse_other_content(head: str, label: str, kind: str) -> None:
    """Raise when the start of a text "CSV" shows it is JSON, an HTML page or XML.

    Parameters
    ----------
    head : str
        The start of the decoded text.
    label : str
        The file's name.
    kind : str
        The format it was to be read as (``"csv"`` or ``"tsv"``).

    Raises
    ------
    FileFormatError
        Naming what the file is and how to read it.

    Examples
    --------
    >>> refuse_other_content("model,score\\n", "a.csv", "csv")  # a CSV: nothing happens
    """
    s = head.lstrip("\ufeff \t\r\n")[:2048]
    low = s.lower()
    label = escape(label)
    if s[:1] in ("{", "[") and (s[1:].lstrip()[:1] in ('"', "{", "[", "]", "}") or s[:1] == "{"):
        fmt = "jsonl" if s[:1] == "{" and "\n{" in head[:_HEAD] else "json"
        raise FileFormatError(
            f"{label} holds JSON, not {kind.upper()} (it starts with {escape(s[:12])!r}). Pass "
            f"format={fmt!r}, or rename it with a .{fmt} suffix.")
    if low.startswith(("<!doctype html", "<html", "<head", "<body")) or (
            low.startswith("<") and "<html" in low):
        raise FileFormatError(
            f"{label} is an HTML page (a web page saved as a file?), not a table. Download the "
            "file itself, e.g. GitHub's 'Raw' link rather than the page that shows it.")
    if low.startswith("<?xml"):
        raise FileFormatError(f"{label} is an XML document, not a {kind.upper()} table; export "
                              "the table as CSV")


def _first_lines(text: str, n: int) -> list[str]:
    """The first ``n`` non-blank lines of the first 64 KiB (the last, maybe cut, dropped)."""
    head = text[:_HEAD]
    lines = head.split("\n")
    if len(head) == _HEAD and len(lines) > 1:
        lines = lines[:-1]
    return [ln.rstrip("\r") for ln in lines if ln.strip()][:n]


def _fields(line: str, d: str) -> int:
    try:
        return len(next(csv.reader([line], delimiter=d), []))
    except csv.Error:
        return 1


def sniff_delimiter(text: str, fmt: str, label: str, notes: list[str]) -> tuple[str, list[str]]:
    """The field delimiter and the header's fields; a header and rows that disagree raise.

    The delimiter is the one that splits the header into the most fields. When the data
    rows do not split into the header's fields with it but do with another delimiter (a
    comma header over semicolon rows), the file is refused: guessing would shift columns.

    Parameters
    ----------
    text : str
        The start of the file's text (at least its first lines).
    fmt : str
        ``"tsv"`` (tab) or ``"csv"`` (detect).
    label : str
        The file's name.
    notes : list of str
        Receives a note for a delimiter other than a comma.

    Returns
    -------
    (str, list of str)
        The delimiter and the header's fields.

    Raises
    ------
    FileFormatError
        The header and the rows use different delimiters.

    Examples
    --------
    >>> sniff_delimiter("model;score\\na;0,3\\n", "csv", "x.csv", [])
    (';', ['model', 'score'])
    """
    lines = _first_lines(text, 21)
    header = lines[0] if lines else ""
    names = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "'|' (pipes)"}
    if fmt == "tsv":
        sep = "\t"
    else:
        counts = {d: _fields(header, d) for d in names}
        sep = max(counts, key=lambda d: (counts[d], d == ","))
        if counts[sep] <= 1:
            sep = ","
    h = _fields(header, sep)
    rows = lines[1:]
    if rows and h > 1:
        fit = sum(_fields(r, sep) == h for r in rows)
        if fit == 0:
            for d in names:
                if d != sep and all(_fields(r, d) == h for r in rows):
                    raise FileFormatError(
                        f"{escape(label)}: the header is separated by {names[sep]} ({h} fields) "
                        f"but the rows by {names[d]} (line 2: {escape(rows[0][:60])!r}); use one "
                        "delimiter throughout (re-export the file, or fix the header line).")
    if sep != ",":
        name = {";": "';' (semicolon)", "\t": "tab", "|": "'|' (pipe)"}[sep]
        notes.append(f"fields separated by {name}" + ("" if fmt == "tsv" else
                                                      ", detected from the header"))
    fields = next(csv.reader([header], delimiter=sep), []) if header else []
    return sep, fields


@dataclass(frozen=True)
class JsonShape:
    """Counts taken from JSON bytes without parsing them.

    Attributes
    ----------
    depth : int
        Deepest nesting of arrays and objects.
    objects : int
        Objects (``{``) outside strings.
    pairs : int
        Key-value pairs (``:``) outside strings.
    top : str
        The first character that is not white space (``"["``, ``"{"``...).
    """

    depth: int
    objects: int
    pairs: int
    top: str


_CHUNK = 1 << 22


def json_shape(data: bytes) -> JsonShape:
    """Depth, objects and pairs of JSON (or JSON Lines) bytes, in linear time and chunks.

    Parameters
    ----------
    data : bytes
        UTF-8 JSON (structural characters are ASCII, which never occurs inside a
        multi-byte UTF-8 sequence).

    Returns
    -------
    JsonShape
        The counts (for invalid JSON they are approximate; the parser reports the error).

    Examples
    --------
    >>> s = json_shape(b'[{"a": "{[:", "b": [1]}]')
    >>> s.depth, s.objects, s.pairs, s.top
    (3, 1, 2, '[')
    """
    depth = max_depth = objects = pairs = 0
    in_str = False
    run = 0  # backslashes ending the previous chunk
    for start in range(0, len(data), _CHUNK):
        a = np.frombuffer(data, np.uint8, count=min(_CHUNK, len(data) - start), offset=start)
        bs = a == 92
        quotes = np.flatnonzero(a == 34)
        if len(quotes):
            # a quote is escaped when an odd number of backslashes precedes it
            c = np.cumsum(bs, dtype=np.int64)
            last = np.maximum.accumulate(np.where(bs, 0, c))
            runs = c - last  # backslashes ending at each position
            before = np.where(quotes > 0, runs[np.maximum(quotes - 1, 0)], 0)
            before = before + np.where(before == quotes, run, 0)  # a run from the chunk start
            real = quotes[before % 2 == 0]
        else:
            real = quotes
        struct = np.flatnonzero((a == 123) | (a == 125) | (a == 91) | (a == 93) | (a == 58))
        inside = (np.searchsorted(real, struct) + in_str) % 2 == 1
        s = a[struct[~inside]]
        step = np.where((s == 123) | (s == 91), 1, np.where((s == 125) | (s == 93), -1, 0))
        if len(step):
            levels = depth + np.cumsum(step)
            max_depth = max(max_depth, int(levels.max()))
            depth = int(levels[-1])
        objects += int((s == 123).sum())
        pairs += int((s == 58).sum())
        in_str = (in_str + len(real)) % 2 == 1
        tail = len(a) - (np.flatnonzero(~bs)[-1] + 1 if (~bs).any() else 0)
        run = tail + (run if tail == len(a) else 0)
    top = data[:_HEAD].lstrip(b" \t\r\n\xef\xbb\xbf")[:1].decode("ascii", errors="replace")
    return JsonShape(depth=max_depth, objects=objects, pairs=pairs, top=top)
