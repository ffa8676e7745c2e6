"""The fake OpenAI answers like the reference says, in the real API's order of checks."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from fake_openai import FAKE_KEY, FakeOpenAI

CHAT = "/v1/chat/completions"


def call(
    fake: FakeOpenAI,
    path: str,
    body: dict[str, Any] | None = None,
    *,
    key: str | None = FAKE_KEY,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(
        fake.base_url[: -len("/v1")] + path,
        data=json.dumps(body).encode() if body is not None else None,
        method="POST" if body is not None else "GET",
        headers={"content-type": "application/json", **(headers or {})},
    )
    if key:
        req.add_header("Authorization", f"Bearer {key}")
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def chat(model: str, **extra: Any) -> dict[str, Any]:
    return {"model": model, "messages": [{"role": "user", "content": ""}], **extra}


def err(raw: bytes) -> dict[str, Any]:
    return dict(json.loads(raw)["error"])


def test_project_block_comes_before_validation(fake: FakeOpenAI) -> None:
    fake.update(models={"gpt-4o-mini": "blocked"})
    status, headers, raw = call(fake, CHAT, chat("gpt-4o-mini", max_completion_tokens=0))
    assert status == 403
    e = err(raw)
    assert e["code"] == "model_not_found"
    assert e["message"] == f"Project `{fake.scenario['project']}` does not have access to model `gpt-4o-mini`"
    assert headers["content-type"] == "application/json; charset=utf-8"
    assert headers["x-request-id"].startswith("req_") and len(headers["x-request-id"]) == 36


def test_verification_comes_after_validation(fake: FakeOpenAI) -> None:
    fake.update(models={"gpt-5": "verify-use"})
    assert call(fake, CHAT, chat("gpt-5", max_completion_tokens=0))[0] == 400
    status, _, raw = call(fake, CHAT, chat("gpt-5", max_completion_tokens=1))
    assert status == 404
    assert err(raw)["message"].startswith("Your organization must be verified to use the model `gpt-5`")


def test_image_verification_is_403_with_null_code(fake: FakeOpenAI) -> None:
    fake.update(models={"gpt-image-1": "verify-use"})
    status, _, raw = call(fake, "/v1/images/generations", {"model": "gpt-image-1", "prompt": "x"})
    assert status == 403
    assert err(raw)["code"] is None


def test_stream_and_summary_verification_only_when_asked(fake: FakeOpenAI) -> None:
    fake.update(models={"o3": ["verify-stream", "verify-summary"]})
    assert call(fake, CHAT, chat("o3", max_completion_tokens=1))[0] == 200
    status, _, raw = call(fake, CHAT, chat("o3", max_completion_tokens=1, stream=True))
    assert (status, err(raw)["param"]) == (400, "stream")
    body = {"model": "o3", "input": "", "max_output_tokens": 16, "reasoning": {"summary": "auto"}}
    status, _, raw = call(fake, "/v1/responses", body)
    assert (status, err(raw)["param"]) == (400, "reasoning.summary")


def test_streaming_success_is_sse(fake: FakeOpenAI) -> None:
    fake.update(models={"gpt-4o": "ok"})
    status, headers, raw = call(fake, CHAT, chat("gpt-4o", max_completion_tokens=1, stream=True))
    assert status == 200 and headers["content-type"].startswith("text/event-stream")
    assert raw.rstrip().endswith(b"data: [DONE]")


@pytest.mark.parametrize(
    ("behaviour", "status", "needle"),
    [
        ("retired", 404, "has been deprecated"),
        ("not-found", 404, "does not exist or you do not have access to it"),
        ("not-found-400", 400, "The requested model 'm1' does not exist."),
        ("legacy-not-found", 404, "That model does not exist"),
    ],
)
def test_missing_models(fake: FakeOpenAI, behaviour: str, status: int, needle: str) -> None:
    fake.update(models={"m1": behaviour})
    got, _, raw = call(fake, CHAT, chat("m1", max_completion_tokens=0))
    assert got == status and needle in err(raw)["message"]
    listed = [m["id"] for m in json.loads(call(fake, "/v1/models")[2])["data"]]
    assert "m1" not in listed


def test_bad_key_echoes_a_masked_key_and_auth_comes_first(fake: FakeOpenAI) -> None:
    fake.update(account="bad-key", models={"x": "blocked"})
    status, _, raw = call(fake, CHAT, chat("x"))
    assert status == 401 and err(raw)["code"] == "invalid_api_key"
    assert "sk-test-****0000" in err(raw)["message"] and FAKE_KEY not in err(raw)["message"]
    assert call(fake, "/v1/models", key=None)[0] == 401
    assert fake.requests[-1]["auth"] is False


def test_region_error_key_order(fake: FakeOpenAI) -> None:
    fake.update(account="region")
    status, _, raw = call(fake, "/v1/models")
    assert status == 403
    assert list(err(raw)) == ["code", "message", "param", "type"]


def test_rate_limit_then_success(fake: FakeOpenAI) -> None:
    fake.update(account="rate-limit", models={"gpt-4o": "ok"}, retry_after="2", rate_limit_times=1)
    status, headers, _ = call(fake, CHAT, chat("gpt-4o", max_completion_tokens=1))
    assert status == 429 and headers["retry-after"] == "2"
    assert call(fake, CHAT, chat("gpt-4o", max_completion_tokens=1))[0] == 200


def test_quota_lets_the_free_model_list_through(fake: FakeOpenAI) -> None:
    fake.update(account="quota", models={"gpt-4o": "ok"})
    assert call(fake, "/v1/models")[0] == 200
    status, _, raw = call(fake, CHAT, chat("gpt-4o"))
    assert status == 429 and err(raw)["type"] == "insufficient_quota"


def test_org_header_mismatch(fake: FakeOpenAI) -> None:
    fake.update(expect_organization="org-right")
    status, _, raw = call(fake, "/v1/models", headers={"OpenAI-Organization": "org-wrong"})
    assert status == 401 and err(raw)["code"] == "mismatched_organization"
    assert call(fake, "/v1/models", headers={"OpenAI-Organization": "org-right"})[0] == 200


def test_unknown_behaviour_is_refused() -> None:
    with pytest.raises(ValueError):
        FakeOpenAI({"models": {"x": "okay"}})


def test_control_endpoints_switch_the_scenario(fake: FakeOpenAI) -> None:
    fake.update(models={"gpt-4o": "ok"})
    assert call(fake, "/__fake__/scenario", {"models": {"gpt-4o": "blocked"}}, key=None)[0] == 200
    assert call(fake, CHAT, chat("gpt-4o"))[0] == 403
    assert call(fake, "/__fake__/scenario", {"models": {"gpt-4o": "nope"}}, key=None)[0] == 400
    assert call(fake, "/__fake__/reset", {}, key=None)[0] == 200
    assert fake.requests == []


def test_runs_as_a_process(tmp_path: Path) -> None:
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps({"models": {"gpt-4o": "ok"}}))
    script = Path(__file__).resolve().parent.parent / "fake_openai.py"
    proc = subprocess.Popen(
        [sys.executable, str(script), "--port", "0", "--scenario", str(scenario)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        with urllib.request.urlopen(
            urllib.request.Request(
                f"http://127.0.0.1:{port}/v1/models",
                headers={"Authorization": f"Bearer {FAKE_KEY}"},
            ),
            timeout=5,
        ) as r:
            assert [m["id"] for m in json.loads(r.read())["data"]] == ["gpt-4o"]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/__fake__/requests", timeout=5) as r:
            assert [q["path"] for q in json.loads(r.read())] == ["/v1/models"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
