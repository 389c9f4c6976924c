"""Write ``factrecall.csv``: a SYNTHETIC example of a new benchmark release, for the docs.

``factrecall`` is not a real benchmark. Its scores are simulated (seed 2026) so that the
README and notebook 02 can show the new-benchmark workflow end to end on a file of the
kind a user would bring:

- 40 real open models with their real, sourced sizes from paramest's shipped tables;
- accuracy = expit(a + b * log10(size) + u), u ~ N(0, 0.3^2) scatter, observed on 500
  questions (binomial), with a = -2.2 and b = 1.0 chosen for the illustration;
- two fictional closed models, ``acme-closed-1`` and ``acme-closed-2``, with no size.

Run from the repository root: ``python datasets/examples/make_factrecall.py``.
"""

from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import expit

import paramest as pe

SEED, A, B, TAU, N_Q = 2026, -2.2, 1.0, 0.3, 500

rng = np.random.default_rng(SEED)
m = pe.load_models()
open_ = m[m["open_weights"] & m["total_params_b"].notna()].drop_duplicates("weights")
pick = open_.sample(40, random_state=SEED).sort_values("total_params_b")
x = np.log10(pick["total_params_b"].to_numpy(float))
acc = expit(A + B * x + rng.normal(0, TAU, len(x)))
score = rng.binomial(N_Q, acc) / N_Q
closed_x = np.array([2.8, 3.4])  # the fictional closed models' true sizes: 630B and 2.5T
closed = rng.binomial(N_Q, expit(A + B * closed_x + rng.normal(0, TAU, 2))) / N_Q
df = pd.DataFrame({
    "model": list(pick["model"]) + ["acme-closed-1", "acme-closed-2"],
    "factrecall": np.r_[score, closed],
    "total_params_b": list(pick["total_params_b"].round(3)) + [None, None],
    "open_weights": ["yes"] * len(pick) + ["no", "no"],
    "source": ["synthetic example (datasets/examples/make_factrecall.py, seed 2026)"] * (len(pick) + 2),
})
out = Path(__file__).with_name("factrecall.csv")
df.to_csv(out, index=False)
print(f"wrote {out} ({len(df)} rows)")
