"""Former home of the curve stage, kept so that ``from paramest.regression import ...`` works.

The curve lives in :mod:`paramest.curve`; studies of it (``fit_all``,
``compare_predictors``, ``release_date_effect``) in :mod:`paramest.analyses`.
"""

from .analyses import compare_predictors, fit_all, release_date_effect
from .curve import COVARIATES, FORMS, LIKELIHOODS, PREDICTORS, CurveFit, fit

__all__ = ["COVARIATES", "FORMS", "LIKELIHOODS", "PREDICTORS", "CurveFit", "compare_predictors",
           "fit", "fit_all", "release_date_effect"]
