"""The README's Python example runs as written, and its two set-up commands stay true."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
CI = Path(__file__).resolve().parents[1] / ".ci" / "run"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README.read_text(), flags=re.S)


@pytest.mark.xdist_group("validate")  # shares the cached cross-validations with the docs pages
@pytest.mark.skipif(not README.exists(), reason="README.md is not part of an installed package")
def test_readme_python_example_runs(tmp_path, monkeypatch, fresh_registry):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    (code,) = _blocks("python")
    monkeypatch.chdir(tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exec(compile(code, "README.md python block", "exec"), {"__name__": "readme_example"})
    plt.close("all")
    # the model that exists only in the user's file is estimated without a warning about it
    assert not [w for w in caught if "acme-closed-1" in str(w.message)]


@pytest.mark.skipif(not CI.exists(), reason="no CI script in this checkout")
def test_readme_commands_are_the_ones_ci_runs():
    bash = _blocks("bash")
    assert len(bash) == 2, "README keeps exactly two set-up commands"
    main_job, tests = (b.strip() for b in bash)
    assert "paramest estimate --all-closed" in main_job
    assert tests in CI.read_text(), "CI must run the README's test command"
