"""What every subcommand shares: the exit codes, flags → settings, and ``--today``.

Kept out of ``cli.py`` so the commands never import the entry point that imports them.
Exit codes (a contract, see DESIGN.md): 0 no error-severity verdicts, 1 some, 2 usage or
fatal error with a clear message on stderr.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import replace
from datetime import date
from pathlib import Path

from openai_access.project_config import load_project_settings
from openai_access.settings import NamedProject, ProbeMode, Settings

EXIT_OK, EXIT_FINDINGS, EXIT_FATAL = 0, 1, 2


def today_from(value: str | None) -> date:
    """``--today`` or ``OPENAI_ACCESS_TODAY`` (tests pin the date), else the real date."""
    raw = value or os.environ.get("OPENAI_ACCESS_TODAY")
    if not raw:
        return date.today()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise SystemExit(f"openai-access: error: --today wants YYYY-MM-DD, got {raw!r}") from None


def settings_for(args: argparse.Namespace, start: Path) -> tuple[Settings, list[str]]:
    """Defaults < project file < command-line flags. Returns (Settings, problems)."""
    loaded = load_project_settings(start, Settings())
    settings, problems = loaded.settings, list(loaded.problems)
    if args.probe:
        settings = replace(settings, probe=ProbeMode(args.probe))
    if args.no_paid_probes:
        settings = replace(settings, paid_probes=False)
    if args.cache_dir:
        settings = replace(settings, cache_dir=args.cache_dir)
    if args.catalog:
        settings = replace(settings, catalog_path=args.catalog)
    named = getattr(args, "project", None) or []
    if named:
        parsed, wrong = _named_projects(named)
        problems += wrong
        settings = replace(settings, projects=parsed)
    return settings, problems


def _named_projects(values: list[str]) -> tuple[tuple[NamedProject, ...], list[str]]:
    """``--project NAME=ENVVAR`` (repeatable): the project's name and the variable holding its key."""
    out: list[NamedProject] = []
    problems: list[str] = []
    for raw in values:
        name, sep, key_env = raw.partition("=")
        if not sep or not name.strip() or not key_env.strip().replace("_", "").isalnum():
            problems.append(f"--project {raw!r}: expected NAME=ENVVAR (the variable that holds the key); ignored")
            continue
        if any(p.name == name.strip() for p in out):
            problems.append(f"--project {raw!r}: {name.strip()!r} is named twice; ignored")
            continue
        out.append(NamedProject(name.strip(), key_env.strip()))
    return tuple(out), problems
