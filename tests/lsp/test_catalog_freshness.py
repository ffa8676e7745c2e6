"""The editor's catalog: a stale warning with an Update button, an update command, reload in place."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types
from tests.catalog_server import NEWLY_DEPRECATED, serve_catalogs
from tests.lsp.lsp_helpers import by_code, open_doc, server_env, session, wait_until

SOURCE = f'from openai import OpenAI\nOpenAI().chat.completions.create(model="{NEWLY_DEPRECATED}", messages=[])\n'


async def test_update_command_reloads_and_rejudges_open_documents(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "app.py").write_text(SOURCE)
    with serve_catalogs() as (base, hits):
        options = {"probe": "off", "cacheDir": str(tmp_path / "cache"), "catalogUpdateUrl": f"{base}/good.json"}
        async with session(server_env(tmp_path, OPENAI_ACCESS_TODAY="2026-12-01"), ws, options=options) as client:
            uri = await open_doc(client, ws / "app.py")
            await wait_until(client, uri, lambda d: True)
            assert not by_code(client.diagnostics.get(uri, []), "deprecated")
            assert hits == []  # nothing is downloaded until the user asks
            result = await client.workspace_execute_command_async(
                types.ExecuteCommandParams(command="openai-access.updateCatalog")
            )
            assert result["updated"] is True
            assert any("shutdown date of gpt-5.2" in c for c in result["changes"])
            diags = await wait_until(client, uri, lambda d: bool(by_code(d, "deprecated")))
            assert "2027-05-01" in by_code(diags, "deprecated")[0].message
            hover = await client.text_document_hover_async(
                types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=1, character=42)
                )
            )
            assert hover is not None and "2026-11-30" in hover.contents.value  # type: ignore[union-attr]
            bad = await client.workspace_execute_command_async(
                types.ExecuteCommandParams(
                    command="openai-access.updateCatalog", arguments=[{"from": f"{base}/notjson.json"}]
                )
            )
            assert bad["updated"] is False and "not valid JSON" in bad["message"]
            assert by_code(client.diagnostics[uri], "deprecated")  # the good catalog stays in use


async def test_stale_catalog_is_said_once_with_an_update_button(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "app.py").write_text(SOURCE)
    asked: list[types.ShowMessageRequestParams] = []
    with serve_catalogs() as (base, hits):
        options = {"probe": "off", "cacheDir": str(tmp_path / "cache"), "catalogUpdateUrl": f"{base}/good.json"}
        # 2027-01-20: the bundled catalog (2026-11-17) is over 45 days old; the served one is not.
        env = server_env(tmp_path, OPENAI_ACCESS_TODAY="2027-01-20")
        async with session(env, ws, options=options) as client:

            @client.feature(types.WINDOW_SHOW_MESSAGE_REQUEST)
            def _ask(params: types.ShowMessageRequestParams) -> types.MessageActionItem | None:
                asked.append(params)
                return params.actions[0] if params.actions else None

            uri = await open_doc(client, ws / "app.py")
            diags = await wait_until(client, uri, lambda d: bool(by_code(d, "deprecated")))
            assert by_code(diags, "deprecated")
            await asyncio.sleep(0.2)
    assert len(asked) == 1
    assert "days old" in asked[0].message and [a.title for a in asked[0].actions or []] == ["Update catalog"]
    assert hits == ["/good.json"]


async def test_auto_update_is_off_unless_the_user_opts_in(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "app.py").write_text(SOURCE)
    with serve_catalogs() as (base, hits):
        options = {
            "probe": "off",
            "cacheDir": str(tmp_path / "cache"),
            "catalogUpdateUrl": f"{base}/good.json",
            "catalogAutoUpdate": True,
        }
        async with session(server_env(tmp_path, OPENAI_ACCESS_TODAY="2026-12-01"), ws, options=options) as client:
            uri = await open_doc(client, ws / "app.py")
            await wait_until(client, uri, lambda d: bool(by_code(d, "deprecated")))
        assert hits == ["/good.json"]
        # A second start the same day does not download again.
        async with session(server_env(tmp_path, OPENAI_ACCESS_TODAY="2026-12-01"), ws, options=options) as client:
            uri = await open_doc(client, ws / "app.py")
            await wait_until(client, uri, lambda d: bool(by_code(d, "deprecated")))
        assert hits == ["/good.json"]
