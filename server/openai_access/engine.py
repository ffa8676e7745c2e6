"""The engine over files on disk: find sources, scan, resolve cross-file constants, judge.

The CLI uses it whole; the language server uses the same pieces per open document. Nothing
here talks LSP or prints: callers render ``FileVerdict``s and say the ``notes``.
"""

from __future__ import annotations

import fnmatch
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openai_access.access.answers import AccessView
from openai_access.references import ModelReference, Position, Surface, Target
from openai_access.scan import language_for_path, scan_text
from openai_access.scan.notebook_lines import FilePlace, cell_file_positions
from openai_access.settings import Settings
from openai_access.suppress import Suppressions
from openai_access.verdict import Judge, Verdict

MIB = 1024 * 1024
MAX_FILE_BYTES = 5 * MIB  # larger files are generated or data: skipped with a note
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        ".venv",
        "venv",
        "env",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "site-packages",
        "dist",
        "build",
        ".e2e",
        ".ipynb_checkpoints",
    }
)


@dataclass
class SourceFile:
    path: str  # as shown to the user (joined from the path given on the command line)
    language: str
    text: str
    note: str | None = None  # e.g. "not valid UTF-8; undecodable bytes replaced"

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


@dataclass
class ScannedFile:
    source: SourceFile
    references: list[ModelReference] = field(default_factory=list)


@dataclass(frozen=True)
class FileVerdict:
    path: str
    lines: Sequence[str]  # the lines the reference's range refers to (the cell's, in a notebook)
    verdict: Verdict
    suppressed: bool = False
    # In a notebook: where each of ``lines`` starts in the .ipynb file (see notebook_lines).
    file_positions: Sequence[FilePlace] = ()

    def file_position(self, pos: Position) -> Position:
        """``pos`` in the file itself: unchanged for source files, through the JSON for a cell."""
        if 0 <= pos.line < len(self.file_positions):
            line, column, escapes = self.file_positions[pos.line]
            extra = sum(width for at, width in escapes if at < pos.character)
            return Position(line, column + pos.character + extra)
        return pos


def cell_place(ref: ModelReference) -> str | None:
    """The one notation people read for a place in a notebook: "cell 2, line 3" (both from 1)."""
    if ref.cell is None:
        return None
    return f"cell {ref.cell + 1}, line {ref.range.start.line + 1}"


def _ignored(rel: str, globs: Sequence[str]) -> bool:
    rel = rel.replace(os.sep, "/")
    return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(rel, g.rstrip("/") + "/*") for g in globs)


def iter_source_paths(paths: Iterable[str], ignore_globs: Sequence[str] = ()) -> Iterator[tuple[str, Path]]:
    """Yield (display path, file) for every file a scanner knows, walking directories."""
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
                for name in sorted(files):
                    display = os.path.join(given, os.path.relpath(os.path.join(root, name), p))
                    display = os.path.normpath(display)
                    if language_for_path(name) is None or _ignored(display, ignore_globs):
                        continue
                    yield display, Path(root) / name
        else:
            yield given, p


def read_source(display: str, fs_path: Path) -> tuple[SourceFile | None, str | None]:
    """Read one file, or say plainly why it was skipped. Never raises."""
    language = language_for_path(fs_path.name)
    if language is None:
        return None, f"{display}: skipped (not a file type openai-access reads)"
    try:
        size = fs_path.stat().st_size
        if size > MAX_FILE_BYTES:
            return (
                None,
                f"{display}: skipped ({size // MIB} MB is over the {MAX_FILE_BYTES // MIB} MB limit)",
            )
        data = fs_path.read_bytes()
    except OSError as e:
        return None, f"{display}: skipped (cannot read: {e.strerror or e})"
    if b"\0" in data[:8192]:
        return None, f"{display}: skipped (binary file)"
    note = None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        note = f"{display}: not valid UTF-8; undecodable bytes were replaced"
    if language == "notebook":
        note = _notebook_problem(display, text) or note
    return SourceFile(display, language, text.replace("\r\n", "\n"), note), note


def _notebook_problem(display: str, text: str) -> str | None:
    """A notebook that is not JSON (truncated, a merge conflict) would read as 0 references: say so."""
    try:
        json.loads(text)
    except json.JSONDecodeError as e:
        return f"{display}: not a readable notebook (invalid JSON at line {e.lineno}: {e.msg}); no references read"
    except RecursionError:
        return f"{display}: not a readable notebook (JSON nested too deeply); no references read"
    return None


def notebook_cell_lines(text: str) -> list[list[str]]:
    """Each cell's lines, so a cell-relative range can be shown and converted."""
    try:
        nb = json.loads(text)
        cells = nb.get("cells", []) if isinstance(nb, dict) else []
        out = []
        for c in cells:
            src = c.get("source", "") if isinstance(c, dict) else ""
            out.append(("".join(src) if isinstance(src, list) else str(src)).split("\n"))
        return out
    except (ValueError, AttributeError, TypeError):
        return []


def scan_source(source: SourceFile, settings: Settings) -> list[ModelReference]:
    return scan_text(source.text, source.language, settings.scan_options)


def scan_files(paths: Sequence[str], settings: Settings) -> tuple[list[ScannedFile], list[str]]:
    notes: list[str] = []
    scanned: list[ScannedFile] = []
    for display, fs_path in iter_source_paths(paths, settings.ignore_paths):
        source, note = read_source(display, fs_path)
        if note:
            notes.append(note)
        if source is None:
            continue
        scanned.append(ScannedFile(source, scan_source(source, settings)))
    _add_cross_file(scanned, settings)
    return scanned, notes


def _add_cross_file(scanned: list[ScannedFile], settings: Settings) -> None:
    """Attribute ``from .settings import MODEL`` uses to the literal in settings.py."""
    try:
        from openai_access.scan import scan_document
        from openai_access.scan.project_index import resolve_cross_file
        from openai_access.scan.slots import merge_slots
    except ImportError:
        return
    code = [f for f in scanned if f.source.language in ("python", "javascript", "typescript", "tsx")]
    if len(code) < 2:
        return
    results = {f.source.path: scan_document(f.source.text, f.source.language, settings.scan_options) for f in code}
    extra = resolve_cross_file(results, os.path.commonpath([os.path.abspath(p) for p in results]) if results else ".")
    by_path = {f.source.path: f for f in code}
    for path, refs in extra.items():
        f = by_path.get(path)
        if f is None:
            continue
        f.references[:] = merge_slots(f.references, refs)


def model_ignored(model: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(model, p) for p in patterns)


def judge_file(f: ScannedFile, judge: Judge, view: AccessView, settings: Settings) -> list[FileVerdict]:
    src = f.source
    places: list[list[FilePlace]] = []
    if src.language == "notebook":
        cells = notebook_cell_lines(src.text)
        cell_sups = [Suppressions.parse("\n".join(c), "python") for c in cells]
        places = cell_file_positions(src.text)
    else:
        sup = Suppressions.parse(src.text, src.language)
        lines = src.lines
    out = []
    refs = sorted(f.references, key=lambda r: (r.cell or 0, r.range.start))
    for ref, v in zip(refs, judge.judge_many(refs, view), strict=True):
        if ref.cell is not None and src.language == "notebook":
            ref_lines: Sequence[str] = cells[ref.cell] if ref.cell < len(cells) else []
            s = cell_sups[ref.cell] if ref.cell < len(cell_sups) else None
        else:
            ref_lines, s = lines, sup
        suppressed = model_ignored(ref.model, settings.ignore_models) or (
            s is not None and (s.file_ignored or s.is_ignored(ref.range.start.line, v.status.value))
        )
        at = places[ref.cell] if ref.cell is not None and ref.cell < len(places) else ()
        out.append(FileVerdict(src.path, ref_lines, v, suppressed, at))
    out += _code_findings(f, settings, places)
    return out


def _code_findings(f: ScannedFile, settings: Settings, places: Sequence[Sequence[FilePlace]] = ()) -> list[FileVerdict]:
    """Parameter, SDK-version and key findings (issue 13), suppressed like any verdict."""
    from openai_access.compat import code_findings

    src = f.source
    parts: list[tuple[str, int | None]]
    if src.language == "notebook":
        parts = [("\n".join(lines), i) for i, lines in enumerate(notebook_cell_lines(src.text))]
    else:
        parts = [(src.text, None)]
    out = []
    for text, cell in parts:
        refs = [r for r in f.references if r.cell == cell]
        language = "python" if cell is not None else src.language
        sup = Suppressions.parse(text, language)
        lines = text.split("\n")
        for v in code_findings(text, language, refs, src.path, cell=cell, severity=settings.severity):
            hidden = sup.file_ignored or sup.is_ignored(v.reference.range.start.line, v.status.value)
            at = places[cell] if cell is not None and cell < len(places) else ()
            out.append(FileVerdict(src.path, lines, v, hidden, at))
    return out


def fails(items: Iterable[FileVerdict]) -> bool:
    from openai_access.statuses import Severity

    return any(fv.verdict.severity is Severity.ERROR and not fv.suppressed for fv in items)


def probe_requests_for(refs: Iterable[ModelReference], catalog: Any, today: date | None = None) -> list[Any]:
    """What to ask the API: one request per (model, surface, capability), minus what the catalog decides.

    A call on the wrong endpoint or a model past its shutdown date fails for every project, so
    asking would only spend requests (a paid one, for the wrong endpoint) to learn nothing new.
    """
    from openai_access.access.service import ProbeRequest
    from openai_access.catalog.entry import Lifecycle

    today = today or date.today()
    seen = set()
    out = []
    for r in refs:
        if r.target is not Target.OPENAI:
            continue
        entry = catalog.get(r.model) if catalog is not None else None
        decided = (
            entry is not None
            and not entry.invalid
            and (entry.lifecycle(today) is Lifecycle.RETIRED or catalog.endpoint_fits(entry, r.surface) is False)
        )
        if decided:
            continue
        for cap in r.capabilities:
            key = (r.model, r.surface, cap)
            if key not in seen:
                seen.add(key)
                out.append(ProbeRequest(model=r.model, surface=r.surface, capability=cap))
    return out


NEVER_PROBED = frozenset({Surface.IMAGES, Surface.VIDEOS, Surface.AUDIO_SPEECH, Surface.REALTIME})
