"""Ingest: load the shipped datasets and read users' score files.

Stage 1 of the data flow (ingest -> regression -> inversion -> validation). Everything
returned is a tidy pandas DataFrame in one long format (see :func:`load_scores`). Readers
never drop a row silently: what they skip is listed, with the reason, in an
:class:`IngestReport` attached as ``df.attrs["report"]``.
"""

from __future__ import annotations

import difflib
import functools
import json
import math
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import (
    ConflictError,
    DateParseError,
    FileFormatError,
    InputError,
    ParamsParseError,
    ScoreScaleError,
    UnknownBenchmarkError,
    UnknownModelError,
)

__all__ = [
    "IngestReport",
    "combine",
    "data_dir",
    "list_benchmarks",
    "list_datasets",
    "load_benchmarks",
    "load_models",
    "load_params",
    "load_reference_estimates",
    "load_scores",
    "parse_params",
    "read_lm_eval",
    "read_scores",
    "resolve_benchmark",
    "resolve_model",
]

SCORE_COLUMNS = [
    "model", "developer", "family", "weights", "open_weights", "arch", "total_params_b",
    "active_params_b", "release_date", "reasoning", "benchmark", "score", "variant",
    "evaluator", "source", "note",
]

# Conflict rule, step 2: who ran the evaluation. Independent harnesses first (one protocol
# for every model), then the developer's own report, then unknown, then a competitor's
# re-run (competitors have a motive and often a different harness).
EVALUATOR_PRIORITY = {"third-party": 0, "developer": 1, "unknown": 2, "competitor": 3, "user": -1}

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


# --------------------------------------------------------------------------------------
# Shipped data
# --------------------------------------------------------------------------------------


def data_dir() -> Path:
    """Folder of the shipped datasets (inside the installed package, or the repo checkout)."""
    try:
        installed = Path(str(resources.files("paramest") / "_data"))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - defensive
        installed = Path(__file__).parent / "_data"
    if (installed / "models.csv").exists():
        return installed
    repo = Path(__file__).resolve().parent.parent / "datasets"
    if (repo / "models.csv").exists():
        return repo
    raise FileNotFoundError(  # pragma: no cover - broken install
        "paramest's datasets were not found. Reinstall with `pip install paramest` "
        f"(looked in {installed} and {repo}).")


@functools.cache
def _read_csv(name: str) -> pd.DataFrame:
    return pd.read_csv(data_dir() / name, keep_default_na=True)


def _parse_release(s: pd.Series) -> pd.Series:
    # Dates are 'YYYY-MM-DD' or, where only the month is known, 'YYYY-MM' (-> first day).
    return pd.to_datetime(s, format="mixed", errors="coerce")


def load_models() -> pd.DataFrame:
    """The model table: one row per model, open and closed.

    Returns
    -------
    pandas.DataFrame
        Columns ``model`` (canonical id), ``name``, ``developer``, ``family``, ``weights``
        (id shared by variants of one set of pretrained weights: base, instruct, thinking),
        ``open_weights``, ``arch``, ``total_params_b``, ``active_params_b``,
        ``release_date`` (Timestamp; month-precision dates are the 1st),
        ``release_precision``, ``reasoning``, ``aliases``, ``params_source``,
        ``params_conflict``, ``release_source``, ``exclude_reason``.
    """
    m = _read_csv("models.csv").copy()
    raw = m["release_date"].fillna("").astype(str)
    n = raw.str.len().to_numpy()
    m["release_precision"] = np.where(n == 10, "day", np.where(n == 7, "month", "unknown"))
    m["release_date"] = _parse_release(raw)
    for c in ("aliases", "params_source", "params_conflict", "release_source", "exclude_reason",
              "arch", "family"):
        m[c] = m[c].fillna("")
    m["open_weights"] = m["open_weights"].astype(bool)
    m["reasoning"] = m["reasoning"].astype(bool)
    return m


def load_params() -> pd.DataFrame:
    """Every sourced parameter count, including the ones not chosen (``chosen`` column).

    The model table takes, per model, the best-ranked source: the model's own card or
    report > IKP's table > a harvest transcription > a count parsed from the model's name >
    a chart reading; variants of one set of weights share the best size of their group.
    """
    return _read_csv("params.csv").copy()


def load_benchmarks() -> pd.DataFrame:
    """The benchmark table: id, name, kind, question count, choices, chance level, citation."""
    return _read_csv("benchmarks.csv").copy()


def load_reference_estimates() -> pd.DataFrame:
    """Published size estimates of closed models by others (IKP's), for comparison only.

    Columns: ``model, source_name, estimate_b, lower_b, upper_b, level, by, method, source``.
    These are someone else's estimates, not ground truth.
    """
    return _read_csv("reference_estimates.csv").copy()


def _scores_raw() -> pd.DataFrame:
    s = _read_csv("scores.csv").copy()
    s["variant"] = s["variant"].fillna("")
    s["note"] = s["note"].fillna("")
    return s


def list_benchmarks() -> pd.DataFrame:
    """What ships, per benchmark: kind, question count and how many models have a score.

    Returns
    -------
    pandas.DataFrame
        One row per benchmark with ``n_scores`` (source rows), ``n_models``, ``n_open_sized``
        (open-weight models of known size: the calibration set) and ``n_closed``.
    """
    b = load_benchmarks()
    s = load_scores(all_sources=False)
    s["_sized"] = s["open_weights"] & s["total_params_b"].notna()
    s["_closed"] = ~s["open_weights"]
    g = s.groupby("benchmark")
    counts = pd.DataFrame({
        "n_scores": _scores_raw().groupby("benchmark").size(),
        "n_models": g["model"].nunique(),
        "n_open_sized": g["_sized"].sum(),
        "n_closed": g["_closed"].sum(),
    })
    out = b.merge(counts, left_on="benchmark", right_index=True, how="left")
    for c in ("n_scores", "n_models", "n_open_sized", "n_closed"):
        out[c] = out[c].fillna(0).astype(int)
    return out[["benchmark", "name", "kind", "default_evidence", "n_questions", "chance",
                "n_scores", "n_models", "n_open_sized", "n_closed"]]


def list_datasets() -> pd.DataFrame:
    """The shipped data files, with row counts and what each holds."""
    desc = {
        "models.csv": "one row per model: developer, family, weights group, open/closed, "
                      "total and active params (billions), release date, sources",
        "params.csv": "every sourced parameter count, including conflicting ones",
        "scores.csv": "long-format benchmark scores (0-1), one row per (model, benchmark, source)",
        "benchmarks.csv": "benchmark ids, kind, question counts, answer choices, citations",
        "lm_eval_tasks.csv": "lm-evaluation-harness task names mapped to benchmark ids",
        "reference_estimates.csv": "published closed-model size estimates by others (IKP), "
                                   "for comparison, not ground truth",
    }
    rows = []
    for name, d in desc.items():
        df = _read_csv(name)
        rows.append({"dataset": name.removesuffix(".csv"), "file": name, "rows": len(df),
                     "description": d})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------
# Name resolution
# --------------------------------------------------------------------------------------


def _key(name: str) -> str:
    """Case- and punctuation-insensitive key ('Qwen3 235B-A22B' == 'qwen3-235b-a22b')."""
    return re.sub(r"[^a-z0-9.]+", "", str(name).lower().replace("_", "."))


@functools.lru_cache(maxsize=1)
def _model_index() -> dict[str, str]:
    m = load_models()
    idx: dict[str, str] = {}
    for r in m.itertuples(index=False):
        for n in [r.model, r.name, *[a.strip() for a in r.aliases.split(";") if a.strip()]]:
            idx.setdefault(_key(n), r.model)
    return idx


def resolve_model(name: str) -> str:
    """Canonical id of a shipped model from any of its names.

    Matching ignores case and punctuation and uses the aliases the sources use.

    Raises
    ------
    UnknownModelError
        With the closest shipped names as suggestions.
    """
    idx = _model_index()
    k = _key(name)
    if k in idx:
        return idx[k]
    if "/" in str(name):  # a Hugging Face repo id ('org/name', as lm-eval's pretrained=)
        k = _key(str(name).rsplit("/", 1)[1])
        if k in idx:
            return idx[k]
    raise UnknownModelError(
        f"unknown model {name!r}.{_suggest(name, idx.values(), 3)} paramest.load_models() lists the shipped models; "
        "for a model that is not shipped, pass its scores as a dict instead of its name.")


def _suggest(name: str, choices: Iterable[str], n: int) -> str:
    """' Did you mean ...?' with the closest choices, or ''."""
    close = difflib.get_close_matches(str(name).lower(), sorted(set(choices)), n=n, cutoff=0.6)
    return f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""


_BENCH_ALIASES = {
    "simple_qa": "simpleqa", "simpleqaverified": "simpleqa-verified",
    "csimpleqa": "chinese-simpleqa", "chinesesimpleqa": "chinese-simpleqa",
    "aaomniscience": "aa-omniscience", "omniscience": "aa-omniscience",
    "omniscience.accuracy": "aa-omniscience", "trivia.qa": "triviaqa", "tqa": "triviaqa",
    "nq": "naturalquestions", "nqopen": "naturalquestions", "nq.open": "naturalquestions",
    "naturalquestionsopen": "naturalquestions", "mmlupro": "mmlu-pro", "mmlu.pro": "mmlu-pro",
    "gpqadiamond": "gpqa-diamond", "gpqa.diamond": "gpqa-diamond",
    "incompressibleknowledgeprobes": "ikp", "humanitysslastexam": "hle", "humanityslastexam": "hle",
}


@functools.lru_cache(maxsize=1)
def _bench_index() -> dict[str, str]:
    b = load_benchmarks()
    idx = {_key(x): x for x in b["benchmark"]}
    idx.update({_key(n): x for n, x in zip(b["name"], b["benchmark"])})
    idx.update({_key(k): v for k, v in _BENCH_ALIASES.items()})
    return idx


def resolve_benchmark(name: str) -> str:
    """Canonical benchmark id (``"SimpleQA"``, ``"simple_qa"`` -> ``"simpleqa"``).

    Raises
    ------
    UnknownBenchmarkError
        Listing the known ids.
    """
    idx = _bench_index()
    k = _key(name)
    if k in idx:
        return idx[k]
    known = sorted(set(idx.values()))
    raise UnknownBenchmarkError(
        f"unknown benchmark {name!r}.{_suggest(name, known, 2)} Known ids: {', '.join(known)}. "
        "To add a new benchmark, see 'Adding a benchmark release' in datasets/README.md.")


# --------------------------------------------------------------------------------------
# Parameter counts
# --------------------------------------------------------------------------------------

_PARAM_RE = re.compile(
    r"^\s*(?P<tot>\d+(?:\.\d+)?)\s*(?P<u1>[kmbt])?\s*(?:[-_ /]?\s*a\s*(?P<act>\d+(?:\.\d+)?)\s*(?P<u2>[kmbt])?)?\s*$",
    re.I)
_UNIT = {"k": 1e-6, "m": 1e-3, "b": 1.0, "t": 1e3, None: 1.0}


def parse_params(value: Any) -> tuple[float, float | None]:
    """Parse a parameter count into ``(total_b, active_b)``, in billions.

    Accepts numbers (already in billions) and strings such as ``"671B"``, ``"1.6T"``,
    ``"7b"``, ``"350M"``, ``"235B-A22B"`` (total 235, active 22).

    Raises
    ------
    ParamsParseError
        For ``"8x7B"`` (the total of a mixture-of-experts is not 8 x 7), unparseable text,
        zero or negative counts, and active > total.
    """
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        v = float(value)
        if not math.isfinite(v) or v <= 0:
            raise ParamsParseError(
                f"parameter count {value!r} must be a positive number of billions")
        return v, None
    s = str(value).strip()
    if re.match(r"^\d+\s*x\s*\d", s, re.I):
        raise ParamsParseError(
            f"parameter count {s!r} is ambiguous: an 'NxM' mixture of experts shares "
            "attention and embedding weights, so its total is not N*M (Mixtral 8x7B has "
            "46.7B in total). Give the total, e.g. '46.7B', or '46.7B-A12.9B' with the active count.")
    if s.startswith("-"):
        raise ParamsParseError(f"parameter count {s!r} is negative; give a positive count like '7B'")
    m = _PARAM_RE.match(s)
    if not m:
        raise ParamsParseError(
            f"cannot parse parameter count {s!r}; use a number of billions or a string like "
            "'7B', '1.6T', '350M' or '235B-A22B'")
    tot = float(m["tot"]) * _UNIT[m["u1"].lower() if m["u1"] else None]
    act = None
    if m["act"]:
        u2 = (m["u2"] or m["u1"] or "b").lower()
        act = float(m["act"]) * _UNIT[u2]
    if tot <= 0:
        raise ParamsParseError(f"parameter count {s!r} must be positive")
    if act is not None and act > tot:
        raise ParamsParseError(f"active parameters exceed total in {s!r}; write 'TOTAL-AACTIVE'")
    return tot, act


# --------------------------------------------------------------------------------------
# Scores: shipped
# --------------------------------------------------------------------------------------


def _pick_rows(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Conflict rule, steps 2-3 (see load_scores), vectorised."""
    d = df.copy()
    d["_pri"] = d["evaluator"].map(EVALUATOR_PRIORITY).fillna(2)
    d["_top"] = d.groupby(keys)["_pri"].transform("min") == d["_pri"]
    d = d[d["_top"]]
    d["_dist"] = (d["score"] - d.groupby(keys)["score"].transform("median")).abs()
    d = d.sort_values(keys + ["_dist", "source"], kind="mergesort")
    return d.drop_duplicates(keys).drop(columns=["_pri", "_top", "_dist"])


def _resolve_benchmarks(benchmarks: str | Iterable[str] | None) -> list[str] | None:
    if benchmarks is None:
        return None
    if isinstance(benchmarks, str):
        benchmarks = [benchmarks]
    return [resolve_benchmark(b) for b in benchmarks]


def load_scores(
    benchmarks: str | Iterable[str] | None = None,
    open_only: bool = False,
    *,
    all_sources: bool = False,
    variants: bool = False,
    include_excluded: bool = False,
) -> pd.DataFrame:
    """Shipped scores in long format, joined with the model table.

    Parameters
    ----------
    benchmarks : str or list of str, optional
        Benchmark ids (any spelling :func:`resolve_benchmark` accepts). Default: all.
    open_only : bool
        Keep only open-weight models.
    all_sources : bool
        Return every source row instead of one row per (model, benchmark).
    variants : bool
        Keep non-comparable settings (``variant`` not empty: a TriviaQA split or shot
        count, SimpleQA Verified F1, pass@16, AA non-reasoning mode). Off by default.
    include_excluded : bool
        Keep models flagged in ``exclude_reason`` (IKP's own exclusions: superseded,
        extreme outlier, pathological refusal). Off by default.

    Returns
    -------
    pandas.DataFrame
        Columns: ``model, developer, family, weights, open_weights, arch, total_params_b,
        active_params_b, release_date, reasoning, benchmark, score, variant, evaluator,
        source, note`` (plus ``n_sources`` and ``score_spread`` when one row is picked).

    Notes
    -----
    Conflict rule, when several rows give the same (model, benchmark):
    1. keep the default setting (``variant == ""``) unless ``variants=True``;
    2. prefer the evaluator: third party (IKP, Artificial Analysis, ObsScaling) >
       the model's developer > unknown > a competitor;
    3. among the rest, take the row closest to their median (ties: source order).
    ``n_sources`` and ``score_spread`` (max - min over all rows) show how much the
    sources disagreed.
    """
    bench = _resolve_benchmarks(benchmarks)
    s = _scores_raw()
    if bench is not None:
        s = s[s["benchmark"].isin(bench)]
    if not variants:
        s = s[s["variant"] == ""]
    m = load_models()
    if not include_excluded:
        m = m[m["exclude_reason"] == ""]
    df = s.merge(m.drop(columns=["name"]), on="model", how="inner")
    if open_only:
        df = df[df["open_weights"]]
    if not all_sources and len(df):
        keys = ["model", "benchmark"] + (["variant"] if variants else [])
        g = df.groupby(keys, sort=False)["score"]
        stats = pd.DataFrame({"n_sources": g.size(), "score_spread": g.max() - g.min()})
        df = _pick_rows(df, keys).merge(stats.reset_index(), on=keys)
    cols = SCORE_COLUMNS + [c for c in ("n_sources", "score_spread", "shots", "cot", "thinking",
                                        "evaluated_by", "source_name") if c in df.columns]
    return df[cols].sort_values(["benchmark", "model"]).reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Scores: user files
# --------------------------------------------------------------------------------------


def _detect_scale(values: np.ndarray, scale: str, what: str) -> float:
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
    div = _detect_scale(vals, scale, label)
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


@functools.lru_cache(maxsize=1)
def _lm_eval_tasks() -> dict[str, tuple[str, str]]:
    t = _read_csv("lm_eval_tasks.csv")
    return {r.task: (r.benchmark, r.metric) for r in t.itertuples(index=False)}


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
    if isinstance(data, (str, Path)):
        obj, _ = _read_table(Path(data), "json")
    else:
        obj = data
    if not isinstance(obj, Mapping) or not isinstance(obj.get("results"), Mapping):
        raise FileFormatError(f"{label}: not an lm-evaluation-harness results file "
                              "(expected a top-level 'results' object)")
    if model is None:
        cfg = obj.get("config") or {}
        model = obj.get("model_name") or cfg.get("model_name")
        args = cfg.get("model_args")
        if model is None and isinstance(args, str):
            m = re.search(r"pretrained=([^,]+)", args)
            model = m.group(1) if m else None
        if model is None:
            raise FileFormatError(f"{label}: the file does not name the model; pass model='...'")
    tasks = _lm_eval_tasks()
    rows, skipped = [], []
    for i, (task, metrics) in enumerate(obj["results"].items()):
        if task not in tasks:
            skipped.append({"row": i, "model": model, "benchmark": task,
                            "reason": "task not mapped to a paramest benchmark"})
            continue
        bench, metric = tasks[task]
        val = metrics.get(metric) if isinstance(metrics, Mapping) else None
        if val is None and isinstance(metrics, Mapping):
            # metric keys are 'name,filter'; accept the same name under another filter
            base = metric.split(",")[0]
            cands = [k for k in metrics if k.split(",")[0] == base and "stderr" not in k]
            val = metrics[cands[0]] if cands else None
        if val is None:
            skipped.append({"row": i, "model": model, "benchmark": task,
                            "reason": f"metric {metric!r} not in results"})
            continue
        rows.append({"model": model, "benchmark": bench, "score": val,
                     "source": f"{label}: lm-eval task {task} ({metric})"})
    if not rows:
        raise FileFormatError(f"{label}: no task maps to a paramest benchmark; mapped tasks: "
                              f"{', '.join(sorted(tasks))}")
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


def _validate_scores_frame(data: pd.DataFrame, what: str = "data") -> pd.DataFrame:
    """Check a frame in load_scores() format; raise a clear error if it is not."""
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"{what} must be a DataFrame in the paramest.load_scores() format, "
                         f"not {type(data).__name__}")
    need = ["model", "benchmark", "score", "total_params_b", "open_weights"]
    missing = [c for c in need if c not in data.columns]
    if missing:
        raise FileFormatError(
            f"{what} lacks columns {missing} (found {list(data.columns)}). Build it with "
            "paramest.load_scores() or paramest.read_scores().")
    s = pd.to_numeric(data["score"], errors="coerce")
    if s.isna().any() or not np.isfinite(s).all():
        raise ScoreScaleError(f"{what}: {int((~np.isfinite(s.fillna(np.nan))).sum())} score(s) "
                              "are NaN or infinite; drop or fix them")
    if (s < 0).any() or (s > 1).any():
        raise ScoreScaleError(f"{what}: scores must be fractions in [0, 1] (got "
                              f"{s.min():g}..{s.max():g}); divide percents by 100 or read the "
                              "file with paramest.read_scores(), which detects the scale")
    dup = data.duplicated(["model", "benchmark"] + (["variant"] if "variant" in data else []),
                          keep=False)
    if dup.any():
        d = data[dup]
        g = d.groupby(["model", "benchmark"])["score"].nunique()
        if (g > 1).any():
            mb = g[g > 1].index[0]
            raise ConflictError(
                f"{what}: {int((g > 1).sum())} (model, benchmark) pair(s) have conflicting "
                f"scores, e.g. {mb}. Keep one row per pair (paramest.load_scores() applies the "
                "documented conflict rule; all_sources=True returns every row).")
    return data
