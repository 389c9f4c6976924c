"""Tests of paramest.cite, SizeEstimate.cite and CITATION.cff; expected text is read from the
shipped tables, never typed here."""

from __future__ import annotations

import datetime
import importlib
from pathlib import Path

import pytest

import paramest

cite = importlib.import_module("paramest.citation")

ROOT = Path(__file__).resolve().parent.parent


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
    for s in ("github.com/19PINE-AI/ikp", "2604.24827", "Artificial Analysis", "2511.13029",
              "Epoch AI", "CC-BY", "ObsScaling", "Apache-2.0", "model cards"):
        assert s in text
    for c_ in paramest.load_benchmarks()["citation"].dropna():
        assert c_.strip() in text


def test_cite_bibtex():
    b = str(paramest.cite(format="bibtex"))
    assert b.startswith("@software{") and b.rstrip().endswith("}")
    assert f"version = {{{paramest.__version__}}}" in b
    assert str(paramest.data_version()) in b
    with pytest.raises(paramest.InputError, match="format"):
        paramest.cite(format="apa")


def test_benchmark_citations_from_table():
    b = paramest.load_benchmarks().set_index("benchmark")
    lines = cite.benchmark_citations(["SimpleQA", "ikp"])
    assert len(lines) == 2
    assert lines[0].startswith("simpleqa: " + b.at["simpleqa", "citation"])
    nocit = [i for i, c in b["citation"].items() if not isinstance(c, str)]
    assert cite.benchmark_citations(nocit[:1]) == [] if nocit else True


def test_cite_estimate(est):
    text = str(est.cite())
    assert text.splitlines()[0] == str(est)
    assert f"{100 * est.level:g}% interval" in text and est.form in text
    assert f"{len(est.sources)} calibration sources" in text
    assert f"Data version: {est.data_version}" in text
    assert f"paramest {paramest.__version__}" in text
    for b, v in est.variants.items():
        assert f"{b}=" in text and v in text
    for line in cite.benchmark_citations(est.benchmarks):
        assert line in text


def test_artificial_analysis_named_exactly_when_its_scores_are_used():
    with_aa = paramest.estimate_size({"aa-omniscience": 0.3})
    without = paramest.estimate_size({"ikp": 0.6})
    assert "Artificial Analysis" in str(with_aa.cite())
    assert "Artificial Analysis" in str(with_aa.cite(format="bibtex"))
    assert "Artificial Analysis" not in str(without.cite())


def test_citation_cff():
    yaml = pytest.importorskip("yaml")
    d = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert d["cff-version"] == "1.2.0"
    assert d["title"] == "paramest"
    assert str(d["version"]) == paramest.__version__  # bumped together with the package
    assert d["license"] == "MIT"
    released = datetime.date.fromisoformat(str(d["date-released"]))
    assert released <= datetime.date.today()
    assert d["authors"] == [{"name": "paramest developers"}]
