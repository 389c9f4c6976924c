"""Stage 3's entry points: :func:`estimate_size` and :func:`estimate_sizes`.

Each entry point checks its arguments and its data once (:func:`paramest.ingest.as_evidence`),
builds or reuses a calibration (cached by the evidence's fingerprint, the benchmark table
and the settings), and calls the one estimate step, :func:`paramest.inversion.estimate.estimate_from`.
"""

from __future__ import annotations

import copy
import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..checks import check_bool, check_level, check_names, number_in
from ..errors import FitError, InputError, UnknownModelError
from ..flags import emit, make_flag
from ..ingest import (
    ADJUSTED,
    ADJUSTMENT_RULE,
    Evidence,
    as_evidence,
    combine,
    default_evidence,
    derived_scores,
    refusal_records,
    resolve_benchmark,
    resolve_model,
)
from ..regression import Calibration
from ..units import format_params
from .arguments import (
    SETTINGS,
    benchmark_list,
    check_exclude,
    check_settings,
    parse_n_questions,
    parse_score_dict,
    parse_thinking,
)
from .block import GATE_B, block_benchmarks, describe, gate_passes, in_range_choice
from .estimate import Request, estimate_from
from .heldout import calibration_for
from .posterior import GRID_B, Posterior, make_grid, posterior
from .result import SizeEstimate
from .sanity import (
    REASONING_BENCHMARKS,
    family_order_flags,
    reasoning_flag,
    tokens_per_param_range,
    undertrained_flag,
)

__all__ = ["MAX_LEVEL", "MIN_LEVEL", "REFUSAL_TIERS", "calibration_for", "estimate_size",
           "estimate_sizes"]

MIN_LEVEL, MAX_LEVEL = 0.01, 0.995  # levels whose quantiles the grid resolves
# IKP's confidence tiers by refusal rate (19PINE-AI/ikp@2abc276:IKP_V2.md, "Confidence tier"):
# Reliable (<10%), Caution (10-30%), Low confidence (>30%)
REFUSAL_TIERS = ((0.10, "Reliable"), (0.30, "Caution"), (math.inf, "Low confidence"))
# how much the refusal assumption moves the estimate (dex), reported beside the tier
SHIFT_LABELS = ((0.1, "negligible"), (0.3, "sensitive"), (math.inf, "dominant"))



# ----------------------------------------------------------------------------------------
# The calibration, cached
# ----------------------------------------------------------------------------------------


# ----------------------------------------------------------------------------------------
# What a named model brings
# ----------------------------------------------------------------------------------------


def _published(ev: Evidence, model: str, weights: str) -> tuple[dict | None, Any]:
    """(published or stated size, release date) of a named model."""
    m = ev.models
    rows = m[m["model"] == model]
    if len(rows):
        r = rows.iloc[0]
        pub = None
        if r["size_status"] in ("open", "disclosed", "reported") and pd.notna(r["total_params_b"]):
            pub = {"params_b": float(r["total_params_b"]), "status": str(r["size_status"]),
                   "source": str(r.get("params_source", "") or "")}
            if "size_statement" in r and isinstance(r["size_statement"], str) and r["size_statement"]:
                pub["statement"] = r["size_statement"]
        return pub, r["release_date"]
    g = ev.rows(weights)
    pub = None
    if len(g) and bool(g["open_weights"].astype(bool).any()) and g["total_params_b"].notna().any():
        pub = {"params_b": float(g["total_params_b"].dropna().iloc[0]), "status": "open",
               "source": "your data"}
    date = pd.to_datetime(g["release_date"].dropna().iloc[0]) if "release_date" in g and g["release_date"].notna().any() else None
    return pub, date


def _named_request(ev: Evidence, name: str, evidence: list[str], rule: str) -> tuple[Request, pd.DataFrame]:
    mid = resolve_model(name, extra=sorted(set(ev.scores["model"].astype(str))))
    weights = ev.weights_of(mid)
    group = ev.rows(weights)
    if group.empty:
        raise InputError(f"model {mid!r} (weights {weights!r}) has no scores in the data; pass "
                         "its scores as a dict, or data= with its rows (paramest.read_scores)")
    if not group["benchmark"].isin(evidence).any():
        have = sorted(set(group["benchmark"]))
        raise InputError(f"model {mid!r} has no score on {evidence}; its weights have {have}. "
                         "Pass benchmarks=[...] to use those.")
    # the variant rule, applied once to the whole evidence (one row per weights and benchmark)
    chosen = ev.chosen_rows(weights, rule)
    chosen = chosen[chosen["benchmark"].isin(evidence)]
    pub, date = _published(ev, mid, weights)
    nq = {}
    if "n_questions" in chosen:
        nq = {b: float(n) for b, n in zip(chosen["benchmark"], chosen["n_questions"]) if pd.notna(n)}
    req = Request(scores=dict(zip(chosen["benchmark"], chosen["score"].astype(float))),
                  thinking={b: bool(t) for b, t in zip(chosen["benchmark"], chosen["thinking"])},
                  n_questions=nq, model=mid, weights=weights,
                  variants=dict(zip(chosen["benchmark"], chosen["model"].astype(str))),
                  published=pub, release_date=date)
    return req, group


# ----------------------------------------------------------------------------------------
# Refusals
# ----------------------------------------------------------------------------------------


def _parse_refusal(refusal: Any, scores: Mapping[str, float]) -> dict[str, float]:
    """Refusal shares given by the user, checked: {benchmark: share in [0, 1)}."""
    if isinstance(refusal, (bool, np.bool_)):
        return {}
    if not isinstance(refusal, Mapping):
        raise InputError(f"refusal must be True, False or a dict {{benchmark: share refused}}, "
                         f"not {type(refusal).__name__}")
    out: dict[str, float] = {}
    for k, v in refusal.items():
        b = resolve_benchmark(k)
        if b not in ADJUSTED:
            raise InputError(f"refusal-adjusted curves exist for {sorted(ADJUSTED)}, not {b!r}")
        if b not in scores:
            raise InputError(f"refusal share given for {b!r}, which has no score")
        out[b] = number_in(v, f"refusal share for {b!r}", 0.0, 1.0, closed_low=True,
                           hint=" (a fraction of the questions)")
    return out


def _with_adjusted(ev: Evidence) -> Evidence:
    """The evidence plus the shipped refusal-adjusted rows of its models (built once)."""
    cached = ev._cache.get("adjusted") if hasattr(ev, "_cache") else None
    if cached is not None:
        return cached
    base = ev.scores
    # shipped adjusted rows only for models in the data and only where the data has none:
    # a user's own adjusted rows win, and a simulation is not mixed with real models
    shipped = derived_scores(list(ADJUSTED.values()))
    have = set(zip(base["model"], base["benchmark"]))
    shipped = shipped[shipped["model"].isin(set(base["model"]))
                      & np.array([(m, b) not in have for m, b in zip(shipped["model"], shipped["benchmark"])], bool)]
    out = as_evidence(pd.concat([base, shipped], ignore_index=True)) if len(shipped) else ev
    ev._cache["adjusted"] = out
    return out


def refusal_tier(rate: float) -> str:
    """IKP's confidence tier of a refusal rate: Reliable, Caution or Low confidence.

    Parameters
    ----------
    rate : float
        Share of questions refused.

    Returns
    -------
    str

    Examples
    --------
    >>> refusal_tier(0.0046), refusal_tier(0.19), refusal_tier(0.56)
    ('Reliable', 'Caution', 'Low confidence')
    """
    return next(label for cut, label in REFUSAL_TIERS if rate < cut)


def _refusal_adjusted(est: SizeEstimate, req: Request, ev: Evidence, exclude: tuple[str, ...],
                      settings: dict, rates: Mapping[str, float]) -> dict | None:
    """The estimate with refused questions answered at the model's own rate (or None)."""
    if rates:
        rec = pd.DataFrame({"model": est.model or "", "benchmark": list(rates),
                            "refusal_rate": list(rates.values()),
                            "floor": [est.scores[b] for b in rates]})
        rec["adjusted"] = (rec["floor"] / (1 - rec["refusal_rate"])).clip(upper=1.0)
    else:
        rec = refusal_records(sorted(set(est.variants.values())))
        rec = rec[[est.variants.get(b) == m for m, b in zip(rec["model"], rec["benchmark"])]]
    if rec.empty:
        return None
    adj, think = dict(est.scores), dict(est.thinking)
    for b, a in zip(rec["benchmark"], rec["adjusted"]):
        del adj[b]
        adj[ADJUSTED[b]] = float(a)
        think[ADJUSTED[b]] = think.get(b, False)
    try:
        cal = calibration_for(_with_adjusted(ev), sorted(adj), exclude, settings)
        e = estimate_from(cal, Request(scores=adj, thinking=think, level=req.level, point=req.point,
                                       grid_b=req.grid_b, model=est.model, weights=est.weights),
                          per_benchmark=False)
    except FitError:
        return None
    ok = 0 < est.params_b < math.inf and 0 < e.params_b < math.inf
    shift = math.log10(e.params_b / est.params_b) if ok else math.nan
    rate = float(rec["refusal_rate"].max())
    effect = next(label for cut, label in SHIFT_LABELS if not math.isfinite(shift) or abs(shift) < cut)
    return {"params_b": e.params_b, "lower_b": e.lower_b, "upper_b": e.upper_b,
            "open_lower": e.open_lower, "open_upper": e.open_upper, "interval": e.interval_text,
            "shift_dex": shift, "tier": refusal_tier(rate), "shift": effect, "rule": ADJUSTMENT_RULE,
            "refusal_rate": dict(zip(rec["benchmark"], rec["refusal_rate"].astype(float))),
            "scores": {k: v for k, v in adj.items() if k in ADJUSTED.values()},
            "benchmarks": list(e.benchmarks)}


# ----------------------------------------------------------------------------------------
# Public entry points
# ----------------------------------------------------------------------------------------


def _training_tokens(ev: Evidence, model: str | None, weights: str | None) -> float:
    m = ev.models
    if model is None or "training_tokens_b" not in m:
        return math.nan
    rows = m[(m["model"] == model) | (m["weights"] == weights)]["training_tokens_b"].dropna()
    return float(rows.iloc[0]) if len(rows) else math.nan


def _visibility_flags(est: SizeEstimate, req: Request, ev: Evidence, cal: Calibration, scores: Any,
                      bench: list[str] | None, exclude: tuple[str, ...], settings: dict,
                      training_tokens_b: float | None, knowledge_b: float) -> list:
    """Flags for what the curve cannot see: under-training, a reasoning-vs-knowledge gap."""
    flags = []
    tokens = training_tokens_b if training_tokens_b is not None else _training_tokens(ev, req.model, req.weights)
    if tokens is not None and math.isfinite(tokens):
        pub = req.published
        if pub and pub.get("params_b"):
            size, what = float(pub["params_b"]), f"its {pub.get('status') or 'published'} size"
        else:
            size, what = est.upper_b, "the interval's upper end"
        f = undertrained_flag(tokens, size, what, tokens_per_param_range(ev, cal.units(
            [b for b in est.benchmarks if b in cal.fits_])))
        if f is not None:
            flags.append(f)
    if isinstance(scores, str) and bench is None and req.weights is not None:
        rows = ev.chosen_rows(req.weights, settings.get("variant_rule", "think"))
        rs = {b: float(s) for b, s in zip(rows["benchmark"], rows["score"]) if b in REASONING_BENCHMARKS}
        if rs:
            try:
                rcal = calibration_for(ev, sorted(rs), exclude, {**settings, "recalibration": None})
                use = {b: s for b, s in rs.items() if b in rcal.fits_}
                if use:
                    th = dict(zip(rows["benchmark"], rows["thinking"].astype(bool)))
                    r = estimate_from(rcal, Request(scores=use, thinking={b: th.get(b, False) for b in use},
                                                    level=req.level, grid_b=req.grid_b), per_benchmark=False)
                    f = reasoning_flag(knowledge_b, r.params_b, list(use))
                    if f is not None:
                        flags.append(f)
            except FitError:
                pass  # no usable reasoning curve: nothing to compare
    return flags


def _split_block(req: Request, ev: Evidence, scores: Any, settings: dict,
                 rule: str) -> tuple[Request, dict]:
    """The request without its block benchmarks, and the block's ``{benchmark: (score,
    thinking, variant)}`` (a named model's from the data, a dict's from the dict)."""
    if isinstance(scores, str):
        if req.weights is None:
            return req, {}
        rows = ev.chosen_rows(req.weights, rule)
        have = {str(b): (float(s), bool(t), str(m)) for b, s, t, m in
                zip(rows["benchmark"], rows["score"], rows["thinking"], rows["model"])}
    else:
        have = {b: (s, bool(req.thinking.get(b, False)), "") for b, s in req.scores.items()}
    names = block_benchmarks(settings, [])
    knowledge = [b for b in req.scores if b not in names]
    if not knowledge:
        return req, {}  # only block benchmarks were given: they are the evidence
    block = {b: have[b] for b in names if b in have}
    if block and not isinstance(scores, str):
        req.scores = {b: req.scores[b] for b in knowledge}
        req.thinking = {b: v for b, v in req.thinking.items() if b in req.scores}
    return req, block


def _in_range(knowledge: SizeEstimate, post: Posterior, cal: Calibration, req: Request,
              block: dict, ev: Evidence, exclude: tuple[str, ...], settings: dict,
              given: bool) -> SizeEstimate:
    """The in-range estimate where the knowledge posterior ``post`` passes the gate
    (inversion.block): the block scores join, and the in-range low-end shape applies; else the
    knowledge one. ``given``: the block scores came from the user's dict (an unused one is
    flagged)."""
    usable = {b: s for b, s in req.scores.items() if b in cal.fits_}

    def joint() -> Calibration | None:
        try:
            return calibration_for(ev, sorted({*usable, *block}), exclude, {**settings, "in_range": True})
        except FitError:
            return None

    choice = in_range_choice(cal, post, usable, req.thinking, block, joint)
    unused = [b for b in block if choice is None or b not in choice.added] if given else []
    why = ("the knowledge scores do not bound the model below " f"{format_params(GATE_B)}, "
           "and above that reasoning benchmarks do not track size" if not gate_passes(post)
           else "no usable curve in the in-range calibration")
    # the user's own block scores are not silently dropped
    unused_flags = [make_flag("benchmark-unused", f"{b} not used: {why} (pass benchmarks=[...] to "
                              "use it anyway)", b) for b in unused]
    if choice is None:
        knowledge.diagnostics.flags += unused_flags
        return knowledge
    jreq = copy.copy(req)
    jreq.scores = {**req.scores, **choice.added}
    jreq.thinking = {**req.thinking, **choice.thinking}
    jreq.variants = {**req.variants, **{b: block[b][2] for b in choice.added if block[b][2]}}
    est = estimate_from(choice.cal, jreq)
    k = knowledge
    # the knowledge curves' vintage warning stands: the block's older calibration models
    # (MMLU goes back to 2020) do not make the knowledge curves see an older model
    have = set(est.flag_codes)
    est.diagnostics.flags += [f for f in k.flags if f.code == "pre-calibration-vintage" and f.code not in have]
    est.diagnostics.flags += unused_flags
    alone = (f"knowledge scores alone bound the model below {format_params(GATE_B)} (the "
             f"knowledge calibration gives {format_params(k.params_b)}, "
             f"{format_params(k.lower_b)}-{format_params(k.upper_b)})")
    if choice.added:
        est.diagnostics.flags.append(make_flag(
            "reasoning-block", f"{describe(choice.added)} joined the knowledge scores: the {alone}",
            k.params_b))
    if choice.shaped:
        est.diagnostics.flags.append(make_flag(
            "low-end-shape", f"{' + '.join(choice.shaped)}: the curve's low-end shape was used, as "
            f"the {alone}", k.params_b))
    return est


def _estimate_one(scores: Mapping[str, float] | str, ev: Evidence, *, bench: list[str] | None,
                  level: float, thinking: Any, exclude: tuple[str, ...], grid_b: tuple,
                  n_questions: Any, point: str, calibration: Calibration | None, refusal: Any,
                  settings: dict, training_tokens_b: float | None = None) -> SizeEstimate:
    """estimate_size after its checks: what estimate_sizes calls for every model."""
    rule = settings.get("variant_rule", "think")
    if isinstance(scores, str):
        req, group = _named_request(ev, scores, bench or default_evidence(), rule)
        if bool(group["open_weights"].astype(bool).any()):
            # a named open model is never part of its own calibration
            exclude = (*exclude, req.weights, *sorted(set(group["model"].astype(str))))
    else:
        score_dict = parse_score_dict(scores)
        if bench is not None:
            missing = set(bench) - set(score_dict)
            if missing:
                raise InputError(f"benchmarks {sorted(missing)} were named but have no score")
            score_dict = {k: v for k, v in score_dict.items() if k in bench}
        req = Request(scores=score_dict, thinking=parse_thinking(thinking, score_dict))
    req.level, req.point, req.grid_b = level, point, tuple(float(v) for v in grid_b)
    req.n_questions.update(parse_n_questions(n_questions, req.scores))
    # the gated reasoning block is held apart from the knowledge evidence (inversion.block);
    # with benchmarks= or calibration= given, the evidence is exactly what was asked for
    block: dict = {}
    if bench is None and calibration is None:
        req, block = _split_block(req, ev, scores, settings, rule)
    if calibration is None:
        cal = calibration_for(ev, sorted(req.scores), exclude, settings)
    else:
        if settings:
            raise InputError("pass Calibration settings either to Calibration(...) or here, not both")
        if not hasattr(calibration, "fits_"):
            raise InputError("calibration= must be a fitted paramest.Calibration (call .fit() first)")
        cal = calibration
    # the knowledge posterior, computed once: the estimate and the in-range gate both read it
    usable = {b: s for b, s in req.scores.items() if b in cal.fits_}
    post = posterior(cal, usable, thinking=req.thinking, n_questions=req.n_questions,
                     xg=make_grid(req.grid_b)) if usable else None
    est = knowledge = estimate_from(cal, req, post=post)
    if calibration is None:
        est = _in_range(knowledge, post, cal, req, block, ev, exclude, settings,
                        given=not isinstance(scores, str))
    est.diagnostics.flags += _visibility_flags(est, req, ev, cal, scores, bench, exclude, settings,
                                               training_tokens_b, knowledge_b=knowledge.params_b)
    rates = _parse_refusal(refusal, req.scores)
    if (isinstance(scores, str) and refusal is not False) or rates:
        est.diagnostics.refusal = _refusal_adjusted(est, req, ev, exclude, settings, rates)
        r = est.diagnostics.refusal
        if r is not None:
            est.diagnostics.flags.append(make_flag(
                "refusal", f"refusals ({max(r['refusal_rate'].values()):.1%}, IKP tier {r['tier']}): "
                f"counted as wrong, the floor is {format_params(est.params_b)}; answered at the "
                f"model's own rate, {format_params(r['params_b'])} ({r['shift_dex']:+.2f} dex, "
                f"{r['shift']})", r["tier"]))
    return est


def estimate_size(
    scores: Mapping[str, Any] | str,
    *,
    data: pd.DataFrame | Evidence | None = None,
    benchmarks: Sequence[str] | str | None = None,
    level: float = 0.9,
    thinking: bool | Mapping[str, bool] | None = None,
    exclude: Iterable[str] | None = (),
    grid_b: tuple[float, float] = GRID_B,
    n_questions: Mapping[str, float] | None = None,
    point: str = "median",
    calibration: Calibration | None = None,
    refusal: bool | Mapping[str, float] = True,
    training_tokens_b: float | None = None,
    **settings: Any,
) -> SizeEstimate:
    """Estimate a model's total parameter count from its benchmark scores.

    Parameters
    ----------
    scores : dict or str
        ``{benchmark: score}`` (fractions; percent detected when unambiguous; an
        AA-Omniscience score may be ``{"accuracy": ..., "hallucination_rate": ...}``: the
        accuracy is used, and a warning says the rate is not, as it has not been shown to
        help in validation), or a
        model name: a shipped model, or one that exists only in ``data``. A name stands
        for its whole set of weights: ``"o3"`` and ``"o3-high"`` give one answer.
    data : pandas.DataFrame, optional
        Scores in the :func:`paramest.load_scores` format (default: shipped), e.g.
        ``paramest.combine(paramest.read_scores("mine.csv"))``. Open-weight rows of known
        size calibrate; rows of the named model are its evidence.
    benchmarks : str or sequence of str, optional
        Benchmarks to use. Default: the knowledge benchmarks among the model's scores
        (with a dict, every benchmark given).
    level : float
        Interval level (0.9).
    thinking : bool or dict, optional
        For a dict of scores: whether they were obtained in a reasoning setting (all, or
        per benchmark; booleans only). Default False.
    exclude : iterable of str
        Model or weights ids to leave out of the calibration and of the interval
        recalibration. A named open model's own weights are always left out.
    grid_b : (float, float)
        Range of sizes (billions) searched; an interval end within 0.5 dex of it is
        reported as unbounded.
    n_questions : dict, optional
        Questions in the model's own evaluation per benchmark (whole numbers), when it was
        scored on a subset.
    point : {"median", "mode"}
        Point estimate: posterior median (default) or maximum.
    calibration : Calibration, optional
        A fitted calibration to reuse.
    refusal : bool or dict
        For a named model with a refusal record, also estimate its size with refusals
        answered at its own accuracy on the questions it attempted
        (``SizeEstimate.refusal``, with IKP's confidence tier of its refusal rate). For
        scores you give, pass the share refused, ``{"ikp": 0.3}``.
    training_tokens_b : float, optional
        Pretraining tokens, billions (default: the shipped count of a named model, where a
        report states it). A model trained on far fewer tokens per parameter than the
        calibration models is flagged ``undertrained``.
    **settings
        :class:`paramest.Calibration` settings (``form``, ``likelihood``, ``df``,
        ``mode_term``, ``pool_settings``, ``variant_rule``, ``min_models``,
        ``min_slope_z``, ``alt_forms``, ``recalibration``).

    Returns
    -------
    SizeEstimate
        Every warning-level flag is also issued through :mod:`warnings`, with a paramest
        warning class per kind (:mod:`paramest.flags`).

    Raises
    ------
    UnknownModelError, UnknownBenchmarkError, ScoreScaleError, InputError
        Bad input, with how to fix it.
    FitError
        No benchmark of the evidence has a usable curve.

    Examples
    --------
    >>> import paramest as pe
    >>> est = pe.estimate_size({"simpleqa": 0.3})
    >>> est.lower_b < est.params_b < est.upper_b
    True
    >>> est.benchmarks
    ['simpleqa']
    """
    level = check_level(level)
    if not MIN_LEVEL <= level <= MAX_LEVEL:
        raise InputError(f"level {level!r} cannot be resolved on the size grid: its interval ends "
                         f"would be posterior quantiles below {(1 - MAX_LEVEL) / 2:g}; use a level "
                         f"between {MIN_LEVEL} and {MAX_LEVEL}")
    check_settings(settings, "estimate_size")
    if point not in ("median", "mode"):
        raise InputError(f"point must be 'median' or 'mode', not {point!r}")
    make_grid(grid_b)  # checks it
    if isinstance(scores, pd.DataFrame):
        raise InputError("estimate_size() takes one model; for a frame of several models use "
                         "paramest.estimate_sizes(frame)")
    if not isinstance(scores, (str, Mapping)):
        raise InputError("scores must be a dict {benchmark: score} or a model name, not "
                         f"{type(scores).__name__} ({scores!r})")
    ev = as_evidence(data)
    est = _estimate_one(scores, ev, bench=benchmark_list(benchmarks), level=level,
                        thinking=thinking, exclude=check_exclude(exclude, ev), grid_b=grid_b,
                        n_questions=n_questions, point=point, calibration=calibration,
                        refusal=refusal, settings=settings,
                        training_tokens_b=None if training_tokens_b is None else
                        number_in(training_tokens_b, "training_tokens_b"))
    emit(est.diagnostics.flags, subject=est.model or "estimate", stacklevel=3)
    return est


def _names_of(models: Any, ev: Evidence) -> list[str]:
    if models is None:
        return list(dict.fromkeys(ev.scores["model"].astype(str)))
    if isinstance(models, str):
        return [models]
    return [str(m) for m in check_names(models, "models")]


def estimate_sizes(
    models: pd.DataFrame | Sequence[str] | None = None,
    *,
    data: pd.DataFrame | Evidence | None = None,
    closed_only: bool = False,
    progress: Any = None,
    **kwargs: Any,
) -> pd.DataFrame:
    """Estimate many models at once: one row per set of weights.

    Parameters
    ----------
    models : DataFrame or list of str, optional
        A score frame (:func:`paramest.read_scores` format; every model in it is
        estimated, its rows added to the calibration data), or model names. Default: every
        model of ``data`` (shipped data by default).
    data : pandas.DataFrame, optional
        Calibration data (default: shipped). A frame passed as ``models`` is combined with it.
    closed_only : bool
        Keep only models without open weights (the main job: ``paramest estimate --all-closed``).
    progress : callable, optional
        Called as ``progress(0, total, "")`` before the first estimate, then as
        ``progress(done, total, model)`` after each set of weights estimated
        (the CLI's progress line).
    **kwargs
        Passed to :func:`estimate_size` (``level``, ``benchmarks``, settings, ...).

    Returns
    -------
    pandas.DataFrame
        One row per set of weights: ``model`` (the first name asked for), ``weights``,
        ``variants``, ``params_b, lower_b, upper_b, interval, open_lower, open_upper,
        extrapolation_dex, form_dependent``, the other forms' estimates, ``disclosed_b``,
        ``flag_codes`` and ``flags``, one ``score_<benchmark>`` column per benchmark, and
        ``error`` (why a model could not be estimated). ``attrs`` hold the data version and
        the benchmarks that could not be used, once each. One warning per flag code is
        issued for the whole table (with the count of rows it concerns).

    Raises
    ------
    InputError, FileFormatError, ScoreScaleError, ConflictError
        ``models`` or ``data`` is not a valid score frame (a model that cannot be
        estimated gets an ``error`` row instead).
    UnknownBenchmarkError
        ``benchmarks`` names an unknown benchmark.

    Examples
    --------
    >>> import paramest as pe
    >>> t = pe.estimate_sizes(["gpt-4o", "gpt-4o-2024-08-06"])   # doctest: +SKIP
    >>> list(t["weights"])                                         # doctest: +SKIP
    """
    closed_only = check_bool(closed_only, "closed_only")
    if isinstance(models, pd.DataFrame):
        ev = as_evidence(combine(as_evidence(models, "models").scores,
                                 as_evidence(data).scores))
        names = list(dict.fromkeys(models["model"].astype(str)))
    else:
        ev = as_evidence(data)
        names = _names_of(models, ev)
    level = check_level(kwargs.pop("level", 0.9))
    settings = {k: kwargs.pop(k) for k in list(kwargs) if k in SETTINGS}
    check_settings(settings, "estimate_sizes")
    bench = benchmark_list(kwargs.pop("benchmarks", None))
    exclude = check_exclude(kwargs.pop("exclude", ()), ev)
    opts = {"thinking": kwargs.pop("thinking", None), "grid_b": kwargs.pop("grid_b", GRID_B),
            "n_questions": kwargs.pop("n_questions", None), "point": kwargs.pop("point", "median"),
            "calibration": kwargs.pop("calibration", None), "refusal": kwargs.pop("refusal", True)}
    if kwargs:
        raise InputError(f"unknown argument(s) {sorted(kwargs)} for estimate_sizes")
    evidence = bench or default_evidence()
    s = ev.scores
    has_ev = set(s.loc[s["benchmark"].isin(evidence), "weights"])
    open_w = set(s.loc[s["open_weights"].astype(bool), "weights"])
    users = sorted(set(s["model"].astype(str)))
    rows, seen, unusable, todo = [], set(), {}, []
    extra = tuple(users)
    for name in names:  # resolve first, so that progress counts what will be estimated
        try:
            mid = resolve_model(name, extra=extra)
        except UnknownModelError as err:
            rows.append(pd.DataFrame([{"model": name, "error": str(err)}]))
            continue
        w = ev.weights_of(mid)
        if w in seen or w not in has_ev or (closed_only and w in open_w):
            continue
        seen.add(w)
        todo.append((mid, w))
    if progress is not None:
        progress(0, len(todo), "")  # the total is known before the first (slow) estimate
    for i, (mid, w) in enumerate(todo):
        try:
            e = _estimate_one(mid, ev, bench=bench, level=level, exclude=exclude, settings=settings,
                              **opts)
        except (FitError, InputError) as err:
            rows.append(pd.DataFrame([{"model": mid, "weights": w, "error": str(err)}]))
        else:
            for f in e.diagnostics.flags:
                if f.code == "benchmark-unused":
                    unusable.setdefault(str(f.value), f.message.split(" not used: ", 1)[-1])
            e.diagnostics.flags = [f for f in e.diagnostics.flags if f.code != "benchmark-unused"]
            rows.append(e.to_frame())
        if progress is not None:
            progress(i + 1, len(todo), mid)
    out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
    if "error" in out:
        out["error"] = out["error"].fillna("")
    for i, f in (family_order_flags(out) if "flag_codes" in out else {}).items():
        out.at[i, "flag_codes"] = [*out.at[i, "flag_codes"], f.code]
        out.at[i, "flags"] = [*out.at[i, "flags"], f.message]
    out.attrs["data_version"] = ev.data_version
    out.attrs["unused_benchmarks"] = unusable
    _warn_table(out)
    return out


def _warn_table(out: pd.DataFrame) -> None:
    """One warning per warning-level flag code, with the rows it concerns."""
    from ..flags import FLAG_CODES

    if "flag_codes" not in out:
        return
    counts: dict[str, list[str]] = {}
    for name, codes in zip(out["model"], out["flag_codes"]):
        for c in codes if isinstance(codes, list) else []:
            if FLAG_CODES.get(c, ("info",))[0] == "warning":
                counts.setdefault(c, []).append(str(name))
    for code, names in counts.items():
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        warnings.warn(f"{len(names)} of {len(out)} estimates carry '{code}' ({FLAG_CODES[code][2]}): "
                      f"{shown}; see the flag_codes column", FLAG_CODES[code][1], stacklevel=3)
