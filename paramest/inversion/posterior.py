"""The posterior over log10(size) of a model with given scores, on a grid.

For each benchmark the fitted curve gives, at every size on the grid (10M to 1,000T, in
log10 billions), the mean score and the scale of a model's score around it: between-model
scatter, the curve's own uncertainty and the benchmark's binomial question noise. The
scores of one model are jointly Student-t (4 degrees of freedom) with one residual
correlation ``rho`` shared by every pair of benchmarks, averaged over ``rho``'s posterior.
A flat prior on log10(size) over the grid gives the posterior.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import optimize, special

from ..errors import FitError, InputError
from ..regression import Calibration

__all__ = ["GRID_B", "GRID_N", "OPEN_MARGIN_DEX", "Posterior", "covariates_for", "make_grid",
           "posterior", "ten"]

GRID_B = (0.01, 1e6)  # 10M .. 1,000T parameters
GRID_N = 1601
OPEN_MARGIN_DEX = 0.5  # an interval end this close to the grid end is not bounded by the data


def make_grid(grid_b: Any) -> np.ndarray:
    try:
        lo, hi = (float(v) for v in grid_b)
    except (TypeError, ValueError) as e:
        raise InputError(f"grid_b must be two positive numbers of billions (low, high), not {grid_b!r}") from e
    if not (math.isfinite(lo) and math.isfinite(hi) and 0 < lo < hi):
        raise InputError(f"grid_b must be two finite sizes with 0 < low < high (billions), "
                         f"not {grid_b!r}")
    if math.log10(hi / lo) < 2 * OPEN_MARGIN_DEX + 0.5:
        raise InputError(f"grid_b {grid_b!r} spans under {2 * OPEN_MARGIN_DEX + 0.5:g} dex; "
                         "give a wider range of sizes")
    return np.linspace(math.log10(lo), math.log10(hi), GRID_N)


def _loglik(fits: Mapping[str, Any], scores: Mapping[str, float], covs: Mapping[str, dict],
            xg: np.ndarray, rhos: np.ndarray, nu: float | None,
            n_questions: Mapping[str, float]) -> np.ndarray:
    """Joint log-likelihood of the scores at every grid size, averaged over rho draws."""
    bs = list(scores)
    q = len(bs)
    mus, sds, extra = [], [], []
    for b in bs:
        m = fits[b].moments(xg, covariates=covs.get(b) or None, n_questions=n_questions.get(b))
        mus.append(m.mean)
        sds.append(np.clip(m.between_sd, 1e-9, None))
        extra.append(m.var_mean + m.var_binom)
    r = np.array([scores[b] for b in bs])[None, :] - np.array(mus).T  # (G, q)
    d = np.array(sds).T  # (G, q): between-model scatter of each score
    e = np.array(extra).T  # (G, q): its known extra variance
    rho = (rhos if q > 1 else rhos[:1])[:, None, None]  # (R, 1, 1)
    # Covariance diag(a) + rho d d^T with a = (1 - rho) d^2 + e: equicorrelated scatter plus
    # independent noise. Sherman-Morrison gives its inverse and determinant in closed form,
    # so no factorisation can fail; a non-positive determinant marks a rho the scores rule out.
    a = (1 - rho) * d[None] ** 2 + e[None]  # (R, G, q)
    s_dd = np.sum(d[None] ** 2 / a, axis=2)  # (R, G)
    s_rd = np.sum(r[None] * d[None] / a, axis=2)
    s_rr = np.sum(r[None] ** 2 / a, axis=2)
    c = 1 + rho[:, :, 0] * s_dd
    ok = (c > 0) & np.all(a > 0, axis=2)
    with np.errstate(divide="ignore", invalid="ignore"):
        maha = s_rr - rho[:, :, 0] * s_rd ** 2 / c
        logdet = np.sum(np.log(a), axis=2) + np.log(c)
        if nu is None:
            lls = -0.5 * (logdet + maha)
        else:
            lls = -0.5 * logdet - (nu + q) / 2 * np.log1p(maha / nu)
    lls = np.where(ok, lls, -np.inf)
    return special.logsumexp(lls, axis=0) - math.log(len(lls))


@dataclass
class Posterior:
    """A posterior over log10(size in billions) on a grid, and what the estimate needs from it.

    Built by :func:`posterior`. ``root`` is the exact point where the curve (or, for
    several benchmarks, the joint likelihood) is best, found on an extended range: the
    point estimate falls back on it when the posterior piles up at a grid end.
    ``alt`` holds the other curve forms' point estimates (log10 billions).

    Attributes
    ----------
    xg : numpy.ndarray
        Grid of log10 sizes (billions), increasing.
    logpost : numpy.ndarray
        Log posterior at each grid point, up to a constant.
    cdf : numpy.ndarray
        Posterior probability below each grid point (0 at the first, 1 at the last).
    root : float
        Exact best point, log10 billions (NaN when not computed; -inf / inf when the
        score lies beyond where the curve goes).
    alt : dict of str -> float
        Point estimate under each other curve form, log10 billions.
    alt_intervals : dict of str -> (float, float)
        Raw 90% interval under each other curve form (posterior quantiles 0.05 and
        0.95), log10 billions; -inf / inf for an open side.
    """

    xg: np.ndarray
    logpost: np.ndarray
    cdf: np.ndarray
    root: float = math.nan
    alt: dict[str, float] = field(default_factory=dict)
    alt_intervals: dict[str, tuple[float, float]] = field(default_factory=dict)

    @classmethod
    def from_loglik(cls, xg: np.ndarray, ll: np.ndarray, prior: np.ndarray | None = None) -> Posterior:
        """Posterior from a log-likelihood on the grid, with a flat prior on log10 size.

        The CDF integrates the posterior density by the trapezoid rule between grid
        points, so that quantiles interpolate exactly.

        Parameters
        ----------
        xg : numpy.ndarray
            Grid of log10 sizes (billions), increasing.
        ll : numpy.ndarray
            Log-likelihood (or any unnormalised log density) at each grid point.
        prior : numpy.ndarray, optional
            Support: grid points where it is not positive get zero posterior. Its values
            are not used as weights; add a log prior to ``ll`` for that.

        Returns
        -------
        Posterior
            Without ``root`` (NaN) or other forms' estimates.
        """
        lp = ll if prior is None else np.where(prior > 0, ll, -np.inf)
        w = np.exp(lp - np.max(lp))
        # trapezoid mass between grid points, so quantiles interpolate exactly
        mass = np.r_[0.0, 0.5 * (w[1:] + w[:-1]) * np.diff(xg)]
        cdf = np.cumsum(mass)
        return cls(xg, lp, cdf / cdf[-1])

    def quantile(self, p: float) -> float:
        """log10 size at posterior probability ``p`` (-inf / inf at 0 / 1).

        Parameters
        ----------
        p : float
            Posterior probability.

        Returns
        -------
        float
            log10 billions, interpolated linearly in the CDF between grid points; -inf
            for ``p <= 0`` and inf for ``p >= 1``.
        """
        if p <= 0:
            return -math.inf
        if p >= 1:
            return math.inf
        i = int(np.searchsorted(self.cdf, p))
        i = min(max(i, 1), len(self.xg) - 1)
        c0, c1 = self.cdf[i - 1], self.cdf[i]
        t = 0.0 if c1 == c0 else (p - c0) / (c1 - c0)
        return float(self.xg[i - 1] + t * (self.xg[i] - self.xg[i - 1]))

    def pit(self, x: float) -> float:
        """Posterior probability below log10 size ``x`` (the PIT of a true size).

        Parameters
        ----------
        x : float
            log10 of a size in billions.

        Returns
        -------
        float
            In [0, 1]: 0 below the grid, 1 above it, interpolated linearly in between.
        """
        return float(np.interp(x, self.xg, self.cdf, left=0.0, right=1.0))

    def mode(self) -> float:
        """Maximum of the posterior, refined between grid points.

        Returns
        -------
        float
            log10 billions: the maximum of the linearly interpolated log posterior
            around the best grid point.
        """
        i = int(np.argmax(self.logpost))
        lo, hi = max(i - 1, 0), min(i + 1, len(self.xg) - 1)
        f = lambda x: -float(np.interp(x, self.xg, self.logpost))  # noqa: E731
        if hi > lo:
            return float(optimize.minimize_scalar(f, bounds=(self.xg[lo], self.xg[hi]),
                                                  method="bounded").x)
        return float(self.xg[i])

    def summary(self, levels: tuple[float, float], point: str = "median") -> dict[str, Any]:
        """Point, interval (log10) and open sides at posterior quantile ``levels``.

        An interval end within 0.5 dex of the grid end is not bounded by the data: it is
        reported as -inf / inf and flagged open. The point is the median (or mode); when
        it too sits at a grid end, the exact ``root`` is used instead, never the grid end.

        Parameters
        ----------
        levels : (float, float)
            Posterior quantile levels of the lower and upper ends (e.g. from
            :meth:`paramest.Recalibration.levels`).
        point : {"median", "mode"}
            Point estimate: the posterior median, or its maximum (:meth:`mode`).

        Returns
        -------
        dict
            ``x`` (the point), ``lo`` and ``hi`` (the interval ends), all log10 billions,
            and ``open_lower``, ``open_upper`` (bool).
        """
        xg = self.xg
        lo, hi = self.quantile(levels[0]), self.quantile(levels[1])
        open_lo = not math.isfinite(lo) or lo < xg[0] + OPEN_MARGIN_DEX
        open_hi = not math.isfinite(hi) or hi > xg[-1] - OPEN_MARGIN_DEX
        x = self.quantile(0.5) if point == "median" else self.mode()
        if (x < xg[0] + OPEN_MARGIN_DEX or x > xg[-1] - OPEN_MARGIN_DEX) and not math.isnan(self.root):
            x = self.root
        return {"x": x, "lo": -math.inf if open_lo else lo, "hi": math.inf if open_hi else hi,
                "open_lower": bool(open_lo), "open_upper": bool(open_hi)}


def _single_root(fit: Any, y0: float, cov: dict | None) -> float:
    """log10 size where the fitted mean equals y0 (exact root); +-inf when it never does."""
    f = lambda x: float(fit.moments(np.array([x]), covariates=cov or None).mean[0]) - y0  # noqa: E731
    lo, hi = -8.0, 14.0
    flo, fhi = f(lo), f(hi)
    if flo > 0:
        return -math.inf
    if fhi < 0:
        return math.inf
    return float(optimize.brentq(f, lo, hi, xtol=1e-6))


def ten(x: float) -> float:
    if x == math.inf:
        return math.inf
    if x == -math.inf:
        return 0.0
    return float(10 ** x)



def covariates_for(cal: Calibration, scores: Mapping[str, float], think: Mapping[str, bool]) -> dict:
    return {b: ({"thinking": float(think.get(b, False))} if cal.fits_[b].covariates else {})
            for b in scores}


def posterior(
    cal: Calibration,
    scores: Mapping[str, float],
    *,
    thinking: Mapping[str, bool] | None = None,
    n_questions: Mapping[str, float] | None = None,
    xg: np.ndarray | None = None,
    forms: bool = True,
) -> Posterior:
    """Posterior over log10(size) of a model with ``scores`` under a fitted calibration.

    Parameters
    ----------
    cal : Calibration
        Fitted; every benchmark of ``scores`` must have a usable curve (``cal.fits_``).
    scores : dict
        ``{benchmark: score}`` (fractions).
    thinking : dict, optional
        Whether each score was in a reasoning setting (for curves with a mode term).
    n_questions : dict, optional
        Questions in the model's own evaluation, per benchmark.
    xg : ndarray, optional
        Grid of log10 sizes (default: 10M to 1,000T).
    forms : bool
        Also compute the other curve forms' estimates (``Posterior.alt``).

    Returns
    -------
    Posterior
        On ``xg``, with ``root`` set and, with ``forms``, ``alt`` and ``alt_intervals``
        for every other form whose curves cover all of ``scores``.

    Raises
    ------
    FitError
        A benchmark of ``scores`` has no usable curve in ``cal``.
    """
    xg = make_grid(GRID_B) if xg is None else xg
    think = dict(thinking or {})
    nq = dict(n_questions or {})
    missing = [b for b in scores if b not in cal.fits_]
    if missing:
        raise FitError(f"no usable curve for {missing} in this calibration")
    covs = covariates_for(cal, scores, think)
    nu = None if cal.likelihood == "normal" else float(cal.df)

    def build(fits: Mapping[str, Any], like: float | None) -> Posterior:
        post = Posterior.from_loglik(xg, _loglik(fits, scores, covs, xg, cal.rho_draws_, like, nq))
        if len(scores) == 1:
            b = next(iter(scores))
            post.root = _single_root(fits[b], scores[b], covs.get(b))
        else:
            # the joint maximum on an extended range is the exact point
            xe = np.linspace(-8, 14, 2201)
            lle = _loglik(fits, scores, covs, xe, cal.rho_draws_, like, nq)
            i = int(np.argmax(lle))
            post.root = -math.inf if i == 0 else (math.inf if i == len(xe) - 1 else float(xe[i]))
        return post

    post = build({b: cal.fits_[b] for b in scores}, nu)
    if forms:
        for form, fits in cal.alt_fits_.items():
            if all(b in fits for b in scores):
                alt = build({b: fits[b] for b in scores}, None)
                s = alt.summary((0.05, 0.95))
                post.alt[form] = s["x"]
                post.alt_intervals[form] = (s["lo"], s["hi"])
    return post

