"""Shared by the compat tests: a key-shaped string built at run time, and edit application."""

from __future__ import annotations

from collections.abc import Iterable

from openai_access.compat import CodeFinding, Edit, code_findings
from openai_access.scan import scan_text

# Built, not written: no key-shaped literal sits in the test sources themselves.
BODY = "FAKE8Lm3Vt7Rw2Kp9Bn4Cj6Hf1Dg5Sa0YeUi7Wo2Mb4Nc"  # key-shaped, and says it is fake
KEY = "sk-" + "proj-" + BODY
LAST4 = KEY[-4:]


def findings(text: str, language: str = "python", path: str | None = None) -> list[CodeFinding]:
    return code_findings(text, language, scan_text(text, language), path)


def apply(text: str, edits: Iterable[Edit]) -> str:
    """Apply engine edits (code-point ranges), last first, as an editor would."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    for e in sorted(edits, key=lambda e: (e.range.start, e.range.end), reverse=True):
        a = offsets[e.range.start.line] + e.range.start.character
        b = offsets[e.range.end.line] + e.range.end.character
        text = text[:a] + e.new_text + text[b:]
    return text


def covered(text: str, f: CodeFinding) -> str:
    r = f.reference.range
    assert r.start.line == r.end.line
    return text.split("\n")[r.start.line][r.start.character : r.end.character]
