"""Jupyter notebooks: the code cells read as one Python program, references given per cell.

A notebook defines ``MODEL = "gpt-4o"`` in one cell and calls the API in another, so the
cells are scanned together (concatenated, line offsets kept) and each reference is mapped
back to its cell with cell-relative lines. IPython lines (``%magic``, ``!shell``) are blanked
in place, so nothing else moves. A cell that does not parse is left out of a second pass, so
one half-typed cell (an unclosed string swallowing the cells after it) hides nothing.

``cell`` is the index among *all* cells of the notebook (markdown included), as the CLI's
JSON contract and the language server's cell documents both count them. Notes meant for
people ("in cell 3") count from 1.
"""

from __future__ import annotations

import ast
import json
import re
import warnings
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from openai_access.references import ModelReference, Position, Range
from openai_access.scan.options import DEFAULT_OPTIONS, ScanOptions

__all__ = ["notebook_cells", "scan_cells", "scan_notebook"]

# Cell magics whose body is still Python; any other %%magic makes the cell another language.
_PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "memit", "pyinstrument"})
_IPYTHON_LINE = re.compile(r"^\s*(?:[%!]|[\w.,\s\[\]]+=\s*[%!])|^\s*[\w.]+\?\??\s*$")
_SCANNER_VIA = re.compile(r"^used as the model at lines? ")


def notebook_cells(text: str) -> list[str | None] | None:
    """Each cell's Python source (None for markdown, raw and non-Python cells), or None when
    the text is not a notebook or its kernel is not Python."""
    try:
        nb = json.loads(text)
    except ValueError:  # RecursionError (valid JSON nested too deep) is the caller's to report
        return None
    if not isinstance(nb, dict):
        return None
    if not _python_kernel(nb.get("metadata")):
        return None
    cells = nb.get("cells")
    source_key = "source"
    if cells is None and isinstance(nb.get("worksheets"), list) and nb["worksheets"]:
        first = nb["worksheets"][0]  # nbformat 3
        cells = first.get("cells") if isinstance(first, dict) else None
        source_key = "input"
    if not isinstance(cells, list):
        return None
    out: list[str | None] = []
    for cell in cells:
        out.append(_cell_source(cell, source_key))
    return out


def _python_kernel(metadata: Any) -> bool:
    if not isinstance(metadata, dict):
        return True
    for holder, key in (("kernelspec", "language"), ("language_info", "name")):
        info = metadata.get(holder)
        if isinstance(info, dict) and isinstance(info.get(key), str):
            return bool(info[key].lower() in ("python", "python3", "ipython", "ipython3"))
    return True


def _cell_source(cell: Any, source_key: str) -> str | None:
    if not isinstance(cell, dict) or cell.get("cell_type") != "code":
        return None
    meta = cell.get("metadata")
    language = meta.get("vscode", {}).get("languageId") if isinstance(meta, dict) else None
    if isinstance(language, str) and language != "python":
        return None
    src = cell.get(source_key, "")
    if isinstance(src, list):
        src = "".join(s for s in src if isinstance(s, str))
    return src if isinstance(src, str) else None


def scan_notebook(text: str, options: ScanOptions = DEFAULT_OPTIONS) -> list[ModelReference]:
    """References in an ``.ipynb`` file, each with ``cell`` set. Broken JSON → []."""
    cells = notebook_cells(text)
    if not cells:
        return []
    return [ref for refs in scan_cells(cells, options) for ref in refs]


def scan_cells(cells: Sequence[str | None], options: ScanOptions = DEFAULT_OPTIONS) -> list[list[ModelReference]]:
    """Per-cell references for cells the editor holds as separate documents (None: not code).

    Ranges are relative to their cell; ``via`` keeps the uses in the literal's own cell, and
    ``via_note`` names uses in other cells.
    """
    out: list[list[ModelReference]] = [[] for _ in cells]
    seen: set[tuple[int, Range]] = set()
    sources = [python_source(c) if c is not None else None for c in cells]
    _collect(sources, options, out, seen)
    # A half-typed cell (an unclosed string or bracket) can swallow every cell after it.
    # Scan again without the broken cells, keeping the rest's context (which client, which
    # constant), and add only what the first pass could not see.
    broken = [i for i, src in enumerate(sources) if src is not None and not _parses(src)]
    if broken:
        blanked = list(sources)
        for i in broken:
            blanked[i] = "\n" * (sources[i] or "").count("\n")
        _collect(blanked, options, out, seen)
    for refs in out:
        refs.sort(key=lambda r: r.range)
    return out


def _collect(
    sources: Sequence[str | None],
    options: ScanOptions,
    out: list[list[ModelReference]],
    seen: set[tuple[int, Range]],
) -> None:
    from openai_access.scan import scan_text

    layout = _Layout.build(sources)
    for ref in scan_text(layout.text, "python", options):
        mapped = layout.map(ref)
        if mapped is None or mapped.cell is None or (mapped.cell, mapped.range) in seen:
            continue
        seen.add((mapped.cell, mapped.range))
        out[mapped.cell].append(mapped)


def _parses(source: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(source)
    except Exception:  # SyntaxError, ValueError (NUL), RecursionError, MemoryError
        return False
    return True


def python_source(cell: str) -> str:
    """The cell with IPython-only lines blanked (same line count, same columns elsewhere)."""
    lines = cell.split("\n")
    first = lines[0].strip() if lines else ""
    if first.startswith("%%"):
        magic = first[2:].split(maxsplit=1)[0] if len(first) > 2 else ""
        if magic not in _PYTHON_CELL_MAGICS:
            return "\n" * (len(lines) - 1)
    return "\n".join("" if _IPYTHON_LINE.match(line) else line for line in lines)


@dataclass
class _Layout:
    text: str
    starts: list[int]  # first combined line of each included cell
    owners: list[int]  # the notebook cell index of each included cell

    @classmethod
    def build(cls, cells: Sequence[str | None]) -> _Layout:
        parts: list[str] = []
        starts: list[int] = []
        owners: list[int] = []
        line = 0
        for index, body in enumerate(cells):
            if body is None:
                continue
            starts.append(line)
            owners.append(index)
            parts.append(body)
            line += body.count("\n") + 1
        return cls("\n".join(parts), starts, owners)

    def locate(self, line: int) -> tuple[int, int] | None:
        k = bisect_right(self.starts, line) - 1
        if k < 0:
            return None
        return self.owners[k], line - self.starts[k]

    def local(self, rng: Range) -> tuple[int, Range] | None:
        start, end = self.locate(rng.start.line), self.locate(rng.end.line)
        if start is None or end is None or start[0] != end[0]:
            return None
        return start[0], Range(Position(start[1], rng.start.character), Position(end[1], rng.end.character))

    def map(self, ref: ModelReference) -> ModelReference | None:
        home = self.local(ref.range)
        if home is None:
            return None
        cell, rng = home
        same: list[Range] = []
        elsewhere: list[str] = []
        for use in ref.via:
            where = self.local(use)
            if where is None:
                continue
            if where[0] == cell:
                same.append(where[1])
            else:
                elsewhere.append(f"cell {where[0] + 1}, line {where[1].start.line + 1}")
        note = _note(ref.via_note, same, elsewhere)
        return replace(ref, range=rng, cell=cell, via=tuple(same), via_note=note)


def _note(original: str | None, same: list[Range], elsewhere: list[str]) -> str | None:
    """Say where the literal is used in the notebook's terms (the scanner counted lines of
    the concatenated cells, which mean nothing to the reader)."""
    parts = [p for p in (original or "").split("; ") if p and not _SCANNER_VIA.match(p)]
    uses: list[str] = []
    lines = sorted({r.start.line + 1 for r in same})
    if lines:
        uses.append(("line " if len(lines) == 1 else "lines ") + ", ".join(map(str, lines)))
    uses.extend(elsewhere)
    if uses:
        parts.insert(0, "used as the model " + ("at " if lines else "in ") + "; ".join(uses))
    return "; ".join(parts) or None
