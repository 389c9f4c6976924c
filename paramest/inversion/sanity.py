"""Warnings for models the curve cannot see: under-trained models, reasoning scores that
disagree with the knowledge scores, and tiers of one generation out of order.

The curve maps knowledge to size for models trained like the open calibration models. Three
things put a model outside what it can see, and each has a flag:

* ``undertrained``: a model trained on far fewer tokens per parameter than any calibration
  model (Gopher: about 1) knows less than its size suggests and comes out too small;
* ``knowledge-below-reasoning``: when reasoning benchmarks put a model more than 10x larger
  than its knowledge scores do, the knowledge estimate was low on held-out open models;
* ``family-order``: a lower tier of one generation (flash / pro, mini / full, haiku / sonnet
  / opus) estimated above its higher tier.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..flags import Flag, make_flag
from ..ingest import Evidence
from ..regression import REASONING_BENCHMARKS
from ..units import format_params

__all__ = ["REASONING_BENCHMARKS", "REASONING_RATIO", "TIER_RANK", "family_order_flags",
           "generation_and_tier", "tokens_per_param_range", "undertrained_flag"]

REASONING_RATIO = 10.0  # reasoning estimate / knowledge estimate above which the flag is raised
# rank of each tier word within one generation (higher = larger model)
TIER_RANK = {"nano": 0, "lite": 0, "flash-lite": 0, "haiku": 0, "mini": 1, "small": 1, "flash": 1,
             "sonnet": 2, "medium": 2, "": 2, "pro": 3, "large": 3, "opus": 3, "max": 4, "ultra": 4}
_TIERS = sorted((t for t in TIER_RANK if t), key=len, reverse=True)
# setting words that do not change the weights (the same generation and tier)
_SETTING = re.compile(r"-(think|thinking|reasoning|preview|latest|high|low|medium-effort|xhigh|minimal|"
                      r"instant|chat|instruct|exp|\d{4}-\d{2}-\d{2}|\d{4,8})$")


def tokens_per_param_range(ev: Evidence, units: Iterable[str]) -> tuple[float, float, int]:
    """5th and 95th percentile of training tokens per parameter over calibration units.

    Parameters
    ----------
    ev : Evidence
        Its model table carries ``training_tokens_b`` where a report states it.
    units : iterable of str
        Weights ids of the calibration units.

    Returns
    -------
    (float, float, int)
        The two percentiles and how many units have a count (NaN, NaN, 0 when none do).
    """
    m = ev.models
    if "training_tokens_b" not in m:
        return math.nan, math.nan, 0
    t = m[m["weights"].isin(set(units)) & m["training_tokens_b"].notna() & m["total_params_b"].notna()]
    t = t.drop_duplicates("weights")
    if t.empty:
        return math.nan, math.nan, 0
    tpp = t["training_tokens_b"].astype(float) / t["total_params_b"].astype(float)
    return float(tpp.quantile(0.05)), float(tpp.quantile(0.95)), int(len(tpp))


def undertrained_flag(tokens_b: float, size_b: float, size_what: str,
                      calib: tuple[float, float, int]) -> Flag | None:
    """The ``undertrained`` flag, when tokens per parameter fall below the calibration's range.

    Parameters
    ----------
    tokens_b : float
        Pretraining tokens, billions.
    size_b : float
        The size to divide by: a published size, else the interval's upper end (the largest
        the model can be, so the fewest tokens per parameter it can have been trained on).
    size_what : str
        How to name that size in the message.
    calib : (float, float, int)
        :func:`tokens_per_param_range` of the calibration units.

    Returns
    -------
    Flag or None

    Examples
    --------
    >>> undertrained_flag(300, 280, "its disclosed size", (20.0, 3000.0, 100)).code
    'undertrained'
    >>> undertrained_flag(15000, 8, "its size", (20.0, 3000.0, 100)) is None
    True
    """
    lo, hi, n = calib
    if not (math.isfinite(tokens_b) and tokens_b > 0 and 0 < size_b < math.inf) or n == 0:
        return None
    tpp = tokens_b / size_b
    if tpp >= lo:
        return None
    return make_flag("undertrained", f"trained on {tpp:.2g} tokens per parameter at {size_what} "
                     f"({format_params(size_b)}), below the {lo:.0f}-{hi:.0f} (5th-95th percentile) "
                     f"of the {n} calibration models with a known count: an under-trained model knows "
                     "less than its size suggests, so it comes out too small", round(tpp, 3))


def reasoning_flag(knowledge_b: float, reasoning_b: float, benchmarks: list[str]) -> Flag | None:
    """``knowledge-below-reasoning`` when the reasoning estimate is more than 10x the knowledge one.

    Parameters
    ----------
    knowledge_b, reasoning_b : float
        The two estimates, billions.
    benchmarks : list of str
        The reasoning benchmarks used.

    Returns
    -------
    Flag or None

    Examples
    --------
    >>> reasoning_flag(10, 500, ["mmlu-pro"]).code
    'knowledge-below-reasoning'
    """
    if not (0 < knowledge_b < math.inf and 0 < reasoning_b < math.inf):
        return None
    ratio = reasoning_b / knowledge_b
    if ratio <= REASONING_RATIO:
        return None
    return make_flag("knowledge-below-reasoning", f"reasoning benchmarks ({' + '.join(benchmarks)}) put "
                     f"this model at {format_params(reasoning_b)}, {ratio:.0f}x its knowledge estimate: "
                     "on held-out open models such a gap meant the knowledge estimate was too low",
                     round(math.log10(ratio), 3))


def generation_and_tier(weights: str) -> tuple[str, str] | None:
    """``(generation, tier)`` of a weights id: ``gemini-2.5-flash`` -> ``("gemini-2.5", "flash")``.

    Parameters
    ----------
    weights : str

    Returns
    -------
    (str, str) or None
        None when the id names no tier word and no sibling could be told apart; a model
        without a tier word is its generation's full tier (``""``).

    Examples
    --------
    >>> generation_and_tier("claude-haiku-4.5"), generation_and_tier("gpt-5-mini")
    (('claude-*-4.5', 'haiku'), ('gpt-5', 'mini'))
    """
    w = str(weights).lower()
    while True:
        w2 = _SETTING.sub("", w)
        if w2 == w:
            break
        w = w2
    for tier in _TIERS:
        pat = re.compile(rf"(^|-)({re.escape(tier)})(-|$)")
        mt = pat.search(w)
        if mt:
            gen = w[:mt.start(2)].rstrip("-")
            rest = w[mt.end(2):].lstrip("-")
            if tier in ("haiku", "sonnet", "opus"):
                return f"{gen}-*-{rest}" if rest else f"{gen}-*", tier
            return (f"{gen}-{rest}" if rest else gen), tier
    return w, ""


def family_order_flags(table: pd.DataFrame) -> dict[int, Flag]:
    """``family-order`` flags for the rows of an :func:`paramest.estimate_sizes` table.

    Parameters
    ----------
    table : pandas.DataFrame
        Rows with ``weights`` and ``params_b``.

    Returns
    -------
    dict of int -> Flag
        Row index -> flag, for every row whose tier is estimated above a higher tier of the
        same generation (or below a lower one).
    """
    if "weights" not in table or "params_b" not in table:
        return {}
    rows = []
    for i, w, p in zip(table.index, table["weights"], table["params_b"]):
        if not isinstance(w, str) or not (isinstance(p, float) and 0 < p < math.inf):
            continue
        g = generation_and_tier(w)
        if g is not None:
            rows.append((i, w, g[0], TIER_RANK[g[1]], float(p)))
    out: dict[int, Flag] = {}
    df = pd.DataFrame(rows, columns=["i", "w", "gen", "rank", "p"])
    for _, grp in df.groupby("gen"):
        if grp["rank"].nunique() < 2:
            continue
        for a in grp.itertuples():
            above = grp[(grp["rank"] > a.rank) & (grp["p"] < a.p)]
            if len(above):
                b = above.sort_values("p").iloc[0]
                out[a.i] = make_flag("family-order", f"{a.w} ({format_params(a.p)}) is estimated above "
                                     f"{b['w']} ({format_params(b['p'])}), a higher tier of the same "
                                     "generation: at least one of the two is off",
                                     round(float(np.log10(a.p / b["p"])), 3))
    return out
