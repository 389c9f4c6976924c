"""Reproduce the random sample audited in build/audit_2026-11.csv.

Reads only datasets/*.csv. Run from the repository root or from datasets/:
    python datasets/build/audit_2026-11.py
"""
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent.parent  # datasets/
KNOWLEDGE = ["ikp", "simpleqa", "aa-omniscience", "chinese-simpleqa", "triviaqa",
             "naturalquestions", "simpleqa-verified", "popqa"]

params = pd.read_csv(HERE / "params.csv")
models = pd.read_csv(HERE / "models.csv")
scores = pd.read_csv(HERE / "scores.csv")

rng = np.random.default_rng(20261125)

# Sizes: chosen rows of open-weight models, one per set of weights (first in file order),
# then sorted by model (stable sort).
sz = params[params["chosen"] == True].merge(
    models[["model", "weights", "open_weights"]], on="model", how="left")
sz = sz[sz["open_weights"] == True]
sz = sz.drop_duplicates(subset="weights", keep="first")
sz = sz.sort_values("model", kind="stable").reset_index(drop=True)
size_idx = rng.choice(len(sz), 20, replace=False)
size_sample = sz.iloc[size_idx]

# Scores: rows on the knowledge benchmarks (all settings), sorted by model (stable sort);
# drawn with the same rng after the size draw.
sc = scores[scores["benchmark"].isin(KNOWLEDGE)]
sc = sc.sort_values("model", kind="stable").reset_index(drop=True)
score_idx = rng.choice(len(sc), 20, replace=False)
score_sample = sc.iloc[score_idx]

if __name__ == "__main__":
    pd.set_option("display.width", 250)
    pd.set_option("display.max_colwidth", 200)
    print(f"size frame: {len(sz)} rows; drawn positions: {list(size_idx)}")
    for i, r in size_sample.iterrows():
        print(f"SIZE\t{i}\t{r.model}\t{r.total_params_b}\t{r.active_params_b}\t{r.source_kind}\t"
              f"{r.source}\t{r.note}")
    print(f"score frame: {len(sc)} rows; drawn positions: {list(score_idx)}")
    for i, r in score_sample.iterrows():
        print(f"SCORE\t{i}\t{r.model}\t{r.benchmark}\t{r.score}\tshots={r.shots}\tcot={r.cot}\t"
              f"thinking={r.thinking}\tvariant={r.variant}\t{r.source}\t{r.source_name}\t{r.note}")
