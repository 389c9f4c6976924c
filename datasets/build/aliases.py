"""Names users type (models.csv ``aliases``), after the shared-name rule of assemble.py.

Rules (datasets/README.md, "Names"):

1. A name two models share is an alias of neither (``assemble.drop_shared_aliases``), except:
2. an undated name shared by two or more dated snapshots of one model (``claude-3.5-sonnet``
   for ``-2024-06-20`` and ``-2024-10-22``) is an alias of the latest snapshot: providers'
   undated names point to their latest snapshot;
3. marketing names and versions without a date or a setting (table ``EXPLICIT``);
4. a base checkpoint's hub name (``Qwen/Qwen2.5-72B``) is an alias of the base id, never of the
   instruct id; the instruct ids carry their ``-Instruct`` names;
5. every weights id is reachable by name: where no model id of a weights group equals the
   weights id, the weights id is an alias of the group's default-setting id.

An alias is added only when no other model already answers to it (the library's name key:
case, spaces and punctuation ignored).
"""

from __future__ import annotations

import re

from assemble import _date, name_key
from state import State

DATED = re.compile(r"^(?P<stem>.+)-(?P<date>\d{4}-\d{2}-\d{2}|\d{4}|\d{2}-\d{4})$")
EXPLICIT = [
    ("gpt-4.5", "gpt-4.5-preview", "OpenAI's GPT-4.5 ships here only as its preview snapshot"),
    ("GPT-4.5", "gpt-4.5-preview", "marketing name"),
    ("Qwen3 235B", "qwen3-235b-a22b", "marketing name of the original (April 2025) release"),
    ("Qwen/Qwen2.5-72B", "qwen2.5-72b-base", "hub name of the base checkpoint"),
    ("meta-llama/Llama-3.1-8B", "llama-3.1-8b-base", "hub name of the base checkpoint"),
]
SETTING = re.compile(r"-(think|thinking|reasoning|base|minimal|low|medium|high|xhigh|max)(-|$)")
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


def _latest_snapshots(st: State, own: dict) -> None:
    stems: dict[str, list] = {}
    for mid in st.models:
        m = DATED.match(mid)
        if m and m["stem"] not in st.models:
            stems.setdefault(m["stem"], []).append(mid)
    for stem, mids in sorted(stems.items()):
        if len(mids) < 2:
            continue
        latest = max(mids, key=lambda x: (_date(st.models[x])[0] or "", x))
        for k in [name_key(stem)]:
            # the shared undated name was dropped from every snapshot: it goes to the latest
            own[k] = own.get(k, set()) - set(mids)
        _add(st, own, stem, latest, f"undated name of the snapshots {', '.join(sorted(mids))}: "
                                    "the latest snapshot")


def _default_setting(mids: list[str]) -> str:
    return sorted(mids, key=lambda m: (bool(SETTING.search(m)), m.endswith("-base"), len(m), m))[0]


def _weights_ids(st: State, own: dict) -> None:
    groups: dict[str, list] = {}
    for mid in st.models:
        groups.setdefault(st.wid(mid), []).append(mid)
    for w, mids in sorted(groups.items()):
        if w in st.models or own.get(name_key(w)):
            continue
        _add(st, own, w, _default_setting(mids), f"weights id {w}: its default-setting id")


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
    _latest_snapshots(st, own)
    for alias, mid, why in EXPLICIT:
        _add(st, own, alias, mid, why)
    _base_hub_names(st, own)
    _weights_ids(st, own)
