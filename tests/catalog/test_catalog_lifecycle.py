"""Lifecycle is computed against the caller's date, never stored."""

from __future__ import annotations

from datetime import date

from openai_access.catalog import Catalog, CatalogEntry, Lifecycle
from openai_access.references import Surface


def _e(cat: Catalog, model_id: str) -> CatalogEntry:
    entry = cat.get(model_id)
    assert entry is not None, model_id
    return entry


def test_day_before_shutdown_is_deprecated_and_day_of_is_retired(catalog: Catalog) -> None:
    entry = catalog.get("gpt-4o")
    assert entry is not None
    assert entry.shutdown == date(2027, 1, 14)
    assert entry.lifecycle(date(2027, 1, 13)) is Lifecycle.DEPRECATED
    assert entry.lifecycle(date(2027, 1, 14)) is Lifecycle.RETIRED
    assert entry.lifecycle(date(2027, 6, 1)) is Lifecycle.RETIRED


def test_project_today_sees_past_and_future_shutdowns(catalog: Catalog) -> None:
    today = date(2026, 11, 22)
    assert _e(catalog, "gpt-3.5-turbo").lifecycle(today) is Lifecycle.RETIRED
    assert _e(catalog, "gpt-5").lifecycle(today) is Lifecycle.DEPRECATED
    assert _e(catalog, "gpt-5.2").lifecycle(today) is Lifecycle.ACTIVE


def test_ids_carry_lifecycle_on_the_given_day(catalog: Catalog) -> None:
    on_eve = dict(catalog.ids(date(2026, 12, 10)))
    on_day = dict(catalog.ids(date(2026, 12, 11)))
    assert on_eve["gpt-5"] is Lifecycle.DEPRECATED
    assert on_day["gpt-5"] is Lifecycle.RETIRED
    assert on_day["text-embedding-3-small"] is Lifecycle.ACTIVE
    assert "gpt-5.1-mini" not in on_day  # invalid ids are not offered for completion
    ids = [mid for mid, _ in catalog.ids(date(2026, 11, 22))]
    assert ids == sorted(ids)
    assert len(ids) == len(catalog) > 200


def test_bundled_catalog_states_its_date_and_sources(catalog: Catalog) -> None:
    assert catalog.as_of == date(2026, 11, 17)
    assert catalog.as_of_note and "2026-11-17" in catalog.as_of_note
    assert len(catalog.sources) >= 5
    assert all("ref" in s for s in catalog.sources)
    assert any("deprecations" in s["ref"] for s in catalog.sources)
    assert catalog.non_model_shutdowns["Assistants API"].startswith("2026-08-26")


def test_bundled_is_loaded_once() -> None:
    assert Catalog.bundled() is Catalog.bundled()
    assert Catalog.load() is Catalog.bundled()
    assert Catalog.load(None) is Catalog.bundled()


def test_every_entry_keeps_its_source(catalog: Catalog) -> None:
    for mid, _ in catalog.ids(date(2026, 11, 22)):
        entry = catalog.get(mid)
        assert entry is not None and entry.source, mid


def test_whole_api_shutdowns_are_dated(catalog: Catalog) -> None:
    assistants = catalog.surface_shutdown(Surface.ASSISTANTS)
    assert assistants is not None
    assert assistants.shutdown == date(2026, 8, 26)
    assert assistants.lifecycle(date(2026, 8, 25)) is Lifecycle.DEPRECATED
    assert assistants.lifecycle(date(2026, 8, 26)) is Lifecycle.RETIRED
    assert "Responses" in (assistants.replacement or "")
    assert catalog.surface_shutdown(Surface.VIDEOS) is not None
    assert catalog.surface_shutdown(Surface.CHAT) is None
