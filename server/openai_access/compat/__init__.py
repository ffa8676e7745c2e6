"""Code compatibility (issue 13): findings about the call itself, beside each model's verdict.

- ``parameters``: arguments the model or endpoint rejects (``max_tokens`` on o3, ...);
- ``sdk``: call shapes the project's declared ``openai`` version does not have;
- ``keys``: secret keys written into files, and browser clients that ship them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from openai_access.compat.finding import CodeFinding, Edit, Fix
from openai_access.compat.keys import key_findings, may_find_keys
from openai_access.compat.parameters import parameter_findings
from openai_access.compat.sdk import DeclaredMemo, declared_openai, may_hold_old_calls, sdk_findings
from openai_access.references import ModelReference
from openai_access.statuses import Severity, Status

__all__ = ["CodeFinding", "DeclaredMemo", "Edit", "Fix", "code_findings", "may_find_without_references"]


def code_findings(
    text: str,
    language: str,
    refs: Sequence[ModelReference],
    path: str | None,
    *,
    root: Path | None = None,
    cell: int | None = None,
    severity: Mapping[Status, Severity | None] | None = None,
    memo: DeclaredMemo | None = None,
) -> list[CodeFinding]:
    """Every code finding for one document (or notebook cell), with the user's severity settings.

    ``memo``: a batch run's cache of the declared SDK version per folder (see ``declared_openai``).
    """
    found: list[CodeFinding] = list(parameter_findings(refs))
    if path is not None and (refs or may_hold_old_calls(text, language)):  # 0.x calls may name no model literal
        declared = declared_openai(os.path.dirname(path) or ".", language, root, memo)
        if declared is not None:
            found += sdk_findings(text, refs, declared)
    found += key_findings(text, language, path, cell=cell)
    if severity:
        found = [replace(f, severity=severity[f.status]) if f.status in severity else f for f in found]
    return found


def may_find_without_references(text: str, language: str) -> bool:
    """Whether ``code_findings`` could report anything for a file in which no model was found.

    Parameter findings need a reference; an SDK finding without one needs a 0.x call; a key
    finding needs a key-shaped literal or a browser client. A file with none of them needs no
    judging, so a batch run does not even keep its text.
    """
    return may_hold_old_calls(text, language) or may_find_keys(text, language)
