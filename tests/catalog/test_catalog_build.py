"""The committed models.json is what the build script makes from the research file."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from openai_access.catalog import BUNDLED_PATH, Catalog

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "build_catalog.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_catalog", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _source(**models: dict[str, Any]) -> dict[str, Any]:
    return {
        "as_of": "2027-01-01",
        "as_of_note": "Newest source seen: X. status is computed from shutdown vs as_of.",
        "sources": [{"key": "k", "ref": "r"}],
        "invalid_ids": {"bad-1": "not supported"},
        "unresolved_ids": {},
        "non_model_shutdowns": {},
        "models": models,
    }


def _raw(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "status": "active",
        "family": "f",
        "deprecation_announced": None,
        "shutdown": None,
        "replacement": None,
        "requires_verification": None,
        "verification_scope": None,
        "verification_note": None,
        "endpoints": ["chat.completions"],
        "source": "s",
    }
    base.update(fields)
    return base


def test_committed_file_matches_the_research_source() -> None:
    build = _script()
    if not build.DEFAULT_SOURCE.exists():
        pytest.skip(f"research source not on this machine: {build.DEFAULT_SOURCE}")
    source = json.loads(build.DEFAULT_SOURCE.read_text(encoding="utf-8"))
    assert build.build(source) == json.loads(BUNDLED_PATH.read_text(encoding="utf-8"))


def test_build_drops_status_and_maps_endpoints(tmp_path: Path) -> None:
    build = _script()
    legacy = _raw(endpoints=["completions", "fine-tunes"], shutdown="2024-01-04", replacement="new")
    new = _raw(requires_verification=True, verification_scope=["streaming"])
    out = build.build(_source(**{"old-1": legacy, "new": new}))
    assert "status" not in out["models"]["old-1"]
    assert out["models"]["old-1"]["endpoints"] == ["completions", "fine_tuning"]
    assert out["schema_version"] == 1
    assert "status is computed" not in out["as_of_note"]
    path = tmp_path / "built.json"
    path.write_text(json.dumps(out), encoding="utf-8")
    cat = Catalog.load(path)
    assert cat.get("bad-1") is not None and cat.get("bad-1").invalid  # type: ignore[union-attr]
    assert cat.get("new").requires_verification is True  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "bad",
    [
        _raw(endpoints=["teleport"]),
        _raw(shutdown="soon"),
        _raw(replacement="missing-model"),
    ],
)
def test_build_refuses_inconsistent_sources(bad: dict[str, Any]) -> None:
    build = _script()
    with pytest.raises(build.BuildError):
        build.build(_source(m=bad))


def test_script_writes_the_output_file(tmp_path: Path) -> None:
    build = _script()
    src = tmp_path / "src.json"
    src.write_text(json.dumps(_source(m=_raw())), encoding="utf-8")
    out = tmp_path / "models.json"
    assert build.main([str(src), "--out", str(out)]) == 0
    assert Catalog.load(out).get("m") is not None
    assert build.main([str(tmp_path / "absent.json"), "--out", str(out)]) == 2
