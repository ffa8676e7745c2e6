"""Model references in JavaScript / TypeScript / TSX source (tree-sitter).

JS libraries pass the model inside an options object (``create({ model, stream })``) or
positionally (Vercel AI SDK ``openai("gpt-4o")``), so the scan reads the first argument as
an object (following a ``const body = {...}`` and spreads) and the positional slots.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Literal as Lit

import tree_sitter_javascript
import tree_sitter_typescript
from tree_sitter import Language, Node

from openai_access.references import Range, Surface, Target
from openai_access.scan._common import (
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
    match_sdk_path,
    node_at,
    provided_route,
)
from openai_access.scan._emitter import Binding, Emission, Emitter, Imported, Item, Term
from openai_access.scan._libraries import (
    AZURE_CLIENTS,
    FOREIGN_CLIENTS,
    JS_LIBS,
    OPENAI_CLIENTS,
    VERCEL_METHODS,
    LibSpec,
)
from openai_access.scan._parsing import ReusingParser
from openai_access.scan._payloads import Slot, params_type_surface, params_type_words, url_slots, url_target
from openai_access.scan._recovery import ErrorCalls, OpenCalls
from openai_access.scan._result import ImportedUse, ScanResult
from openai_access.scan._top_level import js_defines
from openai_access.scan._windows import WindowScanner, needs_windows, scan_windows
from openai_access.scan.options import DEFAULT_OPTIONS, ScanOptions
from openai_access.scan.prefilter import IDENTIFIER_CHARS, back_over
from openai_access.scan.slots import with_slots

LANGUAGES = {
    "javascript": Language(tree_sitter_javascript.language()),
    "typescript": Language(tree_sitter_typescript.language_typescript()),
    "tsx": Language(tree_sitter_typescript.language_tsx()),
}
PARSERS = {name: ReusingParser(lang, block_comments=True) for name, lang in LANGUAGES.items()}

S = Surface
# openai-node v3 (``new OpenAIApi(configuration)``)
_LEGACY_METHODS = {
    "createChatCompletion": S.CHAT,
    "createCompletion": S.COMPLETIONS,
    "createEmbedding": S.EMBEDDINGS,
}
_VERCEL_METHODS = VERCEL_METHODS  # generated from @ai-sdk/openai (scan/_libraries.py)
_VERCEL_MODULES = {"@ai-sdk/openai": Target.OPENAI, "@ai-sdk/azure": Target.AZURE}
_VERCEL_FACTORIES = {"createOpenAI": Target.OPENAI, "createAzure": Target.AZURE}
_VERCEL_STREAMING = frozenset({"streamText", "streamObject", "streamUI"})
_SDK_METHODS = {
    "create",
    "parse",
    "stream",
    "generate",
    "edit",
    "createVariation",
    "update",
    "connect",
    "runTools",
    "createAndPoll",
    "createAndRun",
    "createAndRunPoll",
    "createAndRunStream",
    "compact",
    "count",
}
_CALL_NAMES = tuple(
    sorted(
        set(JS_LIBS)
        | _SDK_METHODS
        | SDK_METHOD_NAMES
        | set(_LEGACY_METHODS)
        | set(_VERCEL_METHODS)
        | {"openai", "azure"}
        | set(OPENAI_CLIENTS)
        | set(AZURE_CLIENTS)
    )
)
MODEL_KEYS = ("model", "modelName", "azureOpenAIApiDeploymentName", "deploymentName")
_FUNCTIONS = frozenset(
    {
        "function_declaration",
        "function_expression",
        "function",
        "arrow_function",
        "method_definition",
        "generator_function_declaration",
        "generator_function",
    }
)
_CLASSES = frozenset({"class_declaration", "class", "abstract_class_declaration"})
_WRAPPERS = frozenset({"as_expression", "satisfies_expression", "non_null_expression", "type_assertion"})
_SUMMARY = re.compile(rb"""['"]?summary['"]?\s*:""")
_MAX_DEPTH = 8
_NAMES = frozenset({"identifier", "property_identifier"})
_JS_CALLEES = frozenset({"identifier", "member_expression"})
_SHORTHAND_PATTERNS = frozenset({"shorthand_property_identifier_pattern"})
_PATTERN_ELEMENTS = frozenset({"shorthand_property_identifier_pattern", "object_assignment_pattern", "pair_pattern"})
_CALLABLE_NAMES = frozenset({"identifier", "property_identifier", "type_identifier"})
_TYPE_WRAPPERS = frozenset({"nested_type_identifier", "type_annotation", "generic_type", "type_arguments"})
# A hand-written CLI helper's flag: ``getArg("--model", "gpt-4o")``.
_CLI_FLAG = re.compile(r"-{1,2}[A-Za-z0-9_-]*model[A-Za-z0-9_-]*", re.IGNORECASE)
# Statements whose children may be statements (where a ``return`` can be), and ERROR (broken code).
_HOLD_STATEMENTS = frozenset(
    {"statement_block", "if_statement", "else_clause", "for_statement", "for_in_statement", "while_statement"}
    | {"do_statement", "try_statement", "catch_clause", "finally_clause", "switch_statement", "switch_body"}
    | {"switch_case", "switch_default", "labeled_statement", "with_statement", "ERROR"}
)
_OPENERS = frozenset({"(", "{"})
_CLOSERS = frozenset({")", "}"})


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
        self._field_cache: dict[str, list[tuple[Node, Node]]] = {}
        self._defined_cache: dict[str, bool] = {}
        self._imports: dict[str, Binding] = {}
        self._active_params: set[tuple[int, str]] = set()
        self._self_classes: list[Node] = []
        self._arguments_cache: dict[tuple[int, str, int, int | None], list[Term]] = {}
        self._value_cache: dict[tuple[tuple[int, ...], int, int | None], list[Term]] = {}
        self._active_values: set[tuple[tuple[int, ...], int, int | None]] = set()
        self._scope_cache: dict[int, Node | None] = {}
        self._calls_cache: dict[str, list[tuple[Node, list[Node]]]] = {}
        self._cli_cache: dict[str, list[Node]] | None = None
        self._functions_cache: dict[str, list[Node]] = {}
        self._unknown_pairs: dict[tuple[bytes, str], bool] = {}

    # --- index --------------------------------------------------------------------------

    FUNCTION_KINDS = _FUNCTIONS
    SDK_CLIENT = "openai-node"
    STRING_KINDS = frozenset({"string", "template_string"})
    INTERPOLATION = "template_substitution"
    CONCAT = "binary_expression"
    LIST_KINDS = frozenset({"array"})
    HTTP_METHODS = ("fetch", "post", "request")
    STRING_CONTENT = "string_fragment"

    def _literal_of(self, node: object) -> Literal | None:
        return _literal(self.src, node)

    def _owner(self, left: Node) -> Node | None:
        return self._function_scope(left)

    def _parameter_of(self, func: Node, name: str) -> Node | Lit[False] | None:
        return _parameter(self.src, func, name)

    def _index(self) -> None:
        """Imports and ``require``s, read from top-level statements."""
        if self._index_built:
            return
        self._index_built = True
        for stmt in self.root.named_children:
            if stmt.type == "import_statement":
                self._read_import(stmt)
            elif stmt.type in ("lexical_declaration", "variable_declaration"):
                for decl in stmt.named_children:
                    if decl.type == "variable_declarator":
                        self._read_require(decl)

    def _read_require(self, decl: Node) -> None:
        name, value = decl.child_by_field_name("name"), decl.child_by_field_name("value")
        if name is None or value is None or value.type != "call_expression":
            return
        fn, args = value.child_by_field_name("function"), value.child_by_field_name("arguments")
        if fn is None or args is None or self.src.text(fn) != "require" or not args.named_children:
            return
        source = _literal(self.src, args.named_children[0])
        if source is None:
            return
        if name.type == "identifier":
            self._imports[self.src.text(name)] = Binding(source.raw, None)
        elif name.type == "object_pattern":
            self._read_pattern(name, source.raw)

    def _words(self, word: str, kinds: frozenset[str] = _NAMES) -> Iterator[Node]:
        raw = encode(word)
        for pos in find_words(self.src, raw):
            node = node_at(self.at, pos, pos + len(raw), kinds)
            if node is not None:
                yield node

    def _assigned(self, key: str) -> list[tuple[Node, Node]]:
        """(left, value) of ``const key = value`` / ``key = value`` (``key`` may be ``this.x``)."""
        cached = self._assign_cache.get(key)
        if cached is not None:
            return cached
        found: list[tuple[Node, Node]] = []
        for ident in self._words(key.rsplit(".", 1)[-1]):
            left: Node | None = ident
            if "." in key:
                left = ident.parent
                if left is None or left.type != "member_expression" or self.src.text(left) != key:
                    continue
            parent = left.parent if left is not None else None
            if parent is None or left is None:
                continue
            if parent.type == "variable_declarator" and parent.child_by_field_name("name") == left:
                value = parent.child_by_field_name("value")
            elif parent.type == "assignment_expression" and parent.child_by_field_name("left") == left:
                value = parent.child_by_field_name("right")
            elif parent.type == "for_in_statement" and parent.child_by_field_name("left") == left:
                value = parent  # for (const model of ["gpt-4o", "o3"]): the loop yields each
            elif _loop_column(left) is not None:
                value = left  # for (const [model, key] of rows): the target reads its own column
            else:
                value = _pattern_element(left)
            if value is not None:
                found.append((left, value))
        if "." not in key:  # const { model = "gpt-4o" } = opts
            for node in self._words(key, _SHORTHAND_PATTERNS):
                element = _pattern_element(node)
                if element is not None and _declared_pattern(element):
                    found.append((node, element))
        self._assign_cache[key] = found
        return found

    def _fields(self, name: str) -> list[tuple[Node, Node]]:
        """(definition, value) of class fields ``name = value``."""
        cached = self._field_cache.get(name)
        if cached is not None:
            return cached
        found: list[tuple[Node, Node]] = []
        for ident in self._words(name):
            parent = ident.parent
            if parent is None or parent.type not in ("field_definition", "public_field_definition"):
                continue
            value = parent.child_by_field_name("value")
            if value is not None:
                found.append((parent, value))
        self._field_cache[name] = found
        return found

    def _is_defined(self, name: str) -> bool:
        cached = self._defined_cache.get(name)
        if cached is not None:
            return cached
        result = bool(self._assigned(name))
        if not result:
            for ident in self._words(name):
                parent = ident.parent
                kinds = ("function_declaration", "class_declaration", "abstract_class_declaration")
                if parent is not None and parent.type in kinds and parent.child_by_field_name("name") == ident:
                    result = True
                    break
        self._defined_cache[name] = result
        return result

    def _read_import(self, node: Node) -> None:
        source = _literal(self.src, node.child_by_field_name("source"))
        if source is None:
            return
        module = source.raw
        for clause in node.named_children:
            if clause.type != "import_clause":
                continue
            for part in clause.named_children:
                if part.type == "identifier":
                    self._imports[self.src.text(part)] = Binding(module, "default")
                elif part.type == "namespace_import":
                    for ident in part.named_children:
                        self._imports[self.src.text(ident)] = Binding(module, None)
                elif part.type == "named_imports":
                    for spec in part.named_children:
                        name = spec.child_by_field_name("name")
                        alias = spec.child_by_field_name("alias") or name
                        if name is not None and alias is not None:
                            self._imports[self.src.text(alias)] = Binding(module, self.src.text(name))

    def _read_pattern(self, pattern: Node, module: str) -> None:
        for part in pattern.named_children:
            if part.type == "shorthand_property_identifier_pattern":
                name = self.src.text(part)
                self._imports[name] = Binding(module, name)
            elif part.type == "pair_pattern":
                key, value = part.child_by_field_name("key"), part.child_by_field_name("value")
                if key is not None and value is not None and value.type == "identifier":
                    self._imports[self.src.text(value)] = Binding(module, self.src.text(key))

    def _scope(self, node: Node) -> Node | None:
        if node.id in self._scope_cache:
            return self._scope_cache[node.id]
        cur = node.parent
        while cur is not None and cur.type not in _FUNCTIONS and cur.type not in _CLASSES:
            cur = cur.parent
        self._scope_cache[node.id] = cur
        return cur

    # --- driving ------------------------------------------------------------------------

    def run(self) -> None:
        names: set[str] = set(_CALL_NAMES)
        keys: set[str] = set(MODEL_KEYS)
        for pattern in self.options.extra_calls:
            names.add(pattern.callee.split(".")[-1])
            if pattern.keyword:
                keys.add(pattern.keyword)
        for factory in _VERCEL_FACTORIES:
            for ident in self._words(factory):
                call = ident.parent
                decl = call.parent if call is not None else None
                if decl is not None and decl.type == "variable_declarator":
                    bound = decl.child_by_field_name("name")
                    if bound is not None and bound.type == "identifier":
                        names.add(self.src.text(bound))
        seen: set[int] = set()
        plain = not self.options.extra_calls
        for name, raw in self.src.present(tuple(sorted(names))):
            for pos in find_words(self.src, raw):
                if plain and self._someone_elses(pos, name):
                    continue
                callee_name = node_at(self.at, pos, pos + len(raw), _NAMES)
                if callee_name is not None:
                    self._call_at(callee_name, seen)
        if self.root.has_error:
            done: set[int] = set()
            error_calls = ErrorCalls(_OPENERS, _CLOSERS)
            done_shapes: set[tuple[int, str]] = set()
            for key in sorted(keys):
                raw = encode(key)
                for pos in find_words(self.src, raw):
                    held = error_calls.holder_at(self.at, pos, len(raw), _NAMES, "pair")
                    if held is None:
                        continue
                    calls = held[0]
                    found = _error_callee(held[1], calls)
                    if found is None or found[0].id in done:
                        continue
                    done.add(found[0].id)
                    # Every callee in one ERROR node is handed the same pieces: once per callee text.
                    shape = (calls.start, self.src.text(found[0]))
                    if shape in done_shapes:
                        continue
                    done_shapes.add(shape)
                    self._call(found[0], found[1], None)
        self._payloads()

    def _someone_elses(self, pos: int, name: str) -> bool:
        """``x.create(...)`` read from the bytes: a plain ``receiver.name`` whose two segments no
        table knows (SDK paths, legacy and Vercel methods, libraries) can be no API call, so
        its nodes are never looked up. Bundles call ``create`` / ``update`` / ``parse`` of
        their own tens of thousands of times. Anything else (longer chains, ``a[0].x``,
        ``a?.x``, ``this.#x``) is left to the tree."""
        data = self.src.data
        dot = pos - 1
        if dot < 1 or data[dot] != 0x2E:  # "."
            return False
        start = back_over(data, dot, IDENTIFIER_CHARS)
        if start == dot or 0x30 <= data[start] <= 0x39:  # no receiver, or a number
            return False
        before = back_over(data, start, b" \t\r\n") - 1
        if before >= 0 and data[before] in b".#":
            return False  # the chain goes on to the left
        key = (data[start:dot], name)
        known = self._unknown_pairs.get(key)
        if known is None:
            receiver = key[0].decode("utf-8", "surrogatepass")
            known = self._unknown_pairs[key] = not (
                match_sdk_path([receiver, name]) is not None
                or name in _LEGACY_METHODS
                or name in _VERCEL_METHODS
                or bool(JS_LIBS.get(name))
            )
        return known

    def _call_at(self, ident: Node, seen: set[int]) -> None:
        func = ident
        parent = ident.parent
        if parent is not None and parent.type == "member_expression":
            if parent.child_by_field_name("property") != ident:
                return
            func = parent
        elif ident.type != "identifier":
            return
        call = func.parent
        if call is None or call.id in seen:
            return
        if call.type == "call_expression":
            if call.child_by_field_name("function") != func:
                return
        elif call.type == "new_expression":
            if call.child_by_field_name("constructor") != func:
                return
        else:
            return
        args = call.child_by_field_name("arguments")
        if args is None or args.type != "arguments":
            return
        seen.add(call.id)
        self._call(func, args.named_children, call)

    def _call(self, callee: Node, args: list[Node], call: Node | None) -> None:
        segments, root = self._dotted(callee)
        if not segments:
            return
        self._emit_call(callee, self._classify(segments, root, args, call), args)

    def _call_items(self, args: list[Node]) -> Iterator[Item]:
        return (item for arg in args for item in self._options(arg))

    def _options(self, arg: Node) -> Iterator[Item]:
        """The entries of an options-object argument (a literal, or a name bound to one)."""
        for term, _ in self._follow(arg):
            if isinstance(term, Node):
                yield from self._pairs(term)

    def _pairs(self, node: Node) -> Iterator[Item]:
        if node.type != "object":
            return
        for child in node.named_children:
            if child.type == "shorthand_property_identifier":
                yield self.src.text(child), child, child, child
                continue
            key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
            if child.type != "pair" or key is None or value is None:
                continue
            lit = _literal(self.src, key)
            name = self.src.text(key) if key.type == "property_identifier" else lit.raw if lit else None
            if name is not None:
                yield name, key, value, child

    def _dotted(self, node: Node) -> tuple[list[str], Node | None]:
        parts: list[str] = []
        cur = node
        while cur.type == "member_expression":
            prop = cur.child_by_field_name("property")
            obj = cur.child_by_field_name("object")
            if prop is None or obj is None:
                return [], None
            parts.append(self.src.text(prop))
            cur = obj
        if cur.type in ("identifier", "this"):
            parts.append(self.src.text(cur))
            parts.reverse()
            return parts, None
        parts.reverse()
        return parts, cur

    # --- classification -----------------------------------------------------------------

    def _classify(
        self, segments: list[str], root: Node | None, args: list[Node], call: Node | None
    ) -> list[tuple[LibSpec, CallContext]]:
        out: list[tuple[LibSpec, CallContext]] = []
        read: list[dict[str, list[Node]]] = []

        def options() -> dict[str, list[Node]]:
            """The arguments' object entries, read once a spec matched: most calls named like an
            API method (``create``, ``parse``, ``update``) are someone else's, and following
            their arguments was most of a big bundle's scan."""
            if not read:
                found: dict[str, list[Node]] = {}
                for arg in args:
                    for key, values in self._object_items(arg).items():
                        found.setdefault(key, []).extend(values)
                read.append(found)
            return read[0]

        name = segments[-1]
        sdk = match_sdk_path(segments)
        if sdk is not None:
            surface, streams, used = sdk
            target = self._receiver_target(segments[: len(segments) - used], root)
            if target is not None:
                spec = LibSpec("openai-node", surface, ("model",))
                ctx = self._context(spec, target, options())
                out.append((spec, replace(ctx, streams=ctx.streams or streams)))
        elif name in _LEGACY_METHODS and len(segments) >= 2:
            spec = LibSpec("openai-legacy", _LEGACY_METHODS[name], ("model",))
            out.append((spec, self._context(spec, Target.OPENAI, options())))
        else:
            vercel = self._vercel(segments, root)
            if vercel is not None:
                surface, target = vercel
                spec = LibSpec("vercel-ai", surface, (), 0)
                streams = call is not None and self._inside_streaming_call(call)
                out.append((spec, CallContext(surface, target, "vercel-ai", streams)))
            for spec in self._library_specs(segments, root):
                target = self._options_target(options()) or spec.target
                routed = self._routed_context(spec, target, options())
                if routed is not None:
                    out.append((spec, routed))
        dotted = ".".join(segments)
        for pattern in self.options.extra_calls:
            if dotted == pattern.callee or dotted.endswith("." + pattern.callee):
                spec = LibSpec(
                    "openai-node",
                    pattern.surface,
                    (pattern.keyword,) if pattern.keyword else (),
                    pattern.position,
                )
                out.append((spec, self._context(spec, Target.OPENAI, options())))
        return out

    def _library_specs(self, segments: list[str], root: Node | None) -> list[LibSpec]:
        if root is not None or len(segments) > 2:
            return []
        candidates = JS_LIBS.get(segments[-1])
        if not candidates:
            return []
        self._index()
        binding = self._imports.get(segments[0])
        if binding is None:
            if len(segments) == 1 and self._is_defined(segments[0]):
                return []
            return [c for c in candidates if c.default]
        module = binding.module
        return [c for c in candidates if any(_under(module, m) for m in c.modules)]

    def _vercel(self, segments: list[str], root: Node | None) -> tuple[Surface, Target] | None:
        if root is not None or len(segments) > 2:
            return None
        if len(segments) == 2:
            surface = _VERCEL_METHODS.get(segments[1])
            if surface is None:
                return None
        else:
            surface = S.RESPONSES
        provider = segments[0]
        self._index()
        binding = self._imports.get(provider)
        if binding is not None:
            target = _VERCEL_MODULES.get(binding.module)
            return (surface, target) if target is not None else None
        if provider not in ("openai", "azure") and not any(map(self.src.has_word, _VERCEL_FACTORIES)):
            return None  # only a factory's result (below) makes another name a provider
        for _, value in self._assigned(provider):
            for term, _ in self._follow(value):
                if isinstance(term, Node) and term.type == "call_expression":
                    fn = term.child_by_field_name("function")
                    factory = self.src.text(fn) if fn is not None else ""
                    target = _VERCEL_FACTORIES.get(factory)
                    if target is None:
                        return None
                    if target is Target.OPENAI:
                        fargs = term.child_by_field_name("arguments")
                        items = self._object_items(fargs.named_children[0]) if fargs and fargs.named_children else {}
                        target = self._options_target(items) or target
                    return surface, target
            return None
        if self._is_defined(provider):
            return None
        if provider == "openai":
            return surface, Target.OPENAI
        if provider == "azure":
            return surface, Target.AZURE
        return None

    def _inside_streaming_call(self, call: Node) -> bool:
        """``streamText({ model: openai("gpt-4o") })``: the Vercel call streams."""
        cur = call.parent
        for _ in range(4):
            if cur is None:
                return False
            if cur.type == "call_expression":
                fn = cur.child_by_field_name("function")
                name = self.src.text(fn).split(".")[-1] if fn is not None else ""
                return name in _VERCEL_STREAMING
            cur = cur.parent
        return False

    def _receiver_target(self, receiver: list[str], root: Node | None) -> Target | None:
        if root is not None:
            return self._ctor_target(root) if not receiver else Target.OPENAI
        if not receiver:
            return Target.OPENAI
        self._index()
        text = ".".join(receiver)
        values = [v for _, v in self._assigned(text)]
        if len(receiver) == 2 and receiver[0] == "this":
            values += [v for _, v in self._fields(receiver[1])]
        ctors = [t for value in values for t, _ in self._follow(value) if isinstance(t, Node)]
        targets = [(t, self._ctor_target(t)) for t in ctors if t.type == "new_expression"]
        # One branch building OpenAI's client (another OpenRouter's) makes the calls OpenAI's:
        # the code does call OpenAI, so the model must work there.
        if any(target is Target.OPENAI and self._ctor_name(t) in OPENAI_CLIENTS for t, target in targets):
            return Target.OPENAI
        return next((target for _, target in targets if target is not Target.OPENAI), Target.OPENAI)

    def _ctor_name(self, node: Node) -> str:
        ctor = node.child_by_field_name("constructor")
        return self.src.text(ctor).split(".")[-1] if ctor is not None else ""

    def _ctor_target(self, node: Node) -> Target | None:
        if node.type != "new_expression":
            return Target.OPENAI
        name = self._ctor_name(node)
        if name in AZURE_CLIENTS:
            return Target.AZURE
        if name in FOREIGN_CLIENTS:
            return None
        args = node.child_by_field_name("arguments")
        if name in OPENAI_CLIENTS and args is not None and args.named_children:
            return self._options_target(self._object_items(args.named_children[0])) or (Target.OPENAI)
        return Target.OPENAI

    def _options_target(self, items: dict[str, list[Node]]) -> Target | None:
        for key in ("baseURL", "basePath", "baseUrl"):
            for value in items.get(key, []):
                lit = self._first_literal(value)
                if lit is not None:
                    target = classify_url(lit.raw)
                    if target is not Target.OPENAI:
                        return target
        if any(k in items for k in ("azureOpenAIApiInstanceName", "azureOpenAIEndpoint", "endpoint")):
            return Target.AZURE
        for value in items.get("configuration", []):
            for term, _ in self._follow(value):
                if isinstance(term, Node):
                    nested = self._options_target(self._object_items(term))
                    if nested is not None:
                        return nested
        return None

    def _routed_context(self, spec: LibSpec, target: Target, items: dict[str, list[Node]]) -> CallContext | None:
        """A library call's context; a ``modelProvider`` option decides where a routing library's
        call goes (``initChatModel("gemini-1.5-pro", { modelProvider: "google-genai" })``: not
        ours), else its bare ids must read as OpenAI's (``routed``)."""
        options = (self._first_literal(value) for value in items.get("modelProvider", []))
        route = provided_route((lit.raw for lit in options if lit is not None), target, spec.routed)
        if route is None:
            return None
        target, routed = route
        ctx = self._context(spec, target, items)
        return replace(ctx, routed=routed, prefix_required=spec.prefix_required)

    def _context(self, spec: LibSpec, target: Target, items: dict[str, list[Node]]) -> CallContext:
        streams = any(self._is_true(v) for k in ("stream", "streaming") for v in items.get(k, []))
        reasoning = any(
            self._mentions_summary(v) for k in ("reasoning", "modelSettings", "modelKwargs") for v in items.get(k, [])
        )
        return CallContext(spec.surface, target, spec.client, streams, reasoning)

    # --- extraction ---------------------------------------------------------------------

    def _model_values(self, spec: LibSpec, ctx: CallContext, args: list[Node]) -> Iterator[Emission]:
        positional = [a for a in args if a.type not in ("comment", "spread_element")]
        if spec.keywords:
            for arg in positional:
                items = self._object_items(arg)
                for key in spec.keywords:
                    for value in items.get(key, []) if "." not in key else self._nested_values(items, key):
                        inside = arg.start_byte <= value.start_byte and value.end_byte <= arg.end_byte
                        yield value, ctx, value if inside else arg
        if spec.position is not None and spec.position < len(positional):
            yield positional[spec.position], ctx, None

    def _nested_values(self, items: dict[str, list[Node]], path: str) -> list[Node]:
        """A table's nested option (``{ runConfig: { model: … } }`` for ``runConfig.model``)."""
        head, _, rest = path.partition(".")
        out: list[Node] = []
        for value in items.get(head, []):
            inner = self._object_items(value)
            out += self._nested_values(inner, rest) if "." in rest else inner.get(rest, [])
        return out

    def _object_items(self, node: Node, depth: int = 0) -> dict[str, list[Node]]:
        """Key -> value nodes of an object literal (spreads followed; broken objects too)."""
        out: dict[str, list[Node]] = {}
        if depth > 3:
            return out
        containers: list[Node] = []
        for term, _ in self._follow(node):
            if isinstance(term, Node) and term.type in ("object", "ERROR"):
                containers.append(term)
        for obj in containers:
            for child in obj.named_children:
                if child.type == "pair":
                    key = child.child_by_field_name("key")
                    value = child.child_by_field_name("value")
                    if key is None or value is None:
                        continue
                    if key.type == "property_identifier":
                        name = self.src.text(key)
                    else:
                        lit = _literal(self.src, key)
                        if lit is None:
                            continue
                        name = lit.raw
                    out.setdefault(name, []).append(value)
                elif child.type == "shorthand_property_identifier":
                    out.setdefault(self.src.text(child), []).append(child)
                elif child.type == "spread_element" and child.named_children:
                    spread = self._object_items(child.named_children[0], depth + 1)
                    for spread_key, values in spread.items():
                        out.setdefault(spread_key, []).extend(values)
        return out

    # --- following values ---------------------------------------------------------------

    def _follow(self, node: Node, depth: int = 0, notes: tuple[str, ...] = ()) -> Iterator[Term]:
        if depth > _MAX_DEPTH:
            return
        kind = node.type
        if (kind == "parenthesized_expression" or kind in _WRAPPERS) and node.named_children:
            yield from self._follow(node.named_children[0], depth + 1, notes)
        elif kind == "ternary_expression":
            for field in ("consequence", "alternative"):
                child = node.child_by_field_name(field)
                if child is not None:
                    yield from self._follow(child, depth + 1, notes)
        elif kind == "binary_expression":
            op = node.child_by_field_name("operator")
            if op is None or op.type not in ("??", "||"):
                yield node, notes
                return
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            env = self._env_name(left) if left is not None else None
            if left is not None and env is None:
                yield from self._follow(left, depth + 1, notes)
            if right is not None:
                more = (*notes, f"default of ${env}") if env else notes
                yield from self._follow(right, depth + 1, more)
        elif kind in ("identifier", "shorthand_property_identifier"):
            column = _loop_column(node)
            if column is not None and node.parent is not None and node.parent.parent is not None:
                yield from self._follow_loop(node.parent.parent, column, depth, notes)
            else:
                yield from self._follow_name(self.src.text(node), node, depth, notes)
        elif kind == "member_expression":
            yield from self._follow_member(node, depth, notes)
        elif kind == "assignment_expression":
            right = node.child_by_field_name("right")
            if right is not None:
                yield from self._follow(right, depth + 1, notes)
        elif kind == "for_in_statement":
            yield from self._follow_loop(node, None, depth, notes)
        elif kind in _PATTERN_ELEMENTS:
            yield from self._follow_pattern(node, depth, notes)
        elif kind == "call_expression":
            yield from self._follow_call(node, depth, notes)
        elif kind == "subscript_expression":
            obj = node.child_by_field_name("object")
            key = _literal(self.src, node.child_by_field_name("index"))
            if obj is None or key is None:
                yield node, notes
                return
            for value in self._object_items(obj).get(key.raw, []):
                yield from self._follow(value, depth + 1, notes)
        else:
            yield node, notes

    def _follow_loop(self, loop: Node, column: int | None, depth: int, notes: tuple[str, ...]) -> Iterator[Term]:
        """What a ``for ... of`` target takes: each element (``column`` None) or that column of each row."""
        right = loop.child_by_field_name("right")
        operator = loop.child_by_field_name("operator")
        if right is None or operator is None or operator.type != "of":
            return
        for term, more in self._follow(right, depth + 1, notes):
            for value in self._rows(term, column) if isinstance(term, Node) else []:
                yield from self._follow(value, depth + 1, more)

    def _rows(self, node: Node, column: int | None) -> list[Node]:
        """Elements an iterable yields (``column`` of each row); ``Object.entries``/``values``, ``.entries()``."""
        if node.type == "array":
            rows = [c for c in node.named_children if c.type != "comment"]
            if column is None:
                return rows
            return [
                e
                for row in rows
                for t, _ in self._follow(row)
                if isinstance(t, Node) and t.type == "array"
                for e in [c for c in t.named_children if c.type != "comment"][column : column + 1]
            ]
        callee = node.child_by_field_name("function") if node.type == "call_expression" else None
        args_node = node.child_by_field_name("arguments") if callee is not None else None
        args = [a for a in args_node.named_children if a.type != "comment"] if args_node is not None else []
        name = self.src.text(callee) if callee is not None else ""
        if args and ((name == "Object.values" and column is None) or (name == "Object.entries" and column == 1)):
            return [v for values in self._object_items(args[0]).values() for v in values]
        obj = (
            callee.child_by_field_name("object") if callee is not None and callee.type == "member_expression" else None
        )
        if obj is not None and name.endswith(".entries") and column == 1:
            return [v for t, _ in self._follow(obj) if isinstance(t, Node) for v in self._rows(t, None)]
        return []

    # --- payloads sent without an SDK method ----------------------------------------------

    def _call_body(self, args: list[Node]) -> dict[str, list[Node]]:
        return self._merged_items(args)

    def _merged_items(self, nodes: list[Node]) -> dict[str, list[Node]]:
        out: dict[str, list[Node]] = {}
        for node in nodes:
            for key, values in self._object_items(node).items():
                out.setdefault(key, []).extend(values)
        return out

    def _items(self, node: Node) -> dict[str, list[Node]]:
        return self._object_items(node)

    def _http(self, call: Node, args: list[Node]) -> None:
        """``fetch(".../v1/chat/completions", {body: JSON.stringify(body)})``, ``axios.post(url, body)``,
        ``client.post("/responses", {body})`` (openai-node's own request method)."""
        callee = call.child_by_field_name("function")
        args = [a for a in args if a.type != "comment"]
        if callee is None or not args:
            return
        method = self.src.text(callee).rsplit(".", 1)[-1]
        first = self._object_items(args[0])
        url = first["url"][0] if first.get("url") else args[0]
        text, hinted = self._url_text(url, 0)
        slots = url_slots(text)
        if slots is None:
            return
        options = first or self._merged_items(args[1:])
        bodies = [v for key in ("body", "json", "data") for v in options.get(key, [])]
        if not bodies and method == "post" and len(args) > 1:
            bodies = [args[1]]  # axios.post(url, data)
        target = url_target(text)
        if target is None and hinted:
            target = Target.OPENAI
        elif target is None and text.startswith("/") and method == "post" and options.get("body"):
            segments, root = self._dotted(callee)
            target = self._receiver_target(segments[:-1], root)
        if target is None or target is Target.OTHER_BASE_URL:  # another provider's endpoint
            return
        for body in bodies:
            self._emit_slots(self._object_items(body), slots, target, "payload", body)

    def _typed_params(self) -> None:
        """``const p: OpenAI.Chat.ChatCompletionCreateParams = {...}``, ``{...} satisfies ...``,
        and functions declared to return such a params type."""
        for match in params_type_words(self.src.data):
            ident = node_at(self.at, match.start(), match.end(), frozenset({"type_identifier"}))
            if ident is None:
                continue
            top = ident
            while top.parent is not None and top.parent.type in _TYPE_WRAPPERS:
                top = top.parent
            surface = params_type_surface(self.src.text(top))
            holder = top.parent
            if surface is None or holder is None:
                continue
            values: list[Node] = []
            if holder.type == "variable_declarator" and holder.child_by_field_name("type") == top:
                values = [v for v in [holder.child_by_field_name("value")] if v is not None]
            elif holder.type in ("satisfies_expression", "as_expression") and holder.named_children:
                values = holder.named_children[:1]
            elif holder.child_by_field_name("return_type") == top:
                values = self._returns(holder)
            for value in values:
                self._emit_slots(self._object_items(value), (Slot(("model",), surface),), Target.OPENAI, "openai-node")

    def _returns(self, func: Node) -> list[Node]:
        body = func.child_by_field_name("body")
        if body is None:
            return []
        if body.type != "statement_block":
            return [body]  # () => ({ ... })
        out: list[Node] = []
        stack = list(body.named_children)
        while stack:
            node = stack.pop()
            if node.type == "return_statement":
                out += node.named_children[:1]
            elif node.type in _HOLD_STATEMENTS:  # a ``return`` sits in statements, never in an expression
                stack.extend(node.named_children)
        return out

    # --- destructuring, callers, CLI options ---------------------------------------------

    def _follow_pattern(self, element: Node, depth: int, notes: tuple[str, ...]) -> Iterator[Term]:
        """``{ model = "gpt-4o" }`` in a declaration or a parameter: the default, then the
        property of whatever object is destructured (the declared value, or each caller's argument)."""
        key, default = _pattern_key(self.src, element)
        if default is not None:
            yield from self._follow(default, depth + 1, notes)
        pattern = element.parent
        if key is None or pattern is None:
            return
        for source in self._pattern_sources(pattern, depth):
            for value in self._object_items(source).get(key, []):
                yield from self._follow(value, depth + 1, notes)

    def _pattern_sources(self, pattern: Node, depth: int) -> list[Node]:
        """The objects an object pattern takes apart."""
        parent = pattern.parent
        if parent is None or depth > _MAX_DEPTH:
            return []
        if parent.type == "variable_declarator":
            value = parent.child_by_field_name("value")
            return [value] if value is not None else []
        if parent.type == "assignment_pattern":  # ({ model } = {}) => ...
            right = parent.child_by_field_name("right")
            return ([right] if right is not None else []) + self._pattern_sources(parent, depth + 1)
        if parent.type == "pair_pattern":  # { openai: { model } }
            key, _ = _pattern_key(self.src, parent)
            outer = parent.parent
            if key is None or outer is None:
                return []
            return [v for src in self._pattern_sources(outer, depth + 1) for v in self._object_items(src).get(key, [])]
        holder = parent if parent.type in ("required_parameter", "optional_parameter") else pattern
        params = holder.parent
        func = params.parent if params is not None and params.type == "formal_parameters" else None
        if params is None or func is None:
            return []
        index = [c for c in params.named_children if c.type != "comment"].index(holder)
        return self._caller_arguments(func, None, index)

    def _arguments_for(self, func: Node, name: str) -> list[Node]:
        params = func.child_by_field_name("parameters")
        if params is None:
            return []
        if params.type == "identifier":  # x => ...
            return self._caller_arguments(func, None, 0) if self.src.text(params) == name else []
        for index, p in enumerate(c for c in params.named_children if c.type != "comment"):
            if p.type == "rest_pattern":
                return []
            target = p.child_by_field_name("pattern") if p.type in ("required_parameter", "optional_parameter") else p
            if target is not None and target.type == "assignment_pattern":
                target = target.child_by_field_name("left")
            if target is not None and target.type == "identifier" and self.src.text(target) == name:
                return self._caller_arguments(func, name, index)
        return []

    def _caller_arguments(self, func: Node, name: str | None, index: int) -> list[Node]:
        """The argument at ``index`` in every call of ``func`` this file makes."""
        out: list[Node] = []
        for callee in self._function_names(func):
            for _, args in self._calls_named(callee):
                positional = [a for a in args if a.type != "comment"]
                if any(a.type == "spread_element" for a in positional[: index + 1]):
                    continue
                out += positional[index : index + 1]
        return out

    def _function_names(self, func: Node) -> list[str]:
        """Names a function is called by: its own, the variable or key holding it, its class for a constructor."""
        name = func.child_by_field_name("name")
        parent = func.parent
        if func.type == "method_definition" and name is not None:
            text = self.src.text(name)
            if text == "constructor":
                cls = self._enclosing_class(func)
                return self._constructed_as(cls) if cls is not None else []
            return [text]
        if name is not None:
            return [self.src.text(name)]
        if parent is not None and parent.type == "variable_declarator":
            bound = parent.child_by_field_name("name")
            return [self.src.text(bound)] if bound is not None and bound.type == "identifier" else []
        if parent is not None and parent.type == "pair":
            key = parent.child_by_field_name("key")
            return [self.src.text(key)] if key is not None and key.type == "property_identifier" else []
        return []

    def _constructed_as(self, cls: Node, depth: int = 0) -> list[str]:
        """Names that run ``cls``'s constructor: the class, and subclasses written here without their own."""
        name_node = cls.child_by_field_name("name")
        if name_node is None or depth > 4:
            return []
        out = [self.src.text(name_node)]
        for ident in self._words(out[0], frozenset({"identifier"})):
            heritage = ident.parent
            if heritage is not None and heritage.type == "extends_clause":
                heritage = heritage.parent
            sub = heritage.parent if heritage is not None and heritage.type == "class_heritage" else None
            if sub is None or sub.type not in _CLASSES:
                continue
            body = sub.child_by_field_name("body")
            own = any(
                m.type == "method_definition" and self.src.text(m.child_by_field_name("name") or m) == "constructor"
                for m in (body.named_children if body is not None else [])
            )
            if not own:
                out += self._constructed_as(sub, depth + 1)
        return out

    def _calls_named(self, name: str) -> list[tuple[Node, list[Node]]]:
        """(call, arguments) of every ``name(...)``, ``x.name(...)`` and ``new name(...)`` in the file."""
        cached = self._calls_cache.get(name)
        if cached is not None:
            return cached
        found: list[tuple[Node, list[Node]]] = []
        for ident in self._words(name, _CALLABLE_NAMES):
            func = ident
            parent = ident.parent
            if parent is not None and parent.type == "member_expression":
                if parent.child_by_field_name("property") != ident:
                    continue
                func = parent
            call = func.parent
            if call is None:
                continue
            field = "constructor" if call.type == "new_expression" else "function"
            if call.type not in ("call_expression", "new_expression") or call.child_by_field_name(field) != func:
                continue
            args = call.child_by_field_name("arguments")
            if args is not None and args.type == "arguments":
                found.append((call, args.named_children))
        self._calls_cache[name] = found
        return found

    def _passed_through(self, call: Node) -> list[Node] | None:
        """Calls whose value is one of their arguments: ``getArg("--model", "gpt-4o")`` helpers,
        ``String(x)``, lodash ``_.get(obj, "model", "gpt-4o")``."""
        callee = call.child_by_field_name("function")
        args_node = call.child_by_field_name("arguments")
        if callee is None or args_node is None or args_node.type != "arguments":
            return None
        args = [a for a in args_node.named_children if a.type != "comment"]
        name = self.src.text(callee).rsplit(".", 1)[-1]
        flag = _literal(self.src, args[0]) if args else None
        if flag is not None and _CLI_FLAG.fullmatch(flag.raw):
            second = _literal(self.src, args[1]) if len(args) > 1 else None
            return args[1:2] if second is None or not second.raw.startswith("-") else []
        if ((name == "String" and callee.type == "identifier") or name == "stringify") and len(args) == 1:
            return args
        if name == "get" and len(args) == 3:
            return args[2:]
        obj = callee.child_by_field_name("object") if callee.type == "member_expression" else None
        if name in ("toLowerCase", "trim") and obj is not None and not args:
            return [obj]
        return self._returned_by(callee, obj)

    def _returned_by(self, callee: Node, obj: Node | None) -> list[Node] | None:
        """``getModel()`` / ``this.defaultModel()``: what the function written here returns."""
        if callee.type == "identifier":
            funcs = [f for f in self._functions_called(self.src.text(callee)) if f.type != "method_definition"]
        elif obj is not None and obj.type == "this":
            prop = callee.child_by_field_name("property")
            cls = self._enclosing_class(callee)
            funcs = [
                f
                for f in (self._functions_called(self.src.text(prop)) if prop is not None else [])
                if f.type == "method_definition" and self._enclosing_class(f) == cls
            ]
        else:
            return None
        if not funcs:
            return None
        return [value for func in funcs for value in self._returns(func)]

    def _functions_called(self, name: str) -> list[Node]:
        """Functions this file defines under ``name`` (declarations, ``const f = () => ...``, methods)."""
        cached = self._functions_cache.get(name)
        if cached is not None:
            return cached
        found: list[Node] = []
        for ident in self._words(name, _CALLABLE_NAMES):
            parent = ident.parent
            if parent is None or parent.child_by_field_name("name") != ident:
                continue
            if parent.type in ("function_declaration", "generator_function_declaration", "method_definition"):
                found.append(parent)
            elif parent.type == "variable_declarator":
                value = parent.child_by_field_name("value")
                if value is not None and value.type in _FUNCTIONS:
                    found.append(value)
        self._functions_cache[name] = found
        return found

    def _cli_defaults(self) -> dict[str, list[Node]]:
        """Option defaults of commander (``.option("-m, --model <id>", "desc", "gpt-4o")``), yargs
        (``.option("model", { default })``, ``.default("model", ...)``), ``parseArgs``/meow option objects."""
        if self._cli_cache is not None:
            return self._cli_cache
        out: dict[str, list[Node]] = {}
        for method in ("option", "requiredOption"):
            for _, args in self._calls_named(method):
                flags = _literal(self.src, args[0]) if args else None
                if flags is None:
                    continue
                if flags.raw.startswith("-"):
                    name = _commander_name(flags.raw)
                    if name is not None and len(args) >= 3:
                        out.setdefault(name, []).append(args[-1])
                elif len(args) > 1:
                    out.setdefault(flags.raw, []).extend(self._object_items(args[1]).get("default", []))
        for _, args in self._calls_named("default"):
            key = _literal(self.src, args[0]) if len(args) == 2 else None
            if key is not None:
                out.setdefault(key.raw, []).append(args[1])
        for method in ("options", "parseArgs", "meow"):
            for _, args in self._calls_named(method):
                for arg in args:
                    items = self._object_items(arg)
                    groups = [items] + [self._object_items(v) for k in ("options", "flags") for v in items.get(k, [])]
                    for group in groups:
                        for name, values in group.items():
                            for value in values:
                                out.setdefault(name, []).extend(self._object_items(value).get("default", []))
        self._cli_cache = out
        return out

    def _env_name(self, node: Node) -> str | None:
        text = self.src.text(node)
        for prefix in ("process.env.", "import.meta.env.", "Deno.env.get("):
            if text.startswith(prefix):
                return text[len(prefix) :].strip("()'\"") or None
        return None

    def _function_scope(self, node: Node) -> Node | None:
        scope = self._scope(node)
        while scope is not None and scope.type not in _FUNCTIONS:
            scope = self._scope(scope)
        return scope

    def _follow_member(self, node: Node, depth: int, notes: tuple[str, ...]) -> Iterator[Term]:
        obj = node.child_by_field_name("object")
        prop = node.child_by_field_name("property")
        if obj is None or prop is None:
            yield node, notes
            return
        self._index()
        name = self.src.text(prop)
        if obj.type == "this":
            cls = self._enclosing_class(node)
            values = [
                v
                for left, v in self._assigned(f"this.{name}")
                if cls is not None and self._enclosing_class(left) == cls
            ]
            values += [v for fdef, v in self._fields(name) if cls is not None and self._enclosing_class(fdef) == cls]
            values += self._parameter_properties(cls, name) if cls is not None else []
            for value in values:
                yield from self._follow(value, depth + 1, notes)
            return
        if obj.type == "identifier":
            binding = self._imports.get(self.src.text(obj))
            if binding is not None and binding.name is None:
                yield Imported(binding.module, name), notes
                return
        found = False
        for term, more in self._follow(obj, depth + 1, notes):
            if isinstance(term, Node) and term.type == "object":
                for value in self._object_items(term).get(name, []):
                    found = True
                    yield from self._follow(value, depth + 1, more)
        if not found:
            for value in self._cli_defaults().get(name, []):
                yield from self._follow(value, depth + 1, notes)
        yield node, notes

    def _parameter_properties(self, cls: Node, name: str) -> list[Node]:
        """TypeScript ``constructor(private model = "gpt-4o")``: the parameter is the field."""
        out: list[Node] = []
        for ident in self._words(name, frozenset({"identifier"})):
            holder = ident.parent
            if holder is None or holder.type not in ("required_parameter", "optional_parameter"):
                continue
            if not any(c.type in ("accessibility_modifier", "readonly") for c in holder.children):
                continue
            func = holder.parent.parent if holder.parent is not None else None
            if func is None or self._enclosing_class(func) != cls:
                continue
            default = holder.child_by_field_name("value")
            out += [default] if default is not None else []
            out += self._arguments_for(func, name)
        return out

    def _enclosing_class(self, node: Node) -> Node | None:
        cur = node.parent
        while cur is not None and cur.type not in _CLASSES:
            cur = cur.parent
        return cur

    def _first_literal(self, node: Node) -> Literal | None:
        for term, _ in self._follow(node):
            lit = _literal(self.src, term)
            if lit is not None:
                return lit
        return None

    def _is_true(self, node: Node) -> bool:
        return any(isinstance(t, Node) and t.type == "true" for t, _ in self._follow(node))

    def _mentions_summary(self, node: Node) -> bool:
        for term, _ in self._follow(node):
            if isinstance(term, Node) and _SUMMARY.search(self.src.data, term.start_byte, term.end_byte):
                return True
        return False

    # --- exports ------------------------------------------------------------------------

    def _module_functions(self) -> Iterator[tuple[str, Node]]:
        for stmt in self.root.named_children:
            decl = stmt.child_by_field_name("declaration") if stmt.type == "export_statement" else stmt
            if decl is None:
                continue
            name = decl.child_by_field_name("name")
            if decl.type in ("function_declaration", "generator_function_declaration") and name is not None:
                yield self.src.text(name), decl
        for name_node, value in self._module_declarations():
            if value.type in _FUNCTIONS:
                yield self.src.text(name_node), value

    def _callee_parts(self, call: Node) -> tuple[str | None, str] | None:
        callee = call.child_by_field_name("function")
        if call.type != "call_expression" or callee is None:
            return None
        if callee.type == "identifier":
            return None, self.src.text(callee)
        if callee.type != "member_expression":
            return None
        obj, prop = callee.child_by_field_name("object"), callee.child_by_field_name("property")
        return (self.src.text(obj), self.src.text(prop)) if obj is not None and prop is not None else None

    def _module_of(self, binding: Binding) -> str | None:
        return binding.module if binding.name is None else None  # ``import * as conf from "./conf"``

    def _module_declarations(self) -> Iterator[tuple[Node, Node]]:
        for stmt in self.root.named_children:
            decl = stmt.child_by_field_name("declaration") if stmt.type == "export_statement" else stmt
            if decl is None or decl.type not in ("lexical_declaration", "variable_declaration"):
                continue
            for item in decl.named_children:
                if item.type != "variable_declarator":
                    continue
                name, value = item.child_by_field_name("name"), item.child_by_field_name("value")
                if name is not None and value is not None and name.type == "identifier":
                    yield name, value


def _under(module: str, root: str) -> bool:
    return module == root or module.startswith(root + "/")


def _parameter(src: Source, func: Node, name: str) -> Node | Lit[False] | None:
    """Default value of parameter ``name``; False if it has none; None if no such parameter."""
    params = func.child_by_field_name("parameters") or func.child_by_field_name("parameter")
    if params is None:
        return None
    if params.type == "identifier":  # x => ...
        return False if src.text(params) == name else None
    for p in params.named_children:
        if p.type == "identifier":
            if src.text(p) == name:
                return False
        elif p.type == "assignment_pattern":
            left = p.child_by_field_name("left")
            if left is not None and src.text(left) == name:
                return p.child_by_field_name("right") or False
        elif p.type in ("required_parameter", "optional_parameter"):
            pattern = p.child_by_field_name("pattern")
            if pattern is not None and pattern.type == "identifier" and src.text(pattern) == name:
                return p.child_by_field_name("value") or False
            if pattern is not None:
                element = _find_in_pattern(src, pattern, name)
                if element is not None:
                    return element
        elif p.type in ("object_pattern", "assignment_pattern"):
            element = _find_in_pattern(src, p, name)
            if element is not None:
                return element
    return None


def _find_in_pattern(src: Source, pattern: Node, name: str) -> Node | None:
    """The element of a (possibly nested) object pattern that binds ``name``."""
    if pattern.type == "assignment_pattern":
        left = pattern.child_by_field_name("left")
        return _find_in_pattern(src, left, name) if left is not None else None
    if pattern.type != "object_pattern":
        return None
    for child in pattern.named_children:
        if child.type == "shorthand_property_identifier_pattern" and src.text(child) == name:
            return child
        if child.type == "object_assignment_pattern":
            left = child.child_by_field_name("left")
            if left is not None and src.text(left) == name:
                return child
        if child.type == "pair_pattern":
            value = child.child_by_field_name("value")
            if value is None:
                continue
            bound = value.child_by_field_name("left") if value.type == "assignment_pattern" else value
            if bound is not None and bound.type == "identifier" and src.text(bound) == name:
                return child
            nested = _find_in_pattern(src, value, name)
            if nested is not None:
                return nested
    return None


def _pattern_element(node: Node) -> Node | None:
    """The object-pattern member that binds ``node`` (``{ model }``, ``{ model = d }``, ``{ key: model }``)."""
    parent = node.parent
    if parent is None:
        return None
    if node.type == "shorthand_property_identifier_pattern":
        if parent.type == "object_pattern":
            return node
        if parent.type == "object_assignment_pattern" and parent.child_by_field_name("left") == node:
            return parent
        return None
    if parent.type == "assignment_pattern" and parent.child_by_field_name("left") == node:
        node, parent = parent, parent.parent
        if parent is None:
            return None
    if parent.type == "pair_pattern" and parent.child_by_field_name("value") == node:
        return parent
    return None


def _declared_pattern(element: Node) -> bool:
    """Whether the pattern around ``element`` is a declaration's (not a parameter's: that is found by scope)."""
    cur = element.parent
    while cur is not None and cur.type in ("object_pattern", "pair_pattern", "assignment_pattern"):
        cur = cur.parent
    return cur is not None and cur.type == "variable_declarator"


def _pattern_key(src: Source, element: Node) -> tuple[str | None, Node | None]:
    """(property name, default) of an object-pattern member."""
    if element.type == "shorthand_property_identifier_pattern":
        return src.text(element), None
    if element.type == "object_assignment_pattern":
        left = element.child_by_field_name("left")
        return (src.text(left) if left is not None else None), element.child_by_field_name("right")
    key = element.child_by_field_name("key")
    value = element.child_by_field_name("value")
    default = value.child_by_field_name("right") if value is not None and value.type == "assignment_pattern" else None
    if key is None:
        return None, default
    lit = _literal(src, key)
    return (lit.raw if lit is not None else src.text(key)), default


def _loop_column(node: Node) -> int | None:
    """Index of ``node`` in ``for (const [a, b] of ...)``'s array pattern, else None."""
    pattern = node.parent
    loop = pattern.parent if pattern is not None else None
    if pattern is None or loop is None or pattern.type != "array_pattern" or loop.type != "for_in_statement":
        return None
    if loop.child_by_field_name("left") != pattern:
        return None
    return [c for c in pattern.named_children if c.type != "comment"].index(node)


def _commander_name(flags: str) -> str | None:
    """commander's attribute for ``"-m, --model-name <id>"``: ``modelName``."""
    longs = [f for f in re.split(r"[\s,|]+", flags) if f.startswith("--")]
    if not longs:
        return None
    words = longs[0][2:].split("-")
    if words[0] == "no":
        return None
    return words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:])


def _literal(src: Source, node: object) -> Literal | None:
    if not isinstance(node, Node):
        return None
    if node.type not in ("string", "template_string"):
        return None
    kids = node.children
    if len(kids) < 2 or kids[0].type not in ('"', "'", "`") or kids[-1].type != kids[0].type:
        return None
    for kid in kids[1:-1]:
        if kid.type == "template_substitution":
            return None
    start, end = kids[0].end_byte, kids[-1].start_byte
    if end < start:
        return None
    return Literal(start, end, src.slice(start, end), node)


def _error_callee(pair: Node, calls: OpenCalls) -> tuple[Node, list[Node]] | None:
    """In an ERROR node, the callee of the unclosed ``(`` (and ``{``) before ``pair``."""
    paren = calls.paren_before(pair)
    if paren is None:
        return None
    callee = callee_before(calls.children[paren], _JS_CALLEES, calls.previous(paren))
    if callee is None:
        return None
    # The broken object's pieces sit in the ERROR itself: hand it over as the options object.
    parent = pair.parent
    return (callee, [parent]) if parent is not None else None


def scan(
    text: str,
    language: str,
    options: ScanOptions = DEFAULT_OPTIONS,
    exports: bool = False,
    reuse: bool = True,
) -> ScanResult:
    src = Source(encode(text))
    if needs_windows(len(src.data)):
        return scan_windows(src, _windowed(language, options, exports))
    scanner = _Scanner(src, PARSERS[language].parse(src.data, reuse).root_node, options)
    scanner.run()
    return ScanResult(
        references=with_slots(scanner.out, scanner.at, _literal, options),
        exports=scanner.exports() if exports else {},
        imported_uses=_dedup(scanner.imported),
    )


def _windowed(language: str, options: ScanOptions, exports: bool) -> WindowScanner:
    """This scanner as the window driver of big files calls it (``_windows``)."""

    def make(src: Source, root: Node, out: Collector) -> _Scanner:
        return _Scanner(src, root, options, out)

    return WindowScanner(PARSERS[language].plain, make, _literal, _dedup, js_defines, _CUTTABLE, options, exports)


# Where a window may cut inside one statement, and the text that reopens it for the next window.
_CUTTABLE = {
    "program": b"",
    "ERROR": b"",
    "statement_block": b"{",
    "class_body": b"class _{",
    "switch_body": b"switch(_){",
    "object": b"({",
    "array": b"[",
    "arguments": b"f(",
    "sequence_expression": b"",
}


def _dedup(uses: list[ImportedUse]) -> list[ImportedUse]:
    seen: dict[tuple[str, str, Range, Surface, Target, str], ImportedUse] = {}
    for use in uses:
        key = (use.module, use.name, use.use, use.surface, use.target, use.client)
        prev = seen.get(key)
        seen[key] = (
            use
            if prev is None
            else replace(
                prev,
                streams=prev.streams or use.streams,
                reasoning_summary=prev.reasoning_summary or use.reasoning_summary,
            )
        )
    return list(seen.values())
