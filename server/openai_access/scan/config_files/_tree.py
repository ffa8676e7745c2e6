"""One small tree shape for every config format, so the rules that decide what counts live once.

Each format reader (.env, YAML, TOML, JSON) turns text into ``Table`` / ``Items`` / ``Scalar``
nodes and records, for each scalar, where its text sits in the file. Readers are tolerant:
they return what they could read and never raise on malformed input.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from openai_access.references import Position, Range


@dataclass(slots=True, eq=False)
class Scalar:
    value: str
    fixed: Range | None = None  # a range the reader already knows (line-based readers)
    # Or offsets into the text, turned into a range only when the value becomes a reference:
    # most scalars never do, and positions are the costly part of reading a big file.
    index: LineIndex | None = None
    start: int = -1
    end: int = -1

    @property
    def range(self) -> Range | None:
        """The value's own text in the file (inside quotes), on one line, and only when that
        text is exactly ``value`` (no escapes): a quick fix replaces it with a new id."""
        if self.index is not None:
            return self.index.span(self.start, self.end, self.value)
        return self.fixed


@dataclass(slots=True, eq=False)
class Table:
    items: list[tuple[str, Node]] = field(default_factory=list)
    _first: dict[str, Node] = field(default_factory=dict, repr=False)

    def add(self, key: str, node: Node) -> None:
        self.items.append((key, node))
        self._first.setdefault(key, node)

    def get(self, key: str) -> Node | None:
        """The first value under ``key`` (in constant time: TOML files build tables by key)."""
        return self._first.get(key)


@dataclass(slots=True, eq=False)
class Items:
    items: list[Node] = field(default_factory=list)


Node = Scalar | Table | Items


class LineIndex:
    """Offsets (code points into the whole text) to 0-based line/character positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        pos = text.find("\n")
        while pos != -1:
            self.starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def position(self, offset: int) -> Position:
        line = bisect_right(self.starts, offset) - 1
        return Position(line, offset - self.starts[line])

    def span(self, start: int, end: int, value: str) -> Range | None:
        """The range of ``text[start:end]`` if it is one line and reads exactly ``value``."""
        if start < 0 or end < start or self.text[start:end] != value or "\n" in value:
            return None
        return Range(self.position(start), self.position(end))
