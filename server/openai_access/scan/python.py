"""Model references in Python source, read with tree-sitter so half-typed code still works.

The scan starts from the few calls that can take a model (queries filter by name inside
tree-sitter, so a big file costs little Python), classifies each callee by its dotted name
and the file's imports, then follows the model argument back to string literals through
constants, defaults, ``self`` attributes, env fallbacks and ``**params`` dicts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Literal as Lit

import tree_sitter_python
from tree_sitter import Language, Node

from openai_access.references import Range, Surface, Target
from openai_access.scan._common import (
    LEGACY_MODEL_FIRST,
    SDK_METHOD_NAMES,
    CallContext,
    Collector,
    Literal,
    NodeLookup,
    Source,
    callee_before,
    classify_url,
    encode,
    find_words,
    match_legacy_path,
    match_sdk_path,
    node_at,
    provided_route,
)
from openai_access.scan._emitter import Binding, Emission, Emitter, Imported, Item, Term
from openai_access.scan._libraries import (
    AZURE_CLIENTS,
    AZURE_KEYWORDS,
    BASE_URL_KEYWORDS,
    FOREIGN_CLIENTS,
    OPENAI_CLIENTS,
    PYTHON_LIBS,
    LibSpec,
)
from openai_access.scan._parsing import ReusingParser
from openai_access.scan._payloads import Slot, params_type_surface, params_type_words, url_slots, url_target
from openai_access.scan._recovery import ErrorCalls, OpenCalls
from openai_access.scan._result import ImportedUse, ScanResult
from openai_access.scan._top_level import python_defines
from openai_access.scan._windows import WindowScanner, needs_windows, scan_windows
from openai_access.scan.options import DEFAULT_OPTIONS, ScanOptions
from openai_access.scan.slots import with_slots

LANGUAGE = Language(tree_sitter_python.language())
PARSER = ReusingParser(LANGUAGE)

MODEL_KEYWORDS = (
    "model",
    "model_name",
    "engine",
    "azure_deployment",
    "deployment_name",
    "deployment",
    "deployment_id",
)
_CALL_NAMES = tuple(
    sorted(
        set(PYTHON_LIBS)
        | SDK_METHOD_NAMES
        | {
            "create",
            "parse",
            "stream",
            "generate",
            "edit",
            "create_variation",
            "update",
            "connect",
            "acreate",
            "compact",
            "create_and_poll",
            "create_and_run",
            "create_and_run_poll",
            "create_and_stream",
            "create_and_run_stream",
        }
    )
)


_IDENT = frozenset({"identifier"})
_IMPORT_CONTAINERS = frozenset(
    {"if_statement", "try_statement", "block", "else_clause", "except_clause", "finally_clause"}
)
_SCOPES = frozenset({"function_definition", "class_definition", "lambda"})
_ENV_CALLS = frozenset({"os.getenv", "getenv", "os.environ.get", "environ.get"})
_SUMMARY = re.compile(rb"""['"]?summary['"]?\s*[:=]""")
_MAX_DEPTH = 8
_PY_CALLEES = frozenset({"identifier", "attribute"})
# Calls that hand back their default: pydantic/dataclass fields, typer/FastAPI parameters.
_OPTION_WRAPPERS = frozenset(
    {"Field", "field", "Option", "Argument", "Query", "Body", "Form", "Header", "Param", "Parameter", "attrib", "ib"}
)
# Calls that run the function at this argument position with the arguments after it.
_HANDING_OVER = {"submit": 0, "to_thread": 0, "partial": 0, "run_in_executor": 1, "apply_async": 0}
_LOOPS = frozenset({"for_statement", "for_in_clause"})
_NOT_POSITIONAL = frozenset({"keyword_argument", "list_splat", "dictionary_splat", "comment"})
# String methods that keep the model id it is called on (``os.getenv("M", "gpt-4o").lower()``).
_STR_METHODS = frozenset({"lower", "strip", "casefold"})
# A hand-written CLI helper's flag: ``get_arg("--model", "gpt-4o")``.
_CLI_FLAG = re.compile(r"-{1,2}[A-Za-z0-9_-]*model[A-Za-z0-9_-]*", re.IGNORECASE)
_PARENS = frozenset({"("})
_CLOSE_PARENS = frozenset({")"})


def parse(data: bytes, reuse: bool = True) -> Node:
    return PARSER.parse(data, reuse).root_node


class _Scanner(Emitter):
    def __init__(self, src: Source, root: Node, options: ScanOptions, out: Collector | None = None) -> None:
        self.src = src
        self.root = root
        self.at = NodeLookup(root)
        self.options = options
        self.out = out if out is not None else Collector(src)
        self.imported: list[ImportedUse] = []
        self._index_built = False
        self._assign_cache: dict[str, list[tuple[Node, Node]]] = {}
        self._defined_cache: dict[str, bool] = {}
        self._imports: dict[str, Binding] = {}
        self._active_params: set[tuple[int, str]] = set()
        self._self_classes: list[Node] = []
        self._arguments_cache: dict[tuple[int, str, int, int | None], list[Term]] = {}
        self._value_cache: dict[tuple[tuple[int, ...], int, int | None], list[Term]] = {}
        self._active_values: set[tuple[tuple[int, ...], int, int | None]] = set()
        self._scope_cache: dict[int, Node | None] = {}
        self._seen_calls: set[int] = set()
        self._receiver_cache: dict[str, Target | None] = {}
        self._members_cache: dict[tuple[int, str], list[Node]] = {}
        self._definition_cache: dict[str, list[Node]] = {}
        self._calls_cache: dict[str, list[tuple[Node, list[Node]]]] = {}
        self._writes_cache: dict[str, list[tuple[Node | None, str, Node]]] = {}
        self._cli_cache: dict[str, list[Node]] | None = None
        self._error_calls_in = ErrorCalls(_PARENS, _CLOSE_PARENS)

    # --- index (built on first need) ----------------------------------------------------

    FUNCTION_KINDS = frozenset({"function_definition", "lambda"})
    STRING_KINDS = frozenset({"string"})
    INTERPOLATION = "interpolation"
    CONCAT = "binary_operator"
    LIST_KINDS = frozenset({"list", "tuple"})
    HTTP_METHODS = ("post", "request")
    STRING_CONTENT = "string_content"

    def _literal_of(self, node: object) -> Literal | None:
        return _literal(self.src, node)

    def _owner(self, left: Node) -> Node | None:
        return self._scope(left)

    def _parameter_of(self, func: Node, name: str) -> Node | Lit[False] | None:
        return _parameter(self.src, func, name)

    def _index(self) -> None:
        """Imports, read from top-level statements (and a few levels of ``if``/``try``)."""
        if self._index_built:
            return
        self._index_built = True
        stack = list(self.root.children)
        depth_left = 4
        while stack and depth_left:
            nested: list[Node] = []
            for node in stack:
                if node.type in ("import_statement", "import_from_statement"):
                    self._read_import(node)
                elif node.type in _IMPORT_CONTAINERS:
                    nested.extend(node.named_children)
            stack = nested
            depth_left -= 1

    def _assigned(self, key: str) -> list[tuple[Node, Node]]:
        """(left, value) of every ``key = value`` (``key`` like ``MODEL`` or ``self.model``)."""
        cached = self._assign_cache.get(key)
        if cached is not None:
            return cached
        found: list[tuple[Node, Node]] = []
        word = encode(key.rsplit(".", 1)[-1])
        for pos in find_words(self.src, word):
            ident = node_at(self.at, pos, pos + len(word), _IDENT)
            if ident is None:
                continue
            left: Node | None = ident
            if "." in key:
                left = ident.parent
                if left is None or left.type != "attribute" or self.src.text(left) != key:
                    continue
            parent = left.parent if left is not None else None
            if (
                left is not None
                and parent is not None
                and parent.type in _LOOPS
                and parent.child_by_field_name("left") == left
            ):
                found.append((left, parent))  # for model in ("gpt-4o", "o3"): the loop yields each
                continue
            if (
                left is not None
                and parent is not None
                and parent.type in ("pattern_list", "tuple_pattern")
                and parent.parent is not None
                and parent.parent.type in _LOOPS
                and parent.parent.child_by_field_name("left") == parent
            ):
                found.append((left, left))  # for model, key in rows: the target reads its own column
                continue
            if parent is None or parent.type != "assignment":
                continue
            right = parent.child_by_field_name("right")
            if left is not None and right is not None and parent.child_by_field_name("left") == left:
                found.append((left, right))
        self._assign_cache[key] = found
        return found

    def _is_defined(self, name: str) -> bool:
        """Whether the file itself defines ``name`` (def, class or assignment)."""
        cached = self._defined_cache.get(name)
        if cached is not None:
            return cached
        result = bool(self._assigned(name))
        word = encode(name)
        for pos in [] if result else find_words(self.src, word):
            ident = node_at(self.at, pos, pos + len(word), _IDENT)
            parent = ident.parent if ident is not None else None
            kind = parent.type if parent is not None else ""
            if kind in ("function_definition", "class_definition") and (
                parent is not None and parent.child_by_field_name("name") == ident
            ):
                result = True
                break
        self._defined_cache[name] = result
        return result

    def _read_import(self, node: Node) -> None:
        if node.type == "import_statement":
            for child in node.named_children:
                if child.type == "dotted_name":
                    full = self.src.text(child)
                    root = full.split(".")[0]
                    self._imports.setdefault(root, Binding(root, None))
                    self._imports[full] = Binding(full, None)
                elif child.type == "aliased_import":
                    name, alias = (
                        child.child_by_field_name("name"),
                        child.child_by_field_name("alias"),
                    )
                    if name is not None and alias is not None:
                        self._imports[self.src.text(alias)] = Binding(self.src.text(name), None)
            return
        module_node = node.child_by_field_name("module_name")
        if module_node is None:
            return
        module = re.sub(r"\s+", "", self.src.text(module_node))
        for child in node.children_by_field_name("name"):
            if child.type == "dotted_name":
                imported = self.src.text(child)
                self._imports[imported] = Binding(module, imported)
            elif child.type == "aliased_import":
                name_node = child.child_by_field_name("name")
                alias = child.child_by_field_name("alias")
                if name_node is not None and alias is not None:
                    self._imports[self.src.text(alias)] = Binding(module, self.src.text(name_node))

    def _scope(self, node: Node) -> Node | None:
        """Nearest enclosing function/class (None at module level)."""
        cached = self._scope_cache.get(node.id)
        if cached is not None or node.id in self._scope_cache:
            return cached
        cur = node.parent
        while cur is not None and cur.type not in _SCOPES:
            cur = cur.parent
        self._scope_cache[node.id] = cur
        return cur

    # --- driving ------------------------------------------------------------------------

    def run(self) -> None:
        extra = self.options.extra_calls
        names: tuple[str, ...] = _CALL_NAMES
        keywords: tuple[str, ...] = MODEL_KEYWORDS
        if extra:
            names = tuple(sorted(set(names) | {p.callee.split(".")[-1] for p in extra}))
            keywords = tuple(sorted(set(keywords) | {p.keyword for p in extra if p.keyword}))
        for _, word in self.src.present(names):
            for pos in find_words(self.src, word):
                ident = node_at(self.at, pos, pos + len(word), _IDENT)
                if ident is not None:
                    self._call_at(ident)
        if self.root.has_error:
            self._error_calls(keywords)
        self._payloads()

    def _call_at(self, ident: Node) -> None:
        """The call whose callee ends in ``ident`` (``f(...)`` or ``x.f(...)``), if any."""
        func = ident
        parent = ident.parent
        if parent is not None and parent.type == "attribute":
            if parent.child_by_field_name("attribute") != ident:
                return
            func = parent
        if (
            func.parent is not None
            and func.parent.type == "subscript"
            and func.parent.child_by_field_name("value") == func
        ):
            func = func.parent  # Agent[Deps, Output](...): a generic class called with its type parameters
        call = func.parent
        if call is None or call.type != "call" or call.id in self._seen_calls:
            return
        if call.child_by_field_name("function") != func:
            return
        args = call.child_by_field_name("arguments")
        if args is None or args.type != "argument_list":
            return
        self._seen_calls.add(call.id)
        self._call(func, args.named_children)

    def _error_calls(self, keywords: tuple[str, ...]) -> None:
        """Half-typed calls: ``create(model="x",`` parses as an ERROR holding the pieces."""
        done: set[int] = set()
        for keyword in keywords:
            word = encode(keyword)
            for pos in find_words(self.src, word):
                held = self._error_calls_in.holder_at(self.at, pos, len(word), _IDENT, "keyword_argument")
                if held is None:
                    continue
                found = _error_callee(held[1], held[0])
                if found is None or found[0].id in done:
                    continue
                callee, args = found
                done.add(callee.id)
                self._call(callee, args)

    def _call(self, callee: Node, args: list[Node]) -> None:
        segments, root = self._dotted(callee)
        if not segments:
            return
        self._emit_call(callee, self._classify(segments, root, args), args)

    def _call_items(self, args: list[Node]) -> Iterator[Item]:
        return self._keywords(args)

    def _keywords(self, args: list[Node]) -> Iterator[Item]:
        """Keyword arguments, and the entries of ``**params`` when ``params`` is a dict literal."""
        for arg in args:
            if arg.type == "dictionary_splat" and arg.named_children:
                for term, _ in self._follow(arg.named_children[0]):
                    if isinstance(term, Node):
                        yield from self._pairs(term)
                continue
            name = arg.child_by_field_name("name") if arg.type == "keyword_argument" else None
            value = arg.child_by_field_name("value")
            if name is not None and value is not None:
                yield self.src.text(name), name, value, arg

    def _pairs(self, node: Node) -> Iterator[Item]:
        if node.type != "dictionary":
            return
        for pair in node.named_children:
            key, value = pair.child_by_field_name("key"), pair.child_by_field_name("value")
            lit = _literal(self.src, key)
            if pair.type == "pair" and lit is not None and key is not None and value is not None:
                yield lit.raw, key, value, pair

    # --- classification -----------------------------------------------------------------

    def _dotted(self, node: Node) -> tuple[list[str], Node | None]:
        """``a.b.c`` -> (["a", "b", "c"], None); ``f().b.c`` -> (["b", "c"], <f()>)."""
        parts: list[str] = []
        cur = node
        if cur.type == "subscript" and cur.child_by_field_name("value") is not None:
            cur = cur.child_by_field_name("value") or cur
        while cur.type == "attribute":
            attr = cur.child_by_field_name("attribute")
            obj = cur.child_by_field_name("object")
            if attr is None or obj is None:
                return [], None
            parts.append(self.src.text(attr))
            cur = obj
        if cur.type == "identifier":
            parts.append(self.src.text(cur))
            parts.reverse()
            return parts, None
        parts.reverse()
        return parts, cur

    def _classify(self, segments: list[str], root: Node | None, args: list[Node]) -> list[tuple[LibSpec, CallContext]]:
        out: list[tuple[LibSpec, CallContext | None]] = []
        kwargs = _kwargs(self.src, args)
        sdk = match_sdk_path(segments)
        legacy = match_legacy_path(segments) if root is None else None
        legacy_target = self._legacy_target(segments) if legacy is not None else None
        if legacy is not None and legacy_target is not None:
            first = 0 if tuple(segments[-2:]) in LEGACY_MODEL_FIRST else None
            spec = LibSpec("openai-legacy", legacy, ("model", "engine", "deployment_id"), first)
            out.append((spec, self._context(spec, legacy_target, kwargs)))
        elif sdk is not None:
            surface, streams, used = sdk
            receiver = segments[: len(segments) - used]
            target = self._receiver_target(receiver, root)
            if target is not None:
                spec = LibSpec("openai", surface, ("model",))
                ctx = self._context(spec, target, kwargs)
                if streams and ctx is not None:
                    ctx = replace(ctx, streams=True)
                out.append((spec, ctx))
        else:
            for spec in self._library_specs(segments, root):
                target = self._call_target(spec, kwargs)
                if target is None:
                    continue
                ctx = self._context(spec, target, kwargs)
                if ctx is not None:
                    out.append((spec, ctx))
        dotted = ".".join(segments)
        for pattern in self.options.extra_calls:
            if dotted == pattern.callee or dotted.endswith("." + pattern.callee):
                spec = LibSpec(
                    "openai",
                    pattern.surface,
                    (pattern.keyword,) if pattern.keyword else (),
                    pattern.position,
                )
                out.append((spec, self._context(spec, Target.OPENAI, kwargs)))
        return [(s, c) for s, c in out if c is not None]

    def _library_specs(self, segments: list[str], root: Node | None) -> list[LibSpec]:
        if root is not None or len(segments) > 3:
            return []
        name = segments[-1]
        candidates = PYTHON_LIBS.get(name)
        if not candidates:
            return []
        self._index()
        module: str | None
        if len(segments) == 1:
            binding = self._imports.get(name)
            if binding is None:
                if self._is_defined(name):
                    return []
                return [c for c in candidates if c.default]
            module = binding.module
        else:
            prefix = ".".join(segments[:-1])
            binding = self._imports.get(prefix)
            if binding is None:
                module = prefix
            elif binding.name is None:
                module = binding.module
            else:  # from guidance import models; models.OpenAI(...)
                module = f"{binding.module}.{binding.name}"
        return [c for c in candidates if any(_under(module, m) for m in c.modules)]

    def _legacy_target(self, segments: list[str]) -> Target | None:
        """Where ``<receiver>.ChatCompletion.create`` goes; None when it is not openai's at all.

        ``ChatCompletion`` written without a receiver must not be a class of this file (an ORM
        model); a receiver holding another provider's client rules the call out.
        """
        receiver = segments[:-2]
        if not receiver:
            return None if self._definitions(segments[0]) else Target.OPENAI
        if receiver == ["openai"]:
            return self._module_target()
        return self._receiver_target(receiver, None)

    def _is_openai_module(self, name: str) -> bool:
        self._index()
        binding = self._imports.get(name)
        if binding is None:
            return not self._is_defined(name)
        return binding.name is None and binding.module == "openai"

    def _module_target(self) -> Target:
        """``openai.api_type = "azure"`` / ``openai.api_base = ...`` configure legacy calls."""
        self._index()
        for key in ("openai.api_type",):
            for _, value in self._assigned(key):
                for term, _ in self._follow(value):
                    lit = _literal(self.src, term)
                    if lit is not None and lit.raw.lower().startswith("azure"):
                        return Target.AZURE
        for key in ("openai.api_base", "openai.base_url", "openai.azure_endpoint"):
            for _, value in self._assigned(key):
                for term, _ in self._follow(value):
                    lit = _literal(self.src, term)
                    if lit is not None:
                        if key.endswith("azure_endpoint"):
                            return Target.AZURE
                        target = classify_url(lit.raw)
                        if target is not Target.OPENAI:
                            return target
        return Target.OPENAI

    def _receiver_target(self, receiver: list[str], root: Node | None) -> Target | None:
        """Where the client a call goes through sends requests; None: not an OpenAI client."""
        if root is not None:
            return self._ctor_target(root) if not receiver else Target.OPENAI
        if not receiver:
            return Target.OPENAI
        text = ".".join(receiver)
        if text in self._receiver_cache:
            return self._receiver_cache[text]
        found: Target | None = Target.OPENAI
        if text == "openai" and self._is_openai_module("openai"):
            found = self._module_target()
        else:
            calls = [call for _, value in self._assigned(text) if (call := self._built_by(value)) is not None]
            targets = [(call, self._ctor_target(call)) for call in calls]
            # A client built as OpenAI's on one branch and as another's on the other (OpenRouter
            # when its key is set) is OpenAI's: the code does call OpenAI, so the model must work there.
            if not any(t is Target.OPENAI and self._callee_name(c) in OPENAI_CLIENTS for c, t in targets):
                found = next((t for _, t in targets if t is not Target.OPENAI), Target.OPENAI)
        self._receiver_cache[text] = found
        return found

    def _built_by(self, value: Node) -> Node | None:
        """The call a value comes from (``OpenAI(...)`` for ``client = OpenAI(...)``), if any."""
        for term, _ in self._follow(value):
            if isinstance(term, Node) and term.type == "call":
                return term
        return None

    def _callee_name(self, call: Node) -> str:
        callee = call.child_by_field_name("function")
        segments = self._dotted(callee)[0] if callee is not None else []
        return segments[-1] if segments else ""

    def _value_target(self, value: Node, depth: int = 0) -> Target | None:
        call = self._built_by(value)
        return self._ctor_target(call, depth) if call is not None else Target.OPENAI

    def _ctor_target(self, call: Node, depth: int = 0) -> Target | None:
        callee = call.child_by_field_name("function")
        args_node = call.child_by_field_name("arguments")
        if callee is None or args_node is None or depth > 3:
            return Target.OPENAI
        name = self._callee_name(call)
        args = args_node.named_children
        if name in AZURE_CLIENTS:
            return Target.AZURE
        if name in FOREIGN_CLIENTS:
            return None
        kwargs = _kwargs(self.src, args)
        if name in OPENAI_CLIENTS:
            return self._kwargs_target(kwargs) or Target.OPENAI
        if "openai" in name.lower() and args and args[0].type != "keyword_argument":
            return self._value_target(args[0], depth + 1)
        return Target.OPENAI

    def _kwargs_target(self, kwargs: dict[str, Node]) -> Target | None:
        """Target a call's own keywords force (Azure endpoint, a literal base URL), if any."""
        if any(k in kwargs for k in AZURE_KEYWORDS):
            return Target.AZURE
        for key in BASE_URL_KEYWORDS & kwargs.keys():
            for term, _ in self._follow(kwargs[key]):
                lit = _literal(self.src, term)
                if lit is not None:
                    target = classify_url(lit.raw)
                    if target is not Target.OPENAI:
                        return target
        return None

    def _call_target(self, spec: LibSpec, kwargs: dict[str, Node]) -> Target | None:
        target = self._kwargs_target(kwargs) or spec.target
        for key in ("openai_client", "async_client", "client"):
            if key in kwargs:
                got = self._value_target(kwargs[key])
                if got is None:
                    return None
                if got is not Target.OPENAI:
                    target = got
        if "provider" in kwargs:
            for term, _ in self._follow(kwargs["provider"]):
                lit = _literal(self.src, term)
                if lit is not None:
                    low = lit.raw.lower()
                    if low.startswith("azure"):
                        target = Target.AZURE
                    elif low != "openai":
                        target = Target.OTHER_BASE_URL
                elif isinstance(term, Node) and term.type == "call":
                    callee = term.child_by_field_name("function")
                    cname = self.src.text(callee).split(".")[-1] if callee else ""
                    if cname.startswith("Azure"):
                        target = Target.AZURE
                    else:
                        args = term.child_by_field_name("arguments")
                        kw = _kwargs(self.src, args.named_children if args else [])
                        target = self._kwargs_target(kw) or target
        return target

    def _context(self, spec: LibSpec, target: Target, kwargs: dict[str, Node]) -> CallContext | None:
        surface = spec.surface
        options = (self._first_literal(kwargs[k]) for k in ("model_provider", "custom_llm_provider") if k in kwargs)
        route = provided_route((lit.raw for lit in options if lit is not None), target, spec.routed)
        if route is None:
            return None
        target, routed = route
        if spec.client == "langchain" and self._is_true(kwargs.get("use_responses_api")):
            surface = Surface.RESPONSES
        streams = self._is_true(kwargs.get("stream")) or self._is_true(kwargs.get("streaming"))
        reasoning = False
        for key in ("reasoning", "model_settings", "model_kwargs", "extra_body"):
            if key in kwargs and self._mentions_summary(kwargs[key]):
                reasoning = True
        return CallContext(
            surface,
            target,
            spec.client,
            streams,
            reasoning,
            routed,
            spec.prefix_required,
        )

    # --- extraction ---------------------------------------------------------------------

    def _model_values(self, spec: LibSpec, ctx: CallContext, args: list[Node]) -> Iterator[Emission]:
        positional: list[Node] = []
        for arg in args:
            if arg.type == "keyword_argument":
                name = arg.child_by_field_name("name")
                value = arg.child_by_field_name("value")
                if name is not None and value is not None:
                    key = self.src.text(name)
                    if key in spec.keywords:
                        yield value, ctx, None
                    for path in spec.keywords:
                        if path.startswith(key + "."):
                            yield from ((inner, ctx, None) for inner in self._nested(value, path[len(key) + 1 :]))
            elif arg.type == "dictionary_splat":
                inner = arg.named_children[0] if arg.named_children else None
                if inner is not None:
                    yield from self._splat_values(inner, arg, spec, ctx)
            elif arg.type not in ("list_splat", "comment", "ERROR"):
                positional.append(arg)
        if spec.position is not None and spec.position < len(positional):
            yield positional[spec.position], ctx, None

    def _nested(self, value: Node, path: str) -> Iterator[Node]:
        """A table's nested setting (``config={"model_settings": {"model_name": …}}``)."""
        head, _, rest = path.partition(".")
        for inner in self._dict_values(value, head):
            if rest:
                yield from self._nested(inner, rest)
            else:
                yield inner

    def _splat_values(self, expr: Node, splat: Node, spec: LibSpec, ctx: CallContext) -> Iterator[Emission]:
        groups = [self._dict_pairs(t) for t, _ in self._follow(expr) if isinstance(t, Node)]
        writes = self._dict_writes(expr)
        if writes:
            groups.append(writes)
        for pairs in groups:
            local = ctx
            if any(self._is_true(v) for v in pairs.get("stream", [])):
                local = replace(local, streams=True)
            if any(self._mentions_summary(v) for v in pairs.get("reasoning", [])):
                local = replace(local, reasoning_summary=True)
            for key in spec.keywords:
                for value in pairs.get(key, []):
                    yield value, local, splat

    # --- following values ---------------------------------------------------------------

    def _follow(self, node: Node, depth: int = 0, notes: tuple[str, ...] = ()) -> Iterator[Term]:
        """Terminal expressions a value can be: literals, dicts, calls, imported names."""
        if depth > _MAX_DEPTH:
            return
        kind = node.type
        if kind == "parenthesized_expression" and node.named_children:
            yield from self._follow(node.named_children[0], depth + 1, notes)
        elif kind == "conditional_expression":
            kids = node.named_children
            if len(kids) == 3:
                yield from self._follow(kids[0], depth + 1, notes)
                yield from self._follow(kids[2], depth + 1, notes)
        elif kind == "boolean_operator":
            for side in ("left", "right"):
                child = node.child_by_field_name(side)
                if child is not None:
                    yield from self._follow(child, depth + 1, notes)
        elif kind == "assignment":
            right = node.child_by_field_name("right")
            if right is not None:
                yield from self._follow(right, depth + 1, notes)
        elif kind == "identifier":
            target = node.parent
            loop = target.parent if target is not None else None
            if (
                target is not None
                and loop is not None
                and target.type in ("pattern_list", "tuple_pattern")
                and loop.type in _LOOPS
                and loop.child_by_field_name("left") == target
            ):
                column = [c for c in target.named_children if c.type != "comment"].index(node)
                yield from self._follow_loop(loop, column, depth, notes)
            else:
                yield from self._follow_name(self.src.text(node), node, depth, notes)
        elif kind == "attribute":
            yield from self._follow_attribute(node, depth, notes)
        elif kind == "call":
            env = self._env_default(node)
            if env is not None:
                default, note = env
                yield from self._follow(default, depth + 1, (*notes, note))
                return
            yield from self._follow_call(node, depth, notes)
        elif kind == "subscript":
            yield from self._follow_subscript(node, depth, notes)
        elif kind in _LOOPS:
            yield from self._follow_loop(node, None, depth, notes)
        else:
            yield node, notes

    def _follow_loop(self, loop: Node, column: int | None, depth: int, notes: tuple[str, ...]) -> Iterator[Term]:
        """What a loop target takes: each element (``column`` None) or that column of each row."""
        right = loop.child_by_field_name("right")
        for term, more in self._follow(right, depth + 1, notes) if right is not None else ():
            for value in self._rows(term, column) if isinstance(term, Node) else []:
                yield from self._follow(value, depth + 1, more)

    def _rows(self, node: Node, column: int | None) -> list[Node]:
        """Elements an iterable literal yields (``column`` of each tuple row); ``enumerate``, ``zip``,
        ``d.items()`` and ``d.values()`` over what this file writes."""
        if node.type in ("list", "tuple", "set"):
            rows = _elements(node)
            return rows if column is None else [e for row in rows for e in self._sequence(row)[column : column + 1]]
        callee = node.child_by_field_name("function") if node.type == "call" else None
        args_node = node.child_by_field_name("arguments") if node.type == "call" else None
        if callee is None or args_node is None:
            return []
        args = [a for a in args_node.named_children if a.type not in _NOT_POSITIONAL]
        name = self.src.text(callee).rsplit(".", 1)[-1]
        if name == "enumerate" and args and column == 1:
            return self._iterated(args[0], None)
        if name == "zip" and column is not None and column < len(args):
            return self._iterated(args[column], None)
        obj = callee.child_by_field_name("object") if callee.type == "attribute" else None
        if obj is not None and ((name == "values" and column is None) or (name == "items" and column == 1)):
            return [v for values in self._items(obj).values() for v in values]
        return []

    def _iterated(self, node: Node, column: int | None) -> list[Node]:
        return [v for term, _ in self._follow(node) if isinstance(term, Node) for v in self._rows(term, column)]

    def _env_default(self, call: Node) -> tuple[Node, str] | None:
        callee = call.child_by_field_name("function")
        args_node = call.child_by_field_name("arguments")
        if callee is None or args_node is None or self.src.text(callee) not in _ENV_CALLS:
            return None
        args = args_node.named_children
        positional = [a for a in args if a.type != "keyword_argument"]
        default = _kwargs(self.src, args).get("default")
        if default is None and len(positional) >= 2:
            default = positional[1]
        if default is None:
            return None
        name = _literal(self.src, positional[0]) if positional else None
        note = f"default of ${name.raw}" if name is not None else "environment default"
        return default, note

    def _follow_attribute(self, node: Node, depth: int, notes: tuple[str, ...]) -> Iterator[Term]:
        obj = node.child_by_field_name("object")
        attr = node.child_by_field_name("attribute")
        if obj is None or attr is None:
            return
        self._index()
        attr_name = self.src.text(attr)
        obj_text = self.src.text(obj)
        if obj.type == "identifier" and obj_text in ("self", "cls"):
            cls = self._enclosing_class(node)
            if cls is not None:
                yield from self._follow_as_instance(cls, self._members(cls, attr_name), depth, notes)
            return
        binding = self._imports.get(obj_text)
        module = self._module_of(binding) if binding is not None else None
        if module is not None:
            yield Imported(module, attr_name), notes
            return
        values: list[Node] = []
        for cls, ctor in self._instances(obj, depth):
            values += self._members(cls, attr_name) if cls is not None else []
            if ctor is not None:
                values += [v for k, v in _kwargs(self.src, ctor).items() if k == attr_name]
        values += [v for _, v in self._assigned(f"{obj_text}.{attr_name}")]
        values += self._cli_defaults().get(attr_name, [])
        for value in values:
            yield from self._follow(value, depth + 1, notes)

    def _instances(self, obj: Node, depth: int) -> Iterator[tuple[Node | None, list[Node] | None]]:
        """(class written here, constructor arguments) of what ``obj`` may be an instance of.

        ``Config.MODEL`` names the class itself; ``settings = Settings(model=...)``, a parameter
        annotated ``cfg: Config`` and ``self.cfg = Config()`` name an instance of it.
        """
        if obj.type == "identifier":
            for cls in self._classes_named(self.src.text(obj)):
                yield cls, None
            annotation = self._annotation_of(obj)
            if annotation is not None:
                for name in _type_names(self.src, annotation):
                    for cls in self._classes_named(name):
                        yield cls, None
        if depth > _MAX_DEPTH:
            return
        for term, _ in self._follow(obj, depth + 1):
            if not isinstance(term, Node) or term.type != "call":
                continue
            callee = term.child_by_field_name("function")
            args = term.child_by_field_name("arguments")
            if callee is None or callee.type not in _PY_CALLEES:
                continue
            name = self.src.text(callee).rsplit(".", 1)[-1]
            ctor = args.named_children if args is not None else []
            classes = list(self._classes_named(name))
            for cls in classes:
                yield cls, ctor
            if not classes and name[:1].isupper():
                yield None, ctor

    def _annotation_of(self, ident: Node) -> Node | None:
        """The type annotation of the parameter ``ident`` names, in the function around it."""
        name = self.src.text(ident)
        scope = self._scope(ident)
        while scope is not None:
            if scope.type == "function_definition":
                params = scope.child_by_field_name("parameters")
                for p in params.named_children if params is not None else []:
                    if p.type in ("typed_parameter", "typed_default_parameter"):
                        pname = p.child_by_field_name("name") or (p.named_children[0] if p.named_children else None)
                        if pname is not None and self.src.text(pname) == name:
                            return p.child_by_field_name("type")
            scope = self._scope(scope)
        return None

    def _enclosing_class(self, node: Node) -> Node | None:
        scope = self._scope(node)
        while scope is not None and scope.type != "class_definition":
            scope = self._scope(scope)
        return scope

    def _members(self, cls: Node, name: str, depth: int = 0) -> list[Node]:
        """Values attribute ``name`` gets in ``cls``: class fields, ``self.name = ...`` in any
        method, ``@property`` returns, and the same in base classes written in this file."""
        key = (cls.id, name)
        cached = self._members_cache.get(key)
        if cached is not None:
            return cached
        self._members_cache[key] = []  # a class that names itself as a base stops here
        out = [v for left, v in self._assigned(name) if self._scope(left) == cls]
        for owner in ("self", "cls"):
            out += [v for left, v in self._assigned(f"{owner}.{name}") if self._enclosing_class(left) == cls]
        for func in self._functions_named(name):
            if self._scope(func) == cls:
                out += self._returns(func)
        supers = cls.child_by_field_name("superclasses")
        if depth < 4 and supers is not None:
            for base in supers.named_children:
                if base.type in _PY_CALLEES:
                    for parent in self._classes_named(self.src.text(base).rsplit(".", 1)[-1]):
                        if parent != cls:
                            out += self._members(parent, name, depth + 1)
        self._members_cache[key] = out
        return out

    def _returns(self, func: Node) -> list[Node]:
        out: list[Node] = []
        body = func.child_by_field_name("body")
        stack = list(body.named_children) if body is not None else []
        while stack:
            node = stack.pop()
            if node.type == "return_statement":
                out += node.named_children[:1]
            elif node.type not in ("function_definition", "class_definition", "lambda"):
                stack.extend(node.named_children)
        return out

    def _classes_named(self, name: str) -> list[Node]:
        return [d for d in self._definitions(name) if d.type == "class_definition"]

    def _functions_named(self, name: str) -> list[Node]:
        return [d for d in self._definitions(name) if d.type == "function_definition"]

    def _definitions(self, name: str) -> list[Node]:
        """Every ``def name`` / ``class name`` in the file (memoized: one text search per name)."""
        cached = self._definition_cache.get(name)
        if cached is not None:
            return cached
        found: list[Node] = []
        word = encode(name)
        for pos in find_words(self.src, word):
            ident = node_at(self.at, pos, pos + len(word), _IDENT)
            parent = ident.parent if ident is not None else None
            if (
                parent is not None
                and parent.type in ("class_definition", "function_definition")
                and parent.child_by_field_name("name") == ident
            ):
                found.append(parent)
        self._definition_cache[name] = found
        return found

    # --- values passed in from elsewhere --------------------------------------------------

    def _arguments_for(self, func: Node, name: str) -> list[Node]:
        """Click/typer decorator defaults for the parameter, and what each caller passes for it."""
        if func.type != "function_definition":
            return []
        out = self._decorator_defaults(func, name)
        params = func.child_by_field_name("parameters")
        fname = func.child_by_field_name("name")
        if params is None or fname is None:
            return out
        index = _parameter_index(self.src, params, name)
        cls = self._scope(func)
        names = [self.src.text(fname)]
        if cls is not None and cls.type == "class_definition":
            if not self._decorated(func, "staticmethod"):
                index = None if index is None else index - 1  # self / cls is bound at the call
            if names[0] == "__init__":
                inner = self._self_classes[-1] if self._self_classes else None
                names += self._constructed_as(inner if inner is not None and cls in self._ancestors(inner) else cls)
        for callee_name in names:
            for call, args in self._calls_named(callee_name):
                if callee_name == "__init__" and not self._chains_to(call, cls):
                    continue
                out += _argument(self.src, args, name, index)
        return out

    def _chains_to(self, call: Node, cls: Node | None) -> bool:
        """Whether ``super().__init__(...)`` at ``call`` runs ``cls.__init__`` for the instance being followed."""
        callee = call.child_by_field_name("function")
        obj = callee.child_by_field_name("object") if callee is not None and callee.type == "attribute" else None
        if obj is None or obj.type != "call" or self.src.text(obj.child_by_field_name("function") or obj) != "super":
            return False
        inside = self._enclosing_class(call)
        if cls is None or inside is None or inside == cls or cls not in self._ancestors(inside):
            return False
        inner = self._self_classes[-1] if self._self_classes else None
        return inner is None or inside in self._ancestors(inner)

    def _ancestors(self, cls: Node, depth: int = 0) -> list[Node]:
        """``cls`` and the base classes written in this file it derives from."""
        out = [cls]
        supers = cls.child_by_field_name("superclasses")
        for base in supers.named_children if supers is not None and depth < 4 else []:
            if base.type in _PY_CALLEES:
                for parent in self._classes_named(self.src.text(base).rsplit(".", 1)[-1]):
                    if parent != cls:
                        out += self._ancestors(parent, depth + 1)
        return out

    def _constructed_as(self, cls: Node, depth: int = 0) -> list[str]:
        """Names that run ``cls.__init__``: the class, and subclasses written here without their own."""
        name_node = cls.child_by_field_name("name")
        if name_node is None or depth > 4:
            return []
        name = self.src.text(name_node)
        out = [name]
        word = encode(name)
        for pos in find_words(self.src, word):
            ident = node_at(self.at, pos, pos + len(word), _IDENT)
            supers = ident.parent if ident is not None else None
            sub = supers.parent if supers is not None else None
            if sub is None or sub.type != "class_definition" or sub.child_by_field_name("superclasses") != supers:
                continue
            if not self._methods(sub, "__init__"):
                out += self._constructed_as(sub, depth + 1)
        return out

    def _decorated(self, func: Node, name: str) -> bool:
        holder = func.parent
        if holder is None or holder.type != "decorated_definition":
            return False
        return any(d.type == "decorator" and self.src.text(d)[1:].strip() == name for d in holder.named_children)

    def _calls_named(self, name: str) -> list[tuple[Node, list[Node]]]:
        """(call, arguments) of every ``name(...)`` / ``x.name(...)`` in the file."""
        cached = self._calls_cache.get(name)
        if cached is not None:
            return cached
        found: list[tuple[Node, list[Node]]] = []
        word = encode(name)
        for pos in find_words(self.src, word):
            ident = node_at(self.at, pos, pos + len(word), _IDENT)
            if ident is None:
                continue
            func = ident
            if ident.parent is not None and ident.parent.type == "attribute":
                if ident.parent.child_by_field_name("attribute") != ident:
                    continue
                func = ident.parent
            call = func.parent
            if call is not None and call.type == "argument_list":  # executor.submit(name, a, b)
                handed = self._handed_over(func, call)
                if handed is not None:
                    found.append(handed)
                continue
            if call is None or call.type != "call" or call.child_by_field_name("function") != func:
                continue
            args = call.child_by_field_name("arguments")
            if args is not None and args.type == "argument_list":
                found.append((call, args.named_children))
        self._calls_cache[name] = found
        return found

    def _handed_over(self, func: Node, arglist: Node) -> tuple[Node, list[Node]] | None:
        """``pool.submit(f, a, b)``, ``asyncio.to_thread(f, a)``, ``partial(f, a)``,
        ``loop.run_in_executor(None, f, a)``: the call runs ``f`` with the arguments after it."""
        call = arglist.parent
        callee = call.child_by_field_name("function") if call is not None else None
        if call is None or callee is None:
            return None
        method = self.src.text(callee).rsplit(".", 1)[-1]
        at = _HANDING_OVER.get(method)
        args = [a for a in arglist.named_children if a.type != "comment"]
        if at is None or len(args) <= at or args[at] != func:
            return None
        return call, args[at + 1 :]

    def _decorator_defaults(self, func: Node, name: str) -> list[Node]:
        """``@click.option("--model", default="gpt-4o")`` above ``def main(model)``."""
        holder = func.parent
        if holder is None or holder.type != "decorated_definition":
            return []
        out: list[Node] = []
        for dec in holder.named_children:
            call = dec.named_children[0] if dec.type == "decorator" and dec.named_children else None
            if call is None or call.type != "call":
                continue
            callee = call.child_by_field_name("function")
            args = call.child_by_field_name("arguments")
            kind = self.src.text(callee).rsplit(".", 1)[-1] if callee is not None else ""
            if args is None or kind not in ("option", "argument", "parametrize"):
                continue
            if kind == "parametrize":
                out += self._parametrized(args.named_children, name)
            elif self._option_dest(args.named_children, click=True) == name:
                default = _kwargs(self.src, args.named_children).get("default")
                if default is not None:
                    out.append(default)
        return out

    def _parametrized(self, args: list[Node], name: str) -> list[Node]:
        """``@pytest.mark.parametrize("model, mode", [("gpt-4o", m), ...])``: the values ``name`` takes
        (also ``product(models, modes)``, each list giving one name's values)."""
        if len(args) < 2:
            return []
        names_lit = _literal(self.src, args[0])
        if names_lit is not None:
            names = [n.strip() for n in names_lit.raw.split(",")]
        else:
            names = [lit.raw for lit in (_literal(self.src, n) for n in args[0].named_children) if lit is not None]
        if name not in names:
            return []
        index = names.index(name)
        out: list[Node] = []
        for term, _ in self._follow(args[1]):
            if not isinstance(term, Node):
                continue
            callee = term.child_by_field_name("function") if term.type == "call" else None
            if callee is not None and self.src.text(callee).rsplit(".", 1)[-1] == "product":
                pargs = term.child_by_field_name("arguments")
                factors = pargs.named_children if pargs is not None else []
                out += [e for f in factors[index : index + 1] for e in self._sequence(f)]
                continue
            for row in _elements(term):
                single = _elements(row)[:1] if row.type == "call" else [row]
                out += single if len(names) == 1 else self._sequence(row)[index : index + 1]
        return out

    def _sequence(self, node: Node) -> list[Node]:
        """Elements of the list / tuple ``node`` holds (``pytest.param(...)`` rows unwrapped)."""
        out: list[Node] = []
        for term, _ in self._follow(node):
            if isinstance(term, Node):
                out += _elements(term)
        return out

    def _cli_defaults(self) -> dict[str, list[Node]]:
        """argparse destinations and their defaults: ``add_argument("--model", default=...)``,
        ``set_defaults(model=...)`` (optparse's ``add_option`` too)."""
        if self._cli_cache is not None:
            return self._cli_cache
        out: dict[str, list[Node]] = {}
        for method in ("add_argument", "add_option"):
            for _, args in self._calls_named(method):
                dest = self._option_dest(args, click=False)
                default = _kwargs(self.src, args).get("default")
                if dest is not None and default is not None:
                    out.setdefault(dest, []).append(default)
        for _, args in self._calls_named("set_defaults"):
            for key, value in _kwargs(self.src, args).items():
                out.setdefault(key, []).append(value)
        self._cli_cache = out
        return out

    def _option_dest(self, args: list[Node], click: bool) -> str | None:
        """The attribute / parameter name a CLI option is stored under."""
        explicit = _kwargs(self.src, args).get("dest")
        if explicit is not None:
            lit = _literal(self.src, explicit)
            return lit.raw if lit is not None else None
        flags = [lit.raw for lit in (_literal(self.src, a) for a in args if a.type == "string") if lit is not None]
        if click:
            plain = [f for f in flags if f.isidentifier()]
            if plain:
                return plain[0]
        longs = [f for f in flags if f.startswith("--")]
        shorts = [f for f in flags if f.startswith("-") and not f.startswith("--")]
        names = [f for f in flags if not f.startswith("-")]
        chosen = (sorted(longs, key=len, reverse=True)[:1] if click else longs[:1]) or names[:1] or shorts[:1]
        if not chosen:
            return None
        dest = chosen[0].lstrip("-").replace("-", "_")
        return dest.lower() if click else dest

    def _passed_through(self, call: Node) -> list[Node] | None:
        """Calls whose value is one of their arguments: option/field wrappers, ``d.get(k, default)``,
        ``getattr(o, k, default)``, ``str(x)`` and hand-written CLI helpers ``arg("--model", default)``."""
        callee = call.child_by_field_name("function")
        args_node = call.child_by_field_name("arguments")
        if callee is None or args_node is None or args_node.type != "argument_list":
            return None
        args = args_node.named_children
        positional = [a for a in args if a.type not in _NOT_POSITIONAL]
        kwargs = _kwargs(self.src, args)
        name = self.src.text(callee).rsplit(".", 1)[-1]
        if name in _OPTION_WRAPPERS:
            out = [kwargs["default"]] if "default" in kwargs else []
            factory = kwargs.get("default_factory")
            if factory is not None and factory.type == "lambda":
                out += [b for b in [factory.child_by_field_name("body")] if b is not None]
            if not out and positional and name not in ("field", "attrib", "ib"):
                first = _literal(self.src, positional[0])
                if first is None or not first.raw.startswith("-"):
                    out.append(positional[0])
            return out
        if ((name == "str" and callee.type == "identifier") or name == "dumps") and len(positional) == 1:
            return positional
        if name == "getattr" and callee.type == "identifier" and len(positional) == 3:
            return positional[2:]
        flag = _literal(self.src, positional[0]) if positional else None
        if flag is not None and _CLI_FLAG.fullmatch(flag.raw):
            if "default" in kwargs:
                return [kwargs["default"]]
            return positional[1:2] if len(positional) > 1 and not self._is_flag(positional[1]) else []
        if name in _STR_METHODS and callee.type == "attribute" and not args:
            return [n for n in [callee.child_by_field_name("object")] if n is not None]
        returned = self._returned_by(callee)
        if returned is not None:
            return returned
        if name == "get" and callee.type == "attribute" and positional:
            out = positional[1:2] or [kwargs[k] for k in ("default",) if k in kwargs]
            obj = callee.child_by_field_name("object")
            key = _literal(self.src, positional[0])
            if obj is not None and key is not None:
                out += self._dict_values(obj, key.raw)
            return out
        return None

    def _returned_by(self, callee: Node) -> list[Node] | None:
        """``get_model()`` / ``self.default_model()``: what the function written here returns."""
        obj = callee.child_by_field_name("object") if callee.type == "attribute" else None
        if callee.type == "identifier":
            funcs = [f for f in self._functions_named(self.src.text(callee)) if self._scope(f) is None]
        elif obj is not None and obj.type == "identifier" and self.src.text(obj) in ("self", "cls"):
            attr = callee.child_by_field_name("attribute")
            cls = self._enclosing_class(callee)
            funcs = [] if attr is None or cls is None else self._methods(cls, self.src.text(attr))
        else:
            return None
        if not funcs:
            return None
        return [value for func in funcs for value in self._returns(func)]

    def _methods(self, cls: Node, name: str) -> list[Node]:
        return [f for f in self._functions_named(name) if self._scope(f) == cls]

    def _is_flag(self, node: Node) -> bool:
        lit = _literal(self.src, node)
        return lit is not None and lit.raw.startswith("-")

    # --- payloads sent without an SDK method ----------------------------------------------

    def _call_body(self, args: list[Node]) -> dict[str, list[Node]]:
        """A call's keywords (and ``**spreads``) as the entries of one request body."""
        out: dict[str, list[Node]] = {k: [v] for k, v in _kwargs(self.src, args).items()}
        for arg in args:
            if arg.type == "dictionary_splat" and arg.named_children:
                for key, values in self._items(arg.named_children[0]).items():
                    out.setdefault(key, []).extend(values)
        return out

    def _items(self, node: Node) -> dict[str, list[Node]]:
        out: dict[str, list[Node]] = {}
        for term, _ in self._follow(node):
            if isinstance(term, Node):
                for key, values in self._dict_pairs(term).items():
                    out.setdefault(key, []).extend(values)
        for key, values in self._dict_writes(node).items():
            out.setdefault(key, []).extend(values)
        return out

    def _http(self, call: Node, args: list[Node]) -> None:
        """``requests.post(".../v1/chat/completions", json=body)``, ``client.post("/responses", body=...)``."""
        callee = call.child_by_field_name("function")
        if callee is None:
            return
        kwargs = _kwargs(self.src, args)
        positional = [a for a in args if a.type not in _NOT_POSITIONAL]
        method = self.src.text(callee).rsplit(".", 1)[-1]
        urls = [kwargs["url"]] if "url" in kwargs else positional[1:2] if method == "request" else positional[:1]
        if not urls:
            return
        url = urls[0]
        text, hinted = self._url_text(url, 0)
        slots = url_slots(text)
        if slots is None:
            return
        target = url_target(text)
        if target is None and hinted:
            target = Target.OPENAI
        elif target is None and text.startswith("/") and ("cast_to" in kwargs or "body" in kwargs):
            segments, root = self._dotted(callee)
            target = self._receiver_target(segments[:-1], root)
        if target is None or target is Target.OTHER_BASE_URL:  # another provider's endpoint
            return
        for key in ("json", "body", "data", "content"):
            if key in kwargs:
                self._emit_slots(self._items(kwargs[key]), slots, target, "payload", kwargs[key])

    def _typed_params(self) -> None:
        """``params: ChatCompletionCreateParams = {...}`` and ``ChatCompletionCreateParams(model=...)``."""
        for match in params_type_words(self.src.data):
            ident = node_at(self.at, match.start(), match.end(), _IDENT)
            if ident is None:
                continue
            surface = params_type_surface(self._qualified_type(ident))
            if surface is None:
                continue
            top = ident
            while top.parent is not None and top.parent.type in ("attribute", "type", "subscript", "generic_type"):
                top = top.parent
            holder = top.parent
            ctx_slots = (Slot(("model",), surface),)
            if holder is None:
                continue
            if holder.type == "assignment" and holder.child_by_field_name("type") == top:
                right = holder.child_by_field_name("right")
                if right is not None:
                    self._emit_slots(self._items(right), ctx_slots, Target.OPENAI, "openai")
            elif holder.type == "call" and holder.child_by_field_name("function") == top:
                args = holder.child_by_field_name("arguments")
                if args is not None:
                    self._emit_slots(self._call_body(args.named_children), ctx_slots, Target.OPENAI, "openai")
            elif holder.type == "function_definition" and holder.child_by_field_name("return_type") == top:
                for value in self._returns(holder):
                    self._emit_slots(self._items(value), ctx_slots, Target.OPENAI, "openai")

    def _qualified_type(self, ident: Node) -> str:
        """A params type's name with the module it was imported from (``chat.CompletionCreateParams``)."""
        name = self.src.text(ident)
        self._index()
        binding = self._imports.get(name)
        parent = ident.parent
        prefix = self.src.text(parent) if parent is not None and parent.type == "attribute" else name
        if binding is not None:
            return f"{binding.module}.{prefix}"
        return prefix

    # --- dicts --------------------------------------------------------------------------

    def _follow_subscript(self, node: Node, depth: int, notes: tuple[str, ...]) -> Iterator[Term]:
        """``config["model"]``: the value under that key in the dict ``config`` holds."""
        obj = node.child_by_field_name("value")
        key = _literal(self.src, node.child_by_field_name("subscript"))
        if obj is None or key is None:
            return
        for value in self._dict_values(obj, key.raw, depth):
            yield from self._follow(value, depth + 1, notes)

    def _dict_values(self, obj: Node, key: str, depth: int = 0) -> list[Node]:
        if depth > _MAX_DEPTH:
            return []
        out: list[Node] = []
        for term, _ in self._follow(obj, depth + 1):
            if isinstance(term, Node):
                out += self._dict_pairs(term, depth).get(key, [])
        out += self._dict_writes(obj).get(key, [])
        return out

    def _dict_pairs(self, node: Node, depth: int = 0) -> dict[str, list[Node]]:
        """String-keyed items of a dict literal or ``dict(...)`` call, ``**spreads`` followed."""
        out: dict[str, list[Node]] = {}
        spreads: list[Node] = []
        if node.type == "dictionary":
            for pair in node.named_children:
                if pair.type == "pair":
                    key = _literal(self.src, pair.child_by_field_name("key"))
                    value = pair.child_by_field_name("value")
                    if key is not None and value is not None:
                        out.setdefault(key.raw, []).append(value)
                elif pair.type == "dictionary_splat" and pair.named_children:
                    spreads.append(pair.named_children[0])
        elif node.type == "call":
            callee = node.child_by_field_name("function")
            args = node.child_by_field_name("arguments")
            if callee is None or args is None or self.src.text(callee) != "dict":
                return out
            for word, value in _kwargs(self.src, args.named_children).items():
                out.setdefault(word, []).append(value)
            for arg in args.named_children:
                if arg.type == "dictionary_splat" and arg.named_children:
                    spreads.append(arg.named_children[0])
                elif arg.type not in ("keyword_argument", "comment"):
                    spreads.append(arg)
        if depth < 4:
            for spread in spreads:
                for term, _ in self._follow(spread, depth + 1):
                    if isinstance(term, Node):
                        for word, values in self._dict_pairs(term, depth + 1).items():
                            out.setdefault(word, []).extend(values)
                for word, values in self._dict_writes(spread).items():
                    out.setdefault(word, []).extend(values)
        return out

    def _dict_writes(self, obj: Node) -> dict[str, list[Node]]:
        """``params["model"] = ...`` and ``params.update(model=...)`` on the name ``obj`` in its scope."""
        if obj.type != "identifier":
            return {}
        name = self.src.text(obj)
        owner = self._scope(obj)
        out: dict[str, list[Node]] = {}
        for write_owner, key, value in self._writes_to(name):
            if write_owner == owner:
                out.setdefault(key, []).append(value)
        return out

    def _writes_to(self, name: str) -> list[tuple[Node | None, str, Node]]:
        cached = self._writes_cache.get(name)
        if cached is not None:
            return cached
        found: list[tuple[Node | None, str, Node]] = []
        # Seen before it is done: ``d.update({**d, ...})`` asks for d's writes while finding them.
        self._writes_cache[name] = found
        word = encode(name)
        for pos in find_words(self.src, word):
            ident = node_at(self.at, pos, pos + len(word), _IDENT)
            parent = ident.parent if ident is not None else None
            if ident is None or parent is None:
                continue
            if parent.type == "subscript" and parent.child_by_field_name("value") == ident:
                assign = parent.parent
                key = _literal(self.src, parent.child_by_field_name("subscript"))
                right = assign.child_by_field_name("right") if assign is not None else None
                if (
                    assign is not None
                    and assign.type == "assignment"
                    and key is not None
                    and right is not None
                    and assign.child_by_field_name("left") == parent
                ):
                    found.append((self._scope(ident), key.raw, right))
            elif parent.type == "attribute" and parent.child_by_field_name("object") == ident:
                attr = parent.child_by_field_name("attribute")
                call = parent.parent
                if attr is None or call is None or call.type != "call" or self.src.text(attr) != "update":
                    continue
                args = call.child_by_field_name("arguments")
                for arg in args.named_children if args is not None else []:
                    if arg.type == "keyword_argument":
                        key_node, value = arg.child_by_field_name("name"), arg.child_by_field_name("value")
                        if key_node is not None and value is not None:
                            found.append((self._scope(ident), self.src.text(key_node), value))
                    elif arg.type == "dictionary":
                        for key_raw, values in self._dict_pairs(arg).items():
                            found += [(self._scope(ident), key_raw, v) for v in values]
        self._writes_cache[name] = found
        return found

    def _first_literal(self, node: Node) -> Literal | None:
        for term, _ in self._follow(node):
            lit = _literal(self.src, term)
            if lit is not None:
                return lit
        return None

    def _is_true(self, node: Node | None) -> bool:
        if node is None:
            return False
        return any(isinstance(t, Node) and t.type == "true" for t, _ in self._follow(node))

    def _mentions_summary(self, node: Node) -> bool:
        for term, _ in self._follow(node):
            if isinstance(term, Node) and _SUMMARY.search(self.src.data, term.start_byte, term.end_byte):
                return True
        return False

    # --- exports ------------------------------------------------------------------------

    def _module_functions(self) -> Iterator[tuple[str, Node]]:
        for stmt in self.root.named_children:
            func = stmt.child_by_field_name("definition") if stmt.type == "decorated_definition" else stmt
            name = func.child_by_field_name("name") if func is not None else None
            if func is not None and name is not None and func.type == "function_definition":
                yield self.src.text(name), func

    def _callee_parts(self, call: Node) -> tuple[str | None, str] | None:
        callee = call.child_by_field_name("function")
        if callee is not None and callee.type == "identifier":
            return None, self.src.text(callee)
        if callee is None or callee.type != "attribute":
            return None
        obj, attr = callee.child_by_field_name("object"), callee.child_by_field_name("attribute")
        return (self.src.text(obj), self.src.text(attr)) if obj is not None and attr is not None else None

    def _module_of(self, binding: Binding) -> str | None:
        if binding.name is None:
            return binding.module
        return binding.module + ("" if binding.module.endswith(".") else ".") + binding.name

    def _module_declarations(self) -> Iterator[tuple[Node, Node]]:
        for stmt in self.root.named_children:
            assign = stmt.named_children[0] if stmt.type == "expression_statement" else None
            if assign is None or assign.type != "assignment":
                continue
            left, right = assign.child_by_field_name("left"), assign.child_by_field_name("right")
            if left is not None and right is not None and left.type == "identifier":
                yield left, right


def _under(module: str, root: str) -> bool:
    return module == root or module.startswith(root + ".")


def _kwargs(src: Source, args: list[Node]) -> dict[str, Node]:
    out: dict[str, Node] = {}
    for arg in args:
        if arg.type == "keyword_argument":
            name = arg.child_by_field_name("name")
            value = arg.child_by_field_name("value")
            if name is not None and value is not None:
                out[src.text(name)] = value
    return out


def _parameter(src: Source, func: Node, name: str) -> Node | Lit[False] | None:
    """Default value of parameter ``name``; False if it has none; None if no such parameter."""
    params = func.child_by_field_name("parameters")
    if params is None:
        return None
    for p in params.named_children:
        if p.type == "identifier":
            if src.text(p) == name:
                return False
        elif p.type in ("default_parameter", "typed_default_parameter"):
            pname = p.child_by_field_name("name")
            if pname is not None and src.text(pname) == name:
                return p.child_by_field_name("value") or False
        elif p.type == "typed_parameter":
            first = p.named_children[0] if p.named_children else None
            if first is not None and first.type == "identifier" and src.text(first) == name:
                return False
    return None


def _elements(node: Node) -> list[Node]:
    """Items of a list / tuple / set literal; a ``pytest.param(a, b)`` row gives its arguments."""
    if node.type in ("list", "tuple", "set"):
        return [c for c in node.named_children if c.type != "comment"]
    if node.type == "call":
        callee = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        if args is not None and callee is not None and callee.text is not None and callee.text.endswith(b"param"):
            return [a for a in args.named_children if a.type not in _NOT_POSITIONAL]
    return []


def _parameter_index(src: Source, params: Node, name: str) -> int | None:
    """Position of parameter ``name`` as callers pass it; None when it is keyword-only or absent."""
    index = 0
    for p in params.named_children:
        if p.type in ("list_splat_pattern", "keyword_separator", "dictionary_splat_pattern"):
            return None
        if p.type == "positional_separator":
            continue
        if p.type == "identifier":
            pname: Node | None = p
        elif p.type in ("default_parameter", "typed_default_parameter"):
            pname = p.child_by_field_name("name")
        elif p.type == "typed_parameter":
            pname = p.named_children[0] if p.named_children else None
        else:
            pname = None
        if pname is not None and src.text(pname) == name:
            return index
        index += 1
    return None


def _argument(src: Source, args: list[Node], name: str, index: int | None) -> list[Node]:
    """The argument a call passes for parameter ``name`` (by keyword, else at ``index``)."""
    value = _kwargs(src, args).get(name)
    if value is not None:
        return [value]
    if index is None or index < 0:
        return []
    positional: list[Node] = []
    for arg in args:
        if arg.type in ("list_splat", "dictionary_splat"):
            break
        if arg.type not in ("keyword_argument", "comment"):
            positional.append(arg)
    return positional[index : index + 1]


def _type_names(src: Source, annotation: Node) -> list[str]:
    """Class names an annotation mentions: ``Config``, ``Optional[Config]``, ``"Config"``, ``Config | None``."""
    text = src.text(annotation)
    return [w for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text) if w[:1].isupper() and w not in _TYPING_NAMES]


_TYPING_NAMES = frozenset(
    {"Optional", "Union", "Annotated", "List", "Dict", "Any", "Type", "ClassVar", "Final", "None"}
)


def _literal(src: Source, node: object) -> Literal | None:
    """A plain string literal's inside, or None (f-strings with fields, bytes, concatenations)."""
    if not isinstance(node, Node) or node.type != "string":
        return None
    kids = node.children
    if len(kids) < 2 or kids[0].type != "string_start" or kids[-1].type != "string_end":
        return None
    prefix = src.text(kids[0]).lower()
    if "b" in prefix:
        return None
    for kid in kids[1:-1]:
        if kid.type == "interpolation":
            return None
    start, end = kids[0].end_byte, kids[-1].start_byte
    if end < start:
        return None
    return Literal(start, end, src.slice(start, end), node)


def _error_callee(arg: Node, calls: OpenCalls) -> tuple[Node, list[Node]] | None:
    """In an ERROR node, the callee before the unclosed ``(`` that ``arg`` follows, and its arguments."""
    paren = calls.paren_before(arg)
    if paren is None:
        return None
    callee = callee_before(calls.children[paren], _PY_CALLEES, calls.previous(paren))
    if callee is None:
        return None
    return callee, calls.args(paren)


def scan(text: str, options: ScanOptions = DEFAULT_OPTIONS, exports: bool = False, reuse: bool = True) -> ScanResult:
    src = Source(encode(text))
    if needs_windows(len(src.data)):
        return scan_windows(src, _windowed(options, exports))
    scanner = _Scanner(src, parse(src.data, reuse), options)
    scanner.run()
    return ScanResult(
        references=with_slots(scanner.out, scanner.at, _literal, options),
        exports=scanner.exports() if exports else {},
        imported_uses=_dedup(scanner.imported),
    )


def _windowed(options: ScanOptions, exports: bool) -> WindowScanner:
    """This scanner as the window driver of big files calls it (``_windows``)."""

    def make(src: Source, root: Node, out: Collector) -> _Scanner:
        return _Scanner(src, root, options, out)

    return WindowScanner(PARSER.plain, make, _literal, _dedup, python_defines, _CUTTABLE, options, exports)


# Where a window may cut inside one statement, and the text that reopens it (a block needs the
# indentation of what it cut, so it reopens as nothing and parses with error recovery).
_CUTTABLE = {
    "module": b"",
    "block": b"",
    "ERROR": b"",
    "list": b"[",
    "tuple": b"(",
    "set": b"{",
    "dictionary": b"{",
    "argument_list": b"f(",
}


def _dedup(uses: list[ImportedUse]) -> list[ImportedUse]:
    seen: dict[tuple[str, str, Range, Surface, Target, str], ImportedUse] = {}
    for use in uses:
        key = (use.module, use.name, use.use, use.surface, use.target, use.client)
        prev = seen.get(key)
        if prev is None:
            seen[key] = use
        else:
            seen[key] = replace(
                prev,
                streams=prev.streams or use.streams,
                reasoning_summary=prev.reasoning_summary or use.reasoning_summary,
            )
    return list(seen.values())
