"""How often the keystroke path's quick rescan differs from a full scan, on code nobody here wrote.

Takes the biggest Python/JS/TS files (40–400 KB) of the mirrored corpus repositories
(``/work/.mirror``, see ``corpus_lib``), applies random keystrokes, deletions and retyped model
literals one after another, and after each compares ``incremental.quick`` (started from the
previous quick rescan, as the server does) with ``incremental.full``. A difference is shown to a
user until typing pauses and the full scan confirms; this counts how often that happens.

Run: ``.venv/bin/python bench/keystroke_fuzz.py [--seed 2] [--files 200] [--edits 8]``
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
from pathlib import Path

from openai_access.scan import DEFAULT_OPTIONS, incremental, language_for_path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_lib import MIRROR_ROOT

_LITERAL = re.compile(r'"(gpt-[\w.-]+|o\d[\w-]*)"')
_CODE = ("python", "javascript", "typescript", "tsx")


def big_files() -> list[tuple[Path, str]]:
    out = []
    for git_dir in sorted(MIRROR_ROOT.glob("*/repo")):
        ls = subprocess.run(
            ["git", "--git-dir", str(git_dir), "ls-tree", "-r", "-l", "HEAD"], capture_output=True, text=True
        )
        for line in ls.stdout.splitlines():
            meta, path = line.split("\t", 1)
            size = meta.split()[3]
            if size.isdigit() and 40_000 <= int(size) <= 400_000 and language_for_path(path) in _CODE:
                out.append((git_dir, path))
    return out


def one_edit(text: str, rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.4:  # a character typed
        i = rng.randrange(len(text))
        return text[:i] + rng.choice("x_ \"'(),\n") + text[i:]
    if kind < 0.7:  # a span deleted
        i = rng.randrange(len(text))
        return text[:i] + text[min(len(text), i + rng.randrange(1, 40)) :]
    found = list(_LITERAL.finditer(text))  # a model retyped
    if not found:
        return text
    m = rng.choice(found)
    return text[: m.start(1)] + rng.choice(["gpt-4o", "gtp-4o", "o3", "gpt-4.1-mini", ""]) + text[m.end(1) :]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--edits", type=int, default=8)
    args = ap.parse_args()
    files = big_files()
    if not files:
        print(f"no mirrors under {MIRROR_ROOT}: fetch the corpus repositories first", file=sys.stderr)
        return 1
    rng = random.Random(args.seed)
    rng.shuffle(files)
    edits = differ = full_scans = 0
    for git_dir, path in files[: args.files]:
        shown = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"HEAD:{path}"], capture_output=True)
        text = shown.stdout.decode("utf-8", "replace")
        language = language_for_path(path) or "python"
        snap = incremental.full(text, language, DEFAULT_OPTIONS)
        for _ in range(args.edits):
            edited = one_edit(text, rng)
            if edited == text:
                continue
            text = edited
            quick = incremental.quick(snap, text, language, DEFAULT_OPTIONS)
            exact = incremental.full(text, language, DEFAULT_OPTIONS)
            edits += 1
            if quick is None:
                full_scans += 1
                snap = exact
                continue
            if quick.references != exact.references:
                differ += 1
                print(f"differs: {git_dir.parent.name}:{path}")
            snap = quick
    print(
        f"{edits} edits of {min(args.files, len(files))} files: {differ} quick rescans differed from a full scan, "
        f"{full_scans} edits were scanned in full"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
