"""Secret keys written into files the repository tracks, and browser clients that ship keys.

A finding never carries the key: message, hover, JSON and SARIF name its kind and its last
four characters only (what the dashboard's key list shows), so the output can be shared.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from openai_access.compat.finding import CodeFinding, Edit, Fix
from openai_access.references import ModelReference, Position, Range
from openai_access.statuses import CONSOLE_API_KEYS, DEFAULT_SEVERITY, DOCS_KEY_SAFETY, Status

# sk-, sk-proj-, sk-svcacct-, sk-admin- followed by a long key body (real keys are 48-200 chars).
_KEY = re.compile(r"(?<![A-Za-z0-9_-])sk-(?:(proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])")
_PLACEHOLDER = re.compile(r"x{4}|\.{3}|your|here|example|placeholder|dummy|test|redacted|\*", re.I)
_KINDS = {None: "secret key", "proj": "project key", "svcacct": "service account key", "admin": "admin key"}
_BROWSER = re.compile(r"dangerouslyAllowBrowser\s*:\s*true\b")
_OPENAI_CTOR = re.compile(r"new\s+(?:[\w$]+\.)*(?:Azure)?OpenAI\s*\(\s*\{[^}]*$", re.S)
_CODE = frozenset({"python", "javascript", "typescript", "tsx", "notebook"})
_ENV_READ = {
    "python": 'os.environ["OPENAI_API_KEY"]',
    "notebook": 'os.environ["OPENAI_API_KEY"]',
    "javascript": "process.env.OPENAI_API_KEY",
    "typescript": "process.env.OPENAI_API_KEY",
    "tsx": "process.env.OPENAI_API_KEY",
}


@dataclass(frozen=True, slots=True)
class FoundKey:
    line: int
    start: int
    end: int
    kind: str
    last4: str

    @property
    def label(self) -> str:
        return f"{self.kind} ending in …{self.last4}"


def find_keys(text: str) -> Iterator[FoundKey]:
    for i, line in enumerate(text.split("\n")):
        if "sk-" not in line:
            continue
        for m in _KEY.finditer(line):
            body = m.group(0)[len("sk-") + (len(m.group(1)) + 1 if m.group(1) else 0) :]
            # Real key bodies are random mixed-case text; a one-case body is a made-up stand-in
            # ("sk-synthetic-client-key", lowercase hex in a test, "sk-FAKE-KEY"), not a secret.
            # A mixed-case body that says FAKE keeps a real key's shape, so it is still flagged:
            # that is how this project's own examples and tests show the finding without a real key.
            if _PLACEHOLDER.search(body) or len(set(body)) < 8 or body in (body.lower(), body.upper()):
                continue
            yield FoundKey(i, m.start(), m.end(), _KINDS[m.group(1)], m.group(0)[-4:])


def git_ignored(path: str) -> bool:
    """Whether a ``.gitignore`` from the file's folder up to the repository root lists the file."""
    p = Path(path).resolve()
    for folder in p.parents:
        ignore = folder / ".gitignore"
        if ignore.is_file():
            rel = p.relative_to(folder).as_posix()
            try:
                patterns = ignore.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                patterns = []
            ignored = False
            for raw in patterns:  # the last matching line wins; ``!pattern`` re-includes
                pat = raw.strip()
                if pat and not pat.startswith("#") and _listed(rel, pat.lstrip("!")):
                    ignored = not pat.startswith("!")
            if ignored:
                return True
        if (folder / ".git").exists():
            return False
    return False


def _listed(rel: str, pattern: str) -> bool:
    """Whether one ``.gitignore`` line covers ``rel`` (the file or a folder it sits in)."""
    anchored = pattern.startswith("/") or "/" in pattern.rstrip("/")
    pat = pattern.strip("/")
    parts = rel.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    if anchored:
        return any(fnmatch.fnmatch(prefix, pat) for prefix in prefixes)
    return any(fnmatch.fnmatch(name, pat) for name in parts)


def key_findings(text: str, language: str, path: str | None, *, cell: int | None = None) -> list[CodeFinding]:
    out: list[CodeFinding] = []
    if "sk-" in text:
        keys = list(find_keys(text))
        if keys and not (path is not None and os.path.exists(path) and git_ignored(path)):
            lines = text.split("\n")
            out += (_key_finding(k, lines, language, text, cell) for k in keys)
    if _may_ship_key(text, language):
        out += _browser_findings(text)
    return out


def may_find_keys(text: str, language: str) -> bool:
    """Whether ``key_findings`` could report anything for this text, wherever the file lives.

    A batch run asks this where the file is read, so that the many files with nothing to
    report never travel to the process that judges.
    """
    return ("sk-" in text and next(find_keys(text), None) is not None) or _may_ship_key(text, language)


def _may_ship_key(text: str, language: str) -> bool:
    return language in ("javascript", "typescript", "tsx") and "dangerouslyAllowBrowser" in text


def _ref(rng: Range, cell: int | None) -> ModelReference:
    return ModelReference(model="", range=rng, client="openai", cell=cell)


def _key_finding(k: FoundKey, lines: list[str], language: str, text: str, cell: int | None) -> CodeFinding:
    rng = Range(Position(k.line, k.start), Position(k.line, k.end))
    line = lines[k.line]
    fixes: tuple[Fix, ...] = ()
    read = _ENV_READ.get(language)
    quoted = k.start > 0 and k.end < len(line) and line[k.start - 1] == line[k.end] and line[k.end] in "\"'`"
    if read is not None and quoted:
        edits = [Edit(Range(Position(k.line, k.start - 1), Position(k.line, k.end + 1)), read)]
        if read.startswith("os.") and not re.search(r"^\s*import\s+os\b|^\s*from\s+os\s+import", text, re.M):
            at = _import_line(lines)
            edits.insert(0, Edit(Range(Position(at, 0), Position(at, 0)), "import os\n"))
        fixes = (Fix(f"Read the key from OPENAI_API_KEY ({read})", tuple(edits)),)
    where = "in code" if language in _CODE else "in a file the repository tracks"
    msg = f"An OpenAI {k.label} is written {where}: anyone who can read the repository can use it"
    return CodeFinding(
        _ref(rng, cell),
        Status.EXPOSED_KEY,
        DEFAULT_SEVERITY[Status.EXPOSED_KEY],
        msg,
        "found in the file (key not shown)",
        why="A key in a tracked file ends up in every clone, fork and CI log. Treat it as leaked.",
        fix_steps=(
            f"Revoke the {k.kind} ending in …{k.last4} on the API keys page and create a new one.",
            "Read the new key from the `OPENAI_API_KEY` environment variable"
            + (" (quick fix available)." if fixes else "; keep `.env` files in `.gitignore`."),
        ),
        links=(("API keys", CONSOLE_API_KEYS), ("API key safety", DOCS_KEY_SAFETY)),
        fixes=fixes,
    )


def _import_line(lines: list[str]) -> int:
    """Where ``import os`` goes: before the first top-level import, after any ``__future__``."""
    first = None
    for i, line in enumerate(lines):
        if line.startswith("from __future__"):
            first = i + 1
        elif first is None and line.startswith(("import ", "from ")):
            return i
    return first or 0


def _browser_findings(text: str) -> list[CodeFinding]:
    out = []
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    for m in _BROWSER.finditer(text):
        if not _OPENAI_CTOR.search(text[max(0, m.start() - 600) : m.start()]):
            continue  # another SDK's client (Anthropic, Groq...) or an options type
        row = next(i for i in range(len(lines)) if offsets[i + 1] > m.start())
        rng = Range(Position(row, m.start() - offsets[row]), Position(row, m.end() - offsets[row]))
        out.append(
            CodeFinding(
                _ref(rng, None),
                Status.BROWSER_KEY,
                DEFAULT_SEVERITY[Status.BROWSER_KEY],
                "dangerouslyAllowBrowser: true sends the API key to every visitor's browser",
                "openai-node ClientOptions",
                why="The openai-node SDK says: *By default, client-side use of this library is not allowed, as it "
                "risks exposing your secret API credentials to attackers. Only set this option to `true` if you "
                "understand the risks and have appropriate mitigations in place.* Anyone who opens the page can "
                "read the key and spend on your account.",
                fix_steps=(
                    "Call OpenAI from your server and have the browser call your server.",
                    "For realtime voice in the browser, mint a short-lived client secret on the server instead.",
                ),
                links=(("API key safety", DOCS_KEY_SAFETY),),
            )
        )
    return out
