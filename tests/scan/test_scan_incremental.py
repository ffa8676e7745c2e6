"""Re-scanning edited text reuses the previous tree; results must equal a fresh parse."""

from __future__ import annotations

import random

import pytest

from openai_access.scan import javascript, python, scan_text

PY = """import os
from openai import OpenAI
client = OpenAI()
MODEL = os.getenv("M", "gpt-4o")

def ask(q, model="gpt-4o-mini"):
    return client.chat.completions.create(model=model, messages=[q], stream=True)

def other():
    return client.responses.create(model=MODEL, input="héllo 😀")
"""

TS = """import OpenAI from "openai";
const client = new OpenAI();
const MODEL = process.env.M ?? "gpt-4o";
export async function ask(model = "gpt-4o-mini") {
  return client.chat.completions.create({ model, messages: [], stream: true });
}
await client.responses.create({ model: MODEL, input: "héllo 😀" });
"""


def _forget(language: str) -> None:
    if language == "python":
        python.PARSER.forget()
    else:
        javascript.PARSERS[language].forget()


@pytest.mark.parametrize(("language", "text"), [("python", PY), ("typescript", TS)])
def test_random_edits_match_fresh_parse(language: str, text: str) -> None:
    rng = random.Random(7)
    alphabet = list('abc()[]{}="\n :,.😀é')
    _forget(language)
    scan_text(text, language)
    for _ in range(150):
        at = rng.randrange(len(text) + 1)
        if rng.random() < 0.5 and text:
            text = text[:at] + text[at + rng.randrange(1, 4) :]
        else:
            text = text[:at] + "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 4))) + text[at:]
        incremental = scan_text(text, language)
        _forget(language)
        assert incremental == scan_text(text, language)


def test_typing_a_model_name_updates_the_reference() -> None:
    base = 'client.chat.completions.create(model="gpt-4", messages=m)\n'
    first = scan_text(base, "python")
    typed = base.replace('"gpt-4"', '"gpt-4o"')
    (ref,) = scan_text(typed, "python")
    assert first[0].model == "gpt-4"
    assert ref.model == "gpt-4o"
    assert ref.range.end.character == ref.range.start.character + len("gpt-4o")
