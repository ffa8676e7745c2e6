"""Verdict → ``types.Diagnostic``: severity, code + link, Deprecated tag, fix data (ruff-lsp style)."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types
from pygls.workspace import TextDocument

from openai_access.lsp.convert import to_client_range
from openai_access.statuses import STATUS_DOC, Severity, Status
from openai_access.verdict import Verdict

SOURCE = "openai-access"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFORMATION: types.DiagnosticSeverity.Information,
    Severity.HINT: types.DiagnosticSeverity.Hint,
}


LOW_RATE_LIMIT = "low-rate-limit"


def low_rate_limit(
    doc: TextDocument, v: Verdict, at_most_rpm: int, lines: Sequence[str] | None = None
) -> types.Diagnostic | None:
    """An information note where the project's limit for the model (seen on a probe) is tiny; off at 0."""
    rl = v.rate_limits
    if at_most_rpm <= 0 or rl is None or rl.requests is None or rl.requests > at_most_rpm:
        return None
    return types.Diagnostic(
        range=to_client_range(doc, v.reference.range, lines),
        message=f"{v.model}: this project may send only {rl.short()} to this model (seen {rl.seen_on})",
        severity=types.DiagnosticSeverity.Information,
        source=SOURCE,
        code=LOW_RATE_LIMIT,
        data={"status": LOW_RATE_LIMIT, "model": v.model, "line": v.reference.range.start.line},
    )


def to_diagnostic(doc: TextDocument, v: Verdict, lines: Sequence[str] | None = None) -> types.Diagnostic | None:
    if v.severity is None:
        return None
    ref = v.reference
    tags = [types.DiagnosticTag.Deprecated] if v.status in (Status.DEPRECATED, Status.RETIRED) else None
    href = STATUS_DOC.get(v.status)
    return types.Diagnostic(
        range=to_client_range(doc, ref.range, lines),
        message=v.message,
        severity=_SEVERITY[v.severity],
        source=SOURCE,
        code=v.status.value,
        code_description=types.CodeDescription(href=href) if href else None,
        tags=tags,
        data={
            "status": v.status.value,
            "model": v.model,
            "replacements": list(v.replacements),
            "modelStart": ref.model_start,
            "line": ref.range.start.line,
            "found": ref.found,
        },
    )
