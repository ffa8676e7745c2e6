"""Check 8's summary line counts models once and says which uses fail (issue 14 item 20)."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from tests.fake_openai import FAKE_KEY, FakeOpenAI

from openai_access.access.answers import AccessView
from openai_access.catalog import Catalog
from openai_access.doctor import Context, State, summarise
from openai_access.doctor.editor import doctor_markdown
from openai_access.references import ModelReference, Position, Range, Surface
from openai_access.settings import Settings
from openai_access.verdict import Judge, Verdict


def verdict(model: str, surface: Surface = Surface.CHAT) -> Verdict:
    ref = ModelReference(model=model, range=Range(Position(0, 0), Position(0, len(model))), surface=surface)
    return Judge(Catalog.bundled(), today=date(2026, 11, 22)).judge(ref, AccessView(project_label="p"))


def test_the_tally_adds_up_and_partial_failures_say_so() -> None:
    ok_chat = verdict("text-embedding-3-large", Surface.EMBEDDINGS)
    wrong = verdict("text-embedding-3-large", Surface.CHAT)  # the same model on the wrong API fails
    retired = verdict("gpt-4.5-preview")
    rows = [
        ("a.py:1", ok_chat),
        ("a.py:2", ok_chat),
        ("b.py:3", wrong),
        ("c.py:1", retired),
        ("d.py:1", verdict("gpt-4o")),
    ]
    check, models = summarise(rows, context=Context.CLI, scope="x")
    assert check.state is State.FAIL
    head, _, tail = check.detail.partition(": ")
    n = int(head.split()[0])
    counted = sum(int(part.split()[0]) for part in tail.split(". ")[0].split(", "))
    assert n == 3 and counted == n, check.detail
    assert "text-embedding-3-large (1 of 3 uses)" in check.detail and "gpt-4.5-preview" in check.detail
    assert len({m.model for m in models}) == 3


def test_a_proxy_page_is_named_and_nothing_is_called_passed(tmp_path: Path) -> None:
    """Issue 14 items 2 and 20: doctor behind a proxy that answers with its own HTML page."""
    scenario = {"models": {"gpt-4o-mini": "ok"}, "account": "foreign", "foreign_status": 404}
    with FakeOpenAI(scenario) as fake:
        env = {"OPENAI_API_KEY": FAKE_KEY, "OPENAI_BASE_URL": fake.base_url}
        md = asyncio.run(doctor_markdown(Settings(cache_dir=str(tmp_path / "c")), env, []))
    assert "did not come from the OpenAI API" in md and "try again later" not in md
    assert "All checks passed" not in md and "could not tell" in md.splitlines()[-1]
