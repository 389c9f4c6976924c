"""The gated reasoning block: reasoning benchmarks join the evidence only where size is in range.

Reasoning benchmarks (MMLU-Pro, GPQA-Diamond, MMLU) track total parameters among small and
mid-sized models, but at the frontier post-training, not size, decides them. So they are a
*gated* block (:attr:`paramest.Calibration.reasoning_block`):

1. the model is estimated from its knowledge scores alone;
2. when that posterior's 97.5% quantile is below :data:`GATE_B` (100B), the knowledge scores
   already place the model in range, and its reasoning scores join them in one joint
   inversion (a calibration on knowledge plus block benchmarks, with its own residual
   correlation);
3. otherwise (every frontier model) the answer is the knowledge-only one.

The gate reads the raw posterior, not the recalibrated interval, so that it does not depend
on the recalibration it feeds (the recalibration's PIT values are computed with the gate).
The 97.5% quantile is about where the recalibrated 90% interval ends (its upper level is
0.98-0.99 on the shipped data). The block and its gate were measured on the same folds as
the knowledge-only estimator (``benchmarks/run_validation.py``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ..ingest import Evidence, evidence_units
from ..regression import Calibration
from ..regression.calibration import INTERNAL_SETTINGS
from .posterior import Posterior, ten

__all__ = ["GATE_B", "GATE_QUANTILE", "InRange", "block_benchmarks", "block_scores", "default_method",
           "describe", "gate_passes", "in_range_choice"]

GATE_B = 100.0  # billions: the block is used only for models the knowledge scores bound below this
GATE_QUANTILE = 0.975  # the knowledge posterior's quantile that must lie below GATE_B


def block_benchmarks(settings: Mapping, evidence: Sequence[str]) -> list[str]:
    """The block benchmarks of a calibration's settings that are not already evidence.

    Parameters
    ----------
    settings : dict
        :class:`paramest.Calibration` settings (``reasoning_block`` key; absent means the
        default).
    evidence : sequence of str
        The knowledge evidence in use.

    Returns
    -------
    list of str

    Examples
    --------
    >>> block_benchmarks({"reasoning_block": ("mmlu-pro", "mmlu")}, ["simpleqa", "mmlu"])
    ['mmlu-pro']
    >>> block_benchmarks({"reasoning_block": ()}, ["simpleqa"])
    []
    """
    block = settings.get("reasoning_block", Calibration().reasoning_block)
    have = set(evidence)
    return [b for b in (block or ()) if b not in have]


def default_method() -> dict:
    """The default method's settings and gate: what the shipped recalibration was computed with.

    Returns
    -------
    dict
        The default :class:`paramest.Calibration` settings users can change (without
        ``benchmarks``, ``exclude``, ``recalibration``), plus ``gate_b`` and ``gate_quantile``.

    Examples
    --------
    >>> m = default_method()
    >>> m["gate_b"], m["reasoning_block"]
    (100.0, ('mmlu-pro', 'gpqa-diamond', 'mmlu'))
    """
    skip = ("benchmarks", "exclude", "recalibration", *INTERNAL_SETTINGS)
    return {**{k: v for k, v in Calibration().get_params().items() if k not in skip},
            "gate_b": GATE_B, "gate_quantile": GATE_QUANTILE}


def gate_passes(post: Posterior) -> bool:
    """Whether a knowledge posterior places the model in range for the block.

    Parameters
    ----------
    post : Posterior
        The knowledge-only posterior.

    Returns
    -------
    bool
        True when its :data:`GATE_QUANTILE` quantile is below :data:`GATE_B`.

    Examples
    --------
    >>> import numpy as np
    >>> from paramest.inversion.posterior import Posterior
    >>> xg = np.linspace(-2, 6, 801)
    >>> small = Posterior.from_loglik(xg, -0.5 * ((xg - 0.5) / 0.2) ** 2)   # about 3B
    >>> large = Posterior.from_loglik(xg, -0.5 * ((xg - 3.0) / 0.2) ** 2)   # about 1T
    >>> gate_passes(small), gate_passes(large)
    (True, False)
    """
    hi = ten(post.quantile(GATE_QUANTILE))
    return bool(math.isfinite(hi) and hi < GATE_B)


def block_scores(ev: Evidence, weights: Sequence[str], block: Sequence[str],
                 rule: str = "think") -> dict[str, tuple[dict, dict]]:
    """Each set of weights' block scores and their reasoning settings, by the variant rule.

    Parameters
    ----------
    ev : Evidence
    weights : sequence of str
        Weights ids (open or closed: held-out closed models of published size too).
    block : sequence of str
        Block benchmark ids.
    rule : {"think", "nothink", "all"}
        Variant rule.

    Returns
    -------
    dict
        ``{weights: ({benchmark: score}, {benchmark: thinking})}`` for the weights with at
        least one block score.
    """
    if not block or not len(weights):
        return {}
    s = ev.scores
    d = s[s["weights"].isin(set(weights)) & s["benchmark"].isin(set(block))].copy()
    if d.empty:
        return {}
    d["open_weights"] = True  # the held-out units' own rows, whatever their licence
    if d["total_params_b"].isna().any():
        d["total_params_b"] = d["total_params_b"].fillna(1.0)  # the size is not used here
    units = evidence_units(d, list(block), rule)
    return {str(w): (dict(sc), {b: bool(t) for b, t in th.items()})
            for w, sc, th in zip(units["weights"], units["scores"], units["thinking"])}


def describe(block: Mapping[str, float]) -> str:
    """``mmlu-pro 0.71 + gpqa-diamond 0.45``: the block scores, for a flag's message."""
    return " + ".join(f"{b} {s:.3g}" for b, s in block.items())


@dataclass
class InRange:
    """What the in-range calibration changes for one model.

    Attributes
    ----------
    cal : Calibration
        The in-range calibration (knowledge and block benchmarks, ``in_range=True``).
    scores, thinking : dict
        The scores to invert with it (knowledge first, then block) and their settings.
    added : dict
        The block scores that joined, ``{benchmark: score}``.
    shaped : list of str
        The model's benchmarks whose curve has the in-range low-end shape.
    """

    cal: Calibration
    scores: dict[str, float]
    thinking: dict[str, bool]
    added: dict[str, float] = field(default_factory=dict)
    shaped: list[str] = field(default_factory=list)


def in_range_choice(cal: Calibration, post: Posterior, scores: Mapping[str, float],
                    thinking: Mapping[str, bool], block: Mapping[str, tuple],
                    joint: Callable[[], Calibration | None]) -> InRange | None:
    """The in-range inversion of one model, or None when the knowledge one stands.

    The one decision behind users' estimates and validation's held-out ones.

    Parameters
    ----------
    cal : Calibration
        The knowledge calibration.
    post : Posterior
        The model's knowledge posterior under ``cal`` (the gate reads it).
    scores, thinking : dict
        The model's usable knowledge scores and their reasoning settings.
    block : dict
        ``{benchmark: (score, thinking, ...)}``: the model's block scores.
    joint : callable
        Returns the in-range calibration (fitted on first need), or None when it cannot
        be fitted.

    Returns
    -------
    InRange or None
        None when the gate fails, when the in-range calibration cannot be fitted, or when
        it would change nothing for this model (no block score, no shaped benchmark).
    """
    shaped = sorted(set(scores) & set(cal.in_range_shape()))
    if not (block or shaped) or not gate_passes(post):
        return None  # the in-range calibration would change nothing, or is not for this model
    jcal = joint()
    if jcal is None:
        return None
    added = {b: float(v[0]) for b, v in block.items() if b in jcal.fits_ and b not in scores}
    if not added and not shaped:
        return None
    if any(b not in jcal.fits_ for b in scores):
        return None  # a knowledge curve the in-range data cannot fit: keep the knowledge answer
    th = {**thinking, **{b: bool(block[b][1]) for b in added}}
    return InRange(jcal, {**dict(scores), **added}, th, added, shaped)
