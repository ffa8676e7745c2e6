"""Inline silencing: ``# openai-access: ignore``, ``ignore[deprecated, unknown]``, ``ignore-file``.

Only real comments count, so a string that merely mentions the directive (a test fixture,
this very docstring) silences nothing. Comments are found by a small lexer per comment
style that knows strings; it is a heuristic (no regex literals, no nested template
expressions), cheap, and only runs on files that mention ``openai-access`` at all.

The language server's quick fix and the CLI's ``--add-ignores`` both ask
``ignore_comment_edit`` where to put the comment, so they write the same thing.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from openai_access.references import Position
from openai_access.scan.comments import comment_lines_with

__all__ = ["MARKER", "Suppressions", "comment_prefix", "ignore_comment_edit"]

MARKER = "openai-access"
_DIRECTIVE = re.compile(r"openai-access:\s*(ignore-file|ignore)(?![\w-])(\s*\[([^\]\n]*)\])?")


@dataclass(frozen=True, slots=True)
class _Style:
    prefix: str | None  # what a new comment starts with; None: the format has no comments
    hash: bool = False  # '#' comments
    slash: bool = False  # '//' and '/* */' comments
    quotes: str = "\"'"
    triple: bool = False  # '''/""" strings span lines
    persistent: str = ""  # quotes whose strings span lines (JS template literals)
    token_start: bool = False  # YAML/.env: '#' and quotes only start after whitespace


_HASH = _Style("#", hash=True, triple=True)
_YAML = _Style("#", hash=True, token_start=True)
_SLASH = _Style("//", slash=True, quotes="\"'`", persistent="`")
_JSON = _Style(None, slash=True, quotes='"')
_STYLES = {
    "python": _HASH,
    "notebook": _HASH,
    "toml": _HASH,
    "yaml": _YAML,
    "dotenv": _YAML,
    "javascript": _SLASH,
    "typescript": _SLASH,
    "tsx": _SLASH,
    "json": _JSON,
}


def comment_prefix(language: str) -> str | None:
    style = _STYLES.get(language)
    return style.prefix if style else None


@dataclass(frozen=True, slots=True)
class _Comment:
    line: int
    start: int  # column of the comment's first character of text (after '#' or '//')
    text: str


@functools.lru_cache(maxsize=16)
def _code_stops(style: _Style) -> re.Pattern[str]:
    """Characters that can change the lexer's state outside strings and comments."""
    chars = "\n" + "".join(sorted(set(style.quotes))) + ("#" if style.hash else "") + ("/" if style.slash else "")
    return re.compile("[" + re.escape(chars) + "]")


@functools.lru_cache(maxsize=16)
def _string_stops(quote_char: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape("\\\n" + quote_char) + "]")


_BLOCK_STOPS = re.compile(r"\n|\*/")


def _lex(text: str, style: _Style) -> tuple[list[_Comment], list[bool]]:
    """Comments, and for each line whether it ends inside a string or block comment.

    Jumps from one state-changing character to the next with a regex instead of stepping
    through every character: the language server runs this on each keystroke.
    """
    comments: list[_Comment] = []
    open_at_end: list[bool] = []
    n = len(text)
    i = line = line_start = 0
    quote: str | None = None  # the quote of the string we are in
    block_from: int | None = None  # text offset where the current /* */ segment began
    code_stops = _code_stops(style)
    while i < n:
        if block_from is not None:
            m = _BLOCK_STOPS.search(text, i)
            if m is None:
                break
            i = m.start()
            if text[i] != "\n":
                comments.append(_Comment(line, block_from - line_start, text[block_from:i]))
                block_from = None
                i += 2
                continue
        elif quote is not None:
            m = _string_stops(quote[0]).search(text, i)
            if m is None:
                break
            i = m.start()
            c = text[i]
            if c == "\\":
                if style.token_start and quote == "'":
                    i += 1
                else:
                    i += 1 if text[i + 1 : i + 2] == "\n" else 2
                continue
            if c != "\n":
                if text.startswith(quote, i):
                    i += len(quote)
                    quote = None
                else:
                    i += 1
                continue
        else:
            m = code_stops.search(text, i)
            if m is None:
                break
            i = m.start()
            c = text[i]
            if c != "\n":
                at_token = i == line_start or text[i - 1] in " \t:[{,-=("
                if c == "#" and (not style.token_start or i == line_start or text[i - 1] in " \t"):
                    end = text.find("\n", i)
                    end = n if end == -1 else end
                    comments.append(_Comment(line, i + 1 - line_start, text[i + 1 : end]))
                    i = end
                elif c == "/" and text.startswith("//", i):
                    end = text.find("\n", i)
                    end = n if end == -1 else end
                    comments.append(_Comment(line, i + 2 - line_start, text[i + 2 : end]))
                    i = end
                elif c == "/" and text.startswith("/*", i):
                    block_from = i + 2
                    i += 2
                elif c in style.quotes and (at_token or not style.token_start):
                    quote = c * 3 if style.triple and text.startswith(c * 3, i) else c
                    i += len(quote)
                else:
                    i += 1
                continue
        # A newline, in any state.
        if block_from is not None:
            comments.append(_Comment(line, block_from - line_start, text[block_from:i]))
            block_from = i + 1
        open_at_end.append(quote is not None or block_from is not None)
        if quote is not None and len(quote) == 1 and quote not in style.persistent:
            quote = None  # an unterminated one-line string ends with its line
        line, line_start, i = line + 1, i + 1, i + 1
    if block_from is not None:
        comments.append(_Comment(line, block_from - line_start, text[block_from:n]))
    open_at_end.append(quote is not None or block_from is not None)
    return comments, open_at_end


@dataclass(frozen=True, slots=True)
class _Directive:
    statuses: frozenset[str] | None  # None: every status
    close: int | None  # column of the ']' of the status list, for extending it


def _directives(comment: _Comment) -> list[tuple[str, _Directive]]:
    out = []
    for m in _DIRECTIVE.finditer(comment.text):
        kind, bracket, inner = m.group(1), m.group(2), m.group(3)
        statuses = None
        close = None
        if kind == "ignore" and bracket is not None:
            names = frozenset(s.strip().lower() for s in inner.split(",") if s.strip())
            statuses = names or None
            close = comment.start + m.end(2) - 1
        out.append((kind, _Directive(statuses, close)))
    return out


@dataclass
class Suppressions:
    """What a file's comments silence. ``parse`` never raises."""

    file_ignored: bool = False
    _lines: dict[int, list[_Directive]] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str, language: str) -> Suppressions:
        style = _STYLES.get(language)
        if style is None or not isinstance(text, str) or MARKER not in text:
            return cls()
        sup = cls()
        found = comment_lines_with(text, language, MARKER)  # the scan's tree, when it is at hand
        comments = _lex(text, style)[0] if found is None else [_Comment(line, 0, body) for line, body in found]
        for comment in comments:
            for kind, directive in _directives(comment):
                if kind == "ignore-file":
                    sup.file_ignored = True
                else:
                    sup._lines.setdefault(comment.line, []).append(directive)
        return sup

    def is_ignored(self, line: int, status: str) -> bool:
        """Whether a finding of ``status`` on ``line`` (0-based) is silenced."""
        if self.file_ignored:
            return True
        return any(d.statuses is None or status.lower() in d.statuses for d in self._lines.get(line, ()))


def ignore_comment_edit(text: str, language: str, line: int, status: str | None) -> tuple[Position, str] | None:
    """Where to insert what so ``line`` stops reporting ``status`` (None: every status).

    Extends an ``ignore[...]`` already on the line rather than adding a second comment.
    None when nothing is needed (already silenced) or nothing can be written safely: JSON
    has no comments, and a line that ends inside a string, a block comment or a ``\\``
    continuation would change meaning.
    """
    style = _STYLES.get(language)
    if style is None or style.prefix is None or not isinstance(text, str):
        return None
    lines = text.split("\n")
    if not 0 <= line < len(lines):
        return None
    content = lines[line].rstrip("\r")
    comments, open_at_end = _lex(text, style)
    directives = [d for c in comments if c.line == line for kind, d in _directives(c) if kind == "ignore"]
    wanted = status.lower() if status else None
    if any(d.statuses is None or (wanted is not None and wanted in d.statuses) for d in directives):
        return None
    if directives:
        listed = next((d for d in directives if d.close is not None), None)
        if wanted is None or listed is None or listed.close is None:
            return None  # a status list cannot widen to "all" by inserting; leave it to the user
        return Position(line, listed.close), f", {wanted}"
    if open_at_end[line] or (style.hash and content.rstrip().endswith("\\")):
        return None
    directive = f"{style.prefix} {MARKER}: ignore" + (f"[{wanted}]" if wanted else "")
    if not content.strip():
        sep = ""
    elif content[-1] in " \t":
        sep = "" if content.endswith(("  ", "\t")) or style.prefix == "//" else " "
    else:
        sep = " " if style.prefix == "//" else "  "
    return Position(line, len(content)), sep + directive
