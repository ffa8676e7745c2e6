"""Hover on a model literal (or on a name that carries one): what, why, how to fix, evidence."""

from __future__ import annotations

import os

from lsprotocol import types

from openai_access.lsp.convert import to_client_range
from openai_access.render.markdown import hover as hover_markdown
from openai_access.verdict import Verdict


def hover_for(
    doc_verdicts: list[Verdict], pos: object, doc: object, catalog_as_of: str | None = None
) -> types.Hover | None:
    from openai_access.references import Position

    assert isinstance(pos, Position)
    for v in doc_verdicts:
        ref = v.reference
        for rng in (ref.range, *ref.via):
            if rng.contains(pos):
                return types.Hover(
                    contents=types.MarkupContent(
                        kind=types.MarkupKind.Markdown, value=hover_markdown(v, catalog_as_of=catalog_as_of)
                    ),
                    range=to_client_range(doc, rng),  # type: ignore[arg-type]
                )
    return None


def imported_hover(v: Verdict, defining: str, root: str) -> types.Hover:
    """At ``model=MODEL`` where MODEL comes from another file: that literal's verdict, and where it is."""
    rel = os.path.relpath(defining, root)
    line = v.reference.range.start.line + 1
    head = f"*`{v.model}` comes from `{rel}:{line}`; the finding is shown on the literal there.*\n\n"
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=head + hover_markdown(v)))
