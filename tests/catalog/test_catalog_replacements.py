"""Which replacement to offer on a given day, following chains of retiring models."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from openai_access.catalog import Catalog, CatalogEntry

WriteCatalog = Callable[..., Path]
Model = Callable[..., dict[str, Any]]


def _e(cat: Catalog, model_id: str) -> CatalogEntry:
    entry = cat.get(model_id)
    assert entry is not None, model_id
    return entry


TODAY = date(2026, 11, 22)


def test_direct_active_replacement(catalog: Catalog) -> None:
    assert catalog.recommended(_e(catalog, "dall-e-3"), TODAY) == "gpt-image-2"


def test_chain_skips_a_deprecated_replacement(catalog: Catalog) -> None:
    # gpt-4-0314 → gpt-5 (shuts down 2026-12-11) → gpt-6.1-sol (active)
    entry = catalog.get("gpt-4-0314")
    assert entry is not None and entry.replacement == "gpt-5"
    assert catalog.recommended(entry, TODAY) == "gpt-6.1-sol"


def test_active_model_without_replacement_gets_none(catalog: Catalog) -> None:
    assert catalog.recommended(_e(catalog, "gpt-5.2"), TODAY) is None


def test_alternatives_are_offered_after_the_recommendation(catalog: Catalog) -> None:
    got = catalog.replacements(_e(catalog, "gpt-image-1"), TODAY)
    assert got[:2] == ["gpt-image-2.5-sunburst", "gpt-image-2.5-flare"]


def test_fine_tune_gets_its_base_replacement(catalog: Catalog) -> None:
    ft = catalog.get("ft:gpt-4o-2024-08-06:acme::abc")
    assert ft is not None
    assert catalog.recommended(ft, TODAY) == "gpt-6-luna"


def test_chain_cycles_terminate(write_catalog: WriteCatalog, model: Model) -> None:
    path = write_catalog(
        {
            "a": model(shutdown="2026-01-01", replacement="b"),
            "b": model(shutdown="2026-01-01", replacement="c"),
            "c": model(shutdown="2026-01-01", replacement="a"),
        }
    )
    cat = Catalog.load(path)
    assert cat.recommended(_e(cat, "a"), TODAY) is None


def test_deprecated_end_of_chain_beats_nothing(write_catalog: WriteCatalog, model: Model) -> None:
    path = write_catalog(
        {
            "old": model(shutdown="2026-01-01", replacement="mid"),
            "mid": model(shutdown="2027-06-01", replacement="gone"),
            "gone": model(shutdown="2026-02-01"),
        }
    )
    cat = Catalog.load(path)
    assert cat.recommended(_e(cat, "old"), TODAY) == "mid"
    # Once mid is past its date too, nothing running is left to offer.
    assert cat.recommended(_e(cat, "old"), date(2027, 7, 1)) is None


def test_replacement_missing_from_user_catalog_is_not_offered(write_catalog: WriteCatalog, model: Model) -> None:
    path = write_catalog({"old": model(shutdown="2026-01-01", replacement="nowhere")})
    cat = Catalog.load(path)
    assert cat.recommended(_e(cat, "old"), TODAY) is None
