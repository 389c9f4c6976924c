"""Tests of the command line (paramest.cli), run in-process with capsys.

Expected values come from the shipped data through the library API; none is typed from
memory. The main job on every closed model takes about a minute today, so the fast tests
run it on the benchmarks few closed models have (``naturalquestions,triviaqa``: the same
code path, three rows); the full run is marked slow.
"""

from __future__ import annotations

import io
import json
import math
import re
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

import paramest
from paramest.cli import main
from paramest.cli.estimate import CSV_COLUMNS, TABLE_COLUMNS
from paramest.cli.messages import python_advice
from paramest.units import to_json_safe

FEW = ["--benchmarks", "naturalquestions,triviaqa"]  # a quick --all-closed: three closed models


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


_MEMO: dict = {}


@pytest.fixture
def memo_sizes(monkeypatch):
    """estimate_sizes remembered across tests of the table layout (real results, computed once
    per set of arguments: the layout, not the estimates, is under test there)."""
    import paramest.inversion as inv

    real = inv.estimate_sizes

    def memo(models=None, **kw):
        key = (None if models is None else tuple(models), repr(sorted(kw.items())))
        if key not in _MEMO:
            _MEMO[key] = real(models, **kw)
        out = _MEMO[key].copy()
        out.attrs = dict(_MEMO[key].attrs)
        return out

    monkeypatch.setattr(inv, "estimate_sizes", memo)


def widest(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def table_block(out: str, first_header: str) -> list[str]:
    """The lines of the table whose header starts with ``first_header``."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(first_header))
    block = []
    for line in lines[start:]:
        if not line.strip() or line.startswith("("):
            break
        block.append(line)
    return block


# --------------------------------------------------------------------------------------
# estimate: one model
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
    for k in ("model", "weights", "params_b", "lower_b", "upper_b", "level", "interval",
              "benchmarks", "flag_codes", "text", "notes", "estimated", "evidence", "calibration",
              "diagnostics"):
        assert k in d
    assert d == {**est.to_dict(), "notes": d["notes"]}
    assert isinstance(d["diagnostics"]["flags"], list)
    assert isinstance(d["evidence"]["per_benchmark"][0]["flags"], list)
    assert d["calibration"]["data_version"] == str(paramest.data_version())


def test_estimate_scores_json(capsys):
    d = run_json(capsys, "estimate", "--score", "simpleqa=0.62", "--score", "ikp=0.71")
    assert set(d["benchmarks"]) == {"simpleqa", "ikp"}
    assert d["evidence"]["scores"]["ikp"] == pytest.approx(0.71)
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
    assert d["upper_b"] is None and d["estimated"]["open_upper"] is True
    assert d["interval"].startswith(">")


def test_estimate_one_model_csv_has_the_stable_columns(capsys):
    rc, out, err = run(capsys, "estimate", "gpt-4o", "--csv")
    assert rc == 0, err
    df = pd.read_csv(io.StringIO(out))
    assert list(df.columns[:len(CSV_COLUMNS)]) == list(CSV_COLUMNS)
    est = paramest.estimate_size("gpt-4o")
    assert len(df) == 1 and df.at[0, "weights"] == est.weights
    assert df.at[0, "params_b"] == pytest.approx(est.params_b, rel=1e-5)
    assert df.at[0, "interval"] == est.interval_text


def test_estimate_plot(capsys, tmp_path):
    f = tmp_path / "est.png"
    rc, out, err = run(capsys, "estimate", "gpt-4o", "--plot", str(f))
    assert rc == 0, err
    assert f.stat().st_size > 0
    assert str(f) in out


@pytest.fixture
def bear_like(tmp_path, fresh_registry):
    """A new benchmark on 36 open models paramest does not ship (generated), plus a closed one."""
    import numpy as np

    rng = np.random.default_rng(7)
    sizes = np.logspace(-0.5, 2.5, 36)
    acc = 1 / (1 + np.exp(-(-1.2 + 1.35 * np.log10(sizes)))) + rng.normal(0, 0.03, 36)
    f = tmp_path / "bear.csv"
    pd.DataFrame({"model": [f"bear-open-{i}" for i in range(36)] + ["bear-closed"],
                  "benchmark": "bear", "score": list(np.clip(acc, 0.01, 0.99)) + [0.5],
                  "total_params_b": list(sizes) + [float("nan")],
                  "open_weights": ["yes"] * 36 + ["no"]}).to_csv(f, index=False)
    return f


def test_the_interval_is_described_once_without_contradiction(capsys, bear_like):
    # 0.2.0 printed "logistic form: ... calibrated" and then "interval not recalibrated"
    rc, out, err = run(capsys, "estimate", "bear-closed", "--data", str(bear_like),
                       "--new-benchmark", "bear,chance=0")
    assert rc == 0, err
    est = paramest.estimate_size("bear-closed", data=paramest.combine(
        paramest.read_scores(bear_like)))
    assert len(re.findall(r"calibrated", out)) == 1, out
    assert sum(line.startswith("interval: ") for line in out.splitlines()) == 1, out
    # the one line agrees with the estimate the library returns
    assert ("not recalibrated" in out) == (est.recalibration is None), out
    assert ", calibrated" not in out


def test_a_recalibrated_interval_says_so_once(capsys):
    rc, out, err = run(capsys, "estimate", "gpt-4o")
    assert rc == 0, err
    assert paramest.estimate_size("gpt-4o").recalibration
    assert "not recalibrated" not in out
    assert sum(line.startswith("interval: ") for line in out.splitlines()) == 1


# --------------------------------------------------------------------------------------
# estimate --all-closed: progress, a table that fits, CSV, JSON
# --------------------------------------------------------------------------------------


def test_all_closed_reports_progress_on_stderr(capsys):
    rc, out, err = run(capsys, "estimate", "--all-closed", *FEW)
    assert rc == 0, err
    lines = err.splitlines()
    assert lines[0].startswith("paramest: estimating closed models: ") and "to do" in lines[0]
    assert lines[-1].startswith("paramest: estimating closed models: done")
    assert "paramest: estimating" not in out  # progress never mixes with the results
    rc, out, err = run(capsys, "estimate", "--all-closed", *FEW, "--quiet")
    assert rc == 0 and err == ""


def test_all_closed_matches_the_library(capsys):
    d = run_json(capsys, "estimate", "--all-closed", *FEW, "--quiet")
    lib = paramest.estimate_sizes(closed_only=True, benchmarks=["naturalquestions", "triviaqa"])
    lib = lib[lib["error"] == ""].sort_values("params_b", ascending=False, kind="mergesort")
    assert [r["weights"] for r in d["estimates"]] == list(lib["weights"])
    for r, (_, row) in zip(d["estimates"], lib.iterrows()):
        assert r["params_b"] == pytest.approx(row["params_b"], rel=1e-5)
    rc, out, err = run(capsys, "estimate", "--all-closed", *FEW, "-q")
    table = table_block(out, "weights")
    assert [line.split()[0] for line in table[1:]] == list(lib["weights"])


@pytest.mark.parametrize("columns", [None, "40", "60", "80", "100", "120", "200"])
def test_all_closed_table_fits_columns(capsys, monkeypatch, memo_sizes, columns):
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    width = int(columns or 100)  # captured stdout is no terminal: the default is 100
    rc, out, err = run(capsys, "estimate", "--all-closed", "--benchmarks", "chinese-simpleqa", "-q")
    assert rc == 0, err
    assert widest(out) <= width
    table = table_block(out, "weights")
    header = table[0]
    # text left-aligned: every row starts with its weights id at column 0
    assert all(not line.startswith(" ") for line in table)
    # numbers right-aligned: the estimate column ends where its header ends
    end = header.index("estimate") + len("estimate")
    assert all(line[end - 1] != " " and (len(line) == end or line[end] == " ") for line in table[1:])


def test_all_closed_drops_the_least_important_columns_when_narrow(capsys, monkeypatch, memo_sizes):
    def header(width):
        monkeypatch.setenv("COLUMNS", str(width))
        rc, out, err = run(capsys, "estimate", "--all-closed", *FEW, "-q")
        assert rc == 0, err
        return table_block(out, "weights")[0], out

    wide, _ = header(200)
    narrow, out = header(50)
    assert len(narrow.split("  ")) < len(wide.split("  "))
    assert "weights" in narrow and "estimate" in narrow
    assert "not shown at width 50" in out and "--columns" in out


def test_all_closed_columns_option(capsys, monkeypatch, memo_sizes):
    monkeypatch.setenv("COLUMNS", "100")
    rc, out, err = run(capsys, "estimate", "--all-closed", *FEW, "-q",
                       "--columns", "weights,benchmarks,estimate")
    assert rc == 0, err
    head = table_block(out, "weights")[0]
    assert head.split() == ["weights", "benchmarks", "estimate"]
    rc, out, err = run(capsys, "estimate", "--all-closed", *FEW, "--columns", "weights,nope")
    assert_one_line_error(rc, out, err)
    assert "nope" in err and ",".join(TABLE_COLUMNS) in err


def test_all_closed_csv(capsys, memo_sizes):
    rc, out, err = run(capsys, "estimate", "--all-closed", *FEW, "--csv", "-q")
    assert rc == 0, err
    df = pd.read_csv(io.StringIO(out))
    assert list(df.columns[:len(CSV_COLUMNS)]) == list(CSV_COLUMNS)
    d = run_json(capsys, "estimate", "--all-closed", *FEW, "-q")
    ok = df[df["error"].isna()]
    assert list(ok["weights"]) == [r["weights"] for r in d["estimates"]]
    for (_, row), r in zip(ok.iterrows(), d["estimates"]):
        assert row["params_b"] == pytest.approx(r["params_b"], rel=1e-5)  # raw billions
        assert row["interval"] == r["interval"]  # plus the formatted interval
        assert row["benchmarks"].split(";") == r["benchmarks"]


def test_sizes_are_always_formatted(capsys, memo_sizes):
    rc, out, err = run(capsys, "estimate", "--all-closed", *FEW, "-q")
    assert rc == 0, err
    # a raw number with a unit, like 0.2.0's "996.518B", never appears
    assert not re.search(r"\d\.\d{3,}[KMBT]\b", out)


@pytest.mark.slow
def test_all_closed_full_run(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    rc, out, err = run(capsys, "estimate", "--all-closed")
    assert rc == 0, err
    assert widest(out) <= 80
    head = " ".join(out.split("\n\n")[0].split())  # the header paragraph, wrapped to 80
    assert f"data {paramest.data_version()}" in head
    d = run_json(capsys, "estimate", "--all-closed", "-q")
    est = d["estimates"]
    assert len(est) >= 100
    p = [r["params_b"] if r["params_b"] is not None else math.inf for r in est]
    assert p == sorted(p, reverse=True)
    closed = set(paramest.load_models().query("~open_weights")["weights"])
    assert {r["weights"] for r in est} <= closed
    weights = [r["weights"] for r in est]
    assert len(set(weights)) == len(weights)  # one row per set of weights
    table = table_block(out, "weights")
    assert [line.split()[0] for line in table[1:]] == weights


# --------------------------------------------------------------------------------------
# other commands
# --------------------------------------------------------------------------------------


def test_fit_text_and_json(capsys, tmp_path):
    rc, out, err = run(capsys, "fit", "ikp")
    assert rc == 0, err
    # the report, wrapped to the width where a line is longer: same words, same order
    assert out.split() == paramest.fit("ikp").report().split()
    assert widest(out) <= 100
    png = tmp_path / "fit.png"
    d = run_json(capsys, "fit", "ikp", "--form", "linear", "--plot", str(png))
    assert d["settings"]["form"] == "linear"
    assert d["n_models"] == paramest.fit("ikp", form="linear").n_models_
    assert {"coef", "std_err", "ci_lower"} <= set(d["coefficients"]["slope"])
    assert png.stat().st_size > 0


@pytest.mark.slow
def test_compare(capsys):
    rc, out, err = run(capsys, "compare", "ikp")
    assert rc == 0, err
    assert "total" in out and "active" in out and "blend" in out
    assert widest(out) <= 100
    d = run_json(capsys, "compare", "ikp")
    assert [r["predictor"] for r in d["table"]] == ["total", "active", "blend"]
    assert d["table"][0]["g_ci_lower"] is None  # NaN -> null


@pytest.mark.slow
def test_validate(capsys):
    rc, out, err = run(capsys, "validate", "--benchmarks", "ikp", "--split", "extrapolation")
    assert rc == 0, err
    assert out.startswith("ValidationResult(")
    d = run_json(capsys, "validate", "--benchmarks", "ikp", "--split", "extrapolation",
                 "--level", "0.8")
    assert d["settings"]["level"] == 0.8
    assert "coverage" in d["summary"]["all"]


def test_benchmarks_and_datasets_json(capsys):
    d = run_json(capsys, "benchmarks")
    assert [r["benchmark"] for r in d["benchmarks"]] == list(paramest.list_benchmarks()["benchmark"])
    d = run_json(capsys, "datasets")
    assert [r["file"] for r in d["datasets"]] == list(paramest.list_datasets()["file"])
    assert d["data_version"]["text"] == str(paramest.data_version())
    assert d["counts"]["by_band"] == paramest.data_counts()["by_band"]


def test_datasets_prints_the_coverage_by_band(capsys):
    # the data issue's counts, by size band, next to the data version
    rc, out, err = run(capsys, "datasets")
    assert rc == 0, err
    text = " ".join(out.split())
    c = paramest.data_counts()
    assert str(paramest.data_version()) in text
    assert f"{c['open_weights_with_sized_knowledge_score']} open sets of weights" in text
    for band, n in c["by_band"].items():
        assert f"{band} {n}" in text


@pytest.mark.parametrize("columns", [None, "60", "80", "120"])
@pytest.mark.parametrize("command, first", [("benchmarks", "benchmark"), ("datasets", "dataset"),
                                            ("models", "model")])
def test_listings_fit_and_align_text_left(capsys, monkeypatch, command, first, columns):
    # 0.2.0: benchmarks 206 columns wide, datasets 235, text right-aligned
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    rc, out, err = run(capsys, command)
    assert rc == 0, err
    assert widest(out) <= int(columns or 100)
    table = table_block(out, first)
    ids = {"benchmarks": paramest.list_benchmarks()["benchmark"],
           "datasets": paramest.list_datasets()["dataset"],
           "models": paramest.load_models()["model"]}[command]
    starts = [line.split()[0] for line in table[1:] if not line.startswith(" ")]
    assert starts == list(ids)  # each row's id at column 0: left-aligned, none left out


def test_benchmarks_csv(capsys):
    rc, out, err = run(capsys, "benchmarks", "--csv")
    assert rc == 0, err
    df = pd.read_csv(io.StringIO(out))
    pd.testing.assert_series_equal(df["n_models"], paramest.list_benchmarks()["n_models"],
                                   check_names=False)


def test_models_search(capsys):
    d = run_json(capsys, "models", "--search", "gopher")
    assert d["models"] and all("gopher" in json.dumps(r).lower() for r in d["models"])


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
    s = paramest.load_scores("ikp", open_only=True).dropna(subset=["total_params_b"])
    rows = s.drop_duplicates("weights").head(30)
    f = tmp_path / "new.csv"
    pd.DataFrame({"model": list(rows["model"]) + ["acme-closed-1"],
                  "benchmark": "ikp", "score": list(rows["score"]) + [0.6]}).to_csv(f, index=False)
    d = run_json(capsys, "estimate", "acme-closed-1", "--data", str(f))
    assert d["model"] == "acme-closed-1" and d["calibration"]["data_source"] != "shipped"
    rc, out, err = run(capsys, "fit", "ikp", "--data", str(f))
    assert rc == 0, err


def test_python_m_paramest_benchmarks():
    r = subprocess.run([sys.executable, "-m", "paramest", "benchmarks"], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "ikp" in r.stdout


def test_help_exits_zero(capsys):
    assert main(["--help"]) == 0
    assert "estimate" in capsys.readouterr().out


# --------------------------------------------------------------------------------------
# bad input: one stderr line, exit 2, no traceback, command-line words
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
    ["estimate", "gpt-4o", "--columns", "weights"],
    ["estimate", "gpt-4o", "--csv", "--json"],
    ["estimate", "gpt-4o", "--min-models", "0"],
    ["estimate", "gpt-4o", "--benchmarks", "simpleqa-verified"],
    ["estimate", "--score", "simpleqa-search=0.3"],
    ["fit", "no-such-bench"],
    ["compare", "no-such-bench"],
    ["validate", "--split", "nope"],
    ["ingest", "x.csv", "--rows", "0"],
    ["no-such-command"],
    [],
], ids=lambda a: " ".join(a) or "<none>")
def test_bad_input(capsys, argv):
    rc, out, err = run(capsys, *argv)
    assert_one_line_error(rc, out, err)
    assert python_advice(err) == [], err  # flags, never Python calls or keywords


def test_bad_input_messages_name_cli_flags(capsys):
    rc, out, err = run(capsys, "estimate", "no-such-model-xyz")
    assert "unknown model" in err and "--score" in err and "--data FILE" in err
    assert "paramest.load_models()" not in err
    rc, out, err = run(capsys, "estimate", "--score", "simpleqa")
    assert "BENCHMARK=SCORE" in err
    # 0.2.0: "declare it first: paramest.register_benchmark('bear', ...)"
    rc, out, err = run(capsys, "estimate", "--score", "bear=0.5")
    assert "--new-benchmark bear,chance=" in err and "register_benchmark" not in err
    rc, out, err = run(capsys, "estimate", "gpt-4o", "--benchmarks", "simpleqa-verified")
    assert "--benchmarks LIST" in err and "benchmarks=[" not in err


def test_unknown_benchmark_in_a_file_names_the_flag(capsys, tmp_path, fresh_registry):
    f = tmp_path / "wide.csv"
    pd.DataFrame({"model": ["a", "b"], "bear": [0.2, 0.4]}).to_csv(f, index=False)
    rc, out, err = run(capsys, "ingest", str(f))
    assert_one_line_error(rc, out, err)
    assert "--new-benchmark bear" in err and python_advice(err) == []
    rc, out, err = run(capsys, "ingest", str(f), "--new-benchmark", "bear,chance=0")
    assert rc == 0, err


def test_unused_benchmark_names_the_override(capsys):
    # simpleqa-search has fewer than 8 open models with a size: it is named, with the flag
    s = paramest.load_scores("simpleqa-search", open_only=True).dropna(subset=["total_params_b"])
    n = s["weights"].nunique()
    assert 0 < n < 8
    rc, out, err = run(capsys, "estimate", "--all-closed", "--benchmarks",
                       "simpleqa-search,naturalquestions", "-q")
    assert rc == 0, err
    text = " ".join(out.split())
    assert f"simpleqa-search: {n} calibration units" in text
    assert f"--min-models {n} to use it anyway" in text
    assert python_advice(out) == []


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


def test_jsonable_nan_and_types():
    ts = pd.Timestamp("2024-01-02")
    d = to_json_safe({"a": float("nan"), "b": [math.inf, 1.5], "c": ts, "d": pd.NaT,
                      "e": pd.DataFrame({"x": [1.0, float("nan")]})})
    assert d == {"a": None, "b": [None, 1.5], "c": ts.isoformat(), "d": None,
                 "e": [{"x": 1.0}, {"x": None}]}
    json.dumps(d, allow_nan=False)
