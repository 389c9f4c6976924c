"""The result of an estimate: :class:`SizeEstimate`, its four groups of fields, and its I/O.

A :class:`SizeEstimate` groups what it holds the way a reader asks about it:

* :class:`Estimated` — what was estimated: the model, the point estimate and the interval;
* :class:`EvidenceUsed` — the scores it rests on, per benchmark;
* :class:`CalibrationSummary` — the open models and data version it was calibrated on;
* :class:`Diagnostics` — extrapolation, the other curve forms, a published size, refusals and
  the :class:`~paramest.flags.Flag` list.

The old flat names (``est.params_b``, ``est.flags``, ...) read through to their group.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import pandas as pd

from ..errors import InputError
from ..flags import Flag, flag_codes
from ..results import ResultIO
from ..units import format_interval, format_params, round_sig, to_json_safe

__all__ = ["CalibrationSummary", "Diagnostics", "Estimated", "EvidenceUsed", "SizeEstimate"]


def _num(v: Any) -> float | None:
    """A float rounded to 4 significant digits for output; None for NaN/inf/None."""
    if v is None:
        return None
    v = float(v)
    return round_sig(v) if math.isfinite(v) else None


def _back(v: Any, open_value: float = math.nan) -> float:
    return open_value if v is None else float(v)


@dataclass(eq=False)
class Estimated:
    """What was estimated: the model and the answer.

    Attributes
    ----------
    model, weights : str or None
        The model asked about and its set of weights (None for a dict of scores).
    params_b, lower_b, upper_b : float
        Point estimate and interval, billions; an unbounded side is ``0`` or ``inf``.
    level : float
        Interval level.
    open_lower, open_upper : bool
        The data do not bound the interval on that side.
    form : str
        Curve form of the estimate.
    point : str
        ``"median"`` or ``"mode"`` of the posterior.
    """

    model: str | None
    weights: str | None
    params_b: float
    lower_b: float
    upper_b: float
    level: float
    open_lower: bool = False
    open_upper: bool = False
    form: str = "logistic"
    point: str = "median"


@dataclass(eq=False)
class EvidenceUsed:
    """The scores an estimate rests on.

    Attributes
    ----------
    benchmarks : list of str
        Benchmarks used, in order.
    scores : dict
        Score used per benchmark (fractions).
    variants : dict
        Model id (setting) whose score was used, per benchmark.
    thinking : dict
        Whether that score was in a reasoning setting.
    n_questions : dict
        Questions in the model's own evaluation, where it differs from the benchmark's.
    per_benchmark : pandas.DataFrame
        Each benchmark's own estimate and interval (``benchmark, score, model, thinking,
        params_b, lower_b, upper_b, open_lower, open_upper, n_calibration,
        calibration_max_b, flags``).
    consistency_p : float
        Agreement of the benchmarks (NaN for one benchmark).
    driver : str or None
        The benchmark whose own posterior is narrowest: the one that drives the answer.
    """

    benchmarks: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    variants: dict[str, str] = field(default_factory=dict)
    thinking: dict[str, bool] = field(default_factory=dict)
    n_questions: dict[str, float] = field(default_factory=dict)
    per_benchmark: pd.DataFrame = field(default_factory=pd.DataFrame)
    consistency_p: float = math.nan
    driver: str | None = None


@dataclass(eq=False)
class CalibrationSummary:
    """What the estimate was calibrated on.

    Attributes
    ----------
    n_calibration : int
        Sets of open weights behind the curves used.
    calibration_range_b : tuple of float
        Smallest and largest calibration model, billions.
    rho : float
        Shared residual correlation (posterior median); NaN for one benchmark.
    recalibration : dict or None
        How the interval's quantile levels were calibrated (None: the raw posterior's).
    data_version, data_source : str
        Shipped tables' version; ``"shipped"`` or a fingerprint of user data.
    grid_b : tuple of float
        Range of sizes searched, billions.
    sources : list of str
        Sources of the calibration scores behind the curves used.
    """

    n_calibration: int = 0
    calibration_range_b: tuple[float, float] = (math.nan, math.nan)
    rho: float = math.nan
    recalibration: dict | None = None
    data_version: str = ""
    data_source: str = "shipped"
    grid_b: tuple[float, float] = (0.01, 1e6)
    sources: list[str] = field(default_factory=list)


@dataclass(eq=False)
class Diagnostics:
    """What the reader should know besides the interval.

    Attributes
    ----------
    extrapolation_dex : float
        log10(estimate / largest calibration model) above it, log10(estimate / smallest)
        below it, else 0.
    forms : dict
        Estimate and raw interval under each curve form, ``{form: {params_b, lower_b,
        upper_b}}``.
    form_dependent : bool
        Another form's estimate falls outside the interval.
    form_spread_dex : float
        Largest |log10| ratio between the forms' estimates.
    published : dict or None
        A published or stated size: ``params_b, status`` (``open``, ``disclosed``,
        ``reported``), ``statement``, ``source``.
    refusal : dict or None
        The refusal-adjusted estimate, when the model has a refusal record.
    flags : list of Flag
        Everything worth a reader's attention (:class:`paramest.flags.Flag`).
    """

    extrapolation_dex: float = 0.0
    forms: dict[str, dict[str, float]] = field(default_factory=dict)
    form_dependent: bool = False
    form_spread_dex: float = 0.0
    published: dict | None = None
    refusal: dict | None = None
    flags: list[Flag] = field(default_factory=list)


_GROUPS = {"estimated": Estimated, "evidence": EvidenceUsed, "calibration": CalibrationSummary,
           "diagnostics": Diagnostics}
_FLAT = {f.name: g for g, cls in _GROUPS.items() for f in fields(cls)}


class SizeEstimate(ResultIO):
    """A size estimate with its interval, what it rests on, and its provenance.

    Built by :func:`paramest.estimate_size`. Four groups of fields (:attr:`estimated`,
    :attr:`evidence`, :attr:`calibration`, :attr:`diagnostics`); every field also reads
    directly (``est.params_b``, ``est.flags``).

    Parameters
    ----------
    estimated : Estimated
    evidence : EvidenceUsed
    calibration : CalibrationSummary
    diagnostics : Diagnostics

    Examples
    --------
    >>> import paramest as pe
    >>> est = pe.estimate_size({"simpleqa": 0.3})           # doctest: +SKIP
    >>> est.lower_b < est.params_b < est.upper_b             # doctest: +SKIP
    True
    """

    def __init__(self, estimated: Estimated, evidence: EvidenceUsed | None = None,
                 calibration: CalibrationSummary | None = None,
                 diagnostics: Diagnostics | None = None) -> None:
        self.estimated = estimated
        self.evidence = evidence or EvidenceUsed()
        self.calibration = calibration or CalibrationSummary()
        self.diagnostics = diagnostics or Diagnostics()

    def __getattr__(self, name: str) -> Any:
        # the flat names of 0.2 (est.params_b, est.flags, ...) read through to their group
        group = _FLAT.get(name)
        if group is None or name.startswith("__"):
            raise AttributeError(f"'SizeEstimate' object has no attribute {name!r}")
        return getattr(self.__dict__[group], name)

    # ------------------------------------------------------------------ reading it
    @property
    def disclosed_b(self) -> float:
        """Published or stated size, billions (NaN when there is none)."""
        p = self.diagnostics.published
        return float(p["params_b"]) if p and p.get("params_b") is not None else math.nan

    @property
    def disclosed_status(self) -> str:
        """Status of the published size: ``open``, ``disclosed``, ``reported`` or ``""``."""
        p = self.diagnostics.published
        return str(p.get("status", "")) if p else ""

    @property
    def flag_codes(self) -> list[str]:
        """Codes of the flags, once each (``"extrapolation"``, ``"rests-on-form"``, ...)."""
        return flag_codes(self.diagnostics.flags)

    @property
    def warnings(self) -> list[Flag]:
        """The warning-level flags."""
        return [f for f in self.diagnostics.flags if f.severity == "warning"]

    @property
    def width_dex(self) -> float:
        """Interval width in dex (log10 units); inf when a side is open."""
        e = self.estimated
        if e.open_lower or e.open_upper:
            return math.inf
        return math.log10(e.upper_b / e.lower_b)

    @property
    def interval_text(self) -> str:
        """The interval as a person writes it: ``'1.6T-12T'``, ``'> 2.8T'``."""
        return format_interval(self.estimated.lower_b, self.estimated.upper_b)

    def conf_int(self) -> tuple[float, float]:
        """The interval, ``(lower_b, upper_b)`` in billions (statsmodels' name).

        Returns
        -------
        (float, float)
            ``0`` / ``inf`` for an open side.

        Examples
        --------
        >>> e = SizeEstimate(Estimated(None, None, 10.0, 3.0, 30.0, 0.9))
        >>> e.conf_int()
        (3.0, 30.0)
        """
        return (self.estimated.lower_b, self.estimated.upper_b)

    def contains(self, params_b: float) -> bool:
        """Whether a size (billions) lies inside the interval.

        Parameters
        ----------
        params_b : float
            A parameter count in billions.

        Returns
        -------
        bool

        Examples
        --------
        >>> SizeEstimate(Estimated(None, None, 10.0, 3.0, 30.0, 0.9)).contains(20)
        True
        """
        return bool(self.estimated.lower_b <= float(params_b) <= self.estimated.upper_b)

    def __lt__(self, other: SizeEstimate) -> bool:
        """Estimates sort by their point estimate (``sorted(estimates)``)."""
        if not isinstance(other, SizeEstimate):
            return NotImplemented
        return self.estimated.params_b < other.estimated.params_b

    # ------------------------------------------------------------------ text
    def _point_text(self) -> str:
        e = self.estimated
        if e.open_upper:
            # the data set no upper end, so the posterior's centre is set by the grid, not by
            # the scores: the lower bound is the answer (params_b keeps the grid's median)
            return f"> {format_params(e.lower_b)}"
        return format_params(e.params_b)

    def __str__(self) -> str:
        e, ev, cal = self.estimated, self.evidence, self.calibration
        parts = [f"{100 * e.level:g}% interval {self.interval_text}", " + ".join(ev.benchmarks),
                 f"{cal.n_calibration} open models"]
        # the headline's notes are the flags' own words, so text and flags never disagree
        for f in self.diagnostics.flags:
            if f.code in ("extrapolation", "rests-on-form", "beyond-informative-range",
                          "disclosed-contradiction", "refusal", "undertrained") \
                    and (f.severity == "warning" or f.code in ("extrapolation", "refusal")):
                parts.append(f.message)
        if self.diagnostics.published and "disclosed-contradiction" not in self.flag_codes:
            parts.append(f"published size {format_params(self.disclosed_b)} "
                         f"({self.disclosed_status}), inside the interval")
        return f"{e.model or 'estimate'}: {self._point_text()} total params ({'; '.join(parts)})"

    def __repr__(self) -> str:
        return f"<SizeEstimate {self}>"

    def report(self) -> str:
        """A readable multi-line report: the estimate, each benchmark, and every flag.

        Returns
        -------
        str
        """
        e = self.estimated
        lines = [f"[[SizeEstimate]] {e.model or 'scores given'}"
                 + (f" (weights {e.weights})" if e.weights and e.weights != e.model else ""),
                 f"    estimate      {self._point_text()} total parameters",
                 f"    {100 * e.level:g}% interval  {self.interval_text}",
                 f"    benchmarks    {' + '.join(self.evidence.benchmarks)}"
                 + (f" (driven by {self.evidence.driver})" if self.evidence.driver else ""),
                 f"    calibration   {self.calibration.n_calibration} open models "
                 f"({format_params(self.calibration.calibration_range_b[0])} - "
                 f"{format_params(self.calibration.calibration_range_b[1])}), data "
                 f"{self.calibration.data_version}"]
        if len(self.evidence.per_benchmark):
            lines.append("[[Per benchmark]]")
            pb = self.evidence.per_benchmark
            for r in pb.itertuples():
                lines.append(f"    {r.benchmark:<18} {r.score:.3f} -> {format_params(r.params_b)} "
                             f"({format_interval(r.lower_b, r.upper_b)})")
        if self.diagnostics.flags:
            lines.append("[[Flags]]")
            lines += [f"    {f.severity:<8}{f.code}: {f.message}" for f in self.diagnostics.flags]
        return "\n".join(lines)

    def summary(self) -> pd.DataFrame:
        """The estimate and each benchmark's own estimate as one table (statsmodels' habit).

        Returns
        -------
        pandas.DataFrame
            One row ``joint`` plus one per benchmark: ``score, params_b, lower_b,
            upper_b, open_lower, open_upper``; ``print()`` gives its text form and
            :meth:`report` the full report.

        Examples
        --------
        >>> SizeEstimate(Estimated(None, None, 10.0, 3.0, 30.0, 0.9)).summary().index[0]
        'joint'
        """
        e = self.estimated
        rows = {"joint": {"score": math.nan, "params_b": e.params_b, "lower_b": e.lower_b,
                          "upper_b": e.upper_b, "open_lower": e.open_lower,
                          "open_upper": e.open_upper}}
        for r in self.evidence.per_benchmark.to_dict(orient="records"):
            rows[r["benchmark"]] = {k: r.get(k) for k in ("score", "params_b", "lower_b", "upper_b",
                                                          "open_lower", "open_upper")}
        out = pd.DataFrame(rows).T
        out.index.name = "estimate"
        out.attrs["level"] = e.level
        return out

    def _repr_html_(self) -> str:
        import html

        flags = "".join(f"<li><b>{html.escape(f.code)}</b> ({f.severity}): {html.escape(f.message)}</li>"
                        for f in self.diagnostics.flags)
        pb = self.evidence.per_benchmark.copy()
        for c in ("params_b", "lower_b", "upper_b"):
            if c in pb:
                pb[c] = pb[c].map(format_params)
        return (f"<b>{html.escape(str(self))}</b>" + (f"<ul>{flags}</ul>" if flags else "")
                + pb.to_html(index=False, float_format=lambda v: f"{v:.3g}")
                + f"<small>data {html.escape(self.calibration.data_version)}</small>")

    # ------------------------------------------------------------------ conversion
    def to_dict(self) -> dict[str, Any]:
        """Plain-Python dict, JSON-safe, numbers rounded to 4 significant digits.

        An open side (``inf``) becomes None; :meth:`from_dict` reads it back.

        Returns
        -------
        dict
            A header (``model, weights, params_b, lower_b, upper_b, level, interval,
            benchmarks, flag_codes, text``), then ``estimated``, ``evidence``,
            ``calibration`` and ``diagnostics`` (each group's fields; ``per_benchmark`` as
            records, flags as dicts, ``sources`` as its count ``n_sources``).
        """
        e = asdict(self.estimated)
        for k in ("params_b", "lower_b", "upper_b"):
            e[k] = _num(e[k])
        ev = self.evidence
        evidence = {"benchmarks": list(ev.benchmarks), "scores": {k: _num(v) for k, v in ev.scores.items()},
                    "variants": dict(ev.variants), "thinking": {k: bool(v) for k, v in ev.thinking.items()},
                    "n_questions": {k: _num(v) for k, v in ev.n_questions.items()},
                    "per_benchmark": to_json_safe(ev.per_benchmark),
                    "consistency_p": _num(ev.consistency_p), "driver": ev.driver}
        c = self.calibration
        calibration = {"n_calibration": int(c.n_calibration),
                       "calibration_range_b": [_num(v) for v in c.calibration_range_b],
                       "rho": _num(c.rho), "recalibration": to_json_safe(c.recalibration),
                       "data_version": c.data_version, "data_source": c.data_source,
                       "grid_b": [_num(v) for v in c.grid_b], "n_sources": len(c.sources)}
        d = self.diagnostics
        diagnostics = {"extrapolation_dex": _num(d.extrapolation_dex) if math.isfinite(d.extrapolation_dex)
                       else (None if math.isnan(d.extrapolation_dex) else ("inf" if d.extrapolation_dex > 0 else "-inf")),
                       "forms": {f: {k: _num(v) for k, v in x.items()} for f, x in d.forms.items()},
                       "form_dependent": bool(d.form_dependent), "form_spread_dex": _num(d.form_spread_dex),
                       "published": to_json_safe(d.published), "refusal": to_json_safe(d.refusal),
                       "flags": [to_json_safe(f.to_dict()) for f in d.flags]}
        # a flat header of what most readers want, before the four groups
        head = {"model": e["model"], "weights": e["weights"], "params_b": e["params_b"],
                "lower_b": e["lower_b"], "upper_b": e["upper_b"], "level": e["level"],
                "interval": self.interval_text, "benchmarks": list(ev.benchmarks),
                "flag_codes": self.flag_codes, "text": str(self)}
        return {**head, "estimated": e, "evidence": evidence, "calibration": calibration,
                "diagnostics": diagnostics}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> SizeEstimate:
        """Rebuild an estimate from :meth:`to_dict` output (also reads paramest 0.2's flat dicts).

        Parameters
        ----------
        d : dict
            The output of :meth:`to_dict`. None for ``params_b`` or ``upper_b`` reads as
            ``inf``, for ``lower_b`` as ``0``.

        Returns
        -------
        SizeEstimate
            With its numbers as rounded by :meth:`to_dict`; ``sources`` is empty (only
            their count is kept).

        Raises
        ------
        InputError
            ``d`` lacks a required key or holds a value of the wrong type.

        Examples
        --------
        >>> e = SizeEstimate(Estimated("m", "m", 10.0, 3.0, 30.0, 0.9))
        >>> SizeEstimate.from_dict(e.to_dict()) == e
        True
        """
        try:
            if "estimated" not in d:  # paramest 0.2: one flat dict
                return cls._from_flat(d)
            e, ev, c, g = d["estimated"], d["evidence"], d["calibration"], d["diagnostics"]
            ext = g.get("extrapolation_dex")
            ext = {"inf": math.inf, "-inf": -math.inf}.get(ext, ext) if isinstance(ext, str) else _back(ext, 0.0)
            return cls(
                Estimated(model=e.get("model"), weights=e.get("weights"),
                          params_b=_back(e["params_b"], math.inf), lower_b=_back(e["lower_b"], 0.0),
                          upper_b=_back(e["upper_b"], math.inf), level=float(e["level"]),
                          open_lower=bool(e.get("open_lower")), open_upper=bool(e.get("open_upper")),
                          form=e.get("form", "logistic"), point=e.get("point", "median")),
                EvidenceUsed(benchmarks=list(ev.get("benchmarks", [])),
                             scores={k: float(v) for k, v in ev.get("scores", {}).items()},
                             variants=dict(ev.get("variants", {})), thinking=dict(ev.get("thinking", {})),
                             n_questions={k: _back(v) for k, v in ev.get("n_questions", {}).items()},
                             per_benchmark=pd.DataFrame(ev.get("per_benchmark", [])),
                             consistency_p=_back(ev.get("consistency_p")), driver=ev.get("driver")),
                CalibrationSummary(n_calibration=int(c.get("n_calibration", 0)),
                                   calibration_range_b=tuple(_back(v) for v in c.get("calibration_range_b", [None, None])),
                                   rho=_back(c.get("rho")), recalibration=c.get("recalibration"),
                                   data_version=c.get("data_version", ""), data_source=c.get("data_source", ""),
                                   grid_b=tuple(_back(v) for v in c.get("grid_b", [0.01, 1e6]))),
                Diagnostics(extrapolation_dex=ext,
                            forms={f: {k: _back(v, math.inf) for k, v in x.items()} for f, x in g.get("forms", {}).items()},
                            form_dependent=bool(g.get("form_dependent")),
                            form_spread_dex=_back(g.get("form_spread_dex"), 0.0),
                            published=g.get("published"), refusal=g.get("refusal"),
                            flags=[Flag.from_dict(f) for f in g.get("flags", [])]))
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise InputError(f"not a SizeEstimate dict ({err!r}); pass the output of "
                             "SizeEstimate.to_dict()") from err

    @classmethod
    def _from_flat(cls, d: Mapping[str, Any]) -> SizeEstimate:
        pub = None
        if d.get("disclosed_b") is not None:
            pub = {"params_b": float(d["disclosed_b"]), "status": d.get("disclosed_status", "")}
        return cls(
            Estimated(model=d.get("model"), weights=d.get("weights"), params_b=_back(d["params_b"], math.inf),
                      lower_b=_back(d["lower_b"], 0.0), upper_b=_back(d["upper_b"], math.inf),
                      level=float(d["level"]), open_lower=bool(d.get("open_lower")),
                      open_upper=bool(d.get("open_upper")), form=d.get("form", "logistic")),
            EvidenceUsed(benchmarks=list(d.get("benchmarks", [])),
                         scores={k: float(v) for k, v in d.get("scores", {}).items()},
                         variants=dict(d.get("variants", {})), thinking=dict(d.get("thinking", {})),
                         per_benchmark=pd.DataFrame(d.get("per_benchmark", [])),
                         consistency_p=_back(d.get("consistency_p"))),
            CalibrationSummary(n_calibration=int(d.get("n_calibration", 0)),
                               calibration_range_b=tuple(_back(v) for v in d.get("calibration_range_b", [None, None])),
                               rho=_back(d.get("rho")), recalibration=d.get("recalibration"),
                               data_version=d.get("data_version", ""), data_source=d.get("data_source", ""),
                               grid_b=tuple(_back(v) for v in d.get("grid_b", [0.01, 1e6]))),
            Diagnostics(extrapolation_dex=_back(d.get("extrapolation_dex"), 0.0),
                        forms={f: {k: _back(v, math.inf) for k, v in x.items()} for f, x in d.get("forms", {}).items()},
                        form_dependent=bool(d.get("form_dependent")),
                        form_spread_dex=_back(d.get("form_spread_dex"), 0.0), published=pub,
                        refusal=d.get("refusal"), flags=[Flag.from_dict(f) for f in d.get("flags", [])]))

    def _eq_dict(self) -> dict:
        # equal when every reported number and label is equal; the count of sources is not
        d = self.to_dict()
        d["calibration"].pop("n_sources")
        return d

    def to_frame(self) -> pd.DataFrame:
        """One-row tidy DataFrame: the columns of a row of :func:`paramest.estimate_sizes`.

        Returns
        -------
        pandas.DataFrame
        """
        e, d = self.estimated, self.diagnostics
        row = {
            "model": e.model, "weights": e.weights, "params_b": e.params_b, "lower_b": e.lower_b,
            "upper_b": e.upper_b, "level": e.level, "interval": self.interval_text,
            "open_lower": e.open_lower, "open_upper": e.open_upper,
            "extrapolation_dex": d.extrapolation_dex, "form_dependent": d.form_dependent,
            "form_spread_dex": d.form_spread_dex, "n_benchmarks": len(self.evidence.benchmarks),
            "benchmarks": list(self.evidence.benchmarks), "driver": self.evidence.driver,
            "variants": sorted(set(self.evidence.variants.values())),
            "disclosed_b": self.disclosed_b, "disclosed_status": self.disclosed_status,
            "n_calibration": self.calibration.n_calibration,
            "flag_codes": self.flag_codes, "flags": [f.message for f in d.flags], "error": "",
        }
        for f, v in d.forms.items():
            if f != e.form:
                row[f"{f}_params_b"] = v["params_b"]
        if d.refusal:
            row["refusal_adjusted_b"] = d.refusal.get("params_b")
            row["refusal_tier"] = d.refusal.get("tier")
        for b, s in self.evidence.scores.items():
            row[f"score_{b}"] = s
        return pd.DataFrame([row])

    def plot(self, ax=None, **kwargs):
        """Per-benchmark and joint intervals on a log axis (:func:`paramest.plots.plot_estimate`).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
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

        Parameters
        ----------
        format : {"text", "bibtex"}

        Returns
        -------
        paramest.citation.Citation

        Raises
        ------
        InputError
            ``format`` is not one of the two.
        """
        from ..citation import cite_estimate

        return cite_estimate(self, format=format)


