"""``openai-access doctor [PATH]`` and the editors' ``openai-access.doctor``: the access checklist.

People walk this list by hand when a call fails; here each line is a check with ✓ / ✗ / ?,
and every ✗ carries the one thing to do. Checks 1-7 (key, base URL, org/project headers, key
accepted, quota/billing, model list, region) come from ``openai_access.doctor.AccountChecks``,
which sends only free requests unless ``--probe live`` with paid probes allowed (see its module
docstring). Check 8 summarises the models in PATH with the same scan and verdicts as ``check``.

Exit codes: 0 when every check passes or could not tell (✓ or ?), 1 when any fails (✗), 2 on
usage errors. ``?`` is not a failure: a custom base URL or an unchecked model is uncertainty,
and uncertainty is shown as such rather than turned into an alarm.

The key is never printed: the text, JSON and Markdown only ever carry its hint (``sk-…0000``),
and API messages are scrubbed by ``access.classify`` before they reach a check.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from openai_access.access.answers import AccessView
from openai_access.batch_scan import scan_files
from openai_access.catalog import Catalog, CatalogError
from openai_access.commands.access_view import access_view_for
from openai_access.commands.shared import EXIT_FATAL, EXIT_FINDINGS, EXIT_OK, settings_for
from openai_access.doctor import (
    AccountChecks,
    Check,
    Context,
    DoctorReport,
    ModelSummary,
    account_blocks_probing,
    summarise,
)
from openai_access.doctor.render import render_json, render_text
from openai_access.engine import FileVerdict, cell_place, judge_file
from openai_access.scan_memo import memo_folder
from openai_access.settings import Settings
from openai_access.verdict import Judge

NOT_PROBED = "not probed: fix the failing checks above first"


def _where(fv: FileVerdict) -> str:
    ref = fv.verdict.reference
    line = fv.file_position(ref.range.start).line + 1
    place = cell_place(ref)
    return f"{fv.path}:{line} ({place})" if place else f"{fv.path}:{line}"


def _path_models(
    path: str, settings: Settings, catalog: Catalog, today: date, checks: Sequence[Check], notes: list[str]
) -> tuple[Check, tuple[ModelSummary, ...]]:
    """Check 8 for the CLI: scan PATH like ``check``, judge, and summarise by model."""
    scanned, scan_notes = scan_files([path], settings, memo_dir=memo_folder(settings.cache_dir))
    notes.extend(scan_notes)
    refs = [r for f in scanned for r in f.references]
    if account_blocks_probing(checks):
        view = AccessView(project_label="not checked", unchecked_reason=NOT_PROBED)
    else:
        view = access_view_for(refs, settings, notes, catalog)
    judge = Judge(catalog, today=today, severity_overrides=settings.severity)
    items = [fv for f in scanned for fv in judge_file(f, judge, view, settings)]
    rows = [(_where(fv), fv.verdict) for fv in items if not fv.suppressed]
    return summarise(rows, context=Context.CLI, scope=path)


def run_doctor(args: argparse.Namespace, *, today: date) -> int:
    path: str | None = args.path
    if path is not None and not Path(path).exists():
        print(f"openai-access: error: no such file or directory: {path}", file=sys.stderr)
        return EXIT_FATAL
    given = Path(path) if path is not None else Path.cwd()
    start = given if given.is_dir() else given.parent
    settings, problems = settings_for(args, start)
    try:
        catalog = Catalog.load(settings.catalog_path)
    except CatalogError as e:
        print(f"openai-access: error: {e}", file=sys.stderr)
        return EXIT_FATAL
    notes = list(problems)
    checks = asyncio.run(AccountChecks(settings, os.environ, catalog=catalog, today=today, context=Context.CLI).run())
    models: tuple[ModelSummary, ...] = ()
    if path is not None:
        model_check, models = _path_models(path, settings, catalog, today, checks, notes)
        checks.append(model_check)
    report = DoctorReport(tuple(checks), models, tuple(dict.fromkeys(notes)), catalog.as_of.isoformat())
    if args.format == "json":
        print(render_json(report))
    else:
        print(render_text(report, stream=sys.stdout))
        for n in report.notes:
            print(f"note: {n}", file=sys.stderr)
    return EXIT_FINDINGS if report.failed else EXIT_OK
