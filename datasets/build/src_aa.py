"""Artificial Analysis (artificialanalysis.ai): AA-Omniscience accuracy and other signals.

Artificial Analysis asks to be credited wherever its numbers are used: every row names it
(``evaluated_by = artificial-analysis``, and the source).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from naming import AA_2507, AA_DEVELOPER, AA_FETCHED, AA_SNAPSHOT, AA_URL_WRONG, AMBIGUOUS, NAME_MAP, auto_id
from state import State

HERE = __import__("pathlib").Path(__file__).resolve().parent
OMNI_NOTE = ("omniscience_accuracy: share of 6,000 questions answered correctly "
             "(abstentions count as not correct); not AA's Omniscience index")


def aa_names() -> pd.DataFrame:
    """build/aa_names.csv (+ aa_names_2026-12.csv for the ``*_more.csv`` rows): AA slug ->
    model id of its setting, weights id, thinking, effort."""
    parts = [pd.read_csv(HERE / f, keep_default_na=False) for f in ("aa_names.csv", "aa_names_2026-12.csv")
             if (HERE / f).exists()]
    names = pd.concat(parts, ignore_index=True)
    dup = names[names.slug.duplicated()].slug.tolist()
    assert not dup, f"AA slugs mapped twice: {dup}"
    return names.set_index("slug")


def aa_snapshot(st: State, raw) -> None:
    """The 2026-07-31 snapshot: one AA row is one model in one reasoning setting."""
    names = aa_names()
    aa_rows = raw.aa_snap[raw.aa_snap.omniscience_accuracy.notna()]
    unmapped = sorted(set(aa_rows.slug) - set(names.index))
    assert not unmapped, f"AA rows missing from build/aa_names.csv: {unmapped}"
    aa_size_date_only(st, raw, names)
    for r in aa_rows.itertuples(index=False):
        mp = names.loc[r.slug]
        mid = mp["model"]
        thinking = str(mp["thinking"]) == "True"
        src = f"{AA_SNAPSHOT}, row '{r.name}' (slug {r.slug})"
        dev = AA_DEVELOPER.get(r.creator_slug, r.creator_slug)
        # "Kimi K2.6" is AA's name of the reasoning setting: it is no alias of that setting's id
        label = r.name if "(" in r.name or not mid.endswith("-think") else mid
        st.add_model(mid, label, open_w=bool(r.is_open_weights), reasoning=thinking, developer=dev)
        rec = st.models[mid]
        rec.setdefault("developer", dev)
        if not rec.get("developer"):
            rec["developer"] = dev
        rec["weights"] = mp["weights"]
        st.aa_models.add(mid)
        st.aa_modes.setdefault(mid, set()).add(thinking)
        if bool(r.is_open_weights) and isinstance(r.model_weights_source_url, str):
            # AA links the released weights: open, whatever an older list said
            rec["open_weights"] = True
            if mid not in AA_URL_WRONG:  # AA links another model's repo (audit 2026-12 §2c)
                rec["weights_url"] = r.model_weights_source_url
        if isinstance(r.release_date, str):
            rec["aa_release_date"] = r.release_date
            rec["aa_release_source"] = src + " release_date"
        st.srows.append({"model": mid, "benchmark": "aa-omniscience", "score": float(r.omniscience_accuracy),
                         "shots": 0, "cot": "", "thinking": thinking, "effort": mp["effort"],
                         "variant": "", "precision": "exact", "evaluated_by": "artificial-analysis",
                         "source": src, "source_name": r.name, "note": OMNI_NOTE})
        _size_label(st, mid, r, src, "")
        st.signal_rows.append({
            "model": mid, "thinking": thinking, "effort": mp["effort"],
            "omniscience_hallucination_rate": r.omniscience_hallucination_rate,
            "gpqa": r.gpqa, "hle": r.hle,
            "price_blended_usd_per_mtoken": r.price_blended_7_2_1_usd_per_mtoken,
            "price_input_usd_per_mtoken": r.price_input_usd_per_mtoken,
            "price_output_usd_per_mtoken": r.price_output_usd_per_mtoken,
            "median_output_speed_tps": r.median_output_speed_tps,
            "open_weights_at_aa": bool(r.is_open_weights), "fetched": AA_FETCHED,
            "source": src, "source_name": r.name})


def _size_label(st: State, mid: str, r, src: str, note_tail: str) -> None:
    """AA's own size label of a row, as a secondary params row (when AA gives one)."""
    if pd.isna(r.parameters_b):
        return
    active = pd.notna(r.active_parameters_b)
    st.params_rows.append({
        "model": mid, "total_params_b": float(r.parameters_b),
        "active_params_b": float(r.active_parameters_b) if active else np.nan,
        "arch": "moe" if active and r.active_parameters_b < r.parameters_b else "",
        "source": src + " parameters_b / active_parameters_b (AA's own label)",
        "source_kind": "aa", "note": "Artificial Analysis size label: secondary source" + note_tail})


def aa_size_date_only(st: State, raw, names: pd.DataFrame) -> None:
    """AA rows without an Omniscience accuracy, mapped in build/aa_names*.csv to a model that
    other sources already name: their release date, weights link and size label only."""
    rows = raw.aa_snap[raw.aa_snap.omniscience_accuracy.isna() & raw.aa_snap.slug.isin(names.index)]
    for r in rows.itertuples(index=False):
        mid = names.loc[r.slug, "model"]
        if mid not in st.models:
            continue
        rec = st.models[mid]
        src = f"{AA_SNAPSHOT}, row '{r.name}' (slug {r.slug})"
        if isinstance(r.release_date, str):
            rec["aa_release_date"] = r.release_date
            rec["aa_release_source"] = src + " release_date"
        if bool(r.is_open_weights) and isinstance(r.model_weights_source_url, str) \
                and not rec.get("weights_url"):
            rec["open_weights"] = True
            rec["weights_url"] = r.model_weights_source_url
        _size_label(st, mid, r, src, " (the row has no Omniscience accuracy)")


def aa_scatter_chart(st: State, raw) -> None:
    """AA-Omniscience accuracy vs total parameters chart readings (+/-0.01): secondary rows."""
    aa_open = raw.aa_open
    aa_src = aa_open.SOURCE.iloc[0]
    for r in aa_open.itertuples(index=False):
        name = r.model_label_on_chart
        reasoning = r.reasoning_marker_on_chart == "yes"
        if name in AMBIGUOUS:
            st.skip("aa/aa_omniscience_open_models_accuracy_vs_total_params_AAchart.csv", name,
                    "chart label does not identify one model")
            continue
        mid = AA_2507.get((name, reasoning)) or NAME_MAP.get(name, auto_id(name))
        if not reasoning and mid.endswith("-think"):
            mid = mid[: -len("-think")]
        label = name if (name, not reasoning) not in AA_2507 else mid
        if reasoning and not mid.endswith("-think") and mid + "-think" in st.aa_models:
            # the reasoning dot of a hybrid model belongs to its '-think' setting (audit 2026-12
            # §2d); the label names the model, not the setting: no alias of either id
            mid = label = mid + "-think"
        # a label shared by two variants is no alias of either
        st.add_model(mid, label, open_w=True, reasoning=reasoning)
        src = r.SOURCE if isinstance(r.SOURCE, str) and r.SOURCE != "same" else aa_src
        st.srows.append({"model": mid, "benchmark": "aa-omniscience",
                         "score": float(r.aa_omniscience_accuracy_read_from_chart_y),
                         "shots": 0, "cot": "", "thinking": reasoning, "effort": "", "variant": "",
                         "precision": "chart", "evaluated_by": "artificial-analysis", "source": src,
                         "source_name": name,
                         "note": f"read from AA chart (+/-0.01; label confidence {r.label_assignment_confidence})"})
        method = str(r.read_method)
        if method.startswith("same"):  # "same" = the first row's method
            method = aa_open.read_method.iloc[0] + method[len("same"):]
        st.params_rows.append({"model": mid, "total_params_b": float(r.total_params_B_read_from_chart_x),
                               "active_params_b": np.nan, "arch": "",
                               "source": src + " (x position, log2 axis)",
                               "source_kind": "chart", "note": f"read from chart: {method}"})


def aa_bar_chart(st: State, raw) -> None:
    """The Jan-2026 AA-Omniscience accuracy bar chart (% labels): secondary rows."""
    aa_bar = raw.aa_bar
    bar_src = aa_bar.SOURCE.iloc[0]
    for r in aa_bar.itertuples(index=False):
        name = r.model_label_as_read
        if name in AMBIGUOUS or any(name == k[0] for k in AA_2507):
            st.skip("aa/aa_omniscience_accuracy_bar_chart_jan2026.csv", name,
                    "chart label does not identify one model (no reasoning marker "
                    "to tell the instruct and thinking releases apart)")
            continue
        mid = NAME_MAP.get(name, auto_id(name))
        thinking = ""
        # The Jan-2026 bar chart shows the reasoning variant of hybrid models (raw-data
        # README): where the snapshot knows a '-think' setting of the model, the bar is it.
        label = name
        if mid + "-think" in st.aa_models:
            # the label names the model, not the setting: no alias of either id
            mid, thinking, label = mid + "-think", True, mid + "-think"
        st.add_model(mid, label, open_w=r.open_weights == "yes", developer=str(r.vendor_icon).lower())
        st.srows.append({"model": mid, "benchmark": "aa-omniscience",
                         "score": float(r.aa_omniscience_accuracy_pct_label) / 100,
                         "shots": 0, "cot": "", "thinking": thinking, "effort": "", "variant": "",
                         "precision": "chart", "evaluated_by": "artificial-analysis",
                         "source": r.SOURCE if r.SOURCE != "same" else bar_src, "source_name": name,
                         "note": f"% label on AA bar chart (Jan 2026); label confidence "
                                 f"{r.label_assignment_confidence}"})


def aa_repo_models(raw) -> dict[str, set]:
    """Hugging Face repo that AA links -> model ids (for the open-size files)."""
    names = aa_names()
    aa_rows = raw.aa_snap[raw.aa_snap.omniscience_accuracy.notna()]
    repo_models: dict[str, set] = {}
    for r in aa_rows.itertuples(index=False):
        if isinstance(r.model_weights_source_url, str):
            repo = r.model_weights_source_url.replace("https://huggingface.co/", "").split("/tree/")[0]
            if names.loc[r.slug, "model"] not in AA_URL_WRONG:
                repo_models.setdefault(repo, set()).add(names.loc[r.slug, "model"])
    return repo_models
