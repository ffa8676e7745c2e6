#!/usr/bin/env python3
"""Regenerate the bundled catalog ``server/openai_access/catalog/models.json``.

The research file (``openai-models.json``) carries a precomputed ``status`` that was true
on its own as-of date; the bundled catalog drops it, because an editor opened months
later must compute the lifecycle against *its* today. Endpoint names are mapped onto the
``Surface`` values the scanner reports, so the two sides compare without translation.

The source lives in the repository, ``catalog-src/openai-models.json``, next to
``catalog-src/NOTES.md`` (where every date came from), so a clean clone rebuilds the catalog
byte for byte (``tests/catalog/test_catalog_build.py`` checks it). To update the catalog, edit
the source with its evidence, run this script, and commit both.

Usage: ``python scripts/build_catalog.py [SOURCE] [--out PATH]``; SOURCE defaults to
``catalog-src/openai-models.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO / "catalog-src" / "openai-models.json"
DEFAULT_OUT = REPO / "server" / "openai_access" / "catalog" / "models.json"

SCHEMA_VERSION = 1

# Research endpoint names → Surface values (references.py). Names without a Surface
# ("edits", "live") are kept as written: they still tell the catalog which API a model
# belongs to, which is what lets it say a model does *not* serve another one.
ENDPOINT_MAP = {
    "chat.completions": "chat.completions",
    "responses": "responses",
    "completions": "completions",
    "embeddings": "embeddings",
    "images": "images",
    "audio.speech": "audio.speech",
    "audio.transcriptions": "audio.transcriptions",
    "audio.translations": "audio.translations",
    "moderations": "moderations",
    "realtime": "realtime",
    "videos": "videos",
    "assistants": "assistants",
    "fine-tunes": "fine_tuning",
    "fine_tuning": "fine_tuning",
    "batches": "batches",
    "edits": "edits",
    "live": "live",
}

# Fine-tuned models outlive (or not) their base on their own dates; the deprecations page
# gives these in ``non_model_shutdowns`` as prose, restated here per base id so lookups
# of ``ft:<base>:…`` can use them. Bases are the ids that appear inside ``ft:`` names.
FINE_TUNE_SHUTDOWNS = {
    "2026-10-23": [
        "gpt-3.5-turbo",
        "gpt-3.5-turbo-0613",
        "gpt-3.5-turbo-1106",
        "gpt-3.5-turbo-0125",
        "gpt-4",
        "gpt-4-0613",
        "gpt-4.1-nano-2025-04-14",
        "babbage-002",
        "davinci-002",
        "o4-mini-2025-04-16",
    ],
    "2027-01-14": [
        "gpt-4o-2024-08-06",
        "gpt-4o-2024-11-20",
        "gpt-4o-mini-2024-07-18",
        "gpt-4.1-2025-04-14",
        "gpt-4.1-mini-2025-04-14",
    ],
}

# Whole APIs OpenAI shut down or announced, as Surface values: a call to one fails
# whatever the model. Restated from ``non_model_shutdowns`` (prose keys) so code can match.
SURFACE_SHUTDOWNS = {
    "assistants": ("Assistants API", "Responses API + Conversations API"),
    "videos": ("Videos API", None),
    "audio.translations": ("/v1/audio/translations", "audio.transcriptions"),
}

MODEL_FIELDS = (
    "family",
    "endpoints",
    "shutdown",
    "deprecation_announced",
    "replacement",
    "replacement_alternatives",
    "requires_verification",
    "verification_scope",
    "verification_note",
    "notes",
    "source",
)


class BuildError(Exception):
    pass


def _date_or_none(model_id: str, field: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BuildError(f"{model_id}.{field}: expected a date string, got {value!r}")
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as e:
        raise BuildError(f"{model_id}.{field}: {value!r} is not a YYYY-MM-DD date") from e


def _model(model_id: str, raw: dict[str, Any]) -> dict[str, Any]:
    endpoints = []
    for name in raw.get("endpoints") or []:
        mapped = ENDPOINT_MAP.get(name)
        if mapped is None:
            raise BuildError(f"{model_id}: unknown endpoint {name!r}; add it to ENDPOINT_MAP")
        if mapped not in endpoints:
            endpoints.append(mapped)
    scope = raw.get("verification_scope")
    if isinstance(scope, str):
        scope = [scope]
    out: dict[str, Any] = {
        "family": raw.get("family"),
        "endpoints": endpoints,
        "shutdown": _date_or_none(model_id, "shutdown", raw.get("shutdown")),
        "deprecation_announced": _date_or_none(model_id, "deprecation_announced", raw.get("deprecation_announced")),
        "replacement": raw.get("replacement"),
        "replacement_alternatives": list(raw.get("replacement_alternatives") or []),
        # null stays null: unknown is not "no verification needed".
        "requires_verification": raw.get("requires_verification"),
        "verification_scope": scope,
        "verification_note": raw.get("verification_note"),
        "notes": raw.get("notes"),
        "source": raw.get("source"),
    }
    assert tuple(out) == MODEL_FIELDS
    return out


def _as_of_note(note: Any) -> str:
    """The research note says status was computed on its as-of date; here it never is."""
    text = note if isinstance(note, str) else ""
    text = text.split(" status is computed")[0].strip()
    lifecycle = "Lifecycle is computed against the caller's date (shutdown <= today: retired)."
    return f"{text} {lifecycle}".strip()


def _surface_shutdowns(non_model: dict[str, str]) -> dict[str, dict[str, str | None]]:
    out: dict[str, dict[str, str | None]] = {}
    for surface, (key, replacement) in SURFACE_SHUTDOWNS.items():
        text = non_model.get(key)
        if text is None:
            continue
        out[surface] = {
            "date": _date_or_none(key, "date", text[:10]),
            "note": f"{key}: {text}",
            "replacement": replacement,
        }
    return out


def build(source: dict[str, Any]) -> dict[str, Any]:
    models_in = source.get("models")
    if not isinstance(models_in, dict) or not models_in:
        raise BuildError("source has no 'models' object")
    models = {mid: _model(mid, raw) for mid, raw in sorted(models_in.items())}
    known = set(models)
    unresolved = dict(source.get("unresolved_ids") or {})
    for mid, m in models.items():
        for target in [m["replacement"], *m["replacement_alternatives"]]:
            if target is not None and target not in known and target not in unresolved:
                raise BuildError(f"{mid}: replacement {target!r} is not a catalog id")
    fine_tunes = {}
    for shutdown, bases in FINE_TUNE_SHUTDOWNS.items():
        for base in bases:
            if base in known:  # a trimmed source may lack some; nothing to attach the date to
                fine_tunes[base] = shutdown
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": date.fromisoformat(source["as_of"]).isoformat(),
        "as_of_note": _as_of_note(source.get("as_of_note")),
        "sources": source.get("sources") or [],
        "invalid_ids": dict(source.get("invalid_ids") or {}),
        "unresolved_ids": unresolved,
        "non_model_shutdowns": dict(source.get("non_model_shutdowns") or {}),
        "surface_shutdowns": _surface_shutdowns(dict(source.get("non_model_shutdowns") or {})),
        "aliases": {},
        "fine_tune_shutdowns": dict(sorted(fine_tunes.items())),
        "models": models,
    }


def render(catalog: dict[str, Any]) -> bytes:
    """The exact bytes of models.json: the byte-for-byte test and the script share them."""
    return (json.dumps(catalog, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    try:
        source = json.loads(args.source.read_text(encoding="utf-8"))
        catalog = build(source)
    except (OSError, ValueError, KeyError, BuildError) as e:
        print(f"build_catalog: {args.source}: {e}", file=sys.stderr)
        return 2
    args.out.write_bytes(render(catalog))
    print(f"wrote {args.out} ({len(catalog['models'])} models, as of {catalog['as_of']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
