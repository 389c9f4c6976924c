"""Synthetic calibration data with a known truth, in the paramest.load_scores() format.

Generating model (the one the statistics study recommends, so it is well specified):

    x = log10(params_b) ~ U[x_lo, x_hi]
    acc = c + (1 - c) * sigmoid(a + b * x + drift * (year - 2024) + u),   u ~ N(0, tau^2)
    (or u ~ tau * t(df) for heavy-tailed scatter)
    score = Binomial(n_q, acc) / n_q

c and n_q are the benchmark's chance level and question count from the shipped benchmark
table, so the fitted model and the simulated one agree. Each model is its own developer,
family and set of weights unless the caller says otherwise. Every random draw comes from
``np.random.default_rng(seed)``.

Tests import this module as ``from simulate import ...`` (pytest's default ``prepend``
import mode puts ``tests/`` on ``sys.path``).
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd
from scipy import special

import paramest
from paramest.ingest import SCORE_COLUMNS as COLUMNS  # the load_scores() columns

# Default truth: slope 1.2 logits per dex over 3.3 dex of sizes (1B .. 2T); on IKP
# (chance 0) the accuracy runs from about 0.08 to 0.8. tau/b = 0.29 dex is the noise floor.
A, B, TAU = -2.5, 1.2, 0.35


@functools.cache
def bench_info(benchmark: str) -> tuple[float, float]:
    """(chance, n_questions) of a shipped benchmark."""
    t = paramest.load_benchmarks().set_index("benchmark").loc[benchmark]
    nq = float(t["n_questions"]) if pd.notna(t["n_questions"]) else math.inf
    return float(t["chance"]), nq


def true_mean(x, a: float = A, b: float = B, benchmark: str = "ikp", shift=0.0) -> np.ndarray:
    c, _ = bench_info(benchmark)
    return c + (1 - c) * special.expit(a + b * np.asarray(x, float) + shift)


def observe(rng: np.random.Generator, acc: np.ndarray, benchmark: str) -> np.ndarray:
    _, nq = bench_info(benchmark)
    if not math.isfinite(nq):
        return np.asarray(acc, float)
    nq = int(nq)
    return rng.binomial(nq, np.clip(acc, 0, 1)) / nq


def frame(models: dict, benchmark: str, scores: np.ndarray) -> pd.DataFrame:
    """Rows in load_scores() format. ``models`` holds arrays: model, x and optional extras."""
    n = len(scores)
    names = list(models["model"])
    total = 10 ** np.asarray(models["x"], float)
    df = pd.DataFrame({
        "model": names,
        "developer": models.get("developer", [f"dev-{m}" for m in names]),
        "family": models.get("family", [f"fam-{m}" for m in names]),
        "weights": models.get("weights", names),
        "open_weights": models.get("open_weights", [True] * n),
        "arch": models.get("arch", ["dense"] * n),
        "total_params_b": total,
        "active_params_b": models.get("active_params_b", [np.nan] * n),
        "release_date": pd.to_datetime(models.get("release_date", ["2024-06-01"] * n)),
        "reasoning": models.get("reasoning", [False] * n),
        "benchmark": benchmark,
        "score": np.asarray(scores, float),
        "thinking": models.get("thinking", [False] * n),
        "effort": "",
        "variant": "",
        "evaluator": "third-party",
        "source": "simulation",
        "note": "",
    })
    return df[COLUMNS]


def simulate(n: int, seed: int, *, benchmark: str = "ikp", a: float = A, b: float = B,
             tau: float = TAU, x_lo: float = 0.0, x_hi: float = 3.3, prefix: str = "m",
             drift: float = 0.0, extra: dict | None = None,
             scatter_df: float | None = None) -> tuple[pd.DataFrame, np.ndarray]:
    """n open models on one benchmark. Returns (frame, true x).

    ``scatter_df`` draws the model effect u from tau * Student-t(scatter_df) (heavy tails)
    instead of N(0, tau^2).
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(x_lo, x_hi, n)
    u = rng.normal(0, tau, n) if scatter_df is None else tau * rng.standard_t(scatter_df, n)
    years = np.zeros(n)
    models: dict = {"model": [f"{prefix}{i:03d}" for i in range(n)], "x": x}
    if drift:
        years = rng.uniform(2023.0, 2026.0, n)
        models["release_date"] = [pd.Timestamp(2023, 1, 1) + pd.Timedelta(days=float(365.25 * (y - 2023)))
                                  for y in years]
    models.update(extra or {})
    acc = true_mean(x, a, b, benchmark, shift=u + drift * (years - 2024.0))
    return frame(models, benchmark, observe(rng, acc, benchmark)), x


def simulate_multi(n: int, seed: int, benchmarks=("ikp", "simpleqa", "aa-omniscience"), *,
                   coefs=((-2.5, 1.2), (-3.5, 1.0), (-2.8, 0.9)), tau: float = TAU,
                   rho: float = 0.6, x_lo: float = 0.0, x_hi: float = 3.3,
                   prefix: str = "m") -> tuple[pd.DataFrame, np.ndarray]:
    """n open models scored on several benchmarks with logit residual correlation rho.

    u_ij = tau * (sqrt(rho) * s_i + sqrt(1 - rho) * e_ij): a shared model effect plus an
    independent part per benchmark.
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(x_lo, x_hi, n)
    s = rng.normal(0, 1, n)
    names = [f"{prefix}{i:03d}" for i in range(n)]
    parts = []
    for bench, (a, b) in zip(benchmarks, coefs):
        u = tau * (math.sqrt(rho) * s + math.sqrt(1 - rho) * rng.normal(0, 1, n))
        acc = true_mean(x, a, b, bench, shift=u)
        parts.append(frame({"model": names, "x": x}, bench, observe(rng, acc, bench)))
    return pd.concat(parts, ignore_index=True), x
