"""The repository's settings file: found by walking up, merged, problems named, key safe."""

from __future__ import annotations

from pathlib import Path

from openai_access.project_config import find_project_file, load_project_settings
from openai_access.references import Surface
from openai_access.settings import ProbeMode, Settings
from openai_access.statuses import Severity, Status


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


PYPROJECT = """\
[project]
name = "demo"

[tool.ruff]
line-length = 100

[tool.openai-access]
probe = "list"
paid-probes = false
ignore-models = ["gpt-4o-mini", "ft:*"]
calls = ["ask", { callee = "llm.embed", keyword = "model_id", surface = "embeddings" }]

[tool.openai-access.severity]
deprecated = "error"
may-need-verification = "off"
"""


def test_pyproject_table_found_from_a_nested_file_and_merged(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    cfg = write(tmp_path / "pyproject.toml", PYPROJECT)
    source = write(tmp_path / "src" / "app" / "main.py", "x = 1\n")
    loaded = load_project_settings(source)
    assert loaded.path == cfg
    assert loaded.problems == ()
    s = loaded.settings
    assert s.probe is ProbeMode.LIST
    assert s.paid_probes is False
    assert s.ignore_models == ("gpt-4o-mini", "ft:*")
    assert s.severity == {Status.DEPRECATED: Severity.ERROR, Status.MAY_NEED_VERIFICATION: None}
    assert [(c.callee, c.keyword, c.surface) for c in s.extra_calls] == [
        ("ask", "model", Surface.UNKNOWN),
        ("llm.embed", "model_id", Surface.EMBEDDINGS),
    ]


def test_dedicated_file_wins_and_uses_top_level_keys(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", PYPROJECT)
    dedicated = write(tmp_path / ".openai-access.toml", 'probe = "off"\nignore-models = "gpt-4"\n')
    loaded = load_project_settings(tmp_path)
    assert loaded.path == dedicated
    assert loaded.settings.probe is ProbeMode.OFF
    assert loaded.settings.ignore_models == ("gpt-4",)
    assert loaded.settings.paid_probes is True  # pyproject's table is not read as well


def test_pyproject_without_our_table_is_passed_over(tmp_path: Path) -> None:
    outer = write(tmp_path / ".openai-access.toml", 'probe = "off"\n')
    write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "x"\n')
    loaded = load_project_settings(tmp_path / "pkg")
    assert loaded.path == outer and loaded.settings.probe is ProbeMode.OFF


def test_walk_stops_at_the_repository_top_and_at_root(tmp_path: Path) -> None:
    write(tmp_path / ".openai-access.toml", 'probe = "off"\n')
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    assert find_project_file(repo / "a" / "b.py") is None
    other = tmp_path / "other" / "deep"
    other.mkdir(parents=True)
    assert find_project_file(other, root=tmp_path / "other") is None
    assert find_project_file(other) == tmp_path / ".openai-access.toml"


def test_no_file_gives_the_base_settings(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    base = Settings(debounce_ms=99)
    loaded = load_project_settings(tmp_path / "missing.py", base)
    assert loaded.settings is base and loaded.problems == () and loaded.path is None


def test_bad_values_are_named_and_the_rest_applies(tmp_path: Path) -> None:
    write(
        tmp_path / ".openai-access.toml",
        'probe = "sometimes"\npaid-probes = "yes"\ncolour = "blue"\nignore-models = ["gpt-4"]\n'
        '[severity]\nunknown = "loud"\n',
    )
    loaded = load_project_settings(tmp_path)
    assert loaded.settings.probe is ProbeMode.AUTO
    assert loaded.settings.paid_probes is True
    assert loaded.settings.ignore_models == ("gpt-4",)
    text = "\n".join(loaded.problems)
    assert len(loaded.problems) == 4
    assert all(p.startswith(".openai-access.toml: ") for p in loaded.problems)
    for key in ("probe", "paid-probes", "colour", "loud"):
        assert key in text


def test_repository_may_not_choose_where_the_key_goes(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[tool.openai-access]\nbase-url = "https://evil.example/v1"\norganization = "org-x"\n'
        'project = "proj_x"\napi-key = "sk-test-FAKE0000"\nworkspaceTrusted = true\n',
    )
    loaded = load_project_settings(tmp_path)
    s = loaded.settings
    assert (s.base_url, s.organization, s.project) == (None, None, None)
    assert len(loaded.problems) == 5
    assert "sk-test-FAKE0000" not in "\n".join(loaded.problems)
    assert any("base-url" in p and "may not" in p for p in loaded.problems)


def test_invalid_toml_names_the_file_and_line_and_keeps_defaults(tmp_path: Path) -> None:
    cfg = write(tmp_path / "pyproject.toml", '[tool.openai-access]\nprobe = "off"\nignore-models = [\n')
    loaded = load_project_settings(tmp_path, Settings(debounce_ms=7))
    assert loaded.path == cfg  # still watched, so fixing it reloads
    assert loaded.settings == Settings(debounce_ms=7)
    (problem,) = loaded.problems
    assert problem.startswith("pyproject.toml: not valid TOML")
    assert "line 3" in problem  # the unclosed list runs to the end of the file


def test_invalid_toml_mid_file_names_its_line(tmp_path: Path) -> None:
    write(tmp_path / ".openai-access.toml", 'probe = "off"\n\nseverity = = 2\ndebounce-ms = 1\n')
    (problem,) = load_project_settings(tmp_path).problems
    assert problem.startswith(".openai-access.toml: not valid TOML")
    assert "line 3" in problem


def test_unrelated_broken_pyproject_is_not_our_problem(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "pyproject.toml", "[project\nname = \n")
    loaded = load_project_settings(tmp_path)
    assert loaded.path is None and loaded.problems == ()


def test_table_of_the_wrong_type_and_unreadable_bytes(tmp_path: Path) -> None:
    write(tmp_path / "a" / "pyproject.toml", '[tool]\n"openai-access" = 3\n[tool.openai-access.x]\n')
    write(tmp_path / "b" / ".openai-access.toml", "")
    (tmp_path / "b" / ".openai-access.toml").write_bytes(b"probe = '\xff'\n")
    (a_problem,) = load_project_settings(tmp_path / "a").problems
    assert a_problem.startswith("pyproject.toml: ")
    (b_problem,) = load_project_settings(tmp_path / "b").problems
    assert "UTF-8" in b_problem
