"""Tests of how sizes are written (paramest.units.format_params / format_interval)."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paramest.units import format_interval, format_params

SCALE = {"K": 1e-6, "M": 1e-3, "B": 1.0, "T": 1e3}
FORMATTED = re.compile(r"^(\d+(?:\.\d+)?)([KMBT])$")


@pytest.mark.parametrize("b", [996.518, 999.5, 999.96, 0.9996, 0.99951, 0.000999, 999.9e-6])
def test_sizes_just_under_a_unit_boundary_carry_a_suffix(b):
    # 0.2.0 printed these raw ("996.518B", "0.9996B"): the 32B-996.518B
    s = format_params(b)
    m = FORMATTED.match(s)
    assert m, s
    assert float(m.group(1)) == 1.0  # rounds up to one of the next unit
    assert float(m.group(1)) * SCALE[m.group(2)] == pytest.approx(b, rel=0.06)


def test_interval_near_a_boundary():
    assert format_interval(32.0, 996.518) == "32B-1T"


@given(st.floats(min_value=1e-6, max_value=1e7, allow_nan=False))
def test_every_size_is_formatted_and_close(b):
    s = format_params(b)
    m = FORMATTED.match(s)
    assert m, f"{b!r} -> {s!r}"
    v = float(m.group(1))
    assert v < 1000 or m.group(2) == "T"  # never 1000 of a unit below T
    # two significant digits: within rounding of the true value
    assert v * SCALE[m.group(2)] == pytest.approx(b, rel=0.05)


@given(st.integers(min_value=1, max_value=3),
       st.floats(min_value=1e-6, max_value=1e7, allow_nan=False))
def test_digits_are_kept(digits, b):
    m = FORMATTED.match(format_params(b, digits))
    assert m
    sig = m.group(1).replace(".", "").lstrip("0")
    assert len(sig) <= max(digits, len(str(int(float(m.group(1))))))


@pytest.mark.parametrize("value, text", [(None, "?"), (math.nan, "?"), (math.inf, "inf"),
                                         (-math.inf, "0"), (0.0, "0"), (-3.0, "0")])
def test_special_values(value, text):
    assert format_params(value) == text
