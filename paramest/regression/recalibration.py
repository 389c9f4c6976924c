"""Interval recalibration: PIT values of held-out open models and the quantile levels they imply.

The raw posterior of a held-out model's size is only as honest as the curve's error model.
Its quantile levels are recalibrated with the probability-integral-transform (PIT) values of
held-out open models: the PIT of a model is where its true size falls in its own
leave-one-developer-out posterior. A 90% interval is then the posterior between the
conformal 5% and 95% quantiles of those PIT values (split-conformal on the quantile scale),
which widens each side by as much as held-out models needed. Values are grouped (units with
IKP and without: Mondrian conformal).

The shipped PIT values (``paramest/regression/_recalibration.json``) come from
``benchmarks/calibrate_intervals.py`` on the shipped data and apply to the shipped data and
to data that only extend it; each value names its set of weights, so that a model removed
from the calibration (``exclude=``) is removed from the recalibration too.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import DataIntegrityError, InputError

__all__ = ["Recalibration", "recalibration_group", "shipped_recalibration"]


def recalibration_group(benchmarks: Iterable[str]) -> str:
    """Recalibration group of an estimate: ``"ikp"`` when IKP is among its benchmarks.

    IKP's 1,311 questions and small scatter give narrower posteriors than the other
    benchmarks', and held-out models showed they need their own recalibration
    (Mondrian conformal by group).

    Parameters
    ----------
    benchmarks : iterable of str
        Canonical ids of the benchmarks behind the estimate.

    Returns
    -------
    str
        ``"ikp"`` or ``"other"``.

    Examples
    --------
    >>> recalibration_group(["ikp", "simpleqa"]), recalibration_group(["aa-omniscience"])
    ('ikp', 'other')
    """
    return "ikp" if "ikp" in set(benchmarks) else "other"


class Recalibration:
    """PIT values of held-out open models, and the quantile levels they imply.

    Parameters
    ----------
    pit : array-like
        Probability-integral-transform values in [0, 1] (where each held-out model's true
        size fell in its own posterior).
    groups : array-like of str, optional
        Group of each value (:func:`recalibration_group`). A group with at least
        ``MIN_GROUP`` values is recalibrated on its own values (Mondrian conformal).
    info : dict, optional
        Provenance: how and on what data the values were obtained.
    weights : array-like of str, optional
        The set of weights each value belongs to (lets :meth:`without` drop units).

    Raises
    ------
    InputError
        Fewer than 10 values, a value that is not finite, or ``groups`` / ``weights`` of
        another length than ``pit``.

    Examples
    --------
    >>> r = Recalibration(np.linspace(0.02, 0.98, 50))
    >>> lo, hi = r.levels(0.9)
    >>> 0 < lo < 0.1 and 0.9 < hi < 1
    True
    """

    MIN_GROUP = 30

    def __init__(self, pit: Iterable[float], groups: Iterable[str] | None = None,
                 info: dict | None = None, weights: Iterable[str] | None = None) -> None:
        p = np.clip(np.asarray(list(pit), float), 0.0, 1.0)
        if p.size < 10 or not np.all(np.isfinite(p)):
            raise InputError(f"a recalibration needs at least 10 finite PIT values, got {p.size}")
        g = np.asarray(list(groups), dtype=object) if groups is not None else np.full(p.size, "all", dtype=object)
        w = np.asarray([str(x) for x in weights], dtype=object) if weights is not None else None
        if g.size != p.size or (w is not None and w.size != p.size):
            raise InputError("pit, groups and weights must have the same length")
        order = np.argsort(p, kind="mergesort")
        self.pit, self.groups = p[order], g[order]
        self.weights = w[order] if w is not None else None
        self.info = dict(info or {})

    @property
    def n(self) -> int:
        """Number of held-out models behind the recalibration."""
        return int(self.pit.size)

    def values(self, group: str | None = None) -> np.ndarray:
        """Sorted PIT values of ``group`` if it has enough of them, else of all groups.

        Parameters
        ----------
        group : str, optional
            A group (:func:`recalibration_group`). None, or a group with fewer than
            ``MIN_GROUP`` values, gives every value.

        Returns
        -------
        numpy.ndarray
            PIT values in increasing order.
        """
        if group is not None:
            own = self.pit[self.groups == group]
            if own.size >= self.MIN_GROUP:
                return own
        return self.pit

    def levels(self, level: float, group: str | None = None) -> tuple[float, float]:
        """Posterior quantile levels (lower, upper) for a calibrated ``level`` interval.

        Split-conformal on each side: the lower level is the k-th smallest PIT with
        ``k = floor((n + 1) * (1 - level) / 2)`` (0 when k = 0: the side is then
        unbounded), the upper the k'-th with ``k' = ceil((n + 1) * (1 + level) / 2)``
        (1 when k' > n). ``n`` counts the values of :meth:`values`; the lower level is at
        most 0.5 and the upper at least 0.5.

        Parameters
        ----------
        level : float
            Interval level, e.g. 0.9.
        group : str, optional
            Recalibration group of the estimate (:meth:`values`).

        Returns
        -------
        (float, float)
            Posterior quantile levels of the interval's lower and upper ends.
        """
        p = self.values(group)
        n = p.size
        a = (1 - level) / 2
        k_lo = math.floor((n + 1) * a)
        k_hi = math.ceil((n + 1) * (1 - a))
        lo = float(p[k_lo - 1]) if k_lo >= 1 else 0.0
        hi = float(p[k_hi - 1]) if k_hi <= n else 1.0
        return min(lo, 0.5), max(hi, 0.5)

    def without(self, weights: Iterable[str]) -> Recalibration | None:
        """The recalibration without the values of some sets of weights.

        A model left out of the calibration (``exclude=``) must not shape the interval
        scaling either. Without per-value weights ids, or when fewer than 10 values
        would remain, returns None (the caller then refits or says why it cannot).

        Parameters
        ----------
        weights : iterable of str
            Weights ids (or model ids: ids not found remove nothing).

        Returns
        -------
        Recalibration or None
        """
        drop = {str(w) for w in weights}
        if not drop:
            return self
        if self.weights is None:
            return None
        keep = ~np.isin(self.weights, list(drop))
        if keep.all():
            return self
        if keep.sum() < 10:
            return None
        info = {**self.info, "excluded": sorted(drop & set(self.weights))}
        return Recalibration(self.pit[keep], self.groups[keep], info, self.weights[keep])

    def to_dict(self) -> dict:
        """JSON-safe: the PIT values, their groups, weights ids and provenance.

        Returns
        -------
        dict
            ``n``, ``pit`` (sorted, full precision), ``groups``, ``weights`` (or None) and
            ``info``.
        """
        return {"n": self.n, "pit": [float(v) for v in self.pit],
                "groups": [str(g) for g in self.groups],
                "weights": None if self.weights is None else [str(w) for w in self.weights],
                "info": self.info}

    @classmethod
    def from_dict(cls, d: dict) -> Recalibration:
        """Read a recalibration back from :meth:`to_dict` output.

        Parameters
        ----------
        d : dict

        Returns
        -------
        Recalibration

        Raises
        ------
        InputError
            ``d`` lacks ``pit`` or holds values of the wrong type.
        """
        try:
            return cls(d["pit"], d.get("groups"), d.get("info"), d.get("weights"))
        except (KeyError, TypeError, ValueError) as e:
            raise InputError(f"not a Recalibration dict ({e!r})") from e

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Recalibration):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None

    def __repr__(self) -> str:
        lo, hi = self.levels(0.9)
        return f"Recalibration(n={self.n}, 90% interval -> posterior quantiles {lo:.3f}-{hi:.3f})"


def _recalibration_path() -> Path:
    try:
        return Path(str(resources.files("paramest.regression") / "_recalibration.json"))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - defensive
        return Path(__file__).with_name("_recalibration.json")


@functools.cache
def shipped_recalibration() -> Recalibration | None:
    """The recalibration shipped with paramest (``paramest/regression/_recalibration.json``).

    Read once per process and checked: the file carries a SHA-256 of its own values, and a
    file that does not parse or does not match raises.

    Returns
    -------
    Recalibration or None
        The shipped PIT values, groups, weights ids and provenance; None when the file is
        absent.

    Raises
    ------
    DataIntegrityError
        The file is damaged (truncated, edited or not JSON): reinstall paramest.
    """
    path = _recalibration_path()
    if not path.exists():
        return None
    fix = f"{path} is damaged; reinstall paramest (pip install --force-reinstall paramest)"
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
        rec = Recalibration(obj["pit"], obj.get("groups"), obj.get("info"), obj.get("weights"))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as e:
        raise DataIntegrityError(f"{fix} ({type(e).__name__}: {e})") from None
    want = obj.get("sha256")
    if want is not None and want != content_hash(obj):
        raise DataIntegrityError(f"{fix} (its values do not match the hash they were written with)")
    return rec


def content_hash(obj: dict) -> str:
    """SHA-256 of a recalibration file's values (``pit``, ``groups``, ``weights``).

    Parameters
    ----------
    obj : dict
        The parsed file.

    Returns
    -------
    str
        Hex digest, written into the file by ``benchmarks/calibrate_intervals.py``.
    """
    body = json.dumps({k: obj.get(k) for k in ("pit", "groups", "weights")}, sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()
