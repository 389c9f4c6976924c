"""The widest line each ``paramest`` command prints, with ``COLUMNS`` unset, 80 and 120.

Each command runs in its own process with stdout piped (not a terminal), as in a log or a
notebook cell, so "unset" means the default width. The script also reports the CPU time
of the main job (``paramest estimate --all-closed``), from the child processes' rusage.

    python benchmarks/cli_widths.py                  # every command (about 5 minutes)
    python benchmarks/cli_widths.py --skip-all-closed

Results are printed, and written to ``benchmarks/results/cli_widths.{md,json}``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = (None, 80, 120)

COMMANDS: list[list[str]] = [
    ["estimate", "gpt-4o"],
    ["estimate", "--score", "simpleqa=0.42", "--score", "ikp=0.55"],
    ["estimate", "--all-closed"],
    ["fit", "ikp"],
    ["compare", "ikp"],
    ["validate", "--benchmarks", "ikp", "--split", "extrapolation"],
    ["benchmarks"],
    ["datasets"],
    ["models"],
    ["ingest", "EXAMPLE", "--new-benchmark", "factrecall,chance=0,n_questions=500"],
    ["--help"],
    ["estimate", "--help"],
]


def _example() -> str:
    sys.path.insert(0, str(ROOT))
    import paramest

    return str(paramest.example_file("factrecall.csv"))


def run(argv: list[str], columns: int | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    if columns is not None:
        env["COLUMNS"] = str(columns)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "paramest", *argv, *(["-q"] if argv[0] == "estimate"
                        and "--help" not in argv else [])], capture_output=True, text=True,
                       env=env, timeout=1800)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    lines = r.stdout.splitlines()
    return {"rc": r.returncode, "widest": max((len(x) for x in lines), default=0),
            "lines": len(lines), "wall_s": round(time.perf_counter() - t0, 1),
            "cpu_s": round((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), 1),
            "stderr": r.stderr.strip().splitlines()[-1:] if r.returncode else []}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--skip-all-closed", action="store_true",
                    help="leave out estimate --all-closed (about a minute per width)")
    args = ap.parse_args()
    example = _example()
    rows = []
    for argv in COMMANDS:
        if args.skip_all_closed and "--all-closed" in argv:
            continue
        argv = [example if a == "EXAMPLE" else a for a in argv]
        label = "paramest " + " ".join("FILE" if a == example else a for a in argv)
        res = {str(w or "unset"): run(argv, w) for w in WIDTHS}
        rows.append({"command": label, **res})
        cells = "  ".join(f"{str(w or 'unset'):>5}: {res[str(w or 'unset')]['widest']:>3}"
                          for w in WIDTHS)
        print(f"{label:<75} {cells}", flush=True)
        for w, r in res.items():
            if r["rc"] != 0:
                print(f"    COLUMNS={w}: exit {r['rc']} {r['stderr']}")
    main_job = next((r for r in rows if "--all-closed" in r["command"]), None)
    if main_job:
        print(f"\nmain job (estimate --all-closed): CPU {main_job['unset']['cpu_s']} s, wall "
              f"{main_job['unset']['wall_s']} s, {main_job['unset']['lines']} lines "
              "(COLUMNS unset)")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "cli_widths.json").write_text(json.dumps(rows, indent=1))
    md = ["# Widest line of each CLI command", "",
          "stdout piped (not a terminal); `COLUMNS` unset means the default width (100).", "",
          "| command | unset | 80 | 120 |", "|---|---:|---:|---:|"]
    md += [f"| `{r['command']}` | {r['unset']['widest']} | {r['80']['widest']} | "
           f"{r['120']['widest']} |" for r in rows]
    if main_job:
        md += ["", f"Main job CPU time (COLUMNS unset run): {main_job['unset']['cpu_s']} s."]
    (out / "cli_widths.md").write_text("\n".join(md) + "\n")
    return 0 if all(r[w]["rc"] == 0 for r in rows for w in ("unset", "80", "120")) else 1


if __name__ == "__main__":
    sys.exit(main())
