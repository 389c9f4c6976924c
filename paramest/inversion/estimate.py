"""The one estimate step: a calibration and a model's scores -> a :class:`SizeEstimate`.

:func:`estimate_from` is the only place a posterior becomes an estimate. The entry points
(:func:`paramest.estimate_size`, :func:`paramest.estimate_sizes`), the refusal-adjusted
estimate and the validation harness all call it, so the figures validation reports are made
by the code users run.

What every estimate reports besides the interval:

* **one answer per set of weights**: the scores of its settings are chosen by the variant
  rule and listed in ``variants``;
* **extrapolation**: how far, in dex, the estimate lies beyond the largest (or below the
  smallest) calibration model;
* **curve form**: the estimate under the other curve forms; when one falls outside the
  interval, the estimate rests on the curve form (a flag);
* **a published or stated size**, when there is one, with a flag when the interval
  excludes it; flags for models released before the calibration period.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ..flags import Flag, make_flag
from ..regression import Calibration
from ..units import format_params
from .posterior import GRID_B, Posterior, covariates_for, make_grid, posterior, ten
from .result import CalibrationSummary, Diagnostics, Estimated, EvidenceUsed, SizeEstimate

__all__ = ["EXTRAPOLATION_WARN_DEX", "Request", "estimate_from"]

EXTRAPOLATION_WARN_DEX = 0.5  # beyond this distance from the calibration range, a warning


@dataclass
class Request:
    """What is asked of :func:`estimate_from`: one model's scores and how to report them.

    Attributes
    ----------
    scores : dict
        ``{benchmark: score}`` (fractions), canonical ids.
    thinking, n_questions : dict
        Per benchmark: reasoning setting of the score; questions in the model's own run.
    level : float
        Interval level.
    point : {"median", "mode"}
        Point estimate.
    grid_b : (float, float)
        Range of sizes searched, billions.
    model, weights : str, optional
        The model asked about and its set of weights.
    variants : dict
        Model id (setting) whose score was used, per benchmark.
    published : dict, optional
        A published or stated size: ``params_b, status, statement, source``.
    release_date : pandas.Timestamp, optional
        The model's release date (for the vintage flag).
    """

    scores: dict[str, float]
    thinking: dict[str, bool] = field(default_factory=dict)
    n_questions: dict[str, float] = field(default_factory=dict)
    level: float = 0.9
    point: str = "median"
    grid_b: tuple[float, float] = GRID_B
    model: str | None = None
    weights: str | None = None
    variants: dict[str, str] = field(default_factory=dict)
    published: dict | None = None
    release_date: Any = None


def _score_flags(cal: Calibration, usable: Mapping[str, float]) -> list[Flag]:
    """Flags about single scores: below chance, above every calibration model's score."""
    flags = []
    for b, y0 in usable.items():
        f = cal.fits_[b]
        if y0 < f.chance_:
            flags.append(make_flag("below-chance", f"{b} score {y0:.3g} is below the benchmark's "
                                   f"chance level {f.chance_:g}: it bounds nothing from below", y0))
        if y0 > float(f.data_["score"].max()):
            flags.append(make_flag("above-calibration", f"{b} score {y0:.3g} is above every "
                                   "calibration model's score", y0))
    return flags


def _per_benchmark(cal: Calibration, req: Request, usable: Mapping[str, float], levels: tuple,
                   xg: np.ndarray) -> pd.DataFrame:
    """Each benchmark's own estimate and its share of the joint answer."""
    rows = []
    for b, y0 in usable.items():
        f = cal.fits_[b]
        r = posterior(cal, {b: y0}, thinking=req.thinking, n_questions=req.n_questions, xg=xg,
                      forms=False).summary(levels, req.point)
        pf = [str(fl.code).replace("-", " ") for fl in _score_flags(cal, {b: y0})]
        width = r["hi"] - r["lo"] if math.isfinite(r["hi"] - r["lo"]) else math.inf
        rows.append({"benchmark": b, "score": y0, "model": req.variants.get(b, req.model),
                     "thinking": bool(req.thinking.get(b, False)), "params_b": ten(r["x"]),
                     "lower_b": ten(r["lo"]), "upper_b": ten(r["hi"]),
                     "open_lower": r["open_lower"], "open_upper": r["open_upper"],
                     "width_dex": width, "n_calibration": f.n_models_,
                     "calibration_max_b": f.x_range_b_[1], "flags": pf})
    df = pd.DataFrame(rows)
    # weight of each benchmark in the joint answer: its share of the precision (1 / width^2)
    prec = 1 / df["width_dex"].to_numpy(float) ** 2
    df["weight"] = prec / prec.sum() if prec.sum() > 0 else np.nan
    return df


def _range_of_information(cal: Calibration, usable: Mapping[str, float], est: float) -> list[Flag]:
    """``beyond-informative-range``: the estimate lies above where a benchmark still tracks size."""
    if not (0 < est < math.inf):
        return []
    beyond = []
    for b in usable:
        if est <= cal.fits_[b].x_range_b_[0] * 10:
            continue  # far inside the range: nothing to check
        info = cal.informative_range(b)
        top = info["informative_max_b"]
        if math.isfinite(top) and top < cal.fits_[b].x_range_b_[1] and est > top:
            beyond.append((b, top, info["top_slope"], info["top_slope_se"]))
    if not beyond:
        return []
    carried = all("top_slope" in cal.fits_[b].covariates for b, *_ in beyond)
    words = "; ".join(f"{b} stops tracking size above {format_params(top)} (slope there "
                      f"{s:.2f} +- {se:.2f} logit per dex)" for b, top, s, se in beyond)
    rest = [b for b in usable if b not in {x[0] for x in beyond}]
    tail = (f"above that the estimate rests on {' + '.join(rest)}" if rest else
            "nothing else carries size information above that")
    if carried:
        tail += "; the interval carries this (top-slope term)"
    sev = "info" if (rest or carried) and carried else "warning"
    return [make_flag("beyond-informative-range", f"{words}: {tail}",
                      round(math.log10(est / min(x[1] for x in beyond)), 3), sev)]


def _consistency(cal: Calibration, usable: Mapping[str, float], covs: dict, x: float,
                 nq: Mapping[str, float]) -> float:
    """p-value of the joint standardised residual at the estimate (normal approximation)."""
    if not math.isfinite(x) or len(usable) < 2:
        return math.nan
    bs = list(usable)
    r, sd, ex = [], [], []
    for b in bs:
        m = cal.fits_[b].moments(np.array([x]), covariates=covs.get(b) or None, n_questions=nq.get(b))
        r.append(usable[b] - m.mean[0])
        sd.append(max(m.between_sd[0], 1e-9))
        ex.append(m.var_mean[0] + m.var_binom[0])
    q, rho = len(bs), cal.rho_
    S = np.outer(sd, sd) * (np.full((q, q), rho) + np.eye(q) * (1 - rho)) + np.diag(ex)
    maha = float(np.array(r) @ np.linalg.solve(S, np.array(r)))
    return float(stats.chi2.sf(maha, q - 1))


def _forms(cal: Calibration, post: Posterior, main: dict) -> tuple[dict, bool, float, list[Flag]]:
    """Every curve form's estimate, whether the answer rests on the form, and its flag."""
    forms = {cal.form: {"params_b": ten(main["x"]), "lower_b": ten(main["lo"]),
                        "upper_b": ten(main["hi"])}}
    dependent, spread = False, 0.0
    for form, xa in post.alt.items():
        ia = post.alt_intervals[form]
        forms[form] = {"params_b": ten(xa), "lower_b": ten(ia[0]), "upper_b": ten(ia[1])}
        if math.isfinite(xa) and math.isfinite(main["x"]):
            spread = max(spread, abs(xa - main["x"]))
        dependent |= not (main["lo"] <= xa <= main["hi"])
    flags = []
    if dependent:
        # Marked, not widened: on held-out open models, widening to cover the other forms
        # rescued no interval (benchmarks/results/validation.md) and would make frontier
        # intervals span orders of magnitude.
        flags.append(make_flag("rests-on-form", "the answer rests on the curve form: " + ", ".join(
            f"{f} {format_params(v['params_b'])}" for f, v in forms.items())
            + f" ({spread:.1f} dex apart); the interval is the {cal.form} form's", round(spread, 3)))
    return forms, dependent, spread, flags


def _range_flags(main: dict, est: float, cal_lo: float, cal_hi: float,
                 grid_b: tuple[float, float]) -> tuple[float, list[Flag]]:
    """Extrapolation distance and the flags about where the estimate lies."""
    flags, ext = [], 0.0
    if est > cal_hi:
        ext = math.log10(est / cal_hi) if math.isfinite(est) else math.inf
        if math.isfinite(ext):
            sev = "warning" if ext > EXTRAPOLATION_WARN_DEX else "info"
            flags.append(make_flag("extrapolation", f"extrapolated {ext:.1f} dex beyond the largest "
                                   f"calibration model ({format_params(cal_hi)})", round(ext, 3), sev))
        else:
            flags.append(make_flag("no-finite-estimate", "no finite estimate: the score lies beyond "
                                   "where the curve goes"))
    elif est < cal_lo:
        ext = math.log10(est / cal_lo) if est > 0 else -math.inf
        flags.append(make_flag("extrapolation", "extrapolated below the smallest calibration model "
                               f"({format_params(cal_lo)})", round(ext, 3) if math.isfinite(ext) else None))
    if main["open_lower"] or main["open_upper"]:
        side = "above" if main["open_upper"] and not main["open_lower"] else \
            "below" if main["open_lower"] and not main["open_upper"] else "on both sides"
        flags.append(make_flag("open-interval", f"the interval is unbounded {side}: the data do not "
                               f"bound the size within {format_params(grid_b[0])}-"
                               f"{format_params(grid_b[1])}", side))
    return ext, flags


def _published_flags(req: Request, cal: Calibration, lo_b: float, hi_b: float) -> list[Flag]:
    flags = []
    first, _ = cal.release_range()
    date = pd.Timestamp(req.release_date) if req.release_date is not None and pd.notna(req.release_date) else pd.NaT
    if pd.notna(date) and pd.notna(first) and date < first:
        flags.append(make_flag("pre-calibration-vintage", f"released {date.date()}, before most "
                               f"calibration models (5th percentile {first.date()}): older models "
                               "were trained on fewer tokens per parameter and come out too small",
                               str(date.date())))
    pub = req.published
    if pub and pub.get("params_b") is not None and math.isfinite(float(pub["params_b"])):
        size = float(pub["params_b"])
        if not lo_b <= size <= hi_b:
            status = pub.get("status", "")
            flags.append(make_flag("disclosed-contradiction", f"the {status or 'published'} size "
                                   f"{format_params(size)} lies outside the interval: the estimate "
                                   "contradicts it", size))
    return flags


def estimate_from(cal: Calibration, req: Request, *, post: Posterior | None = None,
                  levels: tuple[float, float] | None = None, recalibration: dict | None = None,
                  per_benchmark: bool = True) -> SizeEstimate:
    """Turn a calibration and one model's scores into a :class:`SizeEstimate`.

    Parameters
    ----------
    cal : Calibration
        Fitted.
    req : Request
        The scores and how to report them.
    post : Posterior, optional
        The joint posterior, when the caller already has it (validation computes it first,
        for the PIT values); computed here otherwise.
    levels : (float, float), optional
        Posterior quantile levels of the interval ends; default: the calibration's
        recalibrated levels (:meth:`Calibration.interval_levels`).
    recalibration : dict, optional
        Provenance of ``levels`` when they are given (None: raw posterior quantiles).
    per_benchmark : bool
        Also estimate from each benchmark alone (``per_benchmark`` table, the driver) and
        check each benchmark's informative range (a side fit per curve). Validation turns
        it off; the estimate, its interval and every other flag do not depend on it.

    Returns
    -------
    SizeEstimate

    Raises
    ------
    FitError
        No benchmark of ``req.scores`` has a usable curve.
    """
    from ..errors import FitError

    flags: list[Flag] = []
    usable = {b: s for b, s in req.scores.items() if b in cal.fits_}
    reasons = cal.screening_.set_index("benchmark")["reason"]
    for b in req.scores:
        if b not in cal.fits_:
            flags.append(make_flag("benchmark-unused", f"{b} not used: {reasons.get(b, 'no fitted curve')}", b))
    if not usable:
        raise FitError("no benchmark of this model has a usable curve: "
                       + "; ".join(f.message for f in flags))
    xg = make_grid(req.grid_b)
    if levels is None:
        levels, recalibration = cal.interval_levels(req.level, usable)
    per_df, driver = pd.DataFrame(), None
    flags += _score_flags(cal, usable)
    if per_benchmark:
        per_df = _per_benchmark(cal, req, usable, levels, xg)
        if per_df["weight"].notna().any():
            driver = str(per_df.loc[per_df["weight"].idxmax(), "benchmark"])
    if post is None:
        post = posterior(cal, usable, thinking=req.thinking, n_questions=req.n_questions, xg=xg)
    main = post.summary(levels, req.point)
    if all(y < cal.fits_[b].chance_ for b, y in usable.items()):
        # below chance everywhere: the scores say the model is small or the run is broken,
        # and bound nothing from below
        main = {**main, "lo": -math.inf, "open_lower": True}
    covs = covariates_for(cal, usable, req.thinking)
    cons_p = _consistency(cal, usable, covs, main["x"], req.n_questions)
    if math.isfinite(cons_p) and cons_p < 0.01:
        flags.append(make_flag("inconsistent-benchmarks", "the benchmarks disagree more than their "
                               f"scatter allows (consistency p = {cons_p:.2g}); check the scores and "
                               "settings", cons_p))
    forms, dependent, spread, fflags = _forms(cal, post, main)
    cal_lo, cal_hi = cal.x_range_b(list(usable))
    est = ten(main["x"])
    ext, rflags = _range_flags(main, est, cal_lo, cal_hi, req.grid_b)
    flags += fflags + rflags
    if per_benchmark:  # a side fit per curve: users' estimates, not validation's inner loop
        flags += _range_of_information(cal, usable, est)
    if cal.recalibration_ is None and recalibration is None:
        why = getattr(cal, "recalibration_note_", "") or "no recalibration"
        flags.append(make_flag("not-recalibrated", f"interval not recalibrated ({why}): it is the "
                               "raw posterior's and may be too narrow", why))
    lo_b, hi_b = ten(main["lo"]), ten(main["hi"])
    flags += _published_flags(req, cal, lo_b, hi_b)
    return SizeEstimate(
        Estimated(model=req.model, weights=req.weights, params_b=est, lower_b=lo_b, upper_b=hi_b,
                  level=req.level, open_lower=bool(main["open_lower"]),
                  open_upper=bool(main["open_upper"]), form=cal.form, point=req.point),
        EvidenceUsed(benchmarks=list(usable), scores=dict(usable),
                     variants={b: v for b, v in req.variants.items() if b in usable},
                     thinking={b: bool(req.thinking.get(b, False)) for b in usable},
                     n_questions={b: v for b, v in req.n_questions.items() if b in usable},
                     per_benchmark=per_df, consistency_p=cons_p, driver=driver),
        CalibrationSummary(n_calibration=len(cal.units(list(usable))), calibration_range_b=(cal_lo, cal_hi),
                           rho=cal.rho_ if len(usable) > 1 else math.nan, recalibration=recalibration,
                           data_version=cal.data_version_, data_source=cal.data_source_,
                           grid_b=tuple(float(v) for v in req.grid_b), sources=cal.sources(list(usable))),
        Diagnostics(extrapolation_dex=ext, forms=forms, form_dependent=dependent,
                    form_spread_dex=spread, published=req.published, flags=flags))
