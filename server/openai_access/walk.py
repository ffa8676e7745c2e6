"""Which files a run reads, and reading one without letting it hang or exhaust us.

A repository decides what is in it, so everything here assumes a hostile tree: a
``x.py -> /dev/zero`` symlink, a FIFO named ``a.py``, a link to ``/etc`` or a 4 GB file. Only
regular files are read, symlinks are followed only while they stay inside the folder being
walked, and every read is bounded. What git ignores (``.gitignore``, and ``.ignore`` as
ripgrep reads it) is build output, data or vendored code, and lockfiles, minified bundles
and source maps are generated: none is where someone writes a model id, so they are skipped
(``--no-gitignore`` reads ignored files too; a file named on the command line is always read).
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from openai_access.scan import language_for_path
from openai_access.user_files import UnreadableFile, read_regular_file

if TYPE_CHECKING:  # pathspec is imported when a tree has an ignore file (a check of one file needs none)
    import pathspec

MIB = 1024 * 1024
MAX_FILE_BYTES = 5 * MIB  # larger files are generated or data: skipped with a note
MAX_IGNORE_FILE_BYTES = MIB
IGNORE_FILES = (".gitignore", ".ignore")
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        ".venv",
        "venv",
        "env",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "site-packages",
        "dist",
        "build",
        ".e2e",
        ".ipynb_checkpoints",
    }
)
# Generated files with a scanned extension: lockfiles, minified bundles, source maps.
GENERATED_NAMES = frozenset({"package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "composer.lock"})


def is_generated(name: str) -> bool:
    low = name.lower()
    return (
        low in GENERATED_NAMES
        or low.endswith((".lock", ".map", ".lock.json", ".lock.yaml", ".tsbuildinfo"))
        or ".min." in low
        or low.endswith(".min")
    )


@dataclass(frozen=True)
class Found:
    """A file to read: the path shown to the user and the one to open.

    The one to open is kept as the walk's string: a tree's thousands of files then cost no path
    object until one is asked for, and cross to the pool's processes as plain text.
    """

    display: str
    fs: str
    named: bool = False  # given on the command line (read even if ignored or generated)

    @cached_property
    def path(self) -> Path:
        return Path(self.fs)


class _Rules:
    """One ignore file's rules. pathspec compiles a regular expression per rule (440 for the
    ignore files of 8,000 files of public repositories), yet most paths meet no rule at all: one
    expression joining the rules' own (``quick``) is compiled at once and tells which paths might
    match; pathspec's spec is built only when one does, and then decides (it knows git's order
    and directory rules)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.quick = _any_rule(lines)  # None: always ask the spec
        self._spec: pathspec.GitIgnoreSpec | None = None

    def include(self, rel: str) -> bool | None:
        """True: ignored; False: re-included (``!keep``); None: no rule says."""
        if self.quick is not None and self.quick.search(rel) is None:
            return None
        if self._spec is None:
            import pathspec

            self._spec = pathspec.GitIgnoreSpec.from_lines(self.lines)
        include: bool | None = self._spec.check_file(rel).include
        return include


class _Ignores:
    """The ignore rules in force in one directory: its own files' and its parents'."""

    def __init__(self) -> None:
        self.levels: list[tuple[str, _Rules]] = []  # (directory, its rules), outermost first

    def child(self, directory: str, names: Container[str] = IGNORE_FILES) -> _Ignores:
        """The rules in ``directory``, whose listing holds ``names`` (ignore files absent from it are not opened)."""
        files = [_load_rules(directory, name) for name in IGNORE_FILES if name in names]
        found = [(directory, rules) for rules in files if rules is not None]
        if not found:
            return self
        out = _Ignores()
        out.levels = [*self.levels, *found]
        return out

    def ignored(self, path: str, is_dir: bool) -> bool:
        """The deepest rule that matches decides (git's order: a deeper ``!keep`` re-includes)."""
        verdict = False
        for directory, rules in self.levels:
            if path.startswith(directory + os.sep):
                rel = path[len(directory) + 1 :].replace(os.sep, "/")
            else:
                rel = os.path.relpath(path, directory).replace(os.sep, "/")
                if rel.startswith("../"):
                    continue
            include = rules.include(rel + "/" if is_dir else rel)
            if include is not None:
                verdict = include
        return verdict


def _load_rules(directory: str, name: str) -> _Rules | None:
    data = read_bounded(Path(directory, name), MAX_IGNORE_FILE_BYTES)
    if not isinstance(data, bytes):
        return None
    lines = data.decode("utf-8", "replace").splitlines()
    if not any(line.strip() and not line.startswith("#") for line in lines):
        return None
    return _Rules(lines)


# pathspec writes nearly every rule as one of these starts, its own middle, and one of these ends
# ("*.log": ^(?:.+/)?[^/]*\.log(?:(?P<ps_d>/)|$)). Rules that share both are joined in their middles,
# so the start and end are parsed once, not once per rule (compiling is most of loading a file).
_STARTS = ("^(?:.+/)?", "^")
_ENDS = ("(?:(?P<ps_d>/)|$)", "(?P<ps_d>/)")


def _any_rule(lines: list[str]) -> re.Pattern[str] | None:
    """One expression that matches whenever one of the rules' own (as pathspec writes them) does;
    None when there is no rule or they cannot be joined, or when pathspec keeps its rule reader
    elsewhere (it is not pathspec's public API: a release that moves it costs only this shortcut)."""
    try:
        from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern
    except ImportError:
        return None

    middles: dict[tuple[str, str], list[str]] = {}
    whole = []
    for line in lines:
        if not line:
            continue
        regex, include = GitIgnoreSpecPattern.pattern_to_regex(line)
        if include is None:
            continue
        if not isinstance(regex, str):
            return None
        start = next((s for s in _STARTS if regex.startswith(s)), None)
        end = next((e for e in _ENDS if regex.endswith(e)), None)
        if start is None or end is None or len(start) + len(end) > len(regex):
            whole.append(regex)
        else:
            middles.setdefault((start, end), []).append(regex[len(start) : len(regex) - len(end)])
    parts = [start + "(?:" + "|".join(m) + ")" + end for (start, end), m in middles.items()] + whole
    try:
        return re.compile("|".join("(?:" + re.sub(r"\(\?P<\w+>", "(?:", p) + ")" for p in parts)) if parts else None
    except re.error:
        return None


def _repo_ignores(top: str) -> _Ignores:
    """Ignore files of the folders above ``top``, up to its git repository's root."""
    chain: list[str] = []
    cur = os.path.abspath(top)
    while True:
        parent = os.path.dirname(cur)
        if os.path.isdir(os.path.join(cur, ".git")) or parent == cur:
            break
        chain.append(parent)
        cur = parent
    if not os.path.isdir(os.path.join(cur, ".git")):
        return _Ignores()  # not in a repository: only the walked folders' own files count
    ignores = _Ignores()
    for directory in reversed(chain):
        ignores = ignores.child(directory)
    return ignores


def iter_files(
    paths: Iterable[str],
    *,
    gitignore: bool = True,
    excluded: Callable[[str], bool] | None = None,
) -> Iterator[Found]:
    """Every file a scanner knows under ``paths`` (sorted, so output order is stable).

    ``excluded`` is the project's own ``ignore-paths`` test on the display path.
    """
    for given in paths:
        p = Path(given)
        if not p.is_dir():
            yield Found(given, str(p), named=True)
            continue
        start = _repo_ignores(str(p)) if gitignore else _Ignores()
        yield from _walk(given, str(p), os.path.realpath(given), start, gitignore, excluded)


def _walk(
    given: str,
    root: str,
    top: str,
    start: _Ignores,
    gitignore: bool,
    excluded: Callable[[str], bool] | None,
) -> Iterator[Found]:
    stack: list[tuple[str, _Ignores]] = [(root, start)]
    skip = len(os.path.join(root, ""))  # a path below root, less this, is relative to it
    while stack:
        directory, ignores = stack.pop()
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        if gitignore:
            ignores = ignores.child(directory, {e.name for e in entries if e.name in IGNORE_FILES})
        subdirs: list[tuple[str, _Ignores]] = []
        shown = None  # what a file's name here is joined to for display (once a file is kept)
        for entry in entries:
            full = entry.path  # os.path.join(directory, entry.name), joined by scandir
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_link:
                # Linked folders are skipped (cycles, content reached twice); a linked file is
                # read only if it stays inside the tree.
                if os.path.isdir(full) or not _inside(full, top):
                    continue
            elif is_dir:
                if entry.name in SKIP_DIRS or (gitignore and ignores.ignored(full, True)):
                    continue
                subdirs.append((full, ignores))
                continue
            if language_for_path(entry.name) is None or is_generated(entry.name):
                continue
            if shown is None:
                # normpath(given/rel/name) is normpath(given/rel)/name: a listed name is never "." or "..".
                folder = os.path.normpath(os.path.join(given, directory[skip:]))
                shown = "" if folder == "." else os.path.join(folder, "")
            display = shown + entry.name
            if (excluded is not None and excluded(display)) or (gitignore and ignores.ignored(full, False)):
                continue
            yield Found(display, full)
        stack.extend(reversed(subdirs))


def _inside(path: str, top: str) -> bool:
    real = os.path.realpath(path)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


class Skip(str):
    """Why a file was not read (a note for the user)."""


def read_bounded(path: Path, limit: int) -> bytes | Skip:
    """At most ``limit`` bytes of a regular file, or why not (``user_files.read_regular_file``'s rules)."""
    try:
        return read_regular_file(path, limit)
    except UnreadableFile as e:
        if e.errno != errno.EFBIG:
            return Skip("not a regular file")
        if e.size is not None:
            return Skip(f"{e.size // MIB} MB is over the {limit // MIB} MB limit")
        return Skip(f"grew over the {limit // MIB} MB limit while being read")
    except OSError as e:
        return Skip(f"cannot read: {e.strerror or e}")
