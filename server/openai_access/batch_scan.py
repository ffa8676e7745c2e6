"""Scanning the files of a batch run (``check``, ``doctor``, the editor's folder report).

Each file is read and parsed once, and only if a byte-level prefilter says it can hold a
reference; big trees use a process pool (results in input order); a scan memo lets a second run
skip unchanged files; then the cross-file pass attributes ``from .settings import MODEL`` uses
to the literal where it is written. What comes out is one ``ScannedFile`` per file, for the judge.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import chain, islice
from pathlib import Path
from typing import TypeVar

from openai_access import scan_memo, walk
from openai_access.engine import (
    CODE_LANGUAGES,
    MIB,
    ScannedFile,
    SourceFile,
    decode_source,
    ignored_path,
    internal_note,
    read_data,
    read_source,
)
from openai_access.scan import ScanResult, language_for_path, prefilter, scan_document
from openai_access.scan.options import ScanOptions
from openai_access.settings import Settings

A = TypeVar("A")
T = TypeVar("T")

# Below this many files a process pool costs more to start than it saves.
POOL_MIN_FILES = 200
POOL_MAX_WORKERS = 8
# Files per task sent to a pool process: big enough that sending costs little, small enough
# that the processes finish together.
POOL_CHUNK = 32


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
# A file still to scan, with what the memo expects of it.
_Todo = tuple[walk.Found, _Expect | None]


# A YAML/JSON/TOML file this big found in a folder is data (an OpenAPI spec, a fixture), not
# configuration, and reading its tree of keys costs far more than the few settings it could hold
# (the JSON and TOML readers are pure Python; YAML without libyaml too). Named files are read.
MAX_WALKED_CONFIG_BYTES = MIB
_CONFIG_LANGUAGES = frozenset({"yaml", "json", "toml"})


def _scan_one(found: walk.Found, options: ScanOptions, expect: _Expect | None = None, memo: bool = True) -> _Outcome:
    """``memo``: a memo will record the outcome (so the file's stamp and digest are taken)."""
    path = found.path
    stamp = scan_memo.stamp_of(path) if memo else None
    data = read_data(found.display, path)
    if isinstance(data, walk.Skip):
        return _Outcome(None, [str(data)], None)
    if not found.named and len(data) > MAX_WALKED_CONFIG_BYTES and language_for_path(path.name) in _CONFIG_LANGUAGES:
        size = len(data) / MIB
        return _Outcome(None, [f"{found.display}: skipped ({size:.1f} MB data file; name it to check it)"], None)
    digest = scan_memo.digest_of(data) if memo else ""
    if expect is not None and expect[0] == digest:  # touched, not changed
        quiet = expect[1]
        source = SourceFile(found.display, "", "") if quiet else decode_source(found.display, path, data)[0]
        return _Outcome(source, [], None, quiet=quiet, stamp=stamp, digest=digest, reused=True)
    source, note = decode_source(found.display, path, data)
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
    globs = settings.ignore_paths
    excluded = (lambda rel: ignored_path(rel, globs)) if globs else None  # most projects have none
    files = walk.iter_files(paths, gitignore=gitignore, excluded=excluded)
    # Named files only (a pre-commit hook's staged files) are few and changed: no memo for them,
    # and none of a file list that will never come again.
    memo = None
    if memo_dir is not None and any(os.path.isdir(p) for p in paths):
        memo = scan_memo.ScanMemo(memo_dir, paths, settings.scan_options).load()
    found: list[walk.Found] = []
    known: dict[int, _Outcome] = {}  # by index in ``found``: what the memo already knows

    def todo() -> Iterator[_Todo]:
        """The files to read, as the walk finds them: the pool starts on the first ones while
        the walk goes on (a big tree's walk is a tenth of a run)."""
        for f in files:
            i = len(found)
            found.append(f)
            recalled, expect = _recall(f, memo)
            if recalled is not None:
                known[i] = recalled
            else:
                yield f, expect

    read_at = scan_memo.now_ns()
    fresh = iter(_run_all(todo(), settings.scan_options, workers, memo is not None))
    outcomes = [known[i] if i in known else _unless_reused(next(fresh), f, memo) for i, f in enumerate(found)]
    notes: list[str] = []
    scanned: list[ScannedFile] = []
    results: dict[str, ScanResult | None] = {}
    for f, outcome in zip(found, outcomes, strict=True):
        notes.extend(outcome.notes)
        if outcome.source is None:
            continue
        refs = list(outcome.result.references) if outcome.result is not None else []
        scanned.append(ScannedFile(outcome.source, refs, outcome.error, outcome.quiet, f.fs))
        if outcome.source.language in CODE_LANGUAGES:
            results[outcome.source.path] = outcome.result
    if memo is not None:
        _remember(memo, found, outcomes, known, read_at)
    pool = workers if workers is not None else pool_size(len(found) - len(known))
    _add_cross_file(scanned, results, settings, pool, memo)
    if memo is not None:
        memo.keep_only({str(f.path) for f in found})
        said = memo.save() or memo.problem  # one note: a folder that cannot be read cannot be written either
        notes = [said, *notes] if said else notes
    return scanned, notes


def _recall(f: walk.Found, memo: scan_memo.ScanMemo | None) -> tuple[_Outcome | None, _Expect | None]:
    """The file's recorded outcome if its stamp is unchanged since the memo was written, with the
    text the judge will need read back (a file that can no longer be read is scanned again); else
    what the memo expects of it if it knows it (its bytes decide)."""
    entry, same_stamp = memo.recall(f.path) if memo is not None else (None, False)
    if entry is None:
        return None, None
    if not same_stamp:
        return None, (entry.digest, entry.quiet)
    text = ""
    if not entry.quiet:
        source, _ = read_source(f.display, f.path)
        if source is None or source.note != entry.source_note:
            return None, None
        text = source.text
    return _from_memo(entry, f, text, entry.stamp), None


def _unless_reused(outcome: _Outcome, f: walk.Found, memo: scan_memo.ScanMemo | None) -> _Outcome:
    """A worker's outcome, or the memo's for a file whose bytes it found unchanged."""
    entry = memo.entries.get(str(f.path)) if memo is not None and outcome.reused else None
    if entry is None or outcome.source is None:
        return outcome
    return _from_memo(entry, f, outcome.source.text, outcome.stamp, reused=True)


def _from_memo(
    entry: scan_memo.Entry, f: walk.Found, text: str, stamp: scan_memo.Stamp | None, reused: bool = False
) -> _Outcome:
    source = SourceFile(f.display, entry.language, text, entry.source_note)
    return _Outcome(source, list(entry.notes), entry.result, None, entry.quiet, stamp, entry.digest, reused)


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
        exported = memo.exported(f.path) if o.reused else None  # same bytes: its scan with exports holds
        entry = scan_memo.Entry(
            o.stamp, o.digest, o.source.language, o.quiet, o.notes, o.source.note, o.result, exported
        )
        memo.record(f.path, entry, read_at)


def _run_all(todo: Iterable[_Todo], options: ScanOptions, workers: int | None, memo: bool) -> list[_Outcome]:
    """Every file of ``todo`` scanned, in its order: in a process pool once the walk has found
    ``POOL_MIN_FILES`` of them (``workers=None``), which starts on those while the walk goes on."""
    items = ((f, options, expect, memo) for f, expect in todo)
    first = list(islice(items, POOL_MIN_FILES))
    if workers is None:
        workers = pool_size(len(first))
    return _map(_scan_item, chain(first, items), workers, POOL_CHUNK)


def pool_size(files: int) -> int:
    """How many processes scan ``files`` files (at least ``POOL_MIN_FILES`` of them: all cores)."""
    return min(POOL_MAX_WORKERS, os.cpu_count() or 1) if files >= POOL_MIN_FILES else 1


def _scan_item(item: tuple[walk.Found, ScanOptions, _Expect | None, bool]) -> _Outcome:
    return _scan_one(*item)


def _map(fn: Callable[[A], T], items: Iterable[A], workers: int, chunk: int) -> list[T]:
    """``fn`` over ``items`` in order: in a process pool of ``workers`` (fed as ``items`` come),
    or in this process when ``workers`` is 1 or no process can start (a sandbox, no /dev/shm)."""
    if workers <= 1:
        return [fn(item) for item in items]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    rest = iter(items)
    sent: list[A] = []  # what the pool was given, for this process to redo if it fails
    failed: list[Exception] = []  # what ``items`` itself raised: not the pool's failure

    def sending() -> Iterator[A]:
        try:
            for item in rest:
                sent.append(item)
                yield item
        except Exception as e:
            failed.append(e)
            raise

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return list(pool.map(fn, sending(), chunksize=chunk))
    except (OSError, BrokenProcessPool):
        if failed:  # the walk broke, not the pool: redoing the files would hide the rest it never found
            raise
        return [fn(item) for item in chain(sent, rest)]


def _with_exports(item: tuple[str, str, ScanOptions]) -> ScanResult:
    text, language, options = item
    return scan_document(text, language, options, reuse=False)


# Below this many files to scan again, starting processes costs more than it saves.
POOL_MIN_RESCANS = 16


def _rescan_all(items: list[tuple[str, str, ScanOptions]], workers: int) -> list[ScanResult]:
    """The second pass (with exports), in the pool too when the first pass used one."""
    workers = workers if len(items) >= POOL_MIN_RESCANS else 1
    return _map(_with_exports, items, workers, max(1, len(items) // (workers * 4)))


def _opened(f: ScannedFile) -> Path | None:
    """The file ``f`` was read from, as the memo knows it."""
    return Path(f.fs_path) if f.fs_path is not None else None


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
    # The folders' common path is the files' (two files at least), for far fewer paths: each
    # folder made absolute once, not each file (a file's name is never "." or "..").
    root = os.path.commonpath({os.path.abspath(d) for d in {os.path.dirname(p) for p in results}})
    # The first pass skipped exports (following every module constant of every file costs a
    # quarter of a run): only a file some import points at, and that mentions an imported
    # name, can define it; only those are scanned again, with their exports. Files the
    # prefilter skipped are among them.
    targets = defining_candidates(users, results, root)
    again = [p for p in results if p in targets and prefilter.has_any_word(code[p].full_text(), names)]
    rescanned = {p: r for p in again if memo is not None and (r := memo.exported(_opened(code[p]))) is not None}
    todo = [p for p in again if p not in rescanned]
    items = [(code[p].source.text, code[p].source.language, settings.scan_options) for p in todo]
    for p, with_exports in zip(todo, _rescan_all(items, workers), strict=True):
        rescanned[p] = with_exports
        if memo is not None:
            memo.record_exported(_opened(code[p]), with_exports)
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
