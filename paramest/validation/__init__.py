"""Stage 4, validation: held-out open models, fold by fold, and the gate for new evidence."""

from .run import (
    BASELINE_ORDER,
    SPLITS,
    GateResult,
    ValidationResult,
    evaluation_units,
    paired_bootstrap,
    promotion_gate,
    summarize,
    validate,
)

__all__ = ["BASELINE_ORDER", "SPLITS", "GateResult", "ValidationResult", "evaluation_units",
           "paired_bootstrap", "promotion_gate", "summarize", "validate"]
