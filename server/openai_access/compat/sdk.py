"""SDK-version fit: the project's declared ``openai`` version against the call shapes it uses.

``openai.ChatCompletion.create`` raises ``APIRemovedInV1`` under ``openai>=1``, and
``client.chat.completions.create`` does not exist under ``openai<1`` (the same split is
v3 / v4 for the Node SDK). Only a declared version decides: with none, say nothing.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from openai_access.compat.finding import CodeFinding
from openai_access.references import ModelReference, Position, Range
from openai_access.scan._common import match_sdk_path
from openai_access.statuses import DEFAULT_SEVERITY, DOCS_MIGRATION, Status

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# The first major version with the new shape, per ecosystem.
_NEW_MAJOR = {"python": 1, "node": 4}


@dataclass(frozen=True, slots=True)
class Declared:
    """``openai`` as a manifest or lockfile declares it: new-shape (``True``) or old-shape SDK."""

    ecosystem: str  # python | node
    new_shape: bool
    spec: str  # as written: "==0.28.1", "^4.20.0"
    manifest: str  # file name it came from


@dataclass
class DeclaredMemo:
    """One batch run's answers, so thousands of files sharing a few manifests read each folder once."""

    starts: dict[tuple[str, str, str], Declared | None] = field(default_factory=dict)  # (start, eco, root)
    folders: dict[tuple[str, str], tuple[Declared | None, bool]] = field(default_factory=dict)  # -> (found, stop)
    resolved: dict[str, Path] = field(default_factory=dict)  # start -> the folder it is (asked once per folder)
    listings: dict[str, set[str]] = field(default_factory=dict)  # folder -> the names in it


def _ecosystem(language: str) -> str | None:
    if language in ("python", "notebook"):
        return "python"
    if language in ("javascript", "typescript", "tsx"):
        return "node"
    return None


def declared_openai(
    start: Path | str, language: str, root: Path | None = None, memo: DeclaredMemo | None = None
) -> Declared | None:
    """The nearest declaration of ``openai`` from ``start`` upward (stopping at ``root`` or a repo root).

    ``memo`` (one batch run's, keyed by folder) answers the thousands of files of a tree that
    share a few manifests without reading each folder again; the editor passes none. A batch
    run passes ``start`` as the string it has, so a folder it asked about before costs no path
    object.
    """
    eco = _ecosystem(language)
    if eco is None:
        return None
    key = (str(start), eco, str(root))
    if memo is not None and key in memo.starts:
        return memo.starts[key]
    here = memo.resolved.get(key[0]) if memo is not None else None
    if here is None:
        path = Path(start)
        here = path.resolve() if path.exists() else path
        if memo is not None:
            memo.resolved[key[0]] = here
    top = root.resolve() if root is not None else None
    found = None
    for folder in (here, *here.parents):
        found, stop = _folder(folder, eco, memo)
        if found is not None or stop or folder == top:
            break
    if memo is not None:
        memo.starts[key] = found
    return found


def _folder(folder: Path, eco: str, memo: DeclaredMemo | None) -> tuple[Declared | None, bool]:
    """(the folder's declaration, whether it is a repository root), read once per run with a memo."""
    key = (str(folder), eco)
    if memo is not None and key in memo.folders:
        return memo.folders[key]
    names = memo.listings.get(key[0]) if memo is not None else None
    if names is None:
        try:
            names = set(os.listdir(folder))  # one listing, not a stat per manifest name
        except OSError:
            names = set()
        if memo is not None:
            memo.listings[key[0]] = names  # Python and JS files share folders: listed once for both
    got = _read_folder(folder, names, eco), ".git" in names and (folder / ".git").exists()  # not a broken link
    if memo is not None:
        memo.folders[key] = got
    return got


def _read_folder(folder: Path, names: set[str], eco: str) -> Declared | None:
    readers = _PYTHON if eco == "python" else _NODE
    for pattern, reader in readers:
        for name in sorted(fnmatch.filter(names, pattern)):
            path = folder / name
            spec = _read_spec(path, reader)
            if spec is None:
                continue
            shape = _new_shape(spec, eco)
            return Declared(eco, shape, spec, path.name) if shape is not None else None
    return None


_Reader = Callable[[str], str | None]
_SPECS: dict[tuple[str, int, int], str | None] = {}


def _read_spec(path: Path, reader: _Reader) -> str | None:
    """``reader`` over the file, parsed again only when it changes (lockfiles are big; this runs per keystroke)."""
    try:
        st = path.stat()
    except OSError:
        return None
    if not path.is_file():
        return None
    key = (str(path), st.st_mtime_ns, st.st_size)
    if key not in _SPECS:
        try:
            _SPECS[key] = reader(path.read_text(encoding="utf-8", errors="replace"))
        except (ValueError, KeyError, TypeError, AttributeError, OSError, tomllib.TOMLDecodeError):
            _SPECS[key] = None
    return _SPECS[key]


# --- readers: each returns the version spec for openai, or None ----------------------------

_REQ_LINE = re.compile(r"^\s*openai\s*(\[[^\]]*\])?\s*(?P<spec>[=<>!~][^;#\s]*(?:\s*,\s*[=<>!~][^;#\s]*)*)?", re.I)


def _requirements(text: str) -> str | None:
    for line in text.splitlines():
        m = _REQ_LINE.match(line)
        if m and not re.match(r"^\s*openai[\w-]", line, re.I):
            return (m.group("spec") or "").replace(" ", "") or None
    return None


def _pyproject(text: str) -> str | None:
    data = tomllib.loads(text)
    for dep in data.get("project", {}).get("dependencies", []) or []:
        spec = _requirements(str(dep))
        if spec:
            return spec
    poetry = data.get("tool", {}).get("poetry", {}).get("dependencies", {}) or {}
    value = poetry.get("openai")
    if isinstance(value, dict):
        value = value.get("version")
    return str(value) if value and value != "*" else None


# A lockfile without this line does not pin openai: no need to parse megabytes of TOML. uv and
# poetry write the version on the next line; anything else is parsed.
_LOCKED_OPENAI = re.compile(r"""^name\s*=\s*["']openai["'][ \t]*\n(?:version\s*=\s*"([^"\n]+)")?""", re.MULTILINE)


def _toml_lock(text: str) -> str | None:
    locked = _LOCKED_OPENAI.search(text)
    if locked is None:
        return None
    if locked.group(1):
        return "==" + locked.group(1)
    for pkg in tomllib.loads(text).get("package", []) or []:
        if pkg.get("name") == "openai" and pkg.get("version"):
            return "==" + str(pkg["version"])
    return None


def _pipfile_lock(text: str) -> str | None:
    data = json.loads(text)
    for section in ("default", "develop"):
        version = data.get(section, {}).get("openai", {}).get("version")
        if version:
            return str(version)
    return None


def _package_json(text: str) -> str | None:
    data = json.loads(text)
    for section in ("dependencies", "devDependencies", "peerDependencies"):
        version = (data.get(section) or {}).get("openai")
        if isinstance(version, str):
            return version
    return None


def _package_lock(text: str) -> str | None:
    data: dict[str, Any] = json.loads(text)
    pkg = (data.get("packages") or {}).get("node_modules/openai") or (data.get("dependencies") or {}).get("openai")
    return str(pkg["version"]) if isinstance(pkg, dict) and pkg.get("version") else None


_PYTHON: tuple[tuple[str, _Reader], ...] = (
    ("uv.lock", _toml_lock),
    ("poetry.lock", _toml_lock),
    ("Pipfile.lock", _pipfile_lock),
    ("requirements*.txt", _requirements),
    ("pyproject.toml", _pyproject),
)
_NODE: tuple[tuple[str, _Reader], ...] = (("package-lock.json", _package_lock), ("package.json", _package_json))


# --- which side of the split a spec allows ---------------------------------------------------

_CLAUSE = re.compile(r"(===|==|>=|<=|~=|!=|>|<|=|\^|~)?\s*v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?")
_SAMPLES = {
    "python": [(0, 26, 0), (0, 27, 0), (0, 28, 1), (1, 0, 0), (1, 50, 0), (2, 0, 0), (3, 57, 0)],
    "node": [(3, 2, 1), (3, 3, 0), (4, 0, 0), (4, 50, 0), (5, 0, 0), (6, 0, 0), (7, 57, 0)],
}


@lru_cache(maxsize=256)
def _new_shape(spec: str, eco: str) -> bool | None:
    """True: only new-shape versions satisfy ``spec``; False: only old; None: both, or unreadable."""
    named = [_pad(parts) for alt in spec.split("||") for _, parts in _clauses(alt)]
    allowed = [v for v in (*_SAMPLES[eco], *named) if _satisfies(v, spec)]
    if not allowed:
        return None
    sides = {v[0] >= _NEW_MAJOR[eco] for v in allowed}
    return sides.pop() if len(sides) == 1 else None


def _satisfies(v: tuple[int, int, int], spec: str) -> bool:
    """PEP 440 / npm / Poetry ranges, enough of them to tell majors apart (``||`` alternatives too)."""
    return any(all(_clause(v, c) for c in _clauses(alt)) for alt in spec.split("||"))


def _clauses(spec: str) -> Iterator[tuple[str, tuple[int, ...]]]:
    for m in _CLAUSE.finditer(spec):
        op = m.group(1) or "="
        parts = [int(x) for x in (m.group(2), m.group(3), m.group(4)) if x is not None and x.isdigit()]
        yield op, tuple(parts)


def _clause(v: tuple[int, int, int], clause: tuple[str, tuple[int, ...]]) -> bool:
    op, parts = clause
    n = len(parts)
    head = v[:n]
    if op in ("==", "===", "="):
        return head == parts
    if op == "!=":
        return head != parts
    if op == ">=":
        return v >= _pad(parts)
    if op == ">":
        return v > _pad(parts)
    if op == "<=":
        return v <= _pad(parts)
    if op == "<":
        return v < _pad(parts)
    if op == "^":  # same left-most non-zero component
        lead = next((i for i, x in enumerate(parts) if x != 0), n - 1)
        return v >= _pad(parts) and v[: lead + 1] == parts[: lead + 1]
    if op in ("~", "~="):  # same up to the last given component but one
        keep = max(1, n - 1) if op == "~=" else min(n, 2)
        return v >= _pad(parts) and v[:keep] == parts[:keep]
    return False


def _pad(parts: tuple[int, ...]) -> tuple[int, int, int]:
    p = (*parts, 0, 0, 0)
    return (p[0], p[1], p[2])


# --- findings ---------------------------------------------------------------------------------


# Pre-1.0 Python (``openai.ChatCompletion.create``) and pre-v4 Node (``openai.createChatCompletion``)
# shapes, found in the text so calls whose model is a variable count too. The v1 equivalent by name.
_PY_OLD = re.compile(
    r"(?<![\w.])openai\.(ChatCompletion|Completion|Embedding|Edit|Image|Moderation|FineTune|FineTuningJob|Audio|File"
    r"|Model|Engine)\.(\w+)(?=\s*\()"
)
_PY_V1 = {
    "ChatCompletion": "client.chat.completions.create",
    "Completion": "client.completions.create",
    "Embedding": "client.embeddings.create",
    "Edit": "client.chat.completions.create",
    "Image": "client.images.generate",
    "Moderation": "client.moderations.create",
    "FineTune": "client.fine_tuning.jobs.create",
    "FineTuningJob": "client.fine_tuning.jobs.create",
    "Audio": "client.audio.transcriptions.create",
    "File": "client.files.create",
    "Model": "client.models.list",
    "Engine": "client.models.list",
}
_IMPORT_OPENAI = re.compile(r"import\s+openai\b")
_NODE_OLD = re.compile(
    r"(?<![\w$.])(?:[\w$]+\.)*(createChatCompletion|createCompletion|createEmbedding|createImage|createModeration"
    r"|createTranscription|createTranslation|createEdit|listModels)(?=\s*\()"
)
_NODE_V4 = {
    "createChatCompletion": "client.chat.completions.create",
    "createCompletion": "client.completions.create",
    "createEmbedding": "client.embeddings.create",
    "createImage": "client.images.generate",
    "createModeration": "client.moderations.create",
    "createTranscription": "client.audio.transcriptions.create",
    "createTranslation": "client.audio.translations.create",
    "createEdit": "client.chat.completions.create",
    "listModels": "client.models.list",
}


@dataclass(frozen=True, slots=True)
class _Site:
    range: Range
    callee: str
    use: str | None  # the other major's equivalent, when there is one


def may_hold_old_calls(text: str, language: str) -> bool:
    """Whether ``_old_calls`` could find anything: a file with no model reference has no other
    SDK finding, so its manifests need not be looked up at all (most files of a tree)."""
    eco = _ecosystem(language)
    if eco is None or not _uses_old_sdk(text, eco):
        return False
    return (_PY_OLD if eco == "python" else _NODE_OLD).search(text) is not None


def _imports_openai(text: str) -> bool:
    """An ``import openai`` statement: only whitespace before it on its line (``^\\s*import\\s+openai\\b``
    in multi-line mode, which the regex engine tries at every character; ``import`` is found at memchr speed).

    Each stretch between two ``import`` words is read once: looking back to the line's start from
    every one made a long line quadratic (a bundle in a string, thousands of ``import`` on one line).
    """
    after = 0  # where the text after the last ``import`` looked at starts
    at = text.find("import")
    while at != -1:
        gap = text[after:at]
        blank = gap[len(gap.rstrip()) :]  # the whitespace right before ``import``
        if ("\n" in blank or (after == 0 and len(blank) == len(gap))) and _IMPORT_OPENAI.match(text, at):
            return True
        after = at + 6
        at = text.find("import", after)
    return False


def _uses_old_sdk(text: str, eco: str) -> bool:
    """The file uses the SDK the way 0.x calls need: ``openai.`` (Python) or ``OpenAIApi`` (Node)."""
    if eco == "python":
        return "openai." in text and _imports_openai(text)
    return "OpenAIApi" in text


def _old_calls(text: str, eco: str) -> Iterator[_Site]:
    pattern, table, comment = (_PY_OLD, _PY_V1, "#") if eco == "python" else (_NODE_OLD, _NODE_V4, "//")
    # Most files that import the SDK make no 0.x call: one search of the whole text says so (a
    # match in a line is one in the text, whose look-behind sees the newline as it does the
    # line's start) before the text is cut into lines.
    if not _uses_old_sdk(text, eco) or pattern.search(text) is None:
        return
    for i, line in enumerate(text.split("\n")):
        for m in pattern.finditer(line):
            if comment in line[: m.start()]:
                continue
            yield _Site(Range(Position(i, m.start()), Position(i, m.end())), m.group(0), table.get(m.group(1)))


def _new_calls(lines: Sequence[str], refs: Sequence[ModelReference], eco: str) -> Iterator[_Site]:
    client = "openai" if eco == "python" else "openai-node"
    for ref in refs:
        r = ref.callee
        if ref.client != client or r is None or r.start.line != r.end.line or r.start.line >= len(lines):
            continue
        callee = lines[r.start.line][r.start.character : r.end.character]
        if match_sdk_path([s.strip() for s in callee.split(".")]) is not None:
            yield _Site(r, callee, None)


def sdk_findings(text: str, refs: Sequence[ModelReference], declared: Declared) -> list[CodeFinding]:
    python = declared.ecosystem == "python"
    first = "1.0" if python else "4.0"
    pin = f"{declared.manifest} declares openai {declared.spec}"
    models = {r.callee: r for r in refs if r.callee is not None}
    sites = (
        _old_calls(text, declared.ecosystem)
        if declared.new_shape
        else _new_calls(text.split("\n"), refs, declared.ecosystem)
    )
    out: list[CodeFinding] = []
    seen: set[Range] = set()
    for site in sites:
        if site.range in seen:
            continue
        seen.add(site.range)
        if declared.new_shape:
            migrate = "run `openai migrate` (it rewrites 0.x calls), or" if python else "see the v4 migration guide, or"
            use = f"use `{site.use}(...)` on a client" if site.use else "use the client's methods"
            msg = f"{site.callee} was removed in openai {first} ({pin}); {migrate} {use}"
            raises = "`APIRemovedInV1`." if python else "a TypeError (no such method)."
            why = f"`{site.callee}` is the pre-{first} API; with openai {declared.spec} calling it raises {raises}"
        else:
            msg = f"{site.callee} needs openai>={first}, but {pin}; upgrade openai"
            why = f"`{site.callee}` is the openai {first}+ client API; openai {declared.spec} has no such attribute."
        ref = models.get(site.range)
        at = (
            replace(ref, range=site.range, via=(), via_note=None, model_start=0)
            if ref is not None
            else ModelReference(model="", range=site.range, client="openai")
        )
        out.append(
            CodeFinding(
                at,
                Status.SDK_MISMATCH,
                DEFAULT_SEVERITY[Status.SDK_MISMATCH],
                msg,
                f"{declared.manifest}: openai {declared.spec}",
                why=why,
                fix_steps=(msg.split("; ", 1)[1].capitalize() + ".",),
                links=(("openai-python v1 migration guide", DOCS_MIGRATION),),
            )
        )
    return out
