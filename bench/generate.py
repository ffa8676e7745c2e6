"""Deterministic generators of the code the benchmarks measure against.

Why generated and not a checked-in fixture: the figures must be about a *realistic* size and
mix (5,000-line modules, 2,000-file repositories) without committing megabytes, and the same
seed must give byte-identical input on every machine so that two runs can be compared.

What "realistic" means here: most lines are ordinary application code (dataclasses, loops,
logging, database calls named ``create`` that are *not* OpenAI -- the scanner has to look at
them and reject them), and the OpenAI calls come in the shapes real projects use: the v1 SDK
(chat, responses, embeddings, images, audio; sync, async, streaming), module constants and
``os.getenv`` defaults, ``self.model`` attributes, ``**params`` dicts, the legacy 0.x API,
LangChain, LlamaIndex, litellm, openai-node, the Vercel AI SDK, notebooks and config files.
The models mix good ids, deprecated and retired ones, typos and wrong-endpoint uses, so the
judge does every kind of work.

Everything is written into a directory the caller gives (a temporary one in ``run.py``),
never into the repository. ``python bench/generate.py --out DIR`` writes both inputs there
for a look.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SEED = 20260101

CHAT_MODELS = (
    "gpt-5.5",
    "gpt-5.4-mini",
    "gpt-5.4-nano",
    "gpt-5.1",
    "gpt-5-mini",
    "gpt-4.1",
    "gpt-4.1-mini",
    "gpt-4o",
    "gpt-4o-mini",
    "o3",
    "o4-mini",
    "gpt-3.5-turbo",
    "gpt-4-turbo-preview",  # retired
    "gpt-4.5-preview",  # retired
    "gpt-3.5-turbo-0613",  # retired
    "gtp-5.5",  # typo
    "gpt-4o-mnii",  # typo
    "gpt-5.6-sol",
    "chatgpt-4o-latest",
    "ft:gpt-4o-mini-2024-07-18:acme::9abcDEF1",  # fine-tune
)
RESPONSES_MODELS = ("gpt-5.5", "gpt-5.4", "o3-pro", "gpt-5-codex", "gpt-5.2-pro", "o4-mini-deep-research")
EMBEDDING_MODELS = ("text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002")
IMAGE_MODELS = ("gpt-image-1", "gpt-image-2", "dall-e-3", "dall-e-2")
AUDIO_MODELS = ("whisper-1", "gpt-4o-mini-tts", "tts-1", "gpt-4o-transcribe")
LITELLM_MODELS = ("openai/gpt-4o-mini", "openai/gpt-5.5", "gpt-4.1", "anthropic/claude-sonnet-4")
ENV_KEYS = ("OPENAI_MODEL", "CHAT_MODEL", "SUMMARY_MODEL", "EMBEDDING_MODEL", "LLM_MODEL")
WORDS = (
    "order",
    "invoice",
    "ticket",
    "customer",
    "report",
    "session",
    "payload",
    "record",
    "batch",
    "user",
    "account",
    "event",
    "message",
    "document",
    "chunk",
    "summary",
    "review",
    "draft",
    "index",
    "cache",
)


def _ident(rng: random.Random, n: int = 2) -> str:
    return "_".join(rng.choice(WORDS) for _ in range(n))


# ------------------------------------------------------------------------------------------
# Python: one big module
# ------------------------------------------------------------------------------------------


def _py_filler(rng: random.Random, i: int) -> list[str]:
    """Ordinary code with no model in it; some of it calls unrelated ``create``/``update``."""
    name = f"{_ident(rng)}_{i}"
    kind = rng.randrange(6)
    if kind == 0:
        return [
            "@dataclass",
            f"class {name.title().replace('_', '')}:",
            f'    """A {rng.choice(WORDS)} as the {rng.choice(WORDS)} service returns it."""',
            "",
            "    id: int",
            "    name: str",
            "    tags: list[str] = field(default_factory=list)",
            "    score: float = 0.0",
            "",
            "    def label(self) -> str:",
            '        return f"{self.name} ({self.score:.2f})"',
            "",
            "",
        ]
    if kind == 1:
        return [
            f"def {name}(db: Any, items: list[dict[str, Any]]) -> int:",
            f'    """Store every {rng.choice(WORDS)}; the ORM call is named create but is not OpenAI."""',
            "    count = 0",
            "    for item in items:",
            "        if not item.get('id'):",
            "            continue",
            f"        db.{rng.choice(WORDS)}s.create(name=item['name'], model=item.get('kind', 'default'))",
            "        count += 1",
            f'    log.info("stored %d {rng.choice(WORDS)}s", count)',
            "    return count",
            "",
            "",
        ]
    if kind == 2:
        return [
            f"def {name}(values: list[float]) -> dict[str, float]:",
            "    # plain arithmetic: the scanner must skip this quickly",
            "    if not values:",
            "        return {'mean': 0.0, 'max': 0.0}",
            "    total = sum(values)",
            "    mean = total / len(values)",
            "    spread = max(values) - min(values)",
            "    return {'mean': mean, 'max': max(values), 'spread': spread}",
            "",
            "",
        ]
    if kind == 3:
        return [
            f"async def {name}(session: Any, url: str) -> bytes:",
            "    for attempt in range(3):",
            "        try:",
            "            async with session.get(url, timeout=10) as resp:",
            "                resp.raise_for_status()",
            "                return await resp.read()",
            "        except TimeoutError:",
            "            await asyncio.sleep(2**attempt)",
            f'    raise RuntimeError("could not fetch {rng.choice(WORDS)}")',
            "",
            "",
        ]
    if kind == 4:
        return [
            f"def {name}(rows: list[tuple[str, int]]) -> str:",
            '    """Render rows as a small table for the log (Grüße, naïve café ☕ stays intact)."""',
            "    lines = []",
            "    for key, value in sorted(rows):",
            '        lines.append(f"{key:<20} {value:>8}")',
            '    return "\\n".join(lines)',
            "",
            "",
        ]
    return [
        f"def {name}(cache: dict[str, Any], key: str, value: Any) -> None:",
        "    # keep the cache bounded",
        "    if len(cache) > 1000:",
        "        cache.pop(next(iter(cache)))",
        "    cache[key] = value",
        f"    metrics.update(name={name!r}, size=len(cache))",
        "",
        "",
    ]


def _py_call(rng: random.Random, i: int, constants: list[str]) -> list[str]:
    """One function with exactly one OpenAI model argument, in one of many real shapes."""
    w = _ident(rng)
    fn = f"{w}_{i}"
    kind = i % 14
    chat = rng.choice(CHAT_MODELS)
    if kind == 0:
        return [
            f"def {fn}(question: str) -> str:",
            "    reply = client.chat.completions.create(",
            f'        model="{chat}",',
            '        messages=[{"role": "user", "content": question}],',
            "    )",
            '    return reply.choices[0].message.content or ""',
            "",
            "",
        ]
    if kind == 1:
        return [
            f"def {fn}(question: str) -> str:",
            f"    # uses the module constant {constants[i % len(constants)]}",
            "    reply = client.chat.completions.create(",
            f"        model={constants[i % len(constants)]},",
            '        messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": question}],',
            "        temperature=0.2,",
            "    )",
            '    return reply.choices[0].message.content or ""',
            "",
            "",
        ]
    if kind == 2:
        return [
            f"async def {fn}(question: str) -> None:",
            f'    stream = await aclient.chat.completions.create(model="{chat}", messages=[{{"role": "user", '
            '"content": question}], stream=True)',
            "    async for chunk in stream:",
            "        print(chunk.choices[0].delta.content or '', end='')",
            "",
            "",
        ]
    if kind == 3:
        return [
            f"def {fn}(prompt: str) -> str:",
            "    response = client.responses.create(",
            f'        model="{rng.choice(RESPONSES_MODELS)}",',
            "        input=prompt,",
            '        reasoning={"effort": "low", "summary": "auto"},',
            "    )",
            "    return response.output_text",
            "",
            "",
        ]
    if kind == 4:
        return [
            f"def {fn}(texts: list[str]) -> list[list[float]]:",
            f'    result = client.embeddings.create(model="{rng.choice(EMBEDDING_MODELS)}", input=texts)',
            "    return [d.embedding for d in result.data]",
            "",
            "",
        ]
    if kind == 5:
        return [
            f"def {fn}(prompt: str) -> str:",
            f'    image = client.images.generate(model="{rng.choice(IMAGE_MODELS)}", prompt=prompt, size="1024x1024")',
            '    return image.data[0].url or ""',
            "",
            "",
        ]
    if kind == 6:
        return [
            f"def {fn}(path: str) -> str:",
            '    with open(path, "rb") as audio:',
            f'        out = client.audio.transcriptions.create(model="{rng.choice(AUDIO_MODELS)}", file=audio)',
            "    return out.text",
            "",
            "",
        ]
    if kind == 7:
        key = rng.choice(ENV_KEYS)
        return [
            f"def {fn}(question: str) -> str:",
            f'    model = os.getenv("{key}", "{chat}")',
            '    reply = client.chat.completions.create(model=model, messages=[{"role": "user", "content": question}])',
            '    return reply.choices[0].message.content or ""',
            "",
            "",
        ]
    if kind == 8:
        cls = f"{w.title().replace('_', '')}Agent{i}"
        return [
            f"class {cls}:",
            '    """Keeps its model on self, as most agent classes do."""',
            "",
            f'    def __init__(self, model: str = "{chat}") -> None:',
            "        self.model = model",
            "        self.history: list[dict[str, str]] = []",
            "",
            "    def ask(self, text: str) -> str:",
            '        self.history.append({"role": "user", "content": text})',
            "        reply = client.chat.completions.create(model=self.model, messages=self.history)",
            "        content = reply.choices[0].message.content or ''",
            '        self.history.append({"role": "assistant", "content": content})',
            "        return content",
            "",
            "",
        ]
    if kind == 9:
        return [
            f"def {fn}(question: str) -> str:",
            "    params = {",
            f'        "model": "{chat}",',
            '        "messages": [{"role": "user", "content": question}],',
            '        "max_completion_tokens": 400,',
            "    }",
            "    reply = client.chat.completions.create(**params)",
            '    return reply.choices[0].message.content or ""',
            "",
            "",
        ]
    if kind == 10:
        return [
            f"def {fn}() -> Any:",
            "    # LangChain chat model",
            f'    return ChatOpenAI(model="{chat}", temperature=0, max_retries=2)',
            "",
            "",
        ]
    if kind == 11:
        return [
            f"def {fn}(question: str) -> str:",
            "    response = litellm.completion(",
            f'        model="{rng.choice(LITELLM_MODELS)}",',
            '        messages=[{"role": "user", "content": question}],',
            "    )",
            "    return response.choices[0].message.content",
            "",
            "",
        ]
    if kind == 12:
        return [
            f"def {fn}(question: str) -> str:",
            "    # legacy 0.x API, still in old code",
            f'    reply = openai.ChatCompletion.create(model="{chat}", messages=[{{"role": "user", '
            '"content": question}])',
            '    return reply["choices"][0]["message"]["content"]',
            "",
            "",
        ]
    return [
        f"def {fn}() -> Any:",
        "    # LangChain embeddings",
        f'    return OpenAIEmbeddings(model="{rng.choice(EMBEDDING_MODELS)}")',
        "",
        "",
    ]


PY_HEADER = [
    '"""Support, search and reporting helpers (generated for benchmarks)."""',
    "",
    "from __future__ import annotations",
    "",
    "import asyncio",
    "import logging",
    "import os",
    "from dataclasses import dataclass, field",
    "from typing import Any",
    "",
    "import litellm",
    "import openai",
    "from langchain_openai import ChatOpenAI, OpenAIEmbeddings",
    "from openai import AsyncOpenAI, OpenAI",
    "",
    "log = logging.getLogger(__name__)",
    "metrics: Any = None",
    "client = OpenAI()",
    "aclient = AsyncOpenAI()",
    'SYSTEM = "You are a careful assistant."',
    "",
]


@dataclass(frozen=True)
class BigPython:
    text: str
    calls: int  # OpenAI calls written (each with one model argument)
    edit_lines: tuple[int, ...]  # 0-based lines holding a comment, safe to type into
    model_lines: tuple[tuple[int, int, int], ...]  # (line, start, end) of a model literal's text


def python_module(lines: int = 5000, calls: int = 200, seed: int = SEED) -> BigPython:
    """A Python module of exactly ``lines`` lines with ``calls`` OpenAI calls spread through it."""
    rng = random.Random(seed)
    constants = ["SUMMARY_MODEL", "ROUTER_MODEL", "FALLBACK_MODEL", "DEFAULT_MODEL"]
    out = list(PY_HEADER)
    for c in constants[:-1]:
        out.append(f'{c} = "{rng.choice(CHAT_MODELS)}"')
    out.append(f'DEFAULT_MODEL = os.getenv("OPENAI_MODEL", "{rng.choice(CHAT_MODELS)}")')
    out += ["", ""]
    call_blocks = [_py_call(rng, i, constants) for i in range(calls)]
    budget = lines - len(out) - sum(len(b) for b in call_blocks)
    fillers: list[list[str]] = []
    i = 0
    while budget > 0:
        block = _py_filler(rng, i)
        fillers.append(block)
        budget -= len(block)
        i += 1
    # Interleave: roughly one call per (fillers / calls) filler blocks, deterministic.
    per = max(1, len(fillers) // max(1, calls))
    fi = 0
    for block in call_blocks:
        for _ in range(per):
            if fi < len(fillers):
                out += fillers[fi]
                fi += 1
        out += block
    while fi < len(fillers):
        out += fillers[fi]
        fi += 1
    out = out[:lines]
    # A project that uses the tool silences something somewhere; one such comment means the
    # suppression lexer runs over the whole file (it is skipped when the marker is absent).
    for n, line in enumerate(out):
        if "client.images.generate(" in line:
            out[n] = line + "  # openai-access: ignore[may-need-verification]"
            break
    while len(out) < lines:
        out.append("# end of generated module")
    edit_lines = tuple(n for n, line in enumerate(out) if line.strip().startswith("# ") and "model" not in line)
    model_lines = []
    for n, line in enumerate(out):
        stripped = line.strip()
        if stripped.startswith('model="') and stripped.endswith('",'):
            start = line.index('"') + 1
            model_lines.append((n, start, line.index('"', start)))
    return BigPython("\n".join(out) + "\n", calls, edit_lines, tuple(model_lines))


# ------------------------------------------------------------------------------------------
# A repository tree: Python, TS/JS, notebooks, config files
# ------------------------------------------------------------------------------------------


def _small_py(rng: random.Random, i: int) -> str:
    lines = ['"""Module of the generated service."""', "", "from __future__ import annotations", ""]
    lines += ["import logging", "import os", "from dataclasses import dataclass, field", "from typing import Any", ""]
    has_openai = rng.random() < 0.25
    if has_openai:
        lines += ["from openai import AsyncOpenAI, OpenAI", "", "client = OpenAI()", "aclient = AsyncOpenAI()"]
        lines += ["SUMMARY_MODEL = ROUTER_MODEL = FALLBACK_MODEL = DEFAULT_MODEL = 'gpt-5.5'", 'SYSTEM = ""']
    lines += ["log = logging.getLogger(__name__)", "metrics: Any = None", "", ""]
    blocks = rng.randint(3, 12)
    for b in range(blocks):
        if has_openai and rng.random() < 0.35:
            lines += _py_call(rng, i * 31 + b, ["SUMMARY_MODEL", "ROUTER_MODEL", "FALLBACK_MODEL", "DEFAULT_MODEL"])
        else:
            lines += _py_filler(rng, b)
    return "\n".join(lines) + "\n"


def _small_js(rng: random.Random, ts: bool) -> str:
    t = (lambda s: s) if ts else (lambda s: "")
    lines = [
        'import OpenAI from "openai";',
        'import { openai } from "@ai-sdk/openai";',
        'import { generateText } from "ai";',
    ]
    lines += ["", "const client = new OpenAI();", ""]
    for b in range(rng.randint(3, 10)):
        name = f"{_ident(rng).replace('_', '')}{b}"
        r = rng.random()
        if r < 0.15:
            lines += [
                f"export async function {name}(q{t(': string')}){t(': Promise<string>')} {{",
                "  const completion = await client.chat.completions.create({",
                f'    model: "{rng.choice(CHAT_MODELS)}",',
                '    messages: [{ role: "user", content: q }],',
                "  });",
                '  return completion.choices[0].message.content ?? "";',
                "}",
                "",
            ]
        elif r < 0.25:
            lines += [
                f"export async function {name}(prompt{t(': string')}) {{",
                f'  const {{ text }} = await generateText({{ model: openai("{rng.choice(CHAT_MODELS)}"), prompt }});',
                "  return text;",
                "}",
                "",
            ]
        elif r < 0.3:
            lines += [
                f'const MODEL_{b} = process.env.OPENAI_MODEL ?? "{rng.choice(CHAT_MODELS)}";',
                f"export const {name} = (input{t(': string')}) =>",
                f"  client.responses.create({{ model: MODEL_{b}, input }});",
                "",
            ]
        else:
            lines += [
                f"export function {name}(items{t(': Array<{ id: number; name: string }>')}) {{",
                "  const out = [];",
                "  for (const item of items) {",
                "    if (!item.id) continue;",
                "    out.push({ ...item, label: `${item.name} #${item.id}` });",
                "  }",
                "  return out;",
                "}",
                "",
            ]
    return "\n".join(lines) + "\n"


def _notebook(rng: random.Random) -> str:
    cells: list[dict[str, Any]] = [
        {
            "cell_type": "markdown",
            "metadata": {},
            "source": ["# Exploring the API\n", "Generated for benchmarks.\n"],
        }
    ]
    for c in range(rng.randint(3, 8)):
        if rng.random() < 0.5:
            src = [
                "from openai import OpenAI\n",
                "client = OpenAI()\n",
                f'reply = client.chat.completions.create(model="{rng.choice(CHAT_MODELS)}", messages=[])\n',
                "print(reply)",
            ]
        else:
            src = ["import pandas as pd\n", f"df = pd.DataFrame({{'x': range({c + 10})}})\n", "df.describe()"]
        cells.append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": src})
    nb = {
        "cells": cells,
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(nb, indent=1) + "\n"


def _dotenv(rng: random.Random) -> str:
    return (
        "# local settings\n"
        f"OPENAI_MODEL={rng.choice(CHAT_MODELS)}\n"
        f"EMBEDDING_MODEL={rng.choice(EMBEDDING_MODELS)}\n"
        "DATABASE_URL=postgres://localhost/app\n"
        "LOG_LEVEL=info\n"
    )


def _yaml(rng: random.Random) -> str:
    return (
        "service:\n  name: support\n  replicas: 2\n"
        f"llm:\n  provider: openai\n  model: {rng.choice(CHAT_MODELS)}\n  temperature: 0.2\n"
        f'embeddings:\n  model: "{rng.choice(EMBEDDING_MODELS)}"\n'
        "logging:\n  level: info\n"
    )


def _toml(rng: random.Random) -> str:
    return (
        '[tool.app]\nname = "support"\n\n'
        f'[llm]\nprovider = "openai"\nmodel = "{rng.choice(CHAT_MODELS)}"\nmax_tokens = 400\n\n'
        f'[embeddings]\nmodel = "{rng.choice(EMBEDDING_MODELS)}"\n'
    )


def _json_cfg(rng: random.Random) -> str:
    cfg = {
        "name": "support",
        "openai": {"model": rng.choice(CHAT_MODELS), "temperature": 0.2},
        "embeddings": {"model": rng.choice(EMBEDDING_MODELS)},
        "features": [_ident(rng) for _ in range(5)],
    }
    return json.dumps(cfg, indent=2) + "\n"


# (extension or file name, share of the 2,000 files, generator)
_TREE_MIX: tuple[tuple[str, int, Callable[[random.Random], str]], ...] = (
    (".py", 1100, lambda r: _small_py(r, r.randrange(10_000))),
    (".ts", 300, lambda r: _small_js(r, ts=True)),
    (".tsx", 60, lambda r: _small_js(r, ts=True)),
    (".js", 240, lambda r: _small_js(r, ts=False)),
    (".ipynb", 60, _notebook),
    (".env", 40, _dotenv),
    (".yaml", 70, _yaml),
    (".toml", 60, _toml),
    (".json", 70, _json_cfg),
)


@dataclass(frozen=True)
class Tree:
    root: Path
    files: tuple[Path, ...]
    bytes: int


def repository_tree(root: Path, files: int = 2000, seed: int = SEED) -> Tree:
    """Write ``files`` files (the mix above, scaled) under ``root``, in nested package folders."""
    rng = random.Random(seed)
    total = sum(share for _, share, _ in _TREE_MIX)
    plan: list[tuple[str, Callable[[random.Random], str]]] = []
    for ext, share, gen in _TREE_MIX:
        plan += [(ext, gen)] * max(1, round(files * share / total))
    plan = plan[:files]
    while len(plan) < files:
        plan.append((_TREE_MIX[0][0], _TREE_MIX[0][2]))
    written: list[Path] = []
    size = 0
    for n, (ext, gen) in enumerate(plan):
        pkg = root / f"pkg{n % 20:02d}" / f"part{(n // 20) % 10}"
        pkg.mkdir(parents=True, exist_ok=True)
        path = pkg / (f"service_{n}.env" if ext == ".env" else f"mod_{n}{ext}")
        data = gen(rng).encode()
        path.write_bytes(data)
        size += len(data)
        written.append(path)
    return Tree(root, tuple(written), size)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--out", required=True, type=Path, help="directory to write into (created)")
    ap.add_argument("--files", type=int, default=2000)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    big = python_module()
    (args.out / "big_module.py").write_text(big.text, encoding="utf-8")
    tree = repository_tree(args.out / "tree", args.files)
    print(f"{args.out / 'big_module.py'}: {big.text.count(chr(10))} lines, {big.calls} calls")
    print(f"{tree.root}: {len(tree.files)} files, {tree.bytes / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
