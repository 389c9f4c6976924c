"""Sourced sizes: the size audits, open models' own cards and configs, the closed-model audit,
name labels, and the choice rule that picks one size per set of weights."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from naming import CLOSED_AUDIT_KEEP_WEIGHTS, IKP_RENAME, NAME_MAP, OPEN_SIZE_EXTRA, SIZE_REJECT, auto_id
from src_aa import aa_names, aa_repo_models
from state import State

HERE = Path(__file__).resolve().parent

# Size-source ranking (README, "Sizes"): lower wins.
# config (a recount from config.json), safetensors (the checkpoint index's total size) and card
# (the model's own card, report or config text) form the top tier; on a tie within it, a
# recount or index total is preferred to a figure printed in a card (often a rounded label).
# secondary: third-party documentation quoting a count (serving frameworks, providers,
# catalogues), ranked with harvest transcriptions.
RANK = {"config": 0, "safetensors": 0, "card": 0.1, "ikp": 1, "hf_count": 2, "aa": 3, "harvest": 4,
        "secondary": 4, "name": 5, "chart": 6}


def size_audit(st: State, raw) -> None:
    """build/size_audit.csv: sourced corrections from model cards (earlier audit)."""
    audit = pd.read_csv(HERE / "size_audit.csv")
    lookup = {**st.hid, **{k: IKP_RENAME.get(k, k) for df in (raw.ikp_open, raw.ikp_excl)
                           for k in df.model}}
    for r in audit.itertuples(index=False):
        mid = lookup.get(r.source_name, NAME_MAP.get(r.source_name, auto_id(r.source_name)))
        mid = IKP_RENAME.get(mid, mid)
        if mid not in st.models or pd.isna(r.total_params_b):
            continue
        st.params_rows.append({
            "model": mid, "total_params_b": float(r.total_params_b),
            "active_params_b": float(r.active_params_b) if pd.notna(r.active_params_b) else np.nan,
            "arch": str(r.arch).lower() if isinstance(r.arch, str) else "",
            "source": r.source, "source_kind": "card",
            "note": r.note if isinstance(r.note, str) else ""})


def open_sizes(st: State, raw) -> None:
    """build/open_sizes_*.csv: open models' sizes from their own cards, configs, reports or
    Hugging Face's checkpoint count, keyed by the repo that Artificial Analysis links."""
    repo_models = aa_repo_models(raw)
    names = aa_names()
    aa_name_to_model = dict(zip(names["aa_name"], names["model"]))
    for path in sorted(HERE.glob("open_sizes_*.csv")):
        for r in pd.read_csv(path).itertuples(index=False):
            note = r.note if isinstance(r.note, str) else ""
            if pd.isna(r.total_params_b):
                continue
            if re.search(r"do not use", note, re.I):
                st.skip(f"build/{path.name}", f"{r.repo} {r.total_params_b:g}B", note)
                continue
            repo = str(r.repo).split("/tree/")[0]
            if note.startswith("WRONG REPO URL"):
                # the size row is for the model AA named, not for the repo AA linked
                targets = {aa_name_to_model[r.model_name]}
            else:
                targets = set(repo_models.get(repo) or ()) | set(OPEN_SIZE_EXTRA.get(repo, ()))
            # the card's own text, report or config > Hugging Face's count of the checkpoint
            # (which includes vision towers and prediction layers)
            kind = "hf_count" if r.kind == "hf_safetensors" else "card"
            for mid in sorted(targets):
                st.params_rows.append({
                    "model": mid, "total_params_b": float(r.total_params_b),
                    "active_params_b": float(r.active_params_b) if pd.notna(r.active_params_b) else np.nan,
                    "arch": str(r.arch).lower() if isinstance(r.arch, str) else "",
                    "source": r.source, "source_kind": kind,
                    "note": f"{r.kind}: {r.quote}" + (f" ({note})" if note else "")})


def closed_audit(st: State) -> None:
    """build/closed_audit.csv: weights released since, sizes published by the developer,
    weights groups of settings, date fixes (each with a source)."""
    for r in pd.read_csv(HERE / "closed_audit.csv").itertuples(index=False):
        mid = r.model
        if mid not in st.models:
            continue
        rec = st.models[mid]
        if r.status == "open_since":
            rec["open_weights"] = True
            rec["open_since_source"] = r.size_source
        elif r.status == "disclosed":
            rec["size_status"] = "disclosed"
        if r.status in ("open_since", "disclosed") and pd.notna(r.total_params_b):
            st.params_rows.append({
                "model": mid, "total_params_b": float(r.total_params_b),
                "active_params_b": float(r.active_params_b) if pd.notna(r.active_params_b) else np.nan,
                "arch": "moe" if pd.notna(r.active_params_b) and r.active_params_b < r.total_params_b else "",
                "source": r.size_source, "source_kind": "card",
                "note": f"{r.status}: {r.size_quote}",
                "_status": "disclosed" if r.status == "disclosed" else ""})
        if isinstance(r.proposed_weights, str) and r.proposed_weights \
                and mid not in CLOSED_AUDIT_KEEP_WEIGHTS:
            rec["weights"] = r.proposed_weights
        if isinstance(r.release_date, str) and r.release_date:
            rec["fixed_release_date"] = (r.release_date, r.date_source)


def name_sizes(st: State) -> None:
    """Open models with no other size: the count in the model's own name (ranked last but one)."""
    sized = {p["model"] for p in st.params_rows}
    for mid, rec in st.models.items():
        if rec.get("open_weights") and mid not in sized:
            mt_ = re.search(r"-(\d+(?:\.\d+)?)b(?:-|$)", mid)
            if mt_:
                st.params_rows.append({"model": mid, "total_params_b": float(mt_.group(1)),
                                       "active_params_b": np.nan, "arch": "",
                                       "source": f"model name '{rec.get('name', mid)}'",
                                       "source_kind": "name", "note": "size parsed from the model's name"})


def choose_sizes(st: State) -> pd.DataFrame:
    """The params table with one chosen size per model.

    Choice rule: an exact count (config recount, safetensors index, the card's or report's own
    count) > IKP's table > Hugging Face's count of the checkpoint > Artificial Analysis's size
    label > harvest transcription > a count parsed from the model's name > a chart reading.
    Ties keep file order (the audit files list the preferred row first). Variants of one set
    of weights (base, instruct, thinking) have one size: a model takes the best-ranked size
    found for any model of its weights group.
    """
    for mid, why in SIZE_REJECT.items():
        for p_ in [p_ for p_ in st.params_rows if p_["model"] == mid]:
            st.skip("params", f"{mid} {p_['total_params_b']:g}B ({p_['source']})", why)
    rows = [p_ for p_ in st.params_rows if p_["model"] not in SIZE_REJECT]
    params = pd.DataFrame(rows).drop_duplicates(subset=["model", "total_params_b", "active_params_b", "source"])
    params["arch"] = params["arch"].replace({"MoE": "moe"}).str.lower()
    params["_rank"] = params["source_kind"].map(RANK)
    if "_prio" not in params:
        params["_prio"] = 0
    params["_prio"] = params["_prio"].fillna(0)
    params = params.sort_values(["model", "_prio", "_rank"], kind="mergesort").reset_index(drop=True)
    params["chosen"] = ~params.duplicated("model")
    params["_w"] = params["model"].map(st.wid)
    best = params.sort_values(["_prio", "_rank"], kind="mergesort").drop_duplicates("_w").set_index("_w")
    add = []
    for mid in st.models:
        w = st.wid(mid)
        if w not in best.index:
            continue
        b = best.loc[w]
        own = params[(params.model == mid) & params.chosen]
        if len(own) == 0 or (own["_prio"].iloc[0], own["_rank"].iloc[0]) > (b["_prio"], b["_rank"]) \
                or own["total_params_b"].iloc[0] != b["total_params_b"]:
            params.loc[params.model == mid, "chosen"] = False
            add.append({**b.drop(["chosen"]).to_dict(), "model": mid, "chosen": True,
                        "note": f"same weights as '{b['model']}': {b['note']}"})
    if add:
        params = pd.concat([params, pd.DataFrame(add)], ignore_index=True)
    if "_status" in params:
        sel = params[params.chosen & params["_status"].fillna("").ne("")]
        for mid, status in zip(sel["model"], sel["_status"]):
            st.models[mid]["chosen_status"] = status
    params = params.drop(columns=["_rank", "_w", "_prio"] + [c for c in ("_status",) if c in params])
    if "quote" not in params:
        params["quote"] = ""
    params["quote"] = params["quote"].fillna("")
    cols = ["model", "total_params_b", "active_params_b", "arch", "source", "source_kind", "quote", "note",
            "chosen"]
    return params[cols].sort_values(["model", "chosen"], kind="mergesort", ascending=[True, False])
