"""Held-out posteriors: estimate open models of known size from a calibration without them.

This is the loop behind the interval recalibration (the PIT values of held-out models) and
behind :func:`paramest.validate`: fold by fold, calibrate on the training evidence and compute
each held-out unit's joint posterior. The shipped recalibration, a recalibration refitted on
user data and the validation harness all use it. :func:`calibration_for` is the cached
calibration of the estimate entry points, with that refit where user data need it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..cache import CALIBRATIONS, RECALIBRATIONS, freeze
from ..errors import FitError, InputError
from ..ingest import Evidence, benchmark_table_fingerprint, default_evidence
from ..regression import Calibration, Recalibration, recalibration_group
from ..regression.calibration import INTERNAL_SETTINGS, REFIT_REASONS
from .block import block_benchmarks, block_scores, in_range_choice
from .posterior import GRID_B, make_grid, posterior

__all__ = ["SPLITS", "calibration_for", "folds", "held_out_posteriors", "lodo_recalibration",
           "training_evidence"]

SPLITS = ("developer", "family", "loo", "time", "extrapolation", "largest", "disclosed")


def folds(units: pd.DataFrame, split: str, time_cutoff: Any = None) -> list[tuple[str, np.ndarray]]:
    """(fold name, held-out unit positions) pairs for a split.

    Parameters
    ----------
    units : pandas.DataFrame
        :meth:`Evidence.units` output.
    split : str
        ``developer`` / ``family`` (scikit-learn's ``LeaveOneGroupOut``), ``loo``
        (``LeaveOneOut``), ``extrapolation`` / ``largest`` (units at or above the 80th
        percentile of size), ``time`` (released on or after ``time_cutoff``, default the
        75th percentile of release dates).
    time_cutoff : date-like, optional

    Returns
    -------
    list of (str, numpy.ndarray)

    Raises
    ------
    InputError
        An unknown split.
    """
    from sklearn.model_selection import LeaveOneGroupOut, LeaveOneOut

    idx = np.arange(len(units))
    if split in ("developer", "family"):
        groups = units[split].fillna("unknown").to_numpy()
        if len(set(groups)) < 2:
            raise FitError(f"every held-out unit has the same {split} ({groups[0]!r}), so there "
                           f"is nothing to leave out one {split} at a time; give the data a "
                           f"'{split}' column, or use split='loo'")
        return [(str(groups[te][0]), te) for _, te in LeaveOneGroupOut().split(idx, groups=groups)]
    if split == "loo":
        return [(str(units["weights"].iloc[te[0]]), te) for _, te in LeaveOneOut().split(idx)]
    if split in ("extrapolation", "largest"):
        cut = units["true_b"].quantile(0.8)
        return [(f"size >= {cut:.4g}B", idx[units["true_b"].to_numpy() >= cut])]
    if split == "time":
        dates = pd.to_datetime(units["release_date"])
        cutoff = pd.Timestamp(time_cutoff) if time_cutoff is not None else dates.quantile(0.75)
        return [(f"released >= {cutoff.date()}", idx[(dates >= cutoff).to_numpy()])]
    raise InputError(f"split must be one of {SPLITS}, not {split!r}")


def training_evidence(ev: Evidence, held: set[str], split: str, cutoff: Any = None,
                      size_cut: float | None = None) -> Evidence:
    """The evidence a fold calibrates on: without the held-out weights (and later or larger models).

    Parameters
    ----------
    ev : Evidence
    held : set of str
        Held-out weights ids.
    split : str
        With ``"time"``, rows released on or after ``cutoff`` go too.
    cutoff : date-like, optional
    size_cut : float, optional
        Rows of models at or above this size (billions) go too (extrapolation split).

    Returns
    -------
    Evidence
    """
    s = ev.scores
    keep = ~s["weights"].isin(held).to_numpy()
    if split == "time":
        keep &= (pd.to_datetime(s["release_date"]) < cutoff).to_numpy()
    if size_cut is not None:
        keep &= ~(s["total_params_b"] >= size_cut).to_numpy()
    return ev.subset(keep, f"{split}|{sorted(held)}|{cutoff}|{size_cut}")


def held_out_posteriors(ev: Evidence, units: pd.DataFrame, fold_list: Sequence[tuple[str, np.ndarray]],
                        split: str, settings: dict, *, cutoff: Any = None, size_cut: float | None = None,
                        grid_b: tuple[float, float] = GRID_B,
                        extra: Callable[[Evidence, pd.Series], dict] | None = None) -> pd.DataFrame:
    """One pass over the folds: each held-out unit's raw posterior and PIT value.

    Parameters
    ----------
    ev : Evidence
    units : pandas.DataFrame
        :meth:`Evidence.units` output.
    fold_list : list of (str, numpy.ndarray)
        :func:`folds` output.
    split : str
    settings : dict
        :class:`paramest.Calibration` settings (``recalibration`` is forced to None). Its
        ``reasoning_block`` is applied: a unit the knowledge scores bound below 100B is
        inverted with its block scores too (:mod:`paramest.inversion.block`).
    cutoff, size_cut : optional
        As for :func:`training_evidence`.
    grid_b : (float, float)
    extra : callable, optional
        ``extra(training_evidence, unit) -> dict`` adds columns per unit (the baseline).

    Returns
    -------
    pandas.DataFrame
        One row per held-out unit: ``weights, fold, error``, and when it could be estimated
        ``post`` (:class:`Posterior`), ``pit, group, used`` (benchmarks), ``cal``
        (:class:`Calibration`), ``scores, thinking`` (what was inverted) and ``block``
        (whether the gated reasoning block joined, :mod:`paramest.inversion.block`), plus
        ``extra``'s columns.
    """
    xg = make_grid(grid_b)
    settings = {**settings, "recalibration": None}
    evidence = list(settings.get("benchmarks") or default_evidence())
    block = block_benchmarks(settings, evidence)
    blocks = block_scores(ev, list(units["weights"]), block, settings.get("variant_rule", "think"))
    rows = []
    for fold, te in fold_list:
        test = units.iloc[te]
        train = training_evidence(ev, set(test["weights"]), split, cutoff, size_cut)
        try:
            cal = Calibration(**settings).fit(train)
        except FitError as err:
            rows += [{"weights": w, "fold": fold, "error": str(err)} for w in test["weights"]]
            continue
        joint: dict = {}  # the fold's in-range calibration, fitted on first need

        def joint_cal(train: Evidence = train, joint: dict = joint) -> Calibration | None:
            if "cal" not in joint:
                joint["cal"] = _joint_calibration(train, settings, evidence, block)
            return joint["cal"]

        for _, u in test.iterrows():
            rec: dict[str, Any] = {"weights": u["weights"], "fold": fold, "error": ""}
            if extra is not None:
                rec.update(extra(train, u))
            sc = {b: s for b, s in u["scores"].items() if b in cal.fits_}
            if not sc:
                rec["error"] = "no usable benchmark in this fold"
                rows.append(rec)
                continue
            nq = {b: v for b, v in u.get("n_questions", {}).items() if b in sc}
            think = dict(u["thinking"])
            post = posterior(cal, sc, thinking=think, n_questions=nq, xg=xg)
            bsc, bth = blocks.get(u["weights"], ({}, {}))
            own = {b: (v, bth.get(b, False)) for b, v in bsc.items()}
            used_cal, choice = cal, in_range_choice(cal, post, sc, think, own, joint_cal)
            if choice is not None:
                sc, think, used_cal = choice.scores, choice.thinking, choice.cal
                post = posterior(used_cal, sc, thinking=think, n_questions=nq, xg=xg)
            rec.update({"post": post, "pit": post.pit(math.log10(u["true_b"])),
                        "group": recalibration_group(sc), "used": list(sc), "cal": used_cal,
                        "scores": sc, "thinking": think, "block": bool(choice and choice.added),
                        "in_range": choice is not None})
            rows.append(rec)
    return pd.DataFrame(rows)


def _joint_calibration(train: Evidence, settings: dict, evidence: list[str],
                       block: list[str]) -> Calibration | None:
    """A fold's in-range calibration: knowledge and block benchmarks together, with the
    in-range low-end shape (None: it cannot be fitted)."""
    try:
        return Calibration(**{**settings, "benchmarks": [*evidence, *block], "in_range": True}).fit(train)
    except FitError:
        return None


def lodo_recalibration(ev: Evidence, settings: dict, *, benchmarks: Sequence[str] | None = None,
                       rule: str = "think", info: dict | None = None) -> Recalibration | None:
    """PIT values of every open unit of ``ev`` under leave-one-developer-out: a recalibration.

    The shipped recalibration is this, on the shipped data (``benchmarks/calibrate_intervals.py``);
    an estimate on user data that change shipped rows gets it refitted on those data.

    Parameters
    ----------
    ev : Evidence
    settings : dict
        :class:`paramest.Calibration` settings.
    benchmarks : sequence of str, optional
        Evidence benchmarks (default: ``settings["benchmarks"]`` or the knowledge benchmarks).
    rule : str
        Variant rule of the units.
    info : dict, optional
        Provenance to record.

    Returns
    -------
    Recalibration or None
        None when fewer than 10 units could be held out, or the units have fewer than
        two developers.
    """
    bench = list(benchmarks or settings.get("benchmarks") or default_evidence())
    units = ev.units(bench, rule)
    if units.empty:
        return None
    try:
        fold_list = folds(units, "developer")
    except FitError:  # one developer (or none named): no leave-one-developer-out
        return None
    raw = held_out_posteriors(ev, units, fold_list, "developer", {**settings, "benchmarks": bench})
    ok = raw.dropna(subset=["pit"]) if "pit" in raw else raw.iloc[0:0]
    if len(ok) < 10:
        return None
    meta = {"method": "leave-one-developer-out PIT values", "n_units": int(len(ok)),
            "data_source": ev.source, "data_version": ev.data_version, **(info or {})}
    return Recalibration(ok["pit"], ok["group"], meta, ok["weights"])


def calibration_for(ev: Evidence, benchmarks: Sequence[str], exclude: Sequence[str] = (),
                    settings: Mapping[str, Any] | None = None) -> Calibration:
    """The fitted calibration for these benchmarks, built once per evidence, table and settings.

    The shipped recalibration applies to the shipped data and to data that only extend it,
    without the excluded models' values. When user data change shipped rows, the
    recalibration is refitted on those data (leave-one-developer-out, as shipped; cached).

    Parameters
    ----------
    ev : Evidence
    benchmarks : sequence of str
        Canonical ids.
    exclude : sequence of str
        Model or weights ids left out of calibration and recalibration alike.
    settings : dict, optional
        :class:`paramest.Calibration` settings.

    Returns
    -------
    Calibration
        Fitted; shared with other callers: treat it as read-only.

    Raises
    ------
    FitError
        No benchmark can be used.
    """
    settings = dict(settings or {})
    table = benchmark_table_fingerprint(benchmarks)
    key = ("calibration", ev.fingerprint, table, tuple(sorted(benchmarks)),
           frozenset(exclude), freeze(settings))

    def build() -> Calibration:
        cal = Calibration(list(benchmarks), exclude=tuple(exclude), **settings).fit(ev)
        if cal.recalibration_ is None and cal.recalibration_note_ in REFIT_REASONS:
            # user data are not the shipped data: learn the interval scaling from them
            # the refit uses every default-evidence benchmark: keyed by the whole table
            # the whole method's recalibration: without the settings paramest sets itself
            outer = {k: v for k, v in settings.items() if k not in INTERNAL_SETTINGS}
            rkey = ("recalibration", ev.fingerprint, benchmark_table_fingerprint(),
                    frozenset(exclude), freeze(outer))
            keep = ~(ev.scores["model"].isin(exclude) | ev.scores["weights"].isin(exclude)).to_numpy()
            train = ev if keep.all() else ev.subset(keep, f"exclude {sorted(exclude)}")
            rec = RECALIBRATIONS.get(rkey, lambda: lodo_recalibration(
                train, outer, info={"refitted": "on the data passed (they change shipped rows)"}))
            if rec is not None:
                cal.recalibration_, cal.recalibration_note_ = rec, ""
            else:
                cal.recalibration_note_ += ("; it cannot be refitted on them (fewer than 10 "
                                            "held-out models, or fewer than two developers)")
        return cal

    return CALIBRATIONS.get(key, build)
