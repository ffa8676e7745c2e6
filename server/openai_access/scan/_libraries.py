"""Which named functions and classes take an OpenAI model, library by library.

The tables come from the SDKs' own sources: ``scripts/build_sdk_tables.py`` reads openai-python,
openai-node, both Agents SDKs, LangChain, LlamaIndex, the AI SDK, litellm and pydantic-ai and
writes ``sdk_tables.json`` (with the version or commit of each source and an as-of date). This
module turns that data into ``LibSpec`` entries. The hand-written entries below are
*overrides*, kept only where the sources cannot decide: which API a routing library's function
reaches (litellm's ``completion`` is chat), Azure targets, provider-prefix routing, whether an
entry applies in pasted snippets with no import (``default``), and legacy import paths or names
the current releases no longer ship; and libraries the generator does not read yet (guidance,
agno, crewAI, DSPy: each entry says which signature it follows). A generated entry adds its keywords
to an override of the same name and library.

Names alone are ambiguous (``OpenAI`` is a client in ``openai``, a completion LLM in
LangChain and a chat LLM in LlamaIndex), so each entry says which imports it belongs to;
``default`` entries also apply when the file never imports the name (pasted snippets).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from openai_access.references import Surface, Target

TABLES_PATH = Path(__file__).with_name("sdk_tables.json")


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
_GUIDANCE = ("guidance",)
_AGNO = ("agno", "phi")  # agno was phidata (``phi.model.openai``) before 1.0
_CREW = ("crewai",)
_DSPY = ("dspy",)
S = Surface


def _litellm(*names: str, surface: Surface) -> list[tuple[str, LibSpec]]:
    spec = LibSpec("litellm", surface, ("model",), 0, routed=True, modules=_LL, default=True)
    return [(n, spec) for n in names]


# --- hand overrides (see the module docstring for why each kind exists) -------------------------
_PYTHON_OVERRIDES = _spec_map(
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
    # guidance: ``models.OpenAI(model, ...)`` picks chat or completions from the model (so the
    # API is not known here); 0.0.x had ``guidance.llms.OpenAI(model)``; the LiteLLM classes route.
    ("OpenAI", LibSpec("guidance", S.UNKNOWN, ("model",), 0, modules=_GUIDANCE)),
    ("LiteLLMChat", LibSpec("guidance", S.CHAT, ("model",), 0, routed=True, modules=_GUIDANCE)),
    ("LiteLLMCompletion", LibSpec("guidance", S.COMPLETIONS, ("model",), 0, routed=True, modules=_GUIDANCE)),
    # agno (and phidata): ``OpenAIChat(id="gpt-4o")``, ``OpenAIResponses(id=...)``
    ("OpenAIChat", LibSpec("agno", S.CHAT, ("id",), modules=_AGNO)),
    ("OpenAIResponses", LibSpec("agno", S.RESPONSES, ("id",), modules=_AGNO)),
    # crewAI: ``LLM(model=...)`` and ``Agent(llm="gpt-4o")`` go through litellm (``openai/gpt-4o``)
    ("LLM", LibSpec("crewai", S.CHAT, ("model",), 0, routed=True, modules=_CREW)),
    ("Agent", LibSpec("crewai", S.CHAT, ("llm", "function_calling_llm"), routed=True, modules=_CREW)),
    # DSPy: ``dspy.LM("openai/gpt-4o-mini")`` and ``dspy.Embedder("openai/text-embedding-3-small")``
    # go through litellm; before 2.5, ``dspy.OpenAI(model=...)`` picked chat or completions itself
    ("LM", LibSpec("dspy", S.CHAT, ("model",), 0, routed=True, modules=_DSPY)),
    ("Embedder", LibSpec("dspy", S.EMBEDDINGS, ("model",), 0, routed=True, modules=_DSPY)),
    ("OpenAI", LibSpec("dspy", S.UNKNOWN, ("model",), 0, modules=_DSPY)),
    *_litellm("completion", "acompletion", surface=S.CHAT),
    *_litellm("text_completion", "atext_completion", surface=S.COMPLETIONS),
    *_litellm("embedding", "aembedding", surface=S.EMBEDDINGS),
    *_litellm("image_generation", "aimage_generation", surface=S.IMAGES),
    *_litellm("transcription", "atranscription", surface=S.AUDIO_TRANSCRIPTIONS),
    *_litellm("speech", "aspeech", surface=S.AUDIO_SPEECH),
    *_litellm("responses", "aresponses", surface=S.RESPONSES),
    *_litellm("moderation", "amoderation", surface=S.MODERATIONS),
)

_JS_LC = ("@langchain/openai", "langchain")
_JS_AG = ("@openai/agents", "@openai/agents-openai")


def _js_azure(surface: Surface) -> LibSpec:
    keys = ("model", "modelName", "azureOpenAIApiDeploymentName", "deploymentName")
    return LibSpec("langchain", surface, keys, target=Target.AZURE, modules=_JS_LC, default=True)


_JS_OVERRIDES: dict[str, tuple[LibSpec, ...]] = {
    "ChatOpenAI": (LibSpec("langchain", S.CHAT, ("model", "modelName"), modules=_JS_LC, default=True),),
    "AzureChatOpenAI": (_js_azure(S.CHAT),),
    "OpenAIEmbeddings": (LibSpec("langchain", S.EMBEDDINGS, ("model", "modelName"), modules=_JS_LC, default=True),),
    "AzureOpenAIEmbeddings": (_js_azure(S.EMBEDDINGS),),
    "OpenAI": (LibSpec("langchain", S.COMPLETIONS, ("model", "modelName"), modules=_JS_LC),),
    "Agent": (LibSpec("agents", S.RESPONSES, ("model",), modules=_JS_AG, default=True),),
    # initChatModel("gpt-4o", { modelProvider: "openai" }): langchain's universal chat model
    "initChatModel": (
        LibSpec("langchain", S.CHAT, ("model",), 0, routed=True, modules=("langchain", "@langchain/classic")),
    ),
    "OpenAIChatCompletionsModel": (LibSpec("agents", S.CHAT, (), 1, modules=_JS_AG, default=True),),
    "OpenAIResponsesModel": (LibSpec("agents", S.RESPONSES, (), 1, modules=_JS_AG, default=True),),
    "OpenAIRealtimeWebSocket": (LibSpec("openai-node", S.REALTIME, ("model",), modules=("openai",), default=True),),
    "OpenAIRealtimeWS": (LibSpec("openai-node", S.REALTIME, ("model",), modules=("openai",), default=True),),
}
# Vercel AI SDK provider methods (``openai.chat("gpt-4o")``); calling the provider is Responses.
_VERCEL_OVERRIDES = {"chatModel": S.CHAT}


# --- generated tables ----------------------------------------------------------------------------


def load_tables(path: Path = TABLES_PATH) -> dict[str, Any]:
    """The generated data, or an empty table when the file is missing or unreadable.

    The scanner must work without it (overrides alone), so a bad file costs coverage, never a crash.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"as_of": None, "sources": [], "entries": []}
    return data if isinstance(data, dict) else {"as_of": None, "sources": [], "entries": []}


_TABLES = load_tables()
SDK_TABLES_AS_OF: str | None = _TABLES.get("as_of")
SDK_TABLE_SOURCES: tuple[dict[str, Any], ...] = tuple(_TABLES.get("sources", ()))


def _surface(value: str) -> Surface:
    try:
        return Surface(value)
    except ValueError:
        return Surface.UNKNOWN


def specs_from_entry(entry: dict[str, Any]) -> list[LibSpec]:
    """One ``LibSpec`` per API an entry's model settings reach (``VoicePipeline`` has two)."""
    by_surface: dict[Surface, tuple[list[str], int | None]] = {}
    for param in entry.get("params", ()):
        surface = _surface(param.get("surface", "unknown"))
        keywords, position = by_surface.get(surface, ([], None))
        if "position" in param and position is None:
            position = int(param["position"])
        if "position" not in param or entry.get("language") == "python":  # Python passes it by name too
            keywords.append(param["name"])
        by_surface[surface] = (keywords, position)
    modules = tuple(entry.get("modules", ()))
    client = entry["library"]
    return [
        LibSpec(client, surface, tuple(dict.fromkeys(keywords)), position, modules=modules)
        for surface, (keywords, position) in by_surface.items()
    ]


def _merged(
    overrides: dict[str, tuple[LibSpec, ...]], entries: Iterable[dict[str, Any]]
) -> dict[str, tuple[LibSpec, ...]]:
    """Overrides first; a generated spec adds keywords to an override of its name and library, else stands alone."""
    out = dict(overrides)
    for entry in entries:
        name = _callable_name(entry)
        if name is None:
            continue
        for spec in specs_from_entry(entry):
            if entry["kind"] == "method":
                spec = replace(spec, default=True)  # the receiver's type is unknowable from a name
            current = out.get(name, ())
            hand = any(c.client == spec.client for c in overrides.get(name, ()))
            same = [i for i, c in enumerate(current) if c.client == spec.client and (hand or c.surface is spec.surface)]
            if same:
                items = list(current)
                for i in same:
                    extra = tuple(k for k in spec.keywords if k not in items[i].keywords)
                    items[i] = replace(items[i], keywords=items[i].keywords + extra)
                out[name] = tuple(items)
            elif spec.keywords or spec.position is not None:
                out[name] = (*current, spec)
    return out


def _callable_name(entry: dict[str, Any]) -> str | None:
    """The name a call site ends with: a class or function, or a distinctive method (``asTool``).

    Methods are matched by name alone, so only compound names (``asTool``, ``get_model``) count;
    ``run`` or ``clone`` on any receiver would be guesses.
    """
    kind, name = entry.get("kind"), str(entry.get("name", ""))
    if kind in ("class", "function"):
        return name if name.isidentifier() else None
    if kind == "method" and entry.get("language") == "javascript":
        method = name.rsplit(".", 1)[-1]
        if method.isidentifier() and (method != method.lower()) and len(method) >= 6:
            return method
    return None


def _entries(language: str, kind: str | None = None) -> list[dict[str, Any]]:
    return [
        e
        for e in _TABLES.get("entries", ())
        if e.get("language") == language and e.get("library") != "openai" and (kind is None or e.get("kind") == kind)
    ]


PYTHON_LIBS = _merged(_PYTHON_OVERRIDES, _entries("python"))
JS_LIBS = _merged(_JS_OVERRIDES, _entries("javascript"))
VERCEL_METHODS: dict[str, Surface] = {
    **{
        e["name"].split(".", 1)[1]: _surface(e["params"][0]["surface"])
        for e in _entries("javascript", "provider")
        if "." in e["name"] and e.get("params")
    },
    **_VERCEL_OVERRIDES,
}
# API methods of the openai SDKs that take ``model`` (``responses.input_tokens.count``), both casings.
SDK_PATHS: tuple[tuple[str, Surface], ...] = tuple(
    (e["name"], _surface(e["params"][0]["surface"]))
    for e in _TABLES.get("entries", ())
    if e.get("kind") == "api"
    and e.get("params")
    and "position" not in e["params"][0]
    and e["params"][0].get("in_arg", 0) in (0, 1)
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
