"""Repository files that try to hang or exhaust the checker, and folders it may not enter (issue 14, items 4, 6)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from openai_access.catalog import Catalog, CatalogError
from openai_access.project_config import load_project_settings
from openai_access.user_files import UnreadableFile, read_regular_file

posix_only = pytest.mark.skipif(os.name != "posix", reason="devices and FIFOs are POSIX")


def repo(tmp_path: Path, config: str) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / ".openai-access.toml").write_text(config, encoding="utf-8")
    (root / "app.py").write_text('from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o")\n')
    return root


# -- item 4 ------------------------------------------------------------------------------------


@posix_only
@pytest.mark.parametrize("target", ["/dev/stdin", "/dev/zero", "../outside.json", "~/catalog.json"])
def test_a_repository_may_not_name_a_catalog_outside_itself(tmp_path: Path, target: str) -> None:
    root = repo(tmp_path, f'catalog-path = "{target}"\nprobe = "off"\n')
    loaded = load_project_settings(root)
    assert loaded.settings.catalog_path is None
    assert loaded.settings.probe.value == "off"  # the rest of the file still applies
    assert any("catalog-path" in p and "outside the repository" in p for p in loaded.problems), loaded.problems


@posix_only
def test_a_committed_symlink_to_a_device_is_refused(tmp_path: Path) -> None:
    root = repo(tmp_path, 'catalog-path = "catalog.json"\n')
    (root / "catalog.json").symlink_to("/dev/zero")
    loaded = load_project_settings(root)
    assert loaded.settings.catalog_path is None and loaded.problems


def test_a_catalog_inside_the_repository_is_resolved_from_the_file(tmp_path: Path) -> None:
    root = repo(tmp_path, 'catalog-path = "tools/catalog.json"\n')
    loaded = load_project_settings(root / "app.py")
    assert loaded.problems == ()
    assert loaded.settings.catalog_path == str((root / "tools" / "catalog.json").resolve())


@posix_only
def test_every_named_file_is_read_bounded_and_regular_only(tmp_path: Path) -> None:
    fifo = tmp_path / "catalog.json"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero"), tmp_path):
        with pytest.raises(OSError):
            read_regular_file(path, 1024)
        with pytest.raises(CatalogError, match=r"not a regular file|directory"):
            Catalog.load(path)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 2048)
    with pytest.raises(UnreadableFile, match="larger than 1024 bytes"):
        read_regular_file(big, 1024)


@posix_only
def test_check_with_a_fifo_catalog_in_the_repository_finishes(tmp_path: Path) -> None:
    root = repo(tmp_path, 'catalog-path = "catalog.json"\n')
    os.mkfifo(root / "catalog.json")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    proc = subprocess.run(
        [sys.executable, "-m", "openai_access", "check", "app.py", "--probe", "off", "--format", "json"],
        cwd=root, env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "catalog.json" in proc.stdout and "not a regular file" in proc.stdout


@posix_only
def test_the_catalog_flag_refuses_a_device(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    (tmp_path / "app.py").write_text("x = 1\n")
    proc = subprocess.run(
        [sys.executable, "-m", "openai_access", "check", "app.py", "--probe", "off", "--catalog", "/dev/zero"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert proc.returncode == 2 and "not a regular file" in proc.stderr


# -- item 6 ------------------------------------------------------------------------------------


def test_a_folder_the_lookup_cannot_enter_is_skipped_with_one_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo(tmp_path, 'probe = "list"\n')
    locked = root / "locked"
    (locked / "deeper").mkdir(parents=True)
    real_stat = Path.stat

    def stat(self: Path, *args: object, **kwargs: object) -> os.stat_result:
        if self.parent == locked or self.parent == locked / "deeper":
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "stat", stat)  # root ignores chmod, so the test says what chmod 000 would
    loaded = load_project_settings(locked / "deeper")
    assert loaded.settings.probe.value == "list"  # the repository's file above is still found
    notes = [p for p in loaded.problems if "Permission denied" in p]
    assert len(notes) == 1 and str(locked) in notes[0], loaded.problems


@posix_only
def test_a_regular_file_is_read_whole_whatever_size_the_system_reports(tmp_path: Path) -> None:
    exact = tmp_path / "exact.json"
    exact.write_bytes(b"x" * 1024)
    assert read_regular_file(exact, 1024) == b"x" * 1024  # at the limit: read, not refused
    status = Path("/proc/self/status")  # a regular file whose size is reported as 0
    if status.is_file() and status.stat().st_size == 0:
        text = read_regular_file(status, 1 << 20)
        assert b"VmRSS" in text and text.endswith(b"\n")
