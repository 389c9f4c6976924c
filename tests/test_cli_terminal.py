"""Terminal safety and bounded output of the command line (issue 23: the terminal; issue 22:
tables that fit, progress).

Files are generated in a temporary folder; expected values come from the library.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import paramest
from paramest.cli import main
from paramest.cli.progress import Progress
from paramest.cli.terminal import Column, Terminal, display_width, fit_table, safe_text

ROOT = Path(__file__).resolve().parent.parent
ESC = "\x1b[31m"


def run(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def open_rows(benchmark: str, n: int) -> pd.DataFrame:
    s = paramest.load_scores(benchmark, open_only=True).dropna(subset=["total_params_b"])
    return s.drop_duplicates("weights").head(n)


# --------------------------------------------------------------------------------------
# control characters are shown, never sent
# --------------------------------------------------------------------------------------


def test_escape_sequences_in_a_model_name(capsys, tmp_path):
    f = tmp_path / "ansi.csv"
    rows = open_rows("ikp", 20)
    pd.DataFrame({"model": list(rows["model"]) + [f"evil{ESC}red"], "benchmark": "ikp",
                  "score": list(rows["score"]) + [0.5]}).to_csv(f, index=False)
    rc, out, err = run(capsys, "estimate", f"evil{ESC}red", "--data", str(f))
    assert rc == 0, err
    assert "\x1b" not in out and "\\x1b" in out
    rc, out, err = run(capsys, "ingest", str(f))
    assert rc == 0, err
    assert "\x1b" not in out and "\\x1b" in out
    rc, out, err = run(capsys, "estimate", f"evil{ESC}red", "--data", str(f), "--csv")
    assert rc == 0, err
    assert "\x1b" not in out


def test_escape_sequences_in_the_main_job(capsys, tmp_path):
    f = tmp_path / "closed.csv"
    pd.DataFrame({"model": [f"closed{ESC}x"], "benchmark": ["naturalquestions"],
                  "score": [0.3], "open_weights": ["no"]}).to_csv(f, index=False)
    rc, out, err = run(capsys, "estimate", "--all-closed", "--benchmarks",
                       "naturalquestions,triviaqa", "--data", str(f))
    assert rc == 0, err
    assert "closed\\x1b[31mx" in out
    assert "\x1b" not in out and "\x1b" not in err


def test_escape_sequences_in_paths(capsys, tmp_path):
    d = tmp_path / f"dir{ESC}"
    d.mkdir()
    f = d / "scores.csv"
    rows = open_rows("ikp", 5)
    pd.DataFrame({"model": rows["model"], "benchmark": "ikp", "score": rows["score"]}).to_csv(
        f, index=False)
    rc, out, err = run(capsys, "ingest", str(f))
    assert rc == 0, err
    assert "\x1b" not in out
    rc, out, err = run(capsys, "ingest", str(d / "missing.csv"))
    assert rc == 2 and "\x1b" not in err and "\\x1b" in err


def test_ascii_output_encoding_does_not_crash(tmp_path):
    # 0.2.0: UnicodeEncodeError traceback with PYTHONIOENCODING=ascii
    f = tmp_path / "caf\u00e9.csv"
    rows = open_rows("ikp", 20)
    pd.DataFrame({"model": list(rows["model"]) + ["Caf\u00e9-\u901a\u4e49"], "benchmark": "ikp",
                  "score": list(rows["score"]) + [0.4]}).to_csv(f, index=False)
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "PYTHONPATH": str(ROOT), "COLUMNS": "80"}
    for argv in (["estimate", "Caf\u00e9-\u901a\u4e49", "--data", str(f)], ["ingest", str(f)]):
        r = subprocess.run([sys.executable, "-m", "paramest", *argv], capture_output=True,
                           env=env, timeout=300)
        assert r.returncode == 0, r.stderr.decode("ascii", "replace")
        out = r.stdout.decode("ascii")  # pure ASCII
        assert "Caf\\xe9-\\u901a\\u4e49" in out
        assert "Traceback" not in r.stderr.decode("ascii", "replace")
        # a path is never cut (it would not work copied): only a line that is one word
        # may be wider
        assert all(len(line) <= 80 or " " not in line.strip() for line in out.splitlines())


def test_safe_text_escapes_what_the_encoding_cannot_write():
    assert safe_text(f"a{ESC}b") == "a\\x1b[31mb"
    assert safe_text("Caf\u00e9", "ascii") == "Caf\\xe9"
    assert safe_text("Caf\u00e9", "utf-8") == "Caf\u00e9"
    assert safe_text("Caf\u00e9", "latin-1") == "Caf\u00e9"
    assert safe_text("\u901a", "latin-1") == "\\u901a"
    assert safe_text("x\ny") == "x\\ny"


# --------------------------------------------------------------------------------------
# ingest: bounded output, full tables on request
# --------------------------------------------------------------------------------------


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
    assert "df.attrs" not in out and "paramest ingest FILE" not in out


def test_ingest_json(capsys, messy_csv):
    f, known = messy_csv
    rc, out, err = run(capsys, "ingest", str(f), "--json")
    assert rc == 0, err
    d = json.loads(out)
    rep = d["report"]
    assert rep["n_in"] == 5 and rep["n_loaded"] == 2
    assert rep["n_in"] == rep["n_loaded"] + len(rep["skipped"])
    assert d["unresolved"] == ["my-own-model"]
    assert len(rep["conflicts"]) == 1 and rep["conflicts"][0]["model"] == known


@pytest.fixture
def big_csv(tmp_path):
    """3,000 rows: 2,000 scores of models paramest does not ship, 1,000 unreadable scores."""
    n = 1000
    f = tmp_path / "big.csv"
    pd.DataFrame({"model": [f"user-model-{i}" for i in range(3 * n)], "benchmark": "ikp",
                  "score": [0.1 + 0.8 * (i % 97) / 97 for i in range(2 * n)] + ["n/a?"] * n}
                 ).to_csv(f, index=False)
    return f, n


def test_ingest_output_is_bounded(capsys, big_csv):
    # 0.2.0 printed every skipped row and every unresolved name: output grew with the file
    f, n = big_csv
    rc, out, err = run(capsys, "ingest", str(f))
    assert rc == 0, err
    assert len(out.splitlines()) < 150 and len(out) < 20_000
    assert "2,000 loaded" in out and "1,000 skipped" in out
    assert "loaded (2,000, the first 20 shown)" in out
    assert "--out" in out  # says how to get everything
    rc, out, err = run(capsys, "ingest", str(f), "--json")
    assert rc == 0, err
    assert len(out) < 50_000
    d = json.loads(out)
    assert d["n_loaded"] == 2 * n and len(d["loaded"]) == 20 and d["n_unresolved"] == 2 * n


def test_ingest_out_writes_the_full_tables(capsys, big_csv, tmp_path):
    f, n = big_csv
    out_csv = tmp_path / "full.csv"
    rc, out, err = run(capsys, "ingest", str(f), "--out", str(out_csv), "--rows", "5")
    assert rc == 0, err
    assert len(pd.read_csv(out_csv)) == 2 * n
    assert len(pd.read_csv(tmp_path / "full-skipped.csv")) == n
    assert len(pd.read_csv(tmp_path / "full-unresolved.csv")) == 2 * n
    assert str(out_csv) in out
    back = paramest.read_scores(out_csv)  # readable with --data
    assert len(back) == 2 * n
    out_json = tmp_path / "full.json"
    rc, out, err = run(capsys, "ingest", str(f), "--out", str(out_json))
    assert rc == 0, err
    d = json.loads(out_json.read_text())
    assert len(d["loaded"]) == 2 * n and len(d["skipped"]) == n and len(d["unresolved"]) == 2 * n
    rc, out, err = run(capsys, "ingest", str(f), "--out", str(tmp_path / "x.txt"))
    assert rc == 2 and "--out" in err


def test_ingest_encoding_option_and_report_lines(tmp_path, capsys):
    p = tmp_path / "latin.csv"
    p.write_bytes("model,benchmark,score\nCaf\u00e9-model,ikp,0.3\n".encode("cp1252"))
    assert main(["ingest", str(p), "--encoding", "cp1252"]) == 0
    out = capsys.readouterr().out
    assert "Caf\u00e9-model" in out
    # the report keeps its line breaks; only characters inside a line are escaped
    assert "\\x0a" not in out and out.splitlines()[0].startswith("latin.csv: 1 rows in")


# --------------------------------------------------------------------------------------
# tables and progress
# --------------------------------------------------------------------------------------


cells = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
                max_size=60)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=40, max_value=160),
       st.lists(st.tuples(cells, st.booleans(), st.integers(0, 5), st.booleans()), min_size=1,
                max_size=8),
       st.integers(min_value=0, max_value=6))
def test_no_table_line_is_wider_than_the_width(width, spec, nrows):
    cols = [Column(f"c{i}", f"h{i}", [safe_text(text + str(r)) for r in range(nrows)], numeric,
                   prio, wrap=wrap) for i, (text, numeric, prio, wrap) in enumerate(spec)]
    lines, dropped = fit_table(cols, width)
    assert all(display_width(line) <= width for line in lines)
    assert set(dropped) <= {c.key for c in cols if c.priority > 0}


def test_wide_characters_count_twice():
    t = Terminal(io.StringIO(), width=40)
    t.table([Column("m", "model", ["\u901a\u4e49\u5343\u95ee" * 8], priority=0),
             Column("s", "size", ["7B"], numeric=True, priority=0)])
    assert all(display_width(line) <= 40 for line in t.stream.getvalue().splitlines())


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_on_a_terminal_is_redrawn_and_erased():
    buf, now = FakeTTY(), [0.0]
    p = Progress(4, "estimating", stream=buf, width=60, clock=lambda: now[0])
    for i in range(4):
        now[0] += 1.5
        p.update(i + 1, f"model-{i}")
    p.close()
    text = buf.getvalue()
    assert "\n" not in text  # redrawn in place, never a new line
    frames = text.split("\r")
    assert any("4/4" in fr and "[" in fr for fr in frames)
    assert all(len(fr) <= 59 for fr in frames)
    assert frames[-1] == ""  # erased at the end


def test_progress_lines_elsewhere_are_periodic():
    buf, now = io.StringIO(), [0.0]
    p = Progress(100, "estimating", stream=buf, width=80, every=10, clock=lambda: now[0])
    for i in range(100):
        now[0] += 0.5  # 50 s in all: a line about every 10 s, not one per model
        p.update(i + 1)
    p.close()
    lines = buf.getvalue().splitlines()
    assert 5 <= len(lines) <= 8
    assert lines[0].endswith("100 to do") and lines[-1].startswith("paramest: estimating: done")
