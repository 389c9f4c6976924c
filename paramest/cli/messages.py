"""Library messages in command-line words.

The library's errors and warnings give Python advice (``paramest.register_benchmark(...)``,
``pass data=``, ``min_models=``). On the command line the same advice names the flag to
use (``--new-benchmark ID,chance=..``, ``--data FILE``, ``--min-models N``):
:func:`cli_message` rewrites one into the other, at the boundary, so that the library keeps
one set of messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["REWRITES", "cli_message", "python_advice"]

_NEW_BENCH = "--new-benchmark {id},chance=C,n_questions=N"


def _register(m: re.Match) -> str:
    args = m.group("args") or ""
    first = re.match(r"\s*(['\"])(?P<id>[^'\"]*)\1", args)
    return _NEW_BENCH.format(id=first.group("id") if first else "ID")


# (pattern, replacement): applied in order. Each names a Python call or keyword and the
# flag that does the same on the command line.
REWRITES: tuple[tuple[re.Pattern, str | Callable[[re.Match], str]], ...] = (
    (re.compile(r"paramest\.register_benchmark\((?P<args>[^()]*)\)"), _register),
    (re.compile(r"paramest\.list_benchmarks\(\)"), "'paramest benchmarks'"),
    (re.compile(r"paramest\.load_benchmarks\(\)"), "'paramest benchmarks'"),
    (re.compile(r"paramest\.load_models\(\)"), "'paramest models'"),
    (re.compile(r"paramest\.list_datasets\(\)"), "'paramest datasets'"),
    (re.compile(r"paramest\.data_version\(\)"), "'paramest datasets'"),
    (re.compile(r"pass its scores as a dict"), "give its scores with --score BENCH=SCORE"),
    (re.compile(r"(?:pass )?data= with its rows \(paramest\.read_scores\)"),
     "--data FILE with its rows"),
    (re.compile(r"\(paramest\.read_scores \+ data=\)"), "(--data FILE)"),
    (re.compile(r"read the file with paramest\.read_scores\(\)"),
     "give the file with --data FILE"),
    (re.compile(r"(?:paramest\.)?estimate_sizes\(\w*\)"), "paramest estimate --all-closed"),
    (re.compile(r"paramest\.(?:read_scores|combine)\(\)"), "--data FILE"),
    (re.compile(r"\bbenchmark='\.\.\.' \(e\.g\. benchmark='(\w+)'\)"), r"--benchmark ID (e.g. --benchmark \1)"),
    (re.compile(r"\bmin_models\s*=(?:\s*(\d+|N|\.\.\.))?"),
     lambda m: "--min-models " + (m.group(1) if m.group(1) and m.group(1) != "..." else "N")),
    (re.compile(r"\bdata=(?:\.\.\.)?"), "--data FILE"),
    (re.compile(r"\bbenchmarks=\[[^\]]*\]"), "--benchmarks LIST"),
    (re.compile(r"\b(level|form|benchmarks|scale|encoding|format)=(['\"]?)([\w.]+)\2"),
     lambda m: f"--{m.group(1)} {m.group(3)}"),
    (re.compile(r"\bmodel='\.\.\.'"), "--model NAME"),
    (re.compile(r"see df\.attrs\['report'\]"), "run 'paramest ingest FILE' for the full report"),
)

# "N calibration units (fewer than 8)": the refusal, without its override
_FEWER = re.compile(r"(\d+) calibration units \(fewer than (\d+)\)")
# What Python advice looks like: a call of a paramest function, or a keyword argument.
_PYTHON = re.compile(r"paramest\.\w+\(|\b[a-z_]+=(?:'|\"|\d|\.\.\.|\{|\[)")


def cli_message(text: str) -> str:
    """``text`` with Python advice replaced by the command-line flag that does the same.

    Parameters
    ----------
    text : str
        A message of a paramest error or warning.

    Returns
    -------
    str

    Examples
    --------
    >>> cli_message("unknown benchmark 'bear': declare it with "
    ...             "paramest.register_benchmark('bear', kind=..., chance=..., n_questions=...)")
    "unknown benchmark 'bear': declare it with --new-benchmark bear,chance=C,n_questions=N"
    >>> cli_message("simpleqa-verified not used: 3 calibration units (fewer than 8)")
    'simpleqa-verified not used: 3 calibration units (fewer than 8; --min-models 3 lowers the threshold)'
    """
    out = str(text)
    for pattern, repl in REWRITES:
        out = pattern.sub(repl, out)
    if "--min-models" not in out:
        out = _FEWER.sub(lambda m: f"{m.group(1)} calibration units (fewer than {m.group(2)}; "
                         f"--min-models {m.group(1)} lowers the threshold)", out)
    return out


def python_advice(text: str) -> list[str]:
    """The bits of ``text`` that look like Python advice (a test checks there are none).

    Parameters
    ----------
    text : str

    Returns
    -------
    list of str
        Each match of a ``paramest.<name>(`` call or a ``keyword=`` argument.

    Examples
    --------
    >>> python_advice("pass min_models=3 to paramest.estimate_size(...)")
    ['min_models=3', 'paramest.estimate_size(']
    >>> python_advice("use --min-models 3 or --new-benchmark bear,chance=0")
    []
    """
    flags_removed = re.sub(r"--[\w-]+(?:[ =]\S+)?", "", text)  # a flag's own value= is fine
    return [m.group(0) for m in _PYTHON.finditer(flags_removed)]
