"""YAML through PyYAML's composer (node marks give exact positions), with a line reader for
files PyYAML rejects (half-typed, templated with ``{{ }}``, tabs).

Only the composer runs: no constructors, so no tags are executed and anchors stay shared
nodes (converted once, so alias bombs and self-references cost nothing).
"""

from __future__ import annotations

import re

import yaml

from openai_access.references import Position, Range
from openai_access.scan.config_files._tree import Items, LineIndex, Node, Scalar, Table

# Deeper nesting is data, not configuration: read it line by line, without recursion.
MAX_DEPTH = 100
_FLOW = re.compile(r"[\[\]{}]")
# Block collections nest only by indentation or by a chain of ``- `` / ``? `` / ``: `` indicators
# at the start of a line (``- - - x``): so the columns before a line's first other character
# bound its block depth (about one level a column: a sequence may sit at its key's indent).
_DEEP_BLOCK = re.compile(rf"^(?:[ \t]|[-?:](?=[ \t])){{{4 * MAX_DEPTH},}}(?=\S)", re.MULTILINE)


def _too_deep(text: str) -> bool:
    """Whether ``text`` may nest deeper than a composer should recurse (flow or block)."""
    if _DEEP_BLOCK.search(text):
        return True
    depth = 0
    for m in _FLOW.finditer(text):
        depth = depth + 1 if m.group() in "[{" else max(depth - 1, 0)
        if depth > MAX_DEPTH:
            return True
    return False


def _loader() -> type[yaml.SafeLoader] | type[yaml.CSafeLoader]:
    """libyaml's composer when it is safe: about ten times the pure-Python one's speed.

    It recurses in C once per nesting level, so a hostile file (``- - - - …`` a hundred
    thousand deep) would overflow the C stack, where Python raises RecursionError. Two
    guards keep it safe: ``_too_deep`` sends any text that could nest past a few hundred
    levels to the line reader before a composer sees it, and libyaml itself must refuse
    nesting past 1000 levels (an error, so the line reader again). ``_too_deep`` counts
    brackets, quoted ones too (``["]", ["]", …`` nests without limit for it), so the second
    guard is checked, not assumed from the version: the 0.2.5 release has no cap, which came
    later without a new version number. A libyaml without the cap, or none, gets the
    pure-Python composer. Both give marks in code points, as ``LineIndex`` counts (a leading
    byte-order mark aside: see ``_compose``).
    """
    if not yaml.__with_libyaml__ or not _caps_nesting(yaml.CSafeLoader):
        return yaml.SafeLoader
    return yaml.CSafeLoader


def _caps_nesting(loader: type[yaml.CSafeLoader]) -> bool:
    """Whether ``loader`` refuses 1,100 nested lists (a C recursion that deep is harmless)."""
    deep = "[" * 1100 + "]" * 1100
    try:
        yaml.compose(deep, Loader=loader)
    except yaml.YAMLError:
        return True
    except RecursionError:
        return False
    return False


_LOADER = _loader()


def _compose(text: str) -> list[yaml.Node]:
    """Every document's node tree, its marks code-point offsets into ``text``.

    libyaml does not count a leading byte-order mark where the pure reader does: such a
    text (rare: decoding usually drops it) takes the pure composer.
    """
    loader = yaml.SafeLoader if text.startswith("\ufeff") else _LOADER
    return [doc for doc in yaml.compose_all(text, Loader=loader) if doc is not None]


def read_yaml(text: str) -> list[Node]:
    if _too_deep(text):
        return [_read_lines(text)]
    try:
        docs = _compose(text)
        index = LineIndex(text)
        memo: dict[int, Node] = {}
        return [_convert(doc, index, memo) for doc in docs]
    except (yaml.YAMLError, RecursionError, ValueError):
        return [_read_lines(text)]


def _convert(node: yaml.Node, index: LineIndex, memo: dict[int, Node]) -> Node:
    done = memo.get(id(node))
    if done is not None:
        return done
    if isinstance(node, yaml.MappingNode):
        table = Table()
        memo[id(node)] = table
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode):
                table.add(str(k.value), _convert(v, index, memo))
        return table
    if isinstance(node, yaml.SequenceNode):
        items = Items()
        memo[id(node)] = items
        items.items.extend(_convert(v, index, memo) for v in node.value)
        return items
    value = str(node.value)
    start, end = node.start_mark.index, node.end_mark.index
    style = getattr(node, "style", None)
    if style in ('"', "'"):
        start, end = start + 1, end - 1
    elif style not in (None, ""):
        start = -1  # block scalars (| >) hold prose, never a model setting worth a range
    scalar = Scalar(value, None, index, start, end)
    memo[id(node)] = scalar
    return scalar


# --- a forgiving reader for block-style YAML that PyYAML refused -------------------------------

_LINE = re.compile(
    r"""^(?P<indent>[ ]*)(?P<dash>-[ ]+)?
        (?:(?P<key>[^\s#'"{}\[\]:][^:#]*?|"[^"]*"|'[^']*')[ ]*:(?:[ ]+|$))?
        (?P<value>.*)$""",
    re.VERBOSE,
)


def _read_lines(text: str) -> Table:
    """Build the block structure from indentation; flow collections and multi-line values are
    read as plain text (and so only ever match if they are a single scalar)."""
    root = Table()
    # (indent of the entries, container); a Table's pending key waits for its nested block
    stack: list[tuple[int, Node]] = [(-1, root)]
    pending: tuple[int, Table, str] | None = None  # a "key:" with nothing after it yet
    for n, line in enumerate(text.split("\n")):
        body = line.rstrip("\r")
        stripped = body.strip()
        if not stripped or stripped.startswith("#") or stripped in ("---", "..."):
            continue
        m = _LINE.match(body)
        if m is None:
            continue
        indent = len(m.group("indent"))
        dash, key = m.group("dash"), m.group("key")
        value_text, value_start = _strip_comment(m.group("value")), m.start("value")
        if pending is not None and (indent > pending[0] or (dash and indent == pending[0])):
            _, owner, owner_key = pending
            child: Node = Items() if dash else Table()
            owner.add(owner_key, child)
            stack.append((indent, child))
        pending = None
        while len(stack) > 1:
            top_indent, top = stack[-1]
            if top_indent > indent or (top_indent == indent and isinstance(top, Items) != bool(dash)):
                stack.pop()
                continue
            break
        container = stack[-1][1]
        if dash:
            if not isinstance(container, Items):
                continue
            if key is None:
                container.items.append(_scalar(value_text, n, value_start))
                continue
            item = Table()
            container.items.append(item)
            item_indent = indent + len(dash)
            stack.append((item_indent, item))
            container, indent = item, item_indent
        if key is None or not isinstance(container, Table):
            continue
        key = key.strip().strip("\"'")
        if value_text:
            container.add(key, _scalar(value_text, n, value_start))
        else:
            pending = (indent, container, key)
    return root


def _strip_comment(value: str) -> str:
    if value and value[0] in "\"'":
        close = value.find(value[0], 1)
        return value[: close + 1] if close > 0 else value
    hash_at = re.search(r"\s#", value)
    return (value[: hash_at.start()] if hash_at else value).rstrip()


def _scalar(raw: str, line: int, col: int) -> Scalar:
    if len(raw) >= 2 and raw[0] in "\"'" and raw[-1] == raw[0]:
        inner = raw[1:-1]
        return Scalar(inner, Range(Position(line, col + 1), Position(line, col + 1 + len(inner))))
    return Scalar(raw, Range(Position(line, col), Position(line, col + len(raw))))
