"""Two later Artificial Analysis dumps (2026-09-29 and 2026-09-01) and the sizes of the new
open models in them (raw data ``aa/``).

Both dumps are Artificial Analysis numbers as published in
github.com/AZERDSQ131/aa-intelligence-index-reverse (a third party's reconstruction of the AA
Intelligence Index, not affiliated with AA). Rows are kept apart by dump date, one source per
dump. Loader choice (datasets/README.md, conflict rule):

* the 2026-07-31 snapshot stays the default record of every model it has: a dump row of such a
  model ships with ``variant = aa-dump-<date>`` (a later run under another Index version; its
  values differ from the snapshot's by up to +0.017, so the two are not pooled);
* a model new in the dumps takes its 2026-09-29 row (exact k/6,000, ``precision = exact``); the
  2026-09-01 row is read off AA's charts (3 decimals, ``precision = chart``), so it never wins
  over an exact row.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from src_aa import OMNI_NOTE
from state import State

HERE = Path(__file__).resolve().parent
DUMPS = {
    "2026-09-29": ("aa/aa_snapshot_2026-09-29.csv", "51fa4f0", "data/models_v4.3.2.csv", "exact",
                   "AA Intelligence Index page payload, Index v4.3.2 component scores (exact k/6,000)"),
    "2026-09-01": ("aa/aa_snapshot_2026-09-01.csv", "6958e2b", "data/models.csv", "chart",
                   "component scores read from AA's public charts, Index v4.1.1, 3 decimals"),
}
# new_open_model_sizes_2026-09*.csv 'model' (as the dumps name it) -> weights id
NEW_SIZE_WEIGHTS = {
    "Qwen3.8 2.4T": "qwen3.8-2.4t-a95b", "DeepSeek V4.1 Flash": "deepseek-v4.1-flash",
    "Qwen3.8 27B": "qwen3.8-27b", "K2 Horizon 375B A23B": "k2-horizon-375b-a23b",
    "Muse Glimmer": "muse-glimmer", "GLM-5.3": "glm-5.3", "GLM-5.3-Flash": "glm-5.3-flash",
    "MiMo-V2.6-Pro": "mimo-v2.6-pro",
}
DEVELOPER = {"zai": "zhipu", "kimi": "moonshot", "thinking-machines": "thinking-machines",
             "mbzuai": "mbzuai"}


def _dump_source(date: str) -> str:
    _, commit, path, _, what = DUMPS[date]
    return (f"Artificial Analysis, dump {date}, via AZERDSQ131/aa-intelligence-index-reverse@{commit}:"
            f"{path} ({what})")


def _read(raw_dir: Path, date: str) -> pd.DataFrame:
    path = raw_dir / DUMPS[date][0]
    df = pd.read_csv(path)
    more = path.with_name(path.stem + "_more.csv")
    if more.exists():
        df = pd.concat([df, pd.read_csv(more)], ignore_index=True)
    return df[df.omniscience_accuracy.notna()]


def aa_dumps(st: State, raw) -> None:
    """One AA-Omniscience row per dump row, mapped by build/aa_dump_names_2026-09.csv."""
    names = pd.read_csv(HERE / "aa_dump_names_2026-09.csv", keep_default_na=False, dtype=str)
    names = names.set_index(["dump", "aa_name"])
    in_snapshot = set(st.aa_models)  # ids with a 2026-07-31 snapshot row
    signal_done: set[str] = set()
    for date in DUMPS:
        df = _read(raw.dir, date)
        missing = sorted(set(df.name) - {n for d, n in names.index if d == date})
        assert not missing, f"AA dump {date} rows missing from build/aa_dump_names_2026-09.csv: {missing}"
        for r in df.itertuples(index=False):
            mp = names.loc[(date, r.name)]
            mid = mp["model"]
            thinking = {"True": True, "False": False}.get(mp["thinking"], "")
            src = f"{_dump_source(date)}, row '{r.name}'"
            dev = DEVELOPER.get(r.creator_slug, r.creator_slug)
            open_w = mp["open_weights"] == "True"
            st.add_model(mid, r.name if "(" in r.name else mid, open_w=open_w,
                         reasoning=thinking is True, developer=dev)
            rec = st.models[mid]
            rec.setdefault("weights", mp["weights"])
            if not rec.get("developer"):
                rec["developer"] = dev
            if open_w:
                rec["open_weights"] = True
            variant = f"aa-dump-{date}" if mid in in_snapshot else ""
            note = OMNI_NOTE + (f" | {mp['note']}" if mp["note"] else "")
            if variant:
                note += (" | kept apart: the 2026-07-31 snapshot is the default record of this model "
                         "(a later run under another AA Index version)")
            st.srows.append({
                "model": mid, "benchmark": "aa-omniscience", "score": float(r.omniscience_accuracy),
                "shots": 0, "cot": "", "thinking": thinking, "effort": mp["effort"], "variant": variant,
                "precision": DUMPS[date][3], "evaluated_by": "artificial-analysis", "run_date": date,
                "source": src, "source_name": r.name, "note": note})
            if mid not in in_snapshot and mid not in signal_done:
                signal_done.add(mid)
                st.signal_rows.append({
                    "model": mid, "thinking": thinking, "effort": mp["effort"],
                    "omniscience_hallucination_rate": r.omniscience_hallucination_rate,
                    "gpqa": r.gpqa, "hle": r.hle, "price_blended_usd_per_mtoken": np.nan,
                    "price_input_usd_per_mtoken": np.nan, "price_output_usd_per_mtoken": np.nan,
                    "median_output_speed_tps": np.nan, "open_weights_at_aa": str(r.is_open_weights) == "True",
                    "fetched": date, "source": src, "source_name": r.name})


def _kind(text: str) -> str:
    """Raw size_source_kind -> params.csv source_kind (a name label, else secondary)."""
    return "name" if "name label" in str(text) else "secondary"


def new_open_sizes(st: State, raw) -> None:
    """aa/new_open_model_sizes_2026-09*.csv: sizes of the new open models in the dumps, from
    serving-framework, provider and catalogue documentation (the cards could not be read)."""
    path = raw.dir / "aa/new_open_model_sizes_2026-09.csv"
    df = pd.concat([pd.read_csv(p) for p in (path, path.with_name(path.stem + "_more.csv")) if p.exists()],
                   ignore_index=True)
    by_weights: dict[str, list[str]] = {}
    for mid, rec in st.models.items():
        by_weights.setdefault(rec.get("weights") or mid, []).append(mid)
    for r in df.itertuples(index=False):
        w = NEW_SIZE_WEIGHTS[r.model]
        targets = sorted(by_weights.get(w, []))
        assert targets, f"no model of weights {w} for the size row {r.model}"
        if str(r.is_open_weights) != "True":
            for mid in targets:
                st.skip("aa/new_open_model_sizes_2026-09_more.csv", f"{r.model} {r.total_params_b:g}B",
                        "open-weight status not confirmed (row note); a closed model's size from a "
                        "third-party catalogue is not a stated size, so it is not shipped")
            continue
        for mid in targets:
            rec = st.models[mid]
            rec["open_weights"] = True
            if isinstance(r.open_weights_source, str) and not rec.get("weights_url"):
                rec["weights_url"] = r.open_weights_source
            if isinstance(r.release_date, str) and not rec.get("release_date"):
                rec["release_date"], rec["release_source"] = r.release_date, r.release_source
            note = f"secondary ({r.size_source_kind}): '{r.size_quote}'"
            if isinstance(r.note, str):
                note += f" | {r.note}"
            st.params_rows.append({
                "model": mid, "total_params_b": float(r.total_params_b),
                "active_params_b": float(r.active_params_b) if pd.notna(r.active_params_b) else np.nan,
                "arch": str(r.arch).lower() if isinstance(r.arch, str) else "",
                "source": r.size_source, "source_kind": _kind(r.size_source_kind),
                "quote": r.size_quote, "note": note})
