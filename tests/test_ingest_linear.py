"""Issue 23, item 3: parsing in linear time.

- a property test times every cell parser on adversarial cells of growing length (the
  issue's ``"7" + n spaces + "x"`` and its neighbours, for n up to 10^5) and checks that
  the time grows at most about linearly (a generous bound: quadratic growth fails it by a
  factor of ten, cubic by a thousand);
- a static check that no regular expression in the reader modules nests quantifiers or
  puts two quantified atoms that can match the same text side by side;
- the issue's 2 KB parameter cell gets the right error, through the public reader.
"""

from __future__ import annotations

import ast
import re
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from params_oracle import reference_parse_params

import paramest
from paramest import errors as E
from paramest.ingest import cells, dates, layouts, params, readers

INGEST = Path(paramest.__file__).parent / "ingest"
# the modules that read file contents; names.py's old parameter parser is gone (the public
# paramest.parse_params is params.parse_params); its name patterns are bounded by name length
READER_MODULES = ["sniff", "files", "cells", "params", "dates", "scale", "layouts", "assemble",
                  "combine", "report", "readers", "lm_eval"]


def _parse_param(cell: str):
    try:
        params.parse_params(cell, max_chars=10**7)
    except E.ParamsParseError:
        pass


def _parse_score(cell: str):
    cells.parse_score_text(cell, 10**7)


def _parse_date(cell: str):
    # free-form dates go to pandas/dateutil, which is not linear on long text: the reader's
    # length limit (MAX_VALUE_CHARS) refuses a long cell before it gets there
    try:
        dates.parse_dates(pd.Series([cell]), "x", [], [], max_chars=readers.MAX_VALUE_CHARS)
    except E.DateParseError:
        pass


def _parse_bool(cell: str):
    try:
        cells.parse_bools(pd.Series([cell]), "open_weights", "x", None)
    except E.InputError:
        pass


def _header(cell: str):
    layouts.norm_header(cell)
    layouts.pct_header(cell)


PARSERS = {"params": _parse_param, "score": _parse_score, "date": _parse_date,
           "bool": _parse_bool, "header": _header}


def _best_time(fn, cell: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(cell)
        best = min(best, time.perf_counter() - t0)
    return best


@settings(max_examples=25, deadline=None)
@given(parser=st.sampled_from(sorted(PARSERS)),
       head=st.sampled_from(["7", "7B", "235B-A", "45", "2024-", "01/06/", "(%", "-", ""]),
       filler=st.sampled_from([" ", "\t", "0", "7", "a", "-", ".", "%", " a", "- "]),
       tail=st.sampled_from(["x", "", "B", "%", "!", "A22B"]))
def test_parse_time_grows_at_most_linearly(parser, head, filler, tail):
    fn = PARSERS[parser]
    small, large = 10**4, 10**5  # characters of filler
    t_small = _best_time(fn, head + filler * (small // len(filler)) + tail)
    t_large = _best_time(fn, head + filler * (large // len(filler)) + tail)
    # linear growth gives a ratio of about 10 (up to ~40 when the larger cell no longer fits
    # in the CPU cache); quadratic growth gives 100, the old cubic regex 1000
    floor = 2e-4  # below this a cell parse is too quick to time reliably
    assert t_large <= 60 * max(t_small, floor), (parser, repr(head), repr(filler), t_small, t_large)


def test_issue_cell_of_two_thousand_spaces_is_refused_with_the_right_error(tmp_path):
    p = tmp_path / "sizes.csv"
    cell = "7" + " " * 2000 + "x"
    p.write_text(f'model,benchmark,score,params\nacme-1,ikp,0.3,"{cell}"\n')
    with pytest.raises(E.ParamsParseError) as e:
        paramest.read_scores(p)
    msg = str(e.value)
    assert "parameter count" in msg and "'params'" in msg and "acme-1" in msg
    assert "2,002 characters" in msg  # the length limit, with a clear message


@pytest.mark.parametrize("n", [10, 2000, 100_000])
def test_params_parser_refuses_the_adversarial_cell_at_any_length(n):
    with pytest.raises(E.ParamsParseError, match="cannot parse parameter count"):
        params.parse_params("7" + " " * n + "x", max_chars=10**7)


def test_params_parser_reads_what_the_old_grammar_read():
    # the shapes the regular expression accepted, each with its expected reading
    for text, want in [("671B", (671.0, None)), ("1.6T", (1600.0, None)), ("7b", (7.0, None)),
                       ("350M", (0.35, None)), ("235B-A22B", (235.0, 22.0)),
                       ("235b a22b", (235.0, 22.0)), ("30B_A3B", (30.0, 3.0)),
                       (" 46.7 B / A 12.9 B ", (46.7, 12.9)), ("70", (70.0, None)),
                       ("7e10", None), ("70,000,000,000", None)]:
        if want is None:
            with pytest.raises(E.ParamsParseError, match="raw count"):
                params.parse_params(text)
        else:
            got = params.parse_params(text)
            assert got[0] == pytest.approx(want[0]) and (
                got[1] == want[1] if want[1] is None else got[1] == pytest.approx(want[1])), text
    for bad in ["8x7B", "-7B", "7,000", "abc", "7BB", "A22B", "7B-A", "7B-A22BB"]:
        with pytest.raises(E.ParamsParseError):
            params.parse_params(bad)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet="0123456789.kmbtKMBTaA-_ /x,e+", max_size=14),
                 st.floats(allow_nan=False), st.integers(-10, 10**12)))
def test_params_parser_agrees_with_the_old_one_on_short_cells(value):
    """On short cells the scanner reads what the old regular-expression parser read
    (``tests/params_oracle.py``, slow only on long cells), or refuses what it refused."""
    try:
        want = reference_parse_params(value)
    except E.ParamsParseError:
        with pytest.raises(E.ParamsParseError):
            params.parse_params(value)
        return
    got = params.parse_params(value)
    assert got[0] == pytest.approx(want[0]), value
    assert (got[1] is None) == (want[1] is None) and (
        want[1] is None or got[1] == pytest.approx(want[1])), value


# --------------------------------------------------------------------------------------
# no regular expression that can backtrack on user text
# --------------------------------------------------------------------------------------


def _patterns(module: str) -> list[str]:
    tree = ast.parse((INGEST / f"{module}.py").read_text())
    out = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                and node.args and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)):
            out.append(node.args[0].value)
    return out


_QUANT = re.compile(r"(?<!\\)(?:[*+?]|\{\d+(?:,\d*)?\})")


def _nested_quantifier(pattern: str) -> bool:
    """A group with a quantifier inside that is itself quantified (``(a+)+``, ``(?:x*)*``)."""
    stack: list[bool] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            j = pattern.index("]", i + 2 if pattern[i + 1:i + 2] == "]" else i + 1)
            i = j + 1
            if stack and _QUANT.match(pattern, i):
                stack[-1] = True
            continue
        if ch == "(":
            stack.append(False)
        elif ch == ")":
            inner = stack.pop()
            quantified = bool(_QUANT.match(pattern, i + 1)) and pattern[i + 1:i + 2] != "?" or \
                bool(re.match(r"\)[*+]|\)\{", pattern[i:]))
            if inner and quantified:
                return True
            if stack and (inner or quantified):
                stack[-1] = True
        elif stack and _QUANT.match(pattern, i) and not (ch == "?" and pattern[i - 1] == "("):
            stack[-1] = True
        i += 1
    return False


_WS_ATOM = re.compile(r"(?:\\s|\[[^\]]*(?:\\s| )[^\]]*\])[*+]")


def _adjacent_overlapping(pattern: str) -> bool:
    """More than one quantified white-space atom, as in the old ``\\s*(...)?\\s*`` grammar:
    with optional parts between them, two such atoms compete for the same spaces."""
    return len(_WS_ATOM.findall(pattern)) > 1


@pytest.mark.parametrize("module", READER_MODULES)
def test_no_backtracking_regex_in_reader_modules(module):
    for pat in _patterns(module):
        assert not _nested_quantifier(pat), (module, pat)
        assert not _adjacent_overlapping(pat), (module, pat)


def test_the_detector_sees_the_old_patterns():
    old_params = (r"^\s*(?P<tot>\d+(?:\.\d+)?)\s*(?P<u1>[kmbt])?\s*(?:[-_ /]?\s*a\s*"
                  r"(?P<act>\d+(?:\.\d+)?)\s*(?P<u2>[kmbt])?)?\s*$")
    assert _adjacent_overlapping(old_params)
    assert _nested_quantifier(r"^(?:\d{1,3}(?:[,_]\d{3})+)$")
    assert _nested_quantifier(r"(a+)+")
    assert not _nested_quantifier(r"[ \t\r\n]*") and not _adjacent_overlapping(r"[\s_\-]+")


def test_scores_of_huge_numbers_are_skipped_with_a_reason():
    t = pd.DataFrame({"model": ["a", "b"], "benchmark": ["ikp", "ikp"],
                      "score": ["0." + "3" * 5000, "0.4"]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        df = paramest.read_scores(t)
    rep = df.attrs["report"]
    assert list(df["score"]) == [0.4]
    assert list(rep.skipped["reason"]) == [cells.R_LONG]
    assert np.isfinite(df["score"]).all()
