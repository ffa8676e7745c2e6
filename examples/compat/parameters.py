"""Calls that send what the model rejects (issue 13): each finding sits on the argument itself."""

from openai import OpenAI

client = OpenAI()


def summarize(text: str) -> str:
    # unsupported-parameter: o3 answers 400 "Unsupported parameter: 'max_tokens' ..." (quick fix: rename)
    # unsupported-parameter: temperature=0.2 (only the default 1 is accepted; quick fix: remove)
    r = client.chat.completions.create(
        model="o3",
        messages=[{"role": "user", "content": text}],
        max_tokens=300,
        temperature=0.2,
    )
    return r.choices[0].message.content or ""


def answer(question: str) -> str:
    # unsupported-parameter: the Responses API takes max_output_tokens (quick fix: rename)
    r = client.responses.create(model="gpt-4.1", input=question, max_tokens=200)
    return r.output_text


def brainstorm(topic: str, temperature: float) -> str:
    # conditional-parameter: gpt-5.2 takes temperature only with reasoning effort "none"
    r = client.chat.completions.create(
        model="gpt-5.2",
        messages=[{"role": "user", "content": topic}],
        temperature=temperature,
    )
    return r.choices[0].message.content or ""


def legacy(prompt: str) -> str:
    # retired: the "Replace with" quick fix also renames max_tokens, which the successor rejects
    r = client.chat.completions.create(
        model="gpt-4-turbo",
        messages=[{"role": "user", "content": prompt}],
        max_tokens=100,
    )
    return r.choices[0].message.content or ""
