"""Naming rules of the curation: source names -> canonical model ids, weights groups, developers.

Part of the maintainer tool ``curate.py`` (never run by the library or its tests). The manual
tables here only rename models, group variants and name who ran an evaluation: no number is
typed here.
"""

from __future__ import annotations

import re

import pandas as pd

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
    # IKP's configs/all_models.json runs 'mistral-large' as mistralai/mistral-large-2411 (audit
    # 2026-12 §2c; the 2407 id carried the 2411's score and date before)
    "mistral-large": "mistral-large-2411",
    # configs/all_models.json: 'jamba-large' is ai21/jamba-large-1.7, 'command-r-plus' is
    # cohere/command-r-plus-08-2024 (IKP's dates for both are the earlier releases')
    "jamba-large": "jamba-1.7-large",
    "command-r-plus": "command-r-plus-08-2024",
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
    # the harvest's 'Command R+ (08-2024)' rows come from llm-stats' command-r-plus-04-2024 file
    # (original source CohereForAI/c4ai-command-r-plus, the April checkpoint)
    "Command R+ (08-2024)": "command-r-plus-04-2024",
    # the *_more harvest's Hugging Face repo names of models already in the tables
    "LLM360/Amber": "amber-7b-base", "allenai/OLMo-7B-hf": "olmo-7b-base",
    "allenai/OLMo-7B-0424-hf": "olmo-7b-0424-base", "allenai/OLMo-1B-hf": "olmo-1b-base",
    "microsoft/phi-1_5": "phi-1.5", "microsoft/phi-2": "phi-2", "ai21labs/Jamba-v0.1": "jamba-v0.1",
    "IBM Granite 4.0 Tiny Preview": "granite-4.0-tiny-preview",
    # the bar chart's 'Qwen3 30B A3B 2507' (0.15) is the snapshot's 'Qwen3 30B A3B 2507 Instruct'
    # (slug qwen3-30b-a3b-2507, 0.151): one checkpoint, not a model of its own (audit 2026-12 §2c)
    "Qwen3 30B A3B 2507": "qwen3-30b-a3b-instruct-2507",
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
    "Zhipu AI (Z.ai)": "zhipu", "Cohere": "cohere", "AI21 Labs": "ai21", "Xiaomi": "xiaomi",
    "StepFun": "stepfun", "IBM": "ibm", "AI2 / LLM360": "allenai", "Microsoft": "microsoft",
    "Microsoft (WizardLM)": "microsoft",
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
                "tii-uae": "tii", "aws": "amazon", "nex": "nex-agi", "reka-ai": "reka",
                "zai": "zhipu", "ai21-labs": "ai21", "ai2": "allenai", "azure": "microsoft",
                "moonshotai": "moonshot"}

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
THIRD_PARTIES = {"ikp", "artificial-analysis", "obsscaling", "openstellarteam", "epoch-ai"}

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
    "AA-Omniscience": "aa-omniscience", "SimpleQA Verified": "simpleqa-verified", "PopQA": "popqa",
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


# Words that say a setting is NOT thinking (audit 2026-12 §2d: "Claude Opus 4 (no extended
# thinking)" and "Qwen3-14B (non-thinking)" were read as thinking because they contain "thinking").
NON_THINKING = re.compile(r"w/o extended thinking|without extended thinking|no extended thinking|"
                          r"non-thinking|non-think\b|non-reasoning|\binstant\b", re.I)


def says_non_thinking(text: str) -> bool:
    return bool(NON_THINKING.search(str(text)))


def is_reasoning(model: str, name: str) -> bool:
    pat = (r"think|reasoning|\bo1\b|\bo3\b|o4-mini|^o1|^o3|deepseek-r1|qwq|magistral|"
           r"kimi-k1\.5|seed-thinking|minimax-m1|gpt-oss|grok-3-mini")
    by_name = bool(re.search(r"thinking|Think", name)) and not says_non_thinking(name)
    return bool(re.search(pat, model)) or bool(EFFORT.match(model)) or by_name

