"""What an editor shows with no key: catalog verdicts, hovers, quick fixes, completion."""

from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient
from tests.lsp.lsp_helpers import EXAMPLES, by_code, open_doc, wait_diagnostics

CHAT = EXAMPLES / "python" / "chat_app.py"


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines()) if needle in line)


async def test_offline_statuses_on_example(client: LanguageClient) -> None:
    uri = await open_doc(client, CHAT)
    diags = await wait_diagnostics(client, uri)
    text = CHAT.read_text()

    deprecated = by_code(diags, "deprecated")
    summary = next(d for d in deprecated if d.range.start.line == line_of(text, 'SUMMARY_MODEL = "gpt-4o"'))
    assert summary.severity == types.DiagnosticSeverity.Warning
    assert summary.source == "openai-access"
    assert "2027-01-14" in summary.message and "gpt-6-luna" in summary.message
    assert list(summary.tags or []) == [types.DiagnosticTag.Deprecated]
    assert summary.code_description is not None and "deprecations" in summary.code_description.href
    col = text.splitlines()[summary.range.start.line].index('"gpt-4o"') + 1
    assert (summary.range.start.character, summary.range.end.character) == (col, col + len("gpt-4o"))
    assert summary.data["replacements"] == ["gpt-6-luna"]

    retired = by_code(diags, "retired")
    assert [d.range.start.line for d in retired] == [line_of(text, '"gpt-4.5-preview"')]
    assert retired[0].severity == types.DiagnosticSeverity.Error

    unknown = by_code(diags, "unknown")
    assert len(unknown) == 1 and "did you mean gpt-5.5" in unknown[0].message

    wrong = by_code(diags, "wrong-endpoint")
    assert [d.range.start.line for d in wrong] == [
        line_of(text, 'client.chat.completions.create(model="text-embedding')
    ]

    gated = by_code(diags, "may-need-verification")
    assert [d.severity for d in gated] == [types.DiagnosticSeverity.Information]
    assert "gpt-image-2" in gated[0].message

    # Nothing on the Azure deployment, nothing on models that are merely unchecked.
    assert not [d for d in diags if "my-gpt4o-deployment" in d.message]
    assert not by_code(diags, "unverified") and not by_code(diags, "not-openai")


async def test_hover_at_constant_use_site_explains_deprecation(client: LanguageClient) -> None:
    uri = await open_doc(client, CHAT)
    await wait_diagnostics(client, uri)
    text = CHAT.read_text()
    line = line_of(text, "model=SUMMARY_MODEL")
    col = text.splitlines()[line].index("SUMMARY_MODEL") + 3
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line, col))
    )
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    md = hover.contents.value
    assert "deprecated" in md and "2027-01-14" in md and "gpt-6-luna" in md
    assert "How to fix" in md


async def test_quick_fix_replaces_retired_model_and_ignore_comment(client: LanguageClient) -> None:
    uri = await open_doc(client, CHAT)
    diags = await wait_diagnostics(client, uri)
    retired = by_code(diags, "retired")[0]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=retired.range,
            context=types.CodeActionContext(diagnostics=[retired]),
        )
    )
    assert actions
    titles = [a.title for a in actions if isinstance(a, types.CodeAction)]
    replace = next(a for a in actions if isinstance(a, types.CodeAction) and a.title.startswith("Replace with"))
    assert replace.is_preferred
    edits = replace.edit.changes[uri]  # type: ignore[union-attr]
    assert edits[0].range == retired.range
    assert edits[0].new_text == retired.data["replacements"][0]
    ignore = next(a for a in actions if isinstance(a, types.CodeAction) and a.title.startswith("Ignore retired"))
    new_text = ignore.edit.changes[uri][0].new_text  # type: ignore[union-attr]
    assert "# openai-access: ignore[retired]" in new_text, titles


async def test_fixing_a_typo_clears_its_diagnostic(client: LanguageClient) -> None:
    text = 'from openai import OpenAI\nclient = OpenAI()\nclient.responses.create(model="gtp-5.5", input="hi")\n'
    path = EXAMPLES / "python" / "scratch_typo.py"  # never written: the document lives in the editor only
    uri = await open_doc(client, path, text)
    diags = await wait_diagnostics(client, uri)
    assert [d.code for d in diags] == ["unknown"]
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(2, 31), types.Position(2, 38)), text="gpt-5.5"
                )
            ],
        )
    )
    diags = await wait_diagnostics(client, uri)
    while client.diagnostics[uri] and client.diagnostics[uri][0].code == "unknown":
        diags = await wait_diagnostics(client, uri)
    assert list(diags) == []


async def test_completion_inside_model_string(client: LanguageClient) -> None:
    text = 'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-5.", messages=[])\n'
    uri = await open_doc(client, EXAMPLES / "python" / "scratch_complete.py", text)
    await wait_diagnostics(client, uri)
    col = text.splitlines()[1].index("gpt-5.") + len("gpt-5.")
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(1, col))
    )
    assert result is not None
    items = result.items if isinstance(result, types.CompletionList) else result
    labels = {i.label for i in items}
    assert "gpt-5.5" in labels
    assert "gpt-4.5-preview" not in labels  # retired ones are left out
    gpt4o = next(i for i in items if i.label == "gpt-4o")
    assert list(gpt4o.tags or []) == [types.CompletionItemTag.Deprecated]


async def test_recheck_without_key_says_why(client: LanguageClient) -> None:
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="openai-access.recheck", arguments=[])
    )
    assert result["checked"] == 0
    assert "probing is turned off" in result["message"]
