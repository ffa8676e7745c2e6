"""Which files ``check`` reads, and that one bad file cannot hang, exhaust or silently pass a run.

Issue 14 items 5 (special files) and 7 (one bad file kills the run; parsers that cannot load),
issue 10 (.gitignore, generated files, parse once with a prefilter, a process pool).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.cli.test_check import run

import openai_access.scan
from openai_access import batch_scan, walk
from openai_access.batch_scan import scan_files
from openai_access.cli import main
from openai_access.settings import Settings

CALL = 'from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="{model}")\n'


def check_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["check", *args, "--format", "json", "--probe", "off", "--today", "2026-11-22"])
    return code, json.loads(capsys.readouterr().out)


def models(doc: dict[str, Any]) -> dict[str, str]:
    return {os.path.basename(r["path"]): r["model"] for r in doc["references"]}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifos_device_links_and_links_out_of_the_tree_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(CALL.format(model="gpt-4.1"))
    os.mkfifo(tmp_path / "fifo.py")  # reading it would wait forever for a writer
    (tmp_path / "zero.py").symlink_to("/dev/zero")  # reading it would never end
    outside = tmp_path.parent / f"{tmp_path.name}-outside.py"
    outside.write_text(CALL.format(model="gpt-4o-mini"))
    (tmp_path / "out.py").symlink_to(outside)  # not this repository's file
    (tmp_path / "inside.py").symlink_to(tmp_path / "a.py")  # a link within the tree is fine

    proc = run("check", str(tmp_path), "--format", "json", "--probe", "off", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert sorted(models(doc).items()) == [("a.py", "gpt-4.1"), ("inside.py", "gpt-4.1")]
    assert any("fifo.py" in n and "not a regular file" in n for n in doc["notes"])

    named = run("check", str(tmp_path / "fifo.py"), str(tmp_path / "zero.py"), "--probe", "off", cwd=tmp_path)
    assert named.returncode in (0, 2), named.stderr
    assert "fifo.py: skipped (not a regular file)" in named.stderr
    assert "zero.py: skipped (not a regular file)" in named.stderr


def test_gitignore_and_ignore_files_are_honoured_unless_told_not_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("generated/\n*.local.py\n")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / ".ignore").write_text("scratch_*.py\n!scratch_keep.py\n")
    (tmp_path / "generated").mkdir()
    (tmp_path / "app.py").write_text(CALL.format(model="gpt-4.1"))
    (tmp_path / "generated" / "out.py").write_text(CALL.format(model="gpt-4o"))
    (tmp_path / "dev.local.py").write_text(CALL.format(model="gpt-4o"))
    (tmp_path / "src" / "scratch_1.py").write_text(CALL.format(model="gpt-4o"))
    (tmp_path / "src" / "scratch_keep.py").write_text(CALL.format(model="o3"))

    _, doc = check_json(capsys, str(tmp_path))
    assert models(doc) == {"app.py": "gpt-4.1", "scratch_keep.py": "o3"}

    # Checking a sub-folder still applies the repository root's .gitignore.
    (tmp_path / "src" / "generated").mkdir()
    (tmp_path / "src" / "generated" / "x.py").write_text(CALL.format(model="gpt-4o"))
    _, doc = check_json(capsys, str(tmp_path / "src"))
    assert models(doc) == {"scratch_keep.py": "o3"}

    _, doc = check_json(capsys, str(tmp_path), "--no-gitignore")
    assert set(models(doc)) == {"app.py", "out.py", "dev.local.py", "scratch_1.py", "scratch_keep.py", "x.py"}


def test_lockfiles_minified_bundles_and_source_maps_are_skipped_unless_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "package-lock.json").write_text('{"packages": {"x": {"model": "gpt-4o"}}}')
    (tmp_path / "app.min.js").write_text(
        'import OpenAI from "openai";new OpenAI().chat.completions.create({model:"gpt-4o"})'
    )
    (tmp_path / "config.json").write_text('{"model": "gpt-4.1"}')
    _, doc = check_json(capsys, str(tmp_path))
    assert models(doc) == {"config.json": "gpt-4.1"}
    _, doc = check_json(capsys, str(tmp_path / "app.min.js"))
    assert models(doc) == {"app.min.js": "gpt-4o"}


def test_one_file_that_breaks_the_scanner_is_a_note_the_rest_is_checked_and_the_run_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = "[" * 5000 + "]" * 5000  # valid JSON, deeper than the interpreter's recursion limit
    cells = [{"cell_type": "code", "source": ['client.chat.completions.create(model="gpt-4o")']}]
    (tmp_path / "deep.ipynb").write_text(json.dumps({"cells": cells, "metadata": {}})[:-1] + f', "x": {deep}}}')
    (tmp_path / "ok.py").write_text(CALL.format(model="gpt-4.1"))
    code, doc = check_json(capsys, str(tmp_path))
    assert code == 2  # 0 would let CI pass on a file that was never checked
    assert models(doc) == {"ok.py": "gpt-4.1"}
    assert any("deep.ipynb" in n and "internal error" in n for n in doc["notes"])


def test_parsers_that_cannot_load_exit_2_instead_of_reporting_no_references(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ok.py").write_text(CALL.format(model="gpt-4.1"))
    # A broken install: the grammar's wheel is missing, so the Python scanner cannot import.
    monkeypatch.delitem(sys.modules, "openai_access.scan.python", raising=False)
    monkeypatch.delattr(openai_access.scan, "python", raising=False)
    monkeypatch.setitem(sys.modules, "tree_sitter_python", None)
    code = main(["check", str(tmp_path), "--probe", "off"])
    assert code == 2
    assert "parsers cannot load" in capsys.readouterr().err


def test_a_constant_in_a_file_without_model_words_still_reaches_its_cross_file_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "names.py").write_text('CHAT = "my-chat"\nOTHER = "x"\n')  # nothing model-shaped here
    (tmp_path / "app.py").write_text(
        "from openai import OpenAI\nfrom names import CHAT\n\nOpenAI().chat.completions.create(model=CHAT)\n"
    )
    (tmp_path / "util.py").write_text("def f():\n    return 1\n")
    _, doc = check_json(capsys, str(tmp_path))
    assert models(doc) == {"names.py": "my-chat"}


def test_a_process_pool_gives_the_same_results_in_the_same_order(tmp_path: Path) -> None:
    for i in range(40):
        sub = tmp_path / f"pkg{i % 4}"
        sub.mkdir(exist_ok=True)
        (sub / f"m{i}.py").write_text(CALL.format(model=f"gpt-4.1-{i}") if i % 3 else "x = 1\n")
    serial, serial_notes = scan_files([str(tmp_path)], Settings(), workers=1)
    pooled, pooled_notes = scan_files([str(tmp_path)], Settings(), workers=2)
    assert [f.source.path for f in pooled] == [f.source.path for f in serial]
    assert [f.references for f in pooled] == [f.references for f in serial]
    assert pooled_notes == serial_notes


def _tree_of_calls(root: Path, count: int) -> None:
    for i in range(count):
        (root / f"m{i:03}.py").write_text(CALL.format(model=f"gpt-4.1-{i}") if i % 3 else "x = 1\n")


def test_a_big_walk_starts_the_pool_by_itself_and_keeps_the_files_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures

    _tree_of_calls(tmp_path, 30)
    serial, _ = scan_files([str(tmp_path)], Settings(), workers=1)
    started: list[int] = []
    real = concurrent.futures.ProcessPoolExecutor

    class Counting(real):  # type: ignore[misc,valid-type]
        def __init__(self, max_workers: int, **kw: Any) -> None:
            started.append(max_workers)
            super().__init__(max_workers=max_workers, **kw)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Counting)
    monkeypatch.setattr(batch_scan, "POOL_MIN_FILES", 10)
    monkeypatch.setattr(batch_scan.os, "cpu_count", lambda: 2)
    pooled, _ = scan_files([str(tmp_path)], Settings())  # workers chosen by the walk's size
    assert started == [2]
    assert [f.source.path for f in pooled] == [f.source.path for f in serial]
    assert [f.references for f in pooled] == [f.references for f in serial]


def test_a_pool_that_dies_after_taking_files_loses_none_of_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures
    from concurrent.futures.process import BrokenProcessPool

    _tree_of_calls(tmp_path, 30)
    for i in range(20):  # enough modules defining an imported name that the second pass goes to the pool too
        (tmp_path / f"names{i}.py").write_text(f'CHAT = "gpt-4.1-mini-{i}"\n')
        (tmp_path / f"use{i}.py").write_text(f"from names{i} import CHAT\n" + CALL.replace('"{model}"', "CHAT"))
    serial, _ = scan_files([str(tmp_path)], Settings(), workers=1)

    class Dying:
        def __init__(self, **kw: Any) -> None:
            pass

        def __enter__(self) -> Dying:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

        def map(self, fn: Any, items: Any, chunksize: int = 1) -> list[Any]:
            for _ in range(12):  # takes some files off the walk, then its processes die
                next(iter(items))
            raise BrokenProcessPool("a worker died")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Dying)
    pooled, _ = scan_files([str(tmp_path)], Settings(), workers=2)
    assert [f.source.path for f in pooled] == [f.source.path for f in serial]
    assert [f.references for f in pooled] == [f.references for f in serial]
    defining = [(r.model, len(r.used_in)) for f in pooled if "names" in f.source.path for r in f.references]
    assert sorted(defining) == sorted((f"gpt-4.1-mini-{i}", 1) for i in range(20))


def test_a_walk_that_fails_under_the_pool_is_not_taken_for_a_dead_pool() -> None:
    def walk() -> Iterator[int]:
        yield from range(5)
        raise OSError("the disk went away")

    with pytest.raises(OSError, match="the disk went away"):
        batch_scan._map(abs, walk(), 2, 1)


def test_cross_file_constants_come_out_the_same_when_the_second_pass_runs_in_the_pool(tmp_path: Path) -> None:
    (tmp_path / "names.py").write_text('CHAT = "gpt-4.1-mini"\n')
    for i in range(24):  # enough files naming CHAT that the second pass goes to the pool
        (tmp_path / f"use{i}.py").write_text(
            "from openai import OpenAI\nfrom names import CHAT\n\nOpenAI().chat.completions.create(model=CHAT)\n"
        )
    serial, _ = scan_files([str(tmp_path)], Settings(), workers=1)
    pooled, _ = scan_files([str(tmp_path)], Settings(), workers=2)
    assert [f.references for f in pooled] == [f.references for f in serial]
    defining = next(f for f in pooled if f.source.path.endswith("names.py"))
    assert [(r.model, len(r.used_in)) for r in defining.references] == [("gpt-4.1-mini", 24)]


def test_a_data_sized_yaml_in_a_folder_is_skipped_with_a_note_and_read_when_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "openapi.yml"
    spec.write_text("model: gpt-4o\n" + "".join(f"key{i}: value {i}\n" for i in range(80_000)))
    _, doc = check_json(capsys, str(tmp_path))
    assert doc["references"] == []
    assert any("openapi.yml: skipped" in n and "data file" in n for n in doc["notes"])
    _, doc = check_json(capsys, str(spec))
    assert models(doc) == {"openapi.yml": "gpt-4o"}


def test_a_walked_file_crosses_to_the_pool_as_plain_text(tmp_path: Path) -> None:
    import pickle

    (tmp_path / "a.py").write_text(CALL.format(model="gpt-4.1"))
    [found] = walk.iter_files([str(tmp_path)])
    assert b"pathlib" not in pickle.dumps(found)  # no path object to build and rebuild per file
    assert found.path == tmp_path / "a.py" and found.fs == str(tmp_path / "a.py")


@pytest.mark.parametrize("given", [".", "./", "tree", "tree/", "./tree//", "tree/../tree", "tree/sub/..", "ABS"])
def test_walked_files_are_shown_joined_to_the_path_as_given_and_normalised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    tree = tmp_path / "tree"
    for rel in ["a.py", "sub/b.py", "sub/deeper/c.ts", "z/d.py"]:
        (tree / rel).parent.mkdir(parents=True, exist_ok=True)
        (tree / rel).write_text("x = 1\n")
    monkeypatch.chdir(tree if given in (".", "./") else tmp_path)
    given = str(tree) if given == "ABS" else given
    base = "." if given in (".", "./") else given
    shown = [f.display for f in walk.iter_files([given])]
    expected = [os.path.normpath(os.path.join(base, rel)) for rel in ["a.py", "sub/b.py", "sub/deeper/c.ts", "z/d.py"]]
    assert shown == expected
    assert all(Path(f.fs).is_file() for f in walk.iter_files([given]))


def test_the_projects_ignore_paths_skip_files_and_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".openai-access.toml").write_text('ignore-paths = ["vendor/", "gen/*_pb2.py"]\n')
    files = {"app.py": "gpt-4.1", "vendor/lib.py": "gpt-4o", "gen/x_pb2.py": "gpt-4o", "gen/y.py": "o3"}
    for rel, model in files.items():
        (tmp_path / rel).parent.mkdir(exist_ok=True)
        (tmp_path / rel).write_text(CALL.format(model=model))
    monkeypatch.chdir(tmp_path)
    _, doc = check_json(capsys, ".", "--no-cache")
    assert models(doc) == {"app.py": "gpt-4.1", "y.py": "o3"}
    (tmp_path / ".openai-access.toml").write_text("")
    _, doc = check_json(capsys, ".", "--no-cache")
    assert set(models(doc)) == {"app.py", "lib.py", "x_pb2.py", "y.py"}
