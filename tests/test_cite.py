"""Tests of paramest.cite and CITATION.cff; expected text is read from the shipped tables."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

import paramest

cite = importlib.import_module("paramest.citation")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def est():
    return paramest.estimate_size("gpt-4o")


def test_cite_package():
    text = paramest.cite()
    assert text == cite.cite_package()
    # the function is not shadowed by a submodule of the same name
    assert callable(paramest.cite) and paramest.cite() == text
    assert text.startswith(f"paramest {paramest.__version__}")
    for s in ("github.com/19PINE-AI/ikp", "2604.24827", "AA-Omniscience", "2511.13029",
              "Epoch AI", "CC-BY", "ObsScaling", "Apache-2.0", "model cards", "Method"):
        assert s in text
    b = paramest.load_benchmarks()
    for c in b["citation"].dropna():
        assert c.strip() in text


def test_benchmark_citations_from_table():
    b = paramest.load_benchmarks().set_index("benchmark")
    lines = cite.benchmark_citations(["SimpleQA", "ikp"])
    assert len(lines) == 2
    assert lines[0].startswith("simpleqa: " + b.at["simpleqa", "citation"])
    # benchmarks without a citation give no line
    nocit = [i for i, c in b["citation"].items() if not isinstance(c, str)]
    if nocit:
        assert cite.benchmark_citations(nocit[:1]) == []


def test_cite_estimate(est):
    text = est.cite()
    assert text == cite.cite_estimate(est)
    assert text.splitlines()[0] == str(est)
    assert f"{100 * est.level:g}% interval" in text
    assert est.method in text and est.form in text
    assert f"{len(est.sources)} calibration sources" in text
    assert f"paramest {paramest.__version__}" in text
    assert f"seed {est.seed}" in text
    for line in cite.benchmark_citations(est.benchmarks):
        assert line in text


def test_cite_estimate_bayes_and_scores_dict():
    e = paramest.estimate_size({"ikp": 0.5}, method="bayes", rng=7)
    text = e.cite()
    assert "bayes" in text and "seed 7" in text
    assert "posterior" in text


def test_citation_cff():
    yaml = pytest.importorskip("yaml")
    d = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert d["cff-version"] == "1.2.0"
    assert d["title"] == "paramest"
    assert str(d["version"]) == paramest.__version__
    assert d["license"] == "MIT"
    assert str(d["date-released"]) == "2026-11-24"
    assert d["authors"] == [{"name": "paramest developers"}]
    assert "doi" not in d
