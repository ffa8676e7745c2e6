"""Pieces both source scanners share: positions, model-id reading, API tables, emission.

tree-sitter speaks UTF-8 bytes; the engine speaks code points. Conversion happens once,
here, only for the literals that become references, so a big file costs nothing extra.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from tree_sitter import Node

from openai_access.references import CallParam, ModelReference, Position, Range, Surface, Target
from openai_access.scan._libraries import SDK_PATHS
from openai_access.scan.config_files._rules import PROMPTFOO_APIS
from openai_access.scan.prefilter import IDENTIFIER_CHARS, identifiers

# A model id or deployment name: no spaces, no quotes, short. Anything else is prose.
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/@+\-]{0,127}")
# Provider prefixes that route to OpenAI / Azure OpenAI in routing libraries.
# promptfoo's provider ids name the API too (``openai:chat:gpt-4o``): those go first, being longer.
_OPENAI_PREFIXES = (
    *(f"openai:{api}:" for api in PROMPTFOO_APIS),
    *("openai/", "openai:", "openai-responses:", "openai-chat:"),
)
_AZURE_PREFIXES = ("azure/", "azure:", "azure_openai:", "azure_openai/")
# Prefixes that hand the id to another router whatever follows (the Agents SDK's MultiProvider:
# ``litellm/openrouter/openai/gpt-4o`` is served by OpenRouter through LiteLLM, not by OpenAI).
_ROUTER_PREFIXES = ("litellm/", "any-llm/")
_FOREIGN_PREFIX = re.compile(r"[A-Za-z0-9_.\-]+[/:]")
# Bare ids that routing libraries (litellm, init_chat_model) send to OpenAI.
_OPENAI_LOOKING = re.compile(
    r"(gpt|chatgpt|o\d|text-|davinci|babbage|ada|curie|dall-e|whisper|tts|omni-moderation|"
    r"codex|computer-use|sora|ft:)",
    re.IGNORECASE,
)


def encode(text: str) -> bytes:
    """UTF-8 that survives lone surrogates, so any ``str`` an editor sends can be parsed."""
    return text.encode("utf-8", "surrogatepass")


@lru_cache(maxsize=4096)
def encoded(name: str) -> bytes:
    """``encode`` of a name the scanners look up in every file (the tables' few hundred names)."""
    return encode(name)


class Source:
    """A file's UTF-8 bytes, and byte offset -> (line, code point) conversion.

    Positions go through a line index built once per file (line starts, which lines are
    ASCII); on a non-ASCII line, code points are counted from the nearest earlier offset
    already converted on that line. So converting k offsets on one 5 MB minified line costs
    about one pass over the line, not k passes (which made one-line bundles quadratic).
    """

    __slots__ = ("_ascii", "_found", "_lookups", "_marks", "_present", "_starts", "_words", "data")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._starts: list[int] | None = None
        self._ascii: dict[int, bool] = {}
        self._marks: dict[int, list[tuple[int, int]]] = {}
        self._lookups = 0
        self._words: dict[bytes, list[int]] | None = None
        self._present: set[bytes] | None = None
        self._found: dict[bytes, list[int]] = {}  # words scanned for so far (before the index)

    def word_positions(self, word: bytes) -> Iterable[int]:
        """Offsets of ``word`` as a whole identifier (see ``find_words``).

        A few lookups scan the bytes (memchr speed). Following values through a big file
        can ask for thousands of distinct names (every function whose callers are followed),
        and a scan per name is quadratic; past a few dozen lookups one pass indexes every
        identifier, and each later lookup is a dict access. A word scanned for is remembered:
        different passes ask for the same names (``create`` as a callee, then as a realtime
        method; ``client`` as a receiver, then as an assignment).
        """
        words = self._words
        if words is None:
            # Most names asked for (a scan asks for every callable the tables know) are not in
            # the file at all: one C pass lists its identifiers, and those cost a set lookup.
            if word not in self.identifiers() and _is_identifier(word):
                return ()
            found = self._found.get(word)
            if found is not None:
                return found
            self._lookups += 1
            # Index once the scans would cost more than indexing: a handful of lookups on a
            # big file, a few hundred on an ordinary module (the keystroke path's usual case).
            if self._lookups * len(self.data) <= _SCAN_BUDGET_BYTES or len(self.data) < _INDEX_MIN_BYTES:
                found = self._found[word] = list(_scan_words(self.data, word))
                return found
            words = self._words = {}
            for m in _IDENT_RUN.finditer(self.data):
                words.setdefault(m.group(), []).append(m.start())
        if _IDENT_RUN.fullmatch(word) is None:
            return _scan_words(self.data, word)
        return words.get(word, ())

    def identifiers(self) -> set[bytes]:
        """Every maximal run of identifier bytes in the file (callers must not change the set).

        One C pass, and the same answer the prefilter computed for these bytes (it keeps it).
        """
        present = self._present
        if present is None:
            present = self._present = identifiers(self.data)
        return present

    def present(self, names: tuple[str, ...]) -> list[tuple[str, bytes]]:
        """(name, its bytes) of those ``names`` the file holds as identifiers, in the order given.

        The scanners start from a hundred callable names, most absent from any one file: one
        set intersection in C, instead of a word search (or a lookup) per name.
        """
        table = _NameTable.of(names)
        held = table.words.intersection(self.identifiers())
        return [pair for pair in table.pairs if pair[1] in held or pair[1] in table.others]

    def has_word(self, name: str) -> bool:
        """Whether identifier ``name`` occurs in the file as a whole word."""
        return encoded(name) in self.identifiers()

    def text(self, node: Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "surrogatepass")

    def slice(self, start: int, end: int) -> str:
        return self.data[start:end].decode("utf-8", "surrogatepass")

    def _line_starts(self) -> list[int]:
        starts = self._starts
        if starts is None:
            # Line lengths by one C split, summed by accumulate: a find per line costs twice as much.
            steps = [size + 1 for size in map(len, self.data.split(b"\n"))]
            steps[-1] = 0
            starts = list(accumulate(steps, initial=0))
            starts.pop()
            self._starts = starts
        return starts

    def position_of(self, byte: int) -> Position:
        """The (line, code point) of byte offset ``byte``."""
        starts = self._line_starts()
        row = bisect_right(starts, byte) - 1
        start = starts[row]
        ascii_line = self._ascii.get(row)
        if ascii_line is None:
            end = starts[row + 1] if row + 1 < len(starts) else len(self.data)
            ascii_line = self._ascii[row] = self.data[start:end].isascii()
        if ascii_line:
            return Position(row, byte - start)
        marks = self._marks.setdefault(row, [(start, 0)])
        i = bisect_right(marks, (byte, 1 << 62)) - 1
        base, chars = marks[i]
        if base != byte:
            chars += len(self.data[base:byte].decode("utf-8", "surrogatepass"))
            marks.insert(i + 1, (byte, chars))
        return Position(row, chars)

    def file_offset(self, byte: int) -> int:
        """The file's byte offset of this text's ``byte`` (a window of a big file maps; see ``_windows``)."""
        return byte

    def position(self, byte: int, row: int, col_bytes: int) -> Position:
        return self.position_of(byte)

    def node_range(self, node: Node) -> Range:
        return Range(self.position_of(node.start_byte), self.position_of(node.end_byte))

    def byte_range(self, start: int, end: int, start_node: Node | None = None) -> Range:
        """Range of bytes ``start..end``."""
        return Range(self.position_of(start), self.position_of(end))


@dataclass(frozen=True, slots=True)
class _NameTable:
    """A list of names the scanners look up in every file, encoded once."""

    pairs: tuple[tuple[str, bytes], ...]  # (name, its bytes), in the list's order
    words: frozenset[bytes]
    others: frozenset[bytes]  # names that are not one identifier: always searched

    @staticmethod
    @lru_cache(maxsize=64)
    def of(names: tuple[str, ...]) -> _NameTable:
        pairs = tuple((name, encode(name)) for name in names)
        others = frozenset(word for _, word in pairs if not _is_identifier(word))
        return _NameTable(pairs, frozenset(word for _, word in pairs), others)


@dataclass(frozen=True, slots=True)
class Literal:
    """The text inside a string literal's quotes, as bytes offsets and decoded text."""

    start: int
    end: int
    raw: str
    node: Node


def interpret_model(raw: str, routed: bool, prefix_required: bool = False) -> tuple[str, int, Target | None] | None:
    """(model, model_start, forced target) for a literal, or None when it is not an OpenAI id.

    ``routed`` calls (litellm, pydantic-ai, init_chat_model) name other providers with a
    prefix; there a foreign prefix means "not ours" and a bare id must look like OpenAI's.
    """
    if not _ID.fullmatch(raw) or raw.startswith(_ROUTER_PREFIXES):
        return None
    for prefix in _OPENAI_PREFIXES:
        if raw.startswith(prefix) and len(raw) > len(prefix):
            return raw[len(prefix) :], len(prefix), None
    for prefix in _AZURE_PREFIXES:
        if raw.startswith(prefix) and len(raw) > len(prefix):
            return raw[len(prefix) :], len(prefix), Target.AZURE
    if prefix_required:
        return None
    if routed:
        if _FOREIGN_PREFIX.match(raw) and not raw.startswith("ft:"):
            return None
        if not _OPENAI_LOOKING.match(raw):
            return None
    return raw, 0, None


def classify_url(url: str) -> Target:
    """Where a literal base URL sends requests; empty or unparsable means the default."""
    low = url.strip().lower()
    host = low.split("//", 1)[-1].split("/", 1)[0]
    if not host:
        return Target.OPENAI
    if host.endswith(".azure.com") or host.endswith(".azure-api.net"):
        return Target.AZURE
    if host == "api.openai.com" or host.endswith(".api.openai.com"):
        return Target.OPENAI
    return Target.OTHER_BASE_URL


_IDENT_RUN = re.compile(rb"[A-Za-z0-9_$\x80-\xff]+")  # maximal runs of identifier bytes


@lru_cache(maxsize=4096)
def _is_identifier(word: bytes) -> bool:
    """Whether ``word`` is one run of identifier bytes (the scanners ask about the same few hundred names per file)."""
    return _IDENT_RUN.fullmatch(word) is not None


_SCAN_BUDGET_BYTES = 64 * 1024 * 1024  # bytes searched by plain scans before one index pass pays
_INDEX_MIN_BYTES = 64 * 1024


def find_words(source: Source | bytes, word: bytes) -> Iterable[int]:
    """Offsets where ``word`` occurs as a whole identifier.

    ``bytes.find`` runs at memchr speed, so looking up a few names this way costs far less
    than a tree-sitter query over every node of a big file; a ``Source`` switches to an
    index once many names are asked for.
    """
    if isinstance(source, Source):
        return source.word_positions(word)
    return _scan_words(source, word)


def _scan_words(data: bytes, word: bytes) -> Iterator[int]:
    size = len(word)
    if not size:
        return
    pos = data.find(word)
    while pos != -1:
        end = pos + size
        before_ok = pos == 0 or data[pos - 1] not in IDENTIFIER_CHARS
        after_ok = end >= len(data) or data[end] not in IDENTIFIER_CHARS
        if before_ok and after_ok:
            yield pos
        pos = data.find(word, end)


class NodeLookup:
    """``named_descendant_for_byte_range`` from a root, in O(log n) at the top level.

    tree-sitter looks for the child holding a range by walking the children in order, so a
    lookup from a root with 15,000 top-level statements (a generated module, a minified
    bundle) costs thousands of steps, and the scanners make one per candidate word. The
    root's children are listed once; a lookup bisects to the one child that holds the range
    and asks tree-sitter from there, which gives the same node (the child is named, and
    tree-sitter would have descended into it first).
    """

    __slots__ = ("_ends", "_kids", "_starts", "root")

    _MIN_CHILDREN = 64  # fewer: tree-sitter's own walk is as quick

    def __init__(self, root: Node) -> None:
        self.root = root
        self._kids: list[Node] | None = None
        self._starts: list[int] = []
        self._ends: list[int] = []

    def named_descendant_for_byte_range(self, start: int, end: int) -> Node | None:
        kids = self._kids
        if kids is None:
            kids = self._kids = self.root.children if self.root.child_count >= self._MIN_CHILDREN else []
            self._starts = [kid.start_byte for kid in kids]
            self._ends = [kid.end_byte for kid in kids]
        if not kids:  # a small root: tree-sitter's own walk
            return self.root.named_descendant_for_byte_range(start, end)
        i = bisect_right(self._starts, start) - 1
        if i >= 0 and end <= self._ends[i] and start < self._ends[i] and kids[i].is_named:
            return kids[i].named_descendant_for_byte_range(start, end)
        return self.root.named_descendant_for_byte_range(start, end)


def node_at(root: Node | NodeLookup, start: int, end: int, kinds: frozenset[str]) -> Node | None:
    """The named node of one of ``kinds`` that spans exactly ``start..end``."""
    node = root.named_descendant_for_byte_range(start, end)
    if node is None or node.start_byte != start or node.end_byte != end:
        return None
    return node if node.type in kinds else None


def callee_before(paren: Node, kinds: frozenset[str], prev: Node | None) -> Node | None:
    """The callee expression ending right before an unclosed ``(`` in broken code.

    ``prev`` is the paren's previous sibling (callers have the sibling list in hand:
    asking tree-sitter for ``prev_sibling`` walks from the first child each time).
    tree-sitter's recovery may put the callee in an earlier subtree than the ``(``; the
    node that ends at the paren's byte is the callee wherever it landed.
    """
    if prev is not None and prev.type in kinds:
        return prev
    end = paren.start_byte
    if end == 0:
        return None
    root = paren
    while root.parent is not None:
        root = root.parent
    node = root.named_descendant_for_byte_range(end - 1, end)
    if node is None:
        return None
    while node.parent is not None and node.parent.end_byte == end and node.parent.type in kinds:
        node = node.parent
    return node if node.type in kinds and node.end_byte == end else None


# --- API tables -------------------------------------------------------------------------

_PATHS: dict[tuple[str, ...], tuple[Surface, bool]] = {}


def _add(surface: Surface, *paths: str, streams: bool = False) -> None:
    for path in paths:
        _PATHS[tuple(path.split("."))] = (surface, streams)


_add(Surface.CHAT, "chat.completions.create", "chat.completions.parse")
_add(Surface.CHAT, "chat.completions.stream", "chat.completions.runTools", streams=True)
_add(Surface.RESPONSES, "responses.create", "responses.parse", "responses.compact")
_add(Surface.RESPONSES, "responses.input_tokens.count", "responses.inputTokens.count")
_add(Surface.RESPONSES, "responses.stream", streams=True)
_add(Surface.EMBEDDINGS, "embeddings.create")
_add(
    Surface.IMAGES,
    "images.generate",
    "images.edit",
    "images.create_variation",
    "images.createVariation",
)
_add(Surface.AUDIO_SPEECH, "audio.speech.create")
_add(Surface.AUDIO_TRANSCRIPTIONS, "audio.transcriptions.create")
_add(Surface.AUDIO_TRANSLATIONS, "audio.translations.create")
_add(Surface.MODERATIONS, "moderations.create")
_add(Surface.COMPLETIONS, "completions.create")
_add(Surface.ASSISTANTS, "assistants.create", "assistants.update")
_add(
    Surface.ASSISTANTS,
    "threads.runs.create",
    "threads.runs.create_and_poll",
    "threads.runs.createAndPoll",
    "threads.create_and_run",
    "threads.createAndRun",
    "threads.create_and_run_poll",
    "threads.createAndRunPoll",
)
_add(
    Surface.ASSISTANTS,
    "threads.runs.stream",
    "threads.runs.create_and_stream",
    "threads.create_and_run_stream",
    "threads.createAndRunStream",
    streams=True,
)
_add(Surface.FINE_TUNING, "fine_tuning.jobs.create", "fineTuning.jobs.create")
_add(Surface.REALTIME, "realtime.connect")
_add(Surface.VIDEOS, "videos.create", "videos.create_and_poll", "videos.createAndPoll")

# Every other API method the SDK sources say takes ``model`` (generated: ``scan/sdk_tables.json``).
for _path, _surface in SDK_PATHS:
    _PATHS.setdefault(tuple(_path.split(".")), (_surface, "stream" in _path.rsplit(".", 1)[-1].lower()))

LEGACY_PATHS: dict[tuple[str, ...], Surface] = {
    ("ChatCompletion", "create"): Surface.CHAT,
    ("ChatCompletion", "acreate"): Surface.CHAT,
    ("Completion", "create"): Surface.COMPLETIONS,
    ("Completion", "acreate"): Surface.COMPLETIONS,
    ("Embedding", "create"): Surface.EMBEDDINGS,
    ("Embedding", "acreate"): Surface.EMBEDDINGS,
    ("Moderation", "create"): Surface.MODERATIONS,
    ("FineTuningJob", "create"): Surface.FINE_TUNING,
    ("Audio", "transcribe"): Surface.AUDIO_TRANSCRIPTIONS,
    ("Audio", "atranscribe"): Surface.AUDIO_TRANSCRIPTIONS,
    ("Audio", "translate"): Surface.AUDIO_TRANSLATIONS,
    ("Audio", "atranslate"): Surface.AUDIO_TRANSLATIONS,
}
# openai < 1.0 methods that take the model as their first positional argument.
LEGACY_MODEL_FIRST = frozenset(
    {("Audio", "transcribe"), ("Audio", "atranscribe"), ("Audio", "translate"), ("Audio", "atranslate")}
)

_WRAPPER_SEGMENTS = frozenset({"with_raw_response", "with_streaming_response", "beta"})

SDK_METHOD_NAMES = frozenset(p[-1] for p in _PATHS) | frozenset(p[-1] for p in LEGACY_PATHS)


def match_sdk_path(segments: list[str]) -> tuple[Surface, bool, int] | None:
    """(surface, streams, how many trailing segments the API path took) for an SDK call.

    Wrapper segments (``with_raw_response``, ``beta``) may sit anywhere in the chain.
    """
    if not segments or segments[-1] not in SDK_METHOD_NAMES:
        return None
    core = [(i, s) for i, s in enumerate(segments) if s not in _WRAPPER_SEGMENTS]
    for size in (3, 2):
        if len(core) < size:
            continue
        tail = tuple(s for _, s in core[-size:])
        hit = _PATHS.get(tail)
        if hit is None:
            continue
        chat_tail = size == 2 and tail == ("completions", "create") and len(core) > 2
        if chat_tail and core[-3][1] == "chat":
            continue
        first = core[-size][0]
        while first > 0 and segments[first - 1] in _WRAPPER_SEGMENTS:
            first -= 1
        return hit[0], hit[1], len(segments) - first
    return None


def match_legacy_path(segments: list[str]) -> Surface | None:
    """``openai.ChatCompletion.create`` and drop-in modules mirroring it (``cache.openai.Completion.create``).

    The receiver is not checked here: the shape is unmistakably openai < 1.0's whatever the
    import, and the caller rules out receivers known to be another provider's.
    """
    if len(segments) >= 2:
        return LEGACY_PATHS.get((segments[-2], segments[-1]))
    return None


# --- emission --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CallContext:
    surface: Surface
    target: Target
    client: str
    streams: bool = False
    reasoning_summary: bool = False
    routed: bool = False
    prefix_required: bool = False
    params: tuple[CallParam, ...] = ()  # the call's arguments, for code findings
    callee: Range | None = None


def provided_route(providers: Iterable[str], target: Target, routed: bool) -> tuple[Target, bool] | None:
    """(target, routed) of a routing library's call whose provider options (``model_provider``,
    ``modelProvider``, ``custom_llm_provider``) say ``providers``: None when one names another
    provider; a named provider means bare ids need not read as OpenAI's."""
    for provider in providers:
        p = provider.lower()
        if p.startswith("azure"):
            target = Target.AZURE
        elif p != "openai":
            return None
        routed = False
    return target, routed


@dataclass(slots=True)
class _Pending:
    range: Range  # of the literal, converted when first seen (no parse tree is kept alive)
    ctx: CallContext
    model: str
    model_start: int
    target: Target
    via: list[Range] = field(default_factory=list)
    seen: set[Range] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    streams: bool = False
    reasoning: bool = False
    params: dict[CallParam, None] = field(default_factory=dict)  # ordered set over every call site


class Collector:
    """Gathers (literal, call) pairs; one reference per literal and call kind, uses merged.

    Keys are the file's byte offsets (``Source.file_offset``), so the windows of a big file can
    share one collector: a constant several windows use is one reference with every use.
    ``source`` is the text being scanned now (each window sets its own).
    """

    def __init__(self, source: Source) -> None:
        self.source = source
        self._items: dict[tuple[int, int, Surface, Target, str], _Pending] = {}

    def add(
        self,
        lit: Literal,
        ctx: CallContext,
        via: Range | None = None,
        notes: Iterable[str] = (),
    ) -> None:
        got = interpret_model(lit.raw, ctx.routed, ctx.prefix_required)
        if got is None:
            return
        model, start, forced = got
        target = forced or ctx.target
        src = self.source
        key = (src.file_offset(lit.start), src.file_offset(lit.end), ctx.surface, target, ctx.client)
        item = self._items.get(key)
        if item is None:
            item = _Pending(src.byte_range(lit.start, lit.end), ctx, model, start, target)
            self._items[key] = item
        if via is not None and via not in item.seen:
            item.seen.add(via)
            item.via.append(via)
        for note in notes:
            if note not in item.notes:
                item.notes.append(note)
        item.streams = item.streams or ctx.streams
        item.params.update(dict.fromkeys(ctx.params))
        item.reasoning = item.reasoning or ctx.reasoning_summary

    def spans(self) -> set[tuple[int, int]]:
        """File byte spans of the literals already traced to a call (the slot pass skips them)."""
        return {(key[0], key[1]) for key in self._items}

    def references(self) -> list[ModelReference]:
        out = []
        for item in self._items.values():
            via = tuple(sorted(item.via))
            out.append(
                ModelReference(
                    model=item.model,
                    range=item.range,
                    surface=item.ctx.surface,
                    target=item.target,
                    client=item.ctx.client,
                    streams=item.streams,
                    reasoning_summary=item.reasoning,
                    model_start=item.model_start,
                    via=via,
                    via_note=via_note(via, item.notes),
                    params=tuple(sorted(item.params, key=param_order)),
                    callee=item.ctx.callee,
                )
            )
        out.sort(key=order)
        return out


def param_order(param: CallParam) -> tuple[int, int]:
    """Call arguments in file order, whichever call site the scan met first."""
    return (param.range.start.line, param.range.start.character)


def order(ref: ModelReference) -> tuple[int, int, int, int, str, str]:
    start, end = ref.range.start, ref.range.end
    return (start.line, start.character, end.line, end.character, ref.surface.value, ref.client)


_USED_AT = "used as the model at line"


def via_note(via: tuple[Range, ...], notes: Iterable[str] = ()) -> str | None:
    parts = list(notes)
    lines = sorted({r.start.line + 1 for r in via})
    if len(lines) == 1:
        parts.insert(0, f"{_USED_AT} {lines[0]}")
    elif lines:
        parts.insert(0, f"{_USED_AT}s " + ", ".join(map(str, lines)))
    return "; ".join(parts) or None


def other_notes(note: str | None) -> list[str]:
    """A ``via_note``'s notes without the lines of its uses (for writing it again when they move)."""
    return [p for p in (note or "").split("; ") if p and not p.startswith(_USED_AT)]
