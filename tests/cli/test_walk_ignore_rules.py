"""Ignore files are decided by pathspec, whose rule-by-rule spec is built only for a path that may meet a rule."""

from __future__ import annotations

import sys
from itertools import product
from pathlib import Path

import pathspec
import pytest

from openai_access import walk

TRICKY = [
    "# comment",
    "",
    "*.log",
    "!keep.log",
    "build/",
    "/top_only.py",
    "docs/**/gen_*.py",
    "**/cache",
    "a?c.py",
    "[bc]ar.py",
    r"\#hash.py",
    r"\!bang.py",
    "trailing.py   ",
    "dir/sub/",
    "!dir/sub/keep.py",
    "node_modules",
    "/dist",
    "/lib/",
    "out/",
    "**/logs/*.txt",
    "foo/bar",
    "a/**",
    "**",
]
PATHS = [
    "x.log",
    "keep.log",
    "deep/keep.log",
    "build/",
    "build/x.py",
    "src/build/",
    "top_only.py",
    "src/top_only.py",
    "docs/gen_a.py",
    "docs/x/y/gen_b.py",
    "cache/",
    "x/cache/",
    "abc.py",
    "bar.py",
    "car.py",
    "#hash.py",
    "!bang.py",
    "trailing.py",
    "dir/sub/",
    "dir/sub/keep.py",
    "dir/sub/other.py",
    "plain.py",
    "node_modules/",
    "x/node_modules/y.js",
    "dist/",
    "src/dist/",
    "lib/",
    "lib",
    "src/lib/",
    "out/",
    "out",
    "logs/a.txt",
    "x/logs/a.txt",
    "foo/bar",
    "x/foo/bar",
    "a/b.py",
    "b/a/c.py",
]


@pytest.mark.parametrize("size", [1, 2, 3, len(TRICKY)])
def test_the_verdict_is_pathspecs_for_every_path(size: int) -> None:
    for start in range(len(TRICKY) - size + 1):
        lines = TRICKY[start : start + size]
        rules = walk._Rules(lines)
        spec = pathspec.GitIgnoreSpec.from_lines(lines)
        for path in PATHS:
            assert rules.include(path) == spec.check_file(path).include, (lines, path)


def test_an_ignore_file_no_path_meets_is_not_compiled_rule_by_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("*.log\n/dist_out/\n!keep.log\n")
    for name, sub in product(["app.py", "lib.ts"], ["", "src", "src/deep"]):
        (tmp_path / sub).mkdir(parents=True, exist_ok=True)
        (tmp_path / sub / name).write_text("x = 1\n")
    built: list[list[str]] = []
    real = pathspec.GitIgnoreSpec.from_lines

    def counting(lines: list[str]) -> pathspec.GitIgnoreSpec:
        built.append(list(lines))
        return real(lines)

    monkeypatch.setattr(pathspec.GitIgnoreSpec, "from_lines", counting)
    found = {f.display for f in walk.iter_files([str(tmp_path)])}
    assert len(found) == 6
    assert built == []

    (tmp_path / "src" / "dist_out").mkdir()  # the rule is anchored at the top: only dist_out/ there is ignored
    (tmp_path / "src" / "dist_out" / "b.py").write_text("x = 1\n")
    (tmp_path / "dist_out").mkdir()
    (tmp_path / "dist_out" / "a.py").write_text("x = 1\n")
    found = {Path(f.display).relative_to(tmp_path).as_posix() for f in walk.iter_files([str(tmp_path)])}
    assert "src/dist_out/b.py" in found and "dist_out/a.py" not in found
    assert len(built) == 1


def test_without_pathspecs_rule_reader_every_path_asks_the_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick test borrows a reader that is not pathspec's public API; were it moved, the rules
    still decide, each path through the spec."""
    monkeypatch.setitem(sys.modules, "pathspec.patterns.gitignore.spec", None)  # import fails
    rules = walk._Rules(TRICKY)
    assert rules.quick is None
    spec = pathspec.GitIgnoreSpec.from_lines(TRICKY)
    for path in PATHS:
        assert rules.include(path) == spec.check_file(path).include, path
