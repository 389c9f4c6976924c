"""How long paramest.read_scores takes on big files, how much memory it needs, and whether
every input within the limits stays inside the stated memory budget.

Generates score tables in a temporary folder, then loads each in a fresh Python process
and records the wall time of the ``read_scores`` call and the peak resident memory of that
process (its own peak, ``VmHWM``; interpreter, pandas and paramest's shipped tables included).

Cases:

- long (model, benchmark, score, params, release_date, open_weights; mostly model names
  paramest does not ship, some it does, 0.3% messy rows) and wide (one row per model, one
  percent column per knowledge benchmark, 30% empty) files of 100,000 and 1,000,000 rows;
- the largest inputs the limits allow (``paramest.ingest.readers``): a long file just under
  ``MAX_FILE_BYTES``, a long file of ``MAX_ROWS`` short rows, a wide file of
  ``MAX_SCORES`` scores, JSON records and Parquet at ``MAX_ROWS``, and the issue's
  500-column wide file;
- inputs that must be refused before they are expanded: the issue's Parquet file of 20M
  identical rows, and a file whose parameter cells are 2 KB and 100 KB of spaces.

Targets (issues 14 and 23): 1,000,000 rows (long or wide) in at most 30 s and 1.5 GB peak
RSS; 100,000 rows in at most 5 s; the long file at the size limit under 3 GB; every other
input within ``MEMORY_BUDGET_GB``. The 0.2.0 figures (the committed results before this
version) are kept in the output, next to the new ones.

Usage::

    python benchmarks/bigfile.py                 # every case
    python benchmarks/bigfile.py --quick         # the 100k and 1M cases only
    python benchmarks/bigfile.py --no-write      # print, do not write results

Writes ``benchmarks/results/bigfile.md`` and ``benchmarks/results/bigfile.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
OUT = HERE / "results"
GB = 1e9

CHILD = r"""
import json, resource, sys, time, warnings
t0 = time.perf_counter()
import paramest
t1 = time.perf_counter()
warnings.simplefilter("ignore")
out = {"import_s": t1 - t0}
try:
    df = paramest.read_scores(sys.argv[1])
except paramest.errors.ParamestError as e:
    out.update(outcome="refused", error=type(e).__name__, message=str(e)[:300])
else:
    rep = df.attrs["report"]
    assert rep.n_in == rep.n_loaded + len(rep.skipped)
    out.update(outcome="read", n_in=rep.n_in, n_loaded=rep.n_loaded, n_skipped=len(rep.skipped),
               frame_bytes=int(df.memory_usage(deep=True).sum()))
out["read_s"] = time.perf_counter() - t1
out["paramest"] = paramest.__file__
out["self_maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:  # the peak of this process's own memory: ru_maxrss keeps the parent's from before exec
    with open("/proc/self/status") as f:
        out["vmhwm_kb"] = next(int(x.split()[1]) for x in f if x.startswith("VmHWM:"))
except (OSError, StopIteration):
    pass
print(json.dumps(out))
"""


def knowledge_benchmarks() -> list[str]:
    import paramest

    b = paramest.load_benchmarks()
    return list(b.loc[b["kind"] == "knowledge", "benchmark"])


def shipped_names(k: int) -> list[str]:
    import paramest

    return list(paramest.load_models()["model"].head(k))


# --------------------------------------------------------------------------------------
# inputs
# --------------------------------------------------------------------------------------


def make_long(path: Path, n: int, seed: int = 0, messy: bool = True, short: bool = False) -> dict:
    """A long CSV of ``n`` rows; 1 row in 5 is a new model name, the first ones shipped.

    ``short``: model, benchmark, score only (the most rows per byte, for ``MAX_ROWS``).
    """
    rng = np.random.default_rng(seed)
    benches = knowledge_benchmarks()
    k = len(benches)
    names = np.array([f"acme-model-{i:07d}" for i in range(-(-n // k))], dtype=object)
    model = names[np.arange(n) // k]
    bench = np.array(benches, dtype=object)[np.arange(n) % k]
    ship = shipped_names(50)
    is_ship = np.zeros(n, dtype=bool)
    is_ship[: min(n, len(ship) * k)] = True
    model[is_ship] = np.array(ship, dtype=object)[np.arange(int(is_ship.sum())) // k]
    score = np.round(rng.uniform(0, 1, n), 4).astype(str).astype(object)
    cols = {"model": model, "benchmark": bench, "score": score}
    if messy:
        m = rng.random(n)
        score[m < 0.001] = "n/a"
        bench[(m >= 0.001) & (m < 0.002)] = "hellaswag"
        model[(m >= 0.002) & (m < 0.003)] = ""
    if not short:
        size = rng.choice(np.array(["7B", "13B", "70B", "46.7B", "235B-A22B", "1.6T", "350M"],
                                   dtype=object), n)
        size[is_ship] = ""
        year, month = rng.integers(2021, 2026, n), rng.integers(1, 13, n)
        date = np.char.add(np.char.add(year.astype(str), "-"), np.char.zfill(month.astype(str), 2))
        openw = rng.choice(np.array(["yes", "no", "open", "closed", ""], dtype=object), n)
        cols.update(params=size, release_date=date, open_weights=openw)
    pd.DataFrame(cols).to_csv(path, index=False)
    return {"rows": n, "bytes": path.stat().st_size}


def make_wide(path: Path, n: int, seed: int = 1, empty: float = 0.3, n_cols: int | None = None) -> dict:
    """A wide CSV of ``n`` rows, one percent column per knowledge benchmark (``empty`` empty).

    ``n_cols``: that many benchmark columns, the knowledge benchmarks repeated under other
    spellings being refused, so extra columns are unknown benchmarks (skipped, counted).
    """
    rng = np.random.default_rng(seed)
    benches = knowledge_benchmarks()
    heads = [f"{b} (%)" for b in benches]
    if n_cols is not None:
        heads += [f"bench_{i:03d} (%)" for i in range(n_cols - len(heads))]
    cols: dict = {"model": [f"acme-wide-{i:07d}" for i in range(n)],
                  "params": rng.choice(["7B", "70B", "405B"], n)}
    for h in heads:
        v = np.round(rng.uniform(0, 100, n), 1).astype(object)
        if empty:
            v[rng.random(n) < empty] = ""
        cols[h] = v
    pd.DataFrame(cols).to_csv(path, index=False)
    return {"rows": n, "bytes": path.stat().st_size, "benchmark_columns": len(heads)}


def make_json(path: Path, n: int, seed: int = 2) -> dict:
    rng = np.random.default_rng(seed)
    benches = knowledge_benchmarks()
    k = len(benches)
    scores = np.round(rng.uniform(0, 1, n), 4)
    with path.open("w") as f:
        f.write("[")
        for i in range(n):
            f.write(("," if i else "") + json.dumps(
                {"model": f"acme-json-{i // k:07d}", "benchmark": benches[i % k],
                 "score": float(scores[i])}))
        f.write("]")
    return {"rows": n, "bytes": path.stat().st_size}


def make_parquet(path: Path, n: int, seed: int = 3) -> dict:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    benches = knowledge_benchmarks()
    k = len(benches)
    pq.write_table(pa.table({
        "model": pa.array([f"acme-pq-{i // k:07d}" for i in range(n)]),
        "benchmark": pa.array(np.array(benches, dtype=object)[np.arange(n) % k]),
        "score": pa.array(np.round(rng.uniform(0, 1, n), 4))}), path)
    return {"rows": n, "bytes": path.stat().st_size}


def make_bomb(path: Path, n: int = 20_000_000, batch: int = 1_000_000) -> dict:
    """The issue's decompression bomb: ``n`` identical rows in a file of a few hundred KB."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    zeros = pa.array(np.zeros(batch, dtype=np.int32))
    t = pa.table({"model": pa.DictionaryArray.from_arrays(zeros, pa.array(["acme-1"])),
                  "benchmark": pa.DictionaryArray.from_arrays(zeros, pa.array(["ikp"])),
                  "score": pa.array(np.full(batch, 0.5))})
    with pq.ParquetWriter(path, t.schema) as w:
        for _ in range(n // batch):
            w.write_table(t)
    return {"rows": n, "bytes": path.stat().st_size}


def make_adversarial(path: Path, spaces: int, rows: int = 1000) -> dict:
    """Parameter cells of ``"7"``, ``spaces`` spaces and ``"x"`` (the issue's cubic regex)."""
    cell = "7" + " " * spaces + "x"
    with path.open("w") as f:
        f.write("model,benchmark,score,params\n")
        for i in range(rows):
            f.write(f'acme-{i},ikp,0.3,"{cell}"\n')
    return {"rows": rows, "bytes": path.stat().st_size}


# --------------------------------------------------------------------------------------
# measuring
# --------------------------------------------------------------------------------------


def measure(path: Path, code: str | None = None) -> dict:
    """Load ``path`` in a fresh process; the call's time and that process's peak RSS.

    The peak is the process's ``VmHWM`` (Linux): ``ru_maxrss`` of a child starts at its
    parent's resident size when it forks, so it would count the memory this script used
    to generate the file. ``code``: the folder of another paramest to import (0.2.0's).
    """
    # the code under test comes from PYTHONPATH alone: the child runs in the file's folder,
    # so `python -c` (which puts the working folder first on sys.path) cannot pick up another
    env = {**os.environ, "PYTHONPATH": str(code if code is not None else HERE.parent)}
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True,
                       check=False, env=env, cwd=path.parent)
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        return {"outcome": "crashed", "message": r.stderr[-300:], "read_s": wall,
                "peak_rss_bytes": None, "process_wall_s": wall}
    child = json.loads(r.stdout.strip().splitlines()[-1])
    peak = child.get("vmhwm_kb", child["self_maxrss_kb"])
    return {**child, "process_wall_s": wall, "peak_rss_bytes": int(peak) * 1024}


def plan(readers, quick: bool) -> list[dict]:
    """The cases: name, generator, expected outcome, targets, and the 0.2.0 case they match."""
    L = readers
    cases = [
        dict(case="long 100k", make=lambda p: make_long(p, 100_000), suffix="csv",
             target_s=5.0, base=("long", 100_000)),
        dict(case="wide 100k", make=lambda p: make_wide(p, 100_000), suffix="csv",
             target_s=5.0, base=("wide", 100_000)),
        dict(case="long 1M", make=lambda p: make_long(p, 1_000_000), suffix="csv",
             target_s=30.0, target_gb=1.5, base=("long", 1_000_000)),
        dict(case="wide 1M (5.6M scores)", make=lambda p: make_wide(p, 1_000_000), suffix="csv",
             target_s=30.0, target_gb=1.5, base=("wide", 1_000_000)),
    ]
    if quick:
        return cases
    cases += [
        dict(case="long at the size limit", make=lambda p: make_long_at_limit(p, L),
             suffix="csv", target_gb=3.0, base=("long", "limit")),
        dict(case="long at MAX_ROWS (short rows)",
             make=lambda p: make_long(p, L.MAX_ROWS, messy=False, short=True), suffix="csv"),
        dict(case="wide at MAX_SCORES",
             make=lambda p: make_wide(p, L.MAX_SCORES // len(knowledge_benchmarks()), empty=0.0),
             suffix="csv"),
        dict(case="wide, 500 columns, 85 MiB (issue)", make=make_wide_500,
             suffix="csv", expect="refused"),
        dict(case="JSON records at MAX_ROWS // 2", make=lambda p: make_json(p, L.MAX_ROWS // 2),
             suffix="json"),
        dict(case="Parquet at MAX_ROWS", make=lambda p: make_parquet(p, L.MAX_ROWS),
             suffix="parquet"),
        dict(case="Parquet bomb, 20M identical rows (issue)", make=make_bomb, suffix="parquet",
             expect="refused"),
        dict(case="2 KB parameter cells (issue)", make=lambda p: make_adversarial(p, 2000),
             suffix="csv", expect="refused"),
        dict(case="100 KB parameter cells", make=lambda p: make_adversarial(p, 100_000, 100),
             suffix="csv", expect="refused"),
    ]
    return cases


def _rows_for(path: Path, make, target_bytes: float, sample: int) -> int:
    """Rows of ``make`` that fill ``target_bytes``, from the bytes per row of a sample."""
    info = make(path, sample)
    return int(target_bytes / (info["bytes"] / info["rows"]))


def make_wide_500(path: Path) -> dict:
    """The issue's case: a 500-column wide file of 85 MiB."""
    def make(p, n):
        return make_wide(p, n, n_cols=500)
    return make(path, _rows_for(path, make, 85 * 2**20, 1000))


def make_long_at_limit(path: Path, readers) -> dict:
    n = _rows_for(path, make_long, readers.MAX_FILE_BYTES * 0.98, 100_000)
    info = make_long(path, n)
    if info["bytes"] > readers.MAX_FILE_BYTES:  # pragma: no cover - estimate was off
        info = make_long(path, int(n * 0.95))
    return info


def baseline() -> dict:
    """The 0.2.0 figures: kept from the results file, by (format, rows)."""
    p = OUT / "bigfile.json"
    if not p.exists():
        return {}
    old = json.loads(p.read_text())
    if "baseline_0.2.0" in old:
        return old["baseline_0.2.0"]
    out = {}
    for r in old.get("results", []):
        key = f"{r['format']}:{'limit' if r.get('at_size_limit') else r['rows']}"
        out[key] = {"rows": r["rows"], "read_s": r["read_s"], "peak_rss_bytes": r["peak_rss_bytes"],
                    "frame_bytes": r.get("frame_bytes"), "n_loaded": r.get("n_loaded"),
                    "bytes": r.get("bytes")}
    return {"meta": old.get("meta", {}), "results": out}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="only the 100k and 1M cases")
    ap.add_argument("--no-write", action="store_true", help="print, do not write results")
    ap.add_argument("--baseline", type=Path, default=None,
                    help="folder holding paramest 0.2.0's source (e.g. from `git archive 99244ee "
                         "paramest datasets`): its read of each 0.2.0 case is re-measured the "
                         "same way")
    args = ap.parse_args(argv)
    from paramest.ingest import readers

    base = baseline()
    budget = readers.MEMORY_BUDGET_GB * GB
    results = []
    with tempfile.TemporaryDirectory(prefix="paramest-bigfile-") as tmp:
        for c in plan(readers, args.quick):
            p = Path(tmp) / f"case.{c['suffix']}"
            info = c["make"](p)
            m = measure(p)
            again = measure(p, args.baseline) if args.baseline and c.get("base") else None
            p.unlink()
            b = base.get("results", {}).get(f"{c['base'][0]}:{c['base'][1]}") if c.get("base") else None
            row = {"case": c["case"], **info, **m, "expect": c.get("expect", "read"),
                   "target_s": c.get("target_s"), "target_rss_bytes": (c.get("target_gb") or 0) * GB or None,
                   "baseline_0.2.0": b, "remeasured_0.2.0": again}
            rss = m["peak_rss_bytes"]
            row["within_budget"] = rss is not None and rss <= budget
            row["meets_target"] = (m["outcome"] == row["expect"] and row["within_budget"]
                                   and (row["target_s"] is None or m["read_s"] <= row["target_s"])
                                   and (row["target_rss_bytes"] is None or rss <= row["target_rss_bytes"]))
            results.append(row)
            print(f"{c['case']:42s} {info['rows']:>11,d} rows {info['bytes'] / 2**20:8.1f} MiB  "
                  f"{m['outcome']:8s} {m['read_s']:7.2f} s  peak "
                  f"{(rss or 0) / GB:5.2f} GB  {'ok' if row['meets_target'] else 'MISSED'}",
                  flush=True)
    meta = {"date": dt.date.today().isoformat(), "python": platform.python_version(),
            "pandas": pd.__version__, "numpy": np.__version__, "machine": platform.machine(),
            "cpus": os.cpu_count(), "limits": {k: getattr(readers, k) for k in (
                "MAX_FILE_BYTES", "MAX_ROWS", "MAX_CELLS", "MAX_SCORES", "MAX_CELL_CHARS",
                "MAX_VALUE_CHARS", "MAX_JSON_DEPTH", "MAX_NUMBER_CHARS")},
            "memory_budget_gb": readers.MEMORY_BUDGET_GB,
            "method": "each file loaded by paramest.read_scores in a fresh Python process; "
                      "read s = wall time of the call (to the result or the refusal); peak = the "
                      "process's own peak resident memory (VmHWM; it includes the interpreter, "
                      "pandas and paramest's shipped tables)"}
    print("all cases meet their targets" if all(r["meets_target"] for r in results)
          else "SOME CASES MISS THEIR TARGETS")
    if args.no_write:
        return 0
    OUT.mkdir(exist_ok=True)
    doc = {"meta": meta, "results": results, "baseline_0.2.0": base}
    (OUT / "bigfile.json").write_text(json.dumps(doc, indent=2) + "\n")
    (OUT / "bigfile.md").write_text(render(meta, results, base))
    print(f"wrote {OUT / 'bigfile.md'} and {OUT / 'bigfile.json'}")
    return 0 if all(r["meets_target"] for r in results) else 1


def _gb(v: float | None) -> str:
    return "-" if not v else f"{v / GB:.2f}"


def render(meta: dict, results: list[dict], base: dict) -> str:
    lim = meta["limits"]
    lines = [
        "# Big files: read_scores time and memory",
        "",
        f"Generated by `python benchmarks/bigfile.py` on {meta['date']} (Python {meta['python']}, "
        f"pandas {meta['pandas']}, numpy {meta['numpy']}, {meta['cpus']} CPUs, {meta['machine']}).",
        "",
        f"Method: {meta['method']}. The 0.2.0 columns are the figures committed before this "
        f"version ({base.get('meta', {}).get('date', 'earlier')}, same generator and method).",
        "",
        f"**Memory budget: no input within the limits takes more than {meta['memory_budget_gb']:g} "
        "GB** (peak RSS, interpreter included). The limits "
        "(`paramest.ingest.readers`), checked before the data is expanded: "
        f"`MAX_FILE_BYTES` {lim['MAX_FILE_BYTES']:,} bytes ({lim['MAX_FILE_BYTES'] / 2**20:.0f} MiB), "
        f"`MAX_ROWS` {lim['MAX_ROWS']:,}, `MAX_CELLS` {lim['MAX_CELLS']:,}, `MAX_SCORES` "
        f"{lim['MAX_SCORES']:,}, `MAX_CELL_CHARS` {lim['MAX_CELL_CHARS']:,}, `MAX_VALUE_CHARS` "
        f"{lim['MAX_VALUE_CHARS']}, `MAX_JSON_DEPTH` {lim['MAX_JSON_DEPTH']}, `MAX_NUMBER_CHARS` "
        f"{lim['MAX_NUMBER_CHARS']}. An input over a limit is refused with a message saying how "
        "to split it (read the parts and pass them to `paramest.combine`).",
        "",
        "| case | rows | file MiB | outcome | read s | target s | peak GB | target GB | "
        "0.2.0 read s (committed) | 0.2.0 peak GB (committed) | 0.2.0 read s (re-measured) | "
        "0.2.0 peak GB (re-measured) | frame bytes/row (0.2.0) | loaded | meets target |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | "
        "---: | ---: | --- |",
    ]
    for r in results:
        b = r.get("baseline_0.2.0") or {}
        again = r.get("remeasured_0.2.0") or {}
        loaded = r.get("n_loaded")
        per = f"{r['frame_bytes'] / loaded:.0f}" if loaded else "-"
        ref = again if again.get("frame_bytes") else b
        if ref.get("frame_bytes") and ref.get("n_loaded"):
            per += f" ({ref['frame_bytes'] / ref['n_loaded']:.0f})"
        outcome = r["outcome"] + (f" ({r.get('error')})" if r["outcome"] == "refused" else "")
        cells = [r["case"], f"{r['rows']:,}", f"{r['bytes'] / 2**20:.1f}", outcome,
                 f"{r['read_s']:.2f}", f"{r['target_s']:g}" if r["target_s"] else "-",
                 _gb(r["peak_rss_bytes"]), _gb(r["target_rss_bytes"]),
                 f"{b['read_s']:.2f}" if b else "-", _gb(b.get("peak_rss_bytes")),
                 f"{again['read_s']:.2f}" if again else "-", _gb(again.get("peak_rss_bytes")),
                 per, "-" if loaded is None else f"{loaded:,}",
                 "yes" if r["meets_target"] else "**no**"]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Committed 0.2.0 figures: the results file before this version. They took the "
              "peak from `ru_maxrss`, which for a child process starts at its parent's resident "
              "size when it forks, so the later rows also count the memory the script used to "
              "generate the files; the re-measured columns run 0.2.0's code (commit 99244ee) on "
              "the same files with the method used here (the child's own `VmHWM`)."]
    refused = [r for r in results if r["outcome"] == "refused"]
    if refused:
        lines += ["", "Refusals (the start of each message):", ""]
        lines += [f"- {r['case']}: `{r['error']}`: {r['message'][:220]}" for r in refused]
    lines += ["", "Text columns (model, benchmark, developer, source...) are pandas categoricals: "
              "a small code per row into a sorted dictionary of names, where 0.2.0 held a "
              "string per row.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
