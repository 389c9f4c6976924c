"""Curve terms computed from the size itself: the top-end slope and the low-end shape.

Both are covariates derived from ``x`` (log10 billions), with knots set at fit time from
the calibration units' sizes, so a fitted curve carries them and applies them to any size:

* ``top_slope``: a hinge ``max(x - knot, 0)`` at the 80th percentile of calibration sizes.
  Its coefficient is the change of slope above the knot, with its own uncertainty: the data
  decide how much of a benchmark's slope holds at the top (:func:`top_slope_summary`).
* ``low_shape``: curvature below the median calibration size, continued linearly below the
  smallest model (a low-end bend, e.g. AA-Omniscience's floor).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import FitError
from ..units import format_params

__all__ = ["DERIVED", "INFORMATIVE_Z", "MIN_ABOVE_KNOT", "TOP_QUANTILE", "derived_covariate",
           "derived_knots", "top_slope_summary"]

DERIVED = ("top_slope", "low_shape")
TOP_QUANTILE = 0.8  # the top-slope knot: this quantile of the calibration units' log sizes
MIN_ABOVE_KNOT = 6  # units above the knot needed to estimate a top slope
INFORMATIVE_Z = 1.645  # a top slope this many SEs above 0 still tracks size


def derived_knots(ux: pd.Series, covariates: Sequence[str], benchmark: str) -> dict[str, float]:
    """Knots of the derived covariates among ``covariates``.

    Parameters
    ----------
    ux : pandas.Series
        Log10 sizes (billions) of the calibration units, one per set of weights.
    covariates : sequence of str
        The curve's covariates.
    benchmark : str
        For the error message.

    Returns
    -------
    dict
        ``top_slope`` (the knot), ``low_shape`` (the median) and ``low_min`` (the smallest).

    Raises
    ------
    FitError
        Fewer than :data:`MIN_ABOVE_KNOT` units above the top-slope knot.

    Examples
    --------
    >>> import pandas as pd
    >>> k = derived_knots(pd.Series(range(10), dtype=float), ("low_shape",), "ikp")
    >>> k["low_shape"], k["low_min"]
    (4.5, 0.0)
    """
    knots: dict[str, float] = {}
    if "top_slope" in covariates:
        knots["top_slope"] = float(ux.quantile(TOP_QUANTILE))
        above = int((ux > knots["top_slope"]).sum())
        if above < MIN_ABOVE_KNOT:
            raise FitError(f"{benchmark}: {above} calibration units above the top-slope knot "
                           f"({format_params(10 ** knots['top_slope'])}); at least {MIN_ABOVE_KNOT} "
                           "are needed to estimate a top slope")
    if "low_shape" in covariates:
        knots["low_shape"] = float(ux.median())
        knots["low_min"] = float(ux.min())
    return knots


def derived_covariate(c: str, x: np.ndarray, knots: dict[str, float]) -> np.ndarray:
    """The derived covariate ``c`` at log sizes ``x``.

    Parameters
    ----------
    c : {"top_slope", "low_shape"}
    x : numpy.ndarray
        Log10 sizes (billions).
    knots : dict
        :func:`derived_knots` output.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> import numpy as np
    >>> derived_covariate("top_slope", np.array([1.0, 3.0]), {"top_slope": 2.0}).tolist()
    [0.0, 1.0]
    """
    if c == "top_slope":
        # slope change above the knot: the data decide how much of the slope holds at the top
        return np.maximum(x - knots["top_slope"], 0.0)
    # curvature below the median size, continued linearly below the smallest model
    m, lo = knots["low_shape"], knots["low_min"]
    q = np.minimum(x - m, 0.0) ** 2
    below = x < lo
    return np.where(below, (lo - m) ** 2 + 2 * (lo - m) * (x - lo), q) if lo < m else q


def top_slope_summary(curve: Any) -> dict[str, float]:
    """Slope above the top knot of a curve fitted with a ``top_slope`` term, and its range.

    Parameters
    ----------
    curve : CurveFit or None
        A fitted logistic curve with ``top_slope`` among its covariates; None (no such fit)
        gives NaN everywhere.

    Returns
    -------
    dict
        ``top_knot_b``, ``top_slope``, ``top_slope_se``, ``top_slope_z``, ``informative_max_b``:
        the largest calibration size when the top slope is clearly positive (z at least
        :data:`INFORMATIVE_Z`), else the knot.
    """
    nan = float("nan")
    if curve is None or "top_slope" not in getattr(curve, "covariates", ()):
        return {"top_knot_b": nan, "top_slope": nan, "top_slope_se": nan, "top_slope_z": nan,
                "informative_max_b": nan}
    C = curve.cov_
    slope = float(curve.params_["slope"] + curve.params_["top_slope"])
    se = float(np.sqrt(max(C.loc["slope", "slope"] + C.loc["top_slope", "top_slope"]
                           + 2 * C.loc["slope", "top_slope"], 0.0)))
    z = slope / se if se > 0 else math.inf
    knot = float(10 ** curve.knots_["top_slope"])
    return {"top_knot_b": knot, "top_slope": slope, "top_slope_se": se, "top_slope_z": z,
            "informative_max_b": float(curve.x_range_b_[1] if z >= INFORMATIVE_Z else knot)}
