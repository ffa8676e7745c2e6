"""JS/TS: the usual ways a model id travels from where it is written to the OpenAI call.

Destructuring, callers' arguments, CLI options (commander, yargs, parseArgs, hand-written
helpers) and env fallbacks. Each ``«…»`` must come back; the traps beside them must not.
"""

from __future__ import annotations

import pytest

from openai_access.references import Surface as S

from .markers import Case, Ref, case, check

JS, TS = "javascript", "typescript"

CASES: list[Case] = [
    # --- env fallbacks and constants ----------------------------------------------------
    case(
        "env-or-default-constant",
        JS,
        """const DEFAULT_MODEL = "«gpt-4o-mini»";
const model = process.env.OPENAI_MODEL || DEFAULT_MODEL;
await client.chat.completions.create({ model, messages });
""",
        Ref(via=True),
    ),
    case(
        "env-nullish-default-inline",
        TS,
        """await client.responses.create({ model: process.env.MODEL ?? "«gpt-5-mini»", input });
""",
        Ref(surface=S.RESPONSES),
    ),
    # --- hand-written CLI helpers -------------------------------------------------------
    case(
        "cli-helper-flag-default",
        JS,
        """const model = getArg('--model', '«gpt-4o»');
await openai.chat.completions.create({ model, messages });
""",
        Ref(via=True),
    ),
    case(
        "cli-helper-other-flag",
        JS,
        """const model = getArg('--prompt', 'gpt-4o');
await openai.chat.completions.create({ model, messages });
""",
    ),
    # --- commander / yargs / parseArgs --------------------------------------------------
    case(
        "commander-option-default",
        JS,
        """program
  .option("-m, --model <name>", "model to use", "«gpt-4o»")
  .option("--embedding-model <name>", "embeddings", "«text-embedding-3-small»");
program.parse();
const opts = program.opts();
await openai.chat.completions.create({ model: opts.model, messages });
await openai.embeddings.create({ model: opts.embeddingModel, input });
""",
        Ref(via=True),
        Ref(surface=S.EMBEDDINGS, via=True),
    ),
    case(
        "yargs-option-default",
        JS,
        """const argv = yargs(hideBin(process.argv)).option("model", { type: "string", default: "«gpt-4.1»" }).parse();
await openai.chat.completions.create({ model: argv.model, messages });
""",
        Ref(via=True),
    ),
    case(
        "node-parse-args-default",
        TS,
        """const { values } = parseArgs({ options: { model: { type: "string", default: "«o4-mini»" } } });
await client.responses.create({ model: values.model, input });
""",
        Ref(surface=S.RESPONSES, via=True),
    ),
    # --- destructuring ------------------------------------------------------------------
    case(
        "destructured-parameter-default",
        JS,
        """async function ask({ model = "«gpt-4o»", prompt }) {
  return client.chat.completions.create({ model, messages: [prompt] });
}
""",
        Ref(via=True),
    ),
    case(
        "destructured-parameter-from-callers",
        TS,
        """const ask = async ({ model, prompt }: Opts) => client.chat.completions.create({ model, messages: [prompt] });
await ask({ model: "«gpt-4.1-mini»", prompt: "hi" });
""",
        Ref(via=True),
    ),
    case(
        "destructured-declaration-default",
        JS,
        """function run(opts) {
  const { model = "«gpt-4o-mini»", temperature } = opts;
  return client.chat.completions.create({ model, temperature, messages });
}
""",
        Ref(via=True),
    ),
    case(
        "destructured-config-object",
        JS,
        """const config = { openai: { chatModel: "«gpt-4o»" } };
const { openai: { chatModel } } = config;
await client.chat.completions.create({ model: chatModel, messages });
""",
        Ref(via=True),
    ),
    # --- callers' arguments -------------------------------------------------------------
    case(
        "caller-passes-model",
        JS,
        """async function complete(prompt, model) {
  return client.chat.completions.create({ model, messages: [prompt] });
}
await complete("hi", "«gpt-4o»");
""",
        Ref(via=True),
    ),
    case(
        "constructor-options-stored-on-this",
        TS,
        """class Bot {
  constructor(opts) { this.model = opts.model; }
  reply(messages) { return client.chat.completions.create({ model: this.model, messages }); }
}
const bot = new Bot({ model: "«gpt-4o-mini»" });
""",
        Ref(via=True),
    ),
    case(
        "ts-parameter-property",
        TS,
        """class Chat {
  constructor(private readonly model: string = "«gpt-4.1»") {}
  send(messages) { return this.client.chat.completions.create({ model: this.model, messages }); }
}
""",
        Ref(via=True),
    ),
    case(
        "method-caller",
        TS,
        """class Svc {
  async ask(prompt: string, model: string) {
    return this.openai.chat.completions.create({ model, messages: [prompt] });
  }
  run() { return this.ask("x", "«o3-mini»"); }
}
""",
        Ref(via=True),
    ),
    case(
        "caller-passes-unknown",
        JS,
        """function complete(prompt, model) {
  return client.chat.completions.create({ model, messages: [prompt] });
}
complete("gpt-4o is good", pickModel());
""",
    ),
    case(
        "function-returns-env-default-lowered",
        TS,
        """export function getDefaultModel(): string {
  const env = loadEnv();
  return env[OPENAI_DEFAULT_MODEL]?.toLowerCase() ?? "«gpt-4.1»";
}
await client.responses.create({ model: getDefaultModel(), input });
""",
        Ref(surface=S.RESPONSES, via=True),
    ),
    case(
        "arrow-and-method-return",
        JS,
        """const pickModel = (hard) => (hard ? "«o3»" : "«gpt-4o-mini»");
class Svc {
  model() { return "«gpt-4.1-nano»"; }
  run() {
    client.chat.completions.create({ model: pickModel(true), messages });
    return client.chat.completions.create({ model: this.model(), messages });
  }
}
""",
        Ref(via=True),
        Ref(via=True),
        Ref(via=True),
    ),
    case(
        "responses-input-tokens-count",
        TS,
        """await client.responses.inputTokens.count({ model: "«gpt-5»", input });
""",
        Ref(surface=S.RESPONSES),
    ),
    case(
        "for-of-over-models",
        TS,
        """for (const model of ["«gpt-4o»", "«o4-mini»"]) {
  await client.chat.completions.create({ model, messages });
}
""",
        Ref(via=True),
        Ref(via=True),
    ),
    case(
        "for-of-destructured-rows-and-entries",
        TS,
        """const ROWS = [["«gpt-4o»", 0.2], ["«o4-mini»", 1]];
for (const [model, temperature] of ROWS) {
  await client.chat.completions.create({ model, temperature, messages });
}
const TASKS = { summary: "«gpt-4.1-nano»" };
for (const [task, chosen] of Object.entries(TASKS)) {
  await client.responses.create({ model: chosen, input: task });
}
""",
        Ref(via=True),
        Ref(via=True),
        Ref(surface=S.RESPONSES, via=True),
    ),
    case(
        "subclass-constructor-runs-base-constructor",
        TS,
        """class Base {
  constructor(opts) { this.model = opts.model; }
  run() { return client.chat.completions.create({ model: this.model, messages }); }
}
class Fast extends Base {}
new Fast({ model: "«gpt-4.1-nano»" });
""",
        Ref(via=True),
    ),
    case(
        "argv-array-model-flag",
        JS,
        """spawn("llm", ["-m", "«gpt-4.1»", prompt]);
execFileSync("node", ["-m", "esm", "index.js"]);
""",
        Ref(surface=S.UNKNOWN, client="cli"),
    ),
    case(
        "subscript-config",
        JS,
        """const MODELS = { chat: "«gpt-4o»" };
await client.chat.completions.create({ model: MODELS["chat"], messages });
""",
        Ref(via=True),
    ),
]


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_js_flow(c: Case) -> None:
    check(c, "openai-node")


def test_flow_ids_are_unique() -> None:
    assert len({c.id for c in CASES}) == len(CASES)
