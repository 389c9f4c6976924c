"""Cell parsers: scores, yes/no values and positive numbers (sizes: :mod:`.params`).

Every parser takes a column, parses each distinct value once, and runs in time linear in
the length of the text: no regular expression with nested or adjacent quantifiers is run
on user text (the parameter-count grammar is a hand-written scanner). Cells longer than
the limits are refused with a message that names the row and column, and missing-value
markers (``-``, ``n/a``, ``NA``, ``?``...) are read as empty cells and reported, never
as values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import FileFormatError, InputError
from .report import brief, escape

__all__ = ["MISSING", "R_BOOL", "R_EMPTY", "R_INF", "R_LONG", "R_NAN", "Scores",
           "check_cell_sizes", "distinct", "is_missing", "is_number_text", "missing_reason",
           "n_cells", "parse_bools", "parse_scores", "positive_col"]

# Spellings of "no value" in the cells of a number, size, date or yes/no column.
MISSING = frozenset({"-", "--", "---", "\u2013", "\u2014", "n/a", "na", "nan", "null", "none",
                     "?", "unknown", "n.a.", "#n/a", "."})
R_EMPTY = "score is empty"
R_NAN = "score is not a number"
R_INF = "score is infinite"
R_BOOL = "score is True/False, not a number"
R_LONG = "score cell is too long to be a number"


def is_missing(v: object) -> bool:
    """Whether a cell is a missing-value marker such as ``-``, ``n/a`` or ``NA``.

    Parameters
    ----------
    v : object
        A cell.

    Returns
    -------
    bool
        True for a string in :data:`MISSING` (ignoring case and surrounding spaces).

    Examples
    --------
    >>> is_missing(" N/A "), is_missing("0")
    (True, False)
    """
    return isinstance(v, str) and len(v) <= 8 and v.strip().lower() in MISSING


def missing_reason(marker: str) -> str:
    """The skip reason of a score cell that is a missing-value marker.

    Parameters
    ----------
    marker : str
        The cell as written.

    Returns
    -------
    str
        ``"score is a missing-value marker ('n/a')"``.

    Examples
    --------
    >>> missing_reason("-")
    "score is a missing-value marker ('-')"
    """
    return f"score is a missing-value marker ({marker.strip()!r})"


def distinct(col: pd.Series) -> tuple[np.ndarray, list]:
    """Codes into the distinct values of a column (-1 for a real null), each value once.

    Parameters
    ----------
    col : pandas.Series
        Any column; a categorical one is not expanded.

    Returns
    -------
    (numpy.ndarray of int64, list)
        The code of every row, and the distinct values.

    Examples
    --------
    >>> codes, vals = distinct(pd.Series(["a", "b", "a", None]))
    >>> codes.tolist(), vals
    ([0, 1, 0, -1], ['a', 'b'])
    """
    if isinstance(col.dtype, pd.CategoricalDtype):
        return (np.asarray(col.cat.codes, dtype=np.int64),
                np.asarray(col.cat.categories, dtype=object).tolist())
    codes, uniq = pd.factorize(col, use_na_sentinel=True)
    # one conversion in C, not a Python iteration over an Arrow array
    return np.asarray(codes, dtype=np.int64), np.asarray(uniq, dtype=object).tolist()


def _text_lengths(col: pd.Series) -> np.ndarray | None:
    """Characters per cell of a text column (0 for non-text), or None for a numeric column."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = pd.Series(col.cat.categories)
        if not (pd.api.types.is_string_dtype(cats) or pd.api.types.is_object_dtype(cats)):
            return None
        per = cats.astype(str).str.len().to_numpy(dtype=np.int64)
        codes = col.cat.codes.to_numpy()
        return np.where(codes >= 0, per[np.maximum(codes, 0)], 0)
    if pd.api.types.is_object_dtype(col):
        # mixed values (numbers, text, None): the length of each distinct text, taken once
        try:
            codes, uniq = distinct(col)
        except TypeError:  # unhashable cells (lists from nested JSON): each measured once
            return np.fromiter((len(v) if isinstance(v, str) else 0 for v in col.to_numpy(object)),
                               dtype=np.int64, count=len(col))
        per = np.array([len(u) if isinstance(u, str) else 0 for u in uniq] + [0], dtype=np.int64)
        return per[codes]
    if not pd.api.types.is_string_dtype(col):
        return None
    return col.str.len().to_numpy(dtype=float, na_value=0).astype(np.int64)


def check_cell_sizes(df: pd.DataFrame, label: str, max_chars: int) -> None:
    """Refuse any cell longer than ``max_chars`` characters, naming its row and column.

    Parameters
    ----------
    df : pandas.DataFrame
        The input table.
    label : str
        Its name.
    max_chars : int
        The limit (:data:`paramest.ingest.readers.MAX_CELL_CHARS`).

    Raises
    ------
    FileFormatError
        With the row, the column and how to fix it.

    Examples
    --------
    >>> check_cell_sizes(pd.DataFrame({"model": ["a"]}), "x.csv", 10)  # fine: nothing happens
    """
    for c in df.columns:
        lens = _text_lengths(df[c])
        if lens is None or not len(lens) or lens.max() <= max_chars:
            continue
        i = int(np.argmax(lens > max_chars))
        raise FileFormatError(
            f"{escape(label)}: row {i}, column {escape(c)!r} holds a cell of {int(lens[i]):,} "
            f"characters, over the limit of {max_chars:,} (paramest.ingest.readers."
            "MAX_CELL_CHARS). Is a quote left open, or two files pasted together? Fix the "
            "cell, or drop the column before reading.")


# --------------------------------------------------------------------------------------
# Scores
# --------------------------------------------------------------------------------------


@dataclass
class Scores:
    """Parsed score cells.

    Attributes
    ----------
    values : numpy.ndarray of float
        NaN where the cell is not a score.
    reason : numpy.ndarray of object
        None, or why the cell is not a score.
    pct : numpy.ndarray of bool
        Written with a percent sign.
    comma : numpy.ndarray of bool
        Written with a decimal comma.
    """

    values: np.ndarray
    reason: np.ndarray
    pct: np.ndarray
    comma: np.ndarray

    def take(self, idx: np.ndarray) -> Scores:
        """The cells at ``idx``.

        Parameters
        ----------
        idx : numpy.ndarray of int
            Positions.

        Returns
        -------
        Scores
            A subset.
        """
        return Scores(self.values[idx], self.reason[idx], self.pct[idx], self.comma[idx])

    @staticmethod
    def concat(parts: list[Scores]) -> Scores:
        """Cells of several columns, one after the other.

        Parameters
        ----------
        parts : list of Scores
            The columns' cells.

        Returns
        -------
        Scores
            Their concatenation.
        """
        if not parts:
            e = np.zeros(0)
            return Scores(e, e.astype(object), e.astype(bool), e.astype(bool))
        return Scores(*(np.concatenate([getattr(p, f) for p in parts])
                        for f in ("values", "reason", "pct", "comma")))


def is_number_text(t: str) -> bool:
    """Whether ``t`` is ``[+-]digits[(.|,)digits]`` (Unicode digits allowed), in one pass.

    Parameters
    ----------
    t : str
        Stripped text.

    Returns
    -------
    bool
        True for ``"45"``, ``"-0.3"``, ``"45,3"``; False for ``"1e5"``, ``"1,000.5"``.

    Examples
    --------
    >>> is_number_text("45,3"), is_number_text("4 5")
    (True, False)
    """
    if t[:1] in "+-":
        t = t[1:]
    head, sep, tail = t.replace(",", ".", 1).partition(".")
    return bool(head) and head.isdecimal() and (not sep or (bool(tail) and tail.isdecimal()))


def parse_score_text(text: str, max_chars: int) -> tuple[float, str | None, bool, bool]:
    """One score cell that is not a plain number: ``45.3%``, ``0,45``, a marker, junk.

    Parameters
    ----------
    text : str
        The cell.
    max_chars : int
        Longer cells are not numbers (:data:`paramest.ingest.readers.MAX_VALUE_CHARS`).

    Returns
    -------
    (float, str or None, bool, bool)
        The value (NaN if none), why it is not a score (None if it is), whether it had a
        percent sign, whether it had a decimal comma.

    Examples
    --------
    >>> parse_score_text("45,3 %", 100)
    (45.3, None, True, True)
    """
    t = text.strip()
    if not t:
        return np.nan, R_EMPTY, False, False
    if len(t) > max_chars:
        return np.nan, R_LONG, False, False
    low = t.lower()
    if low in ("true", "false"):
        return np.nan, R_BOOL, False, False
    if low in MISSING:
        return np.nan, missing_reason(t), False, False
    pct = t.endswith("%")
    num = t[:-1].rstrip() if pct else t
    if is_number_text(num) and ("," in num or pct):
        return float(num.replace(",", ".")), None, pct, "," in num
    return np.nan, R_NAN, False, False


def _numeric_scores(col: pd.Series) -> Scores:
    n = len(col)
    vals = np.array(col.to_numpy(dtype=float, na_value=np.nan), dtype=float)
    reason = np.full(n, None, dtype=object)
    reason[np.isnan(vals)] = R_EMPTY
    reason[np.isinf(vals)] = R_INF
    return Scores(vals, reason, np.zeros(n, bool), np.zeros(n, bool))


def _object_scores(uniq: list, max_chars: int) -> list[tuple[float, str | None, bool, bool]]:
    """Each distinct cell of an object column (numbers, text, booleans mixed) parsed once."""
    out = []
    for u in uniq:
        if isinstance(u, (bool, np.bool_)):
            out.append((np.nan, R_BOOL, False, False))
        elif isinstance(u, int) and abs(u) >= 10 ** 18:
            out.append((np.nan, R_LONG, False, False))  # a Python int beyond any score
        elif isinstance(u, (int, float, np.integer, np.floating)):
            f = float(u)
            out.append((f, R_EMPTY if math.isnan(f) else R_INF if math.isinf(f) else None,
                        False, False))
        elif isinstance(u, str):
            f = _to_float(u) if "_" not in u else None
            if f is None or math.isnan(f):
                out.append(parse_score_text(u, max_chars))
            else:
                out.append((f, R_INF if math.isinf(f) else None, False, False))
        else:
            out.append((np.nan, R_NAN, False, False))
    return out


def _text_scores(col: pd.Series, max_chars: int) -> Scores:
    """A text column: numbers vectorised; the rest parsed once per distinct text."""
    s = col.reset_index(drop=True)
    vals = np.array(pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, na_value=np.nan),
                    dtype=float)  # a writable copy
    n = len(s)
    reason = np.full(n, None, dtype=object)
    pct = np.zeros(n, dtype=bool)
    comma = np.zeros(n, dtype=bool)
    lens = _text_lengths(s)
    if lens is not None and len(lens) and lens.max() > max_chars:
        vals[lens > max_chars] = np.nan  # "000...0003" is not a score either
    failed = np.flatnonzero(np.isnan(vals))
    if len(failed):
        codes, uniq = distinct(s.iloc[failed])
        parsed = [parse_score_text(str(u), max_chars) for u in uniq]
        parsed.append((np.nan, R_EMPTY, False, False))  # code -1: a real null
        pv, pr, pp, pc = (np.array(x, dtype=t) for x, t in
                          zip(zip(*parsed), (float, object, bool, bool)))
        vals[failed], reason[failed] = pv[codes], pr[codes]
        pct[failed], comma[failed] = pp[codes], pc[codes]
    reason[np.isinf(vals)] = R_INF
    return Scores(vals, reason, pct, comma)


def parse_scores(col: pd.Series, max_chars: int) -> Scores:
    """Scores from a column of numbers or text; each distinct text is parsed once.

    Parameters
    ----------
    col : pandas.Series
        A score column (numbers, text, or a categorical of either).
    max_chars : int
        Text longer than this is not a score.

    Returns
    -------
    Scores
        Values and, per cell, why it is not a score.

    Examples
    --------
    >>> s = parse_scores(pd.Series(["0.5", "45%", "n/a", ""]), 100)
    >>> s.values[:2].tolist(), s.reason[2:].tolist()
    ([0.5, 45.0], ["score is a missing-value marker ('n/a')", 'score is empty'])
    """
    n = len(col)
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes = col.cat.codes.to_numpy()
        if len(col.cat.categories) == 0:
            return Scores(np.full(n, np.nan), np.full(n, R_EMPTY, dtype=object),
                          np.zeros(n, bool), np.zeros(n, bool))
        per = parse_scores(pd.Series(col.cat.categories), max_chars)
        out = per.take(np.maximum(codes, 0))
        out.values[codes < 0] = np.nan
        out.reason[codes < 0] = R_EMPTY
        return out
    if pd.api.types.is_bool_dtype(col):
        return Scores(np.full(n, np.nan), np.full(n, R_BOOL, dtype=object), np.zeros(n, bool),
                      np.zeros(n, bool))
    if pd.api.types.is_numeric_dtype(col):
        return _numeric_scores(col)
    if pd.api.types.is_string_dtype(col) and not pd.api.types.is_object_dtype(col):
        return _text_scores(col, max_chars)
    codes, uniq = distinct(col)
    parsed = _object_scores(uniq, max_chars)
    parsed.append((np.nan, R_EMPTY, False, False))  # code -1: a real null
    pv, pr, pp, pc = (np.array(x, dtype=t) for x, t in
                      zip(zip(*parsed), (float, object, bool, bool)))
    return Scores(pv[codes], pr[codes], pp[codes], pc[codes])


# --------------------------------------------------------------------------------------
# yes/no
# --------------------------------------------------------------------------------------

_TRUE = {"true", "t", "yes", "y", "1", "1.0", "on"}
_FALSE = {"false", "f", "no", "n", "0", "0.0", "off"}
_BOOL_EXTRA = {"open_weights": ({"open", "open weights", "open-weights", "open_weights"},
                                {"closed", "proprietary", "closed weights", "api"}),
               "thinking": ({"think", "thinking", "reasoning"},
                            {"nothink", "no-think", "no_think", "non-thinking", "non-reasoning"}),
               "reasoning": ({"reasoning"}, {"non-reasoning"})}


def _bool_value(v: Any, name: str) -> float | None:
    """1.0 / 0.0, NaN for empty or a marker, None when ``v`` is not a yes/no value."""
    if isinstance(v, (bool, np.bool_)):
        return float(v)
    if isinstance(v, (int, float, np.integer, np.floating)):
        return float(v) if v in (0, 1) else (np.nan if isinstance(v, float) and math.isnan(v)
                                             else None)
    if not isinstance(v, str) or len(v) > 40:
        return None
    k = v.strip().lower()
    yes, no = _BOOL_EXTRA.get(name, (set(), set()))
    if k == "" or k in MISSING:
        return np.nan
    if k in _TRUE or k in yes:
        return 1.0
    if k in _FALSE or k in no:
        return 0.0
    return None


def parse_bools(col: pd.Series, name: str, label: str, models: Any,
                notes: list[str] | None = None) -> np.ndarray:
    """1.0/0.0 (NaN where empty) from explicit spellings only; anything else raises.

    A string is never read by its truthiness: ``"False"`` is false, ``"maybe"`` raises.

    Parameters
    ----------
    col : pandas.Series
        The column.
    name : str
        Its meaning (``open_weights``, ``thinking``, ``reasoning``), which adds spellings
        such as ``open``/``closed``.
    label : str
        The input's name.
    models : sequence
        ``models.iloc[i]`` is the model of row ``i`` (for the message).
    notes : list of str, optional
        Receives a note when missing-value markers were read as empty.

    Returns
    -------
    numpy.ndarray of float
        1.0, 0.0 or NaN per row.

    Raises
    ------
    InputError
        A value that is not a yes/no spelling.

    Examples
    --------
    >>> parse_bools(pd.Series(["True", "False", "no", ""]), "open_weights", "x", None).tolist()
    [1.0, 0.0, 0.0, nan]
    """
    if pd.api.types.is_bool_dtype(col) and not isinstance(col.dtype, pd.CategoricalDtype):
        return col.to_numpy(dtype=float)
    codes, uniq = distinct(col)
    out = np.full(len(uniq) + 1, np.nan)  # the extra slot: code -1, a real null
    markers = []
    for j, v in enumerate(uniq):
        b = _bool_value(v, name)
        if b is None:
            first = int(np.flatnonzero(codes == j)[0])
            words = "true/false, yes/no, 1/0" + (", open/closed" if name == "open_weights" else "")
            who = f" (model {escape(models.iloc[first])!r})" if models is not None else ""
            raise InputError(
                f"{escape(label)}: column {name!r} has {brief(v)}{who}, which is not "
                f"a yes/no value; write one of {words}, or leave the cell empty if unknown")
        out[j] = b
        if is_missing(v):
            markers.append(str(v).strip())
    if markers and notes is not None:
        notes.append(f"{name}: {n_cells(codes, uniq, markers)} cell(s) with a missing-value "
                     f"marker ({', '.join(repr(m) for m in markers[:5])}) read as not given")
    return out[codes]


def n_cells(codes: np.ndarray, uniq: list, markers: list[str]) -> int:
    """How many rows hold one of ``markers``.

    Parameters
    ----------
    codes : numpy.ndarray of int
        Row codes into ``uniq`` (:func:`distinct`).
    uniq : list
        The distinct values.
    markers : list of str
        Stripped values to count.

    Returns
    -------
    int
        The number of rows.

    Examples
    --------
    >>> n_cells(np.array([0, 1, 1]), ["a", " -"], ["-"])
    2
    """
    idx = [j for j, v in enumerate(uniq) if isinstance(v, str) and v.strip() in markers]
    return int(np.isin(codes, idx).sum())


def positive_col(col: pd.Series, name: str, label: str, models: Any, notes: list[str], *,
                 integer: bool = False, allow_zero: bool = False) -> np.ndarray:
    """A column of positive numbers (question counts, shots); markers read as not given.

    Parameters
    ----------
    col : pandas.Series
        The column.
    name : str
        Its header.
    label : str
        The input's name.
    models : sequence
        ``models.iloc[i]`` is the model of row ``i``.
    notes : list of str
        Receives a note for missing-value markers.
    integer : bool
        Whole numbers only.
    allow_zero : bool
        Zero is allowed.

    Returns
    -------
    numpy.ndarray of float
        NaN where not given.

    Raises
    ------
    InputError
        A value that is not such a number.

    Examples
    --------
    >>> positive_col(pd.Series(["5", "-"]), "shots", "x", None, [], integer=True).tolist()
    [5.0, nan]
    """
    codes, uniq = distinct(col)
    out = np.full(len(uniq) + 1, np.nan)
    markers = []
    kind = "a whole number >= 0" if allow_zero else "a positive number"
    for j, v in enumerate(uniq):
        if (isinstance(v, str) and not v.strip()) or (isinstance(v, float) and math.isnan(v)):
            continue
        if is_missing(v):
            markers.append(v.strip())
            continue
        f = _to_float(v)
        ok = f is not None and math.isfinite(f) and (f >= 0 if allow_zero else f > 0)
        if ok and integer and f != round(f):
            ok = False
        if not ok:
            first = int(np.flatnonzero(codes == j)[0])
            who = f" for model {escape(models.iloc[first])!r}" if models is not None else ""
            raise InputError(f"{escape(label)}: column {escape(name)!r} has "
                             f"{brief(v)}{who}; it must be {kind} (or empty)")
        out[j] = f
    if markers:
        notes.append(f"{name}: {n_cells(codes, uniq, markers)} cell(s) with a missing-value "
                     f"marker read as not given")
    return out[codes]


def _to_float(v: Any) -> float | None:
    if isinstance(v, (bool, np.bool_)):
        return None
    if isinstance(v, int) and abs(v) >= 10 ** 18:
        return None
    if isinstance(v, (int, float, np.integer, np.floating)):
        return float(v)
    s = str(v).strip()
    if len(s) > 30:
        return None
    try:
        return float(s)
    except ValueError:
        return None
