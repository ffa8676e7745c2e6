# ruff: noqa: E501  (snippets are data: one realistic line of code per case reads best)
"""Python snippets a developer really writes, and the references the scanner must report.

Each ``«…»`` marks a literal that must come back as a reference, in order; a case with
no marker must yield nothing (precision matters as much as recall in an editor).
"""

from __future__ import annotations

import pytest

from openai_access.references import Surface as S
from openai_access.references import Target as T
from openai_access.scan.options import CallPattern, ScanOptions

from .markers import Case, Ref, case, check

P = "python"

CASES: list[Case] = [
    # --- openai-python v1 resources -----------------------------------------------------
    case(
        "chat-create",
        P,
        """from openai import OpenAI
client = OpenAI()
resp = client.chat.completions.create(model="«gpt-4o»", messages=[{"role": "user", "content": "hi"}])
""",
        Ref(),
    ),
    case(
        "chat-create-single-quotes-multiline",
        P,
        """resp = client.chat.completions.create(
    model='«gpt-4o-mini»',
    messages=messages,
)
""",
        Ref(),
    ),
    case("chat-parse", P, 'client.chat.completions.parse(model="«gpt-4o-2024-08-06»", response_format=Foo)\n', Ref()),
    case("beta-chat-parse", P, 'client.beta.chat.completions.parse(model="«gpt-4o»", messages=m)\n', Ref()),
    case(
        "chat-stream-method",
        P,
        'with client.beta.chat.completions.stream(model="«gpt-4.1»", messages=m) as s:\n    pass\n',
        Ref(streams=True),
    ),
    case(
        "chat-stream-true",
        P,
        'for chunk in client.chat.completions.create(model="«o3»", messages=m, stream=True):\n    print(chunk)\n',
        Ref(streams=True),
    ),
    case("chat-stream-false", P, 'client.chat.completions.create(model="«o3»", messages=m, stream=False)\n', Ref()),
    case(
        "responses-create",
        P,
        'r = client.responses.create(model="«gpt-5»", input="Say hi")\n',
        Ref(surface=S.RESPONSES),
    ),
    case(
        "responses-parse",
        P,
        'client.responses.parse(model="«gpt-5-mini»", input=x, text_format=Out)\n',
        Ref(surface=S.RESPONSES),
    ),
    case(
        "responses-stream",
        P,
        'with client.responses.stream(model="«gpt-5»", input=x) as stream:\n    ...\n',
        Ref(surface=S.RESPONSES, streams=True),
    ),
    case(
        "responses-reasoning-summary",
        P,
        'client.responses.create(model="«o4-mini»", input=q, reasoning={"effort": "low", "summary": "auto"})\n',
        Ref(surface=S.RESPONSES, reasoning=True),
    ),
    case(
        "responses-reasoning-no-summary",
        P,
        'client.responses.create(model="«o4-mini»", input=q, reasoning={"effort": "high"})\n',
        Ref(surface=S.RESPONSES),
    ),
    case(
        "embeddings",
        P,
        'client.embeddings.create(model="«text-embedding-3-small»", input=["a"])\n',
        Ref(surface=S.EMBEDDINGS),
    ),
    case(
        "images-generate", P, 'client.images.generate(model="«gpt-image-1»", prompt="a cat")\n', Ref(surface=S.IMAGES)
    ),
    case("images-edit", P, 'client.images.edit(model="«dall-e-2»", image=f, prompt="p")\n', Ref(surface=S.IMAGES)),
    case("images-variation", P, 'client.images.create_variation(model="«dall-e-2»", image=f)\n', Ref(surface=S.IMAGES)),
    case(
        "speech",
        P,
        'client.audio.speech.create(model="«tts-1»", voice="alloy", input="hello")\n',
        Ref(surface=S.AUDIO_SPEECH),
    ),
    case(
        "speech-streaming-response",
        P,
        'with client.audio.speech.with_streaming_response.create(model="«gpt-4o-mini-tts»", voice="coral", input=t) as r:\n    r.stream_to_file(p)\n',
        Ref(surface=S.AUDIO_SPEECH),
    ),
    case(
        "transcriptions",
        P,
        'client.audio.transcriptions.create(model="«whisper-1»", file=f)\n',
        Ref(surface=S.AUDIO_TRANSCRIPTIONS),
    ),
    case(
        "translations",
        P,
        'client.audio.translations.create(model="«whisper-1»", file=f)\n',
        Ref(surface=S.AUDIO_TRANSLATIONS),
    ),
    case(
        "moderations",
        P,
        'client.moderations.create(model="«omni-moderation-latest»", input=t)\n',
        Ref(surface=S.MODERATIONS),
    ),
    case(
        "completions",
        P,
        'client.completions.create(model="«gpt-3.5-turbo-instruct»", prompt="Say")\n',
        Ref(surface=S.COMPLETIONS),
    ),
    case(
        "assistants-create",
        P,
        'a = client.beta.assistants.create(model="«gpt-4-turbo»", name="Math")\n',
        Ref(surface=S.ASSISTANTS),
    ),
    case("assistants-update", P, 'client.beta.assistants.update(aid, model="«gpt-4o»")\n', Ref(surface=S.ASSISTANTS)),
    case(
        "runs-create",
        P,
        'run = client.beta.threads.runs.create(thread_id=t.id, assistant_id=a.id, model="«gpt-4o»")\n',
        Ref(surface=S.ASSISTANTS),
    ),
    case(
        "fine-tuning",
        P,
        'client.fine_tuning.jobs.create(training_file=fid, model="«gpt-4o-mini-2024-07-18»")\n',
        Ref(surface=S.FINE_TUNING),
    ),
    case(
        "realtime-connect",
        P,
        'async with client.realtime.connect(model="«gpt-realtime»") as conn:\n    pass\n',
        Ref(surface=S.REALTIME),
    ),
    case("videos", P, 'video = client.videos.create(model="«sora-2»", prompt="a wave")\n', Ref(surface=S.VIDEOS)),
    case("raw-response", P, 'client.chat.completions.with_raw_response.create(model="«gpt-4o»", messages=m)\n', Ref()),
    case(
        "async-client-inline",
        P,
        'from openai import AsyncOpenAI\nr = await AsyncOpenAI().chat.completions.create(model="«gpt-4o»", messages=m)\n',
        Ref(),
    ),
    case(
        "self-client",
        P,
        'class A:\n    def f(self):\n        return self.client.chat.completions.create(model="«gpt-4.1-mini»", messages=[])\n',
        Ref(),
    ),
    case(
        "module-level-client", P, 'import openai\nopenai.chat.completions.create(model="«gpt-4o»", messages=m)\n', Ref()
    ),
    case(
        "finetuned-id",
        P,
        'client.chat.completions.create(model="«ft:gpt-4o-mini-2024-07-18:acme::9abc»", messages=m)\n',
        Ref(),
    ),
    case(
        "non-ascii-before-literal",
        P,
        'résumé = "naïve ☃ 😀"; client.chat.completions.create(model="«gpt-4o»", messages=[{"role": "user", "content": "héllo 😀"}])\n',
        Ref(),
    ),
    # --- legacy (openai < 1.0) ----------------------------------------------------------
    case(
        "legacy-chat",
        P,
        'import openai\nopenai.ChatCompletion.create(model="«gpt-3.5-turbo»", messages=m)\n',
        Ref(client="openai-legacy"),
    ),
    case(
        "legacy-engine",
        P,
        'import openai\nopenai.Completion.create(engine="«text-davinci-003»", prompt=p)\n',
        Ref(surface=S.COMPLETIONS, client="openai-legacy"),
    ),
    case(
        "legacy-embedding",
        P,
        'import openai\nopenai.Embedding.create(model="«text-embedding-ada-002»", input=t)\n',
        Ref(surface=S.EMBEDDINGS, client="openai-legacy"),
    ),
    case(
        "legacy-azure-api-type",
        P,
        'import openai\nopenai.api_type = "azure"\nopenai.ChatCompletion.create(engine="«my-gpt35»", messages=m)\n',
        Ref(client="openai-legacy", target=T.AZURE),
    ),
    case(
        "legacy-stream",
        P,
        'import openai\nfor c in openai.ChatCompletion.create(model="«gpt-4»", messages=m, stream=True):\n    pass\n',
        Ref(client="openai-legacy", streams=True),
    ),
    # --- targets ------------------------------------------------------------------------
    case(
        "azure-client",
        P,
        'from openai import AzureOpenAI\nclient = AzureOpenAI(azure_endpoint=ep, api_version="2024-06-01")\nclient.chat.completions.create(model="«prod-gpt4o»", messages=m)\n',
        Ref(target=T.AZURE),
    ),
    case(
        "azure-self-client",
        P,
        """from openai import AsyncAzureOpenAI
class Svc:
    def __init__(self):
        self.client = AsyncAzureOpenAI()
    async def run(self):
        await self.client.chat.completions.create(model="«dep»", messages=[])
""",
        Ref(target=T.AZURE),
    ),
    case(
        "ollama-base-url",
        P,
        'from openai import OpenAI\nclient = OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")\nclient.chat.completions.create(model="«llama3.1»", messages=m)\n',
        Ref(target=T.OTHER_BASE_URL),
    ),
    case(
        "explicit-openai-base-url",
        P,
        'client = OpenAI(base_url="https://api.openai.com/v1")\nclient.chat.completions.create(model="«gpt-4o»", messages=m)\n',
        Ref(),
    ),
    case(
        "azure-endpoint-keyword",
        P,
        'client = OpenAI(azure_endpoint="https://x.openai.azure.com")\nclient.embeddings.create(model="«emb»", input=t)\n',
        Ref(surface=S.EMBEDDINGS, target=T.AZURE),
    ),
    # --- LangChain ----------------------------------------------------------------------
    case(
        "lc-chat",
        P,
        'from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="«gpt-4o-mini»", temperature=0)\n',
        Ref(client="langchain"),
    ),
    case(
        "lc-chat-model-name",
        P,
        'from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model_name="«gpt-3.5-turbo»")\n',
        Ref(client="langchain"),
    ),
    case(
        "lc-chat-streaming-reasoning",
        P,
        'from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="«o3»", streaming=True, reasoning={"effort": "medium", "summary": "auto"})\n',
        Ref(client="langchain", streams=True, reasoning=True),
    ),
    case(
        "lc-responses-api",
        P,
        'from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="«gpt-5»", use_responses_api=True)\n',
        Ref(client="langchain", surface=S.RESPONSES),
    ),
    case(
        "lc-embeddings",
        P,
        'from langchain_openai import OpenAIEmbeddings\ne = OpenAIEmbeddings(model="«text-embedding-3-large»")\n',
        Ref(client="langchain", surface=S.EMBEDDINGS),
    ),
    case(
        "lc-llm-openai",
        P,
        'from langchain_openai import OpenAI\nllm = OpenAI(model="«gpt-3.5-turbo-instruct»")\n',
        Ref(client="langchain", surface=S.COMPLETIONS),
    ),
    case(
        "lc-azure",
        P,
        'from langchain_openai import AzureChatOpenAI\nllm = AzureChatOpenAI(azure_deployment="«gpt4o-prod»", api_version="2024-06-01")\n',
        Ref(client="langchain", target=T.AZURE),
    ),
    case(
        "lc-base-url",
        P,
        'from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="«qwen2.5»", base_url="http://localhost:8000/v1")\n',
        Ref(client="langchain", target=T.OTHER_BASE_URL),
    ),
    case(
        "lc-openai-api-base",
        P,
        'from langchain.chat_models import ChatOpenAI\nllm = ChatOpenAI(model_name="«mixtral»", openai_api_base="https://api.together.xyz/v1")\n',
        Ref(client="langchain", target=T.OTHER_BASE_URL),
    ),
    case(
        "lc-init-chat-model-prefix",
        P,
        'from langchain.chat_models import init_chat_model\nm = init_chat_model("«openai:gpt-4o»", temperature=0)\n',
        Ref(model="gpt-4o", client="langchain", model_start=7),
    ),
    case(
        "lc-init-chat-model-provider",
        P,
        'from langchain.chat_models import init_chat_model\nm = init_chat_model("«gpt-4.1»", model_provider="openai")\n',
        Ref(client="langchain"),
    ),
    case(
        "lc-init-chat-model-other-provider",
        P,
        'from langchain.chat_models import init_chat_model\nm = init_chat_model("claude-sonnet-4", model_provider="anthropic")\nn = init_chat_model("anthropic:claude-3-5-haiku")\n',
    ),
    # --- LlamaIndex ---------------------------------------------------------------------
    case(
        "llamaindex-llm",
        P,
        'from llama_index.llms.openai import OpenAI\nllm = OpenAI(model="«gpt-4o»", temperature=0.1)\n',
        Ref(client="llamaindex"),
    ),
    case(
        "llamaindex-embedding",
        P,
        'from llama_index.embeddings.openai import OpenAIEmbedding\nembed = OpenAIEmbedding(model="«text-embedding-3-small»")\n',
        Ref(client="llamaindex", surface=S.EMBEDDINGS),
    ),
    # --- Agents SDK ---------------------------------------------------------------------
    case(
        "agents-agent",
        P,
        'from agents import Agent\nagent = Agent(name="Assistant", instructions="Be brief", model="«gpt-5-mini»")\n',
        Ref(client="agents", surface=S.RESPONSES),
    ),
    case(
        "agents-chat-model",
        P,
        'from agents import Agent, OpenAIChatCompletionsModel\nagent = Agent(name="a", model=OpenAIChatCompletionsModel(model="«gpt-4o»", openai_client=AsyncOpenAI()))\n',
        Ref(client="agents"),
    ),
    case(
        "agents-chat-model-local",
        P,
        'from agents import OpenAIChatCompletionsModel\nfrom openai import AsyncOpenAI\nlocal = AsyncOpenAI(base_url="http://localhost:11434/v1")\nm = OpenAIChatCompletionsModel(model="«llama3.2»", openai_client=local)\n',
        Ref(client="agents", target=T.OTHER_BASE_URL),
    ),
    case(
        "agents-responses-model",
        P,
        'from agents import OpenAIResponsesModel\nm = OpenAIResponsesModel(model="«gpt-4.1»", openai_client=c)\n',
        Ref(client="agents", surface=S.RESPONSES),
    ),
    case("agents-agent-name-positional", P, 'from agents import Agent\nagent = Agent("Ada", instructions="hi")\n'),
    # --- litellm ------------------------------------------------------------------------
    case(
        "litellm-completion",
        P,
        'from litellm import completion\nr = completion(model="«gpt-4o»", messages=m)\n',
        Ref(client="litellm"),
    ),
    case(
        "litellm-prefix",
        P,
        'import litellm\nr = litellm.completion(model="«openai/gpt-4o-mini»", messages=m, stream=True)\n',
        Ref(model="gpt-4o-mini", client="litellm", model_start=7, streams=True),
    ),
    case(
        "litellm-async-embedding",
        P,
        'from litellm import aembedding\nv = await aembedding(model="«text-embedding-3-small»", input=["x"])\n',
        Ref(client="litellm", surface=S.EMBEDDINGS),
    ),
    case(
        "litellm-azure",
        P,
        'from litellm import completion\ncompletion(model="«azure/my-deployment»", messages=m)\n',
        Ref(model="my-deployment", client="litellm", target=T.AZURE, model_start=6),
    ),
    case(
        "litellm-other-providers",
        P,
        'from litellm import completion\ncompletion(model="anthropic/claude-3-5-sonnet", messages=m)\ncompletion(model="ollama/llama3", messages=m)\ncompletion(model="claude-3-opus-20240229", messages=m)\n',
    ),
    # --- pydantic-ai --------------------------------------------------------------------
    case(
        "pydantic-ai-agent",
        P,
        'from pydantic_ai import Agent\nagent = Agent("«openai:gpt-4o»", system_prompt="Be concise")\n',
        Ref(model="gpt-4o", client="pydantic-ai", model_start=7),
    ),
    case(
        "pydantic-ai-other-provider",
        P,
        'from pydantic_ai import Agent\nagent = Agent("anthropic:claude-sonnet-4-0")\nb = Agent("google-gla:gemini-2.0-flash")\n',
    ),
    case(
        "pydantic-ai-openai-model",
        P,
        'from pydantic_ai.models.openai import OpenAIModel\nmodel = OpenAIModel("«gpt-4o-mini»")\n',
        Ref(client="pydantic-ai"),
    ),
    case(
        "pydantic-ai-provider-base-url",
        P,
        'from pydantic_ai.models.openai import OpenAIModel\nfrom pydantic_ai.providers.openai import OpenAIProvider\nm = OpenAIModel("«llama3.2»", provider=OpenAIProvider(base_url="http://localhost:11434/v1"))\n',
        Ref(client="pydantic-ai", target=T.OTHER_BASE_URL),
    ),
    # --- guidance, agno, crewAI ----------------------------------------------------------
    case(
        "guidance-openai-positional",
        P,
        'from guidance import models\ngpt4 = models.OpenAI("«gpt-4»")\n',
        Ref(client="guidance", surface=S.UNKNOWN),
    ),
    case(
        "guidance-openai-imported-class",
        P,
        "from guidance.models import OpenAI\nlm = OpenAI('«gpt-4.1»')\n",
        Ref(client="guidance", surface=S.UNKNOWN),
    ),
    case(
        "guidance-legacy-llms",
        P,
        'import guidance\nguidance.llm = guidance.llms.OpenAI("«gpt-3.5-turbo-0613»", caching=False)\n',
        Ref(client="guidance", surface=S.UNKNOWN),
    ),
    case(
        "guidance-litellm",
        P,
        'import guidance\nlm = guidance.models.LiteLLMCompletion("«gpt-3.5-turbo-instruct»")\nb = guidance.models.LiteLLMChat("anthropic/claude-3-opus")\n',
        Ref(client="guidance", surface=S.COMPLETIONS),
    ),
    case(
        "agno-openai-chat",
        P,
        'from agno.agent import Agent\nfrom agno.models.openai import OpenAIChat\nagent = Agent(model=OpenAIChat(id="«gpt-4.1-nano»"))\n',
        Ref(client="agno", surface=S.CHAT),
    ),
    case(
        "crewai-agent-llm",
        P,
        'from crewai import Agent, LLM\na = Agent(role="r", goal="g", llm="«gpt-4o»")\nllm = LLM(model="«openai/gpt-4o-mini»")\n',
        Ref(client="crewai", surface=S.CHAT),
        Ref(client="crewai", surface=S.CHAT, model="gpt-4o-mini", model_start=7),
    ),
    case(
        "dspy-lm-and-embedder",
        P,
        "import dspy\nlm = dspy.LM(\"«openai/gpt-4o-mini»\")\nteacher = dspy.LM('«gpt-4o»', max_tokens=3000)\n"
        'other = dspy.LM("anthropic/claude-3-opus")\nembed = dspy.Embedder("«openai/text-embedding-3-small»", dimensions=512)\n'
        'old = dspy.OpenAI(model="«gpt-3.5-turbo»", max_tokens=250)\n',
        Ref(client="dspy", model="gpt-4o-mini", model_start=7),
        Ref(client="dspy"),
        Ref(client="dspy", surface=S.EMBEDDINGS, model="text-embedding-3-small", model_start=7),
        Ref(client="dspy", surface=S.UNKNOWN),
    ),
    case(
        "client-built-for-openai-or-openrouter",
        P,
        "import os\nfrom openai import OpenAI\n\nclass LLM:\n    def __init__(self):\n"
        "        if os.environ.get('OPENROUTER_API_KEY'):\n"
        "            self.client = OpenAI(base_url='https://openrouter.ai/api/v1')\n"
        "        else:\n            self.client = OpenAI(base_url='https://api.openai.com/v1')\n\n"
        "    def ask(self, m):\n        return self.client.chat.completions.create(model='«gpt-4o-mini»', messages=m)\n",
        Ref(client="openai"),
    ),
    case(
        "client-built-only-for-openrouter",
        P,
        "from openai import OpenAI\nclient = OpenAI(base_url='https://openrouter.ai/api/v1')\n"
        "client.chat.completions.create(model='«gpt-4o-mini»', messages=m)\n",
        Ref(client="openai", target=T.OTHER_BASE_URL),
    ),
    case(
        "openai-client-and-agents-agent-are-neither-guidance-nor-crewai",
        P,
        'from openai import OpenAI\nclient = OpenAI("sk-not-a-model")\nfrom agents import Agent\nAgent(name="x", llm="gpt-4")\n',
    ),
    # --- indirection --------------------------------------------------------------------
    case(
        "module-constant",
        P,
        'MODEL = "«gpt-4o»"\n\ndef ask(q):\n    return client.chat.completions.create(model=MODEL, messages=[q])\n',
        Ref(via=True),
    ),
    case(
        "typed-constant",
        P,
        'from typing import Final\nEMBED_MODEL: Final[str] = "«text-embedding-3-small»"\nclient.embeddings.create(model=EMBED_MODEL, input=x)\n',
        Ref(surface=S.EMBEDDINGS, via=True),
    ),
    case(
        "function-local",
        P,
        'def f():\n    model = "«gpt-4.1»"\n    return client.responses.create(model=model, input="x")\n',
        Ref(surface=S.RESPONSES, via=True),
    ),
    case(
        "default-parameter",
        P,
        'def ask(prompt: str, model: str = "«gpt-4o-mini»", stream=True):\n    return client.chat.completions.create(model=model, messages=[], stream=stream)\n',
        Ref(via=True, streams=True),
    ),
    case(
        "parameter-without-default-shadows",
        P,
        'model = "gpt-4o"\ndef ask(model):\n    return client.chat.completions.create(model=model, messages=[])\n',
    ),
    case(
        "class-attribute",
        P,
        'class Bot:\n    model = "«gpt-4o»"\n    def reply(self, m):\n        return client.chat.completions.create(model=self.model, messages=m)\n',
        Ref(via=True),
    ),
    case(
        "init-attribute-from-default",
        P,
        'class Bot:\n    def __init__(self, model="«o3-mini»"):\n        self.model = model\n    def go(self):\n        return client.chat.completions.create(model=self.model, messages=[])\n',
        Ref(via=True),
    ),
    case(
        "getenv-direct",
        P,
        'import os\nclient.chat.completions.create(model=os.getenv("OPENAI_MODEL", "«gpt-4o-mini»"), messages=m)\n',
        Ref(),
    ),
    case(
        "environ-get-constant",
        P,
        'import os\nMODEL = os.environ.get("CHAT_MODEL", "«gpt-4.1-mini»")\nclient.chat.completions.create(model=MODEL, messages=m)\n',
        Ref(via=True),
    ),
    case(
        "getenv-or",
        P,
        'import os\nMODEL = os.getenv("M") or "«gpt-4o»"\nclient.chat.completions.create(model=MODEL, messages=m)\n',
        Ref(via=True),
    ),
    case(
        "conditional",
        P,
        'model = "«o3»" if hard else "«gpt-4o-mini»"\nclient.chat.completions.create(model=model, messages=m)\n',
        Ref(via=True),
        Ref(via=True),
    ),
    case(
        "conditional-inline",
        P,
        'client.chat.completions.create(model="«gpt-4o»" if big else "«gpt-4o-mini»", messages=m)\n',
        Ref(),
        Ref(),
    ),
    case(
        "dict-splat-literal",
        P,
        'client.chat.completions.create(**{"model": "«gpt-4o»", "messages": m})\n',
        Ref(),
    ),
    case(
        "dict-splat-name",
        P,
        'params = {"model": "«gpt-4.1»", "messages": m, "stream": True}\nresp = client.chat.completions.create(**params)\n',
        Ref(via=True, streams=True),
    ),
    case(
        "dict-call-splat",
        P,
        'kwargs = dict(model="«gpt-4o-mini»", temperature=0)\nclient.chat.completions.create(messages=m, **kwargs)\n',
        Ref(via=True),
    ),
    case(
        "class-constant-qualified",
        P,
        'class Config:\n    MODEL = "«gpt-4o»"\n\nclient.chat.completions.create(model=Config.MODEL, messages=m)\n',
        Ref(via=True),
    ),
    case(
        "constant-used-twice",
        P,
        'M = "«gpt-4o»"\nclient.chat.completions.create(model=M, messages=m)\nclient.chat.completions.create(model=M, messages=n, stream=True)\n',
        Ref(via=True, streams=True),
    ),
    # --- project wrappers ---------------------------------------------------------------
    case(
        "extra-call-keyword",
        P,
        'from mylib import ask\nask("hello", model="«gpt-4o»")\n',
        Ref(surface=S.RESPONSES),
        options=ScanOptions(extra_calls=(CallPattern("ask", surface=S.RESPONSES),)),
    ),
    case(
        "extra-call-position",
        P,
        'helpers.llm.complete("«gpt-4o-mini»", prompt)\n',
        Ref(surface=S.UNKNOWN),
        options=ScanOptions(extra_calls=(CallPattern("llm.complete", keyword=None, position=0),)),
    ),
    # --- broken code --------------------------------------------------------------------
    case("half-typed-eof", P, 'resp = client.chat.completions.create(model="«gpt-4o»",', Ref()),
    case(
        "half-typed-then-more-code",
        P,
        'resp = client.chat.completions.create(\n    model="«gpt-4o»",\n    messages=[{"role": "user", "content": "hi"\n\ndef other():\n    pass\n',
        Ref(),
    ),
    case(
        "broken-line-above",
        P,
        'x = = 3\nif (:\nclient.chat.completions.create(model="«gpt-4o-mini»", messages=m)\n',
        Ref(),
    ),
    case(
        "half-typed-langchain",
        P,
        'from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="«gpt-4o»"',
        Ref(client="langchain"),
    ),
    # --- negatives ----------------------------------------------------------------------
    case("prose", P, 'print("We use gpt-4o for chat")\nlogger.info("model=gpt-4o")\n'),
    case("comment", P, '# client.chat.completions.create(model="gpt-4o")\n'),
    case("docstring", P, 'def f():\n    """Calls model="gpt-4o" via client.chat.completions.create."""\n'),
    case(
        "message-content",
        P,
        'client.chat.completions.create(model=m, messages=[{"role": "user", "content": "gpt-4o"}])\n',
    ),
    case("dict-key-only", P, 'PRICES = {"gpt-4o": 2.5, "gpt-4o-mini": 0.15}\n'),
    case("fstring-with-field", P, 'client.chat.completions.create(model=f"gpt-{version}", messages=m)\n'),
    case("bytes-literal", P, 'client.chat.completions.create(model=b"gpt-4o", messages=m)\n'),
    case("pydantic-field", P, 'class Req(BaseModel):\n    name: str = Field(model="gpt-4o")\n'),
    case("sklearn", P, 'from sklearn.svm import SVC\nsearch = GridSearchCV(model="svc", cv=5)\nclf.fit(X, y)\n'),
    case("django-create", P, 'Order.objects.create(model="gpt-4o", total=3)\n'),
    case("torch-hub", P, 'model = torch.hub.load("pytorch/vision", model="resnet18")\n'),
    case(
        "anthropic-client",
        P,
        'from anthropic import Anthropic\nclient = Anthropic()\nclient.messages.create(model="claude-sonnet-4-0", max_tokens=10, messages=m)\n',
    ),
    case(
        "groq-client-same-shape",
        P,
        'from groq import Groq\nclient = Groq()\nclient.chat.completions.create(model="llama-3.1-70b-versatile", messages=m)\n',
    ),
    case("unused-constant", P, 'MODEL = "gpt-4o"\nprint(MODEL)\n'),
    case(
        "local-function-named-completion", P, 'def completion(model):\n    return model\ncompletion(model="gpt-4o")\n'
    ),
    case("model-is-a-variable-we-cannot-see", P, "client.chat.completions.create(model=get_model(), messages=m)\n"),
    case("empty-model", P, 'client.chat.completions.create(model="", messages=m)\n'),
    case("prose-in-model-slot", P, 'client.chat.completions.create(model="not a model id", messages=m)\n'),
    case("concatenated", P, 'client.chat.completions.create(model="gpt-" "4o", messages=m)\n'),
]


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_python_snippet(c: Case) -> None:
    check(c, "openai")


def test_corpus_ids_are_unique() -> None:
    assert len({c.id for c in CASES}) == len(CASES)


MORE: list[Case] = [
    case(
        "settings-instance-field",
        P,
        """from pydantic_settings import BaseSettings

class Settings(BaseSettings):
    openai_model: str = "«gpt-4.1-mini»"
    temperature: float = 0.2

settings = Settings()
client.chat.completions.create(model=settings.openai_model, messages=m)
""",
        Ref(via=True),
    ),
    case(
        "lambda-and-comprehension-around-call",
        P,
        'answers = [client.chat.completions.create(model="«gpt-4o-mini»", messages=[q]) for q in qs]\n',
        Ref(),
    ),
    case(
        "nested-in-async-with-and-try",
        P,
        """async def main():
    try:
        async with AsyncOpenAI() as c:
            await c.responses.create(model="«gpt-5-nano»", input="x")
    except Exception:
        pass
""",
        Ref(surface=S.RESPONSES),
    ),
    case(
        "agents-unbound-agent-keyword",
        P,
        'agent = Agent(name="Helper", model="«gpt-4.1»", tools=[search])\n',
        Ref(client="agents", surface=S.RESPONSES),
    ),
]


@pytest.mark.parametrize("c", MORE, ids=[c.id for c in MORE])
def test_more_python_snippets(c: Case) -> None:
    check(c, "openai")
