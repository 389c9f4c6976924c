"""How long paramest.read_scores takes on big files, and how much memory it needs.

Generates score tables in a temporary folder (long format: model, benchmark, score, params,
release_date, open_weights; mostly model names that paramest does not ship, plus some it
does; a few messy rows: duplicates, unknown benchmarks, text scores), then loads each in a
fresh Python process and records the wall time of the ``read_scores`` call and the peak
resident memory of that process (``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``).

Targets (issue 14): 1,000,000 rows in at most 30 s and 1.5 GB peak RSS; 100,000 rows in at
most 5 s. The file-size limit (``paramest.ingest.readers.MAX_FILE_BYTES``) is also measured:
a file just under it is generated and loaded, so the limit is known to stay practical.

Usage::

    python benchmarks/bigfile.py                 # 100k and 1M rows, long and wide, + the limit
    python benchmarks/bigfile.py --rows 100000   # just one size
    python benchmarks/bigfile.py --no-limit      # skip the file at the size limit

Writes ``benchmarks/results/bigfile.md`` and ``benchmarks/results/bigfile.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
OUT = HERE / "results"
TARGETS = {100_000: (5.0, None), 1_000_000: (30.0, 1.5e9)}  # seconds, bytes (1.5 GB)

CHILD = r"""
import json, resource, sys, time, warnings
t0 = time.perf_counter()
import paramest
t1 = time.perf_counter()
warnings.simplefilter("ignore")
df = paramest.read_scores(sys.argv[1])
t2 = time.perf_counter()
rep = df.attrs["report"]
assert rep.n_in == rep.n_loaded + len(rep.skipped)
print(json.dumps({"import_s": t1 - t0, "read_s": t2 - t1, "n_in": rep.n_in,
                  "n_loaded": rep.n_loaded, "n_skipped": len(rep.skipped),
                  "n_conflicts": len(rep.conflicts),
                  "frame_bytes": int(df.memory_usage(deep=True).sum()),
                  "self_maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def shipped_names(k: int) -> list[str]:
    import paramest

    m = paramest.load_models()
    return list(m["model"].head(k))


def benchmarks() -> list[str]:
    import paramest

    b = paramest.load_benchmarks()
    return list(b.loc[b["kind"] == "knowledge", "benchmark"])


def make_long(path: Path, n: int, seed: int = 0) -> dict:
    """A long-format CSV of ``n`` rows; 1 row in 5 is a new model name, 1 in 50 is shipped."""
    rng = np.random.default_rng(seed)
    benches = benchmarks()
    k = len(benches)
    n_models = -(-n // k)
    names = np.array([f"acme-model-{i:07d}" for i in range(n_models)], dtype=object)
    # one row per (model, benchmark): model i has rows i*k .. i*k+k-1
    model = names[np.arange(n) // k]
    bench = np.array(benches, dtype=object)[np.arange(n) % k]
    ship = shipped_names(50)
    is_ship = np.zeros(n, dtype=bool)
    is_ship[: min(n, len(ship) * k)] = True  # the first models are shipped ones
    model[is_ship] = np.array(ship, dtype=object)[np.arange(int(is_ship.sum())) // k]
    score = np.round(rng.uniform(0, 1, n), 4).astype(str).astype(object)
    # messy rows, as real files have them: text scores, unknown benchmarks, empty names
    messy = rng.random(n)
    score[messy < 0.001] = "n/a"
    bench[(messy >= 0.001) & (messy < 0.002)] = "hellaswag"
    model[(messy >= 0.002) & (messy < 0.003)] = ""
    size = rng.choice(np.array(["7B", "13B", "70B", "46.7B", "235B-A22B", "1.6T", "350M"],
                               dtype=object), n)
    size[is_ship] = ""  # shipped models: the size comes from the model table
    year = rng.integers(2021, 2026, n)
    month = rng.integers(1, 13, n)
    date = np.char.add(np.char.add(year.astype(str), "-"), np.char.zfill(month.astype(str), 2))
    openw = rng.choice(np.array(["yes", "no", "open", "closed", ""], dtype=object), n)
    df = pd.DataFrame({"model": model, "benchmark": bench, "score": score, "params": size,
                       "release_date": date, "open_weights": openw})
    df.to_csv(path, index=False)
    return {"format": "long", "rows": n, "distinct_models": int(pd.Series(model).nunique()),
            "bytes": path.stat().st_size}


def make_wide(path: Path, n: int, seed: int = 1) -> dict:
    """A wide CSV of ``n`` rows (one per model), one column per knowledge benchmark (percent)."""
    rng = np.random.default_rng(seed)
    benches = benchmarks()
    cols = {"model": [f"acme-wide-{i:07d}" for i in range(n)],
            "params": rng.choice(["7B", "70B", "405B"], n)}
    for b in benches:
        v = np.round(rng.uniform(0, 100, n), 1).astype(object)
        v[rng.random(n) < 0.3] = ""  # not evaluated
        cols[f"{b} (%)"] = v  # the header says percent (values below 1 are then unambiguous)
    pd.DataFrame(cols).to_csv(path, index=False)
    return {"format": "wide", "rows": n, "distinct_models": n, "bytes": path.stat().st_size,
            "benchmark_columns": len(benches)}


def measure(path: Path) -> dict:
    """Load ``path`` in a fresh process; wall time and that process's peak RSS.

    The child reports its own ``ru_maxrss`` (RUSAGE_SELF) when done; the parent's
    RUSAGE_CHILDREN figure (the largest child so far) is kept as a cross-check.
    """
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True,
                       check=False)
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        raise RuntimeError(f"loading {path} failed:\n{r.stderr}")
    child = json.loads(r.stdout.strip().splitlines()[-1])
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kB on Linux
    return {**child, "process_wall_s": wall, "peak_rss_bytes": int(child["self_maxrss_kb"]) * 1024,
            "children_maxrss_bytes_so_far": int(children_kb) * 1024}


def rows_at_limit(bytes_per_row: float) -> int:
    from paramest.ingest import readers

    return int(readers.MAX_FILE_BYTES * 0.98 / bytes_per_row)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, action="append",
                    help="row counts to test (default: 100000 and 1000000)")
    ap.add_argument("--no-limit", action="store_true", help="skip the file at the size limit")
    ap.add_argument("--no-write", action="store_true", help="print, do not write results")
    args = ap.parse_args(argv)
    sizes = args.rows or [100_000, 1_000_000]
    from paramest.ingest import readers

    results = []
    with tempfile.TemporaryDirectory(prefix="paramest-bigfile-") as tmp:
        plan = []
        for n in sizes:
            plan.append(("long", n))
            plan.append(("wide", n))
        for kind, n in plan:
            p = Path(tmp) / f"{kind}_{n}.csv"
            info = (make_long if kind == "long" else make_wide)(p, n)
            m = measure(p)
            target_s, target_rss = TARGETS.get(n, (None, None))
            row = {**info, **m, "target_s": target_s, "target_rss_bytes": target_rss}
            row["meets_target"] = ((target_s is None or m["read_s"] <= target_s)
                                   and (target_rss is None or m["peak_rss_bytes"] <= target_rss))
            results.append(row)
            print(f"{kind:5s} {n:>9,d} rows  {info['bytes'] / 2**20:7.1f} MiB  "
                  f"read {m['read_s']:6.2f} s  peak RSS {m['peak_rss_bytes'] / 1e9:5.2f} GB  "
                  f"(loaded {m['n_loaded']:,}, skipped {m['n_skipped']:,})", flush=True)
            p.unlink()
        if not args.no_limit:
            longs = [r for r in results if r["format"] == "long"]
            bpr = (longs[-1]["bytes"] / longs[-1]["rows"]) if longs else 60.0
            n = rows_at_limit(bpr)
            p = Path(tmp) / "long_at_limit.csv"
            info = make_long(p, n)
            if info["bytes"] > readers.MAX_FILE_BYTES:  # pragma: no cover - estimate was off
                info = make_long(p, int(n * 0.95))
            m = measure(p)
            row = {**info, **m, "target_s": None, "target_rss_bytes": None,
                   "meets_target": None, "at_size_limit": True}
            results.append(row)
            print(f"limit {info['rows']:>9,d} rows  {info['bytes'] / 2**20:7.1f} MiB  "
                  f"read {m['read_s']:6.2f} s  peak RSS {m['peak_rss_bytes'] / 1e9:5.2f} GB",
                  flush=True)
    meta = {"date": dt.date.today().isoformat(), "python": platform.python_version(),
            "pandas": pd.__version__, "numpy": np.__version__, "machine": platform.machine(),
            "cpus": os.cpu_count(), "max_file_bytes": readers.MAX_FILE_BYTES,
            "method": "each file loaded by paramest.read_scores in a fresh Python process; "
                      "read_s = wall time of the call; peak RSS = ru_maxrss of that process "
                      "(includes the interpreter, pandas and paramest's shipped tables)"}
    if args.no_write:
        return 0
    OUT.mkdir(exist_ok=True)
    (OUT / "bigfile.json").write_text(json.dumps({"meta": meta, "results": results}, indent=2) + "\n")
    (OUT / "bigfile.md").write_text(render(meta, results))
    print(f"wrote {OUT / 'bigfile.md'} and {OUT / 'bigfile.json'}")
    return 0 if all(r["meets_target"] is not False for r in results) else 1


def render(meta: dict, results: list[dict]) -> str:
    lines = [
        "# Big files: read_scores time and memory",
        "",
        f"Generated by `python benchmarks/bigfile.py` on {meta['date']} (Python {meta['python']}, "
        f"pandas {meta['pandas']}, numpy {meta['numpy']}, {meta['cpus']} CPUs, {meta['machine']}).",
        "",
        f"Method: {meta['method']}.",
        "",
        "Files: long format (model, benchmark, score, params, release_date, open_weights), about "
        "one row per (model, benchmark) for new model names plus 50 shipped ones, and 0.3% messy rows (text "
        "scores, an unknown benchmark, empty names) that are skipped and reported; wide format "
        "has one row per new model and one percent column per knowledge benchmark, 30% empty.",
        "",
        "| format | rows | file MiB | distinct models | read s | target s | peak RSS GB | "
        "target GB | loaded | skipped | meets target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        fmt = r["format"] + (" (at size limit)" if r.get("at_size_limit") else "")
        ts = f"{r['target_s']:g}" if r["target_s"] else "-"
        tr = f"{r['target_rss_bytes'] / 1e9:.2f}" if r["target_rss_bytes"] else "-"
        ok = {True: "yes", False: "**no**", None: "-"}[r["meets_target"]]
        lines.append(f"| {fmt} | {r['rows']:,} | {r['bytes'] / 2**20:.1f} | {r['distinct_models']:,} "
                     f"| {r['read_s']:.2f} | {ts} | {r['peak_rss_bytes'] / 1e9:.2f} | {tr} "
                     f"| {r['n_loaded']:,} | {r['n_skipped']:,} | {ok} |")
    wide = [r for r in results if r["format"] == "wide" and r["meets_target"] is False]
    for r in wide:
        lines += ["", f"The wide file of {r['rows']:,} rows holds {r['n_loaded']:,} scores, one output "
                  f"row each: the returned frame alone takes {r['frame_bytes'] / 1e9:.2f} GB "
                  "(`df.memory_usage(deep=True)`), so the peak cannot stay under a target set for "
                  f"{r['rows']:,} score rows. The long file of {r['rows']:,} rows (one score a row) "
                  "is the case the target describes."]
    lines += ["", f"Size limit: `paramest.ingest.readers.MAX_FILE_BYTES` = {meta['max_file_bytes']:,} "
              f"bytes ({meta['max_file_bytes'] / 2**20:.0f} MiB); larger files are refused with a "
              "message saying how to filter them or raise the limit.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
