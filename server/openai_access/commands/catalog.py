"""``openai-access catalog update|info``: newer model facts without a new release.

``update`` is the only way the CLI ever downloads a catalog, and only when the user types it;
``info`` says which catalog decides verdicts right now and why, so a surprising verdict can
be traced to its facts.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from openai_access.access.store import default_cache_dir
from openai_access.catalog.loader import CatalogError
from openai_access.catalog.selection import choose
from openai_access.catalog.update import DEFAULT_UPDATE_URL, UpdateError, diff, fetch_bytes, store, validate
from openai_access.commands.shared import EXIT_FATAL, EXIT_OK


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    cat = sub.add_parser("catalog", help="show or update the model catalog (dates, replacements)")
    csub = cat.add_subparsers(dest="catalog_command", required=True, parser_class=type(cat))
    up = csub.add_parser("update", help="download a newer catalog, check it, and use it from now on")
    up.add_argument(
        "--from",
        dest="source",
        default=None,
        metavar="URL|FILE",
        help=f"where to get it (default: {DEFAULT_UPDATE_URL})",
    )
    info = csub.add_parser("info", help="which catalog is in use, its date and its source")
    info.add_argument("--format", choices=["text", "json"], default="text")
    for p in (up, info):
        p.add_argument("--cache-dir", help="where the downloaded catalog is kept (default: the user cache dir)")
        p.add_argument("--catalog", help="a catalog file to consider too (like the catalogPath setting)")
        p.add_argument("--today", help=argparse.SUPPRESS)


def run_catalog(args: argparse.Namespace, *, today: date) -> int:
    cache_dir = args.cache_dir or default_cache_dir()
    try:
        chosen = choose(args.catalog, cache_dir, today)
    except CatalogError as e:
        print(f"openai-access: error: {e}", file=sys.stderr)
        return EXIT_FATAL
    if args.catalog_command == "info":
        if args.format == "json":
            doc = {
                "origin": chosen.origin,
                "as_of": chosen.catalog.as_of.isoformat(),
                "source": chosen.source,
                "models": len(chosen.catalog),
                "stale": chosen.stale,
                "notes": chosen.notes,
            }
            print(json.dumps(doc, indent=2))
        else:
            print(f"in use: {chosen.describe()}")
            print(f"models: {len(chosen.catalog)}")
            if chosen.stale:
                print(f"warning: {chosen.stale}")
            for n in chosen.notes:
                print(f"note: {n}", file=sys.stderr)
        return EXIT_OK

    source = args.source or DEFAULT_UPDATE_URL
    current = chosen.catalog
    try:
        data = fetch_bytes(source)
        candidate = validate(data, source=source, current_as_of=current.as_of, today=today)
        path = store(data, cache_dir, source=source)
    except UpdateError as e:
        print(f"openai-access: catalog not updated: {e}", file=sys.stderr)
        print(f"still using the {chosen.describe()}", file=sys.stderr)
        return EXIT_FATAL
    except OSError as e:
        print(f"openai-access: catalog not updated: cannot write to {cache_dir} ({e.strerror or e})", file=sys.stderr)
        return EXIT_FATAL
    print(f"catalog updated: as of {candidate.as_of.isoformat()} (was {current.as_of.isoformat()}), saved to {path}")
    for line in diff(current.data, candidate).lines():
        print(f"  {line}")
    return EXIT_OK
