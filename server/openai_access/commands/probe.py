"""``openai-access probe MODEL…``: what a user runs right after changing the project's limits."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from openai_access.catalog import Catalog, CatalogError
from openai_access.commands.access_view import access_view_for
from openai_access.commands.shared import EXIT_FATAL, EXIT_FINDINGS, EXIT_OK, settings_for
from openai_access.references import ModelReference, Position, Range, Surface
from openai_access.settings import ProbeMode
from openai_access.statuses import Severity
from openai_access.verdict import Judge, Verdict


def _surface_for(model: str, given: str | None, catalog: Catalog) -> Surface:
    if given:
        return Surface(given)
    entry = catalog.get(model)
    if entry and entry.endpoints:
        for preferred in (Surface.CHAT, Surface.RESPONSES, Surface.EMBEDDINGS, Surface.MODERATIONS):
            if preferred in entry.endpoints:
                return preferred
        return entry.endpoints[0]
    return Surface.CHAT


def run_probe(args: argparse.Namespace, *, today: object) -> int:
    settings, problems = settings_for(args, Path.cwd())
    if args.probe is None:
        from dataclasses import replace

        settings = replace(settings, probe=ProbeMode.LIVE)  # asked by name: ask now, not the cache
    try:
        catalog = Catalog.load(settings.catalog_path)
        if args.surface:
            Surface(args.surface)
    except (CatalogError, ValueError) as e:
        print(f"openai-access: error: {e}", file=sys.stderr)
        return EXIT_FATAL
    here = Range(Position(0, 0), Position(0, 0))
    refs = [
        ModelReference(
            model=m,
            range=here,
            surface=_surface_for(m, args.surface, catalog),
            client="cli",
            streams=args.stream,
            reasoning_summary=args.reasoning_summary,
        )
        for m in args.models
    ]
    notes = list(problems)
    view = access_view_for(refs, settings, notes, catalog)
    judge = Judge(catalog, today=today, severity_overrides=settings.severity)  # type: ignore[arg-type]
    verdicts: list[Verdict] = [judge.judge(r, view) for r in refs]
    if args.format == "json":
        print(
            json.dumps(
                {
                    "version": 1,
                    "project": view.project_label,
                    "models": [
                        {
                            "model": v.model,
                            "status": v.status.value,
                            "severity": v.severity.value if v.severity else None,
                            "message": v.message,
                            "evidence": v.evidence,
                            "replacements": list(v.replacements),
                        }
                        for v in verdicts
                    ],
                    "notes": notes,
                },
                indent=2,
            )
        )
    else:
        for v in verdicts:
            print(f"{v.model}: {v.status.value} — {v.message}\n    evidence: {v.evidence}")
        for n in notes:
            print(f"note: {n}", file=sys.stderr)
    return EXIT_FINDINGS if any(v.severity is Severity.ERROR for v in verdicts) else EXIT_OK
