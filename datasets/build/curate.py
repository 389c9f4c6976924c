"""Curate the raw, sourced numbers in ``../shared/data`` into paramest's ``datasets/``.

This is a maintainer tool: it is never run by the library or its tests (they read only
``datasets/``). Re-run it after the raw data or the mapping tables below change::

    python datasets/build/curate.py --raw ../shared/data

Every output number carries the source it was read from. Nothing here is typed from
memory: the manual tables only rename models, group variants and choose between sources.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
OUT = HERE.parent

IKP_REPO = "github.com/19PINE-AI/ikp@2abc276b98eff6895de348601d01baa14da9a3a4"
IKP_CAL = f"{IKP_REPO}:website/public/data/calibration.json"
IKP_TIERS = f"{IKP_REPO} per-model tier results (paramest raw data ikp/ikp_per_tier_results.json)"
AA_SNAPSHOT = ("Artificial Analysis, snapshot 2026-07-31, via anpaure/frontier-model-sizes@2f11b6a:"
               "sources/aa_detailed_model_signals_2026-07-31.csv")
AA_FETCHED = "2026-07-31"
SHARED_README = "paramest raw-data audit notes (shared/data/README.md, 'Known errata')"

# --------------------------------------------------------------------------------------
# Naming: source names -> canonical ids
# --------------------------------------------------------------------------------------

# Renames of IKP ids where the canonical id follows the developer's own naming.
IKP_RENAME = {
    "qwen-2.5-72b": "qwen2.5-72b",
    "qwen-2.5-7b": "qwen2.5-7b",
    "qwen-2.5-0.5b": "qwen2.5-0.5b",
    "qwq-32b-think": "qwq-32b",  # QwQ only exists as a reasoning model
    "gpt-oss-120b-think": "gpt-oss-120b",  # gpt-oss always reasons
    "gpt-oss-20b-think": "gpt-oss-20b",
    "deepseek-r1-think": "deepseek-r1",  # R1 only exists as a reasoning model
    "deepseek-r1-distill-llama-70b-think": "deepseek-r1-distill-llama-70b",
    "deepseek-r1-distill-qwen-32b-think": "deepseek-r1-distill-qwen-32b",
    "mistral-large": "mistral-large-2407",  # IKP's own MMLU source is the 2407 release post
    "mistral-small-24b": "mistral-small-3-24b",  # IKP cites mistral.ai/news/mistral-small-3
    "minimax-m1-think": "minimax-m1",
    # IKP's rows are Ministral 3 (the 2512 releases), not the 2024 Ministral 3B/8B
    "ministral-3b": "ministral-3-3b",
    "ministral-8b": "ministral-3-8b",
}

# IKP ids that name another model (the 2024 Ministral 8B is a model of its own): not aliases.
IKP_NO_ALIAS = {"ministral-3b", "ministral-8b"}

# Source names (harvest, AA) whose automatic id is wrong or should merge with another.
NAME_MAP = {
    "GPT-4o (2024-05-13)": "gpt-4o",  # the original gpt-4o snapshot; IKP dates gpt-4o 2024-05-13
    "o1 (2024-12-17)": "o1",
    "Gemini 2.5 Pro (06-05)": "gemini-2.5-pro-preview-06-05",
    "Gemini 2.5 Pro Preview 06-05": "gemini-2.5-pro-preview-06-05",
    "Mistral-Large-Instruct-2407": "mistral-large-2407",
    "Mistral-NeMo-Instruct-2407": "mistral-nemo-12b",
    "mistralai/Mistral-Nemo-Base-2407": "mistral-nemo-12b-base",
    "Mistral Small 3 24B Instruct": "mistral-small-3-24b",
    "Llama 3.1 Nemotron 70B Instruct": "nemotron-70b",
    "Llama-3.3 Nemotron Super 49B v1": "nemotron-super-49b",
    "QwQ-32B": "qwq-32b",
    "DeepSeek-R1": "deepseek-r1",
    "Code-Llama-7B": "codellama-7b-base",
    # keep '-instruct' so the id does not collide with 'Code-Llama-7B' once punctuation is ignored
    "codellama-7b-instruct": "codellama-7b-instruct",
    "codellama-13b-instruct": "codellama-13b-instruct",
    "codellama-34b-instruct": "codellama-34b-instruct",
    "codellama/CodeLlama-7b-hf": "codellama-7b-base",
    "codellama/CodeLlama-13b-hf": "codellama-13b-base",
    "codellama/CodeLlama-34b-hf": "codellama-34b-base",
    "codellama/CodeLlama-70b-hf": "codellama-70b-base",
    "GPT-NeoX-20B": "gpt-neox-20b",
    "Qwen2.5-Plus-Base": "qwen2.5-plus-base",
    "Qwen2.5-Turbo-Base": "qwen2.5-turbo-base",
    "DeepSeek-V2.5-0905": "deepseek-v2.5",
    "MiniMax-M1-80K": "minimax-m1",  # IKP's minimax-m1; the 80K-budget release
    # AA chart labels
    "Gemini 3 Pro Preview (high)": "gemini-3-pro-high",
    "Gemini 3 Pro Preview (low)": "gemini-3-pro-low",
    "Claude 4.1 Opus": "claude-opus-4.1",
    "Grok 4": "grok-4",
    "Claude Opus 4.5": "claude-opus-4.5",
    "Claude 4.5 Sonnet": "claude-sonnet-4.5",
    "Claude 4.5 Haiku": "claude-haiku-4.5",
    "Qwen3 8B": "qwen3-8b",
    "NVIDIA Nemotron Nano 9B V2": "nemotron-nano-9b-v2",
    "gpt-oss-20B (high)": "gpt-oss-20b-high",
    "gpt-oss-20B (low)": "gpt-oss-20b-low",
    "gpt-oss-120B (high)": "gpt-oss-120b-high",
    "gpt-oss-120B (low)": "gpt-oss-120b-low",
    "Llama Nemotron Super 49B v1.5": "nemotron-super-49b-v1.5",
    "Kimi K2 Thinking": "kimi-k2-thinking",
    "Kimi K2 0905": "kimi-k2-instruct-0905",
    "EXAONE 4.0 32B": "exaone-4.0-32b",
    "Gemini 3 Flash": "gemini-3-flash",
    "GPT-5 (medium)": "gpt-5-medium",
    "GPT-5.2 (medium)": "gpt-5.2-medium",
    "GPT-5 mini (medium)": "gpt-5-mini-medium",
    "GPT-5 nano (medium)": "gpt-5-nano-medium",
    "GPT-4o (Nov)": "gpt-4o-2024-11-20",
    "DeepSeek V3.2": "deepseek-v3.2",
    "NVIDIA Nemotron 3 Nano": "nemotron-3-nano-30b",
    "Qwen3 14B": "qwen3-14b",
    "Ministral 14B (Dec '25)": "ministral-3-14b",
    "Nova 2.0 Pro (Preview)": "nova-2.0-pro-preview",
    "Nova 2.0 Lite (medium)": "nova-2.0-lite-medium",
    "Nova 2.0 Omni (medium)": "nova-2.0-omni-medium",
}
# Chart labels whose model cannot be identified: skipped, and listed in skipped.csv.
AMBIGUOUS = {
    "DeepSeek (upper dot; most likely V3.2 Exp)", "DeepSeek (lower dot; V3.1 Terminus and/or R1 0528)",
    "Qwen3 30B (second Qwen3 30B variant)",
}
# AA labels of Qwen 2507 releases: the chart's reasoning marker tells which one it is.
AA_2507 = {("Qwen3 235B A22B 2507", True): "qwen3-235b-a22b-thinking-2507",
           ("Qwen3 235B A22B 2507", False): "qwen3-235b-a22b-instruct-2507",
           ("Qwen3 235B 2507", True): "qwen3-235b-a22b-thinking-2507",
           ("Qwen3 235B 2507", False): "qwen3-235b-a22b-instruct-2507",
           ("Qwen3 Next 80B A3B", True): "qwen3-next-80b-a3b-thinking",
           ("Qwen3 Next 80B A3B", False): "qwen3-next-80b-a3b",
           ("Qwen3 8B", True): "qwen3-8b-think", ("Qwen3 8B", False): "qwen3-8b"}

# Weights groups that the suffix rule cannot infer (same pretrained weights).
WEIGHTS_MAP = {
    "qwen3-235b-a22b-instruct-2507": "qwen3-235b-a22b",
    "qwen3-235b-a22b-thinking-2507": "qwen3-235b-a22b",
    "qwen3-next-80b-a3b-thinking": "qwen3-next-80b-a3b",
    "kimi-k2-instruct-0905": "kimi-k2",
    "deepseek-v3-0324": "deepseek-v3",
    "deepseek-v2-0506": "deepseek-v2",
    "deepseek-v2-chat-rl": "deepseek-v2",
    "deepseek-v2-chat-sft": "deepseek-v2",
    "deepseek-v2-lite-chat-sft": "deepseek-v2-lite",
    "deepseek-r1-zero": "deepseek-r1-zero",
    "gemma-3n-e2b-instructed-litert-preview": "gemma-3n-e2b",
    "gemma-3n-e4b-instructed-litert-preview": "gemma-3n-e4b",
    "internlm-chat-7b": "internlm-7b",
    "kimi-k1.5-short-cot": "kimi-k1.5",
    "grok-3-beta-think": "grok-3",
    "qwen3-vl-4b-thinking": "qwen3-vl-4b",
    "qwen3-vl-8b-thinking": "qwen3-vl-8b",
    "minimax-m1-40k": "minimax-m1",
    "gemini-3-pro-low": "gemini-3-pro",
    "gpt-oss-20b-low": "gpt-oss-20b",
    "gpt-oss-120b-low": "gpt-oss-120b",
    "kimi-k2-thinking": "kimi-k2",
    "gpt-5-medium": "gpt-5", "gpt-5.2-medium": "gpt-5.2", "gpt-5-mini-medium": "gpt-5-mini",
    "gpt-5-nano-medium": "gpt-5-nano", "ministral-3-14b": "ministral-3-14b",
    "qwen3-30b-a3b-2507": "qwen3-30b-a3b",
}

DEVELOPER_MAP = {
    "Alibaba (Qwen)": "alibaba", "Google / DeepMind": "google", "Google": "google",
    "Meta": "meta", "Mistral AI": "mistral", "Moonshot AI": "moonshot",
    "Shanghai AI Lab (InternLM)": "shanghai-ai-lab", "01.AI": "01-ai",
    "EleutherAI": "eleutherai", "xAI": "xai", "MiniMax": "minimax",
    "BigScience": "bigscience", "BigCode": "bigcode", "RWKV": "rwkv",
    "Hugging Face": "huggingface", "TII": "tii", "Baichuan": "baichuan",
    "Cerebras": "cerebras", "Amazon": "amazon", "Stability AI": "stabilityai",
    "H2O.ai": "h2oai", "Tencent": "tencent", "OpenLM Research": "openlm-research",
    "LMSYS / BAIR (Llama fine-tunes)": "lmsys", "MosaicML": "mosaicml",
    "Together": "together", "Meituan": "meituan", "ByteDance Seed": "bytedance",
    "Deci": "deci", "TinyLlama": "tinyllama", "OpenBMB": "openbmb",
    "Salesforce": "salesforce", "UW (Guanaco)": "uw", "NVIDIA": "nvidia",
    "OpenChat": "openchat", "Databricks": "databricks",
    "LAION / OpenAssistant": "laion", "XLang (Lemur)": "xlang", "OpenAI": "openai",
    "Anthropic": "anthropic", "DeepSeek": "deepseek",
}
# Fix developer where the harvest credits the base model's developer.
DEVELOPER_FIX = {
    "gpt-neox-20b": "eleutherai",
    "nemotron-70b": "nvidia",
    "nemotron-super-49b": "nvidia",
    "nemotron-super-49b-v1.5": "nvidia",
    "exaone-4.0-32b": "lg",
    "kimi-k2-thinking": "moonshot",
    "gpt-oss-20b-low": "openai",
    "gpt-oss-120b-low": "openai",
    "llama-3.1-nemotron-nano-8b-v1": "nvidia",
    "llama-3.1-nemotron-ultra-253b-v1": "nvidia",
    "hermes-3-405b": "nous-research",  # Nous Research fine-tunes of Llama 3.1
    "hermes-4-405b": "nous-research",
}
# Artificial Analysis creator slugs -> developer ids used elsewhere in the tables.
AA_DEVELOPER = {"kimi": "moonshot", "longcat": "meituan", "bytedance_seed": "bytedance",
                "tii-uae": "tii", "aws": "amazon", "nex": "nex-agi", "reka-ai": "reka"}

# Who ran an evaluation, per harvest extraction file (the note column refines this).
EVALUATED_BY_FILE = {
    "aa_omniscience_and_simpleqa_verified_snippets.csv": "artificial-analysis",
    "deepseek_llm_more_results.csv": "deepseek", "deepseek_llm_readme.csv": "deepseek",
    "deepseek_r1_readme.csv": "deepseek", "deepseek_v2_readme.csv": "deepseek",
    "deepseek_v32exp_readme.csv": "deepseek", "deepseek_v3_readme.csv": "deepseek",
    "hunyuan_large_readme.csv": "tencent", "internlm_model_cards.csv": "shanghai-ai-lab",
    "kimi_k2_readme.csv": "moonshot", "llama_model_cards.csv": "meta",
    "longcat_flash_chat_readme.csv": "meituan", "minimax_01_readme.csv": "minimax",
    "minimax_m1_readme.csv": "minimax", "minimax_m2_readme.csv": "minimax",
    "obsscaling.csv": "obsscaling", "openai_simple_evals_readme.csv": "openai",
    "qwen3_tech_report.csv": "alibaba",
}
NOTE_EVALUATOR = [
    (r"evaluated by DeepSeek", "deepseek"), (r"evaluated by Qwen", "alibaba"),
    (r"evaluated by InternLM", "shanghai-ai-lab"), (r"evaluated by OpenAI", "openai"),
    (r"evaluated by Google", "google"), (r"evaluated by Meta", "meta"),
    (r"by Mistral", "mistral"), (r"evaluated by Moonshot", "moonshot"),
    (r"evaluated by MiniMax", "minimax"), (r"LongCat", "meituan"),
    (r"evaluated by Artificial Analysis", "artificial-analysis"),
]
# Rows of IKP's collected-scores table that its own cited sources contradict (dropped,
# listed in build/skipped.csv).
IKP_REPO_WRONG = {
    ("gemini-2.0-flash", "simpleqa"):
        "8.6 is Gemini 1.5 Flash's SimpleQA in the Gemma 3 report (arXiv 2503.19786) Table 6, which "
        "gives Gemini 2.0 Flash 29.9 (both rows are in the harvest)",
    ("gemini-2.5-flash-lite", "simpleqa"):
        "58.8 contradicts Google's own figure 10.7 (https://deepmind.google/models/gemini/flash-lite/, "
        "via llm-stats self-reported row in the harvest)",
}
THIRD_PARTIES = {"ikp", "artificial-analysis", "obsscaling", "openstellarteam"}

# Names in build/transcribed_scores.csv -> model ids. A name that does not say which dated
# snapshot was evaluated is skipped (listed in build/skipped.csv), not guessed.
TRANSCRIBED_NAMES = {
    "Baichuan2-13B": "baichuan2-13b", "Baichuan2-7B": "baichuan2-7b",
    "Baichuan3-turbo": "baichuan3-turbo", "ChatGLM3-6B": "chatglm3-6b",
    "DS-V4-Pro Max": "deepseek-v4-pro-think-max", "V4-Pro Max": "deepseek-v4-pro-think-max",
    "V4-Pro High": "deepseek-v4-pro-think-high", "V4-Pro Non-Think": "deepseek-v4-pro",
    "V4-Flash Max": "deepseek-v4-flash-think-max", "V4-Flash High": "deepseek-v4-flash-think-high",
    "V4-Flash Non-Think": "deepseek-v4-flash",
    "DeepSeek-67B": "deepseek-llm-67b", "DeepSeek-7B": "deepseek-llm-7b",
    "DeepSeek-V2-Lite-Chat": "deepseek-v2-lite-chat", "DeepSeek-V2.5": "deepseek-v2.5",
    "DeepSeek-V3.2-Base": "deepseek-v3.2-base", "DeepSeek-V4-Flash-Base": "deepseek-v4-flash-base",
    "DeepSeek-V4-Pro-Base": "deepseek-v4-pro-base",
    "Doubao-lite-4k": "doubao-lite-4k", "Doubao-pro-32k": "doubao-pro-32k",
    "GLM-4-Plus": "glm-4-plus", "GLM4-9B": "glm-4-9b", "GLM-5.1 Thinking": "glm-5.1-think",
    "GPT-5.4 xHigh": "gpt-5.4-xhigh", "Gemini-3.1-Pro High": "gemini-3.1-pro-preview-high",
    "Opus-4.6 Max": "claude-opus-4.6-think", "K2.6 Thinking": "kimi-k2.6-think",
    "Gemma3-27B": "gemma-3-27b",
    "InternLM2.5-1.8B": "internlm2.5-1.8b", "InternLM2.5-7B": "internlm2.5-7b",
    "InternLM2.5-20B": "internlm2.5-20b",
    "LLaMA3.1-70B": "llama-3.1-70b", "LLaMA3.1-8B": "llama-3.1-8b",
    "Mistral-7B-Instruct-v0.2": "mistral-7b-instruct-v0.2",
    "Mixtral-8x22B-Instruct-v0.1": "mixtral-8x22b", "Mixtral-8x7B-Instruct-v0.1": "mixtral-8x7b",
    "OAI-OSS-20B*": "gpt-oss-20b",
    "Qwen2.5-1.5B": "qwen2.5-1.5b", "Qwen2.5-3B": "qwen2.5-3b", "Qwen2.5-7B": "qwen2.5-7b",
    "Qwen2.5-14B": "qwen2.5-14b", "Qwen2.5-32B": "qwen2.5-32b", "Qwen2.5-72B": "qwen2.5-72b",
    "Qwen2.5-32B-Base*": "qwen2.5-32b-base", "Qwen3-30B-A3B-Base-2507*": "qwen3-30b-a3b-base",
    "Qwen3-30B-A3B-Thinking-2507*": "qwen3-30b-a3b-thinking-2507", "Qwen3-32B*": "qwen3-32b",
    "Seed-OSS-36B-Base (w/ syn.)": "seed-oss-36b-base",
    "Seed-OSS-36B-Base-woSyn (w/o syn.)": "seed-oss-36b-base-wosyn",
    "Seed-OSS-36B-Instruct": "seed-oss-36b", "Seed1.6-Base": "seed-1.6-base",
    "Seed1.6-Thinking-0715": "seed-1.6-thinking-0715",
    "Yi-1.5-34B": "yi-1.5-34b", "Yi-1.5-6B": "yi-1.5-6b", "Yi-1.5-9B": "yi-1.5-9b",
    "Yi-Large": "yi-large", "moonshot-v1-8k": "moonshot-v1-8k",
    "o1-mini": "o1-mini", "o1-preview": "o1-preview", "GPT-4o mini": "gpt-4o-mini",
    "GPT-4": "gpt-4", "GPT-4-turbo": "gpt-4-turbo", "GPT-3.5": "gpt-3.5-turbo",
    "Gemini-1.5-pro": "gemini-1.5-pro", "Qwen-Max": "qwen-max",
}
TRANSCRIBED_SKIP = {
    "Claude-3.5-Sonnet": "the table does not say which Claude 3.5 Sonnet snapshot (2024-06-20 or 2024-10-22)",
    "GPT-4o": "the table does not say which GPT-4o snapshot was evaluated",
}
TRANSCRIBED_WEIGHTS = {"deepseek-v3.2-base": "deepseek-v3.2", "deepseek-v4-flash-base": "deepseek-v4-flash",
                       "deepseek-v4-pro-base": "deepseek-v4-pro", "deepseek-v2-lite-chat": "deepseek-v2-lite",
                       "gemini-3.1-pro-preview-high": "gemini-3.1-pro-preview",
                       "mistral-7b-instruct-v0.2": "mistral-7b-instruct-v0.2"}
# Closed-audit weights proposals not taken: '-preview' is a checkpoint of its own here;
# grok-4-heavy = grok-4 rests on a second-hand quote only; IKP's gemini-2.5-pro id is kept
# with the Artificial Analysis row of the same name (one id, one group).
CLOSED_AUDIT_KEEP_WEIGHTS = {"grok-4-heavy", "gpt-4.5-preview", "gpt-4-turbo-1106-preview",
                             "gemini-2.5-pro"}
# Third-party sizes of closed models that belong to another model (closed audit note).
SIZE_REJECT = {"magistral-medium": "llm-stats' 24B is Magistral Small's size; no primary "
                                   "source gives Magistral Medium's (build/closed_audit.csv)"}

# Artificial Analysis rows whose weights link names another model (AA's data error), and
# repos whose card size also belongs to a model that AA links elsewhere.
AA_URL_WRONG = {"gemma-3-4b", "llama-3-70b"}  # link google/gemma-3-12b-it, Meta-Llama-3-8B-Instruct
OPEN_SIZE_EXTRA = {"google/gemma-3-4b-it": ("gemma-3-4b",)}
TRANSCRIBED_DEVELOPER = {
    "baichuan2-13b": "baichuan", "baichuan2-7b": "baichuan", "baichuan3-turbo": "baichuan",
    "chatglm3-6b": "zhipu", "glm-4-9b": "zhipu", "glm-4-plus": "zhipu", "glm-5.1-think": "zhipu",
    "mistral-7b-instruct-v0.2": "mistral", "deepseek-v2-lite-chat": "deepseek",
    "deepseek-v3.2-base": "deepseek", "deepseek-v4-flash-base": "deepseek",
    "deepseek-v4-pro-base": "deepseek", "doubao-lite-4k": "bytedance", "doubao-pro-32k": "bytedance",
    "moonshot-v1-8k": "moonshot", "yi-large": "01-ai", "seed-oss-36b-base": "bytedance",
    "seed-oss-36b-base-wosyn": "bytedance", "seed-1.6-base": "bytedance",
    "seed-1.6-thinking-0715": "bytedance", "gemini-3.1-pro-preview-high": "google",
}
TRANSCRIBED_BENCH = {"Chinese SimpleQA": "chinese-simpleqa", "Chinese-SimpleQA": "chinese-simpleqa",
                     "SimpleQA-Verified": "simpleqa-verified", "Simple-QA verified": "simpleqa-verified",
                     "SimpleQA": "simpleqa", "TriviaQA": "triviaqa"}
TRANSCRIBED_EVALUATOR = [(r"OpenStellarTeam", "openstellarteam"), (r"^deepseek", "deepseek"),
                         (r"Gemma 3 technical report", "google"), (r"ByteDance Seed", "bytedance")]

BENCHMARK_MAP = {
    "MMLU": "mmlu", "MMLU-Pro": "mmlu-pro", "GPQA": "gpqa", "GPQA Diamond": "gpqa-diamond",
    "TriviaQA": "triviaqa", "NaturalQuestions": "naturalquestions", "SimpleQA": "simpleqa",
    "GPQA (OLLB v2, all subsets)": "gpqa-ollb",
    "Chinese SimpleQA": "chinese-simpleqa",
    "World Knowledge (avg NaturalQuestions+TriviaQA, 5-shot)": "nq-triviaqa-avg",
    "SimpleQA (agentic, with search tool)": "simpleqa-search",
    "AA-Omniscience": "aa-omniscience", "SimpleQA Verified": "simpleqa-verified",
}

SIZE_TOKEN = re.compile(r"^(\d+(\.\d+)?[bm]|e\d+b|\d+x\d+b|a\d+(\.\d+)?b|\d+b\d+)$")
# '-preview' is not stripped: a preview is a checkpoint of its own (o1-preview is not o1).
STRIP_SUFFIX = re.compile(r"-(think|base|reasoning|thinking)$")
# Reasoning-effort suffixes ("GPT-5 (high)") only on API models that have such settings;
# 'gpt2-medium' is a size, not an effort.
EFFORT_LEVELS = ("minimal", "low", "medium", "high", "xhigh", "max")
EFFORT = re.compile(r"^(gpt-\d|o\d|gpt-oss|gemini|nova|grok|claude).*-(minimal|low|medium|high|xhigh|max)$")


def auto_id(name: str) -> str:
    """Canonical id from a source name: lowercase, no org prefix, dashes."""
    s = re.sub(r"^[\w.\-]+/", "", name.strip())
    low = s.lower()
    for a, b in [("(non-thinking)", ""), ("(no extended thinking)", ""),
                 ("(thinking)", "-think"), ("(extended thinking)", "-think")]:
        low = low.replace(a, b)
    low = re.sub(r"\(([^)]*)\)", lambda m: "-" + m.group(1), low)
    low = re.sub(r"[\s_,/]+", "-", low)
    low = re.sub(r"-+", "-", low).strip("-")
    return re.sub(r"-(instruct|chat|it|instructed)$", "", low)


def weights_id(model: str) -> str:
    if model in WEIGHTS_MAP:
        return WEIGHTS_MAP[model]
    w = re.sub(r"-(minimal|low|medium|high|xhigh|max)$", "", model) if EFFORT.match(model) else model
    while True:
        w2 = STRIP_SUFFIX.sub("", w)
        if w2 == w:
            return w
        w = w2


def family_of(model: str) -> str:
    parts = model.split("-")
    for i, p in enumerate(parts):
        if i > 0 and SIZE_TOKEN.match(p):
            return "-".join(parts[:i])
    return weights_id(model)


# --------------------------------------------------------------------------------------


def read_raw(raw: Path):
    hs = pd.read_csv(raw / "harvest/scores_long.csv")
    hm = pd.read_csv(raw / "harvest/models.csv")
    ikp_open = pd.read_csv(raw / "ikp/ikp_open_calibration_points.csv")
    ikp_excl = pd.read_csv(raw / "ikp/ikp_open_excluded_points.csv")
    ikp_closed = pd.read_csv(raw / "ikp/ikp_closed_models.csv")
    ikp_tiers = json.loads((raw / "ikp/ikp_per_tier_results.json").read_text())
    ikp_repo = pd.read_csv(raw / "ikp/ikp_repo_benchmark_scores.csv")
    aa_bar = pd.read_csv(raw / "aa/aa_omniscience_accuracy_bar_chart_jan2026.csv")
    aa_snap = pd.read_csv(raw / "aa/aa_snapshot_2026-07-31.csv")
    aa_open = pd.read_csv(raw / "aa/aa_omniscience_open_models_accuracy_vs_total_params_AAchart.csv")
    return hs, hm, ikp_open, ikp_excl, ikp_closed, ikp_tiers, ikp_repo, aa_bar, aa_open, aa_snap


def harvest_ids(hm: pd.DataFrame, hs: pd.DataFrame) -> dict[str, str]:
    names = sorted(set(hm.model) | set(hs.model))
    ids = {n: NAME_MAP.get(n, auto_id(n)) for n in names}
    # An org-prefixed Hugging Face repo name is a base checkpoint; if it collides with an
    # instruct model's id, mark it as the base.
    plain = {v for n, v in ids.items() if "/" not in n}
    for n in names:
        if "/" in n and n not in NAME_MAP and ids[n] in plain and not ids[n].endswith("-base"):
            ids[n] = ids[n] + "-base"
    return ids


def is_reasoning(model: str, name: str) -> bool:
    pat = (r"think|reasoning|\bo1\b|\bo3\b|o4-mini|^o1|^o3|deepseek-r1|qwq|magistral|"
           r"kimi-k1\.5|seed-thinking|minimax-m1|gpt-oss|grok-3-mini")
    return bool(re.search(pat, model)) or bool(EFFORT.match(model)) or bool(re.search(r"thinking|Think", name))


def build(raw: Path) -> None:
    hs, hm, ikp_open, ikp_excl, ikp_closed, ikp_tiers, ikp_repo, aa_bar, aa_open, aa_snap = read_raw(raw)
    hid = harvest_ids(hm, hs)

    models: dict[str, dict] = {}
    aliases: dict[str, set] = {}
    params_rows: list[dict] = []

    srows: list[dict] = []
    skipped: list[dict] = []

    def add_alias(mid, name):
        aliases.setdefault(mid, set()).add(name)

    def add_model(mid, name, open_w, reasoning=None, developer=None):
        add_alias(mid, name)
        if mid not in models:
            models[mid] = {"model": mid, "name": name, "open_weights": open_w,
                           "developer": developer or ""}
        if reasoning:
            models[mid]["reasoning"] = True

    # ---- IKP models -------------------------------------------------------------------
    for df, open_w in [(ikp_open, True), (ikp_excl, True), (ikp_closed, False)]:
        for r in df.itertuples(index=False):
            mid = IKP_RENAME.get(r.model, r.model)
            if r.model not in IKP_NO_ALIAS:
                add_alias(mid, r.model)
            rec = models.setdefault(mid, {"model": mid})
            rec.setdefault("name", mid if r.model in IKP_NO_ALIAS else r.model)
            rec["developer"] = r.vendor
            if hasattr(r, "family") and isinstance(r.family, str):
                rec["family"] = r.family
            rec["open_weights"] = open_w
            if hasattr(r, "thinking"):
                rec["reasoning"] = bool(r.thinking) or rec.get("reasoning", False)
            if hasattr(r, "release_date") and isinstance(r.release_date, str):
                rec["release_date"] = r.release_date
                rec["release_source"] = IKP_CAL + " (release_date from configs/all_models.json)"
            if hasattr(r, "exclusion_reason"):
                rec["ikp_excluded"] = r.exclusion_reason
            if open_w and pd.notna(getattr(r, "total_params_B", np.nan)):
                act = getattr(r, "active_params_B", np.nan)
                arch = getattr(r, "arch", np.nan)
                params_rows.append({
                    "model": mid, "total_params_b": float(r.total_params_B),
                    "active_params_b": float(act) if pd.notna(act) else np.nan,
                    "arch": arch if isinstance(arch, str) else "",
                    "source": IKP_CAL, "source_kind": "ikp",
                    "note": f"IKP calibration table row '{r.model}'"})
    # IKP lists deepseek-v3.1 among closed models, but its weights are open (harvest).

    # ---- harvest models ---------------------------------------------------------------
    for r in hm.itertuples(index=False):
        mid = hid[r.model]
        add_alias(mid, r.model)
        rec = models.setdefault(mid, {"model": mid, "name": r.model})
        rec.setdefault("developer", DEVELOPER_MAP.get(r.developer, r.developer.lower()))
        if mid not in {IKP_RENAME.get(x, x) for x in ikp_closed.model} or r.open_weights:
            rec["open_weights"] = bool(r.open_weights) or rec.get("open_weights", False)
        rec.setdefault("arch_h", r.arch)
        if isinstance(r.release, str) and "release_date" not in rec:
            rec["release_date"] = r.release
            rec["release_source"] = r.release_source if isinstance(r.release_source, str) else ""
        if pd.notna(r.total_params_b) and isinstance(r.params_source, str):
            params_rows.append({
                "model": mid, "total_params_b": float(r.total_params_b),
                "active_params_b": float(r.active_params_b) if pd.notna(r.active_params_b) else np.nan,
                "arch": str(r.arch).lower() if isinstance(r.arch, str) else "",
                "source": f"harvest: {r.params_source}",
                "source_kind": "name" if "name" in r.params_source.lower() and
                ("parsed" in r.params_source.lower() or r.params_source.strip().lower() == "model name")
                else "harvest",
                "note": f"harvest models.csv row '{r.model}'"})
    for n in set(hs.model) - set(hm.model):
        mid = hid[n]
        add_alias(mid, n)
        models.setdefault(mid, {"model": mid, "name": n})

    # ---- Artificial Analysis snapshot: exact AA-Omniscience accuracy per model and setting ----
    # One AA row is one model in one reasoning setting. build/aa_names.csv maps each row (by
    # AA's slug) to a model id of its setting and to the id of its set of weights.
    aa_names = pd.read_csv(HERE / "aa_names.csv", keep_default_na=False).set_index("slug")
    aa_rows = aa_snap[aa_snap.omniscience_accuracy.notna()]
    unmapped = sorted(set(aa_rows.slug) - set(aa_names.index))
    assert not unmapped, f"AA rows missing from build/aa_names.csv: {unmapped}"
    signal_rows: list[dict] = []
    aa_models: set[str] = set()
    for r in aa_rows.itertuples(index=False):
        mp = aa_names.loc[r.slug]
        mid = mp["model"]
        thinking = str(mp["thinking"]) == "True"
        src = f"{AA_SNAPSHOT}, row '{r.name}' (slug {r.slug})"
        dev = AA_DEVELOPER.get(r.creator_slug, r.creator_slug)
        # "Kimi K2.6" is AA's name of the reasoning setting: it is no alias of that setting's id
        label = r.name if "(" in r.name or not mid.endswith("-think") else mid
        add_model(mid, label, open_w=bool(r.is_open_weights), reasoning=thinking, developer=dev)
        rec = models[mid]
        rec.setdefault("developer", dev)
        if not rec.get("developer"):
            rec["developer"] = dev
        rec["weights"] = mp["weights"]
        aa_models.add(mid)
        if bool(r.is_open_weights) and isinstance(r.model_weights_source_url, str):
            # AA links the released weights: open, whatever an older list said
            rec["open_weights"] = True
            rec["weights_url"] = r.model_weights_source_url
        if isinstance(r.release_date, str):
            rec["aa_release_date"] = r.release_date
            rec["aa_release_source"] = src + " release_date"
        srows.append({"model": mid, "benchmark": "aa-omniscience", "score": float(r.omniscience_accuracy),
                      "shots": 0, "cot": "", "thinking": thinking, "effort": mp["effort"],
                      "variant": "", "precision": "exact", "evaluated_by": "artificial-analysis",
                      "source": src, "source_name": r.name,
                      "note": "omniscience_accuracy: share of 6,000 questions answered correctly "
                              "(abstentions count as not correct); not AA's Omniscience index"})
        if pd.notna(r.parameters_b):
            params_rows.append({
                "model": mid, "total_params_b": float(r.parameters_b),
                "active_params_b": float(r.active_parameters_b) if pd.notna(r.active_parameters_b) else np.nan,
                "arch": "moe" if pd.notna(r.active_parameters_b) and r.active_parameters_b < r.parameters_b else "",
                "source": src + " parameters_b / active_parameters_b (AA's own label)",
                "source_kind": "aa", "note": "Artificial Analysis size label: secondary source"})
        signal_rows.append({
            "model": mid, "thinking": thinking, "effort": mp["effort"],
            "omniscience_hallucination_rate": r.omniscience_hallucination_rate,
            "gpqa": r.gpqa, "hle": r.hle,
            "price_blended_usd_per_mtoken": r.price_blended_7_2_1_usd_per_mtoken,
            "price_input_usd_per_mtoken": r.price_input_usd_per_mtoken,
            "price_output_usd_per_mtoken": r.price_output_usd_per_mtoken,
            "median_output_speed_tps": r.median_output_speed_tps,
            "open_weights_at_aa": bool(r.is_open_weights), "fetched": AA_FETCHED,
            "source": src, "source_name": r.name})

    # AA-Omniscience chart readings (low precision, +/-0.01): secondary rows
    aa_src = aa_open.SOURCE.iloc[0]
    for r in aa_open.itertuples(index=False):
        name = r.model_label_on_chart
        reasoning = r.reasoning_marker_on_chart == "yes"
        if name in AMBIGUOUS:
            skipped.append({"file": "aa/aa_omniscience_open_models_accuracy_vs_total_params_AAchart.csv",
                            "row": name, "reason": "chart label does not identify one model"})
            continue
        mid = AA_2507.get((name, reasoning)) or NAME_MAP.get(name, auto_id(name))
        if not reasoning and mid.endswith("-think"):
            mid = mid[: -len("-think")]
        # a label shared by two variants is no alias of either
        add_model(mid, name if (name, not reasoning) not in AA_2507 else mid, open_w=True,
                  reasoning=reasoning)
        variant = ""
        srows.append({"model": mid, "benchmark": "aa-omniscience",
                      "score": float(r.aa_omniscience_accuracy_read_from_chart_y),
                      "shots": 0, "cot": "", "thinking": reasoning, "effort": "", "variant": variant,
                      "precision": "chart", "evaluated_by": "artificial-analysis", "source": aa_src,
                      "source_name": name,
                      "note": f"read from AA chart (+/-0.01; label confidence {r.label_assignment_confidence})"})
        params_rows.append({"model": mid, "total_params_b": float(r.total_params_B_read_from_chart_x),
                            "active_params_b": np.nan, "arch": "", "source": aa_src + " (x position, log2 axis)",
                            "source_kind": "chart", "note": f"read from chart: {r.read_method}"})
    bar_src = aa_bar.SOURCE.iloc[0]
    for r in aa_bar.itertuples(index=False):
        name = r.model_label_as_read
        if name in AMBIGUOUS or any(name == k[0] for k in AA_2507):
            skipped.append({"file": "aa/aa_omniscience_accuracy_bar_chart_jan2026.csv", "row": name,
                            "reason": "chart label does not identify one model (no reasoning marker "
                                      "to tell the instruct and thinking releases apart)"})
            continue
        mid = NAME_MAP.get(name, auto_id(name))
        thinking = ""
        # The Jan-2026 bar chart shows the reasoning variant of hybrid models (raw-data
        # README): where the snapshot knows a '-think' setting of the model, the bar is it.
        label = name
        if mid + "-think" in aa_models:
            # the label names the model, not the setting: no alias of either id
            mid, thinking, label = mid + "-think", True, mid + "-think"
        add_model(mid, label, open_w=r.open_weights == "yes", developer=str(r.vendor_icon).lower())
        srows.append({"model": mid, "benchmark": "aa-omniscience",
                      "score": float(r.aa_omniscience_accuracy_pct_label) / 100,
                      "shots": 0, "cot": "", "thinking": thinking, "effort": "", "variant": "",
                      "precision": "chart", "evaluated_by": "artificial-analysis",
                      "source": r.SOURCE if r.SOURCE != "same" else bar_src, "source_name": name,
                      "note": f"% label on AA bar chart (Jan 2026); label confidence {r.label_assignment_confidence}"})

    # ---- transcribed tables (Chinese SimpleQA paper, DeepSeek-V4 card, Seed-OSS README) ----
    tr = pd.read_csv(HERE / "transcribed_scores.csv")
    for r in tr.itertuples(index=False):
        if r.source_name in TRANSCRIBED_SKIP:
            skipped.append({"file": "build/transcribed_scores.csv", "row": f"{r.source_name} / {r.benchmark}",
                            "reason": TRANSCRIBED_SKIP[r.source_name]})
            continue
        mid = TRANSCRIBED_NAMES[r.source_name]
        open_w = r.open_weights is True or str(r.open_weights) == "True"
        if mid not in models:
            add_model(mid, r.source_name, open_w=open_w, developer="")
        add_alias(mid, r.source_name.rstrip("*"))
        if mid in TRANSCRIBED_WEIGHTS:
            models[mid]["weights"] = TRANSCRIBED_WEIGHTS[mid]
        bench = TRANSCRIBED_BENCH[r.benchmark]
        setting = str(r.setting)
        variant = ""
        if "F-score" in setting:
            variant = "f-score"  # Chinese SimpleQA's F-score; the default is CO (share correct)
        elif bench == "simpleqa-verified" and "25-shot" in setting:
            variant = "base-25-shot-em"  # base models, 25-shot exact match: another protocol
        m = re.search(r"(\d+)-shot", setting)
        ev = next((who for pat, who in TRANSCRIBED_EVALUATOR if re.search(pat, str(r.evaluated_by))), "")
        thinking = "" if pd.isna(r.thinking) else bool(r.thinking)
        eff = re.search(r"\(mode: (?:Think )?(High|Max|xHigh)\)", setting)
        srows.append({"model": mid, "benchmark": bench, "score": float(r.score) / (100 if r.scale == "percent" else 1),
                      "shots": int(m.group(1)) if m else np.nan, "cot": "", "thinking": thinking,
                      "effort": eff.group(1).lower() if eff else "", "variant": variant,
                      "precision": "exact", "evaluated_by": ev, "source": r.source,
                      "source_name": r.source_name, "note": f"{setting} | {r.note}" if isinstance(r.note, str) else setting})
        if open_w and pd.notna(r.total_params_b):
            params_rows.append({"model": mid, "total_params_b": float(r.total_params_b),
                                "active_params_b": float(r.active_params_b) if pd.notna(r.active_params_b) else np.nan,
                                "arch": "moe" if pd.notna(r.active_params_b) else "", "source": r.source,
                                "source_kind": "card", "note": f"size printed in the same table: {r.quote}"})

    def wid(mid: str) -> str:
        """Weights id: an explicit group (AA map, closed audit), else the suffix rule."""
        rec = models.get(mid, {})
        return rec.get("weights") or weights_id(mid)

    # Developers of the new models named in the first transcription.
    for mid, dev in TRANSCRIBED_DEVELOPER.items():
        if mid in models and not models[mid].get("developer"):
            models[mid]["developer"] = dev

    # ---- second transcription: world-knowledge tables of papers and READMEs --------------
    # build/transcribed_map_2.csv maps each row of build/transcribed_scores_2.csv (same
    # order) to a model id, weights group, benchmark id and setting, or gives why it is
    # skipped; new open models carry their weights link and a sourced size.
    t2 = pd.read_csv(HERE / "transcribed_scores_2.csv")
    m2 = pd.read_csv(HERE / "transcribed_map_2.csv", keep_default_na=False, na_values=[""])
    assert len(t2) == len(m2) and (m2["row"].to_numpy() == np.arange(len(t2))).all()
    for r, mp in zip(t2.itertuples(index=False), m2.itertuples(index=False)):
        if isinstance(mp.skip_reason, str) and mp.skip_reason.strip():
            skipped.append({"file": "build/transcribed_scores_2.csv",
                            "row": f"{r.source_name} / {r.benchmark} {r.score}", "reason": mp.skip_reason})
            continue
        mid = mp.model
        if mid not in models:
            open_w = str(mp.open_weights) == "True"
            add_model(mid, r.source_name, open_w=open_w, developer=mp.developer)
            if open_w and isinstance(mp.open_source, str):
                models[mid]["weights_url"] = mp.open_source
        if not models[mid].get("developer"):
            models[mid]["developer"] = mp.developer
        if isinstance(mp.weights, str) and mp.weights and "weights" not in models[mid]:
            models[mid]["weights"] = mp.weights
        ev = str(r.evaluated_by).split(" ")[0].strip().lower()
        thinking = "" if pd.isna(r.thinking) else str(r.thinking) == "True"
        srows.append({"model": mid, "benchmark": mp.benchmark_id,
                      "score": float(r.score) / (100 if r.scale == "percent" else 1),
                      "shots": mp.shots if pd.notna(mp.shots) else np.nan, "cot": "",
                      "thinking": thinking, "effort": "",
                      "variant": mp.variant if isinstance(mp.variant, str) else "",
                      "precision": "exact", "evaluated_by": ev, "source": r.source,
                      "source_name": r.source_name,
                      "note": f"{r.setting}" + (f" | {r.note}" if isinstance(r.note, str) else "")
                              + (f" | mapping: {mp.note}" if isinstance(mp.note, str) else "")})
        if pd.notna(mp.total_params_b) and isinstance(mp.size_source, str):
            params_rows.append({"model": mid, "total_params_b": float(mp.total_params_b),
                                "active_params_b": float(mp.active_params_b) if pd.notna(mp.active_params_b) else np.nan,
                                "arch": "moe" if pd.notna(mp.active_params_b) and mp.active_params_b < mp.total_params_b else "",
                                "source": mp.size_source, "source_kind": "card",
                                "note": "size of a model added from a transcribed table"})

    # ---- size audit (sourced corrections from model cards) ----------------------------
    audit_path = HERE / "size_audit.csv"
    if audit_path.exists():
        audit = pd.read_csv(audit_path)
        lookup = {**hid, **{k: IKP_RENAME.get(k, k) for k in aliases_from_ikp(ikp_open, ikp_excl)}}
        for r in audit.itertuples(index=False):
            mid = lookup.get(r.source_name, NAME_MAP.get(r.source_name, auto_id(r.source_name)))
            mid = IKP_RENAME.get(mid, mid)
            if mid not in models or pd.isna(r.total_params_b):
                continue
            params_rows.append({
                "model": mid, "total_params_b": float(r.total_params_b),
                "active_params_b": float(r.active_params_b) if pd.notna(r.active_params_b) else np.nan,
                "arch": str(r.arch).lower() if isinstance(r.arch, str) else "",
                "source": r.source, "source_kind": "card",
                "note": r.note if isinstance(r.note, str) else ""})

    # Sizes read from each open model's own card, config or report (build/open_sizes_*.csv,
    # keyed by the Hugging Face repo that Artificial Analysis links for the model).
    repo_models: dict[str, set] = {}
    for r in aa_rows.itertuples(index=False):
        if isinstance(r.model_weights_source_url, str):
            repo = r.model_weights_source_url.replace("https://huggingface.co/", "").split("/tree/")[0]
            if aa_names.loc[r.slug, "model"] not in AA_URL_WRONG:
                repo_models.setdefault(repo, set()).add(aa_names.loc[r.slug, "model"])
    aa_name_to_model = dict(zip(aa_names["aa_name"], aa_names["model"]))
    for path in sorted(HERE.glob("open_sizes_*.csv")):
        for r in pd.read_csv(path).itertuples(index=False):
            note = r.note if isinstance(r.note, str) else ""
            if pd.isna(r.total_params_b):
                continue
            if re.search(r"do not use", note, re.I):
                skipped.append({"file": f"build/{path.name}", "row": f"{r.repo} {r.total_params_b:g}B",
                                "reason": note})
                continue
            repo = str(r.repo).split("/tree/")[0]
            if note.startswith("WRONG REPO URL"):
                # the size row is for the model AA named, not for the repo AA linked
                targets = {aa_name_to_model[r.model_name]}
            else:
                targets = set(repo_models.get(repo) or ()) | set(OPEN_SIZE_EXTRA.get(repo, ()))
            # the card's own text, report or config > Hugging Face's count of the checkpoint
            # (which includes vision towers and prediction layers)
            kind = "hf_count" if r.kind == "hf_safetensors" else "card"
            for mid in sorted(targets):
                params_rows.append({
                    "model": mid, "total_params_b": float(r.total_params_b),
                    "active_params_b": float(r.active_params_b) if pd.notna(r.active_params_b) else np.nan,
                    "arch": str(r.arch).lower() if isinstance(r.arch, str) else "",
                    "source": r.source, "source_kind": kind,
                    "note": f"{r.kind}: {r.quote}" + (f" ({note})" if note else "")})

    # Closed-model audit: weights released since, sizes published by the developer,
    # weights groups of settings, date fixes (build/closed_audit.csv, each with a source).
    audit_c = HERE / "closed_audit.csv"
    if audit_c.exists():
        for r in pd.read_csv(audit_c).itertuples(index=False):
            mid = r.model
            if mid not in models:
                continue
            rec = models[mid]
            if r.status == "open_since":
                rec["open_weights"] = True
                rec["open_since_source"] = r.size_source
            elif r.status == "disclosed":
                rec["size_status"] = "disclosed"
            if r.status in ("open_since", "disclosed") and pd.notna(r.total_params_b):
                params_rows.append({
                    "model": mid, "total_params_b": float(r.total_params_b),
                    "active_params_b": float(r.active_params_b) if pd.notna(r.active_params_b) else np.nan,
                    "arch": "moe" if pd.notna(r.active_params_b) and r.active_params_b < r.total_params_b else "",
                    "source": r.size_source, "source_kind": "card",
                    "note": f"{r.status}: {r.size_quote}"})
            if isinstance(r.proposed_weights, str) and r.proposed_weights \
                    and mid not in CLOSED_AUDIT_KEEP_WEIGHTS:
                rec["weights"] = r.proposed_weights
            if isinstance(r.release_date, str) and r.release_date:
                rec["fixed_release_date"] = (r.release_date, r.date_source)

    # Open models with no other size: the count in the model's own name (ranked last but
    # one), as the harvest does.
    sized = {p["model"] for p in params_rows}
    for mid, rec in models.items():
        if rec.get("open_weights") and mid not in sized:
            mt_ = re.search(r"-(\d+(?:\.\d+)?)b(?:-|$)", mid)
            if mt_:
                params_rows.append({"model": mid, "total_params_b": float(mt_.group(1)),
                                    "active_params_b": np.nan, "arch": "",
                                    "source": f"model name '{rec.get('name', mid)}'",
                                    "source_kind": "name", "note": "size parsed from the model's name"})

    for mid, why in SIZE_REJECT.items():
        for p_ in [p_ for p_ in params_rows if p_["model"] == mid]:
            skipped.append({"file": "params", "row": f"{mid} {p_['total_params_b']:g}B ({p_['source']})",
                            "reason": why})
    params_rows = [p_ for p_ in params_rows if p_["model"] not in SIZE_REJECT]
    params = pd.DataFrame(params_rows).drop_duplicates(
        subset=["model", "total_params_b", "active_params_b", "source"])
    params["arch"] = params["arch"].replace({"MoE": "moe"}).str.lower()
    # Choice rule: the model's own card, config or report (size audits) > IKP's table >
    # Hugging Face's count of the checkpoint > Artificial Analysis's size label > harvest
    # transcription > a count parsed from the model's name > a chart reading. Ties keep
    # file order (the audit lists the preferred row first).
    rank = {"card": 0, "ikp": 1, "hf_count": 2, "aa": 3, "harvest": 4, "name": 5, "chart": 6}
    params["_rank"] = params["source_kind"].map(rank)
    params = params.sort_values(["model", "_rank"], kind="mergesort").reset_index(drop=True)
    params["chosen"] = ~params.duplicated("model")
    # Variants of one set of weights (base, instruct, thinking) have one size: a model
    # takes the best-ranked size found for any model of its weights group.
    params["_w"] = params["model"].map(wid)
    best = params.sort_values("_rank", kind="mergesort").drop_duplicates("_w").set_index("_w")
    for mid in models:
        w = wid(mid)
        if w not in best.index:
            continue
        b = best.loc[w]
        own = params[(params.model == mid) & params.chosen]
        if len(own) == 0 or own["_rank"].iloc[0] > b["_rank"]:
            params.loc[params.model == mid, "chosen"] = False
            params = pd.concat([params, pd.DataFrame([{
                **b.drop(["chosen"]).to_dict(), "model": mid, "chosen": True,
                "note": f"same weights as '{b['model']}': {b['note']}"}])], ignore_index=True)
    params = params.drop(columns=["_rank", "_w"]).sort_values(["model", "chosen"], ascending=[True, False])

    # ---- assemble model table -------------------------------------------------------------
    # A name that two models share (a paper's 'OLMo 2 13B' for the base and the instruct
    # checkpoint) is an alias of neither: resolve_model() must never pick one silently.
    def key(n: str) -> str:
        return re.sub(r"[^a-z0-9.]+", "", str(n).lower().replace("_", "."))
    owners: dict[str, set] = {}
    for mid in models:
        for a in aliases.get(mid, set()) | {mid}:
            owners.setdefault(key(a), set()).add(mid)
    for mid in models:
        aliases[mid] = {a for a in aliases.get(mid, set())
                        if len(owners[key(a)]) == 1 or key(a) == key(mid)}
        if len(owners.get(key(models[mid].get("name", mid)), {mid})) > 1 and key(models[mid].get("name", mid)) != key(mid):
            models[mid]["name"] = mid
    chosen = params[params.chosen].set_index("model")
    rows = []
    for mid, rec in models.items():
        p = chosen.loc[mid] if mid in chosen.index else None
        open_w = bool(rec.get("open_weights", False))
        total = p["total_params_b"] if p is not None else np.nan
        active = p["active_params_b"] if p is not None else np.nan
        arch_h = str(rec.get("arch_h") or "").lower()
        arch = (p["arch"] if p is not None and p["arch"] else "") or (
            "" if arch_h in ("undisclosed", "nan", "none") else arch_h)
        if arch == "dense" and pd.isna(active) and pd.notna(total):
            active = total
        alts = params[(params.model == mid) & ~params.chosen]
        conflict = ""
        if p is not None and len(alts):
            diff = alts[(alts.total_params_b / total - 1).abs() > 0.02]
            if len(diff):
                conflict = "; ".join(f"{t:g}B ({s})" for t, s in zip(diff.total_params_b, diff.source))
        dev = DEVELOPER_FIX.get(mid, rec.get("developer", ""))
        # Release date: a sourced fix (closed audit) > Artificial Analysis's day-precision
        # date for this model and setting > IKP's or the harvest's date.
        date, date_src = rec.get("release_date", ""), rec.get("release_source", "")
        if rec.get("aa_release_date"):
            date, date_src = rec["aa_release_date"], rec["aa_release_source"]
        if rec.get("fixed_release_date"):
            date, date_src = rec["fixed_release_date"]
        if open_w:
            size_status = "open" if pd.notna(total) else "unknown"
        elif rec.get("size_status") == "disclosed" and pd.notna(total):
            size_status = "disclosed"
        else:
            size_status = "reported" if pd.notna(total) else "unknown"
        rows.append({
            "model": mid, "name": rec.get("name", mid), "developer": dev,
            "family": rec.get("family") or family_of(mid), "weights": wid(mid),
            "open_weights": open_w, "size_status": size_status, "arch": arch,
            "total_params_b": total, "active_params_b": active,
            "release_date": date,
            "reasoning": bool(rec.get("reasoning", False)) or is_reasoning(mid, rec.get("name", "")),
            "aliases": "; ".join(sorted(a for a in aliases.get(mid, set()) if a != mid)),
            "params_source": p["source"] if p is not None else "",
            "params_conflict": conflict,
            "release_source": date_src,
            "weights_source": rec.get("weights_url") or rec.get("open_since_source") or "",
            "exclude_reason": (f"IKP excluded it from its fit: {rec['ikp_excluded']}"
                               if isinstance(rec.get("ikp_excluded"), str) else ""),
        })
    mt = pd.DataFrame(rows)
    # Known date errata (documented in the raw data's audit notes).
    for mid, date in {"qwen3-235b-a22b-instruct-2507": "2025-07-22",
                      "deepseek-v3.2-exp": "2025-09-29"}.items():
        if mid in set(mt.model):
            mt.loc[mt.model == mid, ["release_date", "release_source"]] = [date, SHARED_README]

    # ---- scores -------------------------------------------------------------------------
    ikp_tier_n = {d["model"]: d for d in ikp_tiers}
    for df in (ikp_open, ikp_excl, ikp_closed):
        for r in df.itertuples(index=False):
            mid = IKP_RENAME.get(r.model, r.model)
            t = ikp_tier_n.get(r.model)
            note = "IKP accuracy = unweighted mean of the 7 tier accuracies; no penalty for wrong answers"
            if t is not None:
                n = sum(v["total"] for v in t["tier_stats"].values())
                note += f"; tier totals sum to {n} questions (ikp_per_tier_results.json)"
            srows.append({"model": mid, "benchmark": "ikp", "score": float(r.ikp_accuracy),
                          "shots": 0, "cot": "",
                          "thinking": bool(getattr(r, "thinking", False)) or is_reasoning(mid, r.model),
                          "effort": "", "variant": "", "precision": "exact",
                          "evaluated_by": "ikp", "source": IKP_CAL,
                          "source_name": r.model, "note": note})
    # Models with tier results but no row in IKP's published tables: the tier file's own
    # accuracy (the same unweighted mean of tier accuracies).
    ikp_listed = {IKP_RENAME.get(m, m) for df in (ikp_open, ikp_excl, ikp_closed) for m in df.model}
    for d in ikp_tiers:
        mid = IKP_RENAME.get(d["model"], d["model"])
        if mid in ikp_listed:
            continue
        if mid not in set(mt.model):
            mt = pd.concat([mt, pd.DataFrame([{
                "model": mid, "name": d["model"], "developer": d.get("vendor") or "",
                "family": d.get("family") or family_of(mid), "weights": weights_id(mid),
                "open_weights": False, "size_status": "unknown", "arch": "",
                "reasoning": is_reasoning(mid, d["model"]), "aliases": "", "params_source": "",
                "params_conflict": "", "release_date": "", "release_source": "",
                "weights_source": "", "exclude_reason": ""}])], ignore_index=True)
        n = sum(v["total"] for v in d["tier_stats"].values())
        srows.append({"model": mid, "benchmark": "ikp", "score": float(d["accuracy"]), "shots": 0,
                      "cot": "", "thinking": is_reasoning(mid, d["model"]), "effort": "",
                      "variant": "", "precision": "exact", "evaluated_by": "ikp",
                      "source": IKP_TIERS, "source_name": d["model"],
                      "note": "accuracy field of the per-tier results (unweighted mean of the 7 tier "
                              f"accuracies, {n} questions); the model is not in IKP's published "
                              "calibration tables"})
    for r in ikp_repo.itertuples(index=False):
        mid = IKP_RENAME.get(r.model, r.model)
        for col, bench in [("mmlu", "mmlu"), ("mmlu_pro", "mmlu-pro"),
                           ("gpqa_diamond", "gpqa-diamond"), ("simpleqa", "simpleqa"), ("hle", "hle")]:
            v = getattr(r, col)
            if pd.notna(v) and (mid, bench) in IKP_REPO_WRONG:
                skipped.append({"file": "ikp/ikp_repo_benchmark_scores.csv", "row": f"{mid} / {bench} {v}",
                                "reason": IKP_REPO_WRONG[(mid, bench)]})
            elif pd.notna(v):
                srows.append({"model": mid, "benchmark": bench, "score": float(v) / 100,
                              "shots": np.nan, "cot": "", "thinking": "", "effort": "",
                              "variant": "", "precision": "exact",
                              "evaluated_by": "", "source": f"{IKP_REPO} (benchmark scores the IKP authors collected; their source note: {r.source_notes})",
                              "source_name": r.model, "note": "percent as printed, /100"})
    for r in hs.itertuples(index=False):
        mid = hid[r.model]
        bench = BENCHMARK_MAP[r.benchmark]
        setting = str(r.setting)
        note = str(r.note) if isinstance(r.note, str) else ""
        m = re.search(r"(\d+)[- ]?shot", setting, re.I) or re.search(r"\|\s*(\d+)\s*\|", setting)
        shots = int(m.group(1)) if m else np.nan
        cot = "cot" if re.search(r"cot|chain", setting, re.I) else ""
        variant = ""
        if bench == "triviaqa":
            if re.search(r"wiki", setting, re.I):
                variant = "wiki"
            elif re.search(r"filtered, dev", setting) and "unfiltered" not in setting:
                variant = "filtered-dev"
            if pd.notna(shots) and shots != 5:
                variant = (variant + "-" if variant else "") + f"{shots}-shot"
        elif bench == "naturalquestions" and pd.notna(shots) and shots != 5:
            variant = f"{shots}-shot"
        elif bench == "simpleqa-verified" and "F1" in setting:
            variant = "f1"
        elif bench == "gpqa-diamond" and "Ministral 3 paper" in str(r.source) and "Table 5" in str(r.source) \
                and r.model.startswith("Qwen3"):
            variant = "pass@16"  # audit: this table reports pass@16 for Qwen3 thinking models
        elif bench == "mmlu" and re.search(r"redux", setting, re.I):
            variant = "redux"
        ev = EVALUATED_BY_FILE.get(r.source_file, "")
        for pat, who in NOTE_EVALUATOR:
            if re.search(pat, note):
                ev = who
                break
        if r.source_file.startswith("llmstats"):
            ev = "self-reported" if "self_reported=True" in note else "llm-stats"
        # thinking: the setting says so ("Reasoning Mode" tables, "(Thinking)"), or the model
        # only exists as a reasoning model (deepseek-r1-0528, gpt-oss, ...)
        thinking = bool(re.search(r"think|reasoning mode", mid + " " + setting, re.I)) \
            or is_reasoning(mid, r.model)
        # quoted, rounded figures (news articles on AA results) rank below exact values
        precision = "rounded" if bench == "aa-omniscience" and re.search(r"rounded", note) else "exact"
        srows.append({"model": mid, "benchmark": bench, "score": float(r.score) / 100,
                      "shots": shots, "cot": cot, "thinking": thinking, "effort": "",
                      "variant": variant, "precision": precision, "evaluated_by": ev,
                      "source": r.source, "source_name": r.model,
                      "note": f"{setting} | {note}" if note else setting})
    sc = pd.DataFrame(srows)
    sc["effort"] = sc["effort"].fillna("")
    dev = mt.set_index("model")["developer"]
    def who(row):
        e = row.evaluated_by
        if e in THIRD_PARTIES:
            return "third-party"
        if e in ("self-reported",):
            return "developer"
        if e in ("", "llm-stats"):
            return "unknown"
        return "developer" if dev.get(row.model, "") == e else "competitor"
    sc["evaluator"] = sc.apply(who, axis=1)
    sc = sc[["model", "benchmark", "score", "shots", "cot", "thinking", "effort", "variant",
             "precision", "evaluator", "evaluated_by", "source", "source_name", "note"]]
    sc = sc.drop_duplicates(subset=["model", "benchmark", "score", "variant", "source"])
    missing = sorted(set(sc.model) - set(mt.model))
    assert not missing, missing

    bt = build_benchmarks()
    unknown = sorted(set(sc.benchmark) - set(bt.benchmark))
    assert not unknown, unknown
    bt.to_csv(OUT / "benchmarks.csv", index=False)
    tasks = pd.read_csv(HERE / "lm_eval_tasks.csv")
    tasks.to_csv(OUT / "lm_eval_tasks.csv", index=False)

    ref = pd.DataFrame({
        "model": [IKP_RENAME.get(m, m) for m in ikp_closed.model], "source_name": ikp_closed.model,
        "estimate_b": ikp_closed.estimated_params_B, "lower_b": ikp_closed.pi90_lo_B,
        "upper_b": ikp_closed.pi90_hi_B, "level": 0.9, "by": "ikp",
        "method": "IKP: linear fit of IKP accuracy on log10 params over IKP's open models, "
                  "inverted; fixed multiplicative 90% interval",
        "source": IKP_CAL})
    ref.to_csv(OUT / "reference_estimates.csv", index=False)

    mt = mt.sort_values("model").reset_index(drop=True)
    mt.to_csv(OUT / "models.csv", index=False)
    params.to_csv(OUT / "params.csv", index=False)
    pd.DataFrame(skipped, columns=["file", "row", "reason"]).to_csv(HERE / "skipped.csv", index=False)
    sc.sort_values(["benchmark", "model", "source"]).to_csv(OUT / "scores.csv", index=False)

    # Other Artificial Analysis signals (not used by the method yet), same provenance.
    sig = pd.DataFrame(signal_rows).sort_values("model")
    sig.to_csv(OUT / "signals.csv", index=False)

    # IKP per-tier counts (correct / wrong / refused), for refusal-aware estimates.
    tier_rows = []
    for d in ikp_tiers:
        mid = IKP_RENAME.get(d["model"], d["model"])
        for tier, st in sorted(d["tier_stats"].items()):
            tier_rows.append({"model": mid, "tier": tier, "n_questions": st["total"],
                              "correct": st["correct"], "wrong": st["wrong"], "refused": st["refusal"],
                              "source": IKP_TIERS, "source_name": d["model"]})
    tiers = pd.DataFrame(tier_rows)
    missing_t = sorted(set(tiers.model) - set(mt.model))
    assert not missing_t, missing_t
    bad = tiers[tiers.correct + tiers.wrong + tiers.refused != tiers.n_questions]
    assert bad.empty, bad
    tiers.to_csv(OUT / "ikp_tiers.csv", index=False)
    print(f"signals: {len(sig)} rows; ikp tiers: {len(tiers)} rows ({tiers.model.nunique()} models)")
    print(f"models: {len(mt)} ({mt.open_weights.sum()} open, {(~mt.open_weights).sum()} closed); "
          f"open with size: {(mt.open_weights & mt.total_params_b.notna()).sum()}")
    print(f"scores: {len(sc)}; params rows: {len(params)}")
    write_manifest()


SHIPPED = ["benchmarks.csv", "ikp_tiers.csv", "lm_eval_tasks.csv", "models.csv", "params.csv",
           "reference_estimates.csv", "scores.csv", "signals.csv"]


def write_manifest() -> None:
    """datasets/manifest.json: build date and a SHA-256 per shipped file (data_version())."""
    import datetime
    import hashlib

    files = {n: hashlib.sha256((OUT / n).read_bytes()).hexdigest() for n in SHIPPED}
    old = json.loads((OUT / "manifest.json").read_text()) if (OUT / "manifest.json").exists() else {}
    built = old.get("built") if old.get("files") == files else datetime.date.today().isoformat()
    (OUT / "manifest.json").write_text(json.dumps({"built": built, "files": files}, indent=2) + "\n")



EXTRA_BENCHMARKS = [
    {"benchmark": "gpqa-ollb", "name": "GPQA (Open LLM Leaderboard v2, all subsets)",
     "kind": "reasoning", "n_choices": 4,
     "note": "ObsScaling's copy of Open LLM Leaderboard v2 GPQA; all subsets, not Diamond; "
             "kept apart from gpqa and gpqa-diamond. n_choices as for gpqa."},
    {"benchmark": "nq-triviaqa-avg", "name": "World knowledge (mean of NaturalQuestions and TriviaQA, 5-shot)",
     "kind": "composite", "note": "an average reported by some papers; not a benchmark of its own"},
    {"benchmark": "simpleqa-search", "name": "SimpleQA with a search tool (agentic)",
     "kind": "agentic", "note": "not closed-book: the model may browse; never used as knowledge evidence"},
    # Derived at load time from shipped tables (paramest.data.derived); never default evidence.
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


def build_benchmarks() -> pd.DataFrame:
    bt = pd.read_csv(HERE / "benchmarks_sourced.csv")
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
    bt["aliases"] = bt["benchmark"].map(lambda b: "; ".join(BENCHMARK_ALIASES.get(b, [])))
    cols = ["benchmark", "name", "aliases", "kind", "default_evidence", "n_questions", "n_choices",
            "chance", "citation", "url", "n_questions_source", "note"]
    return bt[cols]


def aliases_from_ikp(*dfs):
    return [m for df in dfs for m in df.model]


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--raw", type=Path, default=HERE.parents[2] / "shared" / "data")
    build(ap.parse_args().raw)
