"""The shipped examples show each status, and the non-OpenAI models in them stay silent."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from openai_access.cli import main
from openai_access.references import Target
from openai_access.scan.config_files import scan_config
from openai_access.scan.notebook import scan_notebook

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CONFIGS = {
    ".env": "dotenv",
    "settings.yaml": "yaml",
    "litellm_config.yaml": "yaml",
    "app.toml": "toml",
    "models.json": "json",
}
SILENT = {"llama3.1:8b", "claude-sonnet-4-5", "qwen2.5:14b", "llama3.1"}


@pytest.mark.parametrize(("name", "language"), sorted(CONFIGS.items()))
def test_config_examples_skip_other_providers(name: str, language: str) -> None:
    refs = scan_config((EXAMPLES / "config" / name).read_text(encoding="utf-8"), language)
    assert len(refs) >= 4
    assert not SILENT & {r.model for r in refs if r.target is Target.OPENAI}


def test_notebook_example_resolves_the_constant_across_cells() -> None:
    refs = scan_notebook((EXAMPLES / "notebooks" / "quickstart.ipynb").read_text(encoding="utf-8"))
    chat = next(r for r in refs if r.model == "gpt-4o")
    assert chat.cell == 2 and chat.via_note == "used as the model in cell 5, line 2"
    assert {r.model for r in refs if r.target is Target.OPENAI} == {
        "gpt-4o",
        "text-embedding-3-small",
        "gpt-5.5",
        "gpt-3.5-turbo",
        "gpt-5.4-mnii",
    }


def test_examples_show_every_lifecycle_status(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(EXAMPLES / "config" / n) for n in CONFIGS] + [str(EXAMPLES / "notebooks" / "quickstart.ipynb")]
    main(["check", "--probe", "off", "--format", "json", "--today", "2026-11-22", *paths])
    out = json.loads(capsys.readouterr().out)
    by_file: dict[str, set[str]] = {}
    for ref in out["references"]:
        if ref["severity"] is not None or ref["status"] == "unverified":
            by_file.setdefault(Path(ref["path"]).name, set()).add(ref["status"])
        assert ref["model"] not in SILENT or ref["status"] == "not-openai"
    for name in [*CONFIGS, "quickstart.ipynb"]:
        assert {"deprecated", "retired", "unknown", "unverified"} <= by_file[name], name


def test_examples_are_committed_not_ignored() -> None:
    files = [EXAMPLES / "config" / n for n in CONFIGS] + [EXAMPLES / "notebooks" / "quickstart.ipynb"]
    try:
        result = subprocess.run(["git", "check-ignore", *map(str, files)], cwd=EXAMPLES, capture_output=True, text=True)
    except OSError:
        pytest.skip("git is not available")
    if result.returncode == 128:
        pytest.skip("not a git checkout")
    assert result.stdout == ""
