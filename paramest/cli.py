"""Command-line interface: ``paramest estimate|fit|compare|validate|benchmarks|datasets|ingest``.

Run ``paramest --help`` (or ``python -m paramest --help``) for the commands. Every command
takes ``--json`` for machine-readable output (NaN becomes ``null``). Bad input (an unknown
model or benchmark, a malformed score, an unreadable file) prints one line
``paramest: error: <message>`` to stderr and exits with status 2.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import math
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
import pandas as pd

from .errors import InputError, ParamestError, UnknownModelError

__all__ = ["build_parser", "main"]

PROG = "paramest"


class _UsageError(Exception):
    """An argparse error, turned into the one-line error format."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


# --------------------------------------------------------------------------------------
# output helpers
# --------------------------------------------------------------------------------------


def _jsonable(obj: Any) -> Any:
    """Turn pandas/numpy objects into plain JSON values; NaN and inf become None."""
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, pd.DataFrame):
        return _jsonable(obj.to_dict(orient="records"))
    if isinstance(obj, pd.Series):
        return _jsonable(obj.to_dict())
    if isinstance(obj, np.ndarray):
        return _jsonable(obj.tolist())
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        f = float(obj)
        return f if math.isfinite(f) else None
    if isinstance(obj, (pd.Timestamp, _dt.date, _dt.datetime)):
        return None if pd.isna(obj) else obj.isoformat()
    if obj is None or obj is pd.NaT or obj is pd.NA:
        return None
    if isinstance(obj, (str, int)):
        return obj
    try:
        if pd.isna(obj):
            return None
    except (TypeError, ValueError):
        pass
    return str(obj)


def _print_json(obj: Any) -> None:
    print(json.dumps(_jsonable(obj), indent=2, allow_nan=False))


def _table(df: pd.DataFrame, floatfmt: str = "{:.4g}") -> str:
    if df.empty:
        return "(none)"
    return df.to_string(index=False, na_rep="-",
                        float_format=lambda v: floatfmt.format(v))


def _save_plot(ax: Any, path: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    a = ax.ravel()[0] if isinstance(ax, np.ndarray) else ax
    fig = a.figure
    p = Path(path)
    if not p.parent.exists():
        plt.close(fig)
        raise FileNotFoundError(f"cannot save the plot: folder {p.parent} does not exist")
    try:
        fig.savefig(p, dpi=150, bbox_inches="tight")
    except ValueError as e:  # unsupported format
        raise InputError(f"cannot save the plot as {p.name}: {e}") from e
    finally:
        plt.close(fig)
    return str(p)


def _check_plot_path(path: str) -> None:
    """Fail before any computation when the plot cannot be saved where asked."""
    from matplotlib.backend_bases import FigureCanvasBase

    p = Path(path)
    if not p.parent.exists():
        raise FileNotFoundError(f"cannot save the plot: folder {p.parent} does not exist")
    fmt = p.suffix.lstrip(".").lower()
    supported = FigureCanvasBase.get_supported_filetypes()
    if fmt not in supported:
        raise InputError(f"cannot save the plot as {p.name}: use one of "
                         f"{', '.join('.' + k for k in sorted(supported))}")


def _use_agg() -> None:
    import matplotlib

    matplotlib.use("Agg")


def _benchmark_list(text: str | None) -> list[str] | None:
    if text is None:
        return None
    from .ingest import resolve_benchmark

    items = [t.strip() for t in text.split(",") if t.strip()]
    if not items:
        raise InputError("--benchmarks is empty; give a comma-separated list like 'ikp,simpleqa'")
    return [resolve_benchmark(b) for b in items]


def _parse_scores(items: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        if "=" not in item:
            raise InputError(f"malformed --score {item!r}: use BENCHMARK=SCORE, e.g. "
                             "--score simpleqa=0.62")
        k, v = item.split("=", 1)
        k, v = k.strip(), v.strip()
        if not k or not v:
            raise InputError(f"malformed --score {item!r}: use BENCHMARK=SCORE, e.g. "
                             "--score simpleqa=0.62")
        if k in out:
            raise InputError(f"--score {k} given twice; give one score per benchmark")
        out[k] = v
    return out


def _warning_lines(caught: list[warnings.WarningMessage]) -> list[str]:
    seen: dict[str, None] = {}
    for w in caught:
        cat = "" if w.category is UserWarning else f"{w.category.__name__}: "
        seen.setdefault(cat + " ".join(str(w.message).split()), None)
    return list(seen)


# --------------------------------------------------------------------------------------
# commands
# --------------------------------------------------------------------------------------


def _cmd_estimate(args: argparse.Namespace, ctx: _Ctx) -> int:
    from .ingest import load_benchmarks, load_scores
    from .inversion import estimate_size, format_params

    modes = sum([args.model is not None, bool(args.score), args.all_closed])
    if modes != 1:
        raise InputError("estimate needs exactly one of: a MODEL name, --score BENCH=SCORE "
                         "(repeatable), or --all-closed")
    bench = _benchmark_list(args.benchmarks)
    kw = {"level": args.level, "method": args.method, "benchmarks": bench}
    if args.form:
        kw["form"] = args.form

    if args.all_closed:
        s = load_scores()
        b = load_benchmarks()
        evidence = bench or list(b.loc[b["default_evidence"].astype(bool), "benchmark"])
        closed = s[~s["open_weights"].astype(bool) & s["benchmark"].isin(evidence)]
        if closed.empty:
            raise InputError(f"no closed model has a score on {evidence}")
        df = estimate_size(closed, **kw)
        skipped = dict(df.attrs.get("skipped", {}))
        if "error" in df.columns:
            failed = df[df["error"].notna()][["model", "error"]]
            ok = df[df["error"].isna()].drop(columns="error")
        else:
            failed, ok = pd.DataFrame(columns=["model", "error"]), df
        ok = ok.sort_values("params_b", ascending=False, kind="mergesort").reset_index(drop=True)
        if args.plot:
            from .plots import plot_forest

            _use_agg()
            ctx.add(f"plot saved to {_save_plot(plot_forest(ok), args.plot)}")
        if args.json:
            _print_json({"level": args.level, "method": args.method, "benchmarks": evidence,
                         "n_models": len(ok), "estimates": ok, "failed": failed,
                         "skipped": skipped, "notes": ctx.notes()})
            return 0
        pct = f"{100 * args.level:g}%"
        print(f"{len(ok)} closed models, total params estimated from {', '.join(evidence)} "
              f"(method {args.method}, {pct} intervals); largest estimate first")
        view = pd.DataFrame({
            "model": ok["model"],
            "estimate": [format_params(v) for v in ok["params_b"]],
            f"{pct} interval": _interval_cells(ok),
            "benchmarks": ok["benchmarks"],
            "flags": ["extrapolated" if e else "" for e in ok["extrapolated"]],
        })
        view["flags"] = [", ".join(x for x in (f, "disagree" if i else "") if x)
                         for f, i in zip(view["flags"], ok["inconsistent"])]
        print(view.to_string(index=False))
        if len(failed):
            print(f"\n{len(failed)} model(s) without an estimate:")
            for r in failed.itertuples(index=False):
                print(f"  {r.model}: {r.error}")
        if skipped:
            print(f"\n{len(skipped)} model(s) skipped: no score on the chosen benchmarks")
        _print_notes(ctx.notes())
        return 0

    if args.model is not None:
        try:
            est = estimate_size(args.model, **kw)
        except UnknownModelError as err:
            raise UnknownModelError(f"{err} On the command line: paramest estimate --score "
                                    "BENCH=SCORE [--score BENCH=SCORE ...]") from err
    else:
        est = estimate_size(_parse_scores(args.score), **kw)
    if args.plot:
        from .plots import plot_estimate

        _use_agg()
        ctx.add(f"plot saved to {_save_plot(plot_estimate(est), args.plot)}")
    if args.json:
        d = est.to_dict()
        d["notes"] = ctx.notes()
        _print_json(d)
        return 0
    print(str(est))
    per = est.per_benchmark
    if len(per):
        pct = f"{100 * est.level:g}%"
        view = pd.DataFrame({
            "benchmark": per["benchmark"],
            "score": [f"{v:.3g}" for v in per["score"]],
            "estimate": [format_params(v) for v in per["params_b"]],
            f"{pct} interval": _interval_cells(per),
            "open models": per["n_calibration"],
        })
        print()
        print(view.to_string(index=False))
    if est.flags:
        print()
        for f in est.flags:
            print(f"flag: {f}")
    _print_notes(ctx.notes())
    return 0


def _fit_stats(f: Any) -> dict[str, Any]:
    return {"benchmark": f.benchmark, "form": f.form, "predictor": f.predictor,
            "level": f.level, "n_models": f.n_models_, "n_variant_rows_merged": len(f.dropped_),
            "r2": f.r2_, "scatter": f.scatter_, "scatter_dex": f.scatter_dex_,
            "loglik": f.loglik_, "aic": f.aic_, "bic": f.bic_,
            "x_range_b": list(f.x_range_), "chance": f.chance_, "ceiling": f.ceiling_,
            "n_questions": f.n_questions_, "converged": f.converged_,
            "slope_significant": f.slope_significant_}


def _cmd_fit(args: argparse.Namespace, ctx: _Ctx) -> int:
    from .regression import fit

    kw = {"level": args.level, "predictor": args.predictor}
    if args.form:
        kw["form"] = args.form
    f = fit(args.benchmark, **kw)
    if args.plot:
        _use_agg()
        ctx.add(f"plot saved to {_save_plot(f.plot(), args.plot)}")
    if args.json:
        _print_json({"stats": _fit_stats(f), "summary": f.summary.reset_index(),
                     "notes": ctx.notes()})
        return 0
    print(f.report())
    _print_notes(ctx.notes())
    return 0


def _cmd_compare(args: argparse.Namespace, ctx: _Ctx) -> int:
    from .ingest import resolve_benchmark
    from .regression import compare_predictors

    kw = {"level": args.level}
    if args.form:
        kw["form"] = args.form
    bench = resolve_benchmark(args.benchmark)
    t = compare_predictors(bench, **kw)
    if args.plot:
        from .plots import plot_predictors

        _use_agg()
        ctx.add(f"plot saved to {_save_plot(plot_predictors(bench), args.plot)}")
    note = t.attrs.get("note")
    if args.json:
        _print_json({"benchmark": bench, "table": t, "note": note, "notes": ctx.notes()})
        return 0
    print(f"{bench}: total vs active parameters as the predictor "
          "(g = 1: knowledge tracks total params; g = 0: active params)")
    print(_table(t))
    if note:
        print(f"note: {note}")
    _print_notes(ctx.notes())
    return 0


def _cmd_validate(args: argparse.Namespace, ctx: _Ctx) -> int:
    from .validation import validate

    kw = {"split": args.split, "level": args.level, "method": args.method,
          "benchmarks": _benchmark_list(args.benchmarks)}
    if args.form:
        kw["form"] = args.form
    res = validate(**kw)
    if args.plot:
        _use_agg()
        ctx.add(f"plot saved to {_save_plot(res.plot(), args.plot)}")
    if args.json:
        summary = res.summary.copy()
        summary.index.name = "subset"
        _print_json({"settings": res.settings, "summary": summary.reset_index(),
                     "per_model": res.per_model if args.per_model else None, "notes": ctx.notes()})
        return 0
    print(str(res))
    if args.per_model:
        print()
        print(_table(res.per_model))
    _print_notes(ctx.notes())
    return 0


def _cmd_benchmarks(args: argparse.Namespace, ctx: _Ctx) -> int:
    from .ingest import list_benchmarks

    t = list_benchmarks()
    if args.json:
        _print_json({"benchmarks": t, "notes": ctx.notes()})
        return 0
    print(_table(t, "{:.6g}"))
    _print_notes(ctx.notes())
    return 0


def _cmd_datasets(args: argparse.Namespace, ctx: _Ctx) -> int:
    from .ingest import data_dir, list_datasets

    t = list_datasets()
    if args.json:
        _print_json({"data_dir": str(data_dir()), "datasets": t, "notes": ctx.notes()})
        return 0
    print(f"shipped datasets in {data_dir()}")
    with pd.option_context("display.max_colwidth", 120):
        print(_table(t))
    _print_notes(ctx.notes())
    return 0


def _cmd_ingest(args: argparse.Namespace, ctx: _Ctx) -> int:
    from .ingest import load_models, read_scores

    path = Path(args.file)
    if not path.exists():
        raise FileNotFoundError(f"file not found: {path}")
    kw: dict[str, Any] = {"scale": args.scale}
    if args.format:
        kw["format"] = args.format
    if args.benchmark:
        kw["benchmark"] = args.benchmark
    if args.model:
        kw["model"] = args.model
    df = read_scores(path, **kw)
    ctx.suppress.append("see df.attrs['report']")  # the report is printed in full below
    rep = df.attrs.get("report")
    shipped = set(load_models()["model"])
    unresolved = sorted({str(m) for m in df["model"]} - shipped)
    conflicts = rep.conflicts if rep is not None else pd.DataFrame()
    skipped = rep.skipped if rep is not None else pd.DataFrame()
    loaded = df[["model", "benchmark", "score", "total_params_b", "open_weights"]]
    if args.json:
        _print_json({"source": rep.source if rep else str(path),
                     "n_in": rep.n_in if rep else len(df), "n_loaded": len(df),
                     "loaded": loaded, "skipped": skipped, "unresolved": unresolved,
                     "conflicts": conflicts, "report_notes": rep.notes if rep else [],
                     "notes": ctx.notes()})
        return 0
    print(str(rep) if rep is not None else f"{path}: {len(df)} rows loaded")
    print(f"\nloaded ({len(df)} rows):")
    limit = 50
    print(_table(loaded.head(limit)))
    if len(loaded) > limit:
        print(f"... {len(loaded) - limit} more rows (use --json for all)")
    print(f"\nskipped ({len(skipped)} rows):")
    print(_table(skipped))
    print(f"\nunresolved model names ({len(unresolved)}; not shipped, kept as given):")
    print("  " + ", ".join(unresolved) if unresolved else "(none)")
    print(f"\nconflicts ({len(conflicts)}):")
    print(_table(conflicts))
    _print_notes(ctx.notes())
    return 0


def _print_notes(notes: list[str]) -> None:
    if notes:
        print()
        for n in notes:
            print(n if n.startswith("warning: ") else f"note: {n}")


# --------------------------------------------------------------------------------------
# parser
# --------------------------------------------------------------------------------------


def _level(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid level {text!r}; give e.g. 0.9") from None
    if not 0 < v < 1:
        raise argparse.ArgumentTypeError(f"level must lie between 0 and 1 (e.g. 0.9), not {text}")
    return v


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``paramest`` command.

    Returns
    -------
    argparse.ArgumentParser
    """
    from . import __version__
    from .regression import FORMS, PREDICTORS

    p = _Parser(prog=PROG, description="Estimate closed LLMs' total parameter counts from "
                "knowledge-benchmark scores, with intervals.")
    p.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    def common(sp: argparse.ArgumentParser, *, plot: bool = True, level: bool = True,
               form: bool = True) -> None:
        sp.add_argument("--json", action="store_true", help="print machine-readable JSON")
        if level:
            sp.add_argument("--level", type=_level, default=0.9,
                            help="interval level (default 0.9)")
        if form:
            sp.add_argument("--form", choices=FORMS, default=None,
                            help="curve form (default: logistic)")
        if plot:
            sp.add_argument("--plot", metavar="FILE.png", help="also save a plot to FILE")

    e = sub.add_parser("estimate", help="estimate a closed model's total parameters",
                       description="Estimate total parameters from a shipped model's scores, "
                       "from scores you give (--score), or for every shipped closed model.")
    e.add_argument("model", nargs="?", help="a shipped model name (e.g. gpt-4o)")
    e.add_argument("--score", action="append", default=[], metavar="BENCH=SCORE",
                   help="a benchmark score (fraction or percent); repeatable")
    e.add_argument("--all-closed", action="store_true",
                   help="estimate every shipped closed model with a knowledge-benchmark score")
    e.add_argument("--method", choices=("inversion", "bayes"), default="inversion")
    e.add_argument("--benchmarks", metavar="LIST",
                   help="comma-separated benchmark ids to use (default: knowledge benchmarks)")
    common(e)
    e.set_defaults(func=_cmd_estimate)

    f = sub.add_parser("fit", help="fit accuracy vs parameters for one benchmark")
    f.add_argument("benchmark")
    f.add_argument("--predictor", choices=PREDICTORS, default="total")
    common(f)
    f.set_defaults(func=_cmd_fit)

    c = sub.add_parser("compare", help="total vs active parameters as the predictor")
    c.add_argument("benchmark")
    common(c)
    c.set_defaults(func=_cmd_compare)

    v = sub.add_parser("validate", help="cross-validate estimates on open models of known size")
    from .validation import SPLITS

    v.add_argument("--split", choices=SPLITS, default="developer")
    v.add_argument("--method", choices=("inversion", "bayes"), default="inversion")
    v.add_argument("--benchmarks", metavar="LIST",
                   help="comma-separated benchmark ids (default: knowledge benchmarks)")
    v.add_argument("--per-model", action="store_true", help="also print the per-model table")
    common(v)
    v.set_defaults(func=_cmd_validate)

    b = sub.add_parser("benchmarks", help="list the shipped benchmarks")
    common(b, plot=False, level=False, form=False)
    b.set_defaults(func=_cmd_benchmarks)

    d = sub.add_parser("datasets", help="list the shipped data files")
    common(d, plot=False, level=False, form=False)
    d.set_defaults(func=_cmd_datasets)

    i = sub.add_parser("ingest", help="read a score file and report what was loaded/skipped")
    i.add_argument("file", help="CSV, JSON, JSONL or Parquet (or lm-eval results JSON)")
    i.add_argument("--scale", choices=("auto", "fraction", "percent"), default="auto")
    i.add_argument("--format", choices=("csv", "tsv", "json", "jsonl", "parquet"), default=None)
    i.add_argument("--benchmark", help="benchmark of a table with a score but no benchmark column")
    i.add_argument("--model", help="model name for an lm-eval file that does not name it")
    common(i, plot=False, level=False, form=False)
    i.set_defaults(func=_cmd_ingest)
    return p


# --------------------------------------------------------------------------------------
# entry point
# --------------------------------------------------------------------------------------


def _fail(message: Any) -> int:
    text = " ".join(str(message).split()) or "unknown error"
    print(f"{PROG}: error: {text}", file=sys.stderr)
    return 2


def _interval_cells(df: pd.DataFrame) -> list[str]:
    """'lower - upper' per row, with '<' / '>' marking a side open within the grid."""
    from .inversion import format_params

    return [("<" if lo_open else "") + format_params(lo) + " - "
            + (">" if hi_open else "") + format_params(hi)
            for lo, hi, lo_open, hi_open in zip(df["lower_b"], df["upper_b"],
                                                df["open_lower"], df["open_upper"])]


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
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
    except _UsageError as e:
        return _fail(e)
    except SystemExit as e:  # --help / --version
        return int(e.code or 0) if not isinstance(e.code, str) else _fail(e.code)
    try:
        if getattr(args, "plot", None):
            _check_plot_path(args.plot)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            return int(args.func(args, _Ctx(caught)))
    except BrokenPipeError:  # output piped into `head` and the like
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:  # pragma: no cover
            pass
        return 0
    except (ParamestError, FileNotFoundError, PermissionError, IsADirectoryError,
            _UsageError) as e:
        return _fail(e)
    except KeyboardInterrupt:  # pragma: no cover - interactive
        return _fail("interrupted")


class _Ctx:
    """Notes for the output, plus the warnings caught while the command runs."""

    def __init__(self, caught: list[warnings.WarningMessage]) -> None:
        self._caught = caught
        self._notes: list[str] = []
        self.suppress: list[str] = []  # substrings of warnings the output already covers

    def add(self, note: str) -> None:
        self._notes.append(note)

    def notes(self) -> list[str]:
        """Notes, then each distinct warning once (``"warning: ..."``)."""
        ws = [w for w in _warning_lines(self._caught)
              if not any(p in w for p in self.suppress)]
        return self._notes + [f"warning: {w}" for w in ws]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
