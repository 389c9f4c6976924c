"""Stage 2b, the calibration: every benchmark's curve, their shared residual correlation,
and the interval recalibration learnt from held-out open models.

:class:`Calibration` is what :func:`paramest.estimate_size` inverts. Build it once with
``Calibration(...).fit(data)`` and reuse it for many estimates (the validation harness
builds one per fold). Fitted curves are cached by the evidence's fingerprint, the benchmark
table and the settings (:mod:`paramest.cache`), so calibrations on the same data that share
benchmarks share their curves.

Benchmark screening
-------------------
A benchmark is used as evidence when at least ``min_models`` sets of open weights
calibrate it and its slope is clearly positive (``slope / SE >= min_slope_z``). The rule
does not depend on the interval level, so intervals at 0.8 and 0.9 use the same
benchmarks and nest.

The residual correlation is in :mod:`paramest.regression.correlation`, the interval
recalibration in :mod:`paramest.regression.recalibration`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.base import clone as sk_clone

from ..cache import CURVES, freeze
from ..errors import FitError, InputError
from ..ingest import (
    Evidence,
    as_evidence,
    benchmark_table_fingerprint,
    default_evidence,
    resolve_benchmark,
)
from ..results import ResultIO
from ..units import to_json_safe
from .correlation import rho_posterior, standardised_residuals
from .curve import CurveFit, calibration_frame
from .recalibration import Recalibration, recalibration_group, shipped_recalibration

__all__ = ["INTERNAL_SETTINGS", "REASONING_BENCHMARKS", "Calibration"]

# settings that change what a curve is (a default-valued Calibration uses the shipped recalibration)
_CURVE_SETTINGS = ("form", "likelihood", "df", "mode_term", "pool_settings", "variant_rule",
                   "min_models", "min_slope_z", "alt_forms", "top_slope", "low_shape")
# settings that change the estimates but not the curves (they also decide the recalibration)
_ESTIMATE_SETTINGS = ("reasoning_block", "in_range_low_shape")
# settings paramest sets itself: not accepted from users by the entry points
INTERNAL_SETTINGS = ("in_range",)

# The gated block (``reasoning_block``) and the knowledge-below-reasoning check's benchmarks
# (benchmarks/results/validation.md compares the block with no block)
REASONING_BENCHMARKS = ("mmlu-pro", "gpqa-diamond", "mmlu")


# why the shipped recalibration does not apply although one could be refitted on the data
# (paramest.inversion.calibration_for refits for exactly these reasons)
DATA_CHANGED = "the data change or drop shipped rows"
EXCLUDED_NOT_REMOVABLE = "the excluded models cannot be removed from the shipped recalibration"
REFIT_REASONS = (DATA_CHANGED, EXCLUDED_NOT_REMOVABLE)


class Calibration(ResultIO, BaseEstimator):
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
    top_slope : bool
        Give each curve a second slope above the 80th percentile of its calibration sizes,
        with its own uncertainty, so the data decide how much of the slope holds at the top
        (:meth:`paramest.CurveFit.informative_range`). Off by default (see
        ``benchmarks/run_validation.py`` for the comparison).
    low_shape : sequence of str
        Benchmarks whose curve gets a low-end shape term (curvature below the median
        calibration size), e.g. ``("aa-omniscience",)``. Empty by default.
    reasoning_block : sequence of str
        Benchmarks used only as a gated block (default :data:`REASONING_BENCHMARKS`): their
        scores join only for a model its knowledge scores bound below 100B
        (:mod:`paramest.inversion.block`), never a frontier one. ``()`` turns it off; like
        any non-default setting, that leaves intervals without the shipped recalibration.
    in_range_low_shape : sequence of str
        Benchmarks whose curve gets the low-end shape term in the in-range calibration
        only (default ``("aa-omniscience",)``), so it never shapes a frontier estimate.
    in_range : bool
        Whether this is the in-range calibration (its curves get ``in_range_low_shape``),
        set by :mod:`paramest.inversion`. The shipped recalibration covers both.

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
    recalibration_note_ : str
        Why there is no recalibration ("" when there is one).
    exclude_ : tuple of str
        The ids left out of the fits.
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
        top_slope: bool = False,
        low_shape: Sequence[str] = (),
        reasoning_block: Sequence[str] = REASONING_BENCHMARKS,
        in_range_low_shape: Sequence[str] = ("aa-omniscience",),
        in_range: bool = False,
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
        self.alt_forms = alt_forms
        self.recalibration = recalibration
        self.exclude = exclude
        self.top_slope = top_slope
        self.low_shape = low_shape
        self.reasoning_block = reasoning_block
        self.in_range_low_shape = in_range_low_shape
        self.in_range = in_range

    def set_params(self, **params: Any) -> Calibration:
        """Change settings; returns self (scikit-learn convention).

        Parameters
        ----------
        **params
            Constructor settings by name.

        Returns
        -------
        Calibration

        Raises
        ------
        InputError
            A name that is not a setting.
        """
        bad = sorted(set(params) - set(self.get_params()))
        if bad:
            raise InputError(f"unknown Calibration setting(s) {bad}; settings are "
                             f"{sorted(self.get_params())}")
        return super().set_params(**params)

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

        Examples
        --------
        >>> Calibration(["ikp"]).clone(form="linear").form
        'linear'
        """
        return sk_clone(self).set_params(**changes)

    # ------------------------------------------------------------------ fitting
    def _check_settings(self) -> tuple[list[str] | None, tuple[str, ...]]:
        if self.mode_term not in (True, False, "auto"):
            raise InputError(f"mode_term must be True, False or 'auto', not {self.mode_term!r}")
        if isinstance(self.exclude, str):
            raise InputError(f"exclude must be a list of model ids, not the string {self.exclude!r} "
                             f"(write exclude=[{self.exclude!r}])")
        if isinstance(self.reasoning_block, str):
            raise InputError(f"reasoning_block must be a list of benchmark ids, not the string "
                             f"{self.reasoning_block!r} (write reasoning_block=[{self.reasoning_block!r}], "
                             "or () to turn the block off)")
        for b in self.reasoning_block or ():
            resolve_benchmark(b)  # an unknown id fails here, with the known ones listed
        bench = self.benchmarks
        if isinstance(bench, str):
            bench = [bench]
        if bench is not None:
            if len(list(bench)) == 0:
                raise InputError("benchmarks=[] names no benchmark; pass None for the default "
                                 "knowledge benchmarks")
            bench = list(dict.fromkeys(resolve_benchmark(b) for b in bench))
        return bench, tuple(self.exclude or ())

    def fit(self, data: pd.DataFrame | Evidence | None = None) -> Calibration:
        """Fit every benchmark's curve and the residual correlation; returns self.

        Parameters
        ----------
        data : pandas.DataFrame or Evidence, optional
            Scores in the :func:`paramest.load_scores` format (default: shipped), checked
            once here (:func:`paramest.ingest.as_evidence`).

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

        Examples
        --------
        >>> cal = Calibration(["ikp"]).fit()
        >>> sorted(cal.fits_)
        ['ikp']
        """
        bench, exclude = self._check_settings()
        ev = as_evidence(data)
        self.data_source_ = ev.source
        self.data_version_ = ev.data_version
        self.benchmarks_ = bench if bench is not None else default_evidence()
        self.exclude_ = exclude
        self.fits_: dict[str, CurveFit] = {}
        self.alt_fits_: dict[str, dict[str, CurveFit]] = {f: {} for f in self.alt_forms}
        rows, residuals = [], []
        for b in self.benchmarks_:
            # keyed by b's own table row: registering another benchmark leaves the curve cached
            key = ("curve", ev.fingerprint, benchmark_table_fingerprint([b]), b, frozenset(exclude),
                   freeze({**{k: getattr(self, k) for k in _CURVE_SETTINGS},
                           "low_shape": self._low_shape()}))
            rec, fit, alts, resid = CURVES.get(key, lambda b=b: self._fit_benchmark(ev, b, exclude))
            rows.append(rec)
            if fit is not None:
                self.fits_[b] = fit
                residuals.append(resid)
                for form, f in alts.items():
                    self.alt_fits_[form][b] = f
        self.screening_ = pd.DataFrame(rows)
        if not self.fits_:
            raise FitError("no benchmark can be used: " + "; ".join(
                f"{r['benchmark']}: {r['reason']}" for r in rows))
        nu = None if self.likelihood == "normal" else float(self.df)
        self.rho_, self.rho_ci_, self.rho_draws_, self.n_pairs_ = rho_posterior(
            pd.concat(residuals, ignore_index=True), nu)
        self.recalibration_, self.recalibration_note_ = self._resolve_recalibration(ev, exclude)
        self.release_range_ = None  # computed on first use
        self.__dict__.pop("_memo", None)
        return self

    def _low_shape(self) -> tuple[str, ...]:
        """The benchmarks whose curves get the low-end shape term in this calibration."""
        extra = self.in_range_shape() if self.in_range else ()
        return tuple(dict.fromkeys((*tuple(self.low_shape or ()), *extra)))

    def in_range_shape(self) -> tuple[str, ...]:
        """The benchmarks the in-range calibration shapes beyond ``low_shape``.

        Returns
        -------
        tuple of str

        Examples
        --------
        >>> Calibration().in_range_shape(), Calibration(low_shape=["aa-omniscience"]).in_range_shape()
        (('aa-omniscience',), ())
        """
        low = set(self.low_shape or ())
        return tuple(b for b in dict.fromkeys(self.in_range_low_shape or ()) if b not in low)

    def _fit_benchmark(self, ev: Evidence, b: str, exclude: tuple[str, ...]) -> tuple:
        """Screen and fit one benchmark: (screening record, curve or None, other forms' curves,
        standardised residuals for the correlation)."""
        frame, dropped = calibration_frame(ev, b, covariates=("thinking",), exclude=exclude,
                                           variant_rule="all" if self.pool_settings else self.variant_rule)
        n_think = int(frame["thinking"].sum()) if len(frame) else 0
        if self.pool_settings:
            # the setting effect is identified within sets of weights scored both ways
            both = frame.groupby("weights")["thinking"].nunique()
            add = int((both == 2).sum()) >= 5
        else:
            add = min(n_think, len(frame) - n_think) >= 5
        cov = ("thinking",) if self.mode_term is True or (self.mode_term == "auto" and add) else ()
        if b in self._low_shape():
            cov = (*cov, "low_shape")
        top = self._top_slope(frame, dropped, b, cov) if self.top_slope else {}
        if self.top_slope and np.isfinite(top["top_slope_z"]):
            cov = (*cov, "top_slope")
        f = CurveFit(b, form=self.form, likelihood=self.likelihood, df=self.df, covariates=cov,
                     variant_rule=self.variant_rule)
        rec = {"benchmark": b, "n_models": int(frame["weights"].nunique()), "n_thinking": n_think,
               "mode_term": "thinking" in cov, "slope_z": np.nan, "usable": False, "reason": "", **top}
        alts: dict[str, CurveFit] = {}
        try:
            if rec["n_models"] < self.min_models:
                raise FitError(f"{rec['n_models']} calibration units (fewer than min_models="
                               f"{self.min_models}; pass min_models={rec['n_models']} to use it anyway)")
            f.fit_frame(frame, dropped)
            rec["slope_z"] = f.slope_z_
            if not f.slope_z_ >= self.min_slope_z:
                raise FitError(f"slope not clearly positive (slope {f.params_['slope']:.3g}, "
                               f"slope/SE = {f.slope_z_:.2f} < min_slope_z={self.min_slope_z:g})")
            for form in self.alt_forms:
                alts[form] = f.clone(form=form).fit_frame(frame, dropped)
            rec["usable"] = True
            return rec, f, alts, standardised_residuals({b: f}, self.variant_rule)
        except FitError as e:
            rec["reason"] = str(e).removeprefix(f"{b}: ")
            return rec, None, {}, None

    def _top_slope(self, frame: pd.DataFrame, dropped: pd.DataFrame, b: str, cov: tuple) -> dict:
        """The top slope of a curve with covariates ``cov`` (for the ``top_slope`` setting)."""
        f = CurveFit(b, form="logistic", likelihood=self.likelihood, df=self.df, covariates=cov,
                     variant_rule=self.variant_rule)
        try:
            f.fit_frame(frame, dropped)
        except FitError:
            return {"top_knot_b": np.nan, "top_slope": np.nan, "top_slope_se": np.nan,
                    "top_slope_z": np.nan, "informative_max_b": np.nan}
        return f.informative_range()

    def informative_range(self, benchmark: str) -> dict:
        """How much of a benchmark's slope holds at the top (:meth:`CurveFit.informative_range`).

        Parameters
        ----------
        benchmark : str
            A benchmark with a usable curve.

        Returns
        -------
        dict
            ``top_knot_b, top_slope, top_slope_se, top_slope_z, informative_max_b``.
        """
        self._check_fitted()
        return self.fits_[benchmark].informative_range()

    def _resolve_recalibration(self, ev: Evidence, exclude: tuple[str, ...]) -> tuple[Recalibration | None, str]:
        """The recalibration in use and, when there is none, why."""
        r = self.recalibration
        if r is None:
            return None, "recalibration=None was asked for"
        if isinstance(r, Recalibration):
            return r, ""
        if r != "shipped":
            raise InputError("recalibration must be 'shipped', None or a Recalibration, not "
                             f"{r!r}")
        shipped = shipped_recalibration()
        if shipped is None:
            return None, "this installation has no shipped recalibration"
        defaults = Calibration().get_params()
        changed = [k for k in (*_CURVE_SETTINGS, *_ESTIMATE_SETTINGS)
                   if freeze(getattr(self, k)) != freeze(defaults[k])]
        if changed:
            return None, f"the settings differ from the defaults ({', '.join(changed)})"
        if ev.kind == "user":
            # recalibration learnt on the shipped data transfers to data that extend them,
            # not to data that change or drop shipped rows
            return None, DATA_CHANGED
        dropped = {ev.weights_of(m) for m in exclude} | set(exclude)
        rec = shipped.without(dropped)
        if rec is None:
            return None, EXCLUDED_NOT_REMOVABLE
        return rec, ""

    def interval_levels(self, level: float, benchmarks: Iterable[str]) -> tuple[tuple[float, float], dict | None]:
        """Posterior quantile levels of a ``level`` interval from ``benchmarks``, and their provenance.

        Parameters
        ----------
        level : float
            Interval level.
        benchmarks : iterable of str
            The benchmarks behind the estimate (they choose the recalibration group).

        Returns
        -------
        levels : (float, float)
            Lower and upper posterior quantile levels (the plain ``(1 -/+ level) / 2`` when
            there is no recalibration).
        info : dict or None
            ``method, group, n, levels`` and the recalibration's provenance; None without one.
        """
        self._check_fitted()
        if self.recalibration_ is None:
            return ((1 - level) / 2, (1 + level) / 2), None
        group = recalibration_group(benchmarks)
        lv = self.recalibration_.levels(level, group)
        return lv, {"method": "conformal PIT (quantile-level) recalibration, by group",
                    "group": group, "n": int(self.recalibration_.values(group).size),
                    "levels": list(lv), **self.recalibration_.info}

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
        key = ("units", None if benchmarks is None else tuple(benchmarks))
        memo = self.__dict__.setdefault("_memo", {})
        if key not in memo:
            memo[key] = set().union(*(set(f.data_["weights"]) for f in self._used(benchmarks)))
        return set(memo[key])

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
        if getattr(self, "release_range_", None) is None:
            d = pd.concat([f.data_[["weights", "release_date"]] for f in self.fits_.values()])
            dates = pd.to_datetime(d.drop_duplicates("weights")["release_date"]).dropna()
            self.release_range_ = (pd.NaT, pd.NaT) if dates.empty else (dates.quantile(0.05), dates.quantile(0.95))
        return self.release_range_

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
        key = ("sources", tuple(benchmarks))
        memo = self.__dict__.setdefault("_memo", {})
        if key not in memo:
            s: set[str] = set()
            for b in benchmarks:
                if b in self.fits_:
                    s |= set(self.fits_[b].data_["source"].astype(str))
            memo[key] = sorted(s)
        return list(memo[key])

    def summary(self) -> pd.DataFrame:
        """One row per benchmark: screening and the fitted curve's main statistics.

        Returns
        -------
        pandas.DataFrame
            ``benchmark, n_models, n_thinking, mode_term, slope_z, usable, reason,
            scatter_dex, x_max_b``.

        Raises
        ------
        FitError
            The calibration is not fitted.
        """
        self._check_fitted()
        s = self.screening_.copy()
        s["scatter_dex"] = s["benchmark"].map({b: f.scatter_dex_ for b, f in self.fits_.items()})
        s["x_max_b"] = s["benchmark"].map({b: f.x_range_b_[1] for b, f in self.fits_.items()})
        return s

    def to_dict(self) -> dict[str, Any]:
        """Everything needed to rebuild the fitted calibration (:meth:`from_dict`), JSON-safe.

        Returns
        -------
        dict
            ``settings``; once fitted ``benchmarks_``, ``curves`` (each usable curve's
            :meth:`CurveFit.to_dict`), ``alt_curves``, ``screening``, ``rho``, ``rho_ci``,
            ``rho_draws``, ``n_pairs``, ``recalibration`` (:meth:`Recalibration.to_dict` or
            None) and its note, ``data_source``, ``data_version``.
        """
        settings = {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.get_params().items()}
        if isinstance(settings["recalibration"], Recalibration):
            settings["recalibration"] = settings["recalibration"].to_dict()
        out: dict[str, Any] = {"settings": to_json_safe(settings, digits=17)}
        if hasattr(self, "fits_"):
            out.update({
                "benchmarks_": list(self.benchmarks_), "exclude_": list(self.exclude_),
                "curves": {b: f.to_dict() for b, f in self.fits_.items()},
                "alt_curves": {form: {b: f.to_dict() for b, f in fits.items()}
                               for form, fits in self.alt_fits_.items()},
                "screening": to_json_safe(self.screening_, digits=17),
                "rho": self.rho_, "rho_ci": list(self.rho_ci_),
                "rho_draws": [float(v) for v in self.rho_draws_], "n_pairs": self.n_pairs_,
                "recalibration": None if self.recalibration_ is None else self.recalibration_.to_dict(),
                "recalibration_note": self.recalibration_note_,
                "data_source": self.data_source_, "data_version": self.data_version_,
            })
        return out

    @classmethod
    def from_dict(cls, d: dict) -> Calibration:
        """Rebuild a calibration from :meth:`to_dict` output.

        Parameters
        ----------
        d : dict

        Returns
        -------
        Calibration
            Fitted when ``d`` was.

        Raises
        ------
        InputError
            ``d`` is not a Calibration dict.
        """
        try:
            s = dict(d["settings"])
            if isinstance(s.get("recalibration"), dict):
                s["recalibration"] = Recalibration.from_dict(s["recalibration"])
            for k in ("alt_forms", "exclude"):
                if isinstance(s.get(k), list):
                    s[k] = tuple(s[k])
            cal = cls(**s)
            if "curves" in d:
                cal.benchmarks_ = list(d["benchmarks_"])
                cal.exclude_ = tuple(d.get("exclude_", ()))
                cal.fits_ = {b: CurveFit.from_dict(x) for b, x in d["curves"].items()}
                cal.alt_fits_ = {form: {b: CurveFit.from_dict(x) for b, x in fits.items()}
                                 for form, fits in d["alt_curves"].items()}
                cal.screening_ = pd.DataFrame(d["screening"])
                cal.rho_ = float(d["rho"])
                cal.rho_ci_ = tuple(float(v) for v in d["rho_ci"])
                cal.rho_draws_ = np.asarray(d["rho_draws"], float)
                cal.n_pairs_ = int(d["n_pairs"])
                cal.recalibration_ = None if d["recalibration"] is None else Recalibration.from_dict(d["recalibration"])
                cal.recalibration_note_ = d.get("recalibration_note", "")
                cal.data_source_, cal.data_version_ = d["data_source"], d["data_version"]
            return cal
        except (KeyError, TypeError, ValueError) as e:
            raise InputError(f"not a Calibration dict ({e!r}); pass the output of "
                             "Calibration.to_dict()") from e


    def __repr__(self) -> str:
        if not hasattr(self, "fits_"):
            return f"Calibration({self.benchmarks!r}, form={self.form!r}, unfitted)"
        return (f"Calibration({', '.join(self.fits_)}; {self.n_units_} sets of open weights, "
                f"rho {self.rho_:.2f} [{self.rho_ci_[0]:.2f}, {self.rho_ci_[1]:.2f}], "
                f"recalibration {'n=' + str(self.recalibration_.n) if self.recalibration_ else 'none'})")

    def _repr_html_(self) -> str:
        import html

        if not hasattr(self, "fits_"):
            return f"<pre>{html.escape(repr(self))}</pre>"
        return f"<pre>{html.escape(repr(self))}</pre>" + self.summary().to_html(
            float_format=lambda v: f"{v:.3g}")
