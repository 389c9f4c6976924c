"""How numbers are written: parameter counts in billions, rounded to what the evidence supports.

Every printed size goes through :func:`format_params`; JSON output goes through
:func:`to_json_safe` (and so :func:`round_sig`), so that no ``1599.9999999999993`` reaches
a reader.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["format_interval", "format_params", "round_sig", "to_json_safe"]


def to_json_safe(obj: Any, digits: int = 4) -> Any:
    """Plain JSON values from pandas/numpy objects: floats rounded, NaN and inf as None.

    Parameters
    ----------
    obj : object
        Dicts, lists, tuples, sets, arrays, Series and DataFrames (as lists of records) are
        converted recursively; timestamps and dates become ISO strings.
    digits : int
        Significant digits kept in floats.

    Returns
    -------
    object
        Something :func:`json.dumps` accepts with ``allow_nan=False``; anything it does
        not know becomes its ``str()``.

    Examples
    --------
    >>> to_json_safe({"params_b": 1599.9999999999993, "upper_b": float("inf")})
    {'params_b': 1600.0, 'upper_b': None}
    """
    if obj is None or obj is pd.NaT or obj is pd.NA:
        return None
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        f = float(obj)
        return round_sig(f, digits) if math.isfinite(f) else None
    if isinstance(obj, str):
        return obj
    if isinstance(obj, Mapping):
        return {str(k): to_json_safe(v, digits) for k, v in obj.items()}
    if isinstance(obj, pd.DataFrame):
        return to_json_safe(obj.to_dict(orient="records"), digits)
    if isinstance(obj, pd.Series):
        return to_json_safe(obj.to_dict(), digits)
    if isinstance(obj, (list, tuple, set, np.ndarray)):
        return [to_json_safe(v, digits) for v in (obj.tolist() if isinstance(obj, np.ndarray) else obj)]
    if isinstance(obj, (pd.Timestamp, _dt.date, _dt.datetime)):
        return obj.isoformat()
    try:
        if pd.isna(obj):
            return None
    except (TypeError, ValueError):
        pass
    return str(obj)


def round_sig(value: float | None, digits: int = 4) -> float | None:
    """``value`` rounded to ``digits`` significant digits (None, NaN and inf pass through).

    Parameters
    ----------
    value : float or None
        The number to round.
    digits : int
        Significant digits to keep (4).

    Returns
    -------
    float or None
        The rounded value as a float; None for None, and NaN, inf and 0 unchanged.

    Examples
    --------
    >>> round_sig(996.518, 2), round_sig(0.0123456, 3)
    (1000.0, 0.0123)
    """
    if value is None:
        return None
    v = float(value)
    if not math.isfinite(v) or v == 0:
        return v
    return round(v, digits - 1 - int(math.floor(math.log10(abs(v)))))


def format_params(b: float | None, digits: int = 2) -> str:
    """Billions as a person writes them: ``350M``, ``7.2B``, ``70B``, ``1.2T``.

    Parameters
    ----------
    b : float
        Parameters in billions. ``inf`` prints as ``inf``; None or NaN as ``?``.
    digits : int
        Significant digits (2 by default: a size estimate is good to a factor ~1.5, so a
        third digit would claim precision the evidence does not have).

    Returns
    -------
    str
        The count with a ``K``, ``M``, ``B`` or ``T`` suffix; ``"0"`` for zero, negative
        numbers and ``-inf``. A value that rounds up to 1000 of a unit is written in the
        next unit (``999.6B`` -> ``1T``), so every finite size carries a suffix.

    Examples
    --------
    >>> format_params(0.137), format_params(7.24), format_params(1790.0)
    ('140M', '7.2B', '1.8T')
    >>> format_params(996.518), format_params(float("nan"))
    ('1T', '?')
    """
    if b is None:
        return "?"
    b = float(b)
    if math.isnan(b):
        return "?"
    if math.isinf(b):
        return "inf" if b > 0 else "0"
    if b <= 0:
        return "0"
    units = ((1e-6, "K"), (1e-3, "M"), (1.0, "B"), (1e3, "T"))
    i = max([k for k, (div, _) in enumerate(units) if b >= div], default=0)
    v = round_sig(b / units[i][0], digits)
    if v >= 1000 and i < len(units) - 1:  # 999.7B rounds to 1000B: write 1T
        i += 1
        v = round_sig(b / units[i][0], digits)
    s = f"{v:.{digits}g}" if v < 10 ** digits else f"{v:.0f}"
    return f"{s}{units[i][1]}"


def format_interval(lower_b: float, upper_b: float, digits: int = 2) -> str:
    """An interval of sizes as a person writes it: ``'450B-3.1T'``, ``'> 2.8T'``, ``'< 10B'``.

    Parameters
    ----------
    lower_b, upper_b : float
        Interval ends, billions. A lower end that is 0, negative or not finite is an open
        lower side; an upper end that is not finite is an open upper side.
    digits : int
        Significant digits of each end (:func:`format_params`).

    Returns
    -------
    str
        ``"<lower>-<upper>"``; ``"> <lower>"`` when only the upper side is open,
        ``"< <upper>"`` when only the lower side is open, ``"unbounded"`` when both are.

    Examples
    --------
    >>> format_interval(32.0, 996.518)
    '32B-1T'
    >>> format_interval(2800.0, float("inf"))
    '> 2.8T'
    """
    lo_open = not math.isfinite(lower_b) or lower_b <= 0
    hi_open = not math.isfinite(upper_b)
    if lo_open and hi_open:
        return "unbounded"
    if hi_open:
        return f"> {format_params(lower_b, digits)}"
    if lo_open:
        return f"< {format_params(upper_b, digits)}"
    return f"{format_params(lower_b, digits)}-{format_params(upper_b, digits)}"
