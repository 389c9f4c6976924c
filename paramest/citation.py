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
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import InputError
from .ingest import data_version, load_benchmarks, resolve_benchmark
from .units import format_params

if TYPE_CHECKING:  # pragma: no cover
    from .inversion import SizeEstimate

__all__ = ["AA_ATTRIBUTION", "DATA_ATTRIBUTIONS", "METHOD", "RELEASED", "WIDTH", "Citation",
           "aa_bibtex", "benchmark_bibtex", "benchmark_citations", "cite_estimate",
           "cite_package", "data_bibtex", "package_bibtex"]

FORMATS = ("text", "bibtex")
RELEASED = "2026-12-05"  # date-released of this version, as in CITATION.cff (a test checks)
WIDTH = 100  # text citations are wrapped to this many columns

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


# --------------------------------------------------------------------------------------
# BibTeX
# --------------------------------------------------------------------------------------

_ARXIV = re.compile(r"arXiv[ :]?(\d{4}\.\d{4,5})", re.I)
# a quoted title opens after a space or comma (not D'Antonio) and closes before a comma, a
# bracket or the end (not Humanity's)
_QUOTED = re.compile(r"(?:^|(?<=[\s,]))'(.+?)'(?=[,.;)]|\s\(|$)")
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")


def _esc(text: str) -> str:
    """BibTeX-safe field text: braces dropped, LaTeX specials escaped."""
    out = str(text).replace("{", "").replace("}", "").replace("\\", "")
    for ch in "&%$#_":
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())


def _entry(kind: str, key: str, fields: dict[str, str | None]) -> str:
    """One BibTeX entry; fields that are None or empty are left out. A value in braces
    (``"{paramest developers}"``) is kept as one unit (a corporate author, a title's case)."""
    lines = [f"@{kind}{{{key},"]
    for name, value in fields.items():
        if not value:
            continue
        if name == "url":
            v = value
        elif value.startswith("{") and value.endswith("}"):
            v = "{" + _esc(value[1:-1]) + "}"
        else:
            v = _esc(value)
        lines.append(f"  {name} = {{{v}}},")
    lines.append("}")
    return "\n".join(lines)


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower()) or "ref"


def _authors(citation: str, title_at: int) -> str | None:
    """Authors as BibTeX writes them, from the text before the year ("Wei et al. 2024")."""
    head = citation[:title_at]
    m = _YEAR.search(head)
    if not m:
        return None
    names = head[:m.start()].strip(" ,")
    if not names:
        return None
    others = names.endswith("et al.")
    names = names.removesuffix("et al.").strip(" ,")
    parts = [n.strip() for n in names.split(",") if n.strip()]
    return " and ".join(parts + (["others"] if others else [])) or None


def benchmark_bibtex(benchmarks: Iterable[str] | None = None) -> list[str]:
    """BibTeX entries for benchmarks' sources, built from the benchmark table only.

    The title is the quoted title of the table's ``citation`` (else its first part), the
    year the one written there (else the year of its arXiv id), the ``url`` the table's.
    A source with an arXiv id and a url elsewhere (a repository) gets two entries: the
    paper and the url. Sources shared by several benchmarks appear once.

    Parameters
    ----------
    benchmarks : iterable of str, optional
        Benchmark ids (any spelling :func:`paramest.resolve_benchmark` accepts). Default:
        every benchmark that has a citation.

    Returns
    -------
    list of str
        One BibTeX entry per source.

    Raises
    ------
    UnknownBenchmarkError
        A benchmark is not known.

    Examples
    --------
    >>> print(benchmark_bibtex(["simpleqa"])[0].splitlines()[0])
    @misc{simpleqa2024,
    """
    b = load_benchmarks().set_index("benchmark")
    ids = list(b.index) if benchmarks is None else [resolve_benchmark(x) for x in benchmarks]
    out: dict[str, str] = {}  # one entry per source: its arXiv id, else its citation and url
    for i in dict.fromkeys(ids):
        cit, url = b.at[i, "citation"], b.at[i, "url"]
        if not isinstance(cit, str) or not cit.strip():
            continue
        cit, url = cit.strip(), url.strip() if isinstance(url, str) else ""
        quoted = _QUOTED.search(cit)
        arxiv = _ARXIV.search(cit)
        source = arxiv.group(1) if arxiv else f"{cit} {url}"
        if source in out:
            continue
        parts = [p.strip() for p in cit.split(",")]
        if quoted:  # "Authors Year, 'Title', venue"
            title, author = quoted.group(1), _authors(cit, quoted.start())
        elif len(parts) >= 3:  # "Organisation, Title, arXiv id"
            title, author = parts[1], "{" + parts[0] + "}"
        else:  # "Title, arXiv id"
            title, author = parts[0], None
        years = _YEAR.findall(cit[:quoted.start()] if quoted else cit)
        year = years[0] if years else (f"20{arxiv.group(1)[:2]}" if arxiv else None)
        key = f"{_key(i)}{year or ''}"
        arxiv_url = f"https://arxiv.org/abs/{arxiv.group(1)}" if arxiv else None
        entries = [_entry("misc", key, {
            "author": author, "title": "{" + title + "}", "year": year,
            "eprint": arxiv.group(1) if arxiv else None,
            "archivePrefix": "arXiv" if arxiv else None,
            "url": arxiv_url or url or None, "note": f"{i}: {cit}"})]
        if arxiv and url and "arxiv.org" not in url:
            entries.append(_entry("misc", f"{key}repo", {
                "title": "{" + title + "}", "year": year, "url": url,
                "note": f"{i}: repository or page of the benchmark"}))
        out[source] = "\n\n".join(entries)
    return list(out.values())


def _package_url() -> str | None:
    """The project's url from the installed package's metadata, when it declares one."""
    from importlib import metadata

    try:
        meta = metadata.metadata("paramest")
    except metadata.PackageNotFoundError:
        return None
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "repository", "source", "documentation"):
            return url.strip()
    home = meta.get("Home-page")
    return home.strip() if home and home.strip().lower() != "unknown" else None


def package_bibtex() -> str:
    """The @software entry of paramest: version, year of release, license, url if declared.

    Returns
    -------
    str

    Examples
    --------
    >>> package_bibtex().splitlines()[0].startswith("@software{paramest")
    True
    """
    v = _version()
    return _entry("software", f"paramest{v.replace('.', '')}", {
        "author": "{paramest developers}",
        "title": "{paramest: total-parameter estimates of closed LLMs from knowledge-benchmark "
                 "scores}",
        "version": v, "year": RELEASED[:4], "date": RELEASED, "license": "MIT",
        "url": _package_url()})


def data_bibtex() -> str:
    """The @misc entry of the shipped data version and its sources.

    Returns
    -------
    str

    Examples
    --------
    >>> "paramest shipped data" in data_bibtex()
    True
    """
    dv = data_version()
    built = str(getattr(dv, "built", "") or str(dv)[:10])
    return _entry("misc", f"paramestdata{_key(str(dv))}", {
        "author": "{paramest developers}",
        "title": f"{{paramest shipped data, version {dv}}}",
        "year": built[:4] if _YEAR.match(built[:4]) else None,
        "note": "data version " + str(dv) + "; sources: IKP (github.com/19PINE-AI/ikp), "
                "Artificial Analysis (AA-Omniscience), Epoch AI (CC-BY), ObsScaling "
                "(Apache-2.0), developers' model cards and technical reports"})


def aa_bibtex() -> str:
    """The attribution entry Artificial Analysis asks for when AA-Omniscience is used.

    Returns
    -------
    str
    """
    return _entry("misc", "artificialanalysis", {
        "author": "{Artificial Analysis}",
        "title": "{AA-Omniscience accuracy and model signals}",
        "url": "https://artificialanalysis.ai", "note": AA_ATTRIBUTION})


def _bundle(header: str, entries: Iterable[str]) -> str:
    body = "\n\n".join(dict.fromkeys(entries))
    return "\n".join(f"% {line}" for line in textwrap.wrap(header, WIDTH - 2)) + "\n" + body


def _wrap(lines: Iterable[str]) -> str:
    """Text lines wrapped at ``WIDTH`` (100), bullets hanging."""
    out = []
    for line in lines:
        indent = "    " if line.startswith("  - ") else "  "
        out += textwrap.wrap(line, WIDTH, subsequent_indent=indent, break_on_hyphens=False,
                             break_long_words=False) or [""]
    return "\n".join(out)


def cite_package(format: str = "text") -> Citation:
    """Citation for paramest and the data it ships.

    Parameters
    ----------
    format : {"text", "bibtex"}
        Plain text (wrapped at ``WIDTH`` (100) columns), or BibTeX entries.

    Returns
    -------
    Citation
        The package and version, the data version, a line on the method, attributions
        for the shipped data (Artificial Analysis among them) and the benchmarks' citations.
        As BibTeX: an entry for the package (with its year of release), one for the data
        version, the Artificial Analysis attribution and one per benchmark source.

    Raises
    ------
    InputError
        ``format`` is not one of the two.

    Examples
    --------
    >>> c = cite_package()
    >>> all(len(line) <= WIDTH or line.strip().startswith("(http")  # a URL is never broken
    ...     for line in str(c).splitlines())
    True
    >>> str(cite_package("bibtex")).count("@software{")
    1
    """
    _check_format(format)
    v = _version()
    dv = data_version()
    if format == "bibtex":
        return Citation(_bundle(f"paramest {v}, data version {dv}: the package, its data and "
                                "the benchmarks' sources",
                                [package_bibtex(), data_bibtex(), aa_bibtex(),
                                 *benchmark_bibtex()]), "bibtex")
    lines = [
        f"paramest {v}: estimates of closed LLMs' total parameter counts from "
        "knowledge-benchmark scores, with intervals.",
        f"Software: paramest developers, paramest (version {v}, {RELEASED[:4]}), MIT License; "
        "see CITATION.cff.",
        f"Data version: {dv} (paramest.data_version()).",
        f"Method: {METHOD}",
        "",
        "Data shipped with paramest (please also credit these sources):",
        *[f"  - {a}" for a in DATA_ATTRIBUTIONS],
        "",
        "Benchmarks:",
        *[f"  - {c}" for c in benchmark_citations()],
    ]
    return Citation(_wrap(lines))


def cite_estimate(est: SizeEstimate, format: str = "text") -> Citation:
    """Citation for one size estimate.

    Parameters
    ----------
    est : SizeEstimate
        From :func:`paramest.estimate_size`.
    format : {"text", "bibtex"}
        Plain text (wrapped at ``WIDTH`` (100) columns), or BibTeX entries.

    Returns
    -------
    Citation
        The estimate as printed, the scores and settings used, the method and interval
        calibration, the calibration set, the data version, every data source behind the
        benchmarks used (Artificial Analysis whenever AA-Omniscience was used) and the
        benchmarks' citations. As BibTeX: the estimate as a comment, then entries for
        the package, the data version, the sources of each benchmark used, and Artificial
        Analysis when AA-Omniscience was used.

    Raises
    ------
    InputError
        ``format`` is not one of the two.

    Examples
    --------
    >>> import paramest
    >>> est = paramest.estimate_size({"ikp": 0.6})
    >>> bib = str(cite_estimate(est, "bibtex"))
    >>> bib.count("@software{"), "2604.24827" in bib
    (1, True)
    """
    _check_format(format)
    v = _version()
    sources = ["IKP (github.com/19PINE-AI/ikp; arXiv 2604.24827)" if b == "ikp" else None
               for b in est.benchmarks]
    uses_aa = "aa-omniscience" in est.benchmarks
    flags = [str(f) for f in est.flags]
    if format == "bibtex":
        entries = [package_bibtex(), data_bibtex(), *benchmark_bibtex(est.benchmarks)]
        if uses_aa:
            entries.append(aa_bibtex())
        return Citation(_bundle(f"{est}; data version {est.data_version}; computed with "
                                f"paramest {v}", entries), "bibtex")
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
    if flags:
        lines.append("Flags: " + "; ".join(flags))
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
    return Citation(_wrap(lines))
