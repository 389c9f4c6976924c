"""Coverage counts of the data issue (#20), computed from the shipped tables.

The population is the default of ``paramest.load_scores()``: score rows with a blank
``variant``, of models without an ``exclude_reason``, on knowledge benchmarks (benchmarks.csv
``default_evidence``). A set of weights is one ``weights`` id. ``compute(data_dir)`` returns
a JSON-safe dict; ``curate.py`` writes it to ``manifest.json`` (``counts``) and to the
README's counts table. ``tests/test_data_integrity.py`` recomputes it through paramest.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

BANDS = [("<10B", 0, 10), ("10-100B", 10, 100), ("100B-1T", 100, 1000), (">=1T", 1000, np.inf)]
# A size is "exact" when it is a recount from config.json, a safetensors index total, or a
# row of build/exact_sizes_2026-12.csv (an exact count the card or report states).
EXACT_KINDS = {"config", "safetensors"}
OWN_KINDS = {"config", "safetensors", "card"}


def _knowledge_rows(d: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    m = pd.read_csv(d / "models.csv")
    s = pd.read_csv(d / "scores.csv")
    b = pd.read_csv(d / "benchmarks.csv")
    p = pd.read_csv(d / "params.csv")
    kn = set(b.loc[b.default_evidence.astype(bool), "benchmark"])
    s = s[s.variant.fillna("").eq("") & s.benchmark.isin(kn)]
    m = m[m.exclude_reason.fillna("").eq("")]
    return s.merge(m, on="model"), m, p


def _exact(p: pd.DataFrame) -> pd.Series:
    ch = p[p.chosen.astype(bool)].set_index("model")
    return ch.source_kind.isin(EXACT_KINDS) | ch.note.fillna("").str.startswith("exact count")


def compute(d: Path) -> dict:
    k, m, p = _knowledge_rows(d)
    ch = p[p.chosen.astype(bool)].set_index("model")
    open_sized = k[k.open_weights.astype(bool) & k.total_params_b.notna()]
    w = open_sized.groupby("weights").agg(total=("total_params_b", "first"),
                                          n_bench=("benchmark", "nunique"),
                                          model=("model", "first"))
    bands = {name: int(((w.total >= lo) & (w.total < hi)).sum()) for name, lo, hi in BANDS}
    big = w[w.total > 236]
    # closed sets of weights released since 2025-01-01 (any id of the weights)
    mc = m[~m.open_weights.astype(bool)].copy()
    mc["date"] = pd.to_datetime(mc.release_date, format="mixed", errors="coerce")
    recent = set(mc.loc[mc.date >= "2025-01-01", "weights"])
    closed = k[~k.open_weights.astype(bool) & k.weights.isin(recent)].groupby("weights").benchmark.nunique()
    # sizes of the open sets of weights with a knowledge score
    kinds = open_sized.groupby("weights").model.apply(lambda ms: ch.loc[sorted(ms)[0], "source_kind"])
    exact = _exact(p)
    is_exact = open_sized.groupby("weights").model.apply(lambda ms: bool(exact.get(sorted(ms)[0], False)))
    label = sorted(kinds.index[~kinds.isin(OWN_KINDS)])
    name_only = sorted(kinds.index[kinds.eq("name")])
    over500 = w[w.total >= 500]
    no_exact_500 = sorted(over500.index[~is_exact.reindex(over500.index).fillna(False).astype(bool)])
    return {
        "open_weights_with_sized_knowledge_score": int(len(w)),
        "by_band": bands,
        "open_weights_above_236b": int(len(big)),
        "open_weights_above_236b_with_2plus_knowledge_benchmarks": int((big.n_bench >= 2).sum()),
        "closed_weights_since_2025": int(len(closed)),
        "closed_weights_since_2025_with_2plus_knowledge_benchmarks": int((closed >= 2).sum()),
        "open_weights_size_not_from_own_card_or_config": len(label),
        "open_weights_size_from_name_label": len(name_only),
        "open_weights_size_from_name_label_list": name_only,
        "open_weights_500b_plus": int(len(over500)),
        "open_weights_500b_plus_without_exact_count": len(no_exact_500),
        "open_weights_500b_plus_without_exact_count_list": no_exact_500,
        "size_kinds_of_open_weights_with_knowledge_score": {str(a): int(b) for a, b in
                                                             kinds.value_counts().sort_index().items()},
    }


def markdown(c: dict) -> str:
    b = c["by_band"]
    rows = [
        "| count | value | target |", "|---|---|---|",
        f"| distinct open sets of weights with a sized knowledge score (default population) | "
        f"**{c['open_weights_with_sized_knowledge_score']}** | >= 300 |",
        f"| ... by band: <10B / 10-100B / 100B-1T / >=1T | {b['<10B']} / {b['10-100B']} / "
        f"{b['100B-1T']} / {b['>=1T']} | |",
        f"| open sets of weights above 236B with >= 2 knowledge benchmarks | "
        f"**{c['open_weights_above_236b_with_2plus_knowledge_benchmarks']}** of "
        f"{c['open_weights_above_236b']} | >= 35 |",
        f"| closed sets of weights released since 2025-01-01 with >= 2 knowledge benchmarks | "
        f"**{c['closed_weights_since_2025_with_2plus_knowledge_benchmarks']}** of "
        f"{c['closed_weights_since_2025']} | >= 80 |",
        f"| open sets of weights (with a knowledge score) whose size is only a name label | "
        f"**{c['open_weights_size_from_name_label']}** | <= 5 |",
        f"| ... whose size is not from their own card, config or index (IKP, AA, Hugging Face "
        f"listing, harvest, secondary, name) | {c['open_weights_size_not_from_own_card_or_config']} | |",
        f"| open sets of weights >= 500B without an exact count (config, safetensors index or "
        f"exact-size file) | **{c['open_weights_500b_plus_without_exact_count']}** of "
        f"{c['open_weights_500b_plus']} | 0 |",
    ]
    return "\n".join(rows)


def file_table(d: Path) -> str:
    """Rows per shipped file, with the numbers a reader checks first (README 'Counts')."""
    m = pd.read_csv(d / "models.csv")
    p = pd.read_csv(d / "params.csv")
    s = pd.read_csv(d / "scores.csv")
    ow = m.open_weights.astype(bool)
    kinds = p[p.chosen.astype(bool)].source_kind.value_counts()
    rows = [
        "| file | rows | one row per |", "|---|---|---|",
        f"| `models.csv` | {len(m)} | model id (a setting is an id of its own); {int(ow.sum())} open-weight "
        f"({int((ow & m.total_params_b.notna()).sum())} with a sourced size), {int((~ow).sum())} closed "
        f"({int(m.size_status.isin(['disclosed', 'reported']).sum())} with a disclosed or reported size); "
        f"{m.weights.nunique()} sets of weights |",
        f"| `params.csv` | {len(p)} | sourced parameter count ({int(p.chosen.sum())} chosen, one per sized model) |",
        f"| `scores.csv` | {len(s)} | (model, benchmark, setting, source); {int(s.variant.notna().sum())} "
        "non-default variants |",
    ]
    for f, what in [("benchmarks.csv", "benchmark id"), ("signals.csv", "Artificial Analysis model-and-setting row"),
                    ("ikp_tiers.csv", "(model, IKP tier)"), ("reference_estimates.csv", "closed model with IKP's estimate"),
                    ("lm_eval_tasks.csv", "lm-evaluation-harness task")]:
        rows.append(f"| `{f}` | {len(pd.read_csv(d / f))} | {what} |")
    rows.append("")
    rows.append("Chosen sizes by `source_kind`: " + ", ".join(f"{k} {v}" for k, v in kinds.sort_index().items()) + ".")
    return "\n".join(rows)
