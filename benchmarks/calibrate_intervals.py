"""Recompute the interval recalibration that paramest ships (``paramest/regression/_recalibration.json``).

Run from the repository root::

    python benchmarks/calibrate_intervals.py          # rewrite the file
    python benchmarks/calibrate_intervals.py --check  # exit 1 if the shipped file is stale

It runs leave-one-developer-out on the shipped data with the default calibration
settings and no recalibration, and records where each held-out set of weights' true size
fell in its own posterior (its PIT value) and its recalibration group (``"ikp"`` when
IKP was among its benchmarks). ``paramest.Calibration`` turns these into the quantile
levels of every calibrated interval (split-conformal on each side, by group). The
procedure is deterministic: the same data give the same file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import paramest as pe

OUT = Path(__file__).resolve().parent.parent / "paramest" / "regression" / "_recalibration.json"


def compute() -> dict:
    """The shipped recalibration, recomputed: the same code an estimate on user data refits with."""
    from paramest.inversion import lodo_recalibration
    from paramest.inversion.block import default_method
    from paramest.regression.recalibration import content_hash

    ev = pe.as_evidence()
    rec = lodo_recalibration(ev, {}, info={
        "split": "leave one developer out, shipped data, default Calibration settings, "
                 "raw posteriors",
        "script": "benchmarks/calibrate_intervals.py",
        "paramest": pe.__version__,
        # the method the PIT values were computed with (a test checks it is today's default)
        "method": default_method(),
    })
    rec.info["n_by_group"] = {str(k): int((rec.groups == k).sum()) for k in sorted(set(rec.groups))}
    d = rec.to_dict()
    d["sha256"] = content_hash(d)  # checked when the file is read (a damaged install raises)
    return d


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="only check that the shipped file is current")
    args = ap.parse_args(argv)
    new = compute()
    if args.check:
        old = json.loads(OUT.read_text()) if OUT.exists() else None
        same = old is not None and all(old.get(k) == new[k] for k in ("pit", "groups", "weights"))
        print("shipped recalibration is current" if same else "shipped recalibration is STALE")
        return 0 if same else 1
    OUT.write_text(json.dumps(new, indent=1) + "\n")
    lo, hi = pe.Recalibration(new["pit"], new["groups"]).levels(0.9, "ikp")
    lo2, hi2 = pe.Recalibration(new["pit"], new["groups"]).levels(0.9, "other")
    print(f"wrote {OUT} (n = {new['n']}; 90% interval -> posterior quantiles "
          f"ikp {lo:.3f}-{hi:.3f}, other {lo2:.3f}-{hi2:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
