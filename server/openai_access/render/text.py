"""``path:line:col: severity [status] message`` — the compiler-style line editors and CI parse.

In a notebook, ``line:col`` are the .ipynb file's own (where CI annotations land) and the cell
is named in the message the way every output names it: "(cell 2, line 3)".
"""

from __future__ import annotations

from collections.abc import Iterable

from openai_access.engine import FileVerdict, cell_place
from openai_access.references import SLOT_NOTE


def render_text(items: Iterable[FileVerdict], *, show_ok: bool = False) -> str:
    out = []
    for fv in items:
        v = fv.verdict
        if fv.suppressed or (v.severity is None and not show_ok):
            continue
        start = fv.file_position(v.reference.range.start)  # a notebook's: the line in the .ipynb
        where = f"{fv.path}:{start.line + 1}:{start.character + 1}"
        sev = v.severity.value if v.severity else "note"
        notes = [n for n in (cell_place(v.reference), SLOT_NOTE if v.reference.slot else None) if n]
        note = f" ({'; '.join(notes)})" if notes else ""
        out.append(f"{where}: {sev} [{v.status.value}] {v.message}{note}")
    return "\n".join(out)
