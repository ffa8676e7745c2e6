"""The JSON contract of DESIGN.md (version 1). Tools outside the project parse this: keep it stable."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from openai_access.engine import FileVerdict
from openai_access.render.positions import utf16_place

JSON_VERSION = 1


def reference_object(fv: FileVerdict) -> dict[str, Any]:
    v = fv.verdict
    rng = v.reference.range
    obj: dict[str, Any] = {
        "path": fv.path,
        "range": {"start": utf16_place(fv.lines, rng.start), "end": utf16_place(fv.lines, rng.end)},
        "model": v.model,
        "status": v.status.value,
        "severity": v.severity.value if v.severity and not fv.suppressed else None,
        "message": v.message,
        "evidence": v.evidence,
        "replacements": list(v.replacements),
        "cell": v.reference.cell,
        "found": v.reference.found,
    }
    if fv.suppressed:
        obj["suppressed"] = True
    projects = getattr(v, "projects", ())  # code findings have none
    if projects:
        obj["projects"] = [
            {
                "name": p.name,
                "status": p.status.value,
                "severity": p.severity.value if p.severity and not fv.suppressed else None,
                "evidence": p.evidence,
            }
            for p in projects
        ]
    return obj


def render_json(items: Iterable[FileVerdict], *, notes: Iterable[str] = ()) -> str:
    """The document, one reference (or note) per line.

    ``json.dumps(indent=...)`` runs the pure-Python encoder; each line through the C encoder
    costs a fraction of that on a tree with thousands of references.
    """
    fields = [f'"version": {JSON_VERSION}', '"references": ' + _array(reference_object(fv) for fv in items)]
    notes = list(notes)
    if notes:
        fields.append('"notes": ' + _array(notes))
    return "{\n  " + ",\n  ".join(fields) + "\n}"


# One encoder for every line: ``json.dumps`` with a non-default option builds a new one per call.
_encode = json.JSONEncoder(ensure_ascii=False).encode


def _array(values: Iterable[Any]) -> str:
    lines = [_encode(v) for v in values]
    return "[\n    " + ",\n    ".join(lines) + "\n  ]" if lines else "[]"
