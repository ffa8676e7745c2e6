"""Requests sent without an SDK method still name a model the API will be asked for.

Realtime / Responses WebSocket events, raw HTTP bodies to the OpenAI API, SDK methods whose
model sits inside a nested session, and typed params objects built in one place and sent in
another. Mocked responses and other providers' endpoints stay silent.
"""

from __future__ import annotations

import pytest

from openai_access.references import Surface as S

from .markers import Case, Ref, case, check

P, JS, TS = "python", "javascript", "typescript"
PAY = "payload"

CASES: list[Case] = [
    # --- realtime / WebSocket events ----------------------------------------------------
    case(
        "py-session-update-event",
        P,
        """event = {
    "type": "session.update",
    "session": {"model": "«gpt-realtime»", "input_audio_transcription": {"model": "«whisper-1»"}},
}
await ws.send(json.dumps(event))
""",
        Ref(surface=S.REALTIME, client=PAY),
        Ref(surface=S.AUDIO_TRANSCRIPTIONS, client=PAY),
    ),
    case(
        "js-session-update-ga-shape",
        JS,
        """const MODEL = "«gpt-realtime»";
dc.send(JSON.stringify({
  type: "session.update",
  session: { type: "realtime", model: MODEL, audio: { input: { transcription: { model: "«gpt-4o-transcribe»" } } } },
}));
""",
        Ref(surface=S.REALTIME, client=PAY, via=True),
        Ref(surface=S.AUDIO_TRANSCRIPTIONS, client=PAY),
    ),
    case(
        "js-responses-websocket-response-create",
        TS,
        """ws.send(JSON.stringify({ type: "response.create", model: "«gpt-5»", input: [] }));
""",
        Ref(surface=S.RESPONSES, client=PAY),
    ),
    case(
        "py-sdk-session-update-method",
        P,
        """async with client.realtime.connect(model="«gpt-realtime»") as conn:
    await conn.session.update(session={"type": "realtime", "model": "«gpt-realtime-mini»"})
""",
        Ref(surface=S.REALTIME),
        Ref(surface=S.REALTIME),
    ),
    case(
        "py-sdk-client-secrets-nested-session",
        P,
        """secret = client.realtime.client_secrets.create(session={"type": "realtime", "model": "«gpt-realtime»"})
""",
        Ref(surface=S.REALTIME),
    ),
    case(
        "event-type-in-prose-or-other-key",
        P,
        """print("send a session.update event")
handlers = {"session.update": on_update}
msg = {"kind": "session.update", "session": {"model": "gpt-realtime"}}
""",
    ),
    # --- raw HTTP -----------------------------------------------------------------------
    case(
        "py-requests-post-json",
        P,
        """resp = requests.post(
    "https://api.openai.com/v1/chat/completions",
    headers={"Authorization": f"Bearer {key}"},
    json={"model": "«gpt-4o-mini»", "messages": msgs, "stream": True},
)
""",
        Ref(client=PAY, streams=True),
    ),
    case(
        "py-httpx-fstring-url-and-dumps",
        P,
        """API = "https://api.openai.com/v1"
payload = {"model": "«text-embedding-3-small»", "input": texts}
r = await http.post(f"{API}/embeddings", data=json.dumps(payload))
""",
        Ref(surface=S.EMBEDDINGS, client=PAY, via=True),
    ),
    case(
        "py-sdk-low-level-post",
        P,
        """client = OpenAI()
client.post(f"/realtime/calls/{call_id}/accept", body={"type": "realtime", "model": "«gpt-realtime»"}, cast_to=dict)
""",
        Ref(surface=S.REALTIME, client=PAY),
    ),
    case(
        "py-url-from-openai-named-setting",
        P,
        """requests.post(settings.OPENAI_BASE_URL + "/responses", json={"model": "«o4-mini»", "input": q})
""",
        Ref(surface=S.RESPONSES, client=PAY),
    ),
    case(
        "js-fetch-json-stringify",
        JS,
        """const res = await fetch("https://api.openai.com/v1/chat/completions", {
  method: "POST",
  headers,
  body: JSON.stringify({ model: "«gpt-4o»", messages }),
});
""",
        Ref(client=PAY),
    ),
    case(
        "js-fetch-template-url-body-variable",
        TS,
        """const body = { model: "«gpt-image-1»", prompt };
await fetch(`${OPENAI_API_BASE}/images/generations`, { method: "POST", body: JSON.stringify(body) });
""",
        Ref(surface=S.IMAGES, client=PAY, via=True),
    ),
    case(
        "js-axios-post-data",
        JS,
        """await axios.post("https://api.openai.com/v1/audio/speech", { model: "«tts-1»", input, voice: "alloy" });
""",
        Ref(surface=S.AUDIO_SPEECH, client=PAY),
    ),
    case(
        "http-other-host-or-own-backend",
        JS,
        """await fetch("http://localhost:11434/v1/chat/completions", { body: JSON.stringify({ model: "llama3" }) });
await fetch("/api/chat", { method: "POST", body: JSON.stringify({ model: "gpt-4o" }) });
await fetch(`${baseUrl}/chat/completions`, { body: JSON.stringify({ model: "gpt-4o" }) });
""",
    ),
    case(
        "py-mocked-response",
        P,
        """MOCK = {"id": "chatcmpl-1", "object": "chat.completion", "model": "gpt-4o", "choices": []}
respx.post("https://api.openai.com/v1/chat/completions").mock(return_value=httpx.Response(200, json=MOCK))
""",
    ),
    # --- typed params objects -----------------------------------------------------------
    case(
        "ts-typed-params-sent-elsewhere",
        TS,
        """const params: OpenAI.Chat.ChatCompletionCreateParams = { model: "«gpt-4o»", messages };
await send(params);
""",
        Ref(client="openai-node"),
    ),
    case(
        "ts-satisfies-and-return-type",
        TS,
        """const a = { model: "«gpt-5-mini»", input } satisfies ResponseCreateParamsNonStreaming;
function build(): OpenAI.Embeddings.EmbeddingCreateParams {
  return { model: "«text-embedding-3-large»", input: texts };
}
""",
        Ref(surface=S.RESPONSES, client="openai-node"),
        Ref(surface=S.EMBEDDINGS, client="openai-node"),
    ),
    case(
        "py-typed-params-dict",
        P,
        """from openai.types.chat import CompletionCreateParams
params: CompletionCreateParams = {"model": "«gpt-4.1»", "messages": m}
queue.put(params)
""",
        Ref(),
    ),
    case(
        "py-typeddict-call",
        P,
        """from openai.types import EmbeddingCreateParams
p = EmbeddingCreateParams(model="«text-embedding-3-small»", input=["x"])
""",
        Ref(surface=S.EMBEDDINGS),
    ),
    case(
        "ts-typed-params-and-call-one-reference",
        TS,
        """const p: OpenAI.Chat.ChatCompletionCreateParams = { model: "«gpt-4o»", messages };
await client.chat.completions.create(p);
""",
        Ref(client="openai-node", via=True),
    ),
]


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_payload(c: Case) -> None:
    check(c, "openai" if c.language == P else "openai-node")


def test_payload_ids_are_unique() -> None:
    assert len({c.id for c in CASES}) == len(CASES)
