""":func:`combine`: user rows added to the shipped ones, every replacement reported.

Frames built by hand reach :func:`combine` too, so it reads their yes/no columns the way
the readers do: booleans as they are, text only by an explicit map (``"False"`` is
false, ``"maybe"`` raises), never by truthiness.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from ..errors import FileFormatError, InputError
from .assemble import KEYS, TEXT_COLUMNS
from .cells import parse_bools
from .files import check_columns
from .report import SKIP_COLUMNS, IngestReport, escape, escaped_errors
from .shipped import load_scores
from .tables import SCORE_COLUMNS, validate_scores

__all__ = ["combine"]

_FLAGS = ("open_weights", "reasoning", "thinking")


def _flags(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Yes/no columns as booleans: an explicit map of text, or an error (never truthiness)."""
    for c in _FLAGS:
        if c not in frame.columns or pd.api.types.is_bool_dtype(frame[c]) and not isinstance(
                frame[c].dtype, pd.CategoricalDtype):
            continue
        col = frame[c]
        v = parse_bools(col, c, "combine: user data", frame["model"].reset_index(drop=True))
        if np.isnan(v).any():
            raise InputError(f"combine: user data: column {c!r} has {int(np.isnan(v).sum())} "
                             "empty value(s); give true or false for every row (or read the "
                             "file with paramest.read_scores(), which fills them in)")
        frame[c] = v.astype(bool)
        if any(isinstance(x, str) for x in pd.unique(col.astype(object))):
            notes.append(f"combine: column {c!r} held text; read by an explicit map "
                         "(true/false, yes/no, 1/0), not by truthiness")
    return frame


def _defaults(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Missing SCORE_COLUMNS filled with neutral values; yes/no columns read explicitly."""
    fill = {"total_params_b": np.nan, "active_params_b": np.nan, "release_date": pd.NaT,
            "open_weights": False, "reasoning": False, "thinking": False}
    out = frame.copy()
    out.attrs = {}
    for c in SCORE_COLUMNS:
        if c not in out.columns:
            out[c] = fill.get(c, "")
    model = out["model"].astype(str)
    if "weights" in frame.columns:
        w = out["weights"].astype(object)
        blank = w.isna() | (w.astype(str).str.strip() == "")
        out["weights"] = w.where(~blank, model).astype(str)
    else:
        out["weights"] = model
    return _flags(out, notes)


def _stack(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """Frames one after the other; text columns stay categoricals (their categories merged)."""
    parts = [f.reindex(columns=columns) for f in frames]
    out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)
    for c in TEXT_COLUMNS:
        if c not in columns:
            continue
        cols = [p[c] for p in parts]
        if any(isinstance(x.dtype, pd.CategoricalDtype) for x in cols):
            cats = [_as_text_categorical(x) for x in cols]
            out[c] = pd.Series(union_categoricals(cats, sort_categories=True), index=out.index)
    return out


def _as_text_categorical(x: pd.Series) -> pd.Categorical:
    """A column as a categorical of strings (missing values stay missing)."""
    if isinstance(x.dtype, pd.CategoricalDtype):
        cat = x.array
    else:
        obj = x.astype(object)
        cat = pd.Categorical(obj.where(obj.isna(), obj.astype(str)))
    cats = cat.categories
    if not pd.api.types.is_string_dtype(cats) or pd.api.types.is_object_dtype(cats):
        cat = cat.rename_categories(pd.Index([str(v) for v in cats], dtype="str"))
    return cat


@escaped_errors
def combine(user: pd.DataFrame | list[pd.DataFrame], shipped: pd.DataFrame | None = None, *,
            prefer: str = "user") -> pd.DataFrame:
    """Combine user rows with shipped rows (default: :func:`load_scores`).

    Parameters
    ----------
    user : DataFrame or list of DataFrames
        Frames from :func:`read_scores` / :func:`read_lm_eval` (several are stacked), or
        built by hand in the :func:`load_scores` format. Yes/no columns given as text
        (``"True"``/``"False"``, ``yes``/``no``, ``1``/``0``) are read by an explicit map;
        any other text there raises.
    shipped : DataFrame, optional
        The rows to add them to; default :func:`load_scores`.
    prefer : {"user", "shipped"}
        Which side wins where both give a score for the same (model, benchmark). The pairs
        with different scores are listed in ``df.attrs["report"].conflicts`` and the
        losing rows in ``report.skipped`` (``n_in == n_loaded + len(skipped)``).

    Returns
    -------
    pandas.DataFrame
        The kept shipped rows and user rows, with the columns of ``shipped`` followed by
        any extra user columns; text columns are categoricals when a user frame's are.
        ``df.attrs["report"]`` is an :class:`IngestReport` (``source="combine"``) whose
        ``conflicts`` lists the pairs with different scores.

    Raises
    ------
    InputError
        ``user`` is not a DataFrame (or list of them), ``prefer`` is not valid, or a
        yes/no column holds text that is not a yes/no value.
    FileFormatError, ScoreScaleError, ConflictError
        From :func:`paramest.validate_scores` on the user rows.

    Examples
    --------
    >>> import warnings, paramest
    >>> paramest.register_benchmark("factrecall", kind="knowledge", chance=0.0, n_questions=500)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     mine = paramest.read_scores(paramest.example_file("factrecall.csv"))
    >>> both = paramest.combine(mine)
    >>> rep = both.attrs["report"]
    >>> rep.n_in == rep.n_loaded + len(rep.skipped), len(both) >= len(mine)
    (True, True)
    """
    if not isinstance(prefer, str) or prefer not in ("user", "shipped"):
        raise InputError(f"prefer must be 'user' or 'shipped', not {escape(repr(prefer))}")
    frames = user if isinstance(user, (list, tuple)) else [user]
    if not frames:
        raise InputError("combine needs at least one DataFrame of user scores")
    for i, f in enumerate(frames):
        if not isinstance(f, pd.DataFrame):
            where = f" (item {i} of the list)" if isinstance(user, (list, tuple)) else ""
            raise InputError(f"combine expects DataFrames from paramest.read_scores(), not "
                             f"{type(f).__name__}{where}")
        check_columns(f.columns, "combine: user data")
        missing = [c for c in ("model", "benchmark", "score") if c not in f.columns]
        if missing:
            raise FileFormatError(f"combine: user data lacks columns {missing}; "
                                  "read it with paramest.read_scores() first")
    if shipped is None:
        shipped = load_scores()
    elif not isinstance(shipped, pd.DataFrame):
        raise InputError(f"shipped= must be a DataFrame in the load_scores() format, not "
                         f"{type(shipped).__name__}")
    notes: list[str] = []
    filled = [_defaults(f, notes) for f in frames]
    ucols = list(dict.fromkeys(c for f in filled for c in f.columns))
    u = _stack(filled, ucols)
    validate_scores(u, "combine: user data")
    return _merge(u, shipped, prefer, notes)


def _merge(u: pd.DataFrame, shipped: pd.DataFrame, prefer: str, notes: list[str]) -> pd.DataFrame:
    report = IngestReport(source="combine", n_in=len(u) + len(shipped), notes=notes)
    skips = []
    # identical user rows from several frames collapse
    ukeys = [k for k in KEYS if k in u.columns]
    again = u.duplicated(ukeys, keep="first").to_numpy()
    if again.any():
        skips.append(pd.DataFrame({"row": np.flatnonzero(again),
                                   "model": u["model"][again].astype(object),
                                   "benchmark": u["benchmark"][again].astype(object),
                                   "reason": "user row repeated in another frame"}))
        u = u[~again]
    key = ["model", "benchmark"]
    uk = pd.MultiIndex.from_arrays([u[k].astype(str) for k in key])
    sk = pd.MultiIndex.from_arrays([shipped[k].astype(str) for k in key])
    both = pd.DataFrame({"model": uk.get_level_values(0), "benchmark": uk.get_level_values(1),
                         "score_user": u["score"].to_numpy()}).merge(
        pd.DataFrame({"model": sk.get_level_values(0), "benchmark": sk.get_level_values(1),
                      "score_shipped": shipped["score"].to_numpy()}), on=key)
    differ = both[(both["score_user"] - both["score_shipped"]).abs() > 1e-9].copy()
    differ["action"] = f"kept {prefer}"
    if prefer == "user":
        lose = sk.isin(uk)
        skips.append(pd.DataFrame({"row": np.flatnonzero(lose),
                                   "model": shipped["model"][lose].astype(object),
                                   "benchmark": shipped["benchmark"][lose].astype(object),
                                   "reason": "shipped row replaced by the user's (prefer='user')"}))
        parts = [shipped[~lose], u]
    else:
        lose = uk.isin(sk)
        skips.append(pd.DataFrame({"row": np.flatnonzero(lose),
                                   "model": u["model"][lose].astype(object),
                                   "benchmark": u["benchmark"][lose].astype(object),
                                   "reason": "user row replaced by the shipped one "
                                             "(prefer='shipped')"}))
        parts = [shipped, u[~lose]]
    cols = list(shipped.columns) + [c for c in u.columns if c not in shipped.columns]
    out = _stack(parts, cols)
    report.skipped = pd.concat(skips, ignore_index=True)[SKIP_COLUMNS]
    report.conflicts = differ.reset_index(drop=True)
    report.n_loaded = len(out)
    report.notes.append(f"{len(both)} (model, benchmark) pairs in both; {int(lose.sum())} rows "
                        f"replaced ({prefer} preferred); {len(differ)} with different scores")
    if report.n_in != report.n_loaded + len(report.skipped):  # pragma: no cover - a bug
        raise RuntimeError(f"paramest bug: combine's counts do not add up: {report}")
    out.attrs["report"] = report
    return out
