"""Release dates: every spelling read the same way, and every guess said.

``YYYY-MM-DD`` and ``YYYY-MM`` are read as written. Dates written with the day and month
as numbers (``01/06/2024``, ``01-06-24``) are read in one order for the whole column: the
order a cell proves (a first number above 12 is a day), else month first, as pandas
reads them; the report says which reading was taken, with the other reading, and the
reader warns. Two-digit years are read as 20YY, with a note. Whole numbers are a year
(``2024``), ``YYYYMM``, ``YYYYMMDD`` or an Excel serial date, with a note. Dates in the
future, before 1990, or that cannot be read raise :class:`~paramest.errors.DateParseError`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DateParseError
from .cells import distinct, is_missing
from .report import brief, escape

__all__ = ["DATE_FLOOR", "EXCEL_EPOCH", "parse_dates"]

DATE_FLOOR = pd.Timestamp("1990-01-01")
EXCEL_EPOCH = pd.Timestamp("1899-12-30")  # Excel's day 0 (its 1900 leap-year bug included)


def _parts(s: str) -> tuple[str, str, str] | None:
    """The three numbers of ``A/B/C``, ``A-B-C`` or ``A.B.C`` (one separator), else None."""
    sep = next((c for c in "-/." if c in s), None)
    if sep is None:
        return None
    p = s.split(sep)
    if len(p) != 3 or not all(x.isascii() and x.isdigit() and len(x) <= 4 for x in p):
        return None
    return p[0], p[1], p[2]


def _order(p: tuple[str, str, str]) -> str | None:
    """``ymd``; ``dmy`` or ``mdy`` when a number proves it; ``either``; None if neither fits."""
    a, b, c = p
    if len(a) == 4 or (len(a) == 2 and len(c) == 2 and int(a) > 31):
        return "ymd"
    if len(c) not in (2, 4):
        return None
    x, y = int(a), int(b)
    if x == y and x <= 12:
        return "same"
    if x > 12 and y <= 12:
        return "dmy"
    if y > 12 and x <= 12:
        return "mdy"
    return "either" if x <= 12 and y <= 12 else None


def _year(s: str, kinds: set[str]) -> int:
    if len(s) == 2:
        kinds.add(f"two-digit years such as {s!r} read as 20{s}")
        return 2000 + int(s)
    return int(s)


def _from_parts(p: tuple[str, str, str], order: str, label: str, kinds: set[str],
                shown: str) -> pd.Timestamp:
    a, b, c = p
    if order == "ymd":
        y, m, d = _year(a, kinds), int(b), int(c)
    elif order == "dmy":
        y, m, d = _year(c, kinds), int(b), int(a)
    else:
        y, m, d = _year(c, kinds), int(a), int(b)
    try:
        return pd.Timestamp(y, m, d)
    except ValueError:
        raise DateParseError(f"{label}: release_date {shown} is not a date (year {y}, month {m}, "
                             f"day {d}); write YYYY-MM-DD") from None


def _from_digits(d: str, v: object, label: str, kinds: set[str]) -> pd.Timestamp:
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
            return EXCEL_EPOCH + pd.Timedelta(days=int(d))
    except ValueError:
        pass
    raise DateParseError(
        f"{label}: release_date {brief(v)} is a number that is not a year (YYYY), "
        "YYYYMMDD, YYYYMM or an Excel serial date; write it as YYYY-MM-DD")


def _from_number(v: Any, label: str, kinds: set[str]) -> pd.Timestamp:
    if isinstance(v, int) and abs(v) >= 10 ** 12:
        raise DateParseError(f"{label}: release_date is {brief(v)}, "
                             "not a date; write YYYY-MM-DD")
    f = float(v)
    if not math.isfinite(f):
        raise DateParseError(f"{label}: release_date {brief(v)} is not a date")
    if f != int(f) and not 10000 <= f < 100000:
        raise DateParseError(f"{label}: release_date {brief(v)} is a number, not a date; "
                             "write YYYY-MM-DD")
    return _from_digits(str(int(f)), v, label, kinds)


def _from_text(s: str, label: str) -> pd.Timestamp:
    try:
        return pd.Timestamp(s)
    except (ValueError, TypeError, OverflowError):
        try:
            return pd.to_datetime(s, format="mixed")
        except (ValueError, TypeError, OverflowError):
            raise DateParseError(f"{label}: cannot parse release_date {brief(s)}; use "
                                 "YYYY-MM-DD or YYYY-MM") from None


def _one(v: object, order: str, label: str, kinds: set[str], max_chars: int) -> pd.Timestamp:
    """One release date; raises DateParseError rather than guess."""
    if isinstance(v, (bool, np.bool_)):
        raise DateParseError(f"{label}: release_date {brief(v)} is a boolean, not a date")
    if isinstance(v, pd.Timestamp) or hasattr(v, "year") and hasattr(v, "month"):
        ts = pd.Timestamp(v)
    elif isinstance(v, (int, float, np.integer, np.floating)):
        ts = _from_number(v, label, kinds)
    else:
        s = str(v).strip()
        if len(s) > max_chars:
            raise DateParseError(f"{label}: release_date {escape(s[:20])!r}... is {len(s):,} "
                                 f"characters long, over the limit of {max_chars} for a date; "
                                 "write YYYY-MM-DD")
        whole, dot, zeros = s.partition(".")
        p = _parts(s)
        if whole.isascii() and whole.isdigit() and (not dot or (zeros and set(zeros) == {"0"})):
            ts = _from_digits(whole, v, label, kinds)
        elif p is not None and _order(p) is not None:
            own = _order(p)
            ts = _from_parts(p, own if own in ("ymd", "dmy", "mdy") else order, label, kinds,
                             brief(s))
        else:
            ts = _from_text(s, label)
    if ts is pd.NaT or pd.isna(ts):
        raise DateParseError(f"{label}: cannot parse release_date {brief(v)}; use "
                             "YYYY-MM-DD or YYYY-MM")
    if ts.tzinfo is not None:
        kinds.add("time zones dropped (the date as written is kept)")
        ts = ts.tz_localize(None)
    if ts > pd.Timestamp.now() + pd.Timedelta(days=1):
        raise DateParseError(f"{label}: release_date {brief(v)} ({ts.date()}) lies in the "
                             "future; check the year")
    if ts < DATE_FLOOR:
        raise DateParseError(f"{label}: release_date {brief(v)} reads as {ts.date()}, "
                             "before any language model; check the year, or write YYYY-MM-DD")
    return ts


def _column_order(uniq: list, label: str, notes: list[str], alerts: list[str]) -> str:
    """The day/month order of a column's numeric dates, and the note saying how it was chosen."""
    seen: dict[str, list[str]] = {"dmy": [], "mdy": [], "either": []}
    for v in uniq:
        if isinstance(v, str):
            p = _parts(v.strip())
            o = _order(p) if p is not None else None
            if o in seen:
                seen[o].append(v.strip())
    if seen["dmy"] and seen["mdy"]:
        raise DateParseError(
            f"{label}: release_date mixes day/month orders: {escape(seen['dmy'][0])!r} is day "
            f"first, {escape(seen['mdy'][0])!r} month first; write every date as YYYY-MM-DD")
    if not seen["either"]:
        if seen["dmy"] or seen["mdy"]:
            proof = (seen["dmy"] or seen["mdy"])[0]
            first = "day" if seen["dmy"] else "month"
            notes.append(f"release_date: dates such as {escape(proof)!r} read {first} first (a "
                         "number above 12 cannot be a month)")
        return "dmy" if seen["dmy"] else "mdy"
    ex = seen["either"][0]
    p = _parts(ex)
    assert p is not None
    a, b, c = p
    year = f"20{c}" if len(c) == 2 else c
    as_md, as_dm = f"{year}-{int(a):02d}-{int(b):02d}", f"{year}-{int(b):02d}-{int(a):02d}"
    n = len(seen["either"])
    if seen["dmy"] or seen["mdy"]:
        order = "dmy" if seen["dmy"] else "mdy"
        proof = (seen["dmy"] or seen["mdy"])[0]
        why = f"as {escape(proof)!r} in the same column shows"
    else:
        order, why = "mdy", "no date in the column settles it, and month first is how pandas reads them"
    taken, other = (as_dm, as_md) if order == "dmy" else (as_md, as_dm)
    first = "day first" if order == "dmy" else "month first"
    also = (f", or {int(a) + 2000 if len(a) == 2 else a}-{int(b):02d}-{int(c):02d} year first"
            if len(a) == 2 and len(c) == 2 else "")
    msg = (f"release_date: {n} date(s) such as {escape(ex)!r} could be day/month or month/day; "
           f"read {first} ({escape(ex)!r} -> {taken}, not {other}{also}), {why}. If that is "
           "wrong, write the dates as YYYY-MM-DD")
    notes.append(msg)
    if not (seen["dmy"] or seen["mdy"]):
        alerts.append(f"{label}: {msg}")
    return order


def parse_dates(col: pd.Series, label: str, notes: list[str], alerts: list[str],
                max_chars: int = 64) -> pd.Series:
    """Release dates of a column, each distinct value parsed once.

    Parameters
    ----------
    col : pandas.Series
        Dates as text, numbers, or datetimes.
    label : str
        The input's name.
    notes : list of str
        Receives every reading taken (number forms, day/month order, two-digit years,
        time zones, missing-value markers).
    alerts : list of str
        Receives the readings the user must check (an ambiguous day/month order that no
        cell settles); the reader warns with them.
    max_chars : int
        Longest date text.

    Returns
    -------
    pandas.Series
        ``datetime64[ns]``, NaT where no date is given.

    Raises
    ------
    DateParseError
        A value that is not a date, a date in the future or before 1990, or a column
        that mixes day/month orders.

    Examples
    --------
    >>> notes, alerts = [], []
    >>> d = parse_dates(pd.Series(["01/06/2024", "13/06/2024"]), "x.csv", notes, alerts)
    >>> d.dt.strftime("%Y-%m-%d").tolist(), "day first" in notes[0], alerts
    (['2024-06-01', '2024-06-13'], True, [])
    """
    label = escape(label)
    if pd.api.types.is_datetime64_any_dtype(col):
        out = col
        if getattr(col.dt, "tz", None) is not None:
            notes.append("release_date: time zones dropped (the date as written is kept)")
            out = col.dt.tz_localize(None)
    else:
        codes, uniq = distinct(col)
        order = _column_order(uniq, label, notes, alerts)
        kinds: set[str] = set()
        parsed, markers = [], 0
        for v in uniq:
            if (isinstance(v, str) and not v.strip()) or (isinstance(v, float) and math.isnan(v)):
                parsed.append(pd.NaT)
            elif is_missing(v):
                parsed.append(pd.NaT)
                markers += int((codes == len(parsed) - 1).sum())
            else:
                parsed.append(_one(v, order, label, kinds, max_chars))
        arr = pd.DatetimeIndex(parsed + [pd.NaT]).as_unit("ns")
        out = pd.Series(arr[codes], index=col.index)  # code -1 picks the trailing NaT
        notes.extend(f"release_date: {k}" for k in sorted(kinds))
        if markers:
            notes.append(f"release_date: {markers} cell(s) with a missing-value marker read as "
                         "not given")
    out = pd.to_datetime(out).astype("datetime64[ns]")
    future = out > pd.Timestamp.now() + pd.Timedelta(days=1)
    if future.any():
        raise DateParseError(
            f"{label}: release_date {out[future].max().date()} lies in the future; check the year")
    return out
