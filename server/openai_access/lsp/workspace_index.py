"""Cross-file constants in the editor: ``from .settings import MODEL`` then ``model=MODEL``.

The verdict belongs on the literal in ``settings.py``, but only a scan of the whole folder can
tell that it is used as a model elsewhere. The index is built off the event loop (in a thread)
when the server starts and again after a save; open documents read it, they never wait for it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from openai_access.engine import MAX_FILE_BYTES, SKIP_DIRS
from openai_access.references import ModelReference, Position
from openai_access.scan import ScanResult, language_for_path, scan_document
from openai_access.settings import Settings

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


def build_index(root: Path, settings: Settings) -> WorkspaceIndex:
    """Scan every code file below ``root`` (bounded) and resolve imported model constants."""
    from openai_access.scan.project_index import resolve_cross_file

    results: dict[str, ScanResult] = {}
    for dirpath, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            language = language_for_path(name)
            if language not in CODE_LANGUAGES:
                continue
            path = os.path.normpath(os.path.join(dirpath, name))
            try:
                if os.path.getsize(path) > MAX_FILE_BYTES:
                    continue
                text = Path(path).read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            results[path] = scan_document(text, language, settings.scan_options)
            if len(results) >= MAX_FILES:
                break
        if len(results) >= MAX_FILES:
            break
    extra = resolve_cross_file(results, str(root)) if len(results) > 1 else {}
    return WorkspaceIndex(str(root), results, {os.path.normpath(p): refs for p, refs in extra.items()})
