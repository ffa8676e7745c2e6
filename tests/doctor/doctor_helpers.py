"""Run ``openai-access doctor`` as a user would: a real process, the real SDK, the fake OpenAI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.fake_openai import FAKE_KEY, FakeOpenAI

TODAY = "2026-11-22"
FAKE_PROJECT = "proj_FAKEfakeFAKEfakeFAKE0001"  # the fake's openai-project header
HINT = "sk-…0000"


class KeyDefaultsFake(FakeOpenAI):
    """Like the real API, a request *without* OpenAI-Project / OpenAI-Organization headers uses the
    key's own project and organization (the stock fake refuses it when ``expect_*`` is set)."""

    def answer(self, method: str, path: str, body: Any, key: str | None, org: str | None, proj: str | None) -> Any:
        if proj is None:
            proj = self.scenario["expect_project"]
        if org is None:
            org = self.scenario["expect_organization"]
        return super().answer(method, path, body, key, org, proj)


def doctor(
    tmp: Path, *args: str, fake: FakeOpenAI | None = None, key: str | None = FAKE_KEY, **env: str
) -> subprocess.CompletedProcess[str]:
    """``python -m openai_access doctor ARGS`` in ``tmp`` with a clean OpenAI environment."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    base.update({"OPENAI_ACCESS_TODAY": TODAY, "XDG_CACHE_HOME": str(tmp / "xdg-cache")})
    if key is not None:
        base["OPENAI_API_KEY"] = key
    if fake is not None:
        base["OPENAI_BASE_URL"] = fake.base_url
    base.update(env)
    proc = subprocess.run(
        [sys.executable, "-m", "openai_access", "doctor", *args],
        cwd=tmp,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert_no_key(proc.stdout + proc.stderr)
    return proc


def assert_no_key(text: str) -> None:
    """The key, or any recognisable part of it beyond the hint, never appears."""
    assert FAKE_KEY not in text
    assert "sk-test" not in text
    assert "FAKE0000" not in text


def checks(proc: subprocess.CompletedProcess[str]) -> dict[str, dict[str, Any]]:
    doc = json.loads(proc.stdout)
    assert doc["version"] == 1
    for c in doc["checks"]:
        assert set(c) >= {"id", "title", "state", "detail", "fix"}
        assert c["state"] in ("pass", "fail", "unknown")
        assert c["state"] != "fail" or c["fix"], f"a failing check without a fix: {c}"
    return {c["id"]: c for c in doc["checks"]}


def states(proc: subprocess.CompletedProcess[str]) -> dict[str, str]:
    return {cid: c["state"] for cid, c in checks(proc).items()}


def paid_requests(fake: FakeOpenAI) -> int:
    """Chat requests that would bill (anything but the free ``max_completion_tokens: 0``)."""
    return sum(
        1 for r in fake.matching(path="/v1/chat/completions") if (r["body"] or {}).get("max_completion_tokens") != 0
    )
