"""Per workspace folder: its settings (project file + editor), its project's access service.

Multi-root workspaces get one ``FolderState`` each, because each folder may be a different
project (its own ``pyproject.toml``, its own editor settings, possibly its own API project).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openai_access.access.answers import AccessView
from openai_access.access.store import default_cache_dir
from openai_access.catalog.selection import ChosenCatalog, choose
from openai_access.project_config import load_project_settings
from openai_access.settings import ProbeMode, Settings, merge
from openai_access.verdict import Judge

log = logging.getLogger(__name__)


@dataclass
class FolderState:
    uri: str
    root: Path | None
    settings: Settings = field(default_factory=Settings)
    problems: list[str] = field(default_factory=list)
    project_file: Path | None = None
    access: Any = None  # AccessService | None — imported lazily (it pulls in the openai SDK)
    judge: Judge | None = None
    catalog_choice: ChosenCatalog | None = None

    def view(self) -> AccessView:
        if self.access is None:
            return AccessView(project_label="not checked", unchecked_reason=self.offline_reason())
        view: AccessView = self.access.view()
        return view

    def offline_reason(self) -> str:
        if not self.settings.workspace_trusted:
            return "the workspace is not trusted, so nothing is sent to the API"
        if self.settings.probe is ProbeMode.OFF:
            return "probing is turned off (openaiAccess.probe = off)"
        return "no API key is set"


def build_folder(
    uri: str,
    root: Path | None,
    editor: Mapping[str, Any],
    env: Mapping[str, str],
    catalog_cache: dict[tuple[str | None, str], ChosenCatalog],
    today: date,
    services: dict[str, Any],
) -> FolderState:
    """Settings for one folder: defaults < project file < editor settings. Never raises."""
    base = Settings()
    problems: list[str] = []
    project_file = None
    if root is not None:
        loaded = load_project_settings(root, base)
        base, project_file = loaded.settings, loaded.path
        problems += loaded.problems
    settings, editor_problems = merge(base, editor, source="editor settings (openaiAccess)")
    problems += editor_problems

    cache_dir = settings.cache_dir or default_cache_dir()
    catalog_key = (settings.catalog_path, cache_dir)
    chosen = catalog_cache.get(catalog_key)
    if chosen is None:
        # Newest valid of bundled / downloaded / catalogPath; the others' problems become notes.
        chosen = catalog_cache[catalog_key] = choose(settings.catalog_path, cache_dir, today)
    problems += chosen.notes
    catalog = chosen.catalog

    state = FolderState(uri, root, settings, problems, project_file, catalog_choice=chosen)
    state.judge = Judge(catalog, today=today, severity_overrides=settings.severity)
    has_key = (
        any(env.get(p.key_env) for p in settings.projects) if settings.projects else bool(env.get("OPENAI_API_KEY"))
    )
    wants_access = settings.workspace_trusted and settings.probe is not ProbeMode.OFF and has_key
    if wants_access and settings.projects:
        # Several named projects (user / editor settings only): one service each, driven together.
        key = repr(settings)
        state.access = services.get(key)
        if state.access is None:
            from openai_access.access.projects import ProjectSet

            state.access = services[key] = ProjectSet(settings, env, catalog=catalog)
    elif wants_access:
        # One service per settings, kept for the server's life: folders are rebuilt on every
        # settings change, and dropping a service mid-probe would close its HTTP client under it.
        key = repr(settings)  # Settings holds a dict, so it is compared, not hashed
        state.access = services.get(key)
        if state.access is None:
            from openai_access.access.service import AccessService

            state.access = services[key] = AccessService(settings, env, catalog=catalog)
    return state


def folder_root(uri: str) -> Path | None:
    from pygls.uris import to_fs_path

    path = to_fs_path(uri)
    return Path(path) if path and os.path.isdir(path) else None
