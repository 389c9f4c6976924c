"""Flags: what an estimate or a fit wants its reader to know, as data.

A :class:`Flag` has a stable ``code`` (filter on it), a ``severity`` (``"info"`` or
``"warning"``), a ``message`` in plain words (``str(flag)``) and, where there is one, the
``value`` it is about (a dex distance, a p-value, a size). Printed text is made from the
flags, never the other way round.

Every warning-level flag is also issued through :mod:`warnings` with a paramest warning
class of its kind (:data:`FLAG_CODES`), so that users can filter it::

    import warnings, paramest as pe
    warnings.simplefilter("ignore", pe.ExtrapolationWarning)
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import (
    CurveFormWarning,
    DisclosedSizeWarning,
    EvidenceConflictWarning,
    ExtrapolationWarning,
    FamilyOrderWarning,
    FitWarning,
    InformativeRangeWarning,
    InputError,
    ParamestWarning,
    ReasoningDisagreementWarning,
    RecalibrationWarning,
    ScoreRangeWarning,
    UndertrainedWarning,
)

__all__ = ["FLAG_CODES", "SEVERITIES", "Flag", "emit", "flag_codes", "make_flag"]

SEVERITIES = ("info", "warning")

# code -> (default severity, warning class, what it means). The one place a flag's kind is decided.
FLAG_CODES: dict[str, tuple[str, type[ParamestWarning], str]] = {
    "benchmark-unused": ("info", FitWarning,
                         "a benchmark of the model has no usable curve and was left out"),
    "below-chance": ("warning", ScoreRangeWarning,
                     "a score is below the benchmark's chance level: the lower end is open"),
    "above-calibration": ("info", ScoreRangeWarning,
                          "a score is above every calibration model's score on that benchmark"),
    "inconsistent-benchmarks": ("warning", EvidenceConflictWarning,
                                "the benchmarks disagree more than their scatter allows"),
    "rests-on-form": ("warning", CurveFormWarning,
                      "another curve form's estimate falls outside the interval"),
    "extrapolation": ("info", ExtrapolationWarning,
                      "the estimate lies beyond the largest (or below the smallest) calibration model"),
    "no-finite-estimate": ("warning", ExtrapolationWarning,
                           "the score lies beyond where the curve goes"),
    "open-interval": ("info", ExtrapolationWarning,
                      "the data do not bound the interval on one side"),
    "not-recalibrated": ("warning", RecalibrationWarning,
                         "the interval is the raw posterior's, not recalibrated on held-out models"),
    "pre-calibration-vintage": ("warning", UndertrainedWarning,
                                "released before most calibration models"),
    "undertrained": ("warning", UndertrainedWarning,
                     "trained on far fewer tokens per parameter than the calibration models"),
    "disclosed-contradiction": ("warning", DisclosedSizeWarning,
                                "a published or stated size lies outside the interval"),
    "refusal": ("info", ScoreRangeWarning,
                "the model refused questions; the refusal-adjusted estimate is reported beside"),
    "beyond-informative-range": ("warning", InformativeRangeWarning,
                                 "the estimate rests on a benchmark above the sizes where it still "
                                 "tracks size"),
    "knowledge-below-reasoning": ("warning", ReasoningDisagreementWarning,
                                  "reasoning benchmarks put the model much larger than its knowledge "
                                  "scores do"),
    "family-order": ("warning", FamilyOrderWarning,
                     "a lower tier of one generation is estimated above its higher tier"),
    "reasoning-block": ("info", ParamestWarning,
                        "reasoning benchmarks were used (in range only)"),
    "low-end-shape": ("info", ParamestWarning,
                      "the low-end shape of a curve was used (small model)"),
}


@dataclass(frozen=True)
class Flag:
    """One thing an estimate wants its reader to know.

    Parameters
    ----------
    code : str
        Stable identifier (a key of :data:`FLAG_CODES`), e.g. ``"extrapolation"``.
    severity : {"info", "warning"}
        ``"warning"`` flags are also issued through :mod:`warnings`.
    message : str
        Plain words; ``str(flag)`` gives it.
    value : float or str, optional
        The number or name the flag is about, when there is one.

    Examples
    --------
    >>> f = make_flag("extrapolation", "extrapolated 1.2 dex beyond 2.8T", value=1.2)
    >>> f.code, f.severity, str(f)
    ('extrapolation', 'info', 'extrapolated 1.2 dex beyond 2.8T')
    """

    code: str
    severity: str
    message: str
    value: float | str | None = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise InputError(f"flag severity must be one of {SEVERITIES}, not {self.severity!r}")

    def __str__(self) -> str:
        return self.message

    @property
    def warning_class(self) -> type[ParamestWarning]:
        """The paramest warning class of this flag's kind (:data:`FLAG_CODES`)."""
        return FLAG_CODES.get(self.code, ("info", ParamestWarning, ""))[1]

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict: ``code, severity, message, value``.

        Returns
        -------
        dict
            The four fields (``value`` None when absent).

        Examples
        --------
        >>> make_flag("open-interval", "unbounded above").to_dict()["code"]
        'open-interval'
        """
        return {"code": self.code, "severity": self.severity, "message": self.message,
                "value": self.value}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | str) -> Flag:
        """Read a flag back from :meth:`to_dict` output (a bare string reads as an info flag).

        Parameters
        ----------
        d : dict or str
            The output of :meth:`to_dict`.

        Returns
        -------
        Flag

        Raises
        ------
        InputError
            ``d`` lacks ``code`` or ``message``.

        Examples
        --------
        >>> f = make_flag("open-interval", "unbounded above")
        >>> Flag.from_dict(f.to_dict()) == f
        True
        """
        if isinstance(d, str):
            return cls("note", "info", d)
        try:
            return cls(str(d["code"]), str(d.get("severity", "info")), str(d["message"]), d.get("value"))
        except (KeyError, TypeError) as e:
            raise InputError(f"not a flag dict ({e}); pass the output of Flag.to_dict()") from e


def make_flag(code: str, message: str, value: float | str | None = None,
              severity: str | None = None) -> Flag:
    """A :class:`Flag` of a known kind, with the kind's default severity.

    Parameters
    ----------
    code : str
        A key of :data:`FLAG_CODES`.
    message : str
        Plain words.
    value : float or str, optional
        What the flag is about.
    severity : {"info", "warning"}, optional
        Overrides the kind's default (e.g. a small extrapolation is ``info``, a large one
        ``warning``).

    Returns
    -------
    Flag

    Raises
    ------
    InputError
        ``code`` is not a known kind.

    Examples
    --------
    >>> make_flag("rests-on-form", "linear 4T is outside 1T-2T").severity
    'warning'
    """
    if code not in FLAG_CODES:
        raise InputError(f"unknown flag code {code!r}; known: {sorted(FLAG_CODES)}")
    return Flag(code, severity or FLAG_CODES[code][0], message, value)


def flag_codes(flags: Iterable[Flag]) -> list[str]:
    """The codes of ``flags``, in order, once each.

    Parameters
    ----------
    flags : iterable of Flag

    Returns
    -------
    list of str

    Examples
    --------
    >>> flag_codes([make_flag("open-interval", "a"), make_flag("open-interval", "b")])
    ['open-interval']
    """
    return list(dict.fromkeys(f.code for f in flags))


def emit(flags: Iterable[Flag], *, subject: str = "", stacklevel: int = 3) -> None:
    """Issue every warning-level flag through :mod:`warnings`, with its kind's class.

    Parameters
    ----------
    flags : iterable of Flag
    subject : str
        Prefix of each warning's text (the model's name), so that two models' warnings
        differ.
    stacklevel : int
        Passed to :func:`warnings.warn`: the default points at the caller of the public
        function that called this.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     emit([make_flag("rests-on-form", "rests on the curve form")], subject="m")
    >>> [str(x.message) for x in w]
    ['m: rests on the curve form']
    """
    for f in flags:
        if f.severity == "warning":
            text = f"{subject}: {f.message}" if subject else f.message
            warnings.warn(text, f.warning_class, stacklevel=stacklevel)
