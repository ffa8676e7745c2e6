"""Model settings in .env, YAML, TOML and JSON: found exactly, and only when they are OpenAI's."""

from __future__ import annotations

import pytest

from openai_access.references import ModelReference, Surface, Target
from openai_access.scan import prefilter
from openai_access.scan.config_files import scan_config
from openai_access.scan.options import DEFAULT_OPTIONS


def spans(refs: list[ModelReference]) -> list[tuple[str, int, int, int]]:
    return [(r.model, r.range.start.line, r.range.start.character, r.range.end.character) for r in refs]


def at(text: str, needle: str, occurrence: int = 0) -> tuple[int, int, int]:
    """(line, start, end) of the n-th ``needle`` in ``text``, in code points."""
    offset = -1
    for _ in range(occurrence + 1):
        offset = text.index(needle, offset + 1)
    line = text.count("\n", 0, offset)
    start = offset - (text.rfind("\n", 0, offset) + 1)
    return line, start, start + len(needle)


# --- .env ----------------------------------------------------------------------------------------

DOTENV = """\
# models for the app
OPENAI_MODEL=gpt-4o
export EMBEDDING_MODEL="text-embedding-3-small"  # for search
SUMMARY_MODEL='gpt-4.5-preview'
FALLBACK_MODEL=gpt-4o-mnii   # typo on purpose
ANTHROPIC_MODEL=claude-3-5-sonnet-latest
OLLAMA_MODEL=llama3
DEFAULT_MODEL=llama3.1:8b
AZURE_OPENAI_MODEL=gpt-4o
OPENAI_API_KEY=sk-test-FAKE0000
GREETING=gpt-4o
"""


def test_dotenv_finds_model_keys_with_exact_ranges() -> None:
    refs = scan_config(DOTENV, "dotenv")
    assert spans(refs) == [
        ("gpt-4o", *at(DOTENV, "gpt-4o")),
        ("text-embedding-3-small", *at(DOTENV, "text-embedding-3-small")),
        ("gpt-4.5-preview", *at(DOTENV, "gpt-4.5-preview")),
        ("gpt-4o-mnii", *at(DOTENV, "gpt-4o-mnii")),
        ("gpt-4o", *at(DOTENV, "gpt-4o", 2)),
    ]
    assert spans(refs)[0] == ("gpt-4o", 1, 13, 19)
    assert all(r.client == "config" for r in refs)


def test_dotenv_surface_and_azure_come_from_the_key() -> None:
    refs = scan_config(DOTENV, "dotenv")
    by_model = {(r.model, r.range.start.line): r for r in refs}
    assert by_model[("text-embedding-3-small", 2)].surface is Surface.EMBEDDINGS
    assert by_model[("gpt-4o", 1)].surface is Surface.UNKNOWN
    assert by_model[("gpt-4o", 1)].target is Target.OPENAI
    assert by_model[("gpt-4o", 8)].target is Target.AZURE


def test_dotenv_never_reports_the_key_or_non_model_keys() -> None:
    models = [r.model for r in scan_config(DOTENV, "dotenv")]
    assert not any("sk-" in m for m in models)
    assert "claude-3-5-sonnet-latest" not in models and "llama3" not in models


# --- YAML ----------------------------------------------------------------------------------------

SETTINGS_YAML = """\
app:
  name: demo
  llm:
    model: gpt-4o            # the chat model
    embedding_model: "text-embedding-ada-002"
    fallback_models: [gpt-4.5-preview, 'gpt-4o-mnii']
  local:
    provider: ollama
    model: gpt-oss:20b
  claude:
    model: claude-3-opus
azure:
  deployment: prod-chat
  model: gpt-4o
reviewer:
  api_base: https://myresource.openai.azure.com/
  model: gpt-4.1
"""


def test_yaml_nested_keys_lists_and_exact_columns() -> None:
    refs = scan_config(SETTINGS_YAML, "yaml")
    assert spans(refs) == [
        ("gpt-4o", 3, 11, 17),
        ("text-embedding-ada-002", *at(SETTINGS_YAML, "text-embedding-ada-002")),
        ("gpt-4.5-preview", *at(SETTINGS_YAML, "gpt-4.5-preview")),
        ("gpt-4o-mnii", *at(SETTINGS_YAML, "gpt-4o-mnii")),
        ("gpt-4o", *at(SETTINGS_YAML, "gpt-4o", 2)),
        ("gpt-4.1", *at(SETTINGS_YAML, "gpt-4.1")),
    ]
    targets = [r.target for r in refs]
    assert targets == [Target.OPENAI] * 4 + [Target.AZURE, Target.AZURE]
    assert refs[1].surface is Surface.EMBEDDINGS


def test_yaml_other_providers_stay_silent() -> None:
    models = {r.model for r in scan_config(SETTINGS_YAML, "yaml")}
    assert "gpt-oss:20b" not in models  # served by Ollama here, whatever its name
    assert "claude-3-opus" not in models


LITELLM = """\
model_list:
  - model_name: gpt-4o            # the alias clients ask for
    litellm_params:
      model: openai/gpt-4o
      api_key: os.environ/OPENAI_API_KEY
  - model_name: smart
    litellm_params:
      model: azure/gpt-4o
      api_base: os.environ/AZURE_API_BASE
  - model_name: claude
    litellm_params:
      model: anthropic/claude-3-5-sonnet-20240620
  - model_name: local
    litellm_params:
      model: openai/gpt-4o-mini
      api_base: http://localhost:8000/v1
  - model_name: old
    litellm_params:
      model: "openai/gpt-3.5-turbo"
"""


def test_litellm_model_list_reports_litellm_params_after_the_prefix() -> None:
    refs = scan_config(LITELLM, "yaml")
    assert [(r.model, r.target, r.model_start) for r in refs] == [
        ("gpt-4o", Target.OPENAI, 7),
        ("gpt-4o", Target.AZURE, 6),
        ("gpt-3.5-turbo", Target.OPENAI, 7),
    ]
    line, start, end = at(LITELLM, "openai/gpt-4o")
    assert spans(refs)[0] == ("gpt-4o", line, start, end)  # the whole value, prefix included
    assert spans(refs)[2] == ("gpt-3.5-turbo", *at(LITELLM, "openai/gpt-3.5-turbo"))


PROMPTFOO = """\
prompts:
  - "Say hi to {{name}}"
providers:
  - openai:chat:gpt-4o-mini
  - id: openai:gpt-4.1
    label: main
  - id: openai:embedding:text-embedding-3-small
  - anthropic:messages:claude-3-5-sonnet-20240620
  - gpt-4o
  - file://providers/custom.py
"""


def test_promptfoo_providers_report_openai_ids_after_their_api() -> None:
    refs = scan_config(PROMPTFOO, "yaml")
    assert [(r.model, r.target, r.model_start) for r in refs] == [
        ("gpt-4o-mini", Target.OPENAI, 12),
        ("gpt-4.1", Target.OPENAI, 7),
        ("text-embedding-3-small", Target.OPENAI, 17),
    ]  # a bare id there is promptfoo's to route, another provider's is not ours
    assert spans(refs)[0] == ("gpt-4o-mini", *at(PROMPTFOO, "openai:chat:gpt-4o-mini"))
    assert prefilter.may_hold_reference(PROMPTFOO.replace("model", "").encode(), "yaml", DEFAULT_OPTIONS)


def test_hugging_face_repos_and_editor_assistants_are_not_api_models() -> None:
    text = """\
asr:
  model: openai/whisper-large-v3
vision:
  model_name: openai/clip-vit-base-patch32
meta:
  model: gpt-4o
github:
  copilot:
    model: gpt-4o
"""
    assert spans(scan_config(text, "yaml")) == [("gpt-4o", 5, 9, 15)]
    vscode = '{"github.copilot.chat.model": "gpt-4o", "editor.fontSize": 12}'
    assert scan_config(vscode, "json") == []


def test_kubernetes_and_compose_environment_entries() -> None:
    text = """\
services:
  api:
    environment:
      - OPENAI_MODEL=gpt-4o
      - LOG_LEVEL=debug
---
spec:
  containers:
    - name: app
      env:
        - name: OPENAI_CHAT_MODEL
          value: "o1-preview"
        - name: REGION
          value: gpt-4o
"""
    refs = scan_config(text, "yaml")
    assert spans(refs) == [("gpt-4o", *at(text, "gpt-4o")), ("o1-preview", *at(text, "o1-preview"))]


def test_yaml_anchors_are_reported_once() -> None:
    text = "base: &b\n  model: gpt-4o\nprod:\n  <<: *b\ndev: *b\n"
    assert spans(scan_config(text, "yaml")) == [("gpt-4o", 1, 9, 15)]


def test_broken_yaml_still_finds_block_style_settings() -> None:
    text = "llm:\n  model: gpt-4o\n  temperature: {{ temp }\nmodels:\n- gpt-4.5-preview\n- claude-3\nname: [\n"
    refs = scan_config(text, "yaml")
    assert spans(refs) == [("gpt-4o", 1, 9, 15), ("gpt-4.5-preview", 4, 2, 17)]


# --- TOML ----------------------------------------------------------------------------------------

APP_TOML = """\
title = "demo"  # model = "gpt-4o" in a comment does not count

[llm]
model = "gpt-4o"
embedding-model = 'text-embedding-3-large'
models = [
  "gpt-4.5-preview",  # retired
  "mistral-large",
]
tools = { model = "gpt-4o-mnii", timeout = 3 }

[llm.azure]
model = "gpt-4o"

[[agents]]
name = "writer"
model = "gpt-5"

[[agents]]
name = "local"
provider = "ollama"
model = "gpt-oss:20b"

[tool.openai-access]
ignore-models = ["gpt-4o"]
"""


def test_toml_tables_arrays_inline_tables_and_azure_sections() -> None:
    refs = scan_config(APP_TOML, "toml")
    assert spans(refs) == [
        ("gpt-4o", *at(APP_TOML, "gpt-4o", 1)),
        ("text-embedding-3-large", *at(APP_TOML, "text-embedding-3-large")),
        ("gpt-4.5-preview", *at(APP_TOML, "gpt-4.5-preview")),
        ("gpt-4o-mnii", *at(APP_TOML, "gpt-4o-mnii")),
        ("gpt-4o", *at(APP_TOML, "gpt-4o", 3)),
        ("gpt-5", *at(APP_TOML, "gpt-5")),
    ]
    assert spans(refs)[0] == ("gpt-4o", 3, 9, 15)
    assert refs[1].surface is Surface.EMBEDDINGS
    assert [r.target for r in refs] == [Target.OPENAI] * 4 + [Target.AZURE, Target.OPENAI]


def test_toml_our_own_ignore_list_is_not_a_use() -> None:
    text = '[tool.openai-access]\nignore-models = ["gpt-4o"]\n'
    assert scan_config(text, "toml") == []


def test_broken_toml_keeps_the_readable_statements() -> None:
    text = 'model = "gpt-4o\n[llm\nmodel = "gpt-4.5-preview"\nx = = 3\nchat_model = "o1"\n'
    assert spans(scan_config(text, "toml")) == [("gpt-4.5-preview", 2, 9, 24), ("o1", 4, 14, 16)]


# --- JSON ----------------------------------------------------------------------------------------

MODELS_JSON = """\
{
  "defaultModel": "gpt-4o",
  "models": ["gpt-4.5-preview", "gpt-4o-mnii", "claude-3-haiku"],
  "embeddings": {"model": "text-embedding-3-small"},
  "providers": [
    {"provider": "anthropic", "model": "claude-3-opus"},
    {"provider": "azure", "model": "gpt-4o"},
    {"provider": "openai", "model": "gpt-5"}
  ],
  "description": "model gpt-4o is great"
}
"""


def test_json_keys_lists_and_provider_neighbours() -> None:
    refs = scan_config(MODELS_JSON, "json")
    assert spans(refs) == [
        ("gpt-4o", 1, 19, 25),
        ("gpt-4.5-preview", *at(MODELS_JSON, "gpt-4.5-preview")),
        ("gpt-4o-mnii", *at(MODELS_JSON, "gpt-4o-mnii")),
        ("text-embedding-3-small", *at(MODELS_JSON, "text-embedding-3-small")),
        ("gpt-4o", *at(MODELS_JSON, "gpt-4o", 2)),
        ("gpt-5", *at(MODELS_JSON, "gpt-5")),
    ]
    assert refs[3].surface is Surface.EMBEDDINGS
    assert refs[4].target is Target.AZURE


def test_jsonc_comments_trailing_commas_and_truncation() -> None:
    text = '{\n  // the model\n  "model": "gpt-4o", /* "model": "gpt-5" */\n  "chat": {"model": "o3",},\n  "x": ['
    assert spans(scan_config(text, "json")) == [("gpt-4o", 2, 12, 18), ("o3", 3, 21, 23)]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("json", '{"título": "ñandú 🦙", "model": "gpt-4o"}'),
        ("yaml", "título: ñandú 🦙\nllm: {note: 🦙🦙, model: 'gpt-4o'}\n"),
        ("toml", 'título = "ñandú 🦙"\nllm = { note = "🦙🦙", model = "gpt-4o" }\n'),
        ("dotenv", "TÍTULO=🦙 OPENAI_MODEL=x\nLLM_MODEL=gpt-4o # 🦙\n"),
    ],
)
def test_columns_are_code_points_after_non_ascii_text(language: str, text: str) -> None:
    refs = scan_config(text, language)
    assert [r.model for r in refs] == ["gpt-4o"]
    rng = refs[0].range
    assert text.split("\n")[rng.start.line][rng.start.character : rng.end.character] == "gpt-4o"


# --- never crash ---

GARBAGE = [
    "",
    "\n\n\n",
    "model",
    "model:",
    "model =",
    '{"model": ',
    "[[[[[[[[",
    "{" * 5000 + '"model": "gpt-4o"',
    "model: " + "- " * 50_000 + "gpt-4o\n",  # libyaml would overflow the C stack here
    "- " * 50_000 + "model: gpt-4o\n",
    "model: " + "[" * 50_000 + "]" * 50_000,
    "- - - -\n\t\tmodel: : :\n",
    "\x00\x01binary\xff",
    "\ud800 lone surrogate model: gpt-4o",
    "a: &a [*a]\nmodel: *a\n",
    "model: 'unterminated\n",
    'model = """\nnever closed',
    'OPENAI_MODEL="never closed\nOTHER=1',
]


@pytest.mark.parametrize("language", ["dotenv", "yaml", "toml", "json"])
@pytest.mark.parametrize("text", GARBAGE)
def test_bad_input_never_raises(language: str, text: str) -> None:
    refs = scan_config(text, language)
    assert isinstance(refs, list)


def test_huge_file_is_skipped_not_scanned() -> None:
    text = "model: gpt-4o\n" + "x: 1\n" * 1_200_000
    assert scan_config(text, "yaml") == []


def test_unknown_language_gives_nothing() -> None:
    assert scan_config("model: gpt-4o", "ini") == []
