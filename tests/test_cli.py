"""Tests of the command line (paramest.cli), run in-process with capsys.

Expected values come from the shipped data through the library API; none is typed from
memory.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

import paramest
from paramest.cli import _jsonable, main


def run(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def run_json(capsys, *argv):
    rc, out, err = run(capsys, *argv, "--json")
    assert rc == 0, err
    return json.loads(out)


def assert_one_line_error(rc, out, err):
    assert rc == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("paramest: error: ")
    assert "Traceback" not in err and "Traceback" not in out


# --------------------------------------------------------------------------------------
# estimate
# --------------------------------------------------------------------------------------


def test_estimate_shipped_model_text(capsys):
    rc, out, err = run(capsys, "estimate", "gpt-4o")
    assert rc == 0, err
    first = out.splitlines()[0]
    assert "total params" in first
    assert first.startswith("gpt-4o")


def test_estimate_shipped_model_matches_api(capsys):
    d = run_json(capsys, "estimate", "gpt-4o")
    est = paramest.estimate_size("gpt-4o")
    for k in ("model", "params_b", "lower_b", "upper_b", "level", "method", "benchmarks",
              "per_benchmark", "flags", "text", "notes"):
        assert k in d
    assert d["params_b"] == pytest.approx(est.params_b)
    assert d["text"] == str(est)


def test_estimate_scores_json(capsys):
    d = run_json(capsys, "estimate", "--score", "simpleqa=0.62", "--score", "ikp=0.71")
    assert set(d["benchmarks"]) == {"simpleqa", "ikp"}
    assert d["scores"]["ikp"] == pytest.approx(0.71)
    assert d["lower_b"] <= d["params_b"] <= d["upper_b"]


def test_estimate_options_level_method_benchmarks(capsys):
    d = run_json(capsys, "estimate", "gpt-4o", "--level", "0.8", "--method", "bayes",
                 "--benchmarks", "ikp")
    assert d["level"] == 0.8
    assert d["method"] == "bayes"
    assert d["benchmarks"] == ["ikp"]


def test_estimate_all_closed_text_sorted(capsys):
    rc, out, err = run(capsys, "estimate", "--all-closed")
    assert rc == 0, err
    lines = out.splitlines()
    assert "closed models" in lines[0]
    rows = []
    for line in lines[2:]:
        if not line.strip():
            break
        rows.append(line.split()[0])
    d = run_json(capsys, "estimate", "--all-closed")
    assert len(rows) == d["n_models"] >= 30
    # the text table lists the same models in the same (largest-first) order
    assert rows == [r["model"] for r in d["estimates"]]


def test_estimate_all_closed_json(capsys):
    d = run_json(capsys, "estimate", "--all-closed")
    est = d["estimates"]
    assert len(est) >= 30
    p = [r["params_b"] for r in est]
    assert p == sorted(p, reverse=True)
    # only closed models
    closed = set(paramest.load_models().query("~open_weights")["model"])
    assert {r["model"] for r in est} <= closed
    for k in ("level", "method", "benchmarks", "failed", "skipped", "notes"):
        assert k in d


def test_estimate_plot(capsys, tmp_path):
    f = tmp_path / "est.png"
    rc, out, err = run(capsys, "estimate", "gpt-4o", "--plot", str(f))
    assert rc == 0, err
    assert f.stat().st_size > 0
    assert str(f) in out


# --------------------------------------------------------------------------------------
# other commands
# --------------------------------------------------------------------------------------


def test_fit_text_and_json(capsys, tmp_path):
    rc, out, err = run(capsys, "fit", "ikp")
    assert rc == 0, err
    assert out.strip() == paramest.fit("ikp").report().strip()
    png = tmp_path / "fit.png"
    d = run_json(capsys, "fit", "ikp", "--form", "linear", "--plot", str(png))
    assert d["stats"]["form"] == "linear"
    assert d["stats"]["n_models"] == paramest.fit("ikp", form="linear").n_models_
    assert {"term", "coef", "std_err"} <= set(d["summary"][0])
    assert png.stat().st_size > 0


def test_compare(capsys):
    rc, out, err = run(capsys, "compare", "ikp")
    assert rc == 0, err
    assert "total" in out and "active" in out and "blend" in out
    d = run_json(capsys, "compare", "ikp")
    assert [r["predictor"] for r in d["table"]] == ["total", "active", "blend"]
    # NaN -> null
    assert d["table"][0]["g_ci_lower"] is None


def test_validate(capsys):
    rc, out, err = run(capsys, "validate", "--benchmarks", "ikp", "--split", "largest")
    assert rc == 0, err
    assert out.startswith("validation:")
    d = run_json(capsys, "validate", "--benchmarks", "ikp", "--split", "largest",
                 "--level", "0.8")
    assert d["settings"]["level"] == 0.8
    assert d["summary"][0]["subset"] == "all"
    assert "coverage" in d["summary"][0]


def test_benchmarks_and_datasets(capsys):
    d = run_json(capsys, "benchmarks")
    ids = [r["benchmark"] for r in d["benchmarks"]]
    assert ids == list(paramest.list_benchmarks()["benchmark"])
    rc, out, err = run(capsys, "benchmarks")
    assert rc == 0 and "ikp" in out
    d = run_json(capsys, "datasets")
    assert [r["file"] for r in d["datasets"]] == list(paramest.list_datasets()["file"])
    rc, out, err = run(capsys, "datasets")
    assert rc == 0 and "scores.csv" in out


@pytest.fixture
def messy_csv(tmp_path):
    s = paramest.load_scores("ikp")
    known = s["model"].iloc[0]
    v = float(s["score"].iloc[0])
    f = tmp_path / "mine.csv"
    pd.DataFrame({
        "model": [known, known, "my-own-model", "x", "y"],
        "benchmark": ["ikp", "ikp", "ikp", "no-such-bench", "ikp"],
        "score": [v, v / 2, v, v, "abc"],
    }).to_csv(f, index=False)
    return f, known


def test_ingest_text(capsys, messy_csv):
    f, known = messy_csv
    rc, out, err = run(capsys, "ingest", str(f))
    assert rc == 0, err
    assert err == ""
    assert "2 loaded" in out and "3 skipped" in out
    assert "my-own-model" in out
    assert "unknown benchmark" in out and "score is not a number" in out
    assert "conflicts (1)" in out
    # the reader's 'rows skipped' warning is covered by the report, not repeated
    assert "df.attrs" not in out


def test_ingest_json(capsys, messy_csv):
    f, known = messy_csv
    d = run_json(capsys, "ingest", str(f))
    assert d["n_in"] == 5 and d["n_loaded"] == 2
    assert d["n_in"] == d["n_loaded"] + len(d["skipped"])
    assert d["unresolved"] == ["my-own-model"]
    assert len(d["conflicts"]) == 1 and d["conflicts"][0]["model"] == known
    assert {r["reason"] for r in d["skipped"]} >= {"score is not a number"}


def test_python_m_paramest_benchmarks():
    r = subprocess.run([sys.executable, "-m", "paramest", "benchmarks"], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "ikp" in r.stdout


def test_help_exits_zero(capsys):
    assert main(["--help"]) == 0
    assert "estimate" in capsys.readouterr().out


# --------------------------------------------------------------------------------------
# bad input: one stderr line, exit 2, no traceback
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [
    ["estimate", "no-such-model-xyz"],
    ["estimate", "--score", "no-such-bench=0.5"],
    ["estimate", "--score", "simpleqa"],
    ["estimate", "--score", "simpleqa=abc"],
    ["estimate", "--score", "simpleqa=nan"],
    ["estimate", "--score", "simpleqa=62", "--score", "ikp=0.7"],
    ["estimate"],
    ["estimate", "gpt-4o", "--score", "ikp=0.5"],
    ["estimate", "gpt-4o", "--level", "2"],
    ["estimate", "gpt-4o", "--method", "magic"],
    ["estimate", "gpt-4o", "--benchmarks", "ikp,nope"],
    ["estimate", "gpt-4o", "--no-such-option"],
    ["fit", "no-such-bench"],
    ["compare", "no-such-bench"],
    ["validate", "--split", "nope"],
    ["no-such-command"],
    [],
], ids=lambda a: " ".join(a) or "<none>")
def test_bad_input(capsys, argv):
    rc, out, err = run(capsys, *argv)
    assert_one_line_error(rc, out, err)


def test_bad_input_messages(capsys):
    rc, out, err = run(capsys, "estimate", "no-such-model-xyz")
    assert "unknown model" in err
    rc, out, err = run(capsys, "estimate", "--score", "simpleqa")
    assert "BENCHMARK=SCORE" in err


def test_ingest_missing_file(capsys, tmp_path):
    rc, out, err = run(capsys, "ingest", str(tmp_path / "nope.csv"))
    assert_one_line_error(rc, out, err)
    assert "not found" in err


def test_ingest_invalid_json(capsys, tmp_path):
    f = tmp_path / "bad.json"
    f.write_text('[{"model": "a", "benchmark": "ikp", "score": ')
    rc, out, err = run(capsys, "ingest", str(f))
    assert_one_line_error(rc, out, err)
    assert "JSON" in err


def test_ingest_ambiguous_scale(capsys, tmp_path):
    f = tmp_path / "mix.csv"
    pd.DataFrame({"model": ["a", "b"], "benchmark": ["ikp", "ikp"],
                  "score": [0.5, 50]}).to_csv(f, index=False)
    rc, out, err = run(capsys, "ingest", str(f))
    assert_one_line_error(rc, out, err)


def test_plot_path_checked_before_work(capsys, tmp_path):
    rc, out, err = run(capsys, "estimate", "gpt-4o", "--plot", str(tmp_path / "no" / "x.png"))
    assert_one_line_error(rc, out, err)
    rc, out, err = run(capsys, "estimate", "gpt-4o", "--plot", str(tmp_path / "x.nope"))
    assert_one_line_error(rc, out, err)


def test_jsonable_nan_and_types():
    ts = pd.Timestamp("2024-01-02")
    d = _jsonable({"a": float("nan"), "b": [math.inf, 1.5], "c": ts, "d": pd.NaT,
                   "e": pd.DataFrame({"x": [1.0, float("nan")]})})
    assert d == {"a": None, "b": [None, 1.5], "c": ts.isoformat(), "d": None,
                 "e": [{"x": 1.0}, {"x": None}]}
    json.dumps(d, allow_nan=False)
