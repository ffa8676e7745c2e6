"""What the Python and JS/TS scanners share once a call's model argument is found.

Each language knows how to follow a value back to its literal (constants, defaults, env
fallbacks, imports); from there, recording a reference or an imported use is the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal as Lit

from tree_sitter import Node

from openai_access.references import CallParam, Range, Surface, Target
from openai_access.scan._common import (
    CallContext,
    Collector,
    Literal,
    NodeLookup,
    Source,
    encode,
    interpret_model,
)
from openai_access.scan._libraries import LibSpec
from openai_access.scan._payloads import EVENTS, HOLE, SDK_METHOD_NAMES, SDK_METHOD_OWNERS, Slot, sdk_method_slots
from openai_access.scan._result import ExportedLiteral, ImportedUse


@dataclass(frozen=True, slots=True)
class Imported:
    """A value that comes from another module: resolved later by the cross-file pass."""

    module: str
    name: str


@dataclass(frozen=True, slots=True)
class Binding:
    """What an imported local name stands for (``name`` None: the module itself)."""

    module: str
    name: str | None


Term = tuple[Node | Imported, tuple[str, ...]]
# (parameter name, name node, value node, the whole item) of one argument or object entry.
Item = tuple[str, Node, Node, Node]
# A model value a call sends: (value node, the call as it sends it, the node the call passes when it differs).
Emission = tuple[Node, CallContext, Node | None]
# Parameters whose nested keys decide something (``reasoning={"effort": "none"}``).
_NESTED = frozenset({"reasoning", "text"})


@lru_cache(maxsize=1)
def _recorded_params() -> frozenset[str]:
    """The argument names worth a range: those the parameter facts judge, and the effort they read."""
    from openai_access.catalog.parameters import ParameterFacts

    return ParameterFacts.bundled().names | {"reasoning_effort", "reasoning.effort"}


_SCALARS = frozenset({"integer", "float", "number", "true", "false", "True", "False"})


_LOOPS = frozenset({"for_statement", "for_in_clause", "for_in_statement"})
# A model flag as its own argv element: "-m", "--model", "--embedding-model", ...
_CLI_MODEL_FLAG = re.compile(rb"""(['"])(?:-m|--[A-Za-z0-9_-]*model)\1""")


def _flag_matches(data: bytes) -> Iterator[re.Match[bytes]]:
    """``_CLI_MODEL_FLAG.finditer(data)``, trying the pattern only where a flag can start
    (a quote and a dash, found at memchr speed) instead of at every quote of the file."""
    found: list[re.Match[bytes]] = []
    for head in (b"'-", b'"-'):
        at = data.find(head)
        while at != -1:
            match = _CLI_MODEL_FLAG.match(data, at)
            if match is not None:
                found.append(match)
            at = data.find(head, at + 1)
    found.sort(key=lambda match: match.start())
    end = 0
    for match in found:  # leftmost first, none overlapping the one before, as finditer
        if match.start() >= end:
            yield match
            end = match.end()


def _distinct(terms: Iterable[Term]) -> list[Term]:
    """Terms without repeats: many paths to one literal are one answer (keeps cached lists small)."""
    seen: set[tuple[object, tuple[str, ...]]] = set()
    out: list[Term] = []
    for term, notes in terms:
        key = (term.id if isinstance(term, Node) else term, notes)
        if key not in seen:
            seen.add(key)
            out.append((term, notes))
    return out


def _enclosing_loop(values: list[Node], at: Node) -> list[Node]:
    """Inside ``for model in (...)`` the loop variable is that loop's, not another loop's of the same name."""
    loops = [v for v in values if v.type in _LOOPS and v.start_byte <= at.start_byte < v.end_byte]
    return [max(loops, key=lambda v: v.start_byte)] if loops else values


class Emitter:
    """The language-neutral half of a scanner; subclasses supply the hooks below."""

    src: Source
    out: Collector
    imported: list[ImportedUse]
    _imports: dict[str, Binding]
    _active_params: set[tuple[int, str]]  # parameters whose callers are being followed (recursion guard)
    _self_classes: list[Node]  # classes of the ``self`` / ``this`` whose attributes are being followed
    _owner_cache: dict[str, dict[int | None, list[Node]]]
    _arguments_cache: dict[tuple[int, str, int, int | None], list[Term]]
    _value_cache: dict[tuple[tuple[int, ...], int, int | None], list[Term]]
    _active_values: set[tuple[tuple[int, ...], int, int | None]]
    FUNCTION_KINDS: frozenset[str] = frozenset()  # node types whose parameters and locals shadow names

    def _follow(self, node: Node, depth: int = 0, notes: tuple[str, ...] = ()) -> Iterator[Term]:
        raise NotImplementedError

    def _literal_of(self, node: object) -> Literal | None:
        raise NotImplementedError

    def _index(self) -> None:
        raise NotImplementedError

    def _assigned(self, key: str) -> list[tuple[Node, Node]]:
        raise NotImplementedError

    def _scope(self, node: Node) -> Node | None:
        raise NotImplementedError

    def _owner(self, left: Node) -> Node | None:
        """The function an assignment belongs to (None: module level)."""
        raise NotImplementedError

    def _parameter_of(self, func: Node, name: str) -> Node | Lit[False] | None:
        """``name``'s default value in ``func``'s parameters; False: a parameter without one."""
        raise NotImplementedError

    def _arguments_for(self, func: Node, name: str) -> list[Node]:
        """Values passed to parameter ``name`` of ``func`` elsewhere in the file (call sites, CLI decorators)."""
        return []

    def _module_declarations(self) -> Iterator[tuple[Node, Node]]:
        """(name, value) of each module-level assignment a file could export."""
        raise NotImplementedError

    def _pairs(self, node: Node) -> Iterator[Item]:
        """The entries of a dict / object literal ``node`` (nothing for other nodes)."""
        raise NotImplementedError

    def _model_values(self, spec: LibSpec, ctx: CallContext, args: list[Node]) -> Iterator[Emission]:
        """The values a classified call passes as its model (a keyword, a position, a dict splat)."""
        raise NotImplementedError

    def _call_items(self, args: list[Node]) -> Iterable[Item]:
        """A call's named arguments (keywords, option-object entries), for ``call_params``."""
        raise NotImplementedError

    def _emit_call(self, callee: Node, found: list[tuple[LibSpec, CallContext]], args: list[Node]) -> None:
        """Record the model values of a call ``_classify`` matched (``found``: one entry per reading).

        What the call sends and its callee's range go on every reference it makes, and are
        worked out only for a call that passes a model at all: most matched calls in a test
        suite pass none (``Agent(name="triage")``).
        """
        params: tuple[CallParam, ...] | None = None
        callee_range: Range | None = None
        for spec, ctx in found:
            for value, local, use in list(self._model_values(spec, ctx, args)):
                if params is None:
                    params, callee_range = self.call_params(self._call_items(args)), self.src.node_range(callee)
                self._emit(value, replace(local, params=params, callee=callee_range), use)

    def call_params(self, items: Iterable[Item]) -> tuple[CallParam, ...]:
        """What a call sends, as written: names and ranges for findings and their quick fixes."""
        out: list[CallParam] = []
        wanted = _recorded_params()
        for name, key, value, item in items:
            if name in wanted:
                out.append(self._param(name, key, value, item))
            if name in _NESTED:
                for term, _ in self._follow(value):
                    if isinstance(term, Node):
                        out += (
                            self._param(f"{name}.{sub}", k, v, it)
                            for sub, k, v, it in self._pairs(term)
                            if f"{name}.{sub}" in wanted
                        )
        return tuple(out)

    def _param(self, name: str, key: Node, value: Node, item: Node) -> CallParam:
        lit = self._literal_of(value)
        text = lit.raw if lit is not None else self.src.text(value) if value.type in _SCALARS else None
        quoted = self._literal_of(key)  # a string key: the name is inside the quotes (a rename keeps them)
        at = self.src.byte_range(quoted.start, quoted.end, key) if quoted else self.src.node_range(key)
        return CallParam(name, at, self._removal(item), text)

    def _removal(self, item: Node) -> Range:
        """``item`` and one separating comma: up to the next argument, else from the previous one."""
        after = item.next_named_sibling
        while after is not None and after.type == "comment":
            after = after.next_named_sibling
        if after is not None:
            return self.src.byte_range(item.start_byte, after.start_byte, item)
        before = item.prev_named_sibling
        while before is not None and before.type == "comment":
            before = before.prev_named_sibling
        if before is not None and before.type not in ("(", "{"):
            return self.src.byte_range(before.end_byte, item.end_byte, before)
        return self.src.node_range(item)

    def exports(self) -> dict[str, tuple[ExportedLiteral, ...]]:
        """Module-level names that may hold a model id, for the cross-file pass."""
        out: dict[str, tuple[ExportedLiteral, ...]] = {}
        values = [(self.src.text(left), right) for left, right in self._module_declarations()]
        # ``def get_model(): return ...`` is exported as ``get_model()``: what a call returns.
        values += [(f"{name}()", value) for name, func in self._module_functions() for value in self._returns(func)]
        for name, right in values:
            found: list[ExportedLiteral] = []
            for term, notes in self._follow(right):
                lit = self._literal_of(term)
                if lit is None or interpret_model(lit.raw, False) is None:
                    continue
                rng = self.src.byte_range(lit.start, lit.end, lit.node)
                found.append(ExportedLiteral(lit.raw, rng, "; ".join(notes) or None))
            if found:
                out[name] = (*out.get(name, ()), *found)
        return out

    def _module_functions(self) -> Iterator[tuple[str, Node]]:
        """(name, function) of each module-level function a file could export."""
        raise NotImplementedError

    def _returns(self, func: Node) -> list[Node]:
        """The values a function returns (its own ``return`` statements; an arrow's body)."""
        raise NotImplementedError

    def _callee_parts(self, call: Node) -> tuple[str | None, str] | None:
        """(receiver text or None, function name) of ``f()`` / ``mod.f()``; None for other callees."""
        raise NotImplementedError

    def _module_of(self, binding: Binding) -> str | None:
        """The module an imported receiver names (``import pkg.conf as c`` / ``from pkg import conf``)."""
        raise NotImplementedError

    def _imported_call(self, call: Node) -> Imported | None:
        """``get_model()`` with ``get_model`` imported: what that module's function returns."""
        parts = self._callee_parts(call)
        if parts is None:
            return None
        receiver, name = parts
        self._index()
        binding = self._imports.get(receiver if receiver is not None else name)
        if binding is None:
            return None
        if receiver is None:
            return Imported(binding.module, binding.name + "()") if binding.name is not None else None
        module = self._module_of(binding)
        return Imported(module, name + "()") if module is not None else None

    def _follow_name(self, name: str, at: Node, depth: int, notes: tuple[str, ...]) -> Iterator[Term]:
        """What a bare name may hold at ``at``: the innermost parameter or local wins, then the module, then imports."""
        self._index()
        owners = self._assignments_by_owner(name)
        scope = self._scope(at)
        while scope is not None:
            if scope.type in self.FUNCTION_KINDS:
                param = self._parameter_of(scope, name)
                if param is not None:
                    if param is not False:
                        yield from self._follow(param, depth + 1, notes)
                    yield from self._follow_arguments(scope, name, depth, notes)
                    return
                local = owners.get(scope.id)
                if local:
                    yield from self._follow_values(_enclosing_loop(local, at), depth + 1, notes)
                    return
            scope = self._scope(scope)
        module = owners.get(None)
        if module:
            yield from self._follow_values(_enclosing_loop(module, at), depth + 1, notes)
            return
        binding = self._imports.get(name)
        if binding is not None and binding.name is not None:
            yield Imported(binding.module, binding.name), notes

    # --- payloads sent without an SDK method (hooks below, tables in _payloads) -----------

    root: Node
    at: NodeLookup  # lookups by byte range from ``root``
    SDK_CLIENT = "openai"
    HTTP_METHODS: tuple[str, ...] = ()
    STRING_CONTENT = ""  # node type of a string literal's text

    def _calls_named(self, name: str) -> list[tuple[Node, list[Node]]]:
        raise NotImplementedError

    def _dotted(self, node: Node) -> tuple[list[str], Node | None]:
        raise NotImplementedError

    def _receiver_target(self, receiver: list[str], root: Node | None) -> Target | None:
        raise NotImplementedError

    def _call_body(self, args: list[Node]) -> dict[str, list[Node]]:
        """A call's arguments as the entries of one request body."""
        raise NotImplementedError

    def _http(self, call: Node, args: list[Node]) -> None:
        raise NotImplementedError

    def _typed_params(self) -> None:
        raise NotImplementedError

    def _payloads(self) -> None:
        """Realtime events, SDK methods with nested models, raw HTTP bodies, typed params objects."""
        for event, slots in EVENTS.items():
            for container in self._event_containers(event):
                self._emit_slots(self._items(container), slots, Target.OPENAI, "payload")
        for name in sorted(SDK_METHOD_NAMES):
            # ``create`` / ``update`` are everyone's method names: look at the calls only when a
            # segment before them (``sessions``, ``session``) is a word of the file at all.
            if not any(self.src.has_word(owner) for owner in SDK_METHOD_OWNERS[name]):
                continue
            for call, args in self._calls_named(name):
                callee = call.child_by_field_name("function")
                segments, root = self._dotted(callee) if callee is not None else ([], None)
                found = sdk_method_slots(segments)
                target = self._receiver_target(segments[:1] if root is None else [], root) if found else None
                if found is not None and target is not None:
                    self._emit_slots(self._call_body(args), found, target, self.SDK_CLIENT)
        for name in self.HTTP_METHODS:
            for call, args in self._calls_named(name):
                self._http(call, args)
        self._typed_params()
        self._command_lines()

    LIST_KINDS: frozenset[str] = frozenset()  # node types of list / tuple / array literals

    def _command_lines(self) -> None:
        """``["llm", "-m", "gpt-4o", ...]``: an argument vector handing a model to a command-line tool
        (``CliRunner().invoke(cli, [...])``, ``subprocess.run([...])``). The API is not visible, and
        ``-m`` is also Python's module flag, so only ids that look like OpenAI's count."""
        ctx = CallContext(Surface.UNKNOWN, Target.OPENAI, "cli", routed=True)
        data = self.src.data
        if b"-m" not in data and (b"--" not in data or b"model" not in data):  # finds first: quotes are everywhere
            return
        for match in _flag_matches(data):
            node = self.at.named_descendant_for_byte_range(match.start() + 1, match.end() - 1)
            flag = node.parent if node is not None and node.type == self.STRING_CONTENT else None
            lit = self._literal_of(flag)
            if flag is None or lit is None or flag.parent is None or flag.parent.type not in self.LIST_KINDS:
                continue
            value = flag.next_named_sibling
            while value is not None and value.type == "comment":
                value = value.next_named_sibling
            value_lit = self._literal_of(value)
            # A bare alias ("chatgpt", "4o") names no model; ids carry a version or a size.
            if value is not None and (value_lit is None or re.search(r"[\d-]", value_lit.raw)):
                self._emit(value, ctx)

    def _event_containers(self, event: str) -> Iterator[Node]:
        """Dicts / objects with ``"type": "<event>"`` (a realtime or Responses WebSocket client event)."""
        if not all(map(self.src.has_word, ("type", *event.split(".")))):
            return  # the key and each part of the event are whole words of such a file
        word = encode(event)
        pos = self.src.data.find(word)
        while pos != -1:
            node = self.at.named_descendant_for_byte_range(pos, pos + len(word))
            string = node.parent if node is not None and node.type == self.STRING_CONTENT else None
            lit = self._literal_of(string)
            pair = string.parent if string is not None and lit is not None and lit.raw == event else None
            if pair is not None and pair.type == "pair" and pair.child_by_field_name("value") == string:
                key = pair.child_by_field_name("key")
                key_lit = self._literal_of(key)
                name = key_lit.raw if key_lit is not None else self.src.text(key) if key is not None else ""
                if name == "type" and pair.parent is not None:
                    yield pair.parent
            pos = self.src.data.find(word, pos + len(word))

    STRING_KINDS: frozenset[str] = frozenset()
    INTERPOLATION = ""  # node type of ``{expr}`` / ``${expr}`` inside a string
    CONCAT = ""  # node type of ``a + b``

    def _url_text(self, node: Node, depth: int) -> tuple[str, bool]:
        """A URL expression's text, unreadable parts as HOLE; and whether a hole names OpenAI
        (``f"{OPENAI_BASE_URL}/chat/completions"``: the SDK's own setting, so OpenAI by default)."""
        if depth > 4:
            return HOLE, False
        for term, _ in self._follow(node, depth):
            if isinstance(term, Imported):
                return HOLE, "openai" in term.name.lower()
            pieces: list[Node] = []
            if term.type in self.STRING_KINDS:
                texts: list[tuple[str, bool]] = []
                for kid in term.children[1:-1]:
                    if kid.type == self.INTERPOLATION:
                        texts += [self._url_text(kid.named_children[0], depth + 1)] if kid.named_children else []
                    else:
                        texts.append((self.src.text(kid), False))
                return "".join(t for t, _ in texts), any(h for _, h in texts)
            if term.type == self.CONCAT:
                pieces = [c for c in (term.child_by_field_name("left"), term.child_by_field_name("right")) if c]
            elif term.type == "new_expression":  # new URL("/v1/responses", base)
                args = term.child_by_field_name("arguments")
                pieces = list(reversed(args.named_children[:2])) if args is not None else []
            if pieces:
                texts = [self._url_text(piece, depth + 1) for piece in pieces]
                return "".join(t for t, _ in texts), any(h for _, h in texts)
            return HOLE, "openai" in self.src.text(term).lower()
        return HOLE, "openai" in self.src.text(node).lower()

    def _items(self, node: Node) -> dict[str, list[Node]]:
        """String-keyed entries of the dicts / objects ``node`` may hold."""
        raise NotImplementedError

    def _is_true(self, node: Node) -> bool:
        raise NotImplementedError

    def _emit_slots(
        self,
        root: dict[str, list[Node]],
        slots: tuple[Slot, ...],
        target: Target,
        client: str,
        use: Node | None = None,
    ) -> None:
        """Record the model ids at each slot's path inside a request body (``session.model``).

        ``use`` is the body as the request passes it: a literal outside it was reached through a name.
        """
        streams = any(self._is_true(v) for v in root.get("stream", []))
        for slot in slots:
            level = [root]
            for key in slot.path[:-1]:
                level = [self._items(v) for items in level for v in items.get(key, [])]
            ctx = CallContext(slot.surface, target, client, streams and len(slot.path) == 1)
            for items in level:
                for value in items.get(slot.path[-1], []):
                    inline = use is None or (use.start_byte <= value.start_byte and value.end_byte <= use.end_byte)
                    self._emit(value, ctx, value if inline else use)

    def _follow_as_instance(self, cls: Node, values: list[Node], depth: int, notes: tuple[str, ...]) -> Iterator[Term]:
        """Follow what ``self.x`` holds inside ``cls``: a base class's constructor parameter then
        takes only the arguments of constructions of ``cls`` (and its subclasses), not of siblings."""
        self._self_classes.append(cls)
        try:
            for value in values:
                yield from self._follow(value, depth + 1, notes)
        finally:
            for i in range(len(self._self_classes) - 1, -1, -1):
                if self._self_classes[i] == cls:
                    del self._self_classes[i]
                    break

    def _passed_through(self, call: Node) -> list[Node] | None:
        """The arguments a call hands back as its value (``get_arg("--model", default)``); None: opaque."""
        return None

    def _follow_call(self, call: Node, depth: int, notes: tuple[str, ...]) -> Iterator[Term]:
        """A call is a terminal (a client, a dict) unless it passes one of its arguments through."""
        inner = self._passed_through(call)
        if inner is None:
            yield call, notes  # a client constructor or factory: callers look at the call itself
            imported = self._imported_call(call)
            if imported is not None:
                yield imported, notes
            return
        for value in inner:
            yield from self._follow(value, depth + 1, notes)

    def _follow_values(self, values: list[Node], depth: int, notes: tuple[str, ...]) -> Iterator[Term]:
        """``_follow`` of the values a name is assigned, worked out once per depth: a name assigned in
        many places (``model = model or "..."`` repeated) is otherwise walked once per path through them."""
        key = (tuple(v.id for v in values), depth, self._self_classes[-1].id if self._self_classes else None)
        cached = self._value_cache.get(key)
        if cached is None:
            if key in self._active_values:
                return
            self._active_values.add(key)
            try:
                cached = _distinct(t for value in values for t in self._follow(value, depth))
            finally:
                self._active_values.discard(key)
            self._value_cache[key] = cached
        for term, more in cached:
            yield term, (*notes, *more)

    def _follow_arguments(self, func: Node, name: str, depth: int, notes: tuple[str, ...]) -> Iterator[Term]:
        """What callers pass for a parameter, worked out once per scan (a file whose helpers call each
        other would otherwise be walked once per path); a recursive call is not followed again."""
        context = self._self_classes[-1].id if self._self_classes else None
        key = (func.id, name, depth, context)
        cached = self._arguments_cache.get(key)
        if cached is None:
            if (func.id, name) in self._active_params:
                return
            self._active_params.add((func.id, name))
            try:
                cached = _distinct(t for arg in self._arguments_for(func, name) for t in self._follow(arg, depth + 1))
            finally:
                self._active_params.discard((func.id, name))
            self._arguments_cache[key] = cached
        for term, more in cached:
            yield term, (*notes, *more)

    def _assignments_by_owner(self, name: str) -> dict[int | None, list[Node]]:
        """``name``'s assigned values grouped by owning function id (None: module level).

        Built once per name, so resolving n uses of a name assigned in m functions costs
        n + m, not n * m (a minified bundle reuses ``e`` or ``t`` thousands of times).
        """
        cache: dict[str, dict[int | None, list[Node]]] | None = getattr(self, "_owner_cache", None)
        if cache is None:
            cache = {}
            self._owner_cache = cache
        grouped = cache.get(name)
        if grouped is None:
            grouped = cache[name] = {}
            for left, value in self._assigned(name):
                owner = self._owner(left)
                grouped.setdefault(owner.id if owner is not None else None, []).append(value)
        return grouped

    def _emit(self, value: Node, ctx: CallContext, use: Node | None = None) -> None:
        """Record every literal ``value`` may hold; ``use`` is the call-site node when it differs."""
        use = use or value
        for term, notes in self._follow(value):
            if isinstance(term, Imported):
                self.imported.append(
                    ImportedUse(
                        term.module,
                        term.name,
                        self.src.node_range(use),
                        ctx.surface,
                        ctx.target,
                        ctx.client,
                        ctx.streams,
                        ctx.reasoning_summary,
                        ctx.routed,
                    )
                )
                continue
            lit = self._literal_of(term)
            if lit is None:
                continue
            inside = use.start_byte <= lit.start and lit.end <= use.end_byte
            self.out.add(lit, ctx, None if inside else self.src.node_range(use), notes)
