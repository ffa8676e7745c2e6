"""Every performance figure of openai-access, each printed next to a floor measured in the same run.

Run: ``.venv/bin/python bench/run.py [--quick] [--only keystroke,cold,check,probe] [--json out.json]``

Why floors: a bare "23 ms" says nothing on an unknown machine. Each figure here comes with the
cost of the unavoidable part of the same work, measured seconds apart on the same machine --
a full tree-sitter parse of the same text, a bare interpreter start, a byte search over the
same files, the same number of HTTP requests sent by a minimal client. The gap between a
figure and its floor is what the project's own code costs, and the rows in between (scan
alone, judge alone, the JSON-RPC round trip) show where that gap goes.

Nothing here is a test (pytest never collects ``bench/``) and nothing asserts: a figure over
its target is printed as such, and the command still exits 0 unless a benchmark could not run.
All input is generated (``generate.py``, seeded) into a temporary directory; the only network
is 127.0.0.1 (the fake OpenAI of ``tests/fake_openai.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import generate
import scale
from lsp_client import StdioLspClient, peak_rss_mib

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
SERVER_ARGV = (PY, "-m", "openai_access", "serve")
SERVER_OPTIONS = {"probe": "off", "debounceMs": 0}


# ------------------------------------------------------------------------------------------
# rows and statistics
# ------------------------------------------------------------------------------------------


@dataclass
class Row:
    """One printed line: a figure (with its target), a floor, or context that explains a figure."""

    section: str
    name: str
    value: float | None
    unit: str  # "ms", "s", "MiB", "" (a count)
    kind: str = "figure"  # figure | floor | context
    target: float | None = None  # a figure is met when value <= target
    note: str = ""

    @property
    def met(self) -> bool | None:
        if self.kind != "figure" or self.target is None or self.value is None:
            return None
        return self.value <= self.target


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def add(self, *rows: Row) -> None:
        self.rows.extend(rows)


def median(xs: Sequence[float]) -> float:
    return statistics.median(xs)


def p90(xs: Sequence[float]) -> float:
    """Nearest-rank 90th percentile (an observed value, no interpolation)."""
    s = sorted(xs)
    return s[max(0, math.ceil(0.9 * len(s)) - 1)]


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def run_wall(argv: Sequence[str], repeat: int, **kw: Any) -> list[float]:
    """Wall time of a process, start to exit, ``repeat`` times (output discarded)."""
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, timeout=120, **kw)
        out.append(time.perf_counter() - t0)
    return out


def quiet_env(tmp: Path) -> dict[str, str]:
    """The server's environment: no key (probing is off anyway) and a throwaway cache dir."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env["XDG_CACHE_HOME"] = str(tmp / "xdg-cache")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


MS = 1000.0

# ------------------------------------------------------------------------------------------
# 1. keystroke -> diagnostics
# ------------------------------------------------------------------------------------------

EDIT_MODELS = ("gpt-5.5", "gpt-4o", "gtp-5.5", "o3", "text-embedding-3-small", "gpt-4.5-preview")


def _edit(i: int, lines: list[str], big: generate.BigPython) -> dict[str, Any]:
    """The i-th small edit: a keystroke in a comment (2 of 3) or a model literal retyped (1 of 3).

    Applies it to ``lines`` (the client's copy) and returns the LSP incremental change.
    """
    if i % 3 == 2:
        n, start, _ = big.model_lines[(i * 5) % len(big.model_lines)]
        end = lines[n].index('"', start)
        new = EDIT_MODELS[i % len(EDIT_MODELS)]
        lines[n] = lines[n][:start] + new + lines[n][end:]
        return {"range": {"start": {"line": n, "character": start}, "end": {"line": n, "character": end}}, "text": new}
    n = big.edit_lines[(i * 7) % len(big.edit_lines)]
    col = len(lines[n])
    lines[n] += "x"
    return {"range": {"start": {"line": n, "character": col}, "end": {"line": n, "character": col}}, "text": "x"}


def _is_diag(uri: str, version: int | None) -> Callable[[dict[str, Any]], bool]:
    def match(m: dict[str, Any]) -> bool:
        if m.get("method") != "textDocument/publishDiagnostics":
            return False
        p = m.get("params", {})
        return bool(p.get("uri") == uri and (version is None or p.get("version") == version))

    return match


def keystroke_floors(big: generate.BigPython, repeat: int, sec: str = "keystroke") -> list[Row]:
    """In-process costs of the pieces of one re-analysis of the same text."""
    import tree_sitter_python
    from tree_sitter import Language, Parser

    from openai_access.access.answers import AccessView
    from openai_access.catalog import Catalog
    from openai_access.scan import DEFAULT_OPTIONS, scan_text
    from openai_access.scan import incremental as keystroke_scan
    from openai_access.verdict import Judge

    data = big.text.encode()
    parser = Parser(Language(tree_sitter_python.language()))
    parser.parse(data)  # warm
    full = timed(lambda: parser.parse(data), repeat)

    # Incremental reparse after a one-byte insertion: what a scanner keeping the old tree could pay.
    old = parser.parse(data)
    n = big.edit_lines[0]
    line_start = sum(len(x) + 1 for x in big.text.split("\n")[:n])
    line_len = len(big.text.split("\n")[n])
    at = line_start + line_len  # ASCII comment line: bytes == code points
    new_data = data[:at] + b"x" + data[at:]

    def incremental() -> None:
        tree = old.copy()
        tree.edit(
            start_byte=at,
            old_end_byte=at,
            new_end_byte=at + 1,
            start_point=(n, line_len),
            old_end_point=(n, line_len),
            new_end_point=(n, line_len + 1),
        )
        parser.parse(new_data, tree)

    inc = timed(incremental, repeat)
    refs = scan_text(big.text, "python")
    scan = timed(lambda: scan_text(big.text, "python"), repeat)
    # As in the server: the document's statements were laid out by the keystroke before this one.
    laid_out = keystroke_scan.quick(
        keystroke_scan.full(big.text, "python", DEFAULT_OPTIONS), new_data.decode(), "python", DEFAULT_OPTIONS
    )
    assert laid_out is not None
    typed = new_data[:at] + b"y" + new_data[at:]
    quick = timed(lambda: keystroke_scan.quick(laid_out, typed.decode(), "python", DEFAULT_OPTIONS), repeat)
    judge = Judge(Catalog.bundled(), today=date.today())
    view = AccessView(project_label="not checked", unchecked_reason="probing is turned off (probe = off)")
    judge.judge_many(refs, view)
    judging = timed(lambda: judge.judge_many(refs, view), repeat)  # what the server calls per change
    from openai_access.compat import code_findings

    path = str(Path(tempfile.gettempdir()) / "big_module.py")
    findings = timed(lambda: code_findings(big.text, "python", refs, path), repeat)
    rows = [
        Row(sec, "tree-sitter full parse of the same text", median(full) * MS, "ms", "floor"),
        Row(
            sec,
            "tree-sitter incremental reparse (1-byte edit)",
            median(inc) * MS,
            "ms",
            "floor",
            note="what keeping the old tree could cost",
        ),
        Row(sec, f"scan_text alone, full ({len(refs)} references)", median(scan) * MS, "ms", "context"),
        Row(
            sec,
            "quick rescan of the edited statement (scan.incremental)",
            median(quick) * MS,
            "ms",
            "context",
            note="what a keystroke scans; a full scan confirms after a pause",
        ),
        Row(sec, f"judge alone ({len(refs)} references, probe off)", median(judging) * MS, "ms", "context"),
        Row(sec, "code findings (parameters, SDK fit, keys)", median(findings) * MS, "ms", "context"),
    ]
    try:
        rows += _server_steps(big, judge.judge_many(refs, view), repeat, sec)
    except Exception as e:  # the LSP glue is someone else's and may move; say so, keep the rest
        rows.append(Row(sec, "server steps in process", None, "ms", "context", note=f"not measured: {e!r}"))
    return rows


def _server_steps(big: generate.BigPython, verdicts: list[Any], repeat: int, sec: str) -> list[Row]:
    """The rest of what the server does per change, in process: where scan + judge is not the total."""
    from lsprotocol import types
    from pygls.protocol import default_converter
    from pygls.workspace import TextDocument

    from openai_access.lsp.diagnostics import to_diagnostic
    from openai_access.suppress import Suppressions

    doc = TextDocument("file:///bench/big_module.py", big.text, version=1)
    converter = default_converter()  # type: ignore[no-untyped-call]
    from openai_access.scan import python

    python.PARSER.parse(big.text.encode(), reuse=True)  # the keystroke's scan left this text's tree
    sup = timed(lambda: Suppressions.parse(big.text, "python"), repeat)
    diags: list[Any] = []

    def convert() -> None:  # as the server does: the document's lines split once per publish
        lines = doc.lines
        diags[:] = [d for v in verdicts if (d := to_diagnostic(doc, v, lines)) is not None]

    conv = timed(convert, repeat)

    def serialize() -> None:
        params = types.PublishDiagnosticsParams(uri=doc.uri, diagnostics=diags, version=1)
        json.dumps(
            {"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": converter.unstructure(params)}
        )

    ser = timed(serialize, repeat)
    return [
        Row(
            sec,
            "Suppressions.parse of the text (one ignore comment in it)",
            median(sup) * MS,
            "ms",
            "context",
            note="comments from the scan's tree",
        ),
        Row(
            sec,
            f"to_diagnostic for {len(verdicts)} verdicts ({len(diags)} diagnostics)",
            median(conv) * MS,
            "ms",
            "context",
            note="pygls position conversion, lines split once",
        ),
        Row(sec, "serialize the publishDiagnostics (cattrs + json)", median(ser) * MS, "ms", "context"),
    ]


async def keystroke_lsp(
    big: generate.BigPython, root: Path, edits: int, warmup: int, sec: str = "keystroke"
) -> list[Row]:
    root.mkdir(exist_ok=True)
    path = root / "big_module.py"
    path.write_text(big.text, encoding="utf-8")
    uri = path.as_uri()
    client = StdioLspClient(SERVER_ARGV, env=quiet_env(root), cwd=str(root))
    await client.start()
    rows: list[Row] = []
    try:
        await client.initialize(root, SERVER_OPTIONS)
        t_open = client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": big.text}},
        )
        first = await client.wait_for(_is_diag(uri, 1), timeout=60)
        open_ms = (first.at - t_open) * MS
        hwm_open, _ = peak_rss_mib(client.pid)
        # The folder index (built in a thread after initialize) scans this file too, then has the
        # open document analysed again: let that pass, so the edits measure typing alone.
        with contextlib.suppress(TimeoutError):
            await client.wait_for(_is_diag(uri, 1), len(client.notifications), timeout=15)

        lines = big.text.split("\n")
        lat: list[float] = []
        last = first
        for i in range(warmup + edits):
            version = i + 2
            change = _edit(i, lines, big)
            idx = len(client.notifications)
            t0 = client.notify(
                "textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}
            )
            await client.drain()
            last = await client.wait_for(_is_diag(uri, version), idx, timeout=30)
            if i >= warmup:
                lat.append(last.at - t0)
        hwm_edits, rss = peak_rss_mib(client.pid)

        # The transport alone: a request the server answers without work (method not found).
        rtt = []
        for _ in range(20):
            t0 = time.perf_counter()
            got = await client.request("openaiAccessBench/noop", {}, timeout=10)
            rtt.append(got.at - t0)
        diags = len(last.message["params"]["diagnostics"])
        rows += [
            Row(sec, f"didChange -> publishDiagnostics, median of {edits}", median(lat) * MS, "ms", target=None),
            Row(sec, f"didChange -> publishDiagnostics, p90 of {edits}", p90(lat) * MS, "ms", "context"),
            Row(sec, "didChange -> publishDiagnostics, max", max(lat) * MS, "ms", "context"),
            Row(sec, "JSON-RPC round trip over stdio (no-op request)", median(rtt) * MS, "ms", "floor"),
            Row(
                sec,
                "diagnostics per publish / payload",
                diags,
                "",
                "context",
                note=f"{last.size / 1024:.0f} KiB JSON per publish",
            ),
            Row(sec, "didOpen -> first publishDiagnostics (warm process)", open_ms, "ms", "context"),
            Row(sec, "server peak RSS after opening the file", hwm_open, "MiB", "context"),
            Row(
                sec,
                f"server peak RSS after {warmup + edits} edits",
                hwm_edits,
                "MiB",
                "context",
                note=f"current RSS {rss:.0f} MiB",
            ),
        ]
    finally:
        await client.close()
    return rows


# ------------------------------------------------------------------------------------------
# 2. cold start
# ------------------------------------------------------------------------------------------


async def _one_cold_start(big: generate.BigPython, root: Path) -> tuple[float, float]:
    path = root / "big_module.py"
    uri = path.as_uri()
    client = StdioLspClient(SERVER_ARGV, env=quiet_env(root), cwd=str(root))
    t0 = time.perf_counter()
    await client.start()
    try:
        init = await client.initialize(root, SERVER_OPTIONS)
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": big.text}},
        )
        got = await client.wait_for(_is_diag(uri, 1), timeout=60)
        return init.at - t0, got.at - t0
    finally:
        await client.close()


def cold_start(big: generate.BigPython, root: Path, runs: int) -> list[Row]:
    """Cold start against the framework's own import, measured interleaved (run i of each back to
    back) so that load from other work on the machine moves figure and floor alike.

    The package's bytecode is compiled first, as ``pip install`` does: the framework's modules in
    site-packages have theirs, and an editable checkout under ``PYTHONDONTWRITEBYTECODE`` would
    otherwise recompile about 17,000 lines on every start (0.3-0.4 s here), which no user pays.
    """
    sec = "cold"
    (root / "big_module.py").write_text(big.text, encoding="utf-8")
    subprocess.run([PY, "-m", "compileall", "-q", str(REPO / "server" / "openai_access")], check=False)
    env = quiet_env(root)
    inits, firsts, bare, imp, framework = [], [], [], [], []
    for _ in range(runs):
        i, f = asyncio.run(_one_cold_start(big, root))
        inits.append(i)
        firsts.append(f)
        framework += run_wall([PY, "-c", "import pygls.lsp.server, lsprotocol.types"], 1, env=env)
        imp += run_wall([PY, "-c", "import openai_access.lsp.features"], 1, env=env)
        bare += run_wall([PY, "-c", "pass"], 1, env=env)
    return [
        Row(
            sec,
            f"spawn -> first publishDiagnostics (5,000 lines), median of {runs}",
            median(firsts),
            "s",
            target=median(framework) + 0.15,
            note=f"min {min(firsts):.3f} s, max {max(firsts):.3f} s; target: the framework floor + 0.15 s",
        ),
        Row(sec, "spawn -> initialize answered", median(inits), "s", "context"),
        Row(sec, "python -c 'import openai_access.lsp.features'", median(imp), "s", "floor"),
        Row(
            sec,
            "python -c 'import pygls.lsp.server, lsprotocol.types' (the framework alone)",
            median(framework),
            "s",
            "floor",
        ),
        Row(sec, "python -c pass", median(bare), "s", "floor"),
    ]


# ------------------------------------------------------------------------------------------
# 3. check over a tree
# ------------------------------------------------------------------------------------------


def _parse_all(files: Sequence[Path]) -> int:
    """Read every file and tree-sitter-parse the code in it (notebooks: their code cells)."""
    import tree_sitter_javascript
    import tree_sitter_python
    import tree_sitter_typescript
    from tree_sitter import Language, Parser

    parsers = {
        ".py": Parser(Language(tree_sitter_python.language())),
        ".js": Parser(Language(tree_sitter_javascript.language())),
        ".ts": Parser(Language(tree_sitter_typescript.language_typescript())),
        ".tsx": Parser(Language(tree_sitter_typescript.language_tsx())),
    }
    parsed = 0
    for f in files:
        ext = f.suffix
        if ext == ".ipynb":
            nb = json.loads(f.read_bytes())
            for cell in nb.get("cells", []):
                if cell.get("cell_type") == "code":
                    parsers[".py"].parse("".join(cell.get("source", [])).encode())
            parsed += 1
        elif ext in parsers:
            parsers[ext].parse(f.read_bytes())
            parsed += 1
    return parsed


def _byte_search(files: Sequence[Path]) -> int:
    return sum(f.read_bytes().count(b"model") for f in files)


def check_tree(tmp: Path, files: int, repeat: int) -> list[Row]:
    sec = "check"
    t0 = time.perf_counter()
    tree = generate.repository_tree(tmp / "tree", files)
    gen_s = time.perf_counter() - t0
    exe = shutil.which("openai-access", path=str(Path(PY).parent)) or "openai-access"
    env = quiet_env(tmp)
    argv = [exe, "check", "tree", "--format", "json", "--probe", "off", "--no-cache"]
    walls = []
    refs: Counter[str] = Counter()
    rc = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        proc = subprocess.run(argv, cwd=tmp, env=env, capture_output=True, timeout=150, check=False)
        walls.append(time.perf_counter() - t0)
        rc = proc.returncode
        if rc not in (0, 1):
            raise RuntimeError(f"check exited {rc}: {proc.stderr.decode(errors='replace')[-2000:]}")
        refs = Counter(Path(r["path"]).suffix or Path(r["path"]).name for r in json.loads(proc.stdout)["references"])
    # Again with the scan memo, once the files are older than its 2 s racy window and one run wrote it.
    scale.settle(tmp / "tree")
    subprocess.run(argv[:-1], cwd=tmp, env=env, capture_output=True, timeout=150, check=False)
    warm = run_wall(argv[:-1], repeat, cwd=tmp, env=env)
    (tmp / "empty").mkdir(exist_ok=True)
    empty = run_wall([exe, "check", "empty", "--format", "json", "--probe", "off"], repeat, cwd=tmp, env=env)
    parse = timed(lambda: _parse_all(tree.files), repeat)
    search = timed(lambda: _byte_search(tree.files), repeat)
    grep = run_wall(["grep", "-r", "-c", "model", "tree"], repeat, cwd=tmp)
    by_kind = ", ".join(f"{k} {v}" for k, v in sorted(refs.items(), key=lambda kv: -kv[1]))
    return [
        Row(
            sec,
            f"openai-access check --no-cache ({len(tree.files)} files, {tree.bytes / 1e6:.1f} MB), median of {repeat}",
            median(walls),
            "s",
            note=f"exit {rc}",
        ),
        Row(sec, "the same check again, files unchanged (scan memo)", median(warm), "s", "context"),
        Row(sec, "references reported", sum(refs.values()), "", "context", note=by_kind),
        Row(sec, "openai-access check of an empty directory (fixed cost)", median(empty), "s", "floor"),
        Row(sec, "tree-sitter parse of every source file (read + parse, in process)", median(parse), "s", "floor"),
        Row(sec, "Python bytes.count(b'model') over every file (read + search)", median(search), "s", "floor"),
        Row(sec, "grep -r -c model (a process)", median(grep), "s", "floor"),
        Row(sec, "generating the tree (not part of any figure)", gen_s, "s", "context"),
    ]


# ------------------------------------------------------------------------------------------
# 4. access probing against the fake OpenAI
# ------------------------------------------------------------------------------------------

LATENCY_MS = 50


def _probe_models(big: generate.BigPython, count: int) -> list[tuple[str, Any]]:
    """``count`` distinct (model, surface): the big module's OpenAI models, padded from the catalog."""
    from openai_access.catalog import Catalog
    from openai_access.references import Surface, Target
    from openai_access.scan import scan_text

    probeable = (Surface.CHAT, Surface.RESPONSES, Surface.EMBEDDINGS, Surface.COMPLETIONS)
    out: dict[str, Any] = {}
    for r in scan_text(big.text, "python"):
        if r.target is Target.OPENAI and r.surface in probeable and r.model not in out:
            out[r.model] = r.surface
    catalog = Catalog.bundled()
    today = date.today()
    for mid, _lifecycle in catalog.ids(today):
        if len(out) >= count:
            break
        e = catalog.get(mid)
        if e is not None and Surface.CHAT in e.endpoints and (e.shutdown is None or e.shutdown > today):
            out.setdefault(mid, Surface.CHAT)
    return list(out.items())[:count]


def _scenario(models: Sequence[str]) -> dict[str, Any]:
    """Mostly usable models; retired, unknown and a few blocked ones, as a real project sees."""
    from openai_access.catalog import Catalog

    catalog = Catalog.bundled()
    today = date.today()
    behaviours: dict[str, str] = {}
    for i, m in enumerate(models):
        e = catalog.get(m)
        if e is None and not m.startswith("ft:"):
            behaviours[m] = "not-found"
        elif e is not None and e.shutdown is not None and e.shutdown <= today:
            behaviours[m] = "retired"
        else:
            behaviours[m] = "blocked" if i % 10 == 3 else "ok"
    return {"models": behaviours, "latency_ms": LATENCY_MS}


# Two costs of the stock fake that are not the prober's, both removed for the figure (a context
# row still shows the stock fake, so nobody quotes the artefacts by mistake):
# - it writes an answer's headers and body in two send()s: on a keep-alive connection Nagle's
#   algorithm meets the client's delayed ACK and every request after a connection's first
#   waits ~40 ms more on loopback (the fix: TCP_NODELAY on the handler);
# - ``socketserver``'s listen backlog is 5: a burst of 8 new connections on a busy 2-core
#   machine overflows the accept queue, and the dropped handshake is retried after 1 s.
_FAKE_TUNED = (
    "import sys, http.server; sys.path.insert(0, sys.argv.pop(1)); import fake_openai; "
    "fake_openai._Handler.disable_nagle_algorithm = True; "
    "http.server.ThreadingHTTPServer.request_queue_size = 128; "
    "sys.exit(fake_openai.main(sys.argv[1:]))"
)


class FakeProcess:
    """``tests/fake_openai.py`` as its own process, so its threads don't share our GIL."""

    def __init__(self, scenario: dict[str, Any], tmp: Path, tuned: bool = True) -> None:
        spath = tmp / "scenario.json"
        spath.write_text(json.dumps(scenario), encoding="utf-8")
        args = ["--port", "0", "--scenario", str(spath)]
        if tuned:
            argv = [PY, "-c", _FAKE_TUNED, str(REPO / "tests"), *args]
        else:
            argv = [PY, str(REPO / "tests" / "fake_openai.py"), *args]
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert self.proc.stdout is not None
        self.port = int(self.proc.stdout.readline())
        self.base_url = self.proc.stdout.readline().strip()

    def requests(self) -> list[dict[str, Any]]:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__fake__/requests", timeout=10) as r:
            data: list[dict[str, Any]] = json.loads(r.read())
            return data

    def reset(self) -> None:
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}/__fake__/reset", data=b"{}", method="POST")
        with urllib.request.urlopen(req, timeout=10):
            pass

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


async def _raw_floor(port: int, models: Sequence[str], concurrency: int) -> float:
    """The same requests at the same concurrency from bare asyncio sockets: the fake's own floor.

    ``concurrency`` keep-alive connections each send one model after another (HTTP/1.1 with
    Content-Length answers), after one ``GET /v1/models`` -- what the service sends, minus
    everything the SDK and the service add.
    """
    queue: asyncio.Queue[str] = asyncio.Queue()
    for m in models:
        queue.put_nowait(m)

    async def roundtrip(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter, method: str, path: str, body: bytes
    ) -> None:
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer sk-test-FAKE0000\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        writer.write(head.encode() + body)
        await writer.drain()
        headers = await reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in headers.split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await reader.readexactly(length)

    async def worker(first: bool) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            if first:
                await roundtrip(reader, writer, "GET", "/v1/models", b"")
            while not queue.empty():
                m = queue.get_nowait()
                body = json.dumps(
                    {"model": m, "messages": [{"role": "user", "content": ""}], "max_completion_tokens": 0}
                ).encode()
                await roundtrip(reader, writer, "POST", "/v1/chat/completions", body)
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(i == 0) for i in range(concurrency)))
    return time.perf_counter() - t0


@dataclass
class ProbeRun:
    cold: float  # seconds, first ensure (empty cache)
    warm: float  # seconds, the same ensure again (all cached)
    view: Any  # AccessView after the cold run
    by_path: Counter[str]  # requests the fake received, "METHOD /path" -> count
    sent: int  # AccessService.requests_sent


def _probe_once(pairs: Sequence[tuple[str, Any]], fake: FakeProcess, cache_dir: Path) -> ProbeRun:
    """A fresh AccessService (empty cache) on the cheap path: ensure cold, then warm."""
    from openai_access.access.service import AccessService, ProbeRequest
    from openai_access.catalog import Catalog
    from openai_access.settings import ProbeMode, Settings

    settings = Settings(probe=ProbeMode.AUTO, paid_probes=False, cache_dir=str(cache_dir))
    env = {"OPENAI_API_KEY": "sk-test-FAKE0000", "OPENAI_BASE_URL": fake.base_url}
    service = AccessService(settings, env, catalog=Catalog.bundled())
    reqs = [ProbeRequest(model=m, surface=s) for m, s in pairs]

    async def cold_then_warm() -> tuple[float, float, Any]:
        t0 = time.perf_counter()
        await service.ensure(reqs)
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        view = await service.ensure(reqs)
        warm = time.perf_counter() - t0
        await service.aclose()
        return cold, warm, view

    cold, warm, view = asyncio.run(cold_then_warm())
    by_path = Counter(f"{r['method']} {r['path']}" for r in fake.requests())
    return ProbeRun(cold, warm, view, by_path, service.requests_sent)


def probing(big: generate.BigPython, tmp: Path, count: int, judge_repeat: int) -> list[Row]:
    sec = "probe"
    from openai_access.catalog import Catalog
    from openai_access.references import Target
    from openai_access.scan import scan_text
    from openai_access.verdict import Judge

    t0 = time.perf_counter()
    import openai  # noqa: F401  (the SDK import is paid once per process; shown apart)

    import_s = time.perf_counter() - t0
    pairs = _probe_models(big, count)
    models = [m for m, _ in pairs]
    concurrency = 8  # AccessService's default, stated for the floor
    # One model per endpoint first, in another cache: the SDK's lazy imports and client set-up are
    # paid once per process (the language server pays them at its first probe), not per project.
    warmup_pairs = list({s: (m, s) for m, s in pairs}.values())
    fake = FakeProcess(_scenario(models), tmp)
    try:
        t0 = time.perf_counter()
        _probe_once(warmup_pairs, fake, tmp / "probe-cache-warmup")
        warmup_s = time.perf_counter() - t0
        fake.reset()
        run = _probe_once(pairs, fake, tmp / "probe-cache")
        fake.reset()
        raw = asyncio.run(_raw_floor(fake.port, models, concurrency))
    finally:
        fake.stop()
    stock = FakeProcess(_scenario(models), tmp, tuned=False)
    try:
        _probe_once(warmup_pairs, stock, tmp / "probe-cache-stock-warmup")
        stock.reset()
        stock_run = _probe_once(pairs, stock, tmp / "probe-cache-stock")
    finally:
        stock.stop()
    waves = math.ceil(len(models) / concurrency) + 1  # + the model list
    outcomes = Counter(ev.outcome.value for ev in run.view.answers.values())

    # Warm-cache verdicts: the big module's references judged against the populated view.
    view = run.view
    refs = [r for r in scan_text(big.text, "python") if r.target is Target.OPENAI]
    judge = Judge(Catalog.bundled(), today=date.today())
    for r in refs:
        judge.judge(r, view)
    per_ref = [t / len(refs) for t in timed(lambda: [judge.judge(r, view) for r in refs], judge_repeat)]
    answered = sum(1 for r in refs if view.answer(r.model, r.capabilities[0]) is not None)
    post = sum(v for k, v in run.by_path.items() if k.startswith("POST"))
    return [
        Row(
            sec,
            f"{len(models)} models probed cold via AccessService.ensure ({LATENCY_MS} ms latency)",
            run.cold,
            "s",
            target=0.6,
            note=f"paid_probes=False, concurrency {concurrency}, fake tuned, see run.py",
        ),
        Row(sec, "bare asyncio sockets, same requests and concurrency", raw, "s", "floor"),
        Row(
            sec,
            f"the service's order: model list, then {waves - 1} waves of {concurrency} ({waves} x {LATENCY_MS} ms)",
            waves * LATENCY_MS / MS,
            "s",
            "floor",
        ),
        Row(
            sec,
            "same probing against the stock fake",
            stock_run.cold,
            "s",
            "context",
            note="Nagle + delayed ACK, backlog 5: the fake's costs, see run.py",
        ),
        Row(
            sec,
            "model requests received by the fake (POST)",
            post,
            "",
            target=float(len(models)),
            note="; ".join(f"{k}: {v}" for k, v in sorted(run.by_path.items())),
        ),
        Row(
            sec,
            "AccessService.requests_sent",
            run.sent,
            "",
            "context",
            note="outcomes " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())),
        ),
        Row(sec, "second ensure of the same models (all cached)", run.warm * MS, "ms", "context"),
        Row(sec, "import openai (once per process, not in the figure)", import_s, "s", "context"),
        Row(
            sec,
            f"first probes in the process ({len(warmup_pairs)} models, not in the figure)",
            warmup_s,
            "s",
            "context",
            note="SDK client set-up and lazy imports",
        ),
        Row(
            sec,
            f"warm-cache verdict per reference ({len(refs)} refs, {answered} with an answer)",
            median(per_ref) * MS,
            "ms",
            target=0.1,
        ),
    ]


# ------------------------------------------------------------------------------------------
# main
# ------------------------------------------------------------------------------------------


def _fmt(v: float | None, unit: str) -> str:
    if v is None:
        return "-"
    if unit == "":
        return f"{v:.0f}"
    if unit == "ms":
        return f"{v:.2f} ms" if v < 10 else f"{v:.1f} ms"
    if unit == "s":
        return f"{v:.3f} s"
    if unit == "x":
        return f"{v:.2f} x"
    return f"{v:.0f} {unit}"


def print_table(report: Report) -> None:
    titles = {
        "keystroke": "1. Keystroke -> diagnostics (5,000-line Python file, real server over stdio)",
        "keystroke50k": "1b. Keystroke -> diagnostics, 50,000-line Python file (2,000 calls)",
        "cold": "2. Cold start to first diagnostics",
        "check": "3. openai-access check over a generated tree",
        "probe": "4. Access probing (tests/fake_openai.py)",
    }
    width = max((len(r.name) for r in report.rows), default=40) + 10
    section = None
    for r in report.rows:
        if r.section != section:
            section = r.section
            print(f"\n{titles.get(section, section)}")
        label = {"figure": "", "floor": "floor: ", "context": "  "}[r.kind] + r.name
        target = ""
        if r.target is not None:
            target = f"target <= {_fmt(r.target, r.unit)}  " + ("met" if r.met else "NOT MET")
        line = f"  {label:<{width}} {_fmt(r.value, r.unit):>12}  {target}"
        print(line.rstrip() + (f"  ({r.note})" if r.note else ""))
    for f in report.failures:
        print(f"\nFAILED: {f}")


@functools.cache
def big50k() -> generate.BigPython:
    return generate.python_module(lines=50_000, calls=2_000)


def floors_are_targets(report: Report) -> None:
    """A keystroke's median must beat a full tree-sitter parse of the same text, measured in the
    same run (the issue's "<= 20 ms where that floor is <= 20 ms" is then implied)."""
    for row in report.rows:
        if row.kind == "figure" and row.name.startswith("didChange -> publishDiagnostics, median"):
            floor = next(
                (r for r in report.rows if r.section == row.section and r.name.startswith("tree-sitter full parse")),
                None,
            )
            if floor is not None and floor.value is not None:
                row.target = floor.value


def machine() -> dict[str, Any]:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "commit": head.strip(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def _tree(root: Path, files: int) -> None:
    generate.repository_tree(root, files=files)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Print every openai-access performance figure next to its floor.")
    ap.add_argument("--quick", action="store_true", help="smaller inputs and fewer repetitions (a smoke run)")
    ap.add_argument(
        "--only",
        default="keystroke,keystroke50k,cold,check,probe,sunset,scaling,memory",
        help="comma-separated sections to run",
    )
    ap.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = ap.parse_args(argv)
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    q = args.quick
    scale.compile_package()  # bytecode as an installed package has it (see there)
    big = generate.python_module()
    report = Report()
    m = machine()
    print(f"openai-access benchmarks  ({m['platform']}, {m['cpus']} CPUs, Python {m['python']}, {m['commit']})")
    print(f"input: {len(big.text.splitlines())}-line Python module with {big.calls} OpenAI calls")
    print(f"load average at start: {m['loadavg_at_start']} (other work on the machine moves figures and floors alike)")
    sys.stdout.flush()
    with tempfile.TemporaryDirectory(prefix="openai-access-bench-") as d:
        tmp = Path(d)
        steps: list[tuple[str, Callable[[], list[Row]]]] = [
            ("keystroke", lambda: keystroke_floors(big, 5 if q else 15)),
            ("keystroke", lambda: asyncio.run(keystroke_lsp(big, tmp, 10 if q else 30, 3))),
            ("keystroke50k", lambda: keystroke_floors(big50k(), 3 if q else 5, "keystroke50k")),
            (
                "keystroke50k",
                lambda: asyncio.run(keystroke_lsp(big50k(), tmp / "k50", 5 if q else 15, 2, "keystroke50k")),
            ),
            ("cold", lambda: cold_start(big, tmp, 3 if q else 5)),
            ("check", lambda: check_tree(tmp, 400 if q else 2000, 1 if q else 3)),
            ("probe", lambda: probing(big, tmp, 50, 20 if q else 100)),
            ("sunset", lambda: scale.sunset(Row, tmp, q, _tree)),
            ("scaling", lambda: scale.scaling(Row, q) + scale.hostile(Row, q)),
            ("memory", lambda: scale.memory(Row, tmp, q, _tree)),
        ]
        for name, step in steps:
            if name not in only:
                continue
            t0 = time.perf_counter()
            try:
                report.add(*step())
            except Exception as e:
                report.failures.append(f"{name}: {type(e).__name__}: {e}")
                traceback.print_exc()
            print(f"  [{name} step took {time.perf_counter() - t0:.1f} s]", file=sys.stderr)
    floors_are_targets(report)
    print_table(report)
    m["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(f"\nload average at end: {m['loadavg_at_end']}")
    if args.json:
        payload = {
            "machine": m,
            "rows": [{**asdict(r), "met": r.met} for r in report.rows],
            "failures": report.failures,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 1 if report.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
