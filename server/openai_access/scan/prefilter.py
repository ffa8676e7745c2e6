"""Can this file hold a model reference at all? A byte-level answer, before any parsing.

Most files of a real tree never mention a model. Every reference the scanners report needs
one of a few words somewhere in the file: a model-named argument or key (``model``,
``engine``, ``deployment``), an OpenAI or Azure client or provider (``OpenAI``, ``openai(``,
``AzureChatOpenAI``), or a literal that starts like an OpenAI model id (what routing
libraries accept without a provider prefix). A file with none of them is not parsed; its
references would be none. Looking costs a lowercase copy and a few ``find``s, about
1/10 of a tree-sitter parse.

A module constant used as a model from *another* file is the one thing this cannot see from
the file alone (``DEFAULT = "prod-chat"``); the batch run parses such files on demand, when
another file imports the name (see ``has_word``).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from openai_access.scan.options import ScanOptions

_WORDS = (b"model", b"openai", b"azure", b"engine", b"deploy")
# The start of an OpenAI-looking id right after a quote (``_OPENAI_LOOKING`` in _common).
_ID_START = re.compile(
    rb"""["'`](?:gpt|chatgpt|o\d|text-|davinci|babbage|ada|curie|dall-e|whisper|tts|omni|codex|"""
    rb"""computer-use|sora|ft:)""",
    re.IGNORECASE,
)


def may_hold_reference(data: bytes, language: str, options: ScanOptions) -> bool:
    """False only when no scanner could find a reference in ``data``."""
    low = data.lower()
    if any(word in low for word in _WORDS):
        return True
    for pattern in options.extra_calls:
        words = (pattern.callee.rsplit(".", 1)[-1], pattern.keyword or "")
        if any(w and w.encode("utf-8", "surrogatepass").lower() in low for w in words):
            return True
    return _ID_START.search(data) is not None


def has_any_word(text: str, names: Collection[str]) -> bool:
    """Whether one of ``names`` occurs in ``text`` as a whole identifier."""
    return bool(names) and _words_pattern(tuple(sorted(names))).search(text) is not None


@lru_cache(maxsize=8)
def _words_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w$])(?:" + "|".join(map(re.escape, names)) + r")(?![\w$])")
