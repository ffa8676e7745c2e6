"""Did-you-mean: the ids a user meant, and silence for strings that are not near any."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from openai_access.catalog import Catalog, CatalogEntry

WriteCatalog = Callable[..., Path]
Model = Callable[..., dict[str, Any]]


def _e(cat: Catalog, model_id: str) -> CatalogEntry:
    entry = cat.get(model_id)
    assert entry is not None, model_id
    return entry


TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("gtp-4o", "gpt-4o"),
        ("gpt4o", "gpt-4o"),
        ("GPT-4o", "gpt-4o"),
        ("gpt_4o", "gpt-4o"),
        ("o3mini", "o3-mini"),
        ("O3-Mini", "o3-mini"),
        ("text-embeding-3-small", "text-embedding-3-small"),
        ("text-embedding-3-smal", "text-embedding-3-small"),
        ("gpt-4o-mini-2024-07-19", "gpt-4o-mini-2024-07-18"),
        ("whisper1", "whisper-1"),
        ("gpt-35-turbo", "gpt-3.5-turbo"),
        ("dall-e3", "dall-e-3"),
    ],
)
def test_near_misses_suggest_the_intended_id_first(catalog: Catalog, typed: str, meant: str) -> None:
    assert catalog.suggest(typed, today=TODAY)[0] == meant


@pytest.mark.parametrize(
    "typed",
    ["llama3", "claude-3-5-sonnet", "mistral-large", "hello world", "gemini-1.5-pro", "", "x"],
)
def test_far_strings_get_no_suggestion(catalog: Catalog, typed: str) -> None:
    assert catalog.suggest(typed, today=TODAY) == []


def test_known_id_needs_no_suggestion(catalog: Catalog) -> None:
    assert catalog.suggest("gpt-4o", today=TODAY) == []


def test_limit_is_respected(catalog: Catalog) -> None:
    assert len(catalog.suggest("o3mini", limit=1, today=TODAY)) == 1
    assert len(catalog.suggest("o3mini", limit=3, today=TODAY)) <= 3
    assert catalog.suggest("o3mini", limit=0, today=TODAY) == []


def test_equally_close_prefers_models_still_running(
    write_catalog: WriteCatalog,
    model: Model,
) -> None:
    path = write_catalog(
        {
            "abc-1": model(shutdown="2020-01-01"),
            "abc-3": model(),
        }
    )
    cat = Catalog.load(path)
    assert cat.suggest("abc-2", today=TODAY) == ["abc-3", "abc-1"]
    # Before abc-1's shutdown both run: the tie falls back to id order.
    assert cat.suggest("abc-2", today=date(2019, 1, 1)) == ["abc-1", "abc-3"]


def test_invalid_id_suggests_real_models(catalog: Catalog) -> None:
    got = catalog.suggest("gpt-5.1-mini", today=TODAY)
    assert got and "gpt-5.1-mini" not in got
    assert all(not _e(catalog, s).invalid for s in got)


def test_fine_tune_with_mistyped_base_suggests_the_fixed_fine_tune(catalog: Catalog) -> None:
    got = catalog.suggest("ft:gpt-4o-mini-2024-07-81:acme::abc", today=TODAY)
    assert got[0] == "ft:gpt-4o-mini-2024-07-18:acme::abc"
    assert catalog.suggest("ft:gpt-4o-mini-2024-07-18:acme::abc", today=TODAY) == []
