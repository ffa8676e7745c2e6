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
from openai_access.settings import ProbeMode, Settings

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
    return settings, problems
