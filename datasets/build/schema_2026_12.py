"""Checks of the data-v3 input files against their schema (``build/inputs_2026-12.md``).

``check_file`` reads a file as text and returns it, or raises :class:`SchemaError` listing
every problem as ``file, row N (line L), column C: what is wrong``. Row numbers count data
rows from 1; the line number is the file's (the header is line 1).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

COLUMNS = {
    "scores": ["model", "name_in_source", "benchmark", "score", "score_as_printed", "metric", "shots",
               "cot", "thinking", "effort", "tools", "variant", "precision", "evaluator", "evaluated_by",
               "run_date", "source", "quote", "note"],
    "models": ["model", "name", "developer", "family", "weights", "open_weights", "arch", "total_params_b",
               "active_params_b", "params_source", "params_source_kind", "params_quote", "release_date",
               "release_source", "reasoning", "aliases", "weights_source", "note"],
    "exact": ["model", "weights", "shipped_total_b", "total_params_b", "active_params_b", "arch",
              "source_kind", "source", "quote", "arithmetic", "note"],
    "stated": ["model", "weights", "total_params_b", "active_params_b", "status", "stated_by", "statement",
               "statement_date", "source", "note"],
    "tokens": ["model", "weights", "training_tokens_b", "source", "quote", "note"],
}
REQUIRED = {
    "scores": ["model", "name_in_source", "benchmark", "score", "score_as_printed", "precision", "evaluator",
               "evaluated_by", "source", "quote"],
    "models": ["model", "name", "developer", "weights", "open_weights"],
    "exact": ["total_params_b", "source_kind", "source", "quote"],
    "stated": ["total_params_b", "status", "stated_by", "statement", "source"],
    "tokens": ["source", "quote"],
}
ENUMS = {
    "cot": {"", "True", "False"}, "thinking": {"", "True", "False"},
    "effort": {"", "minimal", "low", "medium", "high", "xhigh", "max"},
    "tools": {"", "none", "search"}, "precision": {"exact", "rounded", "chart"},
    "evaluator": {"developer", "third-party", "competitor", "unknown"},
    "open_weights": {"True", "False"}, "reasoning": {"", "True", "False"},
    "arch": {"", "dense", "moe"}, "status": {"disclosed", "reported"},
    "params_source_kind": {"", "config", "safetensors", "card", "report", "hf_count", "aa", "name"},
}
# exact-size files: a Hugging Face displayed count (hf_count) is accepted but merged with its
# own rank (not as an exact count); 'hybrid' (Mamba + attention layers) is merged as dense when
# active = total
ENUMS_BY_KIND = {"exact": {"source_kind": {"config", "safetensors", "card", "report", "hf_count"},
                           "arch": {"", "dense", "moe", "hybrid"}}}
NUMERIC = {"score": (0, 1), "shots": (0, None), "total_params_b": (0, None), "active_params_b": (0, None),
           "shipped_total_b": (0, None), "training_tokens_b": (0, None)}
DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
YEAR = re.compile(r"^\d{4}$")
MODEL_ID = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")


class SchemaError(ValueError):
    pass


def _num(v: str):
    try:
        return float(str(v).replace(",", ""))
    except ValueError:
        return None


def _row_problems(r: dict, kind: str, known_models: set, known_bench: set | None, new_models: set) -> list:
    out = []
    for c in REQUIRED[kind]:
        if not str(r.get(c, "")).strip():
            out.append((c, "is blank (required)"))
    enums = {**ENUMS, **ENUMS_BY_KIND.get(kind, {})}
    for c, allowed in enums.items():
        if c in r and r[c] not in allowed:
            out.append((c, f"{r[c]!r} is not one of {sorted(allowed)}"))
    for c, (lo, hi) in NUMERIC.items():
        v = r.get(c, "")
        if c not in r or not str(v).strip():
            continue
        x = _num(v)
        if x is None:
            out.append((c, f"{v!r} is not a number"))
        elif (lo is not None and x < lo) or (hi is not None and x > hi) or (c != "score" and c != "shots" and x == 0):
            out.append((c, f"{v} is outside {'[0, 1]' if c == 'score' else 'the positive numbers'}"))
    tot, act = _num(r.get("total_params_b", "") or "x"), _num(r.get("active_params_b", "") or "x")
    if tot is not None and act is not None and act > tot * (1 + 1e-9):
        out.append(("active_params_b", f"{act} exceeds total_params_b {tot}"))
    for c in ("run_date", "release_date", "statement_date"):
        v = str(r.get(c, "")).strip()
        # a bare year is accepted for the date of a run or a statement (kept in the note)
        if v and not DATE.match(v) and not (c != "release_date" and YEAR.match(v)):
            out.append((c, f"{r[c]!r} is not YYYY-MM or YYYY-MM-DD"))
    mid = r.get("model", "")
    if mid and not MODEL_ID.match(mid):
        out.append(("model", f"{mid!r} is not a lowercase id"))
    if kind == "scores":
        if mid and mid not in known_models and mid not in new_models:
            out.append(("model", f"{mid!r} is neither in models.csv nor in a harvest models file"))
        b = r.get("benchmark", "")
        if known_bench is not None and b and b not in known_bench and not (b.startswith("simpleqa")
                                                                           and r.get("tools") == "search"):
            out.append(("benchmark", f"{b!r} is not a known benchmark id (add it to "
                                     "build/benchmarks_sourced.csv with its source first)"))
    if kind in ("exact", "stated", "tokens") and mid not in known_models and r.get("weights") not in known_models:
        out.append(("model", f"neither model {mid!r} nor weights {r.get('weights')!r} is known"))
    return out


def check_file(path: Path, kind: str, known_models: set, known_bench: set | None = None) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    df = df.apply(lambda c: c.str.strip())
    problems = []
    missing = [c for c in COLUMNS[kind] if c not in df.columns]
    if missing:
        problems.append(f"{path.name}: header lacks column(s) {missing} (found {list(df.columns)})")
        raise SchemaError("\n".join(problems))
    new_models: set = set()
    if kind == "scores":
        mpath = path.with_name(path.stem + "_models.csv")
        if mpath.exists():
            new_models = set(pd.read_csv(mpath, dtype=str, keep_default_na=False)["model"].str.strip())
    for i, r in enumerate(df.to_dict(orient="records")):
        for col, what in _row_problems(r, kind, known_models, known_bench, new_models):
            problems.append(f"{path.name}, row {i + 1} (line {i + 2}), column {col}: {what}")
    if problems:
        raise SchemaError(f"{len(problems)} problem(s):\n" + "\n".join(problems))
    return df
