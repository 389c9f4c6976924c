"""What a reader kept, skipped and assumed: :class:`IngestReport`, and how readers warn.

The report's text is bounded (counts, the first notes, the first rows of each kind of
skip), whatever the size of the input; its full tables are DataFrames
(``report.skipped``, ``report.conflicts``) and :meth:`IngestReport.write` saves them to a
CSV or JSON file. Control characters in anything the user wrote (model names, file
paths, cells) are escaped in every message and report, so that no ANSI sequence reaches a
terminal.
"""

from __future__ import annotations

import functools
import json
import math
import os
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from ..errors import IngestWarning, InputError, ParamestError

__all__ = ["SHOW_CHARS", "SHOW_NOTES", "SHOW_REASONS", "SHOW_ROWS", "SKIP_COLUMNS",
           "IngestReport", "Skips", "attach", "brief", "clip", "escape", "escaped_errors", "plain",
           "warn"]

SKIP_COLUMNS = ["row", "model", "benchmark", "reason"]
SHOW_NOTES = 20  # notes shown by str(report)
SHOW_REASONS = 10  # kinds of skip shown by str(report)
SHOW_ROWS = 5  # row numbers shown per kind of skip, and conflicts shown
SHOW_CHARS = 300  # characters of one line of str(report)

_PACKAGE = str(Path(__file__).resolve().parent.parent) + os.sep


def escape(text: object) -> str:
    """``text`` with control characters escaped, so that no ANSI sequence reaches a terminal.

    Parameters
    ----------
    text : object
        Anything; converted with ``str``.

    Returns
    -------
    str
        The text, with every character that is not printable (ESC, newlines, NUL,
        bidirectional overrides...) written as a Python escape such as ``\\x1b``.

    Examples
    --------
    >>> escape("red\\x1b[31m")
    'red\\\\x1b[31m'
    """
    s = str(text)
    if s.isprintable():
        return s
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in s)


def clip(text: object, n: int = SHOW_CHARS) -> str:
    """:func:`escape`, then cut to ``n`` characters with a note of the full length.

    Parameters
    ----------
    text : object
        Anything; converted with ``str``.
    n : int
        Most characters kept.

    Returns
    -------
    str
        The escaped text, or its first ``n`` characters and ``"... (N characters)"``.

    Examples
    --------
    >>> clip("x" * 10, 4)
    'xxxx... (10 characters)'
    """
    s = escape(text)
    return s if len(s) <= n else f"{s[:n]}... ({len(s):,} characters)"


def brief(v: object, n: int = 60) -> str:
    """A user's value as it reads in a message: its ``repr``, escaped and clipped.

    Integers too long to print (Python refuses to convert an int of over 4,300 digits)
    are described by their size instead.

    Parameters
    ----------
    v : object
        Any value.
    n : int
        Most characters shown.

    Returns
    -------
    str
        E.g. ``"'7B'"``, ``"0.5"``, ``"an integer of about 5,000 digits"``.

    Examples
    --------
    >>> brief("7B"), brief(10**5000)
    ("'7B'", 'an integer of about 5,001 digits')
    """
    if isinstance(v, int) and not isinstance(v, bool) and abs(v).bit_length() > 3000:
        return f"an integer of about {int(abs(v).bit_length() * 0.30103) + 1:,} digits"
    s = escape(repr(v))
    return s if len(s) <= n else s[:n] + "..."


def plain(v: Any) -> Any:
    """A JSON-safe Python value (NaN/NaT -> None, numpy scalars -> Python, text escaped not).

    Parameters
    ----------
    v : object
        A cell of a report table.

    Returns
    -------
    object
        None, bool, int, float, str or a list of them.

    Examples
    --------
    >>> plain(np.float64("nan")) is None, plain(np.int64(3))
    (True, 3)
    """
    if isinstance(v, (list, tuple, np.ndarray)):
        return [plain(x) for x in v]
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


def _records(df: pd.DataFrame, n: int | None) -> list[dict]:
    sub = df if n is None else df.head(n)
    return [{str(k): plain(v) for k, v in r.items()} for r in sub.to_dict(orient="records")]


@dataclass(eq=False)  # compared by identity: pandas compares attrs when frames are concatenated
class IngestReport:
    """What a reader kept, skipped and could not resolve.

    ``str(report)`` is bounded: the counts, the first :data:`SHOW_NOTES` notes, the first
    :data:`SHOW_REASONS` kinds of skip with their first row numbers, and the number of
    conflicts. The full tables are the DataFrames below; :meth:`write` saves them.

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

    Examples
    --------
    >>> rep = IngestReport("mine.csv", n_in=2, n_loaded=2, notes=["long format"])
    >>> print(rep)
    mine.csv: 2 rows in, 2 loaded, 0 skipped
      note: long format
    """

    source: str
    n_in: int = 0
    n_loaded: int = 0
    skipped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SKIP_COLUMNS))
    conflicts: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"{clip(self.source)}: {self.n_in:,} rows in, {self.n_loaded:,} loaded, "
                 f"{len(self.skipped):,} skipped"]
        lines += [f"  note: {clip(n)}" for n in self.notes[:SHOW_NOTES]]
        cut = len(self.notes) > SHOW_NOTES
        if cut:
            lines.append(f"  ... and {len(self.notes) - SHOW_NOTES} more notes (report.notes)")
        if len(self.skipped):
            reasons = self.skipped["reason"].astype(str)
            counts = reasons.value_counts(sort=False)
            for reason, n in list(counts.items())[:SHOW_REASONS]:
                rows = self.skipped["row"][reasons == reason].head(SHOW_ROWS)
                more = ", ..." if n > SHOW_ROWS else ""
                shown = ", ".join(str(r) for r in rows)
                lines.append(f"  skipped {n:,}: {clip(reason)} (rows {shown}{more})")
            if len(counts) > SHOW_REASONS:
                cut = True
                lines.append(f"  ... and {len(counts) - SHOW_REASONS} more kinds of skipped row "
                             "(report.skipped)")
        if len(self.conflicts):
            lines.append(f"  {len(self.conflicts):,} conflicting (model, benchmark) pairs "
                         "(report.conflicts)")
            for r in self.conflicts.head(SHOW_ROWS).itertuples(index=False):
                d = r._asdict()
                lines.append(f"    {clip(d.get('model'), 80)} / {clip(d.get('benchmark'), 80)}: "
                             f"{clip(d.get('scores', d.get('score_user', '')), 120)}")
            cut = cut or len(self.conflicts) > SHOW_ROWS
        if cut:
            lines.append("  full tables: report.skipped, report.conflicts (DataFrames); "
                         "report.write('report.json') saves them")
        return "\n".join(lines)

    def to_dict(self, max_rows: int | None = 20) -> dict:
        """JSON-safe dict: counts, notes, and the first skipped and conflicting rows.

        Parameters
        ----------
        max_rows : int or None
            Most rows of ``skipped`` and of ``conflicts`` to include (default 20, so the
            dict stays small whatever the input); None includes every row.

        Returns
        -------
        dict
            ``source, n_in, n_loaded, n_skipped, n_conflicts, notes``, ``n_reasons`` and
            ``skipped_by_reason`` (reason -> count, the first ``max_rows`` reasons), and ``skipped`` and ``conflicts`` as lists of records (NaN
            and NaT become None, timestamps ISO strings), with ``truncated`` saying
            whether rows were left out.

        Examples
        --------
        >>> IngestReport("x.csv", n_in=1, n_loaded=1).to_dict()["n_skipped"]
        0
        """
        counts = (self.skipped["reason"].astype(str).value_counts(sort=False)
                  if len(self.skipped) else pd.Series(dtype=int))
        by_reason = counts.to_dict() if max_rows is None else counts.head(max_rows).to_dict()
        truncated = max_rows is not None and (len(self.skipped) > max_rows
                                              or len(self.conflicts) > max_rows
                                              or len(counts) > max_rows)
        return {"source": self.source, "n_in": int(self.n_in), "n_loaded": int(self.n_loaded),
                "n_skipped": len(self.skipped), "n_conflicts": len(self.conflicts),
                "notes": list(self.notes),
                "n_reasons": len(counts),
                "skipped_by_reason": {str(k): int(v) for k, v in by_reason.items()},
                "skipped": _records(self.skipped, max_rows),
                "conflicts": _records(self.conflicts, max_rows), "truncated": truncated}

    def tables(self) -> dict[str, pd.DataFrame]:
        """The report's full tables.

        Returns
        -------
        dict of str -> pandas.DataFrame
            ``skipped``, ``conflicts`` and ``notes`` (one column, ``note``).

        Examples
        --------
        >>> sorted(IngestReport("x.csv").tables())
        ['conflicts', 'notes', 'skipped']
        """
        return {"skipped": self.skipped, "conflicts": self.conflicts,
                "notes": pd.DataFrame({"note": list(self.notes)}, dtype=object)}

    def write(self, path: str | os.PathLike) -> Path:
        """Save the full report (every skipped and conflicting row) to a JSON or CSV file.

        Parameters
        ----------
        path : path
            ``*.json``: :meth:`to_dict` with every row. ``*.csv``: one table with a
            ``table`` column (``note``, ``skipped`` or ``conflict``) and the columns of
            the skipped and conflict tables.

        Returns
        -------
        pathlib.Path
            The file written.

        Raises
        ------
        InputError
            The suffix is neither ``.json`` nor ``.csv``, or the file cannot be written.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "report.json"
        >>> IngestReport("x.csv", notes=["long format"]).write(out).name
        'report.json'
        """
        p = Path(os.path.expanduser(os.fspath(path)))
        kind = p.suffix.lower()
        if kind not in (".json", ".csv"):
            raise InputError(f"report.write() writes .json or .csv files, not {escape(p.name)!r}")
        try:
            if kind == ".json":
                p.write_text(json.dumps(self.to_dict(max_rows=None), indent=1, allow_nan=False)
                             + "\n", encoding="utf-8")
            else:
                parts = [pd.DataFrame({"table": "note", "reason": list(self.notes)}, dtype=object),
                         self.skipped.assign(table="skipped"),
                         self.conflicts.assign(table="conflict")]
                out = pd.concat([x for x in parts if len(x)], ignore_index=True) \
                    if any(len(x) for x in parts) else pd.DataFrame(columns=["table"])
                cols = ["table"] + [c for c in out.columns if c != "table"]
                out[cols].to_csv(p, index=False)
        except OSError as e:
            raise InputError(f"cannot write the report to {escape(p)}: {e.strerror or e}") from None
        return p

    def _repr_html_(self) -> str:
        return "<pre>" + str(self).replace("&", "&amp;").replace("<", "&lt;") + "</pre>"


class Skips:
    """Skipped rows, collected as arrays (no per-row Python loop).

    Examples
    --------
    >>> s = Skips()
    >>> s.add(np.array([3, 1]), None, None, "no model name")
    >>> list(s.frame()["row"])
    [1, 3]
    """

    def __init__(self) -> None:
        self.parts: list[pd.DataFrame] = []

    def add(self, rows: np.ndarray, models: np.ndarray | None, benchmarks: np.ndarray | None,
            reason: object) -> None:
        """Record input rows ``rows`` as skipped, with their model, benchmark and reason.

        Parameters
        ----------
        rows : numpy.ndarray of int
            Input row numbers.
        models, benchmarks : numpy.ndarray or None
            The model and benchmark of each row, or None when not known.
        reason : str or numpy.ndarray of str
            One reason for all, or one per row.
        """
        if len(rows) == 0:
            return
        blank = np.full(len(rows), None, dtype=object)
        self.parts.append(pd.DataFrame({
            "row": np.asarray(rows, dtype=np.int64),
            "model": np.asarray(models, dtype=object) if models is not None else blank,
            "benchmark": np.asarray(benchmarks, dtype=object) if benchmarks is not None else blank,
            "reason": reason}))

    def frame(self) -> pd.DataFrame:
        """Every skipped row, sorted by row number.

        Returns
        -------
        pandas.DataFrame
            ``row, model, benchmark, reason``.
        """
        parts = [p for p in self.parts if len(p)]
        if not parts:
            return pd.DataFrame(columns=SKIP_COLUMNS)
        out = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
        return out.sort_values("row", kind="stable").reset_index(drop=True)

    def __len__(self) -> int:
        return sum(len(p) for p in self.parts)


def warn(message: str, category: type[Warning] = IngestWarning) -> None:
    """Issue a warning attributed to the user's line: the first caller outside paramest.

    Parameters
    ----------
    message : str
        The warning (control characters are escaped).
    category : type
        A warning class; :class:`~paramest.errors.IngestWarning` by default.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     warn("check the sizes")
    >>> w[0].category.__name__
    'IngestWarning'
    """
    level, frame = 1, sys._getframe(0)
    # step over every paramest frame, so the warning points at the caller of the public function
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame = frame.f_back
        level += 1
    warnings.warn(escape(message), category, stacklevel=level)


def attach(df: pd.DataFrame, report: IngestReport, warn_skips: bool = True) -> pd.DataFrame:
    """Attach ``report`` as ``df.attrs["report"]``; warn when rows were skipped.

    Parameters
    ----------
    df : pandas.DataFrame
        The rows read.
    report : IngestReport
        Its report; ``n_in == n_loaded + len(skipped)`` must hold.
    warn_skips : bool
        Warn (:class:`~paramest.errors.IngestWarning`) when rows were skipped.

    Returns
    -------
    pandas.DataFrame
        ``df`` itself.
    """
    if report.n_in != report.n_loaded + len(report.skipped):  # pragma: no cover - a bug
        raise RuntimeError(f"paramest bug: report counts do not add up: {report}")
    df.attrs["report"] = report
    if warn_skips and len(report.skipped):
        warn(f"{len(report.skipped):,} row(s) skipped while reading {clip(report.source, 120)}; "
             "see df.attrs['report'] for the reasons")
    return df


F = TypeVar("F", bound=Callable[..., Any])


def escaped_errors(fn: F) -> F:
    """Decorate a public reader: control characters in its errors' messages are escaped.

    Messages escape what the user wrote where they quote it; this is the net under them,
    so that no ANSI sequence from a file name or a cell reaches a terminal.

    Parameters
    ----------
    fn : callable
        The function to wrap.

    Returns
    -------
    callable
        ``fn``, whose :class:`~paramest.errors.ParamestError` messages are escaped.

    Examples
    --------
    >>> @escaped_errors
    ... def f():
    ...     raise InputError("bad \x1b[31m")
    >>> try:
    ...     f()
    ... except InputError as e:
    ...     print(e)
    bad \\x1b[31m
    """
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ParamestError as e:
            msg = str(e)
            if not msg.isprintable():
                e.args = (escape(msg),)
            raise
    return wrapper  # type: ignore[return-value]
