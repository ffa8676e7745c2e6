"""Big files are scanned a window at a time, so memory stays bounded whatever their size.

A tree-sitter tree costs 40 (Python) to 65 (minified JS) bytes per byte of source, up to about
190 for dense data (``[1,1,1,...]``): the tree of one 5 MB bundle alone is over 300 MB, and the
nodes a scan touches add to it. Past ``WHOLE_FILE_BYTES`` a file is parsed as consecutive
windows of about ``WINDOW_BYTES`` of whole top-level statements; each
window is parsed, scanned into the one shared ``Collector`` and dropped before the next, so
peak memory is one window's, and time stays linear (every lookup runs over one window).

What a window cannot see is the rest of the file. Most cross-statement links point backwards
at small top-level definitions (imports, ``client = AzureOpenAI(...)``, ``MODEL = "gpt-4o"``),
so each window is parsed behind a *context*: the earlier top-level statements (each at most
``CONTEXT_STATEMENT_BYTES``, ``CONTEXT_BYTES`` in all) that define a name the window uses. Their
text is copied in front of the window; ``WindowSource`` maps every offset back to the file,
so references carry the file's positions and a constant used by several windows merges into
one reference. Links a window still misses: a definition *after* it, a function's callers in
other windows, and the enclosing code of one top-level statement bigger than a window (a
bundler's IIFE, a data literal): it is cut between its inner statements or elements, and the
next window starts with the brackets that reopen what the cut left open (``{``, ``[``, ``({``),
so the rest parses as code rather than in tree-sitter's (much slower) error recovery.
Files below the threshold are scanned whole, exactly as before.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Protocol

from tree_sitter import Node, Tree

from openai_access.references import ModelReference, Position, Range
from openai_access.scan._common import Collector, NodeLookup, Source, order
from openai_access.scan._parsing import PlainParser, point
from openai_access.scan._result import ExportedLiteral, ImportedUse, ScanResult
from openai_access.scan._top_level import IDENTIFIER
from openai_access.scan.options import ScanOptions
from openai_access.scan.slots import LiteralReader, slot_references

# A tree costs up to about 190 bytes per byte (dense data such as ``[1,1,1,...]``), so a window
# stays near 50 MB of tree whatever the file holds.
WINDOW_BYTES = 256 * 1024
# Files up to this size are scanned whole (one tree, every link; at most about 100 MB of tree).
WHOLE_FILE_BYTES = 512 * 1024
CONTEXT_BYTES = WINDOW_BYTES // 4
# A window that cannot be cut well grows while its tree has at most this many nodes (about
# 100 bytes each; 190 in dense data): a long string costs few, a dense literal many.
_MAX_GROWN_NODES = 600_000
CONTEXT_STATEMENT_BYTES = 16 * 1024
# A line that may start a statement: not indented, not a comment or a closing bracket, not the
# ``else`` / ``except`` / ``catch`` of the statement before it.
_DECLARATIONS = (b"function ", b"async function ", b"var ", b"let ", b"const ", b"class ")
_STATEMENT_LINE = re.compile(rb"(?!(?:else|elif|except|finally|catch|case)\b)[A-Za-z_$@]")


class WindowSource(Source):
    """A window's bytes (context pieces, then the window), positions and offsets in the file's terms."""

    __slots__ = ("_base", "_file", "_local")

    def __init__(self, data: bytes, base: Source, pieces: list[tuple[int, int]]) -> None:
        super().__init__(data)
        self._base = base
        self._local = [local for local, _ in pieces]  # where each piece starts in ``data``
        self._file = [start for _, start in pieces]  # ... and in the file

    def file_offset(self, byte: int) -> int:
        i = max(0, bisect_right(self._local, byte) - 1)
        return self._file[i] + byte - self._local[i]

    def position_of(self, byte: int) -> Position:
        return self._base.position_of(self.file_offset(byte))

    def spans_in_file(self, spans: Container[tuple[int, int]]) -> _FileSpans:
        """``spans`` (the file's offsets) as the slot pass asks about them: with this window's."""
        return _FileSpans(self, spans)


@dataclass(frozen=True, slots=True)
class _FileSpans:
    """A window's view of spans kept in file offsets: ``(start, end) in view`` maps, then looks up."""

    src: WindowSource
    spans: Container[tuple[int, int]]

    def __contains__(self, span: object) -> bool:
        if not isinstance(span, tuple):
            return False
        start, end = span
        return (self.src.file_offset(start), self.src.file_offset(end)) in self.spans


class _Scanner(Protocol):
    """The part of a language's scanner the window driver uses."""

    at: NodeLookup
    imported: list[ImportedUse]

    def run(self) -> None: ...

    def exports(self) -> dict[str, tuple[ExportedLiteral, ...]]: ...


@dataclass(frozen=True, slots=True)
class WindowScanner:
    """What the window driver needs from a language: its parser, scanner and a few readers."""

    parser: Callable[[], PlainParser]  # this thread's parser, remembering nothing
    make: Callable[[Source, Node, Collector], _Scanner]  # the language's scanner over one window
    literal_of: LiteralReader
    dedup: Callable[[list[ImportedUse]], list[ImportedUse]]  # merges repeated imported uses
    defines: Callable[[Source, Node], Iterable[str]]  # names a top-level statement defines
    # Node types whose children may be cut between (blocks, bodies, literals, ERROR), each with
    # the text that reopens it in front of the next window (``({`` for an object): parsed
    # without it, the rest of a 5 MB object literal is error recovery, twenty times slower.
    sequences: Mapping[str, bytes]
    options: ScanOptions
    exports: bool


@dataclass(slots=True)
class _Context:
    """Earlier top-level statements that define names: (file start, file end) by name."""

    by_name: dict[bytes, list[tuple[int, int]]] = field(default_factory=dict)

    def add(self, names: Iterable[str], start: int, end: int) -> None:
        if end - start > CONTEXT_STATEMENT_BYTES:
            return
        for name in names:
            spans = self.by_name.setdefault(name.encode("utf-8", "surrogatepass"), [])
            if not spans or spans[-1] != (start, end):
                spans.append((start, end))

    def for_window(self, data: bytes, start: int, end: int) -> list[tuple[int, int]]:
        """The statements defining a name used in ``data[start:end]``, in file order, within budget."""
        if not self.by_name:
            return []
        used = set(IDENTIFIER.findall(data, start, end))
        spans = sorted({span for name in used & self.by_name.keys() for span in self.by_name[name]})
        out, total = [], 0
        for span in spans:
            total += span[1] - span[0]
            if total > CONTEXT_BYTES:
                break
            out.append(span)
        return out


def needs_windows(size: int) -> bool:
    """Whether a text of ``size`` bytes is scanned in windows rather than whole."""
    return size > WHOLE_FILE_BYTES


def scan_windows(src: Source, lang: WindowScanner) -> ScanResult:
    """References of a big file, found window by window (see the module docstring)."""
    size = WINDOW_BYTES
    data = src.data
    out = Collector(src)
    context = _Context()
    slots: dict[Range, ModelReference] = {}
    exports: dict[str, tuple[ExportedLiteral, ...]] = {}
    imported: list[ImportedUse] = []
    parser = lang.parser()
    pos, reopen, span = 0, b"", size
    while pos < len(data):
        end = _soft_end(data, pos, span)
        spans = context.for_window(data, pos, end)
        offsets = list(accumulate((b - a for a, b in spans), initial=0))  # each piece's place in the window
        pieces = [(offset, a) for offset, (a, _) in zip(offsets, spans, strict=False)]
        known = offsets[-1]
        head = known + len(reopen)  # the window's own text starts here
        window = b"".join(data[a:b] for a, b in spans) + reopen + data[pos:end]
        tree = parser.parse(window)
        cutting = (len(window), b"") if end == len(data) else _cut(tree.root_node, head, window, lang)
        if (
            end < len(data)
            and tree.root_node.descendant_count <= _MAX_GROWN_NODES
            and (cutting is None or cutting[0] <= head or _inside_long_token(data[pos : pos + cutting[0] - head]))
        ):
            # No place to cut, or the cut falls inside a long token (a 4 MB docstring, a comment):
            # those cost few nodes, so the window grows until it ends instead of cutting it (the
            # rest would be read as code, slowly and wrongly), while its tree stays small. A window
            # that reaches the file's end cannot grow: one odd backtick in a Python file's last
            # window (a "```" in a string) looked like an open template literal forever.
            span *= 2
            continue
        if cutting is None or cutting[0] <= head:
            cutting = (len(window), b"")  # take it all, broken end and all
        (cut, reopen), span = cutting, size
        if cut < len(window):
            window, tree = window[:cut], _truncate(parser, tree, window, cut)
        wsrc = WindowSource(window, src, [*pieces, (known, pos), (head, pos)])
        out.source = wsrc
        scanner = lang.make(wsrc, tree.root_node, out)
        scanner.run()
        if lang.options.slots:
            for ref in slot_references(scanner.at, wsrc, lang.literal_of, wsrc.spans_in_file(out.spans())):
                slots.setdefault(ref.range, ref)
        for name, found in (scanner.exports() if lang.exports else {}).items():
            exports[name] = tuple(dict.fromkeys((*exports.get(name, ()), *found)))
        imported += scanner.imported
        _remember(context, lang, wsrc, tree.root_node, head, pos)
        del tree, wsrc, scanner
        pos += cut - head
    out.source = src
    refs = out.references()
    traced = {ref.range for ref in refs}
    refs += (ref for ref in slots.values() if ref.range not in traced)
    refs.sort(key=order)
    return ScanResult(references=refs, exports=exports, imported_uses=lang.dedup(imported))


def _inside_long_token(text: bytes) -> bool:
    """Whether ``text`` ends inside a triple-quoted string, a template literal or a block comment
    (an odd count of their quotes, an unclosed ``/*``): a cut there would be read as code."""
    if text.count(b'"""') % 2 or text.count(b"'''") % 2 or text.count(b"`") % 2:
        return True
    return text.rfind(b"/*") > text.rfind(b"*/")


def _soft_end(data: bytes, pos: int, size: int) -> int:
    """Where a window from ``pos`` should end: the file's end if it is near, else the start of a
    line that looks like a new top-level statement or, in one-line code, after a ``;`` (else a
    ``}``). A guess: ``_cut`` checks it against the parse and hands an unfinished end on."""
    if len(data) - pos <= size + size // 2:
        return len(data)
    limit = pos + size
    floor = pos + size // 2
    newline = data.rfind(b"\n", floor, limit)
    for _ in range(1000):
        if newline == -1:
            break
        if _STATEMENT_LINE.match(data, newline + 1):
            return newline + 1
        newline = data.rfind(b"\n", floor, newline)
    # One-line code: a declaration right after ``;`` / ``}`` most often starts a top-level
    # statement (a guess that holds saves reparsing the window's cut end).
    mark = max(data.rfind(end + word, floor, limit) for end in (b";", b"}") for word in _DECLARATIONS)
    for separator in (b";", b"}", b","):  # then any statement end, block end or element separator
        if mark == -1:
            mark = data.rfind(separator, floor, limit)
    return mark + 1 if mark != -1 else limit


def _cut(root: Node, head: int, window: bytes, lang: WindowScanner) -> tuple[int, bytes] | None:
    """Where this window's own part should end: after its last complete top-level statement,
    else between the inner parts of the one statement that fills the window; and the text that
    reopens, in front of the next window, what the cut leaves open. None: no place to cut."""
    size = len(window)
    if root.child_count == 0:
        return size, b""
    last = root.child(root.child_count - 1)
    if last is None:
        return size, b""
    if last.end_byte <= size and not last.has_error and not last.is_missing and last.type != "ERROR":
        return size, b""  # the window ends cleanly: nothing to hand on
    if last.start_byte > head:
        return last.start_byte, b""
    at = max(0, len(window.rstrip()) - 1)  # the last byte that is not space (its leaf is a token)
    return _inner_cut(last, head + (size - head) // 4, at, size, lang.sequences)


def _inner_cut(node: Node, low: int, at: int, size: int, sequences: Mapping[str, bytes]) -> tuple[int, bytes] | None:
    """The start of the child of a sequence node (block, body, object, list, ERROR) that holds the
    window's last byte ``at``, the outermost such sequence whose child starts past ``low``; with the
    openers of the sequences the cut is in. Found from the last byte's leaf up its parents
    (never listing every child: a data literal can have hundreds of thousands)."""
    leaf = node.descendant_for_byte_range(at, at)
    path: list[Node] = []  # from the leaf up to ``node``
    while leaf is not None:
        path.append(leaf)
        if leaf.start_byte == node.start_byte and leaf.end_byte == node.end_byte and leaf.type == node.type:
            break
        leaf = leaf.parent
    if len(path) > 1 and path[0].type == "," and path[1].type in sequences:
        # The window ends right after an element's comma: every element is whole, so it is cut
        # at its end (no reparse) and the next window reopens every sequence down to this one.
        opened = (
            _error_openers(n) if n.type == "ERROR" else sequences[n.type]
            for n in reversed(path[1:])
            if n.type in sequences
        )
        return size, b"".join(opened)
    reopen = b""
    for parent, child in zip(reversed(path), reversed(path[:-1]), strict=False):
        if parent.type in sequences:
            reopen += _error_openers(parent) if parent.type == "ERROR" else sequences[parent.type]
            if low < child.start_byte < size:
                return child.start_byte, reopen
    return None


def _error_openers(error: Node) -> bytes:
    """What an ERROR node left open, read from its first children (an unclosed ``var a = {``
    or ``x = [`` at the start of a data literal that fills the window): ``({`` for a brace that
    follows an operator (an object), else the bracket itself."""
    out: list[bytes] = []
    previous = ""
    for i in range(min(error.child_count, _ERROR_HEAD)):
        child = error.child(i)
        if child is None:
            break
        kind = child.type
        if kind in _OPENERS:
            value = kind == "{" and previous in _BEFORE_VALUE and previous != "("
            out.append(b"({" if value else kind.encode())
        elif kind in _CLOSERS and out:
            out.pop()
        previous = kind
    return b"".join(out)


_ERROR_HEAD = 16
_OPENERS = frozenset({"{", "[", "("})
_CLOSERS = frozenset({"}", "]", ")"})
_BEFORE_VALUE = frozenset({"=", ":", "(", ",", "[", "return", "=>"})


def _truncate(parser: PlainParser, tree: Tree, window: bytes, cut: int) -> Tree:
    """The tree of ``window[:cut]``, reparsed incrementally (only the cut end is parsed again)."""
    tree.edit(
        start_byte=cut,
        old_end_byte=len(window),
        new_end_byte=cut,
        start_point=point(window, cut),
        old_end_point=point(window, len(window)),
        new_end_point=point(window, cut),
    )
    return parser.parse(window[:cut], tree)


def _remember(context: _Context, lang: WindowScanner, src: WindowSource, root: Node, head: int, pos: int) -> None:
    """Record the window's own complete top-level statements for later windows' context."""
    kids = [kid for kid in root.children if kid.start_byte >= head]
    if not kids:
        return  # the window continues a statement cut in the previous one: nothing of its own
    for kid, after in zip(kids, [*kids[1:], None], strict=True):
        if kid.has_error or kid.type == "ERROR":
            continue
        end = after.start_byte if after is not None else len(src.data)
        names = list(lang.defines(src, kid))
        if names:
            context.add(names, kid.start_byte - head + pos, end - head + pos)
