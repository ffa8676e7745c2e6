"""``path:line:col: severity [status] message`` — the compiler-style line editors and CI parse."""

from __future__ import annotations

from collections.abc import Iterable

from openai_access.engine import FileVerdict
from openai_access.references import SLOT_NOTE


def render_text(items: Iterable[FileVerdict], *, show_ok: bool = False) -> str:
    out = []
    for fv in items:
        v = fv.verdict
        if fv.suppressed or (v.severity is None and not show_ok):
            continue
        start = v.reference.range.start
        where = f"{fv.path}:"
        if v.reference.cell is not None:
            where += f"{v.reference.cell}:"
        where += f"{start.line + 1}:{start.character + 1}"
        sev = v.severity.value if v.severity else "note"
        note = f" ({SLOT_NOTE})" if v.reference.slot else ""
        out.append(f"{where}: {sev} [{v.status.value}] {v.message}{note}")
    return "\n".join(out)
