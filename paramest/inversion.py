"""Inversion: a closed model's benchmark scores -> its total parameter count, with an interval.

Stage 3 of the data flow. :func:`estimate_size` is the library's main entry point.

Method
------
One benchmark (``method="inversion"``)
    Invert the observation (prediction) band of the fitted curve (Fieller / Graybill
    inversion): the interval is the set of sizes x on a grid whose prediction interval
    contains the observed score,
    ``{x : |y0 - mu(x)| <= t * sqrt(Var_mean(x) + scatter(x) + binomial_0(x))}``.
    The closed model's own binomial noise is evaluated at the fitted mean mu(x). The grid
    spans ``grid_b`` (default 0.01B to 1,000T); a side that reaches the grid's end is
    reported as unbounded (``open_lower`` / ``open_upper``), never raised.
Several benchmarks
    One joint estimate. The residual correlation between benchmarks is estimated from the
    open models that have both scores (standardised in-sample residuals), shrunk towards
    the pooled mean correlation, and projected to a valid correlation matrix. The joint
    statistic ``Q(x) = r(x)' S(x)^-1 r(x)`` (r = observed - fitted, S = the predictive
    covariance) gives the interval ``{x : Q(x) - min Q <= F(1, df; level)}``. When the
    benchmarks disagree more than their uncertainty allows (``min Q`` beyond the
    chi-square(q-1) quantile), S is inflated by ``min Q / (q-1)`` and the estimate is
    flagged ``inconsistent``. Per-benchmark likelihoods are never multiplied as if
    independent.
Bayes (``method="bayes"``)
    Posterior on a grid: a uniform prior on log10 params over ``prior_b`` (default the
    grid) times the multivariate normal predictive density; equal-tailed credible interval,
    posterior median as the point estimate.

Knowledge benchmarks are the default evidence; reasoning-heavy ones (MMLU, MMLU-Pro, GPQA)
are used only when asked for, because their scores drift upward at fixed size.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .errors import FitError, InputError, ScoreScaleError
from .ingest import (
    _detect_scale,
    _validate_scores_frame,
    load_benchmarks,
    load_models,
    load_scores,
    resolve_benchmark,
    resolve_model,
)
from .regression import DEFAULT_FORM, CurveFit

__all__ = ["Calibration", "SizeEstimate", "estimate_size", "format_params"]

GRID_B = (0.01, 1e6)  # 10M .. 1,000T parameters
GRID_N = 1401
SHRINK_N0 = 10.0  # pairwise correlations: weight n/(n+n0) on the pair, the rest on the pool
MIN_PAIR = 5
METHODS = ("inversion", "bayes")
_SHIPPED_CACHE: dict[tuple, Calibration] = {}  # fits on the shipped data, reused across calls


def format_params(b: float, digits: int = 2) -> str:
    """Billions as a person writes them: 350M, 7.2B, 70B, 1.2T."""
    if b is None or not np.isfinite(b):
        return "unbounded"
    for div, unit in ((1e3, "T"), (1.0, "B"), (1e-3, "M")):
        if b >= div or unit == "M":
            v = b / div
            s = f"{v:.{digits}g}" if v < 10 ** digits else f"{v:.0f}"
            return f"{s}{unit}"
    return f"{b:g}B"  # pragma: no cover


# ----------------------------------------------------------------------------------------


@dataclass
class SizeEstimate:
    """A size estimate with its interval, flags and provenance.

    Attributes
    ----------
    params_b, lower_b, upper_b : float
        Point estimate and interval in billions (``lower_b`` / ``upper_b`` are the grid
        ends when the interval is open on that side).
    level : float
    method : str
    model : str or None
    benchmarks : list of str
    scores : dict
        The scores used (fractions).
    per_benchmark : pandas.DataFrame
        Each benchmark's own estimate and interval.
    n_calibration : int
        Distinct open models (sets of weights) in the calibration.
    extrapolated : bool
        The point estimate lies outside the calibration range.
    open_lower, open_upper : bool
        The interval is unbounded on that side (within the stated grid).
    inconsistent : bool
        The benchmarks disagree beyond their uncertainty (consistency p < 0.05).
    consistency_p : float
    flags : list of str
        Human-readable warnings (below chance, above every calibration model, ...).
    sources : list of str
        Sources of the calibration scores.
    seed : int or None
    grid_b : tuple of float
    """

    params_b: float
    lower_b: float
    upper_b: float
    level: float
    method: str
    model: str | None = None
    benchmarks: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    per_benchmark: pd.DataFrame = field(default_factory=pd.DataFrame)
    n_calibration: int = 0
    calibration_range_b: tuple[float, float] = (math.nan, math.nan)
    extrapolated: bool = False
    open_lower: bool = False
    open_upper: bool = False
    inconsistent: bool = False
    consistency_p: float = math.nan
    flags: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    seed: int | None = None
    grid_b: tuple[float, float] = GRID_B
    form: str = DEFAULT_FORM

    @property
    def width_dex(self) -> float:
        """Interval width in dex (log10 units); inf when open."""
        if self.open_lower or self.open_upper:
            return math.inf
        return math.log10(self.upper_b / self.lower_b)

    def _interval_text(self) -> str:
        lo = "<" + format_params(self.grid_b[0]) if self.open_lower else format_params(self.lower_b)
        hi = ">" + format_params(self.grid_b[1]) if self.open_upper else format_params(self.upper_b)
        if self.open_upper and not self.open_lower:
            return f"at least {lo}"
        if self.open_lower and not self.open_upper:
            return f"at most {hi}"
        return f"{lo}-{hi}"

    def __str__(self) -> str:
        name = self.model or "estimate"
        pct = f"{100 * self.level:g}%"
        bench = " + ".join(self.benchmarks)
        extra = []
        if self.extrapolated:
            extra.append("extrapolated")
        if self.inconsistent:
            extra.append("benchmarks disagree")
        tail = ("; " + ", ".join(extra)) if extra else ""
        return (f"{name}: {format_params(self.params_b)} total params ({pct} interval "
                f"{self._interval_text()}; {bench}; {self.n_calibration} open models{tail})")

    def __repr__(self) -> str:
        return f"<SizeEstimate {self}>"

    def _repr_html_(self) -> str:
        flags = "".join(f"<li>{f}</li>" for f in self.flags)
        return (f"<b>{str(self).replace('<', '&lt;')}</b>"
                + (f"<ul>{flags}</ul>" if flags else "")
                + self.per_benchmark.to_html(index=False, float_format=lambda v: f"{v:.4g}"))

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python dict (JSON-serialisable)."""
        return {
            "model": self.model, "params_b": self.params_b, "lower_b": self.lower_b,
            "upper_b": self.upper_b, "level": self.level, "method": self.method,
            "form": self.form, "benchmarks": list(self.benchmarks),
            "scores": {k: float(v) for k, v in self.scores.items()},
            "n_calibration": self.n_calibration,
            "calibration_range_b": list(self.calibration_range_b),
            "extrapolated": self.extrapolated, "open_lower": self.open_lower,
            "open_upper": self.open_upper, "inconsistent": self.inconsistent,
            "consistency_p": None if not np.isfinite(self.consistency_p) else self.consistency_p,
            "flags": list(self.flags), "seed": self.seed, "grid_b": list(self.grid_b),
            "per_benchmark": self.per_benchmark.to_dict(orient="records"),
            "n_sources": len(self.sources), "text": str(self),
        }

    def to_frame(self) -> pd.DataFrame:
        """One-row tidy DataFrame."""
        d = self.to_dict()
        d.pop("per_benchmark")
        d["benchmarks"] = " + ".join(self.benchmarks)
        d["scores"] = "; ".join(f"{k}={v:.4g}" for k, v in self.scores.items())
        d["calibration_range_b"] = f"{self.calibration_range_b[0]:g}-{self.calibration_range_b[1]:g}"
        d["grid_b"] = f"{self.grid_b[0]:g}-{self.grid_b[1]:g}"
        d["flags"] = "; ".join(self.flags)
        return pd.DataFrame([d])

    def plot(self, ax=None, **kwargs):
        """Per-benchmark and joint intervals on a log axis. Returns the axes."""
        from .plots import plot_estimate

        return plot_estimate(self, ax=ax, **kwargs)

    def cite(self) -> str:
        """Citation text for this estimate: package version, method, data sources."""
        from .citation import cite_estimate

        return cite_estimate(self)


# ----------------------------------------------------------------------------------------


class Calibration:
    """Fitted curves for several benchmarks plus their residual correlation.

    Built once and reused for many estimates (the validation harness builds one per fold).

    Parameters
    ----------
    data : pandas.DataFrame, optional
        Scores in :func:`paramest.load_scores` format (default: shipped).
    benchmarks : sequence of str
    form : str
    exclude : iterable of str
        Model or weights ids left out of every fit (e.g. the model being estimated).
    level : float
    """

    def __init__(self, data: pd.DataFrame | None, benchmarks: Sequence[str], *,
                 form: str = DEFAULT_FORM, exclude: Iterable[str] = (), level: float = 0.9,
                 min_models: int = 3) -> None:
        self.data = load_scores() if data is None else data
        self.form = form
        self.level = level
        self.exclude = tuple(exclude)
        self.fits: dict[str, CurveFit] = {}
        self.errors: dict[str, str] = {}
        for b in benchmarks:
            f = CurveFit(b, form=form, level=level)
            try:
                f.fit(self.data, exclude=self.exclude)
                if f.n_models_ < min_models:
                    raise FitError(f"{b}: only {f.n_models_} calibration models")
                if not f.slope_significant_:
                    raise FitError(f"{b}: the fitted slope is not significantly positive at "
                                   f"level {level:g} (n={f.n_models_}); its inverted interval "
                                   "would be unbounded")
                self.fits[f.benchmark] = f
            except FitError as e:
                self.errors[resolve_benchmark(b)] = str(e)
        self._corr_cache: dict[tuple[str, ...], tuple[np.ndarray, np.ndarray]] = {}

    def correlation(self, benchmarks: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Shrunk residual correlation matrix and the pair counts behind it."""
        key = tuple(benchmarks)
        if key in self._corr_cache:
            return self._corr_cache[key]
        q = len(benchmarks)
        z = {}
        for b in benchmarks:
            f = self.fits[b]
            d = f.data_
            mu, vm, vo = f._moments(d["x"].to_numpy(float))
            z[b] = pd.Series((d["score"].to_numpy(float) - mu) / np.sqrt(np.clip(vo - vm, 1e-12, None)),
                             index=d["weights"].to_numpy() if "weights" in d else d["model"].to_numpy())
            z[b] = z[b][~z[b].index.duplicated()]
        R = np.eye(q)
        N = np.zeros((q, q))
        raw = {}
        for i in range(q):
            for j in range(i + 1, q):
                a, b = z[benchmarks[i]], z[benchmarks[j]]
                common = a.index.intersection(b.index)
                N[i, j] = N[j, i] = len(common)
                if len(common) >= MIN_PAIR:
                    r = float(np.corrcoef(a[common], b[common])[0, 1])
                    if np.isfinite(r):
                        raw[(i, j)] = (r, len(common))
        if raw:
            w = np.array([n for _, n in raw.values()], float)
            pooled = float(np.average([r for r, _ in raw.values()], weights=w))
        else:
            # no overlap to learn from: assume the residuals are substantially correlated,
            # which widens rather than narrows the joint interval
            pooled = 0.5
        pooled = max(pooled, 0.0)
        for i in range(q):
            for j in range(i + 1, q):
                if (i, j) in raw:
                    r, n = raw[(i, j)]
                    lam = n / (n + SHRINK_N0)
                    R[i, j] = R[j, i] = lam * r + (1 - lam) * pooled
                else:
                    R[i, j] = R[j, i] = pooled
        # nearest valid correlation matrix (clip eigenvalues)
        vals, vecs = np.linalg.eigh(R)
        vals = np.clip(vals, 1e-3, None)
        R = vecs @ np.diag(vals) @ vecs.T
        dd = np.sqrt(np.diag(R))
        R = R / np.outer(dd, dd)
        self._corr_cache[key] = (R, N)
        return R, N

    @property
    def n_calibration(self) -> int:
        ids = set()
        for f in self.fits.values():
            ids |= set(f.data_["weights"] if "weights" in f.data_ else f.data_["model"])
        return len(ids)

    def sources(self, benchmarks: Sequence[str]) -> list[str]:
        s = set()
        for b in benchmarks:
            if b in self.fits:
                s |= set(self.fits[b].data_["source"].astype(str))
        return sorted(s)


# ----------------------------------------------------------------------------------------


def _interval_from_mask(xg: np.ndarray, inside: np.ndarray, x_hat: float) -> tuple[float, float, bool, bool]:
    """Connected piece of the accepted set around x_hat (or the whole hull if x_hat is out)."""
    if not inside.any():
        return x_hat, x_hat, False, False
    i0 = int(np.argmin(np.abs(xg - x_hat)))
    if inside[i0]:
        lo = i0
        while lo > 0 and inside[lo - 1]:
            lo -= 1
        hi = i0
        while hi < len(xg) - 1 and inside[hi + 1]:
            hi += 1
    else:
        idx = np.flatnonzero(inside)
        lo, hi = int(idx[0]), int(idx[-1])
    return float(xg[lo]), float(xg[hi]), lo == 0, hi == len(xg) - 1


def _single(f: CurveFit, y0: float, xg: np.ndarray, level: float, method: str,
            nq0: float | None, prior: np.ndarray) -> dict:
    mu, vm, vo = f._moments(xg, n_questions=nq0)
    sd = np.sqrt(vo)
    zstat = (y0 - mu) / sd
    if method == "bayes":
        dens = stats.t.pdf(zstat, max(f.df_resid_, 1)) / sd * prior
        return _posterior_summary(xg, dens, level)
    t = f._crit(level)
    inside = np.abs(zstat) <= t
    # point estimate: where the fitted mean crosses y0 (closest approach if it never does)
    x_hat = float(xg[np.argmin(np.abs(y0 - mu))])
    if not inside.any():
        # no size on the grid is consistent with the score: the data bound nothing on the
        # side of the grid end the score points to
        # The set is empty: the score lies beyond what any size on the grid predicts. Report
        # the grid end it points to as an open side (the limit of the interval as the score
        # moves outward, which keeps the result monotonic in the score) and flag it.
        low_side = x_hat <= xg[len(xg) // 2]
        return {"x": x_hat, "lo": float(xg[0]) if low_side else x_hat,
                "hi": x_hat if low_side else float(xg[-1]),
                "open_lower": bool(low_side), "open_upper": not low_side, "empty": True}
    lo, hi, olo, ohi = _interval_from_mask(xg, inside, x_hat)
    return {"x": x_hat, "lo": lo, "hi": hi, "open_lower": olo, "open_upper": ohi,
            "empty": False}


def _posterior_summary(xg: np.ndarray, dens: np.ndarray, level: float) -> dict:
    dens = np.where(np.isfinite(dens), dens, 0.0)
    if dens.sum() <= 0:
        return {"x": float("nan"), "lo": float(xg[0]), "hi": float(xg[-1]),
                "open_lower": True, "open_upper": True, "empty": True}
    cdf = np.cumsum(dens)
    cdf /= cdf[-1]
    a = (1 - level) / 2
    lo = float(np.interp(a, cdf, xg))
    hi = float(np.interp(1 - a, cdf, xg))
    med = float(np.interp(0.5, cdf, xg))
    # mass piled at a grid end means the data do not bound that side
    step = xg[1] - xg[0]
    olo = lo <= xg[0] + 2 * step and dens[0] > 0.05 * dens.max()
    ohi = hi >= xg[-1] - 2 * step and dens[-1] > 0.05 * dens.max()
    return {"x": med, "lo": lo, "hi": hi, "open_lower": bool(olo), "open_upper": bool(ohi),
            "empty": False}


def _joint(cal: Calibration, scores: dict[str, float], xg: np.ndarray, level: float,
           method: str, prior: np.ndarray) -> dict:
    bs = list(scores)
    q = len(bs)
    R, _ = cal.correlation(bs)
    mus, sds = [], []
    for b in bs:
        mu, vm, vo = cal.fits[b]._moments(xg)
        mus.append(mu)
        sds.append(np.sqrt(vo))
    M = np.array(mus).T  # (g, q)
    S = np.array(sds).T
    y = np.array([scores[b] for b in bs])
    Z = (y[None, :] - M) / S  # standardised residuals per grid point
    Rinv = np.linalg.inv(R)
    Q = np.einsum("gi,ij,gj->g", Z, Rinv, Z)
    df = min(cal.fits[b].df_resid_ for b in bs)
    qmin = float(Q.min())
    p_cons = float(stats.chi2.sf(qmin, q - 1)) if q > 1 else math.nan
    inflate = max(1.0, qmin / (q - 1)) if q > 1 else 1.0
    Qs = Q / inflate
    if method == "bayes":
        logdet = np.sum(np.log(S), axis=1)  # |S(x)| up to a constant (R fixed)
        logd = -0.5 * Qs - logdet
        dens = np.exp(logd - logd.max()) * prior
        out = _posterior_summary(xg, dens, level)
    else:
        crit = float(stats.f.ppf(level, 1, max(df, 1)))
        inside = (Qs - Qs.min()) <= crit
        x_hat = float(xg[np.argmin(Qs)])
        lo, hi, olo, ohi = _interval_from_mask(xg, inside, x_hat)
        out = {"x": x_hat, "lo": lo, "hi": hi, "open_lower": olo, "open_upper": ohi, "empty": False}
    out.update({"consistency_p": p_cons, "inflate": inflate, "R": R})
    return out


def _parse_score_dict(scores: Mapping[str, Any]) -> dict[str, float]:
    if not scores:
        raise InputError("no scores given; pass e.g. {'simpleqa': 0.42, 'ikp': 0.71}")
    out = {}
    for k, v in scores.items():
        b = resolve_benchmark(k)
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
    div = _detect_scale(vals, "auto", "scores")
    return {k: v / div for k, v in out.items()}


def _default_evidence() -> list[str]:
    b = load_benchmarks()
    return list(b.loc[b["default_evidence"].astype(bool), "benchmark"])


def estimate_size(
    scores: Mapping[str, float] | str | pd.DataFrame,
    *,
    data: pd.DataFrame | None = None,
    benchmarks: Sequence[str] | None = None,
    level: float = 0.9,
    method: str = "inversion",
    exclude: Iterable[str] = (),
    rng: int | None = 0,
    form: str = DEFAULT_FORM,
    grid_b: tuple[float, float] = GRID_B,
    prior_b: tuple[float, float] | None = None,
    n_questions: Mapping[str, float] | None = None,
    calibration: Calibration | None = None,
) -> SizeEstimate | pd.DataFrame:
    """Estimate a model's total parameter count from its benchmark scores.

    Parameters
    ----------
    scores : dict, str or DataFrame
        ``{benchmark: score}`` (fractions; percent detected when unambiguous), or the name
        of a shipped model (its shipped knowledge-benchmark scores are used and the model
        itself is left out of the calibration), or a DataFrame of several models in the
        :func:`paramest.load_scores` / :func:`paramest.read_scores` format (then a tidy
        DataFrame with one row per model is returned).
    data : pandas.DataFrame, optional
        Calibration data in :func:`paramest.load_scores` format (default: shipped). Only
        open-weight rows with a known size calibrate.
    benchmarks : sequence of str, optional
        Benchmarks to use. Default: those of ``scores`` that are knowledge benchmarks
        (reasoning-heavy ones only when named here or given in a dict).
    level : float
        Interval level (default 0.9).
    method : {"inversion", "bayes"}
        Inverted prediction band (default) or grid posterior with a uniform prior on
        log10 params over ``prior_b``.
    exclude : iterable of str
        Model or weights ids to leave out of the calibration.
    rng : int, optional
        Seed, recorded in the result. The default methods are deterministic; the seed is
        kept so that every result states how to reproduce it.
    form : str
        Curve form (see :mod:`paramest.regression`).
    grid_b : (float, float)
        Range of sizes (billions) over which the interval is computed; a side that reaches
        it is reported as unbounded.
    prior_b : (float, float), optional
        Prior range for ``method="bayes"`` (default: ``grid_b``).
    n_questions : dict, optional
        Question count of the new model's evaluation per benchmark, if it was scored on a
        subset or another split.
    calibration : Calibration, optional
        Pre-built fits to reuse (the validation harness passes one per fold).

    Returns
    -------
    SizeEstimate or pandas.DataFrame
    """
    if method not in METHODS:
        raise InputError(f"method must be one of {METHODS}, not {method!r}")
    if not 0 < level < 1:
        raise InputError(f"level must be between 0 and 1 (e.g. 0.9), not {level!r}")
    if data is not None:
        _validate_scores_frame(data)
    if isinstance(scores, pd.DataFrame):
        return _estimate_frame(scores, data=data, benchmarks=benchmarks, level=level,
                               method=method, exclude=exclude, rng=rng, form=form,
                               grid_b=grid_b, prior_b=prior_b)
    model_name = None
    exclude = list(exclude)
    flags: list[str] = []
    if isinstance(scores, str):
        model_name = resolve_model(scores)
        src = load_scores(all_sources=False) if data is None else data
        rows = src[src["model"] == model_name]
        if rows.empty:
            raise InputError(f"model {model_name!r} has no scores in the data")
        allowed = [resolve_benchmark(b) for b in benchmarks] if benchmarks else _default_evidence()
        rows = rows[rows["benchmark"].isin(allowed)]
        if rows.empty:
            have = sorted(src.loc[src["model"] == model_name, "benchmark"])
            raise InputError(f"model {model_name!r} has no score on {allowed}; it has {have}. "
                             "Pass benchmarks=[...] to use those.")
        score_dict = dict(zip(rows["benchmark"], rows["score"].astype(float)))
        # never calibrate on the model being estimated, nor on its other variants
        m = load_models().set_index("model")
        if model_name in m.index and bool(m.loc[model_name, "open_weights"]):
            exclude += [model_name, m.loc[model_name, "weights"]]
    else:
        score_dict = _parse_score_dict(scores)
        if benchmarks:
            keep = {resolve_benchmark(b) for b in benchmarks}
            missing = keep - set(score_dict)
            if missing:
                raise InputError(f"benchmarks {sorted(missing)} were named but have no score")
            score_dict = {k: v for k, v in score_dict.items() if k in keep}
    if not score_dict:
        raise InputError("no usable score")

    cal = calibration
    if cal is None:
        key = (tuple(sorted(score_dict)), form, level, tuple(sorted(exclude)))
        cal = _SHIPPED_CACHE.get(key) if data is None else None
        if cal is None:
            cal = Calibration(data, list(score_dict), form=form, exclude=exclude, level=level)
            if data is None:
                _SHIPPED_CACHE[key] = cal
    usable = {b: s for b, s in score_dict.items() if b in cal.fits}
    for b in score_dict:
        if b not in cal.fits:
            msg = cal.errors.get(b, "no fitted curve")
            if model_name is None and len(score_dict) == 1:
                raise FitError(msg)
            flags.append(f"{b} not used: {msg}")
    if not usable:
        raise FitError("no benchmark has enough calibration models: " + "; ".join(flags))

    xg = np.linspace(math.log10(grid_b[0]), math.log10(grid_b[1]), GRID_N)
    pb = prior_b or grid_b
    prior = ((xg >= math.log10(pb[0]) - 1e-9) & (xg <= math.log10(pb[1]) + 1e-9)).astype(float)

    per = []
    for b, y0 in usable.items():
        f = cal.fits[b]
        nq0 = (n_questions or {}).get(b)
        r = _single(f, y0, xg, level, method, nq0, prior)
        chance = f.chance_
        pf = []
        if y0 < chance:
            pf.append("below chance")
        top = f.data_["score"].max()
        if y0 > top:
            pf.append("above every calibration model")
        if r.get("empty"):
            pf.append(f"not consistent with any size in {format_params(grid_b[0])}-"
                      f"{format_params(grid_b[1])}")
        per.append({"benchmark": b, "score": y0, "params_b": 10 ** r["x"], "lower_b": 10 ** r["lo"],
                     "upper_b": 10 ** r["hi"], "open_lower": r["open_lower"],
                     "open_upper": r["open_upper"], "n_calibration": f.n_models_,
                     "calibration_max_b": f.x_range_[1], "flags": "; ".join(pf)})
        for p in pf:
            flags.append(f"{b} score {y0:.3g} is {p}")
    per_df = pd.DataFrame(per)

    if len(usable) == 1:
        r0 = per[0]
        x, lo, hi = math.log10(r0["params_b"]), math.log10(r0["lower_b"]), math.log10(r0["upper_b"])
        olo, ohi, cons_p, inconsistent = r0["open_lower"], r0["open_upper"], math.nan, False
    else:
        j = _joint(cal, usable, xg, level, method, prior)
        x, lo, hi, olo, ohi = j["x"], j["lo"], j["hi"], j["open_lower"], j["open_upper"]
        cons_p = j["consistency_p"]
        inconsistent = bool(np.isfinite(cons_p) and cons_p < 0.05)
        if inconsistent:
            flags.append(f"benchmarks disagree (consistency p = {cons_p:.3g}); interval widened "
                         f"by a factor {math.sqrt(j['inflate']):.2f} on the score scale")

    cal_lo = min(cal.fits[b].x_range_[0] for b in usable)
    cal_hi = max(cal.fits[b].x_range_[1] for b in usable)
    est = 10 ** x
    extrapolated = bool(est > cal_hi * 1.0001 or est < cal_lo / 1.0001)
    if extrapolated:
        flags.append(f"extrapolated: estimate outside the calibration range "
                     f"{format_params(cal_lo)}-{format_params(cal_hi)}")
    if olo or ohi:
        flags.append("interval unbounded " + ("below" if olo and not ohi else "above" if ohi and not olo
                                              else "on both sides") + f" within {format_params(grid_b[0])}"
                     f"-{format_params(grid_b[1])}")
    return SizeEstimate(
        params_b=float(est), lower_b=float(10 ** lo), upper_b=float(10 ** hi), level=level,
        method=method, model=model_name, benchmarks=list(usable), scores=dict(usable),
        per_benchmark=per_df, n_calibration=cal.n_calibration,
        calibration_range_b=(cal_lo, cal_hi), extrapolated=extrapolated, open_lower=bool(olo),
        open_upper=bool(ohi), inconsistent=inconsistent, consistency_p=cons_p, flags=flags,
        sources=cal.sources(list(usable)), seed=rng, grid_b=tuple(grid_b), form=form)


def _estimate_frame(df: pd.DataFrame, **kw) -> pd.DataFrame:
    need = {"model", "benchmark", "score"}
    if not need <= set(df.columns):
        raise InputError(f"a DataFrame of scores needs columns {sorted(need)}; found {list(df.columns)}")
    rows = []
    data = kw.pop("data")
    benchmarks = kw.pop("benchmarks")
    allowed = [resolve_benchmark(b) for b in benchmarks] if benchmarks else _default_evidence()
    d = df[df["benchmark"].isin(allowed)]
    cal_cache: dict[tuple, Calibration] = {}
    for model, g in d.groupby("model", sort=False):
        sc = dict(zip(g["benchmark"], g["score"].astype(float)))
        key = tuple(sorted(sc))
        if key not in cal_cache:
            cal_cache[key] = Calibration(data, list(key), form=kw["form"], level=kw["level"],
                                         exclude=kw["exclude"])
        try:
            e = estimate_size(sc, data=data, calibration=cal_cache[key], **kw)
        except (FitError, InputError) as err:
            rows.append({"model": model, "error": str(err)})
            continue
        e.model = str(model)
        rows.append(e.to_frame().iloc[0].to_dict())
    out = pd.DataFrame(rows)
    skipped = sorted(set(df["model"]) - set(d["model"]))
    out.attrs["skipped"] = {m: f"no score on {allowed}" for m in skipped}
    return out
