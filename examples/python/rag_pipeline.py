"""Retrieval with LangChain and litellm: the model names live in framework constructors."""

import litellm
from langchain_openai import ChatOpenAI, OpenAIEmbeddings

llm = ChatOpenAI(model="gpt-4.1-mini", temperature=0)  # deprecated: the 2027-01-14 wave
embeddings = OpenAIEmbeddings(model="text-embedding-3-large")  # fine offline


def route(question: str) -> str:
    # litellm with the openai/ prefix; the quick fix keeps the prefix
    response = litellm.completion(model="openai/gpt-4o-mini", messages=[{"role": "user", "content": question}])
    # another provider: not an OpenAI model, never flagged
    litellm.completion(model="anthropic/claude-sonnet-4", messages=[{"role": "user", "content": question}])
    return response.choices[0].message.content
