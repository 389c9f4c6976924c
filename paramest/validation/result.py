"""Validation results: :class:`ValidationResult` and the gate's :class:`GateResult`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..errors import InputError
from ..results import ResultIO
from ..units import to_json_safe

__all__ = ["GateResult", "ValidationResult"]


@dataclass(eq=False)
class ValidationResult(ResultIO):
    """Per-model results and summary metrics of one validation run.

    Attributes
    ----------
    per_model : pandas.DataFrame
        One row per held-out set of weights: ``weights, model, developer, family, fold,
        true_b, params_b, lower_b, upper_b, covered, log_err`` (log10 estimate/true),
        ``fold_error`` (10^|log_err|), ``width_dex, open, pit, n_benchmarks, benchmarks,
        has_ikp, evidence`` (class: ``ikp``, ``multi``, ``aa-only``, ``other``),
        ``extrapolation_dex, form_dependent``, and ``base_*`` columns for the IKP-style
        baseline on the same folds.
    summary : pandas.DataFrame
        Metrics per subset (:func:`summarize`).
    settings : dict
        How the run was made (split, level, calibration settings, recalibration, data).
    """

    per_model: pd.DataFrame
    summary: pd.DataFrame
    settings: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        s = self.settings
        a = self.summary.loc["all"] if "all" in self.summary.index else None
        head = (f"ValidationResult(split={s.get('split')!r}, level={s.get('level')}, "
                f"{len(self.per_model)} held-out sets of weights")
        if a is not None and a.get("n", 0):
            head += (f"; median fold error {a['median_fold_error']:.2f}x, coverage "
                     f"{a['coverage']:.2f}, median width {a['median_width_dex']:.2f} dex")
        return head + ")"

    def __str__(self) -> str:
        cols = ["n", "median_fold_error", "within_2x", "bias_dex", "coverage", "median_width_dex"]
        return repr(self) + "\n" + self.summary[[c for c in cols if c in self.summary]].to_string(
            float_format=lambda v: f"{v:.3g}")

    def _repr_html_(self) -> str:
        import html

        return f"<pre>{html.escape(repr(self))}</pre>" + self.summary.to_html(
            float_format=lambda v: f"{v:.3g}")

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe, at full precision: settings, summary rows, and the per-model table.

        Returns
        -------
        dict
            ``settings``, ``summary`` (``{subset: {metric: value}}``) and ``per_model`` (a
            list of records). NaN and inf become None, dates ISO strings.
        """
        return {"settings": to_json_safe(self.settings, digits=17),
                "summary": {str(i): to_json_safe(dict(r), digits=17) for i, r in self.summary.iterrows()},
                "per_model": to_json_safe(self.per_model, digits=17)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ValidationResult:
        """Rebuild a result from :meth:`to_dict` output.

        Parameters
        ----------
        d : dict

        Returns
        -------
        ValidationResult

        Raises
        ------
        InputError
            ``d`` is not a ValidationResult dict.
        """
        try:
            return cls(per_model=pd.DataFrame(d["per_model"]),
                       summary=pd.DataFrame.from_dict(d["summary"], orient="index"),
                       settings=dict(d["settings"]))
        except (KeyError, TypeError, ValueError) as e:
            raise InputError(f"not a ValidationResult dict ({e!r})") from e


    def plot(self, ax=None, **kwargs):
        """Estimate vs truth on log axes with intervals. Returns the axes.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; a new figure is made when omitted.
        **kwargs
            Passed to :func:`paramest.plots.plot_validation`.

        Returns
        -------
        matplotlib.axes.Axes

        Raises
        ------
        InputError
            The result has no estimate to plot.
        """
        from ..plots import plot_validation

        return plot_validation(self, ax=ax, **kwargs)




@dataclass(eq=False)
class GateResult(ResultIO):
    """Verdict of :func:`promotion_gate` on one candidate evidence channel.

    Attributes
    ----------
    signal : str
        Name of the candidate.
    table : pandas.DataFrame
        One row per split: units, median fold error and coverage with and without the
        channel, the paired-bootstrap ratio and its interval.
    promote : bool
        True only when the channel improved every split (ratio interval below 1) at equal or
        better coverage.
    reason : str
        Why, in words.
    settings : dict
        How the gate was run (splits, transform, level, bootstrap, benchmarks, data
        version).
    """

    signal: str
    table: pd.DataFrame
    promote: bool
    reason: str
    settings: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"GateResult({self.signal!r}: {'PROMOTE' if self.promote else 'reject'}; {self.reason})"

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe verdict and table, at full precision.

        Returns
        -------
        dict
            ``signal, promote, reason``, ``table`` (a list of records, NaN as None) and
            ``settings``.
        """
        return {"signal": self.signal, "promote": bool(self.promote), "reason": self.reason,
                "table": to_json_safe(self.table, digits=17), "settings": to_json_safe(self.settings, digits=17)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> GateResult:
        """Rebuild a verdict from :meth:`to_dict` output.

        Parameters
        ----------
        d : dict

        Returns
        -------
        GateResult

        Raises
        ------
        InputError
            ``d`` is not a GateResult dict.
        """
        try:
            return cls(signal=d["signal"], table=pd.DataFrame(d["table"]), promote=bool(d["promote"]),
                       reason=d["reason"], settings=dict(d.get("settings", {})))
        except (KeyError, TypeError, ValueError) as e:
            raise InputError(f"not a GateResult dict ({e!r})") from e

