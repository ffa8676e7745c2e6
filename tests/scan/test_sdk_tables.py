# ruff: noqa: E501  (snippets are data: one realistic line of code per case reads best)
"""The generated SDK tables (``scan/sdk_tables.json``) and what they newly let the scanner find.

The build script needs the network, so CI never runs it: these tests read the checked-in data,
check that it says where it came from and that each entry makes sense, and pin the forms the
tables added (Agents SDK in both languages, LlamaIndex multimodal, ``responses.input_tokens``).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from openai_access.references import Surface as S
from openai_access.scan import _libraries as libs
from openai_access.scan._common import match_sdk_path

from .markers import Case, Ref, case, check

TABLES = libs.load_tables()
LIBRARIES = {"openai", "openai-node", "agents", "langchain", "llamaindex", "vercel-ai", "litellm", "pydantic-ai"}
SOURCES = {
    "openai-python",
    "openai-node",
    "openai-agents-python",
    "openai-agents-js",
    "langchain-openai",
    "@langchain/openai",
    "llama-index-llms-openai",
    "llama-index-embeddings-openai",
    "llama-index-multi-modal-llms-openai",
    "@ai-sdk/openai",
    "litellm",
    "pydantic-ai-slim",
}
_MODEL_NAME = re.compile(r"(^|[._])(model|model_name|model_id|engine|modelName|modelId|[a-z_]*_model|[a-z]+Model)$")


def test_tables_say_where_they_come_from() -> None:
    assert date.fromisoformat(TABLES["as_of"]) <= date.today()
    assert TABLES["generated_by"] == "scripts/build_sdk_tables.py"
    by_name = {s["name"]: s for s in TABLES["sources"]}
    assert set(by_name) == SOURCES
    for source in by_name.values():
        assert source["origin"].split(":", 1)[0] in ("git", "pypi", "npm")
        assert source["version"] and source["files"] > 0, source
        if source["origin"].startswith("git:"):
            assert re.match(r"[0-9a-f]{40} \(\d{4}-\d\d-\d\d\)$", source["version"]), source
        else:
            assert re.match(r"\d+\.\d+", source["version"]), source


def test_every_entry_has_its_fields_and_a_surface_that_fits_its_name() -> None:
    surfaces = {s.value for s in S}
    assert {e["library"] for e in TABLES["entries"]} == LIBRARIES
    for e in TABLES["entries"]:
        assert {"library", "source", "language", "kind", "name", "module", "modules", "params"} <= set(e), e
        assert e["language"] in ("python", "javascript") and e["kind"] in (
            "api",
            "class",
            "function",
            "method",
            "provider",
        )
        assert e["params"], e
        for p in e["params"]:
            assert _MODEL_NAME.search(p["name"]), (e["name"], p)
            assert p["surface"] in surfaces, (e["name"], p)
            assert not ("position" in p and "in_arg" in p)
            low = (e["name"] + " " + p["name"]).lower()
            if e["kind"] == "api":
                assert p["name"] == "model" and not low.startswith(("models.", "chat.completions.list"))
            elif "embedding" in low:
                assert p["surface"] == "embeddings", (e["name"], p)
            elif "transcri" in p["name"].lower():
                assert p["surface"] == "audio.transcriptions", (e["name"], p)


def test_api_paths_cover_both_sdks_and_their_casings() -> None:
    api = {(e["source"], e["name"]): e["params"][0]["surface"] for e in TABLES["entries"] if e["kind"] == "api"}
    assert api[("openai-python", "responses.input_tokens.count")] == "responses"
    assert api[("openai-node", "responses.inputTokens.count")] == "responses"
    assert api[("openai-python", "chat.completions.create")] == "chat.completions"
    assert api[("openai-node", "fineTuning.jobs.create")] == "fine_tuning"
    assert match_sdk_path(["client", "responses", "input_tokens", "count"]) == (S.RESPONSES, False, 3)
    assert match_sdk_path(["client", "responses", "inputTokens", "count"]) == (S.RESPONSES, False, 3)


def test_generated_names_reach_the_scanner_and_hand_overrides_still_decide() -> None:
    for name in ("RunConfig", "SandboxAgent", "RealtimeRunner", "OpenAIResponsesCompactionSession", "OpenAIMultiModal"):
        assert name in libs.PYTHON_LIBS, name
    for name in ("Runner", "RealtimeSession", "RealtimeAgent", "asTool", "SandboxAgent"):
        assert name in libs.JS_LIBS, name
    # litellm's completion is chat, whatever its name says: the override keeps deciding.
    assert {s.surface for s in libs.PYTHON_LIBS["completion"] if s.client == "litellm"} == {S.CHAT}
    assert (
        libs.VERCEL_METHODS["embedding"] is S.EMBEDDINGS
        and libs.VERCEL_METHODS["transcription"] is S.AUDIO_TRANSCRIPTIONS
    )


def test_a_missing_table_leaves_the_overrides(tmp_path: Path) -> None:
    assert libs.load_tables(tmp_path / "absent.json")["entries"] == []
    (tmp_path / "bad.json").write_text("{not json")
    assert libs.load_tables(tmp_path / "bad.json")["entries"] == []


P, J = "python", "typescript"
AG = Ref(surface=S.RESPONSES, client="agents")

CASES: list[Case] = [
    case(
        "py-run-config",
        P,
        'from agents import Agent, RunConfig, Runner\nawait Runner.run(agent, "hi", run_config=RunConfig(model="«gpt-4.1-mini»"))\n',
        AG,
    ),
    case(
        "py-sandbox-agent",
        P,
        'from agents.sandbox import SandboxAgent\nagent = SandboxAgent(name="x", model="«o3»")\n',
        AG,
    ),
    case(
        "py-compaction-session",
        P,
        'from agents.memory import OpenAIResponsesCompactionSession\ns = OpenAIResponsesCompactionSession(session_id="s", underlying_session=u, model="«gpt-4.1»")\n',
        AG,
    ),
    case(
        "py-hosted-multi-agent-positional",
        P,
        'from agents.extensions.experimental.hosted_multi_agent import OpenAIHostedMultiAgentModel\nm = OpenAIHostedMultiAgentModel("«gpt-5»", client)\n',
        AG,
    ),
    case(
        "py-memory-phase-models",
        P,
        'from agents.memory import MemoryGenerateConfig\nc = MemoryGenerateConfig(phase_one_model="«gpt-4.1-mini»", phase_two_model="«gpt-4.1»")\n',
        AG,
        AG,
    ),
    case(
        "py-realtime-runner-nested",
        P,
        'from agents.realtime import RealtimeRunner\nrunner = RealtimeRunner(agent, config={"model_settings": {"model_name": "«gpt-realtime»", "input_audio_transcription": {"model": "«gpt-4o-mini-transcribe»"}}})\n',
        Ref(surface=S.REALTIME, client="agents"),
        Ref(surface=S.AUDIO_TRANSCRIPTIONS, client="agents"),
    ),
    case(
        "py-llamaindex-multimodal",
        P,
        'from llama_index.multi_modal_llms.openai import OpenAIMultiModal\nllm = OpenAIMultiModal(model="«gpt-4o»", max_new_tokens=300)\n',
        Ref(surface=S.CHAT, client="llamaindex"),
    ),
    case(
        "py-input-tokens-count",
        P,
        'from openai import OpenAI\nOpenAI().responses.input_tokens.count(model="«gpt-4.1»", input="hi")\n',
        Ref(surface=S.RESPONSES),
    ),
    case(
        "py-not-imported-from-the-sdk",
        P,
        'from mylib import RunConfig\ncfg = RunConfig(model="gpt-4.1")\n',
    ),
    case(
        "js-runner",
        J,
        "import { Runner } from '@openai/agents';\nconst runner = new Runner({ model: '«gpt-4.1-mini»' });\n",
        AG,
    ),
    case(
        "js-realtime-session",
        J,
        "import { RealtimeSession } from '@openai/agents/realtime';\nconst s = new RealtimeSession(agent, { model: '«gpt-realtime»', config: { inputAudioTranscription: { model: '«gpt-4o-mini-transcribe»' } } });\n",
        Ref(surface=S.REALTIME, client="agents"),
        Ref(surface=S.AUDIO_TRANSCRIPTIONS, client="agents"),
    ),
    case(
        "js-realtime-agent-session-audio",
        J,
        "import { RealtimeSession } from '@openai/agents-realtime';\nconst s = new RealtimeSession(agent, { config: { audio: { input: { transcription: { model: '«gpt-4o-transcribe»' } } } } });\n",
        Ref(surface=S.AUDIO_TRANSCRIPTIONS, client="agents"),
    ),
    case(
        "js-as-tool-run-config",
        J,
        "const tool = agent.asTool({ toolName: 'x', runConfig: { model: '«o3»' } });\n",
        AG,
    ),
    case(
        "js-input-tokens-count",
        J,
        "import OpenAI from 'openai';\nconst client = new OpenAI();\nawait client.responses.inputTokens.count({ model: '«gpt-4.1»', input: 'hi' });\n",
        Ref(surface=S.RESPONSES, client="openai-node"),
    ),
    case(
        "js-sandbox-agent",
        J,
        "import { SandboxAgent } from '@openai/agents';\nconst a = new SandboxAgent({ name: 'x', model: '«gpt-4.1»' });\n",
        AG,
    ),
]


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_table_forms(c: Case) -> None:
    check(c, "openai")
