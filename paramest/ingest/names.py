"""Names: model and benchmark resolution, and parameter-count parsing.

Matching ignores case and punctuation (``"Qwen3 235B-A22B"`` is ``"qwen3-235b-a22b"``).
Each distinct name is resolved once; "did you mean" suggestions are built only for the
error that is raised, never for names that resolve.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
from collections.abc import Iterable
from typing import Any

import numpy as np

from ..errors import InputError, ParamsParseError, UnknownBenchmarkError, UnknownModelError
from .tables import load_benchmarks, load_models, registry_version

__all__ = ["clear_index_cache", "lookup_benchmark", "lookup_model", "name_key", "parse_params",
           "resolve_benchmark", "resolve_model", "suggest"]

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


def suggest(name: object, choices: Iterable[str], n: int = 3) -> str:
    """``' Did you mean ...?'`` with the closest choices, or ``''``.

    Parameters
    ----------
    name : object
        The name that did not resolve.
    choices : iterable of str
        Known names to suggest from.
    n : int
        Most suggestions to give.

    Returns
    -------
    str
        A sentence to append to an error message (with a leading space), or ``''`` when
        no choice is close (``difflib`` similarity below 0.6).
    """
    close = difflib.get_close_matches(str(name).lower(), sorted(set(choices)), n=n, cutoff=0.6)
    return f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""


@functools.cache
def _model_index() -> dict[str, str]:
    m = load_models()
    idx: dict[str, str] = {}
    for model, name, aliases in zip(m["model"], m["name"], m["aliases"]):
        for n in [model, name, *[a.strip() for a in aliases.split(";") if a.strip()]]:
            idx.setdefault(name_key(n), model)
    return idx


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
    _model_index.cache_clear()


def lookup_model(name: object) -> str | None:
    """Canonical id of a shipped model, or None: :func:`resolve_model` without the error.

    Cheap (one dict look-up, no suggestions), for readers that resolve many names.

    Parameters
    ----------
    name : object
        A model id, display name or alias, or a Hugging Face repo id (``org/name``).

    Returns
    -------
    str or None
        The canonical model id; None when ``name`` is not a string or is not known.
    """
    if not isinstance(name, str):
        return None
    idx = _model_index()
    hit = idx.get(name_key(name))
    if hit is None and "/" in name:  # a Hugging Face repo id ('org/name')
        hit = idx.get(name_key(name.rsplit("/", 1)[1]))
    return hit


def lookup_benchmark(name: object) -> str | None:
    """Canonical benchmark id, or None: :func:`resolve_benchmark` without the error.

    Punctuation is ignored, so a header such as ``"SimpleQA (%)"`` finds ``simpleqa``.

    Parameters
    ----------
    name : object
        A benchmark id, name or alias (shipped or registered).

    Returns
    -------
    str or None
        The canonical benchmark id; None when ``name`` is not a string or is not known.
    """
    if not isinstance(name, str):
        return None
    return _bench_index(registry_version()).get(name_key(name))


def resolve_model(name: str, *, extra: Iterable[str] = ()) -> str:
    """Canonical id of a shipped model from any of its names.

    Parameters
    ----------
    name : str
        A model id, display name or alias; a Hugging Face repo id (``org/name``) also works.
    extra : iterable of str
        Further model ids to accept as they are (a user's data: models that ship nowhere).

    Returns
    -------
    str
        The canonical model id.

    Raises
    ------
    InputError
        ``name`` is not a string.
    UnknownModelError
        With the closest known names as suggestions.
    """
    if not isinstance(name, str):
        raise InputError(f"a model name must be a string, not {type(name).__name__} ({name!r})")
    idx = _model_index()
    k = name_key(name)
    if k in idx:
        return idx[k]
    extra_idx = {name_key(e): e for e in extra}
    if k in extra_idx:
        return extra_idx[k]
    if "/" in name:  # a Hugging Face repo id ('org/name', as lm-eval's pretrained=)
        k2 = name_key(name.rsplit("/", 1)[1])
        if k2 in idx:
            return idx[k2]
        if k2 in extra_idx:
            return extra_idx[k2]
    raise UnknownModelError(
        f"unknown model {name!r}.{suggest(name, [*idx.values(), *extra_idx.values()])} "
        "paramest.load_models() lists the shipped models; for a model that is not shipped, "
        "pass its scores as a dict, or pass data= with its rows (paramest.read_scores).")


def resolve_benchmark(name: str) -> str:
    """Canonical benchmark id (``"SimpleQA"``, ``"simple_qa"`` -> ``"simpleqa"``).

    Registered benchmarks (:func:`paramest.register_benchmark`) resolve like shipped ones.
    Case and punctuation are ignored, and aliases from the benchmark table are accepted.

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
    k = name_key(name)
    if k in idx:
        return idx[k]
    known = sorted(set(idx.values()))
    raise UnknownBenchmarkError(
        f"unknown benchmark {name!r}.{suggest(name, known, 2)} Known ids: {', '.join(known)}. "
        f"To use a new benchmark, declare it first: paramest.register_benchmark({name!r}, "
        "kind='knowledge', chance=0.0, n_questions=...).")


# --------------------------------------------------------------------------------------
# Parameter counts
# --------------------------------------------------------------------------------------

_PARAM_RE = re.compile(
    r"^\s*(?P<tot>\d+(?:\.\d+)?)\s*(?P<u1>[kmbt])?\s*(?:[-_ /]?\s*a\s*(?P<act>\d+(?:\.\d+)?)\s*(?P<u2>[kmbt])?)?\s*$",
    re.I)
_UNIT = {"k": 1e-6, "m": 1e-3, "b": 1.0, "t": 1e3, None: 1.0}
_BARE_NUM_RE = re.compile(r"^(?:\d{1,3}(?:[,_]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?e[+-]?\d+)$", re.I)
# A bare number above this many billions is almost surely a raw count (70000000000).
MAX_PLAUSIBLE_B = 1e5


def _bounded(v: float, shown: str) -> float:
    """A bare number of billions, refused when not positive or too large to be billions."""
    if not math.isfinite(v) or v <= 0:
        raise ParamsParseError(f"parameter count {shown} must be a positive number of billions")
    if v > MAX_PLAUSIBLE_B:
        raise ParamsParseError(
            f"parameter count {shown} is {v:.3g} billion, beyond any model; is it a raw count "
            f"of parameters? Give billions (e.g. {v / 1e9:g} for {v:.0f} parameters) or a "
            "string with a unit like '70B'.")
    return v


def parse_params(value: Any) -> tuple[float, float | None]:
    """Parse a parameter count into ``(total_b, active_b)``, in billions.

    Accepts numbers (already in billions) and strings such as ``"671B"``, ``"1.6T"``,
    ``"7b"``, ``"350M"``, ``"235B-A22B"`` (total 235, active 22).

    Parameters
    ----------
    value : float or str
        A number of billions, or a string: a count with a unit (``K``, ``M``, ``B``,
        ``T``; none means billions) and an optional active count (``-A22B``), or a bare
        number such as ``"7e10"``, read as billions.

    Returns
    -------
    total_b : float
        Total parameters, billions.
    active_b : float or None
        Active parameters, billions, when the string gives them (``-A...``); else None.

    Raises
    ------
    ParamsParseError
        For ``"8x7B"`` (the total of a mixture-of-experts is not 8 x 7), unparseable text,
        zero or negative counts, active > total, and bare numbers too large to be billions
        (a raw count such as ``70000000000``).
    """
    if isinstance(value, (bool, np.bool_)):
        raise ParamsParseError(f"parameter count {value!r} is a boolean, not a number of billions")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return _bounded(float(value), repr(value)), None
    s = str(value).strip()
    if re.match(r"^\d+\s*x\s*\d", s, re.I):
        raise ParamsParseError(
            f"parameter count {s!r} is ambiguous: an 'NxM' mixture of experts shares "
            "attention and embedding weights, so its total is not N*M (Mixtral 8x7B has "
            "46.7B in total). Give the total, e.g. '46.7B', or '46.7B-A12.9B' with the active count.")
    if s.startswith("-"):
        raise ParamsParseError(f"parameter count {s!r} is negative; give a positive count like '7B'")
    m = _PARAM_RE.match(s)
    if not m and re.match(r"^\d{1,3},\d{3}$", s):
        raise ParamsParseError(
            f"parameter count {s!r} is ambiguous: a thousands separator ({s.replace(',', '')} "
            f"billion) or a decimal comma ({s.replace(',', '.')} billion)? Write it with a unit "
            "and a decimal point, e.g. '7B' or '1.6T'.")
    if not m and _BARE_NUM_RE.match(s):
        # '70,000,000,000', '70_000_000_000', '7e10': a bare number, bounded like one
        return _bounded(float(s.replace(",", "").replace("_", "")), repr(s)), None
    if not m:
        raise ParamsParseError(
            f"cannot parse parameter count {s!r}; use a number of billions or a string like "
            "'7B', '1.6T', '350M' or '235B-A22B'")
    tot = float(m["tot"]) * _UNIT[m["u1"].lower() if m["u1"] else None]
    act = None
    if m["act"]:
        u2 = (m["u2"] or m["u1"] or "b").lower()
        act = float(m["act"]) * _UNIT[u2]
    if tot <= 0:
        raise ParamsParseError(f"parameter count {s!r} must be positive")
    if m["u1"] is None:
        _bounded(tot, repr(s))
    if act is not None and act > tot:
        raise ParamsParseError(f"active parameters exceed total in {s!r}; write 'TOTAL-AACTIVE'")
    return tot, act
