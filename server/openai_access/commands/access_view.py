"""Build the AccessView a command judges with: from cache and probes, or why there is none."""

from __future__ import annotations

import os
from collections.abc import Iterable

from openai_access.access.answers import AccessView
from openai_access.engine import probe_requests_for
from openai_access.references import ModelReference
from openai_access.settings import ProbeMode, Settings


def access_view_for(
    refs: Iterable[ModelReference], settings: Settings, notes: list[str], catalog: object
) -> AccessView:
    """Ask (or read the cache) for every model referenced; never raises, notes what went wrong."""
    if settings.probe is ProbeMode.OFF:
        return AccessView(project_label="not checked", unchecked_reason="probing is off with --probe off")
    from openai_access.access.projects import ProjectSet
    from openai_access.access.service import AccessService

    service: AccessService | ProjectSet
    if settings.projects:
        service = ProjectSet(settings, os.environ, catalog=catalog)
    else:
        service = AccessService(settings, os.environ, catalog=catalog)
    try:
        view = service.probe_sync(probe_requests_for(refs, catalog), force=settings.probe is ProbeMode.LIVE)
    except Exception as e:  # the checker must still report what the catalog knows
        notes.append(f"could not check access: {type(e).__name__}: {e}")
        view = service.view()
    notes.extend(service.warnings)
    if view.account_issue is not None:
        notes.append(view.account_issue.message)
    return view
