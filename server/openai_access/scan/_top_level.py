"""The names a top-level statement binds, per language: the context later windows of a big file
are parsed behind (``_windows``). Read from a few fields and the statement's first line, since it
runs once per top-level statement of a file with tens of thousands of them.

An over-approximation is harmless (a statement more in some window's context); a miss only
loses a link between windows, as before windows the whole file was one tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from openai_access.scan._common import Source

IDENTIFIER = re.compile(rb"[A-Za-z_$\x80-\xff][A-Za-z0-9_$\x80-\xff]*")
# ``a = ...``, ``a, b = ...``, ``a: int = ...`` (Python); ``a=...``, ``a=1,b=2`` (minified JS).
_PY_TARGETS = re.compile(rb"\s*([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?::[^=\n]*)?=(?!=)")
_JS_ASSIGNED = re.compile(rb"(?:^|,)\s*([A-Za-z_$][\w$]*)\s*=(?![=>])")
_PY_DEFINITIONS = frozenset({"function_definition", "class_definition"})
_PY_IMPORTS = frozenset({"import_statement", "import_from_statement", "future_import_statement"})
# Compound statements that often hold definitions (``try: import x``, ``if TYPE_CHECKING:``).
_PY_COMPOUND = frozenset({"if_statement", "try_statement", "with_statement"})
_PY_BOUND_IN_BODY = re.compile(rb"(?m)^\s*(?:(?:def|class)\s+([A-Za-z_]\w*)|([A-Za-z_]\w*)\s*(?::[^=\n]*)?=(?!=))")
_JS_DECLARATIONS = frozenset({"lexical_declaration", "variable_declaration"})
_JS_NAMED = frozenset(
    {"function_declaration", "generator_function_declaration", "class_declaration", "abstract_class_declaration"}
)
_FIRST_LINE = 256


def python_defines(src: Source, stmt: Node) -> Iterator[str]:
    inner = _unwrap(stmt, "decorated_definition", "definition")
    if inner is None:
        return
    stmt, kind = inner, inner.type
    if kind in _PY_DEFINITIONS:
        name = stmt.child_by_field_name("name")
        if name is not None:
            yield src.text(name)
    elif kind == "expression_statement":
        match = _PY_TARGETS.match(_head(src, stmt))
        if match is not None:
            yield from _names(match.group(1))
    elif kind in _PY_IMPORTS:
        yield from _names(src.data[stmt.start_byte : stmt.end_byte])
    elif kind in _PY_COMPOUND:
        for match in _PY_BOUND_IN_BODY.finditer(src.data, stmt.start_byte, stmt.end_byte):
            yield (match.group(1) or match.group(2)).decode()
        for child in stmt.named_children:
            if child.type in _PY_IMPORTS:
                yield from _names(src.data[child.start_byte : child.end_byte])


def js_defines(src: Source, stmt: Node) -> Iterator[str]:
    inner = _unwrap(stmt, "export_statement", "declaration")
    if inner is None:
        return
    stmt, kind = inner, inner.type
    if kind in _JS_DECLARATIONS:
        for decl in stmt.named_children:
            name = decl.child_by_field_name("name") if decl.type == "variable_declarator" else None
            if name is not None:
                yield from _names(src.data[name.start_byte : name.end_byte])
    elif kind in _JS_NAMED:
        name = stmt.child_by_field_name("name")
        if name is not None:
            yield src.text(name)
    elif kind == "import_statement":
        yield from _names(src.data[stmt.start_byte : stmt.end_byte])
    elif kind == "expression_statement":
        for match in _JS_ASSIGNED.finditer(_head(src, stmt)):
            yield match.group(1).decode()


def _unwrap(stmt: Node, wrapper: str, field: str) -> Node | None:
    """The statement a ``@decorator`` / ``export`` wraps (None if it wraps nothing), else ``stmt``."""
    return stmt.child_by_field_name(field) if stmt.type == wrapper else stmt


def _head(src: Source, stmt: Node) -> bytes:
    """The statement's start, where an assignment's targets are."""
    return src.data[stmt.start_byte : min(stmt.end_byte, stmt.start_byte + _FIRST_LINE)]


def _names(data: bytes) -> Iterator[str]:
    for match in IDENTIFIER.finditer(data):
        yield match.group().decode("utf-8", "surrogatepass")
