"""Curate the raw, sourced numbers in ``../shared/data`` into paramest's ``datasets/``.

This is a maintainer tool: it is never run by the library or its tests (they read only
``datasets/``). Re-run it after the raw data or the mapping tables change::

    python datasets/build/curate.py --raw ../shared/data

Every output number carries the source it was read from. Nothing here is typed from
memory: the manual tables only rename models, group variants and choose between sources.

Modules (all in ``datasets/build/``): ``naming`` (ids, weights groups, developers),
``state`` (the working state), ``src_ikp``, ``src_aa``, ``src_harvest``, ``src_transcribed``
(one per raw source), ``sizes`` (sourced sizes and the choice rule), ``fixes_2026_12`` (the
audit of 2026-12-03), ``inputs_2026_12`` (the hand-curated input files of data v3),
``aliases`` (names users type), ``assemble`` (the shipped tables), ``counts`` (the data
issue's coverage counts), ``benchmarks_table`` (benchmarks and manifest).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

HERE = Path(__file__).resolve().parent
OUT = HERE.parent
sys.path.insert(0, str(HERE))

import aliases  # noqa: E402
import assemble  # noqa: E402
import benchmarks_table  # noqa: E402
import counts  # noqa: E402
import fixes_2026_12 as fixes  # noqa: E402
import inputs_2026_12 as inputs  # noqa: E402
import sizes  # noqa: E402
import src_aa  # noqa: E402
import src_aa_dumps  # noqa: E402
import src_harvest  # noqa: E402
import src_ikp  # noqa: E402
import src_transcribed  # noqa: E402
from state import State  # noqa: E402


def _csv(path: Path, more: bool = True) -> pd.DataFrame:
    """A raw file, with its ``*_more.csv`` companion (same layout) appended when present."""
    df = pd.read_csv(path)
    extra = path.with_name(path.stem + "_more.csv")
    if more and extra.exists():
        df = pd.concat([df, pd.read_csv(extra)], ignore_index=True)
    return df


def read_raw(raw: Path, more: bool = True) -> SimpleNamespace:
    return SimpleNamespace(
        hs=_csv(raw / "harvest/scores_long.csv", more),
        hm=_csv(raw / "harvest/models.csv", more),
        ikp_open=_csv(raw / "ikp/ikp_open_calibration_points.csv", more),
        ikp_excl=pd.read_csv(raw / "ikp/ikp_open_excluded_points.csv"),
        ikp_closed=pd.read_csv(raw / "ikp/ikp_closed_models.csv"),
        ikp_tiers=json.loads((raw / "ikp/ikp_per_tier_results.json").read_text()),
        ikp_repo=pd.read_csv(raw / "ikp/ikp_repo_benchmark_scores.csv"),
        aa_bar=_csv(raw / "aa/aa_omniscience_accuracy_bar_chart_jan2026.csv", more),
        aa_snap=_csv(raw / "aa/aa_snapshot_2026-07-31.csv", more),
        aa_open=_csv(raw / "aa/aa_omniscience_open_models_accuracy_vs_total_params_AAchart.csv", more),
        dir=raw,
    )


def collect(st: State, raw) -> None:
    """Every reader, in the order that fixes which source names a model first."""
    src_ikp.ikp_models(st, raw)
    src_ikp.tier_only_models(st, raw)
    src_harvest.harvest_models(st, raw)
    src_aa.aa_snapshot(st, raw)
    src_aa.aa_scatter_chart(st, raw)
    src_aa.aa_bar_chart(st, raw)
    src_aa_dumps.aa_dumps(st, raw)
    src_transcribed.transcribed_1(st)
    src_transcribed.transcribed_2(st)
    sizes.size_audit(st, raw)
    sizes.open_sizes(st, raw)
    src_aa_dumps.new_open_sizes(st, raw)
    sizes.closed_audit(st)
    fixes.integrator_sizes(st)
    inputs.merge_models(st)
    fixes.apply_facts(st)
    fixes.apply_weights(st)
    fixes.reasoning_flags(st)
    sizes.name_sizes(st)


def build(raw: Path, more: bool = True) -> None:
    raw_ = read_raw(raw, more)
    st = State()
    collect(st, raw_)
    params = fixes.patch_active(sizes.choose_sizes(st), st)
    assemble.drop_shared_aliases(st)
    aliases.add_aliases(st)
    mt = assemble.model_table(st, params)
    src_ikp.ikp_scores(st, raw_)
    src_ikp.ikp_repo_scores(st, raw_)
    src_harvest.harvest_scores(st, raw_)
    inputs.merge_scores(st)
    fixes.fix_scores(st)
    sc = assemble.score_table(st, mt)
    write(st, raw_, mt, params, sc)


def write(st: State, raw, mt: pd.DataFrame, params: pd.DataFrame, sc: pd.DataFrame) -> None:
    bt = benchmarks_table.build_benchmarks()
    unknown = sorted(set(sc.benchmark) - set(bt.benchmark))
    assert not unknown, unknown
    bt.to_csv(OUT / "benchmarks.csv", index=False)
    pd.read_csv(HERE / "lm_eval_tasks.csv").to_csv(OUT / "lm_eval_tasks.csv", index=False)
    src_ikp.reference_estimates(raw).to_csv(OUT / "reference_estimates.csv", index=False)
    mt = mt.sort_values("model").reset_index(drop=True)
    mt.to_csv(OUT / "models.csv", index=False)
    params.to_csv(OUT / "params.csv", index=False)
    pd.DataFrame(st.skipped, columns=["file", "row", "reason"]).to_csv(HERE / "skipped.csv", index=False)
    # every fix of the 2026-12 audit and every alias rule applied, for the README's changelog
    pd.DataFrame(st.log, columns=["fix", "model", "old", "new", "evidence"]).to_csv(
        HERE / "changes_2026-12.csv", index=False)
    sc.sort_values(["benchmark", "model", "source"]).to_csv(OUT / "scores.csv", index=False)
    # Other Artificial Analysis signals (not used by the method yet), same provenance.
    sig = pd.DataFrame(st.signal_rows).sort_values("model")
    sig.to_csv(OUT / "signals.csv", index=False)
    tiers = src_ikp.tier_table(raw, mt)
    tiers.to_csv(OUT / "ikp_tiers.csv", index=False)
    print(f"signals: {len(sig)} rows; ikp tiers: {len(tiers)} rows ({tiers.model.nunique()} models)")
    print(f"models: {len(mt)} ({mt.open_weights.sum()} open, {(~mt.open_weights).sum()} closed); "
          f"open with size: {(mt.open_weights & mt.total_params_b.notna()).sum()}")
    print(f"scores: {len(sc)}; params rows: {len(params)}")
    c = counts.compute(OUT)
    benchmarks_table.write_manifest(c)
    write_readme_counts(c)
    print("counts:", json.dumps({k: v for k, v in c.items() if not k.endswith("_list")}))


def write_readme_counts(c: dict) -> None:
    """The counts table of datasets/README.md, between its counts markers."""
    path = OUT / "README.md"
    text = path.read_text()
    begin, end = "<!-- counts:begin (written by build/curate.py) -->", "<!-- counts:end -->"
    if begin not in text or end not in text:
        print("README.md has no counts markers: counts table not written")
        return
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    block = f"{counts.file_table(OUT)}\n\n{counts.markdown(c)}"
    path.write_text(f"{head}{begin}\n{block}\n{end}{tail}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--raw", type=Path, default=HERE.parents[2] / "shared" / "data")
    ap.add_argument("--no-more", action="store_true", help="leave out the *_more.csv files")
    ap.add_argument("--only-done", action="store_true",
                    help="leave out input files of build/inputs_2026-12.md without a .done marker")
    a = ap.parse_args()
    inputs.ONLY_DONE = a.only_done
    benchmarks_table.ONLY_DONE = a.only_done
    build(a.raw, more=not a.no_more)
