"""``openai-access check PATH…``: the CI face of the engine (text, JSON or SARIF)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from openai_access.access.answers import access_summary
from openai_access.access.store import default_cache_dir
from openai_access.batch_gc import batch_pace
from openai_access.batch_scan import scan_files
from openai_access.catalog import CatalogError
from openai_access.catalog.selection import choose
from openai_access.commands.access_view import access_view_for
from openai_access.commands.shared import EXIT_FATAL, EXIT_FINDINGS, EXIT_OK, settings_for
from openai_access.compat import CodeFinding, DeclaredMemo
from openai_access.engine import MAX_FILE_BYTES, fails, internal_note, judge_file
from openai_access.render.json_out import render_json
from openai_access.render.sarif import render_sarif
from openai_access.render.text import render_text
from openai_access.scan import parsers_unavailable
from openai_access.scan_memo import memo_folder
from openai_access.verdict import Judge, Verdict


def run_check(args: argparse.Namespace, *, today: object) -> int:
    with batch_pace():
        return _check(args, today)


def _check(args: argparse.Namespace, today: object) -> int:
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        print(f"openai-access: error: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return EXIT_FATAL
    # A file named on the command line that cannot be checked fails the run (exit 2) after it
    # finishes; inside a folder walk the same file is only a note.
    too_big = [p for p in args.paths if Path(p).is_file() and Path(p).stat().st_size > MAX_FILE_BYTES]
    first = Path(args.paths[0])
    settings, problems = settings_for(args, first if first.is_dir() else first.parent)
    try:
        chosen = choose(settings.catalog_path, settings.cache_dir or default_cache_dir(), today)  # type: ignore[arg-type]
    except CatalogError as e:
        print(f"openai-access: error: {e}", file=sys.stderr)
        return EXIT_FATAL
    if args.catalog and chosen.catalog_path_error:
        print(f"openai-access: error: {chosen.catalog_path_error}", file=sys.stderr)
        return EXIT_FATAL
    catalog = chosen.catalog
    problems = problems + chosen.notes + ([chosen.stale] if chosen.stale else [])

    broken = parsers_unavailable()
    if broken:
        print(
            f"openai-access: error: the bundled parsers cannot load ({broken}); reinstall openai-access",
            file=sys.stderr,
        )
        return EXIT_FATAL
    scanned, notes = scan_files(
        args.paths,
        settings,
        gitignore=not getattr(args, "no_gitignore", False),
        memo_dir=None if getattr(args, "no_cache", False) else memo_folder(settings.cache_dir),
    )
    notes = problems + notes
    refs = [r for f in scanned for r in f.references]
    view = access_view_for(refs, settings, notes, catalog)
    judge = Judge(catalog, today=today, severity_overrides=settings.severity)  # type: ignore[arg-type]
    items = []
    memo = DeclaredMemo()
    verdicts: dict[tuple[object, ...], Verdict] = {}
    for f in scanned:
        try:
            items.extend(judge_file(f, judge, view, settings, memo, verdicts))
        except Exception as e:  # one file's bug costs its findings and fails the run, not the others'
            f.error = f"{type(e).__name__}: {e}"
            notes.append(internal_note(f.source.path, "judging", f.error))

    if args.format == "json":
        print(render_json(items, notes=notes))
    elif args.format == "sarif":
        print(render_sarif(items))
    else:
        text = render_text(items, show_ok=args.show_ok)
        if text:
            print(text)
        shown = sum(1 for fv in items if fv.verdict.severity and not fv.suppressed)
        n_refs = sum(
            1 for fv in items if not isinstance(fv.verdict, CodeFinding)
        )  # code findings are counted as findings
        print(
            f"{n_refs} model reference{'s' if n_refs != 1 else ''} in {len(scanned)} "
            f"file{'s' if len(scanned) != 1 else ''}, {shown} finding{'s' if shown != 1 else ''}; "
            f"{access_summary(view)}; "
            f"catalog as of {catalog.as_of.isoformat()}{', OUT OF DATE' if chosen.stale else ''}",
            file=sys.stderr,
        )
    for n in notes if args.format != "json" else []:
        print(f"note: {n}", file=sys.stderr)
    if too_big:
        print(
            f"openai-access: error: not checked, over the {MAX_FILE_BYTES // 2**20} MB limit: {', '.join(too_big)}",
            file=sys.stderr,
        )
        return EXIT_FATAL
    if any(f.error for f in scanned):
        return EXIT_FATAL  # something was not checked: CI must not pass on a crash
    return EXIT_FINDINGS if fails(items) else EXIT_OK
