"""Tests of paramest.cite, SizeEstimate.cite and CITATION.cff; expected text is read from the
shipped tables, never typed here."""

from __future__ import annotations

import datetime
import importlib
import re
from pathlib import Path

import pytest

import paramest

cite = importlib.import_module("paramest.citation")

ROOT = Path(__file__).resolve().parent.parent
ENTRY = re.compile(r"^@(\w+)\{([^,\s]+),$")
FIELD = re.compile(r"^  (\w+) = \{(.*)\},$")


def parse_bibtex(text: str) -> dict[str, dict[str, str]]:
    """Entries of a BibTeX text as {key: {field: value}}; fails on anything malformed."""
    entries: dict[str, dict[str, str]] = {}
    current = None
    for line in text.splitlines():
        if not line.strip() or (current is None and line.startswith("%")):
            continue
        if current is None:
            m = ENTRY.match(line)
            assert m, f"not an entry start: {line!r}"
            assert m.group(2) not in entries, f"duplicate key {m.group(2)}"
            current = entries.setdefault(m.group(2), {"@type": m.group(1)})
        elif line == "}":
            current = None
        else:
            m = FIELD.match(line)
            assert m, f"not a field: {line!r}"
            value = m.group(2)
            assert value.count("{") == value.count("}"), line
            current[m.group(1)] = value
    assert current is None, "unclosed entry"
    return entries


@pytest.fixture(scope="module")
def est():
    return paramest.estimate_size("gpt-4o")


def test_cite_package_prints_cleanly():
    c = paramest.cite()
    text = str(c)
    assert text == str(cite.cite_package())
    assert callable(paramest.cite)  # not shadowed by a submodule
    assert text.startswith(f"paramest {paramest.__version__}")
    assert repr(c) == text  # the REPL shows the text itself, not an escaped string
    assert "\\n" not in c._repr_html_() and "<pre>" in c._repr_html_()
    assert f"Data version: {paramest.data_version()}" in text
    flat = " ".join(text.split())
    for s in ("github.com/19PINE-AI/ikp", "2604.24827", "Artificial Analysis", "2511.13029",
              "Epoch AI", "CC-BY", "ObsScaling", "Apache-2.0", "model cards"):
        assert s in flat
    for c_ in paramest.load_benchmarks()["citation"].dropna():
        assert " ".join(c_.split()) in flat


def test_text_citations_are_wrapped_at_100_columns(est):
    # 0.2.0: one line of about 500 characters
    for text in (str(paramest.cite()), str(est.cite()),
                 str(paramest.estimate_size({"aa-omniscience": 0.3}).cite())):
        long = [ln for ln in text.splitlines() if len(ln) > 100]
        # a URL is never broken: one longer than the width stands alone on its line
        assert all(re.fullmatch(r"\s*\(?https?://\S+\)?[.,;]?", ln) for ln in long), long


def test_package_bibtex_has_year_and_is_valid():
    # 0.2.0: no year
    b = str(paramest.cite(format="bibtex"))
    entries = parse_bibtex(b)
    pkg = [e for e in entries.values() if e["@type"] == "software"]
    assert len(pkg) == 1
    assert pkg[0]["version"] == paramest.__version__
    cff = pytest.importorskip("yaml").safe_load((ROOT / "CITATION.cff").read_text())
    assert pkg[0]["year"] == str(cff["date-released"])[:4]
    assert str(paramest.data_version()) in b
    with pytest.raises(paramest.InputError, match="format"):
        paramest.cite(format="apa")


def test_package_url_comes_from_the_package_metadata(monkeypatch):
    monkeypatch.setattr(cite, "_package_url", lambda: "https://example.org/paramest")
    pkg = next(e for e in parse_bibtex(cite.package_bibtex()).values())
    assert pkg["url"] == "https://example.org/paramest"
    monkeypatch.setattr(cite, "_package_url", lambda: None)
    assert "url" not in next(e for e in parse_bibtex(cite.package_bibtex()).values())


def test_estimate_bibtex_has_package_data_and_each_benchmark(est):
    # 0.2.0: one @software entry, nothing for IKP or the other benchmarks
    entries = parse_bibtex(str(est.cite(format="bibtex")))
    types = [e["@type"] for e in entries.values()]
    assert types.count("software") == 1
    assert any(str(est.data_version) in e.get("title", "") for e in entries.values())
    table = paramest.load_benchmarks().set_index("benchmark")
    urls = {e.get("url") for e in entries.values()}
    eprints = {e.get("eprint") for e in entries.values()}
    for b in est.benchmarks:
        cit, url = table.at[b, "citation"], table.at[b, "url"]
        arxiv = re.search(r"arXiv (\d{4}\.\d{4,5})", cit)
        if arxiv:
            assert arxiv.group(1) in eprints  # the paper
        assert url in urls  # the benchmark's page or repository, from the table
        quoted = re.search(r"(?:^|(?<=[\s,]))'(.+?)'(?=[,.;)]|\s\(|$)", cit)
        if quoted:
            assert any(e.get("title") == "{" + quoted.group(1).replace("&", r"\&") + "}"
                       for e in entries.values())
    for e in entries.values():
        if "year" in e:
            assert re.fullmatch(r"\d{4}", e["year"])
    ikp = [e for e in entries.values() if e.get("eprint") == "2604.24827"]
    assert ikp and ikp[0]["year"] == "2026"  # from the arXiv id: the table gives no year


def test_artificial_analysis_named_exactly_when_its_scores_are_used():
    with_aa = paramest.estimate_size({"aa-omniscience": 0.3})
    without = paramest.estimate_size({"ikp": 0.6})
    assert "Artificial Analysis" in str(with_aa.cite())
    bib = parse_bibtex(str(with_aa.cite(format="bibtex")))
    assert any(e.get("author") == "{Artificial Analysis}" and "eprint" not in e
               for e in bib.values())  # the attribution they ask for
    assert any(e.get("eprint") == "2511.13029" for e in bib.values())  # and the paper
    assert "Artificial Analysis" not in str(without.cite())
    bib = parse_bibtex(str(without.cite(format="bibtex")))
    assert not any(e.get("author") == "{Artificial Analysis}" for e in bib.values())


def test_benchmark_citations_from_table():
    b = paramest.load_benchmarks().set_index("benchmark")
    lines = cite.benchmark_citations(["SimpleQA", "ikp"])
    assert len(lines) == 2
    assert lines[0].startswith("simpleqa: " + b.at["simpleqa", "citation"])
    nocit = [i for i, c in b["citation"].items() if not isinstance(c, str)]
    assert cite.benchmark_citations(nocit[:1]) == [] if nocit else True
    assert cite.benchmark_bibtex(nocit[:1]) == [] if nocit else True


def test_cite_estimate(est):
    text = str(est.cite())
    flat = " ".join(text.split())
    assert flat.startswith(" ".join(str(est).split()))
    assert f"{100 * est.level:g}% interval" in flat and est.form in flat
    assert f"{len(est.sources)} calibration sources" in flat
    assert f"Data version: {est.data_version}" in flat
    assert f"paramest {paramest.__version__}" in flat
    for b, v in est.variants.items():
        assert f"{b}=" in flat and v in flat
    for line in cite.benchmark_citations(est.benchmarks):
        assert " ".join(line.split()) in flat


def test_citation_cff():
    yaml = pytest.importorskip("yaml")
    d = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert d["cff-version"] == "1.2.0"
    assert d["title"] == "paramest"
    assert str(d["version"]) == paramest.__version__  # bumped together with the package
    assert d["license"] == "MIT"
    released = datetime.date.fromisoformat(str(d["date-released"]))
    assert released <= datetime.date.today()
    assert str(released) == cite.RELEASED  # the BibTeX year comes from the same date
    assert d["authors"] == [{"name": "paramest developers"}]
