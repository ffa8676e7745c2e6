"""The requests that ask the API, through the official SDK, as cheaply as the API allows.

One ``Prober`` per project identity and event loop. It sends exactly what it is told (the
service decides the ladder and the caching) and returns a ``Classified`` for each answer. What
it owns: building the SDK client (``max_retries=0``: the SDK would retry even a quota 429), the
request bodies, a concurrency bound, and the rate-limit backoff.

Request bodies (see ``reference/openai-errors.md`` §6):

- free, rejected at parameter validation (after the project / existence checks, before
  verification): chat ``max_completion_tokens: 0`` with one empty user message (no
  temperature: reasoning models reject it); responses ``max_output_tokens: 15`` (minimum 16);
  completions ``max_tokens: 0``; embeddings ``dimensions: 0`` -- **GUESS**: no capture shows the
  embeddings validation order; ``dimensions`` is an integer the API bounds below by 1 (models
  without it reject it as unsupported, also a 400), so it should cost nothing either way.
- paid, minimal, only where verification can gate (chat and responses): chat
  ``max_completion_tokens: 1``; responses ``max_output_tokens: 16`` with input ``"."``;
  ``stream: true`` only for the STREAM capability (the stream is closed after the headers);
  ``reasoning: {"summary": "auto"}`` only for REASONING_SUMMARY (a Responses feature).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

from openai_access.access.answers import ModelList, ModelPolicy, Outcome
from openai_access.access.classify import Category, Classified, classify, foreign_success
from openai_access.access.identity import ApiKey, ProjectIdentity
from openai_access.access.ratelimits import read_rate_limits
from openai_access.references import Capability

log = logging.getLogger(__name__)


class Endpoint(str, Enum):
    CHAT = "/v1/chat/completions"
    RESPONSES = "/v1/responses"
    COMPLETIONS = "/v1/completions"
    EMBEDDINGS = "/v1/embeddings"

    @property
    def paid_capable(self) -> bool:
        """Only where organization verification can gate is a paid probe worth its cost."""
        return self in (Endpoint.CHAT, Endpoint.RESPONSES)


@dataclass(frozen=True, slots=True)
class ListResult:
    models: ModelList | None  # None when the list could not be read
    answer: Classified | None  # the failure, when there was one


@dataclass(frozen=True, slots=True)
class PolicyResult:
    policy: ModelPolicy | None  # None when there is none to read (no policy set, or the call failed)
    answer: Classified | None  # the answer, for the service to tell "none set" from a refused admin key


Sleep = Callable[[float], Awaitable[None]]


class Prober:
    def __init__(
        self,
        identity: ProjectIdentity,
        key: ApiKey,
        *,
        timeout: float = 10.0,
        concurrency: int = 8,
        max_rate_retries: int = 2,
        max_retry_delay: float = 60.0,
        clock: Callable[[], float] = time.time,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.identity = identity
        self._key = key
        self._timeout = timeout
        self._sem = asyncio.Semaphore(max(1, concurrency))
        self._max_rate_retries = max_rate_retries
        self._max_retry_delay = max_retry_delay
        self._clock = clock
        self._sleep = sleep
        self._client: Any = None
        self.requests_sent = 0
        self.admin_requests_sent = 0
        self._admin_key: ApiKey | None = None
        self._admin_client: Any = None
        self.stopped: Callable[[], bool] = lambda: False  # set by the service: an account issue

    def _sdk(self) -> Any:
        if self._client is None:
            import openai  # lazy: importing the SDK costs more than the rest of start-up

            client = openai.AsyncOpenAI(
                api_key=self._key.reveal(),
                base_url=self.identity.base_url,
                organization=self.identity.organization,
                project=self.identity.project,
                max_retries=0,
                timeout=self._timeout,
            )
            # The SDK fills these from os.environ when given None; the identity is the truth.
            client.organization = self.identity.organization
            client.project = self.identity.project
            self._client = client
        return self._client

    def use_admin_key(self, key: ApiKey) -> None:
        """The admin key, for the one Admin API read (model permissions); never sent with model requests."""
        self._admin_key = key

    def _admin_sdk(self) -> Any:
        if self._admin_client is None:
            import openai

            assert self._admin_key is not None
            # A client of its own: no OpenAI-Organization / OpenAI-Project headers, no API key.
            client = openai.AsyncOpenAI(
                api_key="",
                admin_api_key=self._admin_key.reveal(),
                base_url=self.identity.base_url,
                max_retries=0,
                timeout=self._timeout,
            )
            client.organization = None
            client.project = None
            self._admin_client = client
        return self._admin_client

    async def aclose(self) -> None:
        for name in ("_client", "_admin_client"):
            client = getattr(self, name)
            setattr(self, name, None)
            if client is not None:
                # Closing on a dead loop, etc.: nothing left to release.
                with contextlib.suppress(Exception):
                    await client.close()

    # -- one request ----------------------------------------------------------------------
    async def _send(self, call: Callable[[Any], Awaitable[Any]], *, admin: bool = False) -> tuple[Classified, Any]:
        """Send one request; every failure becomes a ``Classified`` without either key, never an exception."""
        answer, payload = await self._send_once(call, admin=admin)
        answer = _without(answer, self._key.reveal())
        if self._admin_key is not None:
            answer = _without(answer, self._admin_key.reveal())
        return answer, payload

    async def _send_once(self, call: Callable[[Any], Awaitable[Any]], *, admin: bool) -> tuple[Classified, Any]:
        import openai

        async with self._sem:
            if admin:
                self.admin_requests_sent += 1
            else:
                self.requests_sent += 1
            try:
                # The SDK's timeout bounds each read; a byte a second never trips it. This bounds the whole.
                async with asyncio.timeout(self._timeout):
                    result = await call(self._admin_sdk() if admin else self._sdk())
            except TimeoutError:
                log.info("no complete answer from %s within %g s", self.identity.base_url, self._timeout)
                return classify(None), None
            except openai.APIStatusError as e:
                answer = classify(e.status_code, e.body, e.response.headers, now=self._clock())
                return _with_limits(answer, e.response.headers, self._clock()), None
            except openai.APIConnectionError as e:
                log.info("no answer from %s: %s", self.identity.base_url, type(e).__name__)
                return classify(None), None
            except openai.APIError as e:  # e.g. an error event inside a stream
                return classify(None if e.body is None else 500, e.body, now=self._clock()), None
            except Exception as e:  # unreadable answer, a transport error the SDK did not wrap
                log.warning("probe failed at %s: %s", self.identity.base_url, type(e).__name__)
                return classify(None), None
        status, headers, payload, foreign = result
        answer = classify(status, None, headers, now=self._clock(), foreign=foreign)
        return _with_limits(answer, headers, self._clock()), payload

    async def _with_backoff(self, call: Callable[[Any], Awaitable[Any]]) -> tuple[Classified, Any]:
        """Retry rate limits as the headers say, a bounded number of times."""
        attempt = 0
        while True:
            answer, payload = await self._send(call)
            if answer.category is not Category.RATE_LIMITED or answer.retry_useless:
                return answer, payload
            if attempt >= self._max_rate_retries or self.stopped():
                return answer, payload
            delay = answer.retry_after if answer.retry_after is not None else 2.0**attempt
            if delay > self._max_retry_delay:
                return answer, payload
            attempt += 1
            await self._sleep(delay)

    # -- the model list -------------------------------------------------------------------
    async def list_models(self) -> ListResult:
        async def call(client: Any) -> tuple[int, Any, Any, str | None]:
            raw = await client.models.with_raw_response.list()
            foreign = foreign_success(raw.content)
            if foreign is not None:
                return raw.status_code, raw.headers, None, foreign
            page = raw.parse()
            return raw.status_code, raw.headers, [m.id for m in page.data], None

        answer, ids = await self._with_backoff(call)
        if answer.category is Category.MODEL and isinstance(ids, list):
            listed = frozenset(i for i in ids if isinstance(i, str))
            return ListResult(ModelList(listed, self._clock(), answer.project), answer)
        return ListResult(None, answer)

    # -- the project's model permissions (Admin API) ----------------------------------------
    async def model_permissions(self, project_id: str) -> PolicyResult:
        """``GET /v1/organization/projects/{project_id}/model_permissions`` with the admin key, once."""

        async def call(client: Any) -> tuple[int, Any, Any, str | None]:
            raw = await client.admin.organization.projects.model_permissions.with_raw_response.retrieve(project_id)
            foreign = foreign_success(raw.content)
            if foreign is not None:
                return raw.status_code, raw.headers, None, foreign
            parsed = raw.parse()
            return raw.status_code, raw.headers, (parsed.mode, list(parsed.api_model_ids)), None

        answer, payload = await self._send(call, admin=True)
        if answer.category is Category.MODEL and answer.outcome is Outcome.OK and isinstance(payload, tuple):
            mode, ids = payload
            policy = ModelPolicy(str(mode), frozenset(i for i in ids if isinstance(i, str)), self._clock(), project_id)
            return PolicyResult(policy, answer)
        return PolicyResult(None, answer)

    # -- one model ------------------------------------------------------------------------
    async def probe(self, model: str, endpoint: Endpoint, capability: Capability, *, paid: bool) -> Classified:
        body = request_body(model, endpoint, capability, paid=paid)

        async def call(client: Any) -> tuple[int, Any, Any, str | None]:
            resource = {
                Endpoint.CHAT: lambda: client.chat.completions,
                Endpoint.RESPONSES: lambda: client.responses,
                Endpoint.COMPLETIONS: lambda: client.completions,
                Endpoint.EMBEDDINGS: lambda: client.embeddings,
            }[endpoint]()
            # A stream is closed after its headers; a JSON body (small: one token at most) is read,
            # bounded, to tell OpenAI's answer from a proxy's page.
            async with resource.with_streaming_response.create(**body) as response:
                if "text/event-stream" in response.headers.get("content-type", ""):
                    return response.status_code, response.headers, None, None
                data = b""
                async for chunk in response.iter_bytes():
                    data += chunk
                    if len(data) > _MAX_SUCCESS_BODY:
                        break
                return response.status_code, response.headers, None, foreign_success(data)

        answer, _ = await self._with_backoff(call)
        return answer


_MAX_SUCCESS_BODY = 256 * 1024


def _without(answer: Classified, secret: str) -> Classified:
    """The answer with every echo of the exact key removed (``classify`` only knows key shapes)."""

    def clean(value: str | None) -> str | None:
        return value.replace(secret, "…") if value and secret else value

    return replace(
        answer,
        message=clean(answer.message),
        error_code=clean(answer.error_code),
        error_param=clean(answer.error_param),
        error_type=clean(answer.error_type),
        request_id=clean(answer.request_id),
        project=clean(answer.project),
        organization=clean(answer.organization),
    )


def _with_limits(answer: Classified, headers: Any, now: float) -> Classified:
    """Keep the answer's rate-limit headers: free knowledge of the project's limits for the model."""
    limits = read_rate_limits(headers, now)
    return replace(answer, rate_limits=limits) if limits is not None else answer


def request_body(model: str, endpoint: Endpoint, capability: Capability, *, paid: bool) -> dict[str, Any]:
    if endpoint is Endpoint.CHAT:
        body: dict[str, Any] = {
            "model": model,
            "messages": [{"role": "user", "content": ""}],
            "max_completion_tokens": 1 if paid else 0,
        }
    elif endpoint is Endpoint.RESPONSES:
        body = {"model": model, "input": ".", "max_output_tokens": 16 if paid else 15}
        if paid and capability is Capability.REASONING_SUMMARY:
            body["reasoning"] = {"summary": "auto"}
    elif endpoint is Endpoint.COMPLETIONS:
        body = {"model": model, "prompt": "", "max_tokens": 1 if paid else 0}
    else:
        body = {"model": model, "input": "."}
        if not paid:
            body["dimensions"] = 0
    if paid and capability is Capability.STREAM and endpoint.paid_capable:
        body["stream"] = True
    return body
