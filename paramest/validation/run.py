"""Stage 4, validation: how good are the estimates, measured the way a closed model is estimated.

:func:`validate` holds out sets of open weights of known size fold by fold, fits a
:class:`~paramest.Calibration` on the rest, and estimates each held-out set of weights with
the one estimate step users run (:func:`paramest.inversion.estimate_from`), interval
recalibration and curve-form check included.

Splits
------
``developer`` (default), ``family``, ``loo``
    Leave one group out (scikit-learn's ``LeaveOneGroupOut`` / ``LeaveOneOut``).
``time``
    Calibrate on releases before ``time_cutoff`` (default: the 75th percentile of release
    dates), test on the rest.
``extrapolation`` (alias ``largest``)
    Calibrate on models below the 80th percentile of size, test on those above: every test
    model is larger than every calibration model, as for frontier closed models.
``disclosed``
    Calibrate on every open model; test on closed models whose size was published by the
    developer (``disclosed``) or stated by its people (``reported``): Gopher, Chinchilla,
    the Grok models, the Seed models, ...

Interval recalibration inside validation
----------------------------------------
The held-out models' own PIT values must not calibrate their own intervals.
``recalibrate="auto"`` uses, for a split with many folds, the PIT values of the other
folds (cross-conformal); for a one-fold split (time, extrapolation, disclosed), the PIT
values of a leave-one-developer-out run inside the calibration set. ``"nested"`` runs that
inner leave-one-developer-out in every fold (slow; ``benchmarks/`` uses it).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ..cache import VALIDATIONS, freeze
from ..checks import check_level
from ..errors import FitError, InputError
from ..ingest import (
    Evidence,
    as_evidence,
    benchmark_table_fingerprint,
    default_evidence,
    evidence_units,
    resolve_benchmark,
)
from ..inversion import (
    SPLITS,
    Request,
    calibration_for,
    estimate_from,
    folds,
    held_out_posteriors,
    lodo_recalibration,
    training_evidence,
)
from ..regression import Calibration, CurveFit, Recalibration
from ..regression.calibration import INTERNAL_SETTINGS
from .metrics import summarize
from .result import ValidationResult

__all__ = ["BASELINE_ORDER", "RECALIBRATIONS", "SPLITS", "validate"]

RECALIBRATIONS = ("auto", "nested", "shipped", "none")
# The baseline's benchmark: the unit's first of these (IKP first, as IKP publishes).
BASELINE_ORDER = ("ikp", "simpleqa", "aa-omniscience", "simpleqa-verified", "chinese-simpleqa",
                  "triviaqa", "naturalquestions", "popqa")


def _baseline(train: Evidence, unit: pd.Series, level: float, fits: dict) -> dict:
    """IKP / Artificial Analysis style: OLS of accuracy on log10 size, inverted, fixed factor."""
    for b in BASELINE_ORDER:
        if b not in unit["scores"]:
            continue
        key = (train.fingerprint, b)
        if key not in fits:
            try:
                f = CurveFit(b, form="linear", variant_rule="think")
                f.fit_frame(*_frame(train, f))
                fits[key] = f if f.n_models_ >= 8 and f.params_["slope"] > 0 else None
            except FitError:
                fits[key] = None
        f = fits[key]
        if f is None:
            continue
        a, s = f.params_["intercept"], f.params_["slope"]
        x = (unit["scores"][b] - a) / s
        half = float(stats.norm.ppf(0.5 + level / 2)) * f.scatter_ / s
        return {"base_benchmark": b, "base_x": x, "base_half": half}
    return {}


def _frame(train: Evidence, f: CurveFit) -> tuple[pd.DataFrame, pd.DataFrame]:
    from ..regression import calibration_frame

    return calibration_frame(train, f.benchmark, covariates=f.covariates, variant_rule=f.variant_rule)


def _disclosed_units(ev: Evidence, evidence: Sequence[str], rule: str) -> pd.DataFrame:
    """Closed models whose size was published or stated, scored like open units."""
    m = ev.models
    disc = m[m["size_status"].isin(["disclosed", "reported"]) & m["total_params_b"].notna()]
    d = ev.scores[ev.scores["model"].isin(disc["model"])].copy()
    d["open_weights"] = True  # for the units only: these are the test units
    units = evidence_units(d, evidence, rule)
    if len(units):
        status = dict(zip(disc["weights"], disc["size_status"]))
        units["size_status"] = units["weights"].map(status)
    return units


def _row(r: dict, u: pd.Series, est: Any) -> dict:
    """One per-model row from a held-out unit and its estimate (or its error)."""
    rec = {"weights": r["weights"], "model": u["model"], "developer": u["developer"],
           "family": u["family"], "fold": r["fold"], "true_b": u["true_b"],
           "release_date": u["release_date"], "n_benchmarks": u["n_benchmarks"],
           "has_ikp": bool(u["has_ikp"]), "evidence": u["evidence"], "error": r.get("error", "") or ""}
    if "size_status" in u:
        rec["size_status"] = u["size_status"]
    if est is not None:
        t = math.log10(u["true_b"])
        x = math.log10(est.params_b) if est.params_b > 0 else -math.inf
        lo = math.log10(est.lower_b) if est.lower_b > 0 else -math.inf
        hi = math.log10(est.upper_b) if math.isfinite(est.upper_b) else math.inf
        alt = {f: v["params_b"] for f, v in est.forms.items() if f != est.form}
        alt_x = [math.log10(v) if 0 < v < math.inf else (math.inf if v > 0 else -math.inf) for v in alt.values()]
        wlo, whi = min([lo, *alt_x]), max([hi, *alt_x])
        rec.update({
            "params_b": est.params_b, "lower_b": est.lower_b, "upper_b": est.upper_b,
            "covered": bool(lo <= t <= hi), "log_err": x - t,
            "covered_if_widened": bool(wlo <= t <= whi), "width_if_widened_dex": whi - wlo,
            "fold_error": 10 ** abs(x - t) if math.isfinite(x) else math.inf,
            "width_dex": est.width_dex, "open": bool(est.open_lower or est.open_upper),
            "pit": r["pit"], "group": r["group"], "benchmarks": " + ".join(est.benchmarks),
            "reasoning_block": bool(r.get("block", False)), "in_range": bool(r.get("in_range", False)),
            "extrapolation_dex": est.extrapolation_dex, "form_dependent": est.form_dependent,
            "flag_codes": est.flag_codes, **{f"{f}_params_b": v for f, v in alt.items()},
        })
    if isinstance(r.get("base_x"), float) and math.isfinite(r["base_x"]):
        x, h = r["base_x"], r["base_half"]
        t = math.log10(u["true_b"])
        rec.update({"base_benchmark": r["base_benchmark"], "base_params_b": 10 ** x,
                    "base_lower_b": 10 ** (x - h), "base_upper_b": 10 ** (x + h),
                    "base_covered": bool(x - h <= t <= x + h), "base_log_err": x - t})
    return rec


def _levels_source(raw: pd.DataFrame, fold_list: list, recalibrate: str, level: float,
                   inner: dict, shipped: Recalibration | None):
    """A function giving each held-out unit's interval levels and their provenance."""
    plain = ((1 - level) / 2, (1 + level) / 2)

    def levels_for(r: dict) -> tuple[tuple[float, float], dict | None]:
        if recalibrate == "none":
            return plain, None
        if recalibrate == "shipped":
            rc, how = shipped, "the shipped PIT values (they include the held-out model: leaky)"
        elif r["fold"] in inner:
            rc, how = inner[r["fold"]], "leave-one-developer-out inside the fold's calibration data"
        else:  # cross-conformal: the other folds' PIT values
            other = raw[(raw["fold"] != r["fold"]) & raw["pit"].notna()] if "pit" in raw else raw.iloc[0:0]
            rc = Recalibration(other["pit"], other["group"]) if len(other) >= 10 else None
            how = "cross-conformal: the other folds' PIT values"
        if rc is None:
            return plain, None
        lv = rc.levels(level, r["group"])
        return lv, {"method": how, "group": r["group"], "n": int(rc.values(r["group"]).size),
                    "levels": list(lv)}

    return levels_for


def _check_args(split: str, recalibrate: str, settings: dict) -> None:
    if split not in SPLITS:
        raise InputError(f"split must be one of {SPLITS}, not {split!r}")
    if recalibrate not in RECALIBRATIONS:
        raise InputError(f"recalibrate must be one of {RECALIBRATIONS}, not {recalibrate!r}")
    bad = sorted(set(settings) - set(Calibration().get_params()) - {"benchmarks"}
                 | (set(INTERNAL_SETTINGS) & set(settings)))
    if bad or "recalibration" in settings:
        raise InputError(f"unknown validate() setting(s) {bad or ['recalibration']}; use "
                         "recalibrate= and Calibration settings")


def validate(
    benchmarks: Sequence[str] | str | None = None,
    *,
    split: str = "developer",
    level: float = 0.9,
    data: pd.DataFrame | Evidence | None = None,
    time_cutoff: str | None = None,
    max_benchmarks: int | None = None,
    recalibrate: str = "auto",
    point: str = "median",
    baseline: bool = True,
    **settings: Any,
) -> ValidationResult:
    """Cross-validate size estimates on open models of known size.

    Parameters
    ----------
    benchmarks : str or sequence of str, optional
        Evidence (default: the knowledge benchmarks that have scores in the data).
    split : {"developer", "family", "loo", "time", "extrapolation", "disclosed"}
        How folds are formed (module docstring).
    level : float
        Interval level.
    data : pandas.DataFrame, optional
        Scores in the :func:`paramest.load_scores` format (default: shipped).
    time_cutoff : str, optional
        Date for ``split="time"`` (default: the 75th percentile of release dates).
    max_benchmarks : int, optional
        Use at most this many of each unit's benchmarks (the first in ``benchmarks``
        order); ``1`` gives the single-benchmark result.
    recalibrate : {"auto", "nested", "shipped", "none"}
        How held-out intervals are recalibrated (module docstring).
    point : {"median", "mode"}
        Point estimate.
    baseline : bool
        Also score the IKP-style OLS baseline on the same folds (``base_*`` columns).
    **settings
        :class:`paramest.Calibration` settings (``form``, ``likelihood``, ``mode_term``,
        ``variant_rule``, ...).

    Returns
    -------
    ValidationResult

    Raises
    ------
    InputError
        A bad ``level``, ``split``, ``recalibrate`` or setting, or invalid ``data``.
    UnknownBenchmarkError
        ``benchmarks`` names an unknown benchmark.
    FitError
        No held-out unit has a score on the chosen benchmarks.

    Examples
    --------
    >>> import paramest as pe
    >>> r = pe.validate(split="extrapolation")          # doctest: +SKIP
    >>> 0.8 < r.summary.loc["all", "coverage"] <= 1      # doctest: +SKIP
    True
    """
    level = check_level(level)
    _check_args(split, recalibrate, settings)
    ev = as_evidence(data)
    # every fold is deterministic: the same evidence, benchmark table and arguments give the
    # same result, so a repeated call (a notebook re-run, a docs page) is not redone
    if benchmarks is None:
        # the default evidence that has scores in the data (a registered benchmark without
        # any, e.g. one declared for another file, changes nothing and is not listed)
        present = set(ev.scores["benchmark"].astype(str))
        evidence = [b for b in default_evidence() if b in present]
    else:
        evidence = [resolve_benchmark(b) for b in ([benchmarks] if isinstance(benchmarks, str) else benchmarks)]
        if not evidence:
            raise InputError("benchmarks=[] names no benchmark; pass None for the default")
    # keyed by the rows of the benchmarks used: registering another one keeps the result
    table = benchmark_table_fingerprint(evidence)
    key = ("validate", ev.fingerprint, table, tuple(evidence), split, level, time_cutoff,
           max_benchmarks, recalibrate, point, baseline, freeze(settings))
    res = VALIDATIONS.get(key, lambda: _validate(ev, evidence, split, level, time_cutoff,
                                                 max_benchmarks, recalibrate, point, baseline,
                                                 settings))
    return copy.deepcopy(res)


def _validate(ev: Evidence, evidence: list[str], split: str, level: float,
              time_cutoff: str | None, max_benchmarks: int | None, recalibrate: str, point: str,
              baseline: bool, settings: dict) -> ValidationResult:
    """:func:`validate` on checked arguments and resolved benchmarks (not cached)."""
    rule = settings.get("variant_rule", "think")
    settings = {**settings, "benchmarks": evidence}
    if split == "disclosed":
        units = _disclosed_units(ev, evidence, rule)
        fold_list = [("disclosed", np.arange(len(units)))]
    else:
        units = ev.units(evidence, rule)
        if units.empty:
            raise FitError("no open model of known size has a score on the chosen benchmarks, so "
                           "there is nothing to hold out; pass data= with open models")
        fold_list = folds(units, split, time_cutoff)
    if units.empty:
        raise FitError("no held-out unit has a score on the chosen benchmarks")
    if max_benchmarks:
        units = units.copy()
        units["scores"] = [dict(list(s.items())[:max_benchmarks]) for s in units["scores"]]
        units["n_benchmarks"] = units["scores"].map(len)
    cutoff = size_cut = None
    if split == "time":
        dates = pd.to_datetime(units["release_date"])
        cutoff = pd.Timestamp(time_cutoff) if time_cutoff else dates.quantile(0.75)
    if split in ("extrapolation", "largest"):
        size_cut = float(units["true_b"].quantile(0.8))
    base_fits: dict = {}
    extra = (lambda train, u: _baseline(train, u, level, base_fits)) if baseline else None
    raw = held_out_posteriors(ev, units, fold_list, split, settings, cutoff=cutoff,
                              size_cut=size_cut, extra=extra)
    inner: dict[str, Recalibration | None] = {}
    if recalibrate == "nested" or (recalibrate == "auto" and len(fold_list) == 1):
        for fold, te in fold_list:
            train = training_evidence(ev, set(units.iloc[te]["weights"]), split, cutoff, size_cut)
            inner[fold] = lodo_recalibration(train, settings, benchmarks=evidence, rule=rule)
    shipped = calibration_for(ev, evidence).recalibration_ if recalibrate == "shipped" else None
    levels_for = _levels_source(raw, fold_list, recalibrate, level, inner, shipped)
    u_by = units.set_index("weights")
    rows = []
    for r in raw.to_dict(orient="records"):
        u = u_by.loc[r["weights"]]
        est = None
        if r.get("post") is not None and not (isinstance(r.get("post"), float) and math.isnan(r["post"])):
            lv, info = levels_for(r)
            sc = dict(r["scores"])  # the knowledge scores, and the block's where it joined
            nq = {b: v for b, v in u.get("n_questions", {}).items() if b in sc}
            req = Request(scores=sc, thinking=r["thinking"], n_questions=nq, level=level, point=point,
                          model=u["model"], weights=r["weights"])
            est = estimate_from(r["cal"], req, post=r["post"], levels=lv, recalibration=info,
                                per_benchmark=False)
        rows.append(_row(r, u, est))
    per = pd.DataFrame(rows)
    summary = summarize(per, level)
    if baseline and "base_params_b" in per:
        bs = summarize(per, level, prefix="base_")
        summary = pd.concat([summary, bs.rename(index=lambda i: f"baseline: {i}")])
    out_settings = {"split": split, "level": level, "benchmarks": evidence, "point": point,
                    "recalibrate": recalibrate, "max_benchmarks": max_benchmarks,
                    "time_cutoff": None if cutoff is None else str(pd.Timestamp(cutoff).date()),
                    "size_cut_b": size_cut, "n_folds": len(fold_list),
                    "calibration": {k: v for k, v in settings.items() if k != "benchmarks"},
                    "data_version": ev.data_version, "data_source": ev.source, "deterministic": True}
    return ValidationResult(per_model=per, summary=summary, settings=out_settings)
