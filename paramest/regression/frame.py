"""The calibration rows of one benchmark: open weights of known size, one per set of weights."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from ..ingest import Evidence, select_variants

__all__ = ["PREDICTOR_COLUMNS", "calibration_frame", "decimal_year"]

PREDICTOR_COLUMNS = {"total": "total_params_b", "active": "active_params_b"}


def decimal_year(d: pd.Series) -> np.ndarray:
    """Dates as decimal years (2025-07-02 -> about 2025.5).

    Parameters
    ----------
    d : pandas.Series
        Dates (anything :func:`pandas.to_datetime` reads).

    Returns
    -------
    numpy.ndarray
    """
    d = pd.to_datetime(d)
    return (d.dt.year + (d.dt.day_of_year - 1) / 365.25).to_numpy(float)


def calibration_frame(
    data: pd.DataFrame | Evidence,
    benchmark: str,
    *,
    predictor: str = "total",
    covariates: Sequence[str] = (),
    exclude: Iterable[str] = (),
    variant_rule: str = "think",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Open-weight rows of known size for one benchmark, one per set of weights.

    Parameters
    ----------
    data : Evidence or pandas.DataFrame
        The checked evidence (:func:`paramest.ingest.as_evidence`), or its score frame.
    benchmark : str
        Canonical benchmark id (not resolved here).
    predictor : {"total", "active"}
        Which count is ``x``. For ``"active"``, a missing active count is taken to be the
        total (a dense model).
    covariates : sequence of str
        Covariate columns to add (``"thinking"``, ``"release_year"``); with
        ``"release_year"``, rows without a release date are dropped.
    exclude : iterable of str
        Model or weights ids to leave out.
    variant_rule : {"think", "nothink", "all"}
        Which setting of a set of weights to keep (:func:`paramest.select_variants`).

    Returns
    -------
    frame : pandas.DataFrame
        The calibration rows, with ``x`` (log10 of the predictor, billions),
        ``row_weight`` (1 / rows kept per set of weights, so each set counts once) and
        the covariate columns.
    dropped : pandas.DataFrame
        Rows of other settings of the same weights, which the variant rule set aside.
    """
    col = PREDICTOR_COLUMNS[predictor]
    dated = "release_year" in covariates
    ex = set(exclude)
    if isinstance(data, Evidence) and data.root is not None and not ex:
        got = _from_root(data, benchmark, predictor, dated, variant_rule)
        if got is not None:
            return _finish(*got, col, covariates)
    s = data.scores if isinstance(data, Evidence) else data
    d = _rows(s, benchmark, predictor, dated)
    if ex:
        w = d["weights"] if "weights" in d else d["model"]
        d = d[~d["model"].isin(ex) & ~w.isin(ex)]
    d, dropped = select_variants(d, rule=variant_rule)
    return _finish(d, dropped, col, covariates)


def _rows(s: pd.DataFrame, benchmark: str, predictor: str, dated: bool) -> pd.DataFrame:
    """Open-weight rows of ``benchmark`` with a positive size (and a date, when ``dated``)."""
    d = s[(s["benchmark"] == benchmark) & s["open_weights"].astype(bool)].copy()
    col = PREDICTOR_COLUMNS[predictor]
    if predictor == "active":
        d["active_params_b"] = d["active_params_b"].fillna(d["total_params_b"])  # dense
    d = d[d[col].notna() & (pd.to_numeric(d[col], errors="coerce") > 0)]
    if dated:
        d = d[d["release_date"].notna()]
    return d


def _from_root(ev: Evidence, benchmark: str, predictor: str, dated: bool,
               rule: str) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The variant rule's choice for a row subset, taken from the choice made once on the
    evidence it was cut from. Exact when the subset keeps all or none of each set of weights'
    rows (the choice within a set then cannot change); None otherwise (compute it directly)."""
    root = ev.root

    def build() -> tuple:
        d = _rows(root.scores.assign(_row=np.arange(len(root.scores))), benchmark, predictor, dated)
        kept, dropped = select_variants(d, rule=rule)
        return d[["_row", "weights"]], kept, dropped

    rows, kept, dropped = root.cached(("calibration rows", benchmark, predictor, dated, rule), build)
    keep = np.zeros(len(root.scores), bool)
    keep[ev.root_rows] = True
    k = keep[rows["_row"].to_numpy()]
    whole = pd.Series(k).groupby(rows["weights"].to_numpy()).agg(["min", "max"])
    if (whole["min"] != whole["max"]).any():
        return None

    def pick(f: pd.DataFrame) -> pd.DataFrame:
        return f[keep[f["_row"].to_numpy()]].drop(columns="_row")

    return pick(kept), pick(dropped)


def _finish(d: pd.DataFrame, dropped: pd.DataFrame, col: str,
            covariates: Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    d = d.copy()
    # every set of weights counts once, however many of its settings are kept
    w = d["weights"]
    d["row_weight"] = 1.0 if w.is_unique else 1.0 / w.map(w.value_counts()).astype(float)
    d["x"] = np.log10(d[col].astype(float))
    if "release_year" in covariates:
        d["release_year"] = decimal_year(d["release_date"])
    if "thinking" in covariates:
        d["thinking"] = d["thinking"].astype(bool).astype(float) if "thinking" in d else 0.0
    return d.reset_index(drop=True), dropped.reset_index(drop=True)
