"""The argument parser of the ``paramest`` command."""

from __future__ import annotations

import argparse
from typing import Any, NoReturn

from .commands import cmd_benchmarks, cmd_compare, cmd_datasets, cmd_fit, cmd_models, cmd_validate
from .common import UsageError
from .estimate import TABLE_COLUMNS, cmd_estimate
from .ingest import cmd_ingest

__all__ = ["PROG", "build_parser"]

PROG = "paramest"


class Parser(argparse.ArgumentParser):
    """argparse, with errors raised (one line, exit 2) instead of printed usage."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _level(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid level {text!r}; give e.g. 0.9") from None
    if not 0 < v < 1:
        raise argparse.ArgumentTypeError(f"level must lie between 0 and 1 (e.g. 0.9), not {text}")
    return v


def _count(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"give a whole number, not {text!r}") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"give a number of at least 1, not {text}")
    return v


def _new_benchmark(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--new-benchmark", action="append", default=[], metavar="SPEC",
                    help="declare a benchmark paramest does not ship, so that --data files "
                         "keep its scores: ID[,chance=C][,n_questions=N][,kind=K], e.g. "
                         "factrecall,chance=0,n_questions=500 (kind: knowledge by default); "
                         "repeatable")


def _common(sp: argparse.ArgumentParser, *, plot: bool = True, level: bool = True,
            form: bool = True, data: bool = True, csv: bool = False) -> None:
    sp.add_argument("--json", action="store_true", help="print machine-readable JSON")
    if csv:
        sp.add_argument("--csv", action="store_true",
                        help="print CSV (stable column names; sizes as numbers in billions)")
    sp.add_argument("-q", "--quiet", action="store_true", help="no progress line on stderr")
    if level:
        sp.add_argument("--level", type=_level, default=0.9,
                        help="interval level, between 0 and 1 (default 0.9)")
    if form:
        from ..regression import FORMS

        sp.add_argument("--form", choices=FORMS, default=None,
                        help="curve form: logistic (default, Student-t fit) or linear in "
                             "accuracy (the IKP-style baseline)")
    if data:
        sp.add_argument("--data", action="append", default=[], metavar="FILE",
                        help="a score file (CSV, JSON, JSONL, Parquet or lm-eval results) added "
                             "to the shipped data, its rows winning; repeatable")
        _new_benchmark(sp)
    if plot:
        sp.add_argument("--plot", metavar="FILE.png", help="also save a plot to FILE")


def _min_models(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--min-models", type=_count, default=None, metavar="N",
                    help="use a benchmark as evidence when at least N sets of open weights of "
                         "known size have a score on it (default 8)")


def _estimate(sub: Any) -> None:
    e = sub.add_parser("estimate", help="estimate a model's total parameters",
                       description="Estimate total parameters from a model's scores (shipped, or "
                       "in --data), from scores you give (--score), or for every closed model.")
    e.add_argument("model", nargs="?", help="a model name: shipped (e.g. gpt-4o) or in a --data "
                   "file; it stands for all settings of its weights")
    e.add_argument("--score", action="append", default=[], metavar="BENCH=SCORE",
                   help="a benchmark score (fraction or percent); repeatable")
    e.add_argument("--all-closed", action="store_true",
                   help="estimate every closed model with a knowledge-benchmark score, one row "
                        "per set of weights")
    e.add_argument("--benchmarks", metavar="LIST",
                   help="comma-separated benchmark ids to use (default: knowledge benchmarks)")
    e.add_argument("--columns", metavar="LIST",
                   help="with --all-closed: the table's columns, in order, from "
                        f"{','.join(TABLE_COLUMNS)} (default: as many as fit the width)")
    _min_models(e)
    _common(e, csv=True)
    e.set_defaults(func=cmd_estimate)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``paramest`` command.

    Returns
    -------
    argparse.ArgumentParser
        Its ``error`` raises ``paramest.cli.common.UsageError`` instead of exiting.

    Examples
    --------
    >>> args = build_parser().parse_args(["estimate", "gpt-4o", "--level", "0.8"])
    >>> args.model, args.level
    ('gpt-4o', 0.8)
    """
    from .. import __version__
    from ..regression import PREDICTORS
    from ..validation import SPLITS

    p = Parser(prog=PROG, description="Estimate closed LLMs' total parameter counts from "
               "knowledge-benchmark scores, with intervals.")
    p.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    _estimate(sub)

    f = sub.add_parser("fit", help="fit accuracy vs parameters for one benchmark",
                       description="Fit one benchmark's accuracy against log10(parameters) "
                       "on open models of known size and print the fit report.")
    f.add_argument("benchmark", help="benchmark id, e.g. ikp, simpleqa, aa-omniscience "
                   "(see 'paramest benchmarks')")
    f.add_argument("--predictor", choices=PREDICTORS, default="total",
                   help="parameter count on the x axis: total (default) or active")
    _common(f)
    f.set_defaults(func=cmd_fit)

    c = sub.add_parser("compare", help="total vs active parameters as the predictor",
                       description="Fit the same curve against total, active and a blend of "
                       "both parameter counts and compare them.")
    c.add_argument("benchmark", help="benchmark id, e.g. ikp (see 'paramest benchmarks')")
    _common(c)
    c.set_defaults(func=cmd_compare)

    v = sub.add_parser("validate", help="cross-validate estimates on open models of known size",
                       description="Hold out open models fold by fold and score the estimates.")
    v.add_argument("--split", choices=SPLITS, default="developer",
                   help="how to hold out: by developer (default), family, one at a time (loo), "
                        "by release date (time), the largest 20%% (extrapolation), or closed "
                        "models with published sizes (disclosed)")
    v.add_argument("--benchmarks", metavar="LIST",
                   help="comma-separated benchmark ids (default: knowledge benchmarks)")
    v.add_argument("--per-model", action="store_true", help="also print the per-model table")
    _min_models(v)
    _common(v)
    v.set_defaults(func=cmd_validate)

    b = sub.add_parser("benchmarks", help="list the benchmarks and how many models have scores")
    _common(b, plot=False, level=False, form=False, data=False, csv=True)
    b.set_defaults(func=cmd_benchmarks)

    d = sub.add_parser("datasets", help="list the shipped data files and the data version")
    _common(d, plot=False, level=False, form=False, data=False, csv=True)
    d.set_defaults(func=cmd_datasets)

    m = sub.add_parser("models", help="list the shipped models (names, developers, sizes)")
    m.add_argument("--search", metavar="TEXT", help="only models whose name, alias, developer "
                   "or weights contain TEXT (case ignored)")
    _common(m, plot=False, level=False, form=False, data=False, csv=True)
    m.set_defaults(func=cmd_models)

    i = sub.add_parser("ingest", help="read a score file and report what was loaded and skipped")
    i.add_argument("file", help="CSV, JSON, JSONL or Parquet (or lm-eval results JSON)")
    i.add_argument("--scale", choices=("auto", "fraction", "percent"), default="auto",
                   help="scores as fractions or percents; auto (default) detects it when "
                        "unambiguous and says which it assumed")
    i.add_argument("--format", choices=("csv", "tsv", "json", "jsonl", "parquet"), default=None,
                   help="file format when the file name's suffix does not say it")
    i.add_argument("--benchmark", help="benchmark of a table with a score but no benchmark column")
    i.add_argument("--model", help="model name for an lm-eval file that does not name it")
    i.add_argument("--encoding", help="text encoding of the file (e.g. cp1252, latin-1) when it "
                   "is not UTF-8 and not detected")
    i.add_argument("--rows", type=_count, default=20, metavar="N",
                   help="rows of each table shown on the terminal (default 20)")
    i.add_argument("--out", metavar="PATH",
                   help="write the full tables: PATH.json (all in one file) or PATH.csv (the "
                        "loaded rows, readable with --data, plus PATH-skipped.csv etc.)")
    _new_benchmark(i)
    _common(i, plot=False, level=False, form=False, data=False)
    i.set_defaults(func=cmd_ingest)
    return p
