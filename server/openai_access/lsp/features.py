"""Register every LSP feature once (esbonio's ``setup.py`` pattern) and fan out to the server."""

from __future__ import annotations

import logging
from typing import Any

from lsprotocol import types
from pygls.capabilities import get_capability

from openai_access.lsp.catalog_freshness import UPDATE_CATALOG_COMMAND, after_start, update_catalog
from openai_access.lsp.code_actions import OPEN_COMMAND, RECHECK_COMMAND, actions_for
from openai_access.lsp.completion import complete, completion_prefix
from openai_access.lsp.convert import from_client_position, from_client_range
from openai_access.lsp.hover import hover_for, imported_hover
from openai_access.lsp.log_handler import WindowLogHandler
from openai_access.lsp.server import CONFIG_SECTION, OpenAIAccessServer, all_verdicts
from openai_access.lsp.workspace_index import CODE_LANGUAGES

log = logging.getLogger("openai_access")

CLEAR_CACHE_COMMAND = "openai-access.clearCache"
REPORT_COMMAND = "openai-access.report"
DOCTOR_COMMAND = "openai-access.doctor"
PROJECT_FILES = ("pyproject.toml", ".openai-access.toml")


def _settings_from(options: Any) -> dict[str, Any]:
    if not isinstance(options, dict):
        return {}
    if isinstance(options.get(CONFIG_SECTION), dict):  # {"openaiAccess": {...}} is accepted too
        return dict(options[CONFIG_SECTION])
    if isinstance(options.get("settings"), dict):
        return dict(options["settings"])
    return dict(options)


def create_server() -> OpenAIAccessServer:
    server = OpenAIAccessServer()
    handler = WindowLogHandler(server)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)

    @server.feature(types.INITIALIZE)
    def initialize(ls: OpenAIAccessServer, params: types.InitializeParams) -> None:
        ls.init_settings = _settings_from(params.initialization_options)
        caps = params.capabilities
        pull = get_capability(caps, "text_document.diagnostic", None) is not None
        ls.refresh_support = bool(get_capability(caps, "workspace.diagnostics.refresh_support", False))
        if pull and ls.refresh_support:
            ls.use_pull = True

            @ls.feature(
                types.TEXT_DOCUMENT_DIAGNOSTIC,
                types.DiagnosticOptions(
                    identifier="openai-access", inter_file_dependencies=False, workspace_diagnostics=False
                ),
            )
            def pull_diagnostics(
                ls: OpenAIAccessServer, params: types.DocumentDiagnosticParams
            ) -> types.DocumentDiagnosticReport:
                uri = params.text_document.uri
                if not ls.is_open(uri):  # answer only for open documents
                    return types.RelatedFullDocumentDiagnosticReport(items=[])
                a = ls.analyses.get(uri)
                doc = ls.workspace.get_text_document(uri)
                if a is None or a.version != doc.version:
                    found = ls.analyze(uri)
                    for x in found:
                        ls.probe_when_settled(x)
                    a = ls.analyses.get(uri)
                items = ls.diagnostics_for(a) if a is not None else []
                return types.RelatedFullDocumentDiagnosticReport(items=items)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: OpenAIAccessServer, params: types.InitializedParams) -> None:
        await _pull_configuration(ls)
        first = ls.folder_for(ls.folder_uris()[0])
        log.info(
            "openai-access %s started (catalog as of %s)",
            ls.version,
            first.judge.catalog.as_of.isoformat() if first.judge else "?",
        )
        caps = ls.client_capabilities
        if get_capability(caps, "workspace.did_change_watched_files.dynamic_registration", False):
            try:
                await ls.client_register_capability_async(
                    types.RegistrationParams(
                        registrations=[
                            types.Registration(
                                id="openai-access-project-files",
                                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                register_options=types.DidChangeWatchedFilesRegistrationOptions(
                                    watchers=[
                                        types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in PROJECT_FILES
                                    ]
                                ),
                            )
                        ]
                    )
                )
            except Exception as e:
                log.info("could not watch project files: %s", e)
        for folder_uri in list(ls.folders):
            ls.refresh_index(folder_uri)
        for folder in ls.folders.values():
            if folder.access is None:
                ls.status(folder, "offline", f"Not checking access: {folder.offline_reason()}")
        # In the background: the offer waits on the user, and must never hold up diagnostics.
        ls.background(after_start(ls))

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: OpenAIAccessServer, params: types.DidChangeConfigurationParams) -> None:
        pushed = _settings_from(params.settings)
        if pushed:
            ls.init_settings = {**ls.init_settings, **pushed}
        await _pull_configuration(ls)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: OpenAIAccessServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(c.uri.rsplit("/", 1)[-1] in PROJECT_FILES for c in params.changes):
            log.info("project settings changed; reloading")
            ls.rebuild_all()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: OpenAIAccessServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, delay=0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: OpenAIAccessServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: OpenAIAccessServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri.rsplit("/", 1)[-1] in PROJECT_FILES:
            ls.rebuild_all()
        elif uri in ls.analyses:
            ls.probe_now(uri)
            ls.refresh_index(ls.folder_for(uri).uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: OpenAIAccessServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    def notebook_open(ls: OpenAIAccessServer, params: types.DidOpenNotebookDocumentParams) -> None:
        ls.schedule(params.notebook_document.uri, delay=0)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def notebook_change(ls: OpenAIAccessServer, params: types.DidChangeNotebookDocumentParams) -> None:
        ls.schedule(params.notebook_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def notebook_close(ls: OpenAIAccessServer, params: types.DidCloseNotebookDocumentParams) -> None:
        for cell in params.cell_text_documents:
            ls.forget(cell.uri)
        ls.forget(params.notebook_document.uri)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: OpenAIAccessServer, params: types.HoverParams) -> types.Hover | None:
        a = ls.analyses.get(params.text_document.uri)
        if a is None:
            return None
        doc = ls.workspace.get_text_document(a.uri)
        pos = from_client_position(doc, params.position)
        owner = ls.folder_for(a.uri)
        as_of = owner.judge.catalog.as_of.isoformat() if owner.judge else None
        found = hover_for(a.verdicts, pos, doc, as_of)
        index = ls.indexes.get(a.folder)
        if found is None and index is not None and a.language in CODE_LANGUAGES:
            hit = index.defined_at(doc.path, doc.source, a.language, pos)
            folder = ls.folder_for(a.uri)
            if hit is not None and folder.judge is not None:
                defining, ref = hit
                found = imported_hover(folder.judge.judge(ref, folder.view()), defining, index.root)
        return found

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix], resolve_provider=False),
    )
    def code_action(ls: OpenAIAccessServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        a = ls.analyses.get(params.text_document.uri)
        if a is None:
            return []
        doc = ls.workspace.get_text_document(a.uri)
        return actions_for(doc, a.language, a.shown(), from_client_range(doc, params.range), params.context)

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=['"', "'", "-", "`", "/", ":"]),
    )
    def completion(ls: OpenAIAccessServer, params: types.CompletionParams) -> types.CompletionList | None:
        uri = params.text_document.uri
        if not ls.is_open(uri):
            return None  # never read a path the client did not open (file:///dev/zero)
        doc = ls.workspace.get_text_document(uri)
        pos = from_client_position(doc, params.position)
        if pos.line >= len(doc.lines):
            return None
        line = doc.lines[pos.line].rstrip("\r\n")
        a = ls.analyses.get(uri)
        found = completion_prefix(line, pos.character, a.references if a else [], pos)
        if found is None:
            return None
        start, typed = found
        folder = ls.folder_for(uri)
        assert folder.judge is not None
        items = complete(folder.judge.catalog, ls.today, typed)
        from openai_access.lsp.convert import to_client_range
        from openai_access.references import Position, Range

        rng = to_client_range(doc, Range(Position(pos.line, start), pos))
        for it in items:
            it.text_edit = types.TextEdit(range=rng, new_text=it.label)
        return types.CompletionList(is_incomplete=False, items=items)

    @server.command(RECHECK_COMMAND)
    async def recheck(ls: OpenAIAccessServer, *args: Any) -> dict[str, Any]:
        model = None
        if args and isinstance(args[0], dict):
            model = args[0].get("model")
        elif args and isinstance(args[0], str):
            model = args[0]
        if not any(f.access is not None for f in ls.folders.values()):
            reasons = {f.offline_reason() for f in ls.folders.values()}
            msg = "Cannot re-check: " + "; ".join(sorted(reasons))
            ls.say_once(f"recheck-offline:{msg}", msg, types.MessageType.Info)
            return {"checked": 0, "message": msg}
        n = await ls.recheck(model)
        return {"checked": n, "message": f"Re-checked {n} reference{'s' if n != 1 else ''}"}

    @server.command(CLEAR_CACHE_COMMAND)
    def clear_cache(ls: OpenAIAccessServer, *args: Any) -> dict[str, Any]:
        """Forget the project's answers and the folders' scan memos (whatever the user doubts)."""
        from openai_access import scan_memo

        cleared = memos = 0
        for folder in ls.folders.values():
            if folder.access is not None:
                folder.access.clear_cache()
                cleared += 1
            if folder.root is not None:
                memos += scan_memo.forget(scan_memo.memo_folder(folder.settings.cache_dir), str(folder.root))
        ls._asked.clear()
        for uri in list(ls.analyses):
            ls.schedule(uri, delay=0)
        return {"cleared": cleared, "scanMemos": memos}

    @server.command(REPORT_COMMAND)
    async def report(ls: OpenAIAccessServer, *args: Any) -> str:
        from openai_access.lsp.report import workspace_report

        return await workspace_report(ls)

    @server.command(DOCTOR_COMMAND)
    async def doctor(ls: OpenAIAccessServer, *args: Any) -> str:
        from openai_access.doctor.editor import doctor_markdown

        folder = ls.folder_for(ls.folder_uris()[0])
        return await doctor_markdown(folder.settings, ls.env, [v for _, v in all_verdicts(ls)])

    @server.command(UPDATE_CATALOG_COMMAND)
    async def update_catalog_command(ls: OpenAIAccessServer, *args: Any) -> dict[str, Any]:
        source = args[0].get("from") if args and isinstance(args[0], dict) else None
        return await update_catalog(ls, source if isinstance(source, str) else None)

    @server.command(OPEN_COMMAND)
    async def open_url(ls: OpenAIAccessServer, url: str, *args: Any) -> None:
        await ls.window_show_document_async(types.ShowDocumentParams(uri=url, external=True))

    @server.feature(types.SHUTDOWN)
    async def shutdown(ls: OpenAIAccessServer, *args: Any) -> None:
        await ls.close()

    return server


async def _pull_configuration(ls: OpenAIAccessServer) -> None:
    """Ask the client for ``openaiAccess`` per folder (when it can answer), then re-judge."""
    if get_capability(ls.client_capabilities, "workspace.configuration", False):
        uris = ls.folder_uris()
        try:
            result = await ls.workspace_configuration_async(
                types.ConfigurationParams(
                    items=[types.ConfigurationItem(scope_uri=u or None, section=CONFIG_SECTION) for u in uris]
                )
            )
            for u, value in zip(uris, result or [], strict=False):
                ls.editor_settings[u] = value if isinstance(value, dict) else {}
        except Exception as e:
            log.info("workspace/configuration failed: %s; using initializationOptions", e)
    ls.rebuild_all()
