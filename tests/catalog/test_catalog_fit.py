"""Endpoint fit, verification gates, and which config strings look like OpenAI models."""

from __future__ import annotations

import pytest

from openai_access.catalog import Catalog, CatalogEntry
from openai_access.references import Capability, Surface


def _e(catalog: Catalog, model_id: str) -> CatalogEntry:
    entry = catalog.get(model_id)
    assert entry is not None, model_id
    return entry


@pytest.mark.parametrize(
    ("model_id", "surface"),
    [
        ("gpt-4o", Surface.CHAT),
        ("gpt-4o", Surface.RESPONSES),
        ("gpt-5-pro", Surface.RESPONSES),
        ("text-embedding-3-small", Surface.EMBEDDINGS),
        ("gpt-image-2", Surface.IMAGES),
        ("whisper-1", Surface.AUDIO_TRANSLATIONS),
        ("tts-1", Surface.AUDIO_SPEECH),
        ("omni-moderation-latest", Surface.MODERATIONS),
        ("gpt-realtime-2", Surface.REALTIME),
        ("gpt-3.5-turbo-instruct", Surface.COMPLETIONS),
    ],
)
def test_fits(catalog: Catalog, model_id: str, surface: Surface) -> None:
    assert catalog.endpoint_fits(_e(catalog, model_id), surface) is True


@pytest.mark.parametrize(
    ("model_id", "surface"),
    [
        ("text-embedding-3-small", Surface.CHAT),  # embeddings model in chat
        ("text-embedding-3-large", Surface.RESPONSES),
        ("gpt-image-2", Surface.CHAT),  # image model in chat
        ("gpt-5-pro", Surface.CHAT),  # Responses-only model on Chat Completions
        ("gpt-4o", Surface.EMBEDDINGS),
        ("gpt-4o", Surface.IMAGES),
        ("gpt-4o", Surface.COMPLETIONS),
        ("gpt-4o-transcribe", Surface.AUDIO_TRANSLATIONS),  # only whisper-1 translates
        ("gpt-4o-transcribe", Surface.CHAT),
        ("tts-1", Surface.CHAT),
        ("gpt-3.5-turbo-instruct", Surface.CHAT),
        ("gpt-realtime-2", Surface.CHAT),
        ("dall-e-3", Surface.EMBEDDINGS),
    ],
)
def test_clear_misfits(catalog: Catalog, model_id: str, surface: Surface) -> None:
    assert catalog.endpoint_fits(_e(catalog, model_id), surface) is False


@pytest.mark.parametrize(
    ("model_id", "surface"),
    [
        ("gpt-4o", Surface.UNKNOWN),  # a constant or config value: API not known
        ("gpt-oss-120b", Surface.CHAT),  # no endpoint data at all
        ("gpt-5-search-api", Surface.RESPONSES),  # chat-only lists come from litellm
        ("gpt-4.5-preview", Surface.CHAT),  # only listed under assistants
        ("gpt-audio-1.5", Surface.CHAT),  # audio model listed as realtime only
        ("gpt-4o", Surface.FINE_TUNING),
        ("gpt-4o", Surface.BATCHES),
        ("gpt-5.1-mini", Surface.CHAT),  # invalid id: no endpoint data
    ],
)
def test_uncertain_is_none(catalog: Catalog, model_id: str, surface: Surface) -> None:
    assert catalog.endpoint_fits(_e(catalog, model_id), surface) is None


def test_fine_tune_fit_follows_base(catalog: Catalog) -> None:
    ft = _e(catalog, "ft:gpt-4o-mini-2024-07-18:acme::abc")
    assert catalog.endpoint_fits(ft, Surface.CHAT) is True
    assert catalog.endpoint_fits(ft, Surface.EMBEDDINGS) is False


@pytest.mark.parametrize(
    ("model_id", "cap", "expected"),
    [
        ("gpt-5", Capability.STREAM, True),
        ("gpt-5", Capability.REASONING_SUMMARY, True),
        ("gpt-5", Capability.PLAIN, None),  # the sources say nothing about plain use
        ("o3", Capability.PLAIN, True),  # access on usage tiers 1-3
        ("o3", Capability.STREAM, True),
        ("o3-pro", Capability.REASONING_SUMMARY, True),  # access gate covers everything
        ("o4-mini", Capability.PLAIN, True),
        ("o1", Capability.REASONING_SUMMARY, True),
        ("o1", Capability.STREAM, None),
        ("o1-pro", Capability.PLAIN, False),
        ("gpt-5-chat-latest", Capability.STREAM, False),
        ("gpt-image-1", Capability.PLAIN, True),
        ("gpt-4o", Capability.PLAIN, None),  # null means unknown, not "no"
        ("gpt-4o", Capability.STREAM, None),
    ],
)
def test_verification(catalog: Catalog, model_id: str, cap: Capability, expected: bool | None) -> None:
    assert catalog.verification(_e(catalog, model_id), cap) is expected


def test_verification_scope_is_readable(catalog: Catalog) -> None:
    assert _e(catalog, "gpt-5").verification_scope == "streaming; reasoning_summaries"
    assert _e(catalog, "gpt-4o").verification_scope is None


def test_fine_tune_inherits_verification(catalog: Catalog) -> None:
    ft = _e(catalog, "ft:o4-mini-2025-04-16:acme::abc")
    assert catalog.verification(ft, Capability.PLAIN) is True


@pytest.mark.parametrize(
    "s",
    [
        "gpt-4o",
        "o3",
        "o3-mini",
        "ft:gpt-4o-mini-2024-07-18:acme::abc",
        "gpt-7-turbo",  # a family prefix: newer than the catalog, still OpenAI's
        "o5-mini",
        "gtp-4o",  # near a known id
        "gpt4o",
        "GPT-4o",
        "text-embedding-4-small",
        "dall-e-4",
        "whisper-2",
        "tts-2",
        "openai/gpt-4o",
        "chatgpt-4o-latest",
        "davinci-003",
        "omni-moderation-2025-01-01",
    ],
)
def test_looks_like_openai(catalog: Catalog, s: str) -> None:
    assert catalog.looks_like_openai_model(s) is True


@pytest.mark.parametrize(
    "s",
    [
        "llama3",
        "llama3.1:8b",
        "claude-3-5-sonnet",
        "claude-3-5-sonnet-20241022",
        "mistral-large",
        "mistral-large-latest",
        "gemini-1.5-pro",
        "meta-llama/Llama-3-8b",
        "anthropic/claude-3-opus",
        "qwen2.5-coder",
        "gpt-j-6b",
        "gpt2",
        "deepseek-chat",
        "command-r-plus",
        "",
        "o",
        "hello",
        "production",
        "gpt 4o",
        "ft:llama3:acme::abc",
    ],
)
def test_does_not_look_like_openai(catalog: Catalog, s: str) -> None:
    assert catalog.looks_like_openai_model(s) is False
