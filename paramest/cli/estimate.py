"""``paramest estimate``: one model, scores you give, or every closed model (the main job).

Flags of an estimate are read with ``str(flag)`` for their text and
``getattr(flag, "code", None)`` / ``getattr(flag, "severity", "info")`` for their kind, so
that plain strings and ``paramest.flags.Flag`` objects both work.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ..units import format_interval, format_params
from .common import (
    Context,
    UsageError,
    benchmark_list,
    load_user_data,
    save_plot,
    settings,
    use_agg,
)
from .messages import cli_message
from .progress import Progress
from .terminal import Column

__all__ = ["CSV_COLUMNS", "TABLE_COLUMNS", "cmd_estimate", "flag_code",
           "interval_statement", "is_not_recalibrated", "run_all_closed"]

# The CSV columns of an estimate, in order; then one score_<benchmark> column per benchmark.
CSV_COLUMNS = ("weights", "model", "params_b", "lower_b", "upper_b", "level", "interval",
               "open_lower", "open_upper", "extrapolation_dex", "form_dependent",
               "form_spread_dex", "disclosed_b", "disclosed_status", "refusal_adjusted_b",
               "refusal_tier", "n_calibration", "n_benchmarks", "benchmarks", "variants",
               "flag_codes", "flags", "error")

# key -> (header, numeric, priority): priority 0 is always shown, the highest number is
# dropped first when the table does not fit.
TABLE_COLUMNS: dict[str, tuple[str, bool, int]] = {
    "weights": ("weights", False, 0),
    "estimate": ("estimate", True, 0),
    "interval": ("{pct} interval", True, 1),
    "published": ("published", True, 2),
    "beyond": ("beyond open", True, 3),
    "form": ("form", False, 4),
    "benchmarks": ("benchmarks", False, 5),
    "flags": ("flags", False, 6),
    "refusal": ("refusal-adjusted", True, 7),
    "variants": ("variants used", False, 8),
}


def flag_code(flag: Any) -> str | None:
    """The stable code of a flag (None for a plain-text flag)."""
    return getattr(flag, "code", None)


def is_not_recalibrated(flag: Any) -> bool:
    """The flag that says the interval is the raw posterior's (stated once, not as a flag)."""
    code = flag_code(flag)
    return code == "not-recalibrated" if code else str(flag).startswith("interval not recalibrated")


def _fmt_b(v: Any) -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return ""
    return format_params(f) if math.isfinite(f) else ""


def _joined(v: Any, sep: str = ", ") -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, Iterable):
        return sep.join(str(x) for x in v)
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)


# --------------------------------------------------------------------------------------
# the main job
# --------------------------------------------------------------------------------------


def run_all_closed(data: pd.DataFrame | None, kw: dict[str, Any], ctx: Context) -> pd.DataFrame:
    """:func:`paramest.estimate_sizes` of every closed model, with progress on stderr."""
    from ..inversion import estimate_sizes

    prog = Progress(0, "estimating closed models", stream=ctx.err.stream,
                    width=ctx.err.width, enabled=not ctx.quiet)

    def report(done: int, total: int, what: Any = "") -> None:
        prog.total = int(total)
        prog.update(int(done), str(what or ""))

    try:
        return estimate_sizes(data=data, closed_only=True, progress=report, **kw)
    finally:
        prog.close()


def _table_values(key: str, ok: pd.DataFrame, ctx: Context) -> list[str]:
    if key == "weights":
        return [str(w) for w in ok["weights"]]
    if key == "estimate":
        # an interval open above has no meaningful centre: its lower bound is the answer
        up = ok.get("open_upper", pd.Series(False, index=ok.index)).astype(bool)
        return [f"> {format_params(lo)}" if o or not np.isfinite(p) else format_params(p)
                for p, lo, o in zip(ok["params_b"].astype(float), ok["lower_b"].astype(float), up)]
    if key == "interval":
        return [format_interval(lo, hi) for lo, hi in zip(ok["lower_b"], ok["upper_b"])]
    if key == "published":
        return [_fmt_b(v) for v in ok.get("disclosed_b", pd.Series([np.nan] * len(ok)))]
    if key == "beyond":
        return [f"+{e:.1f} dex" if e > 0.05 else "" for e in ok["extrapolation_dex"].astype(float)]
    if key == "form":
        return ["rests on form" if d else "" for d in ok["form_dependent"]]
    if key == "benchmarks":
        return [" + ".join(b) for b in ok["benchmarks"]]
    if key == "flags":
        shown = {"extrapolation", "rests-on-form", "not-recalibrated", "open-interval"}
        codes = ok["flag_codes"] if "flag_codes" in ok else [
            [flag_code(f) for f in fs if flag_code(f)] for fs in ok["flags"]]
        return [", ".join(c for c in cs if c not in shown) for cs in codes]
    if key == "refusal":
        return [_fmt_b(v) for v in ok.get("refusal_adjusted_b", pd.Series([np.nan] * len(ok)))]
    if key == "variants":
        return [_joined(v) for v in ok["variants"]]
    raise KeyError(key)  # pragma: no cover - keys come from TABLE_COLUMNS


def parse_columns(text: str | None) -> list[str] | None:
    """``--columns a,b,c`` as table keys, checked."""
    if text is None:
        return None
    keys = [k.strip().lower() for k in text.split(",") if k.strip()]
    bad = [k for k in keys if k not in TABLE_COLUMNS]
    if bad or not keys:
        raise UsageError(f"--columns: unknown column(s) {', '.join(bad) or '(none given)'}; "
                         f"choose from {','.join(TABLE_COLUMNS)}")
    return list(dict.fromkeys(keys))


def _closed_table(ok: pd.DataFrame, pct: str, chosen: list[str] | None, ctx: Context) -> None:
    keys = chosen or [k for k in TABLE_COLUMNS]
    cols = []
    for k in keys:
        header, numeric, prio = TABLE_COLUMNS[k]
        values = _table_values(k, ok, ctx)
        if chosen is None and k not in ("weights", "estimate") and not any(values):
            continue  # an empty column says nothing
        cols.append(Column(k, header.format(pct=pct), values, numeric, 0 if chosen else prio))
    dropped = ctx.term.table(cols, drop=chosen is None)
    if dropped:
        example = ",".join(["weights", "estimate", dropped[0]])
        ctx.term.para(f"(not shown at width {ctx.term.width}: {', '.join(dropped)}; set COLUMNS "
                      f"wider, or choose columns, e.g. --columns {example})")


def _interval_words(df: pd.DataFrame, pct: str) -> str:
    raw = [any(is_not_recalibrated(f) for f in fs) for fs in df.get("flags", [])]
    if raw and all(raw):
        return f"{pct} intervals, not recalibrated (the raw posterior's; they may be too narrow)"
    if any(raw):
        return (f"{pct} intervals, recalibrated on held-out open models except {sum(raw)} "
                "(flag not-recalibrated)")
    return f"{pct} intervals, recalibrated on held-out open models"


def _all_closed(args: argparse.Namespace, ctx: Context, data: pd.DataFrame | None,
                kw: dict[str, Any]) -> int:
    from ..ingest import data_version

    chosen = parse_columns(args.columns)
    df = run_all_closed(data, kw, ctx)
    if df.empty:
        raise InputError("no closed model has a score on the chosen benchmarks")
    err = df["error"].fillna("") if "error" in df else pd.Series([""] * len(df))
    failed, ok = df[err != ""], df[err == ""]
    ok = ok.sort_values("params_b", ascending=False, kind="mergesort").reset_index(drop=True)
    used = sorted({b for bs in ok["benchmarks"] for b in bs})
    unused = df.attrs.get("unused_benchmarks", {})
    if args.plot:
        _forest_plot(ok, args.plot, ctx)
    if args.csv:
        ctx.csv(_csv_frame(pd.concat([ok, failed], ignore_index=True)))
        return 0
    if args.json:
        ctx.json({"data_version": str(data_version()), "level": args.level,
                  "benchmarks_used": used, "benchmarks_not_used": unused, "n_weights": len(ok),
                  "estimates": ok.to_dict(orient="records"),
                  "failed": failed[[c for c in ("model", "weights", "error") if c in failed]]
                  .to_dict(orient="records"), "notes": ctx.notes()})
        return 0
    pct = f"{100 * args.level:g}%"
    t = ctx.term
    t.para(f"paramest: {len(ok)} closed sets of weights, largest first; data {data_version()}; "
           f"benchmarks used: {', '.join(used)}; {_interval_words(ok, pct)}")
    for b, why in unused.items():
        t.para(f"  {b} not used: {cli_message(why)}", indent="    ")
    t.write()
    _closed_table(ok, pct, chosen, ctx)
    if len(failed):
        t.write()
        t.para(f"{len(failed)} model(s) without an estimate:")
        for r in failed.itertuples(index=False):
            t.para(f"  {r.model}: {cli_message(r.error)}", indent="    ")
    ctx.print_notes()
    return 0


def _forest_plot(ok: pd.DataFrame, path: str, ctx: Context) -> None:
    from ..ingest import load_reference_estimates
    from ..plots import plot_forest

    use_agg()
    ref = load_reference_estimates().rename(columns={"estimate_b": "params_b"})
    ref["label"] = "IKP's published estimate"
    disc = ok[np.isfinite(ok["disclosed_b"].astype(float))]
    ref = pd.concat([ref[["model", "params_b", "lower_b", "upper_b", "label"]],
                     pd.DataFrame({"model": disc["model"], "params_b": disc["disclosed_b"],
                                   "label": "published size"})], ignore_index=True)
    ctx.add(f"plot saved to {save_plot(plot_forest(ok, reference=ref), path)}")


def _csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The stable CSV columns: raw numbers in billions, the formatted interval, lists joined."""
    out = pd.DataFrame(index=df.index)
    for c in CSV_COLUMNS:
        if c == "flag_codes" and c not in df and "flags" in df:
            out[c] = [";".join(x for x in map(flag_code, fs) if x) for fs in df["flags"]]
        elif c not in df:
            out[c] = ""
        elif c in ("benchmarks", "variants", "flag_codes"):
            out[c] = [_joined(v, ";") for v in df[c]]
        elif c == "flags":
            out[c] = [_joined(v, " | ") for v in df[c]]
        else:
            out[c] = df[c]
    for c in sorted(c for c in df if str(c).startswith("score_")):
        out[c] = df[c]
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------------------
# one model
# --------------------------------------------------------------------------------------


def interval_statement(est: Any) -> str:
    """What the interval is, said once: its level and whether it was recalibrated."""
    pct = f"{100 * est.level:g}%"
    rec = getattr(est, "recalibration", None)
    if rec:
        return (f"interval: {pct}, recalibrated on {rec.get('n', '?')} held-out open models "
                f"({rec.get('group', 'all')} group)")
    return (f"interval: {pct}, not recalibrated (non-default settings, or calibration data "
            "unlike the shipped data): the raw posterior's, which may be too narrow")


def _one(args: argparse.Namespace, ctx: Context, data: pd.DataFrame | None,
         kw: dict[str, Any]) -> int:
    from ..inversion import estimate_size

    if args.columns:
        raise UsageError("--columns chooses the columns of --all-closed; it does not apply "
                         "to one model")
    if args.model is not None:
        est = estimate_size(args.model, data=data, **kw)
    else:
        est = estimate_size(parse_scores(args.score), data=data, **kw)
    if args.plot:
        from ..plots import plot_estimate

        use_agg()
        ctx.add(f"plot saved to {save_plot(plot_estimate(est), args.plot)}")
    if args.csv:
        ctx.csv(_csv_frame(est.to_frame()))
        return 0
    if args.json:
        ctx.json({**est.to_dict(), "notes": ctx.notes()})
        return 0
    _one_text(est, ctx)
    return 0


def _one_text(est: Any, ctx: Context) -> None:
    t = ctx.term
    t.para(str(est).split("\n")[0])
    t.para(interval_statement(est))
    t.para(f"data {est.data_version}" + ("" if est.data_source == "shipped"
                                         else f" + user data {est.data_source}"))
    per = est.per_benchmark
    if len(per):
        pct = f"{100 * est.level:g}%"
        t.write()
        t.table([
            Column("benchmark", "benchmark", [str(b) for b in per["benchmark"]], priority=0),
            Column("score", "score", [f"{v:.3g}" for v in per["score"]], True, 0),
            Column("setting", "setting", [str(m) for m in per["model"].fillna("")], False, 3),
            Column("estimate", "estimate", [format_params(v) for v in per["params_b"]], True, 0),
            Column("interval", f"{pct} interval",
                   [format_interval(lo, hi) for lo, hi in zip(per["lower_b"], per["upper_b"])],
                   True, 1),
            Column("open", "open models", [str(n) for n in per["n_calibration"]], True, 2),
        ])
    if len(est.forms) > 1:
        t.write()
        parts = [f"{form} {format_params(v['params_b'])} "
                 f"({format_interval(v['lower_b'], v['upper_b'])})"
                 + (", used" if form == est.form else ", for comparison")
                 for form, v in est.forms.items()]
        t.para("curve forms: " + "; ".join(parts))
    flags = [f for f in est.flags if not is_not_recalibrated(f)]
    if flags:
        t.write()
        for f in flags:
            sev = getattr(f, "severity", "info")
            t.para(f"{'warning' if sev == 'warning' else 'flag'}: {cli_message(str(f))}")
    ctx.print_notes()


def parse_scores(items: list[str]) -> dict[str, str]:
    """``--score BENCH=SCORE`` (repeatable) as a dict."""
    out: dict[str, str] = {}
    for item in items:
        k, sep, v = (s.strip() for s in item.partition("="))
        if not sep or not k or not v:
            raise UsageError(f"malformed --score {item!r}: use BENCHMARK=SCORE, e.g. "
                             "--score simpleqa=0.62")
        if k in out:
            raise UsageError(f"--score {k} given twice; give one score per benchmark")
        out[k] = v
    return out


def cmd_estimate(args: argparse.Namespace, ctx: Context) -> int:
    """Run ``paramest estimate``.

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
    >>> main(["estimate", "--help"])  # doctest: +SKIP
    0
    """
    modes = sum([args.model is not None, bool(args.score), args.all_closed])
    if modes != 1:
        raise UsageError("estimate needs exactly one of: a MODEL name, --score BENCH=SCORE "
                         "(repeatable), or --all-closed")
    if args.csv and args.json:
        raise UsageError("give one of --csv and --json, not both")
    bench = benchmark_list(args.benchmarks)
    data = load_user_data(args, ctx)
    kw = {"level": args.level, "benchmarks": bench, **settings(args)}
    if args.all_closed:
        return _all_closed(args, ctx, data, kw)
    return _one(args, ctx, data, kw)
