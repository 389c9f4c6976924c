"""Build the example notebooks in this folder (outputs cleared; CI executes them).

Run from anywhere:  python notebooks/_make_notebooks.py

The notebooks are executed by ``python -m pytest -q --nbmake notebooks/``. Each one runs
offline on the shipped data, writes files only to a temporary directory, and types no
result numbers: everything shown is computed when the notebook runs. Tables show sizes
as people write them (``paramest.format_params``), never as raw floats.
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
pd.set_option("display.max_colwidth", 60)
print("paramest", paramest.__version__, "| data", paramest.data_version())


def readable(df, digits=3):
    \"\"\"A table for reading: sizes (columns ending in _b) as people write them, other
    floats to `digits` significant digits, lists joined.\"\"\"
    out = df.copy()
    for c in out.columns:
        col = out[c]
        if str(c).endswith("_b"):
            out[c] = col.map(paramest.format_params)
        elif pd.api.types.is_float_dtype(col):
            out[c] = col.map(lambda v: "" if pd.isna(v) else f"{v:.{digits}g}")
        elif col.astype(object).map(lambda v: isinstance(v, (list, tuple))).any():
            out[c] = col.map(lambda v: ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return out"""


def nb(cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    out = new_notebook()
    out.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    out.metadata["language_info"] = {"name": "python"}
    for kind, src in cells:
        out.cells.append(new_markdown_cell(src) if kind == "md" else new_code_cell(src))
    return out


# --------------------------------------------------------------------------------------
# 01 Quickstart
# --------------------------------------------------------------------------------------

QUICKSTART = [
    ("md", """\
# Quickstart: how big is a closed model?

paramest estimates a closed model's **total** parameter count from its scores on
knowledge benchmarks. It calibrates on open-weight models of known size and turns the
closed model's scores into a posterior over its size. Every number below is computed
when the notebook runs, from the data that ship with the package."""),
    ("code", SETUP + """
import json
import tempfile
from pathlib import Path"""),
    ("md", """\
## Estimate a shipped closed model

Pass the model's name. Its scores on the knowledge benchmarks (the default evidence) are
used. When there are several, they are combined into one estimate that allows for
their correlated errors."""),
    ("code", """\
est = paramest.estimate_size("o3")
print(est)"""),
    ("md", """\
## One answer per set of weights

`o3`, `o3-high` and `o3-low` are settings of one set of weights. A name stands for the
whole set: the variant rule picks, per benchmark, which setting's score speaks for the
weights. So every name of the set gives the same answer and says which scores it
used."""),
    ("code", """\
models = paramest.load_models()
group = models.loc[models["weights"] == est.weights, ["model", "weights", "reasoning", "open_weights"]]
group"""),
    ("code", """\
same = [paramest.estimate_size(name) for name in group["model"]]
pd.DataFrame({
    "asked for": [e.model for e in same],
    "weights": [e.weights for e in same],
    "estimate": [paramest.format_params(e.params_b) for e in same],
    "interval": [e.interval_text for e in same],
    "scores used (benchmark: setting)": [", ".join(f"{b}: {v}" for b, v in e.variants.items())
                                         for e in same],
})"""),
    ("code", """\
assert len({(e.weights, e.params_b, e.lower_b, e.upper_b) for e in same}) == 1, "one answer per weights\""""),
    ("md", """\
## Read the flags

Flags say when the estimate extrapolates beyond the largest open model, when it rests on
the curve form, when the benchmarks disagree, and what refusals do to it. Read them
before you quote the number."""),
    ("code", """\
for f in est.flags:
    print("-", f)
print()
print("extrapolation beyond the largest calibration model (dex):", round(est.extrapolation_dex, 2))
print("rests on the curve form:", est.form_dependent)
print("estimate under each curve form:",
      {form: paramest.format_params(v["params_b"]) for form, v in est.forms.items()})
if est.refusal:
    print("refusal-adjusted:", paramest.format_params(est.refusal["params_b"]),
          f"({est.refusal['tier']}, {est.refusal['shift_dex']:+.2f} dex)")"""),
    ("md", "## Each benchmark on its own\n\nEach benchmark's own estimate and interval, next to the joint one."),
    ("code", """\
readable(est.per_benchmark)"""),
    ("md", """\
## JSON

`to_dict()` is JSON-safe (an unbounded side becomes `null`) and `from_dict()` reads it
back. The file goes to a temporary directory."""),
    ("code", """\
d = est.to_dict()
# a flat header (what a table needs), then groups: estimated, evidence, calibration, diagnostics
print(json.dumps({k: d[k] for k in ("model", "weights", "params_b", "lower_b", "upper_b", "interval",
                                    "benchmarks", "flag_codes")}, indent=1))
print(json.dumps({"variants": d["evidence"]["variants"],
                  "extrapolation_dex": d["diagnostics"]["extrapolation_dex"],
                  "forms": d["diagnostics"]["forms"]}, indent=1))

with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "o3.json"
    path.write_text(json.dumps(d))
    back = paramest.SizeEstimate.from_dict(json.loads(path.read_text()))
print("round trip equal:", back == est)"""),
    ("md", "## Plot it\n\nPer-benchmark and joint intervals on a log axis, with the other curve form and the refusal-adjusted estimate."),
    ("code", """\
ax = est.plot()
plt.show()"""),
    ("md", """\
The curve behind one benchmark: the fitted curve, its mean and observation bands, and
the open models that calibrate it (dense vs MoE)."""),
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
    ("md", """\
## Cite it

The citation names the package version, the method, the data version and every data
source behind this estimate, including Artificial Analysis when an AA-Omniscience
score was used."""),
    ("code", """\
est.cite()"""),
    ("code", """\
print(est.cite(format="bibtex"))"""),
    ("code", """\
paramest.cite()"""),
]


# --------------------------------------------------------------------------------------
# 02 A new benchmark release
# --------------------------------------------------------------------------------------

NEW_RELEASE = [
    ("md", """\
# A new benchmark release, from CSV to closed-model estimates

A new knowledge benchmark comes out as a leaderboard: model names and scores. paramest
has never heard of it. This notebook takes such a file from CSV to a fitted curve, to
size estimates of the closed models in it, combined with the benchmarks paramest ships,
and to a validation on held-out open models.

**The file is synthetic.** `factrecall` is not a real benchmark. `factrecall.csv` ships
with paramest as an example (`datasets/examples/`). Its open models are real, with their
real, sourced sizes, but their scores were simulated by
`datasets/examples/make_factrecall.py`, which documents how. `acme-closed-1` and
`acme-closed-2` are fictional closed models. Nothing here says anything about a real
model."""),
    ("code", SETUP),
    ("md", "## The file"),
    ("code", """\
path = paramest.example_file("factrecall.csv")
print(path.name)
print("\\n".join(path.read_text().splitlines()[:4]))"""),
    ("md", """\
## Declare the benchmark, then read the file

`register_benchmark` declares the new id for this Python session: its kind (only
`knowledge` benchmarks are default evidence), its chance level (0 for free response)
and its question count (for the binomial noise). Then `read_scores` keeps its column.
The report lists every row that was loaded or skipped, and every assumption it made."""),
    ("code", """\
paramest.register_benchmark("factrecall", kind="knowledge", chance=0.0, n_questions=500)
mine = paramest.read_scores(paramest.example_file("factrecall.csv"))
report = mine.attrs["report"]
print(report)
assert report.n_in == report.n_loaded + len(report.skipped)"""),
    ("code", """\
readable(mine[["model", "benchmark", "score", "total_params_b", "open_weights", "developer", "release_date"]].head(8))"""),
    ("code", """\
is_open = mine["open_weights"].astype(bool)
print("open models of known size (these calibrate):", int((is_open & mine["total_params_b"].notna()).sum()))
print("closed models (these can be estimated):", sorted(mine.loc[~is_open, "model"]))"""),
    ("md", """\
## Combine with the shipped data

`combine` adds the file's rows to the shipped scores. Where both have a score, the file's
row wins, and the report lists the pairs."""),
    ("code", """\
data = paramest.combine(mine)
print(data.attrs["report"])
print("benchmarks in the combined data:", ", ".join(sorted(data["benchmark"].unique())))"""),
    ("md", "## Fit the new benchmark's curve"),
    ("code", """\
curve = paramest.fit("factrecall", data)
print(curve)"""),
    ("code", """\
ax = curve.plot()
plt.show()"""),
    ("md", """\
## Estimate the closed models in the file, by name

`acme-closed-1` and `acme-closed-2` exist only in the file. With `data=`, their names
resolve, their `factrecall` scores are the evidence, and the calibration includes the new
curve alongside every shipped benchmark. `factrecall` is now default evidence, because it
was declared as a knowledge benchmark."""),
    ("code", """\
acme = {name: paramest.estimate_size(name, data=data) for name in ("acme-closed-1", "acme-closed-2")}
for name, e in acme.items():
    print(e)
    for f in e.flags:
        print("   -", f)"""),
    ("md", "The fitted curve with the two estimates on it:"),
    ("code", """\
ax = curve.plot(closed=list(acme.values()))
plt.show()"""),
    ("code", """\
ax = acme["acme-closed-1"].plot()
plt.show()"""),
    ("md", """\
The same combined data still carry every shipped benchmark. A shipped closed model is
estimated from its own knowledge scores, and the fictional ones from `factrecall`, in one
table (one row per set of weights):"""),
    ("code", """\
table = paramest.estimate_sizes(["acme-closed-1", "acme-closed-2", "gpt-4o"], data=data)
readable(table[["model", "params_b", "interval", "benchmarks", "n_calibration", "extrapolation_dex",
                "form_dependent"]])"""),
    ("md", """\
## Validate the new benchmark

Hold out the file's open models one developer at a time, calibrate on the rest, and
estimate each from its `factrecall` score: the same check the shipped benchmarks get on
the Validation page. On a synthetic file this checks the workflow, not the benchmark."""),
    ("code", """\
res = paramest.validate("factrecall", data=data)
print(res)"""),
    ("code", """\
summary = res.summary.loc[res.summary["n"] > 0]
readable(summary[["n", "median_fold_error", "within_2x", "bias_dex", "coverage", "median_width_dex"]])"""),
    ("code", """\
ax = res.plot()
plt.show()"""),
]


# --------------------------------------------------------------------------------------
# 03 Total vs active
# --------------------------------------------------------------------------------------

TOTAL_VS_ACTIVE = [
    ("md", """\
# Total or active parameters? And does release date matter?

A mixture-of-experts model activates only some of its parameters per token, but all of
them can store facts. If factual recall tracks **total** parameters, a curve on total
parameters fits the open models (dense and MoE together) better than a curve on active
parameters.

`paramest.compare_predictors` fits the same curve three ways on the same models: on
total parameters, on active parameters, and on a blend `N_total^g * N_active^(1-g)`,
with `g` estimated by profile likelihood. `g = 1` means recall tracks total parameters,
and `g = 0` means it tracks active parameters."""),
    ("code", SETUP),
    ("code", """\
cmp = paramest.compare_predictors("ikp")
print(cmp.attrs.get("note", ""))
readable(cmp)"""),
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
The same comparison on every knowledge benchmark with enough MoE models to tell the two
apart. Benchmarks that cannot be fitted are listed with the reason."""),
    ("code", """\
bench = paramest.list_benchmarks()
knowledge = bench.loc[bench["kind"] == "knowledge", "benchmark"]
rows, skipped = [], {}
for b in knowledge:
    try:
        c = paramest.compare_predictors(b).set_index("predictor")
    except paramest.FitError as e:
        skipped[b] = str(e)
        continue
    rows.append({"benchmark": b, "n": int(c.loc["total", "n"]), "n_moe": int(c.loc["total", "n_moe"]),
                 "aic_total_minus_active": c.loc["total", "aic"] - c.loc["active", "aic"],
                 "g": c.loc["blend", "g"], "g_ci_lower": c.loc["blend", "g_ci_lower"],
                 "g_ci_upper": c.loc["blend", "g_ci_upper"]})
readable(pd.DataFrame(rows))"""),
    ("code", """\
for b, why in skipped.items():
    print(f"{b}: {why}")"""),
    ("md", """\
## Release date: do newer models know more at a fixed size?

If they do, a curve fitted on older open models overstates the size of a new closed
model. `release_date_effect` adds the release year as a covariate. `per_year` is the
drift of the linear predictor per year (logit scale), and `per_year_dex` converts it to
dex of parameters per year: how much size one year of progress is worth. Benchmarks
without enough dated open models are listed with the reason."""),
    ("code", """\
rows, skipped = [], {}
for b in knowledge:
    try:
        rows.append(paramest.release_date_effect(b))
    except paramest.FitError as e:
        skipped[b] = str(e)
drift = pd.concat(rows, ignore_index=True)
drift["ci_excludes_0"] = (drift["ci_lower"] > 0) | (drift["ci_upper"] < 0)
readable(drift)"""),
    ("code", """\
for b, why in skipped.items():
    print(f"{b}: {why}")"""),
    ("md", """\
Read `n` next to each row. A drift estimated from a handful of models is not evidence
either way, and a drift in dex per year is large when the curve's slope is small."""),
]


# --------------------------------------------------------------------------------------
# 04 Frontier table
# --------------------------------------------------------------------------------------

FRONTIER = [
    ("md", """\
# The frontier table

Every shipped closed model with a knowledge-benchmark score gets a size estimate with its
90% interval, one row per set of weights. The table shows what each estimate rests on:
how far it extrapolates beyond the largest open model, whether the answer depends on the
curve form, and what refusals do to it. It is compared with IKP's own published estimates
and with sizes that developers published. All numbers are computed here from the
shipped data, and none are typed."""),
    ("code", SETUP + """
import numpy as np"""),
    ("code", """\
table = paramest.estimate_sizes(closed_only=True)
failed = table[table["error"] != ""]
ok = (table[table["error"] == ""]
      .sort_values("params_b", ascending=False, kind="mergesort")
      .reset_index(drop=True))
print(len(ok), "closed sets of weights estimated;", len(failed), "could not be")
print("data", table.attrs["data_version"])
for b, why in table.attrs["unused_benchmarks"].items():
    print(f"{b} not used: {why}")"""),
    ("md", """\
## The table

Sizes are written as people write them. An interval unbounded above is written as a
lower bound (`> ...`). Columns:

- **beyond open**: how far the estimate lies beyond the largest calibration model, in dex;
- **linear form**: the estimate under the linear-in-accuracy curve (IKP's form), marked
  when it falls outside the interval (the answer *rests on the curve form*);
- **refusal-adjusted**: refused questions answered at the model's own accuracy (the main
  estimate counts them as wrong, a floor), with its reliability tier;
- **published**: a size the developer published, when there is one."""),
    ("code", """\
fmt = paramest.format_params


def estimate_text(r):
    return f"> {fmt(r['lower_b'])}" if r["open_upper"] else fmt(r["params_b"])


def refusal_text(r):
    v = r.get("refusal_adjusted_b")
    return "" if pd.isna(v) else f"{fmt(v)} ({r['refusal_tier']})"


view = pd.DataFrame({
    "weights": ok["weights"],
    "estimate": ok.apply(estimate_text, axis=1),
    "90% interval": ok["interval"],
    "beyond open": [f"+{e:.1f} dex" if e > 0.05 else "" for e in ok["extrapolation_dex"]],
    "linear form": [fmt(v) + (" (rests on form)" if d else "")
                    for v, d in zip(ok["linear_params_b"], ok["form_dependent"])],
    "refusal-adjusted": ok.apply(refusal_text, axis=1),
    "published": [fmt(v) if np.isfinite(v) else "" for v in ok["disclosed_b"].astype(float)],
    "benchmarks": [" + ".join(b) for b in ok["benchmarks"]],
    "settings used": [", ".join(v) for v in ok["variants"]],
})
view.head(40)"""),
    ("code", """\
print("extrapolated beyond the largest open model:", int((ok["extrapolation_dex"] > 0.05).sum()))
print("resting on the curve form:", int(ok["form_dependent"].sum()))
print("unbounded above:", int(ok["open_upper"].sum()))
if "refusal_tier" in ok:
    print("refusal tiers:", ok["refusal_tier"].value_counts().to_dict())
print("with a published size:", int(np.isfinite(ok["disclosed_b"].astype(float)).sum()))"""),
    ("code", """\
if len(failed):
    print(failed[["model", "error"]].to_string(index=False))"""),
    ("md", """\
## IKP's published estimates

IKP published its own estimates of closed models: a linear fit of IKP accuracy on
log10 parameters over its open models, inverted, with a fixed multiplicative interval.
They ship in `datasets/reference_estimates.csv` as a reference, **not** as ground truth.
IKP estimated each setting separately (`gpt-5.5` and `gpt-5.5-think` get their own
numbers). paramest gives one answer per set of weights, so each IKP row is placed on its
set of weights."""),
    ("code", """\
models = paramest.load_models()
to_weights = dict(zip(models["model"], models["weights"]))
ikp = paramest.load_reference_estimates().rename(columns={"estimate_b": "params_b"})
ikp["weights"] = ikp["model"].map(to_weights).fillna(ikp["model"])
print(len(ikp), "IKP estimates of", ikp["weights"].nunique(), "sets of weights, by", sorted(ikp["by"].unique()))

per_weights = ikp.groupby("weights").agg(ikp_settings=("model", list), ikp_low_b=("params_b", "min"),
                                        ikp_high_b=("params_b", "max"))
cmp = ok[["weights", "params_b", "lower_b", "upper_b", "interval"]].merge(per_weights, on="weights", how="inner")
cmp["IKP published"] = [fmt(lo) if fmt(lo) == fmt(hi) else f"{fmt(lo)} to {fmt(hi)}"
                        for lo, hi in zip(cmp["ikp_low_b"], cmp["ikp_high_b"])]
cmp["IKP inside paramest interval"] = (cmp["lower_b"] <= cmp["ikp_low_b"]) & (cmp["ikp_high_b"] <= cmp["upper_b"])
readable(cmp[["weights", "params_b", "interval", "IKP published", "IKP inside paramest interval",
              "ikp_settings"]]).head(40)"""),
    ("code", """\
both = cmp[np.isfinite(cmp["params_b"])]
ratio = np.log10(both["params_b"] / np.sqrt(both["ikp_low_b"] * both["ikp_high_b"]))
print(f"{len(both)} sets of weights with both; paramest / IKP (geometric mean over IKP's settings):")
print(f"  median ratio {10 ** ratio.median():.2f}x; share within 2x "
      f"{np.mean(np.abs(ratio) <= np.log10(2)):.2f}; IKP inside the paramest interval "
      f"{cmp['IKP inside paramest interval'].mean():.2f}")"""),
    ("md", """\
## Forest plot

Each row is a set of weights with its 90% interval. Sizes beyond the largest open model
are shaded, extrapolated estimates are drawn differently, and a star marks an answer that
rests on the curve form. References are labelled by source: IKP's published estimates,
and sizes that developers published. The plot keeps the largest rows so that it stays
legible, and says how many it left out."""),
    ("code", """\
from paramest.plots import plot_forest

ref = pd.concat([
    ikp.assign(model=ikp["weights"], label="IKP's published estimate")[
        ["model", "params_b", "lower_b", "upper_b", "label"]],
    pd.DataFrame({"model": ok["weights"], "params_b": ok["disclosed_b"].astype(float),
                  "label": "published size"}).dropna(subset=["params_b"]),
], ignore_index=True)
ax = plot_forest(ok, reference=ref, max_rows=60)
plt.show()"""),
    ("md", """\
The same plot for every set of weights that has a reference, whatever its size: IKP's
published estimates and the sizes developers published (old models among them, which the
vintage flag marks)."""),
    ("code", """\
checked = ok[ok["weights"].isin(set(ref["model"]))]
print(len(checked), "sets of weights with a reference")
ax = plot_forest(checked, reference=ref, max_rows=None)
plt.show()"""),
    ("md", """\
Before reading anything into the top rows:

- **beyond open**: the estimate lies above the largest open model, where no data check
  the curve's shape. The interval covers the fitted curve's uncertainty there, not a bend
  the data do not show.
- **rests on form**: the linear curve form gives an answer outside the interval. The
  interval is marked, not widened (see the Method page).
- **refusal-adjusted**: for models that refuse often, the main estimate is a floor. The
  tier is IKP's own rating of the refusal rate (Reliable, Caution, Low confidence); the
  shift label says how much the refusal assumption moves the estimate.
- **> lower bound**: where the evidence sets no upper end, the lower bound is the answer;
  the posterior's centre there is set by the size grid, not by the scores.
- The interval covers between-model scatter and sampling noise, **not** distillation,
  contamination or a gap between knowledge capacity and physical size (see the Method
  page)."""),
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
