"""Labelling aid: print a stub of label lines for files of a fetched repository.

    python bench/corpus/candidates.py owner/name [--commit SHA] PATH [PATH ...]

Every quoted model-shaped literal becomes ``  LINE:CHAR MODEL ? ?  #| source line``. The labeller
reads the file, replaces ``? ?`` with a label and a kind, and deletes the ``#|`` aids before the
file is committed (the scorer ignores them anyway; the source is never stored). The candidates
come from a plain regex over the pinned text, never from a scanner's output.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus_lib import MIRROR_ROOT, candidates, git_show


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repo")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--commit", default="HEAD")
    args = parser.parse_args()
    mirror = MIRROR_ROOT / args.repo.replace("/", "+") / "repo"
    commit = subprocess.run(
        ["git", "--git-dir", str(mirror), "rev-parse", args.commit], capture_output=True, text=True, check=True
    ).stdout.strip()
    print(f"repo {args.repo}\ncommit {commit}\n")
    for path in args.paths:
        text = git_show(mirror, commit, path).decode("utf-8", errors="replace")
        print(f"file {path} -- ")
        for place, model, src in candidates(text, path):
            where = (f"c{place.cell}:" if place.cell is not None else "") + f"{place.line}:{place.character}"
            print(f"  {where} {model} ? ?  #| {src.strip()[:150]}")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
