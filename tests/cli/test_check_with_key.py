"""``check`` and ``probe`` with a key: the fake API's answers become the statuses of DESIGN.md."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_check import refs, run
from tests.fake_openai import FakeOpenAI

KEY = "sk-test-FAKE0000"
APP = """from openai import OpenAI

client = OpenAI()
client.chat.completions.create(model="gpt-5.5", messages=[])
client.chat.completions.create(model="o3", messages=[], stream=True)
client.chat.completions.create(model="gpt-5.6-sol", messages=[])
client.chat.completions.create(model="gpt-5.4", messages=[])
client.responses.create(model="gpt-5.6-luna", input="hi", reasoning={"summary": "auto"})
client.embeddings.create(model="text-embedding-3-large", input="hi")
client.chat.completions.create(model="gpt-6-sol", messages=[])
client.chat.completions.create(model="gpt-6-luna", messages=[])
client.chat.completions.create(model="gtp-6-luna", messages=[])
"""
SCENARIO = {
    "models": {
        "gpt-5.5": "blocked",
        "o3": ["verify-stream"],
        "gpt-5.6-sol": "verify-use",
        "gpt-5.4": "not-found",
        "gpt-5.6-luna": ["verify-summary"],
        "text-embedding-3-large": "ok",
        "gpt-6-sol": "retired",
        "gpt-6-luna": "ok",
    },
}


def key_env(fake: FakeOpenAI) -> dict[str, str]:
    return {"OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": fake.base_url}


def test_every_api_answer_becomes_its_status(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    with FakeOpenAI(SCENARIO) as fake:
        proc = run("check", "app.py", "--format", "json", cwd=tmp_path, env=key_env(fake))
    assert proc.returncode == 1, proc.stderr
    status = {r["model"]: (r["status"], r["severity"]) for r in refs(proc)}
    assert status["gpt-5.5"] == ("blocked", "error")
    assert status["gpt-5.6-sol"] == ("needs-verification", "error")
    assert status["gpt-5.4"] == ("unavailable", "error")
    assert status["gpt-5.6-luna"] == ("needs-verification", "error")
    assert status["text-embedding-3-large"] == ("ok", None)
    assert status["gpt-6-sol"] == ("retired", "error")  # the API said "has been deprecated"
    assert status["gpt-6-luna"] == ("ok", None)
    assert status["gtp-6-luna"] == ("unknown", "error")  # with a key, an unknown id is an error
    # The API's answer for this project comes first, even on a deprecated model.
    assert status["o3"] == ("needs-verification", "error")
    o3 = next(r for r in refs(proc) if r["model"] == "o3")
    assert "stream" in o3["message"]
    blocked = next(r for r in refs(proc) if r["model"] == "gpt-5.5")
    assert "proj_" in blocked["message"] and "req_" in blocked["evidence"]
    assert KEY not in proc.stdout + proc.stderr


def test_second_run_is_served_from_cache(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    with FakeOpenAI(SCENARIO) as fake:
        first = run("check", "app.py", "--format", "json", cwd=tmp_path, env=key_env(fake))
        sent = len(fake.requests)
        second = run("check", "app.py", "--format", "json", cwd=tmp_path, env=key_env(fake))
        assert len(fake.requests) == sent  # nothing asked twice within the cache lifetime
        live = run("check", "app.py", "--format", "json", "--probe", "live", cwd=tmp_path, env=key_env(fake))
        assert len(fake.requests) > sent  # live bypasses the cache
    assert refs(first) == refs(second) or [r["status"] for r in refs(first)] == [r["status"] for r in refs(second)]
    assert [r["status"] for r in refs(live)] == [r["status"] for r in refs(first)]


def test_probe_list_asks_only_the_model_list(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    with FakeOpenAI({**SCENARIO, "list": ["gpt-6-luna", "gpt-5.5"]}) as fake:
        proc = run("check", "app.py", "--format", "json", "--probe", "list", cwd=tmp_path, env=key_env(fake))
        assert [r["path"] for r in fake.requests] == ["/v1/models"]
    status = {r["model"]: r["status"] for r in refs(proc)}
    assert status["gpt-5.4"] == "unavailable"  # absent from this key's list
    assert status["gpt-5.5"] != "blocked"  # only a model request may say blocked


def test_no_paid_probes_never_sends_a_paid_request(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    with FakeOpenAI(SCENARIO) as fake:
        proc = run("check", "app.py", "--format", "json", "--no-paid-probes", cwd=tmp_path, env=key_env(fake))
        bodies = [r["body"] for r in fake.requests if r["body"]]
    assert all(b.get("max_completion_tokens", 0) == 0 for b in bodies if "messages" in b)
    assert all(b.get("max_output_tokens", 0) < 16 for b in bodies if "input" in b and "dimensions" not in b)
    status = {r["model"]: r["status"] for r in refs(proc)}
    assert status["gpt-5.5"] == "blocked"  # the free probe is enough for a project block
    assert status["gpt-5.6-sol"] in ("ok", "unverified", "may-need-verification")  # verification stays unknown


def test_probe_command_after_changing_limits(tmp_path: Path) -> None:
    with FakeOpenAI(SCENARIO) as fake:
        before = run("probe", "gpt-5.5", "--format", "json", cwd=tmp_path, env=key_env(fake))
        fake.set_model("gpt-5.5", "ok")
        after = run("probe", "gpt-5.5", cwd=tmp_path, env=key_env(fake))
    assert before.returncode == 1
    assert json.loads(before.stdout)["models"][0]["status"] == "blocked"
    assert after.returncode == 0 and after.stdout.startswith("gpt-5.5: ok")


def test_bad_key_is_one_note_and_no_false_alarms(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    with FakeOpenAI({**SCENARIO, "account": "bad-key"}) as fake:
        proc = run("check", "app.py", cwd=tmp_path, env=key_env(fake))
    assert "[blocked]" not in proc.stdout and "[needs-verification]" not in proc.stdout
    notes = [line for line in proc.stderr.splitlines() if line.startswith("note:")]
    assert len([n for n in notes if "key" in n.lower()]) == 1, proc.stderr
    assert KEY not in proc.stdout + proc.stderr


def test_dead_network_says_so_and_keeps_catalog_verdicts(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP + 'client.chat.completions.create(model="gpt-4.5-preview")\n')
    env = {"OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}  # nothing listens there
    proc = run("check", "app.py", cwd=tmp_path, env=env)
    assert "[retired] gpt-4.5-preview" in proc.stdout
    assert "[blocked]" not in proc.stdout
    assert "note:" in proc.stderr and "reach" in proc.stderr.lower()
