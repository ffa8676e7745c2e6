"""The keystroke path: rescan the top-level statements an edit touches, not the whole file.

A full scan of a 5,000-line module costs more than tree-sitter's full parse, and a keystroke
changes one statement. So a quick rescan keeps the previous references of every statement the
edit did not touch (moved by the lines it added or removed) and scans again only the edited
statements, together with the statements they read names from (the client, constants,
helpers, imports), in a copy of the file where every other statement is blanked out.

The answer is provisional (``Snapshot.exact`` is False): an edit can also change what *other*
statements mean (a retyped constant used elsewhere, an argparse default read through
``args.model``), which only a full scan sees. Callers show the quick answer at once and confirm
with a full scan when typing pauses. Small files are always scanned in full: there the
bookkeeping would cost more than it saves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from tree_sitter import Node

from openai_access.references import SLOT, ModelReference, Position, Range
from openai_access.scan import SOURCE_LANGUAGES, scan_document, statements
from openai_access.scan._common import encode, order, other_notes, param_order, via_note
from openai_access.scan._parsing import common_prefix, common_suffix, reusing_parser
from openai_access.scan.options import ScanOptions

__all__ = ["QUICK_MIN_CHARS", "Snapshot", "full", "quick"]

# Below this a full scan takes a few milliseconds: not worth being provisional for.
QUICK_MIN_CHARS = 40_000
# Past this share of the file, rescanning "part" of it is a full scan with extra steps.
_MAX_RESCAN_SHARE = 0.5
# How far back the context goes: the edited statement's names, their definitions' names, ...
_CONTEXT_DEPTH = 3
# How many lines of context at most, besides the edited statements (the rescan costs per line).
_CONTEXT_LINES = 400
_CONTEXT_SHARE = 0.1
_CONTEXT_MAX_LINES = 1500


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A document's text and references: what the next keystroke starts from.

    ``exact`` is True for a full scan; a quick rescan's references are provisional.
    """

    text: str
    language: str
    options: ScanOptions
    references: tuple[ModelReference, ...]
    exact: bool = True
    # The statements, kept so the next keystroke reads only the ones it touched (built lazily).
    layout: statements.Layout | None = field(default=None, compare=False, repr=False)


def full(text: str, language: str, options: ScanOptions, previous: Snapshot | None = None) -> Snapshot:
    """A full scan (parse reused from the last keystroke's tree), remembered as exact.

    ``previous``: the scan it confirms; its statements are kept when the text is the same.
    """
    refs = scan_document(text, language, options, exports=False).references
    layout = previous.layout if previous is not None and previous.text == text else None
    return Snapshot(text, language, options, tuple(refs), layout=layout)


def quick(previous: Snapshot | None, text: str, language: str, options: ScanOptions) -> Snapshot | None:
    """A provisional rescan of only what the edit from ``previous`` to ``text`` touched.

    None when it cannot help (no usable previous scan, a small file, an edit spanning much of
    the file, a scanner error): the caller then scans in full.
    """
    if (
        previous is None
        or language not in SOURCE_LANGUAGES
        or previous.language != language
        or previous.options != options
        or len(text) < QUICK_MIN_CHARS
    ):
        return None
    old = previous.text
    if old == text:
        return previous
    prefix = common_prefix(old, text)
    suffix = common_suffix(old, text, min(len(old), len(text)) - prefix)
    first = text.count("\n", 0, prefix)
    last_new = text.count("\n", 0, len(text) - suffix)
    delta = last_new - old.count("\n", 0, len(old) - suffix)

    lines = text.split("\n")
    root, moved = _root(text, language)
    if moved is not None:  # beyond the edit itself: rows whose syntax changed (an opened string)
        first, last_new = min(first, moved[0]), max(last_new, moved[1])
    layout = None
    if previous.layout is not None:
        layout = statements.relayout(previous.layout, root, lines, language, first, last_new - delta, delta)
    layout = layout or statements.layout(root, lines, language)
    units = layout.units()
    edited = _edited(layout, first, last_new)
    spans = [span for i in edited for span in units[i].spans]
    start = min([first, *(a for a, _ in spans)])
    end = max([last_new, *(b for _, b in spans)])
    if end - start + 1 > _MAX_RESCAN_SHARE * len(lines):
        return None
    shift = _Shift(start, end - delta, delta)

    fresh: list[ModelReference] = []
    if edited:
        budget = min(_CONTEXT_MAX_LINES, max(_CONTEXT_LINES, int(_CONTEXT_SHARE * len(lines))))
        keep = statements.context(units, edited, _CONTEXT_DEPTH, budget)
        reduced, origin = statements.extract(lines, units, keep)
        result = scan_document(reduced, language, options, exports=False, reuse=False)
        if result.error:
            return None
        fresh = [_relocated(ref, origin) for ref in result.references]
    refs = _merge(previous.references, fresh, shift, start, end)
    return Snapshot(text, language, options, tuple(refs), exact=False, layout=layout)


def _edited(layout: statements.Layout, first: int, last: int) -> list[int]:
    """Statements on the edited lines; an edited frame (``class X(Base):``) brings its members."""
    out: list[int] = []
    at = 0
    for block in layout.blocks:
        if block.first <= last and block.last >= first:
            frames: set[int] = set()
            for i, unit in enumerate(block.units, at):
                if unit.touches(first, last) or (unit.back and i - unit.back in frames):
                    if unit.frame:
                        frames.add(i)
                    else:
                        out.append(i)
        at += len(block.units)
    return out


def _root(text: str, language: str) -> tuple[Node, tuple[int, int] | None]:
    """The new tree (reparsed from the last one) and the rows whose syntax the edit changed."""
    parser = reusing_parser(language)
    assert parser is not None  # quick() takes source languages only
    tree = parser.parse(encode(text), reuse=True)
    return tree.root_node, parser.changed_rows(tree)


# --- merging -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Shift:
    """Old positions -> new ones: before the edited lines unchanged, after moved by ``delta``."""

    first: int  # first edited line (same in old and new)
    old_last: int  # last edited line in the old text
    delta: int

    def edited(self, pos: Position) -> bool:
        return self.first <= pos.line <= self.old_last

    def pos(self, pos: Position) -> Position:
        return pos if pos.line < self.first else Position(pos.line + self.delta, pos.character)


def _ranges(ref: ModelReference) -> Iterator[Range]:
    yield ref.range
    yield from ref.via
    for p in ref.params:
        yield p.range
        yield p.span
    if ref.callee is not None:
        yield ref.callee


def _mapped(ref: ModelReference, move: Callable[[Position], Position]) -> ModelReference:
    def rng(r: Range) -> Range:
        return Range(move(r.start), move(r.end))

    return replace(
        ref,
        range=rng(ref.range),
        via=tuple(rng(r) for r in ref.via),
        params=tuple(replace(p, range=rng(p.range), span=rng(p.span)) for p in ref.params),
        callee=None if ref.callee is None else rng(ref.callee),
    )


def _relocated(ref: ModelReference, origin: list[int]) -> ModelReference:
    """A reference found in the extract, in the file's own lines."""

    def move(pos: Position) -> Position:
        line = origin[pos.line] if pos.line < len(origin) else origin[-1] + pos.line - len(origin) + 1
        return Position(line, pos.character)

    moved = _mapped(ref, move)
    return _renote(moved, ref) if moved.via else moved


def _moved(ref: ModelReference, shift: _Shift) -> ModelReference | None:
    """An old reference outside the edit, in the new lines, without what it said of the edited
    lines; None when all it said was about them (its uses were there: the rescan decides)."""
    touched = any(shift.edited(r.start) for r in _ranges(ref))
    if not touched:
        if shift.delta == 0 or all(r.end.line < shift.first for r in _ranges(ref)):
            return ref  # the common keystroke: nothing to rewrite
        return _renote(_mapped(ref, shift.pos), ref) if ref.via else _mapped(ref, shift.pos)
    via = tuple(r for r in ref.via if not shift.edited(r.start))
    if ref.via and not via:
        return None
    kept = replace(
        ref,
        via=via,
        params=tuple(p for p in ref.params if not shift.edited(p.range.start)),
        callee=None if ref.callee is None or shift.edited(ref.callee.start) else ref.callee,
    )
    return _renote(_mapped(kept, shift.pos), ref)


def _key(ref: ModelReference) -> tuple[object, ...]:
    return (ref.range, ref.surface, ref.target, ref.client, ref.found)


def _merge(
    old: Iterable[ModelReference], fresh: Iterable[ModelReference], shift: _Shift, first: int, last: int
) -> list[ModelReference]:
    """Old references outside the edited lines (moved), plus the rescan's references in them.

    A literal outside the edit can be used *by* the edited statements (a constant passed as the
    model): its uses there are replaced by the rescan's, its other uses are kept; one used only
    there and used no more is dropped.
    """

    def inside(rng: Range) -> bool:
        return first <= rng.start.line <= last

    out: dict[tuple[object, ...], ModelReference] = {}
    for ref in old:
        if not shift.edited(ref.range.start) and (moved := _moved(ref, shift)) is not None:
            out[_key(moved)] = moved
    for ref in fresh:
        if inside(ref.range):
            out[_key(ref)] = ref
            continue
        uses = tuple(r for r in ref.via if inside(r))
        if not uses:
            continue  # used from outside the edit only: the old reference already says so
        prev = out.get(_key(ref))
        if prev is None:
            out[_key(ref)] = ref
            continue
        merged = replace(
            prev,
            via=tuple(sorted({*prev.via, *uses})),
            params=tuple(sorted({*prev.params, *(p for p in ref.params if inside(p.range))}, key=param_order)),
            streams=prev.streams or ref.streams,
            reasoning_summary=prev.reasoning_summary or ref.reasoning_summary,
            callee=prev.callee or ref.callee,
        )
        out[_key(ref)] = _renote(merged, prev)
    calls = {r.range for r in out.values() if r.found != SLOT}
    return sorted((r for r in out.values() if not (r.found == SLOT and r.range in calls)), key=order)


def _renote(ref: ModelReference, prev: ModelReference) -> ModelReference:
    """``via_note`` names the lines of the uses: rewrite it for the moved or merged ones."""
    return replace(ref, via_note=via_note(ref.via, other_notes(prev.via_note)))
