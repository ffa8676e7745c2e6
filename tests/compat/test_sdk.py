# ruff: noqa: E501  (snippets are data: one realistic line of code per case reads best)
"""SDK-version fit: 0.x shapes under openai>=1 and v1 shapes under <1 (v3/v4 for Node), read from manifests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from openai_access.compat.sdk import declared_openai
from openai_access.statuses import Severity, Status

from .helpers import covered, findings

LEGACY_PY = 'import openai\nr = openai.ChatCompletion.create(model="gpt-4o", messages=[])\n'
V1_PY = 'from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o", messages=[])\n'
LEGACY_JS = (
    'const { Configuration, OpenAIApi } = require("openai");\n'
    "const openai = new OpenAIApi(new Configuration({}));\n"
    'await openai.createChatCompletion({ model: "gpt-4o", messages: [] });\n'
)
V4_JS = 'import OpenAI from "openai";\nconst client = new OpenAI();\nawait client.chat.completions.create({ model: "gpt-4o", messages: [] });\n'


def _write(folder: Path, name: str, text: str, code: str, code_name: str) -> Path:
    (folder / ".git").mkdir(exist_ok=True)  # the repository root: the search stops here
    (folder / name).write_text(text)
    src = folder / "src" / code_name
    src.parent.mkdir(exist_ok=True)
    src.write_text(code)
    return src


def _sdk(path: Path, language: str = "python") -> list[str]:
    return [f.message for f in findings(path.read_text(), language, str(path)) if f.status is Status.SDK_MISMATCH]


@pytest.mark.parametrize(
    ("manifest", "text"),
    [
        ("requirements.txt", "requests\nopenai==1.30.0  # pinned\n"),
        ("requirements-prod.txt", "openai>=1.0,<2\n"),
        ("pyproject.toml", '[project]\nname = "x"\ndependencies = ["openai>=1.2"]\n'),
        ("pyproject.toml", '[tool.poetry.dependencies]\npython = "^3.11"\nopenai = "^1.3"\n'),
        ("uv.lock", 'version = 1\n[[package]]\nname = "openai"\nversion = "1.51.0"\n'),
        ("poetry.lock", '[[package]]\nname = "openai"\nversion = "2.3.0"\n'),
        ("Pipfile.lock", json.dumps({"default": {"openai": {"version": "==1.10.0"}}})),
    ],
)
def test_legacy_call_under_openai_1_is_an_error_at_the_callee(tmp_path: Path, manifest: str, text: str) -> None:
    src = _write(tmp_path, manifest, text, LEGACY_PY, "app.py")
    found = [f for f in findings(src.read_text(), "python", str(src)) if f.status is Status.SDK_MISMATCH]
    assert len(found) == 1
    f = found[0]
    assert f.severity is Severity.ERROR and covered(src.read_text(), f) == "openai.ChatCompletion.create"
    assert manifest in f.message and "openai migrate" in f.message and "client.chat.completions.create" in f.message
    assert _sdk(_write(tmp_path, manifest, text, V1_PY, "v1.py")) == []


@pytest.mark.parametrize("text", ["openai==0.28.1\n", "openai<1\n", "openai~=0.27.0\n"])
def test_v1_call_under_openai_0_is_an_error(tmp_path: Path, text: str) -> None:
    src = _write(tmp_path, "requirements.txt", text, V1_PY, "app.py")
    [msg] = _sdk(src)
    assert msg.startswith("client.chat.completions.create needs openai>=1.0")
    assert _sdk(_write(tmp_path, "requirements.txt", text, LEGACY_PY, "old.py")) == []


@pytest.mark.parametrize("text", ["openai\n", "openai>=0.27\n", "openai-agents==0.4\n", "flask\n"])
def test_no_decided_version_says_nothing(tmp_path: Path, text: str) -> None:
    assert _sdk(_write(tmp_path, "requirements.txt", text, LEGACY_PY, "a.py")) == []
    assert _sdk(_write(tmp_path, "requirements.txt", text, V1_PY, "b.py")) == []


def test_no_manifest_says_nothing(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    src = tmp_path / "a.py"
    src.write_text(LEGACY_PY)
    assert _sdk(src) == [] and declared_openai(tmp_path, "python") is None


def test_a_broken_git_link_is_no_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "requirements.txt").write_text("openai==1.30.0\n")
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / ".git").symlink_to(tmp_path / "gone")  # a worktree link whose target was removed
    src = inner / "old.py"
    src.write_text(LEGACY_PY)
    declared = declared_openai(inner, "python")
    assert declared is not None and declared.manifest == "requirements.txt"
    assert _sdk(src)  # the manifest above the broken link still decides


def test_node_v3_call_under_v4_and_v4_call_under_v3(tmp_path: Path) -> None:
    pkg = json.dumps({"dependencies": {"openai": "^4.20.0"}})
    [msg] = _sdk(_write(tmp_path, "package.json", pkg, LEGACY_JS, "a.js"), "javascript")
    assert msg.startswith("openai.createChatCompletion was removed in openai 4.0") and "client.chat.completions" in msg
    assert _sdk(_write(tmp_path, "package.json", pkg, V4_JS, "b.ts"), "typescript") == []

    lock = json.dumps({"packages": {"node_modules/openai": {"version": "3.3.0"}}})
    [msg] = _sdk(_write(tmp_path, "package-lock.json", lock, V4_JS, "c.ts"), "typescript")
    assert msg.startswith("client.chat.completions.create needs openai>=4.0")
    assert "package-lock.json" in msg


def test_lockfile_wins_over_the_manifest_range(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\ndependencies = ["openai"]\n')
    src = _write(tmp_path, "uv.lock", '[[package]]\nname = "openai"\nversion = "0.28.1"\n', V1_PY, "a.py")
    [msg] = _sdk(src)
    assert "uv.lock declares openai ==0.28.1" in msg


def test_legacy_calls_without_a_model_literal_and_not_in_comments(tmp_path: Path) -> None:
    code = (
        "import openai\n"
        "# openai.Completion.create(prompt=...) was the old way\n"
        "def embed(model, text):\n"
        "    return openai.Embedding.create(model=model, input=text)\n"
        "img = openai.Image.create(prompt='a cat')\n"
    )
    src = _write(tmp_path, "requirements.txt", "openai==1.2.0\n", code, "old.py")
    msgs = _sdk(src)
    assert len(msgs) == 2
    assert msgs[0].startswith("openai.Embedding.create was removed") and "client.embeddings.create" in msgs[0]
    assert "client.images.generate" in msgs[1]


@pytest.mark.parametrize(
    ("text", "imports"),
    [
        ("import openai\n", True),
        ("  import openai as oa\n", True),
        ("import os\n\n\t import openai\n", True),
        ("x = 1\r\nimport openai\r\n", True),
        ("\rimport openai\n", True),
        ("\u00a0import openai\n", True),  # any whitespace, as the regular expression's \s
        ("x = 1; import openai\n", False),
        ("x\rimport openai\n", False),
        ("import os, openai\n", False),
        ("import openai_helpers\n", False),
        ("importimport openai\n", False),
        ("# import openai\n", False),
        ('S = "import y; import openai"\n', False),
        ('S = "import y"\nimport y; import openai\n', False),
        ("import y\n" * 3 + "    import openai\n", True),
    ],
)
def test_an_import_openai_statement_is_one_at_the_start_of_a_line(text: str, imports: bool) -> None:
    import re

    from openai_access.compat.sdk import _imports_openai

    assert _imports_openai(text) is imports
    assert (re.search(r"^\s*import\s+openai\b", text, re.M) is not None) is imports  # what it replaced


@pytest.mark.parametrize("order", ["deep first", "shallow first"])
def test_a_batch_memo_answers_each_folder_as_a_fresh_search_does(tmp_path: Path, order: str) -> None:
    from openai_access.compat.sdk import DeclaredMemo

    (tmp_path / ".git").mkdir()
    (tmp_path / "requirements.txt").write_text("openai==0.28.1\n")
    (tmp_path / "svc" / "api" / "v2").mkdir(parents=True)
    (tmp_path / "svc" / "requirements.txt").write_text("openai>=1.2\n")
    (tmp_path / "vendored" / "lib").mkdir(parents=True)
    (tmp_path / "vendored" / ".git").mkdir()  # its own repository: the search stops there
    (tmp_path / "web" / "src").mkdir(parents=True)
    (tmp_path / "web" / "package.json").write_text('{"dependencies": {"openai": "^4.20.0"}}')
    (tmp_path / "linked").symlink_to(tmp_path / "svc" / "api")
    folders = ["svc/api/v2", "svc/api", "linked", "svc", ".", "vendored/lib", "vendored", "web/src", "web"]
    if order == "shallow first":
        folders.reverse()
    memo = DeclaredMemo()
    for language in ("python", "javascript"):  # the same folders asked for both ecosystems
        for rel in folders:
            start = str(tmp_path / rel)
            assert declared_openai(start, language, memo=memo) == declared_openai(start, language), (rel, language)
            web = tmp_path / "web"
            assert declared_openai(start, language, web, memo) == declared_openai(start, language, web), rel
    assert declared_openai(str(tmp_path / "linked"), "python", memo=memo).spec == ">=1.2"  # type: ignore[union-attr]
    assert declared_openai(str(tmp_path / "web" / "src"), "javascript", memo=memo).spec == "^4.20.0"  # type: ignore[union-attr]
    assert declared_openai(str(tmp_path / "web" / "src"), "python", tmp_path / "web", memo) is None
    assert declared_openai(str(tmp_path / "vendored" / "lib"), "python", memo=memo) is None


def test_legacy_calls_at_the_start_of_a_line_are_found_and_one_split_before_its_parenthesis_is_not(
    tmp_path: Path,
) -> None:
    code = (
        "import openai\n"
        "openai.Completion.create(prompt='x')\n"  # the line's first character
        "r = (openai.Moderation.create\n"
        "     (input='y'))\n"  # not read as a call of the 0.x API (its '(' is on the next line)
        "openai.Edit.create(input='z')"  # the file's last line, no newline
    )
    src = _write(tmp_path, "requirements.txt", "openai==1.2.0\n", code, "old.py")
    assert [m.split(" ", 1)[0] for m in _sdk(src)] == ["openai.Completion.create", "openai.Edit.create"]
    js = (
        'const { OpenAIApi } = require("openai");\n'
        "createCompletion({ prompt: 'x' });\n"
        "await openai.createChatCompletion({ messages: [] }); // openai.createEmbedding(...)\n"
    )
    (tmp_path / "package.json").write_text('{"dependencies": {"openai": "^4.20.0"}}')
    (tmp_path / "src" / "old.js").write_text(js)
    assert [m.split(" ", 1)[0] for m in _sdk(tmp_path / "src" / "old.js", "javascript")] == [
        "createCompletion",
        "openai.createChatCompletion",
    ]
