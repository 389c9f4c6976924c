"""Names: model names by the rules of :func:`resolve_model`, benchmark names, parameter counts.

Indexes are built once per table; "did you mean" suggestions only for an error raised.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import namedtuple
from collections.abc import Iterable
from typing import Any

from ..errors import (
    AmbiguousModelError,
    InputError,
    UnknownBenchmarkError,
    UnknownModelError,
)
from .tables import load_benchmarks, load_models, read_shipped, registry_version

__all__ = ["clear_index_cache", "colliding_names", "lookup_benchmark", "lookup_model",
           "lookup_model_note", "name_key", "resolve_benchmark",
           "resolve_model", "resolve_model_note", "suggest"]

_KEY_RE = re.compile(r"[^a-z0-9.]+")


def name_key(name: object) -> str:
    """Case- and punctuation-insensitive key (``'Qwen3 235B-A22B'`` == ``'qwen3-235b-a22b'``).

    Parameters
    ----------
    name : object
        A name (converted with ``str``).

    Returns
    -------
    str
        The name lowercased, ``_`` turned into ``.``, and every character other than
        ``a-z``, ``0-9`` and ``.`` removed.
    """
    return _KEY_RE.sub("", str(name).lower().replace("_", "."))


def _family_version(name: str) -> tuple[str, str | None]:
    """First word and first number of a name: ``'claude-3.5-sonnet'`` -> (claude, 3.5)."""
    parts = re.findall(r"[a-z]+|\d+(?:\.\d+)*", name.lower())
    return (next((p for p in parts if p.isalpha()), ""),
            next((p for p in parts if not p.isalpha()), None))


def suggest(name: object, choices: Iterable[str], n: int = 3, *, same_version: bool = False) -> str:
    """``' Did you mean ...?'`` with the closest choices, or ``''``.

    Parameters
    ----------
    name : object
        The name that did not resolve.
    choices : iterable of str
        Known names to suggest from.
    n : int
        Most suggestions to give (before snapshots are added, with ``same_version``).
    same_version : bool
        Model names: only the same family (first word, typos allowed) and version (first
        number), never another generation's, and every snapshot of the closest.

    Returns
    -------
    str
        A sentence to append to an error message (with a leading space), or ``''`` when
        no choice is close (``difflib`` similarity below 0.6).

    Examples
    --------
    >>> suggest("llama-3.1-70c", ["llama-3.1-70b", "llama-3.2-70b"], same_version=True)
    " Did you mean 'llama-3.1-70b'?"
    """
    pool = sorted({str(c) for c in choices})
    if same_version:
        fam, ver = _family_version(str(name))
        pool = [c for c in pool if _family_version(c)[1] == ver and difflib.SequenceMatcher(
            None, _family_version(c)[0], fam).ratio() >= 0.8]
    close = difflib.get_close_matches(str(name).lower(), pool, n=n, cutoff=0.6)
    if same_version and close:  # every snapshot of the closest model, so none is hidden
        stem = _split_snapshot(_tokens(close[0]))[0]
        close += [c for c in pool if c not in close and _split_snapshot(_tokens(c))[0] == stem]
    return f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""


@functools.cache
def _bench_index(version: int = 0) -> dict[str, str]:
    # ``version`` is registry_version(): registering a benchmark rebuilds the index
    b = load_benchmarks()
    idx: dict[str, str] = {}
    for bid, name, aliases in zip(b["benchmark"], b["name"], b["aliases"]):
        for n in [bid, name, *[a.strip() for a in str(aliases).split(";") if a.strip()]]:
            idx.setdefault(name_key(n), bid)
    return idx


def clear_index_cache() -> None:
    """Forget the name indexes (after :func:`paramest.register_benchmark`)."""
    _bench_index.cache_clear()
    _extra.cache_clear()
    _SHIPPED[0] = _LAST_EXTRA[0] = (None, None)


def lookup_benchmark(name: object) -> str | None:
    """Canonical benchmark id, or None: :func:`resolve_benchmark` without the error.

    Parameters
    ----------
    name : object
        A benchmark id, name or alias (shipped or registered); ``"SimpleQA (%)"`` finds
        ``simpleqa``.

    Returns
    -------
    str or None
        The canonical benchmark id; None when ``name`` is not a string or is not known.
    """
    return _bench_index(registry_version()).get(name_key(name)) if isinstance(name, str) else None


def resolve_benchmark(name: str) -> str:
    """Canonical benchmark id (``"SimpleQA"``, ``"simple_qa"`` -> ``"simpleqa"``).

    Registered benchmarks resolve like shipped ones; case and punctuation are ignored.

    Parameters
    ----------
    name : str
        A benchmark id, display name or alias.

    Returns
    -------
    str
        The canonical benchmark id.

    Raises
    ------
    InputError
        ``name`` is not a string.
    UnknownBenchmarkError
        Listing the known ids and how to declare a new one.
    """
    if not isinstance(name, str):
        raise InputError(f"a benchmark name must be a string, not {type(name).__name__} ({name!r})")
    idx = _bench_index(registry_version())
    if name_key(name) in idx:
        return idx[name_key(name)]
    known = sorted(set(idx.values()))
    raise UnknownBenchmarkError(
        f"unknown benchmark {name!r}.{suggest(name, known, 2)} Known ids: {', '.join(known)}. "
        f"To use a new benchmark, declare it first: paramest.register_benchmark({name!r}, "
        "kind='knowledge', chance=0.0, n_questions=...).")


_TOKEN_RE = re.compile(r"[a-z0-9]+(?:\.[0-9]+)*")
_ACTIVE_RE = re.compile(r"a\d+(?:\.\d+)?b")          # the active count of an MoE id: 'a22b'
_THINK = {"think", "thinking", "reasoning"}
_NOT_BASE = {"instruct", "chat", "it", "thinking"}    # hub-name tokens of a tuned checkpoint
_HUB_URL_RE = re.compile(r"^(?:https?://)?(?:www\.)?huggingface\.co/", re.I)
_REPO_URL_RE = re.compile(r"https://huggingface\.co/([\w.-]+/[\w.-]+)(?:/tree/main)?/?")
_Date = tuple[int, int, int]                           # (year or 0, month, day or 0)
_Extra = namedtuple("_Extra", "names keys")            # user names (extra=), their keys


def _tokens(name: str) -> list[str]:
    # '_' and every other separator split tokens; a dot stays only between digits ('3.5')
    return _TOKEN_RE.findall(name.lower().replace("_", "-"))


def _date(y: int | str, m: int | str, d: int | str = 0) -> _Date | None:
    y, m, d = int(y), int(m), int(d)
    ok = (y == 0 or 2000 <= y <= 2099) and 1 <= m <= 12 and 0 <= d <= 31 and (y or d)
    return (y, m, d) if ok else None


def _tail_date(t: list[str]) -> tuple[_Date | None, int]:
    """A date at the end of ``t`` and how many tokens it spans (``2024-10-22``, ``0613``...)."""
    # (an 8-digit date, 20241022, is split by _api first)
    shape = "".join(str(len(s)) if len(s) in (2, 4) and s.isdigit() else "x" for s in t[1:])
    if shape.endswith("422"):                        # 2024-10-22
        return _date(*t[-3:]), 3
    if shape.endswith(("24", "22", "42")):           # 09-2025, 06-05, 2026-05
        a, b = t[-2:]
        return {"24": _date(b, a), "22": _date(0, a, b), "42": _date(a, b)}[shape[-2:]], 2
    s = t[-1]
    if shape.endswith("4"):                          # 0613 (MMDD), else 2507 (YYMM)
        return _date(0, s[:2], s[2:]) or _date(2000 + int(s[:2]), s[2:]), 1
    return None, 0


def _split_snapshot(tokens: list[str]) -> tuple[list[str], _Date | None, set[str]]:
    """``(stem, date, flags)``: trailing dates, ``preview`` and ``latest`` taken off."""
    t, date, flags = list(tokens), None, set()
    while len(t) > 1:
        if t[-1] in ("preview", "latest"):
            flags.add(t.pop())
            continue
        d, n = _tail_date(t) if date is None else (None, 0)
        if d is None:
            break
        date, t = d, t[:-n]
    return t, date, flags


def _setting_rank(model: str, weights: str) -> tuple:
    """Sort key of a weights group's default setting (the rule of :func:`resolve_model`)."""
    from .shipped import EFFORT_ORDER  # shipped imports this module: import when first needed
    toks = model.split("-")
    think = bool(_THINK & set(toks))
    effort = toks[-1] if toks[-1] in EFFORT_ORDER and model != weights else ""
    return (think or bool(effort), not think, EFFORT_ORDER.get(effort, 3),
            model.endswith("-base"), model)


def _repo_core(repo: str) -> str:
    """A hub repo's name without its org and a trailing ``-hf``, as one key."""
    tok = _tokens(_HUB_URL_RE.sub("", repo).rsplit("/", 1)[-1])
    return "".join(tok[:-1] if tok[-1:] == ["hf"] else tok)


def _keys(s: str) -> set[str]:
    """:func:`name_key`, and the key with ``_`` read as a dash (``Llama_3_8B``)."""
    return {name_key(s), name_key(s.replace("_", "-"))}


def _add(d: dict[str, set[str]], key: str, value: str) -> None:
    if key:
        d.setdefault(key, set()).add(value)


class _Index:
    """Every lookup table of the shipped model names, built once per model table."""

    def __init__(self, m: Any) -> None:
        self.ids = set(m["model"])
        self.group = dict(zip(m["model"], m["weights"].fillna(m["model"]).astype(str)))
        self.members = m.groupby(m["weights"].fillna(m["model"]))["model"].apply(list).to_dict()
        self.default = {w: w if w in ids else min(ids, key=lambda x, w=w: _setting_rank(x, w))
                        for w, ids in self.members.items()}
        # spellings -> ids: exact, name_key, name_key without 'a22b', weights_source repo, weights
        self.exact, self.keys, self.akeys, self.hub, self.wkeys = {}, {}, {}, {}, {}
        # stem -> ids; {id: (date in id, preview)}; {id: its release date, else date in id}
        self.stems, self.astems, self.snap, self.when, hubs = {}, {}, {}, {}, []
        self.base_repo: dict[str, set[str]] = {}  # -base id -> its hub repos the table gives
        for r in m.itertuples(index=False):
            for n in [r.model, r.name, *str(r.aliases).split(";")]:
                if isinstance(n, str) and n.strip():
                    _add(self.exact, n.strip(), r.model)
                    _add(self.keys, name_key(n), r.model)
                    if "/" in n and r.model.endswith("-base"):  # the base's hub repo
                        _add(self.base_repo, r.model, _repo_core(n))
            tok = _tokens(r.model)
            _add(self.akeys, "".join(t for t in tok if not _ACTIVE_RE.fullmatch(t)), r.model)
            if repo := _REPO_URL_RE.fullmatch(str(r.weights_source).strip()):
                hubs.append((repo[1], r.model))
            stem, date, flags = _split_snapshot(tok)
            self.stems.setdefault("".join(stem), []).append(r.model)
            if (astem := "".join(t for t in stem if not _ACTIVE_RE.fullmatch(t))) != "".join(stem):
                self.astems.setdefault(astem, []).append(r.model)
            self.snap[r.model] = (date, "preview" in flags)
            rd, day = r.release_date, r.release_precision == "day"  # NaT: the date in the id
            self.when[r.model] = (rd.year, rd.month, rd.day * day) if rd == rd else date or (0,) * 3
        for repo, mid in hubs:  # a repo is that model only if its name says base or tuned alike
            tuned = bool(_NOT_BASE & set(_tokens(repo.split("/")[1]))) or not any(
                m.endswith("-base") for m in self.members[self.group[mid]])
            if mid.endswith("-base") and not tuned:
                _add(self.base_repo, mid, _repo_core(repo))
            if tuned != mid.endswith("-base"):
                _add(self.hub, name_key(repo), mid)
        # a repo that the table gives as the source of two sets of weights names neither
        self.hub = {k: v for k, v in self.hub.items() if len({self.group[i] for i in v}) == 1}
        for w, mid in self.default.items():
            _add(self.wkeys, name_key(w), mid)

    def pick(self, ids: Iterable[str]) -> str:
        """The default setting among ``ids`` (ids of one group, e.g. sharing a hub repo)."""
        return min(ids, key=lambda x: _setting_rank(x, self.group[x]))

    def latest(self, ids: list[str]) -> str:
        """The latest snapshot: by release date, then by the date in the id."""
        return max(ids, key=lambda x: (self.when[x], self.snap[x][0] or (0, 0, 0), x))


# (model table, its index), (last extra=, its index): tuples replaced whole (thread-safe)
_SHIPPED: list = [(None, None)]
_LAST_EXTRA: list = [(None, None)]


def _index() -> _Index:
    raw, ix = _SHIPPED[0]
    if raw is not (now := read_shipped("models.csv")):  # once per model table
        _SHIPPED[0] = (now, ix := _Index(load_models()))
    return ix


@functools.lru_cache(maxsize=8)
def _extra(names: tuple | frozenset) -> _Extra:
    """User model names (``extra=``) and their keys, once per distinct set of names."""
    keys: dict[str, set[str]] = {}
    for n in names:
        _add(keys, name_key(n), str(n))
    return _Extra({str(n) for n in names}, keys)


def _one(ix: _Index, s: str, found: set[str]) -> str | None:
    """The one model found, None for none; two or more distinct models are never merged."""
    if len(found) > 1:
        listed = ", ".join(f"{c!r} ({'shipped' if c in ix.ids else 'your data'})"
                           for c in sorted(found))
        raise AmbiguousModelError(
            f"model name {s!r} is ambiguous: it matches {listed}, distinct models named alike "
            "(up to case and punctuation). Give one of them exactly as written.")
    return next(iter(found)) if found else None


def _find(ix: _Index, ex: _Extra, s: str) -> tuple[str, str] | None:
    """Exact spellings, then the normalised key (accepted only when one model has it)."""
    keys = _keys(s)

    def look(*tables: dict) -> set[str]:
        return set().union(*(t.get(k, ()) for t in tables for k in keys))
    if s in ex.names or s in ix.ids:
        others = sorted(look(ix.keys, ex.keys) - {s})
        return s, (f"{s!r} matched exactly; {', '.join(map(repr, others))} normalise(s) "
                   "alike and were not used" if others else "")
    mid = _one(ix, s, ix.exact.get(s, set())) or _one(ix, s, look(ix.keys, ex.keys))
    if mid:
        return mid, ""
    if mid := ix.default.get(s) or _one(ix, s, look(ix.wkeys)):
        w = ix.group[mid]
        return mid, ("" if mid == w else f"weights id {w!r} resolved to {mid!r}, its default "
                     f"setting (of {len(ix.members[w])})")
    mid = _one(ix, s, look(ix.akeys))
    return (mid, f"{s!r} resolved to {mid!r} (the active-parameter count filled in)"
            ) if mid else None


def _snapshot(ix: _Index, s: str) -> tuple[str, str] | None:
    """An undated, ``-latest``, ``preview`` or dated name: one snapshot of its stem."""
    stem, date, flags = _split_snapshot(_tokens(s))
    cands = ix.stems.get("".join(stem)) or ix.astems.get("".join(stem)) or []
    cands = [c for c in cands if ix.snap[c][1]] if "preview" in flags else cands
    if not cands:
        return None
    if date is not None:
        def same(d: _Date | None) -> bool:
            return d is not None and all(a == b for a, b in zip(date, d) if a and b)
        match = [c for c in cands if same(ix.snap[c][0]) or
                 (ix.snap[c][0] is None and ix.when[c][2] and same(ix.when[c]))]
        only = cands[0] if len(cands) == 1 and ix.snap[cands[0]][0] is None else None
        if not match and only and date[0] and date[:2] <= ix.when[only][:2]:
            # a provider's dated id (claude-3-opus-20240229) of the one undated model shipped
            return only, (f"{s!r} resolved to {only!r}, the only {'-'.join(stem)} shipped "
                          "(the date in the name is not in the table)")
        if not match:
            raise UnknownModelError(
                f"unknown model {s!r}: no shipped snapshot of {'-'.join(stem)} has that date; "
                f"the shipped ones are {', '.join(sorted(cands))}. Give one of them.")
        cands = match
    best = ix.latest(cands)
    many = f"latest of {len(cands)} snapshots: {', '.join(sorted(cands))}"
    return best, ("" if best == s else
                  f"{s!r} resolved to {best!r} ({many if len(cands) > 1 else 'the only snapshot'})")


def _api(s: str) -> str:
    """A provider's spelling in the table's (``claude-3-5-sonnet-20241022``: 3.5, a date)."""
    s = re.sub(r"(?<![\d.])(\d)-(\d)(?=-|$)", r"\1.\2", s)
    return re.sub(r"(?<!\d)(20\d\d)(\d\d)(\d\d)(?!\d)", r"\1-\2-\3", s)


def _rules(ix: _Index, ex: _Extra, s: str) -> tuple[str, str] | None:
    """Every rule but the hub's, in order."""
    hit, s2 = _find(ix, ex, s), _api(s)
    if hit:
        return hit
    hit = (_find(ix, ex, s2) if s2 != s else None) or _snapshot(ix, s2)
    if hit and s2 != s:  # the note names the spelling the user gave
        hit = hit[0], hit[1].replace(repr(s2), repr(s), 1) or f"{s!r} read as {s2!r}"
    return hit


def _checkpoint(ix: _Index, mid: str, base: bool, s: str, cut: bool) -> tuple[str, str] | None:
    """Base and instruct apart: no instruct suffix, the -base id; a ``cut`` one, a tuned id."""
    group = ix.members[ix.group[mid]]
    bases = {mid + "-base"} if mid + "-base" in ix.ids else {m for m in group if m[-5:] == "-base"}
    if base and not mid.endswith("-base") and bases:
        known = ix.base_repo.get(pick := _one(ix, s, bases), set())
        if known and _repo_core(s) not in known:  # the table gives the base another repo
            return mid, f"{s!r} resolved to {mid!r}: the base {pick!r} is another repo"
        return pick, f"{s!r} resolved to {pick!r}: without -Instruct/-Chat/-it, the base"
    tuned = [m for m in group if not m.endswith("-base")]
    if not base and mid.endswith("-base"):  # never the base for an instruct name
        return (ix.pick(tuned), f"{s!r} resolved to {ix.pick(tuned)!r}") if tuned else None
    # an instruct name found by cutting its suffix: only a model the table marks as tuned
    untuned = not base and cut and not bases and not _NOT_BASE & set(_tokens(mid))
    return None if untuned else (mid, "")


def _hub(ix: _Index, ex: _Extra, s: str) -> tuple[str, str] | None:
    """A hub repo id (``org/name``) or a name with a hub suffix (``-hf``, ``-Instruct``...)."""
    repo = _HUB_URL_RE.sub("", s)
    if name_key(repo) in ix.hub:  # the repo the table names as the weights' source
        return ix.pick(ix.hub[name_key(repo)]), ""
    org, _, part = repo.rpartition("/")
    tok = _tokens(part)
    base = not (_NOT_BASE & set(tok))
    if not tok or not org and tok[-1:] not in (["hf"], ["base"], *([t] for t in _NOT_BASE)):
        return None  # a bare name without a hub suffix: the table's own convention holds
    nohf = tok[:-1] if tok[-1:] == ["hf"] else tok
    core = nohf[:-1] if nohf[-1:] and nohf[-1] in _NOT_BASE | {"base", "pt"} else nohf
    tries = [part, "-".join(nohf), *(["-".join([*core, "base"])] if base else []), "-".join(core)]
    if org and org.lower().split("-")[0] == tok[0] and core[1:2] and (
            core[1].isalpha() and len(core[1]) > 2):  # 'meta-llama/Meta-Llama-3-8B'
        tries += [t.split("-", 1)[1] for t in tries[1:]]
    for t in tries:
        hit = _rules(ix, ex, t) if t else None
        if hit and hit[0] in ix.ids:
            hit = _checkpoint(ix, hit[0], base, s, cut=t != part)
        if hit:
            return hit[0], hit[1] or f"{s!r} resolved to {hit[0]!r}"
    return None


def _resolve(name: str, extra: tuple | frozenset) -> tuple[str | None, str]:
    last, ex = _LAST_EXTRA[0]
    if extra is not last:  # the same tuple again (one data set): no re-hashing
        _LAST_EXTRA[0] = (extra, ex := _extra(extra))
    ix, s = _index(), name.strip()
    hit = (_find(ix, ex, s) or (_hub(ix, ex, s) if "/" in s else None) or _rules(ix, ex, s)
           or ("/" not in s and s and _hub(ix, ex, s)))
    return hit or (None, "")


def lookup_model_note(name: object) -> tuple[str | None, str]:
    """:func:`lookup_model` with the note of :func:`resolve_model_note`, for a reader's report.

    Parameters
    ----------
    name : object
        As for :func:`lookup_model`.

    Returns
    -------
    model, note : str or None, str
        The id or None (not a string, unknown, ambiguous); the choice made, or why not.

    Examples
    --------
    >>> lookup_model_note("claude-3-5-sonnet-latest")[0]
    'claude-3.5-sonnet-2024-10-22'
    """
    if not isinstance(name, str):
        return None, ""
    try:
        return _resolve(name, ())
    except UnknownModelError as err:
        return None, str(err)


def lookup_model(name: object) -> str | None:
    """Canonical id of a shipped model, or None: :func:`resolve_model` without the error.

    Cheap (no suggestions), for readers; an ambiguous name gives None too.

    Parameters
    ----------
    name : object
        Any name :func:`resolve_model` accepts.

    Returns
    -------
    str or None
        The canonical model id; None when ``name`` is not a string or is not known.

    Examples
    --------
    >>> lookup_model("Qwen3 235B"), lookup_model("no-such-model")
    ('qwen3-235b-a22b', None)
    """
    return lookup_model_note(name)[0]


def resolve_model_note(name: str, *, extra: Iterable[str] = ()) -> tuple[str, str]:
    """:func:`resolve_model`, with a sentence saying which choice it made, if any.

    Parameters
    ----------
    name : str
        As for :func:`resolve_model`.
    extra : iterable of str
        As for :func:`resolve_model` (a tuple or frozenset is used without a copy).

    Returns
    -------
    model, note : str
        The id (or the user's name from ``extra``); ``''`` for an exact or normalised match,
        else the choice made, e.g. ``"'claude 3.5 sonnet' resolved to
        'claude-3.5-sonnet-2024-10-22' (latest of 2 snapshots: ...)"``, for an estimate.

    Raises
    ------
    InputError, AmbiguousModelError, UnknownModelError
        As :func:`resolve_model`.

    Examples
    --------
    >>> resolve_model_note("gpt-4.5")
    ('gpt-4.5-preview', "'gpt-4.5' resolved to 'gpt-4.5-preview' (the only snapshot)")
    """
    if not isinstance(name, str):
        raise InputError(f"a model name must be a string, not {type(name).__name__} ({name!r})")
    extra = extra if isinstance(extra, (tuple, frozenset)) else tuple(extra)
    mid, note = _resolve(name, extra)
    if mid is not None:
        return mid, note
    raise UnknownModelError(
        f"unknown model {name!r}.{suggest(name, [*_index().ids, *extra], same_version=True)} "
        "paramest.load_models() lists the shipped models; for a model that is not shipped, "
        "pass its scores as a dict, or pass data= with its rows (paramest.read_scores).")


def resolve_model(name: str, *, extra: Iterable[str] = ()) -> str:
    """Canonical id of a shipped model (or of a user's model) from any of its names.

    The rules, in order; the first that gives one model wins:

    1. an exact id (shipped, or a user's in ``extra``), name, alias, or weights id (the
       group's default setting: the id equal to the weights id, else the non-thinking,
       non-effort id, else the first by the variant rule's order);
    2. the same ignoring case and punctuation (:func:`name_key`) when one model has that
       key, also with an omitted active count (``qwen3 235b``);
    3. a provider's id (``claude-3-5-sonnet-20241022``); an undated name or ``-latest``:
       the latest snapshot, by release date then the id's date;
    4. a Hugging Face repo id (``org/name``): the repo the table lists, else the name
       without ``-hf``, ``-Instruct``, ``-Chat``, ``-it``, ``-Base``; base and instruct stay
       distinct: without an instruct or chat suffix it is the ``-base`` id if one ships.

    Parameters
    ----------
    name : str
        A model name in any of the forms above.
    extra : iterable of str
        Further model names to accept as they are (a user's data: models that ship nowhere).

    Returns
    -------
    str
        The canonical id (or the name from ``extra``); :func:`resolve_model_note` says more.

    Raises
    ------
    InputError
        ``name`` is not a string.
    AmbiguousModelError
        ``name`` normalises like two or more distinct models (all are listed).
    UnknownModelError
        With close names of the same family and version as suggestions.

    Examples
    --------
    >>> resolve_model("claude-3-5-sonnet-20241022")
    'claude-3.5-sonnet-2024-10-22'
    >>> resolve_model("meta-llama/Llama-2-13b-hf"), resolve_model("meta-llama/Llama-2-13b-chat-hf")
    ('llama-2-13b-base', 'llama-2-13b')
    >>> resolve_model("acme-1", extra=["acme-1", "acme1"])
    'acme-1'
    """
    return resolve_model_note(name, extra=extra)[0]


def colliding_names(names: Iterable[object], *, shipped: bool = False) -> dict[str, list[str]]:
    """Distinct names that :func:`name_key` maps to one key: models a reader must not merge.

    Parameters
    ----------
    names : iterable
        Model names (converted with ``str``), e.g. a file's model column.
    shipped : bool
        Also list the shipped ids a name normalises like, unless it is a shipped spelling.

    Returns
    -------
    dict
        ``{key: sorted distinct names}`` per key shared by two or more names (``_`` also
        read as a dash, as resolution does); empty when no names collide.

    Examples
    --------
    >>> colliding_names(["acme-1", "acme1", "acme-2", "acme-1"])
    {'acme1': ['acme-1', 'acme1']}
    """
    groups: dict[str, set[str]] = {}
    for n in map(str, names):
        for k in _keys(n):
            _add(groups, k, n)
    ix = _index() if shipped else None
    out: dict[str, list[str]] = {}
    for k, g in sorted(groups.items()):
        if ix and any(n not in ix.exact for n in g):
            g |= ix.keys.get(k, set())
        if len(g) > 1 and sorted(g) not in out.values():
            out[k] = sorted(g)
    return out
