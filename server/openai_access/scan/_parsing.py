"""Parsing with reuse: on each keystroke only the edited region is parsed again.

The scanner API is stateless (text in, references out), so the edit is recovered by
diffing against the few texts this process parsed last (common prefix and suffix), and
tree-sitter reparses incrementally from the old tree. Parsers are per thread because a
tree-sitter ``Parser`` must not be shared by concurrent parses.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import AnyStr

from tree_sitter import Language, Parser, Point, Tree

# Trees of big files cost memory for little gain; such files are rarely typed into.
_MAX_CACHED_BYTES = 2_000_000
_CACHE_SIZE = 4


def without_unclosed_comments(data: bytes) -> bytes:
    """``data`` with each ``/*`` after the first of those no ``*/`` follows made ``/ `` (same length).

    tree-sitter's JS/TS lexer reads a ``/*`` to the end of the text before it gives the comment up,
    then goes on; a file of such (broken code, or a generated one) parsed in quadratic time: 80 KB
    of ``a /* `` took 12 s, a 256 KB window two minutes. The first one still costs its one read to
    the end. The rest were no comments either (none closes), so the text gives the same tokens but
    a ``*``; the scanners read each node's text from the original bytes.
    """
    close = data.rfind(b"*/")
    first = data.find(b"/*", close + 2 if close >= 0 else 0)
    if first < 0 or data.find(b"/*", first + 2) < 0:
        return data
    return data[: first + 2] + data[first + 2 :].replace(b"/*", b"/ ")


class PlainParser:
    """A thread's parser that remembers nothing (the windows of a big file parse with it); for
    JS/TS it parses text ``without_unclosed_comments`` (then never from an old tree, which was
    parsed from other bytes)."""

    def __init__(self, parser: Parser, block_comments: bool) -> None:
        self._parser = parser
        self._block_comments = block_comments

    def parse(self, data: bytes, old_tree: Tree | None = None) -> Tree:
        tamed = without_unclosed_comments(data) if self._block_comments else data
        if old_tree is None or tamed is not data:
            return self._parser.parse(tamed)
        return self._parser.parse(data, old_tree)


class ReusingParser:
    def __init__(self, language: Language, block_comments: bool = False) -> None:
        """``block_comments``: the language has ``/* */`` comments (``without_unclosed_comments``)."""
        self._language = language
        self._block_comments = block_comments
        self._local = threading.local()
        self._lock = threading.Lock()
        # (text, its tree, the rows whose syntax changed from the tree it was reparsed from: None
        # when it was parsed from scratch)
        self._recent: deque[tuple[bytes, Tree, tuple[int, int] | None]] = deque(maxlen=_CACHE_SIZE)

    def forget(self) -> None:
        """Drop the remembered trees (tests compare against from-scratch parses)."""
        with self._lock:
            self._recent.clear()

    def parser(self) -> Parser:
        """This thread's tree-sitter parser."""
        parser: Parser | None = getattr(self._local, "parser", None)
        if parser is None:
            parser = self._local.parser = Parser(self._language)
        return parser

    def plain(self) -> PlainParser:
        """This thread's parser as the windows of a big file use it: remembering nothing."""
        return PlainParser(self.parser(), self._block_comments)

    def changed_rows(self, tree: Tree) -> tuple[int, int] | None:
        """The first and last row whose syntax differs from the tree ``tree`` was reparsed from.

        An edit that opens a string or a bracket changes the meaning of text far from it, which
        the edit's own span does not show; tree-sitter's changed ranges do. None when ``tree``
        was not reparsed from an older one (then anything may have changed).
        """
        with self._lock:
            return next((rows for _, t, rows in self._recent if t is tree), None)

    def cached(self, data: bytes) -> Tree | None:
        """The tree of exactly ``data`` if it was parsed lately (the keystroke's own scan)."""
        with self._lock:
            recent = list(self._recent)
        return next((tree for old, tree, _ in reversed(recent) if old == data), None)

    def parse(self, data: bytes, reuse: bool = True) -> Tree:
        """``reuse=False`` (a batch run: every text is new) parses plainly and remembers nothing;
        so does a text whose never-closed comments were tamed (its tree is of other bytes)."""
        parser = self.parser()
        tamed = without_unclosed_comments(data) if self._block_comments else data
        if tamed is not data or not reuse or len(data) > _MAX_CACHED_BYTES:
            return parser.parse(tamed)
        same = self.cached(data)
        if same is not None:
            return same
        with self._lock:
            recent = list(self._recent)
        tree: Tree | None = None
        best = _closest([(old, tree) for old, tree, _ in recent], data)
        replaced: bytes | None = None
        changed: tuple[int, int] | None = None
        if best is not None:
            old_data, old_tree, prefix, suffix = best
            if old_data == data:
                return old_tree
            edited = old_tree.copy()
            start, new_end = point(data, prefix), point(data, len(data) - suffix)
            edited.edit(
                start_byte=prefix,
                old_end_byte=len(old_data) - suffix,
                new_end_byte=len(data) - suffix,
                start_point=start,
                old_end_point=point(old_data, len(old_data) - suffix),
                new_end_point=new_end,
            )
            tree = parser.parse(data, edited)
            replaced = old_data
            rows = [(r.start_point.row, r.end_point.row) for r in edited.changed_ranges(tree)]
            rows.append((start.row, new_end.row))
            changed = (min(a for a, _ in rows), max(b for _, b in rows))
        if tree is None:
            tree = parser.parse(data)
        with self._lock:
            # Typing moves forward: the text this one was edited from is not needed again, and
            # keeping it would fill the cache with versions of one big file instead of the few
            # documents being worked on.
            for i, (old, _, _) in enumerate(self._recent):
                if old is replaced:
                    del self._recent[i]
                    break
            self._recent.append((data, tree, changed))
        return tree


def _closest(recent: list[tuple[bytes, Tree]], data: bytes) -> tuple[bytes, Tree, int, int] | None:
    """The cached text that differs from ``data`` in the smallest span, if it is small."""
    best: tuple[bytes, Tree, int, int] | None = None
    best_changed = len(data) // 2 + 1
    for old, tree in reversed(recent):
        prefix = common_prefix(old, data)
        limit = min(len(old), len(data)) - prefix
        suffix = common_suffix(old, data, limit)
        changed = (len(old) - prefix - suffix) + (len(data) - prefix - suffix)
        if changed < best_changed:
            best, best_changed = (old, tree, prefix, suffix), changed
            if changed == 0:
                break
    return best


def common_prefix(a: AnyStr, b: AnyStr) -> int:
    """Length of the common prefix; compares chunks (memcmp speed), never byte by byte."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def common_suffix(a: AnyStr, b: AnyStr, limit: int) -> int:
    """Length of the common suffix, at most ``limit`` (so it never overlaps the prefix)."""
    lo, hi = 0, limit
    la, lb = len(a), len(b)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[la - mid : la - lo] == b[lb - mid : lb - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def point(data: bytes, offset: int) -> Point:
    """Where byte ``offset`` of ``data`` is, as tree-sitter counts (row, byte column)."""
    row = data.count(b"\n", 0, offset)
    column = offset - (data.rfind(b"\n", 0, offset) + 1)
    return Point(row, column)


def reusing_parser(language: str) -> ReusingParser | None:
    """The shared parser of a source language (whose trees a keystroke's scan leaves cached)."""
    if language == "python":
        from openai_access.scan import python

        return python.PARSER
    if language in ("javascript", "typescript", "tsx"):
        from openai_access.scan import javascript

        return javascript.PARSERS[language]
    return None
