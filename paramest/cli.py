"""Command-line interface: ``paramest estimate|fit|compare|validate|benchmarks|datasets|ingest``.

Run ``paramest --help`` (or ``python -m paramest --help``) for the commands. Every command
takes ``--json`` for machine-readable output (NaN becomes ``null``). Bad input (an unknown
model or benchmark, a malformed score, an unreadable file) prints one line
``paramest: error: <message>`` to stderr and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
import pandas as pd

from .errors import InputError, ParamestError, UnknownModelError
from .units import to_json_safe

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


def _print_json(obj: Any) -> None:
    print(json.dumps(to_json_safe(obj, digits=6), indent=2, allow_nan=False))


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
    p = Path(path).expanduser()
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


def _clean(text: Any) -> str:
    """Text for the terminal: control characters (ANSI escapes included) shown, not run."""
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in str(text))


def _clean_lines(text: Any) -> str:
    """:func:`_clean` line by line: a multi-line report keeps its line breaks."""
    return "\n".join(_clean(line) for line in str(text).splitlines())


def _data(args: argparse.Namespace, ctx: _Ctx) -> pd.DataFrame | None:
    """The shipped scores plus every --data FILE (user rows win), or None for shipped only."""
    files = getattr(args, "data", None) or []
    if not files:
        return None
    from .ingest import combine, read_scores

    frames = []
    for path in files:
        df = read_scores(Path(path).expanduser())
        rep = df.attrs.get("report")
        ctx.add(f"read {path}: {rep.n_loaded} rows loaded, {len(rep.skipped)} skipped"
                if rep is not None else f"read {path}")
        frames.append(df)
    ctx.suppress.append("see df.attrs['report']")
    user = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return combine(user)


def _register(spec: str) -> None:
    """Register one ``--new-benchmark ID[,key=value...]`` for this run."""
    from .ingest import register_benchmark

    bid, *pairs = [t.strip() for t in spec.split(",")]
    kw: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip().replace("-", "_")
        if not sep or key not in ("chance", "n_questions", "kind", "name"):
            raise _UsageError(f"--new-benchmark {spec!r}: {pair!r} is not key=value with a key "
                              "in chance, n_questions, kind, name; e.g. "
                              "--new-benchmark factrecall,chance=0,n_questions=500")
        if key in ("chance", "n_questions"):
            try:
                kw[key] = float(value)
            except ValueError:
                raise _UsageError(f"--new-benchmark {spec!r}: {key} must be a number, "
                                  f"not {value!r}") from None
        else:
            kw[key] = value.strip()
    register_benchmark(bid, **kw)


def _settings(args: argparse.Namespace) -> dict[str, Any]:
    kw: dict[str, Any] = {}
    if getattr(args, "form", None):
        kw["form"] = args.form
    return kw


def _cmd_estimate(args: argparse.Namespace, ctx: _Ctx) -> int:
    from .ingest import data_version
    from .inversion import estimate_size, estimate_sizes
    from .units import format_interval, format_params

    modes = sum([args.model is not None, bool(args.score), args.all_closed])
    if modes != 1:
        raise InputError("estimate needs exactly one of: a MODEL name, --score BENCH=SCORE "
                         "(repeatable), or --all-closed")
    bench = _benchmark_list(args.benchmarks)
    data = _data(args, ctx)
    kw = {"level": args.level, "benchmarks": bench, **_settings(args)}

    if args.all_closed:
        df = estimate_sizes(data=data, closed_only=True, **kw)
        if df.empty:
            raise InputError("no closed model has a score on the chosen benchmarks")
        failed = df[df["error"] != ""][["model", "error"]] if "error" in df else df.iloc[0:0]
        ok = df[df["error"] == ""] if "error" in df else df
        ok = ok.sort_values("params_b", ascending=False, kind="mergesort").reset_index(drop=True)
        used = sorted({b for bs in ok["benchmarks"] for b in bs})
        unused = df.attrs.get("unused_benchmarks", {})
        if args.plot:
            from .ingest import load_reference_estimates
            from .plots import plot_forest

            _use_agg()
            ref = load_reference_estimates().rename(columns={"estimate_b": "params_b"})
            ref["label"] = "IKP's published estimate"
            disc = ok[np.isfinite(ok["disclosed_b"].astype(float))]
            ref = pd.concat([ref[["model", "params_b", "lower_b", "upper_b", "label"]],
                             pd.DataFrame({"model": disc["model"], "params_b": disc["disclosed_b"],
                                           "label": "published size"})], ignore_index=True)
            ctx.add(f"plot saved to {_save_plot(plot_forest(ok, reference=ref), args.plot)}")
        if args.json:
            _print_json({"data_version": str(data_version()), "level": args.level,
                         "benchmarks_used": used, "benchmarks_not_used": unused,
                         "n_weights": len(ok), "estimates": ok.to_dict(orient="records"),
                         "failed": failed.to_dict(orient="records"), "notes": ctx.notes()})
            return 0
        pct = f"{100 * args.level:g}%"
        print(f"paramest: {len(ok)} closed sets of weights; data {data_version()}; "
              f"benchmarks used: {', '.join(used)}; {pct} intervals; largest first")
        for b, why in unused.items():
            print(f"  {b} not used: {_clean(why)}")
        view = pd.DataFrame({
            "weights": [_clean(w) for w in ok["weights"]],
            "estimate": [f"> {format_params(lo)}" if not np.isfinite(p) else format_params(p)
                         for p, lo in zip(ok["params_b"], ok["lower_b"])],
            f"{pct} interval": [format_interval(lo, hi) for lo, hi in zip(ok["lower_b"], ok["upper_b"])],
            "beyond open": [f"+{e:.1f} dex" if e > 0.05 else "" for e in ok["extrapolation_dex"]],
            "form": ["rests on form" if d else "" for d in ok["form_dependent"]],
            "published": [format_params(v) if np.isfinite(v) else "" for v in ok["disclosed_b"].astype(float)],
            "benchmarks": [" + ".join(b) for b in ok["benchmarks"]],
            "variants used": [_clean(", ".join(v)) for v in ok["variants"]],
        })
        print(view.to_string(index=False))
        if len(failed):
            print(f"\n{len(failed)} model(s) without an estimate:")
            for r in failed.itertuples(index=False):
                print(f"  {_clean(r.model)}: {_clean(r.error)}")
        _print_notes(ctx.notes())
        return 0

    if args.model is not None:
        try:
            est = estimate_size(args.model, data=data, **kw)
        except UnknownModelError as err:
            raise UnknownModelError(f"{err} On the command line: paramest estimate --score "
                                    "BENCH=SCORE [--score BENCH=SCORE ...], or --data FILE") from err
    else:
        est = estimate_size(_parse_scores(args.score), data=data, **kw)
    if args.plot:
        from .plots import plot_estimate

        _use_agg()
        ctx.add(f"plot saved to {_save_plot(plot_estimate(est), args.plot)}")
    if args.json:
        d = est.to_dict()
        d["notes"] = ctx.notes()
        _print_json(d)
        return 0
    print(_clean_lines(est))
    print(f"data {est.data_version}" + ("" if est.data_source == "shipped" else f" + user data {est.data_source}"))
    per = est.per_benchmark
    if len(per):
        pct = f"{100 * est.level:g}%"
        view = pd.DataFrame({
            "benchmark": per["benchmark"],
            "score": [f"{v:.3g}" for v in per["score"]],
            "setting": [_clean(m) for m in per["model"].fillna("")],
            "estimate": [format_params(v) for v in per["params_b"]],
            f"{pct} interval": [format_interval(lo, hi) for lo, hi in zip(per["lower_b"], per["upper_b"])],
            "open models": per["n_calibration"],
        })
        print()
        print(view.to_string(index=False))
    if len(est.forms) > 1:
        print()
        for form, v in est.forms.items():
            print(f"{form} form: {format_params(v['params_b'])} "
                  f"({format_interval(v['lower_b'], v['upper_b'])}"
                  + (", calibrated" if form == est.form else ", raw") + ")")
    if est.flags:
        print()
        for f in est.flags:
            print(f"flag: {_clean(f)}")
    _print_notes(ctx.notes())
    return 0


def _cmd_fit(args: argparse.Namespace, ctx: _Ctx) -> int:
    from .regression import fit

    f = fit(args.benchmark, _data(args, ctx), level=args.level, predictor=args.predictor,
            **_settings(args))
    if args.plot:
        _use_agg()
        ctx.add(f"plot saved to {_save_plot(f.plot(), args.plot)}")
    if args.json:
        _print_json({**f.to_dict(), "notes": ctx.notes()})
        return 0
    print(f.report())
    _print_notes(ctx.notes())
    return 0


def _cmd_compare(args: argparse.Namespace, ctx: _Ctx) -> int:
    from .ingest import resolve_benchmark
    from .regression import compare_predictors

    bench = resolve_benchmark(args.benchmark)
    data = _data(args, ctx)
    t = compare_predictors(bench, data, level=args.level, **_settings(args))
    if args.plot:
        from .plots import plot_predictors

        _use_agg()
        ctx.add(f"plot saved to {_save_plot(plot_predictors(bench, data), args.plot)}")
    note = t.attrs.get("note")
    if args.json:
        _print_json({"benchmark": bench, "table": t.to_dict(orient="records"), "note": note,
                     "notes": ctx.notes()})
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

    res = validate(_benchmark_list(args.benchmarks), split=args.split, level=args.level,
                   data=_data(args, ctx), **_settings(args))
    if args.plot:
        _use_agg()
        ctx.add(f"plot saved to {_save_plot(res.plot(), args.plot)}")
    if args.json:
        d = res.to_dict()
        if not args.per_model:
            d.pop("per_model")
        _print_json({**d, "notes": ctx.notes()})
        return 0
    print(str(res))
    if args.per_model:
        print()
        cols = ["weights", "developer", "true_b", "params_b", "lower_b", "upper_b", "covered",
                "benchmarks", "evidence"]
        print(_table(res.per_model[[c for c in cols if c in res.per_model]]))
    _print_notes(ctx.notes())
    return 0


def _cmd_benchmarks(args: argparse.Namespace, ctx: _Ctx) -> int:
    from .ingest import list_benchmarks

    t = list_benchmarks()
    if args.json:
        _print_json({"benchmarks": t.to_dict(orient="records"), "notes": ctx.notes()})
        return 0
    print(_table(t, "{:.6g}"))
    _print_notes(ctx.notes())
    return 0


def _cmd_datasets(args: argparse.Namespace, ctx: _Ctx) -> int:
    from .ingest import data_dir, data_version, list_datasets

    t = list_datasets()
    if args.json:
        _print_json({"data_dir": str(data_dir()), "data_version": data_version().to_dict(),
                     "datasets": t.to_dict(orient="records"), "notes": ctx.notes()})
        return 0
    print(f"shipped datasets in {data_dir()} (version {data_version()})")
    with pd.option_context("display.max_colwidth", 120):
        print(_table(t))
    _print_notes(ctx.notes())
    return 0


def _cmd_ingest(args: argparse.Namespace, ctx: _Ctx) -> int:
    from .ingest import load_models, read_scores

    path = Path(args.file).expanduser()
    kw: dict[str, Any] = {"scale": args.scale}
    if args.format:
        kw["format"] = args.format
    if args.benchmark:
        kw["benchmark"] = args.benchmark
    if args.model:
        kw["model"] = args.model
    if args.encoding:
        kw["encoding"] = args.encoding
    df = read_scores(path, **kw)
    ctx.suppress.append("see df.attrs['report']")  # the report is printed in full below
    rep = df.attrs.get("report")
    shipped = set(load_models()["model"])
    unresolved = sorted({str(m) for m in df["model"]} - shipped)
    conflicts = rep.conflicts if rep is not None else pd.DataFrame()
    skipped = rep.skipped if rep is not None else pd.DataFrame()
    loaded = df[["model", "benchmark", "score", "total_params_b", "open_weights"]]
    if args.json:
        _print_json({"report": rep.to_dict() if rep is not None and hasattr(rep, "to_dict") else None,
                     "loaded": loaded.to_dict(orient="records"), "unresolved": unresolved,
                     "notes": ctx.notes()})
        return 0
    print(_clean_lines(rep) if rep is not None else f"{path}: {len(df)} rows loaded")
    print(f"\nloaded ({len(df)} rows):")
    limit = 50
    print(_table(loaded.head(limit).map(lambda v: _clean(v) if isinstance(v, str) else v)))
    if len(loaded) > limit:
        print(f"... {len(loaded) - limit} more rows (use --json for all)")
    print(f"\nskipped ({len(skipped)} rows):")
    print(_table(skipped.map(lambda v: _clean(v) if isinstance(v, str) else v)))
    print(f"\nunresolved model names ({len(unresolved)}; not shipped, kept as given):")
    print("  " + ", ".join(_clean(u) for u in unresolved) if unresolved else "(none)")
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
    from .validation import SPLITS

    p = _Parser(prog=PROG, description="Estimate closed LLMs' total parameter counts from "
                "knowledge-benchmark scores, with intervals.")
    p.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    def new_benchmark(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--new-benchmark", action="append", default=[], metavar="SPEC",
                        help="declare a benchmark paramest does not ship, so that --data "
                             "files keep its scores: ID[,chance=C][,n_questions=N][,kind=K], "
                             "e.g. factrecall,chance=0,n_questions=500 (kind: knowledge by "
                             "default); repeatable")

    def common(sp: argparse.ArgumentParser, *, plot: bool = True, level: bool = True,
               form: bool = True, data: bool = True) -> None:
        sp.add_argument("--json", action="store_true", help="print machine-readable JSON")
        if level:
            sp.add_argument("--level", type=_level, default=0.9,
                            help="interval level, between 0 and 1 (default 0.9)")
        if form:
            sp.add_argument("--form", choices=FORMS, default=None,
                            help="curve form: logistic (default, Student-t fit) or linear "
                                 "in accuracy (the IKP-style baseline)")
        if data:
            sp.add_argument("--data", action="append", default=[], metavar="FILE",
                            help="a score file (CSV, JSON, JSONL, Parquet or lm-eval results) "
                                 "added to the shipped data, its rows winning; repeatable")
            new_benchmark(sp)
        if plot:
            sp.add_argument("--plot", metavar="FILE.png", help="also save a plot to FILE")

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
    common(e)
    e.set_defaults(func=_cmd_estimate)

    f = sub.add_parser("fit", help="fit accuracy vs parameters for one benchmark",
                       description="Fit one benchmark's accuracy against log10(parameters) "
                       "on open models of known size and print the fit report.")
    f.add_argument("benchmark", help="benchmark id, e.g. ikp, simpleqa, aa-omniscience "
                   "(see 'paramest benchmarks')")
    f.add_argument("--predictor", choices=PREDICTORS, default="total",
                   help="parameter count on the x axis: total (default) or active")
    common(f)
    f.set_defaults(func=_cmd_fit)

    c = sub.add_parser("compare", help="total vs active parameters as the predictor",
                       description="Fit the same curve against total, active and a blend of "
                       "both parameter counts and compare them.")
    c.add_argument("benchmark", help="benchmark id, e.g. ikp (see 'paramest benchmarks')")
    common(c)
    c.set_defaults(func=_cmd_compare)

    v = sub.add_parser("validate", help="cross-validate estimates on open models of known size",
                       description="Hold out open models fold by fold and score the estimates.")
    v.add_argument("--split", choices=SPLITS, default="developer",
                   help="how to hold out: by developer (default), family, one at a time (loo), "
                        "by release date (time), the largest 20%% (extrapolation), or closed "
                        "models with published sizes (disclosed)")
    v.add_argument("--benchmarks", metavar="LIST",
                   help="comma-separated benchmark ids (default: knowledge benchmarks)")
    v.add_argument("--per-model", action="store_true", help="also print the per-model table")
    common(v)
    v.set_defaults(func=_cmd_validate)

    b = sub.add_parser("benchmarks", help="list the benchmarks and how many models have scores")
    common(b, plot=False, level=False, form=False, data=False)
    b.set_defaults(func=_cmd_benchmarks)

    d = sub.add_parser("datasets", help="list the shipped data files and the data version")
    common(d, plot=False, level=False, form=False, data=False)
    d.set_defaults(func=_cmd_datasets)

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
    new_benchmark(i)
    common(i, plot=False, level=False, form=False, data=False)
    i.set_defaults(func=_cmd_ingest)
    return p


# --------------------------------------------------------------------------------------
# entry point
# --------------------------------------------------------------------------------------


def _fail(message: Any) -> int:
    text = " ".join(str(message).split()) or "unknown error"
    print(f"{PROG}: error: {text}", file=sys.stderr)
    return 2


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
        for spec in getattr(args, "new_benchmark", None) or []:
            _register(spec)
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
            NotADirectoryError, _UsageError) as e:
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
