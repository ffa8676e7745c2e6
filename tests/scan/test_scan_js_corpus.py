# ruff: noqa: E501  (snippets are data: one realistic line of code per case reads best)
"""JavaScript / TypeScript snippets and the references a developer must see for them."""

from __future__ import annotations

import pytest

from openai_access.references import Surface as S
from openai_access.references import Target as T
from openai_access.scan.options import CallPattern, ScanOptions

from .markers import Case, Ref, case, check

JS, TS, TSX = "javascript", "typescript", "tsx"

CASES: list[Case] = [
    # --- openai-node --------------------------------------------------------------------
    case(
        "node-chat",
        TS,
        """import OpenAI from "openai";
const client = new OpenAI();
const completion = await client.chat.completions.create({
  model: "«gpt-4o»",
  messages: [{ role: "user", content: "Hello" }],
});
""",
        Ref(),
    ),
    case(
        "node-chat-single-quotes",
        JS,
        "const r = await openai.chat.completions.create({ model: '«gpt-4o-mini»', messages })\n",
        Ref(),
    ),
    case(
        "node-chat-stream",
        TS,
        'const stream = await client.chat.completions.create({ model: "«gpt-4.1»", messages, stream: true });\n',
        Ref(streams=True),
    ),
    case(
        "node-chat-stream-method",
        TS,
        'const runner = client.chat.completions.stream({ model: "«gpt-4o»", messages });\n',
        Ref(streams=True),
    ),
    case(
        "node-beta-parse",
        TS,
        'await client.beta.chat.completions.parse({ model: "«gpt-4o-2024-08-06»", messages, response_format: f });\n',
        Ref(),
    ),
    case(
        "node-responses",
        TS,
        'const response = await client.responses.create({ model: "«gpt-5»", input: "Say hi" });\n',
        Ref(surface=S.RESPONSES),
    ),
    case(
        "node-responses-reasoning",
        TS,
        'await client.responses.create({ model: "«o4-mini»", input, reasoning: { effort: "low", summary: "auto" } });\n',
        Ref(surface=S.RESPONSES, reasoning=True),
    ),
    case(
        "node-responses-stream",
        JS,
        'const s = client.responses.stream({ model: "«gpt-5-mini»", input });\n',
        Ref(surface=S.RESPONSES, streams=True),
    ),
    case(
        "node-embeddings",
        JS,
        'await openai.embeddings.create({ model: "«text-embedding-3-small»", input: "x" });\n',
        Ref(surface=S.EMBEDDINGS),
    ),
    case(
        "node-images",
        JS,
        'await openai.images.generate({ model: "«gpt-image-1»", prompt: "otter" });\n',
        Ref(surface=S.IMAGES),
    ),
    case(
        "node-speech",
        JS,
        'const mp3 = await openai.audio.speech.create({ model: "«tts-1-hd»", voice: "alloy", input });\n',
        Ref(surface=S.AUDIO_SPEECH),
    ),
    case(
        "node-transcription",
        TS,
        'await openai.audio.transcriptions.create({ file, model: "«gpt-4o-transcribe»" });\n',
        Ref(surface=S.AUDIO_TRANSCRIPTIONS),
    ),
    case(
        "node-moderation",
        JS,
        'await openai.moderations.create({ model: "«omni-moderation-latest»", input });\n',
        Ref(surface=S.MODERATIONS),
    ),
    case(
        "node-fine-tuning",
        TS,
        'await openai.fineTuning.jobs.create({ training_file: id, model: "«gpt-4o-mini-2024-07-18»" });\n',
        Ref(surface=S.FINE_TUNING),
    ),
    case(
        "node-assistants",
        JS,
        'await openai.beta.assistants.create({ name: "Tutor", model: "«gpt-4o»" });\n',
        Ref(surface=S.ASSISTANTS),
    ),
    case(
        "node-runs-stream",
        JS,
        'openai.beta.threads.runs.stream(threadId, { assistant_id: a, model: "«gpt-4o»" });\n',
        Ref(surface=S.ASSISTANTS, streams=True),
    ),
    case(
        "node-videos",
        TS,
        'await openai.videos.create({ model: "«sora-2»", prompt: "waves" });\n',
        Ref(surface=S.VIDEOS),
    ),
    case("node-string-key", JS, 'await client.chat.completions.create({ "model": "«gpt-4o»", messages });\n', Ref()),
    case(
        "node-template-no-substitution",
        TS,
        "await client.chat.completions.create({ model: `«gpt-4o»`, messages });\n",
        Ref(),
    ),
    case(
        "node-this-client",
        TS,
        'class S { async go() { return this.client.chat.completions.create({ model: "«gpt-4.1»", messages: [] }); } }\n',
        Ref(),
    ),
    case(
        "node-inline-client",
        TS,
        'await new OpenAI().chat.completions.create({ model: "«gpt-4o»", messages });\n',
        Ref(),
    ),
    case(
        "node-non-ascii",
        TS,
        'const greeting = "héllo wörld 😀"; await client.chat.completions.create({ model: "«gpt-4o»", messages: [{ role: "user", content: "✓ 日本語" }] });\n',
        Ref(),
    ),
    case(
        "node-v3-legacy",
        JS,
        'const res = await openai.createChatCompletion({ model: "«gpt-3.5-turbo»", messages });\n',
        Ref(client="openai-legacy"),
    ),
    case(
        "node-realtime-ws",
        TS,
        'import { OpenAIRealtimeWebSocket } from "openai/beta/realtime/websocket";\nconst rt = new OpenAIRealtimeWebSocket({ model: "«gpt-realtime»" }, client);\n',
        Ref(surface=S.REALTIME),
    ),
    # --- targets ------------------------------------------------------------------------
    case(
        "node-azure",
        TS,
        'import { AzureOpenAI } from "openai";\nconst client = new AzureOpenAI({ endpoint, apiVersion: "2024-10-21", deployment: "d" });\nawait client.chat.completions.create({ model: "«prod-4o»", messages });\n',
        Ref(target=T.AZURE),
    ),
    case(
        "node-base-url",
        TS,
        'const client = new OpenAI({ baseURL: "http://localhost:11434/v1", apiKey: "ollama" });\nawait client.chat.completions.create({ model: "«llama3.2»", messages });\n',
        Ref(target=T.OTHER_BASE_URL),
    ),
    case(
        "node-this-azure-field",
        TS,
        'class S {\n  private client = new AzureOpenAI();\n  go() { return this.client.embeddings.create({ model: "«emb-deploy»", input }); }\n}\n',
        Ref(surface=S.EMBEDDINGS, target=T.AZURE),
    ),
    # --- Vercel AI SDK ------------------------------------------------------------------
    case(
        "vercel-generate",
        TS,
        'import { openai } from "@ai-sdk/openai";\nimport { generateText } from "ai";\nconst { text } = await generateText({ model: openai("«gpt-4o»"), prompt: "hi" });\n',
        Ref(client="vercel-ai", surface=S.RESPONSES),
    ),
    case(
        "vercel-stream-text",
        TS,
        'import { openai } from "@ai-sdk/openai";\nconst result = streamText({ model: openai("«gpt-4.1-mini»"), messages });\n',
        Ref(client="vercel-ai", surface=S.RESPONSES, streams=True),
    ),
    case(
        "vercel-chat",
        TS,
        'import { openai } from "@ai-sdk/openai";\nconst m = openai.chat("«gpt-4o-mini»");\n',
        Ref(client="vercel-ai"),
    ),
    case(
        "vercel-responses",
        TS,
        'import { openai } from "@ai-sdk/openai";\nconst m = openai.responses("«o3»");\n',
        Ref(client="vercel-ai", surface=S.RESPONSES),
    ),
    case(
        "vercel-embedding",
        TS,
        'import { openai } from "@ai-sdk/openai";\nconst { embedding } = await embed({ model: openai.embedding("«text-embedding-3-small»"), value: "x" });\n',
        Ref(client="vercel-ai", surface=S.EMBEDDINGS),
    ),
    case(
        "vercel-image",
        TS,
        'import { openai } from "@ai-sdk/openai";\nawait generateImage({ model: openai.image("«gpt-image-1»"), prompt });\n',
        Ref(client="vercel-ai", surface=S.IMAGES),
    ),
    case(
        "vercel-create-openai-proxy",
        TS,
        'import { createOpenAI } from "@ai-sdk/openai";\nconst groq = createOpenAI({ baseURL: "https://api.groq.com/openai/v1" });\nconst m = groq("«llama-3.1-8b-instant»");\n',
        Ref(client="vercel-ai", surface=S.RESPONSES, target=T.OTHER_BASE_URL),
    ),
    case(
        "vercel-create-openai-plain",
        TS,
        'import { createOpenAI } from "@ai-sdk/openai";\nconst myOpenAI = createOpenAI({ apiKey: key });\nconst m = myOpenAI.chat("«gpt-4o»");\n',
        Ref(client="vercel-ai"),
    ),
    case(
        "vercel-azure",
        TS,
        'import { azure } from "@ai-sdk/azure";\nconst m = azure("«my-deployment»");\n',
        Ref(client="vercel-ai", surface=S.RESPONSES, target=T.AZURE),
    ),
    # --- LangChain JS / Agents JS -------------------------------------------------------
    case(
        "client-built-for-openai-or-openrouter",
        TS,
        'import OpenAI from "openai";\n'
        "const client = process.env.OPENROUTER_API_KEY\n"
        '  ? new OpenAI({ baseURL: "https://openrouter.ai/api/v1" })\n'
        '  : new OpenAI({ baseURL: "https://api.openai.com/v1" });\n'
        'await client.chat.completions.create({ model: "«gpt-4o-mini»", messages: m });\n',
        Ref(),
    ),
    case(
        "lcjs-init-chat-model",
        TS,
        'import { initChatModel } from "@langchain/classic/chat_models/universal";\n'
        'const a = await initChatModel("«gpt-4o»", { modelProvider: "openai", temperature: 0 });\n'
        'const b = await initChatModel("«gpt-4.1-mini»");\n'
        'const c = await initChatModel("claude-3-opus-20240229", { temperature: 0 });\n'
        'const d = await initChatModel("gpt-4o", { modelProvider: "google-genai" });\n',
        Ref(client="langchain"),
        Ref(client="langchain"),
    ),
    case(
        "lcjs-chat",
        TS,
        'import { ChatOpenAI } from "@langchain/openai";\nconst llm = new ChatOpenAI({ model: "«gpt-4o-mini»", temperature: 0 });\n',
        Ref(client="langchain"),
    ),
    case(
        "lcjs-model-name",
        JS,
        'const { ChatOpenAI } = require("@langchain/openai");\nconst llm = new ChatOpenAI({ modelName: "«gpt-4»", streaming: true });\n',
        Ref(client="langchain", streams=True),
    ),
    case(
        "lcjs-embeddings",
        TS,
        'import { OpenAIEmbeddings } from "@langchain/openai";\nconst e = new OpenAIEmbeddings({ model: "«text-embedding-3-large»" });\n',
        Ref(client="langchain", surface=S.EMBEDDINGS),
    ),
    case(
        "lcjs-configuration-base-url",
        TS,
        'import { ChatOpenAI } from "@langchain/openai";\nconst llm = new ChatOpenAI({ model: "«deepseek-chat»", configuration: { baseURL: "https://api.deepseek.com" } });\n',
        Ref(client="langchain", target=T.OTHER_BASE_URL),
    ),
    case(
        "lcjs-azure",
        TS,
        'import { AzureChatOpenAI } from "@langchain/openai";\nconst llm = new AzureChatOpenAI({ azureOpenAIApiDeploymentName: "«gpt4o-dep»", azureOpenAIApiVersion: "2024-06-01" });\n',
        Ref(client="langchain", target=T.AZURE),
    ),
    case(
        "agents-js",
        TS,
        'import { Agent } from "@openai/agents";\nconst agent = new Agent({ name: "Assistant", instructions: "Be brief", model: "«gpt-5-mini»" });\n',
        Ref(client="agents", surface=S.RESPONSES),
    ),
    case(
        "agents-js-chat-model",
        TS,
        'import { OpenAIChatCompletionsModel } from "@openai/agents";\nconst m = new OpenAIChatCompletionsModel(client, "«gpt-4o»");\n',
        Ref(client="agents"),
    ),
    # --- indirection --------------------------------------------------------------------
    case(
        "const",
        TS,
        'const MODEL = "«gpt-4o»";\nawait client.chat.completions.create({ model: MODEL, messages });\n',
        Ref(via=True),
    ),
    case(
        "shorthand",
        TS,
        'const model = "«gpt-4.1-nano»";\nawait client.chat.completions.create({ model, messages });\n',
        Ref(via=True),
    ),
    case(
        "env-nullish",
        TS,
        'const model = process.env.OPENAI_MODEL ?? "«gpt-4o-mini»";\nawait client.responses.create({ model, input });\n',
        Ref(surface=S.RESPONSES, via=True),
    ),
    case(
        "env-or-inline",
        JS,
        'await client.chat.completions.create({ model: process.env.MODEL || "«gpt-4o»", messages });\n',
        Ref(),
    ),
    case(
        "ternary",
        TS,
        'await client.chat.completions.create({ model: hard ? "«o3»" : "«gpt-4o-mini»", messages });\n',
        Ref(),
        Ref(),
    ),
    case(
        "body-object",
        TS,
        'const body = { model: "«gpt-4o»", messages, stream: true };\nconst s = await client.chat.completions.create(body);\n',
        Ref(via=True, streams=True),
    ),
    case(
        "spread",
        TS,
        'const base = { model: "«gpt-4o»", temperature: 0 };\nawait client.chat.completions.create({ ...base, messages });\n',
        Ref(via=True),
    ),
    case(
        "config-object-member",
        TS,
        'const CONFIG = { chatModel: "«gpt-4.1»" } as const;\nawait client.chat.completions.create({ model: CONFIG.chatModel, messages });\n',
        Ref(via=True),
    ),
    case(
        "default-param",
        TS,
        'async function ask(q: string, model = "«gpt-4o»") {\n  return client.chat.completions.create({ model, messages: [q] });\n}\n',
        Ref(via=True),
    ),
    case(
        "class-field-this",
        TS,
        'class Bot {\n  model = "«gpt-4o-mini»";\n  reply(m) { return client.chat.completions.create({ model: this.model, messages: m }); }\n}\n',
        Ref(via=True),
    ),
    case(
        "arrow-local",
        JS,
        'const run = async () => {\n  const model = "«o4-mini»";\n  return client.responses.create({ model, input: "x" });\n};\n',
        Ref(surface=S.RESPONSES, via=True),
    ),
    case(
        "tsx-component",
        TSX,
        'export function Chat() {\n  const onSend = () => client.chat.completions.create({ model: "«gpt-4o»", messages });\n  return <button onClick={onSend}>Send</button>;\n}\n',
        Ref(),
    ),
    case(
        "extra-call-js",
        TS,
        'await llm.ask({ model: "«gpt-4o»", prompt });\n',
        Ref(surface=S.UNKNOWN),
        options=ScanOptions(extra_calls=(CallPattern("llm.ask"),)),
    ),
    # --- broken code --------------------------------------------------------------------
    case("js-half-typed-eof", TS, 'client.responses.create({ model: "«gpt-4o»",', Ref(surface=S.RESPONSES)),
    case(
        "js-half-typed-then-more",
        TS,
        'const r = await client.chat.completions.create({ model: "«gpt-4o»", stream: true,\nfunction other() {}\nconst x = 1;\n',
        Ref(streams=True),
    ),
    case(
        "js-broken-line-above",
        JS,
        'const = = ;\nawait client.chat.completions.create({ model: "«gpt-4o»", messages });\n',
        Ref(),
    ),
    # --- negatives ----------------------------------------------------------------------
    case("js-log", JS, 'console.log("using gpt-4o");\nlogger.info(`model: gpt-4o`);\n'),
    case("js-comment", TS, '// await client.chat.completions.create({ model: "gpt-4o" })\n/* model: "gpt-4o" */\n'),
    case("js-template-substitution", TS, "await client.chat.completions.create({ model: `gpt-${v}`, messages });\n"),
    case(
        "js-message-content",
        TS,
        'await client.chat.completions.create({ model: m, messages: [{ role: "user", content: "gpt-4o" }] });\n',
    ),
    case("js-map-key", TS, 'const PRICES: Record<string, number> = { "gpt-4o": 2.5 };\n'),
    case(
        "js-unrelated-model-key",
        TS,
        'const car = await prisma.car.create({ data: { model: "Model S" } });\nmongoose.model("User", schema);\n',
    ),
    case(
        "js-anthropic",
        TS,
        'import Anthropic from "@anthropic-ai/sdk";\nconst a = new Anthropic();\nawait a.messages.create({ model: "claude-sonnet-4-0", max_tokens: 5, messages });\n',
    ),
    case(
        "js-groq-same-shape",
        TS,
        'import Groq from "groq-sdk";\nconst client = new Groq();\nawait client.chat.completions.create({ model: "llama3-8b-8192", messages });\n',
    ),
    case(
        "js-openai-instance-not-vercel",
        TS,
        'import OpenAI from "openai";\nconst openai = new OpenAI();\nconst x = openai.chat("gpt-4o");\n',
    ),
    case(
        "js-vercel-other-provider",
        TS,
        'import { anthropic } from "@ai-sdk/anthropic";\nconst m = anthropic("claude-3-5-sonnet-latest");\n',
    ),
]


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_js_snippet(c: Case) -> None:
    check(c, "openai-node")


def test_corpus_ids_are_unique() -> None:
    assert len({c.id for c in CASES}) == len(CASES)
