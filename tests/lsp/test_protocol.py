"""Protocol details editors depend on: encodings, pull diagnostics, notebooks, settings, bad input."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from tests.lsp.lsp_helpers import (
    by_code,
    open_doc,
    open_notebook,
    server_env,
    session,
    wait_diagnostics,
    wait_until,
)

NON_ASCII = 'from openai import OpenAI\nnote = "Grüße 🚀"; OpenAI().chat.completions.create(model="gpt-4.5-preview")\n'


async def test_utf8_position_encoding_with_non_ascii_line(tmp_path: Path) -> None:
    caps = types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf8])
    )
    ws = tmp_path / "ws"
    ws.mkdir()
    async with session(server_env(tmp_path), ws, options={"probe": "off"}, capabilities=caps) as client:
        uri = await open_doc(client, ws / "a.py", NON_ASCII)
        (diag,) = await wait_diagnostics(client, uri)
        line = NON_ASCII.splitlines()[1]
        byte_col = len(line[: line.index("gpt-4.5-preview")].encode("utf-8"))
        assert diag.range.start == types.Position(1, byte_col)
        assert diag.range.end == types.Position(1, byte_col + len("gpt-4.5-preview"))
        # The quick fix edits exactly the id, in the same units: applying it keeps the line intact.
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=diag.range,
                context=types.CodeActionContext(diagnostics=[diag]),
            )
        )
        edit = next(a for a in actions or [] if isinstance(a, types.CodeAction) and a.is_preferred)
        assert edit.edit is not None and edit.edit.changes is not None
        assert edit.edit.changes[uri][0].range == diag.range


async def test_utf16_default_counts_surrogate_pairs(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    async with session(server_env(tmp_path), ws, options={"probe": "off"}) as client:
        uri = await open_doc(client, ws / "a.py", NON_ASCII)
        (diag,) = await wait_diagnostics(client, uri)
        line = NON_ASCII.splitlines()[1]
        utf16_col = len(line[: line.index("gpt-4.5-preview")].encode("utf-16-le")) // 2
        assert diag.range.start.character == utf16_col == line.index("gpt-4.5-preview") + 1


PULL_CAPS = types.ClientCapabilities(
    text_document=types.TextDocumentClientCapabilities(diagnostic=types.DiagnosticClientCapabilities()),
    workspace=types.WorkspaceClientCapabilities(
        diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    ),
)


async def test_pull_diagnostics_for_clients_that_ask(tmp_path: Path) -> None:
    caps = PULL_CAPS
    ws = tmp_path / "ws"
    ws.mkdir()
    async with session(server_env(tmp_path), ws, options={"probe": "off"}, capabilities=caps) as client:
        uri = await open_doc(client, ws / "a.py", NON_ASCII)
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        assert [d.code for d in report.items] == ["retired"]
        assert uri not in client.diagnostics  # pulled, not pushed: no duplicates in the editor


async def test_pull_diagnostics_for_percent_encoded_uris(tmp_path: Path) -> None:
    """VS Code percent-encodes URIs: a folder with a space, a notebook cell's ``#…%3D%3D`` fragment.

    Both are open documents and get their diagnostics (the cell case is VS Code's real cell URI shape).
    """
    ws = tmp_path / "my project"
    ws.mkdir()
    nb = ws / "demo.ipynb"
    cell_uris = [f"vscode-notebook-cell:{nb.as_posix().replace(' ', '%20')}#W{i}sZmlsZQ%3D%3D" for i in range(2)]
    cells = ['MODEL = "gpt-4o"\n', 'client.chat.completions.create(model="gpt-4.5-preview", messages=[])\n']
    async with session(server_env(tmp_path), ws, options={"probe": "off"}, capabilities=PULL_CAPS) as client:
        uri = await open_doc(client, ws / "a.py", NON_ASCII)
        assert "%20" in uri
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        assert [d.code for d in report.items] == ["retired"]
        open_notebook(client, nb, cell_uris, cells)
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=cell_uris[1]))
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        assert [d.code for d in report.items] == ["retired"]


async def test_notebook_cells_share_constants(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    cells = [
        'MODEL = "gpt-4.5-preview"\n',
        "from openai import OpenAI\nclient = OpenAI()\n",
        "client.chat.completions.create(model=MODEL, messages=[])\n",
    ]
    cell_uris = [f"vscode-notebook-cell:{ws / 'nb.ipynb'}#cell{i}" for i in range(3)]
    async with session(server_env(tmp_path), ws, options={"probe": "off"}) as client:
        open_notebook(client, ws / "nb.ipynb", cell_uris, cells)
        diags = await wait_until(client, cell_uris[0], lambda d: bool(d))
        assert [(d.code, d.range.start.line, d.range.start.character) for d in diags] == [("retired", 0, 9)]
        hover = await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=cell_uris[0]), position=types.Position(0, 12)
            )
        )
        assert hover is not None and "retired" in str(hover.contents)


async def test_bad_settings_are_named_once_and_server_keeps_working(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    options = {"probe": "sometimes", "severity": {"deprecated": "loud"}, "probeX": 1}
    async with session(server_env(tmp_path), ws, options=options) as client:
        uri = await open_doc(client, ws / "a.py", NON_ASCII)
        diags = await wait_diagnostics(client, uri)
        assert by_code(diags, "retired")
        texts = [m.message for m in client.messages]
        assert any("probe" in t and "sometimes" in t for t in texts), texts
        assert any("loud" in t for t in texts), texts
        assert any("probeX" in t for t in texts), texts
        assert len(texts) == len(set(texts))


async def test_broken_binary_and_huge_documents_never_break_the_server(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    async with session(server_env(tmp_path), ws, options={"probe": "off"}) as client:
        half = await open_doc(
            client, ws / "half.py", 'from openai import OpenAI\nOpenAI().chat.completions.create(model="gtp-5.5",'
        )
        assert [d.code for d in await wait_diagnostics(client, half)] == ["unknown"]
        await open_doc(client, ws / "bin.py", "\x00\x01\x02\ufffd" * 1000)
        await open_doc(client, ws / "huge.py", "x = 1\n" * (1024 * 1024 * 2))
        await open_doc(client, ws / "e.ts", "", language="typescript")
        ok = await open_doc(client, ws / "ok.py", NON_ASCII)
        assert [d.code for d in await wait_until(client, ok, bool)] == ["retired"]
        assert any("not checked" in m.message for m in client.messages)  # said once, plainly, for the huge file
        hover = await client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=half), position=types.Position(1, 42))
        )
        assert hover is not None


async def test_cross_file_constant_judged_at_its_definition(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    pkg = ws / "pkg"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    settings_py = 'MODEL = "gpt-4.5-preview"\nTIMEOUT = 30\n'
    app_py = (
        "from openai import OpenAI\n\nfrom .settings import MODEL\n\nOpenAI().chat.completions.create(model=MODEL)\n"
    )
    (pkg / "settings.py").write_text(settings_py)
    (pkg / "app.py").write_text(app_py)
    async with session(server_env(tmp_path), ws, options={"probe": "off"}) as client:
        settings_uri = await open_doc(client, pkg / "settings.py")
        # Alone, settings.py has no call: MODEL is only a model-named slot until the folder index traces
        # it to the call in app.py, and then the traced finding replaces the slot one.
        diags = await wait_until(
            client, settings_uri, lambda d: any((x.data or {}).get("found") == "call" for x in by_code(d, "retired"))
        )
        assert len(diags) == 1
        assert diags[0].range.start == types.Position(0, 9)
        app_uri = await open_doc(client, pkg / "app.py")
        await wait_diagnostics(client, app_uri)
        col = app_py.splitlines()[4].index("MODEL")
        hover = await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=app_uri), position=types.Position(4, col + 2)
            )
        )
        assert hover is not None
        text = str(hover.contents)
        assert "pkg/settings.py:1" in text and "retired" in text


async def test_project_settings_reload_when_the_file_changes(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    pyproject = ws / "pyproject.toml"
    pyproject.write_text('[tool.openai-access]\nprobe = "off"\n')
    src = 'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o")\n'
    async with session(server_env(tmp_path), ws) as client:
        uri = await open_doc(client, ws / "a.py", src)
        (diag,) = await wait_until(client, uri, bool)
        assert diag.code == "deprecated" and diag.severity == types.DiagnosticSeverity.Warning
        pyproject.write_text('[tool.openai-access]\nprobe = "off"\nseverity = { deprecated = "error" }\n')
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=pyproject.as_uri(), type=types.FileChangeType.Changed)]
            )
        )
        await wait_until(client, uri, lambda d: bool(d) and d[0].severity == types.DiagnosticSeverity.Error)
        pyproject.write_text('[tool.openai-access]\nseverity = { deprecated = "loud" }\n')
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=pyproject.as_uri(), type=types.FileChangeType.Changed)]
            )
        )
        await wait_until(client, uri, lambda d: bool(d) and d[0].severity == types.DiagnosticSeverity.Warning)
        assert any("pyproject.toml" in m.message and "loud" in m.message for m in client.messages)
