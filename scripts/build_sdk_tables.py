"""Build ``scan/sdk_tables.json``: which public functions, classes and options take a model id.

    .venv/bin/python scripts/build_sdk_tables.py [--mirror /work/.mirror] [--packages DIR] [--out PATH]

Reads the SDKs' own sources, never a hand list: openai-python and openai-node (API methods whose
params carry ``model``), both Agents SDKs, LangChain (``langchain-openai``, ``@langchain/openai``),
LlamaIndex (``llama-index-llms-openai``, ``-embeddings-openai``, ``-multi-modal-llms-openai``), the
Vercel AI SDK (``@ai-sdk/openai``), litellm and pydantic-ai. Git sources come from bare mirrors
(``/work/.mirror/owner+name/repo``, the agent sessions' ``fetch`` tool, or any ``git clone --bare``);
packages from ``pip download --no-deps`` wheels and ``npm pack`` tarballs in ``--packages``.

What counts: a parameter, dataclass/pydantic field, TypedDict key, interface property or call
signature whose *name* says model (``model``, ``model_name``, ``*_model``, ``modelId``, ``engine``)
and whose *type* accepts a string (``str``, ``string``, a ``Literal``/literal union, or an alias of
one such as ``ChatModel``/``OpenAIChatModelId``). Options types are followed one level at a time so
nested settings come out as paths (``config.model_settings.model_name``, ``runConfig.model``).
Only public names count: exported from a package ``__init__``/``index`` or declared ``export``.

Network is needed only to fetch sources; CI never runs this (tests read the JSON it wrote).
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import re
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))

from openai_access.references import Surface  # noqa: E402

OUT = ROOT / "server" / "openai_access" / "scan" / "sdk_tables.json"


@dataclass(frozen=True)
class SourceSpec:
    """One SDK: where to read it and which of its files hold public API."""

    name: str  # display name, e.g. "openai-agents-python"
    library: str  # the ``client`` the scanner reports: openai, agents, langchain, ...
    language: str  # python | javascript
    origin: str  # git:owner/name | pypi:dist | npm:package
    include: tuple[str, ...]  # path prefixes inside the repo / package
    modules: tuple[str, ...]  # import roots user code uses
    exclude: tuple[str, ...] = ("test", "tests", "__tests__", "examples", "docs")
    resources: bool = False  # openai SDK resource classes: API paths, not constructors
    open_modules: tuple[str, ...] = ()  # modules users import from directly: all their public names count


_LLAMA = ("llama_index/",)
_PYDANTIC_AI_OPEN = (
    "pydantic_ai/embeddings/openai.py",
    "pydantic_ai/images/openai.py",
    "pydantic_ai/realtime/openai.py",
)
_PYDANTIC_AI_FILES = (
    "pydantic_ai/models/openai/",
    "pydantic_ai/agent/__init__.py",
    "pydantic_ai/direct.py",
    "pydantic_ai/__init__.py",
    *_PYDANTIC_AI_OPEN,
)
_AGENTS_JS = ("@openai/agents", "@openai/agents-core", "@openai/agents-openai", "@openai/agents-realtime")
_AGENTS_JS_SRC = ("packages/agents-core/src/", "packages/agents-openai/src/", "packages/agents-realtime/src/")
_LANGCHAIN_PY = ("langchain_openai", "langchain", "langchain_community")
_LITELLM_FILES = ("litellm/main.py", "litellm/responses/main.py", "litellm/__init__.py")
SOURCES = (
    SourceSpec(
        "openai-python",
        "openai",
        "python",
        "git:openai/openai-python",
        ("src/openai/resources/",),
        ("openai",),
        resources=True,
    ),
    SourceSpec(
        "openai-node",
        "openai-node",
        "javascript",
        "git:openai/openai-node",
        ("src/resources/",),
        ("openai",),
        resources=True,
    ),
    SourceSpec(
        "openai-agents-python", "agents", "python", "git:openai/openai-agents-python", ("src/agents/",), ("agents",)
    ),
    SourceSpec("openai-agents-js", "agents", "javascript", "git:openai/openai-agents-js", _AGENTS_JS_SRC, _AGENTS_JS),
    SourceSpec(
        "langchain-openai", "langchain", "python", "pypi:langchain-openai", ("langchain_openai/",), _LANGCHAIN_PY
    ),
    SourceSpec(
        "@langchain/openai",
        "langchain",
        "javascript",
        "npm:@langchain/openai",
        ("package/dist/",),
        ("@langchain/openai", "langchain"),
    ),
    SourceSpec(
        "llama-index-llms-openai", "llamaindex", "python", "pypi:llama-index-llms-openai", _LLAMA, ("llama_index",)
    ),
    SourceSpec(
        "llama-index-embeddings-openai",
        "llamaindex",
        "python",
        "pypi:llama-index-embeddings-openai",
        _LLAMA,
        ("llama_index",),
    ),
    SourceSpec(
        "llama-index-multi-modal-llms-openai",
        "llamaindex",
        "python",
        "pypi:llama-index-multi-modal-llms-openai",
        _LLAMA,
        ("llama_index",),
    ),
    SourceSpec(
        "@ai-sdk/openai",
        "vercel-ai",
        "javascript",
        "npm:@ai-sdk/openai",
        ("package/dist/index.d.mts",),
        ("@ai-sdk/openai",),
    ),
    SourceSpec("litellm", "litellm", "python", "pypi:litellm", _LITELLM_FILES, ("litellm",)),
    SourceSpec(
        "pydantic-ai-slim",
        "pydantic-ai",
        "python",
        "pypi:pydantic-ai-slim",
        _PYDANTIC_AI_FILES,
        ("pydantic_ai",),
        open_modules=_PYDANTIC_AI_OPEN,
    ),
)

# --- names and types -------------------------------------------------------------------

_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_ACRONYM = re.compile(r"([A-Z]+)([A-Z][a-z])")


def words(name: str) -> tuple[str, ...]:
    """``OpenAIEmbeddings`` → (open, ai, embeddings); ``model_name`` → (model, name)."""
    spaced = _CAMEL.sub(r"\1_\2", _ACRONYM.sub(r"\1_\2", name))
    return tuple(w for w in re.split(r"[^a-z0-9]+", spaced.lower()) if w)


def model_named(name: str) -> bool:
    """``model``, ``model_name``, ``embedding_model``, ``modelId``, ``engine``; not ``model_settings``."""
    w = words(name.lstrip("_"))
    if not w or name.startswith("_"):
        return False
    return w[-1] == "model" or w == ("engine",) or (len(w) >= 2 and w[-2] == "model" and w[-1] in ("name", "id"))


# Options types users write as dicts / object literals (settings, configs); other types are
# objects of their own (an Agent inside a handoff list is not a setting of the outer call).
_OPTIONS_NAME = re.compile(
    r"(Config|Configuration|Settings|Options|Params|Fields|Props|Input)"
    r"(Base|Streaming|NonStreaming|Definition|Common|Deprecated)?$"
)
# Classes and helpers that *record* a model name (errors, tracing spans, events, results, lookups)
# rather than send it: a model id passed there is not a call. ``tiktoken_model_name`` picks a local
# tokenizer. Read-only API methods (list/retrieve/delete) filter or fetch by model, they don't use it.
_NOT_A_CALL = re.compile(
    r"(Error|Exception|SpanData|_span|Span|Event|Response|Result|Context|Item|Info)$|^(get|is|gpt_?5)"
)
_NOT_A_PARAM = re.compile(r"tiktoken")
_READ_METHODS = frozenset({"list", "retrieve", "delete", "del"})
_STRINGY_NAME = re.compile(r"(ModelId|ModelName|ChatModel|ModelIds|KnownModelName|EmbeddingModel|TTSModel|ImageModel)$")


class Types:
    """Aliases and options types of one source, to decide what accepts a string and what nests."""

    def __init__(self) -> None:
        self.aliases: dict[str, str] = {}  # name -> type text
        self.options: dict[str, dict[str, str]] = {}  # options type -> {field: type text}
        self.nestable: set[str] | None = None  # Python: only TypedDicts are written as dicts
        self.classes: dict[str, tuple[str, ast.ClassDef]] = {}  # Python classes, across one library's packages

    def stringy(self, text: str, depth: int = 0) -> bool:
        if re.search(r"\b(str|string)\b|Literal\[|^\s*['\"]|\|\s*['\"]", text):
            return True
        if depth > 4:
            return False
        for ident in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text):
            if _STRINGY_NAME.search(ident):
                return True
            alias = self.aliases.get(ident)
            if alias is not None and self.stringy(alias, depth + 1):
                return True
        return False

    def paths(self, type_text: str, depth: int = 0) -> list[str]:
        """Model paths inside an options type named in ``type_text`` (``model_settings.model_name``)."""
        out: list[str] = []
        if depth > 5:
            return out
        seen: set[str] = set()
        if "Callable" in type_text or "=>" in type_text:
            return out  # a function's parameters are not settings the caller writes
        for ident in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", type_text):
            fields = self.options.get(ident)
            if ident in seen or not _OPTIONS_NAME.search(ident):
                continue
            if fields is None:
                seen.add(ident)
                if ident in self.aliases:  # AgentOptions = Expand<Partial<AgentConfiguration>>
                    out += self.paths(self.aliases[ident], depth + 1)
                continue
            if self.nestable is not None and ident not in self.nestable:
                continue
            seen.add(ident)
            for name, text in fields.items():
                if not re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", name):
                    continue
                if model_named(name) and self.stringy(text):
                    out.append(name)
                elif not model_named(name):
                    out += [f"{name}.{rest}" for rest in self.paths(text, depth + 1)]
            alias = self.aliases.get(ident)
            if alias is not None:
                out += self.paths(alias, depth + 1)
        return sorted(set(out))


@dataclass
class Param:
    name: str
    position: int | None  # positional index (self excluded); None: keyword/property only
    path: str  # "model", or "config.model_settings.model_name"

    def as_json(self) -> dict[str, object]:
        """``position``: the model id itself may be passed there; ``in_arg``: an options object there holds it."""
        out: dict[str, object] = {"name": self.path}
        if self.position is not None:
            out["position" if self.path == self.name else "in_arg"] = self.position
        return out


@dataclass
class Symbol:
    name: str  # Class, function, Class.method, or an API path (chat.completions.create)
    kind: str  # class | function | method | api | provider
    module: str
    params: list[Param] = field(default_factory=list)
    type_hint: str = ""  # for provider methods: the model id type (surface hint)


# --- Python -------------------------------------------------------------------------------


def _ann(node: ast.expr | None) -> str:
    """An annotation as text; a forward reference (``"Model"``) reads as the name it quotes."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return ast.unparse(node) if node is not None else ""


def _fields_of(cls: ast.ClassDef) -> list[tuple[str, str, ast.expr | None]]:
    """(name, annotation, value) of class-level annotated fields (dataclass, pydantic, TypedDict)."""
    out = []
    for stmt in cls.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            out.append((stmt.target.id, _ann(stmt.annotation), stmt.value))
    return out


def _field_alias(value: ast.expr | None) -> str | None:
    """``Field(default=…, alias="model")`` → ``model``: the name users pass."""
    if isinstance(value, ast.Call):
        for kw in value.keywords:
            if kw.arg == "alias" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                return kw.value.value
    return None


def _func_params(fn: ast.FunctionDef | ast.AsyncFunctionDef, method: bool) -> list[tuple[str, str, int | None]]:
    args = fn.args
    positional = [*args.posonlyargs, *args.args]
    if method and positional and positional[0].arg in ("self", "cls"):
        positional = positional[1:]
    out: list[tuple[str, str, int | None]] = [(a.arg, _ann(a.annotation), i) for i, a in enumerate(positional)]
    out += [(a.arg, _ann(a.annotation), None) for a in args.kwonlyargs]
    return out


def python_symbols(spec: SourceSpec, files: dict[str, str], types: Types) -> list[Symbol]:
    """Public classes/functions of one package; ``types`` is shared by one library's packages."""
    trees: dict[str, ast.Module] = {}
    for path, text in files.items():
        try:
            trees[path] = ast.parse(text)
        except SyntaxError:
            continue
    if types.nestable is None:
        types.nestable = set()
    classes = types.classes
    exported: set[str] = set()
    for path, tree in trees.items():
        is_init = path.endswith("__init__.py")
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                classes.setdefault(node.name, (path, node))
                bases = {_ann(b).split(".")[-1] for b in node.bases}
                if "TypedDict" in bases:
                    types.nestable.add(node.name)
                if (
                    "TypedDict" in bases
                    or "BaseModel" in bases
                    or any(_ann(d).split("(")[0].endswith("dataclass") for d in node.decorator_list)
                ):
                    types.options[node.name] = {n: a for n, a, _ in _fields_of(node)}
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                types.aliases[node.targets[0].id] = _ann(node.value)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                if "TypeAlias" in _ann(node.annotation):
                    types.aliases[node.target.id] = _ann(node.value)
            elif type(node).__name__ == "TypeAlias":  # ``type X = ...`` (Python 3.12+ sources)
                types.aliases[_ann(node.name)] = _ann(node.value)  # type: ignore[attr-defined]
            if is_init and isinstance(node, ast.ImportFrom):
                exported.update(a.asname or a.name for a in node.names)
            if is_init and isinstance(node, ast.Assign) and _is_all(node):
                exported.update(_all_names(node.value))
    public_all = not any(p.endswith("__init__.py") for p in trees)  # single-module sources
    out: list[Symbol] = []
    for path, tree in trees.items():
        module = _py_module(path)
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                if spec.resources:
                    out += _resource_methods(path, node, types)
                    continue
                if not (public_all or node.name in exported or path in spec.open_modules):
                    continue
                params = _class_params(node, classes, types)
                if params:
                    out.append(Symbol(node.name, "class", module, params))
                for item in node.body:
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and not item.name.startswith("_"):
                        mparams = _params(_func_params(item, True), types)
                        if mparams:
                            out.append(Symbol(f"{node.name}.{item.name}", "method", module, mparams))
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_"):
                if spec.resources or not (public_all or node.name in exported or path.endswith("main.py")):
                    continue
                params = _params(_func_params(node, False), types)
                if params:
                    out.append(Symbol(node.name, "function", module, params))
    return out


def _is_all(node: ast.Assign) -> bool:
    return any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)


def _all_names(value: ast.expr) -> list[str]:
    if not isinstance(value, ast.List | ast.Tuple):
        return []
    return [e.value for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]


def _py_module(path: str) -> str:
    parts = path.removeprefix("src/").removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _params(raw: list[tuple[str, str, int | None]], types: Types) -> list[Param]:
    out: list[Param] = []
    for name, ann, position in raw:
        if _NOT_A_PARAM.search(name):
            continue
        if model_named(name) and (not ann or types.stringy(ann)):
            out.append(Param(name, position, name))
        elif not model_named(name) and ann:
            out += [Param(name, None, f"{name}.{rest}") for rest in types.paths(ann)]
    return out


def _class_params(cls: ast.ClassDef, classes: dict[str, tuple[str, ast.ClassDef]], types: Types) -> list[Param]:
    init = next((n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
    if init is not None and not (init.args.kwarg and not init.args.args[1:] and not init.args.kwonlyargs):
        return _params(_func_params(init, True), types)
    # Fields, inherited ones first (pydantic/dataclass models declare no __init__).
    chain: list[ast.ClassDef] = []
    todo, seen = [cls], set()
    while todo:
        cur = todo.pop()
        if cur.name in seen:
            continue
        seen.add(cur.name)
        chain.append(cur)
        for base in cur.bases:
            hit = classes.get(_ann(base).split(".")[-1].split("[")[0])
            if hit is not None:
                todo.append(hit[1])
    raw: list[tuple[str, str, int | None]] = []
    names: set[str] = set()
    for c in reversed(chain):
        for name, ann, value in _fields_of(c):
            alias = _field_alias(value)
            for shown in (alias, name) if alias and model_named(alias) else (name,):
                if shown not in names and not name.startswith("_"):
                    names.add(shown)
                    raw.append((shown, ann, None))
    return _params(raw, types)


def _resource_methods(path: str, cls: ast.ClassDef, types: Types) -> list[Symbol]:
    """openai-python ``resources/chat/completions/completions.py`` → ``chat.completions.create``."""
    if cls.name.startswith("Async") or cls.name.endswith(("WithRawResponse", "WithStreamingResponse")):
        return []
    base = _resource_path(path.split("resources/", 1)[1].removesuffix(".py"))
    out = []
    for item in cls.body:
        if isinstance(item, ast.FunctionDef) and not item.name.startswith("_") and item.name not in _READ_METHODS:
            params = [p for p in _params(_func_params(item, True), types) if p.path == "model"]
            if params:
                out.append(Symbol(f"{base}.{item.name}", "api", "openai", params))
    return out


def _camel(path: str) -> str:
    """openai-node's client properties are camelCase: ``fine-tuning`` → ``fineTuning``."""
    return re.sub(r"[-_]([a-z])", lambda m: m.group(1).upper(), path)


def _resource_path(rel: str) -> str:
    parts = [p for p in rel.split("/") if p not in ("beta",)]
    collapsed: list[str] = []
    for part in parts:
        if not collapsed or collapsed[-1] != part:
            collapsed.append(part)
    return ".".join(collapsed)


# --- TypeScript -------------------------------------------------------------------------------


def ts_symbols(spec: SourceSpec, files: dict[str, str]) -> list[Symbol]:
    import tree_sitter_typescript
    from tree_sitter import Language, Node, Parser

    parser = Parser(Language(tree_sitter_typescript.language_typescript()))
    parsed: dict[str, tuple[bytes, Node]] = {}
    for path, text in files.items():
        data = text.encode()
        parsed[path] = (data, parser.parse(data).root_node)
    types = Types()

    def txt(data: bytes, node: Node | None) -> str:
        return data[node.start_byte : node.end_byte].decode() if node is not None else ""

    def props(data: bytes, body: Node) -> dict[str, str]:
        out: dict[str, str] = {}
        for member in body.named_children:
            if member.type == "property_signature":
                name = member.child_by_field_name("name")
                ann = member.child_by_field_name("type")
                out[txt(data, name).strip("'\"")] = txt(data, ann).lstrip(":").strip()
        return out

    def walk_decls(root: Node) -> Iterator[tuple[Node, bool]]:
        for stmt in root.named_children:
            if stmt.type == "export_statement":
                decl = stmt.child_by_field_name("declaration")
                if decl is not None:
                    yield decl, True
            elif stmt.type == "ambient_declaration":
                for decl in stmt.named_children:
                    yield decl, True
            else:
                yield stmt, False

    for data, root in parsed.values():
        for decl, _ in walk_decls(root):
            name = txt(data, decl.child_by_field_name("name"))
            if decl.type == "interface_declaration":
                body = decl.child_by_field_name("body")
                fields = props(data, body) if body is not None else {}
                parents = [txt(data, c) for c in decl.named_children if c.type == "extends_type_clause"]
                types.options[name] = fields
                if parents:
                    types.aliases[name] = " & ".join(parents)
            elif decl.type == "type_alias_declaration":
                value = decl.child_by_field_name("value")
                types.aliases[name] = txt(data, value)
                if value is not None and value.type == "object_type":
                    types.options[name] = props(data, value)
                elif value is not None:
                    merged: dict[str, str] = {}
                    for obj in _descendants(value, "object_type", 2):
                        assert isinstance(obj, Node)
                        merged.update(props(data, obj))
                    if merged:
                        types.options[name] = merged
    # Interfaces that extend others inherit their properties.
    for alias_name, alias_text in list(types.aliases.items()):
        own = types.options.get(alias_name)
        if own is None:
            continue
        for ident in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", alias_text):
            for k, v in types.options.get(ident, {}).items():
                own.setdefault(k, v)

    def ts_params(data: bytes, params: Node | None) -> list[Param]:
        raw: list[tuple[str, str, int | None]] = []
        if params is None:
            return []
        for i, p in enumerate(params.named_children):
            if p.type not in ("required_parameter", "optional_parameter"):
                continue
            pattern = p.child_by_field_name("pattern")
            ann = txt(data, p.child_by_field_name("type")).lstrip(":").strip()
            if pattern is not None and pattern.type == "identifier":
                raw.append((txt(data, pattern), ann, i))
        out: list[Param] = []
        for name, ann, pos in raw:
            if _NOT_A_PARAM.search(name):
                continue
            if model_named(name) and (not ann or types.stringy(ann)):
                out.append(Param(name, pos, name))
            elif ann:
                out += [Param(name, pos, rest) for rest in types.paths(ann) if rest != name]
        return out

    public = _ts_public(parsed, txt)
    out: list[Symbol] = []
    module = spec.modules[0]
    for path, (data, root) in parsed.items():
        for decl, _ in walk_decls(root):
            name = txt(data, decl.child_by_field_name("name"))
            if not spec.resources and name not in public:
                continue
            if decl.type in ("class_declaration", "abstract_class_declaration"):
                body = decl.child_by_field_name("body")
                if body is None:
                    continue
                for member in body.named_children:
                    mname = txt(data, member.child_by_field_name("name"))
                    if member.type not in ("method_definition", "method_signature", "abstract_method_signature"):
                        continue
                    if mname.startswith(("#", "_")) or member.child_by_field_name("name") is None:
                        continue
                    params = ts_params(data, member.child_by_field_name("parameters"))
                    if not params:
                        continue
                    if spec.resources:
                        stem = path.rsplit("/", 1)[-1]
                        if mname in _READ_METHODS or "base" in stem or "internal" in stem:
                            continue
                        if any(p.path == "model" for p in params):
                            base = _camel(_resource_path(path.split("resources/", 1)[1].removesuffix(".ts")))
                            model = [p for p in params if p.path == "model"]
                            out.append(Symbol(f"{base}.{mname}", "api", "openai", model))
                    elif mname == "constructor":
                        out.append(Symbol(name, "class", module, params))
                    else:
                        out.append(Symbol(f"{name}.{mname}", "method", module, params))
            elif decl.type in ("function_declaration", "function_signature") and not spec.resources:
                params = ts_params(data, decl.child_by_field_name("parameters"))
                if params:
                    out.append(Symbol(name, "function", module, params))
            elif decl.type == "interface_declaration" and not spec.resources:
                out += _provider_methods(data, decl, name, module, txt)
    return out


def _ts_public(parsed: Mapping[str, tuple[bytes, object]], txt: Callable[..., str]) -> set[str]:
    """Names a package's entry points export: ``export {…}`` in index files, and every ``export``
    declaration of a file they re-export with ``export * from './x'``. Without index files
    (a single module), every exported declaration counts.
    """
    from tree_sitter import Node

    declared: dict[str, set[str]] = {}
    for path, (data, root) in parsed.items():
        assert isinstance(root, Node)
        names = declared.setdefault(path, set())
        for stmt in root.named_children:
            decl = stmt.child_by_field_name("declaration") if stmt.type == "export_statement" else None
            if decl is not None:
                names.add(txt(data, decl.child_by_field_name("name")))
    index_files = [p for p in parsed if re.search(r"(^|/)index\.(d\.)?m?ts$", p)]
    if not index_files:
        return {n for names in declared.values() for n in names}
    public: set[str] = set()
    for path in index_files:
        data, root = parsed[path]
        assert isinstance(root, Node)
        base = path.rsplit("/", 1)[0]
        public.update(declared.get(path, ()))
        for stmt in root.named_children:
            if stmt.type != "export_statement":
                continue
            source = stmt.child_by_field_name("source")
            clause = next((c for c in stmt.named_children if c.type == "export_clause"), None)
            if clause is not None:
                for item in clause.named_children:
                    alias = item.child_by_field_name("alias") or item.child_by_field_name("name")
                    public.add(txt(data, alias))
            elif source is not None:
                target = _ts_resolve(base, txt(data, source).strip("'\""), parsed)
                if target is not None:
                    public.update(declared.get(target, ()))
    return public


def _ts_resolve(base: str, spec: str, parsed: Mapping[str, object]) -> str | None:
    if not spec.startswith("."):
        return None
    parts = base.split("/")
    for piece in spec.split("/"):
        if piece == "..":
            parts = parts[:-1]
        elif piece not in (".", ""):
            parts.append(piece)
    stem = "/".join(parts)
    stem = re.sub(r"\.(m?js)$", "", stem)
    for cand in (stem + ".ts", stem + ".d.ts", stem + ".d.mts", stem + "/index.ts", stem + "/index.d.ts"):
        if cand in parsed:
            return cand
    return None


def _descendants(node: object, kind: str, depth: int) -> Iterator[object]:
    from tree_sitter import Node

    assert isinstance(node, Node)
    for child in node.named_children:
        if child.type == kind:
            yield child
        elif depth > 0:
            yield from _descendants(child, kind, depth - 1)


def _provider_methods(data: bytes, decl: object, name: str, module: str, txt: Callable[..., str]) -> list[Symbol]:
    """AI SDK providers: ``interface OpenAIProvider { (modelId: OpenAIResponsesModelId): …; chat(modelId: …) }``."""
    from tree_sitter import Node

    assert isinstance(decl, Node)
    body = decl.child_by_field_name("body")
    out: list[Symbol] = []
    if body is None:
        return out
    for member in body.named_children:
        if member.type not in ("call_signature", "method_signature"):
            continue
        params = member.child_by_field_name("parameters")
        first = params.named_children[0] if params is not None and params.named_children else None
        if first is None:
            continue
        pname = txt(data, first.child_by_field_name("pattern"))
        ptype = txt(data, first.child_by_field_name("type")).lstrip(":").strip()
        if pname != "modelId":
            continue
        method = "" if member.type == "call_signature" else txt(data, member.child_by_field_name("name"))
        out.append(Symbol(f"{name}.{method}" if method else name, "provider", module, [Param(pname, 0, pname)], ptype))
    return out


# --- sources -------------------------------------------------------------------------------


def read_git(spec: SourceSpec, mirror: Path) -> tuple[dict[str, str], str]:
    repo = spec.origin.split(":", 1)[1]
    git_dir = mirror / repo.replace("/", "+") / "repo"
    if not git_dir.exists():
        raise SystemExit(f"missing mirror {git_dir}: fetch github:{repo} first")
    git = ["git", f"--git-dir={git_dir}"]
    commit = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    names = subprocess.run([*git, "ls-tree", "-r", "--name-only", commit], capture_output=True, text=True, check=True)
    files: dict[str, str] = {}
    for path in names.stdout.splitlines():
        if _wanted(spec, path):
            blob = subprocess.run([*git, "show", f"{commit}:{path}"], capture_output=True, check=True)
            files[path] = blob.stdout.decode("utf-8", "replace")
    date = subprocess.run([*git, "log", "-1", "--format=%cs", commit], capture_output=True, text=True, check=True)
    return files, f"{commit} ({date.stdout.strip()})"


def read_package(spec: SourceSpec, packages: Path) -> tuple[dict[str, str], str]:
    kind, name = spec.origin.split(":", 1)
    files: dict[str, str] = {}
    if kind == "pypi":
        stem = name.replace("-", "_")
        wheels = sorted(packages.glob(f"{stem}-*.whl"))
        if not wheels:
            raise SystemExit(f"missing wheel for {name} in {packages}: pip download --no-deps -d {packages} {name}")
        wheel = wheels[-1]
        version = wheel.name.split("-")[1]
        with zipfile.ZipFile(wheel) as zf:
            for info in zf.infolist():
                if _wanted(spec, info.filename):
                    files[info.filename] = zf.read(info).decode("utf-8", "replace")
        return files, version
    stem = name.lstrip("@").replace("/", "-")
    tgzs = sorted(packages.glob(f"{stem}-[0-9]*.tgz"))
    if not tgzs:
        raise SystemExit(f"missing tarball for {name} in {packages}: (cd {packages} && npm pack {name})")
    tgz = tgzs[-1]
    version = tgz.name.removeprefix(stem + "-").removesuffix(".tgz")
    with tarfile.open(tgz) as tf:
        for member in tf.getmembers():
            if member.isfile() and _wanted(spec, member.name):
                fh = tf.extractfile(member)
                if fh is not None:
                    files[member.name] = io.TextIOWrapper(fh, "utf-8", "replace").read()
    return files, version


def _wanted(spec: SourceSpec, path: str) -> bool:
    if not any(path.startswith(p) for p in spec.include):
        return False
    parts = path.split("/")
    if any(p in spec.exclude for p in parts) or ".test." in path or ".spec." in path:
        return False
    if spec.language == "python":
        return path.endswith(".py")
    if spec.origin.startswith("npm:"):
        return path.endswith((".d.ts", ".d.mts"))
    return path.endswith(".ts") and not path.endswith(".d.ts")


# --- surfaces ------------------------------------------------------------------------------

# Which OpenAI API a name's words point to; the first match wins. A hand rule, but about words,
# not about any one library: "embedding" means the embeddings API wherever it appears.
_SURFACE_WORDS = (
    (("transcription", "transcribe", "stt"), "audio.transcriptions"),
    (("speech", "tts"), "audio.speech"),
    (("embedding", "embeddings"), "embeddings"),
    (("image", "images", "dalle"), "images"),
    (("realtime",), "realtime"),
    (("moderation", "moderations"), "moderations"),
    (("responses",), "responses"),
    (("chat",), "chat.completions"),
    (("completion",), "completions"),
    (("response", "agent", "agents", "runner", "run"), "responses"),
)
# An API path's first segments name its surface: every Surface value, plus the SDKs' other spellings.
_API_SURFACES: dict[str, str] = {
    **{str(s.value): str(s.value) for s in Surface if s is not Surface.UNKNOWN},
    "threads": "assistants",
    "fineTuning": "fine_tuning",
}


def surface_of(sym: Symbol, param: Param, library: str) -> str:
    if sym.kind == "api":
        for prefix, surface in sorted(_API_SURFACES.items(), key=lambda kv: -len(kv[0])):
            if sym.name == prefix or sym.name.startswith(prefix + "."):
                return surface
        return "unknown"
    text = f"{param.path} {sym.type_hint or ''} {sym.name}"
    w = set(words(text.replace(".", "_")))
    low = text.lower()
    for keys, surface in _SURFACE_WORDS:
        if (
            w.intersection(keys)
            or any(len(k) > 4 and k in low for k in keys)
            or any(k in ("stt", "tts") and k in low for k in keys)
        ):
            return surface
    return "responses" if library == "agents" else "chat.completions" if library != "litellm" else "unknown"


# --- main ----------------------------------------------------------------------------------


def build(mirror: Path, packages: Path) -> dict[str, object]:
    sources = []
    entries = []
    contexts: dict[str, Types] = {}
    for spec in SOURCES:
        if spec.origin.startswith("git:"):
            files, version = read_git(spec, mirror)
        else:
            files, version = read_package(spec, packages)
        sources.append({"name": spec.name, "origin": spec.origin, "version": version, "files": len(files)})
        if spec.language == "python":
            symbols = python_symbols(spec, files, contexts.setdefault(spec.library, Types()))
        else:
            symbols = ts_symbols(spec, files)
        seen: set[tuple[str, str]] = set()
        for sym in sorted(symbols, key=lambda s: (s.kind, s.name)):
            if (sym.kind, sym.name) in seen or (sym.kind != "api" and _NOT_A_CALL.search(sym.name.split(".")[-1])):
                continue
            seen.add((sym.kind, sym.name))
            entries.append(
                {
                    "library": spec.library,
                    "source": spec.name,
                    "language": spec.language,
                    "kind": sym.kind,
                    "name": sym.name,
                    "module": sym.module,
                    "modules": list(spec.modules),
                    "params": [dict(p.as_json(), surface=surface_of(sym, p, spec.library)) for p in sym.params],
                }
            )
        print(f"{spec.name} {version}: {len(files)} files, {len(seen)} symbols", file=sys.stderr)
    return {
        "as_of": datetime.now(UTC).date().isoformat(),
        "generated_by": "scripts/build_sdk_tables.py",
        "sources": sources,
        "entries": entries,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--packages", type=Path, default=Path("/tmp/sdk"), help="wheels and npm tarballs")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    doc = build(args.mirror, args.packages)
    args.out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {args.out} ({len(doc['entries'])} entries)", file=sys.stderr)  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
