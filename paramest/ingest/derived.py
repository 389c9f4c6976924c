"""Scores derived from the shipped tables: refusal-adjusted accuracies and IKP's tiers.

Nothing here is shipped as a number: every row is computed from shipped, sourced counts
(``ikp_tiers.csv``, ``signals.csv``, ``scores.csv``) by a documented rule, and names the
rows it came from.

Refusal-adjusted accuracy (benchmark ids ``ikp-adjusted``, ``aa-omniscience-adjusted``)
    The published accuracy counts a refusal (IKP) or an abstention (AA-Omniscience) as
    wrong: a floor on what the model knows. The adjusted accuracy answers each refused
    question at the model's own accuracy on the questions it did attempt: per tier for
    IKP (``(correct + 2 p) / (attempted + 2)``, shrunk towards the model's pooled precision
    ``p`` so that a tier with few attempts is not noise), and overall for AA-Omniscience
    (precision = accuracy / (accuracy + wrong share), with wrong share = (1 - accuracy) x
    hallucination rate and abstentions = (1 - accuracy) x (1 - hallucination rate)).
IKP tiers (``ikp-t1`` ... ``ikp-t7``)
    correct / questions in each of IKP's seven obscurity tiers, with the tier's own
    question count in ``n_questions``.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from .shipped import load_scores
from .tables import SCORE_COLUMNS, load_ikp_tiers, load_models, load_signals

__all__ = ["ADJUSTED", "ADJUSTMENT_RULE", "derived_scores", "refusal_records"]

ADJUSTED = {"ikp": "ikp-adjusted", "aa-omniscience": "aa-omniscience-adjusted"}
ADJUSTMENT_RULE = ("refused questions answered at the model's own accuracy on the questions it "
                   "attempted (per IKP tier; overall for AA-Omniscience)")
_SHRINK = 2.0  # pseudo-attempts of the pooled precision in a tier's own precision


def _ikp_rows() -> pd.DataFrame:
    t = load_ikp_tiers()
    t = t[t["n_questions"] > 0]  # a tier a model was not asked (partial runs) carries no score
    t["attempted"] = t["correct"] + t["wrong"]
    pooled = t.groupby("model")[["correct", "attempted"]].transform("sum")
    p = (pooled["correct"] / pooled["attempted"].replace(0, np.nan)).fillna(0.0)
    rate = (t["correct"] + _SHRINK * p) / (t["attempted"] + _SHRINK)
    t["adjusted"] = (t["correct"] + t["refused"] * rate) / t["n_questions"]
    t["floor"] = t["correct"] / t["n_questions"]
    g = t.groupby("model")
    adj = pd.DataFrame({
        "benchmark": "ikp-adjusted", "score": g["adjusted"].mean(),
        "refusal_rate": g["refused"].sum() / g["n_questions"].sum(),
        "floor": g["floor"].mean(), "n_questions": g["n_questions"].sum(),
        "source": g["source"].first() + "; refusal-adjusted: " + ADJUSTMENT_RULE,
    }).reset_index()
    tiers = pd.DataFrame({
        "model": t["model"], "benchmark": "ikp-" + t["tier"].str.lower(),
        "score": t["floor"], "refusal_rate": t["refused"] / t["n_questions"],
        "floor": t["floor"], "n_questions": t["n_questions"],
        "source": t["source"] + " tier " + t["tier"]})
    return pd.concat([adj, tiers], ignore_index=True)


def _aa_rows() -> pd.DataFrame:
    sig = load_signals()[["model", "omniscience_hallucination_rate", "source"]].dropna()
    s = load_scores("aa-omniscience")
    s = s[s["precision"] == "exact"][["model", "score"]]
    d = sig.merge(s, on="model")
    acc, h = d["score"], d["omniscience_hallucination_rate"]
    wrong = (1 - acc) * h
    abstain = (1 - acc) * (1 - h)
    prec = acc / (acc + wrong).replace(0, np.nan)
    return pd.DataFrame({
        "model": d["model"], "benchmark": "aa-omniscience-adjusted",
        "score": (acc + abstain * prec.fillna(0.0)).clip(0, 1), "refusal_rate": abstain,
        "floor": acc, "n_questions": 6000.0,
        "source": d["source"] + " (accuracy and hallucination rate); adjusted: " + ADJUSTMENT_RULE})


@functools.cache
def _derived() -> pd.DataFrame:
    rows = pd.concat([_ikp_rows(), _aa_rows()], ignore_index=True)
    m = load_models()
    df = rows.merge(m.drop(columns=["name"]), on="model", how="inner")
    df["thinking"] = df["reasoning"]
    df["effort"] = ""
    df["variant"] = ""
    df["evaluator"] = "third-party"
    df["note"] = "derived (paramest.ingest.derived)"
    return df[[*SCORE_COLUMNS, "size_status", "n_questions", "refusal_rate", "floor"]]


def derived_scores(benchmarks: list[str] | None = None) -> pd.DataFrame:
    """Derived score rows in the :func:`paramest.load_scores` format.

    Parameters
    ----------
    benchmarks : list of str, optional
        Derived ids to return (``ikp-adjusted``, ``aa-omniscience-adjusted``,
        ``ikp-t1`` ... ``ikp-t7``); default all.

    Returns
    -------
    pandas.DataFrame
        Plus ``n_questions`` (per row), ``refusal_rate`` and ``floor`` (the unadjusted
        accuracy). Combine with shipped scores by concatenation: the ids never collide.
    """
    d = _derived().copy()
    if benchmarks is not None:
        d = d[d["benchmark"].isin(benchmarks)]
    return d.reset_index(drop=True)


def refusal_records(models: list[str]) -> pd.DataFrame:
    """Refusal rates of ``models`` on the benchmarks that record refusals.

    Parameters
    ----------
    models : list of str
        Model ids (canonical, as in :func:`paramest.load_models`). Models without a
        refusal record give no row.

    Returns
    -------
    pandas.DataFrame
        One row per (model, benchmark): ``model, benchmark`` (``ikp`` or
        ``aa-omniscience``), ``refusal_rate`` (share of questions refused or abstained
        on), ``floor`` (the unadjusted accuracy: refusals counted as wrong) and
        ``adjusted`` (the refusal-adjusted accuracy, module docstring).
    """
    d = _derived()
    d = d[d["model"].isin(models) & d["benchmark"].isin(ADJUSTED.values())]
    inv = {v: k for k, v in ADJUSTED.items()}
    return pd.DataFrame({"model": d["model"], "benchmark": d["benchmark"].map(inv),
                         "refusal_rate": d["refusal_rate"], "floor": d["floor"],
                         "adjusted": d["score"]}).reset_index(drop=True)
