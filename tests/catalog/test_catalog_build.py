"""The committed models.json is what the build script makes from the research file."""

from __future__ import annotations

import importlib.util
import json
import subprocess
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


def test_committed_file_is_what_the_build_makes_from_the_repository_source(tmp_path: Path) -> None:
    """A clean clone regenerates models.json byte for byte: the source is in the repository,
    tracked by git, and the script's default; the output is exactly the committed file."""
    build = _script()
    assert build.DEFAULT_SOURCE == REPO / "catalog-src" / "openai-models.json"
    tracked = subprocess.run(
        ["git", "ls-files", "--error-unmatch", "catalog-src/openai-models.json", "catalog-src/NOTES.md"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if tracked.returncode == 128 and "not a git repository" in tracked.stderr:
        pytest.skip("not a git checkout (an sdist): nothing to say about what a clone holds")
    assert tracked.returncode == 0, f"the catalog source must be committed: {tracked.stderr}"
    out = tmp_path / "models.json"
    assert build.main(["--out", str(out)]) == 0
    assert out.read_bytes() == BUNDLED_PATH.read_bytes(), (
        "models.json differs from what scripts/build_catalog.py makes from catalog-src/: "
        "run `python scripts/build_catalog.py` and commit the result"
    )


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
