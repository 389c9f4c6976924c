"""Stage 2b, the calibration: every benchmark's curve, their shared residual correlation,
and the interval recalibration learnt from held-out open models.

:class:`Calibration` is what :func:`paramest.estimate_size` inverts. Build it once with
``Calibration(...).fit(data)`` and reuse it for many estimates (the validation harness
builds one per fold).

Benchmark screening
-------------------
A benchmark is used as evidence when at least ``min_models`` sets of open weights
calibrate it and its slope is clearly positive (``slope / SE >= min_slope_z``). The rule
does not depend on the interval level, so intervals at 0.8 and 0.9 use the same
benchmarks and nest.

Residual correlation
--------------------
A model that knows more than its size suggests on one knowledge benchmark tends to on the
others. Each score's residual is standardised to the scatter scale,
``z = (y - mu) / (tau * mu')`` with known extra variance ``v = (Var_mean + binomial) /
(tau mu')^2``, and one correlation ``rho`` is shared by every pair of benchmarks. Its
posterior (Student-t likelihood of the units with two or more scores, times a
N(0, 1.5^2) prior on ``atanh(rho)``) is kept as nine equally weighted quantile points, so
that inversion averages over the uncertainty of ``rho`` instead of plugging in one value.

Interval recalibration
----------------------
The raw posterior of a held-out model's size is only as honest as the curve's error
model. Its quantile levels are recalibrated with the probability-integral-transform (PIT)
values of held-out open models: the PIT of a model is where its true size falls in its own
leave-one-developer-out posterior. A 90% interval is then the posterior between the
conformal 5% and 95% quantiles of those PIT values (split-conformal on the quantile
scale), which widens each side by as much as held-out models needed. The shipped PIT
values come from ``benchmarks/calibrate_intervals.py`` on the shipped data; their
provenance is in ``paramest/regression/_recalibration.json``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .curve import CurveFit, calibration_frame
from ..ingest import (
    data_version,
    default_evidence,
    load_models,
    load_scores,
    resolve_benchmark,
    select_variants,
    validate_scores,
)
from ..errors import FitError, InputError
from ..units import round_sig

__all__ = ["Calibration", "Recalibration", "data_fingerprint", "recalibration_group",
           "shipped_recalibration"]

RHO_PRIOR_SD = 1.5  # prior SD of atanh(rho)
_THETA = np.linspace(-1.8, 2.6, 89)  # atanh(rho) grid: rho from -0.95 to 0.99
_SETTINGS = ("benchmarks", "form", "likelihood", "df", "mode_term", "pool_settings",
             "variant_rule", "min_models",
             "min_slope_z", "alt_forms", "recalibration")


def data_fingerprint(data: pd.DataFrame | None) -> str:
    """Short content hash of a score frame ("shipped" for the shipped data).

    Parameters
    ----------
    data : pandas.DataFrame or None
        Scores in the :func:`paramest.load_scores` format; None stands for the shipped
        data.

    Returns
    -------
    str
        ``"shipped"`` for None, else the first 12 hex digits of a SHA-256 over the
        columns that matter to a fit (``model, benchmark, score, total_params_b,
        open_weights, weights, thinking, effort``, those present).
    """
    if data is None:
        return "shipped"
    cols = [c for c in ("model", "benchmark", "score", "total_params_b", "open_weights",
                        "weights", "thinking", "effort") if c in data]
    h = pd.util.hash_pandas_object(data[cols].astype(str), index=False).to_numpy()
    return hashlib.sha256(h.tobytes()).hexdigest()[:12]


def recalibration_group(benchmarks: Iterable[str]) -> str:
    """Recalibration group of an estimate: ``"ikp"`` when IKP is among its benchmarks.

    IKP's 1,311 questions and small scatter give narrower posteriors than the other
    benchmarks', and held-out models showed they need their own recalibration
    (Mondrian conformal by group).

    Parameters
    ----------
    benchmarks : iterable of str
        Canonical ids of the benchmarks behind the estimate.

    Returns
    -------
    str
        ``"ikp"`` or ``"other"``.
    """
    return "ikp" if "ikp" in set(benchmarks) else "other"


class Recalibration:
    """PIT values of held-out open models, and the quantile levels they imply.

    Parameters
    ----------
    pit : array-like
        Probability-integral-transform values in [0, 1] (where each held-out model's true
        size fell in its own posterior).
    groups : array-like of str, optional
        Group of each value (:func:`recalibration_group`). A group with at least
        ``MIN_GROUP`` values is recalibrated on its own values (Mondrian conformal).
    info : dict, optional
        Provenance: how and on what data the values were obtained.

    Raises
    ------
    InputError
        Fewer than 10 values, a value that is not finite, or ``groups`` of another
        length than ``pit``.
    """

    MIN_GROUP = 30

    def __init__(self, pit: Iterable[float], groups: Iterable[str] | None = None,
                 info: dict | None = None) -> None:
        p = np.clip(np.asarray(list(pit), float), 0.0, 1.0)
        if p.size < 10 or not np.all(np.isfinite(p)):
            raise InputError(f"a recalibration needs at least 10 finite PIT values, got {p.size}")
        g = np.asarray(list(groups), dtype=object) if groups is not None else np.full(p.size, "all", dtype=object)
        if g.size != p.size:
            raise InputError("pit and groups must have the same length")
        order = np.argsort(p, kind="mergesort")
        self.pit, self.groups = p[order], g[order]
        self.info = dict(info or {})

    @property
    def n(self) -> int:
        """Number of held-out models behind the recalibration."""
        return int(self.pit.size)

    def values(self, group: str | None = None) -> np.ndarray:
        """Sorted PIT values of ``group`` if it has enough of them, else of all groups.

        Parameters
        ----------
        group : str, optional
            A group (:func:`recalibration_group`). None, or a group with fewer than
            ``MIN_GROUP`` values, gives every value.

        Returns
        -------
        numpy.ndarray
            PIT values in increasing order.
        """
        if group is not None:
            own = self.pit[self.groups == group]
            if own.size >= self.MIN_GROUP:
                return own
        return self.pit

    def levels(self, level: float, group: str | None = None) -> tuple[float, float]:
        """Posterior quantile levels (lower, upper) for a calibrated ``level`` interval.

        Split-conformal on each side: the lower level is the k-th smallest PIT with
        ``k = floor((n + 1) * (1 - level) / 2)`` (0 when k = 0: the side is then
        unbounded), the upper the k'-th with ``k' = ceil((n + 1) * (1 + level) / 2)``
        (1 when k' > n). ``n`` counts the values of :meth:`values`; the lower level is at
        most 0.5 and the upper at least 0.5.

        Parameters
        ----------
        level : float
            Interval level, e.g. 0.9.
        group : str, optional
            Recalibration group of the estimate (:meth:`values`).

        Returns
        -------
        (float, float)
            Posterior quantile levels of the interval's lower and upper ends.
        """
        p = self.values(group)
        n = p.size
        a = (1 - level) / 2
        k_lo = math.floor((n + 1) * a)
        k_hi = math.ceil((n + 1) * (1 - a))
        lo = float(p[k_lo - 1]) if k_lo >= 1 else 0.0
        hi = float(p[k_hi - 1]) if k_hi <= n else 1.0
        return min(lo, 0.5), max(hi, 0.5)

    def to_dict(self) -> dict:
        """JSON-safe: the PIT values (4 decimals), their groups and their provenance.

        Returns
        -------
        dict
            ``n``, ``pit`` (sorted), ``groups`` (one per value) and ``info``.
        """
        return {"n": self.n, "pit": [round(float(v), 4) for v in self.pit],
                "groups": [str(g) for g in self.groups], "info": self.info}

    def __repr__(self) -> str:
        lo, hi = self.levels(0.9)
        return f"Recalibration(n={self.n}, 90% interval -> posterior quantiles {lo:.3f}-{hi:.3f})"


@functools.cache
def shipped_recalibration() -> Recalibration | None:
    """The recalibration shipped with paramest (``paramest/regression/_recalibration.json``), if any.

    Read once per process.

    Returns
    -------
    Recalibration or None
        The shipped PIT values, their groups and provenance; None when the file is
        absent.
    """
    try:
        path = Path(str(resources.files("paramest.regression") / "_recalibration.json"))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - defensive
        path = Path(__file__).with_name("_recalibration.json")
    if not path.exists():
        return None
    obj = json.loads(path.read_text())
    return Recalibration(obj["pit"], obj.get("groups"), obj.get("info"))


class Calibration:
    """Fitted curves of several benchmarks plus their shared residual correlation.

    The constructor stores settings; :meth:`fit` does the work and returns ``self``.

    Parameters
    ----------
    benchmarks : sequence of str, optional
        Benchmarks to fit (default: the knowledge benchmarks, :func:`paramest.default_evidence`).
    form : {"logistic", "linear"}
        Curve form used for estimates.
    likelihood : {"t", "normal"}
        Residual distribution of the logistic curves and of the joint inversion.
    df : float
        Student-t degrees of freedom (4).
    mode_term : bool or "auto"
        Add a ``thinking`` covariate to a benchmark's curve (a reasoning-setting shift).
        ``"auto"`` adds it where at least 5 calibration units are in each setting (with
        ``pool_settings``, 5 sets of weights scored in both). Off by default: with the
        thinking-first variant rule it made held-out estimates worse
        (``benchmarks/results/validation.md``).
    pool_settings : bool
        Calibrate on every setting of each set of weights (each weighted so that the set
        counts once), so that the ``thinking`` term is identified within sets of weights.
    variant_rule : {"think", "nothink"}
        Which setting of a set of weights calibrates (:func:`paramest.select_variants`).
    min_models : int
        Screening: fewest calibration units for a benchmark to be used (8).
    min_slope_z : float
        Screening: least slope / SE (1.645, one-sided 95%).
    alt_forms : sequence of str
        Other curve forms fitted alongside, whose estimates every result reports
        (default ``("linear",)``).
    recalibration : "shipped", None or Recalibration
        Interval recalibration (module docstring). ``"shipped"`` uses the shipped PIT
        values when the calibration data are the shipped data and the settings are the
        defaults; otherwise intervals are the raw posterior's and say so.
    exclude : iterable of str
        Model or weights ids left out of every fit (e.g. the model being estimated).

    Attributes
    ----------
    fits_ : dict of str -> CurveFit
        Usable benchmarks' curves.
    alt_fits_ : dict of str -> dict of str -> CurveFit
        Alternative forms' curves, per form and benchmark.
    screening_ : pandas.DataFrame
        One row per benchmark: ``n_models, slope_z, usable, reason``.
    rho_, rho_ci_ : float, tuple
        Posterior median and 90% interval of the shared residual correlation.
    rho_draws_ : ndarray
        Nine equally weighted posterior quantile points of ``rho``.
    n_pairs_ : int
        Units with two or more usable scores (the evidence for ``rho``).
    recalibration_ : Recalibration or None
        The interval recalibration in use (None: intervals are the raw posterior's).
    data_source_ : str
        ``"shipped"`` or a content hash of user data.
    data_version_ : str
        Version of the shipped tables (:func:`paramest.data_version`).
    """

    def __init__(
        self,
        benchmarks: Sequence[str] | str | None = None,
        *,
        form: str = "logistic",
        likelihood: str = "t",
        df: float = 4.0,
        mode_term: bool | str = False,
        pool_settings: bool = False,
        variant_rule: str = "think",
        min_models: int = 8,
        min_slope_z: float = 1.645,
        alt_forms: Sequence[str] = ("linear",),
        recalibration: Any = "shipped",
        exclude: Iterable[str] = (),
    ) -> None:
        self.benchmarks = benchmarks
        self.form = form
        self.likelihood = likelihood
        self.df = df
        self.mode_term = mode_term
        self.pool_settings = pool_settings
        self.variant_rule = variant_rule
        self.min_models = min_models
        self.min_slope_z = min_slope_z
        self.alt_forms = tuple(alt_forms)
        self.recalibration = recalibration
        self.exclude = tuple(exclude)

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Constructor settings (scikit-learn convention).

        Parameters
        ----------
        deep : bool
            Accepted for scikit-learn compatibility; it changes nothing.

        Returns
        -------
        dict
            Every constructor argument by name, as stored.
        """
        return {k: getattr(self, k) for k in (*_SETTINGS, "exclude")}

    def clone(self, **changes: Any) -> Calibration:
        """An unfitted copy with the same settings (and ``changes`` applied).

        Parameters
        ----------
        **changes
            Constructor settings to change in the copy.

        Returns
        -------
        Calibration
            Unfitted.
        """
        return Calibration(**{**self.get_params(), **changes})

    # ------------------------------------------------------------------ fitting
    def fit(self, data: pd.DataFrame | None = None, *, checked: bool = False) -> Calibration:
        """Fit every benchmark's curve and the residual correlation; returns self.

        Parameters
        ----------
        data : pandas.DataFrame, optional
            Scores in the :func:`paramest.load_scores` format (default: shipped).
        checked : bool
            ``data`` was already checked by :func:`paramest.validate_scores` (callers
            that validate once at their entry point pass True).

        Returns
        -------
        Calibration
            ``self``, fitted. A benchmark that fails screening or cannot be fitted is
            left out of ``fits_``, with the reason in ``screening_``.

        Raises
        ------
        InputError
            An invalid setting (``mode_term``, ``recalibration``, a curve setting) or
            invalid ``data``.
        UnknownBenchmarkError
            A benchmark of ``benchmarks`` is not known.
        FitError
            No benchmark can be used.
        """
        if self.mode_term not in (True, False, "auto"):
            raise InputError(f"mode_term must be True, False or 'auto', not {self.mode_term!r}")
        self.data_source_ = data_fingerprint(data)
        self.data_version_ = str(data_version())
        if data is None:
            data = load_scores()
        elif not checked:
            validate_scores(data)
        self.data_ = data
        bench = self.benchmarks
        if bench is None:
            bench = default_evidence()
        elif isinstance(bench, str):
            bench = [bench]
        bench = list(dict.fromkeys(resolve_benchmark(b) for b in bench))
        self.benchmarks_ = bench
        self.fits_: dict[str, CurveFit] = {}
        self.alt_fits_: dict[str, dict[str, CurveFit]] = {f: {} for f in self.alt_forms}
        rows = []
        for b in bench:
            frame, dropped = calibration_frame(data, b, covariates=("thinking",), exclude=self.exclude,
                                               variant_rule="all" if self.pool_settings else self.variant_rule)
            cov: tuple[str, ...] = ()
            n_think = int(frame["thinking"].sum()) if len(frame) else 0
            if self.pool_settings:
                # the setting effect is identified within sets of weights scored both ways
                both = frame.groupby("weights")["thinking"].nunique()
                n_pairs = int((both == 2).sum())
                add = n_pairs >= 5
            else:
                add = min(n_think, len(frame) - n_think) >= 5
            if self.mode_term is True or (self.mode_term == "auto" and add):
                cov = ("thinking",)
            f = CurveFit(b, form=self.form, likelihood=self.likelihood, df=self.df,
                         covariates=cov, variant_rule=self.variant_rule)
            rec = {"benchmark": b, "n_models": int(frame["weights"].nunique()), "n_thinking": n_think,
                   "mode_term": bool(cov), "slope_z": np.nan, "usable": False, "reason": ""}
            try:
                if rec["n_models"] < self.min_models:
                    raise FitError(f"{rec['n_models']} calibration units (fewer than {self.min_models})")
                f.fit_frame(frame, dropped)
                rec["slope_z"] = f.slope_z_
                if not f.slope_z_ >= self.min_slope_z:
                    raise FitError(f"slope not clearly positive (slope/SE = {f.slope_z_:.2f} < "
                                   f"{self.min_slope_z:g})")
                for form in self.alt_forms:
                    self.alt_fits_[form][b] = f.clone(form=form).fit_frame(frame, dropped)
                self.fits_[b] = f
                rec["usable"] = True
            except FitError as e:
                rec["reason"] = str(e).removeprefix(f"{b}: ")
            rows.append(rec)
        self.screening_ = pd.DataFrame(rows)
        if not self.fits_:
            raise FitError("no benchmark can be used: " + "; ".join(
                f"{r['benchmark']}: {r['reason']}" for r in rows))
        self._fit_rho()
        self.recalibration_ = self._resolve_recalibration(data)
        return self

    def _resolve_recalibration(self, data: pd.DataFrame) -> Recalibration | None:
        r = self.recalibration
        if r is None or isinstance(r, Recalibration):
            return r
        if r != "shipped":
            raise InputError("recalibration must be 'shipped', None or a Recalibration, "
                             f"not {r!r}")
        shipped = shipped_recalibration()
        if shipped is None:
            return None
        defaults = Calibration().get_params()
        same = all(self.get_params()[k] == defaults[k] for k in _SETTINGS if k != "benchmarks")
        # Recalibration learnt on the shipped data transfers to data that extend them (a
        # user's new benchmark or models), not to unrelated data: most calibration units
        # must be shipped open weights.
        shipped_w = set(load_models().query("open_weights")["weights"])
        units = set().union(*(set(f.data_["weights"]) for f in self.fits_.values()))
        overlap = len(units & shipped_w) / max(len(units), 1)
        return shipped if same and overlap >= 0.8 else None

    def _residuals(self) -> pd.DataFrame:
        """Standardised residuals z and their known extra variance v, one row per (unit, benchmark)."""
        out = []
        for b, f in self.fits_.items():
            # one row per set of weights: the setting the variant rule picks
            d, _ = select_variants(f.data_, rule=self.variant_rule)
            m = f.moments(d["x"].to_numpy(float),
                          covariates={c: d[c].to_numpy(float) for c in f.covariates})
            mean, between, extra = m.mean, m.between_sd, m.var_mean + m.var_binom
            sd = np.clip(between, 1e-9, None)
            out.append(pd.DataFrame({"weights": d["weights"].to_numpy(), "benchmark": b,
                                     "z": (d["score"].to_numpy(float) - mean) / sd,
                                     "v": extra / sd ** 2}))
        return pd.concat(out, ignore_index=True)

    def _fit_rho(self) -> None:
        res = self._residuals()
        counts = res.groupby("weights")["benchmark"].transform("size")
        multi = res[counts >= 2]
        self.n_pairs_ = int(multi["weights"].nunique())
        loglik = np.zeros_like(_THETA)
        rhos = np.tanh(_THETA)
        nu = None if self.likelihood == "normal" else float(self.df)
        multi = multi.sort_values(["weights", "benchmark"])
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
            # an equicorrelation matrix plus a positive diagonal loses definiteness through
            # a single eigenvalue, so a non-positive determinant sign is the exact test
            ll = np.where(sign > 0, ll, -np.inf)
            loglik += ll.sum(axis=0)
        logpost = loglik + stats.norm.logpdf(_THETA, 0, RHO_PRIOR_SD)
        logpost = np.where(np.isfinite(logpost), logpost, -np.inf)
        w = np.exp(logpost - logpost.max())
        cdf = np.cumsum(w) / w.sum()
        qs = np.interp((np.arange(9) + 0.5) / 9, cdf, rhos)
        self.rho_draws_ = qs
        self.rho_ = float(np.interp(0.5, cdf, rhos))
        self.rho_ci_ = (float(np.interp(0.05, cdf, rhos)), float(np.interp(0.95, cdf, rhos)))

    # ------------------------------------------------------------------ results
    def _check_fitted(self) -> None:
        if not hasattr(self, "fits_"):
            raise FitError("this Calibration is not fitted yet; call .fit() first")

    def _used(self, benchmarks: Iterable[str] | None) -> list[CurveFit]:
        self._check_fitted()
        if benchmarks is None:
            return list(self.fits_.values())
        bs = [resolve_benchmark(b) for b in benchmarks]
        missing = [b for b in bs if b not in self.fits_]
        if missing:
            raise InputError(f"{missing} have no usable curve in this calibration; usable: "
                             f"{sorted(self.fits_)}")
        return [self.fits_[b] for b in bs]

    def units(self, benchmarks: Iterable[str] | None = None) -> set[str]:
        """Sets of open weights behind the curves of ``benchmarks`` (default: every curve).

        Parameters
        ----------
        benchmarks : iterable of str, optional
            Benchmarks with a usable curve. Default: every usable curve.

        Returns
        -------
        set of str
            ``weights`` ids.

        Raises
        ------
        FitError
            The calibration is not fitted.
        InputError
            A benchmark has no usable curve in this calibration.
        """
        return set().union(*(set(f.data_["weights"]) for f in self._used(benchmarks)))

    def x_range_b(self, benchmarks: Iterable[str] | None = None) -> tuple[float, float]:
        """Smallest and largest calibration model behind the curves of ``benchmarks``.

        Parameters
        ----------
        benchmarks : iterable of str, optional
            Default: every usable curve.

        Returns
        -------
        (float, float)
            Billions of total parameters.

        Raises
        ------
        FitError
            The calibration is not fitted.
        InputError
            A benchmark has no usable curve in this calibration.
        """
        fits = self._used(benchmarks)
        return min(f.x_range_b_[0] for f in fits), max(f.x_range_b_[1] for f in fits)

    @property
    def n_units_(self) -> int:
        """Distinct sets of open weights in any usable curve."""
        return len(self.units())

    @property
    def x_range_b_(self) -> tuple[float, float]:
        """Smallest and largest calibration model over the usable curves, billions."""
        return self.x_range_b()

    def release_range(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """5th and 95th percentile release date of the calibration units.

        Returns
        -------
        (pandas.Timestamp, pandas.Timestamp)
            Over the sets of weights behind every usable curve (one date per set); both
            ``NaT`` when no release date is known.

        Raises
        ------
        FitError
            The calibration is not fitted.
        """
        self._check_fitted()
        d = pd.concat([f.data_[["weights", "release_date"]] for f in self.fits_.values()])
        dates = pd.to_datetime(d.drop_duplicates("weights")["release_date"]).dropna()
        if dates.empty:
            return pd.NaT, pd.NaT
        return dates.quantile(0.05), dates.quantile(0.95)

    def sources(self, benchmarks: Sequence[str]) -> list[str]:
        """Distinct sources of the calibration scores of ``benchmarks``.

        Parameters
        ----------
        benchmarks : sequence of str
            Canonical benchmark ids; those without a usable curve are ignored.

        Returns
        -------
        list of str
            Sorted ``source`` values of the calibration rows.

        Raises
        ------
        FitError
            The calibration is not fitted.
        """
        self._check_fitted()
        s: set[str] = set()
        for b in benchmarks:
            if b in self.fits_:
                s |= set(self.fits_[b].data_["source"].astype(str))
        return sorted(s)

    @property
    def summary(self) -> pd.DataFrame:
        """One row per benchmark: screening and the fitted curve's main statistics."""
        self._check_fitted()
        s = self.screening_.copy()
        s["scatter_dex"] = s["benchmark"].map({b: f.scatter_dex_ for b, f in self.fits_.items()})
        s["x_max_b"] = s["benchmark"].map({b: f.x_range_b_[1] for b, f in self.fits_.items()})
        return s

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe description: settings, screening, correlation, recalibration, version.

        Returns
        -------
        dict
            ``settings``, ``benchmarks`` (each usable curve's :meth:`CurveFit.to_dict`),
            ``screening`` (records), ``rho``, ``rho_ci``, ``n_pairs``, ``recalibration``
            (``n`` and provenance, or None), ``data_source`` and ``data_version``.

        Raises
        ------
        FitError
            The calibration is not fitted.
        """
        self._check_fitted()
        return {
            "settings": {k: (list(v) if isinstance(v, tuple) else (v if isinstance(v, (str, int, float, bool, type(None), list)) else repr(v)))
                         for k, v in self.get_params().items()},
            "benchmarks": {b: f.to_dict() for b, f in self.fits_.items()},
            "screening": self.screening_.replace({np.nan: None}).to_dict(orient="records"),
            "rho": round_sig(self.rho_), "rho_ci": [round_sig(v) for v in self.rho_ci_],
            "n_pairs": self.n_pairs_,
            "recalibration": None if self.recalibration_ is None else {
                "n": self.recalibration_.n, **self.recalibration_.info},
            "data_source": self.data_source_, "data_version": self.data_version_,
        }

    def __repr__(self) -> str:
        if not hasattr(self, "fits_"):
            return f"Calibration({self.benchmarks!r}, form={self.form!r}, unfitted)"
        return (f"Calibration({', '.join(self.fits_)}; {self.n_units_} sets of open weights, "
                f"rho {self.rho_:.2f} [{self.rho_ci_[0]:.2f}, {self.rho_ci_[1]:.2f}], "
                f"recalibration {'n=' + str(self.recalibration_.n) if self.recalibration_ else 'none'})")
