"""The documentation: the strict mkdocs build, and the ```python examples of every page.

Every ```python block of ``docs/pages/*.md`` is an example that runs, page by page in one
namespace (a page's blocks build on each other), unless the line before its fence is
``<!-- docs-test: skip (why) -->``. The quick test compiles every block and checks that
each paramest name it uses exists; running them all takes minutes (they fit curves and
validate on every split), so that test is marked slow.
"""

from __future__ import annotations

import ast
import importlib
import os
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import paramest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs" / "pages").glob("*.md"))
BLOCK = re.compile(r"(?P<mark><!--\s*docs-test:\s*skip[^>]*-->\s*\n)?^```python[^\n]*\n(?P<code>.*?)^```",
                   re.S | re.M)


def blocks(page: Path) -> list[tuple[str, bool]]:
    """(code, runnable) for each ```python block of a page."""
    return [(m.group("code"), m.group("mark") is None) for m in BLOCK.finditer(page.read_text())]


def test_pages_have_examples():
    assert any(blocks(p) for p in PAGES)


def _paramest_names(tree: ast.AST) -> list[tuple[str, str]]:
    """(module, name) for ``paramest.X`` attributes and ``from paramest.m import X``."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id == "paramest":
            out.append(("paramest", node.attr))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("paramest"):
            out += [(node.module, a.name) for a in node.names]
    return out


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_examples_compile_and_name_real_api(page):
    for code, _ in blocks(page):
        tree = ast.parse(code, filename=str(page))
        for module, name in _paramest_names(tree):
            mod = importlib.import_module(module)
            assert hasattr(mod, name), f"{page.name}: {module}.{name} does not exist"


@pytest.mark.slow
@pytest.mark.xdist_group("validate")  # the pages share cached cross-validations
@pytest.mark.parametrize("page", [p for p in PAGES if any(run for _, run in blocks(p))],
                         ids=lambda p: p.name)
def test_examples_run(page, tmp_path, monkeypatch, fresh_registry):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monkeypatch.chdir(tmp_path)
    ns: dict = {"__name__": "docs_example"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i, (code, runnable) in enumerate(blocks(page)):
            if runnable:
                exec(compile(code, f"{page.name} block {i + 1}", "exec"), ns)
            plt.close("all")
    assert paramest.data_version()  # the library still works after the page ran


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("mkdocs") is None and importlib.util.find_spec("mkdocs") is None,
                    reason="mkdocs not installed (pip install -e '.[docs]')")
def test_mkdocs_build_strict(tmp_path):
    # 0.2.0: aborted on the cross-reference to paramest.units.to_json_safe
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                        "-f", str(ROOT / "docs" / "mkdocs.yml"), "-d", str(tmp_path / "site")],
                       capture_output=True, text=True, timeout=600,
                       env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert (tmp_path / "site" / "index.html").exists()
