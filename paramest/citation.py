"""Citations: for paramest and its data, and for one estimate, ready to paste.

Benchmark citations are read from the shipped benchmark table
(``paramest.load_benchmarks()["citation"]``), never typed here. Every citation names the
shipped data's version (:func:`paramest.data_version`), so a cited number can be
reproduced, and names Artificial Analysis whenever an AA-Omniscience score was used, as
Artificial Analysis asks.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import InputError
from .ingest import data_version, load_benchmarks, resolve_benchmark
from .units import format_params

if TYPE_CHECKING:  # pragma: no cover
    from .inversion import SizeEstimate

__all__ = ["AA_ATTRIBUTION", "DATA_ATTRIBUTIONS", "METHOD", "Citation", "benchmark_citations",
           "cite_estimate", "cite_package"]

FORMATS = ("text", "bibtex")

METHOD = (
    "For each knowledge benchmark, accuracy is fitted against log10(total parameters) of "
    "open-weight models of known size (logistic curve with the benchmark's chance floor; "
    "Student-t likelihood with between-model scatter plus binomial question noise; one "
    "score per set of weights). A model's scores give a posterior over its size (joint "
    "across benchmarks with one shared, estimated residual correlation); the interval's "
    "quantile levels are recalibrated on held-out open models (conformal, per side)."
)

AA_ATTRIBUTION = ("Artificial Analysis (artificialanalysis.ai): AA-Omniscience accuracy and "
                  "model signals, snapshot 2026-07-31; paper arXiv 2511.13029.")

DATA_ATTRIBUTIONS: tuple[str, ...] = (
    "Incompressible Knowledge Probes (IKP): scores and parameter counts from "
    "github.com/19PINE-AI/ikp; paper arXiv 2604.24827.",
    AA_ATTRIBUTION,
    "Epoch AI: parameter counts and release dates from Epoch AI's AI-models data (CC-BY).",
    "ObsScaling (github.com/ryoungj/ObsScaling): benchmark evaluations of open models "
    "(Apache-2.0).",
    "Developers' model cards and technical reports, and published papers' tables: parameter "
    "counts and scores, with the exact source of each row in "
    "paramest.load_scores(all_sources=True)['source'] and paramest.load_params().",
)


@dataclass(frozen=True)
class Citation:
    """A citation that prints cleanly in a terminal and in Jupyter.

    ``str(citation)`` is the text; ``citation.text`` too. In Jupyter it renders as
    preformatted text (no escaped newlines). ``"words" in citation`` searches the text.

    Attributes
    ----------
    text : str
        The citation.
    format : {"text", "bibtex"}
        What ``text`` is: plain text or a BibTeX entry.
    """

    text: str
    format: str = "text"

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(self.text)}</pre>"

    def __contains__(self, item: str) -> bool:
        return item in self.text


def _version() -> str:
    from . import __version__

    return __version__


def _check_format(format: str) -> None:
    if format not in FORMATS:
        raise InputError(f"format must be one of {FORMATS}, not {format!r}")


def benchmark_citations(benchmarks: Iterable[str] | None = None) -> list[str]:
    """Citation lines for benchmarks, read from the benchmark table.

    Parameters
    ----------
    benchmarks : iterable of str, optional
        Benchmark ids (any spelling :func:`paramest.resolve_benchmark` accepts). Default:
        every benchmark that has a citation.

    Returns
    -------
    list of str
        ``"<id>: <citation> (<url>)"``, one per benchmark with a citation.

    Raises
    ------
    UnknownBenchmarkError
        A benchmark is not known.
    """
    b = load_benchmarks().set_index("benchmark")
    ids = list(b.index) if benchmarks is None else [resolve_benchmark(x) for x in benchmarks]
    out = []
    for i in dict.fromkeys(ids):
        cit = b.at[i, "citation"]
        if not isinstance(cit, str) or not cit.strip():
            continue
        url = b.at[i, "url"]
        tail = f" ({url})" if isinstance(url, str) and url.strip() else ""
        out.append(f"{i}: {cit.strip()}{tail}")
    return out


def _bibtex(key: str, title: str, note: str) -> str:
    v = _version()
    esc = lambda s: s.replace("{", "").replace("}", "").replace("%", r"\%")  # noqa: E731
    return "\n".join([
        f"@software{{{key},",
        "  author = {{paramest developers}},",
        f"  title = {{{esc(title)}}},",
        f"  version = {{{v}}},",
        "  license = {MIT},",
        f"  note = {{{esc(note)}}},",
        "}",
    ])


def cite_package(format: str = "text") -> Citation:
    """Citation for paramest and the data it ships.

    Parameters
    ----------
    format : {"text", "bibtex"}
        Plain text, or a BibTeX entry.

    Returns
    -------
    Citation
        The package and version, the data version, a line on the method, attributions
        for the shipped data (Artificial Analysis among them) and the benchmarks' citations.

    Raises
    ------
    InputError
        ``format`` is not one of the two.
    """
    _check_format(format)
    v = _version()
    dv = data_version()
    if format == "bibtex":
        return Citation(_bibtex(f"paramest{v.replace('.', '')}",
                                "paramest: total-parameter estimates of closed LLMs from "
                                "knowledge-benchmark scores",
                                f"data version {dv}; data: IKP, Artificial Analysis "
                                "(AA-Omniscience), Epoch AI, ObsScaling, model cards"), "bibtex")
    lines = [
        f"paramest {v}: estimates of closed LLMs' total parameter counts from "
        "knowledge-benchmark scores, with intervals.",
        f"Software: paramest developers, paramest (version {v}), MIT License; see CITATION.cff.",
        f"Data version: {dv} (paramest.data_version()).",
        f"Method: {METHOD}",
        "",
        "Data shipped with paramest (please also credit these sources):",
        *[f"  - {a}" for a in DATA_ATTRIBUTIONS],
        "",
        "Benchmarks:",
        *[f"  - {c}" for c in benchmark_citations()],
    ]
    return Citation("\n".join(lines))


def cite_estimate(est: SizeEstimate, format: str = "text") -> Citation:
    """Citation for one size estimate.

    Parameters
    ----------
    est : SizeEstimate
        From :func:`paramest.estimate_size`.
    format : {"text", "bibtex"}
        Plain text, or a BibTeX entry.

    Returns
    -------
    Citation
        The estimate as printed, the scores and settings used, the method and interval
        calibration, the calibration set, the data version, every data source behind the
        benchmarks used (Artificial Analysis whenever AA-Omniscience was used) and the
        benchmarks' citations.

    Raises
    ------
    InputError
        ``format`` is not one of the two.
    """
    _check_format(format)
    v = _version()
    sources = ["IKP (github.com/19PINE-AI/ikp; arXiv 2604.24827)" if b == "ikp" else None
               for b in est.benchmarks]
    uses_aa = "aa-omniscience" in est.benchmarks
    if format == "bibtex":
        note = (f"{est}; data version {est.data_version}"
                + ("; AA-Omniscience data: Artificial Analysis (artificialanalysis.ai)" if uses_aa else ""))
        key = f"paramest-{(est.model or 'estimate').replace('.', '-')}"
        return Citation(_bibtex(key, f"paramest size estimate: {est.model or 'scores'}", note), "bibtex")
    pct = f"{100 * est.level:g}%"
    lo, hi = est.calibration_range_b
    cal_txt = f", sizes {format_params(lo)}-{format_params(hi)}" if math.isfinite(lo) and math.isfinite(hi) else ""
    scores = "; ".join(
        f"{b}={s:.3g}" + (f" ({est.variants[b]}" + (", reasoning" if est.thinking.get(b) else "") + ")"
                          if b in est.variants else "")
        for b, s in est.scores.items())
    recal = est.recalibration
    recal_txt = (f"interval recalibrated on {recal['n']} held-out open models "
                 f"({recal.get('group', 'all')} group)" if recal else "interval not recalibrated")
    lines = [
        str(est),
        f"Scores used: {scores}",
        f"Method: {METHOD}",
        f"{pct} interval; curve form {est.form}; {recal_txt}.",
        f"Calibration: {est.n_calibration} sets of open weights{cal_txt}; "
        f"{len(est.sources)} calibration sources.",
        f"Data version: {est.data_version}" + ("" if est.data_source == "shipped"
                                               else f" plus user data {est.data_source}") + ".",
    ]
    if est.flags:
        lines.append("Flags: " + "; ".join(est.flags))
    lines.append("Data sources:")
    if uses_aa:
        lines.append(f"  - {AA_ATTRIBUTION}")
    lines += [f"  - {s}" for s in dict.fromkeys(x for x in sources if x)]
    lines.append("  - Open models' sizes: their model cards, configs and reports "
                 "(paramest.load_params()).")
    cits = benchmark_citations(est.benchmarks) if est.benchmarks else []
    if cits:
        lines.append("Benchmarks:")
        lines += [f"  - {c}" for c in cits]
    lines.append(f"Computed with paramest {v}. Cite the software and its data with paramest.cite().")
    return Citation("\n".join(lines))
