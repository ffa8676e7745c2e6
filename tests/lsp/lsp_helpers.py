"""Helpers to drive the real server over stdio with pytest-lsp, as an editor would."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
TODAY = "2026-11-22"


def server_env(tmp: Path, **extra: str) -> dict[str, str]:
    """The server's whole environment: ours minus any real OpenAI settings, plus a pinned date."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env.update({"OPENAI_ACCESS_TODAY": TODAY, "XDG_CACHE_HOME": str(tmp / "xdg-cache")})
    env.update(extra)
    return env


def offline_config(tmp: Path) -> ClientServerConfig:
    return ClientServerConfig(
        server_command=[sys.executable, "-m", "openai_access", "serve"], server_env=server_env(tmp)
    )


async def open_doc(client: LanguageClient, path: Path, text: str | None = None, language: str = "python") -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id=language, version=1, text=path.read_text() if text is None else text
            )
        )
    )
    return uri


def open_notebook(client: LanguageClient, notebook: Path, cell_uris: list[str], cells: list[str]) -> None:
    """Open a Jupyter notebook whose code cells have these URIs and texts, as VS Code does."""
    client.notebook_document_did_open(
        types.DidOpenNotebookDocumentParams(
            notebook_document=types.NotebookDocument(
                uri=notebook.as_uri(),
                notebook_type="jupyter-notebook",
                version=1,
                cells=[types.NotebookCell(kind=types.NotebookCellKind.Code, document=u) for u in cell_uris],
            ),
            cell_text_documents=[
                types.TextDocumentItem(uri=u, language_id="python", version=1, text=t)
                for u, t in zip(cell_uris, cells, strict=True)
            ],
        )
    )


async def wait_diagnostics(client: LanguageClient, uri: str, *, timeout: float = 10) -> list[types.Diagnostic]:
    """Wait for the next publishDiagnostics for ``uri``."""
    import asyncio

    async def _wait() -> list[types.Diagnostic]:
        while True:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            if uri in client.diagnostics:
                return client.diagnostics[uri]

    return await asyncio.wait_for(_wait(), timeout)


def by_code(diags: list[types.Diagnostic], code: str) -> list[types.Diagnostic]:
    return [d for d in diags if d.code == code]


def initialize_params(
    root: Path, *, options: dict[str, Any] | None = None, capabilities: types.ClientCapabilities | None = None
) -> types.InitializeParams:
    return types.InitializeParams(
        capabilities=capabilities
        or types.ClientCapabilities(window=types.WindowClientCapabilities(work_done_progress=True)),
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
        initialization_options=options or {},
    )


@contextlib.asynccontextmanager
async def session(
    env: dict[str, str],
    root: Path,
    *,
    options: dict[str, Any] | None = None,
    capabilities: types.ClientCapabilities | None = None,
) -> AsyncIterator[LanguageClient]:
    """A real server process with this environment, initialized on ``root``."""
    from pytest_lsp.client import make_test_lsp_client

    client = make_test_lsp_client()
    await client.start_io(sys.executable, "-m", "openai_access", "serve", env=env)
    try:
        await client.initialize_session(initialize_params(root, options=options, capabilities=capabilities))
        yield client
    finally:
        # Even after a failed assertion: say goodbye, then make sure the process is gone.
        with contextlib.suppress(Exception):
            await asyncio.wait_for(client.shutdown_session(), 5)
        process = getattr(client, "_server", None)
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(client.stop(), 5)


async def wait_until(
    client: LanguageClient, uri: str, predicate: Callable[[list[types.Diagnostic]], bool], timeout: float = 20
) -> list[types.Diagnostic]:
    """Wait for diagnostics of ``uri`` that satisfy ``predicate`` (probes answer in the background)."""

    async def _wait() -> list[types.Diagnostic]:
        while True:
            current = list(client.diagnostics.get(uri, []))
            if predicate(current):
                return current
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    return await asyncio.wait_for(_wait(), timeout)


async def wait_probing_done(client: LanguageClient, timeout: float = 20) -> None:
    """Wait until a work-done progress the server began has ended."""

    async def _wait() -> None:
        while not any(
            reports and isinstance(reports[-1], types.WorkDoneProgressEnd)
            for reports in client.progress_reports.values()
        ):
            await asyncio.sleep(0.05)

    await asyncio.wait_for(_wait(), timeout)
