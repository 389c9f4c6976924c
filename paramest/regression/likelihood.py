"""The likelihood of a logistic curve, and the contract inversion uses (:class:`Moments`)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special

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

    def _parts(self, params: np.ndarray) -> tuple:
        k = self.X.shape[1]
        s = special.expit(self.X @ params[:k])
        mu = self.c + (self.d - self.c) * s
        dmu = (self.d - self.c) * s * (1 - s)
        tau2 = math.exp(2 * params[k])
        binom = mu * (1 - mu)
        var = tau2 * dmu ** 2 + np.clip(binom, 1e-6, None) / self.nq + 1e-10
        z = (self.y - mu) / np.sqrt(var)
        return s, mu, dmu, tau2, binom, var, z

    def loglikeobs(self, params: np.ndarray) -> np.ndarray:
        """Weighted log-likelihood of each row at ``params`` (coefficients, then log tau)."""
        *_, var, z = self._parts(params)
        if self.df is None:
            logf = -0.5 * z ** 2 - 0.5 * math.log(2 * math.pi)
        else:
            # Student-t log density, written out: scipy.stats' generic machinery costs
            # more than the fit itself in the nested cross-validation
            nu = self.df
            logf = (special.gammaln((nu + 1) / 2) - special.gammaln(nu / 2)
                    - 0.5 * math.log(nu * math.pi) - (nu + 1) / 2 * np.log1p(z ** 2 / nu))
        return self.w * (logf - 0.5 * np.log(var))

    def score(self, params: np.ndarray) -> np.ndarray:
        """Gradient of the summed log-likelihood (analytic: BFGS needs no finite differences).

        Examples
        --------
        >>> import numpy as np
        >>> from scipy.optimize import approx_fprime
        >>> rng = np.random.default_rng(0)
        >>> X = np.column_stack([np.ones(20), rng.normal(size=20)])
        >>> lik = CurveLikelihood(rng.uniform(0.2, 0.8, 20), X, np.full(20, 500.0), 0.0, 1.0,
        ...                       4.0, np.ones(20))
        >>> p = np.array([0.1, 0.5, np.log(0.3)])
        >>> num = approx_fprime(p, lambda q: lik.loglikeobs(q).sum(), 1e-7)
        >>> bool(np.allclose(lik.score(p), num, rtol=1e-4, atol=1e-5))
        True
        """
        s, mu, dmu, tau2, binom, var, z = self._parts(params)
        # d log f / dz: -z (normal) or -(nu + 1) z / (nu + z^2) (Student t)
        g = -z if self.df is None else -(self.df + 1) * z / (self.df + z ** 2)
        sd = np.sqrt(var)
        d_var = -0.5 / var * (g * z + 1)  # d loglik / d var
        ddmu = dmu * (1 - 2 * s)  # d dmu / d eta
        dbinom = np.where(binom > 1e-6, (1 - 2 * mu) * dmu, 0.0) / self.nq
        d_eta = self.w * (-g / sd * dmu + d_var * (2 * tau2 * dmu * ddmu + dbinom))
        d_logtau = np.sum(self.w * d_var * 2 * tau2 * dmu ** 2)
        return np.append(self.X.T @ d_eta, d_logtau)


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

        def score(self, params):
            return lik.score(params)

    model = CurveModel(lik.y, lik.X, extra_params_names=["log_tau"])
    best = None
    for s0 in start:
        with np.errstate(all="ignore"):
            res = model.fit(start_params=s0, method="bfgs", maxiter=500, disp=0)
        if best is None or (np.isfinite(res.llf) and res.llf > best.llf):
            best = res
    return best


