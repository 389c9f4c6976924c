"""Reproduce the second random sample audited in build/audit_2026-11b.csv.

Same design as build/audit_2026-11.py (20 chosen sizes of open-weight models, one per set
of weights; 20 score rows on the knowledge benchmarks), with a new seed (20261126) and
without any row already audited in build/audit_2026-11.csv:
  - sizes: a set of weights is dropped if the first audit checked the size of a model that
    has those weights (so the same size is never drawn twice under another setting's id);
  - scores: a row is dropped if the first audit checked the same model and benchmark.
Exclusions are applied before the draw, so the draw is a simple random sample of the rest.

Reads only datasets/*.csv (and the first audit's CSV in datasets/build/ for the exclusions).
Run from the repository root or from datasets/:
    python datasets/build/audit_2026-11b.py
"""
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent.parent  # datasets/
KNOWLEDGE = ["ikp", "simpleqa", "aa-omniscience", "chinese-simpleqa", "triviaqa",
             "naturalquestions", "simpleqa-verified", "popqa"]
SEED = 20261126

params = pd.read_csv(HERE / "params.csv")
models = pd.read_csv(HERE / "models.csv")
scores = pd.read_csv(HERE / "scores.csv")
first = pd.read_csv(HERE / "build" / "audit_2026-11.csv")

# Rows of the first audit.
first_size_models = set(first.loc[first["kind"] == "size", "model"])
first_size_weights = set(models.loc[models["model"].isin(first_size_models), "weights"])
first_score_keys = set(zip(first.loc[first["kind"] == "score", "model"],
                           first.loc[first["kind"] == "score", "benchmark"]))

rng = np.random.default_rng(SEED)

# Sizes: chosen rows of open-weight models, one per set of weights (first in file order),
# then sorted by model (stable sort); sets of weights audited in the first audit removed.
sz = params[params["chosen"] == True].merge(
    models[["model", "weights", "open_weights"]], on="model", how="left")
sz = sz[sz["open_weights"] == True]
sz = sz.drop_duplicates(subset="weights", keep="first")
sz = sz[~sz["model"].isin(first_size_models) & ~sz["weights"].isin(first_size_weights)]
sz = sz.sort_values("model", kind="stable").reset_index(drop=True)
size_idx = rng.choice(len(sz), 20, replace=False)
size_sample = sz.iloc[size_idx]

# Scores: rows on the knowledge benchmarks (all settings), sorted by model (stable sort),
# minus the (model, benchmark) pairs of the first audit; drawn with the same rng after the
# size draw.
sc = scores[scores["benchmark"].isin(KNOWLEDGE)]
keys = pd.Series(list(zip(sc["model"], sc["benchmark"])), index=sc.index)
sc = sc[~keys.isin(first_score_keys)]
sc = sc.sort_values("model", kind="stable").reset_index(drop=True)
score_idx = rng.choice(len(sc), 20, replace=False)
score_sample = sc.iloc[score_idx]

if __name__ == "__main__":
    pd.set_option("display.width", 250)
    pd.set_option("display.max_colwidth", 200)
    print(f"seed {SEED}; excluded from the first audit: {len(first_size_weights)} sets of "
          f"weights, {len(first_score_keys)} (model, benchmark) pairs")
    print(f"size frame: {len(sz)} rows; drawn positions: {list(size_idx)}")
    for i, r in size_sample.iterrows():
        print(f"SIZE\t{i}\t{r.model}\t{r.total_params_b}\t{r.active_params_b}\t{r.source_kind}\t"
              f"{r.source}\t{r.note}")
    print(f"score frame: {len(sc)} rows; drawn positions: {list(score_idx)}")
    for i, r in score_sample.iterrows():
        print(f"SCORE\t{i}\t{r.model}\t{r.benchmark}\t{r.score}\tshots={r.shots}\tcot={r.cot}\t"
              f"thinking={r.thinking}\tvariant={r.variant}\t{r.source}\t{r.source_name}\t{r.note}")
