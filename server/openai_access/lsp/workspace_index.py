"""Cross-file constants in the editor: ``from .settings import MODEL`` then ``model=MODEL``.

The verdict belongs on the literal in ``settings.py``, but only a scan of the whole folder can
tell that it is used as a model elsewhere. The index is built off the event loop (in a thread)
when the server starts and again after a save; open documents read it, they never wait for it.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from openai_access import walk
from openai_access.engine import MAX_FILE_BYTES
from openai_access.references import ModelReference, Position
from openai_access.scan import ScanResult, language_for_path, prefilter, scan_document
from openai_access.scan_memo import Entry, ScanMemo, Stamp, digest_of, now_ns, stamp_of
from openai_access.settings import Settings

log = logging.getLogger(__name__)

CODE_LANGUAGES = frozenset({"python", "javascript", "typescript", "tsx"})
MAX_FILES = 5000  # a bigger tree is indexed partly rather than stalling a thread for minutes


@dataclass
class WorkspaceIndex:
    root: str
    results: dict[str, ScanResult] = field(default_factory=dict)
    extra: dict[str, list[ModelReference]] = field(default_factory=dict)  # defining path -> references

    def references_for(self, path: str) -> list[ModelReference]:
        return self.extra.get(os.path.normpath(path), [])

    def defined_at(self, path: str, text: str, language: str, pos: Position) -> tuple[str, ModelReference] | None:
        """The literal an imported name at ``pos`` stands for (the hover at the call site)."""
        path = os.path.normpath(path)
        result = scan_document(text, language)
        for use in result.imported_uses:
            if not use.use.contains(pos):
                continue
            for defining, refs in self.extra.items():
                exported = self.results.get(defining, ScanResult()).exports.get(use.name, ())
                ranges = {lit.range for lit in exported}
                for ref in (*refs, *self.results.get(defining, ScanResult()).references):
                    if ref.range in ranges and (path in ref.used_in or not ref.used_in):
                        return defining, ref
        return None


def build_index(root: Path, settings: Settings, memo_dir: Path | None = None) -> WorkspaceIndex:
    """Scan every code file below ``root`` (bounded) and resolve imported model constants.

    Files are found by the same walker as ``check`` (regular files only, no links out of the
    tree, .gitignore honoured, bounded reads) and files with nothing model-shaped are not
    parsed. Only what the cross-file pass needs is kept: a file with neither module
    constants nor imported uses is dropped, so the index stays small on big trees. With
    ``memo_dir``, files unchanged since the last build are not read again (``scan_memo``).
    """
    from openai_access.scan.project_index import resolve_cross_file

    memo = ScanMemo(memo_dir, [str(root)], settings.scan_options, kind="index").load() if memo_dir else None
    read_at = now_ns()
    results: dict[str, ScanResult] = {}
    unparsed: list[tuple[str, str, Path]] = []  # (path, language, file) of files the prefilter skipped
    walked: set[str] = set()
    for found in walk.iter_files([str(root)]):
        language = language_for_path(found.path.name)
        if language not in CODE_LANGUAGES:
            continue
        if len(walked) >= MAX_FILES:
            break
        walked.add(str(found.path))
        path = os.path.normpath(str(found.path))
        entry, same = memo.recall(found.path) if memo is not None else (None, False)
        if entry is None or not same:
            stamp = stamp_of(found.path)
            data = walk.read_bounded(found.path, MAX_FILE_BYTES)
            if isinstance(data, walk.Skip):
                continue
            digest = digest_of(data) if memo is not None else ""
            if entry is None or entry.digest != digest:
                entry = _index_entry(data, language, settings, stamp, digest)
            elif stamp is not None:
                entry = Entry(stamp, digest, language, entry.quiet, [], None, entry.result, entry.exported)
            if memo is not None and stamp is not None:
                memo.record(found.path, entry, read_at)
        if entry.quiet:
            unparsed.append((path, language, found.path))
        elif entry.result is not None:
            results[path] = entry.result
    names = {use.name for r in results.values() for use in r.imported_uses}
    for path, language, file in unparsed if names else []:
        # Only a file that names an imported name can define it: read, and parsed unless its memo
        # entry (whose bytes the first loop just vouched for) already holds that scan.
        data = walk.read_bounded(file, MAX_FILE_BYTES)
        if isinstance(data, walk.Skip):
            continue
        text = _text(data)
        if not prefilter.has_any_word(text, names):
            continue
        scanned = memo.exported(file) if memo is not None else None
        if scanned is None:
            scanned = _kept(scan_document(text, language, settings.scan_options, reuse=False)) or ScanResult()
            if memo is not None:
                memo.record_exported(file, scanned)
        _keep(results, path, scanned)
    if memo is not None:
        memo.keep_only(walked)
        if problem := memo.save() or memo.problem:
            log.warning("%s", problem)
    extra = resolve_cross_file(results, str(root)) if len(results) > 1 else {}
    return WorkspaceIndex(str(root), results, {os.path.normpath(p): refs for p, refs in extra.items()})


def _index_entry(data: bytes, language: str, settings: Settings, stamp: Stamp | None, digest: str) -> Entry:
    """One file's part of the index: whether the prefilter let it through (``quiet`` when not), and what it keeps."""
    if not prefilter.may_hold_reference(data, language, settings.scan_options):
        return Entry(stamp, digest, language, True, [], None, None)
    kept = _kept(scan_document(_text(data), language, settings.scan_options, reuse=False))
    return Entry(stamp, digest, language, False, [], None, kept)


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n")


def _keep(results: dict[str, ScanResult], path: str, result: ScanResult) -> None:
    kept = _kept(result)
    if kept is not None:
        results[path] = kept


def _kept(result: ScanResult) -> ScanResult | None:
    if result.exports or result.imported_uses:
        refs = result.references if result.exports else []
        return ScanResult(references=refs, exports=result.exports, imported_uses=result.imported_uses)
    return None
