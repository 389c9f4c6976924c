"""Table layouts -> score cells: which column is which, long and wide tables, and which
cells are scores.

A long table has one score per row (``model, benchmark, score``); a wide table one column
per benchmark, and every non-empty cell of such a column is one score. Either way the
result is a :class:`Cells`: one entry per score in the input, with its input row and
benchmark, and every cell that is not kept is recorded with its reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import FileFormatError, ScoreScaleError, UnknownBenchmarkError
from .cells import R_BOOL, Scores, distinct, parse_scores
from .names import lookup_benchmark
from .report import Skips, escape
from .scale import apply_scale
from .sniff import Limits, too_many

__all__ = ["ACTIVE_NAMES", "BENCH_NAMES", "DATE_NAMES", "META", "MODEL_NAMES", "PARAM_NAMES",
           "SCORE_NAMES", "Cells", "check_nested", "find_col", "keep_scores", "list_names",
           "long_cells", "model_codes", "norm_header", "pct_header", "wide_cells"]

MODEL_NAMES = ("model", "model_name", "model_id", "name", "llm", "models")
BENCH_NAMES = ("benchmark", "task", "eval", "benchmark_id")
SCORE_NAMES = ("score", "accuracy", "acc", "value")
PARAM_NAMES = ("total_params_b", "params", "params_b", "total_params", "parameters",
               "num_params", "n_params", "size_b", "model_size")
ACTIVE_NAMES = ("active_params_b", "active_params", "active_b")
DATE_NAMES = ("release_date", "released", "release", "date")
META = {"developer", "source", "note", "variant", "arch", "family", "reasoning", "thinking",
        "effort", "open_weights", "evaluator", "weights", "n_questions", "shots", "n_shot",
        "num_fewshot", *PARAM_NAMES, *ACTIVE_NAMES, *DATE_NAMES}

_WORD_BREAKS = re.compile(r"[\W_]+")  # one class, one quantifier: linear
_PERCENT_WORDS = frozenset({"pct", "percent", "percentage"})
_SEPARATORS = re.compile(r"[\s_\-]+")  # one class, one quantifier: linear


def norm_header(c: str) -> str:
    """A header as a key: lowercase, ``%`` (with its brackets) dropped, separators ``_``.

    Parameters
    ----------
    c : str
        A column header.

    Returns
    -------
    str
        E.g. ``"SimpleQA (%)"`` -> ``"simpleqa"``, ``"Release Date"`` -> ``"release_date"``.

    Examples
    --------
    >>> norm_header("Score (%)"), norm_header("model-name"), norm_header("acc_pct")
    ('score', 'model_name', 'acc')
    """
    if "%" not in c:
        return _strip_percent_suffix("_".join(t for t in _SEPARATORS.split(c.lower()) if t))
    low = c.lower()
    n = len(low)
    # the nearest non-space character before and after each position, found in two passes
    # (scanning from each '%' instead would be quadratic in a run of '%')
    prev, nxt = [-1] * n, [n] * n
    last = -1
    for i, ch in enumerate(low):
        prev[i] = last
        if not ch.isspace():
            last = i
    last = n
    for i in range(n - 1, -1, -1):
        nxt[i] = last
        if not low[i].isspace():
            last = i
    chars = list(low)
    for i, ch in enumerate(low):
        if ch != "%":
            continue
        chars[i] = " "
        if prev[i] >= 0 and low[prev[i]] in "([{":
            chars[prev[i]] = " "
        if nxt[i] < n and low[nxt[i]] in ")]}":
            chars[nxt[i]] = " "
    return _strip_percent_suffix("_".join(t for t in _SEPARATORS.split("".join(chars)) if t))


def _strip_percent_suffix(s: str) -> str:
    for suffix in ("_pct", "_percent", "_percentage"):
        if s.endswith(suffix):
            return s[: -len(suffix)]
    return s


def pct_header(c: str) -> bool:
    """Whether a header marks its column as percent (``%``, ``pct``, ``percent``).

    Parameters
    ----------
    c : str
        A column header.

    Returns
    -------
    bool
        True for e.g. ``"SimpleQA (%)"`` or ``"ikp_pct"``.

    Examples
    --------
    >>> pct_header("SimpleQA (%)"), pct_header("simpleqa")
    (True, False)
    """
    return "%" in c or not _PERCENT_WORDS.isdisjoint(_WORD_BREAKS.split(c.lower()))


def find_col(cols: Iterable[str], names: tuple[str, ...]) -> str | None:
    """The first column whose normalised header is one of ``names``.

    Parameters
    ----------
    cols : iterable of str
        Headers.
    names : tuple of str
        Accepted keys, in order of preference.

    Returns
    -------
    str or None
        The header as written.

    Examples
    --------
    >>> find_col(["Model Name", "Score"], MODEL_NAMES)
    'Model Name'
    """
    low: dict[str, str] = {}
    for c in cols:
        low.setdefault(norm_header(c), c)
    for n in names:
        if n in low:
            return low[n]
    return None


def list_names(names: list, n: int = 10) -> str:
    """At most ``n`` names, quoted (control characters escaped), and how many more.

    Parameters
    ----------
    names : list
        Names.
    n : int
        Most shown.

    Returns
    -------
    str
        ``"'a', 'b' and 3 more"``.

    Examples
    --------
    >>> list_names(["a", "b", "c"], 2)
    "'a', 'b' and 1 more"
    """
    shown = ", ".join(repr(str(x)[:80]) for x in names[:n])  # repr escapes control characters
    return shown + (f" and {len(names) - n} more" if len(names) > n else "")


def check_nested(base: pd.DataFrame, cols: list[str], label: str) -> None:
    """Cells must be plain values: a list or dict (from nested JSON) raises, naming where.

    Parameters
    ----------
    base : pandas.DataFrame
        The input table.
    cols : list of str
        Columns to check.
    label : str
        The input's name.

    Raises
    ------
    FileFormatError
        A cell holds a list, dict, set or tuple.

    Examples
    --------
    >>> check_nested(pd.DataFrame({"model": ["a"]}), ["model"], "x")  # plain: nothing happens
    """
    for c in cols:
        col = base[c]
        if not pd.api.types.is_object_dtype(col):
            continue
        arr = col.to_numpy(dtype=object)
        nested = np.fromiter((isinstance(v, (list, dict, set, tuple)) for v in arr), dtype=bool,
                             count=len(arr))
        if nested.any():
            i = int(np.flatnonzero(nested)[0])
            raise FileFormatError(
                f"{escape(label)}: column {escape(c)!r} holds a {type(arr[i]).__name__} in row "
                f"{i} ({escape(str(arr[i])[:40])}); cells must be plain text or numbers (flatten "
                "nested JSON)")


def model_codes(col: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes into the distinct model names; -1 for an empty cell or a real null.

    ``'NA'``, ``'None'`` and ``'null'`` are names: only an empty cell (or a missing
    value) is not. Spellings that differ only by surrounding spaces are one name.

    Parameters
    ----------
    col : pandas.Series
        The model column.

    Returns
    -------
    (numpy.ndarray of int64, list of str)
        The code of every row and the distinct names.

    Examples
    --------
    >>> model_codes(pd.Series(["a", " a", "", "NA"]))[0].tolist()
    [0, 0, -1, 1]
    """
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes = np.asarray(col.cat.codes, dtype=np.int64)
        uniq = pd.Series(np.asarray(col.cat.categories, dtype=object))
    else:
        c, u = pd.factorize(col, use_na_sentinel=True)
        codes, uniq = np.asarray(c, dtype=np.int64), pd.Series(u)
    # vectorised: strip each distinct name, merge the ones that become equal, drop blanks
    stripped = uniq.astype(str).str.strip()
    inv, merged = pd.factorize(stripped)
    merged = np.asarray(merged, dtype=object)
    blank = merged == ""
    renum = np.where(blank, -1, np.cumsum(~blank) - 1)
    remap = np.append(renum[inv], -1)  # the last slot: code -1, a real null
    return remap[codes], merged[~blank].tolist()


@dataclass
class Cells:
    """One entry per score in the input.

    Attributes
    ----------
    rows : numpy.ndarray of int64
        The input row of each score.
    bench : numpy.ndarray of int64
        Code into ``bench_names`` (-1: no benchmark name).
    bench_names : list of str
        Benchmark names as written (a long table's values, a wide table's headers).
    scores : Scores
        The parsed cells.
    pct_header : numpy.ndarray of bool
        The score's column is marked as percent in its header.
    """

    rows: np.ndarray
    bench: np.ndarray
    bench_names: list[str]
    scores: Scores
    pct_header: np.ndarray


def long_cells(base: pd.DataFrame, scol: str, bcol: str | None, benchmark: str | None,
               notes: list[str], limits: Limits) -> Cells:
    """The cells of a long table: one per row.

    Parameters
    ----------
    base : pandas.DataFrame
        The input table.
    scol : str
        The score column.
    bcol : str or None
        The benchmark column, or None when ``benchmark`` names the one benchmark.
    benchmark : str or None
        The user's ``benchmark=``.
    notes : list of str
        Receives the layout note.
    limits : Limits
        ``max_value_chars`` bounds a score cell.

    Returns
    -------
    Cells
        One per row.

    Examples
    --------
    >>> from paramest.ingest.readers import limits
    >>> t = pd.DataFrame({"model": ["a"], "benchmark": ["ikp"], "score": ["0.3"]})
    >>> long_cells(t, "score", "benchmark", None, [], limits()).bench_names
    ['ikp']
    """
    rows = np.arange(len(base), dtype=np.int64)
    if bcol is not None:
        bcodes, bu = distinct(base[bcol])
        bnames = [str(u).strip() for u in bu]
        notes.append("long format")
    else:
        bcodes, bnames = np.zeros(len(base), dtype=np.int64), [str(benchmark)]
        notes.append(f"long format, benchmark={escape(benchmark)!r} given")
    sc = parse_scores(base[scol], limits.max_value_chars)
    pct = np.full(len(base), pct_header(scol))
    if pct.any():
        notes.append(f"score column {escape(scol)!r} is marked as percent")
    return Cells(rows, bcodes, bnames, sc, pct)


def _classify_columns(base: pd.DataFrame, cols: list[str], mcol: str | None, meta: list[str],
                      label: str, limits: Limits
                      ) -> tuple[list[str], list[str], list[str], dict[str, Scores],
                                 dict[str, np.ndarray]]:
    """Wide columns -> (benchmark columns, numeric unknown ones, text ones, parsed cells,
    filled cells). The scores are counted as the columns are classified, so a table over
    ``max_scores`` is refused before its other columns are parsed."""
    bench_cols, unknown_cols, text_cols = [], [], []
    canon_of: dict[str, str] = {}
    candidates = []
    for c in cols:
        if c == mcol or c in meta or not c:
            continue
        b = lookup_benchmark(c)
        if b is None:
            candidates.append(c)
            continue
        if b in canon_of.values():
            other = next(k for k, v in canon_of.items() if v == b)
            raise FileFormatError(
                f"{escape(label)}: columns {escape(other)!r} and {escape(c)!r} both mean "
                f"benchmark {b!r}; keep one (their values may differ, so paramest will not "
                "pick one)")
        canon_of[c] = b
        bench_cols.append(c)
    filled = {c: nonempty(base[c]) for c in bench_cols}
    count = sum(int(f.sum()) for f in filled.values())
    too_many(label, "scores (filled benchmark cells)", count, limits.max_scores, "MAX_SCORES")
    parsed: dict[str, Scores] = {}
    for c in candidates:
        sc = parsed[c] = parse_scores(base[c], limits.max_value_chars)
        given = sc.reason != "score is empty"
        numeric = (sc.reason == None) & given  # noqa: E711 - elementwise
        if given.sum() and numeric.sum() >= 0.5 * given.sum():
            unknown_cols.append(c)
            filled[c] = nonempty(base[c])
            count += int(filled[c].sum())
            too_many(label, "scores (filled benchmark cells)", count, limits.max_scores,
                     "MAX_SCORES")
        else:
            text_cols.append(c)
            del parsed[c]
    return bench_cols, unknown_cols, text_cols, parsed, filled


def nonempty(col: pd.Series) -> np.ndarray:
    """Cells that hold something (not null, not blank).

    Parameters
    ----------
    col : pandas.Series
        A column.

    Returns
    -------
    numpy.ndarray of bool
        Per row.

    Examples
    --------
    >>> nonempty(pd.Series(["0.3", " ", None])).tolist()
    [True, False, False]
    """
    present = col.notna().to_numpy()
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes, cats = distinct(col)
        blank = np.array([str(c).strip() == "" for c in cats] + [True], dtype=bool)
        return present & ~blank[codes]
    if pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
        return present
    return present & (col.astype(str).str.strip() != "").to_numpy()


def wide_cells(base: pd.DataFrame, cols: list[str], mcol: str | None, meta: list[str],
               label: str, notes: list[str], skips: Skips, mcodes: np.ndarray,
               mnames_arr: np.ndarray, limits: Limits) -> Cells:
    """The cells of a wide table: every non-empty cell of a benchmark-like column.

    Numeric columns that are not known benchmarks are kept as cells (and skipped later,
    with a message saying how to declare them); text columns are ignored with a note.

    Parameters
    ----------
    base : pandas.DataFrame
        The input table.
    cols : list of str
        Its headers.
    mcol : str or None
        The model column.
    meta : list of str
        Metadata columns (sizes, dates...), not benchmarks.
    label : str
        The input's name.
    notes : list of str
        Receives the layout notes.
    skips : Skips
        Receives rows with no score at all.
    mcodes : numpy.ndarray of int64
        The model code of every row (-1: no name).
    mnames_arr : numpy.ndarray of object
        Model names by code, with None last (for code -1).
    limits : Limits
        ``max_scores`` is checked as the columns are counted, before the cells of the
        columns beyond the limit are parsed; ``max_value_chars`` bounds a cell.

    Returns
    -------
    Cells
        One per non-empty cell, column by column.

    Raises
    ------
    FileFormatError
        No benchmark column, two columns for one benchmark, a lone score column, or more
        scores than ``limits.max_scores``.
    UnknownBenchmarkError
        No column is a known benchmark (with how to declare one).
    """
    shown = escape(label)
    bench_cols, unknown_cols, text_cols, parsed, filled_of = _classify_columns(
        base, cols, mcol, meta, label, limits)
    if not bench_cols and not unknown_cols:
        raise FileFormatError(
            f"{shown}: found no benchmark columns. Long format needs columns model, benchmark, "
            "score; wide format needs one column per benchmark id (e.g. ikp, simpleqa). "
            f"Found {list_names(cols)}")
    scores_only = [c for c in unknown_cols if norm_header(c) in SCORE_NAMES]
    if not bench_cols and scores_only:
        raise FileFormatError(
            f"{shown} has a score column ({escape(scores_only[0])!r}) but no benchmark column; "
            "add a benchmark column, or pass benchmark='...' (e.g. benchmark='ikp') if every "
            "score is for one benchmark")
    if not bench_cols:
        raise UnknownBenchmarkError(
            f"{shown}: no column is a known benchmark (numeric columns "
            f"{list_names(unknown_cols)}). paramest.list_benchmarks() shows the ids; to use a "
            f"new benchmark, declare it first: paramest.register_benchmark("
            f"{escape(unknown_cols[0])!r}, kind='knowledge', chance=0.0, n_questions=...), then "
            "read the file again.")
    if text_cols:
        notes.append(f"ignored text columns that are not benchmarks: {list_names(text_cols)}")
    value_cols = bench_cols + unknown_cols
    notes.append(f"wide format: benchmark columns {list_names(bench_cols, 20)}"
                 + (f"; not known, skipped: {list_names(unknown_cols)}" if unknown_cols else ""))
    # an empty cell is 'not evaluated', not a score; a row with no score at all is reported
    filled = [filled_of[c] for c in value_cols]
    none = ~np.logical_or.reduce(filled)
    if none.any():
        r = np.flatnonzero(none)
        skips.add(r, mnames_arr[mcodes[r]], None, "no score in any benchmark column")
    rows, bcodes, parts = [], [], []
    for j, (c, f) in enumerate(zip(value_cols, filled)):
        r = np.flatnonzero(f)
        rows.append(r)
        bcodes.append(np.full(len(r), j, dtype=np.int64))
        parts.append(parsed[c].take(r) if c in parsed
                     else parse_scores(base[c].iloc[r], limits.max_value_chars))
    pct = np.concatenate([np.full(len(r), pct_header(c)) for r, c in zip(rows, value_cols)])
    marked = [c for c in value_cols if pct_header(c)]
    if marked:
        notes.append(f"columns marked as percent in the header: {list_names(marked, 20)}")
    return Cells(np.concatenate(rows), np.concatenate(bcodes), value_cols, Scores.concat(parts),
                 pct)


def _unknown_bench_reason(name: str) -> str:
    shown = escape(name)[:80]
    return (f"unknown benchmark {shown!r}: declare it with paramest.register_benchmark("
            f"{shown!r}, kind=..., chance=..., n_questions=...) to keep it "
            "(paramest.list_benchmarks() shows the known ids)")


def keep_scores(cells: Cells, cell_model: np.ndarray, mnames_arr: np.ndarray, label: str,
                notes: list[str], skips: Skips, scale: str) -> dict:
    """The cells that are scores of a named model on a known benchmark, as fractions.

    Every other cell is recorded in ``skips`` with its reason.

    Parameters
    ----------
    cells : Cells
        All score cells.
    cell_model : numpy.ndarray of int64
        The model code of each cell (-1: no model name).
    mnames_arr : numpy.ndarray of object
        Model names by code, with None last (for code -1).
    label : str
        The input's name.
    notes : list of str
        Receives the notes (unknown benchmarks, decimal commas, scale).
    skips : Skips
        Receives the cells not kept.
    scale : str
        The user's ``scale=``.

    Returns
    -------
    dict
        ``row``, ``bench`` (codes), ``bench_names`` (canonical ids) and ``score``.

    Raises
    ------
    UnknownBenchmarkError
        No benchmark name is known.
    ScoreScaleError
        No cell is a finite number, or the scale is unclear.
    """
    shown = escape(label)
    rows, bcodes, sc = cells.rows, cells.bench, cells.scores
    bnames_arr = np.array([*cells.bench_names, None], dtype=object)

    def drop(mask: np.ndarray, reason: object) -> np.ndarray:
        """Skip the cells in ``mask`` (with their reason); return the mask of cells kept."""
        skips.add(rows[mask], mnames_arr[cell_model[mask]], bnames_arr[bcodes[mask]],
                  reason[mask] if isinstance(reason, np.ndarray) else reason)
        return ~mask

    keep = drop(cell_model < 0, "no model name")
    canon = [lookup_benchmark(n) if n else None for n in cells.bench_names]
    known_b = np.array([c is not None for c in canon] + [False])[bcodes]
    if keep.any() and not (known_b & keep).any():
        unknown = [n for n, c in zip(cells.bench_names, canon) if c is None and n]
        raise UnknownBenchmarkError(
            f"{shown}: no benchmark name is known (found {list_names(unknown or ['(empty)'])}). "
            "paramest.list_benchmarks() shows the ids; to use a new benchmark, declare it "
            f"first: paramest.register_benchmark({escape((unknown or ['name'])[0])[:80]!r}, "
            "kind='knowledge', chance=0.0, n_questions=...), then read the file again.")
    breason = np.array([None if c is not None else _unknown_bench_reason(n) if n
                        else "no benchmark name" for n, c in zip(cells.bench_names, canon)]
                       + ["no benchmark name"], dtype=object)[bcodes]
    keep &= drop(keep & ~known_b, breason)
    unknown_seen = sorted({cells.bench_names[b] for b in np.unique(bcodes[~known_b & (cell_model >= 0)])
                           if b >= 0 and cells.bench_names[b]})
    if unknown_seen:
        notes.append(f"not known benchmarks, skipped: {list_names(unknown_seen)}; declare a new "
                     "one with paramest.register_benchmark(...)")
    bad = sc.reason != None  # noqa: E711 - elementwise
    if keep.any() and (bad[keep]).all():
        counts = pd.Series(sc.reason[keep]).value_counts()
        why = ", ".join(f"{n} {str(r).removeprefix('score is ')}" for r, n in counts.head(5).items())
        raise ScoreScaleError(
            f"{shown}: no score is a finite number (all are NaN, empty, infinite, missing-value "
            f"markers or not numeric: {why}); fix the score column"
            + ("; True/False values are not scores" if R_BOOL in counts else ""))
    keep &= drop(keep & bad, sc.reason)
    n_comma = int((sc.comma & keep).sum())
    if n_comma:
        notes.append(f"{n_comma} score(s) written with a decimal comma (45,3) read as decimals "
                     "(45.3)")
    idx = np.flatnonzero(keep)
    vals = apply_scale(sc.values[idx], sc.pct[idx] | cells.pct_header[idx], sc.pct[idx], scale,
                       shown, notes)
    return {"row": rows[idx], "bench": bcodes[idx], "bench_names": [c or "" for c in canon],
            "score": vals}
