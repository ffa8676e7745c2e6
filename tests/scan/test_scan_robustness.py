"""Whatever the editor holds, scanning never raises: it runs on every keystroke."""

from __future__ import annotations

import random

import pytest

from openai_access.scan import language_for_id, language_for_path, scan_document, scan_text

SOURCE_LANGUAGES = ["python", "javascript", "typescript", "tsx"]
ALL_LANGUAGES = [*SOURCE_LANGUAGES, "dotenv", "yaml", "toml", "json", "notebook", "cobol"]

GARBAGE = [
    "",
    "\n\n\n",
    "\x00\x01\x02\xff\xfe" * 200,
    "\ud800 lone surrogate \udfff model='gpt-4o'",
    "(" * 100_000,
    "[" * 100_000,
    "{" * 100_000,
    "a" + ".a" * 20_000 + '(model="gpt-4o")',
    "x = " + " if c else ".join(['"gpt-4o"'] * 2000),
    "model=" * 5_000,
    "client.chat.completions.create(model=" * 2_000,
    "create({model: " * 2_000,
    '"""' + "unterminated docstring " * 1000,
    "`${" * 5000,
    "def f(:\n  return client.chat.completions.create(model=\n",
]


@pytest.mark.parametrize("language", ALL_LANGUAGES)
@pytest.mark.parametrize("text", GARBAGE, ids=[f"garbage{i}" for i in range(len(GARBAGE))])
def test_garbage_never_raises(text: str, language: str) -> None:
    refs = scan_text(text, language)
    assert isinstance(refs, list)
    result = scan_document(text, language)
    assert isinstance(result.references, list)


@pytest.mark.parametrize("language", SOURCE_LANGUAGES)
def test_random_bytes_never_raise(language: str) -> None:
    rng = random.Random(1234)
    for _ in range(30):
        blob = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000)))
        scan_text(blob.decode("latin-1"), language)
        scan_text(blob.decode("utf-8", "replace"), language)


def test_ten_megabytes_still_finds_the_call_at_the_end() -> None:
    filler = "x = compute(1, 2)  # filler line with ünïcode\n" * 230_000
    text = filler + 'client.chat.completions.create(model="gpt-4o")\n'
    assert len(text) > 10_000_000
    (ref,) = scan_text(text, "python")
    assert ref.model == "gpt-4o"
    assert ref.range.start.line == 230_000
    assert ref.range.start.character == len('client.chat.completions.create(model="')


def test_crlf_and_tabs_keep_columns() -> None:
    text = 'import os\r\n\tclient.chat.completions.create(model="gpt-4o")\r\n'
    (ref,) = scan_text(text, "python")
    assert (ref.range.start.line, ref.range.start.character) == (1, 39)


def test_astral_characters_count_as_one_code_point() -> None:
    text = 'x = "😀😀"; client.chat.completions.create(model="gpt-4o")'
    (ref,) = scan_text(text, "python")
    assert ref.range.start.character == text.index("gpt-4o")
    js = 'const s = "😀"; await client.chat.completions.create({ model: "gpt-4o" });'
    (ref,) = scan_text(js, "typescript")
    assert ref.range.start.character == js.index("gpt-4o")


def test_unknown_language_gives_nothing() -> None:
    assert scan_text('client.chat.completions.create(model="gpt-4o")', "cobol") == []


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("app/main.py", "python"),
        ("stubs/x.pyi", "python"),
        ("web/index.js", "javascript"),
        ("web/x.mjs", "javascript"),
        ("web/x.cjs", "javascript"),
        ("web/App.jsx", "javascript"),
        ("src/a.ts", "typescript"),
        ("src/a.mts", "typescript"),
        ("src/a.cts", "typescript"),
        ("src/App.tsx", "tsx"),
        (".env", "dotenv"),
        ("deploy/.env.production", "dotenv"),
        ("local.env", "dotenv"),
        ("config.yaml", "yaml"),
        ("ci.yml", "yaml"),
        ("pyproject.toml", "toml"),
        ("package.json", "json"),
        ("nb/analysis.ipynb", "notebook"),
        ("C:\\proj\\APP.PY", "python"),
        ("README.md", None),
        ("Makefile", None),
        ("environment", None),
    ],
)
def test_language_for_path(path: str, language: str | None) -> None:
    assert language_for_path(path) == language


@pytest.mark.parametrize(
    ("language_id", "language"),
    [
        ("python", "python"),
        ("javascript", "javascript"),
        ("javascriptreact", "javascript"),
        ("typescript", "typescript"),
        ("typescriptreact", "tsx"),
        ("yaml", "yaml"),
        ("toml", "toml"),
        ("json", "json"),
        ("jsonc", "json"),
        ("dotenv", "dotenv"),
        ("properties", "dotenv"),
        ("jupyter", "notebook"),
        ("rust", None),
        ("", None),
    ],
)
def test_language_for_id(language_id: str, language: str | None) -> None:
    assert language_for_id(language_id) == language


@pytest.mark.parametrize("language", ["python", "typescript"])
def test_a_model_passed_down_four_layers_of_helpers_reaches_the_call(language: str) -> None:
    """Each helper passes its parameter on from ten places: the literal at the top is still found once.

    (Callers' arguments are memoized per scan; a real 3,504-line openai-node test file went from
    minutes to about a second. That figure lives in bench/corpus, not in a timed test.)
    """
    if language == "python":
        lines = ["from openai import OpenAI", "def h0(m):", "    OpenAI().chat.completions.create(model=m)"]
        for i in range(1, 5):
            lines += [f"def h{i}(m):", *[f"    h{i - 1}(m)" for _ in range(10)]]
        lines += ['h4("gpt-4o")']
    else:
        lines = [
            "import OpenAI from 'openai';",
            "function h0(m) { new OpenAI().chat.completions.create({ model: m }); }",
        ]
        for i in range(1, 5):
            lines += [f"function h{i}(m) {{ " + " ".join(f"h{i - 1}(m);" for _ in range(10)) + " }"]
        lines += ['h4("gpt-4o");']
    refs = [r for r in scan_text("\n".join(lines), language) if r.found == "call"]
    assert [(r.model, r.range.start.line) for r in refs] == [("gpt-4o", len(lines) - 1)]


def test_a_dict_updated_with_its_own_spread_is_scanned() -> None:
    """openai-python's lib/_pydantic.py: ``json_schema.update({**resolved, **json_schema})`` used to recurse forever."""
    text = (
        "from openai import OpenAI\n"
        'params = {"model": "gpt-4o"}\n'
        'params.update({**params, "temperature": 0})\n'
        "OpenAI().chat.completions.create(**params)\n"
    )
    result = scan_document(text, "python")
    assert result.error is None
    assert [r.model for r in result.references] == ["gpt-4o"]
