"""``openai-access catalog update|info`` against a local server of good and bad catalogs.

Every bad download must leave the catalog in use untouched and say one clear thing; a good
one must change a verdict the very next ``check`` gives.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.catalog_server import GOOD_AS_OF, NEW_SHUTDOWN, NEWLY_DEPRECATED, TODAY, serve_catalogs


def run(*args: str, cache: Path, cwd: Path, today: str = TODAY) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env.update({"OPENAI_ACCESS_TODAY": today, "XDG_CACHE_HOME": str(cache / "xdg")})
    return subprocess.run(
        [sys.executable, "-m", "openai_access", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "app.py").write_text(
        f'from openai import OpenAI\nOpenAI().chat.completions.create(model="{NEWLY_DEPRECATED}", messages=[])\n'
    )
    return ws


def status_of(proc: subprocess.CompletedProcess[str]) -> str:
    refs = json.loads(proc.stdout)["references"]
    return str(next(r["status"] for r in refs if r["model"] == NEWLY_DEPRECATED))


def test_good_update_changes_the_verdict_and_says_what_changed(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = run(
        "check", ".", "--format", "json", "--probe", "off", "--cache-dir", str(cache), cache=cache, cwd=project
    )
    assert status_of(before) == "unverified"  # probe off, and the bundled catalog has no date for it
    with serve_catalogs() as (base, hits):
        up = run(
            "catalog", "update", "--from", f"{base}/good.json", "--cache-dir", str(cache), cache=cache, cwd=project
        )
    assert up.returncode == 0, up.stderr
    assert hits == ["/good.json"]
    assert f"as of {GOOD_AS_OF}" in up.stdout
    assert "models added (1): gpt-7-test" in up.stdout
    assert f"shutdown date of {NEWLY_DEPRECATED}: none -> {NEW_SHUTDOWN}" in up.stdout
    after = run("check", ".", "--format", "json", "--probe", "off", "--cache-dir", str(cache), cache=cache, cwd=project)
    assert status_of(after) == "deprecated"
    info = run("catalog", "info", "--format", "json", "--cache-dir", str(cache), cache=cache, cwd=project)
    doc = json.loads(info.stdout)
    assert doc["origin"] == "downloaded" and doc["as_of"] == GOOD_AS_OF
    assert f"{base}/good.json" in doc["source"]


@pytest.mark.parametrize(
    ("route", "says"),
    [
        ("malformed.json", "not a catalog"),
        ("notjson.json", "not valid JSON"),
        ("older.json", "not newer than the catalog in use"),
        ("future.json", "in the future"),
        ("unsourced.json", "dated facts without a source"),
        ("truncated.json", "stopped early"),
        ("huge.json", "over the"),
        ("missing.json", "HTTP 404"),
    ],
)
def test_bad_catalog_keeps_the_current_one(project: Path, tmp_path: Path, route: str, says: str) -> None:
    cache = tmp_path / "cache"
    with serve_catalogs() as (base, _):
        first = run(
            "catalog", "update", "--from", f"{base}/good.json", "--cache-dir", str(cache), cache=cache, cwd=project
        )
        assert first.returncode == 0, first.stderr
        stored = (cache / "catalog" / "models.json").read_bytes()
        bad = run("catalog", "update", "--from", f"{base}/{route}", "--cache-dir", str(cache), cache=cache, cwd=project)
    assert bad.returncode == 2
    assert says in bad.stderr
    assert bad.stderr.count("catalog not updated") == 1
    assert f"still using the downloaded catalog as of {GOOD_AS_OF}" in bad.stderr
    assert (cache / "catalog" / "models.json").read_bytes() == stored  # a partial download never replaces it
    after = run("check", ".", "--format", "json", "--probe", "off", "--cache-dir", str(cache), cache=cache, cwd=project)
    assert status_of(after) == "deprecated"


def test_update_from_a_local_file_works_offline(project: Path, tmp_path: Path) -> None:
    from tests.catalog_server import good_catalog

    src = tmp_path / "newer.json"
    src.write_text(json.dumps(good_catalog()))
    cache = tmp_path / "cache"
    up = run("catalog", "update", "--from", str(src), "--cache-dir", str(cache), cache=cache, cwd=project)
    assert up.returncode == 0, up.stderr
    after = run("check", ".", "--format", "json", "--probe", "off", "--cache-dir", str(cache), cache=cache, cwd=project)
    assert status_of(after) == "deprecated"


def test_update_refuses_a_device_file(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    up = run("catalog", "update", "--from", "/dev/zero", "--cache-dir", str(cache), cache=cache, cwd=project)
    assert up.returncode == 2
    assert "not a regular file" in up.stderr


def test_newest_valid_catalog_wins_over_an_older_catalog_path(project: Path, tmp_path: Path) -> None:
    from tests.catalog_server import bundled_raw

    old = bundled_raw()
    old["as_of"] = "2026-01-01"
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old))
    cache = tmp_path / "cache"
    info = run("catalog", "info", "--catalog", str(path), "--cache-dir", str(cache), cache=cache, cwd=project)
    assert "in use: bundled catalog" in info.stdout
    assert "is older than the bundled catalog" in info.stderr


def test_stale_catalog_is_named_in_the_summary_and_json_notes(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    text = run("check", ".", "--probe", "off", "--cache-dir", str(cache), cache=cache, cwd=project, today="2027-03-01")
    assert "OUT OF DATE" in text.stderr
    assert "days old" in text.stderr and "openai-access catalog update" in text.stderr
    js = run(
        "check",
        ".",
        "--format",
        "json",
        "--probe",
        "off",
        "--cache-dir",
        str(cache),
        cache=cache,
        cwd=project,
        today="2027-03-01",
    )
    assert any("days old" in n for n in json.loads(js.stdout).get("notes", []))
    fresh = run("check", ".", "--probe", "off", "--cache-dir", str(cache), cache=cache, cwd=project)
    assert "OUT OF DATE" not in fresh.stderr


def test_a_repository_file_may_not_set_the_update_url_or_auto_update(project: Path, tmp_path: Path) -> None:
    (project / ".openai-access.toml").write_text(
        'catalog-update-url = "http://127.0.0.1:9/evil.json"\ncatalog-auto-update = true\n'
    )
    cache = tmp_path / "cache"
    proc = run("check", ".", "--probe", "off", "--cache-dir", str(cache), cache=cache, cwd=project)
    assert "'catalog-update-url' makes openai-access download files" in proc.stderr
    assert "'catalog-auto-update' makes openai-access download files" in proc.stderr
    assert not (cache / "catalog").exists()
