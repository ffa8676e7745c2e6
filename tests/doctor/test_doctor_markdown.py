"""The editors' doctor: ``doctor_markdown`` directly, and ``openai-access.doctor`` through a real server."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from lsprotocol import types
from tests.doctor.doctor_helpers import FAKE_PROJECT, HINT, TODAY, assert_no_key
from tests.fake_openai import FAKE_KEY, FakeOpenAI
from tests.lsp.lsp_helpers import by_code, open_doc, server_env, session, wait_until

from openai_access.access.answers import AccessView, Cost, Outcome, ProbeEvidence
from openai_access.catalog import Catalog
from openai_access.doctor.editor import doctor_markdown
from openai_access.references import Capability, ModelReference, Position, Range, Surface
from openai_access.settings import Settings
from openai_access.verdict import Judge, Verdict

HEALTHY = {"models": {"gpt-4o-mini": "ok"}}


def blocked_verdict(model: str = "gpt-5.5") -> Verdict:
    ref = ModelReference(model=model, range=Range(Position(3, 40), Position(3, 47)), surface=Surface.CHAT)
    evidence = ProbeEvidence(
        model=model,
        capability=Capability.PLAIN,
        outcome=Outcome.BLOCKED,
        checked_at=time.time(),
        endpoint="/v1/chat/completions",
        cost=Cost.FREE,
        project=FAKE_PROJECT,
        http_status=403,
        error_code="model_not_found",
        message=f"Project `{FAKE_PROJECT}` does not have access to model `{model}`",
    )
    view = AccessView(project_label=FAKE_PROJECT, answers={(model, Capability.PLAIN): evidence})
    return Judge(Catalog.bundled(), today=date.fromisoformat(TODAY)).judge(ref, view)


async def test_markdown_checklist_with_a_blocked_model(tmp_path: Path) -> None:
    with FakeOpenAI(HEALTHY) as fake:
        env = {"OPENAI_API_KEY": FAKE_KEY, "OPENAI_BASE_URL": fake.base_url}
        md = await doctor_markdown(Settings(cache_dir=str(tmp_path / "cache")), env, [blocked_verdict()])
    assert_no_key(md)
    assert md.startswith("# OpenAI Access doctor")
    assert f"- ✅ **API key**: {HINT} from OPENAI_API_KEY in the language server's environment" in md
    assert "- ❔ **Base URL**:" in md  # the fake is not OpenAI's URL
    assert "- ✅ **Quota and billing**" in md
    assert "- ❌ **Models used in the open files**" in md
    section = md[md.index("### blocked") :]
    assert "`gpt-5.5`" in section and "settings/proj/limits" in section and "**Fix:**" in section
    assert "Re-check access" in section  # the editor's words, not a shell command
    assert md.rstrip().endswith("**1 check failed: Models used in the open files (1 could not tell).**")


async def test_markdown_without_a_key_says_how_to_set_it_in_the_editor(tmp_path: Path) -> None:
    md = await doctor_markdown(Settings(cache_dir=str(tmp_path / "cache")), {}, [])
    assert "- ❌ **API key**: OPENAI_API_KEY is not set in the language server's environment." in md
    assert "**Fix:** VS Code: run “OpenAI Access: Set API Key”" in md
    assert "No OpenAI model ids found in the open files" in md


async def test_markdown_in_an_untrusted_workspace_sends_nothing(tmp_path: Path) -> None:
    with FakeOpenAI(HEALTHY) as fake:
        env = {"OPENAI_API_KEY": FAKE_KEY, "OPENAI_BASE_URL": fake.base_url}
        md = await doctor_markdown(Settings(workspace_trusted=False), env, [])
        assert fake.requests == []
    assert "not trusted" in md and "- ❌" not in md and "No check failed" in md


async def test_markdown_bad_key_is_a_failure_with_the_keys_page(tmp_path: Path) -> None:
    with FakeOpenAI({**HEALTHY, "account": "bad-key"}) as fake:
        env = {"OPENAI_API_KEY": FAKE_KEY, "OPENAI_BASE_URL": fake.base_url}
        md = await doctor_markdown(Settings(cache_dir=str(tmp_path / "cache")), env, [])
    assert_no_key(md)
    assert "- ❌ **API key accepted**" in md and "platform.openai.com/api-keys" in md


async def test_doctor_command_through_the_language_server(tmp_path: Path) -> None:
    app = (
        'from openai import OpenAI\n\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-5.5", messages=[])\n'
    )
    with FakeOpenAI({"models": {"gpt-4o-mini": "ok", "gpt-5.5": "blocked"}}) as fake:
        ws = tmp_path / "ws"
        ws.mkdir()
        env = server_env(tmp_path, OPENAI_API_KEY=FAKE_KEY, OPENAI_BASE_URL=fake.base_url)
        async with session(env, ws, options={"cacheDir": str(tmp_path / "cache")}) as client:
            uri = await open_doc(client, ws / "app.py", app)
            await wait_until(client, uri, lambda d: bool(by_code(d, "blocked")))
            result = await client.workspace_execute_command_async(
                types.ExecuteCommandParams(command="openai-access.doctor", arguments=[])
            )
    assert isinstance(result, str)
    assert_no_key(result)
    assert f"- ✅ **API key**: {HINT}" in result
    assert "### blocked" in result and "settings/proj/limits" in result
