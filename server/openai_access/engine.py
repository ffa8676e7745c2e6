"""The engine over files on disk: find sources, scan, resolve cross-file constants, judge.

The CLI uses it whole; the language server uses the same pieces per open document. Nothing
here talks LSP or prints: callers render ``FileVerdict``s and say the ``notes``.
"""

from __future__ import annotations

import fnmatch
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openai_access import scan_memo, walk
from openai_access.access.answers import AccessView
from openai_access.references import ModelReference, Position, Surface, Target
from openai_access.scan import ScanResult, language_for_path, prefilter, scan_document, scan_text
from openai_access.scan.notebook_lines import FilePlace, cell_file_positions
from openai_access.scan.options import ScanOptions
from openai_access.settings import Settings
from openai_access.suppress import Suppressions
from openai_access.verdict import Judge, Verdict, same_finding

if TYPE_CHECKING:
    from openai_access.compat import DeclaredMemo

# Re-exported: the language server and others import these from here.
MIB, MAX_FILE_BYTES, SKIP_DIRS = walk.MIB, walk.MAX_FILE_BYTES, walk.SKIP_DIRS
CODE_LANGUAGES = frozenset({"python", "javascript", "typescript", "tsx"})
# Below this many files a process pool costs more to start than it saves.
POOL_MIN_FILES = 200
POOL_MAX_WORKERS = 8


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
    fs_path: Path | None = None

    def full_text(self) -> str:
        """The file's text, read back if a batch run dropped it."""
        if self.quiet and not self.source.text and self.fs_path is not None:
            source, _ = read_source(self.source.path, self.fs_path)
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


def _ignored(rel: str, globs: Sequence[str]) -> bool:
    rel = rel.replace(os.sep, "/")
    return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(rel, g.rstrip("/") + "/*") for g in globs)


def iter_source_paths(paths: Iterable[str], ignore_globs: Sequence[str] = ()) -> Iterator[tuple[str, Path]]:
    """Yield (display path, file) for every file a scanner knows, walking directories."""
    for found in walk.iter_files(paths, excluded=lambda rel: _ignored(rel, ignore_globs)):
        yield found.display, found.path


def read_source(display: str, fs_path: Path) -> tuple[SourceFile | None, str | None]:
    """Read one file (regular files only, bounded), or say plainly why it was skipped. Never raises."""
    data = _read(display, fs_path)
    if isinstance(data, walk.Skip):
        return None, str(data)
    return _decode(display, fs_path, data)


def _read(display: str, fs_path: Path) -> bytes | walk.Skip:
    if language_for_path(fs_path.name) is None:
        return walk.Skip(f"{display}: skipped (not a file type openai-access reads)")
    data = walk.read_bounded(fs_path, MAX_FILE_BYTES)
    if isinstance(data, walk.Skip):
        return walk.Skip(f"{display}: skipped ({data})")
    if b"\0" in data[:8192]:
        return walk.Skip(f"{display}: skipped (binary file)")
    return data


def _decode(display: str, fs_path: Path, data: bytes) -> tuple[SourceFile, str | None]:
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


@dataclass
class _Outcome:
    """One file's share of a run, as a worker process hands it back."""

    source: SourceFile | None
    notes: list[str]
    result: ScanResult | None  # None: nothing for the cross-file pass or the judge (not parsed, or no finding)
    error: str | None = None
    quiet: bool = False  # see ScannedFile.quiet: source.text was dropped
    stamp: scan_memo.Stamp | None = None  # the file's stamp before it was read
    digest: str | None = None  # of its bytes
    reused: bool = False  # the bytes are those the memo recorded: its outcome stands (only text is here)


# What the memo says a file held: its digest and whether the judge needs its text.
_Expect = tuple[str, bool]


# A YAML/JSON/TOML file this big found in a folder is data (an OpenAPI spec, a fixture), not
# configuration; the pure-Python YAML reader needs seconds per MB. Named files are read.
MAX_WALKED_CONFIG_BYTES = MIB
_CONFIG_LANGUAGES = frozenset({"yaml", "json", "toml"})


def _scan_one(found: walk.Found, options: ScanOptions, expect: _Expect | None = None) -> _Outcome:
    stamp = scan_memo.stamp_of(found.path)
    data = _read(found.display, found.path)
    if isinstance(data, walk.Skip):
        return _Outcome(None, [str(data)], None)
    if (
        not found.named
        and len(data) > MAX_WALKED_CONFIG_BYTES
        and language_for_path(found.path.name) in _CONFIG_LANGUAGES
    ):
        size = len(data) / MIB
        return _Outcome(None, [f"{found.display}: skipped ({size:.1f} MB data file; name it to check it)"], None)
    digest = scan_memo.digest_of(data)
    if expect is not None and expect[0] == digest:  # touched, not changed
        quiet = expect[1]
        source = SourceFile(found.display, "", "") if quiet else _decode(found.display, found.path, data)[0]
        return _Outcome(source, [], None, quiet=quiet, stamp=stamp, digest=digest, reused=True)
    source, note = _decode(found.display, found.path, data)
    notes = [note] if note else []
    if not prefilter.may_hold_reference(data, source.language, options):
        return _outcome(source, notes, None, stamp, digest)
    try:
        result = scan_document(source.text, source.language, options, exports=False, reuse=False)
    except ImportError:
        raise
    except Exception as e:  # scan_document is total; this is the last guard for one file
        result = ScanResult(error=f"{type(e).__name__}: {e}")
    if result.error:
        notes.append(internal_note(found.display, "scanning", result.error))
        return _Outcome(source, notes, result, result.error)
    if source.language not in CODE_LANGUAGES:  # only code files take part in the cross-file pass
        result = ScanResult(references=result.references)
    return _outcome(source, notes, result, stamp, digest)


def _outcome(
    source: SourceFile, notes: list[str], result: ScanResult | None, stamp: scan_memo.Stamp | None, digest: str
) -> _Outcome:
    """Drop what the parent process will not need: most files' text, empty results."""
    from openai_access.compat import may_find_without_references

    if result is not None and not (result.references or result.imported_uses or result.exports):
        result = None
    quiet = (
        (result is None or not result.references)
        and source.language != "notebook"
        and not may_find_without_references(source.text, source.language)
    )
    if quiet:
        source = replace(source, text="")
    return _Outcome(source, notes, result, quiet=quiet, stamp=stamp, digest=digest)


def internal_note(display: str, doing: str, error: str) -> str:
    return f"{display}: internal error while {doing} ({error}); its findings may be incomplete (please report this)"


def scan_files(
    paths: Sequence[str],
    settings: Settings,
    *,
    gitignore: bool = True,
    workers: int | None = None,
    memo_dir: Path | None = None,
) -> tuple[list[ScannedFile], list[str]]:
    """Scan every file under ``paths``; ``ScannedFile.error`` marks files whose scan failed internally.

    Each file is read and parsed once, in a process pool when the tree is big (results come
    back in input order), and files with nothing model-shaped in them are not parsed at all.
    With ``memo_dir``, files unchanged since the last run there are not read either (scan_memo).
    """
    found = list(walk.iter_files(paths, gitignore=gitignore, excluded=lambda rel: _ignored(rel, settings.ignore_paths)))
    memo = scan_memo.ScanMemo(memo_dir, paths, settings.scan_options).load() if memo_dir is not None else None
    known, expect = _recall(found, memo)
    todo = [(f, expect.get(i)) for i, f in enumerate(found) if i not in known]
    if workers is None:
        workers = min(POOL_MAX_WORKERS, os.cpu_count() or 1) if len(todo) >= POOL_MIN_FILES else 1
    read_at = scan_memo.now_ns()
    fresh = iter(_run_all(todo, settings.scan_options, workers))
    outcomes = [known[i] if i in known else _unless_reused(next(fresh), f, memo) for i, f in enumerate(found)]
    notes: list[str] = []
    scanned: list[ScannedFile] = []
    results: dict[str, ScanResult | None] = {}
    for f, outcome in zip(found, outcomes, strict=True):
        notes.extend(outcome.notes)
        if outcome.source is None:
            continue
        refs = list(outcome.result.references) if outcome.result is not None else []
        scanned.append(ScannedFile(outcome.source, refs, outcome.error, outcome.quiet, f.path))
        if outcome.source.language in CODE_LANGUAGES:
            results[outcome.source.path] = outcome.result
    if memo is not None:
        _remember(memo, found, outcomes, known, read_at)
    _add_cross_file(scanned, results, settings, workers, memo)
    if memo is not None:
        memo.keep_only({str(f.path) for f in found})
        notes = [p for p in (memo.problem, memo.save()) if p] + notes
    return scanned, notes


def _recall(found: list[walk.Found], memo: scan_memo.ScanMemo | None) -> tuple[dict[int, _Outcome], dict[int, _Expect]]:
    """The recorded outcomes of files whose stamp is unchanged since the memo was written, with the
    text the judge will need read back (a file that can no longer be read is scanned again); and
    what the memo expects of the other files it knows (their bytes decide)."""
    known: dict[int, _Outcome] = {}
    expect: dict[int, _Expect] = {}
    if memo is None:
        return known, expect
    for i, f in enumerate(found):
        entry, same_stamp = memo.recall(f.path)
        if entry is None:
            continue
        if not same_stamp:
            expect[i] = (entry.digest, entry.quiet)
            continue
        text = ""
        if not entry.quiet:
            source, _ = read_source(f.display, f.path)
            if source is None or source.note != entry.source_note:
                continue
            text = source.text
        source = SourceFile(f.display, entry.language, text, entry.source_note)
        known[i] = _Outcome(source, list(entry.notes), entry.result, None, entry.quiet, entry.stamp, entry.digest)
    return known, expect


def _unless_reused(outcome: _Outcome, f: walk.Found, memo: scan_memo.ScanMemo | None) -> _Outcome:
    """A worker's outcome, or the memo's for a file whose bytes it found unchanged."""
    entry = memo.entries.get(str(f.path)) if memo is not None and outcome.reused else None
    if entry is None or outcome.source is None:
        return outcome
    source = SourceFile(f.display, entry.language, outcome.source.text, entry.source_note)
    return _Outcome(source, list(entry.notes), entry.result, None, entry.quiet, outcome.stamp, entry.digest, True)


def _remember(
    memo: scan_memo.ScanMemo,
    found: list[walk.Found],
    outcomes: list[_Outcome],
    known: dict[int, _Outcome],
    read_at: int,
) -> None:
    for i, (f, o) in enumerate(zip(found, outcomes, strict=True)):
        if i in known or o.source is None or o.error is not None or o.stamp is None or o.digest is None:
            continue
        old = memo.entries.get(str(f.path)) if o.reused else None
        entry = scan_memo.Entry(o.stamp, o.digest, o.source.language, o.quiet, o.notes, o.source.note, o.result)
        entry.exported = old.exported if old is not None else None
        memo.record(f.path, entry, read_at)


def _run_all(todo: list[tuple[walk.Found, _Expect | None]], options: ScanOptions, workers: int) -> list[_Outcome]:
    if workers > 1:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return _run_pool(todo, options, workers)
        except (OSError, BrokenProcessPool):
            pass  # no processes here (a sandbox, no /dev/shm): the same work, in this process
    return [_scan_one(f, options, expect) for f, expect in todo]


def _run_pool(todo: list[tuple[walk.Found, _Expect | None]], options: ScanOptions, workers: int) -> list[_Outcome]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    chunk = max(1, min(32, len(todo) // (workers * 8)))
    found, expect = [f for f, _ in todo], [e for _, e in todo]
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(_scan_one, found, [options] * len(found), expect, chunksize=chunk))


def _with_exports(item: tuple[str, str, ScanOptions]) -> ScanResult:
    text, language, options = item
    return scan_document(text, language, options, reuse=False)


# Below this many files to scan again, starting processes costs more than it saves.
POOL_MIN_RESCANS = 16


def _rescan_all(items: list[tuple[str, str, ScanOptions]], workers: int) -> list[ScanResult]:
    """The second pass (with exports), in the pool too when the first pass used one."""
    if workers > 1 and len(items) >= POOL_MIN_RESCANS:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                return list(pool.map(_with_exports, items, chunksize=max(1, len(items) // (workers * 4))))
        except (OSError, BrokenProcessPool):
            pass  # no processes here: the same work, in this process
    return [_with_exports(item) for item in items]


def _add_cross_file(
    scanned: list[ScannedFile],
    results: dict[str, ScanResult | None],
    settings: Settings,
    workers: int = 1,
    memo: scan_memo.ScanMemo | None = None,
) -> None:
    """Attribute ``from .settings import MODEL`` uses to the literal in settings.py."""
    from openai_access.scan.project_index import defining_candidates, resolve_cross_file
    from openai_access.scan.slots import merge_slots

    if len(results) < 2:
        return
    users = {path: r for path, r in results.items() if r is not None and r.imported_uses}
    if not users:
        return
    names = {use.name for r in users.values() for use in r.imported_uses}
    code = {f.source.path: f for f in scanned if f.source.path in results}
    # The folders' common path is the files' (two files at least), for far fewer paths.
    root = os.path.commonpath({os.path.dirname(os.path.abspath(p)) for p in results})
    # The first pass skipped exports (following every module constant of every file costs a
    # quarter of a run): only a file some import points at, and that mentions an imported
    # name, can define it; only those are scanned again, with their exports. Files the
    # prefilter skipped are among them.
    targets = defining_candidates(users, results, root)
    again = [p for p in results if p in targets and prefilter.has_any_word(code[p].full_text(), names)]
    rescanned = {p: r for p in again if memo is not None and (r := memo.exported(code[p].fs_path)) is not None}
    todo = [p for p in again if p not in rescanned]
    items = [(code[p].source.text, code[p].source.language, settings.scan_options) for p in todo]
    for p, with_exports in zip(todo, _rescan_all(items, workers), strict=True):
        rescanned[p] = with_exports
        if memo is not None:
            memo.record_exported(code[p].fs_path, with_exports)
    parsed: dict[str, ScanResult] = {}
    for path, first in results.items():
        result = rescanned.get(path, first)
        if result is not None and (result.imported_uses or result.exports):
            parsed[path] = result
    extra = resolve_cross_file(parsed, root)
    for path, refs in extra.items():
        f = code.get(path)
        if f is None:
            continue
        f.full_text()
        f.quiet = False  # it has references now: the judge needs it
        f.references[:] = merge_slots(f.references, refs)


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
    for ref, v in zip(refs, judge.judge_many(refs, view, verdicts), strict=True):
        if same_finding(v) in seen:
            continue
        seen.add(same_finding(v))
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
    out += _code_findings(f, settings, places, memo)
    return out


def _code_findings(
    f: ScannedFile, settings: Settings, places: Sequence[Sequence[FilePlace]] = (), memo: DeclaredMemo | None = None
) -> list[FileVerdict]:
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
