"""Every public callable of the API documents its parameters and what it returns (numpydoc)."""

from __future__ import annotations

import dataclasses
import inspect
import re

import pytest

import paramest


def _sections(doc: str) -> dict[str, str]:
    """numpydoc sections: title -> body."""
    lines = inspect.cleandoc(doc).splitlines()
    out, title, body = {}, "summary", []
    for i, line in enumerate(lines):
        if i + 1 < len(lines) and re.fullmatch(r"-{3,}", lines[i + 1].strip()) and line.strip():
            out[title] = "\n".join(body)
            title, body = line.strip(), []
        elif not re.fullmatch(r"-{3,}", line.strip()):
            body.append(line)
    out[title] = "\n".join(body)
    return out


def _documented(body: str) -> set[str]:
    names = set()
    for line in body.splitlines():
        if line and not line[0].isspace():
            for part in line.split(":")[0].split(","):
                names.add(part.strip().lstrip("*"))
    return names


def _callables():
    for name in paramest.__all__:
        obj = getattr(paramest, name)
        if callable(obj) and not inspect.isclass(obj):
            obj = inspect.unwrap(obj)  # functools.cache wrappers
        if inspect.isfunction(obj):
            yield name, obj, False
        elif inspect.isclass(obj) and not issubclass(obj, Exception):
            yield name, obj, False
            for m, member in vars(obj).items():
                if m.startswith("_"):
                    continue
                if isinstance(member, (staticmethod, classmethod)):
                    yield f"{name}.{m}", member.__func__, True
                elif inspect.isfunction(member):
                    yield f"{name}.{m}", member, True


CALLABLES = list(_callables())


@pytest.mark.parametrize("name,obj,method", CALLABLES, ids=[c[0] for c in CALLABLES])
def test_public_callable_has_numpydoc_sections(name, obj, method):
    doc = obj.__doc__
    assert doc and doc.strip(), f"{name} has no docstring"
    sec = _sections(doc)
    if inspect.isclass(obj):
        params = [] if dataclasses.is_dataclass(obj) else [
            p for p in inspect.signature(obj).parameters.values() if p.name != "self"]
        where = sec.get("Parameters", "")
    else:
        sig = inspect.signature(obj)
        params = [p for i, p in enumerate(sig.parameters.values())
                  if not (method and i == 0)]
        where = sec.get("Parameters", "")
        ret = sig.return_annotation
        if ret not in (inspect.Signature.empty, None, "None"):
            assert "Returns" in sec or "Yields" in sec, f"{name} returns {ret} but has no Returns"
    if params:
        assert where, f"{name} takes {[p.name for p in params]} but has no Parameters section"
        missing = [p.name for p in params if p.name not in _documented(where)]
        assert not missing, f"{name}: parameters {missing} not documented"


def test_the_check_sees_the_whole_api():
    names = {c[0] for c in CALLABLES}
    assert {"estimate_size", "data_version", "SizeEstimate.to_dict", "CurveFit.fit"} <= names
    assert len(CALLABLES) > 70
