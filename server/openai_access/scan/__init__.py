"""Text + language -> model references. Pure functions: no I/O, no editor types.

Every entry point here is total: broken, empty, binary-looking or huge text gives whatever
references can be found (often none), never an exception, because it runs on each keystroke.
"""

from __future__ import annotations

import importlib
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


def parsers_unavailable() -> str | None:
    """Why the tree-sitter grammars cannot load, or None. A batch run checks this first:
    without parsers every file would look free of models."""
    try:
        for name in ("python", "javascript"):
            importlib.import_module(f"openai_access.scan.{name}")
    except Exception as e:  # ImportError, or a grammar built for another tree-sitter ABI
        return f"{type(e).__name__}: {e}"
    return None


def scan_text(text: str, language: str, options: ScanOptions = DEFAULT_OPTIONS) -> list[ModelReference]:
    return scan_document(text, language, options, exports=False).references


def scan_document(
    text: str,
    language: str,
    options: ScanOptions = DEFAULT_OPTIONS,
    *,
    exports: bool = True,
    reuse: bool = True,
) -> ScanResult:
    """References plus what cross-file resolution needs (module constants, imported uses).

    ``reuse=False`` is for batch runs: no incremental reparse against recently parsed texts
    (each file is new, so the diffing would be pure cost) and no trees kept in memory.
    A scanner failure never raises: it is logged and reported in ``ScanResult.error``.
    """
    if not text or not isinstance(text, str):
        return ScanResult()
    try:
        if language in SOURCE_LANGUAGES:
            if len(text) > MAX_SOURCE_CHARS:
                return ScanResult()
            if language == "python":
                from openai_access.scan import python

                return python.scan(text, options, exports=exports, reuse=reuse)
            from openai_access.scan import javascript

            return javascript.scan(text, language, options, exports=exports, reuse=reuse)
        if language in ("dotenv", "yaml", "toml", "json"):
            from openai_access.scan.config_files import scan_config

            return ScanResult(references=list(scan_config(text, language, options)))
        if language == "notebook":
            from openai_access.scan.notebook import scan_notebook

            return ScanResult(references=list(scan_notebook(text, options)))
    except ImportError:  # a broken install must not look like a file without models
        raise
    except RecursionError:
        return ScanResult(error="nested too deeply to scan")
    except Exception as e:  # never let one odd file break diagnostics for the rest
        _log.exception("scanning %s text failed", language)
        return ScanResult(error=f"{type(e).__name__}: {e}")
    return ScanResult()
