"""``check`` collects garbage at the batch pace while it runs, and leaves the collector as it found it."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from openai_access import batch_gc
from openai_access.cli import main
from openai_access.commands import check

CALL = 'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4.1")\n'
BATCH = (batch_gc.YOUNG, batch_gc.OLDER, batch_gc.OLDER)


def test_the_run_collects_at_the_batch_pace_then_restores_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "app.py").write_text(CALL)
    during: list[tuple[int, int, int]] = []
    scan = check.scan_files

    def watching(*args: Any, **kwargs: Any) -> Any:
        during.append(gc.get_threshold())
        return scan(*args, **kwargs)

    monkeypatch.setattr(check, "scan_files", watching)
    before = gc.get_threshold()
    assert before != BATCH
    code = main(["check", str(tmp_path), "--format", "json", "--probe", "off", "--no-cache", "--today", "2026-11-22"])
    assert code == 0, capsys.readouterr().err
    assert '"model": "gpt-4.1"' in capsys.readouterr().out
    assert during == [BATCH]
    assert gc.get_threshold() == before


def test_a_run_that_fails_still_restores_the_collector(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "app.py").write_text(CALL)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("scan failed")

    monkeypatch.setattr(check, "scan_files", broken)
    before = gc.get_threshold()
    with pytest.raises(RuntimeError):
        main(["check", str(tmp_path), "--format", "json", "--probe", "off", "--no-cache"])
    assert gc.get_threshold() == before


def test_the_heap_is_left_out_of_the_last_collection_when_the_process_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import atexit

    (tmp_path / "app.py").write_text(CALL)
    at_exit: list[object] = []
    monkeypatch.setattr(batch_gc, "_freeze_at_exit", [])
    monkeypatch.setattr(atexit, "register", at_exit.append)
    frozen = gc.get_freeze_count()
    for _ in range(2):  # a process that checks twice asks once
        main(["check", str(tmp_path), "--format", "json", "--probe", "off", "--no-cache"])
    assert at_exit == [gc.freeze]
    assert gc.get_freeze_count() == frozen  # nothing is frozen before the process ends
