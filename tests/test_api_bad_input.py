"""Bad inputs to fit / estimate_size / validate / CurveFit.predict: each raises a specific
paramest error whose message names the problem."""

from __future__ import annotations

import functools

import pandas as pd
import pytest
from simulate import simulate

import paramest as p
from paramest.errors import (
    ConflictError,
    FileFormatError,
    FitError,
    InputError,
    ParamestError,
    ScoreScaleError,
    UnknownBenchmarkError,
    UnknownModelError,
)


@functools.cache
def sim() -> pd.DataFrame:
    d, _ = simulate(30, 3)
    return d


@functools.cache
def fitted() -> p.CurveFit:
    return p.fit("ikp", sim())


def _with(**changes) -> pd.DataFrame:
    d = sim().copy()
    for k, v in changes.items():
        d.loc[0, k] = v
    return d


def _missing_cols() -> pd.DataFrame:
    return sim().drop(columns=["score", "total_params_b"])


def _conflict() -> pd.DataFrame:
    d = sim()
    dup = d.iloc[[0]].copy()
    dup["score"] = dup["score"] + 0.1
    return pd.concat([d, dup], ignore_index=True)


def _few() -> pd.DataFrame:
    return sim().iloc[:2]


def _one_size() -> pd.DataFrame:
    d = sim().copy()
    d["total_params_b"] = 8.0
    return d


CASES = [
    # id, callable, error class, keyword in message
    ("nan score", lambda: p.estimate_size({"ikp": float("nan")}, data=sim()), ScoreScaleError, "finite"),
    ("inf score", lambda: p.estimate_size({"ikp": float("inf")}, data=sim()), ScoreScaleError, "finite"),
    ("negative score", lambda: p.estimate_size({"ikp": -0.2}, data=sim()), ScoreScaleError, "negative"),
    ("score > 100", lambda: p.estimate_size({"ikp": 150}, data=sim()), ScoreScaleError, "percents"),
    ("non-number score", lambda: p.estimate_size({"ikp": "high"}, data=sim()), ScoreScaleError, "not a number"),
    ("mixed percent and fraction",
     lambda: p.estimate_size({"ikp": 62, "simpleqa": 0.4}, data=sim()), ScoreScaleError, "percent"),
    ("data score > 1", lambda: p.fit("ikp", _with(score=1.5)), ScoreScaleError, "fractions"),
    ("data score NaN", lambda: p.fit("ikp", _with(score=float("nan"))), ScoreScaleError, "NaN"),
    ("unknown benchmark", lambda: p.estimate_size({"ikpp": 0.5}, data=sim()),
     UnknownBenchmarkError, "unknown benchmark"),
    ("unknown benchmark in fit", lambda: p.fit("simple-qaa", sim()), UnknownBenchmarkError, "simpleqa"),
    ("unknown model", lambda: p.estimate_size("gpt-4oo"), UnknownModelError, "Did you mean"),
    ("empty dict", lambda: p.estimate_size({}, data=sim()), InputError, "no scores"),
    ("level 1.5", lambda: p.estimate_size({"ikp": 0.5}, data=sim(), level=1.5), InputError, "level"),
    ("level 1.5 in fit", lambda: p.fit("ikp", sim(), level=1.5), InputError, "level"),
    ("unknown setting", lambda: p.estimate_size({"ikp": 0.5}, data=sim(), method="nope"), InputError, "unknown setting"),
    ("point nope", lambda: p.estimate_size({"ikp": 0.5}, data=sim(), point="nope"), InputError, "point"),
    ("level as text", lambda: p.estimate_size({"ikp": 0.5}, data=sim(), level="0.9"), InputError, "level"),
    ("level None", lambda: p.estimate_size({"ikp": 0.5}, data=sim(), level=None), InputError, "level"),
    ("level True", lambda: p.fit("ikp", sim(), level=True), InputError, "level"),
    ("level the grid cannot resolve",
     lambda: p.estimate_size({"ikp": 0.5}, data=sim(), level=0.9999), InputError, "resolve"),
    ("grid from zero", lambda: p.estimate_size({"ikp": 0.5}, data=sim(), grid_b=(0, 1e6)), InputError, "grid_b"),
    ("grid reversed", lambda: p.estimate_size({"ikp": 0.5}, data=sim(), grid_b=(1e6, 0.01)), InputError, "grid_b"),
    ("grid infinite", lambda: p.estimate_size({"ikp": 0.5}, data=sim(), grid_b=(0.01, float("inf"))),
     InputError, "grid_b"),
    ("grid not a pair", lambda: p.estimate_size({"ikp": 0.5}, data=sim(), grid_b=5), InputError, "grid_b"),
    ("n_questions text", lambda: p.estimate_size({"ikp": 0.5}, data=sim(), n_questions={"ikp": "abc"}),
     InputError, "n_questions"),
    ("n_questions zero", lambda: p.estimate_size({"ikp": 0.5}, data=sim(), n_questions={"ikp": 0}),
     InputError, "positive"),
    ("n_questions not a dict", lambda: p.estimate_size({"ikp": 0.5}, data=sim(), n_questions=100),
     InputError, "dict"),
    ("n_questions in fit", lambda: p.fit("ikp", sim(), n_questions=-3), InputError, "positive"),
    ("scores as a list", lambda: p.estimate_size([0.5]), InputError, "dict"),
    ("scores as a frame", lambda: p.estimate_size(sim()), InputError, "estimate_sizes"),
    ("boolean score", lambda: p.estimate_size({"ikp": True}, data=sim()), ScoreScaleError, "boolean"),
    ("predict a string", lambda: fitted().predict("70B"), InputError, "parse_params"),
    ("combine a list of ints", lambda: p.combine([1, 2]), InputError, "DataFrame"),
    ("benchmarks as one string", lambda: p.estimate_size({"ikp": 0.4}, data=sim(), benchmarks="simpleqa"),
     InputError, "no score"),
    ("duplicate column names",
     lambda: p.fit("ikp", pd.concat([sim(), sim()[["score"]]], axis=1)), InputError, "duplicated column"),
    ("boolean scores in data", lambda: p.fit("ikp", sim().assign(score=True)), ScoreScaleError, "True/False"),
    ("form cubic", lambda: p.fit("ikp", sim(), form="cubic"), InputError, "form"),
    ("form cubic in estimate",
     lambda: p.estimate_size({"ikp": 0.5}, data=sim(), form="cubic"), InputError, "form"),
    ("predictor both", lambda: p.fit("ikp", sim(), predictor="both"), InputError, "predictor"),
    ("missing columns", lambda: p.fit("ikp", _missing_cols()), FileFormatError, "total_params_b"),
    ("missing columns in estimate",
     lambda: p.estimate_size({"ikp": 0.5}, data=_missing_cols()), FileFormatError, "score"),
    ("missing columns in validate",
     lambda: p.validate(["ikp"], data=_missing_cols()), FileFormatError, "lacks columns"),
    ("conflicting duplicates", lambda: p.fit("ikp", _conflict()), ConflictError, "conflicting"),
    ("conflicting duplicates in estimate",
     lambda: p.estimate_size({"ikp": 0.5}, data=_conflict()), ConflictError, "conflicting"),
    ("fewer than 4 models", lambda: p.fit("ikp", _few()), FitError, "at least 4"),
    ("too few models in estimate",
     lambda: p.estimate_size({"ikp": 0.5}, data=_few()), FitError, "fewer than min_models=8"),
    ("one distinct size", lambda: p.fit("ikp", _one_size()), FitError, "same size"),
    ("predict zero params", lambda: fitted().predict(0), InputError, "positive"),
    ("predict negative params", lambda: fitted().predict([10, -5]), InputError, "positive"),
    ("predict nan params", lambda: fitted().predict(float("nan")), InputError, "positive"),
    ("unknown covariate", lambda: p.fit("ikp", sim(), covariates=("gdp",)), InputError, "unknown covariate"),
    ("unknown split", lambda: p.validate(["ikp"], data=sim(), split="random"), InputError, "split"),
    ("data not a frame", lambda: p.fit("ikp", [1, 2, 3]), InputError, "DataFrame"),
    ("benchmark named twice",
     lambda: p.estimate_size({"simpleqa": 0.4, "SimpleQA": 0.4}, data=sim()), InputError, "twice"),
    ("benchmarks= without a score",
     lambda: p.estimate_size({"ikp": 0.4}, data=sim(), benchmarks=["ikp", "simpleqa"]),
     InputError, "no score"),
    ("unfitted curve", lambda: p.CurveFit("ikp").predict(10), FitError, "not fitted"),
]


@pytest.mark.parametrize("fn,err,word", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input(fn, err, word):
    with pytest.raises(err) as ei:
        fn()
    assert word.lower() in str(ei.value).lower(), str(ei.value)
    assert isinstance(ei.value, ParamestError) and isinstance(ei.value, ValueError)


def test_missing_columns_message_lists_what_is_missing():
    with pytest.raises(FileFormatError) as ei:
        p.fit("ikp", _missing_cols())
    msg = str(ei.value)
    assert "'score'" in msg and "'total_params_b'" in msg
    # the columns that are present are not reported as missing
    assert msg.split("(found")[0].count("'model'") == 0


def test_aa_record_with_hallucination_rate_uses_accuracy_and_says_so():
    # accepted as {"accuracy", "hallucination_rate"}; the rate is reported as unused, not dropped
    import warnings

    plain = p.estimate_size({"aa-omniscience": 0.3})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rec = p.estimate_size({"aa-omniscience": {"accuracy": 0.3, "hallucination_rate": 0.6}})
    assert rec.params_b == plain.params_b and rec.interval_text == plain.interval_text
    said = [w for w in caught if "hallucination_rate 0.6 is not used" in str(w.message)]
    assert said and said[0].filename == __file__  # points at the caller, not inside paramest
    for bad in ({"accuracy": 0.3, "hallucination_rate": 1.5}, {"accuracy": 0.3, "halluc": 0.2},
                {"hallucination_rate": 0.2}):
        with pytest.raises(p.InputError):
            p.estimate_size({"aa-omniscience": bad})
