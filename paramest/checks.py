"""Argument checks shared by every stage: one message per kind of bad input."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .errors import InputError

__all__ = ["as_positive_array", "check_bool", "check_level", "check_names", "number_in", "positive_or_inf"]


def check_level(level: Any) -> float:
    """A level strictly between 0 and 1, as a float; anything else raises :class:`InputError`.

    Parameters
    ----------
    level : float
        Interval or band level, e.g. 0.9.

    Returns
    -------
    float
        ``level`` as a float.

    Raises
    ------
    InputError
        ``level`` is a boolean, not a number, or not strictly between 0 and 1.
    """
    if isinstance(level, (bool, np.bool_)) or not isinstance(level, (int, float, np.integer, np.floating)):
        raise InputError(f"level must be a number between 0 and 1 (e.g. 0.9), not {level!r}")
    if not 0 < float(level) < 1:
        raise InputError(f"level must be between 0 and 1 (e.g. 0.9), not {level!r}")
    return float(level)


def number_in(value: Any, what: str, low: float = 0.0, high: float = math.inf, *,
              closed_low: bool = False, hint: str = "") -> float:
    """A finite number in ``(low, high)`` (``[low, high)`` with ``closed_low``), or InputError.

    The default range is "a positive number".

    Parameters
    ----------
    value : float
        The value to check.
    what : str
        How to name the value in the error message.
    low, high : float
        Range ends: ``value`` must be above ``low`` (at least ``low`` with
        ``closed_low``) and below ``high``.
    closed_low : bool
        Accept ``value == low``.
    hint : str
        Text appended to the error message.

    Returns
    -------
    float
        ``value`` as a float.

    Raises
    ------
    InputError
        ``value`` is a boolean, not a number, not finite, or outside the range.
    """
    lo = "[" if closed_low else "("
    rng = "a positive number" if (low, high, closed_low) == (0.0, math.inf, False) else \
        f"a number in {lo}{low:g}, {high:g})"
    msg = f"{what} must be {rng}{hint}, not {value!r}"
    if isinstance(value, (bool, np.bool_)):
        raise InputError(msg)
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise InputError(msg) from None
    ok_low = v >= low if closed_low else v > low
    if not (math.isfinite(v) and ok_low and v < high):
        raise InputError(msg)
    return v


def positive_or_inf(value: Any, what: str) -> float:
    """A positive count as a float, inf when unknown (None or NaN); anything else raises.

    Parameters
    ----------
    value : float or None
        The count to check (e.g. a question count).
    what : str
        How to name the value in the error message.

    Returns
    -------
    float
        ``value`` as a float, or ``inf`` for None or NaN.

    Raises
    ------
    InputError
        ``value`` is a boolean, not a number, zero or negative.
    """
    if value is None:
        return math.inf
    if not isinstance(value, (bool, np.bool_)):
        try:
            v = float(value)
        except (TypeError, ValueError):
            v = 0.0  # not a number: number_in raises with the message
        if math.isnan(v) or v == math.inf:
            return math.inf
    return number_in(value, what)


def as_positive_array(values: Any, what: str) -> np.ndarray:
    """Positive, finite numbers (billions) as a 1-d array; strings and the rest raise.

    Parameters
    ----------
    values : float or array-like of float
        Parameter counts in billions.
    what : str
        How to name the values in the error message.

    Returns
    -------
    numpy.ndarray
        1-d float array (a scalar becomes one element).

    Raises
    ------
    InputError
        A string (parse it with :func:`paramest.parse_params` first), values that are not
        numbers, an empty input, or a value that is not positive and finite.
    """
    if isinstance(values, str):
        raise InputError(f"{what} must be numbers of billions, not the string {values!r}; "
                         "parse it first with paramest.parse_params()")
    try:
        p = np.atleast_1d(np.asarray(values, dtype=float))
    except (TypeError, ValueError) as e:
        raise InputError(f"{what} must be numbers of billions, not {values!r}") from e
    if p.size == 0 or np.any(~np.isfinite(p)) or np.any(p <= 0):
        raise InputError(f"{what} must be positive, finite numbers of billions; got {values!r}")
    return p


def check_bool(value: Any, what: str) -> bool:
    """A boolean (``True``/``False`` or numpy's), never a string or a number read as one.

    Parameters
    ----------
    value : bool
    what : str
        How to name the value in the error message.

    Returns
    -------
    bool

    Raises
    ------
    InputError
        Anything that is not a boolean: ``"False"`` is a non-empty string, not False.

    Examples
    --------
    >>> check_bool(True, "closed_only")
    True
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise InputError(f"{what} must be True or False, not {value!r}"
                     + (" (a string is not read as a boolean)" if isinstance(value, str) else ""))


def check_names(value: Any, what: str) -> list[str]:
    """A list of names (model ids): a list, tuple or set of strings; None is an empty list.

    Parameters
    ----------
    value : iterable of str or None
    what : str
        How to name the value in the error message.

    Returns
    -------
    list of str

    Raises
    ------
    InputError
        A single string (``exclude="m"`` would exclude nothing: write ``["m"]``), or an
        item that is not a string.

    Examples
    --------
    >>> check_names(None, "exclude"), check_names(("a", "b"), "exclude")
    ([], ['a', 'b'])
    """
    if value is None:
        return []
    if isinstance(value, str):
        raise InputError(f"{what} must be a list of names, not the string {value!r}; write "
                         f"{what}=[{value!r}]")
    try:
        items = list(value)
    except TypeError:
        raise InputError(f"{what} must be a list of names, not {type(value).__name__}") from None
    bad = [v for v in items if not isinstance(v, str)]
    if bad:
        raise InputError(f"{what} must hold names (strings); got {bad[:3]!r}")
    return items
