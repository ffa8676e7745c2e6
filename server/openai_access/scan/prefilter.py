"""Can this file hold a model reference at all? A byte-level answer, before any parsing.

Most files of a real tree never mention a model. Every reference the scanners report needs
one of a few words somewhere in the file: a model-named argument or key (``model``,
``engine``, ``deployment``), an OpenAI or Azure client or provider (``OpenAI``, ``openai(``,
``AzureChatOpenAI``), or a literal that starts like an OpenAI model id (what routing
libraries accept without a provider prefix). A file with none of them is not parsed; its
references would be none.

In an SDK or agent codebase nearly every file says "model" or "openai", so source files pass a
second test, for what the scanners start from (identifiers found by one C pass, each hit
confirmed by a pattern that starts with it):

- beside the word "model", "engine" or "llm", a whole literal that reads like an OpenAI id, after a
  provider prefix or not (``"gpt-4o"``, ``'openai:o3'``; not `gpt-4o` in a Python docstring, not
  ``"gpt-4o is fast"``): the slot pass only reports such literals;
- a call of a name the library tables know (``ChatOpenAI(``, ``Agent<…>(``, ``openai(``), taking
  the model by a keyword the file writes as a key (``model=``, ``{ model }``), or a whole API
  path (``completions.create``, ``audio.with_raw_response.speech.create``), the only calls the
  scanners classify (any other literal, ``"prod-chat"``, needs one); never the name a definition
  gives (``class Agent(BaseModel):``) nor a string's text (``"session.update"``);
- a command-line model flag; or, with a ``model`` key written as the scanner reads keys, a
  realtime event, a typed params name or an HTTP call beside an API path word (payloads).

Either test costs a fraction of a tree-sitter parse. A module constant used as a model from
*another* file is the one thing this cannot see from the file alone (``DEFAULT = "prod-chat"``);
the batch run parses such files on demand, when another file imports the name (see
``has_any_word``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from openai_access.scan.call_openers import JS_COMMENT, OPENS, PY_COMMENT, called_at, new_file
from openai_access.scan.config_files import CONFIG_LANGUAGES as _CONFIG_LANGUAGES
from openai_access.scan.options import ScanOptions

if TYPE_CHECKING:
    from openai_access.scan.slot_positions import SlotPositions

_WORDS = (b"model", b"openai", b"azure", b"engine", b"deploy")
# The words a slot's name holds (``slots.is_model_name``): the slot pass visits each of them.
SLOT_WORDS = (b"model", b"engine", b"llm")
# A literal so prefixed is a model wherever a value goes (``slots.visit_prefixed``), whatever names it.
OPENAI_PREFIX = b"openai:"
_CODE_LANGUAGES = frozenset({"python", "javascript", "typescript", "tsx"})
# The start of an OpenAI-looking id right after a quote (``_OPENAI_LOOKING`` in _common).
_ID_HEADS = rb"gpt|chatgpt|o\d|text-|davinci|babbage|ada|curie|dall-e|whisper|tts|omni|codex|computer-use|sora|ft:"
_ID_START = re.compile(rb"""["'`](?:""" + _ID_HEADS + rb")", re.IGNORECASE)
# Between the parts of a dotted callee: spaces (a non-ASCII byte may be a Unicode one, which
# tree-sitter skips), line breaks, a backslash continuation, a line's comment (``# …``, ``// …``), ``?.``.
_GAP = rb"(?:\s|\\|" + PY_COMMENT + rb"|" + JS_COMMENT + rb"|[\x80-\xff])*"
_DOT = _GAP + rb"\??\." + _GAP


class _Tail(Protocol):
    """What must follow a start word: a compiled pattern, or a reader such as ``_Called``."""

    def match(self, data: bytes, pos: int, /) -> object: ...


def may_hold_reference(data: bytes, language: str, options: ScanOptions) -> bool:
    """False only when no scanner could find a reference in ``data``."""
    low = data.lower()
    if language in _CONFIG_LANGUAGES:
        return b"model" in low or OPENAI_PREFIX in low  # what every config-file rule reads (scan_config)
    if not (any(word in low for word in _WORDS) or _extra_word(low, options) or _ID_START.search(data)):
        return False
    if language not in _CODE_LANGUAGES or _extra_word(low, options):
        return True
    slot_word = any(w in low for w in SLOT_WORDS) or OPENAI_PREFIX in low
    if options.slots and slot_word and _slot_literal(data, low, language == "python"):
        return True  # the slot pass needs both (slots.slot_references); calls are tested below
    # Identifiers by a C pass (bytes.translate + split), then a set intersection: a regular
    # expression with a hundred alternatives would cost more than the parse it saves.
    words = identifiers(data)
    new_file()
    starts = _starts(language == "python")
    keyed: dict[bytes, bool] = {}  # per file: whether a keyword is written as a key
    for word in words.intersection(starts):
        for tail, needs in starts[word]:
            if needs is not None and not _keyed(data, words, needs, keyed):
                continue
            if _followed(data, word, tail):
                return True
    if (b"'-m'" in data or b'"-m"' in data or b"--" in data) and _command_line_model(data):
        return True
    # Every other payload's model sits under a ``model`` key the scanner reads (``Slot.path``).
    python = language == "python"
    return _keyed(data, words, _MODEL_KEY[python], keyed) and _payload(data, words, python)


def _keyed(data: bytes, words: set[bytes], needs: _Needs, known: dict[bytes, bool]) -> bool:
    """Whether one of the keywords is written as a key (see ``_Needs``); ``known`` caches per keyword.
    Past a non-ASCII byte a keyword may not be a word of its own (``model`` before a no-break space)."""
    for name in needs.names.intersection(words) if data.isascii() else needs.names:
        found = known.get(name)
        if found is None:
            found = known[name] = _written_as_key(data, name, needs)
        if found:
            return True
    return False


def _written_as_key(data: bytes, name: bytes, needs: _Needs) -> bool:
    # bytes.find runs at memchr speed; a regular expression starting with a lookbehind is
    # tried at every byte of the file.
    at = data.find(name)
    while at != -1:
        end = at + len(name)
        before = data[at - 1] if at else 0x20
        if before in needs.quotes:
            if end < len(data) and data[end] in needs.quotes:
                return True  # "model"
        elif before not in _MEMBER_OR_IDENTIFIER_CHARS and needs.after.match(data, end):
            return True  # model= / model: / { model }
        at = data.find(name, end)
    return False


# The scanner parses the file the prefilter has just read and asks the same questions of the
# same bytes (its name lookups start from the file's identifiers; the slot pass from whether an
# id-like literal is there): the last answer to each is kept, keyed by the bytes themselves
# (an equal copy costs one memcmp, not another pass).
_last_identifiers: list[tuple[bytes, set[bytes]]] = [(b"", set())]
_last_literal: list[tuple[bytes, int]] = [(b"", -1)]


def identifiers(data: bytes) -> set[bytes]:
    """The maximal runs of identifier bytes in ``data`` (callers must not change the set)."""
    last, words = _last_identifiers[0]
    if last is data or (len(last) == len(data) and last == data):
        return words
    words = set(data.translate(_IDENTIFIER_BYTES).split())
    _last_identifiers[0] = (data, words)
    return words


def has_id_literal(low: bytes) -> bool:
    """Whether lowercased ``low`` holds a literal that starts like an OpenAI id (``LITERAL``)."""
    return _first_id_literal(low) >= 0


def _first_id_literal(low: bytes) -> int:
    """Where the first ``LITERAL`` match in ``low`` starts, or -1."""
    last, at = _last_literal[0]
    if last is low or (len(last) == len(low) and last == low):
        return at
    match = LITERAL.search(low)
    at = match.start() if match is not None else -1
    _last_literal[0] = (low, at)
    return at


def _followed(data: bytes, word: bytes, tail: _Tail) -> bool:
    """Whether ``word`` occurs as a whole identifier with ``tail`` matching right after it, as a
    callee can: not right after a quote (``"session.update"`` starts a string's text; a closing
    quote right before a name is a syntax error), and not as the name a definition gives
    (``class Agent(BaseModel):``, ``function openai(``, ``class Agent<T>``). The scanners
    classify calls (and ``new``), never a string's text or a definition's name."""
    at = data.find(word)
    while at != -1:
        end = at + len(word)
        before = data[at - 1] if at else 0x20
        if before not in _STRING_OR_IDENTIFIER_CHARS and tail.match(data, end) and not _defined_at(data, at):
            return True
        at = data.find(word, end)
    return False


# Keywords whose next word is the name being defined (Python and JS/TS), never a callee.
_DEFINING = frozenset({b"def", b"class", b"function", b"interface", b"type", b"enum"})


def _defined_at(data: bytes, at: int) -> bool:
    """Whether the identifier at ``at`` follows a defining keyword and spaces on its line."""
    end = back_over(data, at, b" \t")
    if end == at:
        return False
    start = back_over(data, end, IDENTIFIER_CHARS)
    return data[start:end] in _DEFINING and (start == 0 or data[start - 1] != 0x2E)  # not ``x.type``


def back_over(data: bytes, at: int, chars: Collection[int]) -> int:
    """The offset before which ``data`` holds none of ``chars``, stepping back from ``at``."""
    while at and data[at - 1] in chars:
        at -= 1
    return at


def word_ending(data: bytes, end: int) -> bytes:
    """The identifier that ends at ``end`` (empty when none does)."""
    return data[back_over(data, end, IDENTIFIER_CHARS) : end]


def _extra_word(low: bytes, options: ScanOptions) -> bool:
    for pattern in options.extra_calls:
        words = (pattern.callee.rsplit(".", 1)[-1], pattern.keyword or "")
        if any(w and w.encode("utf-8", "surrogatepass").lower() in low for w in words):
            return True
    return False


# A literal that starts like an OpenAI id, after a provider prefix or not (``'openai:gpt-4o'``), in
# lowercased bytes: every slot reference and every bare id a routed library takes is one (a
# prefixed id is read by the catalog, which also knows ``chat-latest`` and ``code-davinci-002``).
_PREFIX = rb"openai(?:-responses|-chat)?[/:](?:(?:chat|completion|embeddings?|responses|assistant|image|realtime):)?"
LITERAL = re.compile(rb"""["'`](?:""" + _PREFIX + rb"(?:chat-|code-)|(?:" + _PREFIX + rb")?(?:" + _ID_HEADS + rb"))")
# What the slot pass can report (``slots._Finder._candidate``): a whole string literal whose text
# ``interpret_model`` takes (``_ID``: no space, no backslash, at most 128 characters) and reads as
# an OpenAI id: one that starts like an id, or anything after an OpenAI prefix (the catalog reads
# ``openai:4o-mini`` as a near miss of an id, and reports it); an ``azure/`` or foreign prefix is
# never a slot. Python has no backtick strings: `gpt-4o` in a docstring is prose.
_ID_CHARS = rb"[a-z0-9._:/@+\-]"
_WHOLE_ID = rb"(?:" + _PREFIX + _ID_CHARS + rb"|" + _ID_HEADS + rb")" + _ID_CHARS + rb"*"
# Where a prefixed literal may start before the first ``LITERAL`` (which needs an id's start).
_PREFIXED_START = re.compile(rb"[\"'`]" + _PREFIX)
_SLOT_LITERAL = {
    True: re.compile(rb"""(["'])""" + _WHOLE_ID + rb"\1"),
    False: re.compile(rb"""(["'`])""" + _WHOLE_ID + rb"\1"),
}


def _slot_literal(data: bytes, low: bytes, python: bool) -> bool:
    """Whether ``data`` (``low``, lowercased) holds a literal the slot pass could report: a whole id
    (``_SLOT_LITERAL``) where a slot's value can start (``slot_positions``; a file scanned in
    windows is asked only about the literal) that the slot pass takes for an OpenAI id."""
    from openai_access.scan._windows import needs_windows
    from openai_access.scan.slot_positions import SlotPositions

    first = _first_id_literal(low)  # the slot pass asks the same (kept per text)
    if first < 0:
        return False  # a prefixed near miss alone ("openai:4o-mini") is let go, as it always was
    prefixed = _PREFIXED_START.search(low, 0, first)
    literals = _SLOT_LITERAL[python].finditer(low, first if prefixed is None else prefixed.start())
    if not needs_windows(len(data)):
        literals = _placed(literals, SlotPositions(data, python))
    # The slot pass asks the catalog only about literals in model-named slots; asked about every
    # literal, a file of ten thousand near misses would cost seconds: past a budget, "may be".
    return any(n == _MAX_CATALOG_QUESTIONS or _slot_candidate(data, match) for n, match in enumerate(literals))


_MAX_CATALOG_QUESTIONS = 32
# Literals whose place is read (``slot_positions``) before the rest are taken as placed: a file of
# thousands of commented ids (JSDoc examples) cost the prefilter 25 times its parse.
_MAX_PLACES_READ = 1024


def _placed(literals: Iterable[re.Match[bytes]], positions: SlotPositions) -> Iterator[re.Match[bytes]]:
    """The literals that may stand where a slot's value starts (an ``openai:`` one wherever a value
    goes, a call's argument too: ``slots.visit_prefixed``); past ``_MAX_PLACES_READ``, all."""
    for n, match in enumerate(literals):
        at = match.start() + 1
        prefixed = match.string[at : at + len(OPENAI_PREFIX)] == OPENAI_PREFIX  # the lowered bytes
        if n >= _MAX_PLACES_READ or prefixed or positions.may_be_value(match.start()):
            yield match


def _slot_candidate(data: bytes, match: re.Match[bytes]) -> bool:
    """The slot pass's own test of a literal's text (``slots._Finder._candidate``): ``'text-delta'``
    starts like an id, but only what reads as an OpenAI id is reported."""
    return _reads_as_openai_id(data[match.start() + 1 : match.end() - 1].decode("ascii"))  # _WHOLE_ID is ASCII


@lru_cache(maxsize=4096)
def _reads_as_openai_id(raw: str) -> bool:
    """Cached: a near miss costs the catalog a fuzzy search, and data files repeat their literals."""
    from openai_access.scan._common import interpret_model
    from openai_access.scan.config_files._rules import looks_like_openai_model

    got = interpret_model(raw, routed=True)
    return got is not None and got[2] is None and looks_like_openai_model(got[0])


# The bytes of an identifier in Python and JS/TS source (any non-ASCII byte: a UTF-8 letter's part).
IDENTIFIER_CHARS = frozenset(c for c in range(256) if chr(c).isalnum() or c in b"_$" or c >= 0x80)
_STRING_OR_IDENTIFIER_CHARS = IDENTIFIER_CHARS | frozenset(b"'\"`")
_IDENTIFIER_BYTES = bytes(c if c in IDENTIFIER_CHARS else 0x20 for c in range(256))
_HTTP_CALLS = frozenset({b"post", b"request", b"fetch"})
# What follows an HTTP method's name where the scanner takes it for a call (``_calls_named``, a
# whole word): its arguments, after spaces or comments; in TS type arguments first
# (``axios.post<Reply>(url, body)``) or an optional call (``fetch?.(url)``). ``_HANDED``: the
# ``,`` or ``)`` after a Python function handed to a call as an argument.
_HANDED = re.compile(rb"(?:\s|\\|" + PY_COMMENT + rb")*[,)]")
_HTTP_CALLED = {
    True: re.compile(rb"(?:\s|\\|" + PY_COMMENT + rb")*\("),
    False: re.compile(rb"(?:\s|" + JS_COMMENT + rb"|/\*(?:[^*]|\*(?!/))*\*/)*(?:[(<]|\?\.)"),
}
_API_PATH_WORDS = (
    *(b"completions", b"responses", b"embeddings", b"images/", b"audio/", b"moderations"),
    *(b"assistants", b"/runs", b"fine_tuning", b"videos", b"realtime"),
)
# What follows a command-line flag when its value is a plain string literal: ``"-m", "pytest"]``.
_PLAIN_NEXT = re.compile(rb"""\s*,\s*(['"])([^'"\\\n]{0,200})\1\s*[,\])]""")


def _command_line_model(data: bytes) -> bool:
    """A quoted ``-m`` / ``--…model`` flag whose value may be a model (``Emitter._command_lines``).

    ``-m`` is also Python's module flag: a flag followed by a plain literal the emitter would not
    take (``"-m", "pytest"``: not OpenAI-looking, or no digit nor hyphen) hands no model on. Any
    other value (a name, an f-string, a concatenation) may.
    """
    from openai_access.scan._common import interpret_model
    from openai_access.scan._emitter import _flag_matches

    for flag in _flag_matches(data):
        plain = _PLAIN_NEXT.match(data, flag.end())
        if plain is None:
            return True
        try:
            raw = plain.group(2).decode("utf-8")
        except UnicodeDecodeError:
            return True
        if interpret_model(raw, routed=True) is not None and re.search(r"[\d-]", raw):
            return True
    return False


def _payload(data: bytes, words: set[bytes], python: bool) -> bool:
    """A realtime event, a typed params object, or a raw HTTP body (the caller has seen a ``model`` key).

    Each puts its model at a path of keys ending in ``model`` (``EVENTS``, ``Slot(("model",))``,
    ``url_slots``), read by the scanner's ``_items`` from dicts and objects (Python: a quoted key,
    ``dict(model=...)``, ``body["model"] = ...``, ``.update(model=...)``; JS/TS: an object key or
    shorthand): the key forms ``_Needs`` describes, so a file without one holds no payload model.
    """
    events, params = _payload_patterns()
    quotes = _PYTHON_QUOTES if python else _QUOTES  # Python has no backtick strings
    if any(_quoted(data, event, quotes) for event in events):
        return True
    if b"Params" in data and any(_typed(data, match, python) for match in params.finditer(data)):
        return True
    # ``requests.post(".../v1/chat/completions", json={"model": ...})``: a call and a path.
    calls = _HTTP_CALLS.intersection(words)
    return any(_http_call(data, call, python) for call in calls) and any(
        _path_word(data, word) for word in _API_PATH_WORDS
    )


def _typed(data: bytes, match: re.Match[bytes], python: bool) -> bool:
    """Whether a params type name may type a body the scanner reads (``_typed_params``). In Python
    it does so as an annotation, a return type or a call (``P(model=...)``); a bare argument of
    another call (``maybe_transform(body, params.P)``, ``cast(P, x)``) types nothing."""
    if not python:
        return True
    start = back_over(data, back_over(data, match.start(), _QUALIFIED_NAME), b" \t\r\n")
    end = match.end()
    while end < len(data) and data[end] in b" \t\r\n":
        end += 1
    bare = start and data[start - 1] in b"(," and end < len(data) and data[end] in b",)"
    # A branch of a conditional (``P if stream else Q``, as the SDK hands its body's type on) is
    # the conditional's part, which the scanner never takes for an annotation, a call or a return type.
    branch = _word_at(data, end) == b"if" or word_ending(data, start) == b"else"
    return not (bare or branch)


def _word_at(data: bytes, at: int) -> bytes:
    end = at
    while end < len(data) and data[end] in IDENTIFIER_CHARS:
        end += 1
    return data[at:end]


_QUALIFIED_NAME = IDENTIFIER_CHARS | frozenset(b".")


def _http_call(data: bytes, name: bytes, python: bool) -> bool:
    """``name`` where the scanner may take it for an HTTP call (``_calls_named``): called, or in
    Python handed to a call as an argument (``pool.submit(requests.post, url, json=body)``,
    ``_handed_over``), which ``this request, in seconds`` in prose is not."""
    if _followed(data, name, _HTTP_CALLED[python]):
        return True
    if not python:
        return False
    from openai_access.scan.slot_positions import token_before

    at = data.find(name)
    while at != -1:
        end = at + len(name)
        if (end == len(data) or data[end] not in IDENTIFIER_CHARS) and _HANDED.match(data, end):
            j = token_before(data, at, python)  # None: a comment may stand between
            if j is None or (j >= 0 and data[j] in b".(,"):
                return True
        at = data.find(name, end)
    return False


def _path_word(data: bytes, word: bytes) -> bool:
    """``word`` as a URL path segment: after a ``/`` or at the start of a string literal.

    ``url_slots`` matches the URL's text (its literals' contents, joined) on ``(?:^|/)<path>``:
    the path's segment starts the text or follows a slash. ``the responses`` or
    ``self.responses`` is no path.
    """
    if word.startswith(b"/"):
        return word in data
    at = data.find(word)
    while at != -1:
        if at and data[at - 1] in _PATH_BEFORE:
            return True
        at = data.find(word, at + 1)
    return False


_PATH_BEFORE = frozenset(b"/'\"`")


def _quoted(data: bytes, word: bytes, quotes: frozenset[int]) -> bool:
    """Whether ``word`` occurs between two of the same quote (one find per occurrence, not one per quote)."""
    at = data.find(word)
    while at != -1:
        end = at + len(word)
        if at and end < len(data) and data[at - 1] in quotes and data[end] == data[at - 1]:
            return True
        at = data.find(word, end)
    return False


_QUOTES = frozenset(b"'\"`")
_PYTHON_QUOTES = frozenset(b"'\"")


@lru_cache(maxsize=1)
def _payload_patterns() -> tuple[tuple[bytes, ...], re.Pattern[bytes]]:
    """Realtime event types as quoted literals; the params type names the scanners read."""
    from openai_access.scan._payloads import _PARAMS_TYPES, EVENTS

    events = tuple(event.encode() for event in EVENTS)
    return events, re.compile(b"|".join(pattern.pattern.encode() for pattern, _ in _PARAMS_TYPES))


@dataclass(frozen=True)
class _Called:
    """What follows a called name that passes something (``ChatOpenAI(...)``, ``Agent<Ctx>({...})``,
    ``Agent[T](...)``): ``call_openers.called_at``."""

    python: bool

    def match(self, data: bytes, at: int) -> bool:
        return called_at(data, at, self.python)


_CALLED = {python: _Called(python) for python in (True, False)}
# A Python call whose first argument is positional (not ``name=``, not ``**kwargs``, not empty;
# the lookahead holds the spaces too, so ``Agent(\n    name=...)`` is not taken for positional).
_CALLED_WITH_POSITIONAL = re.compile(rb"\s*(?:\[[^()]*\])?\s*\((?!\s*(?:[A-Za-z_]\w*\s*=(?!=)|\*\*|\)))")


@dataclass(frozen=True)
class _Needs:
    """The keywords an entry takes the model by, and how one of them must be written in the file.

    The scanners read a keyword only where it is a key: a Python keyword argument
    (``model=``, in a call, ``dict(...)`` or ``.update(...)``) or a quoted dict key
    (``{"model": ...}``, ``params["model"] = ...``); a JS/TS object key (``model:``,
    ``"model":``) or shorthand (``{ name, model }``), in the call or in an object reached
    through variables and spreads. The word in prose, comments, ``self.model`` or
    ``expect(model.calls)`` is none of these.
    """

    names: frozenset[bytes]
    after: re.Pattern[bytes]  # what follows an unquoted key
    quotes: bytes  # what may quote a key


# After a Python keyword argument: ``=`` (not ``==``), across a line break, a continuation or a comment.
# A non-ASCII byte may be a Unicode space, which tree-sitter skips (a pasted no-break space).
_PYTHON_KEY_AFTER = re.compile(rb"(?:\s|\\|" + PY_COMMENT + rb"|[\x80-\xff])*=(?!=)")
# After a JS/TS key: ``model:``, shorthand ``model,`` / ``model }`` / ``model // …``, ``model)``
# in a half-typed object, or the end of the file (typing).
_JS_KEY_AFTER = re.compile(rb"(?:\s|[\x80-\xff])*(?:[,}:/)]|\Z)")
# Before a key: not a member's dot nor the rest of a name (ASCII only: before it, as after, a
# non-ASCII byte may be a Unicode space).
_MEMBER_OR_IDENTIFIER_CHARS = frozenset(c for c in range(128) if chr(c).isalnum() or c in b"_$.")


def _needs(keywords: Iterable[str], python: bool) -> _Needs | None:
    names = frozenset(k.rsplit(".", 1)[-1].encode() for k in keywords)  # runConfig.model: a ``model`` key
    return _key_forms(names, python) if names else None


def _key_forms(names: frozenset[bytes], python: bool) -> _Needs:
    if python:
        return _Needs(names, _PYTHON_KEY_AFTER, b"\"'")
    return _Needs(names, _JS_KEY_AFTER, b"\"'`")


# How a ``model`` key is written where the scanner reads a request body's keys (``_payload``).
_MODEL_KEY = {python: _key_forms(frozenset({b"model"}), python) for python in (True, False)}


_Start = tuple[_Tail, _Needs | None]  # (tail, keywords one of which the file needs as a key)


@lru_cache(maxsize=2)
def _starts(python: bool) -> dict[bytes, list[_Start]]:
    """Per identifier, how a call the scanner of that language classifies goes on after it.

    A library name whose every entry takes the model by keyword only needs one of those
    keywords in the file too: the Agents SDK's ``Agent(name=..., tools=...)`` names no model.
    """
    from openai_access.scan import javascript
    from openai_access.scan._common import _PATHS, _WRAPPER_SEGMENTS, LEGACY_PATHS
    from openai_access.scan._libraries import JS_LIBS, PYTHON_LIBS, VERCEL_METHODS
    from openai_access.scan._payloads import SDK_METHODS

    # The scanners match an API path on the callee's own text (``match_sdk_path``): every
    # segment of the path is written in the chain, wrappers (``with_raw_response``) aside. So a
    # path starts at its first segment: ``realtime.sessions.create``, not any ``x.sessions.create``.
    wrappers = rb"(?:" + _DOT + _any(_WRAPPER_SEGMENTS) + rb"(?![\w$]))*"
    rests: dict[str, set[bytes]] = {}
    for path in [*_PATHS, *LEGACY_PATHS, *SDK_METHODS]:
        if len(path) > 1:
            chain = b"".join(wrappers + _DOT + re.escape(segment.encode()) for segment in path[1:])
            rests.setdefault(path[0], set()).add(chain)
    out: dict[bytes, list[_Start]] = {}
    for first, chains in rests.items():
        # An API path only where it is called (``responses.create,`` hands the method on).
        tail = re.compile(b"(?:" + b"|".join(sorted(chains)) + rb")(?![\w$])(?=" + OPENS[python] + b")")
        out.setdefault(first.encode(), []).append((tail, None))
    libs = PYTHON_LIBS if python else JS_LIBS
    for name, specs in libs.items():
        keywords = _needs({k for spec in specs for k in spec.keywords}, python)
        positions = {spec.position for spec in specs} - {None}
        if not positions:
            out.setdefault(name.encode(), []).append((_CALLED[python], keywords))
        elif python and positions == {0}:  # Agent("openai:gpt-4o") or Agent(name=..., model=...)
            out.setdefault(name.encode(), []).extend([(_CALLED[python], keywords), (_CALLED_WITH_POSITIONAL, None)])
        else:
            out.setdefault(name.encode(), []).append((_CALLED[python], None))
    if not python:
        extra = {*javascript._LEGACY_METHODS, *VERCEL_METHODS, "openai", "azure", *javascript._VERCEL_FACTORIES}
        for name in extra:
            out.setdefault(name.encode(), []).append((_CALLED[python], None))
    return out


def _any(words: Iterable[str]) -> bytes:
    return b"(?:" + b"|".join(re.escape(w.encode()) for w in sorted(set(words), key=len, reverse=True)) + b")"


def has_any_word(text: str, names: Collection[str]) -> bool:
    """Whether one of ``names`` occurs in ``text`` as a whole identifier.

    The identifiers of the text, by the same C pass as ``may_hold_reference``, meet the names in a
    set: a folder imports hundreds of names, and a regular expression alternating them cost a
    third of a folder index rebuilt after a save.
    """
    if not names:
        return False
    wanted = {n.encode("utf-8", "surrogatepass") for n in names}
    return not wanted.isdisjoint(text.encode("utf-8", "surrogatepass").translate(_IDENTIFIER_BYTES).split())
