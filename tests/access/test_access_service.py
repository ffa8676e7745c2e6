"""AccessService against the fake OpenAI through the real SDK: the ladder, the cache, the failures."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from access_helpers import Clock, Sleeps

from fake_openai import FAKE_KEY, FakeOpenAI
from openai_access.access.answers import AccessView, AccountIssueKind, Cost, Outcome
from openai_access.access.service import AccessService, ProbeRequest
from openai_access.catalog.entry import CatalogEntry
from openai_access.references import Capability, Surface
from openai_access.settings import ProbeMode, Settings

CHAT = "/v1/chat/completions"
PLAIN, STREAM, SUMMARY = Capability.PLAIN, Capability.STREAM, Capability.REASONING_SUMMARY


def make(
    env: dict[str, str],
    tmp_path: Path,
    clock: Clock | None = None,
    *,
    sleeps: Sleeps | None = None,
    timeout: float = 5.0,
    catalog: Any = None,
    **settings: Any,
) -> AccessService:
    s = replace(Settings(cache_dir=str(tmp_path / "cache")), **settings)
    kwargs: dict[str, Any] = {"timeout": timeout, "catalog": catalog}
    if clock is not None:
        kwargs["clock"] = clock
    if sleeps is not None:
        kwargs["sleep"] = sleeps
    return AccessService(s, env, **kwargs)


def chat(model: str, cap: Capability = PLAIN) -> ProbeRequest:
    return ProbeRequest(model, Surface.CHAT, cap)


def outcome(view: AccessView, model: str, cap: Capability = PLAIN) -> Outcome | None:
    ev = view.answer(model, cap)
    return ev.outcome if ev else None


# -- the ladder ---------------------------------------------------------------------------


async def test_healthy_chat_model_costs_list_free_paid_then_nothing(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path
) -> None:
    fake.update(models={"gpt-4o": "ok"})
    svc = make(env, tmp_path)
    view = await svc.ensure([chat("gpt-4o")])
    assert [(r["method"], r["path"]) for r in fake.requests] == [("GET", "/v1/models"), ("POST", CHAT), ("POST", CHAT)]
    free, paid = fake.requests[1]["body"], fake.requests[2]["body"]
    assert free["max_completion_tokens"] == 0 and paid["max_completion_tokens"] == 1
    assert "stream" not in paid and "temperature" not in paid and "temperature" not in free
    ev = view.answer("gpt-4o", PLAIN)
    assert ev is not None and ev.outcome is Outcome.OK and ev.cost is Cost.PAID
    assert ev.endpoint == CHAT and ev.request_id and ev.request_id.startswith("req_")
    assert view.model_list is not None and "gpt-4o" in view.model_list.ids
    assert svc.requests_sent == 3
    again = await svc.ensure([chat("gpt-4o")])
    assert fake.count() == 3 and outcome(again, "gpt-4o") is Outcome.OK
    await svc.aclose()


async def test_paid_probes_off_means_no_paid_request_and_verification_unknown(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path
) -> None:
    fake.update(models={"gpt-5": "verify-use"})
    svc = make(env, tmp_path, paid_probes=False)
    view = await svc.ensure([chat("gpt-5"), chat("gpt-5", STREAM)])
    assert fake.count(path=CHAT) == 1
    assert all(r["body"]["max_completion_tokens"] == 0 for r in fake.matching(path=CHAT))
    assert outcome(view, "gpt-5") is Outcome.REACHED_VALIDATION
    assert view.answer("gpt-5", STREAM) is None
    await svc.ensure([chat("gpt-5"), chat("gpt-5", STREAM)])
    assert fake.count(path=CHAT) == 1
    await svc.aclose()


async def test_verification_needs_the_paid_step(fake: FakeOpenAI, env: dict[str, str], tmp_path: Path) -> None:
    fake.update(models={"gpt-5": "verify-use"})
    svc = make(env, tmp_path)
    view = await svc.ensure([chat("gpt-5")])
    ev = view.answer("gpt-5", PLAIN)
    assert ev is not None and ev.outcome is Outcome.NEEDS_VERIFICATION and ev.cost is Cost.PAID
    assert ev.http_status == 404 and ev.message and ev.message.startswith("Your organization must be verified")
    await svc.aclose()


async def test_streaming_and_reasoning_summaries_are_probed_separately(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path
) -> None:
    fake.update(models={"o3": ["verify-stream", "verify-summary"]})
    svc = make(env, tmp_path)
    view = await svc.ensure([chat("o3"), chat("o3", STREAM), ProbeRequest("o3", Surface.RESPONSES, SUMMARY)])
    assert outcome(view, "o3") is Outcome.OK
    assert outcome(view, "o3", STREAM) is Outcome.NEEDS_VERIFICATION
    assert outcome(view, "o3", SUMMARY) is Outcome.NEEDS_VERIFICATION
    streamed = [r for r in fake.matching(path=CHAT) if r["body"].get("stream")]
    assert len(streamed) == 1 and streamed[0]["body"]["max_completion_tokens"] == 1
    summaries = [r["body"] for r in fake.matching(path="/v1/responses")]
    assert summaries == [{"model": "o3", "input": ".", "max_output_tokens": 16, "reasoning": {"summary": "auto"}}]
    assert fake.count(path=CHAT) == 3  # free, paid, paid streaming
    await svc.aclose()


async def test_a_streaming_model_that_is_fine_streams_ok(fake: FakeOpenAI, env: dict[str, str], tmp_path: Path) -> None:
    fake.update(models={"gpt-4o": "ok"})
    svc = make(env, tmp_path)
    view = await svc.ensure([chat("gpt-4o"), chat("gpt-4o", STREAM)])
    assert outcome(view, "gpt-4o", STREAM) is Outcome.OK
    await svc.aclose()


async def test_a_blocked_model_stops_at_the_free_step(fake: FakeOpenAI, env: dict[str, str], tmp_path: Path) -> None:
    fake.update(models={"gpt-4o-mini": "blocked"})
    svc = make(env, tmp_path)
    view = await svc.ensure([chat("gpt-4o-mini"), chat("gpt-4o-mini", STREAM)])
    ev = view.answer("gpt-4o-mini", PLAIN)
    assert ev is not None and ev.outcome is Outcome.BLOCKED and ev.cost is Cost.FREE
    assert ev.project == fake.scenario["project"]
    assert fake.count(path=CHAT) == 1 and view.answer("gpt-4o-mini", STREAM) is None
    await svc.aclose()


@pytest.mark.parametrize(
    ("behaviour", "expected"),
    [
        ("ok", Outcome.OK),
        ("blocked", Outcome.BLOCKED),
        ("verify-use", Outcome.NEEDS_VERIFICATION),
        ("retired", Outcome.RETIRED),
        ("not-found", Outcome.NOT_FOUND),
        ("not-found-400", Outcome.NOT_FOUND),
        ("legacy-not-found", Outcome.NOT_FOUND),
    ],
)
@pytest.mark.parametrize("pretty", [0, 4])
async def test_each_model_behaviour_through_the_sdk(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path, behaviour: str, expected: Outcome, pretty: int
) -> None:
    fake.update(models={"m": behaviour}, pretty=pretty)
    svc = make(env, tmp_path)
    assert outcome(await svc.ensure([chat("m")]), "m") is expected
    await svc.aclose()


# -- endpoints ----------------------------------------------------------------------------


async def test_embeddings_responses_and_never_probed_surfaces(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path
) -> None:
    fake.update(models={"text-embedding-3-small": "ok", "gpt-5-pro": "ok", "gpt-image-1": "verify-use"})
    svc = make(env, tmp_path)
    view = await svc.ensure(
        [
            ProbeRequest("text-embedding-3-small", Surface.EMBEDDINGS),
            ProbeRequest("gpt-5-pro", Surface.RESPONSES),
            ProbeRequest("gpt-image-1", Surface.IMAGES),
            ProbeRequest("tts-1", Surface.AUDIO_SPEECH),
        ]
    )
    emb = [r["body"] for r in fake.matching(path="/v1/embeddings")]
    assert len(emb) == 1 and emb[0]["dimensions"] == 0  # free only: no verification to look for
    assert outcome(view, "text-embedding-3-small") is Outcome.REACHED_VALIDATION
    assert [r["body"]["max_output_tokens"] for r in fake.matching(path="/v1/responses")] == [15, 16]
    assert outcome(view, "gpt-5-pro") is Outcome.OK
    assert fake.count(model="gpt-image-1") == 0 and fake.count(model="tts-1") == 0
    assert view.answer("gpt-image-1", PLAIN) is None
    await svc.aclose()


class OneEntryCatalog:
    def get(self, model: str) -> CatalogEntry | None:
        if model == "text-embedding-3-large":
            return CatalogEntry(id=model, family=None, endpoints=(Surface.EMBEDDINGS,))
        if model == "dall-e-3":
            return CatalogEntry(id=model, family=None, endpoints=(Surface.IMAGES,))
        return None


async def test_unknown_surface_follows_the_catalog(fake: FakeOpenAI, env: dict[str, str], tmp_path: Path) -> None:
    fake.update(models={"text-embedding-3-large": "ok", "dall-e-3": "ok", "my-model": "ok"})
    svc = make(env, tmp_path, catalog=OneEntryCatalog())
    await svc.ensure([ProbeRequest(m, Surface.UNKNOWN) for m in ("text-embedding-3-large", "dall-e-3", "my-model")])
    assert fake.count(path="/v1/embeddings", model="text-embedding-3-large") == 1
    assert fake.count(model="dall-e-3") == 0
    assert fake.count(path=CHAT, model="my-model") == 2
    await svc.aclose()


# -- budget and concurrency ---------------------------------------------------------------


async def test_hourly_cap_on_paid_probes(fake: FakeOpenAI, env: dict[str, str], tmp_path: Path, clock: Clock) -> None:
    fake.update(models={"a": "ok", "b": "ok", "c": "ok"})
    svc = make(env, tmp_path, clock, paid_probes_per_hour=2)
    view = await svc.ensure([chat("a"), chat("b"), chat("c")])
    paid = [r for r in fake.matching(path=CHAT) if r["body"]["max_completion_tokens"] == 1]
    assert len(paid) == 2
    assert sorted(o.value for o in (outcome(view, m) for m in "abc") if o) == ["ok", "ok", "reached-validation"]
    await svc.ensure([chat("a"), chat("b"), chat("c")])
    assert fake.count(path=CHAT) == 5  # nothing more within the hour
    clock.advance(3601)
    view = await svc.ensure([chat("a"), chat("b"), chat("c")])
    assert fake.count(path=CHAT) == 6  # only the missing paid probe; no free probe again
    assert all(outcome(view, m) is Outcome.OK for m in "abc")
    await svc.aclose()


async def test_twenty_concurrent_asks_make_one_probe(fake: FakeOpenAI, env: dict[str, str], tmp_path: Path) -> None:
    fake.update(models={"gpt-4o": "ok"}, latency_ms=50)
    svc = make(env, tmp_path)
    views = await asyncio.gather(*(svc.ensure([chat("gpt-4o")]) for _ in range(20)))
    assert fake.count(path="/v1/models") == 1 and fake.count(path=CHAT) == 2
    assert all(outcome(v, "gpt-4o") is Outcome.OK for v in views)
    await svc.aclose()


async def test_progress_reports_reach_the_total(fake: FakeOpenAI, env: dict[str, str], tmp_path: Path) -> None:
    fake.update(models={"a": "ok", "b": "blocked"})
    svc = make(env, tmp_path)
    seen: list[tuple[int, int]] = []
    await svc.ensure([chat("a"), chat("b")], on_progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)
    await svc.aclose()


# -- rate limits and failures ---------------------------------------------------------------


async def test_rate_limit_backs_off_as_the_header_says(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path, sleeps: Sleeps
) -> None:
    fake.update(models={"gpt-4o": "ok"}, account="rate-limit", retry_after="2", rate_limit_times=1)
    svc = make(env, tmp_path, sleeps=sleeps)
    view = await svc.ensure([chat("gpt-4o")])
    assert sleeps.calls == [2.0]
    assert outcome(view, "gpt-4o") is Outcome.OK and view.account_issue is None
    await svc.aclose()


async def test_endless_rate_limit_gives_up_and_caches_nothing(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path, sleeps: Sleeps
) -> None:
    fake.update(
        models={"gpt-4o": "ok"}, account="rate-limit", retry_after=None, retry_after_ms="1500", rate_limit_times=-1
    )
    svc = make(env, tmp_path, sleeps=sleeps)
    view = await svc.ensure([chat("gpt-4o")])
    assert fake.count(path=CHAT) == 3 and sleeps.calls == [1.5, 1.5]  # bounded retries
    assert view.answer("gpt-4o", PLAIN) is None
    assert view.account_issue is not None and view.account_issue.kind is AccountIssueKind.RATE_LIMITED
    fake.update(account="ok")
    view = await svc.ensure([chat("gpt-4o")])
    assert outcome(view, "gpt-4o") is Outcome.OK and view.account_issue is None
    await svc.aclose()


async def test_a_hanging_server_times_out(fake: FakeOpenAI, env: dict[str, str], tmp_path: Path) -> None:
    fake.update(models={"gpt-4o": "ok"}, account="hang")
    svc = make(env, tmp_path, timeout=0.3)
    view = await svc.ensure([chat("gpt-4o"), chat("o3")])
    assert view.account_issue is not None and view.account_issue.kind is AccountIssueKind.NETWORK
    assert view.answers == {} and view.model_list is None
    assert fake.count(path=CHAT) == 0  # the list failed: no point asking model by model
    fake.update(account="ok")
    view = await svc.ensure([chat("gpt-4o")])
    assert outcome(view, "gpt-4o") is Outcome.OK and view.account_issue is None
    await svc.aclose()


async def test_connection_refused(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {"OPENAI_API_KEY": FAKE_KEY, "OPENAI_BASE_URL": f"http://127.0.0.1:{port}/v1"}
    svc = make(env, tmp_path)
    view = await svc.ensure([chat("gpt-4o")])
    assert view.account_issue is not None and view.account_issue.kind is AccountIssueKind.NETWORK
    assert view.answers == {}
    assert FAKE_KEY not in view.account_issue.message
    await svc.aclose()


@pytest.mark.parametrize("account", ["malformed-json", "server-error-plain-text"])
async def test_broken_answers_are_transient(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path, account: str
) -> None:
    fake.update(models={"gpt-4o": "ok"}, account=account)
    svc = make(env, tmp_path)
    view = await svc.ensure([chat("gpt-4o")])
    assert view.answers == {}
    assert view.account_issue is not None and view.account_issue.kind is AccountIssueKind.SERVER_ERROR
    fake.update(account="ok")
    assert outcome(await svc.ensure([chat("gpt-4o")]), "gpt-4o") is Outcome.OK
    await svc.aclose()


async def test_malformed_json_on_a_success_still_counts_as_success(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path
) -> None:
    fake.update(models={"gpt-4o": "ok"}, account="malformed-json", malformed_status=200)
    svc = make(env, tmp_path)
    view = await svc.ensure([chat("gpt-4o")])
    assert view.model_list is None  # an unreadable list is no list
    assert view.account_issue is not None
    await svc.aclose()


# -- account problems -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("account", "kind", "needle"),
    [
        ("bad-key", AccountIssueKind.BAD_KEY, "api-keys"),
        ("org-mismatch", AccountIssueKind.ORG_MISMATCH, "OPENAI_ORG_ID"),
        ("project-mismatch", AccountIssueKind.ORG_MISMATCH, "OPENAI_PROJECT_ID"),
        ("region", AccountIssueKind.REGION, "region"),
    ],
)
async def test_account_problems_stop_at_the_list(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path, account: str, kind: AccountIssueKind, needle: str
) -> None:
    fake.update(models={"gpt-4o": "ok"}, account=account)
    svc = make(env, tmp_path)
    view = await svc.ensure([chat("gpt-4o"), chat("o3")])
    assert fake.count() == 1
    assert view.account_issue is not None and view.account_issue.kind is kind
    assert needle in view.account_issue.message
    await svc.ensure([chat("gpt-4o")])
    assert fake.count() == 1  # stopped for this project until a re-check
    await svc.ensure([chat("gpt-4o")], force=True)
    assert fake.count() == 2
    await svc.aclose()


async def test_quota_becomes_one_account_issue(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path, clock: Clock
) -> None:
    fake.update(models={"a": "ok", "b": "ok"}, account="quota")
    svc = make(env, tmp_path, clock)
    view = await svc.ensure([chat("a"), chat("b")])
    assert view.account_issue is not None and view.account_issue.kind is AccountIssueKind.QUOTA
    assert "billing" in view.account_issue.message and view.answers == {}
    sent = fake.count()
    await svc.ensure([chat("a"), chat("b")])
    assert fake.count() == sent
    fake.update(account="ok")
    clock.advance(16 * 60)  # retried after the negative lifetime
    view = await svc.ensure([chat("a")])
    assert outcome(view, "a") is Outcome.OK and view.account_issue is None
    await svc.aclose()


async def test_org_header_from_the_environment_is_sent(fake: FakeOpenAI, env: dict[str, str], tmp_path: Path) -> None:
    fake.update(models={"gpt-4o": "ok"}, expect_organization="org-right")
    svc = make({**env, "OPENAI_ORG_ID": "org-wrong"}, tmp_path)
    view = await svc.ensure([chat("gpt-4o")])
    assert view.account_issue is not None and view.account_issue.kind is AccountIssueKind.ORG_MISMATCH
    good = make({**env, "OPENAI_ORGANIZATION": "org-right"}, tmp_path)
    assert outcome(await good.ensure([chat("gpt-4o")]), "gpt-4o") is Outcome.OK
    assert fake.requests[-1]["organization"] == "org-right"
    await svc.aclose()
    await good.aclose()


async def test_missing_list_scope_warns_and_keeps_checking(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path
) -> None:
    fake.update(models={"gpt-4o": "ok"}, account="missing-scope")
    svc = make(env, tmp_path)
    view = await svc.ensure([chat("gpt-4o")])
    assert outcome(view, "gpt-4o") is Outcome.OK and view.model_list is None
    assert view.account_issue is None
    assert len(svc.warnings) == 1 and "api.model.read" in svc.warnings[0]
    await svc.aclose()


# -- what is never asked ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "env_extra", "reason"),
    [
        ({"workspace_trusted": False}, {}, "not trusted"),
        ({"probe": ProbeMode.OFF}, {}, "turned off"),
        ({}, {"OPENAI_API_KEY": ""}, "no API key"),
        ({}, {"OPENAI_BASE_URL": "http://proxy.example.com/v1"}, "not https"),
    ],
)
async def test_nothing_is_sent_when_it_must_not_be(
    fake: FakeOpenAI,
    env: dict[str, str],
    tmp_path: Path,
    settings: dict[str, Any],
    env_extra: dict[str, str],
    reason: str,
) -> None:
    fake.update(models={"gpt-4o": "ok"})
    svc = make({**env, **env_extra}, tmp_path, **settings)
    view = await svc.ensure([chat("gpt-4o")], force=True)
    assert fake.count() == 0 and svc.requests_sent == 0
    assert view.unchecked_reason is not None and reason in view.unchecked_reason
    await svc.aclose()


async def test_junk_model_ids_are_not_sent(fake: FakeOpenAI, env: dict[str, str], tmp_path: Path) -> None:
    svc = make(env, tmp_path)
    junk = ["", "gpt 4o", "gpt-4o\n", "x" * 5000, "a\x1fb", "\udcff"]
    view = await svc.ensure([chat(m) for m in junk])
    assert fake.count(path=CHAT) == 0 and view.answers == {}
    await svc.aclose()


async def test_list_mode_only_lists(fake: FakeOpenAI, env: dict[str, str], tmp_path: Path) -> None:
    fake.update(models={"gpt-4o": "ok"})
    svc = make(env, tmp_path, probe=ProbeMode.LIST)
    view = await svc.ensure([chat("gpt-4o")])
    assert fake.count() == 1 and view.model_list is not None and view.answers == {}
    await svc.aclose()


async def test_view_never_touches_the_network(fake: FakeOpenAI, env: dict[str, str], tmp_path: Path) -> None:
    fake.update(models={"gpt-4o": "ok"})
    svc = make(env, tmp_path)
    assert svc.view().answers == {} and svc.view().unchecked_reason is None
    assert fake.count() == 0
    await svc.aclose()


# -- cache lifetimes and re-checks ------------------------------------------------------------------


async def test_negative_answers_expire_sooner(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path, clock: Clock
) -> None:
    fake.update(models={"good": "ok", "bad": "blocked"})
    svc = make(env, tmp_path, clock)
    await svc.ensure([chat("good"), chat("bad")])
    sent = fake.count()
    clock.advance(16 * 60)
    view = svc.view()
    assert outcome(view, "good") is Outcome.OK and outcome(view, "bad") is None
    await svc.ensure([chat("good"), chat("bad")])
    assert [r["body"]["model"] for r in fake.requests[sent:]] == ["bad"]
    clock.advance(25 * 3600)
    assert svc.view().answers == {} and svc.view().model_list is None
    await svc.aclose()


async def test_recheck_sees_a_changed_answer(fake: FakeOpenAI, env: dict[str, str], tmp_path: Path) -> None:
    fake.update(models={"gpt-4o": "ok"})
    svc = make(env, tmp_path)
    await svc.ensure([chat("gpt-4o")])
    fake.set_model("gpt-4o", "blocked")
    assert outcome(await svc.ensure([chat("gpt-4o")]), "gpt-4o") is Outcome.OK  # cached
    view = await svc.ensure([chat("gpt-4o")], force=True)
    assert outcome(view, "gpt-4o") is Outcome.BLOCKED
    assert outcome(make(env, tmp_path).view(), "gpt-4o") is Outcome.BLOCKED  # refreshed on disk
    await svc.aclose()


async def test_live_mode_always_asks(fake: FakeOpenAI, env: dict[str, str], tmp_path: Path) -> None:
    fake.update(models={"gpt-4o": "ok"})
    svc = make(env, tmp_path, probe=ProbeMode.LIVE)
    await svc.ensure([chat("gpt-4o")])
    await svc.ensure([chat("gpt-4o")])
    assert fake.count() == 6
    await svc.aclose()


async def test_clear_cache_forgets(fake: FakeOpenAI, env: dict[str, str], tmp_path: Path) -> None:
    fake.update(models={"gpt-4o": "ok"})
    svc = make(env, tmp_path)
    await svc.ensure([chat("gpt-4o")])
    svc.clear_cache()
    assert svc.view().answers == {}
    assert make(env, tmp_path).view().answers == {}
    await svc.ensure([chat("gpt-4o")])
    assert fake.count() == 6
    await svc.aclose()


def test_probe_sync_for_the_cli(fake: FakeOpenAI, env: dict[str, str], tmp_path: Path) -> None:
    fake.update(models={"gpt-4o": "ok"})
    svc = make(env, tmp_path)
    assert outcome(svc.probe_sync([chat("gpt-4o")]), "gpt-4o") is Outcome.OK
    assert outcome(svc.probe_sync([chat("gpt-4o")], force=True), "gpt-4o") is Outcome.OK
    assert svc.requests_sent == 6


def test_two_processes_share_one_cache_dir(fake: FakeOpenAI, env: dict[str, str], tmp_path: Path) -> None:
    fake.update(models={"gpt-4o": "ok", "gpt-4o-mini": "blocked"})
    script = textwrap.dedent(f"""
        import json, sys
        from openai_access.access.service import AccessService, ProbeRequest
        from openai_access.references import Surface
        from openai_access.settings import Settings
        svc = AccessService(Settings(cache_dir={str(tmp_path / "cache")!r}), json.loads(sys.argv[1]))
        view = svc.probe_sync([ProbeRequest(m, Surface.CHAT) for m in ("gpt-4o", "gpt-4o-mini")])
        print(json.dumps(sorted(e.outcome.value for e in view.answers.values())))
    """)
    out = subprocess.run(
        [sys.executable, "-c", script, json.dumps(env)], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(out.stdout) == ["blocked", "ok"]
    sent = fake.count()
    svc = make(env, tmp_path)
    view = svc.probe_sync([chat("gpt-4o"), chat("gpt-4o-mini")])
    assert fake.count() == sent and svc.requests_sent == 0
    assert outcome(view, "gpt-4o") is Outcome.OK and outcome(view, "gpt-4o-mini") is Outcome.BLOCKED


async def test_corrupt_cache_dir_degrades_to_memory_with_one_warning(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "cache.db").write_bytes(b"garbage" * 1000)
    (tmp_path / "cache-fresh").write_bytes(b"a file where the fresh folder would go")
    fake.update(models={"gpt-4o": "ok"})
    svc = make(env, tmp_path)
    view = await svc.ensure([chat("gpt-4o")])
    await svc.ensure([chat("o3")])
    svc.view()
    assert outcome(view, "gpt-4o") is Outcome.OK
    assert len(svc.warnings) == 1 and "in memory" in svc.warnings[0]
    await svc.aclose()


async def test_a_store_that_fails_later_degrades_once(fake: FakeOpenAI, env: dict[str, str], tmp_path: Path) -> None:
    import sqlite3

    fake.update(models={"a": "ok", "b": "ok"})
    svc = make(env, tmp_path)
    await svc.ensure([chat("a")])
    store = svc._get_store()

    def read_only(*args: Any, **kwargs: Any) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    store._cache.set = read_only  # type: ignore[attr-defined]
    view = await svc.ensure([chat("b")])
    await svc.ensure([chat("a"), chat("b")])
    assert outcome(view, "b") is Outcome.OK
    assert len(svc.warnings) == 1 and "readonly" in svc.warnings[0]
    await svc.aclose()


# -- the key ------------------------------------------------------------------------------------


async def test_the_key_never_leaves_memory(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path, caplog: pytest.LogCaptureFixture, clock: Clock
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.update(models={"gpt-4o": "ok", "x": "blocked", "g5": "verify-use"}, account="bad-key")
    svc = make(env, tmp_path, clock)
    views = [await svc.ensure([chat("gpt-4o"), chat("x"), chat("g5")])]
    fake.update(account="ok")
    views.append(await svc.ensure([chat("gpt-4o"), chat("x"), chat("g5")], force=True))
    assert views[0].account_issue is not None and "sk-…0000" in views[0].account_issue.message
    texts = [caplog.text, *svc.warnings, repr(svc.__dict__)]
    for view in views:
        texts.append(repr(view))
        if view.account_issue:
            texts.append(view.account_issue.message)
    secret = FAKE_KEY.encode()
    for text in texts:
        assert FAKE_KEY not in text and "FAKE0000" not in text
    files = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert files
    for path in files:
        assert secret not in path.read_bytes() and b"FAKE0000" not in path.read_bytes()
    await svc.aclose()
