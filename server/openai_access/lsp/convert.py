"""Engine ranges (code points) ⇄ client ranges (the negotiated position encoding)."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import ServerTextPosition, ServerTextRange

from openai_access.references import Position, Range


def to_client_range(doc: TextDocument, rng: Range, lines: Sequence[str] | None = None) -> types.Range:
    """Convert one range. Pass ``lines`` when converting many: ``doc.lines`` re-splits the text each time."""
    return doc.position_codec.range_to_client_units(
        doc.lines if lines is None else lines,
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
