"""Requests sent to the OpenAI API without an SDK method: where their model sits.

Code that posts JSON itself (``requests.post(".../v1/chat/completions", json=body)``,
``fetch(url, {body: JSON.stringify(body)})``), sends realtime events over a socket
(``{"type": "session.update", "session": {"model": ...}}``) or builds a typed params object
(``ChatCompletionCreateParams``) names the API by its URL path, event type or type name.
These tables say which API each one is and where in the body its model ids sit; both
scanners read them, each with its own way of reading dicts and objects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from openai_access.references import Surface, Target
from openai_access.scan._common import classify_url

S = Surface


@dataclass(frozen=True, slots=True)
class Slot:
    """A model id at ``path`` inside a body (``("session", "model")``), for API ``surface``."""

    path: tuple[str, ...]
    surface: Surface


def _slots(surface: Surface, *paths: str) -> tuple[Slot, ...]:
    return tuple(Slot(tuple(p.split(".")), surface) for p in paths)


# A realtime session: the model, and the transcription model of its input audio (beta and GA shapes).
_TRANSCRIPTION = _slots(S.AUDIO_TRANSCRIPTIONS, "input_audio_transcription.model", "audio.input.transcription.model")
SESSION_SLOTS = (Slot(("model",), S.REALTIME), *_TRANSCRIPTION)


def _under(prefix: str, slots: tuple[Slot, ...]) -> tuple[Slot, ...]:
    return tuple(Slot((prefix, *s.path), s.surface) for s in slots)


# Client events whose body names a model, by their ``type``.
EVENTS: dict[str, tuple[Slot, ...]] = {
    "session.update": _under("session", SESSION_SLOTS),
    "transcription_session.update": _under("session", _TRANSCRIPTION),
    # Responses API WebSocket mode: the same top-level fields as POST /v1/responses.
    "response.create": (Slot(("model",), S.RESPONSES),),
}

# SDK methods whose model sits deeper than a keyword: (method path) -> slots in the call's keywords.
SDK_METHODS: dict[tuple[str, ...], tuple[Slot, ...]] = {
    ("realtime", "client_secrets", "create"): _under("session", SESSION_SLOTS),
    ("realtime", "sessions", "create"): SESSION_SLOTS,
    ("realtime", "transcription_sessions", "create"): _TRANSCRIPTION,
    ("realtime", "calls", "accept"): SESSION_SLOTS,
    ("session", "update"): _under("session", SESSION_SLOTS),
    ("transcription_session", "update"): _under("session", _TRANSCRIPTION),
}
SDK_METHOD_NAMES = frozenset(path[-1] for path in SDK_METHODS)
# The segment before each method name: a file where none of them is a word holds none of these calls.
SDK_METHOD_OWNERS: dict[str, frozenset[str]] = {
    name: frozenset(path[-2] for path in SDK_METHODS if path[-1] == name) for name in SDK_METHOD_NAMES
}


def sdk_method_slots(segments: list[str]) -> tuple[Slot, ...] | None:
    """Slots of an SDK call ``client.beta.realtime.sessions.create`` (``beta`` skipped)."""
    core = [s for s in segments if s not in ("beta", "with_raw_response", "with_streaming_response")]
    for size in (3, 2):
        if len(core) > size:  # a receiver is required: a bare ``session.update(...)`` is a dict's
            hit = SDK_METHODS.get(tuple(core[-size:]))
            if hit is not None:
                return hit
    return None


# REST paths (after /v1/ or Azure's /openai/deployments/<name>/) and where their body holds a model.
_PATHS: tuple[tuple[re.Pattern[str], tuple[Slot, ...]], ...] = tuple(
    (re.compile(r"(?:^|/)" + pattern + r"/?$"), slots)
    for pattern, slots in (
        (r"chat/completions", _slots(S.CHAT, "model")),
        (r"responses(?:/input_tokens|/compact)?", _slots(S.RESPONSES, "model")),
        (r"embeddings", _slots(S.EMBEDDINGS, "model")),
        (r"images/(?:generations|edits|variations)", _slots(S.IMAGES, "model")),
        (r"audio/speech", _slots(S.AUDIO_SPEECH, "model")),
        (r"audio/transcriptions", _slots(S.AUDIO_TRANSCRIPTIONS, "model")),
        (r"audio/translations", _slots(S.AUDIO_TRANSLATIONS, "model")),
        (r"moderations", _slots(S.MODERATIONS, "model")),
        (r"completions", _slots(S.COMPLETIONS, "model")),
        (r"assistants(?:/[^/]+)?", _slots(S.ASSISTANTS, "model")),
        (r"threads(?:/[^/]+)?/runs", _slots(S.ASSISTANTS, "model")),
        (r"fine_tuning/jobs", _slots(S.FINE_TUNING, "model")),
        (r"videos", _slots(S.VIDEOS, "model")),
        (r"realtime/sessions", SESSION_SLOTS),
        (r"realtime/transcription_sessions", _TRANSCRIPTION),
        (r"realtime/client_secrets", _under("session", SESSION_SLOTS)),
        (r"realtime/calls/[^/]+/accept", SESSION_SLOTS),
    )
)

# Placeholder for the parts of a URL the scanner cannot read (``f"{BASE}/chat/completions"``).
HOLE = "\x00"


def url_slots(url: str) -> tuple[Slot, ...] | None:
    """Where the model sits in a request to ``url`` (text, holes allowed); None: not an OpenAI API path."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    path = path.split("://", 1)[-1]
    for pattern, slots in _PATHS:
        if pattern.search(path):
            return slots
    return None


def url_target(url: str) -> Target | None:
    """Where a request URL goes, when its host is written; None when the host is not known."""
    if "://" not in url:
        return None
    host = url.split("://", 1)[1].split("/", 1)[0]
    if not host or HOLE in host:
        return None
    return classify_url(url)


_PARAMS_TYPES: tuple[tuple[re.Pattern[str], Surface], ...] = tuple(
    (re.compile(r"\b" + name + r"\b"), surface)
    for name, surface in (
        (r"ChatCompletionCreateParams\w*", S.CHAT),
        (r"chat\.(?:completion_create_params\.)?CompletionCreateParams\w*", S.CHAT),
        (r"ResponseCreateParams\w*", S.RESPONSES),
        (r"EmbeddingCreateParams", S.EMBEDDINGS),
        (r"Image(?:Generate|Edit|CreateVariation)Params\w*", S.IMAGES),
        (r"SpeechCreateParams", S.AUDIO_SPEECH),
        (r"TranscriptionCreateParams\w*", S.AUDIO_TRANSCRIPTIONS),
        (r"TranslationCreateParams", S.AUDIO_TRANSLATIONS),
        (r"ModerationCreateParams", S.MODERATIONS),
        (r"CompletionCreateParams\w*", S.COMPLETIONS),
        (r"(?:Assistant(?:Create|Update)|RunCreate|ThreadCreateAndRun)Params\w*", S.ASSISTANTS),
        (r"JobCreateParams", S.FINE_TUNING),
        (r"VideoCreateParams", S.VIDEOS),
    )
)


# An OpenAI SDK params type name (``ChatCompletionCreateParams``, ``ImageGenerateParams``).
_PARAMS_TYPE_WORD = re.compile(
    rb"\b[A-Z][A-Za-z]*(?:Create|Generate|Edit|CreateVariation|Update|CreateAndRun)Params\w*\b"
)
_WORD_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")  # a bytes pattern's word
_WORD_REST = re.compile(rb"\w*")


def params_type_words(data: bytes) -> Iterator[re.Match[bytes]]:
    """``_PARAMS_TYPE_WORD.finditer(data)``: the pattern is tried only on the words holding ``Params``
    (found at memchr speed), not at every capital letter of the file.

    A match spans a whole word (a word boundary on both sides, word bytes to the end), so each
    word holding ``Params`` matches from its first byte to its last or not at all.
    """
    at = data.find(b"Params")
    while at != -1:
        start = at
        while start and data[start - 1] in _WORD_BYTES:
            start -= 1
        rest = _WORD_REST.match(data, at)
        end = rest.end() if rest is not None else at + len(b"Params")
        match = _PARAMS_TYPE_WORD.match(data, start, end)
        if match is not None:
            yield match
        at = data.find(b"Params", end)


def params_type_surface(annotation: str) -> Surface | None:
    """The API an OpenAI SDK params type is for (``OpenAI.Chat.ChatCompletionCreateParams``)."""
    for pattern, surface in _PARAMS_TYPES:
        if pattern.search(annotation):
            return surface
    return None
