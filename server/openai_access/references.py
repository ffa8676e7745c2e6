"""What the scanner finds: a model id written in source, and the call it feeds.

Columns here are *code points* of the line (Python ``str`` indices), because that is
what every scanner naturally has in hand. Renderers convert: the CLI to UTF-16 code
units (the JSON contract), the language server to whatever encoding the client
negotiated. Keeping one unit in the engine means one conversion per output, at the edge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from openai_access.plain_pickle import pickled_by_fields


@pickled_by_fields
@dataclass(frozen=True, slots=True, order=True)
class Position:
    line: int  # 0-based
    character: int  # 0-based, code points within the line


@pickled_by_fields
@dataclass(frozen=True, slots=True, order=True)
class Range:
    start: Position
    end: Position

    def contains(self, pos: Position) -> bool:
        return self.start <= pos <= self.end


class Surface(str, Enum):
    """The OpenAI API a call reaches. Decides which probe is fair and which models fit."""

    CHAT = "chat.completions"
    RESPONSES = "responses"
    COMPLETIONS = "completions"
    EMBEDDINGS = "embeddings"
    IMAGES = "images"
    AUDIO_SPEECH = "audio.speech"
    AUDIO_TRANSCRIPTIONS = "audio.transcriptions"
    AUDIO_TRANSLATIONS = "audio.translations"
    MODERATIONS = "moderations"
    REALTIME = "realtime"
    ASSISTANTS = "assistants"
    FINE_TUNING = "fine_tuning"
    BATCHES = "batches"
    VIDEOS = "videos"
    UNKNOWN = "unknown"  # a model setting whose API we cannot see (constants, config files)


class Target(str, Enum):
    """Where requests for this model go. Only ``OPENAI`` references are judged as OpenAI models."""

    OPENAI = "openai"
    AZURE = "azure"  # AzureOpenAI / AzureChatOpenAI: the string is a deployment name
    OTHER_BASE_URL = "other-base-url"  # a client with a non-OpenAI base_url (Ollama, vLLM, ...)


class Capability(str, Enum):
    """What a call asks of the model beyond plain use; verification gates each separately."""

    PLAIN = "plain"
    STREAM = "stream"
    REASONING_SUMMARY = "reasoning-summary"


CALL = "call"
SLOT = "slot"
# What every renderer adds to a slot reference's one-line message, so none claims a call was seen.
SLOT_NOTE = "model-named setting; the call was not traced"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class CallParam:
    """One keyword / property the call sends, as written, so a finding can sit on it.

    ``name`` is the request parameter (``max_tokens``; nested ones dotted: ``reasoning.effort``),
    ``range`` covers the name, ``span`` what deleting the argument removes (with its separating
    comma), ``value`` the literal's text when it is a plain string, number or boolean (the cases
    that decide, such as ``reasoning_effort="none"``), else None.
    """

    name: str
    range: Range
    span: Range
    value: str | None = None


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class ModelReference:
    """One model id written in a file, used as the model of an OpenAI call (or a model setting).

    ``range`` covers the text *inside* the quotes (for ``"openai/gpt-4o"`` all of
    ``openai/gpt-4o``); ``model`` is the id with any provider prefix removed and
    ``model_start`` is where it begins inside ``range`` (code points), so a quick fix can
    replace the id and keep the prefix.
    """

    model: str
    range: Range
    surface: Surface = Surface.UNKNOWN
    target: Target = Target.OPENAI
    # openai, openai-legacy, openai-node, langchain, llamaindex, agents, litellm, vercel-ai, pydantic-ai, config
    client: str = "openai"
    streams: bool = False
    reasoning_summary: bool = False
    model_start: int = 0
    # Where the literal is used when it reaches the call through a constant / default / env
    # fallback: the call-site ranges (same file) and a short description ("MODEL at line 12").
    via: tuple[Range, ...] = ()
    via_note: str | None = None
    cell: int | None = None  # notebook cell index, else None
    # Cross-file constant: the file that *uses* the constant (the literal lives in this file).
    used_in: tuple[str, ...] = field(default=())
    # The call's own arguments (keyword / object-property names, with ranges) and its callee, when
    # the literal was found at an SDK or library call: what code findings (issue 13) are judged on.
    params: tuple[CallParam, ...] = ()
    callee: Range | None = None
    # How it was found: "call" (the value reaches an OpenAI call the scanner traced) or
    # "slot" (a model-shaped literal in a setting whose name says model; the call was not traced).
    found: str = CALL

    @property
    def slot(self) -> bool:
        """Found by its setting's name only: the call it feeds was not traced."""
        return self.found == SLOT

    @property
    def capabilities(self) -> tuple[Capability, ...]:
        caps = [Capability.PLAIN]
        if self.streams:
            caps.append(Capability.STREAM)
        if self.reasoning_summary:
            caps.append(Capability.REASONING_SUMMARY)
        return tuple(caps)
