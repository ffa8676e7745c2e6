"""Which named functions and classes take an OpenAI model, library by library.

Names alone are ambiguous (``OpenAI`` is a client in ``openai``, a completion LLM in
LangChain and a chat LLM in LlamaIndex), so each entry says which imports it belongs to;
``default`` entries also apply when the file never imports the name (pasted snippets).
"""

from __future__ import annotations

from dataclasses import dataclass

from openai_access.references import Surface, Target


@dataclass(frozen=True, slots=True)
class LibSpec:
    client: str
    surface: Surface
    keywords: tuple[str, ...] = ("model",)
    position: int | None = None
    target: Target = Target.OPENAI
    routed: bool = False  # reads provider prefixes; bare ids must look like OpenAI's
    modules: tuple[str, ...] = ()  # import roots this name comes from
    default: bool = False  # applies when the name is not imported nor defined
    prefix_required: bool = False  # only ``openai:``-style literals count


def _spec_map(*items: tuple[str, LibSpec]) -> dict[str, tuple[LibSpec, ...]]:
    out: dict[str, tuple[LibSpec, ...]] = {}
    for name, spec in items:
        out[name] = (*out.get(name, ()), spec)
    return out


_LC = ("langchain_openai", "langchain", "langchain_community")
_LC_LLMS = (
    "langchain_openai",
    "langchain.llms",
    "langchain_community.llms",
    "langchain.llms.openai",
)
_LI = ("llama_index",)
_AG = ("agents",)
_PY = ("pydantic_ai",)
_LL = ("litellm",)
S = Surface


def _litellm(*names: str, surface: Surface) -> list[tuple[str, LibSpec]]:
    spec = LibSpec("litellm", surface, ("model",), 0, routed=True, modules=_LL, default=True)
    return [(n, spec) for n in names]


PYTHON_LIBS = _spec_map(
    (
        "ChatOpenAI",
        LibSpec("langchain", S.CHAT, ("model", "model_name"), modules=_LC, default=True),
    ),
    (
        "AzureChatOpenAI",
        LibSpec(
            "langchain",
            S.CHAT,
            ("model", "model_name", "azure_deployment", "deployment_name"),
            target=Target.AZURE,
            modules=_LC,
            default=True,
        ),
    ),
    ("OpenAIEmbeddings", LibSpec("langchain", S.EMBEDDINGS, ("model",), modules=_LC, default=True)),
    (
        "AzureOpenAIEmbeddings",
        LibSpec(
            "langchain",
            S.EMBEDDINGS,
            ("model", "azure_deployment", "deployment"),
            target=Target.AZURE,
            modules=_LC,
            default=True,
        ),
    ),
    ("OpenAI", LibSpec("langchain", S.COMPLETIONS, ("model", "model_name"), modules=_LC_LLMS)),
    ("OpenAI", LibSpec("llamaindex", S.CHAT, ("model",), modules=_LI)),
    (
        "AzureOpenAI",
        LibSpec(
            "langchain",
            S.COMPLETIONS,
            ("model", "model_name", "deployment_name", "azure_deployment"),
            target=Target.AZURE,
            modules=_LC_LLMS,
        ),
    ),
    (
        "AzureOpenAI",
        LibSpec(
            "llamaindex",
            S.CHAT,
            ("model", "engine", "deployment_name"),
            target=Target.AZURE,
            modules=_LI,
        ),
    ),
    ("OpenAIResponses", LibSpec("llamaindex", S.RESPONSES, modules=_LI, default=True)),
    (
        "OpenAIEmbedding",
        LibSpec("llamaindex", S.EMBEDDINGS, ("model", "model_name"), modules=_LI, default=True),
    ),
    (
        "AzureOpenAIEmbedding",
        LibSpec(
            "llamaindex",
            S.EMBEDDINGS,
            ("model", "deployment_name"),
            target=Target.AZURE,
            modules=_LI,
            default=True,
        ),
    ),
    ("Agent", LibSpec("agents", S.RESPONSES, ("model",), modules=_AG, default=True)),
    ("Agent", LibSpec("pydantic-ai", S.CHAT, ("model",), 0, routed=True, modules=_PY)),
    (
        "Agent",
        LibSpec("pydantic-ai", S.CHAT, (), 0, routed=True, default=True, prefix_required=True),
    ),
    (
        "OpenAIChatCompletionsModel",
        LibSpec("agents", S.CHAT, ("model",), 0, modules=_AG, default=True),
    ),
    (
        "OpenAIResponsesModel",
        LibSpec("agents", S.RESPONSES, ("model",), 0, modules=_AG, default=True),
    ),
    ("OpenAIResponsesModel", LibSpec("pydantic-ai", S.RESPONSES, ("model_name",), 0, modules=_PY)),
    ("OpenAIModel", LibSpec("pydantic-ai", S.CHAT, ("model_name",), 0, modules=_PY, default=True)),
    (
        "OpenAIChatModel",
        LibSpec("pydantic-ai", S.CHAT, ("model_name",), 0, modules=_PY, default=True),
    ),
    (
        "init_chat_model",
        LibSpec("langchain", S.CHAT, ("model",), 0, routed=True, modules=_LC, default=True),
    ),
    *_litellm("completion", "acompletion", surface=S.CHAT),
    *_litellm("text_completion", "atext_completion", surface=S.COMPLETIONS),
    *_litellm("embedding", "aembedding", surface=S.EMBEDDINGS),
    *_litellm("image_generation", "aimage_generation", surface=S.IMAGES),
    *_litellm("transcription", "atranscription", surface=S.AUDIO_TRANSCRIPTIONS),
    *_litellm("speech", "aspeech", surface=S.AUDIO_SPEECH),
    *_litellm("responses", "aresponses", surface=S.RESPONSES),
    *_litellm("moderation", "amoderation", surface=S.MODERATIONS),
)

OPENAI_CLIENTS = frozenset({"OpenAI", "AsyncOpenAI"})
AZURE_CLIENTS = frozenset({"AzureOpenAI", "AsyncAzureOpenAI"})
# Clients of other providers that mirror the OpenAI SDK's shape: their calls are not ours.
FOREIGN_CLIENTS = frozenset(
    {
        "Groq",
        "AsyncGroq",
        "Together",
        "AsyncTogether",
        "Cerebras",
        "AsyncCerebras",
        "Fireworks",
        "AsyncFireworks",
        "Anthropic",
        "AsyncAnthropic",
        "Mistral",
        "Cohere",
        "Ollama",
        "AsyncClient",
    }
)

# Keywords that say where a library's requests go.
BASE_URL_KEYWORDS = frozenset({"base_url", "openai_api_base", "api_base", "baseURL", "basePath", "api_url"})
AZURE_KEYWORDS = frozenset({"azure_endpoint", "azure_deployment", "azure_ad_token", "azure_ad_token_provider"})
