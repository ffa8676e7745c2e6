"""What the editor shows from the other free sources: rate limits on the probes, the admin policy."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from tests.fake_openai import FAKE_ADMIN_KEY, FAKE_KEY, FakeOpenAI
from tests.lsp.lsp_helpers import by_code, open_doc, session, wait_probing_done, wait_until
from tests.lsp.test_probing import everything_the_client_saw, key_env

PROJECT = "proj_FAKEfakeFAKEfakeFAKE0001"
APP = """from openai import OpenAI

client = OpenAI()
client.chat.completions.create(model="gpt-5.5", messages=[])
client.chat.completions.create(model="gpt-5.6-sol", messages=[])
client.images.generate(model="gpt-image-2", prompt="a cat")
"""


async def hover_md(client: object, uri: str, line: int, character: int) -> str:
    hover = await client.text_document_hover_async(  # type: ignore[attr-defined]
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line, character))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    return str(hover.contents.value)


async def test_hovers_show_the_rate_limits_seen_on_free_probes_without_another_request(tmp_path: Path) -> None:
    scenario = {
        "models": {"gpt-5.5": "ok", "gpt-5.6-sol": "ok"},
        "rate_limits": {"*": {"requests": 5000, "tokens": 800000}, "gpt-5.6-sol": {"requests": 3, "tokens": 40000}},
    }
    with FakeOpenAI(scenario) as fake:
        ws = tmp_path / "ws"
        ws.mkdir()
        options = {"cacheDir": str(tmp_path / "cache"), "paidProbes": False, "lowRateLimitRpm": 3}
        async with session(key_env(tmp_path, fake), ws, options=options) as client:
            uri = await open_doc(client, ws / "app.py", APP)
            await wait_probing_done(client)
            diags = await wait_until(client, uri, lambda d: bool(by_code(d, "low-rate-limit")))
            sent = fake.count()
            assert fake.count(path="/v1/chat/completions") == 2  # one free probe per model, nothing else
            md = await hover_md(client, uri, 3, 45)
            assert "Rate limits for this model: 5,000 RPM · 800,000 TPM (seen 20" in md
            tiny = await hover_md(client, uri, 4, 45)
            assert "3 RPM · 40,000 TPM" in tiny
            assert fake.count() == sent  # hovering asked nothing
            low = by_code(diags, "low-rate-limit")
            assert [d.range.start.line for d in low] == [4]
            assert low[0].severity == types.DiagnosticSeverity.Information and "3 RPM" in low[0].message


async def test_the_low_rate_limit_note_is_off_by_default(tmp_path: Path) -> None:
    scenario = {"models": {"gpt-5.5": "ok"}, "rate_limits": {"*": {"requests": 1, "tokens": 100}}}
    with FakeOpenAI(scenario) as fake:
        ws = tmp_path / "ws"
        ws.mkdir()
        options = {"cacheDir": str(tmp_path / "cache"), "paidProbes": False}
        async with session(key_env(tmp_path, fake), ws, options=options) as client:
            uri = await open_doc(client, ws / "app.py", APP)
            await wait_probing_done(client)
            assert "1 RPM" in await hover_md(client, uri, 3, 45)
            assert not by_code(client.diagnostics.get(uri, []), "low-rate-limit")


async def test_an_admin_key_blocks_an_image_model_in_the_editor_with_no_model_request(tmp_path: Path) -> None:
    scenario = {
        "models": {"gpt-5.5": "ok", "gpt-5.6-sol": "ok", "gpt-image-2": "ok"},
        "model_permissions": {PROJECT: {"mode": "allow_list", "model_ids": ["gpt-5.5"]}},
    }
    with FakeOpenAI(scenario) as fake:
        ws = tmp_path / "ws"
        ws.mkdir()
        env = key_env(tmp_path, fake, OPENAI_ADMIN_KEY=FAKE_ADMIN_KEY)
        async with session(env, ws, options={"cacheDir": str(tmp_path / "cache"), "paidProbes": False}) as client:
            uri = await open_doc(client, ws / "app.py", APP)
            diags = await wait_until(client, uri, lambda d: len(by_code(d, "blocked")) == 2)
            assert sorted(d.range.start.line for d in by_code(diags, "blocked")) == [4, 5]
            md = await hover_md(client, uri, 5, 35)
            assert "project policy (admin API)" in md and "allow list" in md
            seen = everything_the_client_saw(client)
            assert FAKE_ADMIN_KEY not in seen and FAKE_KEY not in seen
        assert fake.count(model="gpt-image-2") == 0 and fake.count(model="gpt-5.6-sol") == 0
        assert fake.count(path=f"/v1/organization/projects/{PROJECT}/model_permissions") == 1
        cached = b"".join(p.read_bytes() for p in (tmp_path / "cache").rglob("*") if p.is_file())
        assert FAKE_ADMIN_KEY.encode() not in cached


async def test_two_projects_give_a_per_project_diagnostic_and_hover(tmp_path: Path) -> None:
    from tests.cli.test_check_projects import PROD_KEY, SCENARIO, STAGING_KEY

    with FakeOpenAI(SCENARIO) as fake:
        ws = tmp_path / "ws"
        ws.mkdir()
        env = key_env(
            tmp_path,
            fake,
            OPENAI_API_KEY_PROD=PROD_KEY,
            OPENAI_API_KEY_STAGING=STAGING_KEY,
            OPENAI_ADMIN_KEY=FAKE_ADMIN_KEY,
        )
        options = {
            "cacheDir": str(tmp_path / "cache"),
            "paidProbes": False,
            "projects": [
                {"name": "prod", "keyEnv": "OPENAI_API_KEY_PROD"},
                {"name": "staging", "keyEnv": "OPENAI_API_KEY_STAGING"},
            ],
        }
        async with session(env, ws, options=options) as client:
            uri = await open_doc(client, ws / "app.py", APP)
            diags = await wait_until(client, uri, lambda d: len(by_code(d, "blocked")) == 2)
            sol = next(d for d in by_code(diags, "blocked") if d.range.start.line == 4)
            assert sol.message.endswith("— blocked in prod; ok in staging")
            image = next(d for d in by_code(diags, "blocked") if d.range.start.line == 5)
            assert "blocked in prod" in image.message
            md = await hover_md(client, uri, 4, 45)
            assert "| Project | Status | Evidence | Rate limits |" in md
            rows = [line for line in md.splitlines() if line.startswith(("| prod |", "| staging |"))]
            assert len(rows) == 2 and "blocked" in rows[0] and "ok" in rows[1]
            seen = everything_the_client_saw(client)
            for secret in (PROD_KEY, STAGING_KEY, FAKE_ADMIN_KEY):
                assert secret not in seen
