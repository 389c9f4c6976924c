"""Assemble the shipped model and score tables from the curation state."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from naming import DEVELOPER_FIX, SHARED_README, THIRD_PARTIES, family_of, is_reasoning
from state import State

SCORE_COLS = ["model", "benchmark", "score", "shots", "cot", "thinking", "effort", "variant",
              "metric", "precision", "evaluator", "evaluated_by", "run_date", "source", "source_name",
              "quote", "note"]


def name_key(n: str) -> str:
    """The library's name key: case- and punctuation-insensitive (paramest.ingest.names)."""
    return re.sub(r"[^a-z0-9.]+", "", str(n).lower().replace("_", "."))


def drop_shared_aliases(st: State) -> None:
    """A name that two models share (a paper's 'OLMo 2 13B' for the base and the instruct
    checkpoint) is an alias of neither: resolve_model() must never pick one silently."""
    owners: dict[str, set] = {}
    for mid in st.models:
        for a in st.aliases.get(mid, set()) | {mid}:
            owners.setdefault(name_key(a), set()).add(mid)
    for mid in st.models:
        st.aliases[mid] = {a for a in st.aliases.get(mid, set())
                           if len(owners[name_key(a)]) == 1 or name_key(a) == name_key(mid)}
        nm = st.models[mid].get("name", mid)
        if len(owners.get(name_key(nm), {mid})) > 1 and name_key(nm) != name_key(mid):
            st.models[mid]["name"] = mid


def _conflict(params: pd.DataFrame, mid: str, p, total) -> str:
    alts = params[(params.model == mid) & ~params.chosen]
    if p is None or not len(alts):
        return ""
    diff = alts[(alts.total_params_b / total - 1).abs() > 0.02]
    return "; ".join(f"{t:g}B ({s})" for t, s in zip(diff.total_params_b, diff.source))


def _date(rec: dict) -> tuple[str, str]:
    """A sourced fix (closed audit) > Artificial Analysis's day-precision date for this model
    and setting > IKP's or the harvest's date."""
    date, date_src = rec.get("release_date", ""), rec.get("release_source", "")
    if rec.get("aa_release_date"):
        date, date_src = rec["aa_release_date"], rec["aa_release_source"]
    if rec.get("fixed_release_date"):
        date, date_src = rec["fixed_release_date"]
    return date, date_src


def _size_status(rec: dict, open_w: bool, total) -> str:
    """open; disclosed (the chosen size is the developer's own publication: closed-model audit,
    a stated size of status disclosed, a developer's table); reported (any other source)."""
    if open_w:
        return "open" if pd.notna(total) else "unknown"
    if pd.isna(total):
        return "unknown"
    return rec.get("chosen_status") or ("disclosed" if rec.get("size_status") == "disclosed" else "reported")


def model_table(st: State, params: pd.DataFrame) -> pd.DataFrame:
    chosen = params[params.chosen].set_index("model")
    rows = []
    for mid, rec in st.models.items():
        p = chosen.loc[mid] if mid in chosen.index else None
        open_w = bool(rec.get("open_weights", False))
        total = p["total_params_b"] if p is not None else np.nan
        active = p["active_params_b"] if p is not None else np.nan
        arch_h = str(rec.get("arch_h") or "").lower()
        arch = (p["arch"] if p is not None and p["arch"] else "") or (
            "" if arch_h in ("undisclosed", "nan", "none") else arch_h)
        if arch == "dense" and pd.isna(active) and pd.notna(total):
            active = total
        date, date_src = _date(rec)
        rows.append({
            "model": mid, "name": rec.get("name", mid), "developer": DEVELOPER_FIX.get(mid, rec.get("developer", "")),
            "family": rec.get("family") or family_of(mid), "weights": st.wid(mid),
            "open_weights": open_w, "size_status": _size_status(rec, open_w, total), "arch": arch,
            "total_params_b": total, "active_params_b": active,
            "release_date": date,
            "reasoning": rec["reasoning_fixed"] if "reasoning_fixed" in rec else
            bool(rec.get("reasoning", False)) or is_reasoning(mid, rec.get("name", "")),
            "aliases": "; ".join(sorted(a for a in st.aliases.get(mid, set()) if a != mid)),
            "params_source": p["source"] if p is not None else "",
            "params_conflict": _conflict(params, mid, p, total),
            "release_source": date_src,
            "weights_source": rec.get("weights_url") or rec.get("open_since_source") or "",
            "exclude_reason": (f"IKP excluded it from its fit: {rec['ikp_excluded']}"
                               if isinstance(rec.get("ikp_excluded"), str) else ""),
        })
    mt = pd.DataFrame(rows)
    from inputs_2026_12 import tokens_column
    mt["training_tokens_b"], mt["training_tokens_source"] = tokens_column(st, mt["model"])
    # Known date errata (documented in the raw data's audit notes).
    for mid, date in {"qwen3-235b-a22b-instruct-2507": "2025-07-22",
                      "deepseek-v3.2-exp": "2025-09-29"}.items():
        if mid in set(mt.model):
            mt.loc[mt.model == mid, ["release_date", "release_source"]] = [date, SHARED_README]
    return mt


def score_table(st: State, mt: pd.DataFrame) -> pd.DataFrame:
    sc = pd.DataFrame(st.srows)
    sc["effort"] = sc["effort"].fillna("")
    for c in ("run_date", "metric", "quote"):
        if c not in sc:
            sc[c] = ""
        sc[c] = sc[c].fillna("")
    dev = mt.set_index("model")["developer"]

    def who(row):
        e = row.evaluated_by
        if e in THIRD_PARTIES:
            return "third-party"
        if e in ("self-reported",):
            return "developer"
        if e in ("", "llm-stats", "unknown"):
            return "unknown"
        return "developer" if dev.get(row.model, "") == e else "competitor"
    if "evaluator" not in sc:
        sc["evaluator"] = ""
    given = sc["evaluator"].fillna("").astype(str)
    sc["evaluator"] = [g if g else who(r) for g, r in zip(given, sc.itertuples(index=False))]
    sc = sc[SCORE_COLS]
    sc = sc.drop_duplicates(subset=["model", "benchmark", "score", "variant", "source"])
    missing = sorted(set(sc.model) - set(mt.model))
    assert not missing, missing
    return sc
