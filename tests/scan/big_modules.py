"""Big files for the keystroke path's tests: over ``incremental.QUICK_MIN_CHARS``, with a class
big enough to be cut into its methods and a test file that is one ``describe`` block."""

from __future__ import annotations

HEADER = """\
import os

from openai import OpenAI

client = OpenAI()
SUMMARY_MODEL = "gpt-4o-mini"
DEFAULT_MODEL = os.getenv("OPENAI_MODEL", "gpt-4.1")


"""


def function(i: int) -> str:
    model = ("gpt-4o", "o3", "gpt-5.5", "gtp-4o")[i % 4]
    return f'''\
def task_{i}(text: str) -> str:
    """Task {i}: summarise, then answer."""
    # step {i}: keep the prompt short
    summary = client.chat.completions.create(model=SUMMARY_MODEL, messages=[{{"role": "user", "content": text}}])
    answer = client.responses.create(
        model="{model}",
        input=summary.choices[0].message.content,
    )
    return answer.output_text


'''


def big_class(methods: int) -> str:
    body = "".join(
        f"""\
    def ask_{i}(self, text: str) -> str:
        return self.client.responses.create(model=self.model if {i} % 2 else "o4-mini", input=text).output_text

"""
        for i in range(methods)
    )
    return f"""\
class Assistant:
    def __init__(self, model: str = "gpt-4.1-mini") -> None:
        self.client = OpenAI()
        self.model = model

{body}

"""


MODULE = (
    HEADER + "".join(function(i) for i in range(250)) + big_class(150) + "".join(function(i) for i in range(250, 400))
)


def edit(text: str, old: str, new: str, nth: int = 0) -> str:
    at = -1
    for _ in range(nth + 1):
        at = text.index(old, at + 1)
    return text[:at] + new + text[at + len(old) :]


TS_HEADER = 'import OpenAI from "openai";\n\nconst client = new OpenAI();\nconst MODEL = "gpt-4.1";\n\n'
TS_TEST = (
    TS_HEADER
    + 'describe("responses", () => {\n'
    + "".join(
        f'  it("answers {i}", async () => {{\n'
        f"    const r = await client.responses.create({{ model: {'MODEL' if i % 3 else repr('gpt-4o')}, "
        f'input: "hi {i}" }});\n'
        f"    expect(r.output_text).toBeTruthy();\n"
        f"  }});\n\n"
        for i in range(900)
    )
    + "});\n"
)
