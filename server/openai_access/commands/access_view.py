"""Build the AccessView a command judges with: from cache and probes, or why there is none."""

from __future__ import annotations

import os
from collections.abc import Iterable

from openai_access.access.answers import AccessView
from openai_access.references import ModelReference, Target
from openai_access.settings import ProbeMode, Settings


def probe_requests_for(refs: Iterable[ModelReference]) -> list[object]:
    from openai_access.access.service import ProbeRequest

    seen = set()
    out = []
    for r in refs:
        if r.target is not Target.OPENAI:
            continue
        for cap in r.capabilities:
            key = (r.model, r.surface, cap)
            if key not in seen:
                seen.add(key)
                out.append(ProbeRequest(model=r.model, surface=r.surface, capability=cap))
    return out


def access_view_for(
    refs: Iterable[ModelReference], settings: Settings, notes: list[str], catalog: object
) -> AccessView:
    """Ask (or read the cache) for every model referenced; never raises, notes what went wrong."""
    if settings.probe is ProbeMode.OFF:
        return AccessView(project_label="not checked", unchecked_reason="probing is off (--probe off)")
    from openai_access.access.service import AccessService

    service = AccessService(settings, os.environ, catalog=catalog)
    try:
        view = service.probe_sync(probe_requests_for(refs), force=settings.probe is ProbeMode.LIVE)
    except Exception as e:  # the checker must still report what the catalog knows
        notes.append(f"could not check access: {type(e).__name__}: {e}")
        view = service.view()
    notes.extend(service.warnings)
    if view.account_issue is not None:
        notes.append(view.account_issue.message)
    return view
