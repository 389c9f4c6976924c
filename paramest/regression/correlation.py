"""The residual correlation shared by every pair of benchmarks, and its posterior.

A model that knows more than its size suggests on one knowledge benchmark tends to on the
others. Each score's residual is standardised to the scatter scale,
``z = (y - mu) / (tau * mu')`` with known extra variance ``v = (Var_mean + binomial) /
(tau mu')^2``, and one correlation ``rho`` is shared by every pair of benchmarks. Its
posterior (Student-t likelihood of the units with two or more scores, times a
N(0, 1.5^2) prior on ``atanh(rho)``) is kept as nine equally weighted quantile points, so
that inversion averages over the uncertainty of ``rho`` instead of plugging in one value.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import stats

from ..ingest import select_variants
from .curve import CurveFit

__all__ = ["RHO_PRIOR_SD", "rho_posterior", "standardised_residuals"]

RHO_PRIOR_SD = 1.5  # prior SD of atanh(rho)
_THETA = np.linspace(-1.8, 2.6, 89)  # atanh(rho) grid: rho from -0.95 to 0.99


def standardised_residuals(fits: Mapping[str, CurveFit], rule: str) -> pd.DataFrame:
    """Standardised residuals z and their known extra variance v, one row per (unit, benchmark).

    Parameters
    ----------
    fits : dict of str -> CurveFit
        Fitted curves, by benchmark.
    rule : {"think", "nothink"}
        Variant rule: one row per set of weights and benchmark.

    Returns
    -------
    pandas.DataFrame
        ``weights, benchmark, z, v``.
    """
    out = []
    for b, f in fits.items():
        d = f.data_
        if not d["weights"].is_unique:  # the curve kept several settings of some weights
            d, _ = select_variants(d, rule=rule)
        m = f.moments(d["x"].to_numpy(float),
                      covariates={c: d[c].to_numpy(float) for c in f.covariates})
        sd = np.clip(m.between_sd, 1e-9, None)
        out.append(pd.DataFrame({"weights": d["weights"].to_numpy(), "benchmark": b,
                                 "z": (d["score"].to_numpy(float) - m.mean) / sd,
                                 "v": (m.var_mean + m.var_binom) / sd ** 2}))
    return pd.concat(out, ignore_index=True)


def rho_posterior(res: pd.DataFrame, nu: float | None) -> tuple[float, tuple[float, float], np.ndarray, int]:
    """Posterior of the shared correlation from standardised residuals.

    Parameters
    ----------
    res : pandas.DataFrame
        :func:`standardised_residuals` output.
    nu : float or None
        Student-t degrees of freedom; None for the normal likelihood.

    Returns
    -------
    median : float
    interval : (float, float)
        90% posterior interval.
    draws : numpy.ndarray
        Nine equally weighted posterior quantile points.
    n_units : int
        Units with two or more scores (the evidence for rho).
    """
    counts = res.groupby("weights")["benchmark"].transform("size")
    multi = res[counts >= 2].sort_values(["weights", "benchmark"])
    n_units = int(multi["weights"].nunique())
    loglik = np.zeros_like(_THETA)
    rhos = np.tanh(_THETA)
    size = multi.groupby("weights", sort=True)["z"].transform("size").to_numpy()
    z_all, v_all = multi["z"].to_numpy(float), multi["v"].to_numpy(float)
    # batch every unit with the same number of scores: (units, rho grid, q, q)
    for q in np.unique(size):
        Z = z_all[size == q].reshape(-1, q)
        V = v_all[size == q].reshape(-1, q)
        eye = np.eye(q)
        S = (rhos[None, :, None, None] * np.ones((q, q))
             + eye * (1 - rhos)[None, :, None, None]
             + V[:, None, :, None] * eye)
        sign, logdet = np.linalg.slogdet(S)
        sol = np.linalg.solve(S, np.broadcast_to(Z[:, None, :, None], S.shape[:-1] + (1,)))[..., 0]
        maha = np.einsum("urq,uq->ur", sol, Z)
        with np.errstate(invalid="ignore"):  # non-definite grid points are masked below
            if nu is None:
                ll = -0.5 * (logdet + maha)
            else:
                ll = -0.5 * logdet - (nu + q) / 2 * np.log1p(maha / nu)
        # an equicorrelation matrix plus a positive diagonal loses definiteness through a
        # single eigenvalue, so a non-positive determinant sign is the exact test
        ll = np.where(sign > 0, ll, -np.inf)
        loglik += ll.sum(axis=0)
    logpost = loglik + stats.norm.logpdf(_THETA, 0, RHO_PRIOR_SD)
    logpost = np.where(np.isfinite(logpost), logpost, -np.inf)
    w = np.exp(logpost - logpost.max())
    cdf = np.cumsum(w) / w.sum()
    draws = np.interp((np.arange(9) + 0.5) / 9, cdf, rhos)
    median = float(np.interp(0.5, cdf, rhos))
    ci = (float(np.interp(0.05, cdf, rhos)), float(np.interp(0.95, cdf, rhos)))
    return median, ci, draws, n_units
