"""The repository's own settings: ``.openai-access.toml`` or ``[tool.openai-access]`` in
``pyproject.toml``, found by walking up from a file or folder.

A repository may decide what a team agrees on (wrappers that take a model, severities,
ignored models, whether to probe) but never where the key is sent; ``settings.merge``
enforces that. Every problem is returned in plain words naming the file and key, and the
defaults stay in force, so a typo in pyproject.toml never stops the checker. The file's
path is returned even when it is broken, so the server can watch it and reload when fixed.

A repository file may name a catalog (``catalog-path``) only inside the repository: a path
relative to the file, resolved through symlinks, that stays under the repository's top. A
folder the lookup cannot enter is skipped with one note, never a traceback.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from openai_access.settings import Settings, merge
from openai_access.user_files import UnreadableFile, read_regular_file

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["DEDICATED_FILE", "ProjectSettings", "find_project_file", "load_project_settings"]

DEDICATED_FILE = ".openai-access.toml"
PYPROJECT = "pyproject.toml"
TABLE = "openai-access"
MAX_BYTES = 1024 * 1024
# A pyproject.toml mentions our table (so its errors are ours to report) if this matches.
_MENTIONS_US = re.compile(r"^\s*\[\s*tool\s*\.\s*[\"']?openai-access", re.MULTILINE)


@dataclass(frozen=True)
class ProjectSettings:
    settings: Settings
    problems: tuple[str, ...] = ()
    path: Path | None = None  # the file the settings came from (watch it), or None


def find_project_file(start: Path | str, root: Path | str | None = None) -> Path | None:
    """The nearest ``.openai-access.toml``, or ``pyproject.toml`` that has our table.

    Walks up from ``start`` and stops after ``root``, after a folder holding ``.git`` (the
    repository's top), or at the filesystem root. In one folder the dedicated file wins.
    """
    return _find(Path(start), Path(root) if root is not None else None, [])


def _find(start: Path, root: Path | None, problems: list[str]) -> Path | None:
    for folder in _folders(start, root, problems):
        try:
            dedicated = folder / DEDICATED_FILE
            if dedicated.is_file():
                return dedicated
            pyproject = folder / PYPROJECT
            if pyproject.is_file() and _mentions_us(pyproject):
                return pyproject
        except OSError as e:  # a folder we may not enter: its settings are not ours to read
            problems.append(f"{folder}: cannot be read ({e.strerror or e}); project settings there are skipped")
    return None


def _folders(start: Path, root: Path | None, problems: list[str]) -> list[Path]:
    try:
        here = start.absolute()
        stop = root.absolute() if root is not None else None
    except OSError:
        return []
    try:
        if not here.is_dir():
            here = here.parent
    except OSError as e:  # inside a folder we may not enter: start looking above it
        problems.append(f"{here.parent}: cannot be read ({e.strerror or e}); project settings there are skipped")
        here = here.parent
    out = []
    for folder in (here, *here.parents):
        out.append(folder)
        try:
            top = folder == stop or (folder / ".git").exists()
        except OSError:
            top = False  # said once, when the lookup tries this folder's files
        if top:
            break
    return out


def _repository_top(folder: Path) -> Path:
    for candidate in (folder, *folder.parents):
        try:
            if (candidate / ".git").exists():
                return candidate
        except OSError:
            break
    return folder


def _mentions_us(pyproject: Path) -> bool:
    try:
        head = read_regular_file(pyproject, MAX_BYTES).decode("utf-8", "replace")
    except OSError:
        return False
    return _MENTIONS_US.search(head) is not None


def load_project_settings(
    start: Path | str, base: Settings | None = None, *, root: Path | str | None = None
) -> ProjectSettings:
    """``base`` with the project file's settings over it. Never raises."""
    base = base if base is not None else Settings()
    lookup: list[str] = []
    path = _find(Path(start), Path(root) if root is not None else None, lookup)
    if path is None:
        return ProjectSettings(base, tuple(lookup[:1]))
    values, problem = _read_table(path)
    if problem is not None:
        return ProjectSettings(base, (*lookup[:1], problem), path)
    settings, problems = merge(base, values, source=path.name, from_repo=True)
    if settings.catalog_path != base.catalog_path:
        settings, refused = _catalog_in_repository(settings, base, path)
        problems += refused
    return ProjectSettings(settings, (*lookup[:1], *problems), path)


def _catalog_in_repository(settings: Settings, base: Settings, path: Path) -> tuple[Settings, list[str]]:
    """``catalog-path`` from a repository file, relative to that file and kept inside the repository."""
    raw = settings.catalog_path or ""
    top = Path(os.path.realpath(_repository_top(path.parent)))
    where = Path(os.path.realpath(path.parent / raw))
    if raw.startswith("~") or not where.is_relative_to(top):
        problem = (
            f"{path.name}: catalog-path {raw!r} is outside the repository ({top}), so a repository file "
            "may not use it (ignored); set it in your editor or with --catalog"
        )
        return replace(settings, catalog_path=base.catalog_path), [problem]
    return replace(settings, catalog_path=str(where)), []


def _read_table(path: Path) -> tuple[dict[str, Any], str | None]:
    name = path.name
    try:
        data = read_regular_file(path, MAX_BYTES)
    except UnreadableFile as e:
        if e.errno == errno.EFBIG:
            return {}, f"{name}: larger than 1 MB, not read; using the default settings"
        return {}, f"{name}: cannot be read ({e.strerror}); using the default settings"
    except OSError as e:
        return {}, f"{name}: cannot be read ({e.strerror or e}); using the default settings"
    try:
        doc = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return {}, f"{name}: not valid UTF-8; using the default settings"
    except tomllib.TOMLDecodeError as e:
        where = _where(e, data.count(b"\n") + (0 if data.endswith(b"\n") else 1))
        return {}, f"{name}: not valid TOML ({where}); using the default settings"
    tool = doc.get("tool")
    table = tool.get(TABLE) if isinstance(tool, dict) else None
    if name != PYPROJECT and table is None:
        return doc, None  # the dedicated file holds the settings at its top level
    if not isinstance(table, dict):
        return {}, f"{name}: [tool.{TABLE}] must be a table of settings; using the default settings"
    return table, None


def _where(error: Exception, last_line: int) -> str:
    """tomllib says "(at line 3, column 9)" or "(at end of document)"; make both a line."""
    message = str(error)
    line = getattr(error, "lineno", None)
    if "at end of document" in message:
        message = message.replace("at end of document", f"at the end of the file, line {last_line}")
    elif line and f"line {line}" not in message:
        message += f" (at line {line})"
    return message
