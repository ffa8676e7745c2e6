"""Cross-file constants: ``MODEL`` defined in ``settings.py``, used as a model in ``app.py``.

Each file's scan stays independent (and cacheable per document); this pass joins the
imported names a file used as a model with the string constants other files define, and
reports the literal *where it is written*, so the squiggle and the quick fix land on it.
Pure path arithmetic over the scanned set: nothing is read from disk here.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from openai_access.references import ModelReference, Range, Surface, Target
from openai_access.scan._common import interpret_model
from openai_access.scan._result import ExportedLiteral, ImportedUse, ScanResult

_PY_SUFFIXES = (".py", ".pyi")
_JS_EXTENSIONS = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")


@dataclass
class _SuffixMemo:
    """One pass's answers to "which files end so": per absolute import's suffixes, and files by name."""

    found: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    by_name: dict[str, list[tuple[int, str, str]]] | None = None  # name -> (index position, /path, path)


@dataclass(slots=True)
class _Merged:
    literal: ExportedLiteral
    use: ImportedUse
    model: str
    model_start: int
    target: Target
    used_in: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    streams: bool = False
    reasoning: bool = False


def resolve_cross_file(results: Mapping[str, ScanResult], root: str) -> dict[str, list[ModelReference]]:
    """Per defining file, the extra references its constants get from other files' uses.

    ``used_in`` names the using files and ``via_note`` says where ("used as the model in
    app.py:12"). A use already reported by the defining file's own scan (same literal, API,
    target, client and capabilities) is not repeated.
    """
    index = {os.path.normpath(path): path for path in results}
    merged: dict[tuple[str, Range, Surface, Target, str], _Merged] = {}
    memo = _SuffixMemo()
    for user, result in results.items():
        for use in result.imported_uses:
            for defining in _module_files(user, use.module, root, index, memo):
                if defining == user:
                    continue
                for literal in results[defining].exports.get(use.name, ()):
                    _merge(merged, defining, user, use, literal, root)
    out: dict[str, list[ModelReference]] = {}
    for (defining, *_), item in merged.items():
        ref = _reference(item)
        if not _already_reported(ref, results[defining].references):
            out.setdefault(defining, []).append(ref)
    for refs in out.values():
        refs.sort(key=lambda r: (r.range, r.surface.value, r.client))
    return out


def _merge(
    merged: dict[tuple[str, Range, Surface, Target, str], _Merged],
    defining: str,
    user: str,
    use: ImportedUse,
    literal: ExportedLiteral,
    root: str,
) -> None:
    got = interpret_model(literal.raw, use.routed)
    if got is None:
        return
    model, start, forced = got
    target = forced or use.target
    key = (defining, literal.range, use.surface, target, use.client)
    item = merged.get(key)
    if item is None:
        item = merged[key] = _Merged(literal, use, model, start, target)
    if user not in item.used_in:
        item.used_in.append(user)
    note = f"used as the model in {_display(user, root)}:{use.use.start.line + 1}"
    if note not in item.notes:
        item.notes.append(note)
    item.streams = item.streams or use.streams
    item.reasoning = item.reasoning or use.reasoning_summary


def _reference(item: _Merged) -> ModelReference:
    return ModelReference(
        model=item.model,
        range=item.literal.range,
        surface=item.use.surface,
        target=item.target,
        client=item.use.client,
        streams=item.streams,
        reasoning_summary=item.reasoning,
        model_start=item.model_start,
        via_note="; ".join([*item.notes, *([item.literal.note] if item.literal.note else [])]) or None,
        used_in=tuple(item.used_in),
    )


def _already_reported(ref: ModelReference, same_file: Iterable[ModelReference]) -> bool:
    for other in same_file:
        if (
            other.range == ref.range
            and other.surface is ref.surface
            and other.target is ref.target
            and other.client == ref.client
            and (other.streams or not ref.streams)
            and (other.reasoning_summary or not ref.reasoning_summary)
        ):
            return True
    return False


def _display(path: str, root: str) -> str:
    try:
        rel = os.path.relpath(path, root) if root else path
    except ValueError:  # another drive on Windows
        return path
    return path if rel.startswith("..") else rel.replace(os.sep, "/")


def defining_candidates(results: Mapping[str, ScanResult], paths: Iterable[str], root: str) -> set[str]:
    """Every file of ``paths`` that ``resolve_cross_file`` could read exports from.

    The batch run scans only these again with exports: the files some import of a used name
    points at (for an absolute import found by suffix, every file with that suffix, since
    which one is unique depends on the final set).
    """
    index = {os.path.normpath(path): path for path in paths}
    out: set[str] = set()
    seen: set[tuple[str, bool, str]] = set()
    by_suffix = _SuffixMemo()
    for user, result in results.items():
        for use in result.imported_uses:
            key = (os.path.dirname(user), user.endswith(_PY_SUFFIXES), use.module)
            if key in seen:
                continue
            seen.add(key)
            direct, suffixes = _module_candidates(user, use.module, root, index)
            out.update(direct or _by_suffix(index, suffixes, by_suffix))
    return out


def _module_files(user: str, module: str, root: str, index: Mapping[str, str], memo: _SuffixMemo) -> list[str]:
    """Scanned files an import of ``module`` written in ``user`` may mean."""
    found, suffixes = _module_candidates(user, module, root, index)
    if found or not suffixes:
        return found
    # An absolute import whose package root is not the workspace root (src/ layouts, monorepos).
    found = _by_suffix(index, suffixes, memo)
    return found[:1] if len(found) == 1 else []


def _module_candidates(user: str, module: str, root: str, index: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """(scanned files the import names directly, path suffixes to look for when none)."""
    if user.endswith(_PY_SUFFIXES):
        candidates = _python_candidates(user, module, root)
        suffixes = _python_suffixes(module)
    else:
        candidates = _js_candidates(user, module, root)
        suffixes = []
    found: list[str] = []
    for cand in candidates:
        hit = index.get(os.path.normpath(cand))
        if hit is not None and hit not in found:
            found.append(hit)
    return found, suffixes


def _by_suffix(index: Mapping[str, str], suffixes: list[str], memo: _SuffixMemo) -> list[str]:
    """Indexed files ending in one of ``suffixes`` (in index order), once per absolute module.

    One pass over the index files everything by its name; a module then compares only the files
    that bear one of its suffixes' names.
    """
    found = memo.found.get(tuple(suffixes))
    if found is None:
        if memo.by_name is None:
            memo.by_name = {}
            for at, (norm, path) in enumerate(index.items()):
                unix = "/" + norm.replace(os.sep, "/")
                memo.by_name.setdefault(unix[unix.rfind("/") + 1 :], []).append((at, unix, path))
        hits = {
            (at, path)
            for name in {suffix[suffix.rfind("/") + 1 :] for suffix in suffixes}
            for at, unix, path in memo.by_name.get(name, ())
            if any(unix.endswith(suffix) for suffix in suffixes)
        }
        found = memo.found[tuple(suffixes)] = [path for _, path in sorted(hits)]
    return found


def _python_candidates(user: str, module: str, root: str) -> list[str]:
    stripped = module.lstrip(".")
    level = len(module) - len(stripped)
    parts = [p for p in stripped.split(".") if p]
    if level:
        base = os.path.dirname(user)
        for _ in range(level - 1):
            base = os.path.dirname(base)
        bases = [base]
    else:
        bases = [root, os.path.join(root, "src"), os.path.dirname(user)]
    out: list[str] = []
    for base in bases:
        target = os.path.join(base, *parts) if parts else base
        out += [target + ".py", os.path.join(target, "__init__.py")]
    return out


def _python_suffixes(module: str) -> list[str]:
    if module.startswith(".") or not module:
        return []
    tail = "/" + module.replace(".", "/")
    return [tail + ".py", tail + "/__init__.py"]


def _js_candidates(user: str, module: str, root: str) -> list[str]:
    if module.startswith("."):
        target = os.path.join(os.path.dirname(user), module)
    elif module.startswith(("@/", "~/")):
        target = os.path.join(root, "src", module[2:])
    else:
        return []  # a package: not part of this project
    stem, ext = os.path.splitext(target)
    out = [target] if ext in _JS_EXTENSIONS else []
    if ext in (".js", ".mjs", ".cjs", ".jsx"):  # TS ESM imports name the emitted .js
        out += [stem + e for e in _JS_EXTENSIONS]
    out += [target + e for e in _JS_EXTENSIONS]
    out += [os.path.join(target, "index" + e) for e in _JS_EXTENSIONS]
    return out


__all__ = ["defining_candidates", "resolve_cross_file"]
