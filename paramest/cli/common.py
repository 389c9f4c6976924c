"""What the commands share: the run's context, user data, new benchmarks, plots, output.

Bad input raises ``UsageError`` or a :mod:`paramest.errors` error; the entry point
(:func:`paramest.cli.main`) turns either into one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import io
import json
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ..units import to_json_safe
from .messages import cli_message
from .terminal import Terminal

__all__ = ["Context", "UsageError", "benchmark_list", "check_plot_path", "load_user_data",
           "register_new_benchmark", "save_plot", "settings", "use_agg", "warning_lines"]


class UsageError(Exception):
    """Bad command-line usage: printed as one line, exit status 2.

    Examples
    --------
    >>> str(UsageError("give one of --csv and --json"))
    'give one of --csv and --json'
    """


def warning_lines(caught: Sequence[warnings.WarningMessage]) -> list[str]:
    """Each distinct warning once, in command-line words.

    Parameters
    ----------
    caught : sequence of warnings.WarningMessage
        Recorded by ``warnings.catch_warnings(record=True)``.

    Returns
    -------
    list of str
        ``"<Category>: message"`` (no category for a plain ``UserWarning``).

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     warnings.warn("pass min_models=3")
    ...     warnings.warn("pass min_models=3")
    >>> warning_lines(w)
    ['pass --min-models 3']
    """
    seen: dict[str, None] = {}
    for w in caught:
        cat = "" if w.category is UserWarning else f"{w.category.__name__}: "
        seen.setdefault(cat + cli_message(" ".join(str(w.message).split())), None)
    return list(seen)


class Context:
    """One run of a command: where it writes, its notes, the warnings caught meanwhile.

    Parameters
    ----------
    caught : list of warnings.WarningMessage
        Filled by ``warnings.catch_warnings(record=True)`` while the command runs.
    term : Terminal
        Standard output.
    err : Terminal
        Standard error (progress).
    quiet : bool
        No progress on stderr.

    Examples
    --------
    >>> import io
    >>> ctx = Context([], Terminal(io.StringIO(), width=60), Terminal(io.StringIO()))
    >>> ctx.add("read f.csv: 3 rows loaded")
    >>> ctx.notes()
    ['read f.csv: 3 rows loaded']
    """

    def __init__(self, caught: list[warnings.WarningMessage], term: Terminal, err: Terminal,
                 quiet: bool = False) -> None:
        self.caught = caught
        self.term = term
        self.err = err
        self.quiet = quiet
        self._notes: list[str] = []
        self.suppress: list[str] = []  # substrings of warnings the output already covers

    def add(self, note: str) -> None:
        self._notes.append(cli_message(note))

    def notes(self) -> list[str]:
        """Notes, then each distinct warning once (``"warning: ..."``)."""
        ws = [w for w in warning_lines(self.caught) if not any(p in w for p in self.suppress)]
        return self._notes + [f"warning: {w}" for w in ws]

    def print_notes(self) -> None:
        notes = self.notes()
        if notes:
            self.term.write()
            for n in notes:
                self.term.para(n if n.startswith("warning: ") else f"note: {n}")

    def json(self, obj: Any) -> None:
        """Machine output: JSON, NaN as null, numbers to 6 significant digits."""
        self.term.raw(json.dumps(to_json_safe(obj, digits=6), indent=2, allow_nan=False))

    def csv(self, df: pd.DataFrame) -> None:
        """Machine output: CSV, text escaped (no control characters reach the terminal)."""
        buf = io.StringIO()
        df.map(lambda v: self.term.safe(v) if isinstance(v, str) else v).to_csv(
            buf, index=False, float_format="%.6g", lineterminator="\n")
        self.term.raw(buf.getvalue())


def benchmark_list(text: str | None) -> list[str] | None:
    """``--benchmarks a,b`` as canonical ids.

    Parameters
    ----------
    text : str or None
        The option's value.

    Returns
    -------
    list of str or None
        None when the option was not given.

    Raises
    ------
    UsageError, UnknownBenchmarkError
        An empty list, or a benchmark paramest does not know.

    Examples
    --------
    >>> benchmark_list("SimpleQA, ikp")
    ['simpleqa', 'ikp']
    """
    if text is None:
        return None
    from ..ingest import resolve_benchmark

    items = [t.strip() for t in text.split(",") if t.strip()]
    if not items:
        raise UsageError("--benchmarks is empty; give a comma-separated list like 'ikp,simpleqa'")
    return [resolve_benchmark(b) for b in items]


def load_user_data(args: argparse.Namespace, ctx: Context) -> pd.DataFrame | None:
    """The shipped scores plus every ``--data FILE`` (user rows win).

    Parameters
    ----------
    args : argparse.Namespace
        Parsed options; ``args.data`` lists the files.
    ctx : Context
        Gets a note per file read.

    Returns
    -------
    pandas.DataFrame or None
        None when no file was given (the shipped data are used).

    Raises
    ------
    ParamestError, FileNotFoundError
        A file that cannot be read.

    Examples
    --------
    >>> import argparse
    >>> load_user_data(argparse.Namespace(data=[]), None) is None
    True
    """
    files = getattr(args, "data", None) or []
    if not files:
        return None
    from ..ingest import combine, read_scores

    frames = []
    for path in files:
        df = read_scores(Path(path).expanduser())
        rep = df.attrs.get("report")
        ctx.add(f"read {path}: {rep.n_loaded} rows loaded, {len(rep.skipped)} skipped"
                if rep is not None else f"read {path}")
        frames.append(df)
    ctx.suppress.append("paramest ingest FILE")  # the reader's "see the report" warning
    user = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return combine(user)


NEW_BENCHMARK_KEYS = ("chance", "n_questions", "kind", "name")


def register_new_benchmark(spec: str) -> None:
    """Register one ``--new-benchmark ID[,key=value...]`` for this run.

    Parameters
    ----------
    spec : str
        ``ID`` then ``chance=``, ``n_questions=``, ``kind=``, ``name=`` pairs.

    Raises
    ------
    UsageError
        A pair that is not ``key=value`` with a known key, or a number that is not one.
    InputError
        What :func:`paramest.register_benchmark` refuses.

    Examples
    --------
    >>> register_new_benchmark("factrecall,chance=0,n_questions=500")  # doctest: +SKIP
    """
    from ..ingest import register_benchmark

    bid, *pairs = [t.strip() for t in spec.split(",")]
    if not bid:
        raise UsageError(f"--new-benchmark {spec!r}: give the benchmark id first, e.g. "
                         "--new-benchmark factrecall,chance=0,n_questions=500")
    kw: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip().replace("-", "_")
        if not sep or key not in NEW_BENCHMARK_KEYS:
            raise UsageError(f"--new-benchmark {spec!r}: {pair!r} is not key=value with a key "
                             "in chance, n_questions, kind, name; e.g. "
                             "--new-benchmark factrecall,chance=0,n_questions=500")
        if key in ("chance", "n_questions"):
            try:
                kw[key] = float(value)
            except ValueError:
                raise UsageError(f"--new-benchmark {spec!r}: {key} must be a number, "
                                 f"not {value!r}") from None
        else:
            kw[key] = value.strip()
    register_benchmark(bid, **kw)


def settings(args: argparse.Namespace) -> dict[str, Any]:
    """Calibration settings given on the command line (``--form``, ``--min-models``).

    Parameters
    ----------
    args : argparse.Namespace

    Returns
    -------
    dict
        Only the settings that were given.

    Examples
    --------
    >>> import argparse
    >>> settings(argparse.Namespace(form="linear", min_models=None))
    {'form': 'linear'}
    """
    kw: dict[str, Any] = {}
    if getattr(args, "form", None):
        kw["form"] = args.form
    if getattr(args, "min_models", None) is not None:
        kw["min_models"] = args.min_models
    return kw


def use_agg() -> None:
    """Draw off screen (matplotlib's Agg backend): the command saves plots to files."""
    import matplotlib

    matplotlib.use("Agg")


def check_plot_path(path: str) -> None:
    """Fail before any computation when the plot cannot be saved where asked.

    Parameters
    ----------
    path : str
        ``--plot FILE``.

    Raises
    ------
    FileNotFoundError, InputError
        No such folder, a file where the folder should be, or an unknown image format.

    Examples
    --------
    >>> check_plot_path("plot.png")
    """
    from matplotlib.backend_bases import FigureCanvasBase

    p = Path(path).expanduser()
    if not p.parent.exists():
        raise FileNotFoundError(f"cannot save the plot: folder {p.parent} does not exist")
    if not p.parent.is_dir():
        raise InputError(f"cannot save the plot in {p.parent}: it is a file, not a folder")
    if p.is_dir():
        raise InputError(f"cannot save the plot as {p}: it is a folder; give a file name like plot.png")
    fmt = p.suffix.lstrip(".").lower()
    supported = FigureCanvasBase.get_supported_filetypes()
    if fmt not in supported:
        raise InputError(f"cannot save the plot as {p.name}: use one of "
                         f"{', '.join('.' + k for k in sorted(supported))}")


def save_plot(ax: Any, path: str) -> str:
    """Save the figure of ``ax`` (or of the first of an array of axes) to ``path``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes or numpy.ndarray of them
    path : str

    Returns
    -------
    str
        The path written.

    Raises
    ------
    InputError
        matplotlib cannot write that format.
    """
    use_agg()
    import matplotlib.pyplot as plt

    a = ax.ravel()[0] if isinstance(ax, np.ndarray) else ax
    fig = a.figure
    p = Path(path).expanduser()
    try:
        fig.savefig(p, dpi=150, bbox_inches="tight")
    except ValueError as e:  # unsupported format
        raise InputError(f"cannot save the plot as {p.name}: {e}") from e
    finally:
        plt.close(fig)
    return str(p)
