"""Typing into a big file: each keystroke rescans only what it touched, and once typing pauses a
full scan confirms, so an edit that changes what *other* lines mean is never left unshown."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient
from tests.lsp.lsp_helpers import by_code, open_doc, server_env, session, wait_diagnostics, wait_until
from tests.scan.big_modules import MODULE

pytestmark = pytest.mark.asyncio


@pytest.fixture
async def editor(tmp_path: Path) -> AsyncIterator[LanguageClient]:
    """A server on an empty workspace; the big file is opened from outside it, so nothing but
    typing (no folder index finishing, no settings reload) makes the server scan it again."""
    (tmp_path / "ws").mkdir()
    env = server_env(tmp_path / "state")
    async with session(env, tmp_path / "ws", options={"probe": "off"}) as client:
        yield client


def change(client: LanguageClient, uri: str, version: int, line: int, start: int, end: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(line, start), types.Position(line, end)), text=text
                )
            ],
        )
    )


def position_of(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at)
    return line, at - (text.rfind("\n", 0, at) + 1)


async def test_a_typo_fixed_in_a_big_file_is_gone_from_the_next_publish(editor: LanguageClient, tmp_path: Path) -> None:
    client = editor
    uri = await open_doc(client, tmp_path / "elsewhere" / "big_module.py", MODULE)
    typos = by_code(await wait_diagnostics(client, uri), "unknown")
    assert len(typos) == MODULE.count('"gtp-4o"') == 100
    line, col = position_of(MODULE, "gtp-4o", 10)
    change(client, uri, 2, line, col, col + len("gtp-4o"), "gpt-4o")
    after = await wait_diagnostics(client, uri)
    assert len(by_code(after, "unknown")) == 99
    assert all(d.range.start.line != line for d in by_code(after, "unknown"))


async def test_a_client_pointed_elsewhere_clears_all_calls_once_typing_pauses(
    editor: LanguageClient, tmp_path: Path
) -> None:
    """Changing the client changes the meaning of 400 calls on other lines: the keystroke's partial
    rescan cannot see that, the full scan that follows it does."""
    client = editor
    uri = await open_doc(client, tmp_path / "elsewhere" / "big_module.py", MODULE)
    assert by_code(await wait_diagnostics(client, uri), "unknown")
    line, col = position_of(MODULE, "client = OpenAI()")
    col += len("client = OpenAI(")
    change(client, uri, 2, line, col, col, 'base_url="http://localhost:11434/v1"')
    await wait_until(client, uri, lambda diags: not by_code(diags, "unknown"))


async def test_a_constant_used_in_another_file_is_judged_from_the_folder_index(tmp_path: Path) -> None:
    """The folder index is built away from the server's event loop (a child process); what it
    finds still reaches the open document: the constant's literal is judged as the call's model."""
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "models.py").write_text('CHOSEN = "gpt-4-32k"\n', encoding="utf-8")
    (ws / "app.py").write_text(
        "from openai import OpenAI\n\nfrom models import CHOSEN\n\n"
        'OpenAI().chat.completions.create(model=CHOSEN, messages=[{"role": "user", "content": "hi"}])\n',
        encoding="utf-8",
    )
    async with session(server_env(tmp_path / "state"), ws, options={"probe": "off"}) as client:
        uri = await open_doc(client, ws / "models.py")
        diags = await wait_until(client, uri, lambda d: bool(by_code(d, "retired")), timeout=30)
        assert by_code(diags, "retired")[0].range.start.line == 0
