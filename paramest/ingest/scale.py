"""Score scales: percent or fraction, detected when unambiguous and always reported."""

from __future__ import annotations

import numpy as np

from ..errors import InputError, ScoreScaleError

__all__ = ["apply_scale", "detect_scale"]


def detect_scale(values: np.ndarray, scale: str, what: str) -> float:
    """Divisor that turns the values into fractions (1 or 100).

    ``"auto"`` returns 100 when some value exceeds 1 and none lies in (0, 1], 1 when all
    values lie in [0, 1], and raises :class:`ScoreScaleError` when the two are mixed.

    Parameters
    ----------
    values : array-like of float
        Raw scores; values that are not finite are ignored.
    scale : {"auto", "fraction", "percent"}
        The scale to check, or ``"auto"`` to detect it.
    what : str
        How to name the values in error messages.

    Returns
    -------
    float
        1.0 (fractions; also for no finite value) or 100.0 (percents).

    Raises
    ------
    InputError
        ``scale`` is not one of the three.
    ScoreScaleError
        Values outside [0, 1] for ``"fraction"``, outside [0, 100] for ``"percent"``, or,
        for ``"auto"``, outside [0, 100] or a mix that could be either scale.

    Examples
    --------
    >>> detect_scale(np.array([45.0, 80.0]), "auto", "x.csv")
    100.0
    """
    if scale not in ("auto", "fraction", "percent"):
        raise InputError(f"scale must be 'auto', 'fraction' or 'percent', not {scale!r}")
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
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
            f"and {len(small)} lie in (0, 1]. Pass scale='percent' or scale='fraction', or "
            "mark percent columns with '%' in the header (e.g. 'SimpleQA (%)').")
    return 100.0


def apply_scale(vals: np.ndarray, known_pct: np.ndarray, cellpct: np.ndarray, scale: str,
                 label: str, notes: list[str]) -> np.ndarray:
    """Fractions from raw values; every assumption is a note.

    Parameters
    ----------
    vals : numpy.ndarray of float
        Raw scores.
    known_pct : numpy.ndarray of bool
        Scores marked as percent (a ``%`` in the cell or the header).
    cellpct : numpy.ndarray of bool
        Scores written with a percent sign.
    scale : {"auto", "fraction", "percent"}
        The user's ``scale=``.
    label : str
        The input's name.
    notes : list of str
        Receives the scale decisions.

    Returns
    -------
    numpy.ndarray of float
        Fractions.

    Raises
    ------
    ScoreScaleError
        Percent-marked and plain scores mixed under ``"auto"``, marked scores under
        ``"fraction"``, or values outside the scale.

    Examples
    --------
    >>> v = np.array([45.0, 30.0])
    >>> apply_scale(v, np.array([True, False]), np.array([True, False]), "percent", "x", [])
    array([0.45, 0.3 ])
    """
    out = vals.astype(float).copy()
    if scale == "auto" and cellpct.any() and (~known_pct).any():
        plain = vals[~known_pct]
        raise ScoreScaleError(
            f"{label}: {int(cellpct.sum())} score(s) have a percent sign and {len(plain)} do not "
            f"(e.g. {plain[0]:g}), so the scale of those is unclear. Write all scores the same "
            "way, or pass scale='percent' (or scale='fraction' after removing the signs).")
    if cellpct.any():
        notes.append(f"{int(cellpct.sum())} score(s) written with a percent sign read "
                            "as percent")
    if known_pct.any():
        if scale == "fraction":
            raise ScoreScaleError(f"{label}: scale='fraction', but some scores are marked as "
                                  "percent (a '%' in the cell or the header); drop scale= or the '%'")
        p = vals[known_pct]
        if p.min() < 0 or p.max() > 100:
            raise ScoreScaleError(f"{label}: percent scores must lie in [0, 100]; got "
                                  f"{p.min():g}..{p.max():g}")
        out[known_pct] = p / 100
    rest = ~known_pct
    if rest.any():
        r = vals[rest]
        div = detect_scale(r, scale, label)
        out[rest] = r / div
        if scale != "auto":
            notes.append(f"scores read as {scale} (scale={scale!r})")
        elif div == 100.0:
            notes.append(f"scores read as percent (values up to {r.max():g}; divided by 100)")
        else:
            notes.append(
                f"scores read as fractions (all lie in [0, 1], up to {r.max():g}); if they are "
                "percents (e.g. 0.5 meaning 0.5%), pass scale='percent' or put '%' in the header")
    return out
