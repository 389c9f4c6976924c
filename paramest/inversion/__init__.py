"""Stage 3, inversion: a model's benchmark scores -> its total parameter count, with an interval.

- :mod:`~paramest.inversion.posterior`: the posterior over log10(size) on a grid;
- :mod:`~paramest.inversion.estimate`: the one step from a posterior to a :class:`SizeEstimate`;
- :mod:`~paramest.inversion.result`: :class:`SizeEstimate` and its groups of fields;
- :mod:`~paramest.inversion.heldout`: held-out posteriors (recalibration, validation) and
  the cached calibration of the entry points;
- :mod:`~paramest.inversion.block`: the in-range calibration (reasoning block, low-end shape);
- :mod:`~paramest.inversion.api`: :func:`estimate_size`, :func:`estimate_sizes`.
"""

from .api import estimate_size, estimate_sizes, refusal_tier
from .estimate import Request, estimate_from
from .heldout import (
    SPLITS,
    calibration_for,
    folds,
    held_out_posteriors,
    lodo_recalibration,
    training_evidence,
)
from .posterior import GRID_B, Posterior, make_grid, posterior
from .result import CalibrationSummary, Diagnostics, Estimated, EvidenceUsed, SizeEstimate

__all__ = ["GRID_B", "SPLITS", "CalibrationSummary", "Diagnostics", "Estimated", "EvidenceUsed",
           "Posterior", "Request", "SizeEstimate", "calibration_for", "estimate_from",
           "estimate_size", "estimate_sizes", "folds", "held_out_posteriors", "lodo_recalibration",
           "make_grid", "posterior", "refusal_tier", "training_evidence"]
