"""Fixtures shared by several test modules."""

from __future__ import annotations

import pytest

from paramest.ingest import names, tables


@pytest.fixture
def fresh_registry(monkeypatch):
    """An empty benchmark registry for one test (registrations do not leak to the next)."""
    monkeypatch.setattr(tables, "_REGISTERED", {})
    names.clear_index_cache()
    yield
    names.clear_index_cache()
