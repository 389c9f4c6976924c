"""Stage 4, validation: held-out open models, fold by fold, and the gate for new evidence.

- :mod:`~paramest.validation.run`: :func:`validate` (splits, baseline, recalibration modes);
- :mod:`~paramest.validation.metrics`: :func:`summarize`, :func:`paired_bootstrap`;
- :mod:`~paramest.validation.gate`: :func:`promotion_gate`;
- :mod:`~paramest.validation.result`: :class:`ValidationResult`, :class:`GateResult`.
"""

from .gate import promotion_gate
from .metrics import metrics, paired_bootstrap, summarize
from .result import GateResult, ValidationResult
from .run import BASELINE_ORDER, RECALIBRATIONS, SPLITS, validate

__all__ = ["BASELINE_ORDER", "RECALIBRATIONS", "SPLITS", "GateResult", "ValidationResult", "metrics",
           "paired_bootstrap", "promotion_gate", "summarize", "validate"]
