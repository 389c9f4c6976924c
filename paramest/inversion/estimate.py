"""Stage 3, inversion: a model's benchmark scores -> its total parameter count, with an interval.

:func:`estimate_size` is the library's main entry point; :func:`estimate_sizes` does the
same for every model of a frame and returns a tidy table.

Method
------
For each benchmark the fitted curve gives, at every size x on a grid (10M to 1,000T, in
log10 billions), the mean score and the scale of a model's score around it: between-model
scatter, the curve's own uncertainty and the benchmark's binomial question noise. The
scores of one model are jointly Student-t (4 degrees of freedom) with one residual
correlation ``rho`` shared by every pair of benchmarks, averaged over ``rho``'s posterior.
A flat prior on log10(size) over the grid gives a posterior; the point estimate is its
median and the interval lies between two of its quantiles. Those quantile levels are
recalibrated from held-out open models (:class:`paramest.regression.calibration.Recalibration`), so
that a 90% interval covered 90% of held-out open models, in every split that was tried.

What every estimate reports besides the interval:

* **one answer per set of weights**: a model name stands for its whole weights group
  (``o3``, ``o3-high``, ``o3-low``); the scores of its settings are chosen by the variant
  rule (:func:`paramest.select_variants`) and listed in ``variants``;
* **extrapolation**: how far, in dex, the estimate lies beyond the largest (or below the
  smallest) calibration model;
* **curve form**: the estimate under the other curve forms (linear in accuracy); when one
  falls outside the interval, the estimate is flagged as resting on the curve form;
* **a published size**, when there is one, beside the estimate, with a flag when the
  interval contradicts it; and a flag for models released before the calibration period.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from ..regression.calibration import Calibration, data_fingerprint, recalibration_group
from ..checks import check_level, number_in
from ..ingest import (
    ADJUSTED,
    ADJUSTMENT_RULE,
    combine,
    data_version,
    default_evidence,
    derived_scores,
    detect_scale,
    load_models,
    load_scores,
    refusal_records,
    resolve_benchmark,
    resolve_model,
    select_variants,
    validate_scores,
)
from ..errors import FitError, InputError, ScoreScaleError, UnknownModelError
from ..units import format_interval, format_params, round_sig, to_json_safe

__all__ = ["GRID_B", "Posterior", "SizeEstimate", "estimate_size", "estimate_sizes", "posterior"]

GRID_B = (0.01, 1e6)  # 10M .. 1,000T parameters
GRID_N = 1601
OPEN_MARGIN_DEX = 0.5  # an interval end this close to the grid end is not bounded by the data
MIN_LEVEL, MAX_LEVEL = 0.01, 0.995  # levels whose quantiles the grid resolves
_CAL_CACHE: dict[tuple, Calibration] = {}
_CAL_CACHE_MAX = 64


# ----------------------------------------------------------------------------------------
# Result
# ----------------------------------------------------------------------------------------


@dataclass(eq=False)
class SizeEstimate:
    """A size estimate with its interval, what it rests on, and its provenance.

    Attributes
    ----------
    params_b, lower_b, upper_b : float
        Point estimate and interval, billions. An unbounded side is ``0`` (below) or
        ``inf`` (above), with ``open_lower`` / ``open_upper`` set.
    level : float
        Interval level.
    open_lower, open_upper : bool
        The data do not bound the interval on that side (an end within 0.5 dex of the
        searched range, ``grid_b``).
    model, weights : str or None
        The model asked about and its set of weights (None for a dict of scores).
    benchmarks : list of str
        Benchmarks used.
    scores : dict
        Score used per benchmark (fractions).
    variants : dict
        Model id (setting) whose score was used, per benchmark.
    thinking : dict
        Whether that score was in a reasoning setting, per benchmark.
    per_benchmark : pandas.DataFrame
        Each benchmark's own estimate and interval.
    n_calibration : int
        Sets of open weights behind the curves used.
    calibration_range_b : tuple of float
        Smallest and largest calibration model.
    extrapolation_dex : float
        log10(estimate / largest calibration model) when above it, log10(estimate /
        smallest) when below, else 0.
    form : str
        Curve form of the estimate and its interval.
    forms : dict
        Estimate and raw interval under each curve form, ``{form: {params_b, lower_b,
        upper_b}}``.
    form_dependent : bool
        Another curve form's estimate falls outside the interval: the answer rests on the
        curve form (the interval is the default form's; ``forms`` gives the others).
    form_spread_dex : float
        Largest |log10| ratio between the forms' estimates.
    consistency_p : float
        How well the benchmarks agree (chi-square of the joint residual at the best size);
        NaN for one benchmark.
    disclosed_b, disclosed_status : float, str
        A published size (open weights, or a closed model whose developer disclosed it).
    refusal : dict or None
        Refusal-aware estimate, when the model has a refusal record.
    flags : list of str
        Plain-words warnings.
    recalibration : dict or None
        How the interval's quantile levels were calibrated (None: raw posterior).
    rho : float
        Posterior median of the shared residual correlation of the calibration; NaN for
        one benchmark.
    data_version, data_source : str
        Shipped tables' version, and ``"shipped"`` or a hash of user data.
    grid_b : tuple of float
        Range of sizes searched, billions.
    sources : list of str
        Sources of the calibration scores behind the curves used.
    """

    params_b: float
    lower_b: float
    upper_b: float
    level: float
    model: str | None = None
    weights: str | None = None
    benchmarks: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    variants: dict[str, str] = field(default_factory=dict)
    thinking: dict[str, bool] = field(default_factory=dict)
    per_benchmark: pd.DataFrame = field(default_factory=pd.DataFrame)
    n_calibration: int = 0
    calibration_range_b: tuple[float, float] = (math.nan, math.nan)
    extrapolation_dex: float = 0.0
    open_lower: bool = False
    open_upper: bool = False
    forms: dict[str, dict[str, float]] = field(default_factory=dict)
    form: str = "logistic"
    form_dependent: bool = False
    form_spread_dex: float = 0.0
    consistency_p: float = math.nan
    disclosed_b: float = math.nan
    disclosed_status: str = ""
    refusal: dict | None = None
    flags: list[str] = field(default_factory=list)
    recalibration: dict | None = None
    rho: float = math.nan
    data_version: str = ""
    data_source: str = "shipped"
    grid_b: tuple[float, float] = GRID_B
    sources: list[str] = field(default_factory=list)

    # ---------------------------------------------------------------- reading it
    @property
    def width_dex(self) -> float:
        """Interval width in dex (log10 units); inf when a side is open."""
        if self.open_lower or self.open_upper:
            return math.inf
        return math.log10(self.upper_b / self.lower_b)

    @property
    def interval_text(self) -> str:
        """The interval as a person writes it: ``'1.6T-12T'``, ``'> 2.8T'``."""
        return format_interval(self.lower_b, self.upper_b)

    def contains(self, params_b: float) -> bool:
        """Whether a size (billions) lies inside the interval.

        Parameters
        ----------
        params_b : float
            A parameter count in billions.

        Returns
        -------
        bool
            ``lower_b <= params_b <= upper_b`` (an open side bounds nothing).
        """
        return bool(self.lower_b <= float(params_b) <= self.upper_b)

    def __str__(self) -> str:
        name = self.model or "estimate"
        pct = f"{100 * self.level:g}%"
        point = format_params(self.params_b)
        if self.open_upper and not math.isfinite(self.params_b):
            point = f"> {format_params(self.lower_b)}"
        parts = [f"{pct} interval {self.interval_text}", " + ".join(self.benchmarks),
                 f"{self.n_calibration} open models"]
        if self.extrapolation_dex > 0.05:
            parts.append(f"{self.extrapolation_dex:.1f} dex beyond the largest open model "
                         f"({format_params(self.calibration_range_b[1])})")
        if self.form_dependent:
            alt = ", ".join(f"{f} {format_params(v['params_b'])}" for f, v in self.forms.items()
                            if f != self.form)
            parts.append(f"rests on the curve form: {alt}")
        if math.isfinite(self.disclosed_b):
            parts.append(f"published size {format_params(self.disclosed_b)}"
                         + ("" if self.contains(self.disclosed_b) else ", outside the interval"))
        if self.refusal:
            parts.append(f"refusal-adjusted {format_params(self.refusal['params_b'])} "
                         f"({self.refusal['tier']})")
        return f"{name}: {point} total params ({'; '.join(parts)})"

    def __repr__(self) -> str:
        return f"<SizeEstimate {self}>"

    def _repr_html_(self) -> str:
        import html

        flags = "".join(f"<li>{html.escape(f)}</li>" for f in self.flags)
        pb = self.per_benchmark.copy()
        for c in ("params_b", "lower_b", "upper_b"):
            if c in pb:
                pb[c] = pb[c].map(format_params)
        return (f"<b>{html.escape(str(self))}</b>" + (f"<ul>{flags}</ul>" if flags else "")
                + pb.to_html(index=False, float_format=lambda v: f"{v:.3g}")
                + f"<small>data {html.escape(self.data_version)}</small>")

    # ---------------------------------------------------------------- conversion
    def to_dict(self) -> dict[str, Any]:
        """Plain-Python dict: JSON-safe, numbers rounded to 4 significant digits.

        ``inf`` (an open side) becomes None. :meth:`from_dict` reads it back.

        Returns
        -------
        dict
            Every attribute (``per_benchmark`` as a list of records), except ``sources``,
            of which only the count is kept (``n_sources``); plus ``interval``
            (:attr:`interval_text`) and ``text`` (``str()`` of the estimate).
        """
        def num(v):
            if v is None:
                return None
            v = float(v)
            return round_sig(v) if math.isfinite(v) else None

        pb = []
        for r in self.per_benchmark.to_dict(orient="records"):
            pb.append({k: (num(v) if isinstance(v, (float, np.floating)) and not isinstance(v, bool)
                           else (bool(v) if isinstance(v, np.bool_) else
                                 (list(v) if isinstance(v, (list, tuple)) else v)))
                       for k, v in r.items()})
        return {
            "model": self.model, "weights": self.weights,
            "params_b": num(self.params_b), "lower_b": num(self.lower_b),
            "upper_b": num(self.upper_b), "level": self.level,
            "open_lower": bool(self.open_lower), "open_upper": bool(self.open_upper),
            "interval": self.interval_text,
            "benchmarks": list(self.benchmarks),
            "scores": {k: num(v) for k, v in self.scores.items()},
            "variants": dict(self.variants),
            "thinking": {k: bool(v) for k, v in self.thinking.items()},
            "per_benchmark": pb,
            "n_calibration": int(self.n_calibration),
            "calibration_range_b": [num(v) for v in self.calibration_range_b],
            "extrapolation_dex": num(self.extrapolation_dex),
            "form": self.form,
            "forms": {f: {k: num(v) for k, v in d.items()} for f, d in self.forms.items()},
            "form_dependent": bool(self.form_dependent),
            "form_spread_dex": num(self.form_spread_dex),
            "consistency_p": num(self.consistency_p) if math.isfinite(self.consistency_p) else None,
            "disclosed_b": num(self.disclosed_b) if math.isfinite(self.disclosed_b) else None,
            "disclosed_status": self.disclosed_status,
            "refusal": to_json_safe(self.refusal),
            "flags": list(self.flags),
            "recalibration": to_json_safe(self.recalibration),
            "rho": num(self.rho) if math.isfinite(self.rho) else None,
            "data_version": self.data_version, "data_source": self.data_source,
            "grid_b": [num(v) for v in self.grid_b],
            "n_sources": len(self.sources),
            "text": str(self),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> SizeEstimate:
        """Rebuild an estimate from :meth:`to_dict` output (e.g. read back from JSON).

        Parameters
        ----------
        d : dict
            The output of :meth:`to_dict`. None for ``params_b`` or ``upper_b`` reads as
            ``inf``, for ``lower_b`` as ``0``.

        Returns
        -------
        SizeEstimate
            The estimate, with its numbers as rounded by :meth:`to_dict`; ``sources`` is
            empty, since :meth:`to_dict` keeps only their count.

        Raises
        ------
        InputError
            ``d`` lacks a required key (``params_b``, ``lower_b``, ``upper_b``,
            ``level``) or holds a value of the wrong type.
        """
        def num(v, open_value=math.nan):
            return open_value if v is None else float(v)

        try:
            return cls(
                params_b=num(d["params_b"], math.inf), lower_b=num(d["lower_b"], 0.0),
                upper_b=num(d["upper_b"], math.inf), level=float(d["level"]),
                model=d.get("model"), weights=d.get("weights"),
                benchmarks=list(d.get("benchmarks", [])),
                scores={k: float(v) for k, v in d.get("scores", {}).items()},
                variants=dict(d.get("variants", {})), thinking=dict(d.get("thinking", {})),
                per_benchmark=pd.DataFrame(d.get("per_benchmark", [])),
                n_calibration=int(d.get("n_calibration", 0)),
                calibration_range_b=tuple(num(v) for v in d.get("calibration_range_b", [None, None])),
                extrapolation_dex=num(d.get("extrapolation_dex"), 0.0),
                open_lower=bool(d.get("open_lower")), open_upper=bool(d.get("open_upper")),
                forms={f: {k: num(v, math.inf) for k, v in x.items()} for f, x in d.get("forms", {}).items()},
                form=d.get("form", "logistic"), form_dependent=bool(d.get("form_dependent")),
                form_spread_dex=num(d.get("form_spread_dex"), 0.0),
                consistency_p=num(d.get("consistency_p")), disclosed_b=num(d.get("disclosed_b")),
                disclosed_status=d.get("disclosed_status", ""), refusal=d.get("refusal"),
                flags=list(d.get("flags", [])), recalibration=d.get("recalibration"),
                rho=num(d.get("rho")), data_version=d.get("data_version", ""),
                data_source=d.get("data_source", ""),
                grid_b=tuple(num(v) for v in d.get("grid_b", GRID_B)),
            )
        except (KeyError, TypeError, ValueError) as e:
            raise InputError(f"not a SizeEstimate dict ({e}); pass the output of "
                             "SizeEstimate.to_dict()") from e

    def __eq__(self, other: object) -> bool:
        """Equal when every reported number and label is equal (as in :meth:`to_dict`)."""
        if not isinstance(other, SizeEstimate):
            return NotImplemented
        a, b = self.to_dict(), other.to_dict()
        a.pop("n_sources")
        b.pop("n_sources")
        return a == b

    __hash__ = None  # mutable, compared by value

    def to_frame(self) -> pd.DataFrame:
        """One-row tidy DataFrame (scores in one column per benchmark).

        Returns
        -------
        pandas.DataFrame
            The columns of a row of :func:`estimate_sizes`: ``model, weights, params_b,
            lower_b, upper_b, level, interval``, the flags and counts, the other forms'
            estimates (``<form>_params_b``), the refusal-adjusted estimate when there is
            one, and ``score_<benchmark>`` per benchmark.
        """
        return _estimate_row(self, self.model)

    def plot(self, ax=None, **kwargs):
        """Per-benchmark and joint intervals on a log axis. Returns the axes.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; a new figure is made when omitted.
        **kwargs
            Passed to :func:`paramest.plots.plot_estimate`.

        Returns
        -------
        matplotlib.axes.Axes
        """
        from ..plots import plot_estimate

        return plot_estimate(self, ax=ax, **kwargs)

    def cite(self, format: str = "text"):
        """Citation for this estimate: package, method, data version and sources.

        Names Artificial Analysis whenever an AA-Omniscience score was used
        (:func:`paramest.citation.cite_estimate`).

        Parameters
        ----------
        format : {"text", "bibtex"}
            Plain text, or a BibTeX entry.

        Returns
        -------
        paramest.citation.Citation
            Prints cleanly in a terminal and in Jupyter; ``str()`` gives the text.

        Raises
        ------
        InputError
            ``format`` is not one of the two.
        """
        from ..citation import cite_estimate

        return cite_estimate(self, format=format)


# ----------------------------------------------------------------------------------------
# The posterior over log10(size)
# ----------------------------------------------------------------------------------------


def _grid(grid_b: Any) -> np.ndarray:
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
    D = np.array(sds).T
    E = np.array(extra).T
    lls = []
    for rho in (rhos if q > 1 else rhos[:1]):
        R = np.full((q, q), rho) + np.eye(q) * (1 - rho)
        S = D[:, :, None] * R[None] * D[:, None, :] + np.einsum("gi,ij->gij", E, np.eye(q))
        L = np.linalg.cholesky(S)
        w = np.linalg.solve(L, r[:, :, None])[:, :, 0]
        maha = np.sum(w ** 2, axis=1)
        logdet = 2 * np.sum(np.log(np.diagonal(L, axis1=1, axis2=2)), axis=1)
        if nu is None:
            lls.append(-0.5 * (logdet + maha))
        else:
            lls.append(-0.5 * logdet - (nu + q) / 2 * np.log1p(maha / nu))
    lls = np.array(lls)
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


def _ten(x: float) -> float:
    if x == math.inf:
        return math.inf
    if x == -math.inf:
        return 0.0
    return float(10 ** x)


# ----------------------------------------------------------------------------------------
# Inputs
# ----------------------------------------------------------------------------------------


def _benchmark_list(benchmarks: Any) -> list[str] | None:
    if benchmarks is None:
        return None
    if isinstance(benchmarks, str):
        benchmarks = [benchmarks]  # one benchmark, not one per character
    try:
        return [resolve_benchmark(b) for b in benchmarks]
    except TypeError as e:
        raise InputError(f"benchmarks must be a benchmark id or a list of ids, not {benchmarks!r}") from e


def _parse_score_dict(scores: Mapping[str, Any]) -> dict[str, float]:
    if not scores:
        raise InputError("no scores given; pass e.g. {'simpleqa': 0.42, 'ikp': 0.71}")
    out: dict[str, float] = {}
    for k, v in scores.items():
        b = resolve_benchmark(k)
        if isinstance(v, (bool, np.bool_)):
            raise ScoreScaleError(f"score for {k!r} is {v!r}, a boolean, not a score")
        try:
            fv = float(v)
        except (TypeError, ValueError) as e:
            raise ScoreScaleError(f"score for {k!r} is {v!r}, not a number") from e
        if not math.isfinite(fv):
            raise ScoreScaleError(f"score for {k!r} is {v!r}; give a finite number in [0, 1]")
        if b in out:
            raise InputError(f"benchmark {b!r} given twice (as {k!r}); give one score per benchmark")
        out[b] = fv
    vals = np.array(list(out.values()))
    if (vals < 0).any():
        raise ScoreScaleError(f"negative score in {dict(scores)}; scores are fractions in [0, 1]")
    div = detect_scale(vals, "auto", "scores")
    return {k: v / div for k, v in out.items()}


def _parse_n_questions(n_questions: Any, benchmarks: Iterable[str]) -> dict[str, float]:
    if n_questions is None:
        return {}
    if not isinstance(n_questions, Mapping):
        raise InputError("n_questions must be a dict {benchmark: question count}, not "
                         f"{type(n_questions).__name__}")
    out = {}
    for k, v in n_questions.items():
        out[resolve_benchmark(k)] = number_in(v, f"n_questions[{k!r}]")
    extra = set(out) - set(benchmarks)
    if extra:
        raise InputError(f"n_questions names {sorted(extra)}, which have no score")
    return out


def _model_rows(name: str, data: pd.DataFrame, evidence: list[str], rule: str
                ) -> tuple[str, str, pd.DataFrame, pd.DataFrame]:
    """(model id, weights id, chosen rows, all evidence rows of the weights group)."""
    users = sorted(set(data["model"].astype(str)))
    mid = resolve_model(name, extra=users)
    if "weights" in data:
        wcol = data["weights"].where(data["weights"].notna() & (data["weights"].astype(str) != ""),
                                     data["model"])
    else:
        wcol = data["model"]
    own = wcol[data["model"] == mid]
    if own.empty:
        m = load_models().set_index("model")
        weights = str(m.loc[mid, "weights"]) if mid in m.index else mid
    else:
        weights = str(own.iloc[0])
    group = data[wcol == weights]
    if group.empty:
        raise InputError(f"model {mid!r} (weights {weights!r}) has no scores in the data")
    ev = group[group["benchmark"].isin(evidence)]
    if ev.empty:
        have = sorted(set(group["benchmark"]))
        raise InputError(f"model {mid!r} has no score on {evidence}; its weights have {have}. "
                         "Pass benchmarks=[...] to use those.")
    chosen, _ = select_variants(ev.assign(weights=weights), rule=rule)
    return mid, weights, chosen, group


def _calibration(data: pd.DataFrame | None, evidence: list[str], exclude: tuple[str, ...],
                 settings: dict[str, Any], checked: bool) -> Calibration:
    key = (data_fingerprint(data), tuple(evidence), exclude, tuple(sorted(settings.items())))
    cal = _CAL_CACHE.get(key)
    if cal is None:
        cal = Calibration(evidence, exclude=exclude, **settings).fit(data, checked=checked)
        if len(_CAL_CACHE) >= _CAL_CACHE_MAX:
            _CAL_CACHE.pop(next(iter(_CAL_CACHE)))
        _CAL_CACHE[key] = cal
    return cal


# ----------------------------------------------------------------------------------------
# Public entry points
# ----------------------------------------------------------------------------------------


def estimate_size(
    scores: Mapping[str, float] | str,
    *,
    data: pd.DataFrame | None = None,
    benchmarks: Sequence[str] | str | None = None,
    level: float = 0.9,
    thinking: bool | Mapping[str, bool] | None = None,
    exclude: Iterable[str] = (),
    grid_b: tuple[float, float] = GRID_B,
    n_questions: Mapping[str, float] | None = None,
    point: str = "median",
    calibration: Calibration | None = None,
    refusal: bool | Mapping[str, float] = True,
    **settings: Any,
) -> SizeEstimate:
    """Estimate a model's total parameter count from its benchmark scores.

    Parameters
    ----------
    scores : dict or str
        ``{benchmark: score}`` (fractions; percent detected when unambiguous), or a model
        name: a shipped model, or one that exists only in ``data``. A name stands for its
        whole set of weights: ``"o3"`` and ``"o3-high"`` give one answer, from the scores
        of all its settings chosen by the variant rule.
    data : pandas.DataFrame, optional
        Scores in the :func:`paramest.load_scores` format (default: shipped), e.g.
        ``paramest.combine(paramest.read_scores("mine.csv"))``. Open-weight rows of known
        size calibrate; rows of the named model are its evidence.
    benchmarks : str or sequence of str, optional
        Benchmarks to use. Default: the knowledge benchmarks among the model's scores
        (with a dict, every benchmark given).
    level : float
        Interval level (0.9).
    thinking : bool or dict, optional
        For a dict of scores: whether they were obtained in a reasoning setting (all, or
        per benchmark). Matters for curves with a reasoning-setting term. Default False.
    exclude : iterable of str
        Model or weights ids to leave out of the calibration. A named open model's own
        weights are always left out.
    grid_b : (float, float)
        Range of sizes (billions) searched; an interval end within 0.5 dex of it is
        reported as unbounded.
    n_questions : dict, optional
        Questions in the model's own evaluation per benchmark, when it was scored on a
        subset.
    point : {"median", "mode"}
        Point estimate: posterior median (default) or maximum.
    calibration : Calibration, optional
        A fitted calibration to reuse (the validation harness passes one per fold).
    refusal : bool or dict
        For a named model with a refusal record (IKP's refused questions, AA-Omniscience's
        abstentions), also estimate its size with refusals answered at its own accuracy on
        the questions it attempted (``SizeEstimate.refusal``). The main estimate counts
        refusals as wrong: a floor. For scores you give, pass the share of questions the
        model refused, ``{"ikp": 0.3}``: the adjusted score is ``score / (1 - share)`` (its
        accuracy on attempted questions). The adjusted curve is calibrated on the open
        models' adjusted scores: rows ``ikp-adjusted`` / ``aa-omniscience-adjusted`` of
        ``data`` where present, else the shipped ones (:func:`paramest.derived_scores`).
    **settings
        :class:`paramest.Calibration` settings (``form``, ``likelihood``, ``df``,
        ``mode_term``, ``pool_settings``, ``variant_rule``, ``min_models``,
        ``min_slope_z``, ``alt_forms``, ``recalibration``).

    Returns
    -------
    SizeEstimate

    Raises
    ------
    UnknownModelError, UnknownBenchmarkError, ScoreScaleError, InputError
        Bad input, with how to fix it.
    FitError
        No benchmark of the evidence has a usable curve.
    """
    level = check_level(level)
    if not MIN_LEVEL <= level <= MAX_LEVEL:
        raise InputError(f"level {level!r} cannot be resolved on the size grid: its interval ends "
                         f"would be posterior quantiles below {(1 - MAX_LEVEL) / 2:g}; use a level "
                         f"between {MIN_LEVEL} and {MAX_LEVEL}")
    bad = sorted(set(settings) - set(Calibration().get_params()) - {"benchmarks", "exclude"})
    if bad or {"benchmarks", "exclude"} & set(settings):
        raise InputError(f"unknown setting(s) {bad or sorted({'benchmarks', 'exclude'} & set(settings))} "
                         f"for estimate_size; Calibration settings are "
                         f"{sorted(set(Calibration().get_params()) - {'benchmarks', 'exclude'})}")
    if point not in ("median", "mode"):
        raise InputError(f"point must be 'median' or 'mode', not {point!r}")
    xg = _grid(grid_b)
    if isinstance(scores, pd.DataFrame):
        raise InputError("estimate_size() takes one model; for a frame of several models use "
                         "paramest.estimate_sizes(frame)")
    checked = False
    if data is not None:
        validate_scores(data)
        checked = True
    exclude = tuple(exclude)
    rule = settings.get("variant_rule", "think")
    named = isinstance(scores, str)
    model_name = weights = None
    variants: dict[str, str] = {}
    think: dict[str, bool] = {}
    bench = _benchmark_list(benchmarks)
    if named:
        src = load_scores() if data is None else data
        evidence = bench or default_evidence()
        model_name, weights, chosen, group = _model_rows(scores, src, evidence, rule)
        score_dict = dict(zip(chosen["benchmark"], chosen["score"].astype(float)))
        variants = dict(zip(chosen["benchmark"], chosen["model"].astype(str)))
        think = {b: bool(t) for b, t in zip(chosen["benchmark"], chosen["thinking"])} \
            if "thinking" in chosen else {}
        if bool(group["open_weights"].astype(bool).any()):
            exclude = (*exclude, weights, *sorted(set(group["model"].astype(str))))
    elif isinstance(scores, Mapping):
        score_dict = _parse_score_dict(scores)
        if bench is not None:
            missing = set(bench) - set(score_dict)
            if missing:
                raise InputError(f"benchmarks {sorted(missing)} were named but have no score")
            score_dict = {k: v for k, v in score_dict.items() if k in bench}
        if isinstance(thinking, Mapping):
            think = {resolve_benchmark(k): bool(v) for k, v in thinking.items()}
        else:
            think = {b: bool(thinking) for b in score_dict}
    else:
        raise InputError("scores must be a dict {benchmark: score} or a model name, not "
                         f"{type(scores).__name__} ({scores!r})")
    nq = _parse_n_questions(n_questions, score_dict)

    if calibration is None:
        calibration = _calibration(data, sorted(score_dict), exclude, settings, checked)
    elif settings:
        raise InputError("pass Calibration settings either to Calibration(...) or here, not both")
    cal = calibration
    est = _estimate(cal, score_dict, think, nq, xg, level, point, grid_b,
                    model_name=model_name, weights=weights, variants=variants, data=data)
    rates = _parse_refusal(refusal, score_dict)
    if (named and refusal is not False) or rates:
        est.refusal = _refusal_adjusted(est, data, exclude, settings, xg, level, point, grid_b,
                                        rates)
        if est.refusal is not None:
            est.flags.append(f"refusals: counted as wrong, the floor is {format_params(est.params_b)}; "
                             f"answered at the model's own rate, {format_params(est.refusal['params_b'])} "
                             f"({est.refusal['shift_dex']:+.2f} dex, {est.refusal['tier']})")
    return est


# A refusal assumption that moves the estimate by this much (dex) dominates it.
REFUSAL_TIERS = ((0.1, "refusal-negligible"), (0.3, "refusal-sensitive"), (math.inf, "refusal-dominated"))


def _parse_refusal(refusal: Any, scores: Mapping[str, float]) -> dict[str, float]:
    """Refusal shares given by the user, checked: {benchmark: share in [0, 1)}."""
    if isinstance(refusal, bool):
        return {}
    if not isinstance(refusal, Mapping):
        raise InputError(f"refusal must be True, False or a dict {{benchmark: share refused}}, "
                         f"not {type(refusal).__name__}")
    out: dict[str, float] = {}
    for k, v in refusal.items():
        b = resolve_benchmark(k)
        if b not in ADJUSTED:
            raise InputError(f"refusal-adjusted curves exist for {sorted(ADJUSTED)}, not {b!r}")
        if b not in scores:
            raise InputError(f"refusal share given for {b!r}, which has no score")
        out[b] = number_in(v, f"refusal share for {b!r}", 0.0, 1.0, closed_low=True,
                           hint=" (a fraction of the questions)")
    return out


def _refusal_adjusted(est: SizeEstimate, data: pd.DataFrame | None, exclude: tuple[str, ...],
                      settings: dict, xg: np.ndarray, level: float, point: str,
                      grid_b: tuple[float, float], rates: Mapping[str, float]) -> dict | None:
    """The estimate with refused questions answered at the model's own rate (or None)."""
    if rates:
        rec = pd.DataFrame({"model": est.model or "", "benchmark": list(rates),
                            "refusal_rate": list(rates.values()),
                            "floor": [est.scores[b] for b in rates]})
        rec["adjusted"] = (rec["floor"] / (1 - rec["refusal_rate"])).clip(upper=1.0)
    else:
        rec = refusal_records(sorted(set(est.variants.values())))
        rec = rec[[est.variants.get(b) == m for m, b in zip(rec["model"], rec["benchmark"])]]
    if rec.empty:
        return None
    adj = dict(est.scores)
    think = dict(est.thinking)
    for b, a in zip(rec["benchmark"], rec["adjusted"]):
        del adj[b]
        adj[ADJUSTED[b]] = float(a)
        think[ADJUSTED[b]] = think.get(b, False)
    base = load_scores() if data is None else data
    # shipped adjusted rows only for models in the data and only where the data has none:
    # a user's own adjusted rows win, and a simulation is not mixed with real models
    shipped = derived_scores(list(ADJUSTED.values()))
    have = set(zip(base["model"], base["benchmark"]))
    shipped = shipped[shipped["model"].isin(set(base["model"]))
                      & np.array([(m, b) not in have for m, b in zip(shipped["model"], shipped["benchmark"])], bool)]
    combined = pd.concat([base, shipped], ignore_index=True)
    try:
        cal = _calibration(combined, sorted(adj), exclude, settings, True)
        e = _estimate(cal, adj, think, {}, xg, level, point, grid_b, model_name=est.model,
                      weights=est.weights, variants={}, data=None)
    except FitError:
        return None
    shift = math.log10(e.params_b / est.params_b) if 0 < est.params_b < math.inf and 0 < e.params_b < math.inf else math.nan
    tier = next(label for cut, label in REFUSAL_TIERS if not math.isfinite(shift) or abs(shift) < cut)
    return {"params_b": e.params_b, "lower_b": e.lower_b, "upper_b": e.upper_b,
            "open_lower": e.open_lower, "open_upper": e.open_upper, "interval": e.interval_text,
            "shift_dex": shift, "tier": tier, "rule": ADJUSTMENT_RULE,
            "refusal_rate": dict(zip(rec["benchmark"], rec["refusal_rate"].astype(float))),
            "scores": {k: v for k, v in adj.items() if k in ADJUSTED.values()},
            "benchmarks": list(e.benchmarks)}


def _covariates(cal: Calibration, scores: Mapping[str, float], think: Mapping[str, bool]) -> dict:
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
    xg = _grid(GRID_B) if xg is None else xg
    think = dict(thinking or {})
    nq = dict(n_questions or {})
    missing = [b for b in scores if b not in cal.fits_]
    if missing:
        raise FitError(f"no usable curve for {missing} in this calibration")
    covs = _covariates(cal, scores, think)
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


def _estimate(cal: Calibration, score_dict: dict[str, float], think: dict[str, bool],
              nq: dict[str, float], xg: np.ndarray, level: float, point: str,
              grid_b: tuple[float, float], *, model_name: str | None, weights: str | None,
              variants: dict[str, str], data: pd.DataFrame | None) -> SizeEstimate:
    flags: list[str] = []
    usable = {b: s for b, s in score_dict.items() if b in cal.fits_}
    for b in score_dict:
        if b not in cal.fits_:
            row = cal.screening_.set_index("benchmark").reason.get(b, "no fitted curve")
            flags.append(f"{b} not used: {row}")
    if not usable:
        raise FitError("no benchmark of this model has a usable curve: " + "; ".join(flags))
    group = recalibration_group(usable)
    levels = cal.recalibration_.levels(level, group) if cal.recalibration_ is not None \
        else ((1 - level) / 2, (1 + level) / 2)
    per = []
    for b, y0 in usable.items():
        f = cal.fits_[b]
        r = posterior(cal, {b: y0}, thinking=think, n_questions=nq, xg=xg,
                      forms=False).summary(levels, point)
        pf = []
        if y0 < f.chance_:
            pf.append("below chance")
        if y0 > float(f.data_["score"].max()):
            pf.append("above every calibration model's score")
        per.append({"benchmark": b, "score": y0, "model": variants.get(b, model_name),
                    "thinking": bool(think.get(b, False)), "params_b": _ten(r["x"]),
                    "lower_b": _ten(r["lo"]), "upper_b": _ten(r["hi"]),
                    "open_lower": r["open_lower"], "open_upper": r["open_upper"],
                    "n_calibration": f.n_models_, "calibration_max_b": f.x_range_b_[1],
                    "flags": pf})
        for p in pf:
            flags.append(f"{b} score {y0:.3g} is {p}")
    per_df = pd.DataFrame(per)

    post = posterior(cal, usable, thinking=think, n_questions=nq, xg=xg)
    main = post.summary(levels, point)
    covs = _covariates(cal, usable, think)
    cons_p = math.nan
    if len(usable) > 1:
        cons_p = _consistency(cal, usable, covs, main["x"], nq)
        if math.isfinite(cons_p) and cons_p < 0.01:
            flags.append(f"the benchmarks disagree more than their scatter allows (consistency "
                         f"p = {cons_p:.2g}); check the scores and settings")

    # other curve forms
    forms = {cal.form: {"params_b": _ten(main["x"]), "lower_b": _ten(main["lo"]),
                        "upper_b": _ten(main["hi"])}}
    lo, hi = main["lo"], main["hi"]
    form_dependent = False
    spread = 0.0
    for form, xa in post.alt.items():
        ia = post.alt_intervals[form]
        forms[form] = {"params_b": _ten(xa), "lower_b": _ten(ia[0]), "upper_b": _ten(ia[1])}
        if math.isfinite(xa) and math.isfinite(main["x"]):
            spread = max(spread, abs(xa - main["x"]))
        form_dependent |= not (lo <= xa <= hi)
    if form_dependent:
        # Marked, not widened: on held-out open models, widening to cover the other
        # forms rescued no interval (benchmarks/results/validation.md) and would make
        # frontier intervals span orders of magnitude.
        flags.append("the answer rests on the curve form: " + ", ".join(
            f"{f} {format_params(v['params_b'])}" for f, v in forms.items())
            + f" ({spread:.1f} dex apart); the interval is the {cal.form} form's")

    cal_lo, cal_hi = cal.x_range_b(list(usable))
    est = _ten(main["x"])
    ext = 0.0
    if est > cal_hi:
        ext = math.log10(est / cal_hi) if math.isfinite(est) else math.inf
        flags.append(f"extrapolated {ext:.1f} dex beyond the largest calibration model "
                     f"({format_params(cal_hi)})" if math.isfinite(ext) else
                     "no finite estimate: the score lies beyond where the curve goes")
    elif est < cal_lo:
        ext = math.log10(est / cal_lo) if est > 0 else -math.inf
        flags.append(f"extrapolated below the smallest calibration model ({format_params(cal_lo)})")
    if main["open_lower"] or main["open_upper"]:
        side = "above" if main["open_upper"] and not main["open_lower"] else \
            "below" if main["open_lower"] and not main["open_upper"] else "on both sides"
        flags.append(f"the interval is unbounded {side}: the data do not bound the size "
                     f"within {format_params(grid_b[0])}-{format_params(grid_b[1])}")
    if cal.recalibration_ is None:
        flags.append("interval not recalibrated (non-default settings or no shipped "
                     "recalibration): it is the raw posterior's and may be too narrow")

    disclosed_b, status = math.nan, ""
    if model_name is not None:
        disclosed_b, status, vintage = _published(model_name, weights, data, cal)
        if vintage:
            flags.append(vintage)
        if math.isfinite(disclosed_b) and not (_ten(lo) <= disclosed_b <= _ten(hi)):
            flags.append(f"the published size {format_params(disclosed_b)} lies outside the "
                         "interval: the estimate contradicts it")
    return SizeEstimate(
        params_b=est, lower_b=_ten(lo), upper_b=_ten(hi), level=level, model=model_name,
        weights=weights, benchmarks=list(usable), scores=dict(usable),
        variants={b: v for b, v in variants.items() if b in usable},
        thinking={b: bool(think.get(b, False)) for b in usable}, per_benchmark=per_df,
        n_calibration=len(cal.units(list(usable))), calibration_range_b=(cal_lo, cal_hi), extrapolation_dex=ext,
        open_lower=bool(main["open_lower"]), open_upper=bool(main["open_upper"]), forms=forms,
        form=cal.form, form_dependent=form_dependent, form_spread_dex=spread,
        consistency_p=cons_p, disclosed_b=disclosed_b, disclosed_status=status, flags=flags,
        recalibration=None if cal.recalibration_ is None else {
            "method": "conformal PIT (quantile-level) recalibration, by group", "group": group,
            "n": int(cal.recalibration_.values(group).size), "levels": list(levels),
            **cal.recalibration_.info},
        rho=cal.rho_ if len(usable) > 1 else math.nan, data_version=cal.data_version_,
        data_source=cal.data_source_, grid_b=tuple(float(v) for v in grid_b),
        sources=cal.sources(list(usable)))


def _consistency(cal: Calibration, usable: dict[str, float], covs: dict, x: float,
                 nq: dict[str, float]) -> float:
    """p-value of the joint standardised residual at the estimate (normal approximation)."""
    if not math.isfinite(x):
        return math.nan
    bs = list(usable)
    q = len(bs)
    r, sd, ex = [], [], []
    for b in bs:
        m = cal.fits_[b].moments(np.array([x]), covariates=covs.get(b) or None, n_questions=nq.get(b))
        r.append(usable[b] - m.mean[0])
        sd.append(max(m.between_sd[0], 1e-9))
        ex.append(m.var_mean[0] + m.var_binom[0])
    rho = cal.rho_
    R = np.full((q, q), rho) + np.eye(q) * (1 - rho)
    S = np.outer(sd, sd) * R + np.diag(ex)
    maha = float(np.array(r) @ np.linalg.solve(S, np.array(r)))
    return float(stats.chi2.sf(maha, q - 1))


def _published(model: str, weights: str | None, data: pd.DataFrame | None,
               cal: Calibration) -> tuple[float, str, str]:
    """(published size or NaN, its status, a vintage flag or '')."""
    m = load_models().set_index("model")
    size, status, date = math.nan, "", pd.NaT
    if model in m.index:
        row = m.loc[model]
        if row["size_status"] in ("open", "disclosed") and pd.notna(row["total_params_b"]):
            size, status = float(row["total_params_b"]), str(row["size_status"])
        date = row["release_date"]
    elif data is not None:
        rows = data[data["model"] == model]
        if len(rows) and bool(rows["open_weights"].astype(bool).any()) \
                and pd.notna(rows["total_params_b"]).any():
            size, status = float(rows["total_params_b"].dropna().iloc[0]), "open"
        if "release_date" in rows and rows["release_date"].notna().any():
            date = pd.to_datetime(rows["release_date"].dropna().iloc[0])
    first, _ = cal.release_range()
    vintage = ""
    if pd.notna(date) and pd.notna(first) and date < first:
        vintage = (f"released {pd.Timestamp(date).date()}, before most calibration models "
                   f"(5th percentile {first.date()}): older models were trained on fewer "
                   "tokens per parameter and come out too small")
    return size, status, vintage


# ----------------------------------------------------------------------------------------
# Many models
# ----------------------------------------------------------------------------------------


def _estimate_row(e: SizeEstimate, model: str | None) -> pd.DataFrame:
    row = {
        "model": model, "weights": e.weights, "params_b": e.params_b, "lower_b": e.lower_b,
        "upper_b": e.upper_b, "level": e.level, "interval": e.interval_text,
        "open_lower": e.open_lower, "open_upper": e.open_upper,
        "extrapolation_dex": e.extrapolation_dex, "form_dependent": e.form_dependent,
        "form_spread_dex": e.form_spread_dex, "n_benchmarks": len(e.benchmarks),
        "benchmarks": list(e.benchmarks), "variants": sorted(set(e.variants.values())),
        "disclosed_b": e.disclosed_b, "disclosed_status": e.disclosed_status,
        "n_calibration": e.n_calibration, "flags": list(e.flags), "error": "",
    }
    for f, v in e.forms.items():
        if f != e.form:
            row[f"{f}_params_b"] = v["params_b"]
    if e.refusal:
        row["refusal_adjusted_b"] = e.refusal.get("params_b")
        row["refusal_tier"] = e.refusal.get("tier")
    for b, s in e.scores.items():
        row[f"score_{b}"] = s
    return pd.DataFrame([row])


def estimate_sizes(
    models: pd.DataFrame | Sequence[str] | None = None,
    *,
    data: pd.DataFrame | None = None,
    closed_only: bool = False,
    **kwargs: Any,
) -> pd.DataFrame:
    """Estimate many models at once: one row per set of weights.

    Parameters
    ----------
    models : DataFrame or list of str, optional
        A score frame (:func:`paramest.read_scores` format; every model in it is
        estimated, its rows added to the calibration data), or model names. Default: every
        model of ``data`` (shipped data by default).
    data : pandas.DataFrame, optional
        Calibration data (default: shipped). A frame passed as ``models`` is combined with
        it.
    closed_only : bool
        Keep only models without open weights (the main job: ``paramest estimate --all-closed``).
    **kwargs
        Passed to :func:`estimate_size` (``level``, ``benchmarks``, settings, ...).

    Returns
    -------
    pandas.DataFrame
        One row per set of weights: ``model`` (the first name asked for), ``weights``,
        ``variants`` (the settings whose scores were used), ``params_b, lower_b, upper_b,
        interval, open_lower, open_upper, extrapolation_dex, form_dependent``, the other
        forms' estimates, ``disclosed_b``, ``flags``, one ``score_<benchmark>`` column per
        benchmark, and ``error`` (why a model could not be estimated). ``attrs`` hold the
        data version and the benchmarks that could not be used, once each.

    Raises
    ------
    InputError, FileFormatError, ScoreScaleError, ConflictError
        ``models`` or ``data`` is not a valid score frame (a model that cannot be
        estimated gets an ``error`` row instead).
    UnknownBenchmarkError
        ``benchmarks`` names an unknown benchmark.
    """
    if isinstance(models, pd.DataFrame):
        frame = validate_scores(models, "models")
        data = combine(frame, data if data is not None else None) if frame is not data else data
        names = list(dict.fromkeys(frame["model"].astype(str)))
    else:
        base = load_scores() if data is None else validate_scores(data)
        if models is None:
            names = list(dict.fromkeys(base["model"].astype(str)))
        elif isinstance(models, str):
            names = [models]
        else:
            names = [str(m) for m in models]
    src = load_scores() if data is None else data
    evidence = _benchmark_list(kwargs.get("benchmarks")) or default_evidence()
    wcol = src["weights"].where(src["weights"].notna(), src["model"]) if "weights" in src else src["model"]
    has_ev = set(wcol[src["benchmark"].isin(evidence)])
    open_w = set(wcol[src["open_weights"].astype(bool)])
    rows, seen, unusable = [], set(), {}
    mw = dict(zip(src["model"].astype(str), wcol.astype(str)))
    for name in names:
        try:
            mid = resolve_model(name, extra=list(mw))
        except UnknownModelError as err:
            rows.append(pd.DataFrame([{"model": name, "error": str(err)}]))
            continue
        w = mw.get(mid, mid)
        if w in seen or w not in has_ev or (closed_only and w in open_w):
            continue
        seen.add(w)
        try:
            e = estimate_size(mid, data=data, **kwargs)
        except (FitError, InputError) as err:
            rows.append(pd.DataFrame([{"model": mid, "weights": w, "error": str(err)}]))
            continue
        for f in e.flags:
            if " not used: " in f:
                unusable.setdefault(f.split(" not used: ")[0], f.split(" not used: ")[1])
        e.flags = [f for f in e.flags if " not used: " not in f]
        rows.append(_estimate_row(e, mid))
    out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
    if "error" in out:
        out["error"] = out["error"].fillna("")
    out.attrs["data_version"] = str(data_version())
    out.attrs["unused_benchmarks"] = unusable
    return out
