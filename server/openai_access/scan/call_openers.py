"""Is the name that ends here called? Read from the bytes after it, as the scanners see a call.

The scanners classify call nodes only (``_call_at``): ``Agent(...)``, ``new Agent<Ctx>({...})``,
``Agent[Deps, Output](...)``, ``client.chat.completions.create(...)``. The same name as a type
(``agent: Agent[Any]``, ``Agent<any, any>``), a value handed on (``responses.create,``), a
subscript (``self.responses[-1]``) or a call with nothing inside (``new Runner()``) passes no
model. Between the name and its ``(`` may stand what tree-sitter skips (spaces, line breaks,
comments, a continuation backslash, a Unicode space) and, in TS, an optional call's ``?.`` and
type arguments; in Python a subscript's generic parameters.

Doubt answers "may be": type arguments holding a string, a comment or more than ``_LIMIT``
bytes, a block comment longer than that.
"""

from __future__ import annotations

import re

# What tree-sitter skips between a callee and its arguments; a non-ASCII byte may be a Unicode space.
_GAP = {
    True: re.compile(rb"(?:\s|\\|#[^\n]*(?![^\n])|[\x80-\xff])*"),
    False: re.compile(rb"(?:\s|//[^\n]*(?![^\n])|/\*(?:[^*]|\*(?!/)){0,4096}?\*/|[\x80-\xff])*"),
}
# A regular expression's form of the same, then the call's ``(`` (JS/TS: or ``?.``, or type
# arguments: ``create<Parsed>(``), for the API paths' tails.
OPENS = {
    True: _GAP[True].pattern + rb"\(",
    False: _GAP[False].pattern + rb"(?:\(|\?\.|<|/\*)",
}
_LIMIT = 4096  # bytes of type arguments read before answering "may be"
_DOUBT = frozenset(b"'\"`/#")  # in type arguments: a string or a comment


def _skip(data: bytes, at: int, python: bool) -> int:
    """The offset after what tree-sitter skips from ``at`` on (the pattern matches the empty text too)."""
    match = _GAP[python].match(data, at)
    return match.end() if match is not None else at


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
    if not python and _long_comment(data, i):
        return True
    if i >= len(data) or data[i] != 0x28:  # ``(``
        return False
    j = _skip(data, i + 1, python)
    return j >= len(data) or data[j] != 0x29 or (not python and _long_comment(data, j))


def _long_comment(data: bytes, at: int) -> bool:
    """A block comment at ``at`` that ``_GAP`` did not skip: longer than it reads (``/*`` with no
    ``*/`` after it is no comment: ``"@openai/*"`` in a string)."""
    return data.startswith(b"/*", at) and data.find(b"*/", at + 2) != -1


def _closing(data: bytes, at: int, python: bool) -> int | None:
    """The offset after the bracket that closes the one at ``at`` (``[`` / ``<``), or None in doubt."""
    opening, closing = (0x5B, 0x5D) if python else (0x3C, 0x3E)
    depth = 0
    for j in range(at, min(len(data), at + _LIMIT)):
        c = data[j]
        if c == opening:
            depth += 1
        elif c == closing and not (not python and data[j - 1] == 0x3D):  # ``=>`` in a function type
            depth -= 1
            if depth == 0:
                return j + 1
        elif c in _DOUBT:
            return None
    return None
