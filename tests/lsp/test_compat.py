# ruff: noqa: E501  (snippets are data: one realistic line of code per case reads best)
"""Code findings in the editor (issue 13): diagnostics at the argument, quick fixes applied as an editor would."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient
from tests.compat.helpers import BODY, KEY, LAST4
from tests.lsp.lsp_helpers import by_code, open_doc, open_notebook, server_env, session, wait_until


@pytest.fixture
async def ws_client(tmp_path: Path) -> AsyncIterator[tuple[LanguageClient, Path]]:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / ".git").mkdir()
    (ws / "requirements.txt").write_text("openai==1.40.0\n")
    async with session(server_env(tmp_path), ws, options={"probe": "off"}) as client:
        yield client, ws


def apply(text: str, edits: list[types.TextEdit]) -> str:
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        a = offsets[e.range.start.line] + e.range.start.character
        b = offsets[e.range.end.line] + e.range.end.character
        text = text[:a] + e.new_text + text[b:]
    return text


async def actions_at(client: LanguageClient, uri: str, diag: types.Diagnostic) -> list[types.CodeAction]:
    got = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diag.range,
            context=types.CodeActionContext(diagnostics=[diag]),
        )
    )
    return [a for a in got or [] if isinstance(a, types.CodeAction)]


async def fixed_by(client: LanguageClient, uri: str, text: str, diag: types.Diagnostic, title: str) -> str:
    actions = await actions_at(client, uri, diag)
    action = next((a for a in actions if a.title.startswith(title)), None)
    assert action is not None, [a.title for a in actions]
    assert action.edit is not None and action.edit.changes is not None
    return apply(text, list(action.edit.changes[uri]))


async def test_rename_max_tokens_in_python(ws_client: tuple[LanguageClient, Path]) -> None:
    client, ws = ws_client
    text = 'from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="o3", messages=[], max_tokens=5)\n'
    uri = await open_doc(client, ws / "a.py", text)
    diags = await wait_until(client, uri, lambda d: bool(by_code(d, "unsupported-parameter")))
    [d] = by_code(diags, "unsupported-parameter")
    assert d.severity == types.DiagnosticSeverity.Error and "'max_tokens' is not supported" in d.message
    line = text.split("\n")[2]
    assert (d.range.start.character, d.range.end.character) == (line.index("max_tokens"), line.index("max_tokens") + 10)
    fixed = await fixed_by(client, uri, text, d, "Rename max_tokens to max_completion_tokens")
    assert fixed.split("\n")[2].endswith("messages=[], max_completion_tokens=5)")


async def test_remove_rejected_temperature_in_typescript(ws_client: tuple[LanguageClient, Path]) -> None:
    client, ws = ws_client
    text = (
        'import OpenAI from "openai";\nconst client = new OpenAI();\n'
        'await client.chat.completions.create({ model: "o4-mini", messages: [], temperature: 0.7 });\n'
    )
    uri = await open_doc(client, ws / "a.ts", text, language="typescript")
    diags = await wait_until(client, uri, lambda d: bool(by_code(d, "unsupported-parameter")))
    [d] = by_code(diags, "unsupported-parameter")
    assert "does not support 0.7" in d.message
    fixed = await fixed_by(client, uri, text, d, "Remove temperature")
    assert fixed.split("\n")[2] == 'await client.chat.completions.create({ model: "o4-mini", messages: [] });'


async def test_successor_fix_renames_the_parameter_the_new_model_rejects(
    ws_client: tuple[LanguageClient, Path],
) -> None:
    client, ws = ws_client
    # gpt-4-turbo takes max_tokens; its catalog successor (a gpt-5.x) rejects it: one edit fixes both.
    text = (
        "from openai import OpenAI\nclient = OpenAI()\n"
        'client.chat.completions.create(model="gpt-4-turbo", messages=[], max_tokens=5)\n'
    )
    uri = await open_doc(client, ws / "b.py", text)
    diags = await wait_until(client, uri, lambda d: bool(by_code(d, "retired")))
    [retired] = by_code(diags, "retired")
    assert not by_code(diags, "unsupported-parameter")
    new = retired.data["replacements"][0]
    assert new.startswith("gpt-5.")
    fixed = await fixed_by(
        client, uri, text, retired, f"Replace with {new} (and rename max_tokens to max_completion_tokens)"
    )
    assert (
        fixed.split("\n")[2] == f'client.chat.completions.create(model="{new}", messages=[], max_completion_tokens=5)'
    )


async def test_successor_edit_for_a_model_known_to_reject_max_tokens(ws_client: tuple[LanguageClient, Path]) -> None:
    client, ws = ws_client
    # The did-you-mean goes through the same check.
    text = (
        "from openai import OpenAI\nclient = OpenAI()\n"
        'client.chat.completions.create(model="gtp-5", messages=[], max_tokens=5)\n'
    )
    uri = await open_doc(client, ws / "c.py", text)
    diags = await wait_until(client, uri, lambda d: bool(by_code(d, "unknown")))
    [unknown] = by_code(diags, "unknown")
    assert unknown.data["replacements"][0] == "gpt-5"
    fixed = await fixed_by(client, uri, text, unknown, "Did you mean gpt-5? (and rename max_tokens")
    assert fixed.split("\n")[2] == 'client.chat.completions.create(model="gpt-5", messages=[], max_completion_tokens=5)'


async def test_sdk_shape_against_the_workspace_manifest(ws_client: tuple[LanguageClient, Path]) -> None:
    client, ws = ws_client
    text = 'import openai\nopenai.ChatCompletion.create(model="gpt-4.1", messages=[])\n'
    uri = await open_doc(client, ws / "legacy.py", text)
    diags = await wait_until(client, uri, lambda d: bool(by_code(d, "sdk-mismatch")))
    [d] = by_code(diags, "sdk-mismatch")
    assert d.severity == types.DiagnosticSeverity.Error
    assert (d.range.start.line, d.range.start.character, d.range.end.character) == (1, 0, 28)
    assert "requirements.txt declares openai ==1.40.0" in d.message and "openai migrate" in d.message


async def test_key_fix_and_no_key_in_diagnostics_or_hover(ws_client: tuple[LanguageClient, Path]) -> None:
    client, ws = ws_client
    text = f'from openai import OpenAI\nclient = OpenAI(api_key="{KEY}")\n'
    uri = await open_doc(client, ws / "k.py", text)
    diags = await wait_until(client, uri, lambda d: bool(by_code(d, "exposed-key")))
    [d] = by_code(diags, "exposed-key")
    assert f"…{LAST4}" in d.message and BODY not in repr(d)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=d.range.start)
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "Revoke" in hover.contents.value and BODY not in hover.contents.value
    fixed = await fixed_by(client, uri, text, d, "Read the key from OPENAI_API_KEY")
    assert fixed == 'import os\nfrom openai import OpenAI\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n'


async def test_browser_client_warning_and_key_fix_in_javascript(ws_client: tuple[LanguageClient, Path]) -> None:
    client, ws = ws_client
    text = f'import OpenAI from "openai";\nconst client = new OpenAI({{ apiKey: "{KEY}", dangerouslyAllowBrowser: true }});\n'
    uri = await open_doc(client, ws / "web.js", text, language="javascript")
    diags = await wait_until(client, uri, lambda d: bool(by_code(d, "browser-key")) and bool(by_code(d, "exposed-key")))
    [browser] = by_code(diags, "browser-key")
    assert browser.severity == types.DiagnosticSeverity.Warning
    [key] = by_code(diags, "exposed-key")
    fixed = await fixed_by(client, uri, text, key, "Read the key from OPENAI_API_KEY")
    assert "apiKey: process.env.OPENAI_API_KEY," in fixed


async def test_key_in_a_notebook_cell_and_in_yaml(ws_client: tuple[LanguageClient, Path]) -> None:
    client, ws = ws_client
    nb = ws / "nb.ipynb"
    cells = ["import openai\n", f'openai.api_key = "{KEY}"\n']
    cell_uris = [f"vscode-notebook-cell:{nb}#cell{i}" for i in range(2)]
    open_notebook(client, nb, cell_uris, cells)
    diags = await wait_until(client, cell_uris[1], lambda d: bool(by_code(d, "exposed-key")))
    [d] = by_code(diags, "exposed-key")
    assert d.range.start.line == 0 and BODY not in repr(d)
    fixed = await fixed_by(client, cell_uris[1], cells[1], d, "Read the key from OPENAI_API_KEY")
    assert fixed == 'import os\nopenai.api_key = os.environ["OPENAI_API_KEY"]\n'

    yml = await open_doc(client, ws / "config.yaml", f"openai:\n  api_key: {KEY}\n", language="yaml")
    [y] = by_code(await wait_until(client, yml, lambda d: bool(by_code(d, "exposed-key"))), "exposed-key")
    assert y.range.start.line == 1 and f"…{LAST4}" in y.message and BODY not in repr(y)
    assert not [a for a in await actions_at(client, yml, y) if a.title.startswith("Read the key")]
