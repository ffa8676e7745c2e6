"""A local HTTP server (127.0.0.1 only) serving catalogs good and bad, for ``catalog update`` tests."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

from openai_access.catalog import BUNDLED_PATH

# The model a good update newly gives a shutdown date (active in the bundled catalog).
NEWLY_DEPRECATED = "gpt-5.2"
NEW_SHUTDOWN = "2027-05-01"
GOOD_AS_OF = "2026-11-30"
TODAY = "2026-12-01"


def bundled_raw() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(Path(BUNDLED_PATH).read_text("utf-8"))
    return raw


def good_catalog() -> dict[str, Any]:
    raw = bundled_raw()
    raw["as_of"] = GOOD_AS_OF
    m = raw["models"][NEWLY_DEPRECATED]
    m.update(
        shutdown=NEW_SHUTDOWN,
        deprecation_announced="2026-11-29",
        replacement="gpt-5.5",
        source="test: a newer deprecations page",
    )
    raw["models"]["gpt-7-test"] = {**m, "shutdown": None, "deprecation_announced": None, "replacement": None}
    return raw


def catalog_routes() -> dict[str, tuple[int, bytes, dict[str, str]]]:
    good = json.dumps(good_catalog()).encode()
    older = bundled_raw()
    older["as_of"] = "2026-01-01"
    future = good_catalog()
    future["as_of"] = "2027-06-01"
    unsourced = good_catalog()
    unsourced["as_of"] = TODAY
    unsourced["models"][NEWLY_DEPRECATED]["source"] = None
    return {
        "/good.json": (200, good, {}),
        "/malformed.json": (200, b'{"schema_version": 1, "as_of": "2026-11-30", "models": [1, 2]}', {}),
        "/notjson.json": (200, b"<html><body>Sign in</body></html>", {}),
        "/older.json": (200, json.dumps(older).encode(), {}),
        "/future.json": (200, json.dumps(future).encode(), {}),
        "/unsourced.json": (200, json.dumps(unsourced).encode(), {}),
        # Declares the full length, sends half, closes: a dropped connection.
        "/truncated.json": (200, good[: len(good) // 2], {"Content-Length": str(len(good))}),
        "/huge.json": (200, b" " * (5 * 1024 * 1024), {}),
        "/missing.json": (404, b"not found", {}),
    }


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, bytes, dict[str, str]]]] = {}
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        status, body, headers = self.routes.get(self.path, (404, b"", {}))
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)
        self.close_connection = True

    def log_message(self, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve_catalogs() -> Iterator[tuple[str, list[str]]]:
    """Yields (base URL, list of requested paths)."""
    handler = type("Handler", (_Handler,), {"routes": catalog_routes(), "hits": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler.hits
    finally:
        server.shutdown()
        server.server_close()
