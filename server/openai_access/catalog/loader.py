"""Reading a catalog file (bundled or the user's) into plain lookup tables.

A user can point ``catalogPath`` at a newer file to get fresh dates without upgrading,
so the file is untrusted input: every problem becomes one ``CatalogError`` that names the
file and the field, never a traceback from deep inside the editor.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openai_access.catalog.entry import CatalogEntry, Lifecycle
from openai_access.references import Capability, Surface
from openai_access.user_files import UnreadableFile, read_regular_file

SCHEMA_VERSION = 1
MAX_BYTES = 32 * 1024 * 1024  # far above any real catalog; refuses a mistaken multi-GB path

_SURFACES = {s.value: s for s in Surface if s is not Surface.UNKNOWN}


class CatalogError(Exception):
    """The catalog file is missing or malformed; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class SurfaceShutdown:
    """A whole API OpenAI shut down (or will): calls to it fail whatever the model."""

    surface: Surface
    shutdown: date
    note: str
    replacement: str | None = None

    def lifecycle(self, today: date) -> Lifecycle:
        return Lifecycle.RETIRED if self.shutdown <= today else Lifecycle.DEPRECATED


@dataclass(frozen=True)
class CatalogData:
    """Everything a ``Catalog`` answers from, keyed by model id."""

    path: str
    schema_version: int
    as_of: date
    as_of_note: str | None
    sources: tuple[dict[str, str], ...]
    entries: dict[str, CatalogEntry]
    # Endpoint names as the file writes them, including ones with no Surface ("edits", "live"):
    # they still say which API a model belongs to.
    raw_endpoints: dict[str, frozenset[str]]
    # What verification gates, per model: PLAIN means using the model at all.
    gates: dict[str, frozenset[Capability]]
    invalid_ids: dict[str, str]
    unresolved_ids: dict[str, str]
    non_model_shutdowns: dict[str, str]
    aliases: dict[str, str] = field(default_factory=dict)
    fine_tune_shutdowns: dict[str, date] = field(default_factory=dict)
    surface_shutdowns: dict[Surface, SurfaceShutdown] = field(default_factory=dict)


def read_catalog(path: Path) -> CatalogData:
    try:
        text = read_regular_file(path, MAX_BYTES).decode("utf-8")
    except FileNotFoundError:
        raise CatalogError(f"catalog file {path}: not found") from None
    except IsADirectoryError:
        raise CatalogError(f"catalog file {path}: is a directory, not a file") from None
    except UnreadableFile as e:
        raise CatalogError(f"catalog file {path}: {e.strerror}") from None
    except UnicodeDecodeError:
        raise CatalogError(f"catalog file {path}: not UTF-8 text") from None
    except OSError as e:
        raise CatalogError(f"catalog file {path}: cannot read ({e.strerror or e})") from None
    try:
        raw = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as e:
        detail = getattr(e, "msg", "nested too deeply")
        where = f" at line {e.lineno} column {e.colno}" if isinstance(e, json.JSONDecodeError) else ""
        raise CatalogError(f"catalog file {path}: not valid JSON ({detail}{where})") from None
    try:
        return parse_catalog(raw, str(path))
    except _Bad as e:
        raise CatalogError(f"catalog file {path}: {e}") from None


class _Bad(Exception):
    pass


def parse_checked(raw: Any, path: str) -> CatalogData:
    """``parse_catalog`` for callers outside this module: problems become ``CatalogError``."""
    try:
        return parse_catalog(raw, path)
    except _Bad as e:
        raise CatalogError(str(e)) from None


def _obj(v: Any, where: str) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise _Bad(f"{where} must be an object")
    return v


def _opt_str(v: Any, where: str) -> str | None:
    if v is None or isinstance(v, str):
        return v
    raise _Bad(f"{where} must be a string or null, not {type(v).__name__}")


def _str_list(v: Any, where: str) -> tuple[str, ...]:
    if v is None:
        return ()
    if isinstance(v, str):
        return (v,)
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise _Bad(f"{where} must be a list of strings")
    return tuple(v)


def _opt_date(v: Any, where: str) -> date | None:
    if v is None:
        return None
    if not isinstance(v, str):
        raise _Bad(f"{where} must be a YYYY-MM-DD string or null")
    try:
        return date.fromisoformat(v)
    except ValueError:
        raise _Bad(f"{where}: {v[:40]!r} is not a YYYY-MM-DD date") from None


def _str_map(v: Any, where: str) -> dict[str, str]:
    m = _obj(v if v is not None else {}, where)
    return {str(k): str(x) for k, x in m.items()}


def _gates(scope: tuple[str, ...]) -> frozenset[Capability]:
    """Scope phrases → capabilities. "access …" (any wording) gates every use."""
    caps: set[Capability] = set()
    for item in scope:
        s = item.strip().lower()
        if s.startswith("access"):
            caps.add(Capability.PLAIN)
        elif s.startswith("stream"):
            caps.add(Capability.STREAM)
        elif "reasoning" in s and "summar" in s:
            caps.add(Capability.REASONING_SUMMARY)
    return frozenset(caps)


def _entry(mid: str, m: dict[str, Any]) -> tuple[CatalogEntry, frozenset[str], frozenset[Capability]]:
    w = f"models[{mid!r}]"
    raw_eps = _str_list(m.get("endpoints"), f"{w}.endpoints")
    surfaces = tuple(_SURFACES[e] for e in raw_eps if e in _SURFACES)
    rv = m.get("requires_verification")
    if rv is not None and not isinstance(rv, bool):
        raise _Bad(f"{w}.requires_verification must be true, false or null")
    scope = _str_list(m.get("verification_scope"), f"{w}.verification_scope")
    entry = CatalogEntry(
        id=mid,
        family=_opt_str(m.get("family"), f"{w}.family"),
        endpoints=surfaces,
        shutdown=_opt_date(m.get("shutdown"), f"{w}.shutdown"),
        deprecation_announced=_opt_date(m.get("deprecation_announced"), f"{w}.deprecation_announced"),
        replacement=_opt_str(m.get("replacement"), f"{w}.replacement"),
        replacement_alternatives=_str_list(m.get("replacement_alternatives"), f"{w}.replacement_alternatives"),
        requires_verification=rv,
        # The contract keeps scope as one human-readable string; the parsed form is in gates.
        verification_scope="; ".join(scope) if scope else None,
        verification_note=_opt_str(m.get("verification_note"), f"{w}.verification_note"),
        notes=_opt_str(m.get("notes"), f"{w}.notes"),
        source=_opt_str(m.get("source"), f"{w}.source"),
    )
    return entry, frozenset(raw_eps), _gates(scope)


def _surface_shutdowns(v: Any) -> dict[Surface, SurfaceShutdown]:
    out: dict[Surface, SurfaceShutdown] = {}
    for name, item in _obj(v if v is not None else {}, "surface_shutdowns").items():
        w = f"surface_shutdowns[{name!r}]"
        surface = _SURFACES.get(name)
        if surface is None:
            continue  # an API this version does not model; newer catalogs may name more
        rec = _obj(item, w)
        day = _opt_date(rec.get("date"), f"{w}.date")
        if day is None:
            raise _Bad(f"{w}.date is missing")
        out[surface] = SurfaceShutdown(
            surface=surface,
            shutdown=day,
            note=_opt_str(rec.get("note"), f"{w}.note") or name,
            replacement=_opt_str(rec.get("replacement"), f"{w}.replacement"),
        )
    return out


def parse_catalog(raw: Any, path: str) -> CatalogData:
    top = _obj(raw, "the top level")
    version = top.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _Bad("missing or non-integer schema_version")
    if version > SCHEMA_VERSION:
        raise _Bad(
            f"schema_version {version} is newer than this openai-access reads "
            f"({SCHEMA_VERSION}); upgrade openai-access or use an older catalog"
        )
    as_of = _opt_date(top.get("as_of"), "as_of")
    if as_of is None:
        raise _Bad("missing as_of date")
    models = _obj(top.get("models"), "models")
    if not models:
        raise _Bad("models is empty")
    entries: dict[str, CatalogEntry] = {}
    raw_endpoints: dict[str, frozenset[str]] = {}
    gates: dict[str, frozenset[Capability]] = {}
    for mid, m in models.items():
        entry, eps, g = _entry(mid, _obj(m, f"models[{mid!r}]"))
        entries[mid] = entry
        raw_endpoints[mid] = eps
        gates[mid] = g
    sources = top.get("sources") or []
    if not isinstance(sources, list):
        raise _Bad("sources must be a list")
    fts = _str_map(top.get("fine_tune_shutdowns"), "fine_tune_shutdowns")
    return CatalogData(
        path=path,
        schema_version=version,
        as_of=as_of,
        as_of_note=_opt_str(top.get("as_of_note"), "as_of_note"),
        sources=tuple(
            {str(k): str(v) for k, v in s.items()} if isinstance(s, dict) else {"ref": str(s)} for s in sources
        ),
        entries=entries,
        raw_endpoints=raw_endpoints,
        gates=gates,
        invalid_ids=_str_map(top.get("invalid_ids"), "invalid_ids"),
        unresolved_ids=_str_map(top.get("unresolved_ids"), "unresolved_ids"),
        non_model_shutdowns=_str_map(top.get("non_model_shutdowns"), "non_model_shutdowns"),
        aliases=_str_map(top.get("aliases"), "aliases"),
        surface_shutdowns=_surface_shutdowns(top.get("surface_shutdowns")),
        fine_tune_shutdowns={
            base: d for base, s in fts.items() if (d := _opt_date(s, f"fine_tune_shutdowns[{base!r}]")) is not None
        },
    )
