"""Score openai-access and its PyPI peers on the hand-labelled real-code corpus, side by side.

    .venv/bin/python bench/corpus_score.py [--ours PATH] [--peers-venv DIR] [--results]

Materialises the chosen files of every repository in ``bench/corpus/labels/`` at their pinned
commits from ``/work/.mirror`` (run the ``fetch`` tool for each repository first) into a temporary
tree, runs ``openai-access check --format json --probe off`` and the peers ``llm-sunset`` and
``lastorders`` on that same tree, and prints per tool recall, precision, exact-column rate and
wall time, broken down by kind. The misses and false positives of openai-access go to
``bench/out/corpus-misses.txt``. ``--results`` appends the tables to ``bench/corpus/RESULTS.md``.

A report matches a label on (file, cell, line, model); the column only decides the exact-column
rate (the reported range must start at the labelled character). Reports on traps, and on lines
of chosen files that carry no label for that model, are false positives. This is a benchmark:
nothing asserts, and pytest never collects it (a new SDK release must not break CI).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_lib import (
    CORPUS_DIR,
    LABELS_DIR,
    Label,
    MirrorMissing,
    Place,
    RepoLabels,
    bare_model,
    git_show,
    line_at,
    load_corpus,
    notebook_column,
    raw_notebook_map,
    starts_with_model,
    unlabelled_candidates,
    utf16_len,
    utf16_to_index,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = REPO_ROOT / "bench" / "out"


@dataclass(frozen=True)
class Report:
    """One model reference a tool reported, on the corpus's coordinates."""

    place: Place
    model: str


@dataclass
class ToolRun:
    name: str
    reports: list[Report] = field(default_factory=list)
    seconds: float = 0.0
    error: str = ""


@dataclass
class Score:
    """The outcome of matching one tool's reports against the labels."""

    tool: str
    hits: list[tuple[Label, Report]] = field(default_factory=list)
    misses: list[Label] = field(default_factory=list)
    false_positives: list[tuple[Report, Label | None]] = field(default_factory=list)  # label: the trap hit

    @property
    def recall(self) -> float:
        total = len(self.hits) + len(self.misses)
        return len(self.hits) / total if total else 0.0

    @property
    def precision(self) -> float:
        total = len(self.hits) + len(self.false_positives)
        return len(self.hits) / total if total else 0.0

    @property
    def exact(self) -> float:
        good = sum(1 for label, rep in self.hits if rep.place.character == label.place.character)
        return good / len(self.hits) if self.hits else 0.0


# ------------------------------------------------------------------------------------------
# matching (pure; tested in tests/bench/test_corpus_matching.py)
# ------------------------------------------------------------------------------------------


def _key(place: Place, model: str) -> tuple[str, int | None, int, str]:
    """Where and what: a provider prefix a tool keeps in its model name ("openai:gpt-4o") is dropped."""
    return (place.path, place.cell, place.line, bare_model(model))


def match(tool: str, labels: Iterable[Label], reports: Iterable[Report]) -> Score:
    """Pair reports with labels on (file, cell, line, model); exact columns pair first.

    Duplicate reports of one place count once. A report left over after every positive on its
    key is paired is a false positive, charged to the trap it sits on if there is one.
    """
    by_key: dict[tuple[str, int | None, int, str], list[Label]] = defaultdict(list)
    for label in labels:
        by_key[_key(label.place, label.model)].append(label)
    reported: dict[tuple[str, int | None, int, str], list[Report]] = defaultdict(list)
    for rep in dict.fromkeys(reports):  # dedupe, keep order
        reported[_key(rep.place, rep.model)].append(rep)
    score = Score(tool)
    for key in by_key.keys() | reported.keys():
        open_labels = list(by_key.get(key, []))
        left: list[Report] = []
        for rep in reported.get(key, []):
            same = next((lab for lab in open_labels if lab.place.character == rep.place.character), None)
            if same is None:
                left.append(rep)
                continue
            open_labels.remove(same)
            if same.positive:
                score.hits.append((same, rep))
            else:
                score.false_positives.append((rep, same))
        for rep in left:
            positives = [lab for lab in open_labels if lab.positive]
            if positives:
                nearest = min(positives, key=lambda lab: abs(lab.place.character - rep.place.character))
                open_labels.remove(nearest)
                score.hits.append((nearest, rep))
                continue
            traps = [lab for lab in by_key.get(key, []) if not lab.positive]
            score.false_positives.append((rep, traps[0] if traps else None))
        score.misses.extend(lab for lab in open_labels if lab.positive)
    return score


# ------------------------------------------------------------------------------------------
# the tree
# ------------------------------------------------------------------------------------------


def materialise(corpus: list[RepoLabels], root: Path) -> tuple[dict[str, str], list[Label]]:
    """Write every chosen file under ``root/owner+name/path``; return texts and all labels re-pathed.

    Each label is checked against the pinned text (the model must start at the labelled place), and
    every model-shaped literal of a chosen file must carry a label, so a typo or a forgotten site
    fails here rather than skewing a score.
    """
    texts: dict[str, str] = {}
    labels: list[Label] = []
    problems: list[str] = []
    for repo in corpus:
        prefix = repo.repo.replace("/", "+")
        raw: dict[str, str] = {}
        for path in repo.files:
            data = git_show(repo.mirror, repo.commit, path)
            target = root / prefix / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            raw[path] = texts[f"{prefix}/{path}"] = data.decode("utf-8", errors="replace")
        for place, model, _ in unlabelled_candidates(repo, raw):
            problems.append(
                f"{repo.source.name}: {place.path} {place.cell} {place.line}:{place.character} {model} has no label"
            )
        for label in repo.labels:
            rel = f"{prefix}/{label.place.path}"
            if label.place.path not in repo.files:
                problems.append(f"{repo.source.name}: label for unlisted file {label.place.path}")
                continue
            place = Place(rel, label.place.cell, label.place.line, label.place.character)
            src = line_at(texts[rel], rel, place.cell, place.line)
            index = utf16_to_index(src, place.character)
            if not starts_with_model(src[index:], label.model):
                problems.append(
                    f"{repo.source.name}: {label.place} is {src[index : index + 30]!r}, not {label.model!r}"
                )
            labels.append(Label(place, label.model, label.label, label.kind, label.note))
    if problems:
        raise SystemExit("labels do not fit the pinned sources:\n  " + "\n  ".join(problems))
    return texts, labels


# ------------------------------------------------------------------------------------------
# the tools
# ------------------------------------------------------------------------------------------


LIMITS = {"timeout_s": 1200.0}  # set from --timeout


def _run(argv: list[str], cwd: Path) -> tuple[str, str, int, float]:
    """Run one tool; a run past the --timeout counts as an error with no reports (never a hang)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env["NO_COLOR"] = "1"
    start = time.perf_counter()
    try:
        done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, env=env, timeout=LIMITS["timeout_s"])
    except subprocess.TimeoutExpired:
        return "", f"timed out after {LIMITS['timeout_s']:.0f} s", -1, time.perf_counter() - start
    return done.stdout, done.stderr, done.returncode, time.perf_counter() - start


CODE_FINDINGS = frozenset(
    {"unsupported-parameter", "conditional-parameter", "sdk-mismatch", "exposed-key", "browser-key"}
)


def run_ours(binary: Path, tree: Path, scratch: Path) -> ToolRun:
    argv = [str(binary), "check", ".", "--format", "json", "--probe", "off", "--cache-dir", str(scratch / "cache")]
    out, err, code, seconds = _run(argv, tree)
    run = ToolRun("openai-access", seconds=seconds)
    try:
        data = json.loads(out)
    except json.JSONDecodeError:
        run.error = f"exit {code}: {err.strip()[-400:]}"
        return run
    if code not in (0, 1):
        run.error = f"exit {code}: {err.strip()[-400:]}"
    for ref in data.get("references", []):
        if ref["status"] in CODE_FINDINGS:  # about an argument, the SDK or a key, not a model literal
            continue
        if ref["status"] == "not-openai":  # "an Azure deployment; not checked": the tool says it is no OpenAI model
            continue
        start = ref["range"]["start"]
        path = os.path.normpath(ref["path"])
        run.reports.append(Report(Place(path, ref.get("cell"), start["line"], start["character"]), ref["model"]))
    return run


def from_one_based(texts: dict[str, str], path: str, line1: int, col1: int, model: str) -> Report:
    """A peer's 1-based raw (line, column) on the corpus's coordinates (cells for notebooks)."""
    text = texts.get(path, "")
    if path.endswith(".ipynb") and text:
        raw_lines = text.split("\n")
        where = raw_notebook_map(text).get(line1 - 1)
        if where is not None:
            cell, line, quote = where
            raw = raw_lines[line1 - 1]
            return Report(Place(path, cell, line, notebook_column(raw, quote, col1 - 1)), model)
        return Report(Place(path, None, line1 - 1, col1 - 1), model)
    src = line_at(text, path, None, line1 - 1)
    return Report(Place(path, None, line1 - 1, utf16_len(src[: col1 - 1])), model)


def run_llm_sunset(venv: Path, tree: Path, texts: dict[str, str], scratch: Path) -> ToolRun:
    argv = [str(venv / "bin" / "llm-sunset"), "scan", "--format", "json", "--warn-within", "-1", "--offline",
            "--no-fail", "--provider", "openai", "."]  # fmt: skip
    out, err, code, seconds = _run(argv, tree)
    run = ToolRun("llm-sunset", seconds=seconds)
    try:
        data = json.loads(out)
    except json.JSONDecodeError:
        run.error = f"exit {code}: {err.strip()[-400:]}"
        return run
    for f in data.get("findings", []):
        path = os.path.normpath(f["path"])
        run.reports.append(from_one_based(texts, path, f["line"], f["column"], f.get("match") or f["model_id"]))
    return run


def run_lastorders(venv: Path, tree: Path, texts: dict[str, str], scratch: Path) -> ToolRun:
    out_dir = scratch / "lastorders-out"
    argv = [str(venv / "bin" / "lastorders"), "scan", "--format", "json", "--offline", "--pack", "openai",
            "--no-docs", "--out", str(out_dir), "."]  # fmt: skip
    _, err, code, seconds = _run(argv, tree)
    run = ToolRun("lastorders", seconds=seconds)
    try:
        data = json.loads((out_dir / "scan.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        run.error = f"exit {code}: {err.strip()[-400:]}"
        return run
    for f in data.get("findings", []):
        path = os.path.normpath(f["file"])
        run.reports.append(from_one_based(texts, path, f["line"], f["column"], f["model"]))
    return run


# ------------------------------------------------------------------------------------------
# printing
# ------------------------------------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{x:.3f}"


def tables(scores: list[Score], runs: list[ToolRun], labels: list[Label]) -> str:
    lines = ["| tool | recall | precision | exact column | hits | misses | FP on traps | FP unlabelled | wall s |",
             "|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for score, run in zip(scores, runs, strict=True):
        on_traps = sum(1 for _, trap in score.false_positives if trap is not None)
        precision = _pct(score.precision) if score.hits or score.false_positives else "–"  # nothing reported
        exact = _pct(score.exact) if score.hits else "–"
        lines.append(
            f"| {score.tool}{' (ERROR)' if run.error else ''} | {_pct(score.recall)} | {precision} "
            f"| {exact} | {len(score.hits)} | {len(score.misses)} | {on_traps} "
            f"| {len(score.false_positives) - on_traps} | {run.seconds:.2f} |"
        )
    retiring = _retiring_models()
    subset = [lab for lab in labels if lab.positive and lab.model in retiring]
    if subset:
        cells = []
        for score in scores:
            found = sum(1 for lab, _ in score.hits if lab.model in retiring)
            cells.append(f"{score.tool} {found}/{len(subset)} ({found / len(subset):.3f})")
        lines += ["", f"Recall on positives whose model has a shutdown date in the bundled catalog (n={len(subset)}): "
                  + ", ".join(cells)]  # fmt: skip
    names = " | ".join(s.tool for s in scores)
    pos = Counter((lab.label, lab.kind) for lab in labels if lab.positive)
    lines += ["", f"Recall by kind (positives found / labelled): | {names}", "",
              f"| label | kind | n | {names} |", "|---|---|---|" + "---|" * len(scores)]  # fmt: skip
    for (label, kind), n in sorted(pos.items()):
        cells = []
        for score in scores:
            hit = sum(1 for lab, _ in score.hits if (lab.label, lab.kind) == (label, kind))
            cells.append(f"{hit}/{n}")
        lines.append(f"| {label} | {kind} | {n} | " + " | ".join(cells) + " |")
    traps = Counter(lab.kind for lab in labels if not lab.positive)
    lines += ["", "Traps reported (false positives / labelled traps of that kind):", "",
              f"| trap kind | n | {names} |", "|---|---|" + "---|" * len(scores)]  # fmt: skip
    for kind, n in sorted(traps.items()):
        cells = []
        for score in scores:
            hit = sum(1 for _, trap in score.false_positives if trap is not None and trap.kind == kind)
            cells.append(str(hit))
        lines.append(f"| {kind} | {n} | " + " | ".join(cells) + " |")
    lines.append(
        "| (unlabelled line/model) | – | "
        + " | ".join(str(sum(1 for _, t in s.false_positives if t is None)) for s in scores)
        + " |"
    )
    return "\n".join(lines)


def _retiring_models() -> set[str]:
    """Model ids with a published shutdown date (past or ahead), from the bundled catalog data file.

    Only the data file is read (no engine import): it defines the subset the deprecation-only peers
    are built for, so their recall there is the fair comparison.
    """
    path = REPO_ROOT / "server" / "openai_access" / "catalog" / "models.json"
    try:
        models = json.loads(path.read_text(encoding="utf-8")).get("models", {})
    except (OSError, json.JSONDecodeError):
        return set()
    return {model for model, entry in models.items() if isinstance(entry, dict) and entry.get("shutdown")}


def write_misses(score: Score, texts: dict[str, str], target: Path) -> None:
    """Our misses and false positives, grouped by kind, with the source line: the scanner's to-do list."""

    def src(place: Place) -> str:
        return line_at(texts.get(place.path, ""), place.path, place.cell, place.line).strip()

    def where(place: Place) -> str:
        cell = f"[cell {place.cell}]" if place.cell is not None else ""
        return f"{place.path}{cell}:{place.line + 1}:{place.character + 1}"

    out = [f"# openai-access on the corpus: {len(score.misses)} misses, {len(score.false_positives)} false positives",
           "# places are path:LINE:COL, 1-based (editor style); labels store them 0-based", ""]  # fmt: skip
    by_kind: dict[str, list[Label]] = defaultdict(list)
    for lab in score.misses:
        by_kind[f"{lab.label}/{lab.kind}"].append(lab)
    out.append("## MISSES by kind")
    for kind, labs in sorted(by_kind.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        out.append(f"\n### {kind} ({len(labs)})")
        for lab in sorted(labs, key=lambda lab: (lab.place.path, lab.place.cell or 0, lab.place.line)):
            note = f"  [{lab.note}]" if lab.note else ""
            out.append(f"{where(lab.place)}  {lab.model}{note}\n    {src(lab.place)}")
    out.append("\n## FALSE POSITIVES")
    fps = sorted(score.false_positives, key=lambda fp: (fp[1].kind if fp[1] else "~unlabelled", fp[0].place.path))
    for rep, trap in fps:
        what = f"trap/{trap.kind}" + (f" [{trap.note}]" if trap.note else "") if trap else "unlabelled"
        out.append(f"{where(rep.place)}  {rep.model}  {what}\n    {src(rep.place)}")
    off = [(lab, rep) for lab, rep in score.hits if lab.place.character != rep.place.character]
    out.append(f"\n## FOUND, COLUMN OFF ({len(off)})")
    for lab, rep in off:
        out.append(
            f"{where(lab.place)}  {lab.model}  reported at column {rep.place.character + 1}\n    {src(lab.place)}"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(out) + "\n", encoding="utf-8")


def corpus_summary(corpus: list[RepoLabels], labels: list[Label]) -> str:
    pos = sum(1 for lab in labels if lab.positive)
    rows = ["| repository | commit | files | positives | traps |", "|---|---|---|---|---|"]
    for repo in corpus:
        p = sum(1 for lab in repo.labels if lab.positive)
        rows.append(f"| {repo.repo} | {repo.commit[:12]} | {len(repo.files)} | {p} | {len(repo.labels) - p} |")
    rows.append(f"| **total** | | {sum(len(r.files) for r in corpus)} | {pos} | {len(labels) - pos} |")
    return "\n".join(rows)


def _commit_of(binary: Path) -> str:
    root = binary.resolve().parent.parent.parent
    done = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%h %s"], capture_output=True, text=True)
    return done.stdout.strip() or "?"


def _shown(folder: Path) -> str:
    """``folder`` as the repository names it, when it lies inside it."""
    try:
        return str(folder.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(folder)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ours", type=Path, default=REPO_ROOT / ".venv" / "bin" / "openai-access")
    parser.add_argument("--peers-venv", type=Path, default=REPO_ROOT / "bench" / ".venv-peers")
    parser.add_argument("--results", action="store_true", help="append the tables to bench/corpus/RESULTS.md")
    parser.add_argument("--keep", type=Path, help="materialise the tree here and keep it (for looking)")
    parser.add_argument(
        "--timeout", type=float, default=LIMITS["timeout_s"], help="seconds per tool (default %(default)s)"
    )
    parser.add_argument("--ours-label", help="how RESULTS.md names the openai-access build (default: its git commit)")
    parser.add_argument("--repos", help="comma-separated substrings: score only matching repositories (a quick look)")
    parser.add_argument(
        "--labels",
        type=Path,
        default=LABELS_DIR,
        help="folder of label files (default: %(default)s; the held-out set: bench/corpus/heldout)",
    )
    parser.add_argument(
        "--check-only",
        action="store_true",
        help="check the labels against the pinned sources, run no tool (for labellers)",
    )
    args = parser.parse_args()
    args.ours, args.peers_venv = args.ours.absolute(), args.peers_venv.absolute()
    LIMITS["timeout_s"] = args.timeout

    corpus = load_corpus(args.labels)
    if not corpus:
        raise SystemExit(f"corpus_score: no label files in {args.labels}")
    if args.repos:
        wanted = [w.strip() for w in args.repos.split(",") if w.strip()]
        corpus = [repo for repo in corpus if any(w in repo.repo for w in wanted)]
        if not corpus:
            raise SystemExit(f"corpus_score: no repository matches {args.repos!r}")
    scratch = Path(tempfile.mkdtemp(prefix="corpus-"))
    tree = args.keep or scratch / "tree"
    if args.keep and tree.exists():
        shutil.rmtree(tree)
    try:
        try:
            texts, labels = materialise(corpus, tree)
        except MirrorMissing as exc:
            raise SystemExit(
                f"corpus_score: {exc}\nRun the fetch tool for that repository (github:owner/name)."
            ) from None
        if args.check_only:
            print(corpus_summary(corpus, labels))
            print("\nlabels fit the pinned sources; every model-shaped literal of the chosen files has one")
            return 0
        runners: list[Callable[[], ToolRun]] = [lambda: run_ours(args.ours, tree, scratch)]
        if (args.peers_venv / "bin" / "llm-sunset").exists():
            runners.append(lambda: run_llm_sunset(args.peers_venv, tree, texts, scratch))
        else:
            print(f"(llm-sunset not installed in {args.peers_venv}; see bench/corpus/README.md)", file=sys.stderr)
        if (args.peers_venv / "bin" / "lastorders").exists():
            runners.append(lambda: run_lastorders(args.peers_venv, tree, texts, scratch))
        else:
            print(f"(lastorders not installed in {args.peers_venv})", file=sys.stderr)
        runs = [runner() for runner in runners]
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    for run in runs:
        if run.error:
            print(f"{run.name}: {run.error}", file=sys.stderr)
    scores = [match(run.name, labels, run.reports) for run in runs]
    summary = corpus_summary(corpus, labels)
    body = tables(scores, runs, labels)
    print(summary + "\n\n" + body)
    write_misses(scores[0], texts, OUT_DIR / "corpus-misses.txt")
    print(f"\nmisses and false positives of openai-access: {OUT_DIR / 'corpus-misses.txt'}")
    if args.results:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        results = CORPUS_DIR / "RESULTS.md"
        head = results.read_text(encoding="utf-8") if results.exists() else "# Corpus results\n"
        build = args.ours_label or _commit_of(args.ours)
        which = "" if args.labels.resolve() == LABELS_DIR.resolve() else f", labels of `{_shown(args.labels)}`"
        section = f"\n## {stamp} — openai-access at `{build}`{which}\n\n{summary}\n\n{body}\n"
        results.write_text(head.rstrip("\n") + "\n" + section, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
