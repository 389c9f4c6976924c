"""User files: :func:`read_scores`, :func:`read_lm_eval` and their limits.

Readers never drop a row silently and never change a value silently:

- what they skip is listed, with the reason, in an :class:`IngestReport` attached as
  ``df.attrs["report"]``, and ``n_in == n_loaded + len(skipped)`` always holds;
- every decision that could change a value (the score scale, the delimiter, the text
  encoding, a date's day/month order, a missing-value marker, a size taken from a
  harness file) is a note in that report;
- everything else that is wrong raises a :mod:`paramest.errors` exception that says what
  was wrong and how to fix it. No reader lets a raw traceback through.

Bounded work. Each input is checked against the limits below before it is expanded in
memory: the file size on disk, then the rows and cells it would decode to (counted from
the bytes of a CSV or JSON file, from the row-group metadata of a Parquet file), JSON
nesting depth and number length, then the length of every cell. An input over a limit is
refused with a message that says how to split it. The readers look the limits up at every
call, so setting e.g. ``paramest.ingest.readers.MAX_ROWS = 10_000_000`` changes them for
the session. ``benchmarks/bigfile.py`` measures the time and peak memory of inputs at the
limits (``benchmarks/results/bigfile.md``).

Parsing is linear in the length of each cell (no regular expression with nested
quantifiers runs on user text), every per-row step is vectorised, and each distinct model
name, benchmark, size and date is parsed once.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..errors import FileFormatError, InputError, UnknownBenchmarkError
from .assemble import EXTRA_COLUMNS, assemble, finish
from .cells import check_cell_sizes
from .combine import combine
from .files import check_columns, json_type, read_file
from .layouts import (
    BENCH_NAMES,
    META,
    MODEL_NAMES,
    SCORE_NAMES,
    check_nested,
    find_col,
    keep_scores,
    list_names,
    long_cells,
    model_codes,
    norm_header,
    wide_cells,
)
from .lm_eval import LmEvalRows, lm_eval_rows
from .names import lookup_benchmark, lookup_model
from .report import SKIP_COLUMNS, IngestReport, Skips, attach, escape, escaped_errors, warn
from .scale import detect_scale
from .sniff import Limits, check_path, too_many
from .tables import load_benchmarks, load_models

__all__ = ["EXTRA_COLUMNS", "MAX_CELLS", "MAX_CELL_CHARS", "MAX_FILE_BYTES", "MAX_JSON_DEPTH",
           "MAX_NUMBER_CHARS", "MAX_ROWS", "MAX_SCORES", "MAX_VALUE_CHARS", "MEMORY_BUDGET_GB",
           "IngestReport", "combine", "detect_scale", "limits", "read_lm_eval", "read_scores"]

MAX_FILE_BYTES = 200 * 1024 * 1024
"""Largest file, in bytes, that :func:`read_scores` and :func:`read_lm_eval` read (200 MiB)."""
MAX_ROWS = 5_000_000
"""Most rows of one input table (lines of a CSV, records of JSON, rows of Parquet)."""
MAX_CELLS = 30_000_000
"""Most cells (rows x columns) of one input table."""
MAX_SCORES = 10_000_000
"""Most scores one read returns (a wide table gives one per filled benchmark cell)."""
MAX_CELL_CHARS = 10_000
"""Most characters in any one cell."""
MAX_VALUE_CHARS = 100
"""Most characters in a cell that must hold a score, a size, a date, a count or yes/no."""
MAX_JSON_DEPTH = 64
"""Deepest nesting of arrays and objects in a JSON file."""
MAX_NUMBER_CHARS = 100
"""Most characters of one number in a JSON file."""
MEMORY_BUDGET_GB = 3.0
"""Peak memory, in GB, that no input within the limits exceeds (measured by
``benchmarks/bigfile.py`` on the largest inputs the limits allow)."""

def limits() -> Limits:
    """The limits in force: this module's ``MAX_*`` values, read at each call.

    Returns
    -------
    Limits
        ``max_bytes`` (:data:`MAX_FILE_BYTES`), ``max_rows``, ``max_cells``,
        ``max_scores``, ``max_cell_chars``, ``max_value_chars``, ``max_json_depth``,
        ``max_number_chars``.

    Examples
    --------
    >>> limits().max_rows == MAX_ROWS
    True
    """
    return Limits(max_bytes=MAX_FILE_BYTES, max_rows=MAX_ROWS, max_cells=MAX_CELLS,
                  max_scores=MAX_SCORES, max_cell_chars=MAX_CELL_CHARS,
                  max_value_chars=MAX_VALUE_CHARS, max_json_depth=MAX_JSON_DEPTH,
                  max_number_chars=MAX_NUMBER_CHARS)


def _check_args(*, scale: Any, benchmark: Any, model: Any, open_weights: Any, resolve: Any,
                source: Any, encoding: Any) -> None:
    if not isinstance(scale, str) or scale not in ("auto", "fraction", "percent"):
        raise InputError(f"scale must be 'auto', 'fraction' or 'percent', not {scale!r}")
    if benchmark is not None and not isinstance(benchmark, str):
        raise InputError(f"benchmark= names the one benchmark of a table with a score column "
                         f"and no benchmark column; give a string, not {type(benchmark).__name__}")
    for name, v in (("model", model), ("source", source), ("encoding", encoding)):
        if v is not None and not isinstance(v, str):
            raise InputError(f"{name}= must be a string, not {type(v).__name__} ({v!r})")
    if open_weights is not None and not isinstance(open_weights, (bool, np.bool_)):
        raise InputError(f"open_weights= must be True, False or None, not {open_weights!r}")
    if not isinstance(resolve, (bool, np.bool_)):
        raise InputError(f"resolve= must be True or False, not {resolve!r}")


def _is_lm_eval(obj: Any) -> bool:
    return isinstance(obj, Mapping) and isinstance(obj.get("results"), Mapping)


def _to_frame(obj: Any, label: str) -> pd.DataFrame:
    shown = escape(label)
    if isinstance(obj, pd.DataFrame):
        return obj
    if isinstance(obj, list):
        if not obj:
            raise FileFormatError(f"{shown} has no rows")
        too_many(label, "records", len(obj), MAX_ROWS, "MAX_ROWS")
        bad = next((i for i, r in enumerate(obj) if not isinstance(r, Mapping)), None)
        if bad is not None:
            raise FileFormatError(
                f"{shown}: item {bad} of the list is a {json_type(obj[bad])}, not a record; "
                'expected a list of records like {"model": ..., "benchmark": ..., "score": ...}')
        return pd.DataFrame.from_records(obj)
    if isinstance(obj, Mapping):
        try:
            return pd.DataFrame(dict(obj))
        except (ValueError, TypeError) as e:
            raise FileFormatError(
                f"{shown}: expected a list of records, a column dict (column -> list of values), "
                f"or an lm-evaluation-harness results file ({escape(e)})") from None
    raise FileFormatError(f"{shown}: the JSON holds a {json_type(obj)}, not a table; "
                          "expected a list of records or a column dict")


def _model_of_rows(base: pd.DataFrame, mcol: str | None, model: str | None
                   ) -> tuple[np.ndarray, list[str]]:
    if mcol is not None:
        return model_codes(base[mcol])
    name = str(model).strip()
    if not name:
        return np.full(len(base), -1, dtype=np.int64), []
    return np.zeros(len(base), dtype=np.int64), [name]


def _columns(df: pd.DataFrame, label: str, model: str | None, benchmark: str | None
             ) -> tuple[list[str], str | None, str | None, str | None, list[str]]:
    """(headers, model column, benchmark column, score column, metadata columns)."""
    shown = escape(label)
    cols = check_columns(df.columns, label)
    mcol = find_col(cols, MODEL_NAMES)
    if mcol is None and model is None:
        hint = ""
        if not isinstance(df.index, pd.RangeIndex) and (
                pd.api.types.is_string_dtype(df.index.dtype)
                or pd.api.types.is_object_dtype(df.index.dtype)):
            hint = " The model names seem to be the index: call df.reset_index() first."
        raise FileFormatError(
            f"{shown}: no model column. Expected a column named 'model' (or model_name, name), "
            f"or pass model='...' for a table of one model; found {list_names(cols)}.{hint}")
    if mcol is not None and model is not None:
        raise InputError(f"{shown} has a model column ({escape(mcol)!r}); model= is only for a "
                         "table without one")
    bcol = find_col(cols, BENCH_NAMES)
    scol = find_col(cols, SCORE_NAMES)
    if benchmark is not None and bcol is not None:
        raise InputError(f"{shown} has a benchmark column ({escape(bcol)!r}); benchmark= is only "
                         "for a table with a score column and no benchmark column")
    meta = [c for c in cols if norm_header(c) in META and c not in (mcol, bcol, scol)]
    return cols, mcol, bcol, scol, meta


def read_frame(df: pd.DataFrame, label: str, notes: list[str], alerts: list[str], *,
               scale: str, benchmark: str | None, model: str | None,
               open_weights: bool | None, resolve: bool, lim: Limits,
               warn_skips: bool = True) -> pd.DataFrame:
    """The reader proper: one input table -> score rows, a report, and nothing silent.

    Parameters
    ----------
    df : pandas.DataFrame
        The input table, as read.
    label : str
        Its name.
    notes : list of str
        Notes so far; the report takes them over.
    alerts : list of str
        Receives the readings the user must check (the caller warns with them).
    scale, benchmark, model, open_weights, resolve
        As in :func:`read_scores`.
    lim : Limits
        The limits in force.
    warn_skips : bool
        Warn when rows were skipped.

    Returns
    -------
    pandas.DataFrame
        The score frame with its report.

    Raises
    ------
    InputError, FileFormatError, ScoreScaleError, UnknownBenchmarkError, ParamsParseError,
    DateParseError
        As in :func:`read_scores`.
    """
    shown = escape(label)
    if isinstance(df.columns, pd.MultiIndex):
        raise InputError(f"{shown} has multi-level column names; flatten them first "
                         "(e.g. df.columns = ['_'.join(map(str, c)) for c in df.columns])")
    cols, mcol, bcol, scol, meta = _columns(df, label, model, benchmark)
    if len(df) == 0:
        raise FileFormatError(f"{shown} has no rows")
    too_many(label, "rows", len(df), lim.max_rows, "MAX_ROWS")
    too_many(label, "cells (rows x columns)", df.size, lim.max_cells, "MAX_CELLS")
    base = df.set_axis(cols, axis=1).reset_index(drop=True)
    check_nested(base, [c for c in (mcol, bcol, *meta) if c], label)
    check_cell_sizes(base, label, lim.max_cell_chars)
    report = IngestReport(source=label, notes=notes)
    skips = Skips()
    mcodes, mnames = _model_of_rows(base, mcol, model)
    mnames_arr = np.array([*mnames, None], dtype=object)  # code -1 -> None
    if scol is not None and (bcol is not None or benchmark is not None):
        cells = long_cells(base, scol, bcol, benchmark, report.notes, lim)
        unused = [c for c in cols if c not in (mcol, bcol, scol) and c not in meta and c]
        if unused:
            report.notes.append(f"ignored columns paramest does not use: {list_names(unused)}")
    else:
        cells = wide_cells(base, cols, mcol, meta, label, report.notes, skips, mcodes,
                           mnames_arr, lim)
    report.n_in = len(cells.rows) + len(skips)
    kept = keep_scores(cells, mcodes[cells.rows], mnames_arr, label, report.notes, skips, scale)
    del cells
    out = assemble(base, kept, mcodes, mnames, label, report.notes, alerts, open_weights,
                   resolve, lim)
    return finish(out, report, skips, warn_skips)


@escaped_errors
def read_scores(
    data: str | os.PathLike | pd.DataFrame | Mapping | list,
    *,
    scale: str = "auto",
    format: str | None = None,
    benchmark: str | None = None,
    model: str | None = None,
    open_weights: bool | None = None,
    resolve: bool = True,
    source: str | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read users' scores: CSV, TSV, JSON, JSONL or Parquet; long or wide; percent or fraction.

    Parameters
    ----------
    data : path, DataFrame, dict or list of records
        A file path (``~`` is expanded), a DataFrame, a list of records, a column dict,
        or an lm-evaluation-harness results dict. Long format has columns ``model``,
        ``benchmark``, ``score``; wide format has a ``model`` column and one column per
        benchmark (any spelling :func:`resolve_benchmark` accepts; a ``%`` in a header,
        as in ``SimpleQA (%)``, marks that column as percent). Optional columns:
        ``total_params_b`` or ``params`` (numbers in billions or strings like ``"671B"``,
        ``"235B-A22B"``; a raw count such as ``70000000000`` is refused), ``active_params_b``,
        ``open_weights`` (true/false, yes/no, 1/0, open/closed), ``release_date``
        (YYYY-MM-DD, YYYY-MM, a year, YYYYMMDD or an Excel serial date), ``developer``,
        ``source``, ``note``, ``variant``, ``thinking``, ``effort``, ``n_questions``
        (questions behind this score) and ``shots``. In number, size, date and yes/no
        columns, ``-``, ``n/a``, ``NA``, ``?`` and the like mean "not given" (counted in
        the report).
    scale : {"auto", "fraction", "percent"}
        ``"auto"`` detects percent vs fraction when unambiguous, says in the report which
        it assumed, and raises when values of both kinds are mixed. Cells written with a
        percent sign (``45.3%``) and columns whose header has ``%`` are percent.
    format : str, optional
        File format if the suffix does not say: ``csv``, ``tsv``, ``json``, ``jsonl`` or
        ``parquet``.
    benchmark : str, optional
        The benchmark of a table that has a ``score`` column but no ``benchmark`` column.
    model : str, optional
        Model name for a table or lm-evaluation-harness file that does not name it.
    open_weights : bool, optional
        Value for rows that do not say.
    resolve : bool
        Map model names to shipped models (aliases, case- and punctuation-insensitive) and
        fill in their size, developer and release date. Unknown names are kept as given.
    source : str, optional
        Source label for rows without one (default: the file name).
    encoding : str, optional
        Text encoding of a CSV or JSON file. By default UTF-8, or UTF-16/32 when the
        file starts with a byte-order mark; other files fall back to Windows-1252 with
        a note in the report.

    Returns
    -------
    pandas.DataFrame
        In the :func:`load_scores` format (``SCORE_COLUMNS``, plus ``n_questions`` and
        ``shots`` when the input has them), with ``df.attrs["report"]`` an
        :class:`IngestReport`: ``n_in == n_loaded + len(skipped)``. Text columns (model,
        benchmark, developer, source...) are pandas categoricals.

    Raises
    ------
    InputError, FileFormatError, ScoreScaleError, UnknownBenchmarkError, ParamsParseError,
    DateParseError
        With what was wrong and how to fix it.

    Warns
    -----
    IngestWarning
        Rows were skipped, or a reading must be checked (an ambiguous day/month order).

    Notes
    -----
    Limits (module attributes of :mod:`paramest.ingest.readers`; an input over one is
    refused before it is expanded, with how to split it): :data:`MAX_FILE_BYTES` (200 MiB
    on disk), :data:`MAX_ROWS` (5,000,000 input rows), :data:`MAX_CELLS` (30,000,000
    cells), :data:`MAX_SCORES` (10,000,000 scores returned), :data:`MAX_CELL_CHARS`
    (10,000 characters a cell), :data:`MAX_VALUE_CHARS` (100 for a number, size or date),
    :data:`MAX_JSON_DEPTH` (64) and :data:`MAX_NUMBER_CHARS` (100 characters a JSON
    number). Memory budget: within these limits a read peaks below
    :data:`MEMORY_BUDGET_GB` (3 GB) of resident memory, interpreter included
    (``benchmarks/results/bigfile.md`` measures the largest inputs the limits allow).

    Benchmarks that paramest does not ship are kept once declared with
    :func:`paramest.register_benchmark`; until then their rows (or, in a wide table, the
    cells of their column) are skipped and counted, with a message saying how to declare
    them.

    Examples
    --------
    >>> import warnings, paramest
    >>> paramest.register_benchmark("factrecall", kind="knowledge", chance=0.0, n_questions=500)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     df = paramest.read_scores(paramest.example_file("factrecall.csv"))
    >>> rep = df.attrs["report"]
    >>> rep.n_in == rep.n_loaded + len(rep.skipped)
    True
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "mine.csv"
    >>> _ = p.write_text("model,benchmark,score\\nacme-1,ikp,45%\\nacme-2,ikp,30%\\n")
    >>> paramest.read_scores(p)["score"].tolist()
    [0.45, 0.3]
    """
    _check_args(scale=scale, benchmark=benchmark, model=model, open_weights=open_weights,
                resolve=resolve, source=source, encoding=encoding)
    lim = limits()
    notes: list[str] = []
    alerts: list[str] = []
    obj: Any = data
    if isinstance(data, (str, os.PathLike)):
        path = check_path(data)
        label = source or path.name
        obj, kind = read_file(path, format, encoding, notes, lim)
        if kind != "csv" and kind != "parquet":
            notes.append(f"read as {kind.upper()}")
    elif isinstance(data, (pd.DataFrame, Mapping, list)):
        label = source or ("lm-eval results" if _is_lm_eval(data) else type(data).__name__)
    else:
        raise InputError(f"read_scores expects a path, a DataFrame, a dict or a list of "
                         f"records, not {type(data).__name__}")
    if _is_lm_eval(obj):
        df = read_lm_eval(obj, model=model, scale="fraction" if scale == "auto" else scale,
                          source=label)
        df.attrs["report"].notes[1:1] = notes
        return df
    if isinstance(obj, Mapping) and "results" in obj and find_col(
            [str(k) for k in obj], MODEL_NAMES) is None:
        raise FileFormatError(f"{escape(label)}: has a 'results' key but is not an "
                              "lm-evaluation-harness results file ('results' should map task "
                              "names to metrics)")
    frame = _to_frame(obj, label)
    del obj
    df = read_frame(frame, label, notes, alerts, scale=scale, benchmark=benchmark, model=model,
                    open_weights=open_weights, resolve=resolve, lim=lim)
    for a in alerts:
        warn(a)
    return df


# --------------------------------------------------------------------------------------
# lm-evaluation-harness
# --------------------------------------------------------------------------------------

SIZE_TOLERANCE = 1.25
"""A harness size more than this factor from the shipped size of the named weights is
reported as a contradiction (and the shipped size kept)."""


def _task_overrides(tasks: Any) -> dict[str, tuple[str, str | None]]:
    if tasks is None:
        return {}
    if not isinstance(tasks, Mapping):
        raise InputError("tasks= must be a dict {harness task: benchmark id} or "
                         "{task: (benchmark id, metric key)}")
    out: dict[str, tuple[str, str | None]] = {}
    for t, v in tasks.items():
        bench, metric = (v, None) if isinstance(v, str) else (tuple(v) + (None,))[:2] \
            if isinstance(v, (tuple, list)) and 1 <= len(v) <= 2 else (None, None)
        if not isinstance(bench, str) or (metric is not None and not isinstance(metric, str)):
            raise InputError(f"tasks[{escape(t)!r}] must be a benchmark id or (benchmark id, "
                             f"metric key), not {escape(repr(v))[:80]}")
        b = lookup_benchmark(bench)
        if b is None:
            raise UnknownBenchmarkError(
                f"tasks[{escape(t)!r}] names benchmark {escape(bench)!r}, which is not known; "
                f"declare it first with paramest.register_benchmark({escape(bench)!r}, kind=..., "
                "chance=..., n_questions=...)")
        out[str(t)] = (b, metric)
    return out


def _table_n_questions() -> dict[str, float]:
    b = load_benchmarks()
    return {k: float(v) for k, v in zip(b["benchmark"], b["n_questions"]) if pd.notna(v)}


def _size_check(parsed: LmEvalRows, frame: pd.DataFrame, label: str) -> None:
    """A harness size that contradicts the shipped size of the named weights: reported,
    and the shipped size kept (the scores are of the weights the file names)."""
    size = parsed.size_b
    mid = lookup_model(parsed.model) if isinstance(parsed.model, str) else None
    if mid is None or not np.isfinite(size):
        return
    m = load_models().set_index("model")
    shipped = float(m.loc[mid, "total_params_b"]) if mid in m.index else np.nan
    if not np.isfinite(shipped) or shipped <= 0:
        return
    ratio = size / shipped
    if 1 / SIZE_TOLERANCE <= ratio <= SIZE_TOLERANCE:
        return
    msg = (f"{escape(label)}: config.model_num_parameters says {size:.4g}B, but the file names "
           f"{escape(parsed.model)!r}, shipped as {mid!r} with {shipped:.4g}B "
           f"({ratio:.2g} times as many). Kept the shipped size; check that the file is of "
           "these weights (if it is of another model, pass model='...').")
    parsed.notes.append(msg)
    parsed.alerts.append(msg)
    frame["total_params_b"] = np.nan


@escaped_errors
def read_lm_eval(
    data: str | os.PathLike | Mapping,
    *,
    model: str | None = None,
    scale: str = "fraction",
    source: str | None = None,
    tasks: Mapping[str, str | tuple[str, str]] | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read an lm-evaluation-harness results JSON (``results -> task -> metric``).

    Tasks, and group aggregates under ``groups``, are mapped to benchmark ids with the
    shipped ``lm_eval_tasks`` table (e.g. ``triviaqa`` -> ``triviaqa``, ``nq_open`` ->
    ``naturalquestions``, ``mmlu`` -> ``mmlu``, ``leaderboard_gpqa`` -> ``gpqa-ollb``).
    Tasks that are not mapped, and subtasks, are listed as skipped in the report.

    What the file says is kept, and noted in the report:

    - the size, from ``config.model_num_parameters`` (a raw count, converted to billions);
      when it contradicts the shipped size of the weights the file names (by more than
      :data:`SIZE_TOLERANCE`), the shipped size is kept and the reader warns;
    - ``model_args`` with ``pretrained=...`` (the harness loaded the weights): open weights;
    - the shot count per task, from the file's own task config (``configs[task]
      .num_fewshot``, else ``n-shot``; a group takes its subtasks' common count) in a
      ``shots`` column;
    - a ``--limit`` run (``n-samples`` effective < original, or ``config.limit`` as a
      number or a string, a count or a fraction): the question count in ``n_questions``,
      so that the binomial noise is right;
    - the metric key actually used, in ``source``. Old (v0.3) files that only have the
      plain metric name (``acc`` for TriviaQA) are read, with a note.

    Parameters
    ----------
    data : path or dict
        The results file (``results_*.json``) or its parsed content.
    model : str, optional
        Model name, when the file does not name it (or to override it).
    scale : {"fraction", "auto", "percent"}
        Harness metrics are fractions; a mapped metric above 1 is an error unless you say
        otherwise (``"auto"`` as in :func:`read_scores`).
    source : str, optional
        Source label (default: the file name).
    tasks : dict, optional
        Extra or overriding task mappings: ``{task: benchmark}`` or
        ``{task: (benchmark, metric_key)}``, e.g. for a benchmark declared with
        :func:`paramest.register_benchmark`.
    encoding : str, optional
        Text encoding of the file (default: UTF-8, or as its byte-order mark says).

    Returns
    -------
    pandas.DataFrame
        In the :func:`load_scores` format, one row per mapped task read, with ``shots`` and,
        when the file gives them, ``n_questions``, ``open_weights`` and
        ``total_params_b``. ``df.attrs["report"]`` is an :class:`IngestReport` listing the
        skipped tasks and the notes above.

    Raises
    ------
    InputError
        A bad argument, or ``data`` is neither a path nor a dict.
    FileFormatError
        The file cannot be read or is not a harness results file, a task appears twice
        with different values, a number is too long, the model is not named, or no task
        maps to a benchmark with a usable metric.
    UnknownBenchmarkError
        ``tasks`` names a benchmark that is not known.
    ScoreScaleError
        A metric outside the scale given by ``scale``.

    Warns
    -----
    IngestWarning
        Only for what you must act on: a size that contradicts the shipped one, a mapped
        task whose metric is missing, two tasks giving one benchmark different scores.
        The warning points at the line that called :func:`read_lm_eval`.

    Examples
    --------
    >>> import json, tempfile, pathlib, paramest
    >>> run = {"results": {"triviaqa": {"exact_match,remove_whitespace": 0.61}},
    ...        "n-shot": {"triviaqa": 5}, "config": {"model_args": "pretrained=acme/acme-7b"}}
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "results.json"
    >>> _ = p.write_text(json.dumps(run))
    >>> df = paramest.read_lm_eval(p)
    >>> df[["model", "benchmark", "score", "shots"]].values.tolist()
    [['acme/acme-7b', 'triviaqa', 0.61, 5.0]]
    """
    _check_args(scale=scale, benchmark=None, model=model, open_weights=None, resolve=True,
                source=source, encoding=encoding)
    lim = limits()
    notes: list[str] = []
    if isinstance(data, (str, os.PathLike)):
        path = check_path(data)
        label = source or path.name
        obj, _ = read_file(path, "json", encoding, notes, lim)
    elif isinstance(data, Mapping):
        label, obj = source or "lm-eval results", data
    else:
        raise InputError(f"read_lm_eval expects a path or a results dict, not {type(data).__name__}")
    parsed = lm_eval_rows(obj, model=model, label=label, tasks=_task_overrides(tasks),
                          n_questions=_table_n_questions())
    cols = ["model", "benchmark", "score", "source", "shots", "n_questions", "open_weights",
            "total_params_b"]
    frame = pd.DataFrame(parsed.rows, columns=cols)
    _size_check(parsed, frame, label)
    for c in ("open_weights", "total_params_b", "n_questions"):
        if frame[c].isna().all():
            frame = frame.drop(columns=c)
    alerts: list[str] = []
    df = read_frame(frame, label, notes, alerts, scale=scale, benchmark=None, model=None,
                    open_weights=None, resolve=True, lim=lim, warn_skips=False)
    rep = df.attrs["report"]
    rep.n_in += len(parsed.skipped)
    sk = pd.DataFrame(parsed.skipped, columns=SKIP_COLUMNS)
    if len(sk):
        rep.skipped = sk if not len(rep.skipped) else pd.concat([rep.skipped, sk],
                                                                 ignore_index=True)
    rep.notes[:0] = ["lm-evaluation-harness results", *parsed.notes]
    rep.notes = [n for n in rep.notes if n != "long format"]
    if len(rep.conflicts):
        alerts.append(f"{escape(label)}: {len(rep.conflicts)} benchmark(s) read from two tasks "
                      "with different scores (kept the first; see report.conflicts)")
    attach(df, rep, warn_skips=False)
    for a in [*parsed.alerts, *alerts]:
        warn(a)
    return df
