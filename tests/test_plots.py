"""Tests of paramest.plots: every function returns axes, draws what it should, saves a PNG."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PolyCollection

import paramest
from paramest import plots
from paramest.errors import InputError


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def ikp_fit():
    return paramest.fit("ikp")


@pytest.fixture(scope="module")
def closed_frame():
    """Estimates for a handful of shipped closed models with an ikp score."""
    s = paramest.load_scores("ikp")
    keep = s.loc[~s["open_weights"], "weights"].drop_duplicates().head(6)
    return paramest.estimate_sizes(list(keep), benchmarks=["ikp"])


@pytest.fixture(scope="module")
def gpt4o():
    return paramest.estimate_size("gpt-4o")


def _save(ax, path):
    fig = (ax.ravel()[0] if isinstance(ax, np.ndarray) else ax).figure
    fig.savefig(path, dpi=60)
    assert path.stat().st_size > 0


def _n_segments(ax):
    return sum(len(c.get_segments()) for c in ax.collections if isinstance(c, LineCollection))


def test_format_params_axis_labels():
    assert plots._tick_label(1.0) == paramest.format_params(1.0)
    assert plots._tick_label(1000.0) == paramest.format_params(1000.0)
    assert plots._tick_label(0.0) == ""
    fig, ax = plt.subplots()
    ax.plot([1, 1000], [0, 1])
    plots.format_params_axis(ax, "x")
    assert ax.get_xscale() == "log"
    with pytest.raises(InputError):
        plots.format_params_axis(ax, "z")


def test_plot_curve(ikp_fit, tmp_path):
    ax = plots.plot_curve(ikp_fit)
    assert ax.get_xscale() == "log"
    # two bands (observation and mean) and the fitted mean line
    assert sum(isinstance(c, PolyCollection) for c in ax.collections) >= 2
    assert len(ax.lines) >= 1
    # open models drawn as points, split dense vs MoE: every calibration row appears once
    pts = sum(len(c.get_offsets()) for c in ax.collections
              if not isinstance(c, (PolyCollection, LineCollection)))
    assert pts == len(ikp_fit.data_)
    assert "ikp" in ax.get_title()
    assert ax.get_legend() is not None
    _save(ax, tmp_path / "curve.png")


def test_plot_curve_closed_and_passthrough(ikp_fit, closed_frame, gpt4o, tmp_path):
    fig, ax0 = plt.subplots()
    ax = plots.plot_curve(ikp_fit, ax=ax0, closed=closed_frame, show_points=False)
    assert ax is ax0
    n_closed = closed_frame["params_b"].notna().sum()
    assert _n_segments(ax) == n_closed
    _save(ax, tmp_path / "curve_closed.png")
    # a list of SizeEstimate works too, and the method on CurveFit forwards to plot_curve
    ax = ikp_fit.plot(closed=[gpt4o], level=0.8)
    assert _n_segments(ax) == 1


def test_plot_estimate(gpt4o, tmp_path):
    ax = plots.plot_estimate(gpt4o)
    # one row per benchmark, the combined estimate, and the refusal-adjusted one if any
    n_rows = len(gpt4o.per_benchmark) + 1 + (gpt4o.refusal is not None)
    assert len(ax.get_yticks()) == n_rows
    assert _n_segments(ax) == n_rows
    # the other curve form's estimate is drawn, and named in the legend
    assert any("linear form" in t.get_text() for t in ax.get_legend().get_texts())
    if gpt4o.refusal is not None:
        assert "refusal-adjusted" in [t.get_text() for t in ax.get_yticklabels()]
    assert ax.get_xscale() == "log"
    _save(ax, tmp_path / "estimate.png")
    fig, ax0 = plt.subplots()
    assert gpt4o.plot(ax=ax0) is ax0


def test_plot_estimate_open_end_and_published_size_marked():
    est = paramest.estimate_size({"ikp": 0.99})
    assert est.open_upper
    ax = plots.plot_estimate(est)
    assert ">" in [ln.get_marker() for ln in ax.lines]
    g = paramest.estimate_size("gopher-280b")
    ax = plots.plot_estimate(g)
    assert any("published size" in t.get_text() for t in ax.get_legend().get_texts())


def test_mathtext_in_names_is_printed_as_written(tmp_path):
    s = paramest.load_scores("ikp", open_only=True).dropna(subset=["total_params_b"])
    rows = s.drop_duplicates("weights").head(20)
    mine = pd.DataFrame({"model": list(rows["model"]) + ["my $x^2$ model"], "benchmark": "ikp",
                         "score": list(rows["score"]) + [0.5],
                         "total_params_b": list(rows["total_params_b"]) + [float("nan")],
                         "open_weights": [True] * len(rows) + [False]})
    est = paramest.estimate_size("my $x^2$ model", data=paramest.combine(mine))
    ax = plots.plot_estimate(est)
    ax.figure.savefig(tmp_path / "m.png")  # would raise on bad mathtext
    assert "\\$" in ax.get_title()


def test_plot_forest(closed_frame, tmp_path):
    ax = plots.plot_forest(closed_frame)
    n = closed_frame["params_b"].notna().sum()
    assert _n_segments(ax) == n  # one bar per set of weights
    labels = [t.get_text() for t in ax.get_yticklabels()]
    by_size = closed_frame.sort_values("params_b", kind="mergesort")["weights"].tolist()
    assert labels == by_size  # bottom row (y=0) is the smallest
    # the size axis is labelled at the bottom and at the top
    assert len(ax.child_axes) == 1
    _save(ax, tmp_path / "forest.png")


@pytest.mark.slow  # the whole main job, plotted: in the full suite, not the quick one
def test_plot_forest_all_closed_stays_legible(tmp_path):
    t = paramest.estimate_sizes(closed_only=True)
    t = t[t["error"] == ""]
    ax = plots.plot_forest(t, max_rows=80)
    fig = ax.figure
    assert len(ax.get_yticklabels()) == 80
    assert fig.get_size_inches()[1] <= 20  # height stays sane for 100+ rows
    # the region beyond the largest open model is shaded, and extrapolated rows are drawn apart
    labels = [tx.get_text() for tx in fig.legends[0].get_texts()]
    assert any("beyond the largest open model" in s for s in labels)
    assert any("extrapolated" in s for s in labels)
    fig.savefig(tmp_path / "all.png", dpi=50)
    # the legend sits outside the axes: it covers no data
    fig.canvas.draw()
    lb = fig.legends[0].get_window_extent()
    assert lb.y1 <= ax.get_window_extent().y0


def test_plot_forest_reference_and_list(closed_frame, gpt4o):
    ref = closed_frame[["model", "params_b"]].head(2).assign(params_b=lambda d: d["params_b"] * 2,
                                                             label="IKP's published estimate")
    fig, ax0 = plt.subplots(layout="constrained")
    ax = plots.plot_forest(closed_frame, ax=ax0, reference=ref, sort=False)
    assert ax is ax0
    ref_lines = [ln for ln in ax.lines if ln.get_label() == "IKP's published estimate"]
    assert len(ref_lines) == 1 and len(ref_lines[0].get_xdata()) == 2
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == closed_frame["weights"].tolist()
    # a reference named by another setting of a row's weights lands on that row
    m = paramest.load_models()
    sib = m[m["weights"].isin(closed_frame["weights"]) & ~m["model"].isin(closed_frame["model"])]
    if sib.empty:
        pytest.skip("no closed row here has a second setting")
    w, other = sib["weights"].iloc[0], sib["model"].iloc[0]
    ax = plots.plot_forest(closed_frame, reference=pd.DataFrame(
        {"model": [other], "params_b": [100.0], "label": ["published size"]}), sort=False)
    (line,) = [ln for ln in ax.lines if ln.get_label() == "published size"]
    (y,) = line.get_ydata()  # drawn just off the row's own bar
    assert abs(y - closed_frame["weights"].tolist().index(w)) < 0.5
    ax = plots.plot_forest([gpt4o])
    assert _n_segments(ax) == 1
    with pytest.raises(InputError):
        plots.plot_forest(closed_frame, reference=pd.DataFrame({"name": ["x"]}))


def test_plot_predictors(tmp_path):
    axs = plots.plot_predictors("ikp")
    assert len(axs) == 2
    assert axs[0].get_xscale() == "log" and axs[1].get_xscale() == "log"
    assert "total" in axs[0].get_xlabel() and "active" in axs[1].get_xlabel()
    _save(axs, tmp_path / "predictors.png")
    fig, given = plt.subplots(1, 2)
    out = plots.plot_predictors("ikp", ax=given)
    assert out[0] is given[0] and out[1] is given[1]
    fig, one = plt.subplots()
    with pytest.raises(InputError):
        plots.plot_predictors("ikp", ax=[one])


def test_plot_validation(tmp_path):
    res = paramest.validate(["ikp"], split="extrapolation")
    ax = plots.plot_validation(res)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    n = res.per_model["params_b"].notna().sum()
    assert _n_segments(ax) == n  # one interval bar per held-out model
    pts = sum(len(c.get_offsets()) for c in ax.collections
              if not isinstance(c, (PolyCollection, LineCollection)))
    assert pts == n
    _save(ax, tmp_path / "validation.png")
    fig, ax0 = plt.subplots()
    assert res.plot(ax=ax0) is ax0
