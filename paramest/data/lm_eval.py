"""The lm-evaluation-harness reader: harness results JSON -> score rows.

:func:`lm_eval_rows` only parses; :func:`paramest.read_lm_eval` (in
:mod:`paramest.data.readers`) turns the rows into a checked score frame with a report.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from ..errors import FileFormatError
from .tables import _read_csv

__all__ = ["lm_eval_rows", "lm_eval_tasks"]


@functools.cache
def lm_eval_tasks() -> dict[str, tuple[str, str]]:
    """Harness task name -> (benchmark id, metric key), from the shipped ``lm_eval_tasks`` table."""
    t = _read_csv("lm_eval_tasks.csv")
    return {task: (bench, metric) for task, bench, metric in zip(t["task"], t["benchmark"], t["metric"])}


def lm_eval_rows(obj: Any, *, model: str | None, label: str) -> tuple[list[dict], list[dict], str]:
    """Rows ``(model, benchmark, score, source)`` from a harness results object.

    Returns the rows, the skipped entries (``row, model, benchmark, reason``) and the model
    name used.

    Raises
    ------
    FileFormatError
        Not a harness results object, no model name, or no task that maps.
    """
    if not isinstance(obj, Mapping) or not isinstance(obj.get("results"), Mapping):
        raise FileFormatError(f"{label}: not an lm-evaluation-harness results file "
                              "(expected a top-level 'results' object)")
    if model is None:
        cfg = obj.get("config") or {}
        model = obj.get("model_name") or (cfg.get("model_name") if isinstance(cfg, Mapping) else None)
        args = cfg.get("model_args") if isinstance(cfg, Mapping) else None
        if model is None and isinstance(args, str):
            m = re.search(r"pretrained=([^,]+)", args)
            model = m.group(1) if m else None
        if model is None:
            raise FileFormatError(f"{label}: the file does not name the model; pass model='...'")
    tasks = lm_eval_tasks()
    rows, skipped = [], []
    for i, (task, metrics) in enumerate(obj["results"].items()):
        if task not in tasks:
            skipped.append({"row": i, "model": model, "benchmark": task,
                            "reason": "task not mapped to a paramest benchmark"})
            continue
        bench, metric = tasks[task]
        val = metrics.get(metric) if isinstance(metrics, Mapping) else None
        if val is None and isinstance(metrics, Mapping):
            # metric keys are 'name,filter'; accept the same name under another filter
            base = metric.split(",")[0]
            cands = [k for k in metrics if k.split(",")[0] == base and "stderr" not in k]
            val = metrics[cands[0]] if cands else None
        if val is None:
            skipped.append({"row": i, "model": model, "benchmark": task,
                            "reason": f"metric {metric!r} not in results"})
            continue
        rows.append({"model": model, "benchmark": bench, "score": val,
                     "source": f"{label}: lm-eval task {task} ({metric})"})
    if not rows:
        raise FileFormatError(f"{label}: no task maps to a paramest benchmark; mapped tasks: "
                              f"{', '.join(sorted(tasks))}")
    return rows, skipped, model
