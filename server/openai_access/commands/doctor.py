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
import json
import os
import shutil
import sys
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from openai_access.access.answers import AccessView
from openai_access.catalog import Catalog, CatalogError
from openai_access.cli import EXIT_FATAL, EXIT_FINDINGS, EXIT_OK, settings_for
from openai_access.commands.access_view import access_view_for
from openai_access.doctor import (
    MODELS,
    AccountChecks,
    Check,
    Context,
    DoctorReport,
    ModelSummary,
    State,
    account_blocks_probing,
    summarise,
)
from openai_access.engine import FileVerdict, judge_file, scan_files
from openai_access.settings import Settings
from openai_access.statuses import Status
from openai_access.verdict import Judge, Verdict

NOT_PROBED = "not probed: fix the failing checks above first"

_TEXT_MARK = {State.PASS: "✓", State.FAIL: "✗", State.UNKNOWN: "?"}
_ASCII_MARK = {State.PASS: "[ok]", State.FAIL: "[FAIL]", State.UNKNOWN: "[?]"}
_ASCII_TEXT = {"…": "...", "“": '"', "”": '"', "—": "-", "→": "->", "’": "'"}
_MD_MARK = {State.PASS: "✅", State.FAIL: "❌", State.UNKNOWN: "❔"}


# -- building the report ------------------------------------------------------------------
async def account_checks(
    settings: Settings, env: Mapping[str, str], *, catalog: Catalog, today: date, context: Context
) -> list[Check]:
    return await AccountChecks(settings, env, catalog=catalog, today=today, context=context).run()


def _where(fv: FileVerdict) -> str:
    ref = fv.verdict.reference
    line = ref.range.start.line + 1
    if ref.cell is not None:
        return f"{fv.path} (cell {ref.cell + 1}, line {line})"
    return f"{fv.path}:{line}"


def _path_models(
    path: str, settings: Settings, catalog: Catalog, today: date, checks: Sequence[Check], notes: list[str]
) -> tuple[Check, tuple[ModelSummary, ...]]:
    """Check 8 for the CLI: scan PATH like ``check``, judge, and summarise by model."""
    scanned, scan_notes = scan_files([path], settings)
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
    assert isinstance(settings, Settings)
    try:
        catalog = Catalog.load(settings.catalog_path)
    except CatalogError as e:
        print(f"openai-access: error: {e}", file=sys.stderr)
        return EXIT_FATAL
    notes = list(problems)
    checks = asyncio.run(account_checks(settings, os.environ, catalog=catalog, today=today, context=Context.CLI))
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


async def doctor_markdown(
    settings: Settings,
    env: Mapping[str, str],
    verdicts: Iterable[Verdict],
    *,
    catalog: Catalog | None = None,
    today: date | None = None,
) -> str:
    """The checklist as Markdown for the editors, over the server's settings, environment and verdicts.

    ``env`` is the language server's environment, where the editor put the key (VS Code from its
    secret storage); ``verdicts`` are those of the open documents (suppressed ones already left out).
    """
    notes: list[str] = []
    if catalog is None:
        try:
            catalog = Catalog.load(settings.catalog_path)
        except CatalogError as e:
            notes.append(f"the catalog file could not be read ({e}); using the bundled one")
            catalog = Catalog.bundled()
    if today is None:
        try:
            today = date.fromisoformat(env.get("OPENAI_ACCESS_TODAY") or "")
        except ValueError:
            today = date.today()
    checks = await account_checks(settings, env, catalog=catalog, today=today, context=Context.EDITOR)
    model_check, models = summarise(((None, v) for v in verdicts), context=Context.EDITOR, scope="the open files")
    checks.append(model_check)
    return render_markdown(DoctorReport(tuple(checks), models, tuple(notes), catalog.as_of.isoformat()))


# -- rendering ------------------------------------------------------------------------------
def _failed_titles(report: DoctorReport) -> list[str]:
    return [c.title for c in report.checks if c.state is State.FAIL]


def _summary_line(report: DoctorReport) -> str:
    failed = _failed_titles(report)
    unknown = sum(1 for c in report.checks if c.state is State.UNKNOWN)
    tail = f" ({unknown} could not tell)" if unknown else ""
    if not failed:
        return f"All checks passed{tail}."
    return f"{len(failed)} check{'s' if len(failed) != 1 else ''} failed: {', '.join(failed)}{tail}."


def _can_encode(stream: TextIO, text: str) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def render_text(report: DoctorReport, *, stream: TextIO | None = None) -> str:
    """For a terminal: one line per check, its fix under it; wrapped only when writing to a tty."""
    marks = _TEXT_MARK if stream is None or _can_encode(stream, "✓✗…→—") else _ASCII_MARK
    width = shutil.get_terminal_size((100, 24)).columns if stream is not None and stream.isatty() else 0

    def para(text: str, indent: str, first: str = "") -> list[str]:
        if width <= 0:
            return [indent + first + text]
        return textwrap.wrap(
            text,
            width=max(width - 1, 60),
            initial_indent=indent + first,
            subsequent_indent=indent + " " * len(first),
            break_long_words=False,
            break_on_hyphens=False,
        )

    catalog = f" (catalog as of {report.catalog_as_of})" if report.catalog_as_of else ""
    out = [f"openai-access doctor: model access checklist{catalog}", ""]
    for c in report.checks:
        out += para(f"{c.title}: {c.detail}", "", f"{marks[c.state]} ")
        if c.fix:
            out += para(c.fix, "    ", "fix: ")
    if report.models:
        out += ["", "Models, by status:"]
        status: Status | None = None
        for m in report.models:
            if m.status is not status:
                status = m.status
                out.append(f"  {status.value}")
            places = f" ({', '.join(m.where[:4])}{f', +{len(m.where) - 4} more' if len(m.where) > 4 else ''})"
            out += para(m.model + (places if m.where else ""), "    ")
            out += para(m.message, "      ")
            if m.fix:
                out += para(m.fix, "      ", "fix: ")
    out += ["", _summary_line(report)]
    text = "\n".join(out)
    if marks is _ASCII_MARK and stream is not None:  # a terminal that cannot show “…” either
        for fancy, plain in _ASCII_TEXT.items():
            text = text.replace(fancy, plain)
        encoding = getattr(stream, "encoding", None) or "ascii"
        text = text.encode(encoding, "replace").decode(encoding)
    return text


def _check_json(c: Check) -> dict[str, Any]:
    return {"id": c.id, "title": c.title, "state": c.state.value, "detail": c.detail, "fix": c.fix}


def _model_json(m: ModelSummary) -> dict[str, Any]:
    return {
        "model": m.model,
        "status": m.status.value,
        "severity": m.severity.value if m.severity else None,
        "message": m.message,
        "fix": m.fix,
        "where": list(m.where),
        "replacements": list(m.replacements),
        "references": m.references,
    }


def render_json(report: DoctorReport) -> str:
    doc = {
        "version": 1,
        "checks": [_check_json(c) for c in report.checks],
        "models": [_model_json(m) for m in report.models],
        "notes": list(report.notes),
        "catalog_as_of": report.catalog_as_of,
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


def _md(text: str) -> str:
    """Keep API text from turning into Markdown structure (tables, emphasis, HTML)."""
    return text.replace("\\", "\\\\").replace("<", "&lt;").replace("|", "\\|").replace("*", "\\*")


def render_markdown(report: DoctorReport) -> str:
    catalog = f" · catalog as of {report.catalog_as_of}" if report.catalog_as_of else ""
    out = [
        "# OpenAI Access doctor",
        "",
        f"{_MD_MARK[State.PASS]} passed · {_MD_MARK[State.FAIL]} failed · {_MD_MARK[State.UNKNOWN]} could not tell"
        + catalog,
        "",
    ]
    for c in report.checks:
        out.append(f"- {_MD_MARK[c.state]} **{c.title}**: {_md(c.detail)}")
        if c.fix:
            out.append(f"  - **Fix:** {_md(c.fix)}")
    if report.models:
        title = next((c.title for c in report.checks if c.id == MODELS), "Models")
        out += ["", f"## {title}", ""]
        status: Status | None = None
        for m in report.models:
            if m.status is not status:
                status = m.status
                out += ["", f"### {status.value}", ""]
            out.append(f"- `{m.model}`: {_md(m.message)}")
            if m.fix:
                out.append(f"  - **Fix:** {_md(m.fix)}")
    if report.notes:
        out += ["", "## Notes", ""] + [f"- {_md(n)}" for n in report.notes]
    failed = _failed_titles(report)
    out += ["", "---", "", f"**{_summary_line(report)}**" if failed else _summary_line(report)]
    return "\n".join(out) + "\n"
