"""Names users type (models.csv ``aliases``), after the shared-name rule of assemble.py.

Rules (datasets/README.md, "Names"):

1. A name two models share is an alias of neither (``assemble.drop_shared_aliases``), except:
2. an undated name shared by dated snapshots (``claude-3.5-sonnet``) and a weights id with no
   model id of its own get no alias: ``paramest.ingest.names`` resolves them at run time (the
   latest snapshot; the default setting) and says which it took;
3. marketing names and versions without a date or a setting (table ``EXPLICIT``);
4. a base checkpoint's hub name (``Qwen/Qwen2.5-72B``) is an alias of the base id, never of the
   instruct id; the instruct ids carry their ``-Instruct`` names.

An alias is added only when no other model already answers to it (the library's name key:
case, spaces and punctuation ignored).
"""

from __future__ import annotations

import re

from assemble import name_key
from state import State

EXPLICIT = [
    ("Qwen3 235B", "qwen3-235b-a22b", "marketing name of the original (April 2025) release"),
    ("Qwen/Qwen2.5-72B", "qwen2.5-72b-base", "hub name of the base checkpoint"),
    ("meta-llama/Llama-3.1-8B", "llama-3.1-8b-base", "hub name of the base checkpoint"),
]
INSTRUCT_URL = re.compile(r"huggingface\.co/([^/]+)/([^/?#]+?)-(Instruct|Chat|it)(-[^/?#]*)?/?$", re.I)


def _owners(st: State) -> dict[str, set]:
    own: dict[str, set] = {}
    for mid, rec in st.models.items():
        for n in st.aliases.get(mid, set()) | {mid, rec.get("name", mid)}:
            own.setdefault(name_key(n), set()).add(mid)
    return own


def _add(st: State, own: dict, alias: str, mid: str, why: str) -> bool:
    k = name_key(alias)
    if mid not in st.models or own.get(k, {mid}) - {mid}:
        st.log.append({"fix": "alias skipped", "model": mid, "old": "", "new": alias,
                       "evidence": f"{why}; another model answers to it" if mid in st.models
                       else f"{why}; no model {mid}"})
        return False
    if mid in own.get(k, set()):
        return False
    st.aliases.setdefault(mid, set()).add(alias)
    own.setdefault(k, set()).add(mid)
    st.log.append({"fix": "alias", "model": mid, "old": "", "new": alias, "evidence": why})
    return True


def _base_hub_names(st: State, own: dict) -> None:
    """Instruct ids take the hub name of the repo their weights link names (``-Instruct``,
    ``-Chat``, ``-it``); a base id keeps its org-prefixed hub name (sourced: the harvest's
    Hugging Face ids, table EXPLICIT), and its instruct sibling loses the bare form of it."""
    for mid, rec in sorted(st.models.items()):
        m = INSTRUCT_URL.search(str(rec.get("weights_url") or ""))
        if m and not mid.endswith("-base"):
            _add(st, own, f"{m[1]}/{m[2]}-{m[3]}{m[4] or ''}", mid, "hub name of the instruct checkpoint "
                                                                  "(its weights link)")
    for base in sorted(st.models):
        inst = base[: -len("-base")] if base.endswith("-base") else None
        if not inst or inst not in st.models or st.wid(inst) != st.wid(base):
            continue
        for hub in sorted(a for a in st.aliases.get(base, set()) if "/" in a):
            bare = hub.rsplit("/", 1)[1]
            for a in sorted(st.aliases.get(inst, set())):
                if name_key(a) == name_key(bare):
                    st.aliases[inst].discard(a)
                    st.log.append({"fix": "alias removed", "model": inst, "old": a, "new": "",
                                   "evidence": f"'{a}' is the base checkpoint's hub name ({hub}, {base})"})


def add_aliases(st: State) -> None:
    own = _owners(st)
    for alias, mid, why in EXPLICIT:
        _add(st, own, alias, mid, why)
    _base_hub_names(st, own)
    # Weights ids and undated snapshot names get no alias here: paramest.ingest.names resolves
    # them at run time by one rule and says which setting or snapshot it took. An alias here
    # would hide that note and could pick another id.
