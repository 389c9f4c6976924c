"""The arguments of the estimate entry points, checked once where they come in.

Each function turns one argument of :func:`paramest.estimate_size` or
:func:`paramest.estimate_sizes` into its checked form, or raises an :class:`InputError` that
says what was wrong and how to fix it.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from ..checks import check_bool, check_names, number_in
from ..errors import InputError, ParamestWarning, ScoreScaleError, UnknownModelError
from ..ingest import Evidence, detect_scale, resolve_benchmark, resolve_model
from ..regression import Calibration
from ..regression.calibration import INTERNAL_SETTINGS

__all__ = ["SETTINGS", "benchmark_list", "check_exclude", "check_settings", "parse_n_questions",
           "parse_score_dict", "parse_thinking"]

# the Calibration settings an estimate accepts as keywords
SETTINGS = tuple(k for k in Calibration().get_params()
                 if k not in ("benchmarks", "exclude", *INTERNAL_SETTINGS))


def benchmark_list(benchmarks: Any) -> list[str] | None:
    if benchmarks is None:
        return None
    if isinstance(benchmarks, str):
        benchmarks = [benchmarks]  # one benchmark, not one per character
    try:
        out = [resolve_benchmark(b) for b in benchmarks]
    except TypeError as e:
        raise InputError(f"benchmarks must be a benchmark id or a list of ids, not {benchmarks!r}") from e
    if not out:
        raise InputError("benchmarks=[] names no benchmark; leave it out (None) for the default "
                         "knowledge benchmarks")
    return out


def _accuracy_of(name: str, v: Mapping[str, Any]) -> Any:
    """The accuracy of an AA-Omniscience-style record; its hallucination rate is checked and
    reported as unused (no validated gain from it yet), never silently dropped."""
    bad = sorted(set(map(str, v)) - {"accuracy", "hallucination_rate"})
    if "accuracy" not in v or bad:
        raise ScoreScaleError(f"score for {name!r} is a dict with keys {sorted(map(str, v))}; pass "
                              "{'accuracy': 0.45, 'hallucination_rate': 0.6} (the second optional)")
    if "hallucination_rate" in v:
        h = v["hallucination_rate"]
        if isinstance(h, bool) or not isinstance(h, (int, float, np.number)) or not 0 <= h <= 1:
            raise ScoreScaleError(f"hallucination_rate of {name!r} is {h!r}; give a share in [0, 1]")
        warnings.warn(f"{name}: hallucination_rate {float(h):g} is not used: paramest estimates "
                      "from accuracy alone (the rate has not been shown to help in validation)",
                      ParamestWarning, stacklevel=5)
    return v["accuracy"]


def parse_score_dict(scores: Mapping[str, Any]) -> dict[str, float]:
    if not scores:
        raise InputError("no scores given; pass e.g. {'simpleqa': 0.42, 'ikp': 0.71}")
    out: dict[str, float] = {}
    for k, v in scores.items():
        b = resolve_benchmark(k)
        if isinstance(v, Mapping):  # {"accuracy": ..., "hallucination_rate": ...}
            v = _accuracy_of(k, v)
        if isinstance(v, (bool, np.bool_)):
            raise ScoreScaleError(f"score for {k!r} is {v!r}, a boolean, not a score")
        try:
            fv = float(v)
        except (TypeError, ValueError) as e:
            raise ScoreScaleError(f"score for {k!r} is {v!r}, not a number") from e
        if not math.isfinite(fv):
            raise ScoreScaleError(f"score for {k!r} is {v!r}; give a finite number in [0, 1]")
        if b in out:
            raise InputError(f"benchmark {b!r} given twice (as {k!r}); give one score per benchmark")
        out[b] = fv
    vals = np.array(list(out.values()))
    if (vals < 0).any():
        raise ScoreScaleError(f"negative score in {dict(scores)}; scores are fractions in [0, 1]")
    if ((vals > 1) & (vals < 1 + 1e-3)).any():
        # 1.0000001 is a fraction that overshot, not a percent: refuse rather than read 1%
        raise ScoreScaleError(f"a score in {dict(scores)} is just above 1; scores are fractions in "
                              "[0, 1] (or percents in [0, 100], all of them)")
    div = detect_scale(vals, "auto", "scores")
    return {k: v / div for k, v in out.items()}


def parse_thinking(thinking: Any, benchmarks: Iterable[str]) -> dict[str, bool]:
    if thinking is None:
        return {b: False for b in benchmarks}
    if isinstance(thinking, Mapping):
        return {resolve_benchmark(k): check_bool(v, f"thinking[{k!r}]") for k, v in thinking.items()}
    t = check_bool(thinking, "thinking")
    return {b: t for b in benchmarks}


def parse_n_questions(n_questions: Any, benchmarks: Iterable[str]) -> dict[str, float]:
    if n_questions is None:
        return {}
    if not isinstance(n_questions, Mapping):
        raise InputError("n_questions must be a dict {benchmark: question count}, not "
                         f"{type(n_questions).__name__}")
    out = {}
    for k, v in n_questions.items():
        n = number_in(v, f"n_questions[{k!r}]", hint=" (a positive whole number of questions)")
        if n < 1 or n != int(n):
            raise InputError(f"n_questions[{k!r}] must be a positive whole number of questions, "
                             f"not {v!r}")
        out[resolve_benchmark(k)] = n
    extra = set(out) - set(benchmarks)
    if extra:
        raise InputError(f"n_questions names {sorted(extra)}, which have no score")
    return out


def check_settings(settings: Mapping[str, Any], where: str) -> None:
    bad = sorted(set(settings) - set(SETTINGS))
    if bad:
        raise InputError(f"unknown setting(s) {bad} for {where}; Calibration settings are "
                         f"{sorted(SETTINGS)}")
    rc = settings.get("recalibration")
    if isinstance(rc, str) and rc != "shipped":
        raise InputError(f"recalibration must be 'shipped', None or a paramest.Recalibration, not {rc!r}")


def check_exclude(exclude: Any, ev: Evidence) -> tuple[str, ...]:
    names = check_names(exclude, "exclude")
    known = set(ev.scores["model"].astype(str)) | set(ev.scores["weights"].astype(str)) \
        | set(ev.models["model"].astype(str)) | set(ev.models["weights"].astype(str))
    out, unknown = [], []
    for n in names:
        if n in known:
            out.append(n)
            continue
        try:
            out.append(resolve_model(n, extra=sorted(set(ev.scores["model"].astype(str)))))
        except UnknownModelError:
            unknown.append(n)
    if unknown:
        raise UnknownModelError(f"exclude= names {unknown}, which are in neither the shipped "
                                "models nor your data; check the spelling (paramest.load_models() "
                                "lists the shipped ids)")
    return tuple(dict.fromkeys(out))
