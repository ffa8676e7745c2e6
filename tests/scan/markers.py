"""Snippets with «expected» markers: the test strips them and knows each literal's range.

Writing ``model="«gpt-4o»"`` keeps the expected range readable next to the code instead of
hand-counted columns. Columns are code points, as the engine reports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openai_access.references import ModelReference, Position, Range, Surface, Target
from openai_access.scan import scan_text
from openai_access.scan.options import DEFAULT_OPTIONS, ScanOptions

OPEN, CLOSE = "«", "»"


def strip_markers(marked: str) -> tuple[str, list[tuple[Range, str]]]:
    """Source without markers, and the range + text of each marked span in order."""
    out: list[str] = []
    spans: list[tuple[Range, str]] = []
    line = col = 0
    start: Position | None = None
    buf: list[str] = []
    for ch in marked:
        if ch == OPEN:
            start = Position(line, col)
            buf = []
            continue
        if ch == CLOSE:
            assert start is not None, "» without «"
            spans.append((Range(start, Position(line, col)), "".join(buf)))
            start = None
            continue
        out.append(ch)
        if start is not None:
            buf.append(ch)
        if ch == "\n":
            line, col = line + 1, 0
        else:
            col += 1
    assert start is None, "« without »"
    return "".join(out), spans


@dataclass(frozen=True)
class Ref:
    """What a user would see for one marked literal; ``model`` defaults to the marked text."""

    model: str | None = None
    surface: Surface = Surface.CHAT
    target: Target = Target.OPENAI
    client: str | None = None
    streams: bool = False
    reasoning: bool = False
    model_start: int = 0
    via: bool = False  # reached through a name / dict / default: via ranges + note


@dataclass(frozen=True)
class Case:
    id: str
    language: str
    source: str
    refs: tuple[Ref, ...] = field(default=())
    options: ScanOptions = DEFAULT_OPTIONS


def case(id: str, language: str, source: str, *refs: Ref, options: ScanOptions = DEFAULT_OPTIONS) -> Case:
    return Case(id, language, source, refs, options)


def check(c: Case, default_client: str) -> list[ModelReference]:
    """The traced-call references of a case (slot evidence has its own tests, test_scan_slots.py)."""
    text, spans = strip_markers(c.source)
    got = [r for r in scan_text(text, c.language, c.options) if r.found == "call"]
    assert len(spans) == len(c.refs), f"{c.id}: {len(spans)} markers but {len(c.refs)} Ref()s"
    summary = [(r.model, r.range, r.surface, r.client) for r in got]
    assert len(got) == len(spans), f"{c.id}: expected {len(spans)} references, got {summary}"
    for ref, (rng, marked), want in zip(got, spans, c.refs, strict=True):
        assert ref.range == rng, f"{c.id}: range {ref.range} != {rng} for {marked!r}"
        assert ref.model == (want.model or marked), c.id
        assert ref.surface is want.surface, f"{c.id}: surface {ref.surface}"
        assert ref.target is want.target, f"{c.id}: target {ref.target}"
        assert ref.client == (want.client or default_client), f"{c.id}: client {ref.client}"
        assert ref.streams is want.streams, f"{c.id}: streams {ref.streams}"
        assert ref.reasoning_summary is want.reasoning, f"{c.id}: reasoning {ref.reasoning_summary}"
        assert ref.model_start == want.model_start, c.id
        if want.via:
            assert ref.via, f"{c.id}: expected use-site ranges"
            assert ref.via_note and ref.via_note.startswith("used as the model at line"), c.id
            for use in ref.via:
                assert use != ref.range
        else:
            assert ref.via == (), f"{c.id}: unexpected via {ref.via}"
    return got
