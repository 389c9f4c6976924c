"""The fixes of the data audit of 2026-12-03 (/work/shared/data/audit_2026-12/README.md,
sections 2 and 4), and the integrator's own sourced facts and sizes.

Every value applied here is read from ``build/integrator_facts_2026-12.csv`` or
``build/integrator_sizes_2026-12.csv`` (one row per fact, with its source and quote) or from
the raw sources; the tables below only regroup model ids. Each applied fix is logged for the
README's changelog.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from state import State

HERE = Path(__file__).resolve().parent

# Dated checkpoints are separate weights (README identity rule; audit 2026-12 §2c "merges"),
# base and instruct of one set of weights share a weights id (audit §2c "splits"), and one
# model is not split in two. model id -> weights id.
WEIGHTS_FIX = {
    "qwen3-235b-a22b-instruct-2507": "qwen3-235b-a22b-2507",
    "qwen3-235b-a22b-thinking-2507": "qwen3-235b-a22b-2507",
    "qwen3-30b-a3b-instruct-2507": "qwen3-30b-a3b-2507",
    "qwen3-30b-a3b-thinking-2507": "qwen3-30b-a3b-2507",
    "qwen3-4b-instruct-2507": "qwen3-4b-2507",
    "qwen3-4b-thinking-2507": "qwen3-4b-2507",
    "deepseek-v3-0324": "deepseek-v3-0324",
    "kimi-k2-instruct-0905": "kimi-k2-0905",
    "kimi-k2-thinking": "kimi-k2-thinking",
    "gemini-3.1-pro": "gemini-3.1-pro-preview",
    "codellama-7b-instruct": "codellama-7b",
    "codellama-13b-instruct": "codellama-13b",
    "codellama-34b-instruct": "codellama-34b",
    "mistral-7b-instruct-v0.1": "mistral-7b-v0.1",
    "mistral-7b": "mistral-7b-v0.1",
    "deepseek-v3.2-base": "deepseek-v3.2-base",
}
WEIGHTS_WHY = {
    "-2507": "a dated re-release (July 2025) of other weights than the April model",
    "-0324": "the March 2025 checkpoint, other weights than the December 2024 release",
    "kimi-k2-": "a later checkpoint (0905, Thinking) of other weights than the July 2025 release",
    "gemini-3.1-pro": "IKP's configs/all_models.json runs gemini-3.1-pro as google/gemini-3.1-pro-preview",
    "codellama": "the instruct checkpoint is fine-tuned from the base: one set of weights (README rule)",
    "mistral-7b": "Mistral 7B v0.1 base and instruct (IKP's 'mistral-7b' is mistralai/mistral-7b-instruct-v0.1)",
    "deepseek-v3.2-base": "no published V3.2 base checkpoint was found: a closed checkpoint of its own",
}
# Benchmark ids: llm-stats' 'gpqa' rows whose method names the Diamond subset (audit §1a, §4.9).
DIAMOND = re.compile(r"method=[^;|]*diamond", re.I)


def _why(mid: str) -> str:
    return next((w for k, w in WEIGHTS_WHY.items() if k in mid), "")


def apply_weights(st: State) -> None:
    for mid, w in WEIGHTS_FIX.items():
        if mid not in st.models:
            continue
        old = st.wid(mid)
        st.models[mid]["weights"] = w
        if old != w:
            st.log.append({"fix": "weights", "model": mid, "old": old, "new": w, "evidence": _why(mid)})


def facts() -> pd.DataFrame:
    return pd.read_csv(HERE / "integrator_facts_2026-12.csv", keep_default_na=False, dtype=str)


def apply_facts(st: State) -> None:
    """Dates, open flags and weights links from build/integrator_facts_2026-12.csv."""
    for r in facts().itertuples(index=False):
        rec = st.models.get(r.model)
        assert rec is not None, f"integrator_facts_2026-12.csv names an unknown model {r.model}"
        if r.field == "release_date":
            rec["fixed_release_date"] = (r.value, f"{r.source}: '{r.quote}'")
        elif r.field == "weights_source":
            rec["weights_url"] = r.value
        elif r.field == "open_weights":
            rec["open_weights"] = r.value == "True"
            rec.pop("weights_url", None) if r.value != "True" else None
        elif r.field == "size_status":
            rec["size_status"] = r.value
        elif r.field in ("active_params_b", "arch"):
            rec.setdefault("fix_size", {})[r.field] = (r.value, r.source)
        elif r.field != "note":
            raise ValueError(f"integrator_facts_2026-12.csv: unknown field {r.field!r} ({r.model})")
        st.log.append({"fix": r.field, "model": r.model, "old": "", "new": r.value,
                       "evidence": f"{r.source}" + (f" ({r.note})" if r.note else "")})


def integrator_sizes(st: State) -> None:
    """build/integrator_sizes_2026-12.csv: sizes read from configs and cards (the audit's
    verified exact counts, cited to the config or card it read), and the DeepSeek V4.1 Flash
    decision. ``prio`` -1 marks a documented decision that outranks the kind ranking."""
    df = pd.read_csv(HERE / "integrator_sizes_2026-12.csv")
    for r in df.itertuples(index=False):
        assert r.model in st.models, f"integrator_sizes_2026-12.csv names an unknown model {r.model}"
        st.params_rows.append({
            "model": r.model, "total_params_b": float(r.total_params_b),
            "active_params_b": float(r.active_params_b) if pd.notna(r.active_params_b) else np.nan,
            "arch": r.arch if isinstance(r.arch, str) else "", "source": r.source,
            "source_kind": r.source_kind, "quote": r.quote, "note": r.note, "_prio": int(r.prio)})


def reasoning_flags(st: State) -> None:
    """Model-level reasoning flag: False where every Artificial Analysis row of the id is a
    non-reasoning setting, or where the name says non-thinking (audit §2d)."""
    from naming import is_reasoning, says_non_thinking
    for mid, rec in st.models.items():
        modes = st.aa_modes.get(mid)
        name_says = says_non_thinking(rec.get("name", "")) or any(
            says_non_thinking(a) for a in st.aliases.get(mid, ()))
        if (modes == {False} or (name_says and not modes)) and "-think" not in mid:
            was = bool(rec.get("reasoning", False)) or is_reasoning(mid, rec.get("name", ""))
            rec["reasoning"], rec["reasoning_fixed"] = False, False
            if was:
                st.log.append({"fix": "reasoning", "model": mid, "old": "True", "new": "False",
                               "evidence": "AA marks every row of it Non-reasoning" if modes
                               else "its source name says non-thinking"})


# The MiniMax-M2 README's "Metric (AA)" table copies Artificial Analysis records. For these ids
# its GPQA and HLE values equal AA's reasoning record (build/audit_own_2026-12.md, error 1):
# the rows are the reasoning setting. model id in the table -> the id of that setting.
MINIMAX_AA_REASONING = {"glm-4.6": "glm-4.6-think", "deepseek-v3.2-exp": "deepseek-v3.2-exp-think",
                        "gemini-2.5-pro": "gemini-2.5-pro"}
# OpenCompass's NQ and TriviaQA evaluators count a substring match (not exact match): their
# runs are the benchmarks nq-opencompass / triviaqa-opencompass (benchmarks.csv), never the
# default naturalquestions / triviaqa (build/audit_own_2026-12.md, errors 2 and 3)
OPENCOMPASS_IDS = {"naturalquestions": "nq-opencompass", "triviaqa": "triviaqa-opencompass"}


def _own_audit_fixes(st: State) -> None:
    """Fixes of the release's own 40-row audit (build/audit_own_2026-12.md)."""
    have = {(r["model"], r["benchmark"], round(float(r["score"]), 4)) for r in st.srows
            if r["benchmark"] in OPENCOMPASS_IDS.values()}
    keep = []
    for row in st.srows:
        oc = OPENCOMPASS_IDS.get(row["benchmark"])
        if oc and str(row.get("evaluated_by", "")).lower() == "opencompass":
            dup = (row["model"], oc, round(float(row["score"]), 4)) in have
            st.log.append({"fix": "score row dropped" if dup else "benchmark id",
                           "model": row["model"], "old": row["benchmark"], "new": "" if dup else oc,
                           "evidence": "OpenCompass's evaluator counts a substring match: the run "
                                       f"is {oc}" + ("; the same value ships there" if dup else "")})
            if dup:
                continue
            row["benchmark"] = oc
        new = MINIMAX_AA_REASONING.get(row["model"])
        if new and "MiniMax-AI/MiniMax-M2" in str(row["source"]) and new in st.models:
            st.log.append({"fix": "setting", "model": row["model"], "old": "non-thinking",
                           "new": new, "evidence": "Artificial Analysis marks the model reasoning"
                           if new == row["model"] else "the table's GPQA/HLE equal Artificial "
                           "Analysis's reasoning record of the model (own audit, error 1)"})
            row["model"], row["thinking"] = new, True
        keep.append(row)
    st.srows[:] = keep


def fix_scores(st: State) -> None:
    """Benchmark ids and precision labels of single score rows (audit §1a, §2d, §4.9-10)."""
    _own_audit_fixes(st)
    for row in st.srows:
        if row["benchmark"] == "gpqa" and DIAMOND.search(str(row.get("note", ""))):
            row["benchmark"] = "gpqa-diamond"
            row["note"] += " | benchmark id: the source's method names the Diamond subset (audit 2026-12)"
        if row["benchmark"] == "aa-omniscience" and "officechai.com" in str(row["source"]) \
                and row["precision"] == "exact":
            row["precision"] = "rounded"  # a rounded news quote ("39%"), not a table value
        if row["benchmark"] == "aa-omniscience" and row["precision"] != "exact" \
                and "news article" in str(row.get("note", "")):
            row["precision"] = "rounded"


def patch_active(params: pd.DataFrame, st: State) -> pd.DataFrame:
    """Fill a blank active count (and arch) of a chosen size from the cited sources: the
    integrator's facts, else another sourced row of the same set of weights whose total is
    within 5% (Artificial Analysis's labels, IKP's table, cards)."""
    p = params.copy()
    p["_w"] = p["model"].map(st.wid)
    for i in p.index[p.chosen & p.active_params_b.isna()]:
        mid = p.at[i, "model"]
        fix = st.models.get(mid, {}).get("fix_size", {})
        if "active_params_b" in fix:
            val, src = fix["active_params_b"]
            p.at[i, "active_params_b"] = float(val)
            p.at[i, "arch"] = fix.get("arch", (p.at[i, "arch"], ""))[0] or p.at[i, "arch"]
            p.at[i, "note"] = f"{p.at[i, 'note']}; active count and arch from {src}"
            continue
        tot = p.at[i, "total_params_b"]
        cand = p[(p._w == p.at[i, "_w"]) & p.active_params_b.notna()
                 & ((p.total_params_b / tot - 1).abs() <= 0.05)]
        if len(cand):
            cand = cand.assign(_d=(cand.total_params_b / tot - 1).abs()).sort_values("_d", kind="mergesort")
            c = cand.iloc[0]
            dense = c.arch == "dense" or c.active_params_b >= c.total_params_b
            if dense and p.at[i, "arch"] != "moe":
                # a dense model: active = its own total (not another source's rounding of it)
                p.at[i, "active_params_b"], p.at[i, "arch"] = tot, "dense"
                p.at[i, "note"] = f"{p.at[i, 'note']}; dense per: {c.source}"
                continue
            if dense:
                continue
            p.at[i, "active_params_b"] = c.active_params_b
            if not p.at[i, "arch"]:
                p.at[i, "arch"] = c.arch or "moe"
            p.at[i, "note"] = f"{p.at[i, 'note']}; active count from: {c.source}"
    return p.drop(columns="_w")
