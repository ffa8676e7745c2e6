"""A constant written in one file and used as a model in another gets its squiggle at home."""

from __future__ import annotations

import os

import pytest

from openai_access.references import Surface, Target
from openai_access.scan import prefilter, scan_document
from openai_access.scan.project_index import resolve_cross_file

from .markers import strip_markers

ROOT = "/proj"


def _scan(files: dict[str, tuple[str, str]]) -> tuple[dict, dict]:
    """path -> (language, marked source): scan results and the marked spans per file."""
    results, spans = {}, {}
    for path, (language, marked) in files.items():
        text, found = strip_markers(marked)
        results[path] = scan_document(text, language)
        spans[path] = [rng for rng, _ in found]
    return results, spans


def test_python_from_relative_import() -> None:
    settings = os.path.join(ROOT, "app", "settings.py")
    main = os.path.join(ROOT, "app", "main.py")
    results, spans = _scan(
        {
            settings: ("python", 'import os\nCHAT_MODEL = os.getenv("CHAT_MODEL", "«gpt-4o-mini»")\nOTHER = "hello"\n'),
            main: (
                "python",
                "from openai import OpenAI\nfrom .settings import CHAT_MODEL\nclient = OpenAI()\n\n"
                "client.chat.completions.create(model=CHAT_MODEL, messages=[], stream=True)\n",
            ),
        }
    )
    assert results[main].references == []  # nothing to show in main.py itself
    extra = resolve_cross_file(results, ROOT)
    assert list(extra) == [settings]
    (ref,) = extra[settings]
    assert ref.model == "gpt-4o-mini"
    assert ref.range == spans[settings][0]
    assert ref.surface is Surface.CHAT and ref.streams
    assert ref.used_in == (main,)
    assert ref.via_note is not None
    assert "app/main.py:5" in ref.via_note and "$CHAT_MODEL" in ref.via_note


def test_python_absolute_module_attribute_and_two_users() -> None:
    conf = os.path.join(ROOT, "pkg", "conf.py")
    a = os.path.join(ROOT, "pkg", "a.py")
    b = os.path.join(ROOT, "scripts", "b.py")
    results, spans = _scan(
        {
            conf: ("python", 'EMBED = "«text-embedding-3-small»"\n'),
            a: ("python", "from pkg import conf\nclient.embeddings.create(model=conf.EMBED, input=x)\n"),
            b: ("python", "from pkg.conf import EMBED as E\nclient.embeddings.create(model=E, input=y)\n"),
        }
    )
    (ref,) = resolve_cross_file(results, ROOT)[conf]
    assert ref.surface is Surface.EMBEDDINGS
    assert ref.range == spans[conf][0]
    assert set(ref.used_in) == {a, b}


def test_src_layout_found_by_suffix() -> None:
    conf = os.path.join(ROOT, "src", "myapp", "llm", "config.py")
    use = os.path.join(ROOT, "src", "myapp", "bot.py")
    results, _ = _scan(
        {
            conf: ("python", 'MODEL = "«gpt-4.1»"\n'),
            use: ("python", "from myapp.llm.config import MODEL\nChatOpenAI(model=MODEL)\n"),
        }
    )
    (ref,) = resolve_cross_file(results, ROOT)[conf]
    assert ref.client == "langchain"


def test_same_file_use_is_not_repeated() -> None:
    conf = os.path.join(ROOT, "conf.py")
    user = os.path.join(ROOT, "user.py")
    results, _ = _scan(
        {
            conf: ("python", 'MODEL = "«gpt-4o»"\nclient.chat.completions.create(model=MODEL, messages=[])\n'),
            user: ("python", "from conf import MODEL\nclient.chat.completions.create(model=MODEL, messages=[])\n"),
        }
    )
    assert len(results[conf].references) == 1
    assert resolve_cross_file(results, ROOT) == {}


def test_routed_use_reads_prefixes_and_skips_foreign_ones() -> None:
    conf = os.path.join(ROOT, "models.py")
    user = os.path.join(ROOT, "run.py")
    results, _ = _scan(
        {
            conf: ("python", 'FAST = "«openai/gpt-4o-mini»"\nSMART = "anthropic/claude-sonnet-4"\n'),
            user: (
                "python",
                "import litellm\nfrom models import FAST, SMART\n"
                "litellm.completion(model=FAST, messages=m)\nlitellm.completion(model=SMART, messages=m)\n",
            ),
        }
    )
    (ref,) = resolve_cross_file(results, ROOT)[conf]
    assert (ref.model, ref.model_start, ref.client) == ("gpt-4o-mini", 7, "litellm")


def test_javascript_relative_import_with_ts_extension_mapping() -> None:
    conf = os.path.join(ROOT, "src", "config.ts")
    user = os.path.join(ROOT, "src", "routes", "chat.ts")
    results, spans = _scan(
        {
            conf: ("typescript", 'export const MODEL = process.env.MODEL ?? "«gpt-4o»";\n'),
            user: (
                "typescript",
                'import { MODEL } from "../config.js";\nawait client.responses.create({ model: MODEL, input });\n',
            ),
        }
    )
    (ref,) = resolve_cross_file(results, ROOT)[conf]
    assert ref.surface is Surface.RESPONSES and ref.target is Target.OPENAI
    assert ref.range == spans[conf][0]
    assert ref.used_in == (user,)


def test_unresolvable_imports_give_nothing() -> None:
    user = os.path.join(ROOT, "x.py")
    results, _ = _scan(
        {user: ("python", "from somewhere_else import MODEL\nclient.chat.completions.create(model=MODEL)\n")}
    )
    assert results[user].imported_uses  # the scan recorded the open end...
    assert resolve_cross_file(results, ROOT) == {}  # ...but no scanned file defines it


def test_function_return_value_in_another_file() -> None:
    """``def get_default_model(): return os.getenv(..., "gpt-…")`` in one module, called as the model elsewhere."""
    defaults = os.path.join(ROOT, "pkg", "defaults.py")
    provider = os.path.join(ROOT, "pkg", "provider.py")
    ts_defaults = os.path.join(ROOT, "web", "defaultModel.ts")
    ts_user = os.path.join(ROOT, "web", "run.ts")
    results, spans = _scan(
        {
            defaults: (
                "python",
                'import os\n\ndef get_default_model() -> str:\n    return os.getenv("M", "«gpt-4.1-mini»").lower()\n',
            ),
            provider: (
                "python",
                "from .defaults import get_default_model\n\n"
                "def make(name=None):\n"
                "    return client.responses.create(model=name or get_default_model(), input='x')\n",
            ),
            ts_defaults: (
                "typescript",
                "export function getDefaultModel(): string {\n"
                '  return process.env.M?.toLowerCase() ?? "«gpt-5-mini»";\n}\n',
            ),
            ts_user: (
                "typescript",
                'import { getDefaultModel } from "./defaultModel";\n'
                "await client.chat.completions.create({ model: getDefaultModel(), messages });\n",
            ),
        }
    )
    extra = resolve_cross_file(results, ROOT)
    assert sorted(extra) == sorted([defaults, ts_defaults])
    (py_ref,) = extra[defaults]
    assert (py_ref.model, py_ref.range, py_ref.surface) == ("gpt-4.1-mini", spans[defaults][0], Surface.RESPONSES)
    assert py_ref.used_in == (provider,)
    (ts_ref,) = extra[ts_defaults]
    assert (ts_ref.model, ts_ref.range, ts_ref.surface) == ("gpt-5-mini", spans[ts_defaults][0], Surface.CHAT)


def test_imported_client_constructor_is_not_a_model_source() -> None:
    """Calls of imported classes stay calls: a client's base URL is still read from them."""
    main = os.path.join(ROOT, "svc", "main.py")
    results, _ = _scan(
        {
            main: (
                "python",
                'from openai import OpenAI\nclient = OpenAI(base_url="http://localhost:8000/v1")\n'
                'client.chat.completions.create(model="llama3", messages=[])\n',
            ),
        }
    )
    (ref,) = results[main].references
    assert ref.target is Target.OTHER_BASE_URL


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("from .names import CHAT\n", True),
        ("x = names.CHAT\n", True),
        ("CHATTY = 1\nMY_CHAT = 2\n", False),
        ("const $CHAT = 1; const éCHAT = 2;\n", False),
        ("s = f'{CHAT}'\n", True),
        ("", False),
    ],
)
def test_a_defining_file_is_read_again_only_if_it_names_an_imported_name_whole(text: str, found: bool) -> None:
    assert prefilter.has_any_word(text, {"CHAT", "OTHER"}) is found
    assert prefilter.has_any_word(text, set()) is False
