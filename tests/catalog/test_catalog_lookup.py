"""Exact lookups, fine-tunes, invalid and unresolved ids."""

from __future__ import annotations

from datetime import date

import pytest

from openai_access.catalog import Catalog, CatalogEntry, Lifecycle
from openai_access.references import Surface


def _e(cat: Catalog, model_id: str) -> CatalogEntry:
    entry = cat.get(model_id)
    assert entry is not None, model_id
    return entry


def test_exact_id(catalog: Catalog) -> None:
    entry = catalog.get("gpt-4o-mini")
    assert entry is not None
    assert entry.id == "gpt-4o-mini"
    assert entry.alias_of is None
    assert entry.family == "gpt-4o"
    assert Surface.CHAT in entry.endpoints
    assert entry.replacement == "gpt-6-luna"


@pytest.mark.parametrize("model_id", ["gpt-4o-foo", "gpt-4o-", "GPT-4o", "gpt-4o ", "", "openai/gpt-4o", "gpt"])
def test_no_prefix_or_case_tricks(catalog: Catalog, model_id: str) -> None:
    assert catalog.get(model_id) is None


@pytest.mark.parametrize(
    ("model_id", "base"),
    [
        ("ft:gpt-4o-mini-2024-07-18:acme::9abcDEF1", "gpt-4o-mini-2024-07-18"),
        ("ft:gpt-4o-2024-08-06:acme:support-bot:9abcDEF1", "gpt-4o-2024-08-06"),
        ("ft:gpt-4.1-2025-04-14:acme:bot:9abc:ckpt-step-200", "gpt-4.1-2025-04-14"),
        ("ft:gpt-3.5-turbo:acme::7xyz", "gpt-3.5-turbo"),
        ("davinci:ft-acme-2023-01-01-00-00-00", "davinci"),
    ],
)
def test_fine_tunes_resolve_to_their_base(catalog: Catalog, model_id: str, base: str) -> None:
    entry = catalog.get(model_id)
    assert entry is not None
    assert entry.alias_of == base
    assert entry.family == _e(catalog, base).family


@pytest.mark.parametrize(
    "model_id",
    ["ft:gpt-9-ultra:acme::abc", "ft:", "ft:gpt-4o", "ft::acme::abc", "llama:ft-x", "gpt-4o:latest"],
)
def test_fine_tunes_of_unknown_bases_are_unknown(catalog: Catalog, model_id: str) -> None:
    assert catalog.get(model_id) is None


def test_fine_tune_keeps_working_until_its_own_shutdown(catalog: Catalog) -> None:
    # babbage-002 itself shut down 2026-09-28; its fine-tunes on 2026-10-23.
    base = catalog.get("babbage-002")
    ft = catalog.get("ft:babbage-002:acme::abc123")
    assert base is not None and ft is not None
    day = date(2026, 10, 1)
    assert base.lifecycle(day) is Lifecycle.RETIRED
    assert ft.lifecycle(day) is Lifecycle.DEPRECATED
    assert ft.lifecycle(date(2026, 10, 23)) is Lifecycle.RETIRED


def test_fine_tune_of_deprecated_base_follows_base_shutdown(catalog: Catalog) -> None:
    ft = catalog.get("ft:gpt-4o-mini-2024-07-18:acme::abc123")
    assert ft is not None
    assert ft.lifecycle(date(2026, 11, 22)) is Lifecycle.DEPRECATED
    assert ft.shutdown == date(2027, 1, 14)


def test_invalid_sdk_id_is_flagged(catalog: Catalog) -> None:
    entry = catalog.get("gpt-5.1-mini")
    assert entry is not None
    assert entry.invalid
    assert entry.notes and "Not a supported model ID" in entry.notes
    assert not _e(catalog, "gpt-5-mini").invalid


def test_unresolved_replacement_is_known_but_bare(catalog: Catalog) -> None:
    entry = catalog.get("gpt-5-codex-mini")
    assert entry is not None
    assert not entry.invalid
    assert entry.endpoints == ()
    assert entry.requires_verification is None


def test_contains(catalog: Catalog) -> None:
    assert "gpt-4o" in catalog
    assert "ft:gpt-4o-2024-08-06:acme::x1" in catalog
    assert "gpt-4o-foo" not in catalog
    assert 42 not in catalog


@pytest.mark.parametrize("junk", ["\x00\x01\x02", "ft:" * 5000, ":" * 100, "a" * 100_000, "\ud800", "gpt-4o\n"])
def test_junk_never_crashes(catalog: Catalog, junk: str) -> None:
    assert catalog.get(junk) is None
    assert isinstance(catalog.suggest(junk), list)
    assert isinstance(catalog.looks_like_openai_model(junk), bool)
