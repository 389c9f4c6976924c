"""The shipped scores, and the two rules every stage shares.

* The **conflict rule** (:func:`load_scores`): which source row to keep when several give
  a score for the same model, benchmark and setting.
* The **variant rule** (:func:`select_variants`): which setting of a set of weights
  speaks for it on a benchmark (one score per ``(weights, benchmark)``), used alike by
  calibration, validation and the estimate of a closed model.

Plus :func:`default_evidence`, the benchmarks a size estimate uses unless told otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..errors import InputError
from .names import resolve_benchmark
from .tables import SCORE_COLUMNS, load_benchmarks, load_models, read_shipped

__all__ = [
    "EFFORT_ORDER",
    "EVALUATOR_PRIORITY",
    "PRECISION_PRIORITY",
    "VARIANT_RULES",
    "default_evidence",
    "list_benchmarks",
    "load_scores",
    "select_variants",
]

# Conflict rule, step 2: who ran the evaluation. Independent harnesses first (one protocol
# for every model), then the developer's own report, then unknown, then a competitor's
# re-run (competitors have a motive and often a different harness). A user's own rows win.
EVALUATOR_PRIORITY = {"user": -1, "third-party": 0, "developer": 1, "unknown": 2, "competitor": 3}
# Conflict rule, step 3: exact values > rounded quotes > chart readings (+/-0.01).
PRECISION_PRIORITY = {"exact": 0, "rounded": 1, "chart": 2}
EFFORT_ORDER = {"max": 0, "xhigh": 1, "high": 2, "": 3, "medium": 4, "low": 5, "minimal": 6}
"""Rank of each reasoning-effort label in the variant rule (:func:`select_variants`).

With ``rule="think"`` a lower rank wins: higher reasoning effort first, and a setting with
no named effort (``""``, the provider's default) between ``high`` and ``medium``.
``rule="nothink"`` reverses the order. An effort label not listed ranks as ``""``.
"""
VARIANT_RULES = ("think", "nothink", "all")


def _thinking(df: pd.DataFrame) -> pd.Series:
    """Boolean thinking flag: the score row's own, else the model's reasoning flag."""
    own = df["thinking"] if "thinking" in df else pd.Series(np.nan, index=df.index)
    if own.dtype == bool:  # checked evidence: every row says (fast path of the inner loops)
        return own
    fallback = df["reasoning"] if "reasoning" in df else pd.Series(False, index=df.index)
    known = own.map(lambda v: isinstance(v, (bool, np.bool_)) or v in ("True", "False"))
    val = own.map(lambda v: v is True or v == "True" or (isinstance(v, np.bool_) and bool(v)))
    return val.where(known, fallback.fillna(False).astype(bool)).astype(bool)


def _pick_rows(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Conflict rule, steps 2-4, vectorised."""
    d = df.copy()
    d["_pri"] = d["evaluator"].map(EVALUATOR_PRIORITY).fillna(2)
    d["_prec"] = d["precision"].map(PRECISION_PRIORITY).fillna(0) if "precision" in d else 0
    for col in ("_pri", "_prec"):
        d = d[d.groupby(keys)[col].transform("min") == d[col]]
    d["_dist"] = (d["score"] - d.groupby(keys)["score"].transform("median")).abs()
    d = d.sort_values(keys + ["_dist", "source"], kind="mergesort")
    return d.drop_duplicates(keys).drop(columns=["_pri", "_prec", "_dist"])


def _scores_raw() -> pd.DataFrame:
    s = read_shipped("scores.csv").copy()
    for c in ("variant", "note", "effort", "precision"):
        s[c] = s[c].fillna("")
    return s


def load_scores(
    benchmarks: str | Iterable[str] | None = None,
    open_only: bool = False,
    *,
    all_sources: bool = False,
    variants: bool = False,
    include_excluded: bool = False,
) -> pd.DataFrame:
    """Shipped scores in long format, joined with the model table.

    Parameters
    ----------
    benchmarks : str or list of str, optional
        Benchmark ids (any spelling :func:`resolve_benchmark` accepts). Default: all.
    open_only : bool
        Keep only open-weight models.
    all_sources : bool
        Return every source row instead of one row per (model, benchmark).
    variants : bool
        Keep non-comparable settings (``variant`` not empty: a TriviaQA split or shot
        count, SimpleQA Verified F1, Chinese SimpleQA F-score, pass@16). Off by default.
    include_excluded : bool
        Keep models flagged in ``exclude_reason`` (IKP's own exclusions: superseded,
        extreme outlier, pathological refusal). Off by default.

    Returns
    -------
    pandas.DataFrame
        Columns: ``model, developer, family, weights, open_weights, arch, total_params_b,
        active_params_b, release_date, reasoning, benchmark, score, thinking, effort,
        variant, evaluator, source, note`` plus ``size_status, precision, n_sources,
        score_spread`` (the last two when one row is picked). ``thinking`` is the score
        row's reasoning setting (the model's reasoning flag where the source is silent).

    Raises
    ------
    UnknownBenchmarkError
        A name in ``benchmarks`` is not a known benchmark.

    Notes
    -----
    Conflict rule, when several rows give the same (model, benchmark):

    1. keep the default setting (``variant == ""``) unless ``variants=True``;
    2. prefer the evaluator: third party (IKP, Artificial Analysis, ObsScaling, the
       Chinese SimpleQA authors) > the model's developer > unknown > a competitor;
    3. prefer precision: exact values > rounded quotes > chart readings;
    4. among the rest, take the row closest to their median (ties: source order).

    ``n_sources`` and ``score_spread`` (max - min over all rows) show how much the
    sources disagreed. A model id names one setting (``-think``, an effort level), so
    settings never compete here; :func:`select_variants` chooses among them.
    """
    bench = None
    if benchmarks is not None:
        bench = [resolve_benchmark(b) for b in ([benchmarks] if isinstance(benchmarks, str) else benchmarks)]
    s = _scores_raw()
    if bench is not None:
        s = s[s["benchmark"].isin(bench)]
    if not variants:
        s = s[s["variant"] == ""]
    m = load_models()
    if not include_excluded:
        m = m[m["exclude_reason"] == ""]
    df = s.merge(m.drop(columns=["name"]), on="model", how="inner")
    if open_only:
        df = df[df["open_weights"]]
    df["thinking"] = _thinking(df)
    if not all_sources and len(df):
        keys = ["model", "benchmark"] + (["variant"] if variants else [])
        g = df.groupby(keys, sort=False)["score"]
        stats = pd.DataFrame({"n_sources": g.size(), "score_spread": g.max() - g.min()})
        df = _pick_rows(df, keys).merge(stats.reset_index(), on=keys)
    extra = ["size_status", "precision", "n_sources", "score_spread", "shots", "cot",
             "evaluated_by", "source_name"]
    cols = SCORE_COLUMNS + [c for c in extra if c in df.columns]
    return df[cols].sort_values(["benchmark", "model"]).reset_index(drop=True)


def select_variants(
    scores: pd.DataFrame,
    rule: str = "think",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One score per ``(weights, benchmark)``: the variant rule.

    Parameters
    ----------
    scores : pandas.DataFrame
        Scores in the :func:`load_scores` format (one row per model and benchmark).
    rule : {"think", "nothink", "all"}
        ``"think"`` (default) prefers the thinking setting, then the highest reasoning
        effort (:data:`EFFORT_ORDER`), then a non-base checkpoint, then the model id.
        ``"nothink"`` prefers the non-thinking setting first (the rule of paramest 0.1).
        ``"all"`` keeps every setting (for curves that model the setting with a
        ``thinking`` term). ``benchmarks/run_validation.py`` compares the rules.

    Returns
    -------
    kept, dropped : pandas.DataFrame
        The chosen rows, and the rows of other settings of the same weights.

    Raises
    ------
    InputError
        ``rule`` is not one of the rules.
    """
    if rule not in VARIANT_RULES:
        raise InputError(f"variant rule must be one of {VARIANT_RULES}, not {rule!r}")
    if scores.empty:
        return scores.copy(), scores.iloc[0:0].copy()
    weights = scores["weights"] if "weights" in scores else scores["model"]
    weights = weights.where(weights.notna() & (weights.astype(str) != ""), scores["model"])
    think = _thinking(scores)
    eff = (scores["effort"].fillna("").astype(str) if "effort" in scores
           else pd.Series("", index=scores.index)).map(EFFORT_ORDER).fillna(3)
    # the order on a narrow key frame, then one take of the wide one (the inner loops of
    # validation call this thousands of times)
    key = pd.DataFrame({"w": weights.to_numpy(), "b": scores["benchmark"].to_numpy(),
                        "t": (~think if rule == "think" else think).to_numpy(),
                        "e": (-eff if rule == "nothink" else eff).to_numpy(),
                        "base": scores["model"].astype(str).str.endswith("-base").to_numpy(),
                        "m": scores["model"].to_numpy()})
    key = key.sort_values(["w", "b", "t", "e", "base", "m"], kind="mergesort")
    first = np.ones(len(key), bool) if rule == "all" else ~key.duplicated(["w", "b"]).to_numpy()
    d = scores.iloc[key.index.to_numpy()]
    if "weights" not in d or not weights.equals(scores["weights"]):
        d = d.assign(weights=weights.iloc[key.index.to_numpy()].to_numpy())
    return d[first].copy(), d[~first].copy()


def default_evidence() -> list[str]:
    """Benchmarks a size estimate uses by default: the knowledge benchmarks.

    Reasoning-heavy benchmarks (MMLU, MMLU-Pro, GPQA) drift upward at fixed size and jump
    with thinking mode, so they are used only when asked for.

    Returns
    -------
    list of str
        Ids of the benchmarks with ``default_evidence`` set in :func:`load_benchmarks`,
        registered ones of kind ``"knowledge"`` included, in table order.
    """
    b = load_benchmarks()
    return list(b.loc[b["default_evidence"], "benchmark"])


def list_benchmarks() -> pd.DataFrame:
    """What ships, per benchmark: kind, question count and how many models have a score.

    Returns
    -------
    pandas.DataFrame
        One row per benchmark with ``n_scores`` (source rows), ``n_models``,
        ``n_open_sized`` (open-weight models of known size), ``n_open_weights`` (distinct
        sets of open weights of known size: the calibration units) and ``n_closed``.
    """
    b = load_benchmarks()
    s = load_scores()
    s["_sized"] = s["open_weights"] & s["total_params_b"].notna()
    s["_closed"] = ~s["open_weights"]
    g = s.groupby("benchmark")
    counts = pd.DataFrame({
        "n_scores": _scores_raw().groupby("benchmark").size(),
        "n_models": g["model"].nunique(),
        "n_open_sized": g["_sized"].sum(),
        "n_open_weights": s[s["_sized"]].groupby("benchmark")["weights"].nunique(),
        "n_closed": g["_closed"].sum(),
    })
    out = b.merge(counts, left_on="benchmark", right_index=True, how="left")
    for c in ("n_scores", "n_models", "n_open_sized", "n_open_weights", "n_closed"):
        out[c] = out[c].fillna(0).astype(int)
    return out[["benchmark", "name", "kind", "default_evidence", "n_questions", "chance",
                "n_scores", "n_models", "n_open_sized", "n_open_weights", "n_closed"]]
