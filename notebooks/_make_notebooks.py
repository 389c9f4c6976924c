"""Build the example notebooks in this folder (outputs cleared; CI executes them).

Run from anywhere:  python notebooks/_make_notebooks.py

The notebooks are executed by ``pytest --nbmake notebooks/``. Each one runs offline on
the shipped data, writes files only to a temporary directory, and types no result
numbers: everything shown is computed when the notebook runs.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

SETUP = """\
%matplotlib inline
import matplotlib.pyplot as plt
import pandas as pd

import paramest

pd.set_option("display.width", 160)
pd.set_option("display.max_columns", 30)
print("paramest", paramest.__version__)"""


def nb(cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    out = new_notebook()
    out.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    out.metadata["language_info"] = {"name": "python"}
    for kind, src in cells:
        out.cells.append(new_markdown_cell(src) if kind == "md" else new_code_cell(src))
    return out


QUICKSTART = [
    ("md", """\
# Quickstart: how big is a closed model?

paramest estimates a closed model's **total** parameter count from its scores on
knowledge benchmarks. It calibrates on open-weight models of known size and inverts
the fitted accuracy-vs-size curve. Every number below is computed when the notebook
runs, from the data that ship with the package."""),
    ("code", SETUP),
    ("md", """\
## Estimate a shipped closed model

Pass the model's name. Its scores on the knowledge benchmarks (the default evidence)
are used. When several benchmarks are available, they are combined into one joint
interval that allows for their correlated errors."""),
    ("code", """\
est = paramest.estimate_size("gpt-4o")
print(est)"""),
    ("md", """\
Read the **flags** before you quote the number. They say when the estimate
extrapolates beyond the largest open model, when the benchmarks disagree with each
other, and when a benchmark could not be used."""),
    ("code", """\
for f in est.flags:
    print("-", f)
print("interval level:", est.level, "| method:", est.method, "| curve form:", est.form)
print("unbounded below/above:", est.open_lower, est.open_upper)
print("calibration models:", est.n_calibration)"""),
    ("md", "## Per-benchmark table\n\nEach benchmark's own estimate and interval, next to the joint one."),
    ("code", """\
est.per_benchmark"""),
    ("code", """\
est.to_frame()[["model", "params_b", "lower_b", "upper_b", "level", "benchmarks",
                "extrapolated", "inconsistent", "consistency_p"]]"""),
    ("md", "## Plot it"),
    ("code", """\
ax = est.plot()
plt.show()"""),
    ("md", """\
The curve behind one benchmark's estimate: the fitted curve, its mean and
observation bands, and the open models that calibrate it (dense vs MoE)."""),
    ("code", """\
curve = paramest.fit("ikp")
print(curve)
ax = curve.plot()
plt.show()"""),
    ("md", """\
## Your own scores

A dict of scores works too, as fractions or as percents. These scores are made up for
illustration."""),
    ("code", """\
print(paramest.estimate_size({"simpleqa": 0.30, "ikp": 0.55}))"""),
    ("md", "## Cite it\n\nThe citation names the package version, the method and the data sources behind this estimate."),
    ("code", """\
print(est.cite())"""),
]


NEW_RELEASE = [
    ("md", """\
# A new benchmark release

A new release of a knowledge benchmark usually arrives as a leaderboard: model names and
percent scores. This notebook imitates one. It takes the shipped SimpleQA scores,
writes them as a **wide CSV in percent** to a temporary directory, and reads the file
back as a user would. It then fits a curve and estimates a closed model **on that
data alone** (`data=`)."""),
    ("code", SETUP + """
import tempfile
from pathlib import Path"""),
    ("md", "## Write a release-style CSV (temporary directory only)"),
    ("code", """\
shipped = paramest.load_scores("simpleqa")
release = (shipped.assign(simpleqa=(100 * shipped["score"]).round(1))
           [["model", "simpleqa"]]
           .sort_values("simpleqa", ascending=False))

tmp = tempfile.TemporaryDirectory()
path = Path(tmp.name) / "simpleqa_release.csv"
release.to_csv(path, index=False)
print(path.read_text().splitlines()[:6])
print(len(release), "rows written")"""),
    ("md", """\
## Read it back

`paramest.read_scores` detects the wide layout and the percent
scale. It resolves model names to shipped models, which fills in sizes, developers
and release dates. It never drops a row silently: the report lists every skipped row
and the reason."""),
    ("code", """\
mine = paramest.read_scores(path)
report = mine.attrs["report"]
print(report)
assert report.n_in == report.n_loaded + len(report.skipped)
mine.head()"""),
    ("code", """\
print("open-weight rows with a known size (these calibrate):",
      int((mine["open_weights"].astype(bool) & mine["total_params_b"].notna()).sum()))
print("closed rows (these can be estimated):", int((~mine["open_weights"].astype(bool)).sum()))"""),
    ("md", "## Fit a curve on the release"),
    ("code", """\
curve = paramest.fit("simpleqa", data=mine)
print(curve)
ax = curve.plot()
plt.show()"""),
    ("md", """\
## Estimate a closed model from the release

The estimate uses only the file's rows, both for the model's score and for the
calibration."""),
    ("code", """\
closed = mine.loc[~mine["open_weights"].astype(bool), "model"]
name = "gpt-4o" if "gpt-4o" in set(closed) else closed.iloc[0]
est = paramest.estimate_size(name, data=mine)
print(est)
for f in est.flags:
    print("-", f)"""),
    ("md", """\
To use the release together with everything else that ships, merge it first.
`combine` prefers your rows and lists the pairs whose scores differ."""),
    ("code", """\
both = paramest.combine(mine)
print(both.attrs["report"])
print(paramest.estimate_size(name, data=both))"""),
    ("code", """\
tmp.cleanup()"""),
]


TOTAL_VS_ACTIVE = [
    ("md", """\
# Total or active parameters? And does release date matter?

A mixture-of-experts model activates only some of its parameters per token, but all
of them can store facts. If factual recall tracks **total** parameters, then a curve on
total parameters fits the open models (dense and MoE together) better than a curve on
active parameters.

`paramest.compare_predictors` fits the same curve three ways on the
same models: on total parameters, on active parameters, and on a blend
`N_total^g * N_active^(1-g)`. It estimates `g` by profile likelihood.
`g = 1` means recall tracks total parameters, and `g = 0` means it tracks active
parameters."""),
    ("code", SETUP),
    ("code", """\
cmp = paramest.compare_predictors("ikp")
print(cmp.attrs.get("note", ""))
cmp"""),
    ("code", """\
row = cmp.set_index("predictor")
print(f"{int(row.loc['total', 'n_moe'])} of {int(row.loc['total', 'n'])} calibration models are MoE")
print("AIC, total minus active (negative favours total):",
      round(row.loc["total", "aic"] - row.loc["active", "aic"], 1))
print("blend g:", round(row.loc["blend", "g"], 3),
      f"interval [{row.loc['blend', 'g_ci_lower']:.2f}, {row.loc['blend', 'g_ci_upper']:.2f}]")"""),
    ("code", """\
from paramest.plots import plot_predictors

axes = plot_predictors("ikp")
plt.show()"""),
    ("md", """\
## Release date: do newer models know more at a fixed size?

If they do, a size estimate for a new closed model from a curve fitted on older open
models is biased upward. `release_date_effect` adds the release year as a covariate.
`per_year` is the drift of the linear predictor per year (logit scale), and
`per_year_dex` converts it to dex of parameters per year, i.e. how much size one year
of progress is worth. Benchmarks without enough open models of known size are listed
with the reason."""),
    ("code", """\
bench = paramest.list_benchmarks()
knowledge = bench.loc[bench["kind"] == "knowledge", "benchmark"]
rows, skipped = [], {}
for b in knowledge:
    try:
        rows.append(paramest.release_date_effect(b))
    except paramest.FitError as e:
        skipped[b] = str(e)
drift = pd.concat(rows, ignore_index=True)
drift["ci_excludes_0"] = (drift["ci_lower"] > 0) | (drift["ci_upper"] < 0)
drift"""),
    ("code", """\
for b, why in skipped.items():
    print(f"{b}: {why}")"""),
    ("md", """\
Read `n` next to each row. A drift estimated from a handful of models is not
evidence either way, and a drift in dex per year is large when the curve's slope is
small."""),
]


FRONTIER = [
    ("md", """\
# The frontier table

Every shipped closed model with at least one knowledge-benchmark score gets a size
estimate with its 90% interval. The table is sorted and compared with IKP's own
published estimates. All numbers are computed here from the shipped data, and none
are typed."""),
    ("code", SETUP),
    ("code", """\
scores = paramest.load_scores()
closed = scores[~scores["open_weights"]]
table = paramest.estimate_size(closed)
print(len(table), "closed models estimated;", len(table.attrs["skipped"]),
      "closed models have no knowledge-benchmark score")
if "error" in table:
    print(table["error"].notna().sum(), "could not be estimated")"""),
    ("code", """\
cols = ["model", "params_b", "lower_b", "upper_b", "benchmarks", "extrapolated",
        "inconsistent", "open_lower", "open_upper"]
ok = table.dropna(subset=["params_b"]).sort_values("params_b", ascending=False)
ok[cols].head(30)"""),
    ("md", """\
## IKP's published estimates

IKP published its own size estimates for its closed models. Those are its linear fit
of accuracy on log10 parameters, inverted, with a fixed multiplicative interval. They
ship in `datasets/reference_estimates.csv` as a reference to compare with, **not** as
ground truth. If that table is missing from the installed data, this notebook
compares with the IKP-calibrated linear baseline instead (`fit("ikp",
form="linear")`, inverted). The baseline is computed below in either case."""),
    ("code", """\
try:
    ref = paramest.load_reference_estimates()
    ref = ref.rename(columns={"estimate_b": "params_b"})
    print(len(ref), "reference estimates by", sorted(ref["by"].unique()))
except (AttributeError, FileNotFoundError) as e:  # older data without the table
    ref = None
    print("no published reference estimates in this install:", e)

# the IKP-calibrated linear baseline, the same idea as IKP's method, run by paramest
lin = paramest.estimate_size(closed, form="linear", benchmarks=["ikp"])
lin = lin.dropna(subset=["params_b"]) if "params_b" in lin else lin.iloc[0:0]
print(len(lin), "closed models with an IKP score for the linear baseline")"""),
    ("code", """\
cmp = ok[["model", "params_b", "lower_b", "upper_b", "benchmarks"]].merge(
    lin[["model", "params_b", "lower_b", "upper_b"]].rename(
        columns={"params_b": "linear_b", "lower_b": "linear_lower_b", "upper_b": "linear_upper_b"}),
    on="model", how="left")
if ref is not None:
    cmp = cmp.merge(ref[["model", "params_b", "lower_b", "upper_b"]].rename(
        columns={"params_b": "ikp_published_b", "lower_b": "ikp_lower_b", "upper_b": "ikp_upper_b"}),
        on="model", how="left")
cmp.head(30)"""),
    ("code", """\
import numpy as np

against = "ikp_published_b" if ref is not None else "linear_b"
both = cmp.dropna(subset=[against])
ratio = np.log10(both["params_b"] / both[against])
print(f"{len(both)} models in both; paramest / {against}:")
print(f"  median ratio {10 ** ratio.median():.2f}x; "
      f"share within 2x {np.mean(np.abs(ratio) <= np.log10(2)):.2f}")"""),
    ("md", "## Forest plot\n\nThe largest 40 estimates, with the reference estimates as diamonds where one exists."),
    ("code", """\
top = ok.head(40)
reference = ref[["model", "params_b", "lower_b", "upper_b"]] if ref is not None else \\
    lin[["model", "params_b", "lower_b", "upper_b"]]
from paramest.plots import plot_forest

ax = plot_forest(top, reference=reference)
plt.show()"""),
    ("md", """\
Before reading anything into the top rows, check these columns:

- **`extrapolated`**: the estimate lies above the largest open model, and the curve's
  shape there is not checked by any data.
- **`inconsistent`**: the benchmarks disagree more than their uncertainty allows.
  Contamination, refusal policies or different protocols can cause this.
- The interval covers sampling and between-model scatter, **not** distillation,
  abstention policies, contamination or a gap between "knowledge capacity" and
  physical size (see the Method page)."""),
]


def main() -> None:
    for name, cells in (("01-quickstart", QUICKSTART),
                        ("02-new-benchmark-release", NEW_RELEASE),
                        ("03-total-vs-active", TOTAL_VS_ACTIVE),
                        ("04-frontier-table", FRONTIER)):
        path = HERE / f"{name}.ipynb"
        nbformat.write(nb(cells), path)
        print("wrote", path)


if __name__ == "__main__":
    main()
