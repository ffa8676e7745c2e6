"""``check`` against faults and hostile inputs (issue 14): what a user sees in the JSON and the notes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_check import refs, run
from tests.fake_openai import FakeOpenAI

KEY = "sk-test-FAKE0000"
APP = """from openai import OpenAI

client = OpenAI()
client.chat.completions.create(model="gpt-5.5", messages=[])
client.chat.completions.create(model="gpt-6-luna", messages=[])
"""


def key_env(base_url: str) -> dict[str, str]:
    return {"OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": base_url}


# -- item 2 ----------------------------------------------------------------------------------------


def test_a_proxy_page_makes_every_model_unverified_with_one_note(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    scenario = {"models": {"gpt-5.5": "blocked", "gpt-6-luna": "ok"}, "account": "foreign", "foreign_status": 404}
    with FakeOpenAI(scenario) as fake:
        proc = run("check", "app.py", "--format", "json", cwd=tmp_path, env=key_env(fake.base_url))
        base = fake.base_url
    assert proc.returncode == 0, proc.stderr
    assert {r["model"]: r["status"] for r in refs(proc)} == {"gpt-5.5": "unverified", "gpt-6-luna": "unverified"}
    notes = json.loads(proc.stdout)["notes"]
    assert any(base in n and "did not come from the OpenAI API" in n for n in notes), notes


# -- item 16 ---------------------------------------------------------------------------------------


def test_an_unreachable_url_is_named_whole(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    proc = run("check", "app.py", "--format", "json", cwd=tmp_path, env=key_env("http://127.0.0.1:9/v1"))
    messages = [r["message"] for r in refs(proc)]
    assert messages and all("http://127.0.0.1:9/v1" in m for m in messages), messages


# -- item 1 ----------------------------------------------------------------------------------------


def test_a_recheck_without_paid_probes_keeps_needs_verification(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text('from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-x")\n')
    cache = str(tmp_path / "shared-cache")
    with FakeOpenAI({"models": {"gpt-x": "verify-use"}}) as fake:
        env = key_env(fake.base_url)
        first = run("check", "app.py", "--format", "json", "--cache-dir", cache, cwd=tmp_path, env=env)
        again = run(
            "check", "app.py", "--format", "json", "--cache-dir", cache, "--probe", "live", "--no-paid-probes",
            cwd=tmp_path, env=env,
        )  # fmt: skip
        later = run(
            "check", "app.py", "--format", "json", "--cache-dir", cache, "--no-paid-probes", cwd=tmp_path, env=env
        )
    assert [r["status"] for r in refs(first)] == ["needs-verification"]
    assert [r["status"] for r in refs(again)] == ["needs-verification"], again.stdout
    assert [r["status"] for r in refs(later)] == ["needs-verification"]
