"""Shared fixtures: the bundled catalog, and a writer for small user catalog files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from openai_access.catalog import Catalog


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog.bundled()


def _model(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "family": "test",
        "endpoints": ["chat.completions", "responses"],
        "shutdown": None,
        "deprecation_announced": None,
        "replacement": None,
        "requires_verification": None,
        "verification_scope": None,
    }
    base.update(fields)
    return base


@pytest.fixture
def model() -> Callable[..., dict[str, Any]]:
    """Build one model record of the catalog schema; keyword arguments override fields."""
    return _model


@pytest.fixture
def write_catalog(tmp_path: Path) -> Callable[..., Path]:
    """Write a user catalog file with the given models; returns its path."""

    def write(models: dict[str, dict[str, Any]], **top: Any) -> Path:
        doc: dict[str, Any] = {
            "schema_version": 1,
            "as_of": "2027-03-01",
            "sources": [{"key": "me", "ref": "my own notes"}],
            "models": models,
        }
        doc.update(top)
        path = tmp_path / "my-catalog.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        return path

    return write
