"""Stage 2, regression: accuracy against log10(total parameters).

- :mod:`~paramest.regression.curve`: the curve of one benchmark (:class:`CurveFit`, :func:`fit`);
- :mod:`~paramest.regression.calibration`: the curves of several benchmarks, their shared
  residual correlation and the interval recalibration (:class:`Calibration`,
  :class:`Recalibration`);
- :mod:`~paramest.regression.studies`: studies of the curve (:func:`fit_all`,
  :func:`compare_predictors`, :func:`release_date_effect`).
"""

from .calibration import Calibration, Recalibration, recalibration_group, shipped_recalibration
from .curve import COVARIATES, FORMS, LIKELIHOODS, PREDICTORS, CurveFit, Moments, calibration_frame, fit
from .studies import compare_predictors, fit_all, release_date_effect

__all__ = ["COVARIATES", "FORMS", "LIKELIHOODS", "PREDICTORS", "Calibration", "CurveFit", "Moments",
           "Recalibration", "calibration_frame", "compare_predictors", "fit", "fit_all",
           "recalibration_group", "release_date_effect", "shipped_recalibration"]
