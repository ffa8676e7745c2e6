"""The labelled real-code corpus: label files, pinned sources, and where a model literal sits.

Shared by ``corpus_score.py`` (the scorer) and ``corpus/candidates.py`` (the labelling helper).
Nothing here knows about any scanner: positions come from the text itself, so a label can be
checked against the pinned source and a tool's report can be placed on the same coordinates.

Coordinates are the CLI contract's: 0-based line, UTF-16 character of the first character inside
the quotes. In a notebook the line and character are inside the cell's source, and the cell index
is part of the place (``c3:12:19`` in a label file).
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
LABELS_DIR = CORPUS_DIR / "labels"
MIRROR_ROOT = Path("/work/.mirror")

POSITIVE = ("call", "slot")
NEGATIVE = ("trap",)

# What a model id looks like, for the labelling helper only (the scorer never uses it to decide).
MODEL_SHAPE = (
    r"(?:ft:)?(?:gpt-[\w.:-]+|o[134](?:-[\w.-]+)?|chatgpt-[\w.-]+|text-embedding-[\w.-]+|dall-e-[\w.-]+"
    r"|whisper-[\w.-]+|tts-[\w.-]+|(?:text-|code-)?(?:davinci|babbage|curie|ada)(?:-[\w.-]+)?"
    r"|omni-moderation-[\w.-]+|text-moderation-[\w.-]+|computer-use-[\w.-]+|codex-[\w.-]+|sora-[\w.-]+"
    r"|gpt-image-[\w.-]+)"
)
# A provider prefix ("openai:gpt-4o", "openai/gpt-4o", "azure/gpt-4", "litellm/openai/...") is allowed
# inside the quotes; the model id is what follows it, the place is still the first character inside
# the quotes (where the CLI contract's range starts).
PREFIX = re.compile(r"(?:(?!ft:)[\w.-]+[:/])*")
QUOTED_MODEL = re.compile(
    r"""(?P<q>['"`])(?P<prefix>(?:(?!ft:)[\w.-]+[:/])*)(?P<model>""" + MODEL_SHAPE + r""")(?P=q)"""
)


@dataclass(frozen=True)
class Place:
    """Where a literal is: file, notebook cell (or None), 0-based line, UTF-16 character."""

    path: str
    cell: int | None
    line: int
    character: int


@dataclass
class Label:
    """One hand-labelled site: a positive (``call``/``slot``) or a trap."""

    place: Place
    model: str
    label: str
    kind: str
    note: str = ""

    @property
    def positive(self) -> bool:
        return self.label in POSITIVE


@dataclass
class RepoLabels:
    """One label file: a repository pinned at a commit, the chosen files and their labels."""

    repo: str
    commit: str
    source: Path
    files: dict[str, str] = field(default_factory=dict)  # path -> why it was chosen
    labels: list[Label] = field(default_factory=list)

    @property
    def mirror(self) -> Path:
        return MIRROR_ROOT / self.repo.replace("/", "+") / "repo"


_SITE = re.compile(
    r"^\s+(?:c(?P<cell>\d+):)?(?P<line>\d+):(?P<char>\d+)\s+(?P<model>\S+)\s+(?P<label>\S+)\s+(?P<kind>\S+)"
    r"(?:\s+--\s*(?P<note>.*))?$"
)


def parse_label_file(path: Path) -> RepoLabels:
    """Read the line format described in ``corpus/README.md``; fail loudly on anything else."""
    repo = commit = ""
    out: RepoLabels | None = None
    current = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = raw.split("#|", 1)[0].rstrip()  # '#|' starts a labelling aid that is never stored
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        where = f"{path.name}:{number}"
        if text.startswith("repo "):
            repo = text.split(None, 1)[1].strip()
        elif text.startswith("commit "):
            commit = text.split(None, 1)[1].strip()
        elif text.startswith("file "):
            if out is None:
                if not (repo and commit):
                    raise ValueError(f"{where}: 'repo' and 'commit' must come before the first 'file'")
                out = RepoLabels(repo, commit, path)
            head, _, why = text[5:].partition(" -- ")
            current = head.strip()
            out.files[current] = why.strip()
        else:
            m = _SITE.match(text)
            if not m or out is None or not current:
                raise ValueError(f"{where}: cannot read {raw!r}")
            label = m["label"]
            if label not in POSITIVE + NEGATIVE:
                raise ValueError(f"{where}: label must be call, slot or trap, not {label!r}")
            cell = int(m["cell"]) if m["cell"] is not None else None
            place = Place(current, cell, int(m["line"]), int(m["char"]))
            out.labels.append(Label(place, m["model"], label, m["kind"], (m["note"] or "").strip()))
    if out is None:
        raise ValueError(f"{path}: no 'file' entries")
    return out


def load_corpus(directory: Path = LABELS_DIR) -> list[RepoLabels]:
    return [parse_label_file(p) for p in sorted(directory.glob("*.txt"))]


class MirrorMissing(RuntimeError):
    """The repository (or the pinned commit) is not on this machine: run the ``fetch`` tool first."""


def git_show(mirror: Path, commit: str, path: str) -> bytes:
    if not mirror.is_dir():
        raise MirrorMissing(f"no mirror at {mirror}")
    done = subprocess.run(["git", "--git-dir", str(mirror), "show", f"{commit}:{path}"], capture_output=True)
    if done.returncode != 0:
        raise MirrorMissing(f"{mirror}: cannot read {commit[:12]}:{path}: {done.stderr.decode().strip()}")
    return done.stdout


def starts_with_model(text: str, model: str) -> bool:
    """Does ``text`` (from a labelled place on) hold ``model``, after an optional provider prefix?"""
    prefix = PREFIX.match(text)
    return text.startswith(model) or text[prefix.end() if prefix else 0 :].startswith(model)


def bare_model(model: str) -> str:
    """The model id without a provider prefix ("openai:gpt-4o" -> "gpt-4o"; "ft:..." is kept)."""
    prefix = PREFIX.match(model)
    return model[prefix.end() :] if prefix and prefix.end() < len(model) else model


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def utf16_to_index(line: str, character: int) -> int:
    """The Python index of the code point that starts at UTF-16 offset ``character``."""
    units = 0
    for index, ch in enumerate(line):
        if units >= character:
            return index
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(line)


def notebook_cells(text: str) -> list[list[str]]:
    """Each cell's source as lines (kept for every cell type so indices match the file)."""
    data = json.loads(text)
    cells = []
    for cell in data.get("cells", []):
        source = cell.get("source", "")
        joined = "".join(source) if isinstance(source, list) else str(source)
        cells.append(joined.split("\n"))
    return cells


def code_cells(text: str) -> set[int]:
    data = json.loads(text)
    return {i for i, c in enumerate(data.get("cells", [])) if c.get("cell_type") == "code"}


def line_at(text: str, path: str, cell: int | None, line: int) -> str:
    """The source line a place names ("" if it does not exist)."""
    if path.endswith(".ipynb"):
        cells = notebook_cells(text)
        if cell is None or cell >= len(cells) or line >= len(cells[cell]):
            return ""
        return cells[cell][line]
    lines = text.split("\n")
    return lines[line].rstrip("\r") if line < len(lines) else ""


def candidates(text: str, path: str) -> Iterator[tuple[Place, str, str]]:
    """Every quoted model-shaped literal: (place, model, source line). For the labelling helper."""
    if path.endswith(".ipynb"):
        for c, lines in enumerate(notebook_cells(text)):
            for n, src in enumerate(lines):
                for m in QUOTED_MODEL.finditer(src):
                    yield Place(path, c, n, utf16_len(src[: m.start("prefix")])), m["model"], src
        return
    for n, src in enumerate(text.split("\n")):
        for m in QUOTED_MODEL.finditer(src):
            yield Place(path, None, n, utf16_len(src[: m.start("prefix")])), m["model"], src


def unlabelled_candidates(repo: RepoLabels, texts: dict[str, str]) -> list[tuple[Place, str, str]]:
    """Model-shaped literals of chosen files that carry no label: every one must be decided."""
    labelled = {(lab.place, lab.model) for lab in repo.labels}
    return [
        (place, model, src)
        for path in repo.files
        for place, model, src in candidates(texts[path], path)
        if (place, model) not in labelled
    ]


def raw_notebook_map(text: str) -> dict[int, tuple[int, int, int]]:
    """Raw file line -> (cell, line in cell, raw column of the JSON string's opening quote).

    Regex-based peers report notebooks on the raw JSON text; this puts their reports on the
    contract's (cell, line, character) coordinates. Works for the usual one-string-per-line layout.
    """
    raw_lines = text.split("\n")
    out: dict[int, tuple[int, int, int]] = {}
    data = json.loads(text)
    cursor = 0
    for c, cell in enumerate(data.get("cells", [])):
        source = cell.get("source", "")
        pieces = source if isinstance(source, list) else [source]
        line_in_cell = 0
        for piece in pieces:
            encoded = json.dumps(piece)[1:-1]
            for r in range(cursor, len(raw_lines)):
                q = raw_lines[r].find('"' + encoded + '"') if encoded else -1
                if q >= 0:
                    out[r] = (c, line_in_cell, q)
                    cursor = r + 1
                    break
            line_in_cell += piece.count("\n")
    return out


def notebook_column(raw_line: str, quote: int, raw_col: int) -> int:
    """UTF-16 column inside the cell line for a column in the raw JSON string starting at ``quote``."""
    prefix = raw_line[quote + 1 : raw_col]
    try:
        return utf16_len(json.loads('"' + prefix + '"'))
    except json.JSONDecodeError:
        return raw_col - quote - 1
