"""Where each cell's source line sits in the ``.ipynb`` file itself (its JSON text).

References in a notebook are cell-relative (``cell`` + a line in that cell), which is what the
editor's cell documents want. A CI annotation or a SARIF upload points at the *file*, so the
renderers need the file's own line and column: the line of the JSON string holding that source
line, and the column where its text starts. Cells are matched to their ``"source"`` value in
file order, so a ``"source"`` key in metadata is passed over.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from typing import Any

_SOURCE_KEY = re.compile(r'"(?:source|input)"\s*:\s*')
_DECODER = json.JSONDecoder()


FilePlace = tuple[int, int, tuple[tuple[int, int], ...]]


def cell_file_positions(text: str) -> list[list[FilePlace]]:
    """Per cell (all cells, as ``ModelReference.cell`` counts them), per source line: the 0-based
    (line, column) in ``text`` where that line's characters start, and the escapes in it
    (character index, extra file characters) to place a column exactly. Empty when unknown."""
    try:
        nb = json.loads(text)
    except (ValueError, RecursionError):
        return []
    cells, key = _cells(nb)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def where(offset: int) -> tuple[int, int]:
        line = bisect_right(starts, offset) - 1
        return line, offset - starts[line]

    out: list[list[FilePlace]] = []
    pos = 0
    for cell in cells:
        src = cell.get(key) if isinstance(cell, dict) else None
        span = _find_value(text, pos, src)
        if span is None:
            out.append([])
            continue
        begin, end = span
        pos = end
        out.append([(*where(o), escapes) for o, escapes in _line_offsets(text, begin, end)])
    return out


def _cells(nb: Any) -> tuple[list[Any], str]:
    if not isinstance(nb, dict):
        return [], "source"
    if isinstance(nb.get("cells"), list):
        return nb["cells"], "source"
    sheets = nb.get("worksheets")
    if isinstance(sheets, list) and sheets and isinstance(sheets[0], dict) and isinstance(sheets[0].get("cells"), list):
        return sheets[0]["cells"], "input"  # nbformat 3
    return [], "source"


def _find_value(text: str, pos: int, src: Any) -> tuple[int, int] | None:
    for m in _SOURCE_KEY.finditer(text, pos):
        try:
            value, end = _DECODER.raw_decode(text, m.end())
        except ValueError:
            continue
        if value == src:
            return m.end(), end
    return None


def _line_offsets(text: str, begin: int, end: int) -> list[tuple[int, tuple[tuple[int, int], ...]]]:
    """Where each source line starts, walking the JSON strings between begin and end, with its
    escapes: (character index in the line, extra characters the escape takes in the file)."""
    lines: list[tuple[int, list[tuple[int, int]]]] = []
    fresh = True  # the next character starts a source line
    i = begin
    while i < end:
        if text[i] != '"':
            i += 1
            continue
        i += 1  # inside a string
        while i < end and text[i] != '"':
            if fresh:
                lines.append((i, []))
                fresh = False
            start, escapes = lines[-1]
            if text[i] == "\\":
                width = 6 if text[i + 1 : i + 2] == "u" else 2
                fresh = text[i + 1 : i + 2] == "n"
                if not fresh:
                    escapes.append((i - start - sum(e for _, e in escapes), width - 1))
                i += width
            else:
                i += 1
        i += 1
    if fresh:
        lines.append((max(end - 1, begin), []))  # an empty last line
    return [(offset, tuple(escapes)) for offset, escapes in lines]
