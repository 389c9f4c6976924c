"""Score cells -> the score frame: metadata parsed, names resolved, shipped facts filled in,
duplicates collapsed or reported.

Metadata is parsed per input row used and per distinct value; shipped metadata is taken
per distinct model. Text columns (names, benchmarks, developers, sources...) are built as
pandas categoricals: a code per row into a small sorted dictionary, so a frame of
millions of rows holds each name once.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import ParamsParseError
from .cells import distinct, parse_bools, positive_col
from .dates import parse_dates
from .layouts import ACTIVE_NAMES, DATE_NAMES, PARAM_NAMES, find_col, list_names
from .names import lookup_model
from .params import parse_params_col
from .report import IngestReport, Skips, attach, escape
from .sniff import Limits
from .tables import SCORE_COLUMNS, load_models

__all__ = ["EXTRA_COLUMNS", "KEYS", "TEXT_COLUMNS", "assemble", "categorical", "finish"]

# Columns a frame may carry beyond SCORE_COLUMNS.
EXTRA_COLUMNS = ("n_questions", "shots")
KEYS = ["model", "benchmark", "variant", "thinking", "effort"]
TEXT_COLUMNS = ["model", "developer", "family", "weights", "arch", "benchmark", "effort",
                "variant", "evaluator", "source", "note"]


def categorical(values: Any, codes: np.ndarray) -> pd.Categorical:
    """``values[codes]`` as a categorical with sorted string categories, without a string per row.

    Parameters
    ----------
    values : sequence of str
        The values (may repeat; no None).
    codes : numpy.ndarray of int
        Positions into ``values``, one per row.

    Returns
    -------
    pandas.Categorical
        Categories: the distinct values some row takes, sorted.

    Examples
    --------
    >>> list(categorical(["b", "a", "b"], np.array([0, 1, 2, 0])))
    ['b', 'a', 'b', 'b']
    """
    codes = np.asarray(codes, dtype=np.int64)
    vals = np.asarray(values, dtype=object)
    present = np.zeros(len(vals), dtype=bool)
    present[codes] = True
    inv, uniq = pd.factorize(vals)  # hashing only; the few used values are sorted below
    used = np.zeros(len(uniq), dtype=bool)
    used[inv[present]] = True  # only the values some row takes become categories
    names = pd.Index(np.asarray(uniq, dtype=object)[used], dtype="str")
    order = np.asarray(names.argsort())
    rank = np.empty(len(names), dtype=np.int64)
    rank[order] = np.arange(len(names))
    new = np.full(len(uniq), -1, dtype=np.int64)
    new[used] = rank
    cats = pd.CategoricalDtype(names.take(order))
    small = np.int8 if len(names) < 127 else np.int16 if len(names) < 32767 else np.int32
    return pd.Categorical.from_codes(new[inv].astype(small)[codes], dtype=cats, validate=False)


class _Names:
    """``models.iloc[i]``: the model name of input row ``i`` of a subset, built on demand."""

    def __init__(self, names: np.ndarray, codes: np.ndarray) -> None:
        self.names, self.codes = names, codes

    @property
    def iloc(self) -> _Names:
        return self

    def __getitem__(self, i: int) -> str:
        return str(self.names[self.codes[i]])


def _text_codes(col: pd.Series) -> tuple[np.ndarray, list[str | None]]:
    """(codes, values) of a text column: stripped, None where empty; code -1 for a null."""
    codes, uniq = distinct(col)
    return codes, [str(u).strip() or None for u in uniq]


class _Shipped:
    """Shipped metadata per distinct model name (missing for names that are not shipped)."""

    def __init__(self, mnames: list[str], resolve: bool) -> None:
        self.ids = [lookup_model(u) if resolve else None for u in mnames]
        ship = load_models().set_index("model")
        self.ship = ship
        known = np.array([i is not None for i in self.ids], dtype=bool)
        pos = ship.index.get_indexer(pd.Index([i if i is not None else "" for i in self.ids],
                                              dtype=object))
        self.pos = np.where(known, pos, -1)
        self.take = np.maximum(self.pos, 0)
        self.id_or_name = np.array([i if i is not None else u for i, u in zip(self.ids, mnames)],
                                   dtype=object)

    def col(self, name: str, dtype: Any = object) -> np.ndarray:
        arr = self.ship[name].to_numpy(dtype=dtype)[self.take] if len(self.ship) \
            else np.zeros(len(self.take), dtype)
        blank = {float: np.nan, object: None}.get(dtype, np.datetime64("NaT", "ns"))
        return np.where(self.pos >= 0, arr, blank)

    def flag(self, name: str) -> np.ndarray:
        return np.array([np.nan if x is None or pd.isna(x) else float(bool(x))
                         for x in self.col(name)])


def _sizes(col_of: Any, cols: list[str], label: str, models: _Names, n: int, notes: list[str],
           limits: Limits) -> tuple[np.ndarray, np.ndarray]:
    tot = np.full(n, np.nan)
    act = np.full(n, np.nan)
    pcol = find_col(cols, PARAM_NAMES)
    if pcol is not None:
        tot, act = parse_params_col(col_of(pcol), pcol, label, models, limits.max_value_chars,
                                    notes)
    acol = find_col(cols, ACTIVE_NAMES)
    if acol is not None:
        given, _ = parse_params_col(col_of(acol), acol, label, models, limits.max_value_chars,
                                    notes)
        act = np.where(np.isfinite(given), given, act)
    return tot, act


def _open_weights(ow: np.ndarray, tot: np.ndarray, open_weights: bool | None,
                  notes: list[str]) -> np.ndarray:
    unknown = np.isnan(ow)
    if open_weights is not None:
        return np.where(unknown, float(bool(open_weights)), ow)
    sized = unknown & np.isfinite(tot)
    if sized.any():
        notes.append(f"open_weights not given for {int(sized.sum())} input row(s) of unshipped "
                     "models with a size: taken as open weights (a size is known); pass "
                     "open_weights= or an open_weights column to say otherwise")
    return np.where(unknown, np.isfinite(tot), ow)


def assemble(base: pd.DataFrame, cells: dict, mcodes: np.ndarray, mnames: list[str], label: str,
             notes: list[str], alerts: list[str], open_weights: bool | None, resolve: bool,
             limits: Limits) -> pd.DataFrame:
    """Score rows in the :data:`~paramest.ingest.tables.SCORE_COLUMNS` layout.

    Parameters
    ----------
    base : pandas.DataFrame
        The input table.
    cells : dict
        :func:`~paramest.ingest.layouts.keep_scores`'s result.
    mcodes : numpy.ndarray of int64
        The model code of every input row.
    mnames : list of str
        The distinct model names.
    label : str
        The input's name.
    notes, alerts : list of str
        Receive the readings taken, and those the user must check.
    open_weights : bool or None
        The user's ``open_weights=``.
    resolve : bool
        Map names to shipped models and fill in their metadata.
    limits : Limits
        ``max_value_chars`` bounds sizes, dates and yes/no cells.

    Returns
    -------
    pandas.DataFrame
        One row per kept score, with ``_row`` (the input row).

    Raises
    ------
    ParamsParseError, DateParseError, InputError
        A metadata cell that cannot be read.
    """
    u = _Used(base, cells["row"], mcodes, mnames, escape(label))
    meta = _own_metadata(u, notes, alerts, limits)
    ship = _Shipped(mnames, resolve)
    unresolved = sorted(n for j, (n, i) in enumerate(zip(mnames, ship.ids)) if i is None and u.seen[j])
    if unresolved and resolve:
        notes.append(f"{len(unresolved)} model name(s) not shipped, kept as given: "
                     f"{list_names(unresolved)}")
    meta = _with_shipped(meta, u, ship, open_weights, notes)
    ri = u.ri
    data: dict[str, Any] = _text_columns(u, ship, label)
    data.update({
        "open_weights": meta["ow"].astype(bool)[ri], "total_params_b": meta["tot"][ri],
        "active_params_b": meta["act"][ri], "release_date": meta["rd"][ri],
        "reasoning": meta["rs"][ri],
        "benchmark": categorical(cells["bench_names"], cells["bench"]),
        "score": cells["score"], "thinking": meta["th"][ri],
        "evaluator": categorical(["user"], np.zeros(len(ri), dtype=np.int64)),
    })
    data = {c: data[c] for c in SCORE_COLUMNS}
    for k, v in meta["extras"].items():
        data[k] = v[ri]
    data["_row"] = cells["row"]
    return pd.DataFrame(data, copy=False)


class _Used:
    """The input rows some kept score comes from, and where each score's row is among them."""

    def __init__(self, base: pd.DataFrame, rows: np.ndarray, mcodes: np.ndarray,
                 mnames: list[str], shown: str) -> None:
        present = np.zeros(len(base), dtype=bool)
        present[rows] = True  # no sort needed: a mask and a running count
        self.used = np.flatnonzero(present)
        self.ri = (np.cumsum(present) - 1)[rows]
        self.n = len(self.used)
        self.mc = mcodes[self.used]  # the model of each row used (always >= 0 here)
        self.cell_m = self.mc[self.ri]
        self.seen = np.zeros(len(mnames) + 1, dtype=bool)
        self.seen[self.mc] = True
        self.models = _Names(np.array(mnames, dtype=object), self.mc)
        self.mnames = mnames
        self.base, self.cols, self.shown = base, list(base.columns), shown

    def col(self, name: str) -> pd.Series:
        return self.base[name].take(self.used).reset_index(drop=True)


def _own_metadata(u: _Used, notes: list[str], alerts: list[str], limits: Limits) -> dict:
    """What the input itself says of each row used: sizes, dates, yes/no flags, counts."""
    tot, act = _sizes(u.col, u.cols, u.shown, u.models, u.n, notes, limits)
    dcol = find_col(u.cols, DATE_NAMES)
    rd = (parse_dates(u.col(dcol), u.shown, notes, alerts, limits.max_value_chars)
          .to_numpy(dtype="datetime64[ns]") if dcol is not None
          else np.full(u.n, np.datetime64("NaT", "ns")))
    out: dict[str, Any] = {"tot": tot, "act": act, "rd": rd, "extras": {}}
    for name in ("open_weights", "reasoning", "thinking"):
        c = find_col(u.cols, (name,))
        out[name] = (parse_bools(u.col(c), name, u.shown, u.models, notes) if c is not None
                     else np.full(u.n, np.nan))
    c = find_col(u.cols, ("n_questions",))
    if c is not None:
        out["extras"]["n_questions"] = positive_col(u.col(c), c, u.shown, u.models, notes)
    c = find_col(u.cols, ("shots", "n_shot", "num_fewshot"))
    if c is not None:
        out["extras"]["shots"] = positive_col(u.col(c), c, u.shown, u.models, notes,
                                              integer=True, allow_zero=True)
    return out


def _with_shipped(meta: dict, u: _Used, ship: _Shipped, open_weights: bool | None,
                  notes: list[str]) -> dict:
    """Gaps filled from the shipped model table; the input's own values win."""
    mc, tot, act = u.mc, meta["tot"], meta["act"]
    # sizes: the file's own wins; the shipped active count goes with the shipped total only
    own_total = np.isfinite(tot)
    tot = np.where(own_total, tot, ship.col("total_params_b", float)[mc])
    act = np.where(np.isfinite(act) | own_total, act, ship.col("active_params_b", float)[mc])
    over = act > tot
    if over.any():
        i = int(np.flatnonzero(over)[0])
        raise ParamsParseError(
            f"{u.shown}: active params ({act[i]:g}B) exceed total ({tot[i]:g}B) for model "
            f"{escape(u.models.iloc[i])!r}; check the columns are not swapped")
    rd = meta["rd"]
    rd = np.where(np.isnat(rd), ship.col("release_date", "datetime64[ns]")[mc], rd)
    ow = meta["open_weights"]
    ow = np.where(np.isnan(ow), ship.flag("open_weights")[mc] if len(mc) else ow, ow)
    ow = _open_weights(ow, tot, open_weights, notes)
    rs = meta["reasoning"]
    rs = np.where(np.isnan(rs), ship.flag("reasoning")[mc] if len(mc) else rs, rs)
    rs = np.nan_to_num(rs, nan=0.0).astype(bool)
    th = np.where(np.isnan(meta["thinking"]), rs, meta["thinking"]).astype(bool)
    return {"tot": tot, "act": act, "rd": rd, "ow": ow, "rs": rs, "th": th,
            "extras": meta["extras"]}


def _text_columns(u: _Used, ship: _Shipped, label: str) -> dict[str, pd.Categorical]:
    """The text columns: the input's value, else the shipped one, else a default."""
    ids = ship.id_or_name
    model = categorical(ids, u.cell_m) if len(ids) else pd.Categorical([])

    def text(name: str, per_model: np.ndarray | None, fill: str | np.ndarray) -> pd.Categorical:
        c = find_col(u.cols, (name,))
        if per_model is None:
            per_model = np.full(len(u.mnames), None, dtype=object)
        fill_u = fill if isinstance(fill, np.ndarray) else np.full(len(u.mnames), fill, dtype=object)
        model_vals = np.where(pd.isna(per_model) | (per_model == ""), fill_u, per_model)
        if c is None:
            if np.array_equal(model_vals, ids):
                return model  # e.g. family and weights of unshipped models: their ids
            return categorical(model_vals, u.cell_m)
        codes, vals = _text_codes(u.col(c))
        own = np.array([*vals, None], dtype=object)[codes]  # per used row
        row_codes = np.where(pd.isna(own), len(vals) + u.mc, np.maximum(codes, 0))
        values = [*(v if v is not None else "" for v in vals), *model_vals]
        return categorical(values, row_codes[u.ri])

    return {"model": model, "developer": text("developer", ship.col("developer"), "unknown"),
            "family": text("family", ship.col("family"), ids),
            "weights": text("weights", ship.col("weights"), ids),
            "arch": text("arch", ship.col("arch"), ""), "effort": text("effort", None, ""),
            "variant": text("variant", None, ""), "source": text("source", None, label),
            "note": text("note", None, "")}


def _key_codes(long: pd.DataFrame) -> np.ndarray:
    """One int64 per row that is equal exactly when the rows' KEYS are equal."""
    parts = []
    for k in KEYS:
        col = long[k]
        c = (col.cat.codes.to_numpy() if isinstance(col.dtype, pd.CategoricalDtype)
             else pd.factorize(col)[0])
        parts.append(np.asarray(c, dtype=np.int64) + 1)  # -1 (missing) becomes 0
    sizes = [int(p.max()) + 1 if len(p) else 1 for p in parts]
    if float(np.prod([float(x) for x in sizes])) >= 2.0 ** 62:  # pragma: no cover - huge keys
        return pd.factorize(pd.MultiIndex.from_arrays(parts))[0].astype(np.int64)
    key = np.zeros(len(long), dtype=np.int64)
    for p, size in zip(parts, sizes):
        key = key * size + p
    return key


def finish(long: pd.DataFrame, report: IngestReport, skips: Skips,
           warn_skips: bool = True) -> pd.DataFrame:
    """Duplicates (identical rows collapse; disagreeing ones are reported), then the frame.

    Parameters
    ----------
    long : pandas.DataFrame
        :func:`assemble`'s rows.
    report : IngestReport
        Receives the conflicts, skipped rows and counts.
    skips : Skips
        Every row skipped so far.
    warn_skips : bool
        Warn when rows were skipped.

    Returns
    -------
    pandas.DataFrame
        The score frame, with the report attached.
    """
    conflicts = pd.DataFrame()
    key = pd.Series(_key_codes(long))
    dup = key.duplicated(keep=False).to_numpy()
    if dup.any():
        score = long["score"].to_numpy()[dup]
        nun = pd.Series(score).groupby(key.to_numpy()[dup]).transform("nunique").to_numpy()
        differing = np.zeros(len(long), bool)
        differing[np.flatnonzero(dup)] = nun > 1
        later = key.duplicated(keep="first").to_numpy()
        reasons = np.array(["exact duplicate of an earlier row",
                            "duplicate of an earlier row with a different score (kept the "
                            "first; see report.conflicts)"], dtype=object)
        skips.add(long["_row"].to_numpy()[later], long["model"].to_numpy(dtype=object)[later],
                  long["benchmark"].to_numpy(dtype=object)[later],
                  reasons[differing[later].astype(np.int64)])
        if differing.any():
            sub = long.loc[differing, [*KEYS, "score"]].astype(
                {k: object for k in KEYS if k != "thinking"})
            g = sub.groupby(KEYS, sort=False)["score"].agg(list).reset_index()
            conflicts = g.rename(columns={"score": "scores"})[["model", "benchmark", "variant",
                                                              "scores"]]
            conflicts["action"] = "kept the first row"
        long = long[~later]
    report.conflicts = conflicts
    report.skipped = skips.frame()
    cols = SCORE_COLUMNS + [c for c in EXTRA_COLUMNS if c in long.columns]
    out = long[cols].reset_index(drop=True)
    if dup.any():
        for c in TEXT_COLUMNS:
            out[c] = out[c].cat.remove_unused_categories()
    report.n_loaded = len(out)
    return attach(out, report, warn_skips)
