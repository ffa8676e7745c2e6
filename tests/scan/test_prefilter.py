"""The byte prefilter (issue 10): files it skips are never parsed, so it must pass every file
in which a scanner finds a reference, whichever way the scan starts, and may skip the many
files of an SDK codebase that only *say* "model"."""

from __future__ import annotations

import pytest

from openai_access.scan import prefilter, scan_document
from openai_access.scan.options import DEFAULT_OPTIONS

FOUND = [
    # A comment (or a Unicode space) between the segments of an API path:
    ("python", 'r = (client.audio  # text to speech\n    .speech.create(model="h", voice="a", input="b"))\n'),
    ("typescript", 'const r = await client.responses // the Responses API\n  .create({ model: "h", input: "x" });\n'),
    ("python", 'r = client.chat.completions\u00a0.create(model="h")\n'),
    ("python", 'r = (client.chat\n    .completions\n    .with_raw_response.create(model="prod-chat", messages=[]))\n'),
    ("python", 'r = client.chat \\\n    .completions.create(model="prod-chat", messages=[])\n'),
    ("python", 'import openai\nopenai.ChatCompletion.create(engine="my-deployment", messages=[])\n'),
    ("python", 'from langchain_openai import AzureChatOpenAI\nllm = AzureChatOpenAI(azure_deployment="chat")\n'),
    ("python", 'from agents import Agent\nAgent[Ctx](name="a", model="house-model")\n'),
    ("python", "from .config import MODEL\nagent = Agent(MODEL)\n"),  # pydantic-ai: the model comes first
    ("python", 'import litellm\nlitellm.completion("openai/house-model", messages=[])\n'),
    ("python", 'cfg = {"type": "session.update", "session": {"model": "house-realtime"}}\n'),
    ("python", 'import httpx\nB = "https://api.openai.com/v1/"\nhttpx.post(B + "responses", json={"model": "h"})\n'),
    ("python", 'import requests\nrequests.post("https://api.openai.com/v1/embeddings", json={"model": "h"})\n'),
    ("python", 'MODEL_NAME = "gpt-4o"\n'),
    ("python", 'OPENAI_MODEL = "openai/chat-latest"\n'),  # a catalog id that does not start like one
    ("typescript", 'const r = await client.responses\n  ?.create({ model: "house-model", input: "x" });\n'),
    ("typescript", 'import { ChatOpenAI } from "@langchain/openai";\nnew ChatOpenAI<Out>({ model: "house" });\n'),
    # What may stand between a callee and its arguments: a comment, type arguments holding a
    # function type's ``=>``, a block comment:
    ("python", 'from agents import Agent\nagent = (Agent  # the triage one\n    (name="a", model="house"))\n'),
    ("typescript", 'import { Agent } from "@openai/agents";\nnew Agent<Ctx, () => void>({ name: "a", model: "h" });\n'),
    ("typescript", "const r = await client.responses.create /* the API */ ({ model: 'house', input: 'x' });\n"),
    ("typescript", 'import { createOpenAI } from "@ai-sdk/openai";\nconst p = createOpenAI({});\np("house");\n'),
    ("javascript", 'const api = new OpenAIApi(conf);\napi.createChatCompletion({ model: "house" });\n'),
    ("typescript", 'const p: OpenAI.Chat.ChatCompletionCreateParams = { model: "house", messages: [] };\n'),
    ("typescript", 'import { MODEL } from "./config";\nnew Agent({ model: MODEL });\n'),
    # A keyword-only entry needs its keyword written as a key, wherever the scanner reads it from:
    ("python", 'from pydantic_ai import Agent\nagent = Agent(\n    "openai:house",\n)\n'),
    ("python", 'from agents import Agent\nkw = dict(model="house")\nAgent(name="a", **kw)\n'),
    ("python", 'from agents import Agent\nkw = {}\nkw["model"] = "house"\nAgent(name="a", **kw)\n'),
    ("python", 'from agents import Agent\nm = "house"\nAgent(name="a", model\n= m)\n'),
    ("python", 'from agents import Agent\nAgent(name="a", model  # the default\n      = "house")\n'),
    ("typescript", 'const model = "house";\nnew Agent({ name: "a", model });\n'),
    ("typescript", 'const model = "house";\nnew Agent({\n  name: "a",\n  model // the default\n});\n'),
    ("typescript", 'const base = { model: "house" };\nnew Agent({ ...base, name: "a" });\n'),
    ("typescript", 'function make(o) {\n  return new Agent({ name: "a", ...o });\n}\nmake({ "model": "house" });\n'),
    ("typescript", 'const model = "house";\nnew Agent({ name: "a", model)\n'),  # half-typed: still an object key
    # An API path is matched on the callee's text, from its first segment, wrappers anywhere:
    ("python", 'r = client.audio.with_raw_response.speech.create(model="house", voice="alloy", input="x")\n'),
    ("python", 'run = client.beta.threads.runs.create(thread_id="t", assistant_id="a", model="house")\n'),
    # A command line's model flag, whatever its value, unless that is a plain literal it cannot be:
    ("python", 'import subprocess\nsubprocess.run(["llm", "--model", "azure/house-1", "hi"])\n'),
    ("python", 'import subprocess\nfrom .config import MODEL\nsubprocess.run(["llm", "-m", MODEL, "hi"])\n'),
    # A slot's literal is a whole id, in any of the language's quotes (JS/TS template literals too):
    ("typescript", "const cfg = { model: `gpt-4o-mini` };\n"),
    ("python", "settings = {\"model\": 'openai:gpt-4o'}\n"),
    # A definition of a library's name does not hide a call of it:
    ("python", 'import litellm\n\ndef completion(p):\n    return litellm.completion("openai/house", messages=[p])\n'),
    # A payload's model key, in each form the scanner reads a body's keys:
    ("typescript", 'const model = "house";\nws.send(JSON.stringify({ type: "session.update", session: { model } }))\n'),
    (
        "python",
        'import requests\nbody = {"input": "x"}\nbody["model"] = "h"\n'
        'requests.post("https://api.openai.com/v1/embeddings", json=body)\n',
    ),
    ("python", 'import requests\nrequests.post("https://api.openai.com/v1/embeddings", json=dict(model="h"))\n'),
    # A typed params object: annotated, or built by calling the type:
    ("python", 'from openai.types.chat import ChatCompletionCreateParams\nb = ChatCompletionCreateParams(model="h")\n'),
    (
        "python",
        'from openai.types import chat\np: chat.ChatCompletionCreateParams = {"model": "h", "messages": []}\n',
    ),
    # A key written with a Unicode space beside it (tree-sitter's whitespace; a pasted no-break space):
    (
        "typescript",
        'fetch("https://api.openai.com/v1/embeddings", { body: JSON.stringify({ model\u00a0: "h", input }) });\n',
    ),
    (
        "typescript",
        'fetch("https://api.openai.com/v1/embeddings", { body: JSON.stringify({\u00a0model: "h", input }) });\n',
    ),
    ("python", 'import requests\nrequests.post("https://api.openai.com/v1/embeddings", json=dict(model\u00a0="h"))\n'),
    # An HTTP method called with type arguments, or handed to a pool:
    ("typescript", 'axios.post<Reply>("https://api.openai.com/v1/embeddings", { model: "house", input: "x" });\n'),
    (
        "python",
        "import requests\nfrom concurrent.futures import ThreadPoolExecutor\nbody = {'model': 'house'}\n"
        'ThreadPoolExecutor().submit(requests.post, "https://api.openai.com/v1/embeddings", json=body)\n',
    ),
    (
        "python",
        "from requests import post\nfrom concurrent.futures import ThreadPoolExecutor\nbody = {'model': 'house'}\n"
        'ThreadPoolExecutor().submit(  # later\n    post, "https://api.openai.com/v1/embeddings", json=body)\n',
    ),
    # An ``openai:`` id passed to a call, with no word that names a model anywhere:
    (
        "python",
        "async def main(agent):\n    async with agent.realtime('openai:gpt-realtime').session() as s:\n        pass\n",
    ),
    ("yaml", "llm:\n  provider: openai\n  Model: gpt-4o\n"),
    ("dotenv", "OPENAI_MODEL=gpt-4o\n"),
    ("json", '{"azure": {"deployment_model": "gpt-4o"}}'),
]


@pytest.mark.parametrize(("language", "text"), FOUND)
def test_every_file_with_a_reference_passes_the_prefilter(language: str, text: str) -> None:
    result = scan_document(text, language, DEFAULT_OPTIONS)
    assert result.references or result.imported_uses, "the case must hold a reference (or a cross-file use)"
    assert prefilter.may_hold_reference(text.encode(), language, DEFAULT_OPTIONS)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("python", "class Model:\n    def __init__(self, settings):\n        self.model = Model.load(settings)\n"),
        ("python", 'from agents import Agent\nagent = Agent(name="triage", tools=[search])\n'),
        ("python", "from openai import OpenAI\n\ndef make(client: OpenAI, model: str) -> str:\n    return model\n"),
        ("typescript", "import OpenAI from 'openai';\nexport type ModelName = string;\nconst model = opts.model;\n"),
        ("typescript", "import { X } from 'openai/resources';\nconst a = new Agent({ name: 'triage', tools });\n"),
        # "model" in prose, a template string or a member read is not a key the scanner reads:
        (
            "python",
            'from agents import Agent\nagent = Agent(\n    name="a",\n    instructions="Let the model decide",\n)\n'
            "print(agent.model)  # the model\n",
        ),
        (
            "typescript",
            "const a = new Agent({ name: 'a', instructions: `Ask the model ${x}` });\n"
            "// the model decides\nexpect(a.model).toBe(model.name);\n",
        ),
        ("python", "# post the model's responses\ndef send(client):\n    return client.request(client.responses)\n"),
        ("python", 'LABELS = {"gpt-4o": "fast", "o3": "deep"}  # openai ids, in no named slot\n'),
        ("python", 'import subprocess, sys\n# run the model tests\nsubprocess.run([sys.executable, "-m", "pytest"])\n'),
        ("typescript", "// the model server\nspawn('python', ['-m', 'http.server']);\n"),
        # An id in prose is no literal a slot can hold: Python has no backtick strings, and a
        # literal with a space in it is no id.
        ("python", '"""Pick a model such as `gpt-4o` or `o3`."""\n\ndef run(model: str) -> str:\n    return model\n'),
        ("typescript", "const model = pick();\nconst label = 'gpt-4o is the fast one';\n"),
        # A literal shaped like an id that the slot pass does not take for an OpenAI one:
        ("typescript", "const model = pick();\nconst part = { type: 'text-delta', delta: 'a' };\n"),
        # The name a definition gives is no call of a library's name:
        ("python", 'class Agent(BaseModel):\n    """An agent of the response."""\n\n    name: str\n'),
        ("typescript", "/** The provider. */\nexport function openai(opts: Options) {\n  return make(opts);\n}\n"),
        # A payload without a model key sends no model (the word alone is not a key), and an
        # API path inside a string (the event's type) is no call:
        ("typescript", "// the model's session\nsocket.send(JSON.stringify({ type: 'session.update', session }))\n"),
        (
            "python",
            "import httpx\n\ndef embed(model_id):\n"
            '    return httpx.post("https://api.openai.com/v1/embeddings", json={"input": model_id})\n',
        ),
        # ``self._post(`` is no HTTP method's call, nor is "request," in prose; a Python docstring's
        # `session.update` is no event:
        (
            "python",
            "class Api:\n    def embed(self, model):\n"
            '        """Send the model\'s request, in seconds."""\n'
            '        return self._post("/embeddings", body={"model": model})\n',
        ),
        (
            "python",
            'def update(ws, model):\n    """Send `session.update`."""\n    ws.send({"model": model})\n',
        ),
        # A params type handed to another call as a bare argument types no body:
        (
            "python",
            "from openai.types import speech_create_params\n\ndef create(body, model):\n"
            '    return maybe_transform({"model": model}, speech_create_params.SpeechCreateParams)\n',
        ),
        # ... nor as a conditional's branch (the SDK's streaming and non-streaming body types):
        (
            "python",
            "from openai.types import completion_create_params as p\n\ndef create(body, model, stream):\n"
            '    return maybe_transform(\n        {"model": model},\n'
            "        p.CompletionCreateParamsStreaming\n        if stream\n"
            "        else p.CompletionCreateParamsNonStreaming,\n    )\n",
        ),
        # A config file whose keys never say "model" (a workflow that deploys, a package.json):
        ("yaml", "jobs:\n  deploy:\n    env:\n      OPENAI_API_KEY: x\n      ENGINE: gpt-4o\n"),
        ("json", '{"dependencies": {"openai": "^4.0.0"}, "engines": {"node": ">=18"}}'),
        # A resource's method without the rest of its API path is someone else's:
        ("python", "def save(db, item):\n    db.sessions.create(name=item['name'], model=item.get('kind'))\n"),
        ("typescript", "import { RealtimeSession } from '@openai/agents/realtime';\n// model\nsession.connect({});\n"),
        # A library's name as a type, a call that passes nothing, an API method handed on uncalled:
        (
            "python",
            "from agents import Agent\n\ndef describe(agent: Agent[Any], model: str) -> str:\n"
            "    return render(agent.name, model=model)\n",
        ),
        (
            "typescript",
            "import { Agent } from '@openai/agents';\n"
            "export function run(agent: Agent<any, () => void>, opts: { model: string }) {\n  return opts;\n}\n",
        ),
        (
            "typescript",
            "import { Runner } from '@openai/agents';\nconst runner = new Runner();\nconst settings = { model };\n",
        ),
        (
            "python",
            "from openai import resources\n\n"
            "WRAPPED = [resources.responses.create, resources.chat.completions.create]\n",
        ),
    ],
)
def test_a_file_that_only_says_model_or_openai_is_not_parsed(language: str, text: str) -> None:
    assert not scan_document(text, language, DEFAULT_OPTIONS).references
    assert not prefilter.may_hold_reference(text.encode(), language, DEFAULT_OPTIONS)


def test_a_banner_of_hashes_after_a_keyword_is_read_once() -> None:
    """A comment matched to its line's end only: a run of ``#`` that could split into comments
    tried 2^n splits before the keyword test failed (24 took a second; this one would not end)."""
    banner = "#" * 64
    text = f"import requests\n# {banner} model {banner}\nrequests.post(url)\nclient.chat  {banner}\nx = 1\n"
    assert not prefilter.may_hold_reference(text.encode(), "python", DEFAULT_OPTIONS)
    text += "client.chat  # the API\n    .completions.create(model=MODEL)\n"
    assert prefilter.may_hold_reference(text.encode(), "python", DEFAULT_OPTIONS)


def test_a_never_closed_block_comment_after_many_names_is_read_once() -> None:
    """Each ``Agent /*`` asked whether a ``*/`` came anywhere after it: a file of them searched to
    its end once per name (1.8 MB took four minutes). A ``/*`` never closed is no comment, and
    nothing here is called."""
    text = "import { Agent } from '@openai/agents';\nconst o = { model: 1 };\n" + "Agent /* " * 40_000
    assert not prefilter.may_hold_reference(text.encode(), "typescript", DEFAULT_OPTIONS)
    text += "*/ ({ model: 'house' });\n"  # now the comment closes, and the last name is called past it
    assert prefilter.may_hold_reference(text.encode(), "typescript", DEFAULT_OPTIONS)


def test_names_in_nested_type_arguments_are_read_within_a_budget_and_answer_alike_twice() -> None:
    """Each name inside another's type arguments read them again: past a file's budget of
    brackets the answer is "may be" (parse it), and asking twice about the same bytes answers
    the same (the budget starts over with each question)."""
    head = "import { Agent } from '@openai/agents';\nconst o = { model: 1 };\n"
    many = (head + "Agent<Agent<Agent<x>>>, " * 60_000).encode()
    assert prefilter.may_hold_reference(many, "typescript", DEFAULT_OPTIONS)
    few = (head + "Agent<Agent<Agent<x>>>, " * 10_000).encode()  # over half the budget
    assert not prefilter.may_hold_reference(few, "typescript", DEFAULT_OPTIONS)
    assert not prefilter.may_hold_reference(few, "typescript", DEFAULT_OPTIONS)
