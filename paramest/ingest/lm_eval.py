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
        metric keys).
    """

    rows: list[dict]
    skipped: list[dict]
    model: str
    notes: list[str] = field(default_factory=list)


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
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    f = float(v)
    return f if math.isfinite(f) else None


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
        o, e = c.get("original"), c.get("effective")
        if _number(o) is not None and _number(e) is not None:
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


def _shots(task: str, obj: Mapping, cfg: Mapping) -> float:
    nshot = obj.get("n-shot")
    if isinstance(nshot, Mapping) and task in nshot:
        v = nshot[task]
        if isinstance(v, str) and v.strip().isdigit():
            v = int(v)
        if _number(v) is not None:
            return float(v)
    tcfg = (obj.get("configs") or {}).get(task) if isinstance(obj.get("configs"), Mapping) else None
    if isinstance(tcfg, Mapping) and _number(tcfg.get("num_fewshot")) is not None:
        return float(tcfg["num_fewshot"])
    if _number(cfg.get("num_fewshot")) is not None:
        return float(cfg["num_fewshot"])
    return math.nan


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
        The score rows, the skipped entries, the model name and notes.

    Raises
    ------
    FileFormatError
        Not a harness results object, no model name, or no task that maps (the message
        names what was found, and mapped tasks whose metric is missing).
    """
    if not isinstance(obj, Mapping) or not isinstance(obj.get("results"), Mapping):
        raise FileFormatError(f"{label}: not an lm-evaluation-harness results file "
                              "(expected a top-level 'results' object)")
    cfg = obj.get("config") if isinstance(obj.get("config"), Mapping) else {}
    args = _model_args(cfg)
    notes: list[str] = []
    if model is None:
        for cand in (obj.get("model_name"), cfg.get("model_name"), args.get("pretrained"),
                     args.get("model"), args.get("model_name"), args.get("path")):
            if isinstance(cand, str) and cand.strip():
                model = cand.strip()
                break
    open_w = None
    if args.get("pretrained"):
        open_w = True
        notes.append(f"open weights: config.model_args names pretrained={args['pretrained']} "
                     "(the harness loaded the weights)")
    size_b = math.nan
    raw = cfg.get("model_num_parameters", obj.get("model_num_parameters"))
    if raw is not None:
        n = _number(raw)
        if n is not None and n > 0:
            size_b = n / 1e9
            notes.append(f"size {size_b:.4g}B from config.model_num_parameters ({int(n)} "
                         "parameters, as counted by the harness)")
        else:
            notes.append(f"config.model_num_parameters is {raw!r}; no size taken from it")
    table = _task_table()
    extra = dict(tasks or {})
    samples = obj.get("n-samples") if isinstance(obj.get("n-samples"), Mapping) else {}
    subtasks = obj.get("group_subtasks") if isinstance(obj.get("group_subtasks"), Mapping) else {}
    limit = _number(cfg.get("limit"))
    entries = list(obj["results"].items())
    groups = obj.get("groups")
    if isinstance(groups, Mapping):
        entries += [(k, v) for k, v in groups.items() if k not in obj["results"]]
    children = _descendants([t for t, _ in entries if t in extra or t in table], subtasks)
    rows, skipped, missing = [], [], []
    for i, (task, metrics) in enumerate(entries):
        def skip(reason: str, _i: int = i, _t: object = task) -> None:
            skipped.append({"row": _i, "model": None, "benchmark": _t, "reason": reason})

        if task in extra:
            bench, metric = extra[task]
            legacy: tuple[str, ...] = ()
        elif task in table:
            bench, metric, legacy = table[task]
        elif task in children:
            skip("subtask of a mapped group (the group's score is read)")
            continue
        elif str(task).startswith("hendrycksTest-"):
            skip("a v0.3 MMLU subject; paramest reads MMLU as one score (the v0.4 group 'mmlu')")
            continue
        else:
            skip("task not mapped to a paramest benchmark (map it with tasks={task: benchmark})")
            continue
        if not isinstance(metrics, Mapping):
            why = f"its entry is a {type(metrics).__name__}, not a dict of metrics"
            skip(why)
            missing.append(f"{task} ({why})")
            continue
        key, val, how = _pick_metric(metrics, metric, legacy)
        if key is None:
            skip(how)
            missing.append(f"{task} ({how})")
            continue
        num = _number(val)
        if num is None:
            skip(f"metric {key!r} is {val!r}, not a number")
            missing.append(f"{task} (metric {key!r} is {val!r})")
            continue
        if how == "v0.3 metric name":
            notes.append(f"{task}: old (v0.3) metric name {key!r} read for {metric!r}; the v0.3 "
                         "task may score differently from the current one (see lm_eval_tasks.csv)")
        elif how:
            notes.append(f"{task}: {how}")
        nq = math.nan
        counts = _counts(task, samples, subtasks)
        if counts is not None and counts[1] < counts[0]:
            nq = float(counts[1])
            notes.append(f"{task}: a --limit run, scored on {counts[1]} of {counts[0]} questions; "
                         f"n_questions={counts[1]} so the binomial noise matches")
        elif counts is None and limit is not None and limit > 0:
            full = (n_questions or {}).get(bench)
            if limit >= 1:
                nq = float(min(limit, full)) if full else float(limit)
                notes.append(f"{task}: a --limit run (config.limit={limit:g}, no n-samples in the "
                             f"file); n_questions={nq:g}" + ("" if full else " at most"))
            elif full:
                nq = float(round(limit * full))
                notes.append(f"{task}: a --limit run on a fraction {limit:g} of the questions; "
                             f"n_questions={nq:g}")
            else:
                notes.append(f"{task}: a --limit run on a fraction {limit:g} of the questions; "
                             "the question count is unknown, so n_questions is not set")
        rows.append({"model": model, "benchmark": bench, "score": num,
                     "source": f"{label}: lm-eval task {task} ({key})",
                     "shots": _shots(task, obj, cfg), "n_questions": nq,
                     "open_weights": open_w, "total_params_b": size_b})
    for sk in skipped:
        sk["model"] = model
    if rows and model is None:
        raise FileFormatError(f"{label}: the file does not name the model (no model_name, "
                              "no pretrained= in config.model_args); pass model='...'")
    if not rows:
        found = [str(t) for t, _ in entries]
        v03 = [s["benchmark"] for s in skipped if str(s["reason"]).startswith("a v0.3 MMLU")]
        if v03:
            raise FileFormatError(
                f"{label}: no task maps to a paramest benchmark: {', '.join(v03[:3])}"
                f"{' ...' if len(v03) > 3 else ''} are v0.3 MMLU subjects, and paramest reads "
                "MMLU only as the aggregate score of the v0.4 'mmlu' group. Re-run with a "
                "current harness (task mmlu), or average the subjects yourself and pass a table "
                "to paramest.read_scores.")
        if missing:
            raise FileFormatError(
                f"{label}: no usable score: mapped task(s) without a usable metric: "
                f"{'; '.join(missing)}. Pass tasks={{task: (benchmark, metric key)}} to pick "
                "another metric.")
        raise FileFormatError(
            f"{label}: no task maps to a paramest benchmark (found {', '.join(found[:10])}"
            f"{' ...' if len(found) > 10 else ''}); mapped tasks: {', '.join(sorted(table))}. "
            "For another task, declare its benchmark with paramest.register_benchmark(...) and "
            "pass tasks={task: benchmark}.")
    return LmEvalRows(rows=rows, skipped=skipped, model=model, notes=notes)
