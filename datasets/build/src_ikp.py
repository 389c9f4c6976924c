"""IKP (Incompressible Knowledge Probes, arXiv 2604.24827): models, scores, tiers, estimates.

From github.com/19PINE-AI/ikp at commit 2abc276 (raw data ``ikp/``); its numbers are cited
facts with attribution (the repository has no licence file).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from naming import IKP_CAL, IKP_NO_ALIAS, IKP_RENAME, IKP_REPO, IKP_REPO_WRONG, IKP_TIERS, \
    family_of, is_reasoning
from state import State


def ikp_models(st: State, raw) -> None:
    """Models of IKP's calibration, excluded and closed tables, with IKP's sizes."""
    for df, open_w in [(raw.ikp_open, True), (raw.ikp_excl, True), (raw.ikp_closed, False)]:
        for r in df.itertuples(index=False):
            mid = IKP_RENAME.get(r.model, r.model)
            if r.model not in IKP_NO_ALIAS:
                st.add_alias(mid, r.model)
            rec = st.models.setdefault(mid, {"model": mid})
            rec.setdefault("name", mid if r.model in IKP_NO_ALIAS else r.model)
            rec["developer"] = r.vendor
            if hasattr(r, "family") and isinstance(r.family, str):
                rec["family"] = r.family
            rec["open_weights"] = open_w
            if hasattr(r, "thinking"):
                rec["reasoning"] = bool(r.thinking) or rec.get("reasoning", False)
            if hasattr(r, "release_date") and isinstance(r.release_date, str):
                rec["release_date"] = r.release_date
                rec["release_source"] = IKP_CAL + " (release_date from configs/all_models.json)"
            if hasattr(r, "exclusion_reason"):
                rec["ikp_excluded"] = r.exclusion_reason
            if open_w and pd.notna(getattr(r, "total_params_B", np.nan)):
                act = getattr(r, "active_params_B", np.nan)
                arch = getattr(r, "arch", np.nan)
                st.params_rows.append({
                    "model": mid, "total_params_b": float(r.total_params_B),
                    "active_params_b": float(act) if pd.notna(act) else np.nan,
                    "arch": arch if isinstance(arch, str) else "",
                    "source": IKP_CAL, "source_kind": "ikp",
                    "note": f"IKP calibration table row '{r.model}'"})


def tier_only_models(st: State, raw) -> None:
    """Models with IKP tier results but no row in IKP's published tables (closed, unsized)."""
    listed = {IKP_RENAME.get(m, m) for df in (raw.ikp_open, raw.ikp_excl, raw.ikp_closed) for m in df.model}
    for d in raw.ikp_tiers:
        mid = IKP_RENAME.get(d["model"], d["model"])
        if mid in listed or mid in st.models:
            continue
        st.models[mid] = {"model": mid, "name": d["model"], "developer": d.get("vendor") or "",
                          "family": d.get("family") or family_of(mid), "open_weights": False}


def ikp_scores(st: State, raw) -> None:
    """IKP accuracy rows (published tables, then the tier file's own accuracy)."""
    ikp_tier_n = {d["model"]: d for d in raw.ikp_tiers}
    for df in (raw.ikp_open, raw.ikp_excl, raw.ikp_closed):
        for r in df.itertuples(index=False):
            mid = IKP_RENAME.get(r.model, r.model)
            t = ikp_tier_n.get(r.model)
            note = "IKP accuracy = unweighted mean of the 7 tier accuracies; no penalty for wrong answers"
            if t is not None:
                n = sum(v["total"] for v in t["tier_stats"].values())
                note += f"; tier totals sum to {n} questions (ikp_per_tier_results.json)"
            st.srows.append({"model": mid, "benchmark": "ikp", "score": float(r.ikp_accuracy),
                             "shots": 0, "cot": "",
                             "thinking": bool(getattr(r, "thinking", False)) or is_reasoning(mid, r.model),
                             "effort": "", "variant": "", "precision": "exact",
                             "evaluated_by": "ikp", "source": IKP_CAL,
                             "source_name": r.model, "note": note})
    # Models with tier results but no row in IKP's published tables: the tier file's own
    # accuracy (the same unweighted mean of tier accuracies).
    ikp_listed = {IKP_RENAME.get(m, m) for df in (raw.ikp_open, raw.ikp_excl, raw.ikp_closed)
                  for m in df.model}
    for d in raw.ikp_tiers:
        mid = IKP_RENAME.get(d["model"], d["model"])
        if mid in ikp_listed:
            continue
        n = sum(v["total"] for v in d["tier_stats"].values())
        st.srows.append({"model": mid, "benchmark": "ikp", "score": float(d["accuracy"]), "shots": 0,
                         "cot": "", "thinking": is_reasoning(mid, d["model"]), "effort": "",
                         "variant": "", "precision": "exact", "evaluated_by": "ikp",
                         "source": IKP_TIERS, "source_name": d["model"],
                         "note": "accuracy field of the per-tier results (unweighted mean of the 7 tier "
                                 f"accuracies, {n} questions); the model is not in IKP's published "
                                 "calibration tables"})


def ikp_repo_scores(st: State, raw) -> None:
    """MMLU, MMLU-Pro, GPQA Diamond, SimpleQA and HLE scores the IKP authors collected."""
    for r in raw.ikp_repo.itertuples(index=False):
        mid = IKP_RENAME.get(r.model, r.model)
        for col, bench in [("mmlu", "mmlu"), ("mmlu_pro", "mmlu-pro"),
                           ("gpqa_diamond", "gpqa-diamond"), ("simpleqa", "simpleqa"), ("hle", "hle")]:
            v = getattr(r, col)
            if pd.notna(v) and (mid, bench) in IKP_REPO_WRONG:
                st.skip("ikp/ikp_repo_benchmark_scores.csv", f"{mid} / {bench} {v}",
                        IKP_REPO_WRONG[(mid, bench)])
            elif pd.notna(v):
                st.srows.append({
                    "model": mid, "benchmark": bench, "score": float(v) / 100,
                    "shots": np.nan, "cot": "", "thinking": "", "effort": "",
                    "variant": "", "precision": "exact", "evaluated_by": "",
                    "source": f"{IKP_REPO} (benchmark scores the IKP authors collected; their source "
                              f"note: {r.source_notes})",
                    "source_name": r.model, "note": "percent as printed, /100"})


def tier_table(raw, mt: pd.DataFrame) -> pd.DataFrame:
    """IKP per-tier counts (correct / wrong / refused), for refusal-aware estimates."""
    tier_rows = []
    for d in raw.ikp_tiers:
        mid = IKP_RENAME.get(d["model"], d["model"])
        for tier, t in sorted(d["tier_stats"].items()):
            tier_rows.append({"model": mid, "tier": tier, "n_questions": t["total"],
                              "correct": t["correct"], "wrong": t["wrong"], "refused": t["refusal"],
                              "source": IKP_TIERS, "source_name": d["model"]})
    tiers = pd.DataFrame(tier_rows)
    missing_t = sorted(set(tiers.model) - set(mt.model))
    assert not missing_t, missing_t
    bad = tiers[tiers.correct + tiers.wrong + tiers.refused != tiers.n_questions]
    assert bad.empty, bad
    return tiers


def reference_estimates(raw) -> pd.DataFrame:
    """IKP's own published size estimates of closed models (for comparison only)."""
    c = raw.ikp_closed
    return pd.DataFrame({
        "model": [IKP_RENAME.get(m, m) for m in c.model], "source_name": c.model,
        "estimate_b": c.estimated_params_B, "lower_b": c.pi90_lo_B,
        "upper_b": c.pi90_hi_B, "level": 0.9, "by": "ikp",
        "method": "IKP: linear fit of IKP accuracy on log10 params over IKP's open models, "
                  "inverted; fixed multiplicative 90% interval",
        "source": IKP_CAL})
