"""Benchmarks of scale (issue 10, issue 14 item 14): against a regex peer, linearity, memory.

Sections (called from ``run.py``; each figure next to a floor measured in the same run):

- ``sunset``: ``openai-access check --probe off`` against ``llm-sunset`` (a regex scanner from
  PyPI, installed in ``bench/.venv-peers``) on the same files: public repositories taken from
  their mirrors (``/work/.mirror``, skipped cleanly when absent) plus the generated 2,000-file
  tree. Target: ours ≤ 0.5 × theirs.
- ``scaling``: one-line minified JS bundles of 0.1/0.4/1.6/4.8 MB and Python files with
  1k/10k/60k calls, each scanned in a fresh process (so its peak RSS is its own). Time per MB
  and per reference must stay within 2× from the smallest input to the largest; the 4.8 MB
  bundle within 3× of tree-sitter's own parse; peak RSS ≤ 250 MB per file.
  The prefilter on hostile files (names before a never-closed ``/*``, long JSDoc blocks of
  id-like literals, names with type arguments) at 0.1 and 0.5 MB, and the scan of a file of
  never-closed ``/*`` comments at 0.1, 1 and 4 MB: time per MB within 2×.
- ``memory``: the server with 200 open documents of ordinary size (≤ 150 MiB), the folder
  index of a 20,000-file tree built in process (RSS ≤ 150 MiB after it), and hover and
  keystroke latency in the server while it builds that index (p90 ≤ 50 ms each).

``python bench/scale.py --one js 1.6`` is the child process the scaling section runs.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Sequence
from io import BytesIO
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
PEERS = HERE / ".venv-peers"
MIRRORS = Path("/work/.mirror")
REAL_REPOS = (
    "openai+openai-python",
    "openai+openai-node",
    "openai+openai-agents-python",
    "openai+openai-agents-js",
    "openai+openai-cookbook",
    "openai+swarm",
    "simonw+llm",
)
MS = 1000.0


# ------------------------------------------------------------------------------------------
# inputs
# ------------------------------------------------------------------------------------------


def minified_bundle(size: int, seed: int = 1) -> str:
    """A one-line bundle: ORM-ish ``create``/``update``/``parse`` calls, object literals, and
    now and then an OpenAI call, with a little non-ASCII text (as real bundles carry)."""
    rng = random.Random(seed)
    models = ("gpt-4o", "gpt-4o-mini", "o3", "gpt-5", "text-embedding-3-small", "gpt-3.5-turbo-0301")
    parts = ['var OpenAI=require("openai");const c=new OpenAI();']
    n, i = len(parts[0]), 0
    while n < size:
        i += 1
        k = rng.random()
        if k < 0.05:
            s = (
                f"async function f{i}(q){{return await c.chat.completions.create("
                f'{{model:"{rng.choice(models)}",messages:[{{role:"user",content:q}}],stream:!0}})}}'
            )
        elif k < 0.5:
            s = (
                f'function g{i}(a,b){{var x=a.create({{id:b,name:"n{i}é"}});'
                f"return x.update(b)?a.parse(x):[1,2,3].map(function(e){{return e*{i}}})}}"
            )
        else:
            s = f'var v{i}={{a:{i},b:"s{i}",c:[{i},{i + 1}],d:function(){{return this.a+this.b}}}};'
        parts.append(s)
        n += len(s)
    return "".join(parts)[:size]


def python_calls(calls: int) -> str:
    """``calls`` module-level OpenAI calls (about 70 bytes each, as in the issue's 4.4 MB file)."""
    out = ["from openai import OpenAI", "client = OpenAI()", "m = []"]
    models = ("gpt-4o", "gpt-4.1-mini", "o3", "gpt-5")
    for i in range(calls):
        out.append(f'r{i} = client.chat.completions.create(model="{models[i % 4]}", messages=m)')
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------------------------
# child process: one input, its own peak RSS
# ------------------------------------------------------------------------------------------


def _own_peak_mib() -> float:
    """This process's peak RSS. Not ``ru_maxrss``: on Linux a child starts with its parent's
    peak, so after the 50,000-line keystroke section every child reported the bench's own 241 MiB."""
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024


def one(kind: str, amount: float) -> dict[str, Any]:
    """Scan first and read the peak RSS right after it, then time tree-sitter's parse (the floor):
    a whole-file tree of a 5 MB bundle is over 300 MB by itself, and the floor's tree must not be
    counted as the scanner's memory."""
    from tree_sitter import Parser

    from openai_access.scan import scan_document
    from openai_access.scan.javascript import LANGUAGES
    from openai_access.scan.python import LANGUAGE

    text = minified_bundle(int(amount * 1_000_000)) if kind == "js" else python_calls(int(amount))
    language = "javascript" if kind == "js" else "python"
    data = text.encode()
    scan_document("x = 1\n", language, reuse=False)  # warm: grammars, tables
    t0 = time.perf_counter()
    result = scan_document(text, language, reuse=False)
    scan_s = time.perf_counter() - t0
    peak = _own_peak_mib()
    refs = len(result.references)
    del result
    parser = Parser(LANGUAGES["javascript"] if kind == "js" else LANGUAGE)
    parser.parse(b"x")  # warm
    t0 = time.perf_counter()
    parser.parse(data)
    parse_s = time.perf_counter() - t0
    return {"bytes": len(data), "parse_s": parse_s, "scan_s": scan_s, "refs": refs, "peak_mib": peak}


def _child(kind: str, amount: float) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "server")}
    out = subprocess.run(
        [PY, str(Path(__file__)), "--one", kind, str(amount)], capture_output=True, text=True, env=env, timeout=1800
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip()[-500:])
    return dict(json.loads(out.stdout))


# ------------------------------------------------------------------------------------------
# sections
# ------------------------------------------------------------------------------------------


def scaling(row: Callable[..., Any], quick: bool) -> list[Any]:
    sec = "scaling"
    rows: list[Any] = []
    for kind, amounts, label in (
        ("js", (0.1, 0.4) if quick else (0.1, 0.4, 1.6, 4.8), "MB one-line minified JS"),
        ("py", (1_000, 10_000) if quick else (1_000, 10_000, 60_000), "calls in one Python file"),
    ):
        got = [(a, _child(kind, a)) for a in amounts]
        per_mb, per_ref = [], []
        for amount, g in got:
            mb = g["bytes"] / 1e6
            per_mb.append(g["scan_s"] / mb)
            per_ref.append(g["scan_s"] / max(1, g["refs"]))
            name = f"{amount:g} {label}"
            rows += [
                row(sec, f"{name}: scan", g["scan_s"] * MS, "ms", "context",
                    note=f"{g['scan_s'] / mb * MS:.0f} ms/MB, {g['refs']} refs, "
                    f"{g['scan_s'] / max(1, g['refs']) * 1e6:.0f} µs/ref"),
                row(sec, f"{name}: tree-sitter parse alone", g["parse_s"] * MS, "ms", "floor"),
                row(sec, f"{name}: peak RSS of the process", g["peak_mib"], "MiB", target=250.0),
            ]  # fmt: skip
        rows.append(row(sec, f"{label}: time per MB, largest / smallest", per_mb[-1] / per_mb[0], "x", target=2.0))
        rows.append(row(sec, f"{label}: time per reference, largest / smallest", per_ref[-1] / per_ref[0], "x",
                        target=2.0))  # fmt: skip
        if kind == "js":
            last = got[-1][1]
            ratio = last["scan_s"] / last["parse_s"]
            rows.append(row(sec, f"{amounts[-1]:g} MB bundle: scan / tree-sitter parse", ratio, "x", target=3.0))
    return rows


# Files a byte prefilter could read again for every name or literal in them (each was once a
# quadratic cliff): the unit repeated to the size, under the 512 KB past which files are windowed.
_HOSTILE_HEAD = "import { Agent } from '@openai/agents';\nconst o = { model: 1 };\n"
HOSTILE: dict[str, tuple[str, str]] = {
    "TS names before a never-closed /*": (_HOSTILE_HEAD, "Agent /* "),
    "JSDoc blocks of 400 id-like literals": ("", "/**\n" + " * model: 'gpt-4o',\n" * 399 + " */\n"),
    "TS names with type arguments": (_HOSTILE_HEAD, "Agent<x>, "),
}
# A call, then never-closed block comments: tree-sitter's JS lexer read each to the file's end.
_UNCLOSED_HEAD = (
    'import OpenAI from "openai";\nconst c = new OpenAI();\nc.chat.completions.create({ model: "gpt-4o" });\n'
)


def hostile_text(shape: str, size: int) -> bytes:
    head, unit = HOSTILE[shape]
    return (head + unit * max(1, (size - len(head)) // len(unit))).encode()


def hostile(row: Callable[..., Any], quick: bool) -> list[Any]:
    """The prefilter on hostile files, and the scan of never-closed comments, at two or three sizes:
    time per MB must stay flat (within 2x). Floors: tree-sitter's parse of the bytes the scanner
    gives it (never-closed comments tamed: ``_parsing.without_unclosed_comments``)."""
    from openai_access.scan import prefilter, scan_document
    from openai_access.scan.javascript import PARSERS
    from openai_access.scan.options import DEFAULT_OPTIONS

    sec = "scaling"
    rows: list[Any] = []
    parser = PARSERS["typescript"].plain()
    for shape in HOSTILE:
        per_mb = []
        for size in (100_000, 500_000):
            data = hostile_text(shape, size)
            best = min(_timed(prefilter.may_hold_reference, data, "typescript", DEFAULT_OPTIONS) for _ in range(3))
            per_mb.append(best / (len(data) / 1e6))
            rows.append(row(sec, f"prefilter, {shape}, {len(data) / 1e6:.1f} MB", best * MS, "ms", "context",
                            note=f"{per_mb[-1] * MS:.0f} ms/MB"))  # fmt: skip
        rows.append(row(sec, f"prefilter, {shape}: tree-sitter parse of the 0.5 MB file",
                        _timed(parser.parse, data) * MS, "ms", "floor"))  # fmt: skip
        rows.append(row(sec, f"prefilter, {shape}: time per MB, largest / smallest", per_mb[-1] / per_mb[0], "x",
                        target=2.0))  # fmt: skip
    per_mb = []
    for size in (100_000, 400_000) if quick else (100_000, 1_000_000, 4_000_000):
        text = _UNCLOSED_HEAD + "a /* " * ((size - len(_UNCLOSED_HEAD)) // 5)
        took = _timed(scan_document, text, "typescript", DEFAULT_OPTIONS, reuse=False)
        per_mb.append(took / (len(text) / 1e6))
        rows.append(row(sec, f"scan, a call then never-closed /* comments, {len(text) / 1e6:.1f} MB", took * MS, "ms",
                        "context", note=f"{per_mb[-1] * MS:.0f} ms/MB"))  # fmt: skip
    rows.append(row(sec, "scan, never-closed /* comments: time per MB, largest / smallest", per_mb[-1] / per_mb[0], "x",
                    target=2.0))  # fmt: skip
    return rows


def _timed(fn: Callable[..., object], *args: Any, **kwargs: Any) -> float:
    t0 = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - t0


def _extract_mirrors(dest: Path) -> list[str]:
    """Each mirror's newest commit, written out under ``dest`` (git archive | tar)."""
    found = []
    for name in REAL_REPOS:
        mirror = next((p for p in (MIRRORS / name / "repo", MIRRORS / name) if (p / "HEAD").is_file()), None)
        if mirror is None:
            continue
        archive = subprocess.run(["git", "--git-dir", str(mirror), "archive", "HEAD"], capture_output=True)
        if archive.returncode != 0:
            continue
        with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
            tar.extractall(dest / name, filter="data")
        found.append(name)
    return found


def settle(tree: Path) -> None:
    """Wait until every file of ``tree`` is older than the scan memo's racy window (2 s), so that
    the next run records them all and the one after reads none."""
    from openai_access.scan_memo import RACY_SECONDS

    newest = max(p.stat().st_ctime for p in tree.rglob("*"))
    time.sleep(max(0.0, RACY_SECONDS + 0.5 - (time.time() - newest)))


def compile_package() -> None:
    """Write openai-access's bytecode, as ``pip install`` does (and did for llm-sunset).

    An editable install under ``PYTHONDONTWRITEBYTECODE=1`` (this machine's environment) never
    caches it, so every run would compile ~90 modules from source first (~0.15 s a start).
    """
    code = "import compileall, os, openai_access as p; compileall.compile_dir(os.path.dirname(p.__file__), quiet=1)"
    subprocess.run([PY, "-c", code], check=True, capture_output=True)


def _wall(argv: Sequence[str], cwd: Path, repeat: int, env: dict[str, str] | None = None) -> tuple[float, str]:
    times, out = [], ""
    for _ in range(repeat):
        t0 = time.perf_counter()
        done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=1800, env=env)
        times.append(time.perf_counter() - t0)
        out = done.stdout
    times.sort()
    return times[len(times) // 2], out


def sunset(row: Callable[..., Any], tmp: Path, quick: bool, generate_tree: Callable[[Path, int], Any]) -> list[Any]:
    sec = "sunset"
    peer = PEERS / "bin" / "llm-sunset"
    if not peer.exists():
        raise RuntimeError(
            f"llm-sunset is not installed: python3 -m venv {PEERS} && {PEERS}/bin/pip install llm-sunset"
        )
    tree = tmp / "sunset-tree"
    tree.mkdir()
    repos = _extract_mirrors(tree)
    generate_tree(tree / "generated", 400 if quick else 2000)
    files = sum(1 for p in tree.rglob("*") if p.is_file())
    repeat = 1 if quick else 3
    compile_package()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp / "sunset-cache")}
    check = [PY, "-m", "openai_access", "check", ".", "--format", "json", "--probe", "off"]
    # Ours and theirs in alternating rounds, the ratio taken per round: this VM's speed moves by
    # half within minutes, and three runs of one then three of the other measured the drift.
    peer_argv = [str(peer), "scan", "--format", "json", "--warn-within", "-1", "--offline", "--no-fail", "--provider",
                 "openai", "."]  # fmt: skip
    rounds = [(_wall([*check, "--no-cache"], tree, 1, env), _wall(peer_argv, tree, 1)) for _ in range(repeat + 2)]
    ours_out, theirs_out = rounds[-1][0][1], rounds[-1][1][1]
    ours_s = statistics.median(o for (o, _), _ in rounds)
    theirs_s = statistics.median(t for _, (t, _) in rounds)
    ratio = statistics.median(o / t for (o, _), (t, _) in rounds)
    # A second check of unchanged files (CI with its cache kept, a pre-commit hook, a re-run): the
    # scan memo is written by one run whose files are all older than its 2 s racy window.
    settle(tree)
    _wall(check, tree, 1, env)
    warm_rounds = [(_wall(check, tree, 1, env), _wall(peer_argv, tree, 1)) for _ in range(repeat)]
    warm_s, warm_out = statistics.median(w for (w, _), _ in warm_rounds), warm_rounds[-1][0][1]
    warm_ratio = statistics.median(w / t for (w, _), (t, _) in warm_rounds)
    if warm_out != ours_out:
        raise RuntimeError("check with its scan memo printed something else than without it")
    refs_json = tmp / "sunset-refs.json"
    refs_json.write_text(ours_out, encoding="utf-8")
    from openai_access.batch_scan import pool_size

    floor = [PY, str(HERE / "scale.py"), "--parse-floor", str(tree), str(refs_json), str(pool_size(files))]
    floor_s, parsed = _wall(floor, tree, repeat)
    ours_refs = len(json.loads(ours_out)["references"]) if ours_out.strip() else 0
    try:
        theirs_refs = len(json.loads(theirs_out).get("findings", []))
    except json.JSONDecodeError:
        theirs_refs = 0
    what = f"{files} files: {', '.join(repos) or 'no mirrors found'} + the generated tree"
    return [
        row(sec, "openai-access check --probe off --no-cache (every file read and scanned)", ours_s, "s", "context",
            note=f"median of {len(rounds)} rounds; {ours_refs} references; {what}"),
        row(sec, "llm-sunset scan (regex, same files)", theirs_s, "s", "floor",
            note=f"median of the same rounds; {theirs_refs} findings"),
        row(sec, "openai-access / llm-sunset, every file scanned", ratio, "x", target=0.5,
            note="median of the rounds' own ratios (the two ran one after the other in each)"),
        row(sec, "parse floor: every file read, the code files holding a reference parsed (same processes)", floor_s,
            "s", "floor", note=f"{parsed.strip()} files parsed; {floor_s / theirs_s:.2f} x llm-sunset"),
        row(sec, "openai-access check --probe off again, files unchanged (scan memo)", warm_s, "s", "context",
            note="same JSON as without the memo"),
        row(sec, "openai-access / llm-sunset, files unchanged since the last check", warm_ratio, "x",
            target=0.5, note="median of its own alternating rounds' ratios"),
    ]  # fmt: skip


async def _open_documents(root: Path, count: int, lines: int) -> tuple[float, float, int]:
    sys.path.insert(0, str(HERE))
    import generate
    import run as bench_run
    from lsp_client import StdioLspClient, peak_rss_mib

    client = StdioLspClient(bench_run.SERVER_ARGV, env=bench_run.quiet_env(root), cwd=str(root))
    await client.start()
    try:
        await client.initialize(root, bench_run.SERVER_OPTIONS)
        await asyncio.sleep(0.5)
        _, base = peak_rss_mib(client.pid)
        size = 0
        for i in range(count):
            text = generate.python_module(lines=lines, calls=max(5, lines // 25), seed=i).text
            path = root / f"doc{i}.py"
            size += len(text)
            uri = path.as_uri()
            client.notify(
                "textDocument/didOpen",
                {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}},
            )
            await client.wait_for(bench_run._is_diag(uri, 1), timeout=120)
        _, after = peak_rss_mib(client.pid)
        return base, after, size
    finally:
        await client.close()


_INDEX_CHILD = """
import json, sys, time
from pathlib import Path
from openai_access.lsp.workspace_index import build_index
from openai_access.settings import Settings
memo = Path(sys.argv[2]) if len(sys.argv) > 2 else None
t0 = time.perf_counter()
index = build_index(Path(sys.argv[1]), Settings(), memo)
took = time.perf_counter() - t0
rss = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS:')) / 1024
print(json.dumps({"s": took, "rss": rss, "kept": len(index.results),
                  "hwm": next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:')) / 1024}))
"""
_BASE_CHILD = (
    "import openai_access.lsp.workspace_index, openai_access.settings;"
    "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS:')) / 1024)"
)


def memory(row: Callable[..., Any], tmp: Path, quick: bool, generate_tree: Callable[[Path, int], Any]) -> list[Any]:
    sec = "memory"
    docs = tmp / "docs"
    docs.mkdir()
    count = 50 if quick else 200
    base, after, size = asyncio.run(_open_documents(docs, count, 600))
    rows = [
        row(sec, "server RSS after initialize", base, "MiB", "floor"),
        row(sec, f"server RSS with {count} open documents", after, "MiB", target=150.0,
            note=f"{size / 1024 / count:.0f} KiB each, {(after - base) / count * 1024:.0f} KiB of RSS per document"),
    ]  # fmt: skip
    files = 2_000 if quick else 20_000
    tree = tmp / "index-tree"
    generate_tree(tree, files)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "server")}
    floor = float(subprocess.run([PY, "-c", _BASE_CHILD], capture_output=True, text=True, env=env).stdout)
    out = subprocess.run([PY, "-c", _INDEX_CHILD, str(tree)], capture_output=True, text=True, env=env, timeout=3600)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip()[-500:])
    got = json.loads(out.stdout)
    rows += [
        row(sec, "RSS of the interpreter with the index code imported", floor, "MiB", "floor"),
        row(sec, f"folder index of {files} files: RSS after it", got["rss"], "MiB", target=150.0,
            note=f"built in {got['s']:.1f} s in one thread; {got['kept']} files kept; peak {got['hwm']:.0f} MiB"),
    ]  # fmt: skip
    # The server rebuilds the index after every save: with its memo, only the saved file is parsed.
    memo, saved = tmp / "index-memo", next(tree.rglob("*.py"))
    settle(tree)
    argv = [PY, "-c", _INDEX_CHILD, str(tree), str(memo)]
    subprocess.run(argv, capture_output=True, env=env, timeout=3600, check=True)
    saved.write_text(saved.read_text() + "\n# saved\n")
    again = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=3600, check=True)
    rows.append(row(sec, f"folder index of {files} files rebuilt after one file's save (scan memo)",
                    json.loads(again.stdout)["s"], "s", "context",
                    note=f"from nothing: {got['s']:.1f} s (the server reads at most 5,000 code files)"))  # fmt: skip
    rows += asyncio.run(_while_indexing(row, tree, files, float(got["s"])))
    shutil.rmtree(tree, ignore_errors=True)
    return rows


async def _while_indexing(row: Callable[..., Any], tree: Path, files: int, build_s: float) -> list[Any]:
    """Hover and keystroke latency in a document of a folder whose index is being built: the
    server opens on the tree, and is asked every 50 ms for as long as an index build takes."""
    sys.path.insert(0, str(HERE))
    import run as bench_run
    from lsp_client import StdioLspClient, peak_rss_mib

    sec = "memory"
    doc = tree / "typing_here.py"
    lines = ["from openai import OpenAI", "", "client = OpenAI()"]
    lines += [f'r{i} = client.responses.create(model="gpt-4o", input="hi {i}")' for i in range(40)]
    text = "\n".join(lines) + "\n"
    doc.write_text(text, encoding="utf-8")
    uri = doc.as_uri()
    client = StdioLspClient(bench_run.SERVER_ARGV, env=bench_run.quiet_env(tree.parent), cwd=str(tree))
    await client.start()
    hovers: list[float] = []
    edits: list[float] = []
    try:
        await client.initialize(tree, bench_run.SERVER_OPTIONS)
        client.notify(
            "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}}
        )
        await client.wait_for(bench_run._is_diag(uri, 1), timeout=60)
        t_end = time.perf_counter() + build_s
        version = 1
        while time.perf_counter() < t_end:
            line = 3 + version % 40
            t0 = time.perf_counter()
            await client.request(
                "textDocument/hover",
                {"textDocument": {"uri": uri}, "position": {"line": line, "character": 40}},
                timeout=60,
            )
            hovers.append(time.perf_counter() - t0)
            version += 1
            here = {"line": 1, "character": 0}
            idx = len(client.notifications)
            t0 = client.notify(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"range": {"start": here, "end": here}, "text": " " if version % 2 else ""}],
                },
            )
            got = await client.wait_for(bench_run._is_diag(uri, version), idx, timeout=60)
            edits.append(got.at - t0)
            await asyncio.sleep(0.05)
        _, rss = peak_rss_mib(client.pid)
    finally:
        await client.close()
    ms = 1000.0
    return [
        row(sec, f"hover while the {files}-file index builds, p90 of {len(hovers)}",
            bench_run.p90(hovers) * ms, "ms", target=50.0, note=f"median {bench_run.median(hovers) * ms:.1f} ms, "
            f"max {max(hovers) * ms:.0f} ms"),
        row(sec, f"didChange -> publishDiagnostics while it builds, p90 of {len(edits)}",
            bench_run.p90(edits) * ms, "ms", target=50.0, note=f"median {bench_run.median(edits) * ms:.1f} ms, "
            f"max {max(edits) * ms:.0f} ms; server RSS then {rss:.0f} MiB"),
    ]  # fmt: skip


_GRAMMARS = {
    **dict.fromkeys((".py",), "python"),
    **dict.fromkeys((".js", ".mjs", ".cjs", ".jsx"), "javascript"),
    **dict.fromkeys((".ts", ".mts", ".cts"), "typescript"),
    ".tsx": "tsx",
}
_parsers: dict[str, Any] = {}


def _read_and_parse(item: tuple[str, bool]) -> int:
    """Read one file; tree-sitter-parse it if it holds a reference (the parse floor's unit of work)."""
    path, parse = item
    data = Path(path).read_bytes()
    grammar = _GRAMMARS.get(os.path.splitext(path)[1]) if parse else None
    if grammar is None:
        return 0
    if grammar not in _parsers:
        import tree_sitter_javascript
        import tree_sitter_python
        import tree_sitter_typescript
        from tree_sitter import Language, Parser

        languages = {
            "python": tree_sitter_python.language,
            "javascript": tree_sitter_javascript.language,
            "typescript": tree_sitter_typescript.language_typescript,
            "tsx": tree_sitter_typescript.language_tsx,
        }
        _parsers[grammar] = Parser(Language(languages[grammar]()))
    _parsers[grammar].parse(data)
    return 1


def parse_floor(tree: Path, refs_json: Path, workers: int) -> int:
    """What any scanner that parses every call site must do at least: read every file of ``tree``
    and tree-sitter-parse the code files that hold a reference (from ``check``'s JSON), over
    ``workers`` processes (``check``'s own count, ``batch_scan.pool_size``, given by the caller so
    this process imports none of the package). Run as its own process, so its wall time has the
    same start-up in it as the two scanners'. Returns how many files it parsed."""
    from concurrent.futures import ProcessPoolExecutor

    holding = {os.path.normpath(tree / r["path"]) for r in json.loads(refs_json.read_text())["references"]}
    files = sorted(str(p) for p in tree.rglob("*") if p.is_file())
    items = [(f, os.path.normpath(f) in holding) for f in files]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(_read_and_parse, items, chunksize=32))


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        print(json.dumps(one(sys.argv[2], float(sys.argv[3]))))
        return 0
    if len(sys.argv) == 5 and sys.argv[1] == "--parse-floor":
        print(parse_floor(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])))
        return 0
    with tempfile.TemporaryDirectory() as d:
        print(_extract_mirrors(Path(d)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
