"""Can this literal be a slot's value? Read from the bytes before it, without parsing.

The slot pass (``slots._Finder``) reports a literal only where ``_values`` reaches it from a
model-named slot's value: the value itself, or inside it through parentheses and TS wrappers
(``("gpt-4o")``, ``"gpt-4o" as const``), a JSX ``{…}``, a ternary's branches (``? "a" : "b"``), a
conditional's (``"a" if c else "b"``), a fallback's operands (``or``, ``||``, ``??``), and a
few calls' defaults (``os.getenv(NAME, "…")``, ``Field("…")``, ``typer.Option("…", "--model")``).
So the token right before such a literal is one of few: the slot's own ``=`` or ``:``, ``(`` or
``,`` of those calls, ``?``, ``:``, ``{``, ``||``, ``??``, ``or``, ``else``. A literal after anything
else (``[`` or ``,`` in ``Literal["gpt-4o", "o3"]``, a TS union's ``|``, ``==``, ``return``,
``print(``, prose such as ``e.g. "o3-mini"`` in a docstring) is never one, and a file whose every
id-like literal sits so holds no slot reference.

Doubt answers "may be": a comment between the literal and the token before it (a line that
holds ``#``, ``//`` or ``*/``), a continuation backslash, a ``/`` (a comment's end). The prefilter
asks only about files scanned whole: a big file's windows reopen brackets in front of a cut
(``_windows``), which this does not model.
"""

from __future__ import annotations

import re

from openai_access.scan.prefilter import IDENTIFIER_CHARS, word_ending

_WS = frozenset(b" \t\r\n\f\v")
_LINE_ENDS = frozenset(b"\r\n")
# Tokens after which an expression is always taken to be in a value position.
_ALWAYS = frozenset(b":?{\\/")
# Words after which an expression is a fallback's or a conditional's operand.
_VALUE_WORDS = frozenset({b"or", b"else"})
# Calls whose first positional argument may be a slot's value (``_call_default``, ``_call_slots``).
_FIRST_ARGUMENT_CALLS = frozenset({b"Field", b"field", b"Option"})
_PYTHON_PREFIX = frozenset(b"rRuUfFtT")  # t: a 3.14 template string, a plain literal to the scanner too
_SIMPLE_TEXT = re.compile(rb"[^'\"`\\\n]*")
_MAX_PARENS = 8


def token_before(data: bytes, at: int, python: bool) -> int | None:
    """The offset of the last byte before ``at`` that is not space; -1 at the file's start;
    None when a line crossed on the way may end in a comment (anything may stand before it),
    or when that byte is not ASCII: tree-sitter takes Unicode spaces (a pasted no-break space,
    U+2028 ending a ``//`` comment) for whitespace, so the token before is unknown."""
    crossed = False
    while at and data[at - 1] in _WS:
        crossed = crossed or data[at - 1] in _LINE_ENDS  # a lone CR ends a line (and a JS comment) too
        at -= 1
    if not at:
        return -1
    if data[at - 1] >= 0x80:
        return None
    if crossed:
        start = data.rfind(b"\n", 0, at) + 1
        line = data[max(start, data.rfind(b"\r", start, at) + 1) : at]  # CR searched within the line only
        if (b"#" in line) if python else (b"//" in line or b"*/" in line):
            return None
    return at - 1


# Before a literal on a ``//`` line: what could end the comment or make the ``//`` no comment's (a
# string or a template literal around it, a lone CR or a Unicode line separator ending it).
_LINE_COMMENT_DOUBT = re.compile(rb"['\"`\r\x80-\xff]")


class JsComments:
    """Whether offsets of one JS/TS file lie in a comment, read from the lines before them only
    where they leave no doubt: after a ``//`` that starts its line (nothing but spaces before it),
    or in a JSDoc block (from the line of its ``/*`` on, every line starts with ``*``, and no ``*/``
    comes). Each line is read once per file, however many literals a block holds.

    Strings do not cross lines unless continued with a backslash, and a regular expression never
    does, so such a ``/*`` is a comment's or lies in a template literal's text. In the text, an
    even number of backticks before the offset leaves it in a template's text too: no literal
    either. A ``${`` (code in a template) or a lone CR on the way answers no.
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        # A whole line's start: backticks from its block's ``/*`` through the line; None: no such block.
        self._through: dict[int, int | None] = {}

    def holds(self, at: int) -> bool:
        data = self.data
        first = data.rfind(b"\n", 0, at) + 1
        prefix = data[first:at]
        head = prefix.lstrip(b" \t")
        if head.startswith(b"//"):
            return not _LINE_COMMENT_DOUBT.search(prefix) and not _continued(data, first)
        if b"*/" in prefix or b"${" in prefix or b"\r" in prefix:
            return False
        if head.startswith(b"/*"):
            above: int | None = None if _continued(data, first) else 0
        elif head.startswith(b"*") and first:
            above = self._block_through(first - 1)
        else:
            return False
        return above is not None and (above + _backticks(prefix)) % 2 == 0

    def _block_through(self, end: int) -> int | None:
        """For the whole line that ends at ``end`` (its line break): backticks from its block's
        ``/*`` through it, or None when it is in no block that leaves no doubt."""
        data = self.data
        below: list[tuple[int, int]] = []  # lines read on the way up: (start, backticks)
        answer: int | None = None
        while True:
            first = data.rfind(b"\n", 0, end) + 1
            if first in self._through:
                answer = self._through[first]
                break
            line = data[first:end]
            body = line[:-1] if line.endswith(b"\r") else line
            head = body.lstrip(b" \t")
            doubt = b"*/" in body or b"${" in body or b"\r" in body or body.endswith(b"\\")
            if head.startswith(b"/*"):
                answer = None if doubt or _continued(data, first) else _backticks(body)
                self._through[first] = answer
                break
            if doubt or not head.startswith(b"*") or head.startswith(b"*/") or not first:
                self._through[first] = answer = None
                break
            below.append((first, _backticks(body)))
            end = first - 1
        for first, ticks in reversed(below):
            answer = None if answer is None else answer + ticks
            self._through[first] = answer
        return answer


def _backticks(text: bytes) -> int:
    return text.count(b"`") - text.count(b"\\`")


def _continued(data: bytes, line_start: int) -> bool:
    """Whether the line before ``line_start`` ends in a backslash (a string may go on past it)."""
    end = line_start - 1
    if end > 0 and data[end - 1] == 0x0D:
        end -= 1
    return end > 0 and data[end - 1] == 0x5C


class SlotPositions:
    """Answers for one file's bytes (``data``, its original case) in one language."""

    def __init__(self, data: bytes, python: bool) -> None:
        self.data = data
        self.python = python
        self.quotes = b"'\"" if python else b"'\"`"
        self._in_list: dict[int, bool] = {}  # per comma: only simple strings back to a ``[`` / ``{``
        self._comments = None if python else JsComments(data)

    def may_be_value(self, quote: int) -> bool:
        """Whether the string literal whose (last) opening quote is at ``quote`` may be a slot's value."""
        start = self._literal_start(quote)
        if self._comments is not None and self._comments.holds(start):
            return False
        return self._value_position(start, 0)

    def _literal_start(self, quote: int) -> int:
        """The literal's first byte: before a triple quote's other two quotes and a Python prefix (``f"``)."""
        data = self.data
        start = quote
        while start and data[start - 1] == data[quote] and quote - start < 2:
            start -= 1
        if not self.python:
            return start
        prefixed = start
        while prefixed and data[prefixed - 1] in _PYTHON_PREFIX and start - prefixed < 2:
            prefixed -= 1
        if prefixed != start and prefixed and data[prefixed - 1] in IDENTIFIER_CHARS:
            return start  # ``or"x"``: a word before the quote, not a prefix
        return prefixed

    def before(self, at: int) -> int | None:
        """``token_before`` in this file."""
        return token_before(self.data, at, self.python)

    def _value_position(self, at: int, depth: int) -> bool:
        """Whether an expression starting at ``at`` may be (inside) a slot's value, from the token before it."""
        j = self.before(at)
        if j is None:
            return True
        if j < 0:
            return False
        data = self.data
        c = data[j]
        if c in _ALWAYS:
            return True
        if c == 0x3D:  # ``=``, not ``==`` / ``!=`` / ``<=`` / ``>=``
            return not (j and data[j - 1] in b"=!<>")
        if c == 0x7C:  # ``||``; a single ``|`` is a union or a bitwise or, no fallback
            return bool(j and data[j - 1] == 0x7C)
        if c == 0x28:  # ``(``: a call's first argument, or a parenthesized value
            k = self.before(j)
            if k is None:
                return True
            if k >= 0 and data[k] in IDENTIFIER_CHARS:
                word = word_ending(self.data, k + 1)
                return word in _FIRST_ARGUMENT_CALLS or word in _VALUE_WORDS
            return depth >= _MAX_PARENS or self._value_position(j, depth + 1)  # deeper: may be
        if c == 0x2C:  # ``,``: a call's later argument, unless a list of plain strings holds it
            return not self._list_of_strings(j)
        if c in IDENTIFIER_CHARS:
            return word_ending(self.data, j + 1) in _VALUE_WORDS
        return False

    def _list_of_strings(self, comma: int) -> bool:
        """Whether only plain string literals and commas stand between ``comma`` and an opening
        ``[`` or ``{`` (``Literal["gpt-4o", "o3"]``, ``["gpt-4o", "o3"]``): then the bracket holds
        the literal after the comma, and no call does. Plain: one quote character on each side,
        nothing between them that could end or escape a string (else the answer is False)."""
        known = self._in_list.get(comma)
        if known is not None:
            return known
        seen: list[int] = []
        answer, at, string_next = False, comma, True
        while True:
            j = self.before(at)
            if j is None or j < 0:
                break
            if self.data[j] in b"[{":
                answer = True
                break
            if string_next:
                start = self._plain_string_ending_at(j)
                if start is None:
                    break
                at, string_next = start, False
                continue
            if self.data[j] != 0x2C:
                break
            known = self._in_list.get(j)
            if known is not None:
                answer = known
                break
            seen.append(j)
            at, string_next = j, True
        for each in [comma, *seen]:
            self._in_list[each] = answer
        return answer

    def _plain_string_ending_at(self, end: int) -> int | None:
        """The opening quote of a plain string literal whose closing quote is at ``end``, or None."""
        data = self.data
        quote = data[end]
        if quote not in self.quotes:
            return None
        start = data.rfind(data[end : end + 1], 0, end)
        if start < 0 or not _SIMPLE_TEXT.fullmatch(data, start + 1, end):
            return None
        if start and (data[start - 1] in IDENTIFIER_CHARS or data[start - 1] == quote):
            return None  # a prefix (``f"…"``) or a triple quote: not a plain string
        return start
