"""Stage 2, regression: accuracy against log10(total parameters).

- :mod:`~paramest.regression.curve`: the curve of one benchmark (:class:`CurveFit`, :func:`fit`),
  with its likelihood (:mod:`~paramest.regression.likelihood`), calibration rows
  (:mod:`~paramest.regression.frame`) and reports (:mod:`~paramest.regression.curve_results`);
- :mod:`~paramest.regression.calibration`: the curves of several benchmarks
  (:class:`Calibration`), their shared residual correlation
  (:mod:`~paramest.regression.correlation`) and the interval recalibration
  (:mod:`~paramest.regression.recalibration`);
- :mod:`~paramest.regression.studies`: studies of the curve (:func:`fit_all`,
  :func:`compare_predictors`, :func:`release_date_effect`).
"""

from .calibration import REASONING_BENCHMARKS, Calibration
from .curve import COVARIATES, FORMS, LIKELIHOODS, PREDICTORS, CurveFit, fit
from .frame import calibration_frame
from .likelihood import Moments
from .recalibration import Recalibration, recalibration_group, shipped_recalibration
from .studies import compare_predictors, fit_all, release_date_effect

__all__ = ["COVARIATES", "FORMS", "LIKELIHOODS", "PREDICTORS", "REASONING_BENCHMARKS", "Calibration", "CurveFit", "Moments",
           "Recalibration", "calibration_frame", "compare_predictors", "fit", "fit_all",
           "recalibration_group", "release_date_effect", "shipped_recalibration"]
