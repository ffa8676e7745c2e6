"""The language server: keeps per-document analyses fresh and the client informed.

Typing never waits on the network: a change schedules a debounced scan + judge from what is
known now (catalog + cache), published at once; probes for models not yet answered run in the
background per workspace folder, and when they answer every open document of that folder is
judged again and re-published.

Typing never probes the ids on the way to the one meant (``gpt-5.4`` on the way to
``gpt-5.4-mini`` is a real model, and a paid probe): after an edit, a document's models are
probed only once the document has stayed unchanged for ``PROBE_SETTLE_SECONDS``, or when it is
saved. Opening a document probes at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from openai_access import __version__
from openai_access.access.answers import access_summary
from openai_access.catalog.selection import ChosenCatalog
from openai_access.engine import MAX_FILE_BYTES, model_ignored, probe_requests_for
from openai_access.lsp.diagnostics import low_rate_limit, to_diagnostic
from openai_access.lsp.folder import FolderState, build_folder, folder_root
from openai_access.lsp.protocol import ForgivingProtocol
from openai_access.lsp.workspace_index import CODE_LANGUAGES, WorkspaceIndex, build_index
from openai_access.references import ModelReference
from openai_access.scan import incremental, language_for_id, language_for_path
from openai_access.scan.slots import merge_slots
from openai_access.suppress import Suppressions
from openai_access.verdict import Verdict, same_finding

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from pathlib import Path

    from openai_access.settings import Settings

PROBE_SETTLE_SECONDS = 1.5
# A keystroke in a big file rescans only the statements it touched (``scan.incremental``); once
# typing pauses this long, a full scan confirms it (and re-publishes if anything differs).
CONFIRM_SECONDS = 0.3

log = logging.getLogger("openai_access")

STATUS_NOTIFICATION = "openaiAccess/status"
CONFIG_SECTION = "openaiAccess"


@dataclass
class Analysis:
    """One document's (or notebook cell's) references and their current verdicts."""

    uri: str
    version: int | None
    language: str
    folder: str
    references: list[ModelReference]
    verdicts: list[Verdict] = field(default_factory=list)
    suppressed: set[int] = field(default_factory=set)  # indexes into verdicts
    notebook: str | None = None
    exact: bool = True  # False: from a keystroke's partial rescan, a full scan will confirm

    def shown(self) -> list[Verdict]:
        seen: set[tuple[object, ...]] = set()
        out = []
        for i, v in enumerate(self.verdicts):
            if i not in self.suppressed and same_finding(v) not in seen:
                seen.add(same_finding(v))
                out.append(v)
        return out


def _today() -> date:
    raw = os.environ.get("OPENAI_ACCESS_TODAY")
    try:
        return date.fromisoformat(raw) if raw else date.today()
    except ValueError:
        return date.today()


class OpenAIAccessServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "openai-access",
            __version__,
            protocol_cls=ForgivingProtocol,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            notebook_document_sync=types.NotebookDocumentSyncOptions(
                notebook_selector=[
                    types.NotebookDocumentFilterWithCells(
                        cells=[types.NotebookCellLanguage(language="python")], notebook="*"
                    )
                ]
            ),
        )
        self.today = _today()
        self.catalogs: dict[tuple[str | None, str], ChosenCatalog] = {}
        self.init_settings: dict[str, Any] = {}
        self.editor_settings: dict[str, Mapping[str, Any]] = {}
        self.folders: dict[str, FolderState] = {}
        self.services: dict[str, Any] = {}  # repr(Settings) -> AccessService (see build_folder)
        self.analyses: dict[str, Analysis] = {}
        self.use_pull = False
        self.refresh_support = False
        self._debounce: dict[str, asyncio.Task[None]] = {}
        self._settling: dict[str, asyncio.Task[None]] = {}  # uri -> probe once typing stops
        self._scans: dict[str, incremental.Snapshot] = {}  # uri -> last scan, where a keystroke starts
        self._confirming: dict[str, asyncio.Task[None]] = {}  # uri -> full scan once typing stops
        self._probe_tasks: dict[str, asyncio.Task[None]] = {}
        self._wanted: dict[str, set[Any]] = {}  # folder -> ProbeRequests not yet sent
        self._asked: dict[str, set[Any]] = {}  # folder -> ProbeRequests already ensured
        self._said: set[str] = set()
        self.env: Mapping[str, str] = os.environ
        self.indexes: dict[str, WorkspaceIndex] = {}
        self._index_tasks: dict[str, asyncio.Task[None]] = {}
        self._background: set[asyncio.Future[Any]] = set()
        self._index_pool: ProcessPoolExecutor | None = None  # builds folder indexes (see _index_elsewhere)
        self._index_pool_failed = False

    def background(self, coro: Any) -> None:
        """Run a coroutine without awaiting it, keeping a reference so it is not collected mid-run."""
        task = asyncio.ensure_future(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    # -- messages -----------------------------------------------------------------
    def say_once(self, key: str, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        """Account problems, bad settings, cache trouble: said once, plainly, not per literal."""
        if key in self._said:
            return
        self._said.add(key)
        log.warning(message)
        self.window_show_message(types.ShowMessageParams(type=kind, message=f"OpenAI Access: {message}"))

    def status(self, folder: FolderState, state: str, message: str, done: int = 0, total: int = 0) -> None:
        view = folder.view()
        self.protocol.notify(
            STATUS_NOTIFICATION,
            {"project": view.project_label, "state": state, "message": message, "done": done, "total": total},
        )

    def report_server_error(self, error: Exception, source: Any) -> None:
        log.exception("internal error: %s", error)
        self.say_once(
            f"internal:{type(error).__name__}",
            f"internal error ({type(error).__name__}: {error}); "
            "the server keeps running. Please report it with the log.",
            types.MessageType.Error,
        )

    # -- folders and settings ----------------------------------------------------------
    def folder_uris(self) -> list[str]:
        uris = list(self.workspace.folders.keys())
        if not uris and self.workspace.root_uri:
            uris = [self.workspace.root_uri]
        return uris or [""]

    def folder_for(self, uri: str) -> FolderState:
        best = ""
        for f in self.folder_uris():
            if f and uri.startswith(f.rstrip("/") + "/") and len(f) > len(best):
                best = f
        if best not in self.folders:
            self.rebuild_folder(best)
        return self.folders[best]

    def rebuild_folder(self, uri: str) -> FolderState:
        editor = {**self.init_settings, **self.editor_settings.get(uri, {})}
        state = build_folder(
            uri, folder_root(uri) if uri else None, editor, self.env, self.catalogs, self.today, self.services
        )
        self.folders[uri] = state
        for p in state.problems:
            self.say_once(f"settings:{p}", p)
        if state.access is not None:
            for w in getattr(state.access, "warnings", []):
                self.say_once(f"access-warning:{w}", w)
        return state

    def rebuild_all(self) -> None:
        self._asked.clear()
        for uri in set(self.folder_uris()) | set(self.folders):
            self.rebuild_folder(uri)
        for uri in list(self.analyses):
            self.schedule(uri, delay=0)

    # -- analysis -----------------------------------------------------------------------
    def schedule(self, uri: str, delay: float | None = None, probe: bool = True) -> None:
        """Debounce per document: the latest text wins, older runs are cancelled."""
        old = self._debounce.get(uri)
        if old is not None and not old.done():
            old.cancel()
        typing = delay is None
        if typing:
            self._stop_settling(uri)
            _cancel(self._confirming.pop(uri, None))
            delay = self.folder_for(uri).settings.debounce_ms / 1000
        assert delay is not None
        self._debounce[uri] = asyncio.ensure_future(self._analyze_later(uri, delay, typing, probe))

    async def _analyze_later(self, uri: str, delay: float, typing: bool = False, probe: bool = True) -> None:
        try:
            if delay:
                await asyncio.sleep(delay)
            for a in self.analyze(uri, quick=typing):
                self.publish(a)
                if not a.exact:
                    self._confirming[uri] = asyncio.ensure_future(self._confirm_later(uri))
                if typing:
                    self.probe_when_settled(a)
                elif probe:
                    self.want_probes(a)
        except asyncio.CancelledError:
            raise
        except Exception as e:  # never let one document break the server
            self.report_server_error(e, None)

    async def _confirm_later(self, uri: str) -> None:
        """The full scan behind a keystroke's partial one; published only if it differs."""
        await asyncio.sleep(CONFIRM_SECONDS)
        self._confirming.pop(uri, None)
        try:
            before = self.analyses.get(uri)
            for a in self.analyze(uri):
                if before is None or before.references != a.references:
                    self.publish(a)
        except Exception as e:  # never let one document break the server
            self.report_server_error(e, None)

    def is_open(self, uri: str) -> bool:
        """Whether the client opened ``uri`` (a file or a notebook cell).

        pygls keys open documents by the *unquoted* URI, and clients percent-encode: a path with a
        space (``my%20project``) or a VS Code cell (``…ipynb#W0sZmlsZQ%3D%3D``) must still count.
        """
        return unquote(uri) in self.workspace.text_documents

    def analyze(self, uri: str, quick: bool = False) -> list[Analysis]:
        """Scan and judge ``uri`` now. ``quick``: a keystroke, so a big file may be rescanned only
        where it changed (the analysis is then marked not ``exact``)."""
        notebook = self.workspace.get_notebook_document(notebook_uri=uri) or self.workspace.get_notebook_document(
            cell_uri=uri
        )
        if notebook is not None:
            return self.analyze_notebook(notebook)
        if not self.is_open(uri):
            return []
        doc = self.workspace.get_text_document(uri)
        language = language_for_id(doc.language_id or "") or language_for_path(doc.path)
        if language is None or language == "notebook":
            return []
        folder = self.folder_for(uri)
        source = doc.source
        exact = True
        if len(source) > MAX_FILE_BYTES:
            self.say_once(
                f"huge:{uri}",
                f"{os.path.basename(doc.path)} is over {MAX_FILE_BYTES // (1024 * 1024)} MB; it is not checked.",
                types.MessageType.Info,
            )
            refs: list[ModelReference] = []
        elif folder.root and _path_ignored(doc.path, folder):
            refs = []
        else:
            options = folder.settings.scan_options
            last = self._scans.get(uri)
            scan = incremental.quick(last, source, language, options) if quick else None
            scan = scan or incremental.full(source, language, options, previous=last)
            self._scans[uri] = scan
            refs, exact = list(scan.references), scan.exact
            index = self.indexes.get(folder.uri)
            if index is not None and language in CODE_LANGUAGES:
                refs = merge_slots(refs, index.references_for(doc.path))
        a = Analysis(uri, doc.version, language, folder.uri, refs, exact=exact)
        self.judge(a, source)
        self.analyses[uri] = a
        return [a]

    def analyze_notebook(self, notebook: types.NotebookDocument) -> list[Analysis]:
        from openai_access.scan.notebook import scan_cells

        folder = self.folder_for(notebook.uri)
        cells = [c for c in notebook.cells if c.kind == types.NotebookCellKind.Code]
        docs = [self.workspace.get_text_document(c.document) for c in cells]
        per_cell = scan_cells([d.source for d in docs], folder.settings.scan_options)
        out = []
        for doc, refs in zip(docs, per_cell, strict=False):
            a = Analysis(doc.uri, doc.version, "python", folder.uri, refs, notebook=notebook.uri)
            self.judge(a, doc.source)
            self.analyses[doc.uri] = a
            out.append(a)
        return out

    def judge(self, a: Analysis, source: str | None = None) -> None:
        folder = self.folders.get(a.folder) or self.folder_for(a.uri)
        assert folder.judge is not None
        view = folder.view()
        if source is None:
            source = self.workspace.get_text_document(a.uri).source
        sup = Suppressions.parse(source, a.language)
        a.verdicts = folder.judge.judge_many(a.references, view) + self._code_findings(a, source, folder)
        a.suppressed = {
            i
            for i, v in enumerate(a.verdicts)
            if sup.file_ignored
            or sup.is_ignored(v.reference.range.start.line, v.status.value)
            or model_ignored(v.model, folder.settings.ignore_models)
        }

    def _code_findings(self, a: Analysis, source: str, folder: FolderState) -> list[Verdict]:
        """Parameter, SDK-version and key findings (issue 13); the manifest is looked up from the file."""
        from pygls.uris import to_fs_path

        from openai_access.compat import code_findings

        try:
            path = to_fs_path(a.notebook or a.uri)
            if path and folder.root and _path_ignored(path, folder):
                return []
            return list(
                code_findings(
                    source, a.language, a.references, path, root=folder.root, severity=folder.settings.severity
                )
            )
        except Exception as e:  # a finder's bug must not cost the document its model diagnostics
            self.report_server_error(e, None)
            return []

    def diagnostics_for(self, a: Analysis) -> list[types.Diagnostic]:
        doc = self.workspace.get_text_document(a.uri)
        lines = doc.lines  # split once per publish, not once per diagnostic
        out = [d for v in a.shown() if (d := to_diagnostic(doc, v, lines)) is not None]
        rpm = self.folder_for(a.uri).settings.low_rate_limit_rpm
        if rpm > 0:
            out += [d for v in a.shown() if (d := low_rate_limit(doc, v, rpm, lines)) is not None]
        return out

    def publish(self, a: Analysis) -> None:
        if self.use_pull:
            return
        doc = self.workspace.get_text_document(a.uri)
        if doc.version is not None and a.version is not None and doc.version != a.version:
            return  # a newer edit is on its way; don't show stale squiggles
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=a.uri, diagnostics=self.diagnostics_for(a), version=a.version)
        )

    def forget(self, uri: str) -> None:
        _cancel(self._debounce.pop(uri, None))
        _cancel(self._confirming.pop(uri, None))
        self._scans.pop(uri, None)
        self._stop_settling(uri)
        if self.analyses.pop(uri, None) is not None and not self.use_pull:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def rejudge_folder(self, folder_uri: str) -> None:
        changed = False
        for a in list(self.analyses.values()):
            if a.folder == folder_uri:
                self.judge(a)
                self.publish(a)
                changed = True
        if changed and self.use_pull and self.refresh_support:
            self.workspace_diagnostic_refresh(None)

    # -- cross-file index -------------------------------------------------------------------
    def refresh_index(self, folder_uri: str) -> None:
        """Rebuild the folder's cross-file index in a thread; re-analyze open documents after."""
        folder = self.folders.get(folder_uri)
        if folder is None or folder.root is None:
            return
        old = self._index_tasks.get(folder_uri)
        if old is not None and not old.done():
            old.cancel()
        self._index_tasks[folder_uri] = asyncio.ensure_future(self._build_index(folder_uri, folder))

    async def _build_index(self, folder_uri: str, folder: FolderState) -> None:
        try:
            await asyncio.sleep(0.3)  # a save often comes in bursts (save all)
            assert folder.root is not None
            self.indexes[folder_uri] = await self._index_elsewhere(folder.root, folder.settings)
            for uri, a in list(self.analyses.items()):
                if a.folder == folder_uri and a.notebook is None:
                    # Mid-typing, the text holds an id on the way to the one meant: the settling
                    # that typing started probes it when the user stops, not the index finishing.
                    self.schedule(uri, delay=0, probe=uri not in self._settling)
        except asyncio.CancelledError:
            raise
        except Exception as e:
            log.warning("could not index %s for cross-file constants: %s", folder.root, e)

    async def _index_elsewhere(self, root: Path, settings: Settings) -> WorkspaceIndex:
        """Build a folder index in a child process, a thread only where processes cannot start.

        The build parses thousands of files and tree-sitter holds the GIL while it parses: in a
        thread it made keystrokes wait (p90 61 ms while a 20,000-file tree was indexed).
        """
        from concurrent.futures.process import BrokenProcessPool

        if self._index_pool is None and not self._index_pool_failed:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            try:
                self._index_pool = ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_quiet_child
                )
            except OSError as e:
                self._index_pool_failed = True
                log.warning("indexing in a thread: no child process (%s)", e)
        from openai_access.scan_memo import memo_folder

        memo = memo_folder(settings.cache_dir)
        if self._index_pool is not None:
            # Only a child that cannot start or dies sends indexing to a thread for good; an error
            # of the build itself (an OSError reading the tree) is the build's, said by the caller.
            try:
                built = asyncio.get_running_loop().run_in_executor(self._index_pool, build_index, root, settings, memo)
            except (OSError, BrokenProcessPool) as e:
                self._index_pool, self._index_pool_failed = None, True
                log.warning("indexing in a thread: no child process (%s)", e)
            else:
                try:
                    return await built
                except BrokenProcessPool as e:
                    self._index_pool, self._index_pool_failed = None, True
                    log.warning("indexing in a thread: the child process failed (%s)", e)
        return await asyncio.to_thread(build_index, root, settings, memo)

    # -- probing ----------------------------------------------------------------------------
    def probe_when_settled(self, a: Analysis) -> None:
        """Probe ``a``'s models once its document has stayed unchanged a while (never mid-word)."""
        self._stop_settling(a.uri)
        self._settling[a.uri] = asyncio.ensure_future(self._probe_settled(a.uri))

    async def _probe_settled(self, uri: str) -> None:
        await asyncio.sleep(PROBE_SETTLE_SECONDS)
        self._settling.pop(uri, None)
        for a in [x for x in self.analyses.values() if x.uri == uri or x.notebook == uri]:
            self.want_probes(a)

    def probe_now(self, uri: str) -> None:
        """On save: what is in the file now is what the user means."""
        self._stop_settling(uri)
        for a in [x for x in self.analyses.values() if x.uri == uri or x.notebook == uri]:
            self.want_probes(a)

    def _stop_settling(self, uri: str) -> None:
        task = self._settling.pop(uri, None)
        if task is not None and not task.done():
            task.cancel()

    def want_probes(self, a: Analysis, force: bool = False) -> None:
        folder = self.folders.get(a.folder)
        if folder is None or folder.access is None:
            return
        asked = self._asked.setdefault(a.folder, set())
        wanted = self._wanted.setdefault(a.folder, set())
        catalog = folder.judge.catalog if folder.judge else None
        for req in probe_requests_for(a.references, catalog, self.today):
            if force or req not in asked:
                wanted.add(req)
        if wanted:
            self.kick_probes(a.folder, force=force)

    def kick_probes(self, folder_uri: str, force: bool = False) -> asyncio.Task[None]:
        running = self._probe_tasks.get(folder_uri)
        if running is not None and not running.done():
            return running  # it drains _wanted in a loop
        task = asyncio.ensure_future(self._probe_loop(folder_uri, force))
        self._probe_tasks[folder_uri] = task
        return task

    async def _probe_loop(self, folder_uri: str, force: bool) -> None:
        folder = self.folders[folder_uri]
        token = None
        try:
            while self._wanted.get(folder_uri):
                await asyncio.sleep(0.02)  # let a burst of documents add their models first
                batch = list(self._wanted.pop(folder_uri, set()))
                self._asked.setdefault(folder_uri, set()).update(batch)
                total = len(batch)
                if token is None and self._supports_progress():
                    token = f"openai-access-probe-{id(batch)}"
                    try:
                        await self.work_done_progress.create_async(token)
                        self.work_done_progress.begin(
                            token,
                            types.WorkDoneProgressBegin(
                                title="Checking model access", message=f"0/{total}", percentage=0
                            ),
                        )
                    except Exception:
                        token = None
                self.status(folder, "probing", f"Checking model access 0/{total}", 0, total)

                def progress(done: int, of: int, _token: str | None = token) -> None:
                    if _token is not None:
                        self.work_done_progress.report(
                            _token,
                            types.WorkDoneProgressReport(
                                message=f"{done}/{of}", percentage=int(100 * done / max(of, 1))
                            ),
                        )
                    self.status(folder, "probing", f"Checking model access {done}/{of}", done, of)

                view = await folder.access.ensure(batch, force=force, on_progress=progress)
                for w in getattr(folder.access, "warnings", []):
                    self.say_once(f"access-warning:{w}", w)
                if view.account_issue is not None:
                    issue = view.account_issue
                    self.say_once(
                        f"account:{folder_uri}:{issue.kind.value}",
                        f"{issue.message} (Run “OpenAI Access: Doctor” for the full checklist.)",
                    )
                self.rejudge_folder(folder_uri)
            view = folder.view()
            if view.account_issue is not None:
                self.status(folder, "problem", view.account_issue.message)
            else:
                self.status(folder, "idle", f"Model {access_summary(view)}")
        except asyncio.CancelledError:
            raise
        except Exception as e:
            self.report_server_error(e, None)
        finally:
            if token is not None:
                self.work_done_progress.end(token, types.WorkDoneProgressEnd(message="done"))

    def _supports_progress(self) -> bool:
        window = self.client_capabilities.window
        return bool(window and window.work_done_progress)

    async def recheck(self, model: str | None = None) -> int:
        """Bypass the cache for every model in open documents (or one model); wait for answers."""
        count = 0
        tasks = []
        for folder_uri, folder in self.folders.items():
            if folder.access is None:
                continue
            for a in self.analyses.values():
                if a.folder != folder_uri:
                    continue
                refs = [r for r in a.references if model is None or r.model == model]
                if refs:
                    count += len(refs)
                    self.want_probes(Analysis(a.uri, a.version, a.language, a.folder, refs), force=True)
            running = self._probe_tasks.get(folder_uri)
            if running is not None:
                tasks.append(running)
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        for folder_uri in self.folders:
            self.rejudge_folder(folder_uri)
        return count

    async def close(self) -> None:
        for task in list(self._background):
            task.cancel()
        pool, self._index_pool = self._index_pool, None
        if pool is not None:  # an index being built is of no use to a server going away
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
        for service in self.services.values():
            with contextlib.suppress(Exception):
                await service.aclose()


def _quiet_child() -> None:
    """The index child shares the server's stdout, the LSP channel: nothing may be written there."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)


def _cancel(task: asyncio.Task[None] | None) -> None:
    if task is not None and not task.done():
        task.cancel()


def _path_ignored(path: str, folder: FolderState) -> bool:
    from openai_access.engine import ignored_path

    assert folder.root is not None
    try:
        rel = os.path.relpath(path, folder.root)
    except ValueError:
        return False
    return ignored_path(rel, folder.settings.ignore_paths)


def all_verdicts(server: OpenAIAccessServer) -> Iterable[tuple[str, Verdict]]:
    for a in server.analyses.values():
        for v in a.shown():
            yield a.uri, v


def serve(tcp: str | None = None) -> int:
    from openai_access.lsp.features import create_server

    server = create_server()
    if tcp:
        host, _, port = tcp.rpartition(":")
        server.start_tcp(host or "127.0.0.1", int(port))
    else:
        server.start_io()
    return 0
