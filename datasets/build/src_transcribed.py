"""Score tables transcribed into ``build/`` (transcribed_scores.csv, transcribed_scores_2.csv
with its mapping transcribed_map_2.csv), each row with its source and quote."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from naming import TRANSCRIBED_BENCH, TRANSCRIBED_DEVELOPER, TRANSCRIBED_EVALUATOR, TRANSCRIBED_NAMES, \
    TRANSCRIBED_SKIP, TRANSCRIBED_WEIGHTS
from state import State

HERE = Path(__file__).resolve().parent


def transcribed_1(st: State) -> None:
    """Chinese SimpleQA paper, DeepSeek-V4 card, Seed-OSS README."""
    tr = pd.read_csv(HERE / "transcribed_scores.csv")
    for r in tr.itertuples(index=False):
        if r.source_name in TRANSCRIBED_SKIP:
            st.skip("build/transcribed_scores.csv", f"{r.source_name} / {r.benchmark}",
                    TRANSCRIBED_SKIP[r.source_name])
            continue
        mid = TRANSCRIBED_NAMES[r.source_name]
        open_w = r.open_weights is True or str(r.open_weights) == "True"
        if mid not in st.models:
            st.add_model(mid, r.source_name, open_w=open_w, developer="")
        st.add_alias(mid, r.source_name.rstrip("*"))
        if mid in TRANSCRIBED_WEIGHTS:
            st.models[mid]["weights"] = TRANSCRIBED_WEIGHTS[mid]
        bench = TRANSCRIBED_BENCH[r.benchmark]
        setting = str(r.setting)
        variant = ""
        if "F-score" in setting:
            variant = "f-score"  # Chinese SimpleQA's F-score; the default is CO (share correct)
        elif bench == "simpleqa-verified" and "25-shot" in setting:
            variant = "base-25-shot-em"  # base models, 25-shot exact match: another protocol
        m = re.search(r"(\d+)-shot", setting)
        ev = next((who for pat, who in TRANSCRIBED_EVALUATOR if re.search(pat, str(r.evaluated_by))), "")
        thinking = "" if pd.isna(r.thinking) else bool(r.thinking)
        eff = re.search(r"\(mode: (?:Think )?(High|Max|xHigh)\)", setting)
        st.srows.append({
            "model": mid, "benchmark": bench,
            "score": float(r.score) / (100 if r.scale == "percent" else 1),
            "shots": int(m.group(1)) if m else np.nan, "cot": "", "thinking": thinking,
            "effort": eff.group(1).lower() if eff else "", "variant": variant,
            "precision": "exact", "evaluated_by": ev, "source": r.source,
            "source_name": r.source_name,
            "note": f"{setting} | {r.note}" if isinstance(r.note, str) else setting})
        if open_w and pd.notna(r.total_params_b):
            st.params_rows.append({
                "model": mid, "total_params_b": float(r.total_params_b),
                "active_params_b": float(r.active_params_b) if pd.notna(r.active_params_b) else np.nan,
                "arch": "moe" if pd.notna(r.active_params_b) else "", "source": r.source,
                "source_kind": "card", "note": f"size printed in the same table: {r.quote}"})
    # Developers of the new models named in the first transcription.
    for mid, dev in TRANSCRIBED_DEVELOPER.items():
        if mid in st.models and not st.models[mid].get("developer"):
            st.models[mid]["developer"] = dev


def transcribed_2(st: State) -> None:
    """World-knowledge tables of papers and READMEs; build/transcribed_map_2.csv maps each row
    (same order) to a model id, weights group, benchmark id and setting, or says why it is
    skipped; new open models carry their weights link and a sourced size."""
    t2 = pd.read_csv(HERE / "transcribed_scores_2.csv")
    m2 = pd.read_csv(HERE / "transcribed_map_2.csv", keep_default_na=False, na_values=[""])
    assert len(t2) == len(m2) and (m2["row"].to_numpy() == np.arange(len(t2))).all()
    for r, mp in zip(t2.itertuples(index=False), m2.itertuples(index=False)):
        if isinstance(mp.skip_reason, str) and mp.skip_reason.strip():
            st.skip("build/transcribed_scores_2.csv", f"{r.source_name} / {r.benchmark} {r.score}",
                    mp.skip_reason)
            continue
        mid = mp.model
        if mid not in st.models:
            open_w = str(mp.open_weights) == "True"
            st.add_model(mid, r.source_name, open_w=open_w, developer=mp.developer)
            if open_w and isinstance(mp.open_source, str):
                st.models[mid]["weights_url"] = mp.open_source
        if not st.models[mid].get("developer"):
            st.models[mid]["developer"] = mp.developer
        if isinstance(mp.weights, str) and mp.weights and "weights" not in st.models[mid]:
            st.models[mid]["weights"] = mp.weights
        ev = str(r.evaluated_by).split(" ")[0].strip().lower()
        thinking = "" if pd.isna(r.thinking) else str(r.thinking) == "True"
        st.srows.append({
            "model": mid, "benchmark": mp.benchmark_id,
            "score": float(r.score) / (100 if r.scale == "percent" else 1),
            "shots": mp.shots if pd.notna(mp.shots) else np.nan, "cot": "",
            "thinking": thinking, "effort": "",
            "variant": mp.variant if isinstance(mp.variant, str) else "",
            "precision": "exact", "evaluated_by": ev, "source": r.source,
            "source_name": r.source_name,
            "note": f"{r.setting}" + (f" | {r.note}" if isinstance(r.note, str) else "")
                    + (f" | mapping: {mp.note}" if isinstance(mp.note, str) else "")})
        if pd.notna(mp.total_params_b) and isinstance(mp.size_source, str):
            st.params_rows.append({
                "model": mid, "total_params_b": float(mp.total_params_b),
                "active_params_b": float(mp.active_params_b) if pd.notna(mp.active_params_b) else np.nan,
                "arch": "moe" if pd.notna(mp.active_params_b) and mp.active_params_b < mp.total_params_b else "",
                "source": mp.size_source, "source_kind": "card",
                "note": "size of a model added from a transcribed table"})
