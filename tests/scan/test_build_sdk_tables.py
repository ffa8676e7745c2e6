"""The extraction rules of ``scripts/build_sdk_tables.py``, on tiny in-memory SDK sources.

The script itself needs the network (mirrors, wheels, tarballs), so CI never runs it; these tests
pin what it extracts from the shapes real SDKs use, so a change to the rules shows up here.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_sdk_tables", ROOT / "scripts" / "build_sdk_tables.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_sdk_tables"] = module
    spec.loader.exec_module(module)
    return module


def _params(symbols: list[Any]) -> dict[str, list[tuple[str, int | None]]]:
    return {s.name: [(p.path, p.position) for p in s.params] for s in symbols}


def test_model_named(build: ModuleType) -> None:
    for name in ("model", "model_name", "modelName", "modelId", "phase_one_model", "ttsModel", "engine"):
        assert build.model_named(name), name
    for name in ("model_settings", "modelProvider", "models", "_model", "model_is_explicit"):
        assert not build.model_named(name), name


def test_python_classes_functions_and_typed_dict_paths(build: ModuleType) -> None:
    spec = build.SourceSpec("demo", "agents", "python", "git:x/y", ("demo/",), ("demo",))
    files = {
        "demo/__init__.py": "from .core import Agent, Runner, RealtimeRunner, ask, Settings, LiteModel\n",
        "demo/core.py": """
from dataclasses import dataclass
from typing import Literal, TypedDict
from pydantic import BaseModel, Field

ModelName = Literal["a", "b"] | str

class TranscriptionConfig(TypedDict):
    model: str

class SessionSettings(TypedDict):
    model_name: ModelName
    input_audio_transcription: TranscriptionConfig

class RunConfig(TypedDict):
    model_settings: SessionSettings

@dataclass
class Agent:
    name: str
    model: str | None = None
    model_settings: dict = None

class Runner:
    def __init__(self, model: "Model", *, max_turns: int = 10): ...

class RealtimeRunner:
    def __init__(self, agent, *, config: RunConfig | None = None): ...

class Settings(BaseModel):
    model_name: str = Field(default="x", alias="model")

class LiteModel:
    def __init__(self, model: str, client): ...

class _Hidden:
    model: str

def ask(prompt: str, model: str = "x"): ...
def helper(model: str): ...
""",
    }
    got = _params(build.python_symbols(spec, files, build.Types()))
    assert got["Agent"] == [("model", None)]
    assert "Runner" not in got  # ``model: Model`` takes an object, not an id
    assert got["RealtimeRunner"] == [
        ("config.model_settings.input_audio_transcription.model", None),
        ("config.model_settings.model_name", None),
    ]
    assert got["Settings"] == [("model", None), ("model_name", None)]  # pydantic alias and field name
    assert got["LiteModel"] == [("model", 0)]
    assert got["ask"] == [("model", 1)]
    assert "helper" not in got and "_Hidden" not in got  # not exported


def test_openai_resources_become_api_paths(build: ModuleType) -> None:
    where = ("src/openai/resources/",)
    spec = build.SourceSpec("sdk", "openai", "python", "git:x/y", where, ("openai",), resources=True)
    files = {
        "src/openai/resources/responses/input_tokens.py": (
            "class InputTokens:\n    def count(self, *, model: str | None = None, input: str = ''): ...\n"
            "class AsyncInputTokens:\n    async def count(self, *, model: str): ...\n"
        ),
        "src/openai/resources/chat/completions/completions.py": (
            "class Completions:\n    def create(self, *, model: str, messages: list): ...\n"
            "    def list(self, *, model: str = ''): ...\n"
        ),
    }
    got = {s.name for s in build.python_symbols(spec, files, build.Types())}
    assert got == {"responses.input_tokens.count", "chat.completions.create"}


def test_typescript_options_constructors_providers_and_exports(build: ModuleType) -> None:
    spec = build.SourceSpec("demo-js", "agents", "javascript", "git:x/y", ("src/",), ("@demo/agents",))
    files = {
        "src/index.ts": "export { Runner } from './run';\nexport * from './provider';\n",
        "src/run.ts": """
export type ModelId = 'a' | 'b' | (string & {});
export interface RunConfig { model?: string | Model; modelSettings?: Settings; }
export type RunnerOptions = Partial<RunConfig>;
export class Runner {
  constructor(config: RunnerOptions = {}) {}
  run(agent: Agent, input: string, options?: RunOptions) {}
}
export class Internal { constructor(model: string) {} }
export class ResponsesModel { constructor(client: OpenAI, model: ModelId) {} }
""",
        "src/provider.ts": """
export interface OpenAIProvider {
  (modelId: OpenAIResponsesModelId): LanguageModel;
  embedding(modelId: OpenAIEmbeddingModelId): EmbeddingModel;
}
""",
    }
    symbols = build.ts_symbols(spec, files)
    got = {s.name: [(p.path, p.position, p.name) for p in s.params] for s in symbols}
    assert got["Runner"] == [("model", 0, "config")]  # a property of the options object at arg 0
    assert "Internal" not in got and "ResponsesModel" not in got  # not exported from the index
    assert got["OpenAIProvider.embedding"] == [("modelId", 0, "modelId")]
    provider = next(s for s in symbols if s.name == "OpenAIProvider.embedding")
    assert build.surface_of(provider, provider.params[0], "vercel-ai") == "embeddings"
