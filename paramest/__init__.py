"""paramest: estimate how many parameters a closed LLM has from its knowledge-benchmark scores.

The data flow has one module per stage:

- :mod:`paramest.ingest`: shipped datasets and readers for users' score files;
- :mod:`paramest.regression`: accuracy vs log10(total params), with bands;
- :mod:`paramest.inversion`: :func:`estimate_size`, scores -> size with an interval;
- :mod:`paramest.validation`: leave-one-developer-out (and other) validation.

Parameter counts are in billions everywhere (``_b`` suffix); scores are fractions in [0, 1].
"""

from .errors import (
    ConflictError,
    DateParseError,
    FileFormatError,
    FitError,
    InputError,
    ParamestError,
    ParamsParseError,
    ScoreScaleError,
    UnknownBenchmarkError,
    UnknownModelError,
)
from .ingest import (
    IngestReport,
    combine,
    list_benchmarks,
    list_datasets,
    load_benchmarks,
    load_models,
    load_params,
    load_reference_estimates,
    load_scores,
    parse_params,
    read_lm_eval,
    read_scores,
    resolve_benchmark,
    resolve_model,
)
from .inversion import Calibration, SizeEstimate, estimate_size, format_params
from .regression import CurveFit, compare_predictors, fit, fit_all, release_date_effect
from .validation import ValidationResult, validate

__version__ = "0.1.0"


def cite() -> str:
    """Citation text for paramest and the data it ships (see also ``SizeEstimate.cite()``)."""
    from .citation import cite_package

    return cite_package()


__all__ = [
    "Calibration",
    "ConflictError",
    "CurveFit",
    "DateParseError",
    "FileFormatError",
    "FitError",
    "IngestReport",
    "InputError",
    "ParamestError",
    "ParamsParseError",
    "ScoreScaleError",
    "SizeEstimate",
    "UnknownBenchmarkError",
    "UnknownModelError",
    "ValidationResult",
    "__version__",
    "cite",
    "combine",
    "compare_predictors",
    "estimate_size",
    "fit",
    "fit_all",
    "format_params",
    "list_benchmarks",
    "list_datasets",
    "load_benchmarks",
    "load_models",
    "load_params",
    "load_reference_estimates",
    "load_scores",
    "parse_params",
    "read_lm_eval",
    "read_scores",
    "release_date_effect",
    "resolve_benchmark",
    "resolve_model",
    "validate",
]
