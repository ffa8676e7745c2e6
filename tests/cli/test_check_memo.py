"""A second ``check`` of the same folders reads only the files that changed (issue 10: speed).

The memo (``scan_memo``) must never show an old scan of a changed file: these tests edit files
the ways editors, ``git checkout`` and mtime-restoring tools do, and damage the memo itself.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

import openai_access.scan
from openai_access import batch_scan, scan_memo
from openai_access.batch_scan import scan_files
from openai_access.cli import main
from openai_access.settings import Settings

CALL = 'from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="{model}")\n'


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs happen a minute after the files were written (the memo records no file younger than 2 s)."""
    monkeypatch.setattr(scan_memo, "now_ns", lambda: time.time_ns() + 60 * 10**9)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files each scan actually read."""
    seen: list[str] = []
    real = batch_scan._scan_one

    def counting(found: Any, options: Any, expect: Any = None, memo: bool = True) -> Any:
        seen.append(found.path.name)
        return real(found, options, expect, memo)

    monkeypatch.setattr(batch_scan, "_scan_one", counting)
    return seen


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts each scan actually parsed (their first line)."""
    seen: list[str] = []
    real = openai_access.scan.scan_document

    def counting(text: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(text.split("\n", 1)[0])
        return real(text, *args, **kwargs)

    monkeypatch.setattr("openai_access.batch_scan.scan_document", counting)
    return seen


def repo(tmp_path: Path, **files: str) -> tuple[Path, Path]:
    """A folder holding ``files`` (name: model of a chat call, or the whole text if it has a line
    break), and where its memo goes."""
    root, memo = tmp_path / "repo", tmp_path / "memo"
    root.mkdir()
    for name, model in files.items():
        (root / name.replace("_", ".")).write_text(model if "\n" in model else CALL.format(model=model))
    return root, memo


def scan(root: Path, memo: Path) -> dict[str, list[str]]:
    scanned, _ = scan_files([str(root)], Settings(), workers=1, memo_dir=memo)
    out = {f.source.path: [r.model for r in f.references] for f in scanned if f.references}
    return {os.path.basename(k): v for k, v in sorted(out.items())}


def test_a_second_run_reads_only_the_changed_file_and_reports_what_it_says_now(
    tmp_path: Path, later: None, reads: list[str]
) -> None:
    root, memo = repo(tmp_path, a_py="gpt-4.1", b_py="gpt-4o")
    (root / "notes.py").write_text("print('nothing to see')\n")
    first = scan(root, memo)
    assert first == {"a.py": ["gpt-4.1"], "b.py": ["gpt-4o"]}
    assert sorted(reads) == ["a.py", "b.py", "notes.py"]

    reads.clear()
    assert scan(root, memo) == first
    assert reads == []

    (root / "b.py").write_text(CALL.format(model="gpt-4.5"))  # same size, new model
    assert scan(root, memo) == {"a.py": ["gpt-4.1"], "b.py": ["gpt-4.5"]}
    assert reads == ["b.py"]


def test_an_edit_hidden_behind_a_restored_mtime_is_still_seen(tmp_path: Path, later: None) -> None:
    root, memo = tmp_path / "repo", tmp_path / "memo"
    root.mkdir()
    path = root / "a.py"
    path.write_text(CALL.format(model="gpt-4.1"))
    before = path.stat()
    assert scan(root, memo) == {"a.py": ["gpt-4.1"]}
    path.write_text(CALL.format(model="gpt-4.2"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # rsync -t, cp -p, an editor's backup restore
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert scan(root, memo) == {"a.py": ["gpt-4.2"]}


def test_a_file_written_just_before_the_run_is_read_again_next_time(
    tmp_path: Path, reads: list[str], parses: list[str]
) -> None:
    """git's "racily clean" rule: an edit in the same clock tick as the read would keep the stamp,
    so the stamp of a file that young is not trusted; its bytes are compared instead."""
    root, memo = repo(tmp_path, a_py="gpt-4.1")
    scan(root, memo)
    reads.clear()
    parses.clear()
    assert scan(root, memo) == {"a.py": ["gpt-4.1"]}
    assert reads == ["a.py"]
    assert parses == []  # same bytes: the recorded scan stands


def test_a_fresh_checkout_of_the_same_files_is_read_but_not_parsed(
    tmp_path: Path, later: None, reads: list[str], parses: list[str]
) -> None:
    """New inodes and times, same bytes: a CI runner that restored the memo from its cache."""
    root, memo = repo(tmp_path, a_py="gpt-4.1", b_py="gpt-4o")
    first = scan(root, memo)
    for name in ("a.py", "b.py"):
        text = (root / name).read_text()
        (root / name).unlink()
        (root / name).write_text(text)
    (root / "b.py").write_text(CALL.format(model="gpt-4.5"))
    reads.clear()
    parses.clear()
    assert scan(root, memo) == {**first, "b.py": ["gpt-4.5"]}
    assert sorted(reads) == ["a.py", "b.py"]
    assert parses == ["from openai import OpenAI"]  # b.py only
    reads.clear()
    assert scan(root, memo) == {**first, "b.py": ["gpt-4.5"]}
    assert reads == []  # both stamps are trusted again


def test_deleted_files_and_references_disappear(tmp_path: Path, later: None) -> None:
    root, memo = repo(tmp_path, a_py="gpt-4.1", b_py="gpt-4o")
    scan(root, memo)
    (root / "b.py").unlink()
    assert scan(root, memo) == {"a.py": ["gpt-4.1"]}


def test_a_constant_used_from_another_file_is_found_from_the_memo_too(
    tmp_path: Path, later: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, memo = tmp_path / "repo", tmp_path / "memo"
    root.mkdir()
    (root / "__init__.py").write_text("")
    (root / "names.py").write_text('DEFAULT = "prod-chat"\n')  # nothing model-shaped: never parsed alone
    (root / "app.py").write_text(
        "from openai import OpenAI\nfrom .names import DEFAULT\nOpenAI().chat.completions.create(model=DEFAULT)\n"
    )
    rescans: list[str] = []
    real = batch_scan._with_exports

    def counting(item: Any) -> Any:
        rescans.append(item[0])
        return real(item)

    monkeypatch.setattr(batch_scan, "_with_exports", counting)
    first, _ = scan_files([str(root)], Settings(), workers=1, memo_dir=memo)
    assert rescans == ['DEFAULT = "prod-chat"\n']  # the defining file, scanned again for its exports
    second, _ = scan_files([str(root)], Settings(), workers=1, memo_dir=memo)
    assert rescans == ['DEFAULT = "prod-chat"\n']  # not again: its exports are in the memo
    for scanned in (first, second):
        names = next(f for f in scanned if f.source.path.endswith("names.py"))
        assert [r.model for r in names.references] == ["prod-chat"]
        assert names.source.text == 'DEFAULT = "prod-chat"\n'  # the judge shows and suppresses on it


def test_a_damaged_memo_is_rebuilt_with_one_note(tmp_path: Path, later: None) -> None:
    root, memo = repo(tmp_path, a_py="gpt-4.1")
    scan(root, memo)
    (file,) = memo.iterdir()
    file.write_bytes(file.read_bytes()[:-40] + b"\x00garbage")
    scanned, notes = scan_files([str(root)], Settings(), workers=1, memo_dir=memo)
    assert [r.model for f in scanned for r in f.references] == ["gpt-4.1"]
    assert [n for n in notes if "memo" in n] == [f"the scan memo {file} is damaged (JSONDecodeError); it is rebuilt"]
    _, notes = scan_files([str(root)], Settings(), workers=1, memo_dir=memo)
    assert not [n for n in notes if "memo" in n]


def test_a_memo_naming_classes_outside_the_scan_is_refused(tmp_path: Path, later: None) -> None:
    """The memo is read, never executed: only the scan's own dataclasses are ever built from it."""
    root, memo = repo(tmp_path, a_py="gpt-4.1")
    scan(root, memo)
    (file,) = memo.iterdir()
    data = json.loads(file.read_text())
    entry = next(iter(data["files"].values()))
    entry[5] = {"$": "Popen", "args": ["sh", "-c", "touch /tmp/owned"]}
    file.write_text(json.dumps(data))
    scanned, notes = scan_files([str(root)], Settings(), workers=1, memo_dir=memo)
    assert [r.model for f in scanned for r in f.references] == ["gpt-4.1"]
    assert any("is damaged (KeyError)" in n for n in notes)


@pytest.mark.parametrize(
    "damage",
    [
        lambda e: e.__setitem__(4, 5),  # notes: a number
        lambda e: e.__setitem__(0, ["a", 1, 2, 3]),  # a stamp that is no stamp
        lambda e: e.pop(),  # an entry one field short
        lambda e: e[6]["$t"].__setitem__(0, {"$": "ModelReference", "model": 4, "range": {"$r": [0, 0, 0, 1]}})
        if "$t" in e[6]
        else e.__setitem__(6, {"$": "ScanResult", "references": [{"$": "ModelReference", "model": 4,
                                                                  "range": {"$r": [0, 0, 0, 1]}}]}),
    ],
)  # fmt: skip
def test_a_memo_that_is_valid_json_but_not_a_memo_is_rebuilt(tmp_path: Path, later: None, damage: Any) -> None:
    root, memo = repo(tmp_path, a_py="gpt-4.1")
    scan(root, memo)
    (file,) = memo.iterdir()
    data = json.loads(file.read_text())
    damage(next(iter(data["files"].values())))
    file.write_text(json.dumps(data))
    scanned, notes = scan_files([str(root)], Settings(), workers=1, memo_dir=memo)
    assert [r.model for f in scanned for r in f.references] == ["gpt-4.1"]
    assert [n for n in notes if "memo" in n] == [f"the scan memo {file} is damaged (TypeError); it is rebuilt"]


def test_an_unwritable_cache_dir_is_said_once_per_run_and_loses_nothing(tmp_path: Path, later: None) -> None:
    root, memo = tmp_path / "repo", tmp_path / "not-a-folder"
    root.mkdir()
    (root / "a.py").write_text(CALL.format(model="gpt-4.1"))
    memo.write_text("a file where the memo folder would be")
    for _ in range(2):
        scanned, notes = scan_files([str(root)], Settings(), workers=1, memo_dir=memo)
        assert [r.model for f in scanned for r in f.references] == ["gpt-4.1"]
        assert len([n for n in notes if "memo" in n]) == 1
        assert any(n.startswith(f"the scan memo cannot be written to {memo}") for n in notes)


def test_other_scan_options_do_not_reuse_the_memo(tmp_path: Path, later: None, reads: list[str]) -> None:
    from openai_access.scan.options import CallPattern

    root, memo = repo(tmp_path, a_py='import mylib\nmylib.ask(model="prod-chat")\n')
    assert scan(root, memo) == {}
    reads.clear()
    settings = Settings(extra_calls=(CallPattern("mylib.ask"),))
    scanned, _ = scan_files([str(root)], settings, workers=1, memo_dir=memo)
    assert [r.model for f in scanned for r in f.references] == ["prod-chat"]
    assert reads == ["a.py"]


def test_check_keeps_its_memo_in_the_cache_dir_and_no_cache_reads_everything(
    tmp_path: Path, later: None, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "a.py").write_text(CALL.format(model="gpt-4.1"))
    args = ["check", str(root), "--format", "json", "--probe", "off", "--today", "2026-11-22"]
    assert main([*args, "--cache-dir", str(tmp_path / "c1"), "--no-cache"]) == 0
    fresh = json.loads(capsys.readouterr().out)
    assert not (tmp_path / "c1" / "scans").exists()
    for _ in range(2):
        assert main([*args, "--cache-dir", str(tmp_path / "c2")]) == 0
        assert json.loads(capsys.readouterr().out) == fresh
    assert len(list((tmp_path / "c2" / "scans").iterdir())) == 1


def test_named_files_keep_no_memo_and_old_memos_are_removed(tmp_path: Path, later: None) -> None:
    """A pre-commit hook names different files each time: a memo per list would only pile up."""
    root, memo = repo(tmp_path, a_py="gpt-4.1")
    scanned, _ = scan_files([str(root / "a.py")], Settings(), workers=1, memo_dir=memo)
    assert [r.model for f in scanned for r in f.references] == ["gpt-4.1"]
    assert not memo.exists()
    memo.mkdir()
    stale, recent = memo / "gone.json", memo / "kept.json"
    for path in (stale, recent):
        path.write_text("{}")
    long_ago = time.time() - (scan_memo.UNUSED_DAYS + 1) * 86400
    os.utime(stale, (long_ago, long_ago))
    scan(root, memo)
    names = {p.name for p in memo.iterdir()}
    assert "gone.json" not in names and "kept.json" in names and len(names) == 2  # and this run's


def test_notes_name_the_file_as_this_run_was_asked(
    tmp_path: Path, later: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, memo = repo(tmp_path)
    (root / "bad.py").write_bytes(CALL.format(model="gpt-4.1").encode() + b"# \xff\n")
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        _, notes = scan_files(["repo"], Settings(), workers=1, memo_dir=memo)
        assert notes == ["repo/bad.py: not valid UTF-8; undecodable bytes were replaced"]
    monkeypatch.chdir(root)
    for _ in range(2):
        _, notes = scan_files(["."], Settings(), workers=1, memo_dir=memo)
        assert notes == ["bad.py: not valid UTF-8; undecodable bytes were replaced"]


def test_a_run_started_inside_the_folder_reuses_its_memo_and_keeps_the_cross_file_scan(
    tmp_path: Path, later: None, reads: list[str], parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Walking "." finds ./app.py: the memo must know it as the same file run after run.
    root, memo = repo(tmp_path)
    (root / "app.py").write_text(
        "from openai import OpenAI\nfrom settings import MODEL\nOpenAI().chat.completions.create(model=MODEL)\n"
    )
    (root / "settings.py").write_text('MODEL = "gpt-4.1"\n')
    monkeypatch.chdir(root)
    for run in range(2):
        reads.clear()
        parses.clear()
        scanned, _ = scan_files(["."], Settings(), workers=1, memo_dir=memo)
        # The model is found where it is written, through app.py's import.
        assert {f.source.path: [r.model for r in f.references] for f in scanned if f.references} == {
            "settings.py": ["gpt-4.1"]
        }
        if run:
            assert reads == [] and parses == []  # neither read nor parsed again, exports included
