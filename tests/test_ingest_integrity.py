"""Issue 23, item 5: a damaged install raises a paramest error that names the file and
says to reinstall, never a raw traceback.

Each test copies the shipped tables to a temporary folder, damages one, points
:func:`paramest.ingest.tables.data_dir` at the copy and loads the tables through the
public API.
"""

from __future__ import annotations

import hashlib
import json
import shutil

import pandas as pd
import pytest

import paramest
from paramest import errors as E
from paramest.ingest import tables


def _clear():
    for f in (tables.read_shipped, tables._manifest, tables.data_version):
        f.cache_clear()


@pytest.fixture
def install(tmp_path, monkeypatch):
    """A copy of the shipped data folder that the loaders read instead of the real one."""
    src = tables.data_dir()
    for name in [*tables.REQUIRED_COLUMNS, "manifest.json"]:
        shutil.copy(src / name, tmp_path / name)
    monkeypatch.setattr(tables, "data_dir", lambda: tmp_path)
    monkeypatch.delenv(tables.ALLOW_MODIFIED_ENV, raising=False)
    _clear()
    yield tmp_path
    _clear()


def _rehash(folder, name):
    """Record a changed file's hash in the manifest (as a rebuild would)."""
    m = json.loads((folder / "manifest.json").read_text())
    m["files"][name] = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(m))


def _damaged(fn, *words):
    with pytest.raises(E.DataIntegrityError) as e:
        fn()
    msg = str(e.value)
    for w in ("Reinstall", *words):
        assert w in msg, msg
    return msg


def test_the_copy_loads_as_the_original(install):
    assert len(paramest.load_scores()) > 0 and len(paramest.load_models()) > 0
    assert not paramest.data_version().modified


def test_scores_replaced_by_binary_junk(install):
    (install / "scores.csv").write_bytes(bytes(range(256)) * 64)
    _damaged(paramest.load_scores, "scores.csv", "SHA-256")
    _damaged(paramest.data_version, "scores.csv")


def test_binary_junk_even_with_a_matching_hash(install):
    (install / "scores.csv").write_bytes(b"\x00\xff\x13" * 1000)
    _rehash(install, "scores.csv")
    _damaged(paramest.load_scores, "scores.csv")


def test_models_missing_a_column(install):
    m = pd.read_csv(install / "models.csv")
    m.drop(columns="aliases").to_csv(install / "models.csv", index=False)
    _damaged(paramest.load_models, "models.csv", "SHA-256")  # the hash catches it first
    _rehash(install, "models.csv")
    _clear()
    _damaged(paramest.load_models, "models.csv", "'aliases'")  # and the schema after a rebuild


def test_truncated_file(install):
    data = (install / "scores.csv").read_bytes()
    (install / "scores.csv").write_bytes(data[: len(data) // 2])
    _damaged(paramest.load_scores, "scores.csv", "truncated")


def test_missing_file_and_missing_manifest(install):
    (install / "benchmarks.csv").unlink()
    _damaged(paramest.load_benchmarks, "benchmarks.csv", "missing")
    (install / "manifest.json").unlink()
    _clear()
    _damaged(paramest.load_models, "manifest.json", "missing")


def test_text_where_numbers_belong(install):
    s = pd.read_csv(install / "scores.csv")
    s["score"] = s["score"].astype(str)
    s.loc[0, "score"] = "zero point five"
    s.to_csv(install / "scores.csv", index=False)
    _rehash(install, "scores.csv")
    _damaged(paramest.load_scores, "scores.csv", "'score'", "numbers")


def test_extra_columns_are_allowed(install):
    # the data curators are adding columns; a rebuilt manifest makes them part of the data
    m = pd.read_csv(install / "models.csv")
    m["training_tokens_b"] = 1.0
    m.to_csv(install / "models.csv", index=False)
    _rehash(install, "models.csv")
    assert "training_tokens_b" in paramest.load_models().columns


def test_curating_with_the_switch_says_modified(install, monkeypatch):
    s = pd.read_csv(install / "scores.csv")
    s.iloc[:-1].to_csv(install / "scores.csv", index=False)
    monkeypatch.setenv(tables.ALLOW_MODIFIED_ENV, "1")
    _clear()
    assert len(paramest.load_scores()) < len(s)
    assert paramest.data_version().modified
    assert str(paramest.data_version()).endswith("-modified")
