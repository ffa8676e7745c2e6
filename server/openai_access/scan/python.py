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
    CallContext,
    Collector,
    Literal,
    Source,
    callee_before,
    classify_url,
    encode,
    find_words,
    match_legacy_path,
    match_sdk_path,
    node_at,
)
from openai_access.scan._emitter import Binding, Emitter, Imported, Item, Term
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
from openai_access.scan._result import ImportedUse, ScanResult
from openai_access.scan.options import DEFAULT_OPTIONS, ScanOptions

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


def parse(data: bytes) -> Node:
    return PARSER.parse(data).root_node


class _Scanner(Emitter):
    def __init__(self, text: str, options: ScanOptions) -> None:
        self.src = Source(encode(text))
        self.root = parse(self.src.data)
        self.options = options
        self.out = Collector(self.src)
        self.imported: list[ImportedUse] = []
        self._index_built = False
        self._assign_cache: dict[str, list[tuple[Node, Node]]] = {}
        self._defined_cache: dict[str, bool] = {}
        self._imports: dict[str, Binding] = {}
        self._scope_cache: dict[int, Node | None] = {}
        self._seen_calls: set[int] = set()
        self._receiver_cache: dict[str, Target | None] = {}

    # --- index (built on first need) ----------------------------------------------------

    FUNCTION_KINDS = frozenset({"function_definition", "lambda"})

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
        for pos in find_words(self.src.data, word):
            ident = node_at(self.root, pos, pos + len(word), _IDENT)
            if ident is None:
                continue
            left: Node | None = ident
            if "." in key:
                left = ident.parent
                if left is None or left.type != "attribute" or self.src.text(left) != key:
                    continue
            parent = left.parent if left is not None else None
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
        for pos in [] if result else find_words(self.src.data, word):
            ident = node_at(self.root, pos, pos + len(word), _IDENT)
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
        data = self.src.data
        for name in names:
            word = encode(name)
            for pos in find_words(data, word):
                ident = node_at(self.root, pos, pos + len(word), _IDENT)
                if ident is not None:
                    self._call_at(ident)
        if self.root.has_error:
            self._error_calls(keywords)

    def _call_at(self, ident: Node) -> None:
        """The call whose callee ends in ``ident`` (``f(...)`` or ``x.f(...)``), if any."""
        func = ident
        parent = ident.parent
        if parent is not None and parent.type == "attribute":
            if parent.child_by_field_name("attribute") != ident:
                return
            func = parent
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
            for pos in find_words(self.src.data, word):
                ident = node_at(self.root, pos, pos + len(word), _IDENT)
                arg = ident.parent if ident is not None else None
                if arg is None or arg.type != "keyword_argument" or arg.parent is None:
                    continue
                if arg.parent.type != "ERROR":
                    continue
                found = _error_callee(arg)
                if found is None or found[0].id in done:
                    continue
                callee, args = found
                done.add(callee.id)
                self._call(callee, args)

    def _call(self, callee: Node, args: list[Node]) -> None:
        segments, root = self._dotted(callee)
        if not segments:
            return
        found = self._classify(segments, root, args)
        params = self.call_params(self._keywords(args)) if found else ()
        for spec, ctx in found:
            self._extract(spec, replace(ctx, params=params, callee=self.src.node_range(callee)), args)

    def _keywords(self, args: list[Node]) -> Iterator[Item]:
        for arg in args:
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
        if legacy is not None and self._is_openai_module("openai"):
            spec = LibSpec("openai-legacy", legacy, ("model", "engine", "deployment_id"))
            out.append((spec, self._context(spec, self._module_target(), kwargs)))
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
            module = binding.module if binding is not None and binding.name is None else prefix
        return [c for c in candidates if any(_under(module, m) for m in c.modules)]

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
            for _, value in self._assigned(text):
                target = self._value_target(value)
                if target is not Target.OPENAI:
                    found = target
                    break
        self._receiver_cache[text] = found
        return found

    def _value_target(self, value: Node, depth: int = 0) -> Target | None:
        for term, _ in self._follow(value):
            if isinstance(term, Node) and term.type == "call":
                return self._ctor_target(term, depth)
        return Target.OPENAI

    def _ctor_target(self, call: Node, depth: int = 0) -> Target | None:
        callee = call.child_by_field_name("function")
        args_node = call.child_by_field_name("arguments")
        if callee is None or args_node is None or depth > 3:
            return Target.OPENAI
        segments, _ = self._dotted(callee)
        name = segments[-1] if segments else ""
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
        routed = spec.routed
        for key in ("model_provider", "custom_llm_provider"):
            if key in kwargs:
                lit = self._first_literal(kwargs[key])
                if lit is None:
                    continue
                provider = lit.raw.lower()
                if provider.startswith("azure"):
                    target = Target.AZURE
                elif provider != "openai":
                    return None
                routed = False
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

    def _extract(self, spec: LibSpec, ctx: CallContext, args: list[Node]) -> None:
        positional: list[Node] = []
        for arg in args:
            if arg.type == "keyword_argument":
                name = arg.child_by_field_name("name")
                value = arg.child_by_field_name("value")
                if name is not None and value is not None and self.src.text(name) in spec.keywords:
                    self._emit(value, ctx)
            elif arg.type == "dictionary_splat":
                inner = arg.named_children[0] if arg.named_children else None
                if inner is not None:
                    self._emit_dicts(inner, arg, spec, ctx)
            elif arg.type not in ("list_splat", "comment", "ERROR"):
                positional.append(arg)
        if spec.position is not None and spec.position < len(positional):
            self._emit(positional[spec.position], ctx)

    def _emit_dicts(self, expr: Node, splat: Node, spec: LibSpec, ctx: CallContext) -> None:
        for term, _ in self._follow(expr):
            if not isinstance(term, Node):
                continue
            pairs = _dict_items(self.src, term)
            if pairs is None:
                continue
            local = ctx
            if self._is_true(pairs.get("stream")):
                local = replace(local, streams=True)
            if "reasoning" in pairs and self._mentions_summary(pairs["reasoning"]):
                local = replace(local, reasoning_summary=True)
            for key in spec.keywords:
                if key in pairs:
                    self._emit(pairs[key], local, splat)

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
            yield from self._follow_name(self.src.text(node), node, depth, notes)
        elif kind == "attribute":
            yield from self._follow_attribute(node, depth, notes)
        elif kind == "call":
            env = self._env_default(node)
            if env is None:
                yield node, notes
            else:
                default, note = env
                yield from self._follow(default, depth + 1, (*notes, note))
        else:
            yield node, notes

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
            values = [
                v
                for left, v in self._assigned(f"{obj_text}.{attr_name}")
                if cls is not None and self._enclosing_class(left) == cls
            ]
            if cls is not None:
                values += self._class_attrs(cls, attr_name)
            for value in values:
                yield from self._follow(value, depth + 1, notes)
            return
        binding = self._imports.get(obj_text)
        if binding is not None:
            if binding.name is None:
                module = binding.module
            else:
                sep = "" if binding.module.endswith(".") else "."
                module = binding.module + sep + binding.name
            yield Imported(module, attr_name), notes
            return
        if obj.type == "identifier" and self._is_defined(obj_text):
            classes = list(self._classes_named(obj_text))
            if not classes:  # settings = Settings(): an instance of a class written here
                for _, value in self._assigned(obj_text):
                    callee = value.child_by_field_name("function") if value.type == "call" else None
                    if callee is not None and callee.type == "identifier":
                        classes += self._classes_named(self.src.text(callee))
            for cls in classes:
                for value in self._class_attrs(cls, attr_name):
                    yield from self._follow(value, depth + 1, notes)
            if classes:
                return
        for _, value in self._assigned(f"{obj_text}.{attr_name}"):
            yield from self._follow(value, depth + 1, notes)

    def _enclosing_class(self, node: Node) -> Node | None:
        scope = self._scope(node)
        while scope is not None and scope.type != "class_definition":
            scope = self._scope(scope)
        return scope

    def _class_attrs(self, cls: Node, name: str) -> list[Node]:
        return [v for left, v in self._assigned(name) if self._scope(left) == cls]

    def _classes_named(self, name: str) -> Iterator[Node]:
        word = encode(name)
        for pos in find_words(self.src.data, word):
            ident = node_at(self.root, pos, pos + len(word), _IDENT)
            parent = ident.parent if ident is not None else None
            if parent is not None and parent.type == "class_definition" and parent.child_by_field_name("name") == ident:
                yield parent

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


def _dict_items(src: Source, node: Node) -> dict[str, Node] | None:
    """String-keyed items of a dict literal or ``dict(k=v)`` call; None for anything else."""
    if node.type == "dictionary":
        out: dict[str, Node] = {}
        for pair in node.named_children:
            if pair.type != "pair":
                continue
            key = _literal(src, pair.child_by_field_name("key"))
            value = pair.child_by_field_name("value")
            if key is not None and value is not None:
                out[key.raw] = value
        return out
    if node.type == "call":
        callee = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        if callee is not None and args is not None and src.text(callee) == "dict":
            return _kwargs(src, args.named_children)
    return None


def _error_callee(arg: Node) -> tuple[Node, list[Node]] | None:
    """In an ERROR node, the callee before the unclosed ``(`` that ``arg`` follows."""
    depth = 0
    cur = arg.prev_sibling
    while cur is not None:
        if cur.type == ")":
            depth += 1
        elif cur.type == "(":
            if depth == 0:
                break
            depth -= 1
        cur = cur.prev_sibling
    if cur is None:
        return None
    callee = callee_before(cur, _PY_CALLEES)
    if callee is None:
        return None
    args: list[Node] = []
    nxt = cur.next_sibling
    while nxt is not None and nxt.type != ")":
        if nxt.is_named:
            args.append(nxt)
        nxt = nxt.next_sibling
    return callee, args


def scan(text: str, options: ScanOptions = DEFAULT_OPTIONS, exports: bool = False) -> ScanResult:
    scanner = _Scanner(text, options)
    scanner.run()
    return ScanResult(
        references=scanner.out.references(),
        exports=scanner.exports() if exports else {},
        imported_uses=_dedup(scanner.imported),
    )


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
