"""Keeping the editor's catalog fresh: the stale warning, the update command, the daily opt-in.

Updates run only when the user asks (the command, or the warning's button) or opted in with
the user-level ``catalogAutoUpdate`` — never on a keystroke and never because a repository
said so. After an update every folder is rebuilt on the newest catalog and open documents
are judged again, so a model that just got a shutdown date turns ``deprecated`` in place.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from lsprotocol import types

from openai_access.access.store import default_cache_dir
from openai_access.catalog.update import (
    DEFAULT_UPDATE_URL,
    UpdateError,
    auto_update_due,
    diff,
    fetch_bytes,
    note_checked,
    store,
    validate,
)
from openai_access.lsp.server import OpenAIAccessServer

log = logging.getLogger("openai_access")

UPDATE_CATALOG_COMMAND = "openai-access.updateCatalog"
UPDATE_ACTION = "Update catalog"


async def update_catalog(ls: OpenAIAccessServer, source: str | None = None, *, quiet: bool = False) -> dict[str, Any]:
    """Fetch, validate and store a newer catalog, then re-judge everything open on it."""
    folder = ls.folder_for(ls.folder_uris()[0])
    if folder.judge is None:
        return {"updated": False, "message": "no catalog loaded"}
    settings = folder.settings
    cache_dir = settings.cache_dir or default_cache_dir()
    src = source or settings.catalog_update_url or DEFAULT_UPDATE_URL
    current = folder.judge.catalog

    def work() -> Any:
        data = fetch_bytes(src)
        candidate = validate(data, source=src, current_as_of=current.as_of, today=ls.today)
        store(data, cache_dir, source=src)
        return candidate

    try:
        candidate = await asyncio.to_thread(work)
    except (UpdateError, OSError) as e:
        message = f"catalog not updated: {e}. Still using the catalog as of {current.as_of.isoformat()}."
        log.warning(message)
        if not quiet:
            ls.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Warning, message=f"OpenAI Access: {message}")
            )
        return {"updated": False, "message": message}
    changes = diff(current.data, candidate).lines()
    ls.catalogs.clear()  # the next build chooses again, and the download is now the newest
    ls.rebuild_all()
    message = f"catalog updated to {candidate.as_of.isoformat()} (was {current.as_of.isoformat()}): " + "; ".join(
        changes[:3]
    )
    log.info(message)
    ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Info, message=f"OpenAI Access: {message}"))
    return {"updated": True, "asOf": candidate.as_of.isoformat(), "changes": changes, "message": message}


async def after_start(ls: OpenAIAccessServer) -> None:
    """Once per session: the opt-in daily update, else the stale warning with its button."""
    folder = ls.folder_for(ls.folder_uris()[0])
    settings = folder.settings
    cache_dir = settings.cache_dir or default_cache_dir()
    if settings.catalog_auto_update and auto_update_due(cache_dir):
        note_checked(cache_dir)
        result = await update_catalog(ls, quiet=True)
        if result["updated"]:
            return
    chosen = folder.catalog_choice
    if chosen is None or not chosen.stale or "catalog-stale" in ls._said:
        return
    ls._said.add("catalog-stale")
    log.warning(chosen.stale)
    try:
        picked = await ls.window_show_message_request_async(
            types.ShowMessageRequestParams(
                type=types.MessageType.Warning,
                message=f"OpenAI Access: {chosen.stale}",
                actions=[types.MessageActionItem(title=UPDATE_ACTION)],
            )
        )
    except Exception as e:  # a client without message requests still got the log line
        log.info("could not offer the catalog update: %s", e)
        return
    if picked is not None and picked.title == UPDATE_ACTION:
        await update_catalog(ls)
