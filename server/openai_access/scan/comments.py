"""Comments holding a word, read from the tree the keystroke's scan just parsed.

Suppression comments (``suppress.py``) must be told from strings that merely mention the
directive. Its lexer does that for every language, but runs over the whole text; in the
language server the scan has already parsed the same text, so the comments are a lookup away.
"""

from __future__ import annotations

from tree_sitter import Node, Tree

from openai_access.scan._common import encode
from openai_access.scan._parsing import reusing_parser

__all__ = ["comment_lines_with"]

_COMMENTS = frozenset({"comment", "html_comment"})


def comment_lines_with(text: str, language: str, word: str) -> list[tuple[int, str]] | None:
    """(line, text) of each comment line holding ``word``, or None when no tree of ``text`` is at
    hand (a batch run, another language): then the caller lexes.

    A ``/* … */`` comment gives one entry per line, as the lexer does.
    """
    data = encode(text)
    tree = _cached_tree(data, language)
    if tree is None:
        return None
    needle = encode(word)
    out: list[tuple[int, str]] = []
    seen: set[int] = set()
    pos = data.find(needle)
    while pos != -1:
        node = _comment_at(tree.root_node, pos, pos + len(needle))
        if node is not None and node.start_byte not in seen:
            seen.add(node.start_byte)
            body = data[node.start_byte : node.end_byte].decode("utf-8", "replace")
            for i, line in enumerate(body.split("\n")):
                if word in line:
                    out.append((node.start_point.row + i, _strip(line)))
        pos = data.find(needle, pos + len(needle))
    return out


def _cached_tree(data: bytes, language: str) -> Tree | None:
    parser = reusing_parser(language)
    return None if parser is None else parser.cached(data)


def _comment_at(root: Node, start: int, end: int) -> Node | None:
    node: Node | None = root.descendant_for_byte_range(start, end)
    while node is not None and node.type not in _COMMENTS:
        node = node.parent
    return node


def _strip(line: str) -> str:
    """The comment's text without its markers (``#``, ``//``, ``/*``, ``*/``)."""
    line = line.rstrip("\r")
    for opener in ("#", "//", "/*"):
        if line.startswith(opener):
            line = line[len(opener) :]
            break
    return line[:-2] if line.endswith("*/") else line
