"""The editor's folder index keeps a scan memo, and "Clear cache" forgets it with the answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from tests.lsp.lsp_helpers import by_code, open_doc, server_env, session, wait_until

pytestmark = pytest.mark.asyncio


async def test_clear_cache_removes_the_folders_scan_memos(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "models.py").write_text('CHOSEN = "gpt-4-32k"\n', encoding="utf-8")
    (ws / "app.py").write_text(
        "from openai import OpenAI\n\nfrom models import CHOSEN\n\nOpenAI().chat.completions.create(model=CHOSEN)\n",
        encoding="utf-8",
    )
    state = tmp_path / "state"
    memos = state / "xdg-cache" / "openai-access" / "scans"
    async with session(server_env(state), ws, options={"probe": "off"}) as client:
        uri = await open_doc(client, ws / "models.py")
        await wait_until(client, uri, lambda d: bool(by_code(d, "retired")), timeout=30)  # the index is built
        assert len(list(memos.glob("*.json"))) == 1
        result = await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="openai-access.clearCache", arguments=[])
        )
        assert result["scanMemos"] == 1
        assert list(memos.glob("*.json")) == []
