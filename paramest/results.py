"""Results as data: every result object is written to JSON and read back with its schema.

A file holds ``{"schema": "<kind>", "schema_version": N, "paramest": "<version>",
"result": {...}}``, where ``result`` is the object's ``to_dict()``. :func:`load_result`
reads any of them back into its class (:class:`~paramest.SizeEstimate`,
:class:`~paramest.CurveFit`, :class:`~paramest.Calibration`,
:class:`~paramest.ValidationResult`, :class:`~paramest.GateResult`); a result compares
equal to itself after the round trip.
"""

from __future__ import annotations

import json
from importlib import import_module
from pathlib import Path
from typing import Any

from .errors import FileFormatError, InputError
from .units import to_json_safe

__all__ = ["RESULT_KINDS", "SCHEMA_VERSIONS", "ResultIO", "load_result", "result_document",
           "save_result"]

# kind -> (module, class): where each result class lives (imported when a file is read)
RESULT_KINDS = {
    "SizeEstimate": ("paramest.inversion", "SizeEstimate"),
    "CurveFit": ("paramest.regression", "CurveFit"),
    "Calibration": ("paramest.regression", "Calibration"),
    "ValidationResult": ("paramest.validation", "ValidationResult"),
    "GateResult": ("paramest.validation", "GateResult"),
}
# the version of each kind's dict layout; a reader refuses a newer one it does not know
SCHEMA_VERSIONS = {"SizeEstimate": 2, "CurveFit": 1, "Calibration": 1, "ValidationResult": 1,
                   "GateResult": 1}


def result_document(obj: Any) -> dict[str, Any]:
    """The JSON document of a result object: schema, version and ``to_dict()``.

    Parameters
    ----------
    obj : SizeEstimate, CurveFit, Calibration, ValidationResult or GateResult

    Returns
    -------
    dict
        ``schema, schema_version, paramest, result``; JSON-safe.

    Raises
    ------
    InputError
        ``obj`` is not a result object.

    Examples
    --------
    >>> import paramest as pe
    >>> doc = result_document(pe.estimate_size({"simpleqa": 0.3}))  # doctest: +SKIP
    >>> doc["schema"]                                               # doctest: +SKIP
    'SizeEstimate'
    """
    kind = type(obj).__name__
    if kind not in RESULT_KINDS:
        raise InputError(f"{kind} is not a paramest result; results are {sorted(RESULT_KINDS)}")
    from . import __version__

    return {"schema": kind, "schema_version": SCHEMA_VERSIONS[kind], "paramest": __version__,
            "result": to_json_safe(obj.to_dict(), digits=17)}


def save_result(obj: Any, path: str | Path) -> Path:
    """Write a result object to a JSON file (:func:`result_document`).

    Parameters
    ----------
    obj : SizeEstimate, CurveFit, Calibration, ValidationResult or GateResult
    path : str or pathlib.Path
        File to write (overwritten).

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    InputError
        ``obj`` is not a result object.
    """
    p = Path(path)
    p.write_text(json.dumps(result_document(obj), indent=1, allow_nan=False), encoding="utf-8")
    return p


def load_result(path: str | Path, expect: str | None = None) -> Any:
    """Read a result object back from a file written by :func:`save_result`.

    Parameters
    ----------
    path : str or pathlib.Path
        A JSON file written by ``save()`` / :func:`save_result`.
    expect : str, optional
        The kind the caller wants (``"SizeEstimate"``, ...): another kind raises.

    Returns
    -------
    object
        An instance of the class the file names.

    Raises
    ------
    FileFormatError
        Not a paramest result file, a kind other than ``expect``, or a schema version newer
        than this paramest reads.
    """
    p = Path(path)
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise FileFormatError(f"{p}: not a paramest result file ({e})") from e
    if not isinstance(doc, dict) or doc.get("schema") not in RESULT_KINDS or "result" not in doc:
        raise FileFormatError(f"{p}: not a paramest result file (no known 'schema' and "
                              "'result'); write one with .save(path)")
    kind = doc["schema"]
    if expect is not None and kind != expect:
        raise FileFormatError(f"{p} holds a {kind}, not a {expect}; read it with "
                              f"paramest.load_result() or {kind}.load()")
    version = doc.get("schema_version")
    if not isinstance(version, int) or version > SCHEMA_VERSIONS[kind]:
        raise FileFormatError(f"{p}: {kind} schema version {version!r} is newer than this "
                              f"paramest reads ({SCHEMA_VERSIONS[kind]}); upgrade paramest")
    module, name = RESULT_KINDS[kind]
    cls = getattr(import_module(module), name)
    return cls.from_dict(doc["result"])


class ResultIO:
    """Equality by content and JSON files with a schema version, for the result objects.

    A result class mixes this in and gives ``to_dict()`` and ``from_dict()``; its class name is
    its kind in :data:`RESULT_KINDS`. ``_eq_dict()`` is what equality compares (default: the
    whole :meth:`to_dict`).
    """

    def _eq_dict(self) -> dict:
        return self.to_dict()  # type: ignore[attr-defined]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, type(self)):
            return NotImplemented
        return self._eq_dict() == other._eq_dict()

    __hash__ = None  # mutable, compared by value

    def save(self, path: str | Path) -> Path:
        """Write the result to a JSON file with its schema version (:func:`save_result`).

        Parameters
        ----------
        path : str or pathlib.Path

        Returns
        -------
        pathlib.Path
        """
        return save_result(self, path)

    @classmethod
    def load(cls, path: str | Path) -> Any:
        """Read a result of this class written by :meth:`save`.

        Parameters
        ----------
        path : str or pathlib.Path

        Returns
        -------
        object
            An instance of this class.

        Raises
        ------
        FileFormatError
            Not a saved result of this class.
        """
        return load_result(path, expect=cls.__name__)
