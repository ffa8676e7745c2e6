"""TOML read by a small forgiving parser that keeps every string's position.

``tomllib`` gives no positions and refuses the whole file on one error. This reader parses
statement by statement; a statement it cannot read is skipped to the end of its line and
the rest of the file still counts.
"""

from __future__ import annotations

import json
import re

from openai_access.scan.config_files._tree import Items, LineIndex, Node, Scalar, Table

_BARE_KEY = re.compile(r"[A-Za-z0-9_\-]+")
_BARE_VALUE = re.compile(r"[^\s,\]}#]+")
MAX_DEPTH = 100


class _Bad(Exception):
    """This statement is not TOML we can read; skip it."""


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.index = LineIndex(text)
        self.pos = 0

    # -- low level ---------------------------------------------------------------------------
    def peek(self, n: int = 1) -> str:
        return self.text[self.pos : self.pos + n]

    def skip_blank(self, newlines: bool) -> None:
        while self.pos < len(self.text):
            c = self.text[self.pos]
            if c in " \t\r" or (newlines and c == "\n"):
                self.pos += 1
            elif c == "#" and newlines:
                self.skip_line()
            else:
                return

    def skip_line(self) -> None:
        nl = self.text.find("\n", self.pos)
        self.pos = len(self.text) if nl == -1 else nl

    def expect(self, s: str) -> None:
        if self.peek(len(s)) != s:
            raise _Bad
        self.pos += len(s)

    # -- keys and values ---------------------------------------------------------------------
    def key_path(self) -> list[str]:
        path = []
        while True:
            self.skip_blank(newlines=False)
            c = self.peek()
            if c in ('"', "'"):
                path.append(self.string().value)
            else:
                m = _BARE_KEY.match(self.text, self.pos)
                if m is None:
                    raise _Bad
                path.append(m.group())
                self.pos = m.end()
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return path
            self.pos += 1

    def value(self, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise _Bad
        c = self.peek()
        if c in ('"', "'"):
            return self.string()
        if c == "[":
            self.pos += 1
            return self.array(depth + 1)
        if c == "{":
            self.pos += 1
            return self.inline_table(depth + 1)
        m = _BARE_VALUE.match(self.text, self.pos)
        if m is None:
            raise _Bad
        self.pos = m.end()
        return Scalar(m.group(), None, self.index, m.start(), m.end())

    def string(self) -> Scalar:
        q = self.peek()
        if self.peek(3) == q * 3:  # multi-line: prose, never given a range
            end = self.text.find(q * 3, self.pos + 3)
            if end == -1:
                raise _Bad
            value = self.text[self.pos + 3 : end]
            self.pos = end + 3
            return Scalar(value, None)
        start = self.pos + 1
        i = start
        while i < len(self.text) and self.text[i] != "\n":
            if self.text[i] == "\\" and q == '"':
                i += 2
                continue
            if self.text[i] == q:
                break
            i += 1
        if i >= len(self.text) or self.text[i] != q:
            raise _Bad
        raw = self.text[start:i]
        self.pos = i + 1
        value = raw
        if q == '"' and "\\" in raw:
            try:
                decoded = json.loads('"' + raw + '"')
                value = decoded if isinstance(decoded, str) else raw
            except ValueError:
                value = raw
        return Scalar(value, None, self.index, start, i)

    def array(self, depth: int) -> Items:
        items = Items()
        while True:
            self.skip_blank(newlines=True)
            if self.peek() == "]":
                self.pos += 1
                return items
            if not self.peek():
                raise _Bad
            items.items.append(self.value(depth))
            self.skip_blank(newlines=True)
            if self.peek() == ",":
                self.pos += 1
            elif self.peek() != "]":
                raise _Bad

    def inline_table(self, depth: int) -> Table:
        table = Table()
        while True:
            self.skip_blank(newlines=True)
            if self.peek() == "}":
                self.pos += 1
                return table
            if not self.peek():
                raise _Bad
            path = self.key_path()
            self.expect("=")
            self.skip_blank(newlines=False)
            _assign(table, path, self.value(depth))
            self.skip_blank(newlines=True)
            if self.peek() == ",":
                self.pos += 1
            elif self.peek() != "}":
                raise _Bad


def _child_table(table: Table, key: str) -> Table:
    node = table.get(key)
    if isinstance(node, Table):
        return node
    if isinstance(node, Items) and node.items and isinstance(node.items[-1], Table):
        return node.items[-1]
    fresh = Table()
    table.add(key, fresh)
    return fresh


def _assign(table: Table, path: list[str], node: Node) -> None:
    for key in path[:-1]:
        table = _child_table(table, key)
    table.add(path[-1], node)


def read_toml(text: str) -> Table:
    root = Table()
    current = root
    p = _Parser(text)
    while True:
        p.skip_blank(newlines=True)
        if p.pos >= len(text):
            return root
        start = p.pos
        try:
            if p.peek() == "[":
                current = _header(p, root)
            else:
                path = p.key_path()
                p.expect("=")
                p.skip_blank(newlines=False)
                _assign(current, path, p.value(0))
            p.skip_blank(newlines=False)
            if p.peek() not in ("", "\n", "#"):
                raise _Bad
        except _Bad:
            pass
        if p.pos == start:
            p.pos += 1
        p.skip_line()


def _header(p: _Parser, root: Table) -> Table:
    array = p.peek(2) == "[["
    p.pos += 2 if array else 1
    path = p.key_path()
    p.expect("]]" if array else "]")
    table = root
    for key in path[:-1]:
        table = _child_table(table, key)
    if not array:
        return _child_table(table, path[-1])
    node = table.get(path[-1])
    if not isinstance(node, Items):
        node = Items()
        table.add(path[-1], node)
    fresh = Table()
    node.items.append(fresh)
    return fresh
