"""A code finding: a verdict about the code around a model (a parameter, the SDK shape, a key).

It is a ``Verdict`` so every renderer (text, JSON, SARIF, hover, diagnostics) shows it the same
way as a model's; ``fixes`` carry ready-made edits so the LSP layer only converts them.
"""

from __future__ import annotations

from dataclasses import dataclass

from openai_access.references import Range
from openai_access.verdict import Verdict


@dataclass(frozen=True, slots=True)
class Edit:
    range: Range
    new_text: str


@dataclass(frozen=True, slots=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class CodeFinding(Verdict):
    fixes: tuple[Fix, ...] = ()
