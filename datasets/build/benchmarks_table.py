"""The benchmark table (build/benchmarks_sourced.csv plus derived and extra ids) and the
manifest of the shipped files."""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
OUT = HERE.parent
ONLY_DONE = False  # set by curate.py --only-done

SHIPPED = ["benchmarks.csv", "ikp_tiers.csv", "lm_eval_tasks.csv", "models.csv", "params.csv",
           "reference_estimates.csv", "scores.csv", "signals.csv"]

EXTRA_BENCHMARKS = [
    {"benchmark": "gpqa-ollb", "name": "GPQA (Open LLM Leaderboard v2, all subsets)",
     "kind": "reasoning", "n_choices": 4,
     "note": "ObsScaling's copy of Open LLM Leaderboard v2 GPQA; all subsets, not Diamond; "
             "kept apart from gpqa and gpqa-diamond. n_choices as for gpqa."},
    {"benchmark": "nq-triviaqa-avg", "name": "World knowledge (mean of NaturalQuestions and TriviaQA, 5-shot)",
     "kind": "composite", "note": "an average reported by some papers; not a benchmark of its own"},
    {"benchmark": "simpleqa-search", "name": "SimpleQA with a search tool (agentic)",
     "kind": "agentic", "note": "not closed-book: the model may browse; never used as knowledge evidence"},
    # Derived at load time from shipped tables (paramest.ingest.derived); never default evidence.
    {"benchmark": "ikp-adjusted", "name": "IKP accuracy with refusals answered at the model's own rate",
     "kind": "derived", "n_questions": 1311,
     "note": "derived from ikp_tiers.csv: in each tier, refused questions count as answered at the "
             "model's own accuracy on the questions it attempted in that tier; mean of the 7 tiers"},
    {"benchmark": "aa-omniscience-adjusted",
     "name": "AA-Omniscience accuracy with abstentions answered at the model's own rate",
     "kind": "derived", "n_questions": 6000,
     "note": "derived from scores.csv and signals.csv (Artificial Analysis): abstentions = "
             "(1 - accuracy) x (1 - hallucination rate), answered at the precision of the answers given"},
    *[{"benchmark": f"ikp-t{i}", "name": f"IKP tier T{i} accuracy", "kind": "derived",
       "note": "derived from ikp_tiers.csv: correct / questions of tier "
               f"T{i}; the question count is per model (n_questions column)"} for i in range(1, 8)],
]


# Other spellings resolve_benchmark() accepts (matched case- and punctuation-insensitively).
BENCHMARK_ALIASES = {
    "simpleqa": ["simple_qa"], "simpleqa-verified": ["simpleqaverified"],
    "chinese-simpleqa": ["csimpleqa", "chinesesimpleqa", "C-SimpleQA"],
    "aa-omniscience": ["aaomniscience", "omniscience", "omniscience_accuracy"],
    "triviaqa": ["trivia_qa", "tqa"],
    "naturalquestions": ["nq", "nqopen", "nq_open", "naturalquestionsopen", "natural_questions"],
    "mmlu-pro": ["mmlupro", "mmlu_pro"], "gpqa-diamond": ["gpqadiamond", "gpqa_diamond"],
    "ikp": ["incompressibleknowledgeprobes"], "hle": ["humanitysslastexam", "humanityslastexam"],
}


def _uses(path: Path, ids: set) -> bool:
    try:
        return bool(set(pd.read_csv(path, usecols=["benchmark"]).benchmark) & ids)
    except ValueError:  # a models file: no benchmark column
        return False


def build_benchmarks() -> pd.DataFrame:
    bt = pd.read_csv(HERE / "benchmarks_sourced.csv")
    new = HERE / "benchmarks_2026-12.csv"  # inputs_2026-12.md section 6
    # finished with its own .done marker, or with that of a harvest file that uses its ids
    done = new.with_name(new.name + ".done").exists() or any(
        p.with_name(p.name + ".done").exists() for p in HERE.glob("harvest_2026-12_*.csv")
        if new.exists() and _uses(p, set(pd.read_csv(new).benchmark)))
    if new.exists() and not (ONLY_DONE and not done):
        nb = pd.read_csv(new)
        missing = [c for c in ("benchmark", "name", "kind", "citation", "url", "n_questions_source", "note")
                   if c not in nb.columns]
        assert not missing, f"benchmarks_2026-12.csv lacks columns {missing}"
        clash = sorted(set(nb.benchmark) & set(bt.benchmark))
        assert not clash, f"benchmarks_2026-12.csv redefines {clash}"
        bt = pd.concat([bt, nb[[c for c in nb.columns if c in bt.columns or c == "aliases"]]],
                       ignore_index=True)
    gp = bt.loc[bt.benchmark == "gpqa"].iloc[0]
    extra = pd.DataFrame(EXTRA_BENCHMARKS)
    extra.loc[extra.benchmark == "gpqa-ollb", ["citation", "url", "n_questions_source"]] = [
        gp.citation, gp.url, gp.n_questions_source]
    bt = pd.concat([bt, extra], ignore_index=True)
    bt["n_questions_source"] = bt["n_questions_source"].str.replace(
        "/work/shared/data/README.md", "paramest raw-data README", regex=False)
    bt["chance"] = 1.0 / bt["n_choices"]
    bt["chance"] = bt["chance"].fillna(0.0)
    # Knowledge benchmarks are the default evidence for size estimates.
    bt["default_evidence"] = bt["kind"].eq("knowledge")
    derived = bt["kind"].eq("derived")
    bt.loc[derived, ["citation", "url"]] = bt.loc[bt.benchmark == "ikp", ["citation", "url"]].to_numpy()[0]
    aa = bt.benchmark == "aa-omniscience-adjusted"
    bt.loc[aa, ["citation", "url"]] = bt.loc[bt.benchmark == "aa-omniscience", ["citation", "url"]].to_numpy()[0]
    bt.loc[derived, "n_questions_source"] = "derived benchmark: see note"
    own = bt["aliases"].fillna("") if "aliases" in bt else pd.Series("", index=bt.index)
    bt["aliases"] = [a or "; ".join(BENCHMARK_ALIASES.get(b, [])) for a, b in zip(own, bt["benchmark"])]
    cols = ["benchmark", "name", "aliases", "kind", "default_evidence", "n_questions", "n_choices",
            "chance", "citation", "url", "n_questions_source", "note"]
    return bt[cols]


def write_manifest(counts: dict | None = None) -> None:
    """datasets/manifest.json: build date, a SHA-256 per shipped file (data_version()), and
    the coverage counts of the data issue."""
    files = {n: hashlib.sha256((OUT / n).read_bytes()).hexdigest() for n in SHIPPED}
    old = json.loads((OUT / "manifest.json").read_text()) if (OUT / "manifest.json").exists() else {}
    same = old.get("files") == files and (counts is None or old.get("counts") == counts)
    built = old.get("built") if same else datetime.date.today().isoformat()
    out = {"built": built, "files": files}
    if counts is not None:
        out["counts"] = counts
    (OUT / "manifest.json").write_text(json.dumps(out, indent=2) + "\n")
