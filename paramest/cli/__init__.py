"""Command-line interface: ``paramest estimate|fit|compare|validate|benchmarks|datasets|models|ingest``.

Run ``paramest --help`` (or ``python -m paramest --help``) for the commands. Every command
takes ``--json`` for machine-readable output (NaN becomes ``null``); ``estimate``,
``benchmarks``, ``datasets`` and ``models`` also take ``--csv``. Text output fits the
terminal (``COLUMNS``, else the terminal's width, else 100 columns), and control characters
in names and paths are shown escaped, never sent to the terminal. Bad input (an unknown
model or benchmark, a malformed score, an unreadable file) prints one line
``paramest: error: <message>`` to stderr, in command-line words, and exits with status 2.

Examples
--------
>>> from paramest.cli import main
>>> main(["benchmarks", "--csv"])  # doctest: +SKIP
benchmark,name,kind,...
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Sequence
from typing import Any

from ..errors import ParamestError
from .common import Context, UsageError, check_plot_path, register_new_benchmark
from .messages import cli_message
from .parser import PROG, build_parser
from .terminal import Terminal

__all__ = ["build_parser", "main"]


MAX_ERROR_CHARS = 2000  # one line, but not a flood: a message listing every name of a big file


def _fail(message: Any) -> int:
    text = " ".join(cli_message(str(message)).split()) or "unknown error"
    if len(text) > MAX_ERROR_CHARS:
        text = text[:MAX_ERROR_CHARS] + f" ... ({len(text) - MAX_ERROR_CHARS} more characters)"
    err = Terminal(sys.stderr)
    sys.stderr.write(err.safe(f"{PROG}: error: {text}") + "\n")
    return 2


def _backslashreplace(stream: Any) -> str | None:
    """Make ``stream`` write unencodable characters as escapes; returns its old setting."""
    old = getattr(stream, "errors", None)
    try:
        stream.reconfigure(errors="backslashreplace")
    except (AttributeError, ValueError, OSError):  # not a text stream we may reconfigure
        return None
    return old


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``paramest`` command line.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 2 on bad input (one line ``paramest: error: ...`` on stderr).

    Examples
    --------
    >>> from paramest.cli import main
    >>> main(["estimate", "--score", "ikp=1.7"])  # doctest: +SKIP
    2
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    old = _backslashreplace(sys.stdout)
    try:
        return _run(argv)
    finally:
        if old is not None:
            try:
                sys.stdout.reconfigure(errors=old)
            except (AttributeError, ValueError, OSError):  # pragma: no cover
                pass


def _run(argv: list[str]) -> int:
    try:
        args = build_parser().parse_args(argv)
    except UsageError as e:
        return _fail(e)
    except SystemExit as e:  # --help / --version
        return int(e.code or 0) if not isinstance(e.code, str) else _fail(e.code)
    try:
        if getattr(args, "plot", None):
            check_plot_path(args.plot)
        for spec in getattr(args, "new_benchmark", None) or []:
            register_new_benchmark(spec)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ctx = Context(caught, Terminal(), Terminal(sys.stderr),
                          quiet=getattr(args, "quiet", False))
            return int(args.func(args, ctx))
    except BrokenPipeError:  # output piped into `head` and the like
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:  # pragma: no cover
            pass
        return 0
    except (ParamestError, FileNotFoundError, PermissionError, IsADirectoryError,
            NotADirectoryError, UsageError) as e:
        return _fail(e)
    except KeyboardInterrupt:  # pragma: no cover - interactive
        return _fail("interrupted")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
