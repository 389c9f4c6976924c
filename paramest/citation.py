"""Citation text for paramest, the data it ships, and individual estimates.

Benchmark citations are read from the shipped benchmark table
(``paramest.load_benchmarks()["citation"]``), never typed here, so that they stay in one
place. See also ``CITATION.cff`` at the repository root.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .inversion import SizeEstimate

__all__ = ["DATA_ATTRIBUTIONS", "METHOD", "benchmark_citations", "cite_estimate", "cite_package"]

METHOD = (
    "Method: for each knowledge benchmark, accuracy is regressed on log10(total parameters) "
    "of open-weight models of known size (logistic curve with the benchmark's chance floor, "
    "fitted by maximum likelihood with between-model scatter plus binomial question noise); "
    "a closed model's scores are turned into a size by inverting the curve's prediction band "
    "(Fieller/Graybill inversion), jointly across benchmarks with their residual correlation "
    "(or, with method='bayes', as a grid posterior)."
)

DATA_ATTRIBUTIONS: tuple[str, ...] = (
    "Incompressible Knowledge Probes (IKP): scores and parameter counts from "
    "github.com/19PINE-AI/ikp; paper arXiv 2604.24827.",
    "Artificial Analysis, AA-Omniscience: accuracy scores; paper arXiv 2511.13029.",
    "Epoch AI: parameter counts and release dates from Epoch AI's AI-models data (CC-BY).",
    "ObsScaling (github.com/ryoungj/ObsScaling): benchmark evaluations of open models "
    "(Apache-2.0).",
    "Developers' model cards and technical reports: parameter counts and scores, with the "
    "exact source of each row in paramest.load_scores(all_sources=True)['source'] and "
    "paramest.load_params().",
)


def _version() -> str:
    from . import __version__

    return __version__


def benchmark_citations(benchmarks: Iterable[str] | None = None) -> list[str]:
    """Citation lines for benchmarks, read from the shipped benchmark table.

    Parameters
    ----------
    benchmarks : iterable of str, optional
        Benchmark ids (any spelling :func:`paramest.resolve_benchmark` accepts). Default:
        every shipped benchmark that has a citation.

    Returns
    -------
    list of str
        ``"<id>: <citation> (<url>)"``, one per benchmark with a citation.
    """
    from .ingest import load_benchmarks, resolve_benchmark

    b = load_benchmarks().set_index("benchmark")
    ids = list(b.index) if benchmarks is None else [resolve_benchmark(x) for x in benchmarks]
    out = []
    for i in dict.fromkeys(ids):
        cit = b.at[i, "citation"]
        if not isinstance(cit, str) or not cit.strip():
            continue
        url = b.at[i, "url"] if "url" in b.columns else None
        tail = f" ({url})" if isinstance(url, str) and url.strip() else ""
        out.append(f"{i}: {cit.strip()}{tail}")
    return out


def cite_package() -> str:
    """Citation text for paramest and the data it ships.

    Returns
    -------
    str
        The package and version, a line on the method, attributions for the shipped data
        and the citations of the shipped benchmarks.
    """
    v = _version()
    lines = [
        f"paramest {v}: estimates of closed LLMs' total parameter counts from "
        "knowledge-benchmark scores, with intervals.",
        f"Software: paramest developers, paramest (version {v}), MIT License; "
        "see CITATION.cff.",
        METHOD,
        "",
        "Data shipped with paramest (please also credit these sources):",
        *[f"  - {a}" for a in DATA_ATTRIBUTIONS],
        "",
        "Benchmarks:",
        *[f"  - {c}" for c in benchmark_citations()],
    ]
    return "\n".join(lines)


def _method_text(est: SizeEstimate) -> str:
    if est.method == "bayes":
        how = ("grid posterior with a uniform prior on log10 params; equal-tailed credible "
               "interval, posterior median as the point estimate")
    else:
        how = "inverted prediction band of the fitted curve"
        if len(est.benchmarks) > 1:
            how += ", joint across benchmarks with their residual correlation"
    return how


def cite_estimate(est: SizeEstimate) -> str:
    """Citation text for one size estimate.

    Parameters
    ----------
    est : SizeEstimate
        From :func:`paramest.estimate_size`.

    Returns
    -------
    str
        The estimate's text, method, level and curve form, the number of calibration
        sources, the citations of the benchmarks used, the package version and the seed.
    """
    v = _version()
    pct = f"{100 * est.level:g}%"
    cal = est.calibration_range_b
    cal_txt = ""
    if all(isinstance(c, (int, float)) and math.isfinite(c) for c in cal):
        from .inversion import format_params

        cal_txt = f", sizes {format_params(cal[0])}-{format_params(cal[1])}"
    scores = "; ".join(f"{k}={val:.4g}" for k, val in est.scores.items())
    lines = [
        str(est),
        f"Scores used: {scores}" if scores else "Scores used: none",
        f"Method: {est.method} ({_method_text(est)}); {pct} interval; curve form {est.form}.",
        f"Calibration: {est.n_calibration} open-weight models{cal_txt}; "
        f"{len(est.sources)} calibration sources.",
    ]
    if est.flags:
        lines.append("Flags: " + "; ".join(est.flags))
    cits = benchmark_citations(est.benchmarks) if est.benchmarks else []
    if cits:
        lines.append("Benchmarks:")
        lines += [f"  - {c}" for c in cits]
    seed = "none" if est.seed is None else str(est.seed)
    lines.append(f"Computed with paramest {v} (seed {seed}). "
                 "Cite the software and its data sources with paramest.cite().")
    return "\n".join(lines)
