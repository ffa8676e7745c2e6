"""A small support bot. Each model below shows one verdict openai-access gives offline."""

import os

from openai import AzureOpenAI, OpenAI

client = OpenAI()

# deprecated: shutdown announced (date and replacement in the hover); quick fix replaces it
SUMMARY_MODEL = "gpt-4o"

# unverified without a key; with a key, the probe says ok / blocked for *your* project
DEFAULT_MODEL = os.getenv("SUPPORT_MODEL", "gpt-5.5")


def summarize(ticket: str) -> str:
    reply = client.chat.completions.create(
        model=SUMMARY_MODEL,
        messages=[{"role": "user", "content": f"Summarize: {ticket}"}],
    )
    return reply.choices[0].message.content or ""


def answer(question: str) -> str:
    reply = client.chat.completions.create(model=DEFAULT_MODEL, messages=[{"role": "user", "content": question}])
    return reply.choices[0].message.content or ""


def legacy_answer(question: str) -> str:
    # retired: past its shutdown date, the API answers 404 "has been deprecated"
    reply = client.chat.completions.create(model="gpt-4.5-preview", messages=[{"role": "user", "content": question}])
    return reply.choices[0].message.content or ""


def draft(question: str) -> str:
    # unknown: a typo ("did you mean gpt-5.5?")
    reply = client.responses.create(model="gtp-5.5", input=question)
    return reply.output_text


def embed(text: str) -> list[float]:
    # wrong-endpoint: an embeddings model sent to Chat Completions
    client.chat.completions.create(model="text-embedding-3-small", messages=[{"role": "user", "content": text}])
    return client.embeddings.create(model="text-embedding-3-small", input=text).data[0].embedding


def stream_reasoning(question: str) -> None:
    # deprecated, and o3 streaming needs a verified organization on usage tiers 1-3
    for chunk in client.chat.completions.create(model="o3", messages=[{"role": "user", "content": question}], stream=True):
        print(chunk)


def illustrate(prompt: str) -> str:
    # may-need-verification: image models are gated on tiers 1-3 (never probed: they bill per image)
    image = client.images.generate(model="gpt-image-2", prompt=prompt)
    return image.data[0].url or ""


def greet() -> None:
    note = "Grüße, café ☕"; client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": note}])


# not-openai: an Azure deployment name is never judged as an OpenAI model
azure = AzureOpenAI(api_version="2024-06-01", azure_endpoint="https://example.openai.azure.com")
azure.chat.completions.create(model="my-gpt4o-deployment", messages=[])
