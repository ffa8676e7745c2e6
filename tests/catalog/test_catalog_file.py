"""User catalog files: a newer catalog without upgrading, and clear errors for bad ones."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from openai_access.catalog import BUNDLED_PATH, SCHEMA_VERSION, Catalog, CatalogError, Lifecycle

WriteCatalog = Callable[..., Path]
Model = Callable[..., dict[str, Any]]


def test_user_file_replaces_the_bundled_data(write_catalog: WriteCatalog, model: Model) -> None:
    path = write_catalog(
        {
            "gpt-4o": model(shutdown="2027-01-14", replacement="gpt-7"),
            "gpt-7": model(family="gpt-7"),
        },
        as_of="2027-02-01",
    )
    cat = Catalog.load(path)
    assert cat.as_of == date(2027, 2, 1)
    assert cat.sources[0]["ref"] == "my own notes"
    assert cat.get("gpt-7") is not None
    assert cat.get("gpt-5") is None  # wholesale replacement, not a merge
    gpt4o = cat.get("gpt-4o")
    assert gpt4o is not None
    assert gpt4o.lifecycle(date(2027, 2, 1)) is Lifecycle.RETIRED
    assert cat.recommended(gpt4o, date(2027, 2, 1)) == "gpt-7"
    assert Catalog.bundled().get("gpt-7") is None


def test_path_may_be_a_string_with_tilde(
    write_catalog: WriteCatalog, model: Model, monkeypatch: pytest.MonkeyPatch
) -> None:
    path: Path = write_catalog({"m-1": model()})
    monkeypatch.setenv("HOME", str(path.parent))
    assert Catalog.load("~/" + path.name).get("m-1") is not None


def test_user_file_unknown_endpoint_names_are_tolerated(write_catalog: WriteCatalog, model: Model) -> None:
    cat = Catalog.load(write_catalog({"m": model(endpoints=["hologram", "embeddings"])}))
    entry = cat.get("m")
    assert entry is not None
    assert [s.value for s in entry.endpoints] == ["embeddings"]


def _load_error(path: Path) -> str:
    with pytest.raises(CatalogError) as info:
        Catalog.load(path)
    msg = str(info.value)
    assert str(path) in msg
    return msg


def test_missing_file(tmp_path: Path) -> None:
    assert "not found" in _load_error(tmp_path / "nope.json")


def test_directory(tmp_path: Path) -> None:
    assert "directory" in _load_error(tmp_path)


def test_corrupt_json(tmp_path: Path) -> None:
    p = tmp_path / "c.json"
    p.write_text('{"schema_version": 1, "models": {', encoding="utf-8")
    assert "not valid JSON" in _load_error(p)


def test_binary(tmp_path: Path) -> None:
    p = tmp_path / "c.json"
    p.write_bytes(bytes(range(256)) * 4)
    assert "UTF-8" in _load_error(p)


def test_empty(tmp_path: Path) -> None:
    p = tmp_path / "c.json"
    p.write_text("", encoding="utf-8")
    assert "JSON" in _load_error(p)


def test_deeply_nested(tmp_path: Path) -> None:
    p = tmp_path / "c.json"
    depth = sys.getrecursionlimit() * 2
    p.write_text("[" * depth + "]" * depth, encoding="utf-8")
    _load_error(p)


@pytest.mark.parametrize(
    ("doc", "needle"),
    [
        ([], "top level"),
        ({"as_of": "2027-01-01", "models": {"m": {}}}, "schema_version"),
        ({"schema_version": 1, "models": {"m": {}}}, "as_of"),
        ({"schema_version": 1, "as_of": "soon", "models": {"m": {}}}, "as_of"),
        ({"schema_version": 1, "as_of": "2027-01-01"}, "models"),
        ({"schema_version": 1, "as_of": "2027-01-01", "models": {}}, "empty"),
        ({"schema_version": 1, "as_of": "2027-01-01", "models": {"m": []}}, "models['m']"),
        (
            {"schema_version": 1, "as_of": "2027-01-01", "models": {"m": {"shutdown": "31/12/2027"}}},
            "models['m'].shutdown",
        ),
        (
            {
                "schema_version": 1,
                "as_of": "2027-01-01",
                "models": {"m": {"requires_verification": "yes"}},
            },
            "requires_verification",
        ),
        (
            {"schema_version": 1, "as_of": "2027-01-01", "models": {"m": {"endpoints": [1]}}},
            "endpoints",
        ),
        (
            {
                "schema_version": 1,
                "as_of": "2027-01-01",
                "models": {"m": {}},
                "surface_shutdowns": {"assistants": {"date": "August"}},
            },
            "surface_shutdowns['assistants'].date",
        ),
        ({"schema_version": SCHEMA_VERSION + 1, "as_of": "2027-01-01", "models": {"m": {}}}, "newer"),
    ],
)
def test_malformed_content_names_the_problem(tmp_path: Path, doc: object, needle: str) -> None:
    p = tmp_path / "bad.json"
    p.write_text(json.dumps(doc), encoding="utf-8")
    assert needle in _load_error(p)


def test_bundled_file_has_the_schema_it_claims() -> None:
    raw = json.loads(BUNDLED_PATH.read_text(encoding="utf-8"))
    assert raw["schema_version"] == SCHEMA_VERSION
    for key in ("as_of", "as_of_note", "sources", "invalid_ids", "unresolved_ids", "non_model_shutdowns", "models"):
        assert key in raw, key
    assert all("status" not in m for m in raw["models"].values())  # computed, never stored
    assert "gpt-5.1-mini" in raw["invalid_ids"]


def test_bundled_catalog_roundtrips_through_load(tmp_path: Path) -> None:
    copy = tmp_path / "copy.json"
    copy.write_bytes(BUNDLED_PATH.read_bytes())
    a, b = Catalog.load(copy), Catalog.bundled()
    day = date(2026, 11, 22)
    assert a.ids(day) == b.ids(day)
    assert a.get("o3") == b.get("o3")
