"""Engine ranges (code points) ⇄ client ranges (the negotiated position encoding)."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import ServerTextPosition, ServerTextRange

from openai_access.references import Position, Range


def to_client_range(doc: TextDocument, rng: Range, lines: Sequence[str] | None = None) -> types.Range:
    """Convert one range. Pass ``lines`` when converting many: ``doc.lines`` re-splits the text each time.

    On ASCII lines every encoding counts the same, so the range is taken as it is: pygls counts
    units character by character in Python, which on a keystroke in a big file was the
    costliest step of publishing its diagnostics.
    """
    lines = doc.lines if lines is None else lines
    a, b = rng.start, rng.end
    if b.line < len(lines) and lines[a.line].isascii() and lines[b.line].isascii():
        start, end = lines[a.line], lines[b.line]
        if a.character <= len(start) and b.character <= len(end):
            return types.Range(types.Position(a.line, a.character), types.Position(b.line, b.character))
    return doc.position_codec.range_to_client_units(
        lines,
        ServerTextRange(
            start=ServerTextPosition(line=rng.start.line, character=rng.start.character),
            end=ServerTextPosition(line=rng.end.line, character=rng.end.character),
        ),
    )


def from_client_position(doc: TextDocument, pos: types.Position) -> Position:
    p = doc.position_from_client_units(pos)
    return Position(p.line, p.character)


def from_client_range(doc: TextDocument, rng: types.Range) -> Range:
    r = doc.range_from_client_units(rng)
    return Range(Position(r.start.line, r.start.character), Position(r.end.line, r.end.character))
