"""JSON (and JSONC: comments, trailing commas) read by a forgiving recursive descent.

``json.loads`` gives no positions and stops at the first error; an editor holds half-typed
files. This reader keeps every string's offset, skips what it cannot understand, and closes
whatever is still open at the end of the text.
"""

from __future__ import annotations

import json
import re

from openai_access.scan.config_files._tree import Items, LineIndex, Node, Scalar, Table

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<string>"(?:[^"\\\n]|\\.)*"?)
  | (?P<punct>[{}\[\]:,])
  | (?P<bare>[^\s{}\[\]:,"/]+|/)
    """,
    re.VERBOSE | re.DOTALL,
)

MAX_DEPTH = 200  # deeper nesting is data, not configuration; it is skipped, not recursed into


class _Reader:
    def __init__(self, text: str) -> None:
        self.index = LineIndex(text)
        self.tokens: list[tuple[str, int, int]] = []  # (kind, start, end)
        for m in _TOKEN.finditer(text):
            kind = m.lastgroup or "bare"
            if kind not in ("ws", "comment"):
                self.tokens.append((kind, m.start(), m.end()))
        self.pos = 0
        self.text = text

    def peek(self) -> tuple[str, int, int] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def tok_text(self, tok: tuple[str, int, int]) -> str:
        return self.text[tok[1] : tok[2]]

    def value(self, depth: int) -> Node | None:
        tok = self.peek()
        if tok is None:
            return None
        text = self.tok_text(tok)
        if tok[0] == "punct" and text in "{[":
            if depth >= MAX_DEPTH:
                self._skip_nested()
                return None
            self.pos += 1
            return self.table(depth + 1) if text == "{" else self.items(depth + 1)
        if tok[0] == "string":
            self.pos += 1
            return self.string(tok)
        if tok[0] == "bare":
            self.pos += 1
            return Scalar(text, None, self.index, tok[1], tok[2])
        return None  # a stray ':' ',' '}' or ']': the caller decides

    def string(self, tok: tuple[str, int, int]) -> Scalar:
        raw = self.tok_text(tok)
        inner = raw[1:-1] if len(raw) >= 2 and raw.endswith('"') else raw[1:]
        try:
            value = json.loads('"' + inner + '"')
        except ValueError:
            value = inner
        if not isinstance(value, str):
            value = inner
        return Scalar(value, None, self.index, tok[1] + 1, tok[1] + 1 + len(inner))

    def table(self, depth: int) -> Table:
        table = Table()
        while (tok := self.peek()) is not None:
            text = self.tok_text(tok)
            if tok[0] == "punct":
                self.pos += 1
                if text == "}":
                    return table
                if text == "]":  # mismatched: let the enclosing array see it
                    self.pos -= 1
                    return table
                continue  # stray ',' or ':'
            key_tok = tok
            self.pos += 1
            key = self.string(key_tok).value if key_tok[0] == "string" else text
            nxt = self.peek()
            if nxt is None or self.tok_text(nxt) != ":":
                continue  # a key without a value
            self.pos += 1
            node = self.value(depth)
            if node is not None:
                table.add(key, node)
        return table

    def items(self, depth: int) -> Items:
        items = Items()
        while (tok := self.peek()) is not None:
            text = self.tok_text(tok)
            if tok[0] == "punct" and text in "]}:,":
                self.pos += 1
                if text == "]":
                    return items
                if text == "}":
                    self.pos -= 1
                    return items
                continue
            node = self.value(depth)
            if node is not None:
                items.items.append(node)
        return items

    def _skip_nested(self) -> None:
        level = 0
        while (tok := self.peek()) is not None:
            self.pos += 1
            text = self.tok_text(tok)
            if tok[0] == "punct" and text in "{[":
                level += 1
            elif tok[0] == "punct" and text in "}]":
                level -= 1
                if level <= 0:
                    return


def read_json(text: str) -> list[Node]:
    reader = _Reader(text)
    out: list[Node] = []
    while reader.peek() is not None:
        start = reader.pos
        node = reader.value(0)
        if node is not None:
            out.append(node)
        if reader.pos == start:
            reader.pos += 1
    return out
