"""Code-point columns (the engine's unit) to UTF-16 code units (LSP's and the JSON contract's)."""

from __future__ import annotations

from collections.abc import Sequence

from openai_access.references import Position, Range


def utf16_column(line_text: str, column: int) -> int:
    prefix = line_text[:column]
    # Characters outside the BMP take two UTF-16 code units. Most prefixes have none: two C-speed
    # tests say so before counting character by character (a batch run converts every reference).
    if prefix.isascii() or max(prefix) <= "\uffff":
        return column
    return column + sum(1 for ch in prefix if ord(ch) > 0xFFFF)


def _utf16_character(lines: Sequence[str], pos: Position) -> int:
    """``pos``'s column in UTF-16 units (as it is when its line is not in ``lines``)."""
    if 0 <= pos.line < len(lines):
        return utf16_column(lines[pos.line], pos.character)
    return pos.character


def to_utf16(lines: Sequence[str], pos: Position) -> Position:
    return Position(pos.line, _utf16_character(lines, pos))


def utf16_place(lines: Sequence[str], pos: Position) -> dict[str, int]:
    """``to_utf16`` as the JSON contract writes it, without the position object in between."""
    return {"line": pos.line, "character": _utf16_character(lines, pos)}


def range_to_utf16(lines: Sequence[str], rng: Range) -> Range:
    return Range(to_utf16(lines, rng.start), to_utf16(lines, rng.end))
