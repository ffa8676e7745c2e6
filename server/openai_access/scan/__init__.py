"""Text + language -> model references. Pure functions: no I/O, no editor types.

Every entry point here is total: broken, empty, binary-looking or huge text gives whatever
references can be found (often none), never an exception, because it runs on each keystroke.
"""

from __future__ import annotations

import logging
import os

from openai_access.references import ModelReference
from openai_access.scan._result import ExportedLiteral, ImportedUse, ScanResult
from openai_access.scan.options import DEFAULT_OPTIONS, CallPattern, ScanOptions

__all__ = [
    "DEFAULT_OPTIONS",
    "CallPattern",
    "ExportedLiteral",
    "ImportedUse",
    "ScanOptions",
    "ScanResult",
    "language_for_id",
    "language_for_path",
    "scan_document",
    "scan_text",
]

_log = logging.getLogger(__name__)

SOURCE_LANGUAGES = frozenset({"python", "javascript", "typescript", "tsx"})
# Beyond this a file is generated or data, not code someone is typing model names into.
MAX_SOURCE_CHARS = 20_000_000

_EXTENSIONS = {
    ".py": "python",
    ".pyi": "python",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
    ".yml": "yaml",
    ".yaml": "yaml",
    ".toml": "toml",
    ".json": "json",
    ".ipynb": "notebook",
}

_LANGUAGE_IDS = {
    "python": "python",
    "javascript": "javascript",
    "javascriptreact": "javascript",
    "typescript": "typescript",
    "typescriptreact": "tsx",
    "yaml": "yaml",
    "toml": "toml",
    "json": "json",
    "jsonc": "json",
    "dotenv": "dotenv",
    "env": "dotenv",
    "properties": "dotenv",
    "ipynb": "notebook",
    "jupyter": "notebook",
    "jupyter-notebook": "notebook",
}


def language_for_path(path: str) -> str | None:
    name = os.path.basename(path.replace("\\", "/")).lower()
    if name == ".env" or name.startswith(".env.") or name.endswith(".env"):
        return "dotenv"
    _, ext = os.path.splitext(name)
    return _EXTENSIONS.get(ext)


def language_for_id(language_id: str) -> str | None:
    return _LANGUAGE_IDS.get(language_id.strip().lower())


def scan_text(text: str, language: str, options: ScanOptions = DEFAULT_OPTIONS) -> list[ModelReference]:
    if language in SOURCE_LANGUAGES:
        return scan_document(text, language, options, exports=False).references
    try:
        if language in ("dotenv", "yaml", "toml", "json"):
            from openai_access.scan.config_files import scan_config

            return list(scan_config(text, language, options))
        if language == "notebook":
            from openai_access.scan.notebook import scan_notebook

            return list(scan_notebook(text, options))
    except Exception:  # a sibling scanner's bug must not take the editor down
        _log.exception("scanning %s text failed", language)
    return []


def scan_document(
    text: str,
    language: str,
    options: ScanOptions = DEFAULT_OPTIONS,
    *,
    exports: bool = True,
) -> ScanResult:
    """References plus what cross-file resolution needs (module constants, imported uses)."""
    if language not in SOURCE_LANGUAGES or not isinstance(text, str):
        return ScanResult(references=scan_text(text, language, options) if text else [])
    if not text or len(text) > MAX_SOURCE_CHARS:
        return ScanResult()
    try:
        if language == "python":
            from openai_access.scan import python

            return python.scan(text, options, exports=exports)
        from openai_access.scan import javascript

        return javascript.scan(text, language, options, exports=exports)
    except RecursionError:
        return ScanResult()
    except Exception:  # never let one odd file break diagnostics for the rest
        _log.exception("scanning %s source failed", language)
        return ScanResult()
