"""The weaker evidence: a model-shaped literal in a slot whose name says "model".

The scanners report a literal when they can trace it to an OpenAI call. Real code often
hides that flow (a settings object read elsewhere, a CLI default handed through three
layers, a framework the tables don't know), yet ``model="gpt-4o"`` or
``OPENAI_MODEL = "gpt-4o"`` says plainly what the string is for. This pass reports such
literals with ``found="slot"`` when no traced call already covers them, so the renderers can
say the call was not traced.

Precision comes first, so only a few value positions count: a keyword argument, an
assignment, a parameter default, a dict/object entry, a JSX attribute, an env default
(``os.getenv("OPENAI_MODEL", "…")``, ``process.env.MODEL ?? "…"``), a mapping's fallback
(``task.get("model", "…")``, ``kwargs.pop("model", "…")``), the values of a model-named table
(``MODEL_ALIASES = {"4o": "gpt-4o"}``) and a CLI option's default
(argparse/click/typer/commander/yargs). Comparisons, ``in``/``includes``, ``case`` labels,
type unions, ``Literal[...]`` and table keys never sit in those positions, so they never
count. Mocked API responses (a sibling ``object``/``choices``/``usage``), response and
exception objects built in tests, schema ``examples=``, token counters and price estimates
(``num_tokens_from_messages(model=…)``), display names (``"GPT-4o"``), other providers' names or
calls and clients pointed at another base URL are kept out explicitly; a sibling that names
another provider rules out only the slots of its own scope (``IMAGE_GENERATION_PROVIDER`` and
``IMAGE_GENERATION_MODEL``, not the ``FAST_LLM`` of the same settings).

A name says "model" when it ends in it (``embedding_model``, ``OPENAI_MODEL_ID``), is an
upper-case constant holding it, or is an LLM setting (``llm``, ``SMART_LLM``: crewAI and
gpt-researcher give models so). One pass over the bytes finds every such word
(``prefilter.SLOT_WORDS``); each hit costs one tree lookup and a few parent hops. Nothing is
rescanned.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterator
from functools import lru_cache

from tree_sitter import Node

from openai_access.references import SLOT, ModelReference, Surface, Target
from openai_access.scan._common import Collector, Literal, NodeLookup, Source, interpret_model, match_sdk_path, order
from openai_access.scan.config_files import _rules as rules
from openai_access.scan.options import ScanOptions
from openai_access.scan.prefilter import OPENAI_PREFIX, SLOT_WORDS, has_id_literal

_NAME_NODES = frozenset(
    {
        "identifier",
        "property_identifier",
        "shorthand_property_identifier",
        "shorthand_property_identifier_pattern",
        "private_property_identifier",
        "string_content",
        "string_fragment",
    }
)
# A string's text: its slot is named by the literal (a key, an env name, a CLI flag), not the node.
_STRING_TEXT = frozenset({"string_content", "string_fragment"})
# Where a model-named string names a slot: a key, a subscript, an argument.
_STRING_SLOT_HOLDERS = frozenset({"pair", "subscript", "subscript_expression", "argument_list", "arguments"})
# Nodes that give the name beside them a value: a default, a declaration, an assignment, a field.
_ASSIGNING = frozenset(
    {"default_parameter", "typed_default_parameter", "variable_declarator", "assignment", "assignment_expression"}
    | {"assignment_pattern", "object_assignment_pattern", "public_field_definition", "field_definition"}
)
# Keys that only an API *response* carries: an object holding one is a mock or a fixture.
_RESPONSE_KEYS = frozenset(
    {"choices", "usage", "created", "created_at", "object", "system_fingerprint", "output", "output_text", "owned_by"}
    # a logged or stored response: a record of a call made elsewhere
    | {"response", "input_tokens", "output_tokens", "prompt_tokens", "completion_tokens", "total_tokens"}
)
# Test assertions compare with an expected value; they do not use it.
_ASSERT_CALLS = frozenset(
    {"toEqual", "toStrictEqual", "toMatchObject", "toHaveBeenCalledWith", "toBe", "assertEqual", "assertDictEqual"}
    | {"assert_called_with", "assert_called_once_with", "assert_any_call"}
)
# ``id`` values only an API response carries (a request never sets them).
_RESPONSE_ID_PREFIXES = ("chatcmpl-", "cmpl-", "modr-", "resp_", "run_", "msg_", "batch_", "ftjob-")
_COMPARISONS = frozenset({"==", "===", "!=", "!==", ">=", "<=", ">", "<"})
_COMPARED_THROUGH = frozenset(
    {"attribute", "call", "argument_list", "arguments", "call_expression", "member_expression"}
    | {"parenthesized_expression"}
)
# Calls that build responses or mocks in tests, whatever their model field says.
_RESPONSE_CALLEE = re.compile(
    r"(Response|Completion|CompletionChunk|Chunk|Error|Exception)$|mock|Mock|^(construct|model_construct)$"
)
_OPTION_CALLS = frozenset({"add_argument", "option", "Option", "argument", "add_option", "requiredOption"})
_ENV_CALLS = frozenset({"os.getenv", "getenv", "os.environ.get", "environ.get", "os.environ.setdefault"})
_DEFAULT_CALLS = frozenset({"Field", "field", "PrivateAttr"})
# A mapping read with a fallback: ``settings.get("model", "gpt-4o")``.
_LOOKUP_DEFAULT_CALLS = frozenset({"get", "pop", "setdefault"})
# Database queries compare a column with the value; Django's ``X.objects.create`` stores a record.
_QUERY_CALLS = frozenset(
    {"filter", "filter_by", "exclude", "where", "find", "find_one", "findOne", "findMany", "findFirst", "count"}
    | {"$match"}
)
_JS_WRAPPERS = frozenset(
    {"parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "jsx_expression"}
)
_MAX_DEPTH = 4
_BYTES_PER_VISIT = 2048  # bytes the id-literal test reads in the time one hit's visit takes
# Names of models the code deliberately does not use.
_NEGATING = frozenset({"ignore", "ignored", "exclude", "excluded", "skip", "disabled", "deny", "blocked", "deprecated"})

LiteralReader = Callable[[Source, object], Literal | None]

# Documentation of a value (pydantic ``Field(examples=[...])``, FastAPI ``Body(example={...})``).
_EXAMPLE_KEYS = frozenset({"example", "examples"})
_CALLS = frozenset({"call", "call_expression"})
_FUNCTIONS = frozenset({"function_definition", "function_declaration", "method_definition"})
_MAX_LOOKUP_HOPS = 8
_ARGUMENTS = frozenset({"argument_list", "arguments"})
# Calls whose argument is printed, logged, compared with or looked up, never sent.
_NOT_A_USE_CALLS = frozenset(
    {"print", "debug", "info", "warning", "warn", "error", "exception", "critical", "log", "write", "echo"}
    | {"format", "startswith", "endswith", "replace", "removeprefix", "removesuffix", "split", "partition"}
    | {"join", "append", "add", "get", "index", "count", "find", "includes", "indexOf", "push", "has"}
)
# Keys that label a thing rather than configure it.
_LABEL_NAMES = frozenset({"name", "label", "title", "description", "display_name", "displayName", "alias"})
_AI_SDK_IMPORT = re.compile(rb"""(?:\bfrom|\brequire\(|\bimport\()\s*['"]ai['"]""")
# Words of a function that counts tokens or prices a call (it reads the model's tokenizer or
# price, and sends nothing): ``num_tokens_from_messages``, ``countTokens``, ``estimate_cost``.
_COUNTING = frozenset({"num", "count", "counts", "counter", "counting", "calc", "calculate", "len", "length"})
_ESTIMATING = frozenset({"estimate", "calc", "calculate", "compute", "get", "count"})


# Words of a key that say what it configures, not which part of the configuration it is.
_GENERIC_KEY_WORDS = frozenset(
    {"provider", "api", "type", "key", "base", "url", "endpoint", "host", "version", "deployment", "name", "id"}
    | {"model", "llm", "secret", "token", "org", "organization"}
)


def _scope(words: tuple[str, ...]) -> frozenset[str]:
    """The part of a configuration a key speaks for: ``IMAGE_GENERATION_PROVIDER`` → image,
    generation; ``azure_endpoint``, ``provider`` → everything (the empty set)."""
    return frozenset(w for w in words if w not in _GENERIC_KEY_WORDS and rules.provider_of_words((w,)) is None)


@lru_cache(maxsize=1024)
def _counts_or_prices(name: str) -> bool:
    words = set(rules.key_words(name))
    if words & {"token", "tokens"} and words & _COUNTING:
        return True
    return bool(words & {"cost", "price", "pricing"} and words & _ESTIMATING)


def slot_references(
    root: Node | NodeLookup,
    src: Source,
    literal_of: LiteralReader,
    covered: Container[tuple[int, int]],
) -> list[ModelReference]:
    """Slot references in one parsed file, skipping literals a traced call already covers.

    ``covered`` holds the (start, end) byte spans of literals already reported as calls.
    """
    low = src.data.lower()  # one C pass; then memchr-speed finds instead of a case-folding regex
    hits = sorted((pos, len(word)) for word in SLOT_WORDS for pos in _find_all(low, word))
    # A slot holds a literal that reads like an OpenAI id (``_candidate``): with none in the file
    # there is nothing to visit. The regular expression that says so runs at about 250 MB/s,
    # the cost of visiting one hit per few KB, so a file with fewer hits just visits them, and
    # asks the regular expression only if it found something: ``_candidate`` also takes an
    # OpenAI prefix before a near miss (``"openai/gtp-4o"``), which the test does not, and such a
    # file's answer must not depend on its length.
    tested = len(hits) * _BYTES_PER_VISIT > len(low)
    if not (hits or OPENAI_PREFIX in low) or (tested and not has_id_literal(low)):
        return []
    finder = _Finder(src, literal_of, covered)
    for pos, size in hits:
        node = root.named_descendant_for_byte_range(pos, pos + size)
        if node is not None and node.type in _NAME_NODES:
            finder.visit(node)
    for pos in _find_all(low, OPENAI_PREFIX):
        node = root.named_descendant_for_byte_range(pos, pos + len(OPENAI_PREFIX))
        if node is not None and node.type in _STRING_TEXT and node.parent is not None:
            finder.visit_prefixed(node.parent)
    if finder.found and not tested and not has_id_literal(low):
        return []
    return list(finder.found.values())


def _find_all(data: bytes, word: bytes) -> Iterator[int]:
    pos = data.find(word)
    while pos != -1:
        yield pos
        pos = data.find(word, pos + len(word))


@lru_cache(maxsize=4096)
def is_model_name(name: str) -> bool:
    """``model``, ``embedding_model``, ``modelName``, ``OPENAI_MODEL_ID``, ``DEFAULT_MODEL``, ``engine``;
    ``llm``, ``SMART_LLM``, ``planning_llm`` (crewAI, gpt-researcher: an LLM setting given as an id)."""
    words = rules.key_words(name)
    if not words:
        return False
    if words == ("engine",) or words[-2:] == ("openai", "engine"):
        return True
    if words[-1] == "llm" or words[-2:] in (("llm", "name"), ("llm", "id")):
        return not _NEGATING.intersection(words)
    if rules.is_model_key(words):
        return True
    # ``MODEL_FOR_SUMMARY``: a constant named for a model, whatever the word order.
    return "model" in words and name.isupper() and not _NEGATING.intersection(words)


class _Finder:
    def __init__(self, src: Source, literal_of: LiteralReader, covered: Container[tuple[int, int]]) -> None:
        self.src = src
        self.literal_of = literal_of
        self.covered = covered
        self.found: dict[tuple[int, int], ModelReference] = {}
        self._seen: set[int] = set()
        self._excluded_by_container: dict[int, tuple[bool, list[frozenset[str]]]] = {}
        self._gateway: bool | None = None

    def text(self, node: Node) -> str:
        return self.src.text(node)

    def visit(self, node: Node) -> None:
        if node.id in self._seen:
            return
        self._seen.add(node.id)
        if node.type not in _STRING_TEXT and not is_model_name(self.text(node)):
            return  # every slot of a name node is named by its text (``BaseModel``, ``models``: none)
        for name, value, container in self._slots(node):
            if not is_model_name(name):
                continue
            words = rules.key_words(name)
            if rules.provider_of_words(words) is not None:
                continue  # ANTHROPIC_MODEL, azure_deployment_model, ...
            found = [c for c in map(self._candidate, self._values(value, 0)) if c is not None]
            if not found or (container is not None and self._excluded_once(container, name)):
                continue  # the costlier context checks run only when a model-shaped literal is there
            if self._not_sent(node):
                continue
            for lit, model, start in found:
                self._report(lit, model, start, name, rules.surface_for(words))

    def visit_prefixed(self, string: Node) -> None:
        """``"openai:gpt-4o"`` where a value goes, whatever names it: the prefix says what it is
        (pydantic-ai, LangChain's ``init_chat_model``, settings such as ``"EMBEDDING": "openai:…"``,
        ``agent.realtime("openai:gpt-realtime")``). A list's element or a comparison is no value."""
        if string.id in self._seen:
            return
        self._seen.add(string.id)
        slot = _value_slot(self.src, string)
        if slot is None:
            return
        name, container = slot
        if name in _LABEL_NAMES:
            return  # evaluate(task, name="openai:gpt-5"): a report's label
        if container is not None and container.type in _ARGUMENTS and name in _NOT_A_USE_CALLS:
            return  # print("openai:gpt-4o"), s.startswith("openai:gpt-4"), d.get("openai:gpt-4o")
        found = self._candidate(string)
        if found is None or not found[0].raw.startswith("openai:"):
            return
        if (container is not None and self._excluded_once(container, name)) or self._not_sent(string):
            return
        lit, model, start = found
        note = f"passed to `{name}()`" if container is not None and container.type in _ARGUMENTS else None
        self._report(lit, model, start, name, rules.surface_for(rules.key_words(name)), note)

    # --- where a name is a slot -------------------------------------------------------

    def _slots(self, node: Node) -> Iterator[tuple[str, Node, Node | None]]:
        """(slot name, value expression, container of siblings) for a name node."""
        parent = node.parent
        if parent is None:
            return
        if node.type in _STRING_TEXT:
            yield from self._string_slots(parent)
            return
        name = self.text(node)
        kind = parent.type
        if kind in ("keyword_argument", "pair"):
            field_value = _field_value(parent, node)
            if field_value is not None:
                yield name, field_value, parent.parent
        elif kind in _ASSIGNING:
            field_value = _field_value(parent, node)
            if field_value is not None:
                yield name, field_value, None
        elif kind in ("required_parameter", "optional_parameter"):
            value = parent.child_by_field_name("value")
            if value is not None and parent.child_by_field_name("pattern") == node:
                yield name, value, None
        elif kind == "jsx_attribute":
            kids = parent.named_children
            if len(kids) == 2 and kids[0] == node:
                yield name, kids[1], parent.parent
        elif kind in ("attribute", "member_expression"):
            yield from self._member_slots(node, parent, name)
        elif kind == "argument_list":
            yield from self._env_slots(node, parent, name)
        elif kind == "subscript_expression" and parent.child_by_field_name("index") == node:
            obj = parent.child_by_field_name("object")
            if obj is not None and self.text(obj).rsplit(".", 1)[-1] == "env":  # env[MODEL_VAR] ?? "…"
                yield from _fallback_after(_read_chain(parent), name)

    def _member_slots(self, node: Node, member: Node, name: str) -> Iterator[tuple[str, Node, Node | None]]:
        """``self.model = "…"``, ``config.model = "…"``, ``process.env.MODEL ?? "…"``."""
        prop = member.child_by_field_name("attribute") or member.child_by_field_name("property")
        if prop != node:
            return
        outer = member.parent
        if outer is None:
            return
        if outer.type in ("assignment", "assignment_expression") and outer.child_by_field_name("left") == member:
            right = outer.child_by_field_name("right")
            if right is not None:
                yield name, right, None
        elif self._is_env(member):
            yield from _fallback_after(_read_chain(member), name)

    def _is_env(self, member: Node) -> bool:
        text = self.text(member)
        return text.startswith(("process.env.", "import.meta.env.", "os.environ."))

    def _string_slots(self, string: Node) -> Iterator[tuple[str, Node, Node | None]]:
        """A model-named string: a dict key, a subscript target, an env name or a CLI flag."""
        outer = string.parent
        if outer is None or outer.type not in _STRING_SLOT_HOLDERS:
            return  # a docstring, a log message: read no further
        lit = self.literal_of(self.src, string)
        if lit is None:
            return
        name = lit.raw
        kind = outer.type
        if kind == "pair" and outer.child_by_field_name("key") == string:
            value = outer.child_by_field_name("value")
            if value is not None:
                yield name, value, outer.parent
        elif kind in ("subscript", "subscript_expression"):
            index = outer.child_by_field_name("subscript") or outer.child_by_field_name("index")
            top = outer.parent
            if index == string and top is not None and top.type in ("assignment", "assignment_expression"):
                right = top.child_by_field_name("right")
                if top.child_by_field_name("left") == outer and right is not None:
                    yield name, right, None
        elif kind in ("argument_list", "arguments"):
            yield from self._call_slots(string, outer, name)

    def _call_slots(self, string: Node, args: Node, name: str) -> Iterator[tuple[str, Node, Node | None]]:
        call = args.parent
        callee = call.child_by_field_name("function") if call is not None else None
        if call is None or callee is None:
            return
        callee_text = self.text(callee)
        if callee_text in _ENV_CALLS:
            yield from self._env_slots(string, args, name)
            return
        positional = [a for a in args.named_children if a.type not in ("keyword_argument", "comment")]
        kwargs = _kwargs(self.src, args)
        last = callee_text.rsplit(".", 1)[-1]
        if last in _LOOKUP_DEFAULT_CALLS and "." in callee_text:
            # task.get("model", "gpt-4o"), kwargs.pop("model", "gpt-4o"): the default is the slot's value
            if positional and positional[0] == string and len(positional) > 1:
                yield name, positional[1], args  # its call's context: ``assert x == d.get("model", …)``
            return
        if last not in _OPTION_CALLS:
            # A hand-written CLI helper: getArg("--model", "gpt-4o") names a flag and its default.
            if name.startswith("--") and positional and positional[0] == string and len(positional) > 1:
                flag = _flag_name(name)
                if flag is not None:
                    yield flag, positional[1], None
            return
        flag = _flag_name(name)
        if flag is None:
            return
        if "default" in kwargs:  # argparse, click
            yield flag, kwargs["default"], None
            return
        for arg in positional:
            if arg == string or (arg.type in ("string", "template_string") and self._is_flag(arg)):
                continue
            if arg.type == "object":  # yargs: .option("model", { default: "…" })
                default = _object_value(self.src, arg, "default")
                if default is not None:
                    yield flag, default, None
            elif last == "Option" and arg is positional[0]:  # typer.Option("gpt-4o", "--model")
                yield flag, arg, None
            elif last in ("option", "requiredOption") and len(positional) > 2 and arg is positional[2]:
                yield flag, arg, None  # commander: .option(flags, description, default)

    def _env_slots(self, name_arg: Node, args: Node, name: str) -> Iterator[tuple[str, Node, Node | None]]:
        """``os.getenv("OPENAI_MODEL", "…")``, ``os.getenv(MODEL_ENV_VAR) or "…"``: the default is the slot's value."""
        call = args.parent
        callee = call.child_by_field_name("function") if call is not None else None
        if call is None or callee is None or self.text(callee) not in _ENV_CALLS:
            return
        positional = [a for a in args.named_children if a.type not in ("keyword_argument", "comment")]
        if not positional or positional[0] != name_arg:
            return
        default = _kwargs(self.src, args).get("default") or (positional[1] if len(positional) > 1 else None)
        if default is not None:
            yield name, default, None
        yield from _fallback_after(call, name)

    def _is_flag(self, node: Node) -> bool:
        lit = self.literal_of(self.src, node)
        return lit is not None and lit.raw.startswith("-")

    # --- what is not a use ------------------------------------------------------------

    def _excluded_once(self, container: Node, name: str) -> bool:
        """``_excluded`` per container: its slots share one answer (and n slots in one broken
        call would otherwise read its n siblings n times), but for the siblings that name another
        provider, which rule out only the slots in their scope."""
        known = self._excluded_by_container.get(container.id)
        if known is None:
            known = self._excluded_by_container[container.id] = self._excluded(container)
        wide, foreign = known
        if wide:
            return True
        words = set(rules.key_words(name))
        return any(scope <= words for scope in foreign)

    def _excluded(self, container: Node) -> tuple[bool, list[frozenset[str]]]:
        """Mocked responses, other providers, other base URLs: the slot is not ours.

        (whether every slot of ``container`` is excluded, the scopes of its siblings that say
        another provider): ``azure_endpoint`` or ``provider: "google"`` rule out every slot
        beside them, ``IMAGE_GENERATION_PROVIDER: "google"`` only ``IMAGE_GENERATION_MODEL``,
        not the ``FAST_LLM`` of the same settings dict.
        """
        siblings = self._sibling_values(container)
        if _RESPONSE_KEYS.intersection(siblings):
            return True, []
        foreign: list[frozenset[str]] = []
        for key, value in siblings.items():
            words = rules.key_words(key)
            lit = self.literal_of(self.src, value) if value is not None else None
            if "azure" in words or rules.provider_of_words(words) is not None:
                foreign.append(_scope(words))
                continue
            if lit is None:
                continue
            said: Target | None = None
            if rules.is_provider_key(words):
                said = rules.provider_value(lit.raw)
            elif rules.is_base_url_key(words):
                said = rules.base_url_value(lit.raw)
            if said is not None and said is not Target.OPENAI:
                foreign.append(_scope(words))
        if self._compared(container) or self._mocked(container, siblings):
            return True, foreign
        callee = self._callee_of(container)
        if callee is not None:
            parts = callee.split(".")
            if parts[-1] in _ASSERT_CALLS:
                return True, foreign
            if _RESPONSE_CALLEE.search(parts[-1]) or rules.provider_of_words(rules.key_words(callee)) is not None:
                return True, foreign
            if match_sdk_path(parts) is not None:
                return True, foreign  # an OpenAI-shaped call the scanner saw and did not report: another client's
            if parts[-1] in _QUERY_CALLS or parts[-1] in _DEFAULT_CALLS or "objects" in parts[:-1]:
                return True, foreign  # a database query or record, a pydantic Field's own keywords
        return False, foreign

    def _not_sent(self, node: Node) -> bool:
        """A schema's ``examples=``, or the nearest call or function around the slot counts tokens
        or prices (``num_tokens_from_messages(messages, model="gpt-4-0314")``): no request is made."""
        cur = node.parent
        for _ in range(_MAX_LOOKUP_HOPS):
            if cur is None:
                return False
            kind = cur.type
            if kind in ("keyword_argument", "pair"):
                key = cur.child_by_field_name("name") or cur.child_by_field_name("key")
                if key is not None and self.text(key).strip("'\"") in _EXAMPLE_KEYS:
                    return True
            elif kind in _CALLS or kind in _FUNCTIONS:
                name = cur.child_by_field_name("function" if kind in _CALLS else "name")
                return name is not None and _counts_or_prices(self.text(name).rsplit(".", 1)[-1])
            cur = cur.parent
        return False

    def _mocked(self, container: Node, siblings: dict[str, Node | None]) -> bool:
        """``mock.return_value = {…}``, ``mockResolvedValue({…})``, or an ``id`` only the API mints."""
        ident = siblings.get("id")
        lit = self.literal_of(self.src, ident) if ident is not None else None
        if lit is not None and lit.raw.startswith(_RESPONSE_ID_PREFIXES):
            return True
        parent = container.parent
        if parent is not None and parent.type in ("assignment", "assignment_expression"):
            left = parent.child_by_field_name("left")
            return left is not None and self.text(left).rsplit(".", 1)[-1] in ("return_value", "side_effect")
        callee = self._callee_of(container)
        return callee is not None and callee.rsplit(".", 1)[-1].startswith(("mockResolvedValue", "mockReturnValue"))

    def _compared(self, container: Node) -> bool:
        """``assert got == {"model": …}``, ``log.items() >= {…}.items()``: an expected value in a test."""
        cur = container
        for _ in range(4):
            parent = cur.parent
            if parent is None:
                return False
            if parent.type in ("comparison_operator", "assert_statement"):
                return True
            if parent.type == "binary_expression":
                op = parent.child_by_field_name("operator")
                return op is not None and op.type in _COMPARISONS
            if parent.type not in _COMPARED_THROUGH:
                return False
            cur = parent
        return False

    def _sibling_values(self, container: Node) -> dict[str, Node | None]:
        out: dict[str, Node | None] = {}
        for child in container.named_children:
            if child.type in ("keyword_argument", "pair"):
                key = child.child_by_field_name("name") or child.child_by_field_name("key")
                if key is None:
                    continue
                lit = self.literal_of(self.src, key)
                out[lit.raw if lit is not None else self.text(key)] = child.child_by_field_name("value")
            elif child.type == "shorthand_property_identifier":
                out[self.text(child)] = None
            elif child.type == "jsx_attribute" and child.named_children:
                kids = child.named_children
                out[self.text(kids[0])] = kids[1] if len(kids) > 1 else None
        return out

    def _callee_of(self, container: Node) -> str | None:
        """The call an argument list belongs to, or the call an object/dict is (nested in) an argument of.

        A query object on the way (``{ where: { model: … } }``) answers ``"where"``: a filter
        compares, it does not use.
        """
        node = container
        for _ in range(4):
            if node.type not in ("dictionary", "object"):
                break
            holder = node.parent
            if holder is None:
                return None
            if holder.type == "keyword_argument":  # Response(200, json={"model": …})
                node = holder.parent or holder
                continue
            if holder.type == "pair":
                key = holder.child_by_field_name("key")
                word = self.text(key).strip("'\"") if key is not None else ""
                if word in _QUERY_CALLS:
                    return word
                node = holder.parent or holder
                continue
            node = holder
        if node.type in ("argument_list", "arguments"):
            call = node.parent
            if call is None:
                return None
            callee = call.child_by_field_name("function") or call.child_by_field_name("constructor")
            return self.text(callee) if callee is not None else None
        if node.type in ("jsx_opening_element", "jsx_self_closing_element"):
            name = node.child_by_field_name("name")
            return self.text(name) if name is not None else None
        return None

    # --- values -------------------------------------------------------------------------

    def _values(self, node: Node, depth: int) -> Iterator[Node]:
        """The literals a slot's value expression may be (branches, fallbacks, defaults)."""
        if depth > _MAX_DEPTH:
            return
        kind = node.type
        if kind in ("string", "template_string"):
            yield node
        elif kind in _JS_WRAPPERS and node.named_children:
            yield from self._values(node.named_children[0], depth + 1)
        elif kind == "conditional_expression":
            kids = node.named_children
            if len(kids) == 3:
                yield from self._values(kids[0], depth + 1)
                yield from self._values(kids[2], depth + 1)
        elif kind == "ternary_expression":
            for name in ("consequence", "alternative"):
                child = node.child_by_field_name(name)
                if child is not None:
                    yield from self._values(child, depth + 1)
        elif kind in ("boolean_operator", "binary_expression"):
            if _fallback_operator(node):
                for name in ("left", "right"):
                    child = node.child_by_field_name(name)
                    if child is not None:
                        yield from self._values(child, depth + 1)
        elif kind == "call":
            yield from self._call_default(node, depth)
        elif kind in ("dictionary", "object") and depth == 0:
            # MODEL_ALIASES = {"4o": "gpt-4o"}: a model-named table's values are models (its keys,
            # which code compares with, are not read)
            for pair in node.named_children:
                key = pair.child_by_field_name("key") if pair.type == "pair" else None
                value = pair.child_by_field_name("value") if pair.type == "pair" else None
                if key is None or value is None:
                    continue
                if self.text(value).strip("'\"`") in self.text(key):
                    continue  # {"error_recovery/gpt-4-0613": "gpt-4-0613"}: a label for the key
                yield from self._values(value, depth + 1)

    def _call_default(self, call: Node, depth: int) -> Iterator[Node]:
        """``os.getenv("X", "gpt-4o")``, ``Field(default="gpt-4o")``, ``Field("gpt-4o")``."""
        callee = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if callee is None or args is None:
            return
        text = self.text(callee)
        positional = [a for a in args.named_children if a.type not in ("keyword_argument", "comment")]
        default = _kwargs(self.src, args).get("default")
        if text in _ENV_CALLS:
            default = default or (positional[1] if len(positional) > 1 else None)
        elif text.rsplit(".", 1)[-1] in _DEFAULT_CALLS:
            default = default or (positional[0] if positional else None)
        else:
            return
        if default is not None:
            yield from self._values(default, depth + 1)

    def _candidate(self, node: Node) -> tuple[Literal, str, int] | None:
        """(literal, model, model start) when ``node`` is an OpenAI-shaped literal no traced call covers."""
        lit = self.literal_of(self.src, node)
        if lit is None or (lit.start, lit.end) in self.covered or (lit.start, lit.end) in self.found:
            return None
        got = interpret_model(lit.raw, routed=True)
        if got is None:
            return None
        model, start, forced = got
        if forced is not None or not rules.looks_like_openai_model(model):
            return None  # azure/… deployments and other vendors' ids are not slots of ours
        if not (model[:1].islower() or model[:1].isdigit()):
            return None  # a display name ("GPT-4o"): ids are written in lower case
        if lit.raw.startswith("openai/") and self._uses_gateway():
            return None
        return lit, model, start

    def _uses_gateway(self) -> bool:
        """Whether the file imports the AI SDK, whose string model ids (``model: "openai/gpt-5"``)
        go to the Vercel AI Gateway, not to an OpenAI API project."""
        if self._gateway is None:
            data = self.src.data
            self._gateway = (b"'ai'" in data or b'"ai"' in data) and _AI_SDK_IMPORT.search(data) is not None
        return self._gateway

    def _report(
        self, lit: Literal, model: str, start: int, name: str, surface: Surface, note: str | None = None
    ) -> None:
        if (lit.start, lit.end) in self.found:
            return
        self.found[(lit.start, lit.end)] = ModelReference(
            model=model,
            range=self.src.byte_range(lit.start, lit.end, lit.node),
            surface=surface,
            target=Target.OPENAI,
            client=SLOT,
            model_start=start,
            via_note=note or f"set as `{name}`",
            found=SLOT,
        )


def _value_slot(src: Source, string: Node) -> tuple[str, Node | None] | None:
    """(the name a value position gives ``string``, the container of its siblings), if it is a value:
    a key's or keyword's value, an assignment's or default's right side, or a call's argument."""
    parent = string.parent
    if parent is None:
        return None
    kind = parent.type
    if kind in ("pair", "keyword_argument") and parent.child_by_field_name("value") == string:
        key = parent.child_by_field_name("key") or parent.child_by_field_name("name")
        return (src.text(key).strip("'\"`"), parent.parent) if key is not None else None
    if kind in _ASSIGNING:
        for name_field, value_field in (("left", "right"), ("name", "value")):
            target = parent.child_by_field_name(name_field)
            if target is not None and parent.child_by_field_name(value_field) == string:
                return src.text(target).rsplit(".", 1)[-1], None
        return None
    if kind in _ARGUMENTS:
        call = parent.parent
        if call is None:
            return None
        callee = call.child_by_field_name("function") or call.child_by_field_name("constructor")
        return (src.text(callee).rsplit(".", 1)[-1], parent) if callee is not None else None
    return None


def _field_value(parent: Node, node: Node) -> Node | None:
    """The value beside ``node`` when ``node`` is the name/key/left of ``parent``."""
    for name_field in ("name", "key", "left", "property"):
        if parent.child_by_field_name(name_field) == node:
            for value_field in ("value", "right"):
                value = parent.child_by_field_name(value_field)
                if value is not None:
                    return value
            return None
    return None


def _read_chain(node: Node) -> Node:
    """``process.env.X`` up through ``?.toLowerCase()`` / ``.trim()`` calls: the value a fallback guards."""
    cur = node
    while cur.parent is not None and _continues_read(cur.parent, cur):
        cur = cur.parent
    return cur


def _continues_read(parent: Node, cur: Node) -> bool:
    if parent.type in ("parenthesized_expression", "await_expression", "non_null_expression"):
        return True
    field = {"member_expression": "object", "call_expression": "function", "call": "function"}.get(parent.type)
    return field is not None and parent.child_by_field_name(field) == cur


def _fallback_after(left: Node, name: str) -> Iterator[tuple[str, Node, Node | None]]:
    """``env_read or "…"`` / ``env_read ?? "…"``: the fallback is the slot's value."""
    outer = left.parent
    if outer is not None and outer.child_by_field_name("left") == left and _fallback_operator(outer):
        right = outer.child_by_field_name("right")
        if right is not None:
            yield name, right, None


def _fallback_operator(node: Node) -> bool:
    op = node.child_by_field_name("operator")
    return op is not None and op.type in ("or", "??", "||")


def _kwargs(src: Source, args: Node) -> dict[str, Node]:
    out: dict[str, Node] = {}
    for arg in args.named_children:
        if arg.type == "keyword_argument":
            name, value = arg.child_by_field_name("name"), arg.child_by_field_name("value")
            if name is not None and value is not None:
                out[src.text(name)] = value
    return out


def _object_value(src: Source, obj: Node, key: str) -> Node | None:
    for pair in obj.named_children:
        k = pair.child_by_field_name("key") if pair.type == "pair" else None
        if k is not None and src.text(k).strip("'\"") == key:
            return pair.child_by_field_name("value")
    return None


_FLAG_TOKEN = re.compile(r"-{0,2}([A-Za-z][A-Za-z0-9_\-]*)")


def _flag_name(raw: str) -> str | None:
    """``--embedding-model`` of ``"-m, --embedding-model <name>"``; a bare ``model`` (yargs) too."""
    longest: str | None = None
    for token in re.split(r"[\s,|=]+", raw):
        if token.startswith("<") or token.startswith("["):
            continue
        m = _FLAG_TOKEN.fullmatch(token)
        if m is None:
            continue
        if longest is None or len(m.group(1)) > len(longest):
            longest = m.group(1)
    return longest


def merge_slots(refs: list[ModelReference], extra: list[ModelReference]) -> list[ModelReference]:
    """``extra`` references (e.g. cross-file calls) added to ``refs``; a call replaces a slot at its range."""
    calls = {r.range for r in extra if r.found != SLOT}
    kept = [r for r in refs if not (r.found == SLOT and r.range in calls)]
    have = {r.range for r in kept}
    return kept + [r for r in extra if r.range not in have]


def with_slots(
    calls: Collector, root: Node | NodeLookup, literal_of: LiteralReader, options: ScanOptions
) -> list[ModelReference]:
    """A scanner's traced references plus the slot references it did not trace, in order."""
    refs = calls.references()
    if not options.slots:
        return refs
    extra = slot_references(root, calls.source, literal_of, calls.spans())
    if not extra:
        return refs
    return sorted(refs + extra, key=order)
