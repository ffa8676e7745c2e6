"""The store: JSON records on disk, one warning and memory when the disk cannot be used."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from openai_access.access.store import DiskStore, MemoryStore


def test_records_round_trip_and_survive_reopening(tmp_path: Path) -> None:
    store = DiskStore(tmp_path / "c")
    store.set("k1", {"a": 1, "b": [1, 2]})
    store.close()
    again = DiskStore(tmp_path / "c")
    assert again.get("k1") == {"a": 1, "b": [1, 2]}
    assert list(again.keys("k")) == ["k1"]
    again.clear("k")
    assert again.get("k1") is None
    assert again.warning is None


def test_corrupt_database_falls_back_to_memory_with_one_warning(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "cache.db").write_bytes(b"this is not sqlite" * 100)
    (tmp_path / "c-fresh").write_text("and no room next door either")
    store = DiskStore(folder)
    assert store.in_memory and store.warning is not None and str(folder) in store.warning
    store.set("k", {"x": 1})
    assert store.get("k") == {"x": 1}
    assert store.reserve_paid("id", 100.0, 1) and not store.reserve_paid("id", 101.0, 1)


def test_a_file_where_the_folder_should_be(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("x")
    store = DiskStore(path)
    assert not store.in_memory and store.warning and str(tmp_path / "file-fresh") in store.warning


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        store = DiskStore(folder)
        store.set("k", {"x": 1})
        assert store.in_memory and store.get("k") == {"x": 1}
    finally:
        folder.chmod(0o700)


def test_paid_ledger_counts_one_hour(tmp_path: Path) -> None:
    for store in (DiskStore(tmp_path / "c"), MemoryStore()):
        assert store.reserve_paid("id", 1000.0, 2)
        assert store.reserve_paid("id", 1001.0, 2)
        assert not store.reserve_paid("id", 1002.0, 2)
        assert store.reserve_paid("other", 1002.0, 2)
        assert store.reserve_paid("id", 1000.0 + 3601.0, 2)


def test_values_that_are_not_json_records_are_ignored(tmp_path: Path) -> None:
    store = DiskStore(tmp_path / "c")
    store._cache.set("weird", b"\x80\x04pickle?")
    store._cache.set("list", "[1, 2]")
    assert store.get("weird") is None and store.get("list") is None
