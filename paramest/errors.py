"""Exceptions raised by paramest.

Every error subclasses :class:`ParamestError`; those about bad input also subclass
:class:`ValueError`, so ``except ValueError`` keeps working. Messages say what was wrong
and how to fix it.

Hierarchy::

    ParamestError
    +-- InputError (ValueError)            bad argument or data
    |   +-- ScoreScaleError                 percent vs fraction, out of range, NaN
    |   +-- UnknownBenchmarkError           benchmark id not known
    |   +-- UnknownModelError               model name not found (suggests close matches)
    |   +-- ParamsParseError                "8x7B", "abc", "-5B", active > total
    |   +-- DateParseError                  unparseable or future release date
    |   +-- FileFormatError                 empty, truncated or invalid file; wrong columns
    |   +-- ConflictError                   duplicate rows that disagree
    +-- FitError (ValueError)               too few models, one distinct size, no fit
        +-- ConvergenceError                the optimiser did not converge
"""

from __future__ import annotations

__all__ = [
    "ConflictError",
    "ConvergenceError",
    "DateParseError",
    "FileFormatError",
    "FitError",
    "InputError",
    "ParamestError",
    "ParamsParseError",
    "ScoreScaleError",
    "UnknownBenchmarkError",
    "UnknownModelError",
]


class ParamestError(Exception):
    """Base class of every paramest error."""


class InputError(ParamestError, ValueError):
    """An argument or a data file is not valid."""


class ScoreScaleError(InputError):
    """Scores are not fractions in [0, 1], or their scale (percent vs fraction) is ambiguous."""


class UnknownBenchmarkError(InputError):
    """A benchmark id is not in the benchmark table."""


class UnknownModelError(InputError):
    """A model name does not resolve to a shipped model."""


class ParamsParseError(InputError):
    """A parameter count cannot be parsed or is inconsistent."""


class DateParseError(InputError):
    """A release date cannot be parsed or lies in the future."""


class FileFormatError(InputError):
    """A file is empty, truncated, not valid CSV/JSON/Parquet, or lacks required columns."""


class ConflictError(InputError):
    """Rows for the same model and benchmark disagree and no rule can pick one."""


class FitError(ParamestError, ValueError):
    """A curve cannot be fitted: too few models, a single distinct size, or no convergence."""


class ConvergenceError(FitError):
    """The likelihood optimiser did not converge: the fit is not trustworthy.

    Raised by :meth:`paramest.CurveFit.fit` rather than returning a silent bad fit. Try
    ``likelihood="normal"`` or ``form="linear"``, or add calibration models.
    """
