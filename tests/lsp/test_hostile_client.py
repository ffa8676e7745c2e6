"""A client that sends what it should not (issue 14, items 11, 12) and a mutated-document fuzz run.

Every request gets an answer: an error for invalid params, an empty result for a document the
client never opened, and the server never shows an "internal error" for the client's mistakes.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from tests.lsp.lsp_helpers import open_doc, server_env, session, wait_diagnostics, wait_until

APP = 'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4.5-preview")\nx = "gp'


def hover_params(uri: str, line: int, character: int) -> dict[str, Any]:
    return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}


async def send_raw(client: Any, msg_id: str, method: str, params: dict[str, Any]) -> Any:
    """Send a request as raw JSON: the client's own types would refuse these params."""
    future = asyncio.get_running_loop().create_future()
    client.protocol._request_futures[msg_id] = future
    client.protocol._send_data({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
    return await asyncio.wait_for(future, 10)


# -- item 11 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "character"), [(-1, 0), (0, -5), (2**31, 0), (0, 2**32 + 7)])
async def test_out_of_range_positions_get_an_answer(tmp_path: Path, line: int, character: int) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    async with session(server_env(tmp_path), ws, options={"probe": "off"}) as client:
        uri = await open_doc(client, ws / "app.py", APP)
        await wait_diagnostics(client, uri)
        for n, method in enumerate((types.TEXT_DOCUMENT_HOVER, types.TEXT_DOCUMENT_COMPLETION)):
            with pytest.raises(JsonRpcException, match="invalid params"):
                await send_raw(client, f"bad-{n}", method, hover_params(uri, line, character))
        # The server is still there, and said nothing about an internal error.
        hover = await client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(1, 45))
        )
        assert hover is not None
        said = [m.message for m in client.messages] + [m.message for m in client.log_messages]
        assert not any("internal error" in s.lower() or "Traceback" in s for s in said), said


# -- item 12 -----------------------------------------------------------------------------------------


async def test_completion_answers_only_for_open_documents(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    on_disk = ws / "never_opened.py"
    on_disk.write_text('model="gp')
    async with session(server_env(tmp_path), ws, options={"probe": "off"}) as client:
        for uri in (on_disk.as_uri(), "file:///dev/zero"):
            got = await asyncio.wait_for(
                client.text_document_completion_async(
                    types.CompletionParams(
                        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(0, 9)
                    )
                ),
                10,
            )
            assert got is None or not getattr(got, "items", got)
        opened = await open_doc(client, ws / "open.py", 'model="gp')
        got = await client.text_document_completion_async(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=opened), position=types.Position(0, 9)
            )
        )
        assert got is not None and any(i.label.startswith("gpt-") for i in got.items)


# -- fuzz: mutated documents, bounded in count --------------------------------------------------------

SEEDS = [
    APP,
    'import OpenAI from "openai";\nawait new OpenAI().responses.create({ model: "gpt-5.5", input: "hi" });\n',
    'from openai import OpenAI\nc = OpenAI()\nc.chat.completions.create(model="x", m={a:{b:[(\n',
]
ALPHABET = ['"', "'", "(", ")", "{", "}", "[", "]", "\n", "\\", "`", "model=", "gpt-", "\x00", "é", "🚀", ":", ","]


def mutate(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 6)):
        at = rng.randint(0, len(chars))
        op = rng.random()
        if op < 0.4 and chars:
            del chars[min(at, len(chars) - 1)]
        elif op < 0.8:
            chars[at:at] = list(rng.choice(ALPHABET))
        else:
            chars[at:at] = chars[rng.randint(0, max(len(chars) - 1, 0)) :][:20]
    return "".join(chars)


async def test_mutated_documents_never_break_the_server(tmp_path: Path) -> None:
    rng = random.Random(14)
    ws = tmp_path / "ws"
    ws.mkdir()
    async with session(server_env(tmp_path), ws, options={"probe": "off"}) as client:
        for n in range(60):  # bounded: 60 documents, each edited, hovered, completed and closed
            seed = SEEDS[n % len(SEEDS)]
            language = "typescript" if "import OpenAI" in seed else "python"
            uri = await open_doc(client, ws / f"f{n}.{'ts' if language == 'typescript' else 'py'}", seed, language)
            text = mutate(rng, seed)
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
                    content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
                )
            )
            lines = text.split("\n")
            line = rng.randrange(len(lines))
            position = types.Position(line, rng.randint(0, len(lines[line])))
            ident = types.TextDocumentIdentifier(uri=uri)
            await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(ident, position)), 10)
            await asyncio.wait_for(client.text_document_completion_async(types.CompletionParams(ident, position)), 10)
            client.text_document_did_close(types.DidCloseTextDocumentParams(ident))
        last = await open_doc(client, ws / "last.py", APP)
        assert [d.code for d in await wait_until(client, last, bool)] == ["retired"]
        said = [m.message for m in client.messages]
        assert not any("internal error" in s.lower() or "Traceback" in s for s in said), said


async def test_positions_past_the_end_of_a_document_answer_quietly(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    async with session(server_env(tmp_path), ws, options={"probe": "off"}) as client:
        uri = await open_doc(client, ws / "app.py", APP)
        await wait_diagnostics(client, uri)
        ident = types.TextDocumentIdentifier(uri=uri)
        far = types.Position(10**6, 10**6)
        assert await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(ident, far)), 10) is None
        await asyncio.wait_for(client.text_document_completion_async(types.CompletionParams(ident, far)), 10)
        await asyncio.wait_for(
            client.text_document_code_action_async(
                types.CodeActionParams(ident, types.Range(far, far), types.CodeActionContext(diagnostics=[]))
            ),
            10,
        )
        said = [m.message for m in client.messages]
        assert not any("internal error" in s.lower() or "Traceback" in s for s in said), said


# -- item 4, through the server: a repository naming the server's own stdin --------------------------------


async def test_a_repository_naming_stdin_as_its_catalog_cannot_stall_the_server(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / ".git").mkdir(parents=True)
    (ws / ".openai-access.toml").write_text('catalog-path = "/dev/stdin"\n')
    async with session(server_env(tmp_path), ws, options={"probe": "off", "workspaceTrusted": False}) as client:
        uri = await open_doc(client, ws / "app.py", APP)
        diags = await wait_until(client, uri, bool, timeout=15)
        assert [d.code for d in diags] == ["retired"]
        said = " ".join(m.message for m in client.messages)
        assert "outside the repository" in said, said
