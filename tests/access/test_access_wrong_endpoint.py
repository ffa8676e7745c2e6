"""The API's "right model, wrong API" answers read as ``wrong-endpoint``, never as ``unavailable``."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from fake_openai import FakeOpenAI
from openai_access.access.answers import Outcome
from openai_access.access.classify import Category, classify
from openai_access.access.service import AccessService, ProbeRequest
from openai_access.catalog import Catalog
from openai_access.references import Capability, ModelReference, Position, Range, Surface
from openai_access.settings import Settings
from openai_access.statuses import Status
from openai_access.verdict import Judge

NOT_CHAT = (
    "This is not a chat model and thus not supported in the v1/chat/completions endpoint. "
    "Did you mean to use v1/completions?"
)
NO_EMBEDDINGS = "You are not allowed to generate embeddings from this model"


@pytest.mark.parametrize(
    ("status", "message", "param"),
    [
        (403, NO_EMBEDDINGS, None),
        (404, NOT_CHAT, "model"),
        (
            404,
            "This is a chat model and not supported in the v1/completions endpoint. Did you mean to use "
            "v1/chat/completions?",
            "model",
        ),
        (404, "This model is only supported in v1/responses and not in v1/chat/completions.", "model"),
    ],
)
def test_verbatim_wrong_endpoint_bodies(status: int, message: str, param: str | None) -> None:
    body = {"error": {"message": message, "type": "invalid_request_error", "param": param, "code": None}}
    got = classify(status, body)
    assert (got.category, got.outcome) == (Category.MODEL, Outcome.WRONG_ENDPOINT)


def test_a_plain_404_still_is_not_found() -> None:
    body = {"error": {"message": "The model `x` does not exist or you do not have access to it.", "code": None}}
    assert classify(404, body).outcome is Outcome.NOT_FOUND


@pytest.mark.parametrize(
    ("behaviour", "surface", "model", "endpoint"),
    [
        ("not-chat", Surface.CHAT, "davinci-002", "/v1/chat/completions"),
        ("no-embeddings", Surface.EMBEDDINGS, "gpt-4o-mini", "/v1/embeddings"),
    ],
)
async def test_the_fakes_wrong_endpoint_answers_become_a_wrong_endpoint_verdict(
    fake: FakeOpenAI, env: dict[str, str], tmp_path: Path, behaviour: str, surface: Surface, model: str, endpoint: str
) -> None:
    fake.update(models={model: behaviour})
    svc = AccessService(replace(Settings(cache_dir=str(tmp_path / "c")), paid_probes=False), env, timeout=5.0)
    view = await svc.ensure([ProbeRequest(model, surface)])
    await svc.aclose()
    ev = view.answer(model, Capability.PLAIN)
    assert ev is not None and ev.outcome is Outcome.WRONG_ENDPOINT and ev.endpoint == endpoint
    ref = ModelReference(model=model, range=Range(Position(0, 0), Position(0, 5)), surface=surface)
    v = Judge(Catalog.bundled(), today=date(2026, 12, 1)).judge(ref, view)
    assert v.status is Status.WRONG_ENDPOINT and endpoint in v.message
    assert ("v1/completions" if behaviour == "not-chat" else "embeddings") in v.why
