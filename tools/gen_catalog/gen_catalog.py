#!/usr/bin/env python3
"""Generate switchyard's built-in model catalog.

Reads a snapshot of LiteLLM's public model price table (``model_prices_2026-07.json``), maps every
provider's upstream model name onto an OpenRouter-style model id (``author/slug``) through the
reviewable alias rules below, merges the hand-kept provider facts
(``src/routing/provider_facts.toml``) and writes ``src/routing/catalog_data.toml``.

Usage (from the repository root):

    python3 tools/gen_catalog/gen_catalog.py [PRICES_JSON] [--output FILE] [--facts FILE] [--verbose]

Standard library only. The output is deterministic: running it twice gives identical bytes.
See docs/catalog.md for the rules in prose.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
DEFAULT_INPUT = REPO_ROOT / ".." / "shared" / "data" / "model_prices_2026-07.json"
DEFAULT_OUTPUT = REPO_ROOT / "src" / "routing" / "catalog_data.toml"
DEFAULT_FACTS = REPO_ROOT / "src" / "routing" / "provider_facts.toml"
DEFAULT_DATES = HERE / "release_dates.tsv"

MIN_CHAT_MODELS = 300
MIN_PROVIDERS = 25

# ---------------------------------------------------------------------------------------------
# Money: floats are rounded once to 12 significant digits, then handled as exact decimals.
# ---------------------------------------------------------------------------------------------

PICODOLLAR = Decimal("1e-12")
MILLION = Decimal(1_000_000)
# A per-token price above this is a unit error in the source (USD 1000 per million tokens).
IMPLAUSIBLE_PER_TOKEN = Decimal("0.001")


class PriceError(ValueError):
    pass


def round12(value: float | int) -> Decimal:
    """The float, rounded once to 12 significant digits, as an exact Decimal.

    3.0001999999999996e-07 -> Decimal('3.0002E-7').
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PriceError(f"not a number: {value!r}")
    if value != value or value in (float("inf"), float("-inf")):
        raise PriceError(f"not a finite number: {value!r}")
    if value < 0:
        raise PriceError(f"negative price: {value!r}")
    if value == 0:
        return Decimal(0)
    return Decimal(format(float(value), ".12g"))


def plain(value: Decimal) -> str:
    """Decimal as a plain string without exponent or trailing zeros ('0.15', '30', '0')."""
    if value == 0:
        return "0"
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def is_whole_picodollars(value: Decimal) -> bool:
    return value == value.quantize(PICODOLLAR)


def usd_per_mtok(per_token: float | int) -> str:
    """USD per token (float) -> exact decimal string in USD per million tokens."""
    rounded = round12(per_token)
    if not is_whole_picodollars(rounded):
        raise PriceError(f"{per_token!r} is not a whole number of picodollars per token ({plain(rounded)})")
    return plain(rounded * MILLION)


def usd_amount(value: float | int) -> str:
    """USD per request / per image (float) -> exact decimal string in USD (at most 12 decimals)."""
    rounded = round12(value)
    if not is_whole_picodollars(rounded):
        raise PriceError(f"{value!r} is not a whole number of picodollars ({plain(rounded)})")
    return plain(rounded)


# ---------------------------------------------------------------------------------------------
# Providers: LiteLLM provider names -> switchyard (OpenRouter) provider slugs, and the skip list.
# ---------------------------------------------------------------------------------------------

LITELLM_PROVIDERS: dict[str, str] = {
    "openai": "openai",
    "anthropic": "anthropic",
    "gemini": "google-ai-studio",
    "vertex_ai": "google-vertex",
    "vertex_ai-language-models": "google-vertex",
    "vertex_ai-anthropic_models": "google-vertex",
    "vertex_ai-llama_models": "google-vertex",
    "vertex_ai-mistral_models": "google-vertex",
    "vertex_ai-deepseek_models": "google-vertex",
    "vertex_ai-qwen_models": "google-vertex",
    "vertex_ai-openai_models": "google-vertex",
    "vertex_ai-zai_models": "google-vertex",
    "vertex_ai-minimax_models": "google-vertex",
    "vertex_ai-moonshot_models": "google-vertex",
    "vertex_ai-ai21_models": "google-vertex",
    "vertex_ai-embedding-models": "google-vertex",
    "bedrock": "amazon-bedrock",
    "bedrock_converse": "amazon-bedrock",
    "amazon_nova": "amazon-nova",
    "azure": "azure",
    "azure_ai": "azure",
    "mistral": "mistral",
    "xai": "xai",
    "deepseek": "deepseek",
    "perplexity": "perplexity",
    "groq": "groq",
    "together_ai": "together",
    "fireworks_ai": "fireworks",
    "fireworks_ai-embedding-models": "fireworks",
    "deepinfra": "deepinfra",
    "cerebras": "cerebras",
    "nebius": "nebius",
    "novita": "novita",
    "sambanova": "sambanova",
    "hyperbolic": "hyperbolic",
    "cohere_chat": "cohere",
    "cohere": "cohere",
    "ai21": "ai21",
    "moonshot": "moonshotai",
    "minimax": "minimax",
    "zai": "z-ai",
    "dashscope": "alibaba",
    "lambda_ai": "lambda",
    "baseten": "baseten",
    "scaleway": "scaleway",
    "ovhcloud": "ovhcloud",
    "cloudflare": "cloudflare",
    "nscale": "nscale",
    "friendliai": "friendli",
    "crusoe": "crusoe",
    "gmi": "gmicloud",
    "gradient_ai": "digitalocean",
    "wandb": "wandb",
    "databricks": "databricks",
    "tencent": "tencent",
    "darkbloom": "darkbloom",
    "inception": "inception",
    "morph": "morph",
    "voyage": "voyageai",
}

# LiteLLM provider names that are not emitted, with the reason (copied into docs/catalog.md).
SKIPPED_LITELLM_PROVIDERS: dict[str, str] = {
    "openrouter": "an aggregator, not a model host (switchyard's model ids follow OpenRouter's)",
    "vercel_ai_gateway": "an aggregator, not a model host",
    "github_copilot": "a subscription product, not a pay-per-token API; no prices",
    "chatgpt": "ChatGPT/Codex subscription access, not a pay-per-token API; no prices",
    "ollama": "a local runtime; add local models through config",
    "lemonade": "a local runtime; add local models through config",
    "replicate": "a predictions API, not chat-completions compatible",
    "sagemaker": "customer-deployed endpoints; no shared host or price",
    "heroku": "an add-on reseller; no prices in the data",
    "snowflake": "Cortex runs inside a customer's account (account URL, JWT/PAT auth)",
    "oci": "Oracle Cloud Generative AI needs OCI request signing, which no adapter implements",
    "watsonx": "IBM watsonx needs an IAM token exchange and project ids; several prices are unit errors",
    "anyscale": "Anyscale Endpoints has shut down",
    "palm": "the PaLM API is retired",
    "nlp_cloud": "a legacy host (Dolphin) that is not on OpenRouter",
    "meta_llama": "the Llama API entries carry no prices",
    "meta": "the Meta Muse endpoint's base URL and data policy could not be verified",
    "featherless_ai": "the entries carry no prices",
    "volcengine": "the entries carry no prices or only zero prices",
    "gigachat": "the entries carry only zero prices (unknown, not free)",
    "v0": "Vercel v0 app-builder models, not a general-purpose host",
    "codestral": "the codestral.mistral.ai beta endpoint with zero prices; Codestral is served by `mistral`",
    "bedrock_mantle": "Bedrock's OpenAI-compatible 'Mantle' surface has other ids than the Converse API the `bedrock` adapter speaks",
    "llamagate": "a small host that is not on OpenRouter; no verified base URL or data policy",
    "libertai": "a small host that is not on OpenRouter; no verified base URL or data policy",
    "pinstripes": "a small host that is not on OpenRouter; no verified base URL or data policy",
    "tensormesh": "a small host that is not on OpenRouter; no verified base URL or data policy",
    "publicai": "every price is zero (unknown whether free); not on OpenRouter",
    "sarvam": "the only entry has a zero price (unknown, not free)",
    "text-completion-codestral": "completion mode only",
    "text-completion-inception": "completion mode only",
    "text-completion-openai": "completion mode only (legacy completions models)",
    "azure_text": "completion mode only",
    "vertex_ai-text-models": "completion mode only",
}

# The LiteLLM key prefix in front of the provider's own model name, when it differs from
# "<litellm_provider>/". Keys without the prefix are used as they are.
KEY_PREFIXES: dict[str, tuple[str, ...]] = {
    "vertex_ai": ("vertex_ai/",),
    "vertex_ai-language-models": ("vertex_ai/",),
    "vertex_ai-anthropic_models": ("vertex_ai/",),
    "vertex_ai-llama_models": ("vertex_ai/",),
    "vertex_ai-mistral_models": ("vertex_ai/",),
    "vertex_ai-deepseek_models": ("vertex_ai/",),
    "vertex_ai-qwen_models": ("vertex_ai/",),
    "vertex_ai-openai_models": ("vertex_ai/",),
    "vertex_ai-zai_models": ("vertex_ai/",),
    "vertex_ai-minimax_models": ("vertex_ai/",),
    "vertex_ai-moonshot_models": ("vertex_ai/",),
    "vertex_ai-ai21_models": ("vertex_ai/",),
    "vertex_ai-embedding-models": ("vertex_ai/",),
    "bedrock": ("bedrock/",),
    "bedrock_converse": ("bedrock/",),
    "amazon_nova": ("amazon-nova/",),
    "fireworks_ai-embedding-models": ("fireworks_ai/",),
    "cohere_chat": ("cohere/",),
}

# Providers that are the author of (most of) what they serve. Moving "-latest" aliases and
# dated snapshots are handled differently for them (see resolve()).
FIRST_PARTY_AUTHOR: dict[str, str] = {
    "openai": "openai",
    "anthropic": "anthropic",
    "google-ai-studio": "google",
    "mistral": "mistralai",
    "xai": "x-ai",
    "deepseek": "deepseek",
    "perplexity": "perplexity",
    "cohere": "cohere",
    "ai21": "ai21",
    "moonshotai": "moonshotai",
    "minimax": "minimax",
    "z-ai": "z-ai",
    "alibaba": "qwen",
    "amazon-nova": "amazon",
    "inception": "inception",
    "morph": "morph",
    "voyageai": "voyageai",
}

# Providers whose names carry the author's own date stamps (snapshots of the same model).
DATED_FOLD_PROVIDERS = set(FIRST_PARTY_AUTHOR) | {"azure"}

# ---------------------------------------------------------------------------------------------
# Entries that are skipped, by provider slug and a regex on the provider's own model name.
# ---------------------------------------------------------------------------------------------

SKIP_UPSTREAM: list[tuple[str, str, str]] = [
    # (provider slug or "*", regex (fullmatch, case-insensitive) on the upstream name, reason)
    ("*", r"(?:.*/)?(?:container|computer-use-preview|model_router)", "a tool or router, not a model"),
    ("*", r"ft:.*", "fine-tuning price row, not a model"),
    ("*", r".*(?:audio-preview|gpt-audio|native-audio|-live-|live-preview|-tts|realtime|lyria).*",
     "needs audio output or a realtime session (not a text chat model)"),
    ("*", r".*(?:-lora|-draft|-draft-\d+)$", "a LoRA adapter or speculative-decoding draft model"),
    ("*", r"(?:.*/)?(?:@latest|.*-latest|.*@latest)$", "a moving '-latest' alias; the pinned version is used"),
    ("*", r".*deep-research.*", "Responses-API-only research agent"),
    ("openai", r"gpt-5-chat", "LiteLLM alias; OpenAI's API name is gpt-5-chat-latest"),
    ("openai", r"gpt-5-search-api(?:-.*)?", "web-search model billed per search, not modelled yet"),
    ("anthropic", r"claude-4-(?:opus|sonnet)-\d+", "LiteLLM alias names; Anthropic's ids are claude-opus-4-… / claude-sonnet-4-…"),
    ("amazon-bedrock", r"anthropic\.claude-3-7-sonnet-20240620-v1:0", "no such Bedrock model (typo row in the source)"),
    ("amazon-bedrock", r"(?:.*\.)?(?:anthropic\.claude-(?:v1|instant-v1)|ai21\.j2-.*)", "retired legacy models"),
    ("amazon-bedrock", r"(?:eu|apac|au|jp|us-gov|ca)\..*", "regional inference profile; the global/US profile or base id is used"),
    ("amazon-bedrock", r".*(?:twelvelabs|claude-mythos).*", "video model / no price"),
    ("azure", r"claude-.*", "Claude on Azure AI Foundry uses the Anthropic Messages API at another base URL"),
    ("azure", r"gpt-35-turbo-instruct.*|gpt-4-turbo-vision-preview", "completion-only or retired preview"),
    ("google-vertex", r"claude-3-5-sonnet", "unversioned Vertex alias (ambiguous between v1 and v2)"),
    ("google-vertex", r"meta/llama-4-maverick-17b-16e-instruct-maas|meta/llama-4-scout-17b-128e-instruct-maas",
     "no such Vertex model (expert counts swapped in the source)"),
    ("google-vertex", r"mistral-nemo@2407", "price disagrees with Mistral Nemo everywhere else (USD 3/M; source error)"),
    ("google-vertex", r"jamba-1\.5", "unversioned alias"),
    ("ai21", r"jamba-1\.5", "unversioned alias"),
    ("google-vertex", r"medlm-.*", "no prices"),
    ("google-ai-studio", r"gemini-2\.5-computer-use.*|gemini-robotics.*", "special-purpose agent models"),
    ("google-vertex", r"gemini-2\.5-computer-use.*|gemini-robotics.*", "special-purpose agent models"),
    ("perplexity", r"(?!sonar).*|sonar-(?:small|medium)-.*", "legacy Perplexity-hosted models (only the Sonar family is served)"),
    ("deepseek", r"(?!deepseek-chat$|deepseek-reasoner$|deepseek-v4-(?:flash|pro)$).*",
     "LiteLLM alias; not a current DeepSeek API model name"),
    ("deepseek", r"deepseek-reasoner", "thinking mode of deepseek-chat (same model, reasoning parameter)"),
    ("mistral", r"mistral-small|mistral-tiny|mistral-medium|open-mixtral-8x22b|open-mistral-7b|open-codestral-mamba",
     "legacy alias without a pinned version"),
    ("fireworks", r"accounts/fireworks/routers/.*", "Fireworks 'fast' routers are a premium tier of a model already listed"),
    ("fireworks", r".*/(?:flux-.*|stablecode-.*|starcoder.*|pythia-.*|.*-base|.*-base-.*|firesearch-ocr-v6|rolm-ocr)",
     "image model, base (non-instruct) model or OCR pipeline listed as chat"),
    ("fireworks", r".*/(?:code-llama-\d+b|code-llama-\d+b-python|llama-v2-\d+b|llama-v3-8b|llama-v3p2-[13]b|mistral-7b|"
                  r"mistral-7b-v0p2|mixtral-8x7b|mixtral-8x22b|gemma-7b|yi-6b|yi-34b|qwen-v2p5-7b|qwen2p5-(?:14b|32b|72b)|"
                  r"qwen2p5-coder-(?:0p5b|1p5b|3b|7b|14b|32b)|chronos-hermes-13b-v2|llamaguard-7b|llama-guard-2-8b|"
                  r"llama-v3p1-405b-instruct-long|llama-v3p1-70b-instruct-1b|mistral-7b-instruct-4k|"
                  r"mixtral-8x22b-instruct-hf|mixtral-8x7b-instruct-hf|llama-v3-70b-instruct-hf|llama-v3-8b-instruct-hf|"
                  r"qwen2p5-coder-32b-instruct-(?:128k|32k-rope|64k)|deepseek-r1-basic|qwen3-coder-480b-instruct-bf16|"
                  r"flux-1-dev-controlnet-union)",
     "base model, duplicate packaging or context-size variant of a model already listed"),
    ("cloudflare", r".*-int8|.*codellama-7b-instruct-awq|.*llama-2-7b-chat-fp16", "legacy quantised duplicates"),
    ("together", r"together-ai-.*", "price tier by model size, not a model"),
    ("azure", r"(?:.*/)?jais-30b-chat|mai-ds-r1", "implausible price / retired"),
    ("wandb", r"(?!moonshotai/|MiniMaxAI/).*", "price is a unit error in the source (cents per token)"),
    ("hyperbolic", r"meta-llama/Meta-Llama-3-70B-Instruct", "retired"),
    ("databricks", r"databricks-(?:llama-2-70b-chat|mpt-.*|mixtral-8x7b-instruct|meta-llama-3-70b-instruct|claude-sonnet-4-1)",
     "retired Foundation Model API endpoints or no such model version"),
    ("digitalocean", r"(?!llama3|deepseek|mistral-nemo|openai-o3|anthropic-claude).*", "no price in the data"),
    ("xai", r"grok-4-fast-non-reasoning|grok-4-1-fast-(?:non-)?reasoning|grok-4\.20-beta-0309-.*|grok-4\.20-0309-non-reasoning|"
            r"grok-code-fast|grok-code-fast-1-0825|grok-2|grok-2-vision|grok-3-fast-beta|grok-3-mini-fast-beta|grok-4-0709",
     "reasoning on/off switch or alias of a model already listed (same price)"),
    ("azure", r"grok-4-fast-non-reasoning|grok-4-1-fast-non-reasoning", "reasoning off switch of a model already listed"),
    ("google-vertex", r"xai/grok-4\.1-fast-non-reasoning|xai/grok-4\.20-non-reasoning", "reasoning off switch of a model already listed"),
    ("minimax", r"MiniMax-M2", "superseded alias of MiniMax-M2.1 at the same price"),
    ("amazon-bedrock", r".*@.*", "not a Bedrock model id (LiteLLM alias row)"),
    ("google-ai-studio", r"gemini-exp-.*|learnlm-.*", "retired experimental model"),
    ("moonshotai", r"kimi-latest.*|moonshot-v1-auto", "a moving alias or auto-sizing router"),
    ("moonshotai", r"moonshot-v1-\d+k-0430", "dated alias of a model already listed (same price)"),
]

# Zero-priced entries are dropped (zero usually means "unknown" in the source) unless listed
# here as genuinely free endpoints. (provider slug, regex on the upstream name).
FREE_ALLOWLIST: list[tuple[str, str]] = [
    ("together", r".*-Free"),
    ("z-ai", r"glm-4\.5-flash|glm-4\.7-flash"),
]

# ---------------------------------------------------------------------------------------------
# Alias table. Explicit overrides first: (provider slug, upstream name) -> model id.
# ---------------------------------------------------------------------------------------------

EXPLICIT: dict[tuple[str, str], str] = {
    # OpenAI's "-latest" chat names are the API names of these models (no pinned version exists).
    ("openai", "chatgpt-4o-latest"): "openai/chatgpt-4o-latest",
    ("openai", "gpt-5-chat-latest"): "openai/gpt-5-chat",
    ("openai", "gpt-5.1-chat-latest"): "openai/gpt-5.1-chat",
    ("openai", "gpt-5.2-chat-latest"): "openai/gpt-5.2-chat",
    ("openai", "gpt-5.3-chat-latest"): "openai/gpt-5.3-chat",
    ("google-vertex", "codestral@2405"): "mistralai/codestral-2405",
    # DeepSeek's own API: "deepseek-chat" is a moving alias; at this snapshot's price it serves V3.2.
    ("deepseek", "deepseek-chat"): "deepseek/deepseek-v3.2",
    # Bedrock's "DeepSeek-V3" row is V3.1 (Bedrock model id deepseek.v3-v1:0, V3.1 prices).
    ("amazon-bedrock", "deepseek.v3-v1:0"): "deepseek/deepseek-chat-v3.1",
    ("amazon-bedrock", "mistral.pixtral-large-2502-v1:0"): "mistralai/pixtral-large-2502",
    ("amazon-bedrock", "us.mistral.pixtral-large-2502-v1:0"): "mistralai/pixtral-large-2502",
    ("amazon-bedrock", "cohere.command-text-v14"): "cohere/command",
    ("amazon-bedrock", "cohere.command-light-text-v14"): "cohere/command-light",
    ("amazon-bedrock", "anthropic.claude-v2:1"): "anthropic/claude-2.1",
    ("amazon-bedrock", "meta.llama3-2-11b-instruct-v1:0"): "meta-llama/llama-3.2-11b-vision-instruct",
    ("amazon-bedrock", "us.meta.llama3-2-11b-instruct-v1:0"): "meta-llama/llama-3.2-11b-vision-instruct",
    ("amazon-bedrock", "meta.llama3-2-90b-instruct-v1:0"): "meta-llama/llama-3.2-90b-vision-instruct",
    ("amazon-bedrock", "us.meta.llama3-2-90b-instruct-v1:0"): "meta-llama/llama-3.2-90b-vision-instruct",
    ("amazon-bedrock", "qwen.qwen3-vl-235b-a22b"): "qwen/qwen3-vl-235b-a22b-instruct",
    ("amazon-bedrock", "nvidia.nemotron-nano-12b-v2"): "nvidia/nemotron-nano-12b-v2-vl",
    ("amazon-bedrock", "nvidia.nemotron-nano-3-30b"): "nvidia/nemotron-3-nano-30b-a3b",
    ("amazon-bedrock", "nvidia.nemotron-super-3-120b"): "nvidia/nemotron-3-super-120b-a12b",
    ("amazon-bedrock", "mistral.mistral-large-3-675b-instruct"): "mistralai/mistral-large-2512",
    ("amazon-bedrock", "mistral.devstral-2-123b"): "mistralai/devstral-2512",
    ("amazon-bedrock", "mistral.ministral-3-14b-instruct"): "mistralai/ministral-14b-2512",
    ("amazon-bedrock", "mistral.ministral-3-8b-instruct"): "mistralai/ministral-8b-2512",
    ("amazon-bedrock", "mistral.ministral-3-3b-instruct"): "mistralai/ministral-3b-2512",
    ("amazon-bedrock", "mistral.mistral-small-2402-v1:0"): "mistralai/mistral-small",
    ("amazon-bedrock", "ai21.jamba-instruct-v1:0"): "ai21/jamba-instruct",
    # Vertex: publisher model names.
    ("google-vertex", "codestral-2"): "mistralai/codestral-2508",
    ("google-vertex", "codestral-2@001"): "mistralai/codestral-2508",
    ("google-vertex", "mistralai/codestral-2"): "mistralai/codestral-2508",
    ("google-vertex", "mistralai/codestral-2@001"): "mistralai/codestral-2508",
    ("google-vertex", "mistral-nemo@2407"): "mistralai/mistral-nemo",
    ("google-vertex", "meta/llama3-405b-instruct-maas"): "meta-llama/llama-3.1-405b-instruct",
    ("google-vertex", "meta/llama3-70b-instruct-maas"): "meta-llama/llama-3.1-70b-instruct",
    ("google-vertex", "meta/llama3-8b-instruct-maas"): "meta-llama/llama-3.1-8b-instruct",
    ("google-vertex", "xai/grok-4.1-fast-reasoning"): "x-ai/grok-4.1-fast",
    ("google-vertex", "xai/grok-4.20-reasoning"): "x-ai/grok-4.20",
    ("google-vertex", "gemini-2.0-flash-001"): "google/gemini-2.0-flash-001",
    ("google-vertex", "gemini-2.0-flash"): "google/gemini-2.0-flash-001",
    ("google-ai-studio", "gemini-gemma-2-27b-it"): "google/gemma-2-27b-it",
    ("google-ai-studio", "gemini-gemma-2-9b-it"): "google/gemma-2-9b-it",
    # xAI: one OpenRouter model per reasoning switch pair / alias family.
    ("xai", "grok-2-1212"): "x-ai/grok-2-1212",
    ("xai", "grok-2-vision-1212"): "x-ai/grok-2-vision-1212",
    ("xai", "grok-4-fast-reasoning"): "x-ai/grok-4-fast",
    ("xai", "grok-4-1-fast"): "x-ai/grok-4.1-fast",
    ("xai", "grok-4.20-0309-reasoning"): "x-ai/grok-4.20",
    ("xai", "grok-4.20-multi-agent-beta-0309"): "x-ai/grok-4.20-multi-agent",
    ("xai", "grok-3-fast-beta"): "x-ai/grok-3-fast",
    ("xai", "grok-3-mini-fast-beta"): "x-ai/grok-3-mini-fast",
    ("azure", "grok-4-fast-reasoning"): "x-ai/grok-4-fast",
    ("azure", "grok-4-1-fast-reasoning"): "x-ai/grok-4.1-fast",
    # Mistral's API names -> OpenRouter ids.
    ("mistral", "mistral-large-2402"): "mistralai/mistral-large",
    ("mistral", "mistral-large-3"): "mistralai/mistral-large-2512",
    ("mistral", "mistral-medium-2312"): "mistralai/mistral-medium",
    ("mistral", "mistral-medium-2505"): "mistralai/mistral-medium-3",
    ("mistral", "mistral-medium-2508"): "mistralai/mistral-medium-3.1",
    ("mistral", "mistral-medium-3-1-2508"): "mistralai/mistral-medium-3.1",
    ("mistral", "mistral-medium-2604"): "mistralai/mistral-medium-3-5",
    ("mistral", "mistral-medium-3-5"): "mistralai/mistral-medium-3-5",
    ("mistral", "mistral-small-3-2-2506"): "mistralai/mistral-small-3.2-24b-instruct",
    ("mistral", "open-mistral-nemo"): "mistralai/mistral-nemo",
    ("mistral", "open-mistral-nemo-2407"): "mistralai/mistral-nemo",
    ("mistral", "open-mixtral-8x7b"): "mistralai/mixtral-8x7b-instruct",
    ("mistral", "codestral-mamba-latest"): "mistralai/codestral-mamba",
    ("mistral", "pixtral-12b-2409"): "mistralai/pixtral-12b",
    ("mistral", "ministral-3-14b-2512"): "mistralai/ministral-14b-2512",
    ("mistral", "ministral-3-8b-2512"): "mistralai/ministral-8b-2512",
    ("mistral", "ministral-3-3b-2512"): "mistralai/ministral-3b-2512",
    ("mistral", "magistral-medium-1-2-2509"): "mistralai/magistral-medium-2509",
    ("mistral", "magistral-small-1-2-2509"): "mistralai/magistral-small-2509",
    ("mistral", "labs-devstral-small-2512"): "mistralai/devstral-small-2512",
    ("azure", "mistral-large"): "mistralai/mistral-large",
    ("azure", "mistral-large-3"): "mistralai/mistral-large-2512",
    ("azure", "mistral-small"): "mistralai/mistral-small",
    ("azure", "mistral-small-2503"): "mistralai/mistral-small-3.1-24b-instruct",
    ("azure", "mistral-medium-2505"): "mistralai/mistral-medium-3",
    ("azure", "ministral-3b"): "mistralai/ministral-3b",
    ("google-vertex", "mistral-small-2503"): "mistralai/mistral-small-3.1-24b-instruct",
    ("google-vertex", "mistral-small-2503@001"): "mistralai/mistral-small-3.1-24b-instruct",
    ("google-vertex", "mistral-medium-3"): "mistralai/mistral-medium-3",
    ("google-vertex", "mistral-medium-3@001"): "mistralai/mistral-medium-3",
    ("google-vertex", "mistralai/mistral-medium-3"): "mistralai/mistral-medium-3",
    ("google-vertex", "mistralai/mistral-medium-3@001"): "mistralai/mistral-medium-3",
    ("scaleway", "mistralai/mistral-medium-3.5-128b"): "mistralai/mistral-medium-3-5",
    ("scaleway", "mistralai/devstral-2-123b-instruct-2512"): "mistralai/devstral-2512",
    ("fireworks", "accounts/fireworks/models/mistral-large-3-fp8"): "mistralai/mistral-large-2512",
    ("fireworks", "accounts/fireworks/models/ministral-3-14b-instruct-2512"): "mistralai/ministral-14b-2512",
    ("fireworks", "accounts/fireworks/models/ministral-3-8b-instruct-2512"): "mistralai/ministral-8b-2512",
    ("fireworks", "accounts/fireworks/models/ministral-3-3b-instruct-2512"): "mistralai/ministral-3b-2512",
    ("ovhcloud", "mamba-codestral-7B-v0.1"): "mistralai/codestral-mamba",
    # Cohere.
    ("cohere", "command-a-03-2025"): "cohere/command-a",
    ("cohere", "command-r"): "cohere/command-r",
    ("cohere", "command-r-plus"): "cohere/command-r-plus",
    # AI21 (OpenRouter spells the 1.5 models with dashes).
    ("ai21", "jamba-1.5-large"): "ai21/jamba-1-5-large",
    ("ai21", "jamba-1.5-large@001"): "ai21/jamba-1-5-large",
    ("ai21", "jamba-1.5-mini"): "ai21/jamba-1-5-mini",
    ("ai21", "jamba-1.5-mini@001"): "ai21/jamba-1-5-mini",
    ("ai21", "jamba-large-1.6"): "ai21/jamba-1.6-large",
    ("ai21", "jamba-mini-1.6"): "ai21/jamba-1.6-mini",
    ("google-vertex", "jamba-1.5-large"): "ai21/jamba-1-5-large",
    ("google-vertex", "jamba-1.5-large@001"): "ai21/jamba-1-5-large",
    ("google-vertex", "jamba-1.5-mini"): "ai21/jamba-1-5-mini",
    ("google-vertex", "jamba-1.5-mini@001"): "ai21/jamba-1-5-mini",
    ("azure", "jamba-instruct"): "ai21/jamba-instruct",
    # Moonshot's own names.
    ("moonshotai", "kimi-k2-0711-preview"): "moonshotai/kimi-k2",
    ("moonshotai", "kimi-k2-0905-preview"): "moonshotai/kimi-k2-0905",
    # Alibaba Model Studio.
    ("alibaba", "qwen3-vl-235b-a22b-instruct"): "qwen/qwen3-vl-235b-a22b-instruct",
    # Lambda's names.
    ("lambda", "deepseek-llama3.3-70b"): "deepseek/deepseek-r1-distill-llama-70b",
    ("lambda", "deepseek-r1-671b"): "deepseek/deepseek-r1",
    ("lambda", "hermes3-405b"): "nousresearch/hermes-3-llama-3.1-405b",
    ("lambda", "hermes3-70b"): "nousresearch/hermes-3-llama-3.1-70b",
    ("lambda", "hermes3-8b"): "nousresearch/hermes-3-llama-3.1-8b",
    ("lambda", "lfm-40b"): "liquid/lfm-40b",
    ("lambda", "lfm-7b"): "liquid/lfm-7b",
    ("lambda", "qwen25-coder-32b-instruct"): "qwen/qwen-2.5-coder-32b-instruct",
    # Others with host-specific names.
    ("darkbloom", "gemma-4-26b"): "google/gemma-4-26b-a4b-it",
    ("baseten", "nvidia/Nemotron-120B-A12B"): "nvidia/nemotron-3-super-120b-a12b",
    ("cloudflare", "@cf/nvidia/nemotron-3-120b-a12b"): "nvidia/nemotron-3-super-120b-a12b",
    ("cloudflare", "@cf/aisingapore/gemma-sea-lion-v4-27b-it"): "aisingapore/gemma-sea-lion-v4-27b-it",
    ("fireworks", "accounts/fireworks/models/nemotron-nano-v2-12b-vl"): "nvidia/nemotron-nano-12b-v2-vl",
    ("fireworks", "accounts/fireworks/models/nvidia-nemotron-nano-12b-v2"): "nvidia/nemotron-nano-12b-v2-vl",
    ("fireworks", "accounts/fireworks/models/deepseek-r1-0528-distill-qwen3-8b"): "deepseek/deepseek-r1-0528-qwen3-8b",
    ("fireworks", "accounts/fireworks/models/qwen-qwq-32b-preview"): "qwen/qwq-32b-preview",
    ("fireworks", "accounts/fireworks/models/deepseek-prover-v2"): "deepseek/deepseek-prover-v2",
    ("novita", "deepseek/deepseek-prover-v2-671b"): "deepseek/deepseek-prover-v2",
    ("novita", "minimaxai/minimax-m1-80k"): "minimax/minimax-m1",
    ("fireworks", "accounts/fireworks/models/minimax-m1-80k"): "minimax/minimax-m1",
    ("novita", "sao10k/l3-70b-euryale-v2.1"): "sao10k/l3-euryale-70b",
    ("novita", "sao10k/l31-70b-euryale-v2.2"): "sao10k/l3.1-euryale-70b",
    ("novita", "sao10k/l3-8b-lunaris"): "sao10k/l3-lunaris-8b",
    ("deepinfra", "Sao10K/L3-8B-Lunaris-v1-Turbo"): "sao10k/l3-lunaris-8b",
    ("deepinfra", "Sao10K/L3.1-70B-Euryale-v2.2"): "sao10k/l3.1-euryale-70b",
    ("deepinfra", "Sao10K/L3.3-70B-Euryale-v2.3"): "sao10k/l3.3-euryale-70b",
    ("deepinfra", "anthropic/claude-3-7-sonnet-latest"): "anthropic/claude-3.7-sonnet",
    ("deepinfra", "anthropic/claude-4-opus"): "anthropic/claude-opus-4",
    ("deepinfra", "anthropic/claude-4-sonnet"): "anthropic/claude-sonnet-4",
    ("novita", "baidu/ernie-4.5-300b-a47b-paddle"): "baidu/ernie-4.5-300b-a47b",
    ("fireworks", "accounts/fireworks/models/ernie-4p5-300b-a47b-pt"): "baidu/ernie-4.5-300b-a47b",
    ("fireworks", "accounts/fireworks/models/ernie-4p5-21b-a3b-pt"): "baidu/ernie-4.5-21b-a3b",
    ("novita", "qwen/qwen3-235b-a22b-fp8"): "qwen/qwen3-235b-a22b",
    ("azure", "Phi-3.5-mini-instruct"): "microsoft/phi-3.5-mini-128k-instruct",
    ("azure", "Phi-4"): "microsoft/phi-4",
    ("tencent", "deepseek-v4-flash"): "deepseek/deepseek-v4-flash",
    ("tencent", "deepseek-v4-pro"): "deepseek/deepseek-v4-pro",
    ("amazon-bedrock", "writer.palmyra-x5-v1:0"): "writer/palmyra-x5",
    ("amazon-bedrock", "us.writer.palmyra-x5-v1:0"): "writer/palmyra-x5",
    ("amazon-bedrock", "writer.palmyra-x4-v1:0"): "writer/palmyra-x4",
    ("amazon-bedrock", "us.writer.palmyra-x4-v1:0"): "writer/palmyra-x4",
    # Databricks serving endpoint names (dashes for dots).
    ("databricks", "databricks-claude-3-7-sonnet"): "anthropic/claude-3.7-sonnet",
    ("databricks", "databricks-claude-haiku-4-5"): "anthropic/claude-haiku-4.5",
    ("databricks", "databricks-claude-opus-4"): "anthropic/claude-opus-4",
    ("databricks", "databricks-claude-opus-4-1"): "anthropic/claude-opus-4.1",
    ("databricks", "databricks-claude-opus-4-5"): "anthropic/claude-opus-4.5",
    ("databricks", "databricks-claude-sonnet-4"): "anthropic/claude-sonnet-4",
    ("databricks", "databricks-claude-sonnet-4-5"): "anthropic/claude-sonnet-4.5",
    ("databricks", "databricks-gemini-2-5-flash"): "google/gemini-2.5-flash",
    ("databricks", "databricks-gemini-2-5-pro"): "google/gemini-2.5-pro",
    ("databricks", "databricks-gemma-3-12b"): "google/gemma-3-12b-it",
    ("databricks", "databricks-gpt-5"): "openai/gpt-5",
    ("databricks", "databricks-gpt-5-1"): "openai/gpt-5.1",
    ("databricks", "databricks-gpt-5-mini"): "openai/gpt-5-mini",
    ("databricks", "databricks-gpt-5-nano"): "openai/gpt-5-nano",
    ("databricks", "databricks-gpt-oss-120b"): "openai/gpt-oss-120b",
    ("databricks", "databricks-gpt-oss-20b"): "openai/gpt-oss-20b",
    ("databricks", "databricks-llama-4-maverick"): "meta-llama/llama-4-maverick",
    ("databricks", "databricks-meta-llama-3-1-405b-instruct"): "meta-llama/llama-3.1-405b-instruct",
    ("databricks", "databricks-meta-llama-3-1-8b-instruct"): "meta-llama/llama-3.1-8b-instruct",
    ("databricks", "databricks-meta-llama-3-3-70b-instruct"): "meta-llama/llama-3.3-70b-instruct",
}

# Upstream-name prefixes that are the host's packaging, removed before the family rules run.
HOST_NAME_PREFIXES: dict[str, tuple[str, ...]] = {
    "databricks": ("databricks-",),
    "digitalocean": ("openai-", "anthropic-", "alibaba-"),
    "cerebras": ("zai-",),
    "fireworks": ("accounts/fireworks/models/",),
}

# Name suffixes that describe the host's packaging (precision, speed tier, serving mode), removed
# before the family rules run. Not applied to first-party providers, whose "-turbo" etc. are part
# of the model name.
PACKAGING_SUFFIXES = re.compile(
    r"(?:-(?:fp8(?:-dynamic|-fast|-tput)?|fp16|bf16|int8|int4|awq|nvfp4|nvfp4-mtp|mxfp4|turbo|tput|maas|fast|basic|pt|hf|free|versatile|instant|paddle))+$"
)

PRECISION_SUFFIXES = re.compile(r"(?:-(?:fp8|fp16|bf16|int8|int4|awq|nvfp4|mxfp4))+$")

# Family rules on the canonical key (lower case, org prefix dropped, version separators unified,
# packaging suffixes dropped). First full match wins. "\\1" etc. refer to the groups.
FAMILY_RULES: list[tuple[str, str]] = [
    # --- Meta Llama ---
    (r"llama-3\.3-70b(?:-instruct)?", "meta-llama/llama-3.3-70b-instruct"),
    (r"llama-3\.3-8b(?:-instruct)?", "meta-llama/llama-3.3-8b-instruct"),
    (r"llama-3\.1-(8|70|405)b(?:-instruct)?", r"meta-llama/llama-3.1-\1b-instruct"),
    (r"llama-3\.2-([13])b(?:-instruct)?", r"meta-llama/llama-3.2-\1b-instruct"),
    (r"llama-3\.2-(11|90)b(?:-vision)?(?:-instruct)?", r"meta-llama/llama-3.2-\1b-vision-instruct"),
    (r"llama-3-(8|70)b(?:-instruct)?", r"meta-llama/llama-3-\1b-instruct"),
    (r"llama-2-(7|13|70)b-chat", r"meta-llama/llama-2-\1b-chat"),
    (r"llama-4-scout(?:-17b)?(?:-16e|-128e)?(?:-instruct)?", "meta-llama/llama-4-scout"),
    (r"llama-4-maverick(?:-17b)?(?:-128e|-16e)?(?:-instruct)?", "meta-llama/llama-4-maverick"),
    (r"llama-guard-(\d)-(\d+b)", r"meta-llama/llama-guard-\1-\2"),
    (r"llama-guard-3-11b-vision", "meta-llama/llama-guard-3-11b-vision"),
    (r"code-?llama-(\d+b)-instruct", r"meta-llama/codellama-\1-instruct"),
    # --- NVIDIA (Llama derivatives first) ---
    (r"llama-3\.1-nemotron-70b(?:-instruct)?", "nvidia/llama-3.1-nemotron-70b-instruct"),
    (r"llama-3\.1-nemotron-ultra-253b-v1", "nvidia/llama-3.1-nemotron-ultra-253b-v1"),
    (r"llama-3\.3-nemotron-super-49b-(v1(?:\.5)?)", r"nvidia/llama-3.3-nemotron-super-49b-\1"),
    (r"(?:nvidia-)?nemotron-nano-9b-v2", "nvidia/nemotron-nano-9b-v2"),
    (r"(?:nvidia-)?nemotron-nano-12b-v2(?:-vl)?", "nvidia/nemotron-nano-12b-v2-vl"),
    # --- Nous / Sao10K / others built on Llama ---
    (r"hermes-3-llama-3\.1-(405|70|8)b", r"nousresearch/hermes-3-llama-3.1-\1b"),
    (r"hermes-2-pro-llama-3-8b", "nousresearch/hermes-2-pro-llama-3-8b"),
    (r"mythomax-l2-13b", "gryphe/mythomax-l2-13b"),
    (r"wizardlm-2-8x22b", "microsoft/wizardlm-2-8x22b"),
    # --- DeepSeek ---
    (r"deepseek-v3", "deepseek/deepseek-chat"),
    (r"deepseek-v3-0324", "deepseek/deepseek-chat-v3-0324"),
    (r"deepseek-v3\.1", "deepseek/deepseek-chat-v3.1"),
    (r"deepseek-v3\.1-terminus", "deepseek/deepseek-v3.1-terminus"),
    (r"deepseek-v3\.2", "deepseek/deepseek-v3.2"),
    (r"deepseek-v3\.2-exp", "deepseek/deepseek-v3.2-exp"),
    (r"deepseek-v3\.2-speciale", "deepseek/deepseek-v3.2-speciale"),
    (r"deepseek-v4-(flash|pro)", r"deepseek/deepseek-v4-\1"),
    (r"deepseek-r1", "deepseek/deepseek-r1"),
    (r"deepseek-r1-0528", "deepseek/deepseek-r1-0528"),
    (r"deepseek-r1-0528-qwen3-8b", "deepseek/deepseek-r1-0528-qwen3-8b"),
    (r"deepseek-r1-distill-llama-(70|8)b", r"deepseek/deepseek-r1-distill-llama-\1b"),
    (r"deepseek-r1-distill-qwen-(32|14|7|1\.5)b", r"deepseek/deepseek-r1-distill-qwen-\1b"),
    (r"deepseek-r1-7b-qwen", "deepseek/deepseek-r1-distill-qwen-7b"),
    # --- Qwen ---
    (r"qwen-?2\.5-(72|7)b-instruct", r"qwen/qwen-2.5-\1b-instruct"),
    (r"qwen-?2\.5-coder-32b-instruct", "qwen/qwen-2.5-coder-32b-instruct"),
    (r"qwen-?2\.5-coder-7b-instruct", "qwen/qwen2.5-coder-7b-instruct"),
    (r"qwen-?2\.5-vl-(72|32)b-instruct", r"qwen/qwen2.5-vl-\1b-instruct"),
    (r"qwen-?2\.5-vl-7b-instruct", "qwen/qwen-2.5-vl-7b-instruct"),
    (r"qwen-?2-72b-instruct", "qwen/qwen-2-72b-instruct"),
    (r"qwq-32b", "qwen/qwq-32b"),
    (r"qwq-32b-preview", "qwen/qwq-32b-preview"),
    (r"qwen-?3-(0\.6|1\.7|4|8|14|32)b", r"qwen/qwen3-\1b"),
    (r"qwen3-30b-a3b", "qwen/qwen3-30b-a3b"),
    (r"qwen3-30b-a3b-(instruct|thinking)-2507", r"qwen/qwen3-30b-a3b-\1-2507"),
    (r"qwen3-235b-a22b", "qwen/qwen3-235b-a22b"),
    (r"qwen3-235b-a22b-(?:instruct-)?2507", "qwen/qwen3-235b-a22b-2507"),
    (r"qwen3-235b-a22b-thinking-2507", "qwen/qwen3-235b-a22b-thinking-2507"),
    (r"qwen3-coder-480b-a35b(?:-instruct)?", "qwen/qwen3-coder"),
    (r"qwen3-coder-30b-a3b(?:-instruct)?", "qwen/qwen3-coder-30b-a3b-instruct"),
    (r"qwen3-coder-next", "qwen/qwen3-coder-next"),
    (r"qwen3-next-80b-a3b-(instruct|thinking)", r"qwen/qwen3-next-80b-a3b-\1"),
    (r"qwen3-next-80b-a3b", "qwen/qwen3-next-80b-a3b-instruct"),
    (r"qwen3-vl-(235b-a22b|30b-a3b|32b|8b)-(instruct|thinking)", r"qwen/qwen3-vl-\1-\2"),
    (r"qwen3\.([5-8])-(\d+b(?:-a\d+b)?)", r"qwen/qwen3.\1-\2"),
    (r"qwen-(max|plus|turbo)", r"qwen/qwen-\1"),
    # --- Moonshot Kimi ---
    (r"kimi-k2(?:-instruct)?", "moonshotai/kimi-k2"),
    (r"kimi-k2-(?:instruct-)?0905", "moonshotai/kimi-k2-0905"),
    (r"kimi-k2-thinking", "moonshotai/kimi-k2-thinking"),
    (r"kimi-k2\.([5-9])", r"moonshotai/kimi-k2.\1"),
    (r"kimi-k2\.7-code", "moonshotai/kimi-k2.7-code"),
    # --- Z.ai GLM ---
    (r"glm-(4\.5|4\.5-air|4\.5v|4\.6|4\.6v|4\.7|4\.7-flash|5|5\.1|5\.2|5\.3)", r"z-ai/glm-\1"),
    (r"glm-4-32b(?:-0414)?(?:-128k)?", "z-ai/glm-4-32b"),
    # --- MiniMax ---
    (r"minimax-(m1|m2|m2\.1|m2\.5|m2\.7|m3)", r"minimax/minimax-\1"),
    # --- OpenAI snapshots that OpenRouter lists under their own ids ---
    (r"(gpt-4o-2024-(?:05-13|08-06|11-20)|gpt-4o-mini-2024-07-18|o1-(?:mini|preview)-2024-09-12|"
     r"gpt-3\.5-turbo-(?:0125|0613|1106)|gpt-4-(?:0314|1106-preview)|gpt-4-turbo-preview|gpt-4-32k(?:-0314)?)", r"openai/\1"),
    # --- OpenAI open weights ---
    (r"gpt-oss-(120b|20b)(?:-1:0)?", r"openai/gpt-oss-\1"),
    (r"gpt-oss-safeguard-(120b|20b)", r"openai/gpt-oss-safeguard-\1"),
    # --- Google Gemma ---
    (r"gemma-3-(4|12|27)b(?:-it)?", r"google/gemma-3-\1b-it"),
    (r"gemma-4-26b-a4b(?:-it)?", "google/gemma-4-26b-a4b-it"),
    (r"gemma-4-31b(?:-it)?", "google/gemma-4-31b-it"),
    (r"gemma-4-e2b(?:-it)?", "google/gemma-4-e2b-it"),
    (r"gemma-?2-(9|27)b-it", r"google/gemma-2-\1b-it"),
    (r"gemma-(2|7)b-it", r"google/gemma-\1b-it"),
    # --- Mistral open weights ---
    (r"mistral-nemo(?:-instruct)?(?:-2407)?", "mistralai/mistral-nemo"),
    (r"mistral-small-24b-instruct-2501", "mistralai/mistral-small-24b-instruct-2501"),
    (r"mistral-small-3\.1-24b-instruct(?:-2503)?", "mistralai/mistral-small-3.1-24b-instruct"),
    (r"mistral-small-3\.2-24b-instruct(?:-2506)?", "mistralai/mistral-small-3.2-24b-instruct"),
    (r"mixtral-8x7b-instruct(?:-v0\.1)?", "mistralai/mixtral-8x7b-instruct"),
    (r"mixtral-8x22b-instruct(?:-v0\.1)?", "mistralai/mixtral-8x22b-instruct"),
    (r"mistral-7b-instruct-v0\.?([123])", r"mistralai/mistral-7b-instruct-v0.\1"),
    (r"mistral-7b-instruct-v3", "mistralai/mistral-7b-instruct-v0.3"),
    (r"mistral-7b-instruct", "mistralai/mistral-7b-instruct"),
    (r"mistral-large-(2407|2411|2512)(?:-v1:0)?", r"mistralai/mistral-large-\1"),
    (r"mistral-large-2402(?:-v1:0)?", "mistralai/mistral-large"),
    (r"mistral-large-3", "mistralai/mistral-large-2512"),
    (r"mistral-large", "mistralai/mistral-large"),
    (r"codestral-(2405|2501|2508)", r"mistralai/codestral-\1"),
    (r"devstral-(2512|small-2505|small-2507|medium-2507)", r"mistralai/devstral-\1"),
    (r"magistral-(medium|small)-(2506|2509)", r"mistralai/magistral-\1-\2"),
    (r"ministral-(3b|8b|14b)-2512", r"mistralai/ministral-\1-2512"),
    (r"pixtral-large-2411", "mistralai/pixtral-large-2411"),
    (r"pixtral-12b(?:-2409)?", "mistralai/pixtral-12b"),
    (r"voxtral-(small-24b|mini-3b)-2507", r"mistralai/voxtral-\1-2507"),
    (r"magistral-small-2509", "mistralai/magistral-small-2509"),
    # --- Anthropic ---
    (r"claude-3[-.]5-sonnet-20240620(?:-v1:0)?", "anthropic/claude-3.5-sonnet-20240620"),
    (r"claude-3[-.]5-sonnet(?:-v2)?(?:-20241022)?(?:-v2:0)?", "anthropic/claude-3.5-sonnet"),
    (r"claude-3[-.]5-haiku(?:-20241022)?", "anthropic/claude-3.5-haiku"),
    (r"claude-3[-.]7-sonnet(?:-20250219)?", "anthropic/claude-3.7-sonnet"),
    (r"claude-3-(haiku|sonnet|opus)(?:-20240\d{3})?", r"anthropic/claude-3-\1"),
    (r"claude-(opus|sonnet|haiku|fable)-(\d)(?:[-.](\d))?(?:-20\d{6})?", "ANTHROPIC"),
    (r"claude-instant-v1", "anthropic/claude-instant-1"),
    # --- Google Gemini ---
    (r"gemini-2\.0-flash(?:-001)?", "google/gemini-2.0-flash-001"),
    (r"gemini-2\.0-flash-lite(?:-001)?", "google/gemini-2.0-flash-lite-001"),
    (r"(gemini-[0-9][-.a-z0-9]*)", r"google/\1"),
    # --- xAI ---
    (r"(grok-[-.a-z0-9]*)", r"x-ai/\1"),
    # --- Cohere ---
    (r"command-r(?:-plus)?(?:-v1:0)?", "COHERE"),
    (r"(command-(?:r|r-plus|r7b)-\d\d-\d{4}|command-a)", r"cohere/\1"),
    # --- Amazon ---
    (r"(nova-(?:2-)?(?:lite|micro|pro|premier)-v1)(?::0)?", r"amazon/\1"),
    (r"nova-2-pro-preview(?:-\d{8})?(?:-v1)?", "amazon/nova-2-pro-preview"),
    (r"(titan-text-(?:express|lite|premier)-v1)", r"amazon/\1"),
    # --- Microsoft ---
    (r"phi-4", "microsoft/phi-4"),
    (r"phi-4-(mini-instruct|multimodal-instruct|reasoning|mini-reasoning)", r"microsoft/phi-4-\1"),
    (r"phi-3-(medium|mini)-128k-instruct", r"microsoft/phi-3-\1-128k-instruct"),
    (r"phi-3\.5-mini-instruct", "microsoft/phi-3.5-mini-128k-instruct"),
    # --- Baidu ---
    (r"ernie-4\.5-(21b-a3b|21b-a3b-thinking|300b-a47b|vl-28b-a3b|vl-28b-a3b-thinking|vl-424b-a47b)", r"baidu/ernie-4.5-\1"),
    # --- misc ---
    (r"mimo-v2-flash", "xiaomi/mimo-v2-flash"),
    (r"kat-coder-pro", "kwaipilot/kat-coder-pro"),
    (r"granite-4\.0-h-micro", "ibm-granite/granite-4.0-h-micro"),
    (r"morph-v3-(fast|large)", r"morph/morph-v3-\1"),
    (r"mercury-2", "inception/mercury-2"),
    (r"(sonar(?:-pro|-reasoning|-reasoning-pro|-deep-research)?)", r"perplexity/\1"),
]

# Author guess for models the family rules do not know, from the organisation in the upstream
# name ("Qwen/…") or from the start of the model name.
ORG_AUTHORS: dict[str, str] = {
    "meta-llama": "meta-llama", "meta": "meta-llama", "qwen": "qwen", "deepseek-ai": "deepseek",
    "deepseek": "deepseek", "mistralai": "mistralai", "mistral": "mistralai", "google": "google",
    "moonshotai": "moonshotai", "zai-org": "z-ai", "minimaxai": "minimax", "minimax": "minimax",
    "openai": "openai", "nvidia": "nvidia", "microsoft": "microsoft", "nousresearch": "nousresearch",
    "sao10k": "sao10k", "gryphe": "gryphe", "allenai": "allenai", "baidu": "baidu",
    "baichuan": "baichuan", "kwaipilot": "kwaipilot", "skywork": "skywork", "xiaomimimo": "xiaomi",
    "paddlepaddle": "paddlepaddle", "ibm-granite": "ibm-granite", "aisingapore": "aisingapore",
    "hcompany": "hcompany", "baai": "baai", "thenlper": "thenlper", "whereisai": "whereisai",
    "nomic-ai": "nomic-ai", "intfloat": "intfloat", "anthropic": "anthropic", "x-ai": "x-ai",
}
NAME_AUTHORS: list[tuple[str, str]] = [
    (r"phind-", "phind"),
    (r"llava-v1", "liuhaotian"),
    (r"(?:code-?)?llama|llava-yi", "meta-llama"),
    (r"code-qwen", "qwen"),
    (r"qwen|qwq", "qwen"),
    (r"deepseek", "deepseek"),
    (r"mi[sx]tral|ministral|codestral|devstral|magistral|pixtral|voxtral", "mistralai"),
    (r"gemma|gemini|codegemma", "google"),
    (r"phi-|wizardlm", "microsoft"),
    (r"glm", "z-ai"),
    (r"kimi|moonshot", "moonshotai"),
    (r"minimax", "minimax"),
    (r"gpt-|o\d", "openai"),
    (r"(?:nvidia-)?nemotron", "nvidia"),
    (r"hermes|nous-", "nousresearch"),
    (r"mythomax", "gryphe"),
    (r"yi-", "01-ai"),
    (r"dbrx", "databricks"),
    (r"zephyr", "huggingfaceh4"),
    (r"cogito", "deepcogito"),
    (r"ernie", "baidu"),
    (r"internvl", "opengvlab"),
    (r"kat-", "kwaipilot"),
    (r"dolphin", "cognitivecomputations"),
    (r"openhermes", "teknium"),
    (r"openchat", "openchat"),
    (r"openorca", "open-orca"),
    (r"fire(?:function|llava)|fare-", "fireworks"),
    (r"jamba", "ai21"),
    (r"command", "cohere"),
    (r"granite", "ibm-granite"),
    (r"olmo", "allenai"),
    (r"toppy", "undi95"),
    (r"snorkel", "snorkelai"),
    (r"dobby", "sentientagi"),
    (r"claude", "anthropic"),
    (r"grok", "x-ai"),
    (r"nova-|titan-", "amazon"),
    (r"lfm", "liquid"),
    (r"sonar", "perplexity"),
]

# Display names of model authors (the "Meta: …" prefix of OpenRouter-style names).
AUTHOR_NAMES: dict[str, str] = {
    "01-ai": "01.AI", "ai21": "AI21", "aisingapore": "AI Singapore", "allenai": "AllenAI",
    "amazon": "Amazon", "anthropic": "Anthropic", "baai": "BAAI", "baichuan": "Baichuan",
    "baidu": "Baidu", "cognitivecomputations": "Dolphin", "cohere": "Cohere",
    "databricks": "Databricks", "deepcogito": "Deep Cogito", "deepseek": "DeepSeek",
    "fireworks": "Fireworks", "google": "Google", "gryphe": "Gryphe", "hcompany": "H Company",
    "huggingfaceh4": "Hugging Face", "ibm-granite": "IBM", "inception": "Inception",
    "intfloat": "Intfloat", "kwaipilot": "Kwaipilot", "liquid": "Liquid", "meta-llama": "Meta",
    "microsoft": "Microsoft", "minimax": "MiniMax", "mistralai": "Mistral",
    "moonshotai": "MoonshotAI", "morph": "Morph", "nomic-ai": "Nomic AI", "nousresearch": "Nous",
    "nvidia": "NVIDIA", "open-orca": "OpenOrca", "openai": "OpenAI", "openchat": "OpenChat",
    "opengvlab": "OpenGVLab", "paddlepaddle": "PaddlePaddle", "perplexity": "Perplexity",
    "qwen": "Qwen", "sao10k": "Sao10K", "sentientagi": "SentientAGI", "skywork": "Skywork",
    "snorkelai": "Snorkel AI", "teknium": "Teknium", "thenlper": "Thenlper", "undi95": "Undi95",
    "voyageai": "Voyage AI", "whereisai": "WhereIsAI", "writer": "Writer", "x-ai": "xAI",
    "xiaomi": "Xiaomi", "z-ai": "Z.ai",
}

# Model display names where the generated one (author + prettified slug) reads wrong.
NAME_OVERRIDES: dict[str, str] = {
    "ai21/jamba-1-5-large": "AI21: Jamba 1.5 Large",
    "ai21/jamba-1-5-mini": "AI21: Jamba 1.5 Mini",
    "ai21/jamba-1.6-large": "AI21: Jamba Large 1.6",
    "ai21/jamba-1.6-mini": "AI21: Jamba Mini 1.6",
    "cohere/command-a": "Cohere: Command A",
    "cohere/command-r-plus": "Cohere: Command R+",
    "cohere/command-r-08-2024": "Cohere: Command R (08-2024)",
    "cohere/command-r-plus-08-2024": "Cohere: Command R+ (08-2024)",
    "cohere/command-r7b-12-2024": "Cohere: Command R7B (12-2024)",
    "deepseek/deepseek-chat": "DeepSeek: DeepSeek V3",
    "deepseek/deepseek-chat-v3-0324": "DeepSeek: DeepSeek V3 0324",
    "deepseek/deepseek-chat-v3.1": "DeepSeek: DeepSeek V3.1",
    "meta-llama/llama-4-maverick": "Meta: Llama 4 Maverick",
    "meta-llama/llama-4-scout": "Meta: Llama 4 Scout",
    "mistralai/ministral-14b-2512": "Mistral: Ministral 3 14B 2512",
    "mistralai/ministral-8b-2512": "Mistral: Ministral 3 8B 2512",
    "mistralai/ministral-3b-2512": "Mistral: Ministral 3 3B 2512",
    "mistralai/mistral-large-2512": "Mistral: Mistral Large 3 2512",
    "mistralai/mistral-medium-3-5": "Mistral: Mistral Medium 3.5",
    "mistralai/mistral-small-24b-instruct-2501": "Mistral: Mistral Small 3",
    "mistralai/mistral-small-3.1-24b-instruct": "Mistral: Mistral Small 3.1 24B",
    "mistralai/mistral-small-3.2-24b-instruct": "Mistral: Mistral Small 3.2 24B",
    "moonshotai/kimi-k2": "MoonshotAI: Kimi K2 0711",
    "nousresearch/hermes-3-llama-3.1-405b": "Nous: Hermes 3 405B Instruct",
    "nousresearch/hermes-3-llama-3.1-70b": "Nous: Hermes 3 70B Instruct",
    "nousresearch/hermes-2-pro-llama-3-8b": "Nous: Hermes 2 Pro - Llama-3 8B",
    "openai/chatgpt-4o-latest": "OpenAI: ChatGPT-4o",
    "openai/gpt-4.5-preview": "OpenAI: GPT-4.5 (Preview)",
    "openai/gpt-oss-safeguard-20b": "OpenAI: gpt-oss-safeguard-20b",
    "openai/gpt-oss-safeguard-120b": "OpenAI: gpt-oss-safeguard-120b",
    "qwen/qwen-2.5-vl-7b-instruct": "Qwen: Qwen2.5-VL 7B Instruct",
    "qwen/qwen3-235b-a22b-2507": "Qwen: Qwen3 235B A22B Instruct 2507",
    "qwen/qwen3-coder": "Qwen: Qwen3 Coder 480B A35B",
    "sao10k/l3-euryale-70b": "Sao10K: Llama 3 Euryale 70B v2.1",
    "sao10k/l3-lunaris-8b": "Sao10K: Llama 3 8B Lunaris",
    "sao10k/l3.1-euryale-70b": "Sao10K: Llama 3.1 Euryale 70B v2.2",
    "sao10k/l3.3-euryale-70b": "Sao10K: Llama 3.3 Euryale 70B",
    "x-ai/grok-4.20-multi-agent": "xAI: Grok 4.20 Multi-Agent",
    "xiaomi/mimo-v2-flash": "Xiaomi: MiMo-V2-Flash",
}

# Per-provider sampling parameters (capability flags add tools, response_format, reasoning, ...).
P_OPENAI = ("max_tokens", "temperature", "top_p", "stop", "frequency_penalty", "presence_penalty",
            "seed", "logit_bias", "logprobs", "top_logprobs")
P_OPENAI_REASONING = ("max_tokens", "seed")
P_ANTHROPIC = ("max_tokens", "temperature", "top_p", "top_k", "stop")
P_GEMINI = ("max_tokens", "temperature", "top_p", "stop", "seed")
P_BASIC = ("max_tokens", "temperature", "top_p", "stop")
P_COMPAT = ("max_tokens", "temperature", "top_p", "stop", "frequency_penalty", "presence_penalty", "seed")
P_OPEN_HOST = ("max_tokens", "temperature", "top_p", "top_k", "min_p", "stop", "frequency_penalty",
               "presence_penalty", "repetition_penalty", "seed", "logit_bias", "logprobs", "top_logprobs")

PROVIDER_PARAMS: dict[str, tuple[str, ...]] = {
    "openai": P_OPENAI, "azure": P_OPENAI, "anthropic": P_ANTHROPIC,
    "google-ai-studio": P_GEMINI, "google-vertex": P_GEMINI, "amazon-bedrock": P_BASIC,
    "amazon-nova": P_BASIC,
    "mistral": P_COMPAT, "xai": P_COMPAT + ("logprobs", "top_logprobs"),
    "deepseek": ("max_tokens", "temperature", "top_p", "stop", "frequency_penalty", "presence_penalty",
                 "logprobs", "top_logprobs"),
    "perplexity": ("max_tokens", "temperature", "top_p", "top_k", "frequency_penalty", "presence_penalty"),
    "groq": P_COMPAT, "cerebras": ("max_tokens", "temperature", "top_p", "stop", "seed"),
    "together": P_OPEN_HOST, "fireworks": P_OPEN_HOST, "deepinfra": P_OPEN_HOST, "novita": P_OPEN_HOST,
    "nebius": P_OPEN_HOST, "hyperbolic": P_OPEN_HOST, "sambanova": ("max_tokens", "temperature", "top_p", "top_k", "stop"),
    "cohere": P_COMPAT, "ai21": P_BASIC,
    "moonshotai": ("max_tokens", "temperature", "top_p", "stop", "frequency_penalty", "presence_penalty"),
    "minimax": ("max_tokens", "temperature", "top_p"), "z-ai": P_BASIC,
    "alibaba": ("max_tokens", "temperature", "top_p", "stop", "presence_penalty", "seed"),
    "lambda": P_COMPAT, "baseten": P_COMPAT, "scaleway": P_COMPAT, "ovhcloud": P_COMPAT,
    "cloudflare": ("max_tokens", "temperature", "top_p", "top_k", "seed", "frequency_penalty",
                   "presence_penalty", "repetition_penalty"),
    "nscale": P_COMPAT, "friendli": P_OPEN_HOST, "crusoe": P_COMPAT, "gmicloud": P_COMPAT,
    "digitalocean": P_COMPAT, "wandb": P_COMPAT, "databricks": P_BASIC, "tencent": P_BASIC,
    "darkbloom": P_BASIC, "inception": P_BASIC, "morph": P_BASIC, "voyageai": (),
}
# Hosts that serve several model families get the family's parameter set for these authors.
FAMILY_PARAMS_HOSTS = {"google-vertex", "amazon-bedrock", "azure", "databricks", "gmicloud", "digitalocean"}
FAMILY_PARAMS = {"anthropic": P_ANTHROPIC, "google": P_GEMINI}

# Quantization read from upstream names.
QUANT_MARKERS: list[tuple[str, str]] = [
    (r"nvfp4", "nvfp4"), (r"mxfp4", "mxfp4"), (r"fp8", "fp8"), (r"fp16", "fp16"), (r"bf16", "bf16"),
    (r"int8", "int8"), (r"(?:int4|awq)", "int4"),
]

MODALITY_FLAGS = (("supports_vision", "image"), ("supports_pdf_input", "file"), ("supports_audio_input", "audio"))

# Embedding models: explicit ids by canonical key (fallback: author guess + key).
EMBEDDING_RULES: list[tuple[str, str]] = [
    (r"(text-embedding-3-(?:small|large)|text-embedding-ada-002)", r"openai/\1"),
    (r"(gemini-embedding-(?:001|2|2-preview))", r"google/\1"),
    (r"(text-embedding-00[45]|text-multilingual-embedding-002)", r"google/\1"),
    (r"mistral-embed", "mistralai/mistral-embed-2312"),
    (r"codestral-embed(?:-2505)?", "mistralai/codestral-embed-2505"),
    (r"(embed-(?:v4\.0|english-v3\.0|multilingual-v3\.0|english-light-v3\.0|multilingual-light-v3\.0))", r"cohere/\1"),
    (r"embed-(english|multilingual)-v3", r"cohere/embed-\1-v3.0"),
    (r"embed-v4(?::0)?", "cohere/embed-v4.0"),
    (r"(titan-embed-text-v[12])(?::0)?", r"amazon/\1"),
    (r"(titan-embed-image-v1|nova-2-multimodal-embeddings-v1)(?::0)?", r"amazon/\1"),
    (r"bge-(base-en-v1\.5|large-en-v1\.5|m3|en-icl|multilingual-gemma2)", r"baai/bge-\1"),
    (r"(gte-(?:base|large))", r"thenlper/\1"),
    (r"(nomic-embed-text-v1(?:\.5)?)", r"nomic-ai/\1"),
    (r"(e5-mistral-7b-instruct)", r"intfloat/\1"),
    (r"uae-large-v1", "whereisai/uae-large-v1"),
    (r"qwen3-embedding-(0\.6b|4b|8b)", r"qwen/qwen3-embedding-\1"),
    (r"(voyage-[-.a-z0-9]+)", r"voyageai/\1"),
    (r"(pplx-embed-v1-(?:0\.6b|4b))", r"perplexity/\1"),
]
EMBEDDING_SKIP: list[tuple[str, str, str]] = [
    ("*", r".*(?:marengo.*|multimodalembedding.*|embed-english-light-v2\.0|embed-english-v2\.0|embed-multilingual-v2\.0|"
          r"text-embedding-preview-0409|text-embedding-large-exp-03-07|ada|text-embedding-ada-002-v2|gemini-1\.5-flash|"
          r"gemini-flash-experimental|together-ai-embedding.*|databricks-.*|image-v3\.0|embeddings-.*|"
          r"accounts/fireworks/models/)$", "legacy, experimental, multimodal-only or price-tier row"),
    ("azure", r"(?i)cohere-embed-v3-.*|embed-v-4-0", "Cohere on Azure AI Foundry: another API surface"),
    ("cohere", r"embed-multilingual-light-v3\.0", "price is a unit error in the source (USD 100 per million tokens)"),
]

# ---------------------------------------------------------------------------------------------
# Data model
# ---------------------------------------------------------------------------------------------


@dataclass
class Candidate:
    key: str                 # the LiteLLM key
    litellm_provider: str
    provider: str            # switchyard provider slug
    upstream: str            # the name to send upstream
    mode: str                # "chat" or "embedding"
    entry: dict
    model: str = ""
    how: str = ""            # "explicit" | "rule" | "fallback"
    dated_id: str = ""       # the id it would get if its date stamp were kept (see fold())
    rank: tuple = ()


@dataclass
class Endpoint:
    model: str
    name: str
    provider: str
    upstream_model: str
    prices: dict[str, str]
    context_length: int | None
    max_completion_tokens: int | None
    supported_parameters: list[str]
    input_modalities: list[str]
    output_modalities: list[str]
    quantization: str | None
    free: bool
    created: int | None
    source_key: str = ""


@dataclass
class Report:
    skipped: dict[str, list[str]] = field(default_factory=dict)
    folded: list[str] = field(default_factory=list)
    fallback_ids: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def skip(self, reason: str, what: str) -> None:
        self.skipped.setdefault(reason, []).append(what)


# ---------------------------------------------------------------------------------------------
# Name handling
# ---------------------------------------------------------------------------------------------


def strip_key_prefix(litellm_provider: str, key: str) -> str:
    prefixes = KEY_PREFIXES.get(litellm_provider, (litellm_provider + "/",))
    for prefix in prefixes:
        if key.startswith(prefix):
            return key[len(prefix):]
    return key


def upstream_name(litellm_provider: str, provider: str, key: str) -> tuple[str | None, str | None]:
    """The provider's own model name for a LiteLLM key, or (None, reason) when the key is a
    regional/price-variant row that is not emitted."""
    name = strip_key_prefix(litellm_provider, key)
    if provider == "fireworks" and "/" not in name:
        name = "accounts/fireworks/models/" + name
    if provider == "amazon-bedrock":
        if "/" in name:
            return None, "regional or commitment price row (the base/global row is used)"
    if provider == "azure":
        if "/" in name:
            return None, "Azure data-zone/global deployment price row (the standard row is used)"
    return name, None


def canonical_key(provider: str, upstream: str) -> str:
    """Lower-case key on which the family rules run."""
    s = upstream
    for prefix in HOST_NAME_PREFIXES.get(provider, ()):
        if s.startswith(prefix):
            s = s[len(prefix):]
    if provider == "amazon-bedrock":
        s = re.sub(r"^(?:global|us|eu|apac|au|jp|us-gov)\.", "", s)
        s = re.sub(r"-v0:(\d)$", r"-v0.\1", s)              # mistral-7b-instruct-v0:2 -> -v0.2
        versioned = re.search(r":\d+$", s) is not None
        s = re.sub(r":\d+$", "", s)                       # ...-v1:0 -> ...-v1
        s = re.sub(r"^(openai\.gpt-oss-\d+b)-1$", r"\1", s)
        s = re.sub(r"^deepseek\.", "deepseek-", s)
        s = re.sub(r"^(?:anthropic|meta|mistral|amazon|cohere|ai21|qwen|openai|minimax|moonshot|moonshotai|nvidia|google|writer|zai|twelvelabs)\.", "", s)
        if (versioned or s.startswith(("claude", "llama"))) and not re.search(r"nova|titan|embed", s):
            s = re.sub(r"-v\d+$", "", s)                   # claude-...-20240620-v1 -> claude-...-20240620
    if provider == "google-vertex":
        s = re.sub(r"@(\d{4}|20\d{6})(?:-\d+)?$", r"-\1", s)  # mistral-large@2407, claude-…@20240620
        s = re.sub(r"@.*$", "", s)                         # claude-...@20250929, @001, @default
    if provider == "azure":
        s = re.sub(r"^gpt-35", "gpt-3.5", s)
    s = s.split("/")[-1].lower()
    s = s.replace("_", "-")
    s = re.sub(r"(?<=\d)p(?=\d)", ".", s)                 # fireworks: v3p3 -> v3.3, 1p5b -> 1.5b
    s = re.sub(r"^meta-llama-", "llama-", s)
    s = re.sub(r"^meta-(?=llama)", "", s)
    s = re.sub(r"\bllama-?v?(\d)[-.](\d)(?=[^\db]|$)", r"llama-\1.\2", s)  # llama3-1 / llama-v3.1 -> llama-3.1
    s = re.sub(r"\bllama-?v?(\d)(?=-)", r"llama-\1", s)                  # llama3-70b -> llama-3-70b
    s = re.sub(r"^llama-?4-", "llama-4-", s)
    s = re.sub(r"^qwen-?v?(\d)(?=[-.])", r"qwen\1", s)   # qwen-v2.5 / qwen-3 -> qwen2.5 / qwen3
    s = re.sub(r"^qwen25-", "qwen2.5-", s)
    if provider not in DATED_FOLD_PROVIDERS:
        s = PACKAGING_SUFFIXES.sub("", s)
    else:
        s = PRECISION_SUFFIXES.sub("", s)
    return s


def apply_family_rules(key: str) -> str | None:
    for pattern, target in FAMILY_RULES:
        m = re.fullmatch(pattern, key)
        if not m:
            continue
        if target == "ANTHROPIC":
            family, major, minor = m.group(1), m.group(2), m.group(3)
            return f"anthropic/claude-{family}-{major}" + (f".{minor}" if minor else "")
        if target == "COHERE":
            return "cohere/command-r-plus" if "plus" in key else "cohere/command-r"
        return m.expand(target)
    return None


def guess_author(provider: str, upstream: str, key: str) -> str | None:
    parts = upstream.split("/")
    if len(parts) >= 2:
        org = parts[-2].lower().lstrip("@")
        if org in ORG_AUTHORS:
            return ORG_AUTHORS[org]
    for pattern, author in NAME_AUTHORS:
        if re.match(pattern, key):
            return author
    return FIRST_PARTY_AUTHOR.get(provider)


def slugify(key: str) -> str:
    s = re.sub(r"[^a-z0-9.\-]+", "-", key.lower()).strip("-")
    return re.sub(r"-{2,}", "-", s)


def skip_reason(provider: str, upstream: str, rules: list[tuple[str, str, str]]) -> str | None:
    for who, pattern, reason in rules:
        if who in ("*", provider) and re.fullmatch(pattern, upstream, flags=re.IGNORECASE):
            return reason
    return None


DATE_SUFFIX = re.compile(r"(?:-20\d{2}-\d{2}-\d{2}|-20\d{6}|@20\d{6}|-\d{3}|@\d{3}|-v\d+:\d+|:\d+)$")


def resolve(c: Candidate, report: Report) -> str | None:
    """Model id for a candidate (explicit table, then family rules, then fallback)."""
    if (c.provider, c.upstream) in EXPLICIT:
        c.how = "explicit"
        return EXPLICIT[(c.provider, c.upstream)]
    key = canonical_key(c.provider, c.upstream)
    if c.mode == "embedding":
        for pattern, target in EMBEDDING_RULES:
            m = re.fullmatch(pattern, key)
            if m:
                c.how = "rule"
                return m.expand(target)
    else:
        model = apply_family_rules(key)
        if model is not None:
            c.how = "rule"
            return model
    author = guess_author(c.provider, c.upstream, key)
    undated = DATE_SUFFIX.sub("", key)
    if c.mode == "chat" and c.provider in DATED_FOLD_PROVIDERS and undated != key:
        # A dated snapshot of the author's own model: it shares the undated model's id and is
        # folded into it when the prices agree (fold() gives it its dated id otherwise).
        model = apply_family_rules(undated)
        if author is not None:
            c.dated_id = f"{author}/{slugify(key)}"
        if model is not None:
            c.how = "rule"
            return model
        key = undated
    if author is None:
        return None
    c.how = "fallback"
    return f"{author}/{slugify(key)}"


def preference(c: Candidate) -> tuple:
    """Lower sorts first: which upstream name wins when several map to one (model, provider)."""
    up = c.upstream
    geo = 0
    if c.provider == "amazon-bedrock":
        geo = 0 if up.startswith("global.") else (1 if up.startswith("us.") else 2)
    versioned = 1 if DATE_SUFFIX.search(up) else 0
    if c.provider == "google-vertex":
        versioned = 0 if re.search(r"@20\d{6}$", up) else (2 if "@" in up else 1)
    packaged = 1 if re.search(r"(?i)(?:turbo|fp8|fp16|bf16|int8|tput|fast|basic|-free)", up) and c.provider not in DATED_FOLD_PROVIDERS else 0
    return (geo, versioned, packaged, len(up), up)


# ---------------------------------------------------------------------------------------------
# Prettified names
# ---------------------------------------------------------------------------------------------

TOKEN_NAMES = {
    "gpt": "GPT", "oss": "OSS", "glm": "GLM", "vl": "VL", "it": "", "instruct": "Instruct",
    "chat": "Chat", "preview": "Preview", "mini": "Mini", "nano": "Nano", "pro": "Pro",
    "flash": "Flash", "lite": "Lite", "max": "Max", "plus": "Plus", "turbo": "Turbo",
    "thinking": "Thinking", "coder": "Coder", "code": "Code", "vision": "Vision", "exp": "Exp",
    "r1": "R1", "qwq": "QwQ", "moe": "MoE", "ocr": "OCR", "tts": "TTS", "api": "API",
    "xl": "XL", "hf": "HF", "ai": "AI", "dpo": "DPO", "sft": "SFT", "minimax": "MiniMax",
    "ernie": "ERNIE", "lfm": "LFM", "kat": "KAT", "internvl3": "InternVL3", "mimo": "MiMo",
    "deepseek": "DeepSeek", "codellama": "CodeLlama", "olmocr": "olmOCR", "paddleocr": "PaddleOCR",
    "bge": "BGE", "gte": "GTE", "e5": "E5", "uae": "UAE", "pplx": "PPLX", "r7b": "R7B",
    "moonshot": "Moonshot", "openhermes": "OpenHermes", "openchat": "OpenChat", "openorca": "OpenOrca",
    "firefunction": "FireFunction", "firellava": "FireLLaVA", "llava": "LLaVA", "dbrx": "DBRX",
    "codegemma": "CodeGemma", "wizardlm": "WizardLM", "mythomax": "MythoMax", "autoglm": "AutoGLM",
    "gemma": "Gemma", "gemini": "Gemini", "claude": "Claude", "llama": "Llama", "qwen": "Qwen",
}


def pretty_token(tok: str, author: str) -> str:
    if tok in TOKEN_NAMES:
        return TOKEN_NAMES[tok]
    if re.fullmatch(r"\d+(?:\.\d+)?[bkmt]", tok):
        return tok[:-1] + tok[-1].upper()
    if re.fullmatch(r"a\d+(?:\.\d+)?b|e\d+b", tok):
        return tok.upper()
    if re.fullmatch(r"\d+x\d+b", tok):
        return tok[:-1] + "B"
    if re.fullmatch(r"\d+(?:\.\d+)?v", tok):              # glm-4.5v
        return tok.upper()
    if re.fullmatch(r"v\d+(?:\.\d+)*", tok):
        return tok if author in ("nvidia", "mistralai") else "V" + tok[1:]
    if re.fullmatch(r"[a-z]\d+(?:\.\d+)*", tok):         # o3 stays lower; k2, m2.5, x5 upper
        return tok if tok[0] == "o" else tok.upper()
    if re.fullmatch(r"\d.*", tok):
        return tok
    return tok[:1].upper() + tok[1:]


def pretty_slug(author: str, slug: str) -> str:
    toks = slug.split("-")
    if author == "deepseek" and toks[0] == "deepseek" and len(toks) > 1:
        toks = toks[1:] if toks[1] in ("r1",) else toks
    if author == "google":
        toks = [t for t in toks if t != "001"]
    if author == "amazon" and toks and toks[-1] == "v1":
        toks = toks[:-1] if "2" in toks else toks[:-1] + ["1.0"]
    out: list[str] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if re.fullmatch(r"20\d\d", t) and i + 2 < len(toks) and re.fullmatch(r"\d\d", nxt) \
                and re.fullmatch(r"\d\d", toks[i + 2]):
            out.append(f"({t}-{nxt}-{toks[i + 2]})")
            i += 3
            continue
        if re.fullmatch(r"20\d{6}", t):
            out.append(f"({t[:4]}-{t[4:6]}-{t[6:]})")
            i += 1
            continue
        if re.fullmatch(r"\d\d", t) and re.fullmatch(r"\d\d|20\d\d", nxt):
            out.append(f"{t}-{nxt}")
            i += 2
            continue
        if t == "gpt" and re.match(r"\d", nxt):
            version, i = nxt, i + 2
            if version == "4o" and i < len(toks) and toks[i] == "mini":
                version, i = "4o-mini", i + 1
            out.append("GPT-" + version)
            continue
        if t == "qwen" and re.fullmatch(r"\d+(?:\.\d+)?", nxt):
            out.append("Qwen" + nxt)
            i += 2
            continue
        if t == "phi" and re.fullmatch(r"\d+(?:\.\d+)?", nxt) and nxt != "4":
            out.append("Phi-" + nxt)
            i += 2
            continue
        out.append(pretty_token(t, author))
        i += 1
    name = " ".join(x for x in out if x)
    if author == "deepseek" and not name.startswith(("DeepSeek", "R1")):
        name = "DeepSeek " + name
    return name


def model_name(model_id: str) -> str:
    if model_id in NAME_OVERRIDES:
        return NAME_OVERRIDES[model_id]
    author, slug = model_id.split("/", 1)
    return f"{AUTHOR_NAMES.get(author, author)}: {pretty_slug(author, slug)}"


# ---------------------------------------------------------------------------------------------
# Endpoint construction
# ---------------------------------------------------------------------------------------------


def int_or_none(value) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)) and value > 0 and float(value).is_integer():
        return int(value)
    return None


def context_limits(entry: dict) -> tuple[int | None, int | None]:
    ctx = int_or_none(entry.get("max_input_tokens"))
    out = int_or_none(entry.get("max_output_tokens"))
    if ctx is None and out is None:
        ctx = int_or_none(entry.get("max_tokens"))
    return ctx, out


def quantization_of(provider: str, upstream: str, facts: dict) -> str | None:
    low = upstream.lower()
    for pattern, quant in QUANT_MARKERS:
        if re.search(pattern, low):
            return quant
    if provider == "together" and re.search(r"-turbo(?:-free)?$", low):
        return "fp8"  # Together's "Turbo" endpoints are FP8
    return facts.get(provider, {}).get("quantization")


def supported_parameters(provider: str, model: str, entry: dict) -> list[str]:
    author = model.split("/", 1)[0]
    params = set(PROVIDER_PARAMS[provider])
    if provider in FAMILY_PARAMS_HOSTS and author in FAMILY_PARAMS:
        params = set(FAMILY_PARAMS[author])
    reasoning = bool(entry.get("supports_reasoning"))
    if reasoning and author == "openai" and provider in ("openai", "azure") and re.match(r"openai/(?:o\d|gpt-5)", model) \
            and "chat" not in model:
        params = set(P_OPENAI_REASONING)
    if entry.get("supports_function_calling"):
        params.add("tools")
    if entry.get("supports_tool_choice"):
        params.add("tool_choice")
    if entry.get("supports_parallel_function_calling"):
        params.add("parallel_tool_calls")
    if entry.get("supports_response_schema"):
        params.update(("response_format", "structured_outputs"))
    if reasoning:
        params.update(("reasoning", "include_reasoning"))
    return sorted(params)


def input_modalities(entry: dict) -> list[str]:
    mods = ["text"]
    for flag, modality in MODALITY_FLAGS:
        if entry.get(flag):
            mods.append(modality)
    return mods


def price_fields(entry: dict, mode: str) -> dict[str, str]:
    out: dict[str, str] = {}
    out["prompt_usd_per_mtok"] = usd_per_mtok(entry.get("input_cost_per_token") or 0)
    completion = entry.get("output_cost_per_token") or 0
    if mode == "chat" or completion:
        out["completion_usd_per_mtok"] = usd_per_mtok(completion)
    for src, dst in (("cache_read_input_token_cost", "cache_read_usd_per_mtok"),
                     ("cache_creation_input_token_cost", "cache_write_usd_per_mtok")):
        value = entry.get(src)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
            out[dst] = usd_per_mtok(value)
    for src, dst in (("input_cost_per_request", "request_usd"), ("input_cost_per_image", "image_usd")):
        value = entry.get(src)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
            out[dst] = usd_amount(value)
    return out


def load_dates(path: Path) -> dict[str, int]:
    dates: dict[str, int] = {}
    if not path.exists():
        return dates
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        model, day = line.split("\t")[:2]
        stamp = datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=timezone.utc)
        dates[model] = int(stamp.timestamp())
    return dates


# ---------------------------------------------------------------------------------------------
# Main pipeline
# ---------------------------------------------------------------------------------------------


def collect(data: dict, report: Report) -> list[Candidate]:
    candidates: list[Candidate] = []
    unknown: set[str] = set()
    for key in sorted(data):
        entry = data[key]
        if not isinstance(entry, dict) or key == "sample_spec":
            continue
        lp = entry.get("litellm_provider")
        mode = entry.get("mode")
        if mode not in ("chat", "embedding"):
            report.skip(f"mode `{mode}` (only chat and embedding models are emitted)", key)
            continue
        if lp in SKIPPED_LITELLM_PROVIDERS:
            report.skip(f"provider `{lp}`: {SKIPPED_LITELLM_PROVIDERS[lp]}", key)
            continue
        if lp not in LITELLM_PROVIDERS:
            unknown.add(str(lp))
            continue
        provider = LITELLM_PROVIDERS[lp]
        upstream, why = upstream_name(lp, provider, key)
        if upstream is None:
            report.skip(why, key)
            continue
        rules = SKIP_UPSTREAM if mode == "chat" else EMBEDDING_SKIP
        reason = skip_reason(provider, upstream, rules)
        if reason and (provider, upstream) not in EXPLICIT:
            report.skip(reason, key)
            continue
        candidates.append(Candidate(key, lp, provider, upstream, mode, entry))
    for lp in sorted(unknown):
        report.errors.append(f"LiteLLM provider `{lp}` is neither mapped nor skipped: add it to "
                             "LITELLM_PROVIDERS or SKIPPED_LITELLM_PROVIDERS")
    return candidates


def price_problem(entry: dict) -> str | None:
    inp, out = entry.get("input_cost_per_token"), entry.get("output_cost_per_token")
    if inp is None or (out is None and entry.get("mode") == "chat"):
        return "no per-token price in the data"
    for value in (inp, out or 0):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return "price is not a number"
        if round12(value) > IMPLAUSIBLE_PER_TOKEN:
            return "implausible price (over USD 1000 per million tokens; a unit error in the source)"
    return None


def price_signature(entry: dict) -> tuple:
    return tuple(entry.get(k) for k in ("input_cost_per_token", "output_cost_per_token",
                                        "cache_read_input_token_cost", "cache_creation_input_token_cost"))


def is_free_allowed(provider: str, upstream: str) -> bool:
    return any(p == provider and re.fullmatch(rx, upstream) for p, rx in FREE_ALLOWLIST)


def all_zero(entry: dict) -> bool:
    return not (entry.get("input_cost_per_token") or entry.get("output_cost_per_token"))


def build(data: dict, facts: dict, dates: dict[str, int], report: Report):
    candidates = collect(data, report)
    resolved: list[Candidate] = []
    for c in candidates:
        problem = price_problem(c.entry)
        if problem:
            report.skip(problem, c.key)
            continue
        if all_zero(c.entry) and not is_free_allowed(c.provider, c.upstream):
            report.skip("zero price (unknown rather than free; not in the free allowlist)", c.key)
            continue
        model = resolve(c, report)
        if model is None:
            report.skip("no model id: no alias rule matched and the author could not be inferred", c.key)
            continue
        if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._:-]*", model) or ":" in model:
            report.errors.append(f"{c.key}: generated model id {model!r} is not of the form author/slug")
            continue
        c.model = model
        c.rank = preference(c)
        resolved.append(c)

    # Self-check: one upstream name on one provider must not map to two models.
    by_upstream: dict[tuple[str, str, str], set[str]] = {}
    for c in resolved:
        by_upstream.setdefault((c.mode, c.provider, c.upstream), set()).add(c.model)
    for (mode, provider, upstream), models in sorted(by_upstream.items()):
        if len(models) > 1:
            report.errors.append(f"{provider}: upstream {upstream!r} maps to several models: {sorted(models)}")

    # Fold: several upstream names for one (model, provider, free) -> keep the preferred one.
    groups: dict[tuple[str, str, str, bool], list[Candidate]] = {}
    for c in resolved:
        free = all_zero(c.entry)
        groups.setdefault((c.mode, c.model, c.provider, free), []).append(c)
    # A dated snapshot whose prices differ from the undated model's is a different model: it
    # keeps its dated id (e.g. openai/gpt-4o-2024-05-13).
    for gkey in sorted(groups):
        group = groups[gkey]
        group.sort(key=lambda c: (c.rank, c.key))
        winner_prices = price_signature(group[0].entry)
        for c in list(group[1:]):
            if c.dated_id and c.dated_id != c.model and price_signature(c.entry) != winner_prices:
                group.remove(c)
                c.model, c.how = c.dated_id, "fallback"
                groups.setdefault((c.mode, c.model, c.provider, gkey[3]), []).append(c)
    chosen: list[Candidate] = []
    for gkey, group in sorted(groups.items()):
        group.sort(key=lambda c: (c.rank, c.key))
        winner = group[0]
        distinct = {c.upstream for c in group}
        if len(group) > 1 and len(distinct) > 1 and group[0].rank == group[1].rank and group[0].upstream != group[1].upstream:
            report.errors.append(f"duplicate ({gkey[1]}, {gkey[2]}): {group[0].upstream!r} and {group[1].upstream!r} "
                                 "tie; add a SKIP_UPSTREAM or EXPLICIT entry")
        for loser in group[1:]:
            if loser.upstream != winner.upstream:
                report.folded.append(f"{gkey[2]}: {loser.upstream} -> {gkey[1]} (kept {winner.upstream})")
        chosen.append(winner)

    chat: list[Endpoint] = []
    embeddings: list[Endpoint] = []
    for c in chosen:
        if c.how == "fallback":
            report.fallback_ids.append(f"{c.model} <- {c.provider}:{c.upstream}")
        try:
            prices = price_fields(c.entry, c.mode)
        except PriceError as exc:
            report.errors.append(f"{c.key}: {exc}")
            continue
        ctx, out = context_limits(c.entry)
        free = all_zero(c.entry)
        ep = Endpoint(
            model=c.model,
            name=model_name(c.model),
            provider=c.provider,
            upstream_model=c.upstream,
            prices=prices,
            context_length=ctx,
            max_completion_tokens=out if c.mode == "chat" else None,
            supported_parameters=supported_parameters(c.provider, c.model, c.entry) if c.mode == "chat" else [],
            input_modalities=input_modalities(c.entry) if c.mode == "chat" else ["text"],
            output_modalities=["text"] if c.mode == "chat" else ["embeddings"],
            quantization=quantization_of(c.provider, c.upstream, facts),
            free=free,
            created=dates.get(c.model),
            source_key=c.key,
        )
        (chat if c.mode == "chat" else embeddings).append(ep)
    order = lambda e: (e.model, e.provider, e.free)  # noqa: E731
    chat.sort(key=order)
    embeddings.sort(key=order)
    return chat, embeddings


# ---------------------------------------------------------------------------------------------
# TOML output
# ---------------------------------------------------------------------------------------------


def toml_str(value: str) -> str:
    out = ['"']
    for ch in value:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return toml_str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {value!r} as TOML")


PRICE_ORDER = ("prompt_usd_per_mtok", "completion_usd_per_mtok", "cache_read_usd_per_mtok",
               "cache_write_usd_per_mtok", "request_usd", "image_usd")


def endpoint_lines(table: str, ep: Endpoint) -> list[str]:
    lines = [f"[[{table}]]",
             f"model = {toml_str(ep.model)}",
             f"name = {toml_str(ep.name)}",
             f"provider = {toml_str(ep.provider)}",
             f"upstream_model = {toml_str(ep.upstream_model)}"]
    for k in PRICE_ORDER:
        if k in ep.prices:
            lines.append(f"{k} = {toml_str(ep.prices[k])}")
    if ep.context_length:
        lines.append(f"context_length = {ep.context_length}")
    if ep.max_completion_tokens:
        lines.append(f"max_completion_tokens = {ep.max_completion_tokens}")
    if ep.supported_parameters:
        lines.append(f"supported_parameters = {toml_value(ep.supported_parameters)}")
    lines.append(f"input_modalities = {toml_value(ep.input_modalities)}")
    lines.append(f"output_modalities = {toml_value(ep.output_modalities)}")
    if ep.quantization:
        lines.append(f"quantization = {toml_str(ep.quantization)}")
    if ep.free:
        lines.append("free = true")
    if ep.created:
        lines.append(f"created = {ep.created}")
    return lines


PROVIDER_KEYS = ("id", "name", "adapter", "base_url", "api_key_env", "privacy_policy_url")
POLICY_KEYS = ("training", "retains_prompts", "retention_days", "zdr", "source")


def provider_lines(pid: str, fact: dict) -> list[str]:
    lines = ["[[providers]]", f"id = {toml_str(pid)}"]
    for k in PROVIDER_KEYS[1:]:
        if fact.get(k):
            lines.append(f"{k} = {toml_str(fact[k])}")
    policy = fact.get("data_policy")
    if policy:
        ordered = {k: policy[k] for k in POLICY_KEYS if k in policy}
        lines.append(f"data_policy = {toml_value(ordered)}")
    return lines


def render(source_name: str, providers: dict[str, dict], chat: list[Endpoint], embeddings: list[Endpoint]) -> str:
    blocks = [[f"# Generated by tools/gen_catalog/gen_catalog.py from {source_name} — do not edit."]]
    for pid in sorted(providers):
        blocks.append(provider_lines(pid, providers[pid]))
    for ep in chat:
        blocks.append(endpoint_lines("endpoints", ep))
    for ep in embeddings:
        blocks.append(endpoint_lines("embedding_endpoints", ep))
    return "\n\n".join("\n".join(b) for b in blocks) + "\n"


# ---------------------------------------------------------------------------------------------
# Provider facts
# ---------------------------------------------------------------------------------------------

ADAPTERS = {"openai", "openai-compatible", "anthropic", "gemini", "azure", "bedrock"}


def load_facts(path: Path) -> tuple[dict[str, dict], list[str]]:
    errors: list[str] = []
    with path.open("rb") as fh:
        doc = tomllib.load(fh)
    facts: dict[str, dict] = {}
    for entry in doc.get("providers", []):
        pid = entry.get("id")
        if not pid:
            errors.append(f"{path.name}: a [[providers]] entry has no id")
            continue
        if pid in facts:
            errors.append(f"{path.name}: duplicate provider id {pid!r}")
        for k in ("name", "adapter", "base_url"):
            if not entry.get(k):
                errors.append(f"{path.name}: provider {pid!r} has no {k}")
        if entry.get("adapter") not in ADAPTERS:
            errors.append(f"{path.name}: provider {pid!r} has unknown adapter {entry.get('adapter')!r}")
        policy = entry.get("data_policy")
        if policy is not None:
            if not str(policy.get("source", "")).startswith("https://"):
                errors.append(f"{path.name}: provider {pid!r}: data_policy needs a source URL")
            for k in ("training", "retains_prompts", "zdr"):
                if not isinstance(policy.get(k), bool):
                    errors.append(f"{path.name}: provider {pid!r}: data_policy.{k} must be a boolean")
            if "retention_days" in policy and not isinstance(policy["retention_days"], int):
                errors.append(f"{path.name}: provider {pid!r}: data_policy.retention_days must be an integer")
        facts[pid] = entry
    return facts, errors


# ---------------------------------------------------------------------------------------------


def summarize(chat: list[Endpoint], embeddings: list[Endpoint], providers: dict[str, dict]) -> dict:
    per_model: dict[str, int] = {}
    for ep in chat:
        per_model[ep.model] = per_model.get(ep.model, 0) + 1
    return {
        "models": len(per_model),
        "providers": len(providers),
        "chat_providers": len({ep.provider for ep in chat}),
        "endpoints": len(chat),
        "multi_endpoint_models": sum(1 for n in per_model.values() if n >= 2),
        "embedding_models": len({ep.model for ep in embeddings}),
        "embedding_endpoints": len(embeddings),
        "top": sorted(per_model.items(), key=lambda kv: (-kv[1], kv[0]))[:10],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", nargs="?", default=str(DEFAULT_INPUT), help="LiteLLM model price JSON")
    ap.add_argument("--output", default=str(DEFAULT_OUTPUT))
    ap.add_argument("--facts", default=str(DEFAULT_FACTS))
    ap.add_argument("--dates", default=str(DEFAULT_DATES))
    ap.add_argument("--verbose", "-v", action="store_true", help="list skipped, folded and fallback entries")
    args = ap.parse_args(argv)

    input_path = Path(args.input).resolve()
    data = json.loads(input_path.read_text(encoding="utf-8"))
    facts, fact_errors = load_facts(Path(args.facts))
    dates = load_dates(Path(args.dates))
    report = Report(errors=list(fact_errors))

    chat, embeddings = build(data, facts, dates, report)

    used = {ep.provider for ep in chat} | {ep.provider for ep in embeddings}
    for pid in sorted(used - set(facts)):
        report.errors.append(f"provider {pid!r} has endpoints but no entry in {Path(args.facts).name}")
    providers = {pid: facts[pid] for pid in sorted(used & set(facts))}

    seen: set[tuple[str, str, str, bool]] = set()
    for table, eps in (("endpoints", chat), ("embedding_endpoints", embeddings)):
        for ep in eps:
            k = (table, ep.model, ep.provider, ep.free)
            if k in seen:
                report.errors.append(f"duplicate ({ep.model}, {ep.provider}{', free' if ep.free else ''}) in {table}")
            seen.add(k)

    stats = summarize(chat, embeddings, providers)
    if stats["models"] < MIN_CHAT_MODELS:
        report.errors.append(f"only {stats['models']} chat models (need at least {MIN_CHAT_MODELS})")
    if stats["chat_providers"] < MIN_PROVIDERS:
        report.errors.append(f"only {stats['chat_providers']} providers with chat endpoints (need at least {MIN_PROVIDERS})")

    if args.verbose:
        for reason in sorted(report.skipped):
            print(f"skipped ({len(report.skipped[reason])}): {reason}")
            for what in sorted(report.skipped[reason]):
                print(f"    {what}")
        print(f"folded ({len(report.folded)}):")
        for line in sorted(report.folded):
            print(f"    {line}")
        print(f"fallback ids ({len(report.fallback_ids)}):")
        for line in sorted(report.fallback_ids):
            print(f"    {line}")

    if report.errors:
        print(f"gen_catalog: {len(report.errors)} error(s); nothing written:", file=sys.stderr)
        for err in report.errors:
            print(f"  - {err}", file=sys.stderr)
        return 1

    text = render(input_path.name, providers, chat, embeddings)
    Path(args.output).write_text(text, encoding="utf-8")

    print(f"wrote {args.output}")
    print(f"models: {stats['models']}  providers: {stats['providers']} ({stats['chat_providers']} with chat endpoints)  "
          f"endpoints: {stats['endpoints']}  models with >=2 endpoints: {stats['multi_endpoint_models']}")
    print(f"embedding models: {stats['embedding_models']}  embedding endpoints: {stats['embedding_endpoints']}")
    print(f"skipped entries: {sum(len(v) for v in report.skipped.values())}  folded aliases: {len(report.folded)}  "
          f"fallback ids: {len(report.fallback_ids)}")
    print("top models by endpoint count: " + ", ".join(f"{m} ({n})" for m, n in stats["top"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
