"""The Admin API's model permissions: exact and free, for every model, probed or not."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from fake_openai import FAKE_ADMIN_KEY, FAKE_KEY, FakeOpenAI
from openai_access.access.answers import AccessView
from openai_access.access.service import AccessService, ProbeRequest
from openai_access.catalog import Catalog
from openai_access.references import ModelReference, Position, Range, Surface
from openai_access.settings import Settings
from openai_access.statuses import Status
from openai_access.verdict import POLICY_EVIDENCE, Judge, Verdict

PROJECT = "proj_FAKEfakeFAKEfakeFAKE0001"  # the fake's openai-project header
PERMISSIONS = f"/v1/organization/projects/{PROJECT}/model_permissions"
DENY = {PROJECT: {"mode": "deny_list", "model_ids": ["gpt-image-2", "gpt-4o"]}}


def service(env: dict[str, str], tmp_path: Path) -> AccessService:
    settings = replace(Settings(cache_dir=str(tmp_path / "cache")), paid_probes=False)
    return AccessService(settings, env, timeout=5.0)


def judge(model: str, surface: Surface, view: AccessView) -> Verdict:
    ref = ModelReference(model=model, range=Range(Position(0, 0), Position(0, 5)), surface=surface)
    return Judge(Catalog.bundled(), today=date(2026, 12, 1)).judge(ref, view)


REQUESTS = [
    ProbeRequest("gpt-image-2", Surface.IMAGES),
    ProbeRequest("gpt-4o", Surface.CHAT),
    ProbeRequest("gpt-4.1-mini", Surface.CHAT),
]


async def test_an_admin_key_blocks_an_image_model_never_probed_and_skips_policy_blocked_probes(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path
) -> None:
    fake.update(
        models={"gpt-4o": "ok", "gpt-4.1-mini": "ok", "gpt-image-2": "ok", "gpt-image-2.5-flare": "ok"},
        model_permissions=DENY,
    )
    svc = service({**env, "OPENAI_ADMIN_KEY": FAKE_ADMIN_KEY}, tmp_path)
    view = await svc.ensure(REQUESTS)
    await svc.aclose()
    assert fake.count(path=PERMISSIONS, method="GET") == 1
    assert fake.count(model="gpt-4o") == 0 and fake.count(model="gpt-image-2") == 0
    assert fake.count(model="gpt-4.1-mini") == 1  # the policy allows it; the free probe still asks the rest
    image = judge("gpt-image-2", Surface.IMAGES, view)
    assert image.status is Status.BLOCKED and image.evidence.startswith(POLICY_EVIDENCE)
    assert "deny list" in image.message and PROJECT in image.message
    assert judge("gpt-4o", Surface.CHAT, view).status is Status.BLOCKED
    assert judge("gpt-4.1-mini", Surface.CHAT, view).status is not Status.BLOCKED
    # An allowed model nobody probes (images are never probed) is ok on the policy's word.
    allowed = judge("gpt-image-2.5-flare", Surface.IMAGES, view)
    assert allowed.status is Status.OK and allowed.evidence.startswith(POLICY_EVIDENCE)

    again = service({**env, "OPENAI_ADMIN_KEY": FAKE_ADMIN_KEY}, tmp_path)  # a new process, same cache
    view2 = await again.ensure(REQUESTS)
    await again.aclose()
    assert fake.count(path=PERMISSIONS) == 1  # once per cache lifetime
    assert view2.policy is not None and view2.policy.mode == "deny_list"
    cached = b"".join(p.read_bytes() for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert FAKE_ADMIN_KEY.encode() not in cached and FAKE_KEY.encode() not in cached


async def test_a_refused_admin_key_is_one_account_message_never_a_model_verdict(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path
) -> None:
    fake.update(models={"gpt-4o": "ok", "gpt-4.1-mini": "ok", "gpt-image-2.5-flare": "ok"}, model_permissions=DENY)
    svc = service({**env, "OPENAI_ADMIN_KEY": "sk-admin-WRONGwrongWRONG9999"}, tmp_path)
    view = await svc.ensure(REQUESTS)
    await svc.ensure(REQUESTS, force=False)
    await svc.aclose()
    assert view.policy is None and view.account_issue is None
    refused = [w for w in svc.warnings if "admin key" in w]
    assert len(refused) == 1 and "HTTP 401" in refused[0] and "WRONGwrong" not in refused[0]
    assert fake.count(path=PERMISSIONS) == 1
    probed = judge("gpt-4o", Surface.CHAT, view)  # probed as usual: deprecated, not blocked
    assert probed.status is Status.DEPRECATED and probed.probe is not None
    assert judge("gpt-image-2.5-flare", Surface.IMAGES, view).status is Status.UNVERIFIED


async def test_no_policy_set_decides_nothing(fake: FakeOpenAI, env: dict[str, str], tmp_path: Path) -> None:
    fake.update(models={"gpt-4o": "ok", "gpt-image-2.5-flare": "ok"}, model_permissions={})
    svc = service({**env, "OPENAI_ADMIN_KEY": FAKE_ADMIN_KEY}, tmp_path)
    view = await svc.ensure([ProbeRequest("gpt-4o", Surface.CHAT)])
    await svc.aclose()
    assert view.policy is not None and view.policy.allows("gpt-4o") is None
    assert fake.count(model="gpt-4o") == 1
    assert judge("gpt-image-2.5-flare", Surface.IMAGES, view).status is Status.UNVERIFIED


async def test_without_an_admin_key_the_admin_api_is_never_called(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path
) -> None:
    fake.update(models={"gpt-4o": "ok"}, model_permissions=DENY)
    svc = service(env, tmp_path)
    view = await svc.ensure([ProbeRequest("gpt-4o", Surface.CHAT)])
    await svc.aclose()
    assert fake.count(path=PERMISSIONS) == 0 and view.policy is None
    assert judge("gpt-4o", Surface.CHAT, view).status is not Status.BLOCKED
