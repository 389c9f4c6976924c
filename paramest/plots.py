"""Plots: fitted curves, size estimates, forests of estimates, predictors and validation.

Every function takes ``ax=None`` (a new figure is made when it is ``None``) and returns
the axes it drew on. Parameter axes are logarithmic with ticks written as people write
sizes (``1B``, ``10B``, ``100B``, ``1T``). matplotlib is imported inside the functions so
that ``import paramest`` stays light.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .errors import InputError, UnknownModelError
from .ingest import load_models, resolve_model
from .inversion import SizeEstimate
from .regression import fit as _fit
from .units import format_params

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from .regression import CurveFit
    from .validation import ValidationResult

__all__ = [
    "format_params_axis",
    "plot_curve",
    "plot_estimate",
    "plot_forest",
    "plot_predictors",
    "plot_validation",
]

# Colours (matplotlib's default cycle, named so that the meaning stays fixed)
_C_CURVE = "C0"
_C_DENSE = "C0"
_C_MOE = "C1"
_C_CLOSED = "C3"
_C_JOINT = "black"
_C_REF = "C2"
_C_COVERED = "C0"
_C_MISSED = "C3"
_MARKERS = {"dense": "o", "moe": "^"}


# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------


def _new_axes(ax: Any = None, figsize: tuple[float, float] = (7.0, 4.5)) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _tick_label(v: float, _pos: Any = None) -> str:
    if not np.isfinite(v) or v <= 0:
        return ""
    return format_params(float(v))


def format_params_axis(ax: Axes, which: str = "x") -> Axes:
    """Log-scale a parameter axis (billions) with ticks labelled ``1B``, ``10B``, ``1T``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes to format.
    which : {"x", "y", "both"}
        Which axis holds parameter counts.

    Returns
    -------
    matplotlib.axes.Axes
        The same axes.

    Raises
    ------
    InputError
        ``which`` is not ``"x"``, ``"y"`` or ``"both"``.
    """
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    axes = {"x": [ax.xaxis], "y": [ax.yaxis], "both": [ax.xaxis, ax.yaxis]}.get(which)
    if axes is None:
        raise InputError(f"which must be 'x', 'y' or 'both', not {which!r}")
    for axis in axes:
        (ax.set_xscale if axis is ax.xaxis else ax.set_yscale)("log")
        axis.set_major_locator(LogLocator(base=10, numticks=15))
        axis.set_major_formatter(FuncFormatter(_tick_label))
        axis.set_minor_locator(LogLocator(base=10, subs=np.arange(2, 10), numticks=15))
        axis.set_minor_formatter(NullFormatter())
    return ax


def _level_text(level: float) -> str:
    return f"{100 * level:g}%"


def _safe(text: Any) -> str:
    """A label matplotlib prints as written: no mathtext from '$', no control characters."""
    t = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in str(text))
    return t.replace("$", r"\$")


def _estimates_frame(estimates: Any) -> pd.DataFrame:
    """A list of SizeEstimate, one SizeEstimate or an estimate_sizes() frame -> tidy DataFrame."""
    if isinstance(estimates, SizeEstimate):
        estimates = [estimates]
    if isinstance(estimates, pd.DataFrame):
        df = estimates.copy()
    elif isinstance(estimates, Sequence) and not isinstance(estimates, str) and \
            all(isinstance(e, SizeEstimate) for e in estimates):
        df = pd.concat([e.to_frame().assign(model=e.model or f"estimate {i + 1}")
                        for i, e in enumerate(estimates)], ignore_index=True)
    else:
        raise InputError("estimates must be a DataFrame from paramest.estimate_sizes() or a "
                         f"list of SizeEstimate, not {type(estimates).__name__}")
    need = ["model", "params_b", "lower_b", "upper_b"]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise InputError(f"estimates lack columns {missing}; found {list(df.columns)}")
    for c in ("open_lower", "open_upper", "form_dependent"):
        if c not in df.columns:
            df[c] = False
        df[c] = df[c].fillna(False).astype(bool)
    for c in ("params_b", "lower_b", "upper_b", "extrapolation_dex"):
        if c in df:
            df[c] = pd.to_numeric(df[c], errors="coerce")
    if "extrapolation_dex" not in df:
        df["extrapolation_dex"] = 0.0
    return df[df["params_b"].notna() & (df["params_b"] > 0)].reset_index(drop=True)


def _span(values: Sequence[float], pad: float = 2.0) -> tuple[float, float]:
    v = np.asarray([x for x in values if x is not None and np.isfinite(x) and x > 0], float)
    if not len(v):
        return 0.1, 1e4
    return float(v.min() / pad), float(v.max() * pad)


def _draw_intervals(ax: Axes, y: np.ndarray, df: pd.DataFrame, xlim: tuple[float, float], *,
                    color: Any, lw: float = 2.0, label: str | None = None,
                    marker: str = "o", ms: float = 5.0, zorder: float = 3) -> None:
    """Horizontal interval bars (one LineCollection) with open ends drawn as arrows."""
    lo = np.where(df["open_lower"], xlim[0], np.maximum(df["lower_b"], xlim[0]))
    hi = np.where(df["open_upper"], xlim[1], np.minimum(df["upper_b"], xlim[1]))
    ax.hlines(y, lo, hi, color=color, lw=lw, zorder=zorder, label=label)
    ax.plot(df["params_b"], y, ls="none", marker=marker, color=color, ms=ms, zorder=zorder + 1,
            markeredgecolor="white", markeredgewidth=0.6)
    ol = df["open_lower"].to_numpy(bool)
    ou = df["open_upper"].to_numpy(bool)
    if ol.any():
        ax.plot(np.full(ol.sum(), xlim[0]), y[ol], ls="none", marker="<", color=color, ms=7,
                zorder=zorder + 1, clip_on=False)
    if ou.any():
        ax.plot(np.full(ou.sum(), xlim[1]), y[ou], ls="none", marker=">", color=color, ms=7,
                zorder=zorder + 1, clip_on=False)


def _scatter_open_models(ax: Axes, d: pd.DataFrame, x: np.ndarray) -> None:
    arch = d["arch"].fillna("").astype(str).str.lower() if "arch" in d else pd.Series("", index=d.index)
    for kind, color, label in (("dense", _C_DENSE, "open model, dense"),
                               ("moe", _C_MOE, "open model, MoE")):
        m = (arch == kind).to_numpy() if kind == "moe" else (arch != "moe").to_numpy()
        if m.any():
            ax.scatter(x[m], d["score"].to_numpy(float)[m], marker=_MARKERS[kind], s=26,
                       color=color, edgecolor="white", linewidth=0.5, alpha=0.9, zorder=3,
                       label=f"{label} (n={int(m.sum())})")


def _curve_on(ax: Axes, fit: CurveFit, grid: np.ndarray, level: float, *,
              bands: bool = True) -> None:
    p = fit.predict(grid, level)
    lv = _level_text(level)
    if bands:
        ax.fill_between(grid, p["obs_ci_lower"], p["obs_ci_upper"], color=_C_CURVE, alpha=0.10,
                        lw=0, label=f"{lv} band for a new model")
        ax.fill_between(grid, p["mean_ci_lower"], p["mean_ci_upper"], color=_C_CURVE, alpha=0.28,
                        lw=0, label=f"{lv} band of the mean")
    ax.plot(grid, p["mean"], color=_C_CURVE, lw=2, label=f"fitted curve ({fit.form})")


# --------------------------------------------------------------------------------------
# public plots
# --------------------------------------------------------------------------------------


def plot_curve(
    fit: CurveFit,
    ax: Axes | None = None,
    *,
    closed: Sequence[SizeEstimate] | pd.DataFrame | None = None,
    level: float | None = None,
    show_points: bool = True,
) -> Axes:
    """Fitted accuracy-vs-size curve with its bands, the open models and closed estimates.

    Parameters
    ----------
    fit : CurveFit
        A fitted curve (:func:`paramest.fit`).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made when omitted.
    closed : list of SizeEstimate or pandas.DataFrame, optional
        Closed-model estimates drawn as horizontal interval bars at their score on this
        benchmark: SizeEstimate objects, or the frame of :func:`paramest.estimate_sizes`
        (its ``score_<benchmark>`` columns). Estimates without a score on this benchmark
        are skipped.
    level : float, optional
        Level of the bands (default: the fit's level).
    show_points : bool
        Draw the open calibration models (circles: dense, triangles: MoE).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    FitError
        ``fit`` is not fitted.
    InputError
        ``closed`` is neither a list of SizeEstimate nor a frame with the estimate
        columns.
    """
    fit._check_fitted()
    level = fit.level if level is None else level
    ax = _new_axes(ax)
    d = fit.data_
    x_pts = 10 ** d["x"].to_numpy(float)
    lo, hi = fit.x_range_b_[0] / 2, fit.x_range_b_[1] * 3
    bench = fit.benchmark_
    cl = None
    if closed is not None:
        cl = _estimates_frame(closed)
        col = f"score_{bench}"
        cl["score"] = cl[col] if col in cl else np.nan
        cl = cl[cl["score"].notna()].reset_index(drop=True)
        if len(cl):
            bounded = list(cl.loc[~cl["open_lower"], "lower_b"]) + list(cl.loc[~cl["open_upper"], "upper_b"])
            lo = min(lo, _span(bounded, 1.5)[0])
            hi = max(hi, _span(bounded, 1.5)[1])
    grid = np.logspace(math.log10(lo), math.log10(hi), 300)
    _curve_on(ax, fit, grid, level)
    if show_points:
        _scatter_open_models(ax, d, x_pts)
    if cl is not None and len(cl):
        y = cl["score"].to_numpy(float)
        many = len(cl) > 12
        _draw_intervals(ax, y, cl, (lo, hi), color=_C_CLOSED, lw=0.8 if many else 1.6,
                        marker="D", ms=3.5 if many else 5, zorder=4,
                        label=f"closed model, {_level_text(level)} interval (n={len(cl)})")
        if not many:  # names only while they stay legible
            for name, xp, yp in zip(cl["model"], cl["params_b"], y):
                ax.annotate(_safe(name), (xp, yp), xytext=(3, 3), textcoords="offset points",
                            fontsize=7, color=_C_CLOSED)
    ax.set_xlim(lo, hi)
    format_params_axis(ax, "x")
    ax.set_xlabel(f"{fit.predictor} parameters (log scale)")
    ax.set_ylabel(f"{bench} accuracy")
    ax.set_title(f"{bench}: accuracy vs {fit.predictor} parameters "
                 f"({fit.form}, {fit.n_models_} sets of open weights)")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    return ax


def plot_estimate(est: SizeEstimate, ax: Axes | None = None) -> Axes:
    """One estimate: each benchmark's interval, the joint one, the other curve forms.

    Parameters
    ----------
    est : SizeEstimate
        From :func:`paramest.estimate_size`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        Rows top to bottom: one per benchmark, then the joint estimate (black) with the
        other curve forms' estimates (open markers). Arrows mark unbounded interval ends;
        the grey band is the calibration range; a green diamond marks a published size; a
        purple bar the refusal-adjusted estimate.

    Raises
    ------
    InputError
        ``est`` is not a SizeEstimate.
    """
    if not isinstance(est, SizeEstimate):
        raise InputError(f"plot_estimate expects a SizeEstimate, not {type(est).__name__}")
    per = est.per_benchmark.copy() if len(est.per_benchmark) else pd.DataFrame(
        columns=["benchmark", "score", "params_b", "lower_b", "upper_b", "open_lower", "open_upper"])
    rows_extra = 1 if est.refusal else 0
    n = len(per) + 1 + rows_extra
    ax = _new_axes(ax, figsize=(7.5, 1.4 + 0.5 * n))
    joint = pd.DataFrame([{"model": "joint", "params_b": est.params_b, "lower_b": est.lower_b,
                           "upper_b": est.upper_b, "open_lower": est.open_lower,
                           "open_upper": est.open_upper}])
    per_f = _estimates_frame(per.assign(model=per["benchmark"])) if len(per) else per
    bounded = [est.params_b, *est.calibration_range_b, est.disclosed_b,
               *[v["params_b"] for v in est.forms.values()]]
    for df in (per_f, joint):
        bounded += list(df.loc[~df["open_lower"].astype(bool), "lower_b"])
        bounded += list(df.loc[~df["open_upper"].astype(bool), "upper_b"])
        bounded += list(df["params_b"])
    xlim = _span(bounded, 2.0)
    cal = est.calibration_range_b
    if all(np.isfinite(cal)):
        ax.axvspan(max(cal[0], xlim[0]), min(cal[1], xlim[1]), color="0.92", zorder=0,
                   label="calibration range")
    ys = np.arange(n)[::-1].astype(float)
    if len(per_f):
        _draw_intervals(ax, ys[: len(per_f)], per_f, xlim, color=_C_CURVE, lw=2,
                        label="one benchmark")
    yj = ys[len(per_f)]
    _draw_intervals(ax, np.array([yj]), joint, xlim, color=_C_JOINT, lw=3, marker="s", ms=7,
                    label=f"estimate ({est.form})")
    for i, (form, v) in enumerate((f, v) for f, v in est.forms.items() if f != est.form):
        if np.isfinite(v["params_b"]) and v["params_b"] > 0:
            ax.plot(min(max(v["params_b"], xlim[0]), xlim[1]), yj - 0.18, ls="none",
                    marker="os^"[i % 3], mfc="white", mec=_C_JOINT, ms=7, zorder=5,
                    label=f"{form} form" + (" (rests on the form)" if est.form_dependent else ""))
    if np.isfinite(est.disclosed_b):
        ax.plot(est.disclosed_b, yj + 0.2, ls="none", marker="D", color=_C_REF, ms=7, zorder=6,
                label=f"published size ({est.disclosed_status})")
    labels = []
    for r in per_f.itertuples(index=False):
        score = getattr(r, "score", np.nan)
        labels.append(f"{r.model} ({score:.3g})" if np.isfinite(score) else str(r.model))
    labels.append("joint" if len(per_f) > 1 else "estimate")
    if est.refusal:
        rf = est.refusal
        rdf = pd.DataFrame([{"model": "refusal-adjusted", "params_b": rf["params_b"],
                             "lower_b": rf["lower_b"], "upper_b": rf["upper_b"],
                             "open_lower": rf.get("open_lower", False),
                             "open_upper": rf.get("open_upper", False)}])
        _draw_intervals(ax, ys[-1:], rdf, xlim, color="C4", lw=3, marker="s", ms=7,
                        label=f"refusal-adjusted ({rf['tier']})")
        labels.append("refusal-adjusted")
    ax.set_yticks(ys, [_safe(t) for t in labels])
    ax.get_yticklabels()[len(per_f)].set_fontweight("bold")
    for y, r in zip(ys, [*per_f.itertuples(index=False), *joint.itertuples(index=False)]):
        if np.isfinite(r.params_b):
            ax.annotate(format_params(r.params_b), (min(max(r.params_b, xlim[0]), xlim[1]), y),
                        xytext=(0, 6), textcoords="offset points", ha="center", fontsize=8)
    ax.set_xlim(*xlim)
    ax.set_ylim(-0.7, n - 0.3)
    format_params_axis(ax, "x")
    ax.set_xlabel("total parameters (log scale)")
    title = (f"{_safe(est.model or 'estimate')}: {format_params(est.params_b)} "
             f"({_level_text(est.level)} interval {est.interval_text})")
    if est.extrapolation_dex > 0.05:
        title += f"\n{est.extrapolation_dex:.1f} dex beyond the largest open model"
    ax.set_title(title, fontsize=10)
    ax.grid(True, axis="x", which="major", alpha=0.3)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=3, fontsize=8,
              frameon=False)
    return ax


def _canon(name: Any) -> str:
    try:
        return resolve_model(str(name))
    except UnknownModelError:
        return str(name)


def plot_forest(
    estimates: Sequence[SizeEstimate] | pd.DataFrame,
    ax: Axes | None = None,
    *,
    sort: bool = True,
    reference: pd.DataFrame | None = None,
    calibration_max_b: float | None = None,
    max_rows: int | None = 80,
) -> Axes:
    """Many estimates as horizontal interval bars, one row per set of weights.

    Parameters
    ----------
    estimates : pandas.DataFrame or list of SizeEstimate
        The frame of :func:`paramest.estimate_sizes` or SizeEstimate objects. Rows without
        an estimate (an ``error`` row) are left out.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made when omitted.
    sort : bool
        Order rows by the point estimate (largest at the top).
    reference : pandas.DataFrame, optional
        Published sizes or others' estimates to compare with: ``model, params_b`` and
        optionally ``lower_b, upper_b`` and ``label`` (e.g. ``"IKP's published
        estimate"``, ``"disclosed size"``); one marker style per label.
    calibration_max_b : float, optional
        Largest calibration model (default: read from the estimates); sizes beyond it are
        shaded as extrapolation.
    max_rows : int, optional
        Keep the largest ``max_rows`` estimates so the figure stays legible (None: all).

    Returns
    -------
    matplotlib.axes.Axes
        Bars of extrapolated estimates are hatched-light; ``>`` marks an unbounded side.
        The size axis is labelled at the top and at the bottom.

    Raises
    ------
    InputError
        ``estimates`` is neither a list of SizeEstimate nor a frame with the estimate
        columns, no row has an estimate, or ``reference`` lacks ``model`` and
        ``params_b``.
    """
    df = _estimates_frame(estimates)
    if df.empty:
        raise InputError("no estimate to plot (every row lacks params_b)")
    if sort:
        df = df.sort_values("params_b", kind="mergesort").reset_index(drop=True)
    dropped = 0
    if max_rows is not None and len(df) > max_rows:
        dropped = len(df) - max_rows
        df = df.iloc[-max_rows:].reset_index(drop=True)
    n = len(df)
    ax = _new_axes(ax, figsize=(8.0, min(2.0 + 0.2 * n, 20.0)))
    ys = np.arange(n, dtype=float)
    finite = lambda s: [v for v in s if np.isfinite(v) and v > 0]  # noqa: E731
    bounded = finite(df["params_b"]) + finite(df["lower_b"]) + finite(df["upper_b"])
    ref = None
    if reference is not None:
        if not isinstance(reference, pd.DataFrame) or not {"model", "params_b"} <= set(reference):
            raise InputError("reference must be a DataFrame with columns model, params_b "
                             "[, lower_b, upper_b, label]")
        ref = reference.copy()
        if "label" not in ref:
            ref["label"] = "reference estimate"
        # a reference for any setting of a set of weights (gpt-5.5-think) belongs on that
        # weights' row (gpt-5.5)
        canon = [_canon(m) for m in ref["model"]]
        to_weights = load_models().set_index("model")["weights"]
        ref["_key"] = [str(to_weights.get(c, c)) for c in canon]
        keys = df["weights"] if "weights" in df else df["model"]
        pos = {str(to_weights.get(_canon(m), _canon(m))): y for m, y in zip(df["model"], ys)}
        pos.update({str(k): y for k, y in zip(keys, ys)})
        ref["_y"] = ref["_key"].map(pos)
        ref = ref[ref["_y"].notna() & pd.to_numeric(ref["params_b"], errors="coerce").gt(0)]
        bounded += finite(ref["params_b"].astype(float))
    xlim = _span(bounded, 1.6)
    cmax = calibration_max_b
    if cmax is None and "extrapolation_dex" in df:
        ex = df[(df["extrapolation_dex"] > 0) & np.isfinite(df["extrapolation_dex"])]
        if len(ex):
            cmax = float((ex["params_b"] / 10 ** ex["extrapolation_dex"]).median())
    if cmax is not None and cmax < xlim[1]:
        ax.axvspan(max(cmax, xlim[0]), xlim[1], color="0.93", zorder=0,
                   label=f"beyond the largest open model ({format_params(cmax)})")
    level = df["level"].dropna().iloc[0] if "level" in df and df["level"].notna().any() else None
    lab = "estimate" + (f", {_level_text(float(level))} interval" if level else "")
    ext = (df["extrapolation_dex"].fillna(0) > 0.05).to_numpy()
    if (~ext).any():
        _draw_intervals(ax, ys[~ext], df[~ext], xlim, color=_C_CURVE, lw=2, label=lab)
    if ext.any():
        _draw_intervals(ax, ys[ext], df[ext], xlim, color="C9", lw=2, marker="o",
                        label=lab + ", extrapolated")
    dep = df["form_dependent"].to_numpy(bool)
    if dep.any():
        ax.plot(np.full(dep.sum(), xlim[0]), ys[dep], ls="none", marker="$\\ast$", color="C3",
                ms=8, clip_on=False, label="rests on the curve form")
    if ref is not None and len(ref):
        for i, (label, g) in enumerate(ref.groupby("label", sort=True)):
            yr = g["_y"].to_numpy(float) - 0.3
            if {"lower_b", "upper_b"} <= set(g.columns):
                m = (g["lower_b"].notna() & g["upper_b"].notna()).to_numpy()
                if m.any():
                    ax.hlines(yr[m], g.loc[m, "lower_b"].clip(lower=xlim[0]),
                              g.loc[m, "upper_b"].clip(upper=xlim[1]), color=f"C{2 + 2 * i}", lw=0.8)
            ax.plot(g["params_b"].astype(float), yr, ls="none", marker="D^v"[i % 3],
                    color=f"C{2 + 2 * i}", ms=5, label=_safe(label))
    names = df["weights"].where(df["weights"].notna(), df["model"]) if "weights" in df else df["model"]
    ax.set_yticks(ys, [_safe(m) for m in names], fontsize=7 if n > 40 else 8 if n > 20 else 9)
    ax.set_ylim(-0.8, n - 0.2)
    ax.set_xlim(*xlim)
    format_params_axis(ax, "x")
    top = ax.secondary_xaxis("top")
    from matplotlib.ticker import FuncFormatter, LogLocator

    top.xaxis.set_major_locator(LogLocator(base=10, numticks=15))
    top.xaxis.set_major_formatter(FuncFormatter(_tick_label))
    ax.set_xlabel("total parameters (log scale)")
    title = f"Estimated total parameters, {n} sets of weights"
    if dropped:
        title += f" (the {n} largest; {dropped} more not shown)"
    ax.set_title(title, fontsize=10)
    ax.grid(True, axis="x", which="major", alpha=0.3)
    handles, labels = ax.get_legend_handles_labels()
    if ax.figure.get_layout_engine() is not None:
        # outside the axes, below: the legend covers no data
        ax.figure.legend(handles, labels, loc="outside lower center", ncol=2, fontsize=8,
                         frameon=False)
    else:
        ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8,
                  frameon=False)
    return ax


def plot_predictors(
    benchmark: str,
    data: pd.DataFrame | None = None,
    ax: Sequence[Axes] | None = None,
) -> np.ndarray:
    """Accuracy against total and against active parameters, side by side.

    Parameters
    ----------
    benchmark : str
        Benchmark id.
    data : pandas.DataFrame, optional
        Scores in :func:`paramest.load_scores` format (default: shipped).
    ax : sequence of two matplotlib.axes.Axes, optional
        Where to draw (total, active); a new figure with two panels when omitted.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        The two axes (total, active).

    Raises
    ------
    InputError
        ``ax`` is not two axes, or invalid ``data``.
    UnknownBenchmarkError
        The benchmark is not known.
    FitError
        A curve cannot be fitted (:func:`paramest.fit`).
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, axs = plt.subplots(1, 2, figsize=(11, 4.3), sharey=True, layout="constrained")
    else:
        axs = np.asarray(ax, dtype=object).ravel()
        if len(axs) != 2:
            raise InputError("plot_predictors draws two panels; pass ax as a sequence of 2 axes")
    fits = [_fit(benchmark, data, predictor="total"), _fit(benchmark, data, predictor="active")]
    lo = min(f.x_range_b_[0] for f in fits) / 2
    hi = max(f.x_range_b_[1] for f in fits) * 2
    grid = np.logspace(math.log10(lo), math.log10(hi), 200)
    for a, f in zip(axs, fits):
        _curve_on(a, f, grid, f.level)
        _scatter_open_models(a, f.data_, 10 ** f.data_["x"].to_numpy(float))
        a.set_xlim(lo, hi)
        format_params_axis(a, "x")
        a.set_xlabel(f"{f.predictor} parameters (log scale)")
        a.set_title(f"vs {f.predictor} params: n={f.n_models_}, R\u00b2={f.r2_:.2f}, "
                    f"AIC={f.aic_:.1f}", fontsize=10)
        a.grid(True, which="major", alpha=0.3)
    axs[0].set_ylabel(f"{fits[0].benchmark_} accuracy")
    axs[0].legend(loc="upper left", fontsize=8, frameon=False)
    return np.asarray(axs, dtype=object)


def plot_validation(result: ValidationResult, ax: Axes | None = None) -> Axes:
    """Estimated vs true size of held-out open models, on log-log axes.

    Parameters
    ----------
    result : ValidationResult
        From :func:`paramest.validate`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        Vertical bars are the intervals (blue: covers the true size; red: misses it); the
        solid line is estimate = truth and the dashed lines are 2x off.

    Raises
    ------
    InputError
        The result has no estimate to plot.
    """
    pm = result.per_model
    if "params_b" not in pm:
        raise InputError("the validation result has no estimates to plot")
    d = pm[pm["params_b"].notna() & np.isfinite(pm["params_b"])].copy()
    if d.empty:
        raise InputError("the validation result has no estimates to plot")
    d["covered"] = d["covered"].fillna(False).astype(bool)
    ax = _new_axes(ax, figsize=(6.0, 5.5))
    lim = _span(list(d["true_b"]) + list(d["params_b"]), 2.5)
    line = np.array(lim)
    ax.fill_between(line, line / 2, line * 2, color="0.92", zorder=0, label="within 2x")
    ax.plot(line, line, color="0.3", lw=1, zorder=1, label="estimate = truth")
    ax.plot(line, line * 2, color="0.5", lw=0.8, ls="--", zorder=1)
    ax.plot(line, line / 2, color="0.5", lw=0.8, ls="--", zorder=1)
    lv = _level_text(float(result.settings.get("level", 0.9)))
    for ok, color, name in ((True, _C_COVERED, "interval covers truth"),
                            (False, _C_MISSED, "interval misses truth")):
        g = d[d["covered"] == ok]
        if g.empty:
            continue
        ax.vlines(g["true_b"], g["lower_b"].clip(lower=lim[0]), g["upper_b"].clip(upper=lim[1]),
                  color=color, lw=1, alpha=0.45, zorder=2)
        ax.scatter(g["true_b"], g["params_b"], color=color, s=16, zorder=3,
                   label=f"{name} (n={len(g)})")
    ax.set_xlim(*lim)
    ax.set_ylim(*lim)
    format_params_axis(ax, "both")
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("true total parameters")
    ax.set_ylabel(f"estimated total parameters ({lv} interval)")
    s = result.settings
    title = f"Validation (split={s.get('split', '?')})"
    if "all" in result.summary.index and "coverage" in result.summary.columns:
        a = result.summary.loc["all"]
        title += (f"\ncoverage {100 * a['coverage']:.0f}% of {lv}, "
                  f"median fold error {a['median_fold_error']:.2f}x, n={int(a['n'])}")
    ax.set_title(title, fontsize=10)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    return ax
