"""The shipped tables: where they live, how they load, their version, and the benchmark registry.

Every table is read once per process (the files ship with the package and do not change
while it runs) and every loader returns a fresh copy, so callers may modify what they get.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from ..checks import number_in
from ..errors import ConflictError, DataIntegrityError, FileFormatError, InputError, ScoreScaleError

__all__ = [
    "ALLOW_MODIFIED_ENV",
    "NUMERIC_COLUMNS",
    "REQUIRED_COLUMNS",
    "SCORE_COLUMNS",
    "DataVersion",
    "data_counts",
    "data_dir",
    "data_version",
    "example_file",
    "list_datasets",
    "load_benchmarks",
    "load_ikp_tiers",
    "load_models",
    "load_params",
    "load_reference_estimates",
    "load_signals",
    "read_shipped",
    "register_benchmark",
    "registered_benchmarks",
    "registry_version",
    "row_weights",
    "validate_scores",
]

# The long score format every stage reads (load_scores, read_scores, combine).
SCORE_COLUMNS = [
    "model", "developer", "family", "weights", "open_weights", "arch", "total_params_b",
    "active_params_b", "release_date", "reasoning", "benchmark", "score", "thinking", "effort",
    "variant", "evaluator", "source", "note",
]

_FILES = {
    "models.csv": "one row per model (a model id names one setting: '-think', effort): "
                  "developer, family, weights group, open/closed, size status, total and "
                  "active params (billions), release date, sources",
    "params.csv": "every sourced parameter count, including conflicting ones",
    "scores.csv": "long-format benchmark scores (0-1), one row per (model, benchmark, setting, source)",
    "benchmarks.csv": "benchmark ids, aliases, kind, question counts, answer choices, citations",
    "lm_eval_tasks.csv": "lm-evaluation-harness task names mapped to benchmark ids",
    "reference_estimates.csv": "published closed-model size estimates by others (IKP), "
                               "for comparison, not ground truth",
    "signals.csv": "Artificial Analysis per-model signals (hallucination rate, GPQA, HLE, "
                   "price, output speed); not used by the default estimator",
    "ikp_tiers.csv": "IKP per-tier question counts: correct, wrong, refused",
}


def data_dir() -> Path:
    """Folder of the shipped datasets (inside the installed package, or the repo checkout).

    Returns
    -------
    pathlib.Path
        ``paramest/_data`` of the installed package when it holds the tables, else the
        checkout's ``datasets/`` folder.

    Raises
    ------
    DataIntegrityError
        Neither folder holds the tables (a broken install).
    """
    try:
        installed = Path(str(resources.files("paramest") / "_data"))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - defensive
        installed = Path(__file__).resolve().parent.parent / "_data"
    if (installed / "models.csv").exists():
        return installed
    repo = Path(__file__).resolve().parent.parent.parent / "datasets"
    if (repo / "models.csv").exists():
        return repo
    raise DataIntegrityError(  # pragma: no cover - broken install
        "paramest's datasets were not found. Reinstall with `pip install --force-reinstall "
        f"paramest` (looked in {installed} and {repo}).")


def example_file(name: str = "factrecall.csv") -> Path:
    """Path of a shipped example file (``factrecall.csv``: a synthetic new-benchmark release).

    Parameters
    ----------
    name : str
        File name in the shipped ``examples`` folder.

    Returns
    -------
    pathlib.Path
        Path of the file, ready for :func:`paramest.read_scores`.

    Raises
    ------
    InputError
        No example of that name.
    """
    path = data_dir() / "examples" / name
    if not path.is_file():
        found = sorted(p.name for p in (data_dir() / "examples").glob("*.csv"))
        raise InputError(f"no example file {name!r}; the examples are {found}")
    return path


# The columns each loader and its callers need. The shipped files may carry more (the
# curators add columns); a missing one is damage.
REQUIRED_COLUMNS = {
    "models.csv": ["model", "name", "developer", "family", "weights", "open_weights",
                   "size_status", "arch", "total_params_b", "active_params_b", "release_date",
                   "reasoning", "aliases", "params_source", "params_conflict", "release_source",
                   "weights_source", "exclude_reason"],
    "params.csv": ["model", "total_params_b", "active_params_b", "arch", "source", "source_kind",
                   "note", "chosen"],
    "scores.csv": ["model", "benchmark", "score", "shots", "cot", "thinking", "effort",
                   "variant", "precision", "evaluator", "evaluated_by", "source", "source_name",
                   "note"],
    "benchmarks.csv": ["benchmark", "name", "aliases", "kind", "default_evidence",
                       "n_questions", "n_choices", "chance", "citation", "url",
                       "n_questions_source", "note"],
    "lm_eval_tasks.csv": ["task", "benchmark", "metric", "v03_metric", "note"],
    "reference_estimates.csv": ["model", "source_name", "estimate_b", "lower_b", "upper_b",
                                "level", "by", "method", "source"],
    "signals.csv": ["model", "thinking", "effort", "omniscience_hallucination_rate", "gpqa",
                    "hle", "price_blended_usd_per_mtoken", "price_input_usd_per_mtoken",
                    "price_output_usd_per_mtoken", "median_output_speed_tps",
                    "open_weights_at_aa", "fetched", "source", "source_name"],
    "ikp_tiers.csv": ["model", "tier", "n_questions", "correct", "wrong", "refused", "source",
                      "source_name"],
}
# Columns that must read as numbers (a damaged cell turns them into text).
NUMERIC_COLUMNS = {
    "models.csv": ["total_params_b", "active_params_b"],
    "params.csv": ["total_params_b", "active_params_b"],
    "scores.csv": ["score"],
    "benchmarks.csv": ["n_questions", "n_choices", "chance"],
    "reference_estimates.csv": ["estimate_b", "lower_b", "upper_b", "level"],
    "ikp_tiers.csv": ["n_questions", "correct", "wrong", "refused"],
}
ALLOW_MODIFIED_ENV = "PARAMEST_ALLOW_MODIFIED_DATA"
"""Set this environment variable to 1 to read shipped files that differ from their
``manifest.json`` hashes (while curating them); :func:`data_version` then says ``-modified``."""


def _reinstall(name: str, why: str) -> DataIntegrityError:
    return DataIntegrityError(
        f"paramest's shipped file {name} is damaged: {why}. Reinstall paramest "
        "(pip install --force-reinstall paramest); in a source checkout, restore the file "
        "(git checkout datasets/) or, if you changed it on purpose, rebuild the manifest "
        f"(python datasets/build/curate.py) or set {ALLOW_MODIFIED_ENV}=1.")


@functools.cache
def _manifest() -> dict:
    path = data_dir() / "manifest.json"
    try:
        m = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _reinstall("manifest.json", f"it is missing from {path.parent}") from None
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise _reinstall("manifest.json", f"it cannot be read ({e})") from None
    files = m.get("files") if isinstance(m, dict) else None
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        raise _reinstall("manifest.json", "it has no 'files' table of SHA-256 hashes")
    return m


def _modified_allowed() -> bool:
    return os.environ.get(ALLOW_MODIFIED_ENV, "").strip() not in ("", "0")


def _verified(name: str) -> tuple[bytes, str, bool]:
    """A shipped file's bytes, its SHA-256, and whether it differs from the manifest.

    A file that differs raises, unless :data:`ALLOW_MODIFIED_ENV` is set.
    """
    path = data_dir() / name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _reinstall(name, f"it is missing from {path.parent}") from None
    except OSError as e:
        raise _reinstall(name, f"it cannot be read ({e.strerror or e})") from None
    digest = hashlib.sha256(data).hexdigest()
    recorded = _manifest()["files"].get(name)
    differs = recorded != digest
    if differs and not _modified_allowed():
        why = ("it is not listed in manifest.json" if recorded is None else
               f"its SHA-256 ({digest[:12]}...) does not match the one recorded in manifest.json "
               f"({recorded[:12]}...), so it was truncated, replaced or changed")
        raise _reinstall(name, why)
    return data, digest, differs


@functools.cache
def read_shipped(name: str) -> pd.DataFrame:
    """One shipped table, raw (``name`` as in ``datasets/``, e.g. ``"scores.csv"``), checked.

    The file's SHA-256 must match ``manifest.json``'s ``files`` entry, and the file must
    parse and have the columns paramest needs (:data:`REQUIRED_COLUMNS`; extra columns
    are fine), with numbers where numbers belong. Read once per process and cached:
    callers must not modify the frame (the public loaders return copies).

    Parameters
    ----------
    name : str
        File name in the data folder.

    Returns
    -------
    pandas.DataFrame
        The CSV as pandas reads it, without the loaders' type fixes.

    Raises
    ------
    DataIntegrityError
        The file is missing, damaged (hash), unreadable, or lacks columns; the message
        names the file and says to reinstall.

    Examples
    --------
    >>> "score" in read_shipped("scores.csv").columns
    True
    """
    data, _, _ = _verified(name)
    try:
        df = pd.read_csv(io.BytesIO(data), keep_default_na=True)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as e:
        raise _reinstall(name, f"it is not a readable CSV table ({str(e)[:120]})") from None
    missing = [c for c in REQUIRED_COLUMNS.get(name, []) if c not in df.columns]
    if missing:
        raise _reinstall(name, f"it lacks the column(s) {missing}")
    text = [c for c in NUMERIC_COLUMNS.get(name, []) if not pd.api.types.is_numeric_dtype(df[c])]
    if text:
        raise _reinstall(name, f"its column(s) {text} hold text where numbers belong")
    return df


# --------------------------------------------------------------------------------------
# Version
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataVersion:
    """Which shipped tables an estimate was computed from.

    Attributes
    ----------
    built : str
        Date the tables were curated (``datasets/manifest.json``).
    hash : str
        First 12 hex digits of a SHA-256 over the shipped files' contents, in name order.
        It changes whenever any shipped number changes.
    modified : bool
        The files differ from the hashes recorded when they were built.
    """

    built: str
    hash: str
    modified: bool = False

    def __str__(self) -> str:
        return f"{self.built}+{self.hash}" + ("-modified" if self.modified else "")

    def to_dict(self) -> dict:
        """JSON-safe dict.

        Returns
        -------
        dict
            ``built``, ``hash``, ``modified`` and ``text`` (``str(version)``:
            ``built+hash``, with ``-modified`` when the files were changed).
        """
        return {"built": self.built, "hash": self.hash, "modified": self.modified,
                "text": str(self)}


def data_counts() -> dict:
    """Coverage of the shipped data, as counted when it was built (``manifest.json``).

    ``datasets/build/counts.py`` counts; ``tests/test_data_integrity.py`` recounts through
    :func:`load_scores` and checks that the two agree.

    Returns
    -------
    dict
        ``open_weights_with_sized_knowledge_score``, ``by_band`` (``<10B``, ``10-100B``,
        ``100B-1T``, ``>=1T``), ``open_weights_above_236b`` and how many of them have two or
        more knowledge benchmarks, the same for closed weights released since 2025, and
        the size-source counts.

    Examples
    --------
    >>> c = data_counts()
    >>> sum(c["by_band"].values()) == c["open_weights_with_sized_knowledge_score"]
    True
    """
    return dict(_manifest().get("counts", {}))


@functools.cache
def data_version() -> DataVersion:
    """Date and content hash of the shipped tables, as cited with every estimate.

    Computed once per process from the shipped files and the ``manifest.json`` beside them.

    Returns
    -------
    DataVersion
        ``str()`` of it is ``<built>+<hash>``, with ``-modified`` appended when the files
        differ from the hashes recorded in the manifest (read only when the environment
        variable :data:`ALLOW_MODIFIED_ENV` is set).

    Raises
    ------
    DataIntegrityError
        A shipped file or the manifest is missing or damaged.

    Examples
    --------
    >>> str(paramest.data_version())          # doctest: +SKIP
    '<built date>+<12 hex digits>'
    """
    total = hashlib.sha256()
    built = str(_manifest().get("built", "unknown"))
    modified = False
    for name in sorted(_FILES):
        _, digest, differs = _verified(name)
        total.update(name.encode() + b"\0" + digest.encode())
        modified = modified or differs
    return DataVersion(built=built, hash=total.hexdigest()[:12], modified=modified)


# --------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------


def _parse_release(s: pd.Series) -> pd.Series:
    # 'YYYY-MM-DD' or, where only the month is known, 'YYYY-MM' (-> the 1st)
    return pd.to_datetime(s, format="mixed", errors="coerce")


def load_models() -> pd.DataFrame:
    """The model table: one row per model id, open and closed.

    Returns
    -------
    pandas.DataFrame
        Columns ``model`` (canonical id; settings such as ``-think`` or an effort level
        are separate ids), ``name``, ``developer``, ``family``, ``weights`` (id shared by
        every setting and variant of one set of weights), ``open_weights``,
        ``size_status`` (``open``, ``disclosed``: a closed model whose developer published
        its size, ``reported``: a size from a third party only, ``unknown``), ``arch``,
        ``total_params_b``, ``active_params_b``, ``release_date`` (Timestamp; month
        precision dates are the 1st), ``release_precision``, ``reasoning``, ``aliases``,
        ``params_source``, ``params_conflict``, ``release_source``, ``weights_source``,
        ``exclude_reason``.
    """
    m = read_shipped("models.csv").copy()
    raw = m["release_date"].fillna("").astype(str)
    n = raw.str.len().to_numpy()
    m["release_precision"] = np.where(n == 10, "day", np.where(n == 7, "month", "unknown"))
    m["release_date"] = _parse_release(raw)
    for c in ("aliases", "params_source", "params_conflict", "release_source", "exclude_reason",
              "arch", "family", "weights_source", "size_status"):
        m[c] = m[c].fillna("")
    m["open_weights"] = m["open_weights"].astype(bool)
    m["reasoning"] = m["reasoning"].astype(bool)
    return m


def load_params() -> pd.DataFrame:
    """Every sourced parameter count, including the ones not chosen (``chosen`` column).

    The model table takes, per model, the best-ranked source: the model's own card,
    config or report > IKP's table > Hugging Face's count of the checkpoint > Artificial
    Analysis's size label > a harvest transcription > a count parsed from the model's
    name > a chart reading. Every setting and variant of one set of weights shares the
    best size of its group (``datasets/README.md``).

    Returns
    -------
    pandas.DataFrame
        One row per sourced count: ``model, total_params_b, active_params_b, arch,
        source, source_kind, note, chosen`` (billions; ``chosen`` marks the count the
        model table uses).
    """
    return read_shipped("params.csv").copy()


def load_reference_estimates() -> pd.DataFrame:
    """Published size estimates of closed models by others (IKP's), for comparison only.

    These are someone else's estimates, not ground truth.

    Returns
    -------
    pandas.DataFrame
        ``model, source_name, estimate_b, lower_b, upper_b, level, by, method, source``
        (sizes in billions).
    """
    return read_shipped("reference_estimates.csv").copy()


def load_signals() -> pd.DataFrame:
    """Artificial Analysis's other per-model signals (snapshot 2026-07-31).

    One row per model id (a model in one setting): ``omniscience_hallucination_rate``,
    ``gpqa``, ``hle``, prices in USD per million tokens, ``median_output_speed_tps``, with
    ``source``. Data: Artificial Analysis (artificialanalysis.ai), who ask to be credited
    wherever their numbers are used. The default estimator does not use these columns.

    Returns
    -------
    pandas.DataFrame
        One row per model id, as in the shipped ``signals.csv``.
    """
    return read_shipped("signals.csv").copy()


def load_ikp_tiers() -> pd.DataFrame:
    """IKP's per-tier question counts per model: correct, wrong and refused.

    Returns
    -------
    pandas.DataFrame
        One row per (model, tier): ``model, tier, n_questions, correct, wrong, refused``,
        with ``source`` and ``source_name``.
    """
    return read_shipped("ikp_tiers.csv").copy()


def list_datasets() -> pd.DataFrame:
    """The shipped data files, with row counts and what each holds.

    Returns
    -------
    pandas.DataFrame
        One row per file: ``dataset`` (the file name without ``.csv``), ``file``,
        ``rows`` and ``description``.
    """
    rows = [{"dataset": name.removesuffix(".csv"), "file": name, "rows": len(read_shipped(name)),
             "description": desc} for name, desc in _FILES.items()]
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------
# Benchmarks, including the ones users register at run time
# --------------------------------------------------------------------------------------

_REGISTERED: dict[str, dict] = {}
_REGISTRY_VERSION = 0
_KINDS = ("knowledge", "reasoning", "composite", "agentic")


def register_benchmark(
    benchmark: str,
    *,
    kind: str = "knowledge",
    chance: float = 0.0,
    n_questions: float | None = None,
    name: str | None = None,
    aliases: tuple[str, ...] | list[str] = (),
    citation: str = "",
) -> None:
    """Declare a benchmark that paramest does not ship, for this Python session.

    Once registered, the id works everywhere a shipped id does: :func:`read_scores`
    keeps its columns, :func:`fit`, :func:`estimate_size`, :func:`compare_predictors`
    and :func:`validate` accept it, and ``kind="knowledge"`` makes it default evidence.

    Parameters
    ----------
    benchmark : str
        Lowercase id, e.g. ``"factrecall"``.
    kind : {"knowledge", "reasoning", "composite", "agentic"}
        Only knowledge benchmarks are default evidence for a size estimate.
    chance : float
        Score of random guessing (``1/k`` for ``k``-way multiple choice, 0 for free
        response): the floor of the fitted curve.
    n_questions : float, optional
        Questions per evaluation, for the binomial noise term. Unknown: no binomial term.
    name, aliases, citation : optional
        Display name, other spellings :func:`resolve_benchmark` should accept, citation.

    Raises
    ------
    InputError
        A malformed id, a kind not in the list, a chance outside [0, 1), a non-positive
        question count, or an id that collides with a shipped benchmark.
    """
    bid = str(benchmark).strip().lower()
    if not bid or any(c.isspace() for c in bid):
        raise InputError(f"benchmark id {benchmark!r} must be a non-empty word without spaces, "
                         "e.g. 'factrecall'")
    if kind not in _KINDS:
        raise InputError(f"kind must be one of {_KINDS}, not {kind!r}")
    chance = number_in(chance, "chance", 0.0, 1.0, closed_low=True,
                       hint=" (0 for free response, 1/k for k-way multiple choice)")
    if n_questions is not None:
        number_in(n_questions, "n_questions")
    shipped = set(read_shipped("benchmarks.csv")["benchmark"])
    if bid in shipped:
        raise InputError(f"{bid!r} is a shipped benchmark; its settings come from "
                         "paramest.load_benchmarks(). Pass chance=/n_questions= to fit() to "
                         "override them for one fit.")
    if isinstance(aliases, str):
        aliases = (aliases,)
    _REGISTERED[bid] = {
        "benchmark": bid, "name": name or bid, "aliases": "; ".join(aliases), "kind": kind,
        "default_evidence": kind == "knowledge",
        "n_questions": float(n_questions) if n_questions is not None else np.nan,
        "n_choices": np.nan, "chance": chance, "citation": citation, "url": "",
        "n_questions_source": "registered by the user", "note": "registered at run time",
    }
    global _REGISTRY_VERSION
    _REGISTRY_VERSION += 1  # name indexes built from the old table are now stale


def registry_version() -> int:
    """Counter bumped by every :func:`register_benchmark` (keys the name indexes' caches).

    Returns
    -------
    int
        Number of successful :func:`register_benchmark` calls in this session.
    """
    return _REGISTRY_VERSION


def registered_benchmarks() -> list[str]:
    """Ids registered with :func:`register_benchmark` in this session.

    Returns
    -------
    list of str
        Sorted benchmark ids.
    """
    return sorted(_REGISTERED)


def load_benchmarks() -> pd.DataFrame:
    """The benchmark table: shipped rows, then any registered with :func:`register_benchmark`.

    Returns
    -------
    pandas.DataFrame
        One row per benchmark: ``benchmark, name, aliases, kind, default_evidence,
        n_questions, n_choices, chance, citation, url, n_questions_source, note``.
    """
    b = read_shipped("benchmarks.csv").copy()
    if _REGISTERED:
        b = pd.concat([b, pd.DataFrame(list(_REGISTERED.values()))], ignore_index=True)
    b["aliases"] = b["aliases"].fillna("")
    b["default_evidence"] = b["default_evidence"].astype(bool)
    return b


# --------------------------------------------------------------------------------------
# The score-frame check every public entry point runs once
# --------------------------------------------------------------------------------------


def validate_scores(data: pd.DataFrame, what: str = "data") -> pd.DataFrame:
    """Check a frame in the :func:`paramest.load_scores` format and return it.

    Parameters
    ----------
    data : pandas.DataFrame
        Scores, e.g. from :func:`paramest.load_scores`, :func:`paramest.read_scores` or
        :func:`paramest.combine`.
    what : str
        How to name the frame in error messages.

    Returns
    -------
    pandas.DataFrame
        ``data`` itself.

    Raises
    ------
    InputError
        Not a DataFrame, duplicated column names, or text (such as ``"False"``) in a
        yes/no column (``open_weights``, ``reasoning``, ``thinking``).
    FileFormatError
        Required columns are missing.
    ScoreScaleError
        A score is NaN, infinite, boolean or outside [0, 1].
    ConflictError
        Two rows give different scores for the same (model, benchmark, setting).
    """
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"{what} must be a DataFrame in the paramest.load_scores() format, "
                         f"not {type(data).__name__}")
    dup_cols = data.columns[data.columns.duplicated()].tolist()
    if dup_cols:
        raise InputError(f"{what} has duplicated column names {dup_cols}; rename or drop them")
    need = ["model", "benchmark", "score", "total_params_b", "open_weights"]
    missing = [c for c in need if c not in data.columns]
    if missing:
        raise FileFormatError(
            f"{what} lacks columns {missing} (found {list(data.columns)}). Build it with "
            "paramest.load_scores(), paramest.read_scores() or paramest.combine().")
    if data["score"].dtype == bool:
        raise ScoreScaleError(f"{what}: the score column holds True/False, not scores")
    s = pd.to_numeric(data["score"], errors="coerce")
    bad = s.isna() | ~np.isfinite(s.fillna(np.nan))
    if bad.any():
        raise ScoreScaleError(f"{what}: {int(bad.sum())} score(s) are missing, NaN or not "
                              "numbers; drop or fix them")
    if (s < 0).any() or (s > 1).any():
        raise ScoreScaleError(f"{what}: scores must be fractions in [0, 1] (got "
                              f"{s.min():g}..{s.max():g}); divide percents by 100 or read the "
                              "file with paramest.read_scores(), which detects the scale")
    for c in ("open_weights", "reasoning", "thinking"):
        col = data[c] if c in data.columns else None
        if col is None or pd.api.types.is_bool_dtype(col) and not isinstance(
                col.dtype, pd.CategoricalDtype):
            continue
        text = [v for v in pd.unique(col.astype(object)) if isinstance(v, str)]
        if text:
            raise InputError(
                f"{what}: column {c!r} holds text ({text[0][:20]!r}), not True/False; text is "
                "never read by its truthiness. Pass the frame through paramest.combine() or "
                "paramest.read_scores(), which read yes/no text by an explicit map, or convert "
                "the column to booleans.")
    keys = ["model", "benchmark"] + [c for c in ("variant", "thinking", "effort") if c in data]
    dup = data.duplicated(keys, keep=False)
    if dup.any():
        g = data[dup].groupby(keys, dropna=False)["score"].nunique()
        if (g > 1).any():
            mb = g[g > 1].index[0]
            raise ConflictError(
                f"{what}: {int((g > 1).sum())} (model, benchmark) pair(s) have conflicting "
                f"scores, e.g. {mb}. Keep one row per pair (paramest.load_scores() applies the "
                "documented conflict rule; all_sources=True returns every row).")
    return data


def row_weights(frame: pd.DataFrame) -> pd.Series:
    """The weights id of every row: the ``weights`` cell, or the row's model when it is blank.

    The one rule for which rows belong to one set of weights. A blank, NaN or missing
    ``weights`` cell is never a shared id: such a row is its own set of weights.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with a ``model`` column and, optionally, ``weights``.

    Returns
    -------
    pandas.Series
        Strings, aligned with ``frame``'s index.

    Examples
    --------
    >>> import pandas as pd
    >>> row_weights(pd.DataFrame({"model": ["a", "b"], "weights": ["w", ""]})).tolist()
    ['w', 'b']
    """
    model = frame["model"].astype(str)
    if "weights" not in frame.columns:
        return model
    w = frame["weights"]
    blank = w.isna() | (w.astype(str).str.strip() == "")
    return w.astype(str).where(~blank, model)
