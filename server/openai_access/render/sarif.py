"""SARIF 2.1.0 for code-scanning uploads: one rule per status, one result per finding."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from openai_access import __version__
from openai_access.engine import FileVerdict, cell_place
from openai_access.references import SLOT_NOTE, Range
from openai_access.render.positions import range_to_utf16
from openai_access.statuses import STATUS_DOC, Severity, Status

_LEVEL = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFORMATION: "note",
    Severity.HINT: "note",
}


def render_sarif(items: Iterable[FileVerdict]) -> str:
    results: list[dict[str, Any]] = []
    used: set[Status] = set()
    for fv in items:
        v = fv.verdict
        if v.severity is None or fv.suppressed:
            continue
        used.add(v.status)
        rng = range_to_utf16(fv.lines, v.reference.range)
        # A notebook's region is in the .ipynb file itself (the JSON string of the cell's line).
        rng = Range(fv.file_position(rng.start), fv.file_position(rng.end))
        place = cell_place(v.reference)
        results.append(
            {
                "ruleId": v.status.value,
                "level": _LEVEL[v.severity],
                "message": {
                    "text": v.message
                    + "".join(f" ({n})" for n in (place, SLOT_NOTE if v.reference.slot else None) if n)
                },
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": fv.path.replace("\\", "/")},
                            "region": {
                                "startLine": rng.start.line + 1,
                                "startColumn": rng.start.character + 1,
                                "endLine": rng.end.line + 1,
                                "endColumn": rng.end.character + 1,
                            },
                        }
                    }
                ],
                "properties": {
                    "model": v.model,
                    "evidence": v.evidence,
                    "replacements": list(v.replacements),
                    "found": v.reference.found,
                    **({"cell": v.reference.cell, "cellLine": v.reference.range.start.line + 1} if place else {}),
                },
            }
        )
    rules = [
        {"id": s.value, "helpUri": STATUS_DOC.get(s, ""), "shortDescription": {"text": s.value}}
        for s in sorted(used, key=lambda s: s.value)
    ]
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "openai-access", "version": __version__, "rules": rules}},
                "columnKind": "utf16CodeUnits",
                "results": results,
            }
        ],
    }
    return json.dumps(doc, indent=2)
