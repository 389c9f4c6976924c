"""The lm-evaluation-harness reader: harness results JSON -> score rows.

:func:`lm_eval_rows` only parses; :func:`paramest.read_lm_eval` (in
:mod:`paramest.ingest.readers`) turns the rows into a checked score frame with a report.

What a results file holds (``lm_eval/result_schema.py`` in the harness): ``results`` and
``groups`` (task or group -> ``"metric,filter"`` -> value), ``group_subtasks``, ``n-shot``,
``n-samples`` (``original`` and ``effective`` question counts, the latter smaller after
``--limit``), and ``config`` (``model``, ``model_args``, ``model_num_parameters``,
``num_fewshot`` and ``limit`` in older versions). Files from harness v0.3 have plain
metric names (``acc``) and no ``n-shot``/``n-samples``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import FileFormatError
from .report import escape
from .tables import read_shipped

__all__ = ["LmEvalRows", "lm_eval_rows", "lm_eval_tasks"]

_NOT_METRICS = {"alias", "name", "sample_len", "sample_count", "samples"}


@functools.cache
def _task_table() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    t = read_shipped("lm_eval_tasks.csv")
    legacy = t["v03_metric"] if "v03_metric" in t else [""] * len(t)
    out = {}
    for task, bench, metric, old in zip(t["task"], t["benchmark"], t["metric"], legacy):
        names = tuple(x.strip() for x in str(old).split(";") if x.strip() and str(old) != "nan")
        out[task] = (bench, metric, names)
    return out


def lm_eval_tasks() -> dict[str, tuple[str, str]]:
    """Harness task name -> (benchmark id, metric key), from the shipped ``lm_eval_tasks`` table.

    Returns
    -------
    dict of str -> (str, str)
        ``{task: (benchmark id, metric key)}``; a metric key is in the harness's
        ``"metric,filter"`` form, e.g. ``"acc,none"``.
    """
    return {task: (b, m) for task, (b, m, _) in _task_table().items()}


@dataclass
class LmEvalRows:
    """What :func:`lm_eval_rows` found: score rows, skipped entries, the model and notes.

    Attributes
    ----------
    rows : list of dict
        One per score read: ``model, benchmark, score, source, shots, n_questions,
        open_weights, total_params_b`` (NaN or None where the file does not say).
    skipped : list of dict
        One per task or group not read: ``row, model, benchmark`` (the task name) and
        ``reason``.
    model : str
        The model name given, or read from the file.
    notes : list of str
        What was taken from the file and how (size, open weights, ``--limit`` runs,
        metric keys, shot counts).
    alerts : list of str
        What the user must act on (a mapped task without a usable metric, a task whose
        score differs between ``results`` and ``groups``); the reader warns with them.
    size_b : float
        The size the file states, in billions (NaN if none).
    """

    rows: list[dict]
    skipped: list[dict]
    model: str
    notes: list[str] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)
    size_b: float = math.nan


def _model_args(cfg: Mapping) -> dict[str, str]:
    args = cfg.get("model_args")
    if isinstance(args, Mapping):
        return {str(k): str(v) for k, v in args.items()}
    if isinstance(args, str):
        out = {}
        for part in args.split(","):
            k, sep, v = part.partition("=")
            if sep:
                out[k.strip()] = v.strip()
        return out
    return {}


def _number(v: Any) -> float | None:
    """A finite float from a JSON number (an int beyond any float is not one)."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    if isinstance(v, int) and v.bit_length() > 128:
        return None
    f = float(v)
    return f if math.isfinite(f) else None


def _number_or_text(v: Any) -> float | None:
    """``10``, ``"10"``, ``0.5`` or ``"0.5"`` as a float; None for anything else."""
    if isinstance(v, str):
        t = v.strip()
        if not t or len(t) > 30:
            return None
        try:
            f = float(t)
        except ValueError:
            return None
        return f if math.isfinite(f) else None
    return _number(v)


def _pick_metric(metrics: Mapping, preferred: str | None,
                 legacy: tuple[str, ...]) -> tuple[str | None, Any, str]:
    """(key, value, how) for a task's metrics; key None when nothing usable (how = why)."""
    keys = [k for k in metrics if isinstance(k, str) and k not in _NOT_METRICS
            and "_stderr" not in k]
    if preferred is None:
        for k in keys:
            if _number(metrics[k]) is not None:
                return k, metrics[k], "first metric in the file (pass tasks={task: (benchmark, metric)})"
        return None, None, f"no numeric metric (found {keys})"
    if preferred in metrics:
        return preferred, metrics[preferred], ""
    base = preferred.split(",")[0]
    same = [k for k in keys if k.split(",")[0] == base]
    if same:
        return same[0], metrics[same[0]], f"{preferred!r} not in the file; used {same[0]!r}"
    for old in legacy:
        if old in metrics:
            return old, metrics[old], "v0.3 metric name"
    why = f"metric {preferred!r} not in the results (found {keys or 'none'})"
    if legacy:
        why += f"; the old v0.3 name {' or '.join(repr(x) for x in legacy)} is accepted too"
    return None, None, why


def _counts(task: str, samples: Mapping, subtasks: Mapping, depth: int = 0) -> tuple[int, int] | None:
    """(original, effective) question counts of a task or, summed over its subtasks, a group."""
    c = samples.get(task)
    if isinstance(c, Mapping):
        o, e = _number_or_text(c.get("original")), _number_or_text(c.get("effective"))
        if o is not None and e is not None:
            return int(o), int(e)
    kids = subtasks.get(task)
    if depth > 20 or not isinstance(kids, list) or not kids:
        return None
    total = [0, 0]
    for k in kids:
        sub = _counts(str(k), samples, subtasks, depth + 1)
        if sub is None:
            return None
        total[0] += sub[0]
        total[1] += sub[1]
    return total[0], total[1]


def _descendants(groups: list, subtasks: Mapping) -> set[str]:
    """Every subtask, at any depth, of the given groups."""
    out: set[str] = set()
    todo = [str(g) for g in groups]
    while todo:
        kids = subtasks.get(todo.pop())
        for k in kids if isinstance(kids, list) else []:
            if str(k) not in out:
                out.add(str(k))
                todo.append(str(k))
    return out


def _leaves(task: str, subtasks: Mapping) -> list[str]:
    """The tasks at the bottom of a group (the group itself when it has no subtasks)."""
    out, todo, seen = [], [task], set()
    while todo:
        t = todo.pop()
        kids = subtasks.get(t)
        if isinstance(kids, list) and kids and t not in seen:
            seen.add(t)
            todo.extend(str(k) for k in kids)
        else:
            out.append(t)
    return out


def _own_shots(task: str, obj: Mapping) -> tuple[float | None, str]:
    """A task's shot count from its own config, else from ``n-shot``; (None, '') if neither."""
    configs = obj.get("configs") if isinstance(obj.get("configs"), Mapping) else {}
    tcfg = configs.get(task)
    if isinstance(tcfg, Mapping):
        v = _number_or_text(tcfg.get("num_fewshot"))
        if v is not None:
            return v, f"configs[{task!r}].num_fewshot"
    nshot = obj.get("n-shot")
    if isinstance(nshot, Mapping) and task in nshot:
        v = _number_or_text(nshot[task])
        if v is not None:
            return v, f"n-shot[{task!r}]"
    return None, ""


def _shots(task: str, obj: Mapping, cfg: Mapping, subtasks: Mapping,
           notes: list[str]) -> float:
    """The shot count of a task; a group's is its subtasks' common count, noted."""
    leaves = _leaves(task, subtasks)
    if leaves != [task]:
        got = {_own_shots(t, obj)[0] for t in leaves}
        if len(got) == 1 and None not in got:
            v = got.pop()
            notes.append(f"{task}: {v:g}-shot, as every one of its {len(leaves)} subtasks' "
                         "configs says (the harness records a group itself as 0-shot)")
            return float(v)  # type: ignore[arg-type]
        if len(got - {None}) > 1:
            notes.append(f"{task}: its subtasks were run with different shot counts "
                         f"({', '.join(f'{x:g}' for x in sorted(got - {None}))}); shots not set")
            return math.nan
    v, _ = _own_shots(task, obj)
    if v is not None:
        return float(v)
    fallback = _number_or_text(cfg.get("num_fewshot"))
    return float(fallback) if fallback is not None else math.nan


def _size(cfg: Mapping, obj: Mapping, label: str, notes: list[str]) -> float:
    raw = cfg.get("model_num_parameters", obj.get("model_num_parameters"))
    if raw is None:
        return math.nan
    if isinstance(raw, int) and not isinstance(raw, bool) and raw.bit_length() > 64:
        raise FileFormatError(
            f"{label}: config.model_num_parameters is a number of about "
            f"{int(raw.bit_length() * 0.30103):,} digits, not a parameter count; fix the file "
            "or drop the key")
    n = _number(raw)
    if n is not None and n > 0:
        notes.append(f"size {n / 1e9:.4g}B from config.model_num_parameters ({int(n)} "
                     "parameters, as counted by the harness)")
        return n / 1e9
    notes.append(f"config.model_num_parameters is {escape(repr(raw))[:40]}; no size taken from it")
    return math.nan


def _limit(cfg: Mapping, notes: list[str]) -> float | None:
    """``config.limit`` in any form (10, "10", 0.5, "0.5"); None when not a positive number."""
    raw = cfg.get("limit")
    if raw is None or (isinstance(raw, str) and raw.strip().lower() in ("", "none", "null")):
        return None
    v = _number_or_text(raw)
    if v is None or v <= 0:
        notes.append(f"config.limit is {escape(repr(raw))[:40]}, not a positive number; read as "
                     "no limit")
        return None
    if isinstance(raw, str):
        notes.append(f"config.limit {raw!r} (text) read as the number {v:g}")
    return v


def _model_name(obj: Mapping, cfg: Mapping, args: Mapping) -> str | None:
    for cand in (obj.get("model_name"), cfg.get("model_name"), args.get("pretrained"),
                 args.get("model"), args.get("model_name"), args.get("path")):
        if isinstance(cand, str) and cand.strip():
            return cand.strip()
    return None


def _entries(obj: Mapping, notes: list[str], alerts: list[str], label: str) -> list[tuple]:
    """(task, metrics) of ``results``, then the groups only under ``groups``."""
    entries = list(obj["results"].items())
    groups = obj.get("groups")
    if isinstance(groups, Mapping):
        for k, v in groups.items():
            if k not in obj["results"]:
                entries.append((k, v))
            elif v != obj["results"][k] and isinstance(v, Mapping):
                msg = (f"{label}: task {k!r} has different metrics under 'results' and "
                       "'groups'; read the one under 'results'")
                notes.append(msg)
                alerts.append(msg)
    return entries


def _limit_questions(task: str, bench: str, counts: tuple[int, int] | None, limit: float | None,
                     n_questions: Mapping[str, float], notes: list[str]) -> float:
    """The question count of a --limit run (NaN when the run is not limited)."""
    if counts is not None and counts[1] < counts[0]:
        notes.append(f"{task}: a --limit run, scored on {counts[1]} of {counts[0]} questions; "
                     f"n_questions={counts[1]} so the binomial noise matches")
        return float(counts[1])
    if counts is not None or limit is None:
        return math.nan
    full = n_questions.get(bench)
    if limit >= 1:
        nq = float(min(limit, full)) if full else float(limit)
        notes.append(f"{task}: a --limit run (config.limit={limit:g}, no n-samples in the "
                     f"file); n_questions={nq:g}" + ("" if full else " at most"))
        return nq
    if full:
        nq = float(round(limit * full))
        notes.append(f"{task}: a --limit run on a fraction {limit:g} of the questions; "
                     f"n_questions={nq:g}")
        return nq
    notes.append(f"{task}: a --limit run on a fraction {limit:g} of the questions; the "
                 "question count is unknown, so n_questions is not set")
    return math.nan


@dataclass
class _Run:
    """What every task of one results file shares."""

    obj: Mapping
    cfg: Mapping
    label: str
    table: dict
    extra: dict
    samples: Mapping
    subtasks: Mapping
    limit: float | None
    n_questions: Mapping[str, float]
    children: set[str]


def _mapping(task: Any, run: _Run) -> tuple[str, str | None, tuple[str, ...]] | str:
    """(benchmark, metric, legacy names) of a task, or the reason it is skipped."""
    if task in run.extra:
        bench, metric = run.extra[task]
        return bench, metric, ()
    if task in run.table:
        return run.table[task]
    if task in run.children:
        return "subtask of a mapped group (the group's score is read)"
    if str(task).startswith("hendrycksTest-"):
        return "a v0.3 MMLU subject; paramest reads MMLU as one score (the v0.4 group 'mmlu')"
    return "task not mapped to a paramest benchmark (map it with tasks={task: benchmark})"


def _read_task(task: Any, metrics: Any, mapped: tuple, run: _Run, notes: list[str]
               ) -> tuple[dict | None, str]:
    """A mapped task's row, or (None, why it has no usable metric)."""
    bench, metric, legacy = mapped
    if not isinstance(metrics, Mapping):
        return None, f"its entry is a {type(metrics).__name__}, not a dict of metrics"
    key, val, how = _pick_metric(metrics, metric, legacy)
    if key is None:
        return None, how
    num = _number(val)
    if num is None:
        return None, f"metric {key!r} is {str(val)[:40]!r}, not a number"
    if how == "v0.3 metric name":
        notes.append(f"{task}: old (v0.3) metric name {key!r} read for {metric!r}; the v0.3 "
                     "task may score differently from the current one (see lm_eval_tasks.csv)")
    elif how:
        notes.append(f"{task}: {how}")
    nq = _limit_questions(task, bench, _counts(task, run.samples, run.subtasks), run.limit,
                          run.n_questions, notes)
    return {"model": None, "benchmark": bench, "score": num,
            "source": f"{run.label}: lm-eval task {task} ({key})",
            "shots": _shots(task, run.obj, run.cfg, run.subtasks, notes),
            "n_questions": nq}, ""


def _no_rows_error(label: str, entries: list, skipped: list[dict], missing: list[str],
                   table: dict) -> FileFormatError:
    found = [str(t) for t, _ in entries]
    v03 = [s["benchmark"] for s in skipped if str(s["reason"]).startswith("a v0.3 MMLU")]
    if v03:
        return FileFormatError(
            f"{label}: no task maps to a paramest benchmark: {', '.join(v03[:3])}"
            f"{' ...' if len(v03) > 3 else ''} are v0.3 MMLU subjects, and paramest reads "
            "MMLU only as the aggregate score of the v0.4 'mmlu' group. Re-run with a "
            "current harness (task mmlu), or average the subjects yourself and pass a table "
            "to paramest.read_scores.")
    if missing:
        return FileFormatError(
            f"{label}: no usable score: mapped task(s) without a usable metric: "
            f"{'; '.join(missing[:10])}. Pass tasks={{task: (benchmark, metric key)}} to pick "
            "another metric.")
    return FileFormatError(
        f"{label}: no task maps to a paramest benchmark (found {', '.join(found[:10])}"
        f"{' ...' if len(found) > 10 else ''}); mapped tasks: {', '.join(sorted(table))}. "
        "For another task, declare its benchmark with paramest.register_benchmark(...) and "
        "pass tasks={task: benchmark}.")


def lm_eval_rows(obj: Any, *, model: str | None, label: str,
                 tasks: Mapping[str, tuple[str, str | None]] | None = None,
                 n_questions: Mapping[str, float] | None = None) -> LmEvalRows:
    """Score rows ``(model, benchmark, score, source, shots, n_questions, open_weights,
    total_params_b)`` from a harness results object.

    Parameters
    ----------
    obj : dict
        The parsed results JSON.
    model : str, optional
        Model name (default: from the file).
    label : str
        How to name the file in messages and sources.
    tasks : dict, optional
        Extra task mappings ``{task: (benchmark, metric or None)}``, tried before the table.
    n_questions : dict, optional
        Benchmark -> question count, to bound an old-style ``config.limit`` run.

    Returns
    -------
    LmEvalRows
        The score rows, the skipped entries, the model name, notes and alerts.

    Raises
    ------
    FileFormatError
        Not a harness results object, no model name, a size that is not a number, or no
        task that maps (the message names what was found, and mapped tasks whose metric
        is missing).

    Examples
    --------
    >>> run = {"results": {"mmlu": {"acc,none": 0.65}}, "n-shot": {"mmlu": "5"}}
    >>> r = lm_eval_rows(run, model="acme-7b", label="run.json")
    >>> r.rows[0]["benchmark"], r.rows[0]["score"], r.rows[0]["shots"]
    ('mmlu', 0.65, 5.0)
    """
    label = escape(label)
    if not isinstance(obj, Mapping) or not isinstance(obj.get("results"), Mapping):
        raise FileFormatError(f"{label}: not an lm-evaluation-harness results file "
                              "(expected a top-level 'results' object)")
    cfg = obj.get("config") if isinstance(obj.get("config"), Mapping) else {}
    args = _model_args(cfg)
    notes: list[str] = []
    alerts: list[str] = []
    model = model if model is not None else _model_name(obj, cfg, args)
    open_w = None
    if args.get("pretrained"):
        open_w = True
        notes.append(f"open weights: config.model_args names pretrained={args['pretrained']} "
                     "(the harness loaded the weights)")
    size_b = _size(cfg, obj, label, notes)
    table = _task_table()
    extra = dict(tasks or {})
    subtasks = obj.get("group_subtasks") if isinstance(obj.get("group_subtasks"), Mapping) else {}
    entries = _entries(obj, notes, alerts, label)
    run = _Run(obj=obj, cfg=cfg, label=label, table=table, extra=extra,
               samples=obj.get("n-samples") if isinstance(obj.get("n-samples"), Mapping) else {},
               subtasks=subtasks, limit=_limit(cfg, notes), n_questions=n_questions or {},
               children=_descendants([t for t, _ in entries if t in extra or t in table], subtasks))
    rows, skipped, missing = [], [], []
    for i, (task, metrics) in enumerate(entries):
        mapped = _mapping(task, run)
        if isinstance(mapped, str):
            skipped.append({"row": i, "model": model, "benchmark": task, "reason": mapped})
            continue
        row, why = _read_task(task, metrics, mapped, run, notes)
        if row is None:
            skipped.append({"row": i, "model": model, "benchmark": task, "reason": why})
            missing.append(f"{task} ({why})")
            continue
        row.update(model=model, open_weights=open_w, total_params_b=size_b)
        rows.append(row)
    if rows and model is None:
        raise FileFormatError(f"{label}: the file does not name the model (no model_name, "
                              "no pretrained= in config.model_args); pass model='...'")
    if not rows:
        raise _no_rows_error(label, entries, skipped, missing, table)
    if missing:
        alerts.append(f"{label}: mapped task(s) skipped for want of a usable metric: "
                      f"{'; '.join(missing[:5])}. Pass tasks={{task: (benchmark, metric key)}} "
                      "to pick another metric.")
    return LmEvalRows(rows=rows, skipped=skipped, model=model, notes=notes, alerts=alerts,
                      size_b=size_b)
