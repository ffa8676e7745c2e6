"""Inline ignore comments: parsed only from real comments, written in each language's syntax."""

from __future__ import annotations

import pytest

from openai_access.references import Position
from openai_access.scan import scan_text
from openai_access.scan.comments import comment_lines_with
from openai_access.suppress import MARKER, Suppressions, ignore_comment_edit


def apply(text: str, edit: tuple[Position, str] | None) -> str:
    assert edit is not None
    pos, insert = edit
    lines = text.split("\n")
    line = lines[pos.line]
    lines[pos.line] = line[: pos.character] + insert + line[pos.character :]
    return "\n".join(lines)


PY = '''\
a = "gpt-4o"  # openai-access: ignore
b = "gpt-4o"  # openai-access: ignore[deprecated]
c = "gpt-4o"  # openai-access: ignore[deprecated, unknown]
d = "# openai-access: ignore"
e = """
# openai-access: ignore
"""
f = "gpt-4o"  # plain comment
g = 'it''s'  # note: openai-access: ignore [retired]
'''


def test_python_inline_directives() -> None:
    s = Suppressions.parse(PY, "python")
    assert not s.file_ignored
    assert s.is_ignored(0, "deprecated") and s.is_ignored(0, "blocked")
    assert s.is_ignored(1, "deprecated") and not s.is_ignored(1, "unknown")
    assert s.is_ignored(2, "unknown") and s.is_ignored(2, "deprecated") and not s.is_ignored(2, "retired")
    assert s.is_ignored(8, "retired") and not s.is_ignored(8, "deprecated")


def test_directives_inside_strings_do_not_count() -> None:
    s = Suppressions.parse(PY, "python")
    assert not s.is_ignored(3, "deprecated")  # in a one-line string
    assert not s.is_ignored(5, "deprecated")  # in a triple-quoted string
    assert not s.is_ignored(7, "deprecated")  # an ordinary comment


def test_ignore_file_anywhere_but_only_in_a_comment() -> None:
    assert Suppressions.parse("x = 1\n\n# openai-access: ignore-file\n", "python").file_ignored
    assert not Suppressions.parse('x = "# openai-access: ignore-file"\n', "python").file_ignored
    js = 'const m = "gpt-4o";\n/* openai-access: ignore-file */\n'
    assert Suppressions.parse(js, "typescript").file_ignored
    assert Suppressions.parse(js, "typescript").is_ignored(0, "unknown")


JS = (
    'const a = "gpt-4o"; // openai-access: ignore[unknown]\n'
    'const b = "// openai-access: ignore";\n'
    "const c = `\n// openai-access: ignore\n`;\n"
    'const d = "gpt-4o"; /* openai-access: ignore */ call(d);\n'
    "const e = 'x' # openai-access: ignore\n"
)


def test_javascript_comments_strings_and_templates() -> None:
    s = Suppressions.parse(JS, "javascript")
    assert s.is_ignored(0, "unknown") and not s.is_ignored(0, "retired")
    assert not s.is_ignored(1, "unknown")
    assert not s.is_ignored(3, "unknown")  # inside a template literal
    assert s.is_ignored(5, "retired")
    assert not s.is_ignored(6, "retired")  # '#' is not a JS comment


def test_yaml_and_dotenv_need_whitespace_before_hash() -> None:
    yaml = (
        "model: gpt-4o  # openai-access: ignore\n"
        "url: http://x/#openai-access: ignore\n"
        "note: 'say # openai-access: ignore'\n"
        "other: it's # openai-access: ignore[deprecated]\n"
    )
    s = Suppressions.parse(yaml, "yaml")
    assert s.is_ignored(0, "retired")
    assert not s.is_ignored(1, "retired") and not s.is_ignored(2, "retired")
    assert s.is_ignored(3, "deprecated")
    env = 'OPENAI_MODEL=gpt-4o # openai-access: ignore\nX="a # openai-access: ignore"\nY=a#openai-access: ignore\n'
    s = Suppressions.parse(env, "dotenv")
    assert s.is_ignored(0, "unknown") and not s.is_ignored(1, "unknown") and not s.is_ignored(2, "unknown")


def test_toml_and_json() -> None:
    toml = 'model = "gpt-4o"  # openai-access: ignore\nx = "# openai-access: ignore"\n'
    s = Suppressions.parse(toml, "toml")
    assert s.is_ignored(0, "unknown") and not s.is_ignored(1, "unknown")
    jsonc = '{"model": "gpt-4o", // openai-access: ignore\n "m": "// openai-access: ignore"}'
    s = Suppressions.parse(jsonc, "json")
    assert s.is_ignored(0, "unknown") and not s.is_ignored(1, "unknown")


@pytest.mark.parametrize("text", ["", "\x00\xff", "# openai-access: ignore[", "/* openai-access: ignore", "'''"])
@pytest.mark.parametrize("language", ["python", "javascript", "yaml", "toml", "dotenv", "json", "rust"])
def test_parse_never_raises(text: str, language: str) -> None:
    Suppressions.parse(text, language)
    ignore_comment_edit(text, language, 0, "deprecated")


# --- edits ---


@pytest.mark.parametrize(
    ("language", "line", "expected"),
    [
        ("python", 'x = "gpt-4o"', 'x = "gpt-4o"  # openai-access: ignore[deprecated]'),
        ("notebook", 'x = "gpt-4o"', 'x = "gpt-4o"  # openai-access: ignore[deprecated]'),
        ("yaml", "model: gpt-4o", "model: gpt-4o  # openai-access: ignore[deprecated]"),
        ("toml", 'model = "gpt-4o"', 'model = "gpt-4o"  # openai-access: ignore[deprecated]'),
        ("dotenv", "OPENAI_MODEL=gpt-4o", "OPENAI_MODEL=gpt-4o  # openai-access: ignore[deprecated]"),
        ("javascript", 'm = "gpt-4o";', 'm = "gpt-4o"; // openai-access: ignore[deprecated]'),
        ("typescript", 'm = "gpt-4o";', 'm = "gpt-4o"; // openai-access: ignore[deprecated]'),
        ("tsx", 'm = "gpt-4o";', 'm = "gpt-4o"; // openai-access: ignore[deprecated]'),
    ],
)
def test_edit_adds_a_comment_in_the_language_syntax(language: str, line: str, expected: str) -> None:
    text = "first = 1\n" + line + "\nlast = 2\n"
    edit = ignore_comment_edit(text, language, 1, "deprecated")
    after = apply(text, edit)
    assert after.split("\n")[1] == expected
    assert Suppressions.parse(after, language).is_ignored(1, "deprecated")
    assert not Suppressions.parse(after, language).is_ignored(1, "unknown")


def test_edit_for_every_status_and_position_in_code_points() -> None:
    text = 'x = "ñandú gpt-4o"'
    pos, insert = ignore_comment_edit(text, "python", 0, None) or (None, "")
    assert pos == Position(0, len(text)) and insert == "  # openai-access: ignore"


def test_edit_extends_an_existing_list_instead_of_adding_a_second_comment() -> None:
    text = 'x = "gpt-4o"  # openai-access: ignore[deprecated]\n'
    after = apply(text, ignore_comment_edit(text, "python", 0, "unknown"))
    assert after == 'x = "gpt-4o"  # openai-access: ignore[deprecated, unknown]\n'
    assert after.count("openai-access") == 1
    js = 'm("gpt-4o") // openai-access: ignore[retired]'
    assert apply(js, ignore_comment_edit(js, "javascript", 0, "unknown")).endswith("ignore[retired, unknown]")


def test_edit_returns_none_when_already_silenced_or_unsafe() -> None:
    assert ignore_comment_edit('x = "gpt-4o"  # openai-access: ignore\n', "python", 0, "unknown") is None
    assert ignore_comment_edit('x = "a"  # openai-access: ignore[unknown]', "python", 0, "unknown") is None
    assert ignore_comment_edit('{"model": "gpt-4o"}', "json", 0, "unknown") is None
    assert ignore_comment_edit('x = "gpt-4o"', "python", 5, "unknown") is None
    assert ignore_comment_edit('x = "gpt-4o" \\\n  + "y"', "python", 0, "unknown") is None
    assert ignore_comment_edit('x = """gpt-4o\n"""', "python", 0, "unknown") is None
    assert ignore_comment_edit("m = `gpt-4o\n`", "javascript", 0, "unknown") is None


def test_edit_after_an_existing_comment_still_parses_as_a_directive() -> None:
    text = 'x = "gpt-4o"  # the default model'
    after = apply(text, ignore_comment_edit(text, "python", 0, "deprecated"))
    assert Suppressions.parse(after, "python").is_ignored(0, "deprecated")


def test_crlf_line_keeps_its_carriage_return_last() -> None:
    text = 'x = "gpt-4o"\r\ny = 1\r\n'
    after = apply(text, ignore_comment_edit(text, "python", 0, "unknown"))
    assert after.split("\n")[0] == 'x = "gpt-4o"  # openai-access: ignore[unknown]\r'


BLOCK_JS = 'const m = "gpt-4o";\n/*\n * openai-access: ignore-file\n */\nconst s = "/* openai-access: ignore */";\n'


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (PY, "python"),
        (JS, "javascript"),
        (JS, "typescript"),
        (BLOCK_JS, "tsx"),
        (BLOCK_JS.replace("-file", ""), "javascript"),
    ],
)
def test_the_tree_of_a_keystrokes_scan_and_the_lexer_silence_the_same_lines(text: str, language: str) -> None:
    """In the editor the comments come from the tree the scan just parsed; in a batch run, from
    the lexer. Both must silence exactly the same findings."""
    lexed = Suppressions.parse(text, language)
    assert comment_lines_with(text + " ", language, MARKER) is None  # no tree of that text: lexed
    scan_text(text, language)  # a keystroke's scan leaves the tree of this very text at hand
    assert comment_lines_with(text, language, MARKER) is not None
    from_tree = Suppressions.parse(text, language)
    assert from_tree.file_ignored == lexed.file_ignored
    for line in range(text.count("\n") + 1):
        for status in ("deprecated", "unknown", "retired", "blocked"):
            assert from_tree.is_ignored(line, status) == lexed.is_ignored(line, status), (line, status)
