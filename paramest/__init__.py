"""paramest: estimate how many parameters a closed LLM has from its knowledge-benchmark scores.

The data flow has one place per stage:

- :mod:`paramest.ingest`: shipped tables and users' files -> one validated long frame;
- :mod:`paramest.regression.curve` and :mod:`paramest.regression.calibration`: accuracy vs log10(total params),
  one curve per benchmark, their shared residual correlation, interval recalibration;
- :mod:`paramest.inversion`: :func:`estimate_size`, scores -> size with an interval;
- :mod:`paramest.validation`: held-out open models, fold by fold;
- presentation on top: :mod:`paramest.plots`, :mod:`paramest.citation`, :mod:`paramest.cli`.

Parameter counts are in billions everywhere (``_b`` suffix); scores are fractions in [0, 1].
"""

from .errors import (
    ConflictError,
    ConvergenceError,
    CurveFormWarning,
    DataIntegrityError,
    DateParseError,
    DisclosedSizeWarning,
    EvidenceConflictWarning,
    ExtrapolationWarning,
    FamilyOrderWarning,
    FileFormatError,
    FitError,
    FitWarning,
    InformativeRangeWarning,
    IngestWarning,
    InputError,
    ParamestError,
    ParamestWarning,
    ParamsParseError,
    ReasoningDisagreementWarning,
    RecalibrationWarning,
    ScoreRangeWarning,
    ScoreScaleError,
    UndertrainedWarning,
    UnknownBenchmarkError,
    UnknownModelError,
)
from .flags import Flag
from .ingest import (
    DataVersion,
    Evidence,
    IngestReport,
    as_evidence,
    combine,
    data_counts,
    data_dir,
    data_version,
    default_evidence,
    derived_scores,
    example_file,
    list_benchmarks,
    list_datasets,
    load_benchmarks,
    load_ikp_tiers,
    load_models,
    load_params,
    load_reference_estimates,
    load_scores,
    load_signals,
    parse_params,
    read_lm_eval,
    read_scores,
    register_benchmark,
    resolve_benchmark,
    resolve_model,
    select_variants,
    validate_scores,
)
from .inversion import SizeEstimate, estimate_size, estimate_sizes
from .regression import (
    Calibration,
    CurveFit,
    Recalibration,
    compare_predictors,
    fit,
    fit_all,
    release_date_effect,
)
from .results import load_result
from .units import format_params
from .validation import GateResult, ValidationResult, paired_bootstrap, promotion_gate, validate

__version__ = "0.4.0"


def cite(format: str = "text"):
    """Citation for paramest and the data it ships (see also :meth:`SizeEstimate.cite`).

    Parameters
    ----------
    format : {"text", "bibtex"}
        Plain text, or a BibTeX entry.

    Returns
    -------
    paramest.citation.Citation
        Prints cleanly in a terminal and in Jupyter; ``str()`` gives the text.

    Raises
    ------
    InputError
        ``format`` is not one of the two.
    """
    from .citation import cite_package

    return cite_package(format=format)


__all__ = [
    "Calibration",
    "ConflictError",
    "ConvergenceError",
    "CurveFormWarning",
    "DataIntegrityError",
    "DisclosedSizeWarning",
    "EvidenceConflictWarning",
    "ExtrapolationWarning",
    "FamilyOrderWarning",
    "FitWarning",
    "Flag",
    "InformativeRangeWarning",
    "IngestWarning",
    "ParamestWarning",
    "ReasoningDisagreementWarning",
    "RecalibrationWarning",
    "ScoreRangeWarning",
    "UndertrainedWarning",
    "CurveFit",
    "DataVersion",
    "DateParseError",
    "Evidence",
    "FileFormatError",
    "FitError",
    "GateResult",
    "IngestReport",
    "InputError",
    "ParamestError",
    "ParamsParseError",
    "Recalibration",
    "ScoreScaleError",
    "SizeEstimate",
    "UnknownBenchmarkError",
    "UnknownModelError",
    "ValidationResult",
    "__version__",
    "cite",
    "combine",
    "compare_predictors",
    "data_counts",
    "data_dir",
    "data_version",
    "as_evidence",
    "derived_scores",
    "default_evidence",
    "estimate_size",
    "estimate_sizes",
    "example_file",
    "fit",
    "fit_all",
    "format_params",
    "list_benchmarks",
    "list_datasets",
    "load_benchmarks",
    "load_ikp_tiers",
    "load_models",
    "load_params",
    "load_reference_estimates",
    "load_result",
    "load_scores",
    "load_signals",
    "paired_bootstrap",
    "parse_params",
    "promotion_gate",
    "read_lm_eval",
    "read_scores",
    "register_benchmark",
    "release_date_effect",
    "resolve_benchmark",
    "resolve_model",
    "select_variants",
    "validate",
    "validate_scores",
]
