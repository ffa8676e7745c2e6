"""The scanners' byte searches that stand in for a regular expression tried at every byte
(issue 10): each must find exactly what that expression finds, or a flag, a params type or a
model the file names would be missed."""

from __future__ import annotations

import pytest

from openai_access.scan import prefilter
from openai_access.scan._emitter import _CLI_MODEL_FLAG, _flag_matches
from openai_access.scan._payloads import _PARAMS_TYPE_WORD, params_type_words

TEXTS = [
    b"",
    b'subprocess.run(["llm", "-m", "gpt-4o"])\n',
    b"argv = ['-m'-m', '--model', \"--embedding-model\", '--model-name', '-', \"--\"]\n",
    b'x = \'-m"; y = "--a-model-model"\n',
    b"p: ChatCompletionCreateParams = {}; q: CreateParams; r = XCreateParamsParams\n",
    b"$ImageGenerateParams _EmbeddingCreateParams X1CreateParams a.chat.CompletionCreateParams_x9 \n",
    b"\xc3\xa9ResponseCreateParams RunCreateParams\n" + b"A" * 300 + b"CreateParams Params",
]


@pytest.mark.parametrize("data", TEXTS)
def test_the_flag_search_finds_what_the_pattern_finds(data: bytes) -> None:
    assert [m.span() for m in _flag_matches(data)] == [m.span() for m in _CLI_MODEL_FLAG.finditer(data)]


@pytest.mark.parametrize("data", TEXTS)
def test_the_params_type_search_finds_what_the_pattern_finds(data: bytes) -> None:
    found = [m.span() for m in params_type_words(data)]
    assert found == [m.span() for m in _PARAMS_TYPE_WORD.finditer(data)]


def test_the_kept_answers_are_for_the_bytes_asked_about() -> None:
    """The prefilter and the scanner share their last answer; a text of the same length is not the same text."""
    assert prefilter.identifiers(b"model = x") == {b"model", b"x"}
    assert prefilter.identifiers(b"other = y") == {b"other", b"y"}
    assert prefilter.has_id_literal(b'm = "gpt-4o"')
    assert not prefilter.has_id_literal(b'm = "abc-4o"')
