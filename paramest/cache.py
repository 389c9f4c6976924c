"""The caches of fitted objects, keyed by everything their result depends on.

A fitted curve or calibration depends on the evidence (its fingerprint covers every column of
every row, per-row question counts included), on the benchmark table (chance levels and question
counts, registered benchmarks included: :func:`paramest.ingest.benchmark_table_fingerprint`)
and on the settings. Every key built here holds all three, so a change to any of them misses.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

__all__ = ["CALIBRATIONS", "CURVES", "RECALIBRATIONS", "VALIDATIONS", "FitCache", "clear_caches",
           "freeze"]


def freeze(value: Any) -> Hashable:
    """A hashable, order-independent form of settings (dicts, lists, sets, scalars).

    Parameters
    ----------
    value : object

    Returns
    -------
    hashable

    Examples
    --------
    >>> freeze({"b": [1, 2], "a": None}) == freeze({"a": None, "b": (1, 2)})
    True
    """
    if isinstance(value, dict):
        return tuple(sorted((str(k), freeze(v)) for k, v in value.items()))
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(map(repr, value)))
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


class FitCache:
    """A small least-recently-used cache of fitted objects.

    Parameters
    ----------
    maxsize : int
        Entries kept; the least recently used goes first.

    Examples
    --------
    >>> c = FitCache(2)
    >>> c.get(("a",), lambda: 1), c.get(("a",), lambda: 2)
    (1, 1)
    >>> c.hits, c.misses
    (1, 1)
    """

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._d: OrderedDict = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """The cached value for ``key``, built (and kept) on a miss.

        Parameters
        ----------
        key : hashable
        build : callable
            Makes the value; an exception it raises is not cached.

        Returns
        -------
        object
        """
        if key in self._d:
            self.hits += 1
            self._d.move_to_end(key)
            return self._d[key]
        self.misses += 1
        value = build()
        self._d[key] = value
        if len(self._d) > self.maxsize:
            self._d.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget every entry and reset the counters."""
        self._d.clear()
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._d)


CURVES = FitCache(4096)  # one benchmark's curves (every form) and screening record
CALIBRATIONS = FitCache(128)  # several benchmarks' curves plus their residual correlation
RECALIBRATIONS = FitCache(16)  # PIT values refitted on user data
VALIDATIONS = FitCache(16)  # cross-validation results (deterministic; callers get a copy)


def clear_caches() -> None:
    """Forget every fitted object (the next estimate refits from scratch).

    Examples
    --------
    >>> clear_caches(); len(CURVES)
    0
    """
    for c in (CURVES, CALIBRATIONS, RECALIBRATIONS, VALIDATIONS):
        c.clear()
