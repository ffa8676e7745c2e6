"""What makes a config value an OpenAI model setting: the key's words, the section it sits
in, the provider its neighbours name, and whether the value reads like an OpenAI id.

Precision first: a false squiggle in someone's YAML costs more trust than a missed one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from openai_access.references import Surface, Target

_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_SPLIT = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=4096)
def key_words(key: str) -> tuple[str, ...]:
    """``OPENAI_EMBEDDING_MODEL``, ``embeddingModel``, ``embedding-model`` → the same words."""
    spaced = _CAMEL.sub(r"\1_\2", key).lower()
    return tuple(w for w in _SPLIT.split(spaced) if w)


# Keys whose values list models the project deliberately does *not* use.
_NEGATING = frozenset({"ignore", "ignored", "exclude", "excluded", "skip", "disabled", "deny", "blocked"})


@lru_cache(maxsize=1024)
def is_model_key(words: tuple[str, ...]) -> bool:
    if not words or _NEGATING.intersection(words):
        return False
    return words[-1] == "model" or (len(words) >= 2 and words[-2] == "model" and words[-1] in ("name", "id"))


@lru_cache(maxsize=1024)
def is_models_key(words: tuple[str, ...]) -> bool:
    return bool(words) and words[-1] == "models" and not _NEGATING.intersection(words)


_SURFACES: tuple[tuple[frozenset[str], Surface], ...] = (
    (frozenset({"embedding", "embeddings", "embed", "embedder"}), Surface.EMBEDDINGS),
    (frozenset({"tts", "speech"}), Surface.AUDIO_SPEECH),
    (
        frozenset({"transcription", "transcribe", "transcriber", "stt", "whisper"}),
        Surface.AUDIO_TRANSCRIPTIONS,
    ),
    (frozenset({"image", "images", "dalle"}), Surface.IMAGES),
    (frozenset({"moderation", "moderations"}), Surface.MODERATIONS),
    (frozenset({"realtime"}), Surface.REALTIME),
)


@lru_cache(maxsize=1024)
def surface_for(words: tuple[str, ...]) -> Surface:
    """Only a key that names the API says which API; "chat" does not (Responses or Chat?)."""
    for names, surface in _SURFACES:
        if names.intersection(words):
            return surface
    return Surface.UNKNOWN


# Sections, keys and provider values that mean "not OpenAI's API".
_OTHER_PROVIDERS = frozenset(
    {
        "anthropic",
        "claude",
        "ollama",
        "mistral",
        "mistralai",
        "groq",
        "gemini",
        "google",
        "vertex",
        "vertexai",
        "bedrock",
        "aws",
        "cohere",
        "together",
        "togetherai",
        "openrouter",
        "deepseek",
        "huggingface",
        "hf",
        "replicate",
        "fireworks",
        "perplexity",
        "xai",
        "grok",
        "llama",
        "llamacpp",
        "vllm",
        "lmstudio",
        "localai",
        "deepinfra",
        "anyscale",
        "cerebras",
        "sambanova",
        "nvidia",
        "nim",
        "watsonx",
        "sagemaker",
        "databricks",
        "voyage",
        "jina",
        "qwen",
        "dashscope",
        "zhipu",
        "moonshot",
        "baidu",
        "ai21",
        "nlpcloud",
        "palm",
        "cloudflare",
        "github",
    }
)


@lru_cache(maxsize=1024)
def provider_of_words(words: tuple[str, ...]) -> Target | None:
    """``AZURE_OPENAI_MODEL`` → Azure; ``ANTHROPIC_MODEL`` → not ours (OTHER_BASE_URL)."""
    if "azure" in words:
        return Target.AZURE
    if _OTHER_PROVIDERS.intersection(words):
        return Target.OTHER_BASE_URL
    return None


def provider_value(value: str) -> Target | None:
    """The value of a ``provider:`` / ``api_type:`` key."""
    v = value.strip().lower()
    if not v or "$" in v or "{" in v:
        return None
    if "azure" in v:
        return Target.AZURE
    if "openai" in v:
        return Target.OPENAI
    return Target.OTHER_BASE_URL


def is_provider_key(words: tuple[str, ...]) -> bool:
    return bool(words) and (words[-1] == "provider" or words[-2:] == ("api", "type"))


def is_base_url_key(words: tuple[str, ...]) -> bool:
    w = set(words)
    return ("base" in w and ("url" in w or "api" in w)) or "endpoint" in w or {"api", "url"} <= w


def base_url_value(value: str) -> Target | None:
    v = value.strip().lower()
    if "azure" in v:  # azure.com, azure-api.net, os.environ/AZURE_API_BASE
        return Target.AZURE
    if "api.openai.com" in v:
        return Target.OPENAI
    if re.match(r"https?://", v):
        return Target.OTHER_BASE_URL
    return None  # ${OPENAI_BASE_URL} and friends: cannot tell


# --- provider prefixes inside the value ("openai/gpt-4o", LiteLLM / routers) --------------------

_OPENAI_VALUE_PREFIXES = ("openai", "text-completion-openai", "openai-chat", "openai-responses")
# The API part of promptfoo's provider ids (``openai:chat:gpt-4o``), after the ``openai:``.
PROMPTFOO_APIS = ("chat", "completion", "embedding", "embeddings", "responses", "assistant", "image", "realtime")
_AZURE_VALUE_PREFIXES = ("azure", "azure_ai", "azure_text", "azure-openai", "azure_openai")


def split_provider(value: str) -> tuple[str, int, Target] | None:
    """(model id, where it starts, target), or None when the value routes to another provider."""
    for sep in ("/", ":"):
        head, found, rest = value.partition(sep)
        if not found or (sep == ":" and head == "ft"):
            continue
        low = head.lower()
        if low in _OPENAI_VALUE_PREFIXES:
            api, colon, model = rest.partition(":")
            if sep == ":" and colon and api in PROMPTFOO_APIS:  # openai:chat:gpt-4o
                return model, len(head) + len(api) + 2, Target.OPENAI
            return rest, len(head) + 1, Target.OPENAI
        if low in _AZURE_VALUE_PREFIXES:
            return rest, len(head) + 1, Target.AZURE
        if sep == "/":
            return None  # anthropic/…, ollama/…, meta-llama/Llama-3 (a Hugging Face repo)
    return value, 0, Target.OPENAI


# --- does this read like an OpenAI model id? ---

# Families that are never OpenAI's, whatever a fuzzy match thinks of "gemma" vs "gpt".
_NEVER = re.compile(
    r"^(claude|llama|codellama|mistral|mixtral|codestral|gemini|gemma|qwen|phi|deepseek|command|"
    r"titan|falcon|vicuna|yi-|nomic|mxbai|bge|e5-|all-minilm|sentence|grok|sonar|jamba|dbrx|"
    r"granite|starcoder|nous|hermes|orca|zephyr|solar|internlm|glm|kimi|ernie|olmo|smollm|"
    # OpenAI's Hugging Face repositories (``openai/whisper-large-v3``): local weights, not the API
    r"whisper-(tiny|base|small|medium|large|turbo)|clip-|shap-e|point-e|jukebox|consistency-|"
    # Google's embeddings (``text-embedding-004``), and Azure's names for OpenAI's models
    # (``gpt-35-turbo``: a deployment's model, never an id the OpenAI API knows)
    r"text-embedding-00\d|text-multilingual-embedding|textembedding-gecko|gpt-35-)",
    re.IGNORECASE,
)
_TEMPLATED = re.compile(r"\$\{|\{\{|%\(|^\$|^os\.environ/|<[a-z_-]+>", re.IGNORECASE)
# A stand-in for the catalog's judgement, used only if the catalog cannot be loaded.
_OPENAI_SHAPED = re.compile(
    r"^(ft:)?(gpt-|chatgpt-|o[1-9](-|$)|text-embedding-|text-moderation|omni-moderation|"
    r"davinci|babbage|dall-e-|whisper-|tts-|codex-|computer-use-|sora-)",
)


@lru_cache(maxsize=1)
def _catalog_check() -> Callable[[str], bool] | None:
    try:
        from openai_access.catalog import Catalog  # type: ignore[attr-defined,unused-ignore]

        check: Callable[[str], bool] = Catalog.bundled().looks_like_openai_model
        return check
    except Exception:  # the catalog is optional here: the scanner must work without it
        return None


def looks_like_openai_model(model: str) -> bool:
    if not model or len(model) > 128 or any(c.isspace() for c in model):
        return False
    if _NEVER.match(model) or _TEMPLATED.search(model):
        return False
    check = _catalog_check()
    if check is not None:
        try:
            return bool(check(model))
        except Exception:
            pass
    return _OPENAI_SHAPED.match(model) is not None
