"""paramest: estimate LLM parameter counts from knowledge-benchmark scores."""

from .ingest import (
    combine,
    list_benchmarks,
    list_datasets,
    load_benchmarks,
    load_models,
    load_scores,
    read_scores,
)

__version__ = "0.1.0"
