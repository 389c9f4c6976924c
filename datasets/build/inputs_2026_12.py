"""The hand-curated input files of data v3 (schema: ``build/inputs_2026-12.md``).

Each file that exists is read, checked against the schema, and merged:

* ``harvest_2026-12_<topic>.csv`` (scores) and ``harvest_2026-12_<topic>_models.csv`` (new
  models) -> ``scores.csv``, ``models.csv``, ``params.csv``;
* ``exact_sizes_2026-12.csv`` -> the chosen ``params.csv`` row (the old label stays, not chosen);
* ``stated_sizes_2026-12.csv`` -> ``size_status`` disclosed/reported of closed models, with a
  ``params.csv`` row whose ``quote`` holds the statement;
* ``training_tokens_2026-12.csv`` -> ``models.csv`` ``training_tokens_b`` and
  ``training_tokens_source`` (shared by every id of one set of weights).

A file without its ``.done`` marker may be incomplete: it is merged when it passes the
checks and skipped with a warning when it does not. A finished file that fails a check stops
the build with a message naming the file, row and column.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from naming import family_of
from schema_2026_12 import SchemaError, check_file
from state import State

HERE = Path(__file__).resolve().parent

KIND = {"config": "config", "safetensors": "safetensors", "card": "card", "report": "card",
        "hf_count": "hf_count", "aa": "aa", "name": "name"}
# Standard metric of each knowledge benchmark: another metric is kept apart as a variant.
STANDARD_METRIC = {"simpleqa": {"accuracy", "correct"}, "simpleqa-verified": {"accuracy", "correct"},
                   "chinese-simpleqa": {"accuracy", "correct"}, "aa-omniscience": {"accuracy"},
                   "ikp": {"accuracy"}, "triviaqa": {"em", "accuracy", "exact-match"},
                   "naturalquestions": {"em", "accuracy", "exact-match"}, "popqa": {"accuracy", "em"}}


# Set by curate.py --only-done: leave out every input file that has no .done marker yet (a
# build that a commit can reproduce from the committed inputs alone).
ONLY_DONE = False


def _files(pattern: str) -> list[Path]:
    return sorted(p for p in HERE.glob(pattern) if p.is_file())


def _load(path: Path, kind: str, known_models: set[str], known_bench: set[str] | None = None):
    """The checked frame, or None when an unfinished file fails its checks."""
    done = path.with_name(path.name + ".done").exists()
    if ONLY_DONE and not done:
        print(f"inputs: {path.name} has no .done marker: left out (--only-done)")
        return None
    try:
        return check_file(path, kind, known_models, known_bench)
    except SchemaError as e:
        if done:
            raise
        warnings.warn(f"{path.name} has no .done marker yet and fails its checks; skipped for now: {e}")
        return None


def _blank(v) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or str(v).strip() == ""


def _num(v) -> float:
    return float(v) if not _blank(v) else np.nan


def merge_models(st: State) -> None:
    """New models of the harvest files, then exact sizes, stated sizes and training tokens."""
    for path in _files("harvest_2026-12_*_models.csv"):
        df = _load(path, "models", set(st.models))
        if df is not None:
            _harvest_models(st, df, path.name)
    # one file per kind, or several (a later batch: exact_sizes_2026-12b.csv)
    for pattern, kind, merge in [("exact_sizes_2026-12*.csv", "exact", _exact_sizes),
                                 ("stated_sizes_2026-12*.csv", "stated", _stated_sizes),
                                 ("training_tokens_2026-12*.csv", "tokens", _training_tokens)]:
        for path in _files(pattern):
            df = _load(path, kind, set(st.models) | {st.wid(m) for m in st.models})
            if df is not None:
                merge(st, df, path.name)


def _harvest_models(st: State, df: pd.DataFrame, fname: str) -> None:
    for i, r in enumerate(df.itertuples(index=False)):
        new = r.model not in st.models
        rec = st.models.setdefault(r.model, {"model": r.model, "name": r.name})
        if new:
            rec.update({"developer": r.developer, "family": r.family or family_of(r.model),
                        "weights": r.weights or r.model, "open_weights": r.open_weights == "True",
                        "arch_h": r.arch})
            if r.reasoning == "True":
                rec["reasoning"] = True
        if r.release_date and not rec.get("release_date"):
            rec["release_date"], rec["release_source"] = r.release_date, r.release_source
        if r.weights_source and not rec.get("weights_url"):
            rec["weights_url"] = r.weights_source
        st.add_alias(r.model, r.name)
        for a in [a.strip() for a in str(r.aliases).split(";") if a.strip()]:
            st.add_alias(r.model, a)
        if not _blank(r.total_params_b):
            st.params_rows.append({
                "model": r.model, "total_params_b": _num(r.total_params_b),
                "active_params_b": _num(r.active_params_b), "arch": r.arch,
                "source": r.params_source, "source_kind": KIND[r.params_source_kind],
                "quote": r.params_quote,
                "note": f"build/{fname} row {i + 1}" + (f": {r.note}" if r.note else "")})


def _target(st: State, r) -> str:
    """The model id a size or token row names (its own id, else a member of its weights)."""
    if r.model in st.models:
        return r.model
    members = sorted(m for m in st.models if st.wid(m) == (r.weights or r.model))
    return members[0]


def _exact_sizes(st: State, df: pd.DataFrame, fname: str) -> None:
    for i, r in enumerate(df.itertuples(index=False)):
        mid = _target(st, r)
        hf = r.source_kind == "hf_count"
        note = (f"Hugging Face's displayed count, not an exact count (build/{fname} row {i + 1})" if hf
                else f"exact count (build/{fname} row {i + 1})")
        arch = r.arch
        if arch == "hybrid":
            arch = "dense" if _num(r.active_params_b) == _num(r.total_params_b) or _blank(r.active_params_b) \
                else "moe"
            note += "; hybrid (Mamba and attention) layers"
        if r.arithmetic:
            note += f"; arithmetic: {r.arithmetic}"
        if r.note:
            note += f"; {r.note}"
        st.params_rows.append({
            "model": mid, "total_params_b": _num(r.total_params_b), "active_params_b": _num(r.active_params_b),
            "arch": arch, "source": r.source, "source_kind": KIND[r.source_kind], "quote": r.quote,
            "note": note, "_prio": 0 if hf else -2})


def _stated_sizes(st: State, df: pd.DataFrame, fname: str) -> None:
    for i, r in enumerate(df.itertuples(index=False)):
        mid = _target(st, r)
        rec = st.models[mid]
        if rec.get("open_weights"):
            st.skip(f"build/{fname}", f"row {i + 1} {mid}", "a stated size of an open model: open models "
                    "take their size from configs and cards")
            continue
        note = f"{r.status}: stated by {r.stated_by}" + (f" on {r.statement_date}" if r.statement_date else "")
        if r.note:
            note += f"; {r.note}"
        st.params_rows.append({
            "model": mid, "total_params_b": _num(r.total_params_b), "active_params_b": _num(r.active_params_b),
            "arch": "moe" if _num(r.active_params_b) < _num(r.total_params_b) else "",
            "source": r.source, "source_kind": "card" if r.status == "disclosed" else "secondary",
            "quote": r.statement, "note": note, "_status": r.status})


def _training_tokens(st: State, df: pd.DataFrame, fname: str) -> None:
    for r in df.itertuples(index=False):
        if _blank(r.training_tokens_b):
            continue
        mid = _target(st, r)
        src = f"{r.source}: '{r.quote}'" + (f" ({r.note})" if r.note else "")
        st.models[mid]["training_tokens"] = (_num(r.training_tokens_b), src)


def merge_scores(st: State) -> None:
    """Score rows of the harvest files (``tools = search`` rows go to simpleqa-search)."""
    import benchmarks_table
    known_bench = set(benchmarks_table.build_benchmarks().benchmark)
    for path in _files("harvest_2026-12_*.csv"):
        if path.name.endswith("_models.csv"):
            continue
        df = _load(path, "scores", set(st.models), known_bench)
        if df is None:
            continue
        for i, r in enumerate(df.itertuples(index=False)):
            st.srows.append(_score_row(r, f"build/{path.name} row {i + 1}"))


def _score_row(r, where: str) -> dict:
    bench = r.benchmark
    if r.tools == "search" and bench.startswith("simpleqa"):
        bench = "simpleqa-search"
    variant = r.variant
    metric = (r.metric or "").lower()
    if not variant and bench in STANDARD_METRIC and metric and metric not in STANDARD_METRIC[bench]:
        variant = metric  # a metric other than the benchmark's headline is kept apart
    thinking = {"True": True, "False": False}.get(r.thinking, "")
    run_date, run_year = (r.run_date, "") if len(r.run_date) != 4 else ("", f"run year {r.run_date}")
    note = "; ".join(x for x in [f"metric {r.metric}" if r.metric else "", run_year,
                                 f"tools {r.tools}" if r.tools else "", r.note, where] if x)
    return {"model": r.model, "benchmark": bench, "score": float(r.score),
            "shots": _num(r.shots), "cot": {"True": "cot", "False": "no-cot"}.get(r.cot, ""),
            "thinking": thinking, "effort": r.effort, "variant": variant, "precision": r.precision,
            "evaluator": r.evaluator, "evaluated_by": r.evaluated_by, "run_date": run_date,
            "metric": r.metric, "source": r.source, "source_name": r.name_in_source,
            "quote": r.quote, "note": note}


def stated_models(st: State) -> set[str]:
    return {m for m, rec in st.models.items() if rec.get("size_status") in ("disclosed", "reported")}


def tokens_column(st: State, mids) -> tuple[list, list]:
    """training_tokens_b and its source per model id, shared within a set of weights (the id's
    own row first, else another id of its weights)."""
    by_w: dict[str, tuple] = {}
    for m in sorted(st.models):
        t = st.models[m].get("training_tokens")
        if t is not None:
            by_w.setdefault(st.wid(m), t)
    vals, srcs = [], []
    for m in mids:
        t = st.models.get(m, {}).get("training_tokens") or by_w.get(st.wid(m))
        vals.append(t[0] if t else np.nan)
        srcs.append(t[1] if t else "")
    return vals, srcs
