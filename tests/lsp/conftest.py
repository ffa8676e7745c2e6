"""Fixtures: the real server over stdio, offline by default."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from pytest_lsp import ClientServerConfig, LanguageClient
from tests.lsp.lsp_helpers import EXAMPLES, initialize_params, server_env


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    return ws


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "openai_access", "serve"],
        server_env=server_env(Path("/tmp/openai-access-lsp-tests")),
    )
)
async def client(lsp_client: LanguageClient) -> AsyncIterator[LanguageClient]:
    await lsp_client.initialize_session(initialize_params(EXAMPLES, options={"probe": "off"}))
    yield lsp_client
    await lsp_client.shutdown_session()
