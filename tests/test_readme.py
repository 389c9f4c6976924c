"""The README's Python example runs as written, and its two set-up commands stay true."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
CI = Path(__file__).resolve().parents[1] / ".ci" / "run"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README.read_text(), flags=re.S)


@pytest.mark.skipif(not README.exists(), reason="README.md is not part of an installed package")
def test_readme_python_example_runs(tmp_path):
    (code,) = _blocks("python")
    env = {**os.environ, "MPLBACKEND": "Agg"}
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "acme-closed-1" not in r.stderr


@pytest.mark.skipif(not CI.exists(), reason="no CI script in this checkout")
def test_readme_commands_are_the_ones_ci_runs():
    bash = _blocks("bash")
    assert len(bash) == 2, "README keeps exactly two set-up commands"
    main_job, tests = (b.strip() for b in bash)
    assert "paramest estimate --all-closed" in main_job
    assert tests in CI.read_text(), "CI must run the README's test command"
