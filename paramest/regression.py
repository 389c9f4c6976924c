"""Regression: benchmark accuracy against log10(total parameters) of open-weight models.

Stage 2 of the data flow. :func:`fit` returns a :class:`CurveFit` for one benchmark,
calibrated on open-weight models of known size, with coefficient standard errors,
mean (confidence) and observation (prediction) bands.

Curve forms
-----------
``"logistic"`` (default)
    ``acc = c + (d - c) * sigmoid(a + b * x + covariates)``, x = log10(params in billions),
    c = the benchmark's chance level (1/k for k-way multiple choice, 0 for free response),
    d = an optional fixed ceiling (default 1). Fitted by maximum likelihood with
    ``Var(acc_i) = tau^2 * f'(eta_i)^2 + f_i (1 - f_i) / n_q``: between-model scatter
    (logit-normal, delta method) plus binomial sampling noise of the benchmark's
    ``n_q`` questions, so large and small benchmarks are weighted properly. The curve is
    the mean score of models of a given size (population-averaged), not the score of a
    typical model: with scatter tau its coefficients are smaller than those of the
    conditional logit-normal model by roughly 1/sqrt(1 + pi tau^2 / 8) (checked by
    simulation in ``tests/test_regression.py``). Bands and inversion use this same mean
    and variance, so intervals are unaffected; read the slope and the release-date effect
    as population-averaged quantities.
``"linear"``
    ``acc = a + b * x`` by ordinary least squares (statsmodels), the form used by IKP and
    Artificial Analysis; kept as the baseline.

The default was chosen by cross-validated inverse-prediction error (leave one developer
out), not by R-squared: see ``benchmarks/run_validation.py`` and ``docs/validation.md``.

Variants of one set of weights (base, instruct, thinking / non-thinking) are not
independent evidence: the fit keeps one row per ``weights`` id (the non-reasoning,
non-base variant when there is one) and reports the dropped rows in ``dropped_``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from .errors import FitError, InputError
from .ingest import _validate_scores_frame, load_benchmarks, load_scores, resolve_benchmark

__all__ = ["FORMS", "PREDICTORS", "CurveFit", "compare_predictors", "fit", "fit_all"]

FORMS = ("logistic", "linear")
PREDICTORS = ("total", "active")
DEFAULT_FORM = "logistic"
_EPS = 1e-9


def _year(d: pd.Series) -> np.ndarray:
    d = pd.to_datetime(d)
    return (d.dt.year + (d.dt.day_of_year - 1) / 365.25).to_numpy(float)


def calibration_frame(
    benchmark: str,
    data: pd.DataFrame | None = None,
    *,
    predictor: str = "total",
    covariates: Sequence[str] = (),
    exclude: Iterable[str] = (),
    dedupe: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Open-weight rows of known size for one benchmark, one per set of weights.

    Returns the calibration frame (with ``x`` = log10 params) and the rows dropped as
    variants of weights already present.
    """
    bench = resolve_benchmark(benchmark)
    if data is None:
        data = load_scores(bench)
    else:
        _validate_scores_frame(data)
    d = data[(data["benchmark"] == bench) & data["open_weights"].astype(bool)].copy()
    ex = set(exclude)
    if ex:
        d = d[~d["model"].isin(ex) & ~d.get("weights", d["model"]).isin(ex)]
    col = {"total": "total_params_b", "active": "active_params_b"}[predictor]
    if predictor == "active" and "active_params_b" in d:
        # dense models: active == total
        d["active_params_b"] = d["active_params_b"].fillna(d["total_params_b"])
    d = d[d[col].notna() & (d[col] > 0)]
    for cov in covariates:
        if cov == "release_year":
            d = d[d["release_date"].notna()]
        else:
            raise InputError(f"unknown covariate {cov!r}; available: 'release_year'")
    dropped = d.iloc[0:0]
    if dedupe and "weights" in d.columns and len(d):
        d["_base"] = d["model"].str.endswith("-base")
        d = d.sort_values(["weights", "reasoning", "_base", "model"], kind="mergesort")
        keep = ~d.duplicated("weights")
        dropped = d[~keep].drop(columns="_base")
        d = d[keep].drop(columns="_base")
    d["x"] = np.log10(d[col].astype(float))
    if "release_year" in covariates:
        d["release_year"] = _year(d["release_date"])
    return d.reset_index(drop=True), dropped.reset_index(drop=True)


@dataclass
class _Design:
    x: np.ndarray
    Z: np.ndarray  # covariates (n, k), centred


class CurveFit:
    """Accuracy-vs-size curve for one benchmark.

    Parameters
    ----------
    benchmark : str
        Benchmark id.
    predictor : {"total", "active"}
        Which parameter count is on the x axis.
    form : {"logistic", "linear"}
        Curve form (see module docstring).
    covariates : sequence of str
        Extra linear terms; ``"release_year"`` (decimal year, centred) is available.
    level : float
        Default level of the bands.
    chance : float, optional
        Floor of the logistic curve; default from the benchmark table.
    ceiling : float, optional
        Upper asymptote of the logistic curve (default 1: none).
    n_questions : float, optional
        Questions in the benchmark, for the binomial noise term; default from the table.
    dedupe : bool
        Keep one row per set of weights (default True).

    Attributes
    ----------
    params_ : pandas.Series
        Fitted coefficients (``intercept``, ``slope``, covariates; ``log_tau`` or ``sigma``).
    cov_ : pandas.DataFrame
        Covariance of the coefficients.
    n_models_ : int
    r2_ : float
        R-squared on the accuracy scale.
    aic_, bic_, loglik_ : float
    scatter_ : float
        Between-model scatter: tau on the logit scale (logistic) or sigma (linear).
    scatter_dex_ : float
        The same scatter expressed in dex of parameters (scatter / slope on the linear
        predictor's scale): how far, in log10 params, a typical model sits off the curve.
    x_range_ : tuple of float
        Smallest and largest calibration model (billions).
    data_ : pandas.DataFrame
        Calibration rows used.
    dropped_ : pandas.DataFrame
        Rows not used because another variant of the same weights was kept.
    """

    def __init__(
        self,
        benchmark: str,
        *,
        predictor: str = "total",
        form: str = DEFAULT_FORM,
        covariates: Sequence[str] = (),
        level: float = 0.9,
        chance: float | None = None,
        ceiling: float | None = None,
        n_questions: float | None = None,
        dedupe: bool = True,
    ) -> None:
        self.benchmark = benchmark
        self.predictor = predictor
        self.form = form
        self.covariates = tuple(covariates)
        self.level = level
        self.chance = chance
        self.ceiling = ceiling
        self.n_questions = n_questions
        self.dedupe = dedupe

    # ------------------------------------------------------------------ fitting
    def _check_settings(self) -> None:
        if self.form not in FORMS:
            raise InputError(f"form must be one of {FORMS}, not {self.form!r}")
        if self.predictor not in PREDICTORS:
            raise InputError(f"predictor must be one of {PREDICTORS}, not {self.predictor!r}")
        if not 0 < self.level < 1:
            raise InputError(f"level must be between 0 and 1 (e.g. 0.9), not {self.level!r}")

    def _resolve_settings(self) -> CurveFit:
        """Check the settings and fill floor, ceiling and question count from the table."""
        self._check_settings()
        self.benchmark = resolve_benchmark(self.benchmark)
        b = load_benchmarks().set_index("benchmark").loc[self.benchmark]
        self.chance_ = float(self.chance if self.chance is not None else b["chance"])
        self.ceiling_ = float(self.ceiling if self.ceiling is not None else 1.0)
        nq = self.n_questions if self.n_questions is not None else b["n_questions"]
        self.n_questions_ = float(nq) if pd.notna(nq) else math.inf
        return self

    def fit(self, data: pd.DataFrame | None = None, exclude: Iterable[str] = ()) -> CurveFit:
        """Fit on open-weight models of known size (default: the shipped data). Returns self."""
        self._resolve_settings()
        d, dropped = calibration_frame(self.benchmark, data, predictor=self.predictor,
                                       covariates=self.covariates, exclude=exclude,
                                       dedupe=self.dedupe)
        return self._fit_frame(d, dropped)

    def _fit_frame(self, d: pd.DataFrame, dropped: pd.DataFrame | None = None) -> CurveFit:
        n = len(d)
        k = 2 + len(self.covariates)
        if n < max(3, k + 1):
            raise FitError(
                f"{self.benchmark}: {n} open-weight model(s) of known size have a score; at "
                f"least {max(3, k + 1)} are needed to fit a curve. Add calibration data "
                "(paramest.read_scores + data=) or choose another benchmark.")
        if d["x"].nunique() < 2:
            raise FitError(f"{self.benchmark}: every calibration model has the same size "
                           f"({10 ** d['x'].iloc[0]:g}B); the slope cannot be estimated. "
                           "Add models of other sizes.")
        if (d["score"] <= self.chance_ - 0.5).all():  # pragma: no cover - defensive
            raise FitError(f"{self.benchmark}: scores are far below chance")
        self.data_ = d
        self.dropped_ = dropped if dropped is not None else d.iloc[0:0]
        self.n_models_ = n
        self.x_range_ = (float(10 ** d["x"].min()), float(10 ** d["x"].max()))
        self._zmean = np.array([d[c].mean() for c in self.covariates])
        design = self._design(d["x"].to_numpy(float), d)
        y = d["score"].to_numpy(float)
        if self.form == "linear":
            self._fit_linear(design, y)
        else:
            self._fit_logistic(design, y)
        self.df_resid_ = n - len(self.params_)
        mu = self._mean(design, self.params_.to_numpy())
        self.fitted_ = mu
        self.resid_ = y - mu
        self.r2_ = float(1 - np.sum(self.resid_ ** 2) / np.sum((y - y.mean()) ** 2))
        p = len(self.params_)
        self.aic_ = float(2 * p - 2 * self.loglik_)
        self.bic_ = float(p * math.log(n) - 2 * self.loglik_)
        self.scatter_dex_ = float(self.scatter_ / abs(self.params_["slope"]))
        return self

    def _design(self, x: np.ndarray, frame: pd.DataFrame | None = None,
                covariates: dict | None = None) -> _Design:
        x = np.atleast_1d(np.asarray(x, float))
        Z = np.zeros((len(x), len(self.covariates)))
        for j, c in enumerate(self.covariates):
            if frame is not None and c in frame:
                Z[:, j] = frame[c].to_numpy(float) - self._zmean[j]
            else:
                val = (covariates or {}).get(c)
                if val is None:
                    raise InputError(f"the curve has covariate {c!r}; pass covariates={{'{c}': value}} "
                                     "(release_year as a decimal year, e.g. 2025.5)")
                Z[:, j] = float(val) - self._zmean[j]
        return _Design(x, Z)

    def _eta(self, design: _Design, theta: np.ndarray) -> np.ndarray:
        k = len(self.covariates)
        return theta[0] + theta[1] * design.x + (design.Z @ theta[2:2 + k] if k else 0.0)

    def _mean(self, design: _Design, theta: np.ndarray) -> np.ndarray:
        eta = self._eta(design, theta)
        if self.form == "linear":
            return eta
        c, d = self.chance_, self.ceiling_
        return c + (d - c) * special.expit(eta)

    def _fit_linear(self, design: _Design, y: np.ndarray) -> None:
        import statsmodels.api as sm  # deferred: importing statsmodels costs ~1 s

        X = np.column_stack([np.ones_like(design.x), design.x, design.Z])
        res = sm.OLS(y, X).fit()
        names = ["intercept", "slope", *self.covariates]
        self._ols = res
        self.params_ = pd.Series(res.params, index=names)
        self.cov_ = pd.DataFrame(res.cov_params(), index=names, columns=names)
        self.scatter_ = float(np.sqrt(res.scale))
        self.loglik_ = float(res.llf)
        self.converged_ = True

    def _obs_var_parts(self, eta: np.ndarray, tau: float, nq: float) -> tuple[np.ndarray, np.ndarray]:
        """Between-model and binomial variance of an observed score at linear predictor eta."""
        c, d = self.chance_, self.ceiling_
        s = special.expit(eta)
        f = c + (d - c) * s
        dfde = (d - c) * s * (1 - s)
        between = (tau * dfde) ** 2
        binom = np.clip(f * (1 - f), 1e-6, None) / nq if math.isfinite(nq) else np.zeros_like(f)
        return between, binom

    def _fit_logistic(self, design: _Design, y: np.ndarray) -> None:
        c, d, nq = self.chance_, self.ceiling_, self.n_questions_
        # start: OLS on the empirical logit of the floor-corrected score
        u = np.clip((y - c) / (d - c), 0.02, 0.98)
        z = special.logit(u)
        X = np.column_stack([np.ones_like(design.x), design.x, design.Z])
        beta0, *_ = np.linalg.lstsq(X, z, rcond=None)
        r = z - X @ beta0
        theta0 = np.r_[beta0, math.log(max(np.std(r), 0.05))]

        def nll(theta: np.ndarray) -> float:
            eta = self._eta(design, theta)
            mu = c + (d - c) * special.expit(eta)
            between, binom = self._obs_var_parts(eta, math.exp(theta[-1]), nq)
            v = between + binom + 1e-8
            return float(0.5 * np.sum(np.log(2 * np.pi * v) + (y - mu) ** 2 / v))

        best = None
        for start in (theta0, np.r_[beta0, math.log(0.5)]):
            r_ = optimize.minimize(nll, start, method="BFGS")
            if best is None or r_.fun < best.fun:
                best = r_
        if not np.all(np.isfinite(best.x)):
            raise FitError(f"{self.benchmark}: the logistic fit did not converge; try form='linear'")
        from statsmodels.tools.numdiff import approx_hess

        H = approx_hess(best.x, nll)
        try:
            cov = np.linalg.inv(H)
            if np.any(np.diag(cov) < 0) or not np.all(np.isfinite(cov)):
                raise np.linalg.LinAlgError
        except np.linalg.LinAlgError:
            cov = np.linalg.pinv(H)
            cov = (cov + cov.T) / 2
        names = ["intercept", "slope", *self.covariates, "log_tau"]
        self.params_ = pd.Series(best.x, index=names)
        self.cov_ = pd.DataFrame(cov, index=names, columns=names)
        self.scatter_ = float(math.exp(best.x[-1]))
        self.loglik_ = -float(best.fun)
        self.converged_ = bool(best.success) or best.status == 2  # 2: precision loss at optimum

    # ------------------------------------------------------------------ prediction
    def _check_fitted(self) -> None:
        if not hasattr(self, "params_"):
            raise FitError("this CurveFit is not fitted yet; call .fit() first")

    def _moments(self, x: np.ndarray, covariates: dict | None = None,
                 n_questions: float | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Mean, variance of the mean, and variance of a new observation at log10 sizes x.

        The new observation's variance is parameter uncertainty + between-model scatter +
        its own binomial noise (evaluated at the fitted mean, not the observed score).
        """
        self._check_fitted()
        design = self._design(x, covariates=covariates)
        theta = self.params_.to_numpy()
        nb = 2 + len(self.covariates)
        if self.form == "linear":
            X = np.column_stack([np.ones_like(design.x), design.x, design.Z])
            mu = X @ theta[:nb]
            var_mean = np.einsum("ij,jk,ik->i", X, self.cov_.to_numpy()[:nb, :nb], X)
            nq = self.n_questions_ if n_questions is None else n_questions
            extra = 0.0
            if n_questions is not None and math.isfinite(nq):
                # a different question count than the calibration benchmark
                extra = np.clip(mu * (1 - mu), 1e-6, None) * (1 / nq - 1 / self.n_questions_) \
                    if math.isfinite(self.n_questions_) else np.clip(mu * (1 - mu), 1e-6, None) / nq
            var_obs = var_mean + self.scatter_ ** 2 + np.clip(extra, 0, None)
            return mu, var_mean, var_obs
        eta = self._eta(design, theta)
        c, d = self.chance_, self.ceiling_
        s = special.expit(eta)
        mu = c + (d - c) * s
        dfde = (d - c) * s * (1 - s)
        # gradient of mu w.r.t. (intercept, slope, covariates)
        G = np.column_stack([np.ones_like(design.x), design.x, design.Z]) * dfde[:, None]
        var_mean = np.einsum("ij,jk,ik->i", G, self.cov_.to_numpy()[:nb, :nb], G)
        nq = self.n_questions_ if n_questions is None else float(n_questions)
        between, binom = self._obs_var_parts(eta, self.scatter_, nq)
        return mu, var_mean, var_mean + between + binom

    @property
    def slope_significant_(self) -> bool:
        """Whether the slope differs from 0 at the fit's level (Fieller's g < 1).

        When it does not, the inverted interval is unbounded or disjoint; such a curve is
        not used as default evidence.
        """
        self._check_fitted()
        se = math.sqrt(max(self.cov_.loc["slope", "slope"], 0.0))
        return bool(self.params_["slope"] > 0 and self.params_["slope"] / se > self._crit(self.level)) \
            if se > 0 else bool(self.params_["slope"] > 0)

    def _crit(self, level: float) -> float:
        return float(stats.t.ppf(0.5 + level / 2, max(self.df_resid_, 1)))

    def predict(
        self,
        params_b: float | Sequence[float] | np.ndarray,
        level: float | None = None,
        *,
        covariates: dict | None = None,
        n_questions: float | None = None,
    ) -> pd.DataFrame:
        """Predicted accuracy at given sizes, with mean and observation bands.

        Parameters
        ----------
        params_b : float or array
            Parameter counts in billions (total or active, as fitted).
        level : float, optional
            Band level (default: the fit's ``level``).
        covariates : dict, optional
            Values of the covariates, e.g. ``{"release_year": 2025.5}``.
        n_questions : float, optional
            Question count of the new model's evaluation, if it differs.

        Returns
        -------
        pandas.DataFrame
            ``params_b, mean, mean_se, mean_ci_lower, mean_ci_upper, obs_ci_lower,
            obs_ci_upper`` (statsmodels naming: the band of the fitted mean, and the band
            where a new model of that size would score).
        """
        level = self.level if level is None else level
        p = np.atleast_1d(np.asarray(params_b, float))
        if np.any(~np.isfinite(p)) or np.any(p <= 0):
            raise InputError("params_b must be positive numbers of billions")
        mu, vm, vo = self._moments(np.log10(p), covariates, n_questions)
        t = self._crit(level)
        out = pd.DataFrame({
            "params_b": p, "mean": mu, "mean_se": np.sqrt(vm),
            "mean_ci_lower": mu - t * np.sqrt(vm), "mean_ci_upper": mu + t * np.sqrt(vm),
            "obs_ci_lower": mu - t * np.sqrt(vo), "obs_ci_upper": mu + t * np.sqrt(vo),
        })
        for c in ("mean_ci_lower", "mean_ci_upper", "obs_ci_lower", "obs_ci_upper"):
            out[c] = out[c].clip(0, 1)
        return out

    def eval_uncertainty(self, params_b, level: float | None = None, *, obs: bool = True) -> np.ndarray:
        """Half-width of the observation (``obs=True``) or mean band at ``params_b``."""
        level = self.level if level is None else level
        p = np.atleast_1d(np.asarray(params_b, float))
        _, vm, vo = self._moments(np.log10(p))
        return self._crit(level) * np.sqrt(vo if obs else vm)

    # ------------------------------------------------------------------ reports
    @property
    def summary(self) -> pd.DataFrame:
        """Coefficients with standard errors and confidence intervals (at ``level``)."""
        self._check_fitted()
        se = np.sqrt(np.clip(np.diag(self.cov_.to_numpy()), 0, None))
        t = self._crit(self.level)
        lo = int(round(100 * (0.5 - self.level / 2) * 10)) / 10
        hi = int(round(100 * (0.5 + self.level / 2) * 10)) / 10
        df = pd.DataFrame({"coef": self.params_.to_numpy(), "std_err": se,
                           f"ci_{lo:g}%": self.params_.to_numpy() - t * se,
                           f"ci_{hi:g}%": self.params_.to_numpy() + t * se},
                          index=self.params_.index)
        df.index.name = "term"
        return df

    def report(self) -> str:
        """A readable fit report."""
        self._check_fitted()
        lines = [
            f"[[CurveFit]] {self.benchmark}: accuracy vs log10({self.predictor} params, billions)",
            f"    form          {self.form}"
            + (f" (floor {self.chance_:g}, ceiling {self.ceiling_:g})" if self.form == "logistic" else ""),
            f"    models        {self.n_models_} open-weight (sizes {_fmt_b(self.x_range_[0])}"
            f" - {_fmt_b(self.x_range_[1])}); {len(self.dropped_)} variant rows merged",
            f"    n_questions   {self.n_questions_:g}",
            f"    R-squared     {self.r2_:.3f} (accuracy scale)",
            f"    scatter       {self.scatter_:.3f} ({'logit' if self.form == 'logistic' else 'accuracy'}"
            f" scale) = {self.scatter_dex_:.2f} dex of params",
            f"    log-lik       {self.loglik_:.1f}   AIC {self.aic_:.1f}   BIC {self.bic_:.1f}",
            "[[Coefficients]]",
            self.summary.to_string(float_format=lambda v: f"{v:.4f}"),
        ]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.report() if hasattr(self, "params_") else self.__repr__()

    def __repr__(self) -> str:
        state = f"n={self.n_models_}" if hasattr(self, "params_") else "unfitted"
        return f"CurveFit({self.benchmark!r}, form={self.form!r}, predictor={self.predictor!r}, {state})"

    def _repr_html_(self) -> str:
        if not hasattr(self, "params_"):
            return f"<pre>{self!r}</pre>"
        head = self.report().split("[[Coefficients]]")[0].replace("<", "&lt;")
        return f"<pre>{head}</pre>" + self.summary.to_html(float_format=lambda v: f"{v:.4f}")

    def plot(self, ax=None, **kwargs):
        """Curve, mean and observation bands, and the open models (dense vs MoE).

        See :func:`paramest.plots.plot_curve` for the options. Returns the axes.
        """
        from .plots import plot_curve

        return plot_curve(self, ax=ax, **kwargs)


def _fmt_b(b: float) -> str:
    if b >= 1000:
        return f"{b / 1000:.3g}T"
    if b >= 1:
        return f"{b:.3g}B"
    return f"{b * 1000:.3g}M"


def fit(
    benchmark: str,
    data: pd.DataFrame | None = None,
    *,
    predictor: str = "total",
    form: str = DEFAULT_FORM,
    covariates: Sequence[str] = (),
    exclude: Iterable[str] = (),
    level: float = 0.9,
    **kwargs,
) -> CurveFit:
    """Fit accuracy against parameter count for one benchmark.

    Parameters
    ----------
    benchmark : str
        Benchmark id (``"ikp"``, ``"simpleqa"``, ...).
    data : pandas.DataFrame, optional
        Scores in the :func:`paramest.load_scores` format; default: the shipped data.
        Only open-weight rows with a known size calibrate.
    predictor : {"total", "active"}
    form : {"logistic", "linear"}
    covariates : sequence of str
        ``("release_year",)`` adds a per-year drift term.
    exclude : iterable of str
        Model ids (or weights ids) to leave out.
    level : float
        Band level.
    **kwargs
        ``chance``, ``ceiling``, ``n_questions``, ``dedupe`` (see :class:`CurveFit`).

    Returns
    -------
    CurveFit
    """
    return CurveFit(benchmark, predictor=predictor, form=form, covariates=covariates,
                    level=level, **kwargs).fit(data, exclude=exclude)


def fit_all(data: pd.DataFrame | None = None, *, min_models: int = 8, form: str = DEFAULT_FORM,
            kinds: Sequence[str] = ("knowledge", "reasoning")) -> pd.DataFrame:
    """One row per shipped benchmark with at least ``min_models`` open models of known size.

    Columns: ``benchmark, kind, n, slope, slope_se, r2, scatter, scatter_dex, x_min_b,
    x_max_b``. ``scatter_dex`` is the residual scatter in dex of parameters.
    """
    b = load_benchmarks()
    rows = []
    for r in b[b["kind"].isin(kinds)].itertuples(index=False):
        try:
            f = fit(r.benchmark, data, form=form)
        except FitError:
            continue
        if f.n_models_ < min_models:
            continue
        rows.append({"benchmark": r.benchmark, "kind": r.kind, "n": f.n_models_,
                     "slope": f.params_["slope"], "slope_se": math.sqrt(f.cov_.loc["slope", "slope"]),
                     "r2": f.r2_, "scatter": f.scatter_, "scatter_dex": f.scatter_dex_,
                     "x_min_b": f.x_range_[0], "x_max_b": f.x_range_[1]})
    return pd.DataFrame(rows)


def _loo_forward_rmse(f: CurveFit, groups: pd.Series | None = None) -> float:
    """Leave-one-group-out RMSE of predicted accuracy (groups default: developer)."""
    d = f.data_
    g = d["developer"] if groups is None else groups
    errs = []
    for dev in g.unique():
        tr, te = d[g != dev], d[g == dev]
        if len(tr) < 4 or tr["x"].nunique() < 2:
            continue
        ff = CurveFit(f.benchmark, predictor=f.predictor, form=f.form, covariates=f.covariates,
                      level=f.level)
        ff.chance_, ff.ceiling_, ff.n_questions_ = f.chance_, f.ceiling_, f.n_questions_
        try:
            ff._fit_frame(tr)
        except FitError:
            continue
        design = ff._design(te["x"].to_numpy(float), te)
        errs.extend(te["score"].to_numpy(float) - ff._mean(design, ff.params_.to_numpy()))
    return float(np.sqrt(np.mean(np.square(errs)))) if errs else float("nan")


def compare_predictors(
    benchmark: str,
    data: pd.DataFrame | None = None,
    *,
    form: str = DEFAULT_FORM,
    level: float = 0.9,
    covariates: Sequence[str] = (),
) -> pd.DataFrame:
    """Total vs active parameters, and a blend ``N_total^g * N_active^(1-g)``.

    Fits the same curve with x = log10(total), log10(active) and
    g*log10(total) + (1-g)*log10(active), on the same models (those with both counts).
    g is estimated by profile likelihood, with a likelihood-ratio confidence interval.

    Returns
    -------
    pandas.DataFrame
        One row per predictor: ``n, loglik, aic, r2, cv_rmse`` (leave-one-developer-out RMSE
        of predicted accuracy), ``slope``, and for the blend ``g, g_ci_lower, g_ci_upper``.
        g = 1 means knowledge tracks total parameters; g = 0, active parameters.
    """
    d, _ = calibration_frame(benchmark, data, covariates=covariates)
    d = d.copy()
    d["active_params_b"] = d["active_params_b"].fillna(d["total_params_b"])
    d = d[d["active_params_b"].notna()].reset_index(drop=True)
    lt, la = np.log10(d["total_params_b"].to_numpy(float)), np.log10(d["active_params_b"].to_numpy(float))
    n_moe = int(np.sum(np.abs(lt - la) > 1e-6))

    def fit_g(g: float) -> CurveFit:
        dd = d.copy()
        dd["x"] = g * lt + (1 - g) * la
        f = CurveFit(benchmark, form=form, covariates=covariates, level=level)
        return f._resolve_settings()._fit_frame(dd)

    rows = []
    grid = np.linspace(0, 1, 21)
    fits = {}
    for g in grid:
        try:
            fits[g] = fit_g(g)
        except FitError:
            continue
    if not fits:
        raise FitError(f"{benchmark}: no predictor could be fitted")
    ll = np.array([fits[g].loglik_ for g in fits])
    gs = np.array(list(fits))
    res = optimize.minimize_scalar(lambda g: -fit_g(g).loglik_, bounds=(0, 1), method="bounded",
                                   options={"xatol": 1e-3})
    g_hat = float(res.x)
    f_hat = fit_g(g_hat)
    cut = f_hat.loglik_ - stats.chi2.ppf(level, 1) / 2
    inside = gs[ll >= cut]
    g_lo = float(inside.min()) if len(inside) else g_hat
    g_hi = float(inside.max()) if len(inside) else g_hat
    for name, f in (("total", fits.get(1.0) or fit_g(1.0)), ("active", fits.get(0.0) or fit_g(0.0)),
                    ("blend", f_hat)):
        rows.append({"predictor": name, "n": f.n_models_, "n_moe": n_moe, "loglik": f.loglik_,
                     "aic": f.aic_ + (2 if name == "blend" else 0), "r2": f.r2_,
                     "cv_rmse": _loo_forward_rmse(f), "slope": f.params_["slope"],
                     "g": {"total": 1.0, "active": 0.0}.get(name, g_hat),
                     "g_ci_lower": g_lo if name == "blend" else np.nan,
                     "g_ci_upper": g_hi if name == "blend" else np.nan})
    out = pd.DataFrame(rows)
    out.attrs["note"] = ("g interval: profile-likelihood ratio on a 0.05 grid, "
                         f"level {level:g}; interval ends at 0 or 1 are bounded by the grid")
    return out


def release_date_effect(benchmark: str, data: pd.DataFrame | None = None, *,
                        form: str = DEFAULT_FORM, level: float = 0.9) -> pd.DataFrame:
    """Per-year drift of knowledge at fixed size, with a confidence interval.

    Fits the curve with ``covariates=("release_year",)``; the coefficient is the change
    per year of the linear predictor (logit scale for the logistic form). Returns one row:
    ``benchmark, n, per_year, se, ci_lower, ci_upper, per_year_dex`` (the same effect in
    dex of parameters per year: how many dex of size one year of progress is worth).
    """
    f = fit(benchmark, data, form=form, covariates=("release_year",), level=level)
    s = f.summary.loc["release_year"]
    return pd.DataFrame([{"benchmark": f.benchmark, "n": f.n_models_, "per_year": s["coef"],
                          "se": s["std_err"], "ci_lower": s.iloc[2], "ci_upper": s.iloc[3],
                          "per_year_dex": s["coef"] / f.params_["slope"]}])
