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
from paramest.cli import main
from paramest.units import to_json_safe


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
    for k in ("model", "weights", "params_b", "lower_b", "upper_b", "level", "benchmarks",
              "variants", "per_benchmark", "flags", "text", "notes", "data_version", "forms"):
        assert k in d
    assert d == {**est.to_dict(), "notes": d["notes"]}
    assert isinstance(d["flags"], list) and isinstance(d["per_benchmark"][0]["flags"], list)


def test_estimate_scores_json(capsys):
    d = run_json(capsys, "estimate", "--score", "simpleqa=0.62", "--score", "ikp=0.71")
    assert set(d["benchmarks"]) == {"simpleqa", "ikp"}
    assert d["scores"]["ikp"] == pytest.approx(0.71)
    assert d["lower_b"] <= d["params_b"] <= d["upper_b"]


def test_estimate_options_level_benchmarks(capsys):
    d = run_json(capsys, "estimate", "gpt-4o", "--level", "0.8", "--benchmarks", "ikp")
    assert d["level"] == 0.8
    assert d["benchmarks"] == ["ikp"]


def test_estimate_lower_bound_printed_as_a_bound(capsys):
    rc, out, err = run(capsys, "estimate", "--score", "ikp=0.97")
    assert rc == 0, err
    assert "interval >" in out.splitlines()[0]
    d = run_json(capsys, "estimate", "--score", "ikp=0.97")
    assert d["upper_b"] is None and d["open_upper"] is True and d["interval"].startswith(">")


def test_estimate_all_closed_text(capsys):
    rc, out, err = run(capsys, "estimate", "--all-closed")
    assert rc == 0, err
    lines = out.splitlines()
    head = lines[0]
    assert "closed sets of weights" in head and f"data {paramest.data_version()}" in head
    used = head.split("benchmarks used: ")[1].split(";")[0].split(", ")
    assert "popqa" not in used  # no closed model was estimated from it
    # a benchmark that cannot be used is explained once, not on every row
    assert sum("not used" in line for line in lines) <= len(paramest.default_evidence())
    d = run_json(capsys, "estimate", "--all-closed")
    start = next(i for i, line in enumerate(lines) if line.split()[:2] == ["weights", "estimate"])
    table = []
    for line in lines[start + 1:]:
        if not line.strip():
            break
        table.append(line.split()[0])
    weights = [r["weights"] for r in d["estimates"]]
    assert table == weights  # same rows, same order
    assert len(set(weights)) == len(weights)  # one row per set of weights
    assert sorted(used) == sorted(d["benchmarks_used"])


def test_estimate_all_closed_json_types(capsys):
    d = run_json(capsys, "estimate", "--all-closed")
    est = d["estimates"]
    assert len(est) >= 100
    p = [r["params_b"] if r["params_b"] is not None else math.inf for r in est]
    assert p == sorted(p, reverse=True)
    closed = set(paramest.load_models().query("~open_weights")["weights"])
    assert {r["weights"] for r in est} <= closed
    r0 = est[0]
    assert isinstance(r0["benchmarks"], list) and isinstance(r0["flags"], list)
    assert isinstance(r0["variants"], list)
    assert d["data_version"] == str(paramest.data_version())
    # published sizes ride along (gopher's is disclosed)
    g = next(r for r in est if r["weights"] == "gopher-280b")
    assert g["disclosed_b"] == pytest.approx(
        float(paramest.load_models().set_index("model").loc["gopher-280b", "total_params_b"]))
    # numbers print like numbers: at most 6 significant digits
    for r in est:
        for k in ("params_b", "lower_b", "upper_b"):
            v = r[k]
            if v is not None:
                assert len(f"{v:.15g}".replace(".", "").replace("-", "").lstrip("0")) <= 6


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
    assert d["settings"]["form"] == "linear"
    assert d["n_models"] == paramest.fit("ikp", form="linear").n_models_
    assert {"coef", "std_err", "ci_lower"} <= set(d["coefficients"]["slope"])
    assert png.stat().st_size > 0


def test_compare(capsys):
    rc, out, err = run(capsys, "compare", "ikp")
    assert rc == 0, err
    assert "total" in out and "active" in out and "blend" in out
    d = run_json(capsys, "compare", "ikp")
    assert [r["predictor"] for r in d["table"]] == ["total", "active", "blend"]
    assert d["table"][0]["g_ci_lower"] is None  # NaN -> null


def test_validate(capsys):
    rc, out, err = run(capsys, "validate", "--benchmarks", "ikp", "--split", "extrapolation")
    assert rc == 0, err
    assert out.startswith("ValidationResult(")
    d = run_json(capsys, "validate", "--benchmarks", "ikp", "--split", "extrapolation",
                 "--level", "0.8")
    assert d["settings"]["level"] == 0.8
    assert "coverage" in d["summary"]["all"]


def test_benchmarks_and_datasets(capsys):
    d = run_json(capsys, "benchmarks")
    assert [r["benchmark"] for r in d["benchmarks"]] == list(paramest.list_benchmarks()["benchmark"])
    rc, out, err = run(capsys, "benchmarks")
    assert rc == 0 and "ikp" in out
    d = run_json(capsys, "datasets")
    assert [r["file"] for r in d["datasets"]] == list(paramest.list_datasets()["file"])
    assert d["data_version"]["text"] == str(paramest.data_version())
    rc, out, err = run(capsys, "datasets")
    assert rc == 0 and "scores.csv" in out


def test_every_option_has_help():
    from paramest.cli import build_parser

    p = build_parser()
    sub = next(a for a in p._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, sp in sub.choices.items():
        for act in sp._actions:
            if act.dest == "help":
                continue
            assert act.help, f"{name}: option {act.option_strings or act.dest} has no help"


def test_data_option_new_benchmark_workflow(capsys, tmp_path):
    # a benchmark paramest has never heard of, from a CSV, without Python
    s = paramest.load_scores("ikp", open_only=True).dropna(subset=["total_params_b"])
    rows = s.drop_duplicates("weights").head(30)
    f = tmp_path / "new.csv"
    pd.DataFrame({"model": list(rows["model"]) + ["acme-closed-1"],
                  "benchmark": "ikp", "score": list(rows["score"]) + [0.6]}).to_csv(f, index=False)
    d = run_json(capsys, "estimate", "acme-closed-1", "--data", str(f))
    assert d["model"] == "acme-closed-1" and d["data_source"] != "shipped"
    rc, out, err = run(capsys, "fit", "ikp", "--data", str(f))
    assert rc == 0, err


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
    rep = d["report"]
    assert rep["n_in"] == 5 and rep["n_loaded"] == 2
    assert rep["n_in"] == rep["n_loaded"] + len(rep["skipped"])
    assert d["unresolved"] == ["my-own-model"]
    assert len(rep["conflicts"]) == 1 and rep["conflicts"][0]["model"] == known


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
    ["estimate", "gpt-4o", "--form", "magic"],
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
    afile = tmp_path / "a-file"
    afile.write_text("x")
    rc, out, err = run(capsys, "estimate", "gpt-4o", "--plot", str(afile / "x.png"))
    assert_one_line_error(rc, out, err)
    assert "is a file" in err
    rc, out, err = run(capsys, "estimate", "gpt-4o", "--data", str(tmp_path))
    assert_one_line_error(rc, out, err)


def test_control_characters_are_not_sent_to_the_terminal(capsys, tmp_path):
    f = tmp_path / "ansi.csv"
    s = paramest.load_scores("ikp", open_only=True).dropna(subset=["total_params_b"])
    rows = s.drop_duplicates("weights").head(20)
    pd.DataFrame({"model": list(rows["model"]) + ["evil\x1b[31mred"], "benchmark": "ikp",
                  "score": list(rows["score"]) + [0.5]}).to_csv(f, index=False)
    rc, out, err = run(capsys, "estimate", "evil\x1b[31mred", "--data", str(f))
    assert rc == 0, err
    assert "\x1b" not in out and "\\x1b" in out


def test_jsonable_nan_and_types():
    ts = pd.Timestamp("2024-01-02")
    d = to_json_safe({"a": float("nan"), "b": [math.inf, 1.5], "c": ts, "d": pd.NaT,
                   "e": pd.DataFrame({"x": [1.0, float("nan")]})})
    assert d == {"a": None, "b": [None, 1.5], "c": ts.isoformat(), "d": None,
                 "e": [{"x": 1.0}, {"x": None}]}
    json.dumps(d, allow_nan=False)


def test_ingest_encoding_option_and_report_lines(tmp_path, capsys):
    p = tmp_path / "latin.csv"
    p.write_bytes("model,benchmark,score\nCaf\u00e9-model,ikp,0.3\n".encode("cp1252"))
    assert main(["ingest", str(p), "--encoding", "cp1252"]) == 0
    out = capsys.readouterr().out
    assert "Caf\u00e9-model" in out
    # the report keeps its line breaks; only characters inside a line are escaped
    assert "\\x0a" not in out and out.splitlines()[0].startswith("latin.csv: 1 rows in")
