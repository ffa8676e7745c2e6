"""A minimal LSP client over stdio, just enough to time the real server from outside.

Why not pytest-lsp's ``LanguageClient``: it is a full pygls client, so every
``publishDiagnostics`` would be structured into lsprotocol objects *before* our clock could
stop -- with 200 diagnostics that is client-side work counted as server latency. Here the
reader stamps ``time.perf_counter()`` the moment a message's last byte has arrived, before
parsing it, so a figure is the server's time plus the pipe, nothing of ours.

Server-to-client requests (progress tokens, capability registration, configuration) are
answered at once with an empty result so the server never waits on us.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Received:
    at: float  # perf_counter() when the message had fully arrived
    size: int  # body bytes
    message: dict[str, Any]


class StdioLspClient:
    """One server process; ``await start()``, ``await request()``, ``notify()``, ``await close()``."""

    def __init__(self, argv: Sequence[str], env: Mapping[str, str] | None = None, cwd: str | None = None) -> None:
        self.argv = list(argv)
        self.env = dict(env) if env is not None else None
        self.cwd = cwd
        self.proc: asyncio.subprocess.Process | None = None
        self.spawned_at = 0.0
        self.notifications: list[Received] = []
        self._next_id = 0
        self._pending: dict[int, asyncio.Future[Received]] = {}
        self._changed = asyncio.Event()
        self._reader: asyncio.Task[None] | None = None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    async def start(self) -> None:
        self.spawned_at = time.perf_counter()
        self.proc = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
            env=self.env,
            cwd=self.cwd,
            limit=64 * 1024 * 1024,
        )
        self._reader = asyncio.ensure_future(self._read_loop())

    # -- sending ---------------------------------------------------------------------------
    def _send(self, payload: dict[str, Any]) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        body = json.dumps(payload, separators=(",", ":")).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method: str, params: Any) -> float:
        """Send a notification; returns the perf_counter() stamp taken just before writing."""
        at = time.perf_counter()
        self._send({"jsonrpc": "2.0", "method": method, "params": params})
        return at

    async def request(self, method: str, params: Any, timeout: float = 30.0) -> Received:
        self._next_id += 1
        rid = self._next_id
        fut: asyncio.Future[Received] = asyncio.get_running_loop().create_future()
        self._pending[rid] = fut
        self._send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        assert self.proc is not None and self.proc.stdin is not None
        await self.proc.stdin.drain()
        return await asyncio.wait_for(fut, timeout)

    async def drain(self) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        await self.proc.stdin.drain()

    # -- receiving -------------------------------------------------------------------------
    async def _read_loop(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        out = self.proc.stdout
        try:
            while True:
                length = -1
                while True:
                    line = await out.readline()
                    if not line:
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.partition(b":")
                    if name.lower() == b"content-length":
                        length = int(value)
                body = await out.readexactly(length)
                got = Received(time.perf_counter(), length, json.loads(body))
                self._dispatch(got)
        except (asyncio.IncompleteReadError, ConnectionError):
            return
        finally:
            for fut in self._pending.values():
                if not fut.done():
                    fut.set_exception(ConnectionError("the server closed its output"))
            self._changed.set()

    def _dispatch(self, got: Received) -> None:
        msg = got.message
        if "method" in msg and "id" in msg:  # a request from the server: answer at once
            result: Any = None
            if msg["method"] == "workspace/configuration":
                result = [None for _ in msg.get("params", {}).get("items", [])]
            self._send({"jsonrpc": "2.0", "id": msg["id"], "result": result})
            return
        if "method" in msg:
            self.notifications.append(got)
            self._changed.set()
            return
        fut = self._pending.pop(msg.get("id"), None)  # type: ignore[arg-type]
        if fut is not None and not fut.done():
            fut.set_result(got)

    async def wait_for(
        self, match: Callable[[dict[str, Any]], bool], start: int = 0, timeout: float = 30.0
    ) -> Received:
        """The first notification at index >= ``start`` that ``match``es (waiting up to ``timeout``)."""
        deadline = time.perf_counter() + timeout
        seen = start
        while True:
            while seen < len(self.notifications):
                got = self.notifications[seen]
                seen += 1
                if match(got.message):
                    return got
            left = deadline - time.perf_counter()
            if left <= 0 or (self.proc is not None and self.proc.returncode is not None):
                raise TimeoutError("no matching notification from the server")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), left)

    # -- lifecycle -------------------------------------------------------------------------
    async def initialize(self, root: Path, options: Mapping[str, Any]) -> Received:
        uri = root.as_uri()
        got = await self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": uri,
                "workspaceFolders": [{"uri": uri, "name": root.name}],
                "initializationOptions": dict(options),
                "capabilities": {
                    "textDocument": {
                        "synchronization": {"didSave": True},
                        "publishDiagnostics": {"versionSupport": True, "relatedInformation": True},
                    },
                    "general": {"positionEncodings": ["utf-16"]},
                },
            },
        )
        self.notify("initialized", {})
        return got

    async def close(self) -> None:
        if self.proc is None:
            return
        with contextlib.suppress(Exception):
            await self.request("shutdown", None, timeout=5)
            self.notify("exit", None)
            await self.drain()
        try:
            await asyncio.wait_for(self.proc.wait(), 5)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader


def peak_rss_mib(pid: int) -> tuple[float, float]:
    """(VmHWM, VmRSS) of a live process in MiB, from /proc (0 where unreadable)."""
    hwm = rss = 0.0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) / 1024
            elif line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
    except OSError:
        pass
    return hwm, rss
