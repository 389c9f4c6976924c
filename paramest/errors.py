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
    |   |   +-- AmbiguousModelError         a name that matches two or more distinct models
    |   +-- ParamsParseError                "8x7B", "abc", "-5B", active > total
    |   +-- DateParseError                  unparseable or future release date
    |   +-- FileFormatError                 empty, truncated or invalid file; wrong columns
    |   +-- ConflictError                   duplicate rows that disagree
    +-- FitError (ValueError)               too few models, one distinct size, no fit
    |   +-- ConvergenceError                the optimiser did not converge
    +-- DataIntegrityError                  a shipped file is damaged: reinstall

Warnings (:mod:`warnings`), one class per kind so that each can be filtered::

    ParamestWarning (UserWarning)
    +-- ExtrapolationWarning        beyond the calibration range, open interval
    +-- CurveFormWarning            the answer rests on the curve form
    +-- InformativeRangeWarning     a benchmark used above the sizes where it tracks size
    +-- DisclosedSizeWarning        a published or stated size outside the interval
    +-- UndertrainedWarning         an under-trained or pre-calibration model
    +-- EvidenceConflictWarning     benchmarks that disagree
    +-- ReasoningDisagreementWarning reasoning benchmarks put the model far larger
    +-- FamilyOrderWarning          a lower tier estimated above its higher tier
    +-- RecalibrationWarning        an interval that is not recalibrated
    +-- ScoreRangeWarning           a score below chance or above every calibration score
    +-- FitWarning                  a curve with too few units or a slope not clearly positive
    +-- IngestWarning               something a reader assumed that you must act on
"""

from __future__ import annotations

__all__ = [
    "AmbiguousModelError",
    "ConflictError",
    "ConvergenceError",
    "CurveFormWarning",
    "DataIntegrityError",
    "DisclosedSizeWarning",
    "EvidenceConflictWarning",
    "ExtrapolationWarning",
    "FamilyOrderWarning",
    "FitWarning",
    "InformativeRangeWarning",
    "IngestWarning",
    "ParamestWarning",
    "ReasoningDisagreementWarning",
    "RecalibrationWarning",
    "ScoreRangeWarning",
    "UndertrainedWarning",
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


class AmbiguousModelError(UnknownModelError):
    """A model name that matches two or more distinct models once case and punctuation are ignored.

    Raised instead of picking one (``acme-1`` and ``acme1`` in the same data are two models);
    the message lists every candidate. A subclass of :class:`UnknownModelError`, so code
    that handles an unknown name handles this too.
    """


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


class DataIntegrityError(ParamestError):
    """A file shipped with paramest is missing or damaged: reinstall the package."""


class ParamestWarning(UserWarning):
    """Base class of paramest's warnings (filter them all with this class)."""


class ExtrapolationWarning(ParamestWarning):
    """An estimate beyond the calibration range, or an interval the data do not bound."""


class CurveFormWarning(ParamestWarning):
    """Another curve form's estimate falls outside the interval."""


class InformativeRangeWarning(ParamestWarning):
    """An estimate rests on a benchmark above the sizes where it still tracks size."""


class DisclosedSizeWarning(ParamestWarning):
    """A published or stated size lies outside the interval."""


class UndertrainedWarning(ParamestWarning):
    """The model was trained on fewer tokens per parameter than the calibration covers."""


class EvidenceConflictWarning(ParamestWarning):
    """A model's benchmarks disagree more than their scatter allows."""


class ReasoningDisagreementWarning(ParamestWarning):
    """Reasoning benchmarks put the model much larger than its knowledge scores do."""


class FamilyOrderWarning(ParamestWarning):
    """A lower tier of one generation is estimated above its higher tier."""


class RecalibrationWarning(ParamestWarning):
    """An interval is the raw posterior's, not recalibrated on held-out models."""


class ScoreRangeWarning(ParamestWarning):
    """A score below the benchmark's chance level or above every calibration model's."""


class FitWarning(ParamestWarning):
    """A fitted curve with too few units for estimates, or a slope that is not clearly positive."""


class IngestWarning(ParamestWarning):
    """Something a reader assumed or skipped that the user must act on."""
