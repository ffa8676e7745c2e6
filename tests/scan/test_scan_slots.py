"""Slot evidence: a model-shaped literal in a model-named slot, reported as ``found="slot"``.

Each slot form and each trap is written in both languages. A «marked» literal must come back
as a slot reference with exactly that range; anything unmarked must not come back at all.
"""

from __future__ import annotations

from datetime import date

import pytest
from tests.scan.markers import strip_markers

from openai_access.access.answers import NO_ACCESS
from openai_access.catalog import Catalog
from openai_access.references import Surface
from openai_access.render.markdown import hover
from openai_access.scan import ScanOptions, scan_text
from openai_access.scan.slots import is_model_name
from openai_access.statuses import Severity, Status
from openai_access.verdict import Judge

PY_SLOTS = {
    "assignment": 'MODEL = "«gpt-4o»"\n',
    "lowercase-assignment": 'model = "«gpt-4o-mini»"\n',
    "suffix-model": 'DEFAULT_EMBEDDING_MODEL = "«text-embedding-3-small»"\n',
    "keyword": 'run(task, model="«gpt-4.1»")\n',
    "model-name-keyword": 'Summarizer(model_name="«gpt-4o»")\n',
    "engine-keyword": 'old_api(engine="«text-davinci-003»")\n',
    "parameter-default": 'def ask(q, model="«gpt-3.5-turbo»"):\n    pass\n',
    "typed-parameter-default": 'def ask(q, model: str = "«gpt-3.5-turbo»"):\n    pass\n',
    "class-field": 'class Settings:\n    model_name: str = "«gpt-4.1»"\n',
    "pydantic-field": 'class Settings(BaseModel):\n    model: str = Field(default="«gpt-4.1»")\n',
    "pydantic-field-positional": 'class Settings(BaseModel):\n    model: str = Field("«gpt-4.1»", description="m")\n',
    "self-attribute": 'class A:\n    def __init__(self):\n        self.model = "«o3-mini»"\n',
    "dict-entry": 'cfg = {"model": "«gpt-4o-mini»", "temperature": 0}\n',
    "subscript-assignment": 'settings["model"] = "«gpt-4o»"\n',
    "env-default": 'm = os.getenv("OPENAI_MODEL", "«gpt-4-turbo»")\n',
    "env-default-keyword": 'm = os.environ.get("OPENAI_MODEL", default="«gpt-4-turbo»")\n',
    "env-or-fallback": 'm = os.environ.get("OPENAI_MODEL") or "«gpt-4o-2024-08-06»"\n',
    "env-name-constant": 'def default():\n    return os.getenv(DEFAULT_MODEL_ENV_VAR, "«gpt-4.1»").lower()\n',
    "env-setdefault": 'os.environ.setdefault("LLM_MODEL", "«gpt-4o»")\n',
    "argparse": 'p.add_argument("-m", "--model", type=str, default="«o3-mini»")\n',
    "argparse-named-flag": 'p.add_argument("--judge-model", default="«gpt-4o»")\n',
    "click": '@click.option("--model", "-m", default="«gpt-4o»")\ndef main(model): ...\n',
    "typer": 'def main(model: str = typer.Option("«gpt-4o»", "--model")): ...\n',
    "conditional": 'model = "«gpt-4o»" if fast else "«o3»"\n',
    "prefixed": 'MODEL = "«openai/gpt-4o»"\n',
    "llm-keyword": 'agent = Worker(role="r", llm="«gpt-4o»")\n',
    "llm-settings-key": 'DEFAULTS = {"FAST_LLM": "«openai:gpt-5.4-mini»", "TEMPERATURE": 0.4}\n',
    "llm-or-fallback": 'planning_llm = given or "«gpt-4o-mini»"\n',
    "mapping-get-default": 'model = task.get("model", "«openai:gpt-4o»")\n',
    "kwargs-pop-default": 'def f(**kwargs):\n    m = kwargs.pop("model", "«gpt-4o-mini»")\n',
    "private-attr-default": 'class T(BaseModel):\n    _model: str = PrivateAttr(default="«gpt-4o-mini»")\n',
    "model-named-table-values": 'MODEL_ALIASES = {"4o": "«gpt-4o»", "mini": "«gpt-4o-mini»"}\n',
    "prefixed-settings-value": 'DEFAULTS = {"EMBEDDING": "«openai:text-embedding-3-small»", "RETRIEVER": "tavily"}\n',
    "prefixed-call-argument": (
        "async def main(agent):\n    async with agent.realtime('«openai:gpt-realtime»').session() as s:\n        pass\n"
    ),
    "provider-key-of-another-setting": (
        'CFG = {"SMART_LLM": "«openai:gpt-5.4»", "IMAGE_GENERATION_PROVIDER": "google"}\n'
    ),
}

JS_SLOTS = {
    "const": 'const MODEL = "«gpt-4o»";\n',
    "camel-case": 'const embeddingModel = "«text-embedding-3-large»";\n',
    "model-id": 'const modelId = "«gpt-4o»";\n',
    "object-entry": 'const cfg = { model: "«gpt-4o-mini»", temperature: 0 };\n',
    "quoted-key": 'const cfg = { "model": "«gpt-4o-mini»" };\n',
    "parameter-default": 'function ask(q: string, model = "«gpt-3.5-turbo»") {}\n',
    "destructured-default": 'const f = ({ model = "«o1-mini»" }) => model;\n',
    "class-field": 'class S {\n  private readonly modelName: string = "«gpt-4.1»";\n}\n',
    "this-assignment": 'class S {\n  constructor() { this.model = "«o3»"; }\n}\n',
    "env-nullish": 'const m = process.env.OPENAI_MODEL ?? "«gpt-4-turbo»";\n',
    "env-or": 'const m = process.env.MODEL || "«gpt-4o-2024-08-06»";\n',
    "commander": 'program.option("-m, --model <name>", "the model", "«o4-mini»");\n',
    "yargs": 'yargs.option("model", { type: "string", default: "«gpt-4.1-nano»" });\n',
    "subscript-assignment": 'settings["model"] = "«gpt-4o»";\n',
    "env-subscript-chain": 'const m = env[DEFAULT_MODEL_ENV_VAR]?.toLowerCase() ?? "«gpt-4.1»";\n',
    "env-member-chain": 'const m = process.env.OPENAI_MODEL?.trim() || "«gpt-4.1»";\n',
    "cli-helper": 'const phaseOneModel = getStringArg("--phase-one-model", "«gpt-4.1-mini»");\n',
    "ternary": 'const model = fast ? "«gpt-4o-mini»" : "«o3»";\n',
    "as-const": 'const cfg = { model: "«gpt-4o»" as const };\n',
    "llm-property": 'const agent = { role: "r", llm: "«gpt-4o»" };\n',
    "model-named-table-values": 'const AI_MODEL_ALIASES = { openai: "«gpt-4o»", fast: "«gpt-4o-mini»" };\n',
    "prefixed-without-ai-sdk": "import { run } from './agent';\nconst defaultModel = '«openai/gpt-5.6»';\n",
}

JSX_SLOTS = {
    "jsx-attribute": 'const el = <Chat model="«gpt-4o-mini»" />;\n',
    "jsx-expression": 'const el = <Chat model={"«gpt-4o-mini»"} />;\n',
}

PY_TRAPS = {
    "comparison": 'if model == "gpt-4":\n    pass\n',
    "membership": 'if model in ("gpt-4", "gpt-3.5-turbo"):\n    pass\n',
    "startswith": 'x = model.startswith("gpt-4")\n',
    "literal-type": 'M = Literal["gpt-4o", "gpt-4"]\nmodel: Literal["gpt-4o", "o3"]\n',
    "price-table-keys": 'MODEL_PRICES = {"gpt-4o": 2.5, "gpt-4o-mini": 0.15}\n',
    "mocked-response": 'mock = {"id": "chatcmpl-1", "object": "chat.completion", "model": "gpt-4o", "choices": []}\n',
    "response-object-in-test": 'resp = ChatCompletion(id="x", model="gpt-4o", choices=[], created=0)\n',
    "magicmock": 'client = MagicMock(model="gpt-4o")\n',
    "logged-response-row": 'db["responses"].insert({"prompt": "hi", "response": "yo", "model": "davinci"})\n',
    "asserted-request": 'assert json.loads(body) == {"model": "babbage", "prompt": "hi"}\n',
    "asserted-subset": 'assert log[0].items() >= {"model": "gpt-4o", "prompt": "p"}.items()\n',
    "mock-return-value": 'mock_create.return_value = {"model": "text-moderation-004", "results": []}\n',
    "response-id": 'fake = {"id": "modr-7Ixkw", "model": "text-moderation-004"}\n',
    "mock-called-with": 'create.assert_called_once_with(model="gpt-4o", messages=m)\n',
    "mocked-http-response": 'route.mock(return_value=httpx.Response(200, json={"model": "gpt-4"}))\n',
    "prose": 'print("model: gpt-4o")\nlog.info("using model gpt-4o")\n',
    "log-argument": 'print("model", "gpt-4o")\n',
    "url": 'MODEL_URL = "https://platform.openai.com/docs/models/gpt-4o"\n',
    "other-provider-name": 'ANTHROPIC_MODEL = "gpt-4o"\nGEMINI_MODEL = "gemini-1.5-pro"\n',
    "other-provider-id": 'model = "claude-3-5-sonnet-20241022"\nmodel = "llama3"\n',
    "other-provider-prefix": 'model = "anthropic/claude-3-opus"\n',
    "other-provider-call": 'llm = ChatAnthropic(model="gpt-4o")\n',
    "other-base-url": 'llm = Thing(model="gpt-4o", base_url="http://localhost:11434/v1")\n',
    "other-provider-sibling": 'cfg = {"provider": "ollama", "model": "gpt-4o"}\n',
    "foreign-client-sdk-call": (
        'from groq import Groq\nclient = Groq()\nclient.chat.completions.create(model="gpt-4o")\n'
    ),
    "azure-deployment": 'cfg = {"model": "gpt-4o", "azure_endpoint": "https://x.openai.azure.com"}\n',
    "django-query": 'Usage.objects.filter(model="gpt-4o")\n',
    "ignored-models": 'IGNORED_MODEL = "gpt-4o"\n',
    "not-a-model-name": 'name = "gpt-4o"\n',
    "f-string": 'model = f"gpt-{version}"\n',
    "pytest-parametrize": '@pytest.mark.parametrize("model", ["gpt-4o", "o3"])\ndef test(model): ...\n',
    "token-counting-default": 'def num_tokens_from_messages(messages, model="gpt-3.5-turbo-0301"):\n    pass\n',
    "token-counting-call": 'n = count_message_tokens(messages, model="gpt-4-0314")\n',
    "cost-estimate-call": 'cost = estimate_embedding_cost(model="text-embedding-3-small", docs=d)\n',
    "schema-examples": (
        'class C(BaseModel):\n    llm: Any = Field(default=None, examples=["gpt-4o-mini", {"model": "gpt-4o"}])\n'
    ),
    "exception-object": 'err = RateLimitError(message="slow down", llm_provider="openai", model="gpt-4")\n',
    "display-name": 'MODELS = [{"modelId": "x", "modelName": "GPT-4o"}]\nmodel_name = "GPT-4"\n',
    "asserted-get-default": 'assert result.model == settings.get("model", "gpt-3.5-turbo")\n',
    "label-table-values": 'MODEL_NAMES = {"error_recovery/gpt-4-0613": "gpt-4-0613"}\n',
    "azure-name": 'MODEL = "gpt-35-turbo"\n',
    "google-embedding": 'embedding_model = "text-embedding-004"\n',
    "provider-key-beside": 'cfg = {"llm_provider": "google", "llm": "gpt-4o"}\n',
    "negated-llm": 'IGNORED_LLM = "gpt-4o"\n',
    "prefixed-comparison": 'if provider == "openai:gpt-4o":\n    pass\n',
    "prefixed-choices": 'CHOICES = ["openai:gpt-4o", "anthropic:claude-3-opus"]\n',
    "prefixed-strip": 'bare = given.removeprefix("openai:")\n',
    "prefixed-label": 'dataset.evaluate_sync(task, name="openai:gpt-5.1")\n',
    "prefixed-printed-or-looked-up": (
        'print("openai:gpt-4o")\nlogger.info("openai:gpt-4o")\nok = s.startswith("openai:gpt-4")\n'
        'price = PRICES.get("openai:gpt-4o")\n'
    ),
}

JS_TRAPS = {
    "comparison": 'if (model === "gpt-4") {}\n',
    "includes": 'if (["gpt-4", "gpt-4o"].includes(model)) {}\n',
    "switch-case": 'switch (model) { case "gpt-4o": break; }\n',
    "startswith": 'const x = model.startsWith("gpt-4");\n',
    "type-union": 'type Model = "gpt-4o" | "gpt-4";\ninterface O { model: "gpt-4o" | "gpt-4" }\n',
    "price-table-keys": 'const MODEL_PRICES = { "gpt-4o": 2.5, "gpt-4o-mini": 0.15 };\n',
    "mocked-response": 'const mock = { id: "chatcmpl-1", object: "chat.completion", model: "gpt-4o", choices: [] };\n',
    "prose": 'console.log("model: gpt-4o");\n',
    "log-with-flag-word": 'console.log("model", "gpt-4o");\n',
    "template-with-substitution": "const model = `gpt-${v}`;\n",
    "other-provider-call": 'const a = new ChatAnthropic({ model: "gpt-4o" });\n',
    "other-base-url": 'const c = new Thing({ model: "gpt-4o", baseURL: "http://localhost:11434/v1" });\n',
    "other-provider-name": 'const GROQ_MODEL = "gpt-4o";\n',
    "other-provider-id": 'const model = "mistral-large-latest";\n',
    "foreign-client-sdk-call": (
        'import Groq from "groq-sdk";\nconst client = new Groq();\n'
        'await client.chat.completions.create({ model: "gpt-4o" });\n'
    ),
    "query": 'await db.usage.findMany({ where: { model: "gpt-4o" } });\n',
    "expect-to-equal": 'expect(body).toEqual({ model: "gpt-4o", input: "hi" });\n',
    "mock-resolved-value": 'create.mockResolvedValue({ model: "gpt-4o", results: [] });\n',
    "strict-equal": 'if (JSON.stringify(body) === JSON.stringify({ model: "gpt-4o" })) {}\n',
    "display-name": 'const list = [{ modelId: "x", modelName: "GPT-4o" }];\n',
    "ai-sdk-gateway-id": (
        "import { generateText } from 'ai';\nconst defaultModel = 'openai/gpt-5.6';\n"
        "await generateText({ model: 'openai/gpt-5-nano', prompt: p });\n"
    ),
    "token-counting-default": 'function countTokens(text: string, model = "gpt-4o") { return 0; }\n',
}


def _slots(marked: str, language: str) -> None:
    text, spans = strip_markers(marked)
    got = scan_text(text, language)
    assert all(r.found == "slot" for r in got), [(r.model, r.found) for r in got]
    assert [r.range for r in got] == [rng for rng, _ in spans], [(r.model, r.range) for r in got]
    for ref, (_, marked_text) in zip(got, spans, strict=True):
        assert ref.model == marked_text.removeprefix("openai/").removeprefix("openai:")
        assert ref.model_start == len(marked_text) - len(ref.model)
        assert ref.client == "slot" and ref.via_note and ref.via_note.startswith(("set as `", "passed to `"))


@pytest.mark.parametrize("name", sorted(PY_SLOTS))
def test_python_slot_forms(name: str) -> None:
    _slots(PY_SLOTS[name], "python")


@pytest.mark.parametrize("name", sorted(JS_SLOTS))
@pytest.mark.parametrize("language", ["javascript", "typescript"])
def test_js_slot_forms(name: str, language: str) -> None:
    if language == "javascript" and ("private readonly" in JS_SLOTS[name] or "as const" in JS_SLOTS[name]):
        pytest.skip("TypeScript syntax")
    _slots(JS_SLOTS[name].replace("q: string, ", "q, "), language)


@pytest.mark.parametrize("name", sorted(JSX_SLOTS))
def test_jsx_slot_forms(name: str) -> None:
    _slots(JSX_SLOTS[name], "tsx")


@pytest.mark.parametrize("name", sorted(PY_TRAPS))
def test_python_traps_are_not_slots(name: str) -> None:
    got = scan_text(PY_TRAPS[name], "python")
    assert [r for r in got if r.found == "slot"] == []


@pytest.mark.parametrize("name", sorted(JS_TRAPS))
def test_js_traps_are_not_slots(name: str) -> None:
    got = scan_text(JS_TRAPS[name], "typescript")
    assert [r for r in got if r.found == "slot"] == []


def test_a_traced_call_wins_over_the_slot_it_also_fills() -> None:
    text = 'from openai import OpenAI\nMODEL = "gpt-4o"\nOpenAI().chat.completions.create(model=MODEL)\n'
    got = scan_text(text, "python")
    assert [(r.model, r.found, r.surface) for r in got] == [("gpt-4o", "call", Surface.CHAT)]


def test_router_prefixes_are_other_providers_for_calls_and_slots() -> None:
    text = 'from agents import Agent\nagent = Agent(name="a", model="litellm/openrouter/openai/gpt-5.4-mini")\n'
    assert scan_text(text + 'MODEL = "any-llm/openai/gpt-4o"\n', "python") == []


def test_slot_surface_comes_from_the_name() -> None:
    got = scan_text('const transcriptionModel = "whisper-1";\n', "typescript")
    assert [(r.surface, r.found) for r in got] == [(Surface.AUDIO_TRANSCRIPTIONS, "slot")]


def test_slots_can_be_turned_off() -> None:
    assert scan_text('MODEL = "gpt-4o"\n', "python", ScanOptions(slots=False)) == []


def test_config_file_settings_are_slots() -> None:
    got = scan_text("OPENAI_MODEL=gpt-4o\n", "dotenv")
    assert [r.found for r in got] == ["slot"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("model", True),
        ("embedding_model", True),
        ("modelName", True),
        ("OPENAI_MODEL_ID", True),
        ("MODEL_FOR_SUMMARY", True),
        ("engine", True),
        ("models", False),
        ("model_path", False),
        ("remodel", False),
        ("search_engine", False),
        ("IGNORED_MODEL", False),
    ],
)
def test_model_names(name: str, expected: bool) -> None:
    assert is_model_name(name) is expected


def _judge() -> Judge:
    return Judge(Catalog.bundled(), today=date(2026, 11, 22))


def test_unknown_on_a_slot_is_one_step_quieter_and_the_hover_says_how_it_was_found() -> None:
    judge = _judge()
    slot = scan_text('MODEL = "gpt-4o-mnii"\n', "python")[0]
    call = scan_text('from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o-mnii")\n', "python")[0]
    v_slot, v_call = judge.judge_many([slot, call], NO_ACCESS)
    assert v_slot.status is Status.UNKNOWN and v_call.status is Status.UNKNOWN
    assert (v_call.severity, v_slot.severity) == (Severity.WARNING, Severity.INFORMATION)
    text = hover(v_slot)
    assert "model-named setting (set as `MODEL`); the call it feeds was not traced" in text
    assert "Reaches the call" not in text and "Call: `" not in text
    assert "traced to the call" in hover(v_call)


def test_wrong_endpoint_on_a_slot_does_not_claim_a_call() -> None:
    ref = scan_text('EMBEDDING_MODEL = "gpt-4o"\n', "python")[0]
    v = _judge().judge(ref, NO_ACCESS)
    if v.status is Status.WRONG_ENDPOINT:
        assert "The call goes to" not in v.why
    assert "Call: `" not in hover(v)


@pytest.mark.parametrize("padding", ["", "# " + "x" * 3000 + "\n"], ids=["short-file", "long-file"])
def test_a_prefixed_near_miss_is_no_slot_however_long_the_file(padding: str) -> None:
    # The slot pass reads a file only when it holds a literal starting like an OpenAI id
    # (prefilter.LITERAL); "openai/gtp-4o" does not, so it is not reported, and a long
    # comment elsewhere in the file must not change that.
    assert scan_text(padding + 'MODEL = "openai/gtp-4o"\n', "python") == []
