"""Python: the usual ways a model id travels from where it is written to the OpenAI call.

CLI options, callers' arguments, config objects and built-up dicts. Each ``«…»`` must come
back as a reference; the trap cases next to them must stay silent.
"""

from __future__ import annotations

import pytest

from openai_access.references import Surface as S
from openai_access.references import Target as T

from .markers import Case, Ref, case, check

P = "python"

CASES: list[Case] = [
    # --- argparse / optparse ------------------------------------------------------------
    case(
        "argparse-default",
        P,
        """import argparse
parser = argparse.ArgumentParser()
parser.add_argument("--model", type=str, default="«gpt-4o»", help="which model")
args = parser.parse_args()
client.chat.completions.create(model=args.model, messages=m)
""",
        Ref(via=True),
    ),
    case(
        "argparse-dest-and-function-parameter",
        P,
        """def build():
    p = argparse.ArgumentParser()
    p.add_argument("-m", "--llm", dest="model_name", default="«gpt-4.1-mini»")
    return p

def main(opts):
    return client.responses.create(model=opts.model_name, input="x")
""",
        Ref(surface=S.RESPONSES, via=True),
    ),
    case(
        "argparse-dashed-flag-and-set-defaults",
        P,
        """parser.add_argument("--embedding-model", default="«text-embedding-3-small»")
parser.set_defaults(chat_model="«gpt-4o-mini»")
ns = parser.parse_args()
client.embeddings.create(model=ns.embedding_model, input=t)
client.chat.completions.create(model=ns.chat_model, messages=m)
""",
        Ref(surface=S.EMBEDDINGS, via=True),
        Ref(via=True),
    ),
    case(
        "argparse-default-constant",
        P,
        """DEFAULT_MODEL = "«o3-mini»"
parser.add_argument("--model", default=DEFAULT_MODEL)
args = parser.parse_args()
client.chat.completions.create(model=args.model, messages=m)
""",
        Ref(via=True),
    ),
    case(
        "argparse-option-not-used-as-model",
        P,
        """parser.add_argument("--model", default="gpt-4o", choices=["gpt-4o", "o3"])
args = parser.parse_args()
print(args.model)
if args.model == "o3":
    pass
""",
    ),
    # --- click / typer ------------------------------------------------------------------
    case(
        "click-option-default",
        P,
        """import click

@click.command()
@click.option("--model", "-m", default="«gpt-4o-mini»", help="Model to use")
@click.option("--temperature", default=0.2)
def main(model, temperature):
    client.chat.completions.create(model=model, messages=m, temperature=temperature)
""",
        Ref(via=True),
    ),
    case(
        "click-option-explicit-name",
        P,
        """@click.option("-e", "--embed", "embed_model", default="«text-embedding-3-large»")
def index(embed_model):
    client.embeddings.create(model=embed_model, input=t)
""",
        Ref(surface=S.EMBEDDINGS, via=True),
    ),
    case(
        "typer-option-default",
        P,
        """import typer

def main(prompt: str, model: str = typer.Option("«gpt-4o»", "--model", "-m")):
    client.chat.completions.create(model=model, messages=[prompt])
""",
        Ref(via=True),
    ),
    case(
        "typer-annotated-default",
        P,
        """def main(model: Annotated[str, typer.Option("--model")] = "«gpt-4.1»"):
    client.responses.create(model=model, input="x")
""",
        Ref(surface=S.RESPONSES, via=True),
    ),
    # --- argument vectors handed to command-line tools ----------------------------------
    case(
        "argv-list-model-flag",
        P,
        """result = CliRunner().invoke(cli, ["-m", "«gpt-4o-mini»", "--key", "x", "Say hi"])
args = ["chat", "--embedding-model", "«text-embedding-3-small»"]
subprocess.run(["python", "-m", "http.server"])
subprocess.run(["ollama", "run", "--model", "llama3"])
runner.invoke(cli, ["-m", "chatgpt", "hi"])
""",
        Ref(surface=S.UNKNOWN, client="cli"),
        Ref(surface=S.UNKNOWN, client="cli"),
    ),
    # --- hand-written CLI helpers -------------------------------------------------------
    case(
        "cli-helper-flag-default",
        P,
        """model = get_arg("--model", "«gpt-4o»")
client.chat.completions.create(model=model, messages=m)
""",
        Ref(via=True),
    ),
    case(
        "cli-helper-keyword-default",
        P,
        """client.chat.completions.create(model=flag("--chat-model", default="«gpt-4o-mini»"), messages=m)
""",
        Ref(),
    ),
    case(
        "cli-helper-other-flag-not-a-model",
        P,
        """client.chat.completions.create(model=get_arg("--prompt", "gpt-4o"), messages=m)
""",
    ),
    # --- defaults and env fallbacks -----------------------------------------------------
    case(
        "default-constant-through-parameter",
        P,
        """DEFAULT_MODEL = "«gpt-4o-mini»"

def ask(prompt, model=DEFAULT_MODEL):
    return client.chat.completions.create(model=model, messages=[prompt])
""",
        Ref(via=True),
    ),
    case(
        "environ-get-or-default",
        P,
        """DEFAULT_MODEL = "«gpt-4.1»"
model = os.environ.get("OPENAI_MODEL") or DEFAULT_MODEL
client.chat.completions.create(model=model, messages=m)
""",
        Ref(via=True),
    ),
    case(
        "getenv-default-constant",
        P,
        """DEFAULT = "«gpt-4o»"
client.chat.completions.create(model=os.getenv("MODEL", DEFAULT), messages=m)
""",
        Ref(via=True),
    ),
    case(
        "config-dict-get-default",
        P,
        """def run(config):
    client.chat.completions.create(model=config.get("model", "«gpt-4o-mini»"), messages=m)
""",
        Ref(),
    ),
    case(
        "config-dict-subscript",
        P,
        """CONFIG = {"model": "«gpt-4o»", "temperature": 0}
client.chat.completions.create(model=CONFIG["model"], messages=m)
""",
        Ref(via=True),
    ),
    # --- callers' arguments -------------------------------------------------------------
    case(
        "caller-passes-model",
        P,
        """def ask(prompt, model):
    return client.chat.completions.create(model=model, messages=[prompt])

ask("hi", "«gpt-4o»")
ask("hi", model="«gpt-4.1-mini»")
ask(model="«o3»", prompt="x")
""",
        Ref(via=True),
        Ref(via=True),
        Ref(via=True),
    ),
    case(
        "caller-and-default",
        P,
        """def get_completion(prompt, model="«gpt-3.5-turbo»"):
    return openai.chat.completions.create(model=model, messages=[prompt])

get_completion("hi", model="«gpt-4»")
""",
        Ref(via=True),
        Ref(via=True),
    ),
    case(
        "method-caller-skips-self",
        P,
        """class Bot:
    def ask(self, prompt, model):
        return self.client.chat.completions.create(model=model, messages=[prompt])

    def run(self):
        return self.ask("hi", "«gpt-4o-mini»")
""",
        Ref(via=True),
    ),
    case(
        "constructor-argument-stored-on-self",
        P,
        """class Agent:
    def __init__(self, name, model):
        self.model = model

    def reply(self, m):
        return client.chat.completions.create(model=self.model, messages=m)

bot = Agent("helper", model="«gpt-4o»")
other = Agent("x", "«o4-mini»")
""",
        Ref(via=True),
        Ref(via=True),
    ),
    case(
        "function-handed-to-executor",
        P,
        """def ask(prompt, model):
    return client.chat.completions.create(model=model, messages=[prompt])

def run_all(prompts, model):
    with ThreadPoolExecutor() as pool:
        futures = [pool.submit(ask, p, model) for p in prompts]
    return [f.result() for f in futures]

run_all(prompts, "«gpt-4o-mini»")
await asyncio.to_thread(ask, "x", "«o4-mini»")
""",
        Ref(via=True),
        Ref(via=True),
    ),
    case(
        "recursive-function-terminates",
        P,
        """def ask(prompt, model, tries=3):
    if tries:
        return ask(prompt, model, tries - 1)
    return client.chat.completions.create(model=model, messages=[prompt])

ask("x", "«gpt-4o»")
""",
        Ref(via=True),
    ),
    case(
        "caller-passes-other-argument",
        P,
        """def ask(prompt, model):
    return client.chat.completions.create(model=model, messages=[prompt])

ask("gpt-4o is great", get_model())
""",
    ),
    # --- config objects -----------------------------------------------------------------
    case(
        "pydantic-field-default-annotated-parameter",
        P,
        """class Settings(BaseModel):
    model: str = Field(default="«gpt-4o»", description="chat model")
    embed_model: str = Field("«text-embedding-3-small»")

def run(cfg: Settings):
    client.chat.completions.create(model=cfg.model, messages=m)
    client.embeddings.create(model=cfg.embed_model, input=t)
""",
        Ref(via=True),
        Ref(surface=S.EMBEDDINGS, via=True),
    ),
    case(
        "dataclass-field-default-on-self-attribute",
        P,
        """@dataclass
class Config:
    model: str = field(default="«gpt-4.1-mini»")

class Service:
    def __init__(self):
        self.config = Config()

    def go(self):
        return client.responses.create(model=self.config.model, input="x")
""",
        Ref(surface=S.RESPONSES, via=True),
    ),
    case(
        "constructor-keyword-sets-field",
        P,
        """@dataclass
class Config:
    model: str

cfg = Config(model="«gpt-4o»")
client.chat.completions.create(model=cfg.model, messages=m)
""",
        Ref(via=True),
    ),
    case(
        "attribute-set-in-another-method",
        P,
        """class Chat:
    def setup(self):
        self.model_name = "«gpt-4o-mini»"

    def send(self, m):
        return client.chat.completions.create(model=self.model_name, messages=m)
""",
        Ref(via=True),
    ),
    case(
        "attribute-from-base-class",
        P,
        """class Base:
    model = "«gpt-4o»"

class Child(Base):
    def send(self, m):
        return client.chat.completions.create(model=self.model, messages=m)
""",
        Ref(via=True),
    ),
    case(
        "property-returns-model",
        P,
        """class Chat:
    @property
    def model(self):
        return "«o3»"

    def send(self, m):
        return client.chat.completions.create(model=self.model, messages=m)
""",
        Ref(via=True),
    ),
    # --- dicts built in steps -----------------------------------------------------------
    case(
        "subscript-assignment",
        P,
        """params = {"messages": m}
params["model"] = "«gpt-4o»"
client.chat.completions.create(**params)
""",
        Ref(via=True),
    ),
    case(
        "dict-update",
        P,
        """def go():
    kwargs = dict(temperature=0)
    kwargs.update(model="«gpt-4o-mini»")
    return client.chat.completions.create(messages=m, **kwargs)
""",
        Ref(via=True),
    ),
    case(
        "dict-spread-of-base",
        P,
        """BASE = {"model": "«gpt-4.1»", "temperature": 0}
client.chat.completions.create(**{**BASE, "messages": m})
""",
        Ref(via=True),
    ),
    case(
        "subscript-assignment-in-other-function",
        P,
        """def a():
    params = {}
    params["model"] = "gpt-4o"
def b(params):
    client.chat.completions.create(**params)
""",
    ),
    # --- pytest parametrize -------------------------------------------------------------
    case(
        "pytest-parametrize-single-and-rows",
        P,
        """@pytest.mark.parametrize("model", ["«gpt-4o»", pytest.param("«o3-mini»", marks=slow)])
def test_chat(model):
    client.chat.completions.create(model=model, messages=m)

MODELS = ["«gpt-4.1-mini»"]
@pytest.mark.parametrize("model, mode", product(MODELS, modes))
def test_mode(mode, model):
    client.chat.completions.create(model=model, messages=m)

@pytest.mark.parametrize(("mode", "model"), [(Mode.JSON, "«gpt-4o-mini»"), (Mode.TOOLS, "«gpt-4.1»")])
def test_rows(mode, model):
    client.chat.completions.create(model=model, messages=m)
""",
        Ref(via=True),
        Ref(via=True),
        Ref(via=True),
        Ref(via=True),
        Ref(via=True),
    ),
    case(
        "pytest-parametrize-other-name",
        P,
        """@pytest.mark.parametrize("expected", ["gpt-4o"])
def test_name(expected, model):
    client.chat.completions.create(model=model, messages=m)
""",
    ),
    # --- loops and class hierarchies ----------------------------------------------------
    case(
        "for-loop-over-models",
        P,
        """for model in ("«gpt-4o»", "«gpt-4o-mini»"):
    client.chat.completions.create(model=model, messages=m)
results = [client.embeddings.create(model=e, input=t) for e in ["«text-embedding-3-small»"]]
""",
        Ref(via=True),
        Ref(via=True),
        Ref(surface=S.EMBEDDINGS, via=True),
    ),
    case(
        "loop-tuple-columns-enumerate-zip-items",
        P,
        """ROWS = [("«gpt-4o»", "OPENAI_API_KEY"), ("«o4-mini»", "OPENAI_API_KEY")]
for model, env_var in ROWS:
    client.chat.completions.create(model=model, messages=m)
for i, name in enumerate(["«gpt-4.1»"]):
    client.responses.create(model=name, input="x")
for m2, temp in zip(["«gpt-4o-mini»"], [0.2]):
    client.chat.completions.create(model=m2, messages=m, temperature=temp)
TASKS = {"summary": "«gpt-4.1-nano»"}
for task, chosen in TASKS.items():
    client.responses.create(model=chosen, input=task)
""",
        Ref(via=True),
        Ref(via=True),
        Ref(surface=S.RESPONSES, via=True),
        Ref(via=True),
        Ref(surface=S.RESPONSES, via=True),
    ),
    case(
        "generic-class-called-with-type-parameters",
        P,
        """from pydantic_ai import Agent
agent = Agent[Deps, Output](
    "«openai:gpt-5.2»",
    output_type=Output,
)
""",
        Ref(model="gpt-5.2", client="pydantic-ai", model_start=7),
    ),
    case(
        "same-loop-variable-in-two-loops",
        P,
        """def register_all():
    for model_id in ("«gpt-4.1»",):
        register(Chat(model_id))
    for model_id in ("«o3»",):
        register(Responses(model_id))

class Chat:
    def __init__(self, model_id):
        self.model_id = model_id
    def run(self):
        return client.chat.completions.create(model=self.model_id, messages=m)

class Responses:
    def __init__(self, model_id):
        self.model_id = model_id
    def run(self):
        return client.responses.create(model=self.model_id, input="x")
""",
        Ref(via=True),
        Ref(surface=S.RESPONSES, via=True),
    ),
    case(
        "subclass-constructor-runs-base-init",
        P,
        """class Shared:
    def __init__(self, model_id, key=None):
        self.model_id = model_id

class Chat(Shared):
    def run(self):
        return client.chat.completions.create(model=self.model_id, messages=m)

class Responses(Shared):
    def __init__(self, model_id, **kw):
        super().__init__(model_id, **kw)
    def run(self):
        return client.responses.create(model=self.model_id, input="x")

Chat("«gpt-4o»")
Responses("«o3-pro»")
""",
        Ref(via=True),
        Ref(surface=S.RESPONSES, via=True),
    ),
    # --- values returned by functions written here --------------------------------------
    case(
        "function-returns-env-default-lowered",
        P,
        """def get_default_model() -> str:
    return os.getenv("OPENAI_DEFAULT_MODEL", "«gpt-4.1-mini»").lower()

client.responses.create(model=get_default_model(), input="x")
""",
        Ref(surface=S.RESPONSES, via=True),
    ),
    case(
        "method-returns-model",
        P,
        """class Bot:
    def pick(self, hard):
        return "«o3»" if hard else "«gpt-4o-mini»"

    def go(self, q):
        return client.chat.completions.create(model=self.pick(q), messages=m)
""",
        Ref(via=True),
        Ref(via=True),
    ),
    case(
        "client-factory-with-other-base-url",
        P,
        """def make_client():
    return OpenAI(base_url="http://localhost:11434/v1")

client = make_client()
client.chat.completions.create(model="«llama3»", messages=m)
""",
        Ref(target=T.OTHER_BASE_URL),
    ),
    case(
        "function-result-not-a-model",
        P,
        """def pick():
    return choose_from_config()

client.chat.completions.create(model=pick(), messages=m)
print(pick(), "gpt-4o")
""",
    ),
    # --- newer and older SDK shapes -----------------------------------------------------
    case(
        "responses-input-tokens-count",
        P,
        """client.responses.input_tokens.count(model="«gpt-5»", input="hello")
""",
        Ref(surface=S.RESPONSES),
    ),
    case(
        "legacy-audio-transcribe-positional",
        P,
        """import openai
transcript = openai.Audio.transcribe("«whisper-1»", audio_file)
""",
        Ref(surface=S.AUDIO_TRANSCRIPTIONS, client="openai-legacy"),
    ),
    # --- drop-in modules ----------------------------------------------------------------
    case(
        "drop-in-adapter-module",
        P,
        """from gptcache.adapter import openai
openai.ChatCompletion.create(model="«gpt-3.5-turbo»", messages=m)
""",
        Ref(client="openai-legacy"),
    ),
    case(
        "legacy-names-imported",
        P,
        """from openai import ChatCompletion, Embedding
ChatCompletion.create(model="«gpt-4»", messages=m)
Embedding.create(engine="«text-embedding-ada-002»", input=t)
""",
        Ref(client="openai-legacy"),
        Ref(surface=S.EMBEDDINGS, client="openai-legacy"),
    ),
    case(
        "legacy-shape-on-local-orm-model",
        P,
        """class Completion(Model):
    pass
Completion.create(model="gpt-4o", user=u)
""",
    ),
    case(
        "legacy-shape-on-foreign-client",
        P,
        """from groq import Groq
g = Groq()
g.ChatCompletion.create(model="llama3-70b", messages=m)
""",
    ),
    case(
        "sdk-chain-on-unknown-receiver",
        P,
        """from mycompany.llm import get_client
get_client().chat.completions.create(model="«gpt-4o»", messages=m)
""",
        Ref(),
    ),
    case(
        "base-url-client-kept-other",
        P,
        """from openai import OpenAI
client = OpenAI(base_url="http://localhost:8000/v1")
def ask(model="«llama3»"):
    return client.chat.completions.create(model=model, messages=m)
""",
        Ref(target=T.OTHER_BASE_URL, via=True),
    ),
]


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_python_flow(c: Case) -> None:
    check(c, "openai")


def test_flow_ids_are_unique() -> None:
    assert len({c.id for c in CASES}) == len(CASES)
