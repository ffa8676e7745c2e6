"""Quick fixes: replace with the recommended model or the did-you-mean, ignore here, open the page."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types
from pygls.workspace import TextDocument

from openai_access.compat.finding import CodeFinding, Edit
from openai_access.compat.parameters import successor_changes
from openai_access.lsp.convert import to_client_range
from openai_access.references import Position, Range
from openai_access.statuses import STATUS_DOC, Status
from openai_access.suppress import ignore_comment_edit
from openai_access.verdict import Verdict

OPEN_COMMAND = "openai-access.open"
RECHECK_COMMAND = "openai-access.recheck"


def _matching(diags: Sequence[types.Diagnostic], v: Verdict) -> list[types.Diagnostic]:
    # Match by code and model, not by exact range: some clients (Neovim 0.7) send ranges back
    # in another unit on non-ASCII lines.
    out = []
    for d in diags:
        data = d.data if isinstance(d.data, dict) else {}
        if d.source == "openai-access" and d.code == v.status.value and data.get("model") == v.model:
            out.append(d)
    return out


def actions_for(
    doc: TextDocument,
    language: str,
    verdicts: list[Verdict],
    request: Range,
    context: types.CodeActionContext,
) -> list[types.CodeAction]:
    actions: list[types.CodeAction] = []
    for v in verdicts:
        if v.severity is None:
            continue
        ref = v.reference
        line_span = Range(Position(request.start.line, 0), Position(request.end.line, 10**9))
        if not (ref.range.start <= line_span.end and line_span.start <= ref.range.end):
            continue
        diags = _matching(context.diagnostics, v) or None
        id_range = Range(
            Position(ref.range.start.line, ref.range.start.character + ref.model_start),
            ref.range.end,
        )
        if isinstance(v, CodeFinding):
            for i, fix in enumerate(v.fixes):
                actions.append(_fix_action(doc, fix.title, fix.edits, diags, preferred=i == 0))
        for i, new in enumerate(v.replacements):
            verb = "Did you mean" if v.status is Status.UNKNOWN else "Replace with"
            # The new model must also take what the call sends: fix it in the same edit, or say what's left.
            also, notes = successor_changes(ref, new)
            title = f"{verb} {new}" + ("?" if v.status is Status.UNKNOWN else "")
            if notes:
                title += f" (and {'; '.join(notes)})"
            actions.append(_fix_action(doc, title, (Edit(id_range, new), *also), diags, preferred=i == 0))
        edit = ignore_comment_edit(doc.source, language, ref.range.start.line, v.status.value)
        if edit is not None:
            pos, text = edit
            at = to_client_range(doc, Range(pos, pos))
            actions.append(
                types.CodeAction(
                    title=f"Ignore {v.status.value}" + (f" for {v.model}" if v.model else "") + " on this line",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=diags,
                    edit=types.WorkspaceEdit(changes={doc.uri: [types.TextEdit(range=at, new_text=text)]}),
                )
            )
        url = STATUS_DOC.get(v.status)
        if url and v.status in (Status.BLOCKED, Status.NEEDS_VERIFICATION, Status.MAY_NEED_VERIFICATION):
            page = "project limits" if v.status is Status.BLOCKED else "organization settings"
            actions.append(
                types.CodeAction(
                    title=f"Open the {page} page",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=diags,
                    command=types.Command(title=f"Open {page}", command=OPEN_COMMAND, arguments=[url]),
                )
            )
        if v.status in (
            Status.BLOCKED,
            Status.NEEDS_VERIFICATION,
            Status.UNAVAILABLE,
            Status.UNVERIFIED,
            Status.MAY_NEED_VERIFICATION,
        ):
            actions.append(
                types.CodeAction(
                    title=f"Re-check access to {v.model}",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=diags,
                    command=types.Command(
                        title="Re-check access", command=RECHECK_COMMAND, arguments=[{"model": v.model}]
                    ),
                )
            )
    return actions


def _fix_action(
    doc: TextDocument,
    title: str,
    edits: Sequence[Edit],
    diags: list[types.Diagnostic] | None,
    *,
    preferred: bool,
) -> types.CodeAction:
    """One quick fix from engine edits (code-point ranges), converted to the client's encoding."""
    changes = [types.TextEdit(range=to_client_range(doc, e.range), new_text=e.new_text) for e in edits]
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=diags,
        is_preferred=preferred,
        edit=types.WorkspaceEdit(changes={doc.uri: changes}),
    )
