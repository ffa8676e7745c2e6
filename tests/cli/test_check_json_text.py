"""The JSON document writes text as it is (UTF-8, not \\u escapes) and columns in UTF-16 units, line by line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from openai_access.cli import main

CALL = 'from openai import OpenAI\n{pad}OpenAI().chat.completions.create(model="{model}")\n'


def test_paths_stay_readable_and_columns_count_utf16_units(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "café"
    folder.mkdir()
    (folder / "a.py").write_text(CALL.format(pad='x = "🚀é"; ', model="gpt-4.1"), encoding="utf-8")
    (folder / "b.py").write_text(CALL.format(pad="", model="gpt-4.1"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["check", "café", "--format", "json", "--probe", "off", "--no-cache", "--today", "2026-11-22"])
    out = capsys.readouterr().out
    assert code == 0
    assert '"path": "café/a.py"' in out and "\\u00e9" not in out  # as written, not escaped
    lines = out.split("\n")
    assert [line.startswith('    {"path": "café/') for line in lines].count(True) == 2  # one reference a line
    refs = {r["path"]: r["range"] for r in json.loads(out)["references"]}
    start_b = refs["café/b.py"]["start"]["character"]
    # a.py's line has 'x = "🚀é"; ' (10 code points, 11 UTF-16 units) before the same call.
    assert refs["café/a.py"]["start"] == {"line": 1, "character": start_b + 11}
    assert refs["café/a.py"]["end"]["character"] - refs["café/a.py"]["start"]["character"] == len("gpt-4.1")
