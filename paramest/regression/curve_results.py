"""What a fitted curve reports: prediction bands, coefficient tables, the fit report, and its I/O (a mixin of
:class:`~paramest.regression.curve.CurveFit`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import stats

from ..checks import as_positive_array, check_level
from ..errors import InputError
from ..results import ResultIO
from ..units import format_params, to_json_safe

if TYPE_CHECKING:  # annotations only: curve.py imports this module
    from .curve import CurveFit

__all__ = ["CurveResults"]


class CurveResults(ResultIO):
    """Reports, tables and I/O of a fitted curve; mixed into :class:`paramest.CurveFit`."""

    # ------------------------------------------------------------------ bands
    def _quantile(self, level: float) -> float:
        p = 0.5 + level / 2
        if self.form == "logistic" and self.likelihood == "t":
            return float(stats.t.ppf(p, self.df))
        return float(stats.t.ppf(p, max(self.df_resid_, 1)))

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
        params_b : float or array of float
            Parameter counts in billions (total or active, as fitted).
        level : float, optional
            Band level (default: the fit's ``level``).
        covariates : dict, optional
            Covariate values, e.g. ``{"thinking": 1}``.
        n_questions : float, optional
            Question count of the new model's evaluation, if it differs.

        Returns
        -------
        pandas.DataFrame
            ``params_b, mean, mean_se, mean_ci_lower, mean_ci_upper, obs_ci_lower,
            obs_ci_upper`` (statsmodels naming: the band of the fitted mean, and the band
            where a new model of that size would score).

        Raises
        ------
        FitError
            The curve is not fitted.
        InputError
            Sizes that are not positive numbers, a level not strictly between 0 and 1, or a
            missing covariate value.
        """
        level = self.level if level is None else check_level(level)
        p = as_positive_array(params_b, "params_b")
        m = self.moments(np.log10(p), covariates, n_questions)
        t = self._quantile(level)
        # the mean band: t(df_resid) for OLS (as statsmodels), asymptotic normal for ML
        z = t if self.form == "linear" else float(stats.norm.ppf(0.5 + level / 2))
        se = np.sqrt(m.var_mean)
        so = np.sqrt(m.var_obs)
        out = pd.DataFrame({
            "params_b": p, "mean": m.mean, "mean_se": se,
            "mean_ci_lower": m.mean - z * se, "mean_ci_upper": m.mean + z * se,
            "obs_ci_lower": m.mean - t * so, "obs_ci_upper": m.mean + t * so,
        })
        for c in ("mean_ci_lower", "mean_ci_upper", "obs_ci_lower", "obs_ci_upper"):
            out[c] = out[c].clip(0, 1)
        return out

    def eval_uncertainty(self, params_b, level: float | None = None, *, obs: bool = True) -> np.ndarray:
        """Half-width of the observation (``obs=True``) or mean band at ``params_b`` (lmfit style).

        Parameters
        ----------
        params_b : float or array of float
            Parameter counts in billions (total or active, as fitted).
        level : float, optional
            Band level (default: the fit's ``level``).
        obs : bool
            The band where a new model would score (True) or the band of the fitted mean.

        Returns
        -------
        numpy.ndarray
            Half-widths on the accuracy scale, one per size (the bands of :meth:`predict`
            before clipping to [0, 1]).

        Raises
        ------
        FitError
            The curve is not fitted.
        InputError
            Sizes that are not positive numbers, a level not strictly between 0 and 1, or
            a curve with covariates (their values cannot be given here; use
            :meth:`predict`).
        """
        level = self.level if level is None else check_level(level)
        m = self.moments(np.log10(as_positive_array(params_b, "params_b")))
        if obs:
            return self._quantile(level) * np.sqrt(m.var_obs)
        z = self._quantile(level) if self.form == "linear" else float(stats.norm.ppf(0.5 + level / 2))
        return z * np.sqrt(m.var_mean)

    # ------------------------------------------------------------------ tables
    def conf_int(self, level: float | None = None) -> pd.DataFrame:
        """Coefficient intervals (statsmodels' name): ``lower, upper`` per term.

        Parameters
        ----------
        level : float, optional
            Interval level (default: the fit's ``level``).

        Returns
        -------
        pandas.DataFrame
            Index: the terms; columns ``lower`` and ``upper`` (Wald intervals).

        Raises
        ------
        FitError
            The curve is not fitted.

        Examples
        --------
        >>> import paramest as pe
        >>> f = pe.fit("ikp")
        >>> ci = f.conf_int()
        >>> bool(ci.loc["slope", "lower"] < f.params_["slope"] < ci.loc["slope", "upper"])
        True
        """
        s = self.summary(level)
        return s[["ci_lower", "ci_upper"]].rename(columns={"ci_lower": "lower", "ci_upper": "upper"})

    def summary(self, level: float | None = None) -> pd.DataFrame:
        """Coefficients: ``coef, std_err, z, p_value, ci_lower, ci_upper`` (a method, as in statsmodels).

        Parameters
        ----------
        level : float, optional
            Level of ``ci_lower`` / ``ci_upper`` (default: the fit's ``level``). Column
            names do not depend on it; it is in ``.attrs["level"]``.

        Returns
        -------
        pandas.DataFrame
            One row per term; ``print()`` gives its text form, :meth:`report` the full report.

        Raises
        ------
        FitError
            The curve is not fitted.

        Examples
        --------
        >>> import paramest as pe
        >>> list(pe.fit("ikp").summary().columns)
        ['coef', 'std_err', 'z', 'p_value', 'ci_lower', 'ci_upper']
        """
        self._check_fitted()
        level = self.level if level is None else check_level(level)
        se = np.sqrt(np.clip(np.diag(self.cov_.to_numpy()), 0, None))
        coef = self.params_.to_numpy()
        z = float(stats.norm.ppf(0.5 + level / 2))
        with np.errstate(divide="ignore", invalid="ignore"):
            zs = np.where(se > 0, coef / se, np.nan)
        df = pd.DataFrame({"coef": coef, "std_err": se, "z": zs,
                           "p_value": 2 * stats.norm.sf(np.abs(zs)),
                           "ci_lower": coef - z * se, "ci_upper": coef + z * se},
                          index=self.params_.index)
        if self.form == "linear":  # sigma is estimated, but OLS gives no SE for it
            df.loc["sigma", ["std_err", "z", "p_value", "ci_lower", "ci_upper"]] = np.nan
        df.index.name = "term"
        df.attrs["level"] = level
        return df

    def report(self) -> str:
        """A readable fit report (lmfit style).

        Returns
        -------
        str
            Several lines: form and likelihood, calibration models, fit statistics, and
            the coefficient table (:attr:`summary`).

        Raises
        ------
        FitError
            The curve is not fitted.
        """
        self._check_fitted()
        lik = f", {self.likelihood}" + (f"(df={self.df:g})" if self.likelihood == "t" else "") \
            if self.form == "logistic" else ", OLS"
        lines = [
            f"[[CurveFit]] {self.benchmark_}: accuracy vs log10({self.predictor} params, billions)",
            f"    form          {self.form}{lik}"
            + (f"; floor {self.chance_:g}, ceiling {self.ceiling_:g}" if self.form == "logistic" else ""),
            f"    models        {self.n_models_} sets of open weights ({format_params(self.x_range_b_[0])}"
            f" - {format_params(self.x_range_b_[1])}); {len(self.dropped_)} other settings set aside "
            f"(variant rule {self.variant_rule!r})",
            f"    n_questions   {self.n_questions_:g}",
            f"    R-squared     {self.r2_:.3f} (accuracy scale)",
            f"    scatter       {self.scatter_:.3f} ({'logit' if self.form == 'logistic' else 'accuracy'}"
            f" scale) = {self.scatter_dex_:.2f} dex of params",
            f"    log-lik       {self.loglik_:.1f}   AIC {self.aic_:.1f}   BIC {self.bic_:.1f}",
            f"[[Coefficients]] (intervals at level {self.level:g})",
            self.summary().to_string(float_format=lambda v: f"{v:.4f}"),
        ]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Settings, fitted statistics, coefficients and the fitted state, JSON-safe.

        Everything :meth:`from_dict` needs to rebuild the fitted curve (the calibration
        rows included), at full precision.

        Returns
        -------
        dict
            ``settings``; once fitted also ``benchmark, n_models, x_range_b, chance,
            ceiling, n_questions`` (None when unknown), ``r2, scatter, scatter_dex,
            slope_z, loglik, aic, bic, converged``, ``coefficients`` (the rows of
            :meth:`summary`) and ``state`` (parameters, covariance, calibration rows).

        Examples
        --------
        >>> import paramest as pe
        >>> d = pe.fit("ikp").to_dict()
        >>> d["benchmark"], d["n_models"] > 8
        ('ikp', True)
        """
        settings = {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.get_params().items()}
        out: dict[str, Any] = {"settings": to_json_safe(settings, digits=17)}
        if hasattr(self, "params_"):
            nq = None if not math.isfinite(self.n_questions_) else self.n_questions_
            out.update(to_json_safe({
                "benchmark": self.benchmark_, "n_models": self.n_models_,
                "x_range_b": list(self.x_range_b_), "chance": self.chance_, "ceiling": self.ceiling_,
                "n_questions": nq, "r2": self.r2_, "scatter": self.scatter_,
                "scatter_dex": self.scatter_dex_, "slope_z": self.slope_z_, "loglik": self.loglik_,
                "aic": self.aic_, "bic": self.bic_, "converged": bool(self.converged_),
                "coefficients": {t: dict(row) for t, row in self.summary().iterrows()},
                "state": {"terms": list(self.params_.index), "params": list(self.params_),
                          "cov": self.cov_.to_numpy().tolist(), "zmean": self.covariate_means_,
                          "knots": getattr(self, "knots_", {}),
                          "df_resid": self.df_resid_, "fitted": list(self.fitted_),
                          "resid": list(self.resid_), "data": self.data_, "dropped": self.dropped_},
            }, digits=17))
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CurveFit:
        """Rebuild a curve from :meth:`to_dict` output.

        Parameters
        ----------
        d : dict

        Returns
        -------
        CurveFit
            Fitted when ``d`` was; it predicts exactly as the original did.

        Raises
        ------
        InputError
            ``d`` is not a CurveFit dict.

        Examples
        --------
        >>> import paramest as pe
        >>> f = pe.fit("ikp")
        >>> pe.CurveFit.from_dict(f.to_dict()) == f
        True
        """
        try:
            s = dict(d["settings"])
            s["covariates"] = tuple(s.get("covariates") or ())
            f = cls(**s)
            if "state" not in d:
                return f
            st = d["state"]
            f.benchmark_, f.n_models_ = d["benchmark"], int(d["n_models"])
            f.x_range_b_ = tuple(float(v) for v in d["x_range_b"])
            f.chance_, f.ceiling_ = float(d["chance"]), float(d["ceiling"])
            f.n_questions_ = math.inf if d["n_questions"] is None else float(d["n_questions"])
            f.r2_, f.scatter_, f.scatter_dex_ = float(d["r2"]), float(d["scatter"]), float(d["scatter_dex"])
            f.slope_z_ = math.inf if d["slope_z"] is None else float(d["slope_z"])
            f.loglik_, f.aic_, f.bic_ = float(d["loglik"]), float(d["aic"]), float(d["bic"])
            f.converged_ = bool(d["converged"])
            f.params_ = pd.Series(np.asarray(st["params"], float), index=st["terms"])
            f.cov_ = pd.DataFrame(np.asarray(st["cov"], float), index=st["terms"], columns=st["terms"])
            f.covariate_means_ = {k: float(v) for k, v in st["zmean"].items()}
            f.knots_ = {k: float(v) for k, v in st.get("knots", {}).items()}
            f.df_resid_ = int(st["df_resid"])
            f.fitted_, f.resid_ = np.asarray(st["fitted"], float), np.asarray(st["resid"], float)
            f.data_ = pd.DataFrame(st["data"])
            f.dropped_ = pd.DataFrame(st["dropped"])
            return f
        except (KeyError, TypeError, ValueError) as e:
            raise InputError(f"not a CurveFit dict ({e!r}); pass the output of CurveFit.to_dict()") from e


    def __str__(self) -> str:
        return self.report() if hasattr(self, "params_") else self.__repr__()

    def __repr__(self) -> str:
        state = f"n={self.n_models_}" if hasattr(self, "params_") else "unfitted"
        return (f"CurveFit({self.benchmark!r}, form={self.form!r}, likelihood={self.likelihood!r}, "
                f"predictor={self.predictor!r}, {state})")

    def _repr_html_(self) -> str:
        if not hasattr(self, "params_"):
            return f"<pre>{self!r}</pre>"
        head = self.report().split("[[Coefficients]]")[0].replace("<", "&lt;")
        return f"<pre>{head}</pre>" + self.summary().to_html(float_format=lambda v: f"{v:.4f}")

    def plot(self, ax=None, **kwargs):
        """Curve, mean and observation bands, and the open models (dense vs MoE).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; a new figure is made when omitted.
        **kwargs
            Passed to :func:`paramest.plots.plot_curve` (``closed``, ``level``,
            ``show_points``).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from ..plots import plot_curve

        return plot_curve(self, ax=ax, **kwargs)


