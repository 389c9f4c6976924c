"""The likelihood of a logistic curve, and the contract inversion uses (:class:`Moments`)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special, stats

__all__ = ["CurveLikelihood", "Moments", "statsmodels_fit"]


@dataclass(frozen=True)
class Moments:
    """What the curve says about a score at sizes x (the contract inversion uses).

    Attributes
    ----------
    mean : ndarray
        Fitted mean score.
    var_mean : ndarray
        Variance of the fitted mean (parameter uncertainty, delta method).
    between_sd : ndarray
        Between-model scatter of a score around the curve (accuracy scale).
    var_binom : ndarray
        Binomial variance of one evaluation of ``n_questions`` questions.
    """

    mean: np.ndarray
    var_mean: np.ndarray
    between_sd: np.ndarray
    var_binom: np.ndarray

    @property
    def var_obs(self) -> np.ndarray:
        """Variance of a new model's observed score: all three parts."""
        return self.var_mean + self.between_sd ** 2 + self.var_binom



class CurveLikelihood:
    """Log-likelihood of the logistic curve, per row; wrapped in a statsmodels model when fitted.

    Parameters
    ----------
    y, X, nq, w : numpy.ndarray
        Scores, design matrix, question counts and row weights.
    chance, ceiling : float
        Floor and ceiling of the curve.
    df : float or None
        Student-t degrees of freedom; None for the normal likelihood.
    """

    def __init__(self, y, X, nq, chance, ceiling, df, w):
        self.y, self.X, self.nq, self.w = y, X, nq, w
        self.c, self.d, self.df = chance, ceiling, df

    def loglikeobs(self, params: np.ndarray) -> np.ndarray:
        """Weighted log-likelihood of each row at ``params`` (coefficients, then log tau)."""
        k = self.X.shape[1]
        s = special.expit(self.X @ params[:k])
        mu = self.c + (self.d - self.c) * s
        dmu = (self.d - self.c) * s * (1 - s)
        var = (math.exp(params[k]) * dmu) ** 2 + np.clip(mu * (1 - mu), 1e-6, None) / self.nq + 1e-10
        z = (self.y - mu) / np.sqrt(var)
        if self.df is None:
            return self.w * (stats.norm.logpdf(z) - 0.5 * np.log(var))
        return self.w * (stats.t.logpdf(z, self.df) - 0.5 * np.log(var))


def statsmodels_fit(lik: CurveLikelihood, start: list[np.ndarray]):
    """Maximum likelihood through statsmodels' GenericLikelihoodModel, best of several starts.

    Parameters
    ----------
    lik : CurveLikelihood
    start : list of numpy.ndarray
        Starting points.

    Returns
    -------
    statsmodels results
        The fit with the highest finite log-likelihood.
    """
    from statsmodels.base.model import GenericLikelihoodModel  # deferred: costs ~0.5 s

    class CurveModel(GenericLikelihoodModel):
        def loglikeobs(self, params):
            return lik.loglikeobs(params)

    model = CurveModel(lik.y, lik.X, extra_params_names=["log_tau"])
    best = None
    for s0 in start:
        with np.errstate(all="ignore"):
            res = model.fit(start_params=s0, method="bfgs", maxiter=500, disp=0)
        if best is None or (np.isfinite(res.llf) and res.llf > best.llf):
            best = res
    return best


