"""The harvest (raw data ``harvest/``): scores and models transcribed from cards, reports and
compiled tables, each row with its source."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from naming import BENCHMARK_MAP, DEVELOPER_MAP, EVALUATED_BY_FILE, IKP_RENAME, NOTE_EVALUATOR, \
    harvest_ids, is_reasoning, says_non_thinking
from state import State


def harvest_models(st: State, raw) -> None:
    hm, hs = raw.hm, raw.hs
    st.hid = harvest_ids(hm, hs)
    ikp_closed = {IKP_RENAME.get(x, x) for x in raw.ikp_closed.model}
    for r in hm.itertuples(index=False):
        mid = st.hid[r.model]
        st.add_alias(mid, r.model)
        rec = st.models.setdefault(mid, {"model": mid, "name": r.model})
        rec.setdefault("developer", DEVELOPER_MAP.get(r.developer, r.developer.lower()))
        if mid not in ikp_closed or r.open_weights:
            rec["open_weights"] = bool(r.open_weights) or rec.get("open_weights", False)
        rec.setdefault("arch_h", r.arch)
        if isinstance(r.release, str) and "release_date" not in rec:
            rec["release_date"] = r.release
            rec["release_source"] = r.release_source if isinstance(r.release_source, str) else ""
        if pd.notna(r.total_params_b) and isinstance(r.params_source, str):
            ps = r.params_source.lower()
            st.params_rows.append({
                "model": mid, "total_params_b": float(r.total_params_b),
                "active_params_b": float(r.active_params_b) if pd.notna(r.active_params_b) else np.nan,
                "arch": str(r.arch).lower() if isinstance(r.arch, str) else "",
                "source": f"harvest: {r.params_source}",
                "source_kind": "name" if "name" in ps and
                ("parsed" in ps or r.params_source.strip().lower() == "model name") else "harvest",
                "note": f"harvest models.csv row '{r.model}'"})
    for n in set(hs.model) - set(hm.model):
        mid = st.hid[n]
        st.add_alias(mid, n)
        st.models.setdefault(mid, {"model": mid, "name": n})


def _variant(bench: str, setting: str, shots, r) -> str:
    variant = ""
    if bench == "triviaqa":
        if re.search(r"wiki", setting, re.I):
            variant = "wiki"
        elif re.search(r"filtered, dev", setting) and "unfiltered" not in setting:
            variant = "filtered-dev"
        if pd.notna(shots) and shots != 5:
            variant = (variant + "-" if variant else "") + f"{shots}-shot"
    elif bench == "naturalquestions" and pd.notna(shots) and shots != 5:
        variant = f"{shots}-shot"
    elif bench == "simpleqa-verified" and "F1" in setting:
        variant = "f1"
    elif bench == "gpqa-diamond" and "Ministral 3 paper" in str(r.source) and "Table 5" in str(r.source) \
            and r.model.startswith("Qwen3"):
        variant = "pass@16"  # audit: this table reports pass@16 for Qwen3 thinking models
    elif bench == "mmlu" and re.search(r"redux", setting, re.I):
        variant = "redux"
    return variant


def _evaluated_by(r, note: str) -> str:
    ev = EVALUATED_BY_FILE.get(r.source_file, "")
    for pat, who in NOTE_EVALUATOR:
        if re.search(pat, note):
            ev = who
            break
    if r.source_file.startswith("llmstats"):
        ev = "self-reported" if "self_reported=True" in note else "llm-stats"
    return ev


def harvest_thinking(mid: str, name: str, setting: str) -> bool:
    """The setting says so ("Reasoning Mode" tables, "(Thinking)"), or the model only exists
    as a reasoning model (deepseek-r1-0528, gpt-oss, ...). A source column that says the
    opposite ("w/o extended thinking", "(non-thinking)", "non-reasoning") gives False."""
    if says_non_thinking(name) or says_non_thinking(setting):
        return False
    return bool(re.search(r"think|reasoning mode", mid + " " + setting, re.I)) or is_reasoning(mid, name)


def harvest_scores(st: State, raw) -> None:
    for r in raw.hs.itertuples(index=False):
        mid = st.hid[r.model]
        bench = BENCHMARK_MAP[r.benchmark]
        setting = str(r.setting)
        note = str(r.note) if isinstance(r.note, str) else ""
        m = re.search(r"(\d+)[- ]?shot", setting, re.I) or re.search(r"\|\s*(\d+)\s*\|", setting)
        shots = int(m.group(1)) if m else np.nan
        cot = "cot" if re.search(r"cot|chain", setting, re.I) else ""
        thinking = harvest_thinking(mid, r.model, setting)
        # quoted, rounded figures (news articles on AA results) rank below exact values
        precision = "rounded" if bench == "aa-omniscience" and re.search(r"rounded", note) else "exact"
        st.srows.append({"model": mid, "benchmark": bench, "score": float(r.score) / 100,
                         "shots": shots, "cot": cot, "thinking": thinking, "effort": "",
                         "variant": _variant(bench, setting, shots, r), "precision": precision,
                         "evaluated_by": _evaluated_by(r, note),
                         "source": r.source, "source_name": r.model,
                         "note": f"{setting} | {note}" if note else setting})
