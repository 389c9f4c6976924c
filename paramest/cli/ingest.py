"""``paramest ingest FILE``: what a reader loaded, skipped and assumed, in bounded output.

The terminal gets counts, the reader's notes and the first ``--rows`` rows of each table,
whatever the size of the file; ``--out PATH`` writes the full tables (``.json``: all in one
file; ``.csv``: the loaded rows, which ``--data`` reads back, plus ``PATH-skipped.csv``,
``PATH-conflicts.csv`` and ``PATH-unresolved.csv`` when they are not empty).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from ..units import to_json_safe
from .commands import frame_columns
from .common import Context

__all__ = ["LOADED_COLUMNS", "MAX_NOTE_CHARS", "cmd_ingest", "write_full_tables"]

LOADED_COLUMNS = ("model", "benchmark", "score", "total_params_b", "open_weights")
MAX_NOTE_CHARS = 600  # one note of the report on the terminal; the rest is in --out
MAX_REPORT_LINES = 30


def _records(df: pd.DataFrame, n: int | None = None) -> list[dict]:
    return to_json_safe((df if n is None else df.head(n)).to_dict(orient="records"), 6)


def write_full_tables(path: Path, tables: dict[str, Any]) -> list[str]:
    """Write every table of an ingest to ``path``; returns the files written.

    Parameters
    ----------
    path : pathlib.Path
        ``.json`` (one file) or ``.csv`` (the loaded rows, and siblings
        ``<stem>-skipped.csv`` etc. for the other tables that are not empty).
    tables : dict
        ``report`` (dict), ``loaded``, ``skipped``, ``conflicts`` (DataFrames) and
        ``unresolved`` (list of str).

    Returns
    -------
    list of str

    Raises
    ------
    InputError
        Another suffix, or a folder that does not exist.
    """
    if not path.parent.is_dir():
        raise InputError(f"--out {path}: folder {path.parent} does not exist")
    suffix = path.suffix.lower()
    if suffix == ".json":
        doc = {"report": tables["report"], "loaded": _records(tables["loaded"]),
               "skipped": _records(tables["skipped"]), "conflicts": _records(tables["conflicts"]),
               "unresolved": list(tables["unresolved"])}
        path.write_text(json.dumps(doc, indent=1, allow_nan=False), encoding="utf-8")
        return [str(path)]
    if suffix != ".csv":
        raise InputError(f"--out {path}: give a .json or a .csv file name")
    tables["loaded"].to_csv(path, index=False)
    written = [str(path)]
    extra = {"skipped": tables["skipped"], "conflicts": tables["conflicts"],
             "unresolved": pd.DataFrame({"model": list(tables["unresolved"])})}
    for name, df in extra.items():
        if len(df):
            p = path.with_name(f"{path.stem}-{name}.csv")
            df.to_csv(p, index=False)
            written.append(str(p))
    return written


def _read(args: argparse.Namespace) -> pd.DataFrame:
    from ..ingest import read_scores

    kw: dict[str, Any] = {"scale": args.scale}
    for key in ("format", "benchmark", "model", "encoding"):
        if getattr(args, key, None):
            kw[key] = getattr(args, key)
    return read_scores(Path(args.file).expanduser(), **kw)


def _report_lines(rep: Any) -> list[str]:
    lines = str(rep).split("\n")
    out = [ln if len(ln) <= MAX_NOTE_CHARS else ln[:MAX_NOTE_CHARS] + " ... (see --out)"
           for ln in lines[:MAX_REPORT_LINES]]
    if len(lines) > MAX_REPORT_LINES:
        out.append(f"  ... {len(lines) - MAX_REPORT_LINES} more report lines (see --out)")
    return out


def _show(ctx: Context, title: str, df: pd.DataFrame, n: int) -> None:
    ctx.term.write()
    shown = f", the first {n} shown" if len(df) > n else ""
    ctx.term.para(f"{title} ({len(df):,}{shown}):")
    if df.empty:
        ctx.term.write("(none)")
        return
    ctx.term.table(frame_columns(df.head(n).reset_index(drop=True)))


def cmd_ingest(args: argparse.Namespace, ctx: Context) -> int:
    """Run ``paramest ingest``.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed options (:func:`paramest.cli.build_parser`).
    ctx : Context
        Where to write, and the notes and warnings of the run.

    Returns
    -------
    int
        0; bad input raises instead (one line on stderr, exit status 2).

    Raises
    ------
    ParamestError, UsageError
        Bad input, in command-line words.

    Examples
    --------
    >>> from paramest.cli import main
    >>> main(["ingest", "--help"])  # doctest: +SKIP
    0
    """
    from ..ingest import load_models

    df = _read(args)
    ctx.suppress.append("paramest ingest FILE")  # the report is printed below
    rep = df.attrs.get("report")
    unresolved = getattr(rep, "unresolved", None)
    if unresolved is None:
        shipped = set(load_models()["model"])
        unresolved = sorted({str(m) for m in df["model"]} - shipped)
    unresolved = [str(u) for u in unresolved]
    skipped = rep.skipped if rep is not None else pd.DataFrame()
    conflicts = rep.conflicts if rep is not None else pd.DataFrame()
    loaded = df[[c for c in LOADED_COLUMNS if c in df]]
    report = rep.to_dict() if rep is not None and hasattr(rep, "to_dict") else {}
    if args.out:
        files = write_full_tables(Path(args.out).expanduser(), {
            "report": report, "loaded": loaded, "skipped": skipped, "conflicts": conflicts,
            "unresolved": unresolved})
        ctx.add("full tables written to " + ", ".join(files))
    n = args.rows
    if args.json:
        short = {k: v for k, v in report.items() if k not in ("skipped", "conflicts")}
        ctx.json({"report": {**short, "skipped": _records(skipped, n),
                             "conflicts": _records(conflicts, n)},
                  "n_loaded": len(loaded), "loaded": _records(loaded, n),
                  "n_unresolved": len(unresolved), "unresolved": unresolved[:n],
                  "truncated_to": n, "notes": ctx.notes()})
        return 0
    t = ctx.term
    for line in (_report_lines(rep) if rep is not None else [f"{args.file}: {len(df)} rows loaded"]):
        t.para(line, indent="    ")
    _show(ctx, "loaded", loaded, n)
    _show(ctx, "skipped", skipped, n)
    t.write()
    t.para(f"unresolved model names ({len(unresolved)}; not shipped, kept as given):")
    more = f" ... and {len(unresolved) - n} more" if len(unresolved) > n else ""
    t.para("  " + ", ".join(unresolved[:n]) + more if unresolved else "(none)", indent="  ")
    _show(ctx, "conflicts", conflicts, n)
    if not args.out and max(len(loaded), len(skipped), len(conflicts), len(unresolved)) > n:
        ctx.add("more rows than shown: --out PATH.csv or PATH.json writes the full tables")
    ctx.print_notes()
    return 0
