"""``paramest fit | compare | validate | benchmarks | datasets | models``."""

from __future__ import annotations

import argparse
import math
from collections.abc import Mapping

import pandas as pd

from .common import Context, benchmark_list, load_user_data, save_plot, settings, use_agg
from .terminal import Column

__all__ = ["cmd_benchmarks", "cmd_compare", "cmd_datasets", "cmd_fit", "cmd_models",
           "cmd_validate", "frame_columns"]


def _cell(v: object) -> str:
    if v is None or v is pd.NA or v is pd.NaT:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return "-" if math.isnan(v) else f"{v:.6g}"
    if isinstance(v, (list, tuple)):
        return ", ".join(map(str, v))
    return str(v)


def frame_columns(df: pd.DataFrame, priority: Mapping[str, int] | None = None,
                  wrap: tuple[str, ...] = ()) -> list[Column]:
    """Columns of ``df`` for ``Terminal.table``: numbers right, text left.

    Parameters
    ----------
    df : pandas.DataFrame
    priority : mapping, optional
        Column -> priority (0 always shown; the highest dropped first). Default: the first
        column 0, the others by position.
    wrap : tuple of str
        Columns whose long cells wrap (a description).

    Returns
    -------
    list of Column
    """
    cols = []
    for i, c in enumerate(df.columns):
        s = df[c]
        numeric = pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)
        prio = (priority or {}).get(c, 0 if i == 0 else i)
        cols.append(Column(str(c), str(c), [_cell(v) for v in s.tolist()], numeric, prio,
                           wrap=c in wrap))
    return cols


def _table(ctx: Context, df: pd.DataFrame, **kw) -> None:
    if df.empty:
        ctx.term.write("(none)")
        return
    dropped = ctx.term.table(frame_columns(df, **kw))
    if dropped:
        ctx.term.para(f"(not shown at width {ctx.term.width}: {', '.join(dropped)}; set COLUMNS "
                      "wider, or use --json or --csv for every column)")


def cmd_fit(args: argparse.Namespace, ctx: Context) -> int:
    """Run ``paramest fit``.

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
    >>> main(["fit", "--help"])  # doctest: +SKIP
    0
    """
    from ..regression import fit

    kw = settings(args)
    kw.pop("min_models", None)  # a curve is fitted whatever the estimate's threshold
    f = fit(args.benchmark, load_user_data(args, ctx), level=args.level,
            predictor=args.predictor, **kw)
    if args.plot:
        use_agg()
        ctx.add(f"plot saved to {save_plot(f.plot(), args.plot)}")
    if args.json:
        ctx.json({**f.to_dict(), "notes": ctx.notes()})
        return 0
    ctx.term.block(f.report())
    ctx.print_notes()
    return 0


def cmd_compare(args: argparse.Namespace, ctx: Context) -> int:
    """Run ``paramest compare``.

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
    >>> main(["compare", "--help"])  # doctest: +SKIP
    0
    """
    from ..ingest import resolve_benchmark
    from ..regression import compare_predictors

    bench = resolve_benchmark(args.benchmark)
    data = load_user_data(args, ctx)
    kw = settings(args)
    kw.pop("min_models", None)
    t = compare_predictors(bench, data, level=args.level, **kw)
    if args.plot:
        from ..plots import plot_predictors

        use_agg()
        ctx.add(f"plot saved to {save_plot(plot_predictors(bench, data), args.plot)}")
    note = t.attrs.get("note")
    if args.json:
        ctx.json({"benchmark": bench, "table": t.to_dict(orient="records"), "note": note,
                  "notes": ctx.notes()})
        return 0
    ctx.term.para(f"{bench}: total vs active parameters as the predictor "
                  "(g = 1: knowledge tracks total params; g = 0: active params)")
    _table(ctx, t)
    if note:
        ctx.term.para(f"note: {note}")
    ctx.print_notes()
    return 0


def cmd_validate(args: argparse.Namespace, ctx: Context) -> int:
    """Run ``paramest validate``.

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
    >>> main(["validate", "--help"])  # doctest: +SKIP
    0
    """
    from ..validation import validate

    res = validate(benchmark_list(args.benchmarks), split=args.split, level=args.level,
                   data=load_user_data(args, ctx), **settings(args))
    if args.plot:
        use_agg()
        ctx.add(f"plot saved to {save_plot(res.plot(), args.plot)}")
    if args.json:
        d = res.to_dict()
        if not args.per_model:
            d.pop("per_model")
        ctx.json({**d, "notes": ctx.notes()})
        return 0
    ctx.term.block(str(res))
    if args.per_model:
        ctx.term.write()
        cols = ["weights", "developer", "true_b", "params_b", "lower_b", "upper_b", "covered",
                "benchmarks", "evidence"]
        _table(ctx, res.per_model[[c for c in cols if c in res.per_model]])
    ctx.print_notes()
    return 0


def cmd_benchmarks(args: argparse.Namespace, ctx: Context) -> int:
    """Run ``paramest benchmarks``.

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
    >>> main(["benchmarks", "--help"])  # doctest: +SKIP
    0
    """
    from ..ingest import list_benchmarks

    t = list_benchmarks()
    if args.json:
        ctx.json({"benchmarks": t.to_dict(orient="records"), "notes": ctx.notes()})
        return 0
    if args.csv:
        ctx.csv(t)
        return 0
    # id, counts and kind first; the long display name wraps in the last column
    order = [c for c in t.columns if c != "name"] + (["name"] if "name" in t else [])
    prio = {"benchmark": 0, "kind": 1, "n_models": 2, "name": 3, "evidence": 4,
            "n_open_sized": 5, "n_closed": 6, "n_questions": 7, "chance": 8, "n_open_weights": 9,
            "n_scores": 10}
    _table(ctx, t[order].rename(columns={"default_evidence": "evidence"}), priority=prio,
           wrap=("name",))
    ctx.print_notes()
    return 0


def cmd_datasets(args: argparse.Namespace, ctx: Context) -> int:
    """Run ``paramest datasets``.

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
    >>> main(["datasets", "--help"])  # doctest: +SKIP
    0
    """
    from ..ingest import data_counts, data_dir, data_version, list_datasets

    t = list_datasets()
    counts = data_counts()
    if args.json:
        ctx.json({"data_dir": str(data_dir()), "data_version": data_version().to_dict(),
                  "datasets": t.to_dict(orient="records"), "counts": counts,
                  "notes": ctx.notes()})
        return 0
    if args.csv:
        ctx.csv(t)
        return 0
    ctx.term.para(f"shipped datasets in {data_dir()} (version {data_version()})")
    ctx.term.write()
    _table(ctx, t, priority={"dataset": 0, "file": 2, "rows": 1, "description": 0},
           wrap=("description",))
    if counts:
        bands = ", ".join(f"{k} {v}" for k, v in counts.get("by_band", {}).items())
        ctx.term.write()
        ctx.term.para(
            f"coverage: {counts['open_weights_with_sized_knowledge_score']} open sets of weights "
            f"with a sized knowledge-benchmark score ({bands}); "
            f"{counts['open_weights_above_236b_with_2plus_knowledge_benchmarks']} of the "
            f"{counts['open_weights_above_236b']} above 236B and "
            f"{counts['closed_weights_since_2025_with_2plus_knowledge_benchmarks']} of the "
            f"{counts['closed_weights_since_2025']} closed sets released since 2025 have two or "
            "more knowledge benchmarks")
    ctx.print_notes()
    return 0


MODEL_COLUMNS = ("model", "developer", "open_weights", "total_params_b", "release_date",
                 "weights", "aliases")


def cmd_models(args: argparse.Namespace, ctx: Context) -> int:
    """Run ``paramest models``: the shipped models (optionally those matching a text).

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
    >>> main(["models", "--help"])  # doctest: +SKIP
    0
    """
    from ..ingest import load_models

    m = load_models()
    cols = [c for c in MODEL_COLUMNS if c in m]
    t = m[cols].copy()
    if args.search:
        needle = args.search.lower()
        hit = pd.Series(False, index=t.index)
        for c in ("model", "name", "aliases", "developer", "weights"):
            if c in m:
                hit |= m[c].astype(str).str.lower().str.contains(needle, regex=False)
        t = t[hit]
    if "release_date" in t:
        t["release_date"] = t["release_date"].astype(str).str[:10].replace({"NaT": "", "nan": ""})
    if args.json:
        ctx.json({"models": t.to_dict(orient="records"), "notes": ctx.notes()})
        return 0
    if args.csv:
        ctx.csv(t)
        return 0
    ctx.term.para(f"{len(t)} shipped model(s)" + (f" matching {args.search!r}" if args.search else ""))
    _table(ctx, t.reset_index(drop=True),
           priority={"model": 0, "total_params_b": 1, "open_weights": 2, "developer": 3,
                     "release_date": 4, "weights": 5, "aliases": 6})
    ctx.print_notes()
    return 0
