"""Model ids inside a model string: current ones first, deprecated ones tagged, retired left out."""

from __future__ import annotations

import re
from datetime import date

from lsprotocol import types

from openai_access.catalog import Catalog
from openai_access.catalog.entry import Lifecycle
from openai_access.references import ModelReference, Position

# `model="gp`, `model: 'gp`, `"model": "gp`, `openai("gp` — the cursor sits in a string after it.
_MODEL_PREFIX = re.compile(
    r"""(?:\bmodel(?:_name|Name)?\s*[=:]\s*|["']model["']\s*:\s*|\bopenai(?:\.\w+)?\(\s*|\b[A-Z_]*MODEL\s*=\s*)["'`]([\w.:/-]*)$"""
)


def completion_prefix(line: str, col: int, refs: list[ModelReference], pos: Position) -> tuple[int, str] | None:
    """Where the model id being typed starts, and what is typed so far; None if not in a model string."""
    for r in refs:
        if r.range.start.line == pos.line and r.range.start.character <= col <= r.range.end.character:
            start = r.range.start.character + r.model_start
            return start, line[start:col]
    m = _MODEL_PREFIX.search(line[:col])
    if m:
        return m.start(1), m.group(1)
    return None


def complete(catalog: Catalog, today: date, typed: str) -> list[types.CompletionItem]:
    items = []
    for model_id, life in catalog.ids(today):
        if life is Lifecycle.RETIRED or (typed and not model_id.startswith(typed.split("/")[-1][:1])):
            continue
        entry = catalog.get(model_id)
        detail = "OpenAI model"
        if life is Lifecycle.DEPRECATED and entry and entry.shutdown:
            detail = f"deprecated: shutdown {entry.shutdown.isoformat()}"
        items.append(
            types.CompletionItem(
                label=model_id,
                kind=types.CompletionItemKind.Value,
                detail=detail,
                tags=[types.CompletionItemTag.Deprecated] if life is Lifecycle.DEPRECATED else None,
                sort_text=("1" if life is Lifecycle.DEPRECATED else "0") + model_id,
            )
        )
    return items
