"""Faults a proxy, a hostile endpoint or a slow network can inject: none may decide a verdict,
leak the key, or hold a probe past its deadline (issue 14, items 1, 2, 3, 9, 15, 16)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from access_helpers import Clock

from fake_openai import FakeOpenAI
from openai_access.access.answers import AccessView, AccountIssueKind, Outcome
from openai_access.access.service import AccessService, ProbeRequest
from openai_access.references import Capability, Surface
from openai_access.settings import Settings

CHAT = "/v1/chat/completions"


def make(env: dict[str, str], cache: Path, clock: Clock | None = None, **settings: Any) -> AccessService:
    s = replace(Settings(cache_dir=str(cache)), **settings)
    return AccessService(s, env, timeout=1.0, **({"clock": clock} if clock else {}))


def chat(model: str) -> ProbeRequest:
    return ProbeRequest(model, Surface.CHAT)


def outcome(view: AccessView, model: str) -> Outcome | None:
    ev = view.answer(model, Capability.PLAIN)
    return ev.outcome if ev else None


# -- item 2: only OpenAI's own answers decide ---------------------------------------------------


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (403, "html"),
        (404, "html"),
        (403, "empty"),
        (404, "empty"),
        (403, "braces"),
        (404, "braces"),
        (400, "text"),
        (200, "html"),
        (200, "empty"),
    ],
)
async def test_answers_that_are_not_openais_decide_nothing(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path, status: int, body: str
) -> None:
    fake.update(models={"gpt-4o": "ok", "gpt-4o-mini": "blocked"}, list=["gpt-4o", "gpt-4o-mini"])
    svc = make(env, tmp_path / "cache")
    await svc.ensure([chat("gpt-4o")])  # the model list, read while the path was clean
    fake.update(account="foreign", foreign_status=status, foreign_body=body)
    view = await svc.ensure([chat("gpt-4o"), chat("gpt-4o-mini")], force=True)
    assert outcome(view, "gpt-4o-mini") is None  # not "ok", not "unavailable": unknown
    assert view.account_issue is not None and fake.base_url in view.account_issue.message
    assert "did not come from the OpenAI API" in view.account_issue.message
    await svc.aclose()
    fake.update(account="ok")
    again = make(env, tmp_path / "cache")
    assert outcome(again.view(), "gpt-4o-mini") is None  # nothing foreign was cached
    await again.aclose()


# -- item 3: an endpoint echoing the key -------------------------------------------------------


async def test_an_echoed_key_is_scrubbed_from_every_field(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path
) -> None:
    fake.update(models={"gpt-4o": "ok", "x": "blocked", "g5": "verify-use"}, account="echo-key")
    svc = make(env, tmp_path / "cache")
    view = await svc.ensure([chat("gpt-4o"), chat("x"), chat("g5")])
    assert outcome(view, "x") is Outcome.BLOCKED and outcome(view, "g5") is Outcome.NEEDS_VERIFICATION
    texts = [repr(view), svc.project_label, *svc.warnings]
    for ev in view.answers.values():
        texts += [str(ev.request_id), str(ev.project), str(ev.error_code), str(ev.error_param), str(ev.message)]
    for text in texts:
        assert "FAKE0000" not in text, text
    for path in (tmp_path / "cache").rglob("*"):
        if path.is_file():
            assert b"FAKE0000" not in path.read_bytes()
    await svc.aclose()


async def test_a_key_of_any_shape_is_scrubbed(fake: FakeOpenAI, tmp_path: Path) -> None:
    key = "relay-token-0123456789abcdef"
    fake.update(models={"x": "blocked"}, account="echo-key")
    svc = make({"OPENAI_API_KEY": key, "OPENAI_BASE_URL": fake.base_url}, tmp_path / "cache")
    view = await svc.ensure([chat("x")])
    assert outcome(view, "x") is Outcome.BLOCKED
    assert key not in repr(view) and key not in svc.project_label
    await svc.aclose()


# -- item 9: a slow drip hits a total deadline ---------------------------------------------------


@pytest.mark.parametrize("where", ["headers", "body"])
async def test_a_slow_drip_is_cut_at_the_deadline(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path, where: str
) -> None:
    # Each byte comes well within the SDK's read timeout; the whole would take ~20 s.
    fake.update(models={"gpt-4o": "ok"}, account="drip", drip_where=where, drip_interval_ms=50, hang_seconds=20)
    svc = make(env, tmp_path / "cache")
    view = await svc.ensure([chat("gpt-4o")])
    assert view.account_issue is not None and view.account_issue.kind is AccountIssueKind.NETWORK
    assert view.answers == {} and view.model_list is None
    await svc.aclose()


# -- item 1: a re-check that cannot pay keeps the earlier answer --------------------------------


async def test_a_recheck_over_the_paid_cap_keeps_needs_verification(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path
) -> None:
    fake.update(models={"gpt-x": "verify-use"})
    svc = make(env, tmp_path / "cache", paid_probes_per_hour=1)
    assert outcome(await svc.ensure([chat("gpt-x")]), "gpt-x") is Outcome.NEEDS_VERIFICATION
    view = await svc.ensure([chat("gpt-x")], force=True)  # the hourly cap is used up
    assert fake.count(path=CHAT) == 3  # free, paid, free: the re-check asked what it could
    assert outcome(view, "gpt-x") is Outcome.NEEDS_VERIFICATION
    # A second server with paid probes off re-checks the same cache: the answer still stands, for both.
    other = make(env, tmp_path / "cache", paid_probes=False)
    assert outcome(await other.ensure([chat("gpt-x")], force=True), "gpt-x") is Outcome.NEEDS_VERIFICATION
    assert outcome(svc.view(), "gpt-x") is Outcome.NEEDS_VERIFICATION
    third = make(env, tmp_path / "cache")
    assert outcome(third.view(), "gpt-x") is Outcome.NEEDS_VERIFICATION
    for s in (svc, other, third):
        await s.aclose()


async def test_a_paid_answer_still_replaces_it(fake: FakeOpenAI, env: dict[str, str], tmp_path: Path) -> None:
    fake.update(models={"gpt-x": "verify-use"})
    svc = make(env, tmp_path / "cache")
    assert outcome(await svc.ensure([chat("gpt-x")]), "gpt-x") is Outcome.NEEDS_VERIFICATION
    fake.set_model("gpt-x", "ok")  # the organization got verified
    assert outcome(await svc.ensure([chat("gpt-x")], force=True), "gpt-x") is Outcome.OK
    await svc.aclose()


# -- item 15: a corrupt cache ----------------------------------------------------------------------


async def test_a_corrupt_cache_moves_next_door_and_keeps_the_paid_cap(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path
) -> None:
    broken = tmp_path / "cache"
    broken.mkdir()
    (broken / "cache.db").write_bytes(b"garbage" * 1000)
    fake.update(models={"gpt-4o": "ok"})
    first = make(env, broken)
    assert outcome(await first.ensure([chat("gpt-4o")]), "gpt-4o") is Outcome.OK
    await first.aclose()
    sent = fake.count()
    second = make(env, broken)  # the next CI run: its answers are on disk, next to the broken cache
    assert outcome(await second.ensure([chat("gpt-4o")]), "gpt-4o") is Outcome.OK
    assert fake.count() == sent
    assert len(second.warnings) == 1 and str(broken) in second.warnings[0]
    assert "instead" in second.warnings[0] and "memory" not in second.warnings[0]
    await second.aclose()


# -- a sweep over every fault mode of the fake: bounded, the same invariants each time ---------------

FAULTS: list[dict[str, Any]] = [
    {"account": "foreign", "foreign_status": status, "foreign_body": body}
    for status in (200, 400, 401, 403, 404, 429, 502)
    for body in ("html", "empty", "braces", "text")
] + [
    {"account": "drip", "drip_where": "headers", "drip_interval_ms": 100, "hang_seconds": 10},
    {"account": "drip", "drip_where": "body", "drip_interval_ms": 100, "hang_seconds": 10},
    {"account": "echo-key"},
    {"account": "hang", "hang_seconds": 5},
    {"account": "malformed-json", "malformed_status": 200},
    {"account": "malformed-json", "malformed_status": 403},
    {"account": "server-error-plain-text"},
    {"account": "rate-limit", "rate_limit_times": -1, "retry_after": "0"},
]


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: "-".join(str(v) for v in f.values()))
async def test_no_fault_decides_a_wrong_verdict_or_leaks_the_key(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path, fault: dict[str, Any]
) -> None:
    fake.update(models={"fine": "ok", "closed": "blocked", "gated": "verify-use"}, **fault)
    svc = make(env, tmp_path / "cache")
    view = await svc.ensure([chat("fine"), chat("closed"), chat("gated")])
    # Only a wrong answer is a failure here: unknown (None) is always allowed.
    assert outcome(view, "fine") in (None, Outcome.OK, Outcome.REACHED_VALIDATION)
    assert outcome(view, "closed") in (None, Outcome.BLOCKED)
    assert outcome(view, "gated") in (None, Outcome.NEEDS_VERIFICATION, Outcome.REACHED_VALIDATION)
    if view.answers == {} and view.model_list is None:
        assert view.account_issue is not None  # nothing known: the user is told why
    assert "FAKE0000" not in repr(view) + svc.project_label + "".join(svc.warnings)
    await svc.aclose()
