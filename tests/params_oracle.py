"""The parameter-count parser of paramest 0.2.0, a regular expression that backtracks on long
cells: the oracle that the linear scanner (``paramest.ingest.params``) must agree with on
short cells. Test code only; the library no longer has it."""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

from paramest.errors import ParamsParseError

_PARAM_RE = re.compile(
    r"^\s*(?P<tot>\d+(?:\.\d+)?)\s*(?P<u1>[kmbt])?\s*(?:[-_ /]?\s*a\s*(?P<act>\d+(?:\.\d+)?)\s*(?P<u2>[kmbt])?)?\s*$",
    re.I)
_UNIT = {"k": 1e-6, "m": 1e-3, "b": 1.0, "t": 1e3, None: 1.0}
_BARE_NUM_RE = re.compile(r"^(?:\d{1,3}(?:[,_]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?e[+-]?\d+)$", re.I)
# A bare number above this many billions is almost surely a raw count (70000000000).
MAX_PLAUSIBLE_B = 1e5


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


def reference_parse_params(value: Any) -> tuple[float, float | None]:
    """The regular-expression parser of 0.2.0 (names.parse_params), kept as the oracle."""
    if isinstance(value, (bool, np.bool_)):
        raise ParamsParseError(f"parameter count {value!r} is a boolean, not a number of billions")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return _bounded(float(value), repr(value)), None
    s = str(value).strip()
    if re.match(r"^\d+\s*x\s*\d", s, re.I):
        raise ParamsParseError(
            f"parameter count {s!r} is ambiguous: an 'NxM' mixture of experts shares "
            "attention and embedding weights, so its total is not N*M (Mixtral 8x7B has "
            "46.7B in total). Give the total, e.g. '46.7B', or '46.7B-A12.9B' with the active count.")
    if s.startswith("-"):
        raise ParamsParseError(f"parameter count {s!r} is negative; give a positive count like '7B'")
    m = _PARAM_RE.match(s)
    if not m and re.match(r"^\d{1,3},\d{3}$", s):
        raise ParamsParseError(
            f"parameter count {s!r} is ambiguous: a thousands separator ({s.replace(',', '')} "
            f"billion) or a decimal comma ({s.replace(',', '.')} billion)? Write it with a unit "
            "and a decimal point, e.g. '7B' or '1.6T'.")
    if not m and _BARE_NUM_RE.match(s):
        # '70,000,000,000', '70_000_000_000', '7e10': a bare number, bounded like one
        return _bounded(float(s.replace(",", "").replace("_", "")), repr(s)), None
    if not m:
        raise ParamsParseError(
            f"cannot parse parameter count {s!r}; use a number of billions or a string like "
            "'7B', '1.6T', '350M' or '235B-A22B'")
    tot = float(m["tot"]) * _UNIT[m["u1"].lower() if m["u1"] else None]
    act = float(m["act"]) * _UNIT[(m["u2"] or m["u1"] or "b").lower()] if m["act"] else None
    if tot <= 0:
        raise ParamsParseError(f"parameter count {s!r} must be positive")
    if m["u1"] is None:
        _bounded(tot, repr(s))
    if act is not None and act > tot:
        raise ParamsParseError(f"active parameters exceed total in {s!r}; write 'TOTAL-AACTIVE'")
    return tot, act
