"""Parameter counts: ``"671B"``, ``"1.6T"``, ``"235B-A22B"``, numbers of billions.

The grammar ``NUMBER [UNIT] [[-_ /] A NUMBER [UNIT]]`` is read by a hand-written scanner
that looks at each character once, so a cell of any length is parsed (or refused) in
time linear in its length; no regular expression runs on the text.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ParamsParseError
from .cells import distinct, is_missing, is_number_text, n_cells
from .report import brief, escape

__all__ = ["MAX_PLAUSIBLE_B", "parse_params", "parse_params_col"]

MAX_PLAUSIBLE_B = 1e5  # a bare number above this many billions is a raw count (70000000000)


_UNIT = {"k": 1e-6, "m": 1e-3, "b": 1.0, "t": 1e3}


def _skip_space(s: str, i: int) -> int:
    while i < len(s) and s[i].isspace():
        i += 1
    return i


def _digits(s: str, i: int) -> int:
    while i < len(s) and s[i].isdecimal():
        i += 1
    return i


def _number(s: str, i: int) -> tuple[str | None, int]:
    """``digits[.digits]`` at ``i``: (text, end), or (None, i)."""
    j = _digits(s, i)
    if j == i:
        return None, i
    if j < len(s) and s[j] == ".":
        k = _digits(s, j + 1)
        if k > j + 1:
            j = k
    return s[i:j], j


def _unit(s: str, i: int) -> tuple[str | None, int]:
    if i < len(s) and s[i].lower() in _UNIT:
        return s[i].lower(), i + 1
    return None, i


def _scan_params(s: str) -> tuple[str, str | None, str | None, str | None] | None:
    """(total, unit, active, unit) of ``"235B-A22B"``-like text, or None; linear time."""
    tot, i = _number(s, _skip_space(s, 0))
    if tot is None:
        return None
    u1, i = _unit(s, _skip_space(s, i))
    i = _skip_space(s, i)
    act = u2 = None
    if i < len(s):
        j = i + 1 if s[i] in "-_ /" else i
        j = _skip_space(s, j)
        if j < len(s) and s[j] in "aA":
            act, j = _number(s, _skip_space(s, j + 1))
            if act is None:
                return None
            u2, j = _unit(s, _skip_space(s, j))
            i = _skip_space(s, j)
    return (tot, u1, act, u2) if i == len(s) else None


def _bare_number(s: str) -> float | None:
    """``70,000,000,000``, ``70_000_000_000`` or ``7e10``: the number, else None."""
    low = s.lower()
    if "e" in low:
        mant, _, exp = low.partition("e")
        exp = exp[1:] if exp[:1] in "+-" else exp
        if is_number_text(mant) and "," not in mant and exp.isdecimal() and len(exp) <= 4:
            return float(low)
        return None
    whole, dot, frac = s.partition(".")
    groups = whole.replace("_", ",").split(",")
    if len(groups) < 2 or not (1 <= len(groups[0]) <= 3) or any(len(g) != 3 for g in groups[1:]):
        return None
    if not all(g.isdecimal() for g in groups) or (dot and not frac.isdecimal()):
        return None
    return float("".join(groups) + (f".{frac}" if dot else ""))


def _bounded(v: float, shown: str) -> float:
    """A bare number of billions, refused when not positive or too large to be billions."""
    if not math.isfinite(v) or v <= 0:
        raise ParamsParseError(f"parameter count {shown} must be a positive number of billions")
    if v > MAX_PLAUSIBLE_B:
        raise ParamsParseError(
            f"parameter count {shown} is {v:.3g} billion, beyond any model; is it a raw count "
            f"of parameters? Give billions (e.g. {v / 1e9:g} for {v:.0f} parameters) or a "
            "string with a unit like '70B'.")
    return v


def _mixture(s: str) -> bool:
    """``8x7B``: digits, spaces, x, spaces, a digit."""
    i = _skip_space(s, _digits(s, 0))
    if i == 0 or i >= len(s) or s[i] not in "xX":
        return False
    j = _skip_space(s, i + 1)
    return j < len(s) and s[j].isdecimal()


def parse_params(value: Any, max_chars: int = 100) -> tuple[float, float | None]:
    """Parse a parameter count into ``(total_b, active_b)``, in billions, in linear time.

    Accepts numbers (already in billions) and strings such as ``"671B"``, ``"1.6T"``,
    ``"7b"``, ``"350M"``, ``"235B-A22B"`` (total 235, active 22), ``"7e10"`` (a bare
    number, read as billions and bounded).

    Parameters
    ----------
    value : float or str
        A number of billions, or a string with a unit (``K``, ``M``, ``B``, ``T``; none
        means billions) and an optional active count (``-A22B``).
    max_chars : int
        Longer text is refused at once (a size is a short string).

    Returns
    -------
    total_b : float
        Total parameters, billions.
    active_b : float or None
        Active parameters, billions, when the string gives them (``-A...``); else None.

    Raises
    ------
    ParamsParseError
        For ``"8x7B"`` (the total of a mixture-of-experts is not 8 x 7), unparseable or
        over-long text, zero or negative counts, active > total, and bare numbers too
        large to be billions (a raw count such as ``70000000000``).

    Examples
    --------
    >>> parse_params("235B-A22B"), parse_params("1.6T")
    ((235.0, 22.0), (1600.0, None))
    """
    if isinstance(value, (bool, np.bool_)):
        raise ParamsParseError(f"parameter count {brief(value)} is a boolean, not a number of billions")
    if isinstance(value, int) and abs(value) >= 10 ** 30:
        raise ParamsParseError(f"parameter count is {brief(value)} "
                               "(a raw count far beyond any model); give billions, e.g. '70B'")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return _bounded(float(value), brief(value)), None
    s = str(value).strip()
    if len(s) > max_chars:
        raise ParamsParseError(
            f"cannot parse parameter count {escape(s[:20])!r}... ({len(s):,} characters, over "
            f"the limit of {max_chars} for a size): a size is a short string like '7B', "
            "'1.6T' or '235B-A22B'")
    shown = brief(s)
    if _mixture(s):
        raise ParamsParseError(
            f"parameter count {shown} is ambiguous: an 'NxM' mixture of experts shares "
            "attention and embedding weights, so its total is not N*M (Mixtral 8x7B has "
            "46.7B in total). Give the total, e.g. '46.7B', or '46.7B-A12.9B' with the active count.")
    if s.startswith("-"):
        raise ParamsParseError(f"parameter count {shown} is negative; give a positive count like '7B'")
    m = _scan_params(s)
    if m is None:
        whole, comma, tail = s.partition(",")
        if comma and 1 <= len(whole) <= 3 and whole.isdecimal() and len(tail) == 3 and tail.isdecimal():
            raise ParamsParseError(
                f"parameter count {shown} is ambiguous: a thousands separator ({whole + tail} "
                f"billion) or a decimal comma ({whole}.{tail} billion)? Write it with a unit "
                "and a decimal point, e.g. '7B' or '1.6T'.")
        bare = _bare_number(s)
        if bare is not None:
            return _bounded(bare, shown), None
        raise ParamsParseError(
            f"cannot parse parameter count {shown}; use a number of billions or a string like "
            "'7B', '1.6T', '350M' or '235B-A22B'")
    t, u1, a, u2 = m
    tot = float(t) * (_UNIT[u1] if u1 else 1.0)
    act = float(a) * _UNIT[u2 or u1 or "b"] if a is not None else None
    if tot <= 0:
        raise ParamsParseError(f"parameter count {shown} must be positive")
    if u1 is None:
        _bounded(tot, shown)
    if act is not None and act > tot:
        raise ParamsParseError(f"active parameters exceed total in {shown}; write 'TOTAL-AACTIVE'")
    return tot, act


def parse_params_col(col: pd.Series, what: str, label: str, models: Any, max_chars: int,
                     notes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(total, active) in billions per row, parsing each distinct value once.

    Parameters
    ----------
    col : pandas.Series
        A size column.
    what : str
        Its header (for messages).
    label : str
        The input's name.
    models : sequence
        ``models.iloc[i]`` is the model of row ``i``.
    max_chars : int
        Longest size text.
    notes : list of str
        Receives a note when missing-value markers (``-``, ``n/a``) were read as not given.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Total and active billions (NaN where not given).

    Raises
    ------
    ParamsParseError
        A value that is not a size, naming the column and the model.

    Examples
    --------
    >>> notes = []
    >>> t, a = parse_params_col(pd.Series(["7B", "-"]), "params", "x", None, 100, notes)
    >>> t.tolist(), "missing-value marker" in notes[0]
    ([7.0, nan], True)
    """
    codes, uniq = distinct(col)
    tot = np.full(len(uniq) + 1, np.nan)
    act = np.full(len(uniq) + 1, np.nan)
    markers = []
    for j, v in enumerate(uniq):
        if isinstance(v, str) and not v.strip():
            continue
        if isinstance(v, float) and math.isnan(v):
            continue
        if is_missing(v):
            markers.append(v.strip())
            continue
        try:
            t, a = parse_params(v, max_chars)
        except ParamsParseError as e:
            first = int(np.flatnonzero(codes == j)[0])
            who = f", model {escape(models.iloc[first])!r}" if models is not None else ""
            raise ParamsParseError(f"{escape(label)}: column {escape(what)!r}{who}: {e}") from None
        tot[j] = t
        if a is not None:
            act[j] = a
    if markers:
        notes.append(f"{what}: {n_cells(codes, uniq, markers)} cell(s) with a missing-value "
                     f"marker ({', '.join(repr(m) for m in markers[:5])}) read as size not given")
    return tot[codes], act[codes]  # code -1 picks the trailing NaN
