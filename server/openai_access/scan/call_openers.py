"""Is the name that ends here called? Read from the bytes after it, as the scanners see a call.

The scanners classify call nodes only (``_call_at``): ``Agent(...)``, ``new Agent<Ctx>({...})``,
``Agent[Deps, Output](...)``, ``client.chat.completions.create(...)``. The same name as a type
(``agent: Agent[Any]``, ``Agent<any, any>``), a value handed on (``responses.create,``), a
subscript (``self.responses[-1]``) or a call with nothing inside (``new Runner()``) passes no
model. Between the name and its ``(`` may stand what tree-sitter skips (spaces, line breaks,
comments, a continuation backslash, a Unicode space) and, in TS, an optional call's ``?.`` and
type arguments; in Python a subscript's generic parameters.

Doubt answers "may be": type arguments holding a string or a comment, nested deeper than
``_MAX_DEPTH`` or longer than ``_LIMIT``, or read past the file's ``_BUDGET``. Every reading is
bounded so that a file of names costs linear time: a never-closed ``/*`` is found once per file.
"""

from __future__ import annotations

import re

# A line's comment, matched to the line's end only: a comment that may stop early lets a run of
# ``#`` (a banner, ``model ######…``) split into comments in 2^n ways before the match fails.
PY_COMMENT = rb"#[^\n]*(?![^\n])"
JS_COMMENT = rb"//[^\n]*(?![^\n])"
# What tree-sitter skips between a callee and its arguments, block comments aside (``_skip``); a
# non-ASCII byte may be a Unicode space.
_GAP = {
    True: re.compile(rb"(?:\s|\\|" + PY_COMMENT + rb"|[\x80-\xff])*"),
    False: re.compile(rb"(?:\s|" + JS_COMMENT + rb"|[\x80-\xff])*"),
}
# A regular expression's form of the same, then the call's ``(`` (JS/TS: or ``?.``, type
# arguments: ``create<Parsed>(``, or a block comment that may stand before it), for the API paths' tails.
OPENS = {
    True: _GAP[True].pattern + rb"\(",
    False: _GAP[False].pattern + rb"(?:\(|\?\.|<|/\*)",
}
_LIMIT = 4096  # bytes of type arguments read before answering "may be"
_MAX_DEPTH = 8  # nested type arguments read before answering "may be"
_BUDGET = 200_000  # brackets read per file before answering "may be" (a file of type arguments)
# What the type arguments' reading stops at: the brackets, and a string or a comment (doubt).
_STOPS = {True: re.compile(rb"[\[\]'\"#]"), False: re.compile(rb"[<>'\"`/#]")}


def _skip(data: bytes, at: int, python: bool) -> int:
    """The offset after what tree-sitter skips from ``at`` on. A JS ``/*`` never closed is no
    comment (``"@openai/*"`` in a string): the gap ends before it."""
    match = _GAP[python].match(data, at)
    i = match.end() if match is not None else at
    while not python and data.startswith(b"/*", i):
        end = _comment_end(data, i + 2)
        if end == -1:
            return i
        match = _GAP[python].match(data, end + 2)
        i = match.end() if match is not None else end + 2
    return i


# The last answer of ``_comment_end``: (the file's bytes, from where, the first ``*/`` from there).
_last_close: list[tuple[bytes, int, int]] = [(b"", 0, -1)]


def _comment_end(data: bytes, at: int) -> int:
    """Where the first ``*/`` at or after ``at`` starts, or -1. Remembered per file: a file of
    ``Agent /* `` would otherwise search to its end once per name."""
    last, start, found = _last_close[0]
    if last is data and start <= at and (found == -1 or at <= found):
        return found
    found = data.find(b"*/", at)
    _last_close[0] = (data, at, found)
    return found


def called_at(data: bytes, at: int, python: bool) -> bool:
    """Whether arguments open after the name ending at ``at``, and something is passed in them."""
    i = _skip(data, at, python)
    for _ in range(2):  # TS: ``?.`` and type arguments, in either order
        if i < len(data) and data[i] == (0x5B if python else 0x3C):  # ``[`` / ``<``
            close = _closing(data, i, python)
            if close is None:
                return True
            i = _skip(data, close, python)
        elif not python and data.startswith(b"?.", i):
            i = _skip(data, i + 2, python)
    if i >= len(data) or data[i] != 0x28:  # ``(``
        return False
    j = _skip(data, i + 1, python)
    return j >= len(data) or data[j] != 0x29


# Brackets ``_closing`` read in the file being asked about: (its bytes, how many).
_spent: list[tuple[bytes, int]] = [(b"", 0)]


def new_file() -> None:
    """Start the budget of brackets over: asked again about the same bytes, the answer is the same."""
    _spent[0] = (b"", 0)


def _closing(data: bytes, at: int, python: bool) -> int | None:
    """The offset after the bracket that closes the one at ``at`` (``[`` / ``<``), or None in doubt:
    a string or a comment inside, deeper than ``_MAX_DEPTH``, past ``_LIMIT`` bytes, or past the
    file's ``_BUDGET`` (type arguments nest, and each name inside would read them again)."""
    last, spent = _spent[0]
    if last is not data:
        spent = 0
    if spent > _BUDGET:
        return None
    opening, closing = (0x5B, 0x5D) if python else (0x3C, 0x3E)
    depth = 0
    answer = None
    for stop in _STOPS[python].finditer(data, at, min(len(data), at + _LIMIT)):
        spent += 1
        j = stop.start()
        c = data[j]
        if c == opening:
            depth += 1
            if depth > _MAX_DEPTH:
                break
        elif c == closing:
            if not python and data[j - 1] == 0x3D:  # ``=>`` in a function type
                continue
            depth -= 1
            if depth == 0:
                answer = j + 1
                break
        else:
            break
    _spent[0] = (data, spent)
    return answer
