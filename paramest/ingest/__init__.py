"""Stage 1, ingest: the shipped tables and users' files, as one validated long frame.

- :mod:`~paramest.ingest.tables`: where the shipped files are, their loaders, their
  version, the benchmark registry and the score-frame check;
- :mod:`~paramest.ingest.names`: model and benchmark names, parameter counts;
- :mod:`~paramest.ingest.shipped`: the shipped scores, the conflict rule, the variant rule
  and the default evidence;
- :mod:`~paramest.ingest.readers`: :func:`read_scores` and :func:`read_lm_eval`, and the
  limits on what one read takes; built from :mod:`~paramest.ingest.sniff` (bytes: limits,
  encodings, delimiters, what a file is), :mod:`~paramest.ingest.files` (CSV, JSON,
  Parquet), :mod:`~paramest.ingest.cells`, :mod:`~paramest.ingest.params` and
  :mod:`~paramest.ingest.dates` (cell parsers), :mod:`~paramest.ingest.scale`,
  :mod:`~paramest.ingest.layouts` (long and wide tables), :mod:`~paramest.ingest.assemble`
  (the score frame) and :mod:`~paramest.ingest.report` (:class:`IngestReport`);
- :mod:`~paramest.ingest.combine`: user rows added to the shipped ones;
- :mod:`~paramest.ingest.lm_eval`: lm-evaluation-harness results files;
- :mod:`~paramest.ingest.evidence`: the checked evidence every stage receives
  (:func:`as_evidence`, :class:`Evidence`);
- :mod:`~paramest.ingest.derived`: refusal-adjusted accuracies and IKP's tiers, computed
  from shipped counts.
"""

from .derived import ADJUSTED, ADJUSTMENT_RULE, derived_scores, refusal_records
from .evidence import (
    EVIDENCE_KINDS,
    Evidence,
    as_evidence,
    benchmark_table_fingerprint,
    evidence_units,
    frame_fingerprint,
)
from .names import name_key, resolve_benchmark, resolve_model
from .params import parse_params
from .readers import MAX_FILE_BYTES, IngestReport, combine, detect_scale, read_lm_eval, read_scores
from .shipped import (
    EFFORT_ORDER,
    EVALUATOR_PRIORITY,
    PRECISION_PRIORITY,
    VARIANT_RULES,
    default_evidence,
    list_benchmarks,
    load_scores,
    select_variants,
)
from .tables import (
    SCORE_COLUMNS,
    DataVersion,
    data_counts,
    data_dir,
    data_version,
    example_file,
    list_datasets,
    load_benchmarks,
    load_ikp_tiers,
    load_models,
    load_params,
    load_reference_estimates,
    load_signals,
    register_benchmark,
    registered_benchmarks,
    registry_version,
    row_weights,
    validate_scores,
)

__all__ = [
    "ADJUSTED",
    "ADJUSTMENT_RULE",
    "EFFORT_ORDER",
    "EVALUATOR_PRIORITY",
    "MAX_FILE_BYTES",
    "PRECISION_PRIORITY",
    "SCORE_COLUMNS",
    "VARIANT_RULES",
    "DataVersion",
    "EVIDENCE_KINDS",
    "Evidence",
    "as_evidence",
    "benchmark_table_fingerprint",
    "evidence_units",
    "frame_fingerprint",
    "IngestReport",
    "combine",
    "data_counts",
    "data_dir",
    "data_version",
    "default_evidence",
    "derived_scores",
    "detect_scale",
    "example_file",
    "list_benchmarks",
    "list_datasets",
    "load_benchmarks",
    "load_ikp_tiers",
    "load_models",
    "load_params",
    "load_reference_estimates",
    "load_scores",
    "load_signals",
    "name_key",
    "parse_params",
    "read_lm_eval",
    "read_scores",
    "refusal_records",
    "register_benchmark",
    "registered_benchmarks",
    "registry_version",
    "row_weights",
    "resolve_benchmark",
    "resolve_model",
    "select_variants",
    "validate_scores",
]
