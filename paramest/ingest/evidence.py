"""The evidence: the one checked object every stage receives.

Each public entry point (:func:`paramest.estimate_size`, :func:`paramest.fit`,
:func:`paramest.validate`, ...) turns its ``data=`` argument into an :class:`Evidence`
once, with :func:`as_evidence`: the score frame is checked (:func:`validate_scores`), every
row gets its weights id (:func:`row_weights`: a blank or missing ``weights`` cell is the
row's own model, never a shared id), and a fingerprint of the content is computed. After
the entry point no stage loads, checks or resolves the data again; caches are keyed by the
fingerprint.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from .shipped import load_scores, select_variants
from .tables import (
    data_version,
    load_benchmarks,
    load_models,
    registered_benchmarks,
    registry_version,
    row_weights,
    validate_scores,
)

__all__ = ["EVIDENCE_KINDS", "Evidence", "as_evidence", "benchmark_table_fingerprint",
           "evidence_units", "frame_fingerprint"]

EVIDENCE_KINDS = ("shipped", "extends-shipped", "user")
# columns whose values decide whether user data leave the shipped rows as they are
_IDENTITY = ["model", "benchmark", "score", "total_params_b", "open_weights", "weights"]


def frame_fingerprint(frame: pd.DataFrame) -> str:
    """Content hash of a score frame: every column, every row (12 hex digits).

    Parameters
    ----------
    frame : pandas.DataFrame
        Any frame; columns are taken in name order, values as text.

    Returns
    -------
    str
        The first 12 hex digits of a SHA-256 over the column names and each row's hash.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"model": ["m"], "score": [0.5]})
    >>> frame_fingerprint(a) == frame_fingerprint(a.assign(score=0.6))
    False
    """
    cols = sorted(map(str, frame.columns))
    h = hashlib.sha256("\0".join(cols).encode())
    if len(frame):
        sub = frame[cols].astype(str) if cols else frame
        h.update(pd.util.hash_pandas_object(sub, index=False).to_numpy().tobytes())
    return h.hexdigest()[:12]


@functools.cache
def _table_fingerprint(state: tuple, benchmarks: tuple[str, ...] | None) -> str:
    b = load_benchmarks()
    if benchmarks is not None:
        b = b[b["benchmark"].isin(benchmarks)].sort_values("benchmark")
    return frame_fingerprint(b.reset_index(drop=True))


def benchmark_table_fingerprint(benchmarks: Iterable[str] | None = None) -> str:
    """Content hash of the benchmark table (registered benchmarks included), or of the rows
    of ``benchmarks`` only.

    Re-registering a benchmark with another chance level or question count changes it, so
    every cache keyed by it misses. Keyed by the rows a fit uses, a cache is not emptied by
    registering an unrelated benchmark.

    Parameters
    ----------
    benchmarks : iterable of str, optional
        Canonical ids; default the whole table.

    Returns
    -------
    str
        12 hex digits.

    Examples
    --------
    >>> benchmark_table_fingerprint(["ikp"]) != benchmark_table_fingerprint(["simpleqa"])
    True
    """
    # the registry's state: its version (bumped by every registration) and its ids (a test
    # that swaps the registry out changes the ids without a registration)
    state = (registry_version(), tuple(registered_benchmarks()))
    return _table_fingerprint(state, None if benchmarks is None else tuple(sorted(set(benchmarks))))


@dataclass(frozen=True, eq=False)
class Evidence:
    """Scores checked once, with their weights ids, model table and fingerprint.

    Build it with :func:`as_evidence`; stages read it and never change it.

    Attributes
    ----------
    scores : pandas.DataFrame
        One row per (model, benchmark, setting), in the :func:`paramest.load_scores`
        format; ``weights`` is never blank.
    models : pandas.DataFrame
        The shipped model table (:func:`paramest.load_models`), for what only it holds
        (size status, published sizes, training tokens).
    fingerprint : str
        Content hash of ``scores`` (:func:`frame_fingerprint`), prefixed ``shipped:`` for
        the shipped data.
    kind : {"shipped", "extends-shipped", "user"}
        The shipped data; user data that keep every shipped row as it is and only add
        rows; or anything else (the shipped interval recalibration applies to the first
        two only).
    data_version : str
        Version of the shipped tables (:func:`paramest.data_version`).
    """

    scores: pd.DataFrame
    models: pd.DataFrame
    fingerprint: str
    kind: str
    data_version: str
    _cache: dict = field(default_factory=dict, repr=False, compare=False)
    # a row subset (a validation fold) knows the evidence it was cut from and which of its
    # rows it keeps, so per-benchmark work done once on the whole can be reused
    root: Evidence | None = field(default=None, repr=False, compare=False)
    root_rows: np.ndarray | None = field(default=None, repr=False, compare=False)

    def cached(self, key: Any, build: Any) -> Any:
        """``build()``, computed once per key for this evidence (it never changes).

        Parameters
        ----------
        key : hashable
        build : callable

        Returns
        -------
        object
            Shared: treat it as read-only.
        """
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    @property
    def source(self) -> str:
        """``"shipped"`` for the shipped data, else the fingerprint (what estimates cite)."""
        return "shipped" if self.kind == "shipped" else self.fingerprint

    def chosen(self, rule: str = "think") -> tuple[pd.DataFrame, pd.DataFrame]:
        """The variant rule applied once: one row per ``(weights, benchmark)``.

        Parameters
        ----------
        rule : {"think", "nothink", "all"}
            :func:`paramest.select_variants`.

        Returns
        -------
        kept, dropped : pandas.DataFrame
            Copies: callers may modify them.
        """
        if rule not in self._cache:
            self._cache[rule] = select_variants(self.scores, rule=rule)
        kept, dropped = self._cache[rule]
        return kept.copy(), dropped.copy()

    def chosen_rows(self, weights: str, rule: str = "think") -> pd.DataFrame:
        """The rows the variant rule keeps for one set of weights (one per benchmark).

        Parameters
        ----------
        weights : str
            A weights id.
        rule : {"think", "nothink", "all"}

        Returns
        -------
        pandas.DataFrame
        """
        key = ("_chosen_by_weights", rule)
        idx = self._cache.get(key)
        if idx is None:
            kept, _ = self.chosen(rule)
            idx = {w: g for w, g in kept.groupby("weights", sort=False)}
            self._cache[key] = idx
        g = idx.get(weights)
        return g.copy() if g is not None else self.scores.iloc[0:0].copy()

    def weights_of(self, model: str) -> str:
        """Weights id of a model id: from the scores, else the model table, else the id.

        Parameters
        ----------
        model : str
            A canonical model id.

        Returns
        -------
        str
        """
        idx = self._cache.get("_w")
        if idx is None:
            idx = dict(zip(self.scores["model"].astype(str), self.scores["weights"].astype(str)))
            for m, w in zip(self.models["model"], self.models["weights"]):
                idx.setdefault(str(m), str(w))
            self._cache["_w"] = idx
        return idx.get(model, model)

    def rows(self, weights: str) -> pd.DataFrame:
        """Every score row of one set of weights.

        Parameters
        ----------
        weights : str
            A weights id.

        Returns
        -------
        pandas.DataFrame
        """
        return self.scores[self.scores["weights"] == weights]

    def units(self, benchmarks: Sequence[str], rule: str = "think") -> pd.DataFrame:
        """Sets of open weights of known size with at least one score on ``benchmarks``.

        These are the units that calibrate and that validation holds out: one row per
        weights id, each with its scores chosen by the variant rule.

        Parameters
        ----------
        benchmarks : sequence of str
            Canonical benchmark ids; each unit's scores follow this order.
        rule : {"think", "nothink", "all"}
            Variant rule (:func:`paramest.select_variants`).

        Returns
        -------
        pandas.DataFrame
            One row per weights id, sorted: ``weights, model`` (a representative id),
            ``developer, family, release_date`` (earliest in the group), ``true_b``,
            ``scores`` (dict), ``thinking`` (dict), ``variants`` (dict), ``n_questions``
            (dict, where rows give one), ``n_benchmarks, has_ikp, evidence`` (``ikp``,
            ``aa-only``, ``multi`` or ``other``).
        """
        return self.cached(("units", tuple(benchmarks), rule),
                           lambda: evidence_units(self.scores, list(benchmarks), rule)).copy()

    def subset(self, keep: Any, label: str) -> Evidence:
        """The same evidence with only the rows where ``keep`` is true (a validation fold).

        Parameters
        ----------
        keep : array-like of bool
            One value per row of :attr:`scores`.
        label : str
            What the subset is (``"train developer=meta"``); it enters the fingerprint.

        Returns
        -------
        Evidence
            Of kind ``"user"`` (its recalibration is not the shipped one).
        """
        mask = np.asarray(keep, bool)
        s = self.scores[mask].reset_index(drop=True)
        h = hashlib.sha256(f"{self.fingerprint}|{label}|".encode())
        h.update(np.flatnonzero(mask).tobytes())
        root = self.root if self.root is not None else self
        rows = self.root_rows[mask] if self.root_rows is not None else np.flatnonzero(mask)
        return Evidence(scores=s, models=self.models, fingerprint=h.hexdigest()[:12], kind="user",
                        data_version=self.data_version, root=root, root_rows=rows)

    def __repr__(self) -> str:
        return (f"Evidence({self.kind}, {len(self.scores)} score rows, "
                f"{self.scores['weights'].nunique()} sets of weights, {self.fingerprint})")


def _kind(scores: pd.DataFrame, shipped: pd.DataFrame) -> str:
    """How user data relate to the shipped rows (see :attr:`Evidence.kind`)."""
    cols = [c for c in _IDENTITY if c in scores.columns]
    if len(cols) < len(_IDENTITY):
        return "user"
    a = shipped[_IDENTITY].astype(str)
    b = scores[_IDENTITY].astype(str)
    m = a.merge(b.drop_duplicates(), how="left", indicator=True)
    if (m["_merge"] != "both").any():
        return "user"
    return "shipped" if len(scores) == len(shipped) else "extends-shipped"


def evidence_units(data: pd.DataFrame, evidence: Sequence[str], rule: str = "think") -> pd.DataFrame:
    """Sets of open weights of known size with a score on ``evidence``, from a score frame.

    :meth:`Evidence.units` calls it on the evidence's rows; validation calls it on closed
    models with published sizes, scored like open units.

    Parameters
    ----------
    data : pandas.DataFrame
        Rows with normalised ``weights`` (:func:`row_weights`).
    evidence : sequence of str
        Canonical benchmark ids.
    rule : {"think", "nothink", "all"}
        Variant rule.

    Returns
    -------
    pandas.DataFrame
        As :meth:`Evidence.units`.
    """
    evidence = list(evidence)
    d = data[data["benchmark"].isin(evidence) & data["open_weights"].astype(bool)
             & data["total_params_b"].notna()].copy()
    chosen, _ = select_variants(d, rule=rule)
    rows = []
    for w, g in chosen.groupby("weights", sort=True):
        grp = d[d["weights"] == w]
        dates = pd.to_datetime(grp["release_date"]) if "release_date" in grp else pd.Series(dtype="datetime64[ns]")
        bs = [b for b in evidence if b in set(g["benchmark"])]
        gi = g.set_index("benchmark")
        n = len(bs)
        ev = "ikp" if "ikp" in bs else ("aa-only" if bs == ["aa-omniscience"] else
                                        ("multi" if n >= 2 else "other"))
        rows.append({
            "weights": w, "model": str(g["model"].iloc[0]),
            "developer": str(grp["developer"].iloc[0]) if "developer" in grp else "unknown",
            "family": str(grp["family"].iloc[0]) if "family" in grp else w,
            "release_date": dates.min() if len(dates) else pd.NaT,
            "true_b": float(grp["total_params_b"].iloc[0]),
            "scores": {b: float(gi.loc[b, "score"]) for b in bs},
            "thinking": {b: bool(gi.loc[b, "thinking"]) if "thinking" in gi else False for b in bs},
            "variants": {b: str(gi.loc[b, "model"]) for b in bs},
            "n_questions": {b: float(gi.loc[b, "n_questions"]) for b in bs
                            if "n_questions" in gi and pd.notna(gi.loc[b, "n_questions"])},
            "n_benchmarks": n, "has_ikp": "ikp" in bs, "evidence": ev,
        })
    return pd.DataFrame(rows)


@functools.cache
def _shipped(version: str) -> Evidence:
    s = load_scores()
    s["weights"] = row_weights(s)
    return Evidence(scores=s, models=load_models(), fingerprint=f"shipped:{version}",
                    kind="shipped", data_version=version)


_OPTIONAL = {"developer": np.nan, "family": np.nan, "arch": np.nan, "active_params_b": np.nan,
             "release_date": pd.NaT, "evaluator": np.nan, "source": np.nan, "note": "",
             "effort": "", "variant": ""}


def as_evidence(data: Any = None, what: str = "data") -> Evidence:
    """Check ``data`` once and wrap it for every stage (the entry points' only data check).

    Parameters
    ----------
    data : pandas.DataFrame, Evidence or None
        Scores in the :func:`paramest.load_scores` format (e.g. from
        :func:`paramest.combine`), an :class:`Evidence` (returned as it is), or None for
        the shipped data.
    what : str
        How to name the argument in error messages.

    Returns
    -------
    Evidence

    Raises
    ------
    InputError, FileFormatError, ScoreScaleError, ConflictError
        ``data`` is not a valid score frame (:func:`paramest.validate_scores`).

    Examples
    --------
    >>> ev = as_evidence()
    >>> ev.kind
    'shipped'
    >>> as_evidence(ev) is ev
    True
    """
    if data is None:
        return _shipped(str(data_version()))
    if isinstance(data, Evidence):
        return data
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"{what} must be a DataFrame in the paramest.load_scores() format "
                         f"(e.g. from paramest.combine()), not {type(data).__name__}")
    validate_scores(data, what)
    s = data.copy()
    # optional columns a frame may leave out are added as unknown (no value is invented): the
    # stages then never meet a missing column
    for c, empty in _OPTIONAL.items():
        if c not in s:
            s[c] = empty
    s["weights"] = row_weights(s)
    s = s.reset_index(drop=True)
    version = str(data_version())
    kind = _kind(s, _shipped(version).scores)
    fp = f"shipped:{version}" if kind == "shipped" else frame_fingerprint(s)
    return Evidence(scores=s, models=load_models(), fingerprint=fp, kind=kind, data_version=version)
