"""User files: :func:`read_scores`, :func:`read_lm_eval`, :func:`combine` and their report.

Readers never drop a row silently: what they skip is listed, with the reason, in an
:class:`IngestReport` attached as ``df.attrs["report"]``, and ``n_in == n_loaded +
len(skipped)`` always holds.
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import (
    DateParseError,
    FileFormatError,
    InputError,
    ParamsParseError,
    ScoreScaleError,
    UnknownBenchmarkError,
    UnknownModelError,
)
from .lm_eval import lm_eval_rows
from .names import parse_params, resolve_benchmark, resolve_model
from .shipped import load_scores
from .tables import SCORE_COLUMNS, load_models

__all__ = ["MAX_FILE_BYTES", "IngestReport", "combine", "detect_scale", "read_lm_eval", "read_scores"]

MAX_FILE_BYTES = 200 * 1024 * 1024  # a score table is small; refuse anything absurd


# --------------------------------------------------------------------------------------
# Reports
# --------------------------------------------------------------------------------------


@dataclass
class IngestReport:
    """What a reader kept, skipped and could not resolve.

    Attributes
    ----------
    source : str
        The file or object read.
    n_in : int
        Rows (or scores, for wide input) found in the input.
    n_loaded : int
        Rows returned.
    skipped : pandas.DataFrame
        One row per input row not returned, with ``row``, ``model``, ``benchmark`` and
        ``reason``. ``n_in == n_loaded + len(skipped)`` always holds.
    conflicts : pandas.DataFrame
        (model, benchmark) pairs with more than one differing score, and what was done.
    notes : list of str
        Decisions taken (detected scale, format, column mapping).
    """

    source: str
    n_in: int = 0
    n_loaded: int = 0
    skipped: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["row", "model", "benchmark", "reason"]))
    conflicts: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"{self.source}: {self.n_in} rows in, {self.n_loaded} loaded, "
                 f"{len(self.skipped)} skipped"]
        lines += [f"  note: {n}" for n in self.notes]
        if len(self.skipped):
            for reason, grp in self.skipped.groupby("reason", sort=False):
                lines.append(f"  skipped {len(grp)}: {reason}")
        if len(self.conflicts):
            lines.append(f"  {len(self.conflicts)} conflicting (model, benchmark) pairs")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return "<pre>" + str(self).replace("<", "&lt;") + "</pre>"


def _attach(df: pd.DataFrame, report: IngestReport) -> pd.DataFrame:
    df.attrs["report"] = report
    if len(report.skipped):
        warnings.warn(f"{len(report.skipped)} row(s) skipped while reading {report.source}; "
                      "see df.attrs['report'] for the reasons", UserWarning, stacklevel=3)
    return df



def detect_scale(values: np.ndarray, scale: str, what: str) -> float:
    """Divisor that turns the values into fractions (1 or 100)."""
    if scale not in ("auto", "fraction", "percent"):
        raise InputError(f"scale must be 'auto', 'fraction' or 'percent', not {scale!r}")
    v = values[np.isfinite(values)]
    if scale == "fraction":
        if len(v) and (v.max() > 1 or v.min() < 0):
            raise ScoreScaleError(
                f"{what}: scale='fraction' but values range {v.min():g}..{v.max():g}; "
                "fractions lie in [0, 1]. Use scale='percent' for 0-100 scores.")
        return 1.0
    if scale == "percent":
        if len(v) and (v.max() > 100 or v.min() < 0):
            raise ScoreScaleError(f"{what}: percent scores must lie in [0, 100]; "
                                  f"got {v.min():g}..{v.max():g}")
        return 100.0
    if len(v) == 0:
        return 1.0
    if v.min() < 0 or v.max() > 100:
        raise ScoreScaleError(f"{what}: scores must be fractions in [0, 1] or percents in "
                              f"[0, 100]; got {v.min():g}..{v.max():g}")
    if v.max() <= 1:
        return 1.0
    small = v[(v > 0) & (v <= 1)]
    if len(small):
        raise ScoreScaleError(
            f"{what}: cannot tell percent from fraction: values range {v.min():g}..{v.max():g} "
            f"and {len(small)} lie in (0, 1]. Pass scale='percent' or scale='fraction'.")
    return 100.0


def _read_table(path: Path, fmt: str | None) -> tuple[pd.DataFrame | dict, str]:
    if not path.exists():
        raise FileFormatError(f"file not found: {path}")
    size = path.stat().st_size
    if size == 0:
        raise FileFormatError(f"{path} is empty; expected a CSV, JSON or Parquet score table")
    if size > MAX_FILE_BYTES:
        raise FileFormatError(f"{path} is {size / 1e6:.0f} MB; a score table should be far "
                              f"smaller (limit {MAX_FILE_BYTES / 1e6:.0f} MB). Filter it first.")
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    try:
        if fmt in ("csv", "tsv", "txt"):
            df = pd.read_csv(path, sep="\t" if fmt == "tsv" else ",",
                             on_bad_lines="error", engine="python")
            if not isinstance(df.index, pd.RangeIndex):
                # pandas silently turns the extra leading fields of long rows into an index
                raise FileFormatError(
                    f"{path}: rows have more fields than the header {list(df.columns)}; "
                    "is the file ragged, or a value with a comma unquoted?")
            return df, "csv"
        if fmt in ("json", "jsonl"):
            text = path.read_text(encoding="utf-8")
            if fmt == "jsonl":
                return pd.DataFrame([json.loads(line) for line in text.splitlines() if line.strip()]), "jsonl"
            return json.loads(text), "json"
        if fmt in ("parquet", "pq"):
            return pd.read_parquet(path), "parquet"
    except FileFormatError:
        raise
    except json.JSONDecodeError as e:
        raise FileFormatError(f"{path} is not valid JSON ({e.msg} at line {e.lineno}); "
                              "check the file is complete") from e
    except pd.errors.EmptyDataError as e:
        raise FileFormatError(f"{path} has no columns; expected a header row") from e
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as e:
        raise FileFormatError(f"cannot read {path} as {fmt}: {e}. Is it truncated or "
                              "in another format? Pass format='csv'|'json'|'parquet'.") from e
    except ImportError as e:
        raise FileFormatError(f"reading Parquet needs pyarrow: pip install pyarrow ({e})") from e
    raise FileFormatError(f"unsupported file type {fmt!r} for {path}; use .csv, .json, "
                          ".jsonl or .parquet, or pass format=")


def _find_col(cols: Iterable[str], names: tuple[str, ...]) -> str | None:
    low = {c.lower().strip(): c for c in cols}
    for n in names:
        if n in low:
            return low[n]
    return None


def read_scores(
    data: str | Path | pd.DataFrame | Mapping,
    *,
    scale: str = "auto",
    format: str | None = None,
    benchmark: str | None = None,
    model: str | None = None,
    open_weights: bool | None = None,
    resolve: bool = True,
    source: str | None = None,
) -> pd.DataFrame:
    """Read users' scores: CSV, JSON, JSONL or Parquet; long or wide; percent or fraction.

    Parameters
    ----------
    data : path, DataFrame or dict
        A file path, a DataFrame, or an lm-evaluation-harness results dict.
        Long format has columns ``model``, ``benchmark``, ``score``; wide format has a
        ``model`` column and one column per benchmark (any spelling
        :func:`resolve_benchmark` accepts). Optional columns: ``total_params_b`` or
        ``params`` (numbers in billions or strings like ``"671B"``, ``"235B-A22B"``),
        ``active_params_b``, ``open_weights``, ``release_date``, ``developer``, ``source``.
    scale : {"auto", "fraction", "percent"}
        ``"auto"`` detects percent vs fraction when unambiguous and raises otherwise.
    format : str, optional
        File format if the suffix does not say.
    benchmark : str, optional
        The benchmark of a table that has a ``score`` column but no ``benchmark`` column.
    model : str, optional
        Model name for an lm-evaluation-harness file that does not name it.
    open_weights : bool, optional
        Value for rows that do not say.
    resolve : bool
        Map model names to shipped models (aliases, case- and punctuation-insensitive) and
        fill in their size, developer and release date. Unknown names are kept as given.
    source : str, optional
        Source label for rows without one (default: the file name).

    Returns
    -------
    pandas.DataFrame
        In the :func:`load_scores` format, with ``df.attrs["report"]`` an
        :class:`IngestReport`: ``n_in == n_loaded + len(skipped)``.

    Raises
    ------
    FileFormatError, ScoreScaleError, UnknownBenchmarkError, ParamsParseError
        With what was wrong and how to fix it.
    """
    label = source or (str(data) if isinstance(data, (str, Path)) else type(data).__name__)
    obj: Any = data
    if isinstance(data, (str, Path)):
        obj, fmt = _read_table(Path(data), format)
        label = source or Path(data).name
        if not isinstance(obj, (Mapping, list, pd.DataFrame)):
            raise FileFormatError(f"{label}: the JSON holds a {type(obj).__name__}, not a table; "
                                  "expected a list of records or a column dict")
    if isinstance(obj, Mapping) and "results" in obj:
        return read_lm_eval(obj, model=model, scale=scale, source=label)
    if isinstance(obj, (Mapping, list)):
        try:
            obj = pd.DataFrame(obj)
        except ValueError as e:
            raise FileFormatError(f"{label}: JSON must be a list of records, a column dict, "
                                  f"or an lm-evaluation-harness results file ({e})") from e
    if not isinstance(obj, pd.DataFrame):
        raise InputError(f"read_scores expects a path, DataFrame or dict, not {type(obj).__name__}")
    df = obj.copy()
    df.columns = [str(c).strip() for c in df.columns]
    if df.empty:
        raise FileFormatError(f"{label} has no rows")
    report = IngestReport(source=label)

    mcol = _find_col(df.columns, ("model", "model_name", "name", "llm"))
    if mcol is None:
        raise FileFormatError(
            f"{label}: no model column. Expected a column named 'model' (or model_name, name); "
            f"found {list(df.columns)}")
    bcol = _find_col(df.columns, ("benchmark", "task", "eval"))
    scol = _find_col(df.columns, ("score", "accuracy", "acc", "value"))
    meta_cols = {"total_params_b", "params", "params_b", "total_params", "active_params_b",
                 "open_weights", "release_date", "developer", "source", "note", "variant",
                 "arch", "family", "reasoning"}

    if bcol is not None and scol is not None:
        long = df.rename(columns={mcol: "model", bcol: "benchmark", scol: "score"})
        long["_row"] = np.arange(len(long))
        report.notes.append("long format")
    elif scol is not None and benchmark is not None:
        long = df.rename(columns={mcol: "model", scol: "score"})
        long["benchmark"] = benchmark
        long["_row"] = np.arange(len(long))
        report.notes.append(f"long format, benchmark={benchmark!r} given")
    else:
        bench_cols, unknown_cols = [], []
        for c in df.columns:
            if c == mcol or c.lower() in meta_cols:
                continue
            try:
                resolve_benchmark(c)
                bench_cols.append(c)
            except UnknownBenchmarkError:
                unknown_cols.append(c)
        if not bench_cols:
            raise FileFormatError(
                f"{label}: found no benchmark columns. Long format needs columns "
                f"model, benchmark, score; wide format needs one column per benchmark id "
                f"(e.g. ikp, simpleqa). Found {list(df.columns)}")
        if unknown_cols:
            report.notes.append(f"ignored columns that are not benchmarks: {unknown_cols}")
        keep = [c for c in df.columns if c.lower() in meta_cols]
        df = df.rename(columns={mcol: "model"})
        df["_row"] = np.arange(len(df))
        long = df.melt(id_vars=["model", "_row", *keep], value_vars=bench_cols,
                       var_name="benchmark", value_name="score")
        # an empty cell in a wide table is 'not evaluated', not a skipped score
        long = long[long["score"].notna() & (long["score"].astype(str).str.strip() != "")]
        report.notes.append(f"wide format: benchmark columns {bench_cols}")

    report.n_in = len(long)
    skipped: list[dict] = []

    def skip(rows: pd.DataFrame, reason: str) -> None:
        # not itertuples: namedtuples rename the leading-underscore column '_row'
        for r in rows.to_dict("records"):
            skipped.append({"row": int(r["_row"]), "model": r.get("model"),
                            "benchmark": r.get("benchmark"), "reason": reason})

    long["model"] = long["model"].astype("string").str.strip()
    bad = long["model"].isna() | (long["model"] == "")
    skip(long[bad], "no model name")
    long = long[~bad]

    canon = []
    for b in long["benchmark"].astype(str):
        try:
            canon.append(resolve_benchmark(b))
        except UnknownBenchmarkError:
            canon.append(None)
    unk = pd.Series([c is None for c in canon], index=long.index, dtype=bool)
    if unk.all() and len(long):
        raise UnknownBenchmarkError(
            f"{label}: no benchmark name is known; paramest.list_benchmarks() shows the ids")
    # skip before renaming, so the report names the benchmark that was not known
    skip(long[unk], "unknown benchmark (see paramest.list_benchmarks())")
    long = long[~unk].assign(benchmark=[c for c in canon if c is not None])

    sc = pd.to_numeric(long["score"], errors="coerce")
    if len(sc) and not np.isfinite(sc.to_numpy(float)).any():
        raise ScoreScaleError(f"{label}: no score is a finite number (all are NaN, empty, "
                              "infinite or not numeric); fix the score column")
    nonnum = sc.isna()
    skip(long[nonnum], "score is not a number")
    long, sc = long[~nonnum], sc[~nonnum]
    vals = sc.to_numpy(float)
    inf = ~np.isfinite(vals)
    skip(long[inf], "score is infinite")
    long, vals = long[~inf], vals[~inf]
    div = detect_scale(vals, scale, label)
    if div == 100.0:
        report.notes.append("scores read as percent (divided by 100)")
    long = long.assign(score=vals / div)

    # parameter counts
    pcol = _find_col(long.columns, ("total_params_b", "params", "params_b", "total_params"))
    tot = np.full(len(long), np.nan)
    act = np.full(len(long), np.nan)
    if pcol is not None:
        for i, v in enumerate(long[pcol].tolist()):
            if v is None or (isinstance(v, float) and math.isnan(v)) or str(v).strip() == "":
                continue
            t, a = parse_params(v)
            tot[i] = t
            if a is not None:
                act[i] = a
    if "active_params_b" in long.columns:
        given = pd.to_numeric(long["active_params_b"], errors="coerce").to_numpy(float)
        act = np.where(np.isfinite(given), given, act)
    if np.any(act > tot):
        i = int(np.nanargmax(act - tot))
        raise ParamsParseError(
            f"{label}: active params ({act[i]:g}B) exceed total ({tot[i]:g}B) for model "
            f"{long['model'].iloc[i]!r}; check the columns are not swapped")
    long["total_params_b"] = tot
    long["active_params_b"] = act

    if "release_date" in long.columns:
        rd = pd.to_datetime(long["release_date"], errors="coerce", format="mixed")
        badd = rd.isna() & long["release_date"].notna()
        if badd.any():
            raise DateParseError(
                f"{label}: cannot parse release_date {long['release_date'][badd].iloc[0]!r}; "
                "use YYYY-MM-DD or YYYY-MM")
        if (rd > pd.Timestamp.now() + pd.Timedelta(days=1)).any():
            raise DateParseError(
                f"{label}: release_date {rd.max().date()} lies in the future; check the year")
        long["release_date"] = rd
    else:
        long["release_date"] = pd.NaT

    # resolve to shipped models and fill metadata
    models = load_models().set_index("model")
    ids, resolved = [], []
    for n in long["model"]:
        try:
            ids.append(resolve_model(n) if resolve else n)
            resolved.append(resolve)
        except UnknownModelError:
            ids.append(str(n))
            resolved.append(False)
    long["model"] = ids
    long["_known"] = resolved
    unresolved = sorted(set(long.loc[~long["_known"], "model"]))
    if unresolved and resolve:
        report.notes.append(f"{len(unresolved)} model name(s) not shipped, kept as given: "
                            f"{unresolved[:10]}{' ...' if len(unresolved) > 10 else ''}")
    for col in ("developer", "family", "weights", "arch", "reasoning"):
        if col not in long.columns:
            long[col] = None
    if "open_weights" not in long.columns:
        long["open_weights"] = open_weights
    for i, (mid, known) in enumerate(zip(long["model"], long["_known"])):
        if not known:
            continue
        row = models.loc[mid]
        for col in ("total_params_b", "active_params_b"):
            if not np.isfinite(long[col].iloc[i]):
                long.iloc[i, long.columns.get_loc(col)] = row[col]
        for col in ("developer", "family", "weights", "arch", "reasoning", "open_weights"):
            if pd.isna(long[col].iloc[i]) if not isinstance(long[col].iloc[i], str) else long[col].iloc[i] == "":
                long.iloc[i, long.columns.get_loc(col)] = row[col]
        if pd.isna(long["release_date"].iloc[i]):
            long.iloc[i, long.columns.get_loc("release_date")] = row["release_date"]
    long["weights"] = long["weights"].where(long["weights"].notna(), long["model"])
    long["family"] = long["family"].where(long["family"].notna(), long["model"])
    long["developer"] = long["developer"].where(long["developer"].notna(), "unknown")
    long["open_weights"] = long["open_weights"].where(long["open_weights"].notna(),
                                                      long["total_params_b"].notna())
    long["open_weights"] = long["open_weights"].astype(bool)
    long["reasoning"] = long["reasoning"].fillna(False).astype(bool)
    # the score's reasoning setting: a 'thinking' column when the file has one, else the
    # model's reasoning flag; effort is blank unless given
    long["thinking"] = long["thinking"].astype(bool) if "thinking" in long.columns else long["reasoning"]
    long["effort"] = long["effort"].fillna("").astype(str) if "effort" in long.columns else ""
    long["arch"] = long["arch"].fillna("")
    long["variant"] = long["variant"].fillna("") if "variant" in long.columns else ""
    long["evaluator"] = "user"
    if "source" not in long.columns:
        long["source"] = label
    long["source"] = long["source"].fillna(label)
    if "note" not in long.columns:
        long["note"] = ""

    # duplicates: identical rows collapse; disagreeing rows are reported and the first kept
    dup = long.duplicated(["model", "benchmark", "variant"], keep=False)
    conflicts = []
    if dup.any():
        for (mname, b, _v), g in long[dup].groupby(["model", "benchmark", "variant"]):
            if g["score"].nunique() > 1:
                conflicts.append({"model": mname, "benchmark": b, "scores": list(g["score"]),
                                  "action": "kept the first row"})
        first = ~long.duplicated(["model", "benchmark", "variant"], keep="first")
        for r in long[~first].to_dict("records"):
            reason = ("duplicate of an earlier row with a different score (kept the first; "
                      "see report.conflicts)"
                      if any(c["model"] == r["model"] and c["benchmark"] == r["benchmark"]
                             for c in conflicts)
                      else "exact duplicate of an earlier row")
            skipped.append({"row": int(r["_row"]), "model": r["model"],
                            "benchmark": r["benchmark"], "reason": reason})
        long = long[first]
    report.conflicts = pd.DataFrame(conflicts)
    report.skipped = pd.DataFrame(skipped, columns=["row", "model", "benchmark", "reason"])
    out = long[SCORE_COLUMNS].reset_index(drop=True)
    report.n_loaded = len(out)
    assert report.n_in == report.n_loaded + len(report.skipped)
    return _attach(out, report)



def read_lm_eval(
    data: str | Path | Mapping,
    *,
    model: str | None = None,
    scale: str = "auto",
    source: str | None = None,
) -> pd.DataFrame:
    """Read an lm-evaluation-harness results JSON (``results -> task -> metric``).

    Tasks are mapped to benchmark ids with the shipped ``lm_eval_tasks`` table (e.g.
    ``triviaqa`` -> ``triviaqa``, ``nq_open`` -> ``naturalquestions``, ``mmlu`` -> ``mmlu``).
    Tasks that are not mapped, and subtasks, are listed as skipped in the report.
    """
    label = source or (Path(data).name if isinstance(data, (str, Path)) else "lm-eval results")
    obj = _read_table(Path(data), "json")[0] if isinstance(data, (str, Path)) else data
    rows, skipped, model = lm_eval_rows(obj, model=model, label=label)
    df = read_scores(pd.DataFrame(rows), scale=scale, source=label)
    rep = df.attrs["report"]
    rep.n_in += len(skipped)
    rep.skipped = pd.concat([rep.skipped, pd.DataFrame(skipped)], ignore_index=True)
    rep.notes.insert(0, "lm-evaluation-harness results")
    return _attach(df, rep)


def combine(user: pd.DataFrame, shipped: pd.DataFrame | None = None, *,
            prefer: str = "user") -> pd.DataFrame:
    """Combine user rows with shipped rows (default: :func:`load_scores`).

    Where both give a score for the same (model, benchmark), ``prefer`` ("user" or
    "shipped") wins and the pair is listed in ``df.attrs["report"].conflicts``.
    """
    if prefer not in ("user", "shipped"):
        raise InputError("prefer must be 'user' or 'shipped'")
    if shipped is None:
        shipped = load_scores()
    missing = [c for c in ("model", "benchmark", "score") if c not in user.columns]
    if missing:
        raise FileFormatError(f"combine: user data lacks columns {missing}; "
                              "read it with paramest.read_scores() first")
    u = user.copy()
    for c in SCORE_COLUMNS:
        if c not in u.columns:
            u[c] = np.nan if c.endswith("_b") else ""
    key = ["model", "benchmark"]
    both = u[key + ["score"]].merge(shipped[key + ["score"]], on=key, suffixes=("_user", "_shipped"))
    differ = both[(both["score_user"] - both["score_shipped"]).abs() > 1e-9].copy()
    differ["action"] = f"kept {prefer}"
    if prefer == "user":
        base = shipped.merge(u[key], on=key, how="left", indicator=True)
        base = base[base["_merge"] == "left_only"].drop(columns="_merge")
        out = pd.concat([base, u[shipped.columns.intersection(u.columns)]], ignore_index=True)
    else:
        extra = u.merge(shipped[key], on=key, how="left", indicator=True)
        extra = extra[extra["_merge"] == "left_only"].drop(columns="_merge")
        out = pd.concat([shipped, extra[shipped.columns.intersection(extra.columns)]],
                        ignore_index=True)
    report = IngestReport(source="combine", n_in=len(u) + len(shipped), n_loaded=len(out))
    report.conflicts = differ.reset_index(drop=True)
    dropped = len(u) + len(shipped) - len(out)
    report.notes.append(f"{len(both)} (model, benchmark) pairs in both; {dropped} rows replaced "
                        f"({prefer} preferred); {len(differ)} with different scores")
    out.attrs["report"] = report
    return out

