"""A fake OpenAI HTTP API on 127.0.0.1, scripted per test.

Why: every layer above the prober (LSP tests, VS Code / Neovim end-to-end tests, benchmarks,
``doctor``) needs an OpenAI that answers like the real one -- same statuses, bodies, headers and
*order of checks* -- without a key or the internet. Bodies follow
``/work/shared/reference/openai-errors.md``; where that reference says GUESS, so does this file.

Use in a test (in process)::

    from tests.fake_openai import FakeOpenAI   # or: from fake_openai import FakeOpenAI

    with FakeOpenAI({"models": {"gpt-4o": "ok", "o3": ["verify-stream"]}}) as fake:
        env = {"OPENAI_API_KEY": "sk-test-FAKE0000", "OPENAI_BASE_URL": fake.base_url}
        ...
        assert fake.count(path="/v1/chat/completions") == 2
        fake.set_model("gpt-4o", "blocked")       # switch an answer mid-test
        fake.update(account="quota")              # or any scenario key

As a process (editor end-to-end tests, benchmarks)::

    python tests/fake_openai.py --port 0 --scenario scenario.json [--log requests.jsonl]

prints the port alone on its first stdout line, then the base URL (``http://127.0.0.1:PORT/v1``),
and serves until killed. ``--log`` appends every recorded request as one JSON line.
Control endpoints (never recorded, never need a key): ``GET /__fake__/requests`` (the log as a JSON
list), ``POST /__fake__/scenario`` (JSON object merged into the scenario), ``POST /__fake__/reset``
(forget recorded requests).

Scenario (a JSON object; every key optional)::

    {
      "models": {                    # model id -> behaviour, or a list of behaviours
        "gpt-4o": "ok",
        "o3": ["verify-stream", "verify-summary"]
      },
      "default": "not-found",        # behaviour of a model absent from "models"
      "list": null,                  # ids GET /v1/models returns; null = every model in "models"
                                     #   except retired and the not-found variants
      "account": "ok",               # an account behaviour (below)
      "api_key": null,               # when set, any other bearer key gets 401 invalid_api_key
      "organization": "org-FAKEfakeFAKEfakeFAKEfake",  # openai-organization response header
      "project": "proj_FAKEfakeFAKEfakeFAKE0001",      # openai-project header and the 403 message
      "expect_organization": null,   # when set, a different OpenAI-Organization header -> 401
      "expect_project": null,        # when set, a different OpenAI-Project header -> 401
      "latency_ms": 0,               # added before every answer
      "pretty": 0,                   # indent of JSON error bodies (0 = compact, 2 or 4 = pretty)
      "retry_after": "1",            # rate-limit: retry-after header (seconds or an HTTP date)
      "retry_after_ms": null,        # rate-limit: retry-after-ms header, when set
      "rate_limit_times": 1,         # rate-limit: how many 429s before answering normally (-1 = always)
      "hang_seconds": 30,            # hang: how long to hold the connection before closing it
      "missing_scope_status": 403,   # missing-scope: 403 (seen with OAuth) or 401 (a fixture's)
      "malformed_status": 500,       # malformed-json: status sent with the truncated JSON body
      "foreign_status": 403,         # foreign: status of the answer that is not OpenAI's
      "foreign_body": "html",        # foreign: "html" | "empty" | "braces" ({}) | "text"
      "drip_where": "body",          # drip: "headers" or "body" arrives one byte at a time
      "drip_interval_ms": 200,       # drip: pause between bytes
      "admin_key": "sk-admin-FAKEfake0000",  # the only key the Admin API accepts (others: 401)
      "rate_limits": {"*": {"requests": 5000, "tokens": 800000}},  # x-ratelimit-* on model answers
                                     #   (200s and 400s; "*" for any model, or per model id; {} = none)
      "key_projects": {},            # API key -> {"project": "proj_…", "models": {...}}: per-key project
                                     #   (several projects at once); keys absent use the top level
      "model_permissions": null      # project id -> {"mode": "allow_list"|"deny_list", "model_ids": [...]};
                                     #   a project absent from it has no policy (404, GUESS)
    }

Admin API (``GET /v1/organization/projects/{project_id}/model_permissions``, as in openai-node
``resources/admin/organization/projects/model-permissions.ts``): with ``admin_key`` it answers
``{"object": "project.model_permissions", "mode": …, "model_ids": […]}`` for a project in
``model_permissions``, else 404 (GUESS: the answer when no policy is set is undocumented); any other
key gets 401 ``invalid_api_key`` echoing the key masked (GUESS: not captured for admin paths).

Model behaviours (checked in the real API's order: auth -> account -> project block / not found /
retired -> parameter validation -> verification -> success):

- ``ok``: success (non-streaming JSON; ``stream: true`` answers as SSE ending in ``[DONE]``).
- ``blocked``: 403 ``Project `proj_…` does not have access to model `m``` / ``model_not_found``.
- ``verify-use``: after validation, 404 ``model_not_found`` "must be verified to use the model"
  on chat/responses/other text APIs; 403 with ``code: null`` on images and videos.
- ``verify-stream``: after validation, a request with ``stream: true`` gets 400 param ``stream``.
- ``verify-summary``: after validation, a request with ``reasoning.summary`` gets 400 param
  ``reasoning.summary``.
- ``retired``: 404 "The model `m` has been deprecated, learn more here: …".
- ``not-found``: 404 "The model `m` does not exist or you do not have access to it.".
- ``not-found-400``: 400 "The requested model 'm' does not exist." with param ``model``.
- ``legacy-not-found``: 404 "That model does not exist", ``code: null`` (2023 form).
- ``not-chat``: on ``/v1/chat/completions``, 404 "This is not a chat model and thus not supported in the
  v1/chat/completions endpoint. Did you mean to use v1/completions?" (param ``model``, code null).
- ``no-embeddings``: on ``/v1/embeddings``, 403 "You are not allowed to generate embeddings from this
  model" (param and code null). Both wrong-endpoint answers come after the existence checks and before
  parameter validation (GUESS: the order is not captured). Other endpoints answer normally.

Account behaviours:

- ``bad-key``: 401 ``invalid_api_key``, echoing the sent key masked as the real API does
  (``sk-test-***0000``) -- so callers must scrub it. Every path.
- ``org-mismatch`` / ``project-mismatch``: 401 ``mismatched_organization`` / ``mismatched_project``.
  Every path.
- ``region``: 403 ``unsupported_country_region_territory`` (keys in the order code, message, param,
  type). Every path.
- ``missing-scope``: ``GET /v1/models`` only gets "Missing scopes: api.model.read"; model requests
  answer normally.
- ``quota``: 429 ``insufficient_quota``. ``billing-not-active``: 429 ``billing_not_active``.
  POSTs only (GUESS: listing models is free, so we let it through).
- ``rate-limit``: 429 ``rate_limit_exceeded`` with ``retry-after`` (and ``retry-after-ms`` when
  set) for the first ``rate_limit_times`` POSTs, then normal answers.
- ``server-error-plain-text``: 500 with a ``text/plain`` body. Every path.
- ``malformed-json``: ``malformed_status`` with a truncated JSON body. Every path.
- ``hang``: reads the request, then sends nothing for ``hang_seconds``. Every path.

Fault modes (what a proxy, a firewall or a hostile endpoint does; every path):

- ``foreign``: ``foreign_status`` with a body that is not an OpenAI envelope: an HTML page, an
  empty body, ``{}`` or plain text (``foreign_body``).
- ``drip``: the normal answer, but its headers or body (``drip_where``) arrive one byte every
  ``drip_interval_ms`` (stops after ``hang_seconds``), so no single read ever times out.
- ``echo-key``: the normal answer, but the bearer key is echoed in ``x-request-id``,
  ``openai-project``, ``openai-organization`` and, on errors, the error's ``param``, ``code`` and
  ``type``.

Parameter validation the fake performs (free probes rely on these): chat ``max_completion_tokens``
/ ``max_tokens`` >= 1, completions ``max_tokens`` >= 1, responses ``max_output_tokens`` >= 16,
embeddings ``dimensions`` >= 1 (GUESS: the real message for embeddings is not captured), images
``n`` >= 1. A POST without ``model`` gets 400 param ``model``.

Each recorded request is a dict: ``method``, ``path``, ``body`` (parsed JSON or None),
``auth`` (an Authorization header was present), ``organization`` / ``project`` (the
OpenAI-Organization / OpenAI-Project headers sent, or None). The key itself is never recorded.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# An obviously fake key for tests and demos (the fake accepts any key unless "api_key" is set).
FAKE_KEY = "sk-test-FAKE0000"

DEFAULT_SCENARIO: dict[str, Any] = {
    "models": {},
    "default": "not-found",
    "list": None,
    "account": "ok",
    "api_key": None,
    "organization": "org-FAKEfakeFAKEfakeFAKEfake",
    "project": "proj_FAKEfakeFAKEfakeFAKE0001",
    "expect_organization": None,
    "expect_project": None,
    "latency_ms": 0,
    "pretty": 0,
    "retry_after": "1",
    "retry_after_ms": None,
    "rate_limit_times": 1,
    "hang_seconds": 30,
    "missing_scope_status": 403,
    "malformed_status": 500,
    "foreign_status": 403,
    "foreign_body": "html",
    "drip_where": "body",
    "drip_interval_ms": 200,
    "admin_key": "sk-admin-FAKEfake0000",
    "model_permissions": None,
    "key_projects": {},
    "rate_limits": {"*": {"requests": 5000, "tokens": 800000}},
}
# The admin key the fake accepts by default (obviously fake).
FAKE_ADMIN_KEY = "sk-admin-FAKEfake0000"

MODEL_BEHAVIOURS = frozenset(
    {
        "ok",
        "blocked",
        "verify-use",
        "verify-stream",
        "verify-summary",
        "retired",
        "not-found",
        "not-found-400",
        "legacy-not-found",
        "not-chat",
        "no-embeddings",
    }
)
ACCOUNT_BEHAVIOURS = frozenset(
    {
        "ok",
        "bad-key",
        "quota",
        "billing-not-active",
        "region",
        "org-mismatch",
        "project-mismatch",
        "missing-scope",
        "rate-limit",
        "server-error-plain-text",
        "malformed-json",
        "hang",
        "foreign",
        "drip",
        "echo-key",
    }
)
_FOREIGN_BODIES: dict[str, tuple[bytes, str]] = {
    "html": (
        b"<html><head><title>403 Forbidden</title></head><body><h1>Forbidden</h1>"
        b"<p>Request blocked by the corporate proxy.</p></body></html>",
        "text/html; charset=utf-8",
    ),
    "empty": (b"", "text/plain"),
    "braces": (b"{}", "application/json"),
    "text": (b"Bad Request: upstream rejected the request", "text/plain; charset=utf-8"),
}
_ABSENT = frozenset({"retired", "not-found", "not-found-400", "legacy-not-found"})

VERIFY_TAIL = (
    "Please go to: https://platform.openai.com/settings/organization/general and click on "
    "Verify Organization. If you just verified, it can take up to 15 minutes for access to propagate."
)

# Text endpoints and their minimum-token parameter: (param, minimum).
_TEXT_ENDPOINTS: dict[str, list[tuple[str, int]]] = {
    "/v1/chat/completions": [("max_completion_tokens", 1), ("max_tokens", 1)],
    "/v1/responses": [("max_output_tokens", 16)],
    "/v1/completions": [("max_tokens", 1)],
    "/v1/embeddings": [("dimensions", 1)],  # GUESS (see module docstring)
    "/v1/images/generations": [("n", 1)],
    "/v1/images/edits": [("n", 1)],
    "/v1/videos": [],
    "/v1/audio/speech": [],
    "/v1/moderations": [],
}
_MEDIA_PATHS = ("/v1/images/", "/v1/videos")


def error_body(
    message: str,
    type_: str | None = "invalid_request_error",
    param: str | None = None,
    code: str | None = None,
) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


def mask_key(key: str) -> str:
    """Mask a key the way the 401 message does: the first 8 characters, stars, the last 4."""
    if len(key) <= 12:
        return key[:3] + "*" * max(len(key) - 3, 0)
    return key[:8] + "*" * (len(key) - 12) + key[-4:]


class _Answer:
    """One response to send: status, headers, body bytes (or a stream of SSE chunks)."""

    def __init__(
        self,
        status: int,
        body: bytes | None = None,
        *,
        content_type: str = "application/json",
        headers: Mapping[str, str] | None = None,
        sse: list[bytes] | None = None,
        hang: float = 0.0,
        drip: tuple[str, float, float] | None = None,
    ) -> None:
        self.status = status
        self.body = body or b""
        self.content_type = content_type
        self.headers = dict(headers or {})
        self.sse = sse
        self.hang = hang
        self.drip = drip  # (where, seconds between bytes, give up after seconds)


class FakeOpenAI:
    """The fake server: start/stop (or use as a context manager), script, inspect requests."""

    def __init__(self, scenario: Mapping[str, Any] | None = None, *, log_path: str | None = None) -> None:
        self._lock = threading.Lock()
        self.scenario: dict[str, Any] = json.loads(json.dumps(DEFAULT_SCENARIO))
        self.update(**dict(scenario or {}))
        self.requests: list[dict[str, Any]] = []
        self._rate_limited = 0
        self._stopping = threading.Event()
        self._log_path = log_path
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------
    def start(self, port: int = 0) -> FakeOpenAI:
        fake = self

        class Handler(_Handler):
            owner = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeOpenAI:
        return self.start() if self._server is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the fake first"
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    # -- scripting ------------------------------------------------------------------------
    def update(self, **changes: Any) -> None:
        """Merge scenario keys (``models`` replaces the whole mapping; see ``set_model``)."""
        with self._lock:
            for key, value in changes.items():
                if key not in DEFAULT_SCENARIO:
                    raise ValueError(f"unknown scenario key {key!r}")
                if key == "account" and value not in ACCOUNT_BEHAVIOURS:
                    raise ValueError(f"unknown account behaviour {value!r}")
                if key == "models":
                    value = {m: self._behaviours(b) for m, b in dict(value).items()}
                if key == "default":
                    self._behaviours(value)
                if key == "key_projects":
                    value = {
                        k: (
                            {**v, "models": {m: self._behaviours(b) for m, b in dict(v["models"]).items()}}
                            if "models" in v
                            else dict(v)
                        )
                        for k, v in dict(value).items()
                    }
                self.scenario[key] = value
            if "account" in changes:
                self._rate_limited = 0

    def set_model(self, model: str, behaviour: str | list[str]) -> None:
        with self._lock:
            self.scenario["models"][model] = self._behaviours(behaviour)

    @staticmethod
    def _behaviours(value: str | list[str]) -> list[str]:
        items = [value] if isinstance(value, str) else list(value)
        for item in items:
            if item not in MODEL_BEHAVIOURS:
                raise ValueError(f"unknown model behaviour {item!r}")
        return items

    # -- inspection -----------------------------------------------------------------------
    def count(self, *, path: str | None = None, model: str | None = None, method: str | None = None) -> int:
        return len(list(self.matching(path=path, model=model, method=method)))

    def matching(
        self, *, path: str | None = None, model: str | None = None, method: str | None = None
    ) -> Iterator[dict[str, Any]]:
        with self._lock:
            snapshot = list(self.requests)
        for r in snapshot:
            if path is not None and r["path"] != path:
                continue
            if method is not None and r["method"] != method:
                continue
            if model is not None and not (isinstance(r["body"], dict) and r["body"].get("model") == model):
                continue
            yield r

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self._rate_limited = 0

    # -- answering ------------------------------------------------------------------------
    def _record(self, entry: dict[str, Any]) -> None:
        with self._lock:
            self.requests.append(entry)
        if self._log_path:
            with open(self._log_path, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry) + "\n")

    def _json(self, status: int, body: Any, *, error: bool) -> _Answer:
        indent = self.scenario["pretty"] or None
        data = json.dumps(body, indent=indent).encode()
        ctype = "application/json; charset=utf-8" if error else "application/json"
        return _Answer(status, data, content_type=ctype)

    def answer(self, method: str, path: str, body: Any, key: str | None, org: str | None, proj: str | None) -> _Answer:
        """Decide the response, in the real API's order of checks."""
        with self._lock:
            sc = json.loads(json.dumps(self.scenario))
        account = sc["account"]
        if sc["latency_ms"]:
            time.sleep(sc["latency_ms"] / 1000)
        if account == "hang":
            return _Answer(0, hang=float(sc["hang_seconds"]))
        if account == "server-error-plain-text":
            return _Answer(500, b"Internal Server Error", content_type="text/plain; charset=utf-8")
        if account == "foreign":
            data, ctype = _FOREIGN_BODIES[str(sc["foreign_body"])]
            return _Answer(int(sc["foreign_status"]), data, content_type=ctype)
        if account in ("drip", "echo-key"):
            ans = self.answer_normally(method, path, body, key, org, proj, sc)
            if account == "drip":
                ans.drip = (str(sc["drip_where"]), float(sc["drip_interval_ms"]) / 1000, float(sc["hang_seconds"]))
            elif key is not None:
                _echo(ans, key)
            return ans
        return self.answer_normally(method, path, body, key, org, proj, sc)

    def answer_normally(
        self, method: str, path: str, body: Any, key: str | None, org: str | None, proj: str | None, sc: Any
    ) -> _Answer:
        """The real API's answer, without the scenario's fault modes."""
        account = sc["account"]
        is_post = method == "POST"
        if account == "malformed-json":
            return _Answer(
                int(sc["malformed_status"]),
                b'{"error": {"message": "The server had an err',
                content_type="application/json; charset=utf-8",
            )
        # 1. authentication
        if key is None:
            return self._json(
                401,
                error_body(
                    "You didn't provide an API key. You need to provide your API key in an Authorization "
                    "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field "
                    "(i.e. YOUR_KEY) if you're accessing the API from your browser and are prompted for a "
                    "username. You can obtain an API key from https://platform.openai.com/account/api-keys.",
                ),
                error=True,
            )
        if path.startswith("/v1/organization/"):
            return self._admin(method, path, key, sc)
        if account == "bad-key" or (sc["api_key"] is not None and key != sc["api_key"]):
            return self._json(
                401,
                error_body(
                    f"Incorrect API key provided: {mask_key(key)}. You can find your API key at "
                    "https://platform.openai.com/account/api-keys.",
                    code="invalid_api_key",
                ),
                error=True,
            )
        per_key = sc["key_projects"].get(key)
        if per_key:  # this key reaches another project, with its own models
            sc = {**sc, **per_key}
        # 2. account
        if account == "org-mismatch" or (sc["expect_organization"] and org != sc["expect_organization"]):
            return self._json(
                401,
                error_body(
                    "OpenAI-Organization header should match organization for API key",
                    code="mismatched_organization",
                ),
                error=True,
            )
        if account == "project-mismatch" or (sc["expect_project"] and proj != sc["expect_project"]):
            return self._json(
                401,
                error_body(
                    "OpenAI-Project header should match project for API key",
                    code="mismatched_project",
                ),
                error=True,
            )
        if account == "region":
            data = {
                "error": {
                    "code": "unsupported_country_region_territory",
                    "message": "Country, region, or territory not supported",
                    "param": None,
                    "type": "request_forbidden",
                }
            }
            return self._json(403, data, error=True)
        if method == "GET" and path.rstrip("/") == "/v1/models" and account == "missing-scope":
            return self._json(
                int(sc["missing_scope_status"]),
                error_body(
                    "You have insufficient permissions for this operation. Missing scopes: api.model.read. "
                    "Check that you have the correct role in your organization (Reader, Writer, Owner) and "
                    "project (Member, Owner), and if you're using a restricted API key, that it has the "
                    "necessary scopes."
                ),
                error=True,
            )
        if is_post and account == "quota":
            return self._json(
                429,
                error_body(
                    "You exceeded your current quota, please check your plan and billing details. For more "
                    "information on this error, read the docs: "
                    "https://platform.openai.com/docs/guides/error-codes/api-errors.",
                    type_="insufficient_quota",
                    code="insufficient_quota",
                ),
                error=True,
            )
        if is_post and account == "billing-not-active":
            return self._json(
                429,
                error_body(
                    "Your account is not active, please check your billing details on our website.",
                    type_="billing_not_active",
                    code="billing_not_active",
                ),
                error=True,
            )
        if is_post and account == "rate-limit":
            times = int(sc["rate_limit_times"])
            with self._lock:
                limited = times < 0 or self._rate_limited < times
                if limited:
                    self._rate_limited += 1
            if limited:
                model = body.get("model", "?") if isinstance(body, dict) else "?"
                ans = self._json(
                    429,
                    error_body(
                        f"Rate limit reached for {model} in organization {sc['organization']} on requests "
                        "per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s. Visit "
                        "https://platform.openai.com/account/rate-limits to learn more.",
                        type_="requests",
                        code="rate_limit_exceeded",
                    ),
                    error=True,
                )
                if sc["retry_after"] is not None:
                    ans.headers["retry-after"] = str(sc["retry_after"])
                if sc["retry_after_ms"] is not None:
                    ans.headers["retry-after-ms"] = str(sc["retry_after_ms"])
                return ans
        # 3. routes
        if method == "GET" and path.rstrip("/") == "/v1/models":
            return self._json(
                200,
                {"object": "list", "data": [_model_object(m) for m in self._listed(sc)]},
                error=False,
            )
        if method == "GET" and path.startswith("/v1/models/"):
            model = path[len("/v1/models/") :]
            if model in self._listed(sc):
                return self._json(200, _model_object(model), error=False)
            return self._not_found(model)  # GUESS (no capture of retrieve on an unknown id)
        if not is_post:
            return self._json(404, error_body(f"Invalid URL ({method} {path})"), error=True)
        return self._model_request(path, body, sc)

    def _admin(self, method: str, path: str, key: str, sc: Mapping[str, Any]) -> _Answer:
        """The Admin API's model permissions read; only the admin key gets in."""
        if key != sc["admin_key"]:
            return self._json(
                401,
                error_body(
                    f"Incorrect API key provided: {mask_key(key)}. You can find your API key at "
                    "https://platform.openai.com/account/api-keys.",
                    code="invalid_api_key",
                ),
                error=True,
            )
        parts = path.strip("/").split("/")  # v1 organization projects {id} model_permissions
        if method == "GET" and len(parts) == 5 and parts[2] == "projects" and parts[4] == "model_permissions":
            policy = (sc["model_permissions"] or {}).get(parts[3])
            if policy is not None:
                body = {"object": "project.model_permissions", "mode": policy["mode"], "model_ids": policy["model_ids"]}
                return self._json(200, body, error=False)
            return self._json(404, error_body(f"No model permissions found for project '{parts[3]}'."), error=True)
        return self._json(404, error_body(f"Invalid URL ({method} {path})"), error=True)

    @staticmethod
    def _listed(sc: Mapping[str, Any]) -> list[str]:
        if sc["list"] is not None:
            return list(sc["list"])
        return [m for m, b in sc["models"].items() if not set(b) & _ABSENT]

    def _not_found(self, model: str) -> _Answer:
        return self._json(
            404,
            error_body(
                f"The model `{model}` does not exist or you do not have access to it.",
                code="model_not_found",
            ),
            error=True,
        )

    def _model_request(self, path: str, body: Any, sc: Mapping[str, Any]) -> _Answer:
        """A model request's answer, with the project's rate-limit headers on 200s and validation 400s."""
        ans = self._model_answer(path, body, sc)
        model = body.get("model") if isinstance(body, dict) else None
        limits = sc["rate_limits"] or {}
        limit = limits.get(model) if isinstance(model, str) and model in limits else limits.get("*")
        if limit and ans.status in (200, 400):
            rpm, tpm = int(limit["requests"]), int(limit["tokens"])
            ans.headers.update(
                {
                    "x-ratelimit-limit-requests": str(rpm),
                    "x-ratelimit-limit-tokens": str(tpm),
                    "x-ratelimit-remaining-requests": str(max(rpm - 1, 0)),
                    "x-ratelimit-remaining-tokens": str(max(tpm - 57, 0)),
                    "x-ratelimit-reset-requests": "12ms",
                    "x-ratelimit-reset-tokens": "4ms",
                }
            )
        return ans

    def _model_answer(self, path: str, body: Any, sc: Mapping[str, Any]) -> _Answer:
        if not isinstance(body, dict):
            return self._json(
                400,
                error_body(
                    "We could not parse the JSON body of your request. (HINT: This likely means you aren't "
                    "using your HTTP library correctly.)"
                ),
                error=True,
            )
        model = body.get("model")
        if not isinstance(model, str):
            return self._json(
                400,
                error_body(
                    "you must provide a model parameter",
                    param="model",
                    code="missing_required_parameter",
                ),
                error=True,
            )
        behaviours = sc["models"].get(model, [sc["default"]] if isinstance(sc["default"], str) else sc["default"])
        b = set(behaviours)
        # 3a. project block / existence / lifecycle (before validation)
        if "blocked" in b:
            return self._json(
                403,
                error_body(
                    f"Project `{sc['project']}` does not have access to model `{model}`",
                    code="model_not_found",
                ),
                error=True,
            )
        if "retired" in b:
            return self._json(
                404,
                error_body(
                    f"The model `{model}` has been deprecated, learn more here: "
                    "https://platform.openai.com/docs/deprecations",
                    code="model_not_found",
                ),
                error=True,
            )
        if "not-found" in b:
            return self._not_found(model)
        if "not-found-400" in b:
            return self._json(
                400,
                error_body(
                    f"The requested model '{model}' does not exist.",
                    param="model",
                    code="model_not_found",
                ),
                error=True,
            )
        if "legacy-not-found" in b:
            return self._json(404, error_body("That model does not exist"), error=True)
        # 3a'. wrong endpoint (the model exists; this API doesn't serve it)
        if "not-chat" in b and path == "/v1/chat/completions":
            return self._json(
                404,
                error_body(
                    "This is not a chat model and thus not supported in the v1/chat/completions endpoint. "
                    "Did you mean to use v1/completions?",
                    param="model",
                ),
                error=True,
            )
        if "no-embeddings" in b and path == "/v1/embeddings":
            return self._json(403, error_body("You are not allowed to generate embeddings from this model"), error=True)
        # 3b. parameter validation
        for param, minimum in _TEXT_ENDPOINTS.get(path, []):
            value = body.get(param)
            if isinstance(value, int) and not isinstance(value, bool) and value < minimum:
                return self._json(
                    400,
                    error_body(
                        f"Invalid '{param}': integer below minimum value. Expected a value >= {minimum}, "
                        f"but got {value} instead.",
                        param=param,
                        code="integer_below_min_value",
                    ),
                    error=True,
                )
        if path == "/v1/chat/completions" and not isinstance(body.get("messages"), list):
            return self._json(
                400,
                error_body(
                    "Missing required parameter: 'messages'.",
                    param="messages",
                    code="missing_required_parameter",
                ),
                error=True,
            )
        # 3c. verification (after validation)
        streams = body.get("stream") is True
        reasoning = body.get("reasoning")
        wants_summary = isinstance(reasoning, dict) and reasoning.get("summary") is not None
        if "verify-use" in b:
            msg = f"Your organization must be verified to use the model `{model}`. {VERIFY_TAIL}"
            if path.startswith(_MEDIA_PATHS):
                return self._json(403, error_body(msg), error=True)
            return self._json(404, error_body(msg, code="model_not_found"), error=True)
        if "verify-stream" in b and streams:
            return self._json(
                400,
                error_body(
                    f"Your organization must be verified to stream this model. {VERIFY_TAIL}",
                    param="stream",
                    code="unsupported_value",
                ),
                error=True,
            )
        if "verify-summary" in b and wants_summary:
            return self._json(
                400,
                error_body(
                    f"Your organization must be verified to generate reasoning summaries. {VERIFY_TAIL}",
                    param="reasoning.summary",
                    code="unsupported_value",
                ),
                error=True,
            )
        # 3d. success
        return _success(path, model, streams)


def _echo(ans: _Answer, key: str) -> None:
    """A hostile relay: the caller's key in the headers and in the error's other fields."""
    ans.headers.update({"x-request-id": key, "openai-project": key, "openai-organization": key})
    if ans.status >= 400 and ans.body:
        try:
            doc = json.loads(ans.body)
        except ValueError:
            return
        if isinstance(doc, dict) and isinstance(doc.get("error"), dict):
            doc["error"].update({"param": key, "code": key, "type": key})
            ans.body = json.dumps(doc).encode()


def _model_object(model: str) -> dict[str, Any]:
    return {"id": model, "object": "model", "created": 1700000000, "owned_by": "system"}


def _sse(events: list[tuple[str | None, Any]]) -> list[bytes]:
    out = []
    for event, data in events:
        text = data if isinstance(data, str) else json.dumps(data)
        prefix = f"event: {event}\n" if event else ""
        out.append(f"{prefix}data: {text}\n\n".encode())
    return out


def _success(path: str, model: str, streams: bool) -> _Answer:
    now = int(time.time())
    usage = {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
    if path == "/v1/chat/completions":
        cid = "chatcmpl-" + secrets.token_hex(12)
        if streams:
            chunk = {"id": cid, "object": "chat.completion.chunk", "created": now, "model": model}
            return _Answer(
                200,
                content_type="text/event-stream; charset=utf-8",
                sse=_sse(
                    [
                        (
                            None,
                            {
                                **chunk,
                                "choices": [
                                    {
                                        "index": 0,
                                        "delta": {"role": "assistant", "content": ""},
                                        "finish_reason": None,
                                    }
                                ],
                            },
                        ),
                        (
                            None,
                            {
                                **chunk,
                                "choices": [{"index": 0, "delta": {}, "finish_reason": "length"}],
                            },
                        ),
                        (None, "[DONE]"),
                    ]
                ),
            )
        body = {
            "id": cid,
            "object": "chat.completion",
            "created": now,
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "", "refusal": None},
                    "logprobs": None,
                    "finish_reason": "length",
                }
            ],
            "usage": usage,
        }
        return _Answer(200, json.dumps(body).encode())
    if path == "/v1/responses":
        resp = {
            "id": "resp_" + secrets.token_hex(12),
            "object": "response",
            "created_at": now,
            "status": "incomplete",
            "incomplete_details": {"reason": "max_output_tokens"},
            "model": model,
            "output": [],
            "parallel_tool_calls": True,
            "tool_choice": "auto",
            "tools": [],
            "usage": {
                "input_tokens": 1,
                "output_tokens": 16,
                "total_tokens": 17,
                "input_tokens_details": {"cached_tokens": 0},
                "output_tokens_details": {"reasoning_tokens": 0},
            },
        }
        if streams:
            return _Answer(
                200,
                content_type="text/event-stream; charset=utf-8",
                sse=_sse(
                    [
                        (
                            "response.created",
                            {
                                "type": "response.created",
                                "sequence_number": 0,
                                "response": {**resp, "status": "in_progress"},
                            },
                        ),
                        (
                            "response.incomplete",
                            {"type": "response.incomplete", "sequence_number": 1, "response": resp},
                        ),
                    ]
                ),
            )
        return _Answer(200, json.dumps(resp).encode())
    if path == "/v1/embeddings":
        body = {
            "object": "list",
            "model": model,
            "data": [{"object": "embedding", "index": 0, "embedding": [0.0, 0.0, 0.0]}],
            "usage": {"prompt_tokens": 1, "total_tokens": 1},
        }
        return _Answer(200, json.dumps(body).encode())
    if path == "/v1/completions":
        body = {
            "id": "cmpl-" + secrets.token_hex(12),
            "object": "text_completion",
            "created": now,
            "model": model,
            "choices": [{"index": 0, "text": "", "logprobs": None, "finish_reason": "length"}],
            "usage": usage,
        }
        return _Answer(200, json.dumps(body).encode())
    if path.startswith("/v1/images/"):
        return _Answer(200, json.dumps({"created": now, "data": [{"b64_json": ""}]}).encode())
    return _Answer(200, json.dumps({"object": "unknown", "model": model}).encode())


class _Handler(BaseHTTPRequestHandler):
    owner: FakeOpenAI
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read fake.requests
        pass

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def _handle(self, method: str) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:
            body = None
        path = self.path.split("?", 1)[0]
        if path.startswith("/__fake__/"):
            self._control(method, path, body)
            return
        auth = self.headers.get("authorization")
        key = auth[7:].strip() if auth and auth.lower().startswith("bearer ") else None
        org = self.headers.get("openai-organization")
        proj = self.headers.get("openai-project")
        self.owner._record(
            {
                "method": method,
                "path": path,
                "body": body,
                "auth": auth is not None,
                "organization": org,
                "project": proj,
                "at": time.time(),
            }
        )
        try:
            ans = self.owner.answer(method, path, body, key, org, proj)
            per_key = self.owner.scenario["key_projects"].get(key) or {}
            if "project" in per_key:
                ans.headers.setdefault("openai-project", per_key["project"])
        except Exception as e:  # a fake bug must show up as a 500, not a hung test
            ans = _Answer(500, json.dumps(error_body(f"fake server bug: {e!r}", "server_error")).encode())
        self._send(ans)

    def _control(self, method: str, path: str, body: Any) -> None:
        owner = self.owner
        try:
            if path == "/__fake__/requests":
                with owner._lock:
                    data: Any = list(owner.requests)
            elif path == "/__fake__/scenario" and method == "POST":
                owner.update(**(body or {}))
                data = owner.scenario
            elif path == "/__fake__/reset" and method == "POST":
                owner.reset()
                data = {"ok": True}
            else:
                self._send(_Answer(404, b'{"error": "unknown control path"}'))
                return
        except (ValueError, TypeError) as e:
            self._send(_Answer(400, json.dumps({"error": str(e)}).encode()))
            return
        self._send(_Answer(200, json.dumps(data).encode()))

    def _send(self, ans: _Answer) -> None:
        if ans.hang:
            self.owner._stopping.wait(ans.hang)
            self.close_connection = True
            return
        headers = {
            "content-type": ans.content_type,
            "x-request-id": "req_" + secrets.token_hex(16),
            "openai-organization": self.owner.scenario["organization"],
            "openai-project": self.owner.scenario["project"],
            "openai-version": "2020-10-01",
            "openai-processing-ms": "3",
            **ans.headers,
        }
        if ans.drip is not None:
            self._drip(ans, headers)
            return
        self.send_response(ans.status)
        for name, value in headers.items():
            self.send_header(name, value)
        if ans.sse is not None:
            self.send_header("connection", "close")
            self.end_headers()
            for chunk in ans.sse:
                self.wfile.write(chunk)
                self.wfile.flush()
            self.close_connection = True
            return
        self.send_header("content-length", str(len(ans.body)))
        self.end_headers()
        self.wfile.write(ans.body)

    def _drip(self, ans: _Answer, headers: Mapping[str, str]) -> None:
        """Send the answer a byte at a time: every read succeeds, the whole never arrives in time."""
        assert ans.drip is not None
        where, interval, give_up = ans.drip
        body = ans.body if ans.sse is None else b"".join(ans.sse)
        head = f"HTTP/1.1 {ans.status} {self.responses.get(ans.status, ('',))[0]}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        head += f"content-length: {len(body)}\r\n\r\n"
        slow, fast = (head.encode() + body, b"") if where == "headers" else (body, head.encode())
        self.close_connection = True
        deadline = time.monotonic() + give_up
        try:
            self.wfile.write(fast)
            self.wfile.flush()
            for i in range(len(slow)):
                if self.owner._stopping.wait(interval) or time.monotonic() > deadline:
                    return
                self.wfile.write(slow[i : i + 1])
                self.wfile.flush()
        except OSError:  # the client gave up: that is the point
            return


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the fake OpenAI API (see the module docstring).")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--scenario", help="JSON file with the scenario")
    parser.add_argument("--log", help="append each recorded request to this file as a JSON line")
    args = parser.parse_args(argv)
    scenario = json.loads(Path(args.scenario).read_text(encoding="utf-8")) if args.scenario else {}
    fake = FakeOpenAI(scenario, log_path=args.log).start(args.port)
    print(fake.port, flush=True)
    print(fake.base_url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
