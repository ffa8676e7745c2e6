"""With a key (here: the fake OpenAI server), the editor shows what *this* project can call."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
from lsprotocol import types
from pytest_lsp import LanguageClient
from tests.fake_openai import FakeOpenAI
from tests.lsp.lsp_helpers import (
    by_code,
    open_doc,
    server_env,
    session,
    wait_diagnostics,
    wait_probing_done,
    wait_until,
)

KEY = "sk-test-FAKE0000"
APP = """from openai import OpenAI

client = OpenAI()
client.chat.completions.create(model="gpt-5.5", messages=[])
client.chat.completions.create(model="o3", messages=[], stream=True)
client.chat.completions.create(model="gpt-5.6-sol", messages=[])
"""


def key_env(tmp_path: Path, fake: FakeOpenAI, **extra: str) -> dict[str, str]:
    return server_env(tmp_path, OPENAI_API_KEY=KEY, OPENAI_BASE_URL=fake.base_url, **extra)


def everything_the_client_saw(client: LanguageClient) -> str:
    seen = [client.diagnostics, client.messages, client.log_messages, client.progress_reports]
    return json.dumps([attrs.asdict(x) if attrs.has(type(x)) else x for x in seen], default=str)


async def test_blocked_and_verification_appear_and_hover_explains(tmp_path: Path) -> None:
    scenario = {"models": {"gpt-5.5": "blocked", "o3": ["verify-stream"], "gpt-5.6-sol": "ok"}}
    with FakeOpenAI(scenario) as fake:
        ws = tmp_path / "ws"
        ws.mkdir()
        async with session(key_env(tmp_path, fake), ws, options={"cacheDir": str(tmp_path / "cache")}) as client:
            uri = await open_doc(client, ws / "app.py", APP)
            diags = await wait_until(
                client, uri, lambda d: bool(by_code(d, "blocked")) and bool(by_code(d, "needs-verification"))
            )
            blocked = by_code(diags, "blocked")[0]
            assert blocked.severity == types.DiagnosticSeverity.Error
            assert blocked.range.start.line == 3
            assert "proj_" in blocked.message and "gpt-5.5" in blocked.message
            verify = by_code(diags, "needs-verification")[0]
            assert verify.range.start.line == 4 and "stream" in verify.message
            assert not [d for d in diags if d.range.start.line == 5]  # gpt-5.6-sol is fine for this project

            hover = await client.text_document_hover_async(
                types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=blocked.range.start)
            )
            assert hover is not None and isinstance(hover.contents, types.MarkupContent)
            md = hover.contents.value
            assert "Limits" in md and "Model usage" in md and "settings/proj/limits" in md
            assert "req_" in md and "proj_" in md  # what was asked, for which project, the request id

            # Progress was shown while probing, begun and ended.
            assert client.progress_reports
            reports = next(iter(client.progress_reports.values()))
            assert isinstance(reports[0], types.WorkDoneProgressBegin)
            assert isinstance(reports[-1], types.WorkDoneProgressEnd)

            # The key never reaches the editor: not in diagnostics, messages, logs or progress.
            assert KEY not in everything_the_client_saw(client)
        assert fake.requests, "the server asked the fake API"
        assert all(KEY not in p.read_text(errors="ignore") for p in (tmp_path / "cache").rglob("*") if p.is_file())


async def test_twenty_documents_one_probe_per_model(tmp_path: Path) -> None:
    with FakeOpenAI({"models": {"gpt-5.5": "ok"}}) as fake:
        ws = tmp_path / "ws"
        ws.mkdir()
        options = {"cacheDir": str(tmp_path / "cache"), "paidProbes": False}
        async with session(key_env(tmp_path, fake), ws, options=options) as client:
            uris = []
            for i in range(20):
                text = f'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-5.5")  # {i}\n'
                uris.append(await open_doc(client, ws / f"m{i}.py", text))
            await wait_probing_done(client)
            result = await client.workspace_execute_command_async(
                types.ExecuteCommandParams(command="openai-access.report", arguments=[])
            )
        chat = [r for r in fake.requests if r["path"] == "/v1/chat/completions"]
        assert len(chat) == 1, fake.requests  # one free probe, however many documents ask
        assert isinstance(result, str) and "gpt-5.5" in result


async def test_recheck_after_project_limits_change(tmp_path: Path) -> None:
    with FakeOpenAI({"models": {"gpt-5.5": "blocked"}}) as fake:
        ws = tmp_path / "ws"
        ws.mkdir()
        async with session(key_env(tmp_path, fake), ws, options={"cacheDir": str(tmp_path / "cache")}) as client:
            uri = await open_doc(client, ws / "app.py", APP.split("\n", 4)[0] + "\n" + "\n".join(APP.split("\n")[2:4]))
            await wait_until(client, uri, lambda d: bool(by_code(d, "blocked")))
            fake.set_model("gpt-5.5", "ok")  # the owner allowed the model in the project's limits
            result = await client.workspace_execute_command_async(
                types.ExecuteCommandParams(command="openai-access.recheck", arguments=[{"model": "gpt-5.5"}])
            )
            assert result["checked"] >= 1
            await wait_until(client, uri, lambda d: not by_code(d, "blocked"))


async def test_bad_key_is_one_message_not_a_squiggle_per_literal(tmp_path: Path) -> None:
    with FakeOpenAI({"models": {"gpt-5.5": "ok"}, "account": "bad-key"}) as fake:
        ws = tmp_path / "ws"
        ws.mkdir()
        async with session(key_env(tmp_path, fake), ws, options={"cacheDir": str(tmp_path / "cache")}) as client:
            uri = await open_doc(client, ws / "app.py", APP)
            await wait_diagnostics(client, uri)
            for _ in range(50):
                if client.messages:
                    break
                await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            key_msgs = [m for m in client.messages if "key" in m.message.lower()]
            assert len(key_msgs) == 1, client.messages
            assert KEY not in everything_the_client_saw(client)
            diags = client.diagnostics[uri]
            assert not by_code(diags, "blocked") and not by_code(diags, "unavailable")


async def test_untrusted_workspace_sends_nothing(tmp_path: Path) -> None:
    with FakeOpenAI({"models": {"gpt-5.5": "blocked"}}) as fake:
        ws = tmp_path / "ws"
        ws.mkdir()
        options = {"workspaceTrusted": False, "cacheDir": str(tmp_path / "cache")}
        async with session(key_env(tmp_path, fake), ws, options=options) as client:
            uri = await open_doc(client, ws / "app.py", APP)
            diags = await wait_diagnostics(client, uri)
            hover = await client.text_document_hover_async(
                types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(3, 40))
            )
            assert hover is not None and "not trusted" in str(hover.contents)
        assert not by_code(diags, "blocked")
        assert fake.requests == []


async def test_typing_never_probes_the_ids_on_the_way(tmp_path: Path) -> None:
    """Issue 14 item 13: `gpt-5.4` on the way to `gpt-5.4-mini` is a real model; it must not be probed."""
    import asyncio

    with FakeOpenAI({"models": {"gpt-5": "ok", "gpt-5.4": "ok", "gpt-5.4-mini": "ok", "gpt-4o": "ok"}}) as fake:
        ws = tmp_path / "ws"
        ws.mkdir()
        async with session(key_env(tmp_path, fake), ws, options={"cacheDir": str(tmp_path / "cache")}) as client:
            head = 'from openai import OpenAI\nOpenAI().chat.completions.create(model="'
            uri = await open_doc(client, ws / "app.py", head + 'gpt-4o")\n')
            await wait_probing_done(client)
            for version, typed in enumerate(["gpt-5", "gpt-5.", "gpt-5.4", "gpt-5.4-", "gpt-5.4-m", "gpt-5.4-mini"], 2):
                client.text_document_did_change(
                    types.DidChangeTextDocumentParams(
                        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                        content_changes=[types.TextDocumentContentChangeWholeDocument(text=head + typed + '")\n')],
                    )
                )
                await asyncio.sleep(0.35)  # a pause between keys: longer than the debounce, shorter than settling

            async def probed(model: str) -> None:
                while not fake.count(model=model):
                    await asyncio.sleep(0.05)

            await asyncio.wait_for(probed("gpt-5.4-mini"), 20)  # the id the user stopped on
        assert fake.count(model="gpt-5.4") == 0 and fake.count(model="gpt-5") == 0, [
            r["body"] for r in fake.requests if r["body"]
        ]


async def test_saving_probes_at_once(tmp_path: Path) -> None:
    with FakeOpenAI({"models": {"gpt-5.4": "blocked", "gpt-4o": "ok"}}) as fake:
        ws = tmp_path / "ws"
        ws.mkdir()
        async with session(key_env(tmp_path, fake), ws, options={"cacheDir": str(tmp_path / "cache")}) as client:
            head = 'from openai import OpenAI\nOpenAI().chat.completions.create(model="'
            uri = await open_doc(client, ws / "app.py", head + 'gpt-4o")\n')
            await wait_probing_done(client)
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
                    content_changes=[types.TextDocumentContentChangeWholeDocument(text=head + 'gpt-5.4")\n')],
                )
            )
            client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri=uri)))
            await wait_until(client, uri, lambda d: bool(by_code(d, "blocked")))
