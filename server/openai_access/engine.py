"""The engine over files on disk: read sources, judge their references, say where a verdict lands.

The CLI uses it whole (with ``batch_scan`` finding and scanning the files); the language server
uses the same pieces per open document. Nothing here talks LSP or prints: callers render
``FileVerdict``s and say the ``notes``.
"""

from __future__ import annotations

import fnmatch
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openai_access import walk
from openai_access.access.answers import AccessView
from openai_access.references import ModelReference, Position, Surface, Target
from openai_access.scan import language_for_path, scan_text
from openai_access.scan.notebook_lines import FilePlace, cell_file_positions
from openai_access.settings import Settings
from openai_access.suppress import Suppressions
from openai_access.verdict import Judge, Verdict, same_finding

if TYPE_CHECKING:
    from openai_access.compat import DeclaredMemo

# Re-exported: the language server and others import these from here.
MIB, MAX_FILE_BYTES, SKIP_DIRS = walk.MIB, walk.MAX_FILE_BYTES, walk.SKIP_DIRS
CODE_LANGUAGES = frozenset({"python", "javascript", "typescript", "tsx"})


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
    # An internal error while scanning or judging this file: its findings may be incomplete,
    # so the run must not pass (``check`` exits 2).
    error: str | None = None
    # Nothing to judge: no reference, and nothing the code checks look for. A batch run does not
    # keep such a file's text (``source.text`` is empty); ``fs_path`` reads it again if needed.
    quiet: bool = False
    fs_path: str | None = None  # the file to open (walk.Found.fs)

    def full_text(self) -> str:
        """The file's text, read back if a batch run dropped it."""
        if self.quiet and not self.source.text and self.fs_path is not None:
            source, _ = read_source(self.source.path, Path(self.fs_path))
            if source is not None:
                self.source = source
        return self.source.text


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


def ignored_path(rel: str, globs: Sequence[str]) -> bool:
    rel = rel.replace(os.sep, "/")
    return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(rel, g.rstrip("/") + "/*") for g in globs)


def read_source(display: str, fs_path: Path) -> tuple[SourceFile | None, str | None]:
    """Read one file (regular files only, bounded), or say plainly why it was skipped. Never raises."""
    data = read_data(display, fs_path)
    if isinstance(data, walk.Skip):
        return None, str(data)
    return decode_source(display, fs_path, data)


def read_data(display: str, fs_path: Path) -> bytes | walk.Skip:
    if language_for_path(fs_path.name) is None:
        return walk.Skip(f"{display}: skipped (not a file type openai-access reads)")
    data = walk.read_bounded(fs_path, MAX_FILE_BYTES)
    if isinstance(data, walk.Skip):
        return walk.Skip(f"{display}: skipped ({data})")
    if b"\0" in data[:8192]:
        return walk.Skip(f"{display}: skipped (binary file)")
    return data


def decode_source(display: str, fs_path: Path, data: bytes) -> tuple[SourceFile, str | None]:
    language = language_for_path(fs_path.name) or ""
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
    except (ValueError, AttributeError, TypeError, RecursionError):
        return []


def scan_source(source: SourceFile, settings: Settings) -> list[ModelReference]:
    return scan_text(source.text, source.language, settings.scan_options)


def internal_note(display: str, doing: str, error: str) -> str:
    return f"{display}: internal error while {doing} ({error}); its findings may be incomplete (please report this)"


def model_ignored(model: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(model, p) for p in patterns)


def judge_file(
    f: ScannedFile,
    judge: Judge,
    view: AccessView,
    settings: Settings,
    memo: DeclaredMemo | None = None,
    verdicts: dict[tuple[object, ...], Verdict] | None = None,
) -> list[FileVerdict]:
    """``memo``: one run's cache of per-folder facts (the declared SDK version), shared by its files;
    ``verdicts``: its verdicts by call shape (``Judge.judge_many``)."""
    if f.quiet:
        return []  # the scan found nothing for the judge in it (and did not keep its text)
    src = f.source
    places: list[list[FilePlace]] = []
    if not f.references and src.language != "notebook":
        return _code_findings(f, settings, places, memo)  # most files: no verdict to place or suppress
    cells: list[list[str]] = []
    if src.language == "notebook":
        cells = notebook_cell_lines(src.text)
        cell_sups = [Suppressions.parse("\n".join(c), "python") for c in cells]
        places = cell_file_positions(src.text)
    else:
        sup = Suppressions.parse(src.text, src.language)
        lines = src.lines
    out = []
    seen: set[tuple[object, ...]] = set()
    refs = sorted(f.references, key=lambda r: (r.cell or 0, r.range.start))
    ignored_models = settings.ignore_models
    for ref, v in zip(refs, judge.judge_many(refs, view, verdicts), strict=True):
        finding = same_finding(v)
        if finding in seen:
            continue
        seen.add(finding)
        if ref.cell is not None and src.language == "notebook":
            ref_lines: Sequence[str] = cells[ref.cell] if ref.cell < len(cells) else []
            s = cell_sups[ref.cell] if ref.cell < len(cell_sups) else None
        else:
            ref_lines, s = lines, sup
        suppressed = (ignored_models and model_ignored(ref.model, ignored_models)) or (
            s is not None and (s.file_ignored or s.is_ignored(ref.range.start.line, v.status.value))
        )
        at = places[ref.cell] if ref.cell is not None and ref.cell < len(places) else ()
        out.append(FileVerdict(src.path, ref_lines, v, suppressed, at))
    out += _code_findings(f, settings, places, memo, cells)
    return out


def _code_findings(
    f: ScannedFile,
    settings: Settings,
    places: Sequence[Sequence[FilePlace]] = (),
    memo: DeclaredMemo | None = None,
    cells: list[list[str]] | None = None,
) -> list[FileVerdict]:
    """Parameter, SDK-version and key findings (issue 13), suppressed like any verdict.

    ``cells``: a notebook's cell lines, when the caller has read them already."""
    from openai_access.compat import code_findings

    src = f.source
    parts: list[tuple[str, int | None]]
    if src.language == "notebook":
        cells = notebook_cell_lines(src.text) if cells is None else cells
        parts = [("\n".join(lines), i) for i, lines in enumerate(cells)]
    else:
        parts = [(src.text, None)]
    out = []
    for text, cell in parts:
        refs = [r for r in f.references if r.cell == cell]
        language = "python" if cell is not None else src.language
        found = code_findings(text, language, refs, src.path, cell=cell, severity=settings.severity, memo=memo)
        if not found:
            continue
        sup = Suppressions.parse(text, language)
        lines = text.split("\n")
        for v in found:
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
