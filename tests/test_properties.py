"""Property-based tests of fit + estimate_size on one simulated calibration set."""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from simulate import simulate, simulate_multi

import paramest as p

SETTINGS = settings(deadline=None, max_examples=25, derandomize=True)
B3 = ["ikp", "simpleqa", "aa-omniscience"]

scores = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
mid_scores = st.floats(min_value=0.05, max_value=0.9, allow_nan=False)


@functools.cache
def sim() -> pd.DataFrame:
    d, _ = simulate(50, 77)
    return d


@functools.cache
def cal() -> p.Calibration:
    return p.Calibration(["ikp"]).fit(sim())


@functools.cache
def cal3() -> p.Calibration:
    d, _ = simulate_multi(50, 78, B3)
    return p.Calibration(B3).fit(d)


def est(score: float, **kw) -> p.SizeEstimate:
    return p.estimate_size({"ikp": score}, calibration=cal(), **kw)


@SETTINGS
@given(scores, st.sampled_from(["median", "mode"]))
def test_interval_contains_point(s, point):
    e = est(s, point=point)
    assert e.lower_b <= e.params_b <= e.upper_b


@SETTINGS
@given(st.tuples(mid_scores, mid_scores, mid_scores))
def test_joint_interval_contains_point(t):
    e = p.estimate_size(dict(zip(B3, t)), calibration=cal3())
    assert e.lower_b <= e.params_b <= e.upper_b


inner_scores = st.floats(min_value=0.01, max_value=0.99, allow_nan=False)


@SETTINGS
@given(inner_scores, inner_scores)
def test_monotonic_in_score(s1, s2):
    # (a score of exactly 0 has no likelihood peak: its interval is open below and its
    # upper end depends on the grid, so it is left out here)
    lo, hi = sorted((s1, s2))
    a, b = est(lo), est(hi)
    assert a.params_b <= b.params_b * (1 + 1e-9)
    assert a.lower_b <= b.lower_b * (1 + 1e-9) and a.upper_b <= b.upper_b * (1 + 1e-9)


@SETTINGS
@given(st.integers(0, 2**32 - 1), mid_scores)
def test_row_order_invariance(seed, s):
    # the fit and the posterior: many orders, without the (slow) refitted recalibration
    shuffled = sim().sample(frac=1.0, random_state=np.random.default_rng(seed)).reset_index(drop=True)
    a = p.estimate_size({"ikp": s}, calibration=p.Calibration(["ikp"], recalibration=None)
                        .fit(shuffled))
    b = p.estimate_size({"ikp": s}, calibration=p.Calibration(["ikp"], recalibration=None)
                        .fit(sim()))
    # the ML optimum may move in the last digits: within 0.01 dex
    for col in ("params_b", "lower_b", "upper_b"):
        assert abs(math.log10(getattr(a, col) / getattr(b, col))) <= 0.01
    assert a.n_calibration == b.n_calibration


@pytest.mark.slow  # refits the recalibration twice: in the full suite, not the quick one
def test_row_order_invariance_of_the_whole_data_path():
    # data= end to end, the recalibration refitted on the data included: one shuffle
    shuffled = sim().sample(frac=1.0, random_state=np.random.default_rng(3)).reset_index(drop=True)
    a = p.estimate_size({"ikp": 0.4}, data=shuffled)
    b = p.estimate_size({"ikp": 0.4}, data=sim())
    assert a.recalibration is not None and b.recalibration is not None
    for col in ("params_b", "lower_b", "upper_b"):
        assert abs(math.log10(getattr(a, col) / getattr(b, col))) <= 0.01


@SETTINGS
@given(st.floats(min_value=0.011, max_value=1.0))
def test_percent_equals_fraction(s):
    # a percent whose values are all <= 1 would read as a fraction, so s >= 1.1%
    a, b = est(100 * s), est(s)
    for col in ("params_b", "lower_b", "upper_b"):
        assert getattr(a, col) == pytest.approx(getattr(b, col), rel=1e-9)


@SETTINGS
@given(st.floats(min_value=0.0, max_value=math.log10(2000.0)))
def test_fit_then_invert_round_trips(x):
    # a score exactly on the curve: the interval holds the size, the point is near it
    f = cal().fits_["ikp"]
    y = float(f.predict(10 ** x)["mean"].iloc[0])
    e = est(y)
    assert e.contains(10 ** x)
    assert abs(math.log10(e.params_b) - x) <= 0.1


@SETTINGS
@given(mid_scores)
def test_deterministic(s):
    a = p.estimate_size({"ikp": s}, data=sim())
    b = p.estimate_size({"ikp": s}, data=sim().copy())
    assert a == b
