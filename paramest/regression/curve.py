"""Stage 2, the curve: benchmark accuracy against log10(total parameters) for one benchmark.

:func:`fit` returns a fitted :class:`CurveFit`, calibrated on open-weight models of known
size (one score per set of weights, chosen by the variant rule of
:func:`paramest.select_variants`).

Curve forms
-----------
``"logistic"`` (default)
    ``acc = c + (d - c) * expit(a + b * x + covariates)``; x = log10(params in billions),
    c = the benchmark's chance level (0 for free response), d = a fixed ceiling (1).
    The scale of a model's score around the curve is
    ``s(x)^2 = tau^2 * f'(eta)^2 + f (1 - f) / n_q``: between-model scatter (tau on the
    logit scale, delta method) plus the binomial noise of the benchmark's ``n_q``
    questions. ``likelihood="t"`` (default) gives the standardised residual a Student-t
    distribution with ``df`` degrees of freedom: knowledge per parameter scatters with
    heavy tails, and a few models far off the curve must not pull it. ``"normal"`` is
    the Gaussian version. The fit is maximum likelihood through statsmodels'
    ``GenericLikelihoodModel``; a fit that does not converge raises
    :class:`~paramest.errors.ConvergenceError`.
``"linear"``
    ``acc = a + b * x`` by ordinary least squares (statsmodels): the form IKP and
    Artificial Analysis publish. paramest keeps it as the baseline and as the second
    curve form that every frontier estimate reports.

The logistic curve is the mean score of models of a given size (population-averaged);
with scatter tau its coefficients are smaller than a conditional logit-normal model's by
roughly ``1/sqrt(1 + pi tau^2 / 8)``. Bands and inversion use this same mean and
variance, so intervals are unaffected.

Covariates
----------
``"thinking"`` (1 for a score in a reasoning setting, 0 otherwise) shifts the curve for
reasoning settings; ``"release_year"`` (decimal year, centred) is a drift term.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import special
from sklearn.base import BaseEstimator
from sklearn.base import clone as sk_clone

from ..checks import check_level, positive_or_inf
from ..errors import ConvergenceError, FitError, FitWarning, InputError
from ..ingest import as_evidence, load_benchmarks, resolve_benchmark
from ..units import format_params
from .curve_results import CurveResults
from .frame import calibration_frame
from .likelihood import CurveLikelihood, Moments, statsmodels_fit
from .shape import DERIVED, derived_covariate, derived_knots, top_slope_summary

__all__ = ["COVARIATES", "FORMS", "LIKELIHOODS", "PREDICTORS", "CurveFit", "Moments",
           "calibration_frame", "fit"]

FORMS = ("logistic", "linear")
LIKELIHOODS = ("t", "normal")
PREDICTORS = ("total", "active")
COVARIATES = ("thinking", "release_year", "top_slope", "low_shape")
_SETTINGS = ("benchmark", "predictor", "form", "likelihood", "df", "covariates", "level",
             "chance", "ceiling", "n_questions", "variant_rule")
MIN_MODELS = 8  # units a curve needs before estimate_size uses it (Calibration's min_models)
MIN_SLOPE_Z = 1.645  # slope / SE a curve needs (Calibration's min_slope_z)


class CurveFit(CurveResults, BaseEstimator):
    """Accuracy-vs-size curve for one benchmark (a fitted-model object, lifelines style).

    The constructor stores settings; :meth:`fit` estimates and returns ``self``, and never
    changes the settings (fitted values end in ``_``).

    Parameters
    ----------
    benchmark : str
        Benchmark id (any spelling :func:`paramest.resolve_benchmark` accepts).
    predictor : {"total", "active"}
        Which parameter count is on the x axis.
    form : {"logistic", "linear"}
        Curve form (module docstring).
    likelihood : {"t", "normal"}
        Distribution of the standardised residual around the logistic curve.
    df : float
        Degrees of freedom of the Student-t likelihood (4 by default).
    covariates : sequence of str
        Extra linear terms: ``"thinking"`` and/or ``"release_year"``.
    level : float
        Default level of bands and coefficient intervals.
    chance, ceiling, n_questions : float, optional
        Floor and ceiling of the logistic curve, and questions per evaluation (binomial
        noise); defaults from the benchmark table (ceiling 1).
    variant_rule : {"think", "nothink"}
        Which setting of a set of weights calibrates (:func:`paramest.select_variants`).

    Attributes
    ----------
    benchmark_ : str
        Canonical benchmark id.
    params_ : pandas.Series
        Coefficients: ``intercept``, ``slope``, covariates, and ``log_tau`` (logistic) or
        ``sigma`` (linear).
    cov_ : pandas.DataFrame
        Covariance of the coefficients (inverse observed information, or OLS).
    n_models_ : int
        Sets of weights in the fit.
    x_range_b_ : tuple of float
        Smallest and largest calibration model, billions.
    scatter_ : float
        tau on the logit scale (logistic) or sigma (linear).
    scatter_dex_ : float
        The same scatter in dex of parameters: how far, in log10 params, a typical model
        sits off the curve.
    slope_z_ : float
        Slope over its standard error (benchmark screening uses it; level-independent).
    r2_, loglik_, aic_, bic_ : float
        Weighted R-squared on the accuracy scale, log-likelihood, AIC and BIC.
    converged_ : bool
        True once fitted (a logistic fit that does not converge raises instead).
    chance_, ceiling_, n_questions_ : float
        The values used.
    data_ : pandas.DataFrame
        Calibration rows used.
    dropped_ : pandas.DataFrame
        Rows of other settings of the same weights, not used.
    """

    def __init__(
        self,
        benchmark: str,
        *,
        predictor: str = "total",
        form: str = "logistic",
        likelihood: str = "t",
        df: float = 4.0,
        covariates: Sequence[str] = (),
        level: float = 0.9,
        chance: float | None = None,
        ceiling: float | None = None,
        n_questions: float | None = None,
        variant_rule: str = "think",
    ) -> None:
        self.benchmark = benchmark
        self.predictor = predictor
        self.form = form
        self.likelihood = likelihood
        self.df = df
        self.covariates = tuple(covariates)
        self.level = level
        self.chance = chance
        self.ceiling = ceiling
        self.n_questions = n_questions
        self.variant_rule = variant_rule

    # ------------------------------------------------------------------ settings
    def set_params(self, **params: Any) -> CurveFit:
        """Change settings; returns self. Unknown names raise :class:`InputError`.

        Values are checked when the curve is fitted, not here. Fitted values are kept
        until the next fit.

        Parameters
        ----------
        **params
            Constructor settings by name.

        Returns
        -------
        CurveFit
            ``self``.

        Raises
        ------
        InputError
            A name that is not a setting.
        """
        bad = sorted(set(params) - set(_SETTINGS))
        if bad:
            raise InputError(f"unknown CurveFit setting(s) {bad}; settings are {list(_SETTINGS)}")
        if "covariates" in params:
            params["covariates"] = tuple(params["covariates"])
        return super().set_params(**params)

    def clone(self, **changes: Any) -> CurveFit:
        """An unfitted copy with the same settings (and ``changes`` applied).

        Parameters
        ----------
        **changes
            Constructor settings to change in the copy.

        Returns
        -------
        CurveFit
            Unfitted.

        Examples
        --------
        >>> CurveFit("ikp").clone(form="linear").form
        'linear'
        """
        return sk_clone(self).set_params(**changes)

    def _resolved(self) -> dict[str, Any]:
        """Checked settings with the benchmark table's defaults filled in."""
        if self.form not in FORMS:
            raise InputError(f"form must be one of {FORMS}, not {self.form!r}")
        if self.likelihood not in LIKELIHOODS:
            raise InputError(f"likelihood must be one of {LIKELIHOODS}, not {self.likelihood!r}")
        if self.predictor not in PREDICTORS:
            raise InputError(f"predictor must be one of {PREDICTORS}, not {self.predictor!r}")
        bad = [c for c in self.covariates if c not in COVARIATES]
        if bad:
            raise InputError(f"unknown covariate(s) {bad}; available: {list(COVARIATES)}")
        check_level(self.level)
        if self.likelihood == "t" and not (isinstance(self.df, (int, float)) and self.df > 2):
            raise InputError(f"df must be a number above 2 (finite variance), not {self.df!r}")
        bench = resolve_benchmark(self.benchmark)
        row = load_benchmarks().set_index("benchmark").loc[bench]
        chance = float(self.chance) if self.chance is not None else float(row["chance"])
        ceiling = float(self.ceiling) if self.ceiling is not None else 1.0
        if not 0 <= chance < ceiling <= 1:
            raise InputError(f"need 0 <= chance < ceiling <= 1; got chance={chance}, ceiling={ceiling}")
        nq = self.n_questions if self.n_questions is not None else row["n_questions"]
        nq = positive_or_inf(nq, "n_questions")
        return {"benchmark": bench, "chance": chance, "ceiling": ceiling, "n_questions": nq}

    # ------------------------------------------------------------------ fitting
    def fit(self, data: pd.DataFrame | None = None, exclude: Iterable[str] = ()) -> CurveFit:
        """Fit on open-weight models of known size; returns self.

        Parameters
        ----------
        data : pandas.DataFrame, optional
            Scores in the :func:`paramest.load_scores` format (default: the shipped data).
        exclude : iterable of str
            Model or weights ids to leave out.

        Returns
        -------
        CurveFit
            ``self``, fitted.

        Raises
        ------
        InputError
            An invalid setting, or invalid ``data``.
        UnknownBenchmarkError
            The benchmark is not known.
        FitError
            Too few sets of open weights of known size, a single distinct score or size,
            or a covariate that takes one value.
        ConvergenceError
            The logistic fit did not converge.
        """
        r = self._resolved()
        if isinstance(exclude, str):
            raise InputError(f"exclude must be a list of model ids, not the string {exclude!r} "
                             f"(write exclude=[{exclude!r}])")
        frame, dropped = calibration_frame(as_evidence(data), r["benchmark"], predictor=self.predictor,
                                           covariates=self.covariates, exclude=tuple(exclude or ()),
                                           variant_rule=self.variant_rule)
        self.fit_frame(frame, dropped)
        self._warn_if_weak()
        return self

    def fit_frame(self, frame: pd.DataFrame, dropped: pd.DataFrame | None = None) -> CurveFit:
        """Fit on a prepared calibration frame (from :func:`calibration_frame`); returns self.

        Parameters
        ----------
        frame : pandas.DataFrame
            Calibration rows with ``score``, ``x`` (log10 billions) and the covariate
            columns; ``weights`` and ``row_weight`` when present count each set of
            weights once, and a row's own ``n_questions`` overrides the benchmark's
            (logistic form).
        dropped : pandas.DataFrame, optional
            Rows the variant rule set aside (kept as ``dropped_``, for the report).

        Returns
        -------
        CurveFit
            ``self``, fitted.

        Raises
        ------
        InputError
            An invalid setting.
        UnknownBenchmarkError
            The benchmark is not known.
        FitError
            Too few sets of weights, a single distinct score or size, or a covariate that
            takes one value.
        ConvergenceError
            The logistic fit did not converge.
        """
        r = self._resolved()
        self.__dict__.pop("_moments_memo", None)  # moments of a previous fit are stale
        self.__dict__.pop("informative_", None)
        self.benchmark_, self.chance_, self.ceiling_ = r["benchmark"], r["chance"], r["ceiling"]
        self.n_questions_ = r["n_questions"]
        w = frame["row_weight"].to_numpy(float) if "row_weight" in frame else np.ones(len(frame))
        n, k = int(frame["weights"].nunique()) if "weights" in frame else len(frame), 2 + len(self.covariates)
        need = max(3, k + 2)
        if n < need:
            raise FitError(
                f"{self.benchmark_}: {n} set(s) of open weights of known size have a score; at "
                f"least {need} are needed to fit this curve. Add calibration data "
                "(paramest.read_scores + data=) or choose another benchmark.")
        if frame["score"].nunique() < 2:
            raise FitError(f"{self.benchmark_}: every calibration model has the same score "
                           f"({frame['score'].iloc[0]:g}); there is no curve to fit")
        if frame["x"].nunique() < 2:
            raise FitError(f"{self.benchmark_}: every calibration model has the same size "
                           f"({format_params(10 ** frame['x'].iloc[0])}); the slope cannot be "
                           "estimated. Add models of other sizes.")
        self.knots_ = self._knots(frame)
        frame = frame.assign(**{c: self._derived(c, frame["x"].to_numpy(float)) for c in self.covariates
                                if c in DERIVED})
        for c in self.covariates:
            if frame[c].nunique() < 2:
                raise FitError(f"{self.benchmark_}: covariate {c!r} takes one value in the "
                               "calibration data, so its effect cannot be estimated; drop it")
        self.data_ = frame
        self.dropped_ = dropped if dropped is not None else frame.iloc[0:0]
        self.n_models_ = n
        self.x_range_b_ = (float(10 ** frame["x"].min()), float(10 ** frame["x"].max()))
        self.covariate_means_ = {c: (float(frame[c].mean()) if c == "release_year" else 0.0)
                       for c in self.covariates}
        X = self._design(frame["x"].to_numpy(float), frame)
        y = frame["score"].to_numpy(float)
        if self.form == "linear":
            self._fit_linear(X, y, w)
        else:
            nq = self._row_nq(frame)
            self._fit_logistic(X, y, nq, w)
        self.df_resid_ = n - k
        mu = self._mean(X)
        self.fitted_ = mu
        self.resid_ = y - mu
        ybar = float(np.average(y, weights=w))
        self.r2_ = float(1 - np.sum(w * self.resid_ ** 2) / np.sum(w * (y - ybar) ** 2))
        p = len(self.params_)
        self.aic_ = float(2 * p - 2 * self.loglik_)
        self.bic_ = float(p * math.log(n) - 2 * self.loglik_)
        se = math.sqrt(max(float(self.cov_.loc["slope", "slope"]), 0.0))
        self.slope_z_ = float(self.params_["slope"] / se) if se > 0 else math.inf
        self.scatter_dex_ = float(self.scatter_ / abs(self.params_["slope"]))
        return self

    def _warn_if_weak(self) -> None:
        """Warn when estimate_size would not use this curve (too few units, weak slope)."""
        import warnings

        if self.n_models_ < MIN_MODELS:
            warnings.warn(f"{self.benchmark_}: fitted on {self.n_models_} sets of open weights, fewer "
                          f"than the {MIN_MODELS} estimate_size requires; it will refuse this "
                          f"benchmark unless you pass min_models={self.n_models_}", FitWarning,
                          stacklevel=3)
        if not self.slope_z_ >= MIN_SLOPE_Z:
            warnings.warn(f"{self.benchmark_}: the slope is not clearly positive (slope "
                          f"{self.params_['slope']:.3g}, slope/SE = {self.slope_z_:.2f} < "
                          f"{MIN_SLOPE_Z}): accuracy does not rise with size in these data, and "
                          "estimate_size will refuse this benchmark", FitWarning, stacklevel=3)

    def _row_nq(self, frame: pd.DataFrame) -> np.ndarray:
        # a row may carry its own question count (an lm-eval --limit run)
        nq = np.full(len(frame), self.n_questions_)
        if "n_questions" in frame:
            own = pd.to_numeric(frame["n_questions"], errors="coerce").to_numpy(float)
            nq = np.where(np.isfinite(own) & (own > 0), own, nq)
        return nq

    def _design(self, x: np.ndarray, frame: pd.DataFrame | None = None,
                covariates: dict | None = None) -> np.ndarray:
        x = np.atleast_1d(np.asarray(x, float))
        cols = [np.ones_like(x), x]
        for c in self.covariates:
            if c in DERIVED:
                v = self._derived(c, x)
            elif frame is not None and c in frame:
                v = frame[c].to_numpy(float)
            else:
                val = (covariates or {}).get(c)
                if val is None:
                    raise InputError(
                        f"the {self.benchmark_} curve has covariate {c!r}; pass covariates="
                        f"{{'{c}': value}} ({'1 for a reasoning setting, 0 otherwise' if c == 'thinking' else 'a decimal year such as 2025.5'})")
                v = np.broadcast_to(np.asarray(val, float), x.shape).astype(float)
            cols.append(v - self.covariate_means_[c])
        return np.column_stack(cols)

    def informative_range(self) -> dict[str, float]:
        """Where this benchmark still tracks size: its slope above the top knot.

        A side fit adds a hinge at the 80th percentile of the calibration units' sizes, so
        that the slope above it is estimated with its own uncertainty. When that top slope
        is not clearly positive (slope / SE below 1.645), the benchmark stops carrying size
        information at the knot; otherwise it is informative up to its largest calibration
        model. Computed once per fitted curve.

        Returns
        -------
        dict
            ``top_knot_b`` (billions), ``top_slope`` and ``top_slope_se`` (logit per dex),
            ``top_slope_z``, ``informative_max_b`` (billions); NaN when the curve is not a
            logistic or has too few units above the knot.

        Raises
        ------
        FitError
            The curve is not fitted.

        Examples
        --------
        >>> import paramest as pe
        >>> r = pe.fit("aa-omniscience").informative_range()
        >>> r["top_knot_b"] < r["informative_max_b"] or r["informative_max_b"] == r["top_knot_b"]
        True
        """
        self._check_fitted()
        if "informative_" not in self.__dict__:
            g: CurveFit | None = self
            if self.form != "logistic":
                g = None  # the top slope is a logit slope
            elif "top_slope" not in self.covariates:
                g = self.clone(covariates=(*self.covariates, "top_slope"))
                try:
                    g.fit_frame(self.data_, self.dropped_)
                except FitError:
                    g = None
            self.__dict__["informative_"] = top_slope_summary(g)
        return dict(self.__dict__["informative_"])

    def _knots(self, frame: pd.DataFrame) -> dict[str, float]:
        """Knots of the derived covariates, from the calibration units' log sizes."""
        ux = frame.drop_duplicates("weights")["x"] if "weights" in frame else frame["x"]
        return derived_knots(ux, self.covariates, self.benchmark_)

    def _derived(self, c: str, x: np.ndarray) -> np.ndarray:
        return derived_covariate(c, x, self.knots_)

    def _names(self) -> list[str]:
        return ["intercept", "slope", *self.covariates]

    def _mean(self, X: np.ndarray) -> np.ndarray:
        eta = X @ self.params_.to_numpy()[: X.shape[1]]
        if self.form == "linear":
            return eta
        return self.chance_ + (self.ceiling_ - self.chance_) * special.expit(eta)

    def _fit_linear(self, X: np.ndarray, y: np.ndarray, w: np.ndarray) -> None:
        import statsmodels.api as sm  # deferred: importing statsmodels costs ~0.5 s

        res = sm.WLS(y, X, weights=w).fit()
        names = self._names()
        self.params_ = pd.Series(np.r_[res.params, math.sqrt(res.scale)], index=[*names, "sigma"])
        cov = np.zeros((len(names) + 1, len(names) + 1))
        cov[: len(names), : len(names)] = res.cov_params()
        self.cov_ = pd.DataFrame(cov, index=self.params_.index, columns=self.params_.index)
        self.scatter_ = float(math.sqrt(res.scale))
        self.loglik_ = float(res.llf)
        self.converged_ = True

    def _fit_logistic(self, X: np.ndarray, y: np.ndarray, nq: np.ndarray, w: np.ndarray) -> None:
        c, d = self.chance_, self.ceiling_
        # start: OLS on the empirical logit of the floor-corrected score
        u = np.clip((y - c) / (d - c), 0.02, 0.98)
        beta0, *_ = np.linalg.lstsq(X, special.logit(u), rcond=None)
        r = special.logit(u) - X @ beta0
        starts = [np.r_[beta0, math.log(max(float(np.std(r)), 0.05))], np.r_[beta0, math.log(0.5)]]
        lik = CurveLikelihood(y, X, nq, c, d, None if self.likelihood == "normal" else float(self.df),
                               w)
        names = self._names()
        import warnings

        with warnings.catch_warnings():
            # a failed Hessian inversion is handled below (ConvergenceError), not printed
            warnings.simplefilter("ignore")
            res = statsmodels_fit(lik, starts)
        ok = bool(res.mle_retvals.get("converged", False)) and np.all(np.isfinite(res.params))
        try:
            cov = np.asarray(res.cov_params(), float) if ok else None
        except (ValueError, np.linalg.LinAlgError):  # the Hessian could not be inverted
            ok, cov = False, None
        if ok and (not np.all(np.isfinite(cov)) or np.any(np.diag(cov) <= 0)):
            ok = False
        if not ok:
            raise ConvergenceError(
                f"{self.benchmark_}: the {self.likelihood}-likelihood logistic fit did not "
                f"converge on {len(y)} models ({res.mle_retvals.get('warnflag', '?')}); try "
                "likelihood='normal' or form='linear', or add calibration models.")
        allnames = [*names, "log_tau"]
        self.params_ = pd.Series(np.asarray(res.params, float), index=allnames)
        self.cov_ = pd.DataFrame((cov + cov.T) / 2, index=allnames, columns=allnames)
        self.scatter_ = float(math.exp(self.params_["log_tau"]))
        self.loglik_ = float(res.llf)
        self.converged_ = True

    # ------------------------------------------------------------------ prediction
    def _check_fitted(self) -> None:
        if not hasattr(self, "params_"):
            raise FitError("this CurveFit is not fitted yet; call .fit() first")

    def moments(self, x: np.ndarray | float, covariates: dict | None = None,
                n_questions: float | None = None) -> Moments:
        """Mean and variance parts of a score at log10 sizes ``x``.

        Parameters
        ----------
        x : array-like
            log10 of parameters in billions.
        covariates : dict, optional
            Covariate values (``{"thinking": 1}``, scalars or arrays like ``x``) when the
            curve has covariates.
        n_questions : float, optional
            Questions in the new model's evaluation, if it differs from the benchmark's.

        Returns
        -------
        Moments
            Mean, variance of the mean, between-model scatter and binomial variance, one
            value per size. For the linear form the binomial part is only the extra noise
            of an evaluation smaller than the benchmark's (0 otherwise).

        Raises
        ------
        FitError
            The curve is not fitted.
        InputError
            A covariate of the curve has no value, or ``n_questions`` is not positive.
        """
        self._check_fitted()
        key = self._memo_key(x, covariates, n_questions)
        if key is not None:
            memo = self.__dict__.setdefault("_moments_memo", {})
            if key not in memo:
                memo[key] = self._moments(np.asarray(x, float), covariates, n_questions)
            return memo[key]
        return self._moments(x, covariates, n_questions)

    @staticmethod
    def _memo_key(x: Any, covariates: dict | None, n_questions: float | None) -> tuple | None:
        """A key for the moments on a size grid (the same grid for every estimate), else None."""
        if not (isinstance(x, np.ndarray) and x.ndim == 1 and x.size >= 100):
            return None
        cov = covariates or {}
        if not all(np.ndim(v) == 0 for v in cov.values()):
            return None
        return (x.size, float(x[0]), float(x[-1]), tuple(sorted((k, float(v)) for k, v in cov.items())),
                None if n_questions is None else float(n_questions))

    def _moments(self, x: np.ndarray | float, covariates: dict | None,
                 n_questions: float | None) -> Moments:
        X = self._design(x, covariates=covariates)
        k = X.shape[1]
        beta = self.params_.to_numpy()[:k]
        C = self.cov_.to_numpy()[:k, :k]
        if self.form == "linear":
            mu = X @ beta
            var_mean = np.einsum("ij,jk,ik->i", X, C, X)
            between = np.full_like(mu, self.scatter_)
            binom = np.zeros_like(mu)
            if n_questions is not None:
                nq = positive_or_inf(n_questions, "n_questions")
                extra = np.clip(mu * (1 - mu), 1e-6, None) * (
                    1 / nq - (1 / self.n_questions_ if math.isfinite(self.n_questions_) else 0))
                binom = np.clip(extra, 0, None)  # only a smaller evaluation adds noise
            return Moments(mu, var_mean, between, binom)
        s = special.expit(X @ beta)
        span = self.ceiling_ - self.chance_
        mu = self.chance_ + span * s
        dmu = span * s * (1 - s)
        G = X * dmu[:, None]
        var_mean = np.einsum("ij,jk,ik->i", G, C, G)
        nq = self.n_questions_ if n_questions is None else positive_or_inf(n_questions, "n_questions")
        binom = np.clip(mu * (1 - mu), 1e-6, None) / nq if math.isfinite(nq) else np.zeros_like(mu)
        return Moments(mu, var_mean, self.scatter_ * dmu, binom)

    # ------------------------------------------------------------------ reports

def fit(
    benchmark: str,
    data: pd.DataFrame | None = None,
    *,
    exclude: Iterable[str] = (),
    **settings: Any,
) -> CurveFit:
    """Fit accuracy against parameter count for one benchmark.

    Parameters
    ----------
    benchmark : str
        Benchmark id (``"ikp"``, ``"simpleqa"``, a registered one, ...).
    data : pandas.DataFrame, optional
        Scores in the :func:`paramest.load_scores` format; default: the shipped data.
        Only open-weight rows with a known size calibrate.
    exclude : iterable of str
        Model or weights ids to leave out.
    **settings
        :class:`CurveFit` settings: ``form``, ``likelihood``, ``df``, ``predictor``,
        ``covariates``, ``level``, ``chance``, ``ceiling``, ``n_questions``,
        ``variant_rule``.

    Returns
    -------
    CurveFit
        Fitted.

    Raises
    ------
    InputError
        An unknown or invalid setting, or invalid ``data``.
    UnknownBenchmarkError
        The benchmark is not known.
    FitError
        Too few calibration models, or no curve to fit (:meth:`CurveFit.fit`).
    ConvergenceError
        The logistic fit did not converge.
    """
    bad = sorted(set(settings) - set(_SETTINGS) - {"benchmark"})
    if bad:
        raise InputError(f"unknown setting(s) {bad}; fit() takes {list(_SETTINGS[1:])}")
    return CurveFit(benchmark, **settings).fit(data, exclude=exclude)
