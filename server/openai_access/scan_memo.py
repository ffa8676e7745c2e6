"""What the last batch run learnt of each file, so the next one reads only the files that changed.

A ``check`` of a big tree spends nearly all its time reading and parsing files nobody touched
since the previous run. Like git's index (and ruff's cache), a file counts as unchanged while its
size, mtime, ctime and inode are those recorded when it was read: it is not even read. A stamp is
only trusted for a file whose times were at least ``RACY_SECONDS`` older than the read: an edit
landing in the same clock tick as the read could otherwise hide behind an unchanged stamp (git's
"racily clean" rule). ctime cannot be set back by a tool that restores an mtime, so it is part of
the stamp. A file whose stamp changed but whose bytes did not (a fresh clone, a ``git checkout``
there and back, a CI runner restoring the memo from its cache) is read and hashed, not parsed.

What is kept per file is the scan's outcome: its references, its cross-file links, its notes,
and whether it needs judging at all. Verdicts are not kept: they depend on the catalog, the
settings, the project's access and today's date, and cost little once the scan is known.

Anything that could change a scan's outcome voids the whole memo: the package's own code (a
hash of its source files), the parsers, the Python version and the project's scan options.

The editor's folder index keeps its own memo (``kind="index"``) the same way, so the index rebuilt
after each save parses only what changed.

One JSON file per set of walked folders, written whole by one run (to a temporary name, then
renamed) and read whole by the next: nothing is shared between processes while it is in use,
which is what diskcache buys the probe answers. JSON, never pickles: a memo is read, never
executed. One that cannot be read is rebuilt, and the run says so once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import MISSING, fields, is_dataclass
from enum import Enum
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from openai_access.references import CallParam, ModelReference, Position, Range, Surface, Target
from openai_access.scan import ScanResult
from openai_access.scan._result import ExportedLiteral, ImportedUse
from openai_access.scan.options import ScanOptions

RACY_SECONDS = 2.0
KINDS = ("check", "index")
UNUSED_DAYS = 30  # a memo no run has written for this long (a folder since deleted) is removed
FORMAT = 1
MAX_MEMO_BYTES = 256 * 1024 * 1024  # a memo bigger than this is not written (a tree of generated code)

Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


def digest_of(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def memo_folder(cache_dir: str | None) -> Path:
    """Where memos live: ``scans/`` in the cache dir the settings name, or the user's."""
    if cache_dir is None:
        from openai_access.access.store import default_cache_dir

        cache_dir = default_cache_dir()
    return Path(cache_dir) / "scans"


def memo_file(directory: Path, paths: Sequence[str], kind: str) -> Path:
    """One memo per kind and set of folders (as real paths: ``check .`` and ``check /abs/repo`` share
    one). Its entries are keyed by the paths as walked, the same strings the notes show."""
    key = [kind, *sorted(os.path.realpath(p) for p in paths)]
    name = hashlib.blake2b("\0".join(key).encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
    return directory / f"{name}.json"


def forget(directory: Path, root: str) -> int:
    """Remove every memo of the folder ``root`` (the editor's "Clear cache"); how many there were."""
    gone = 0
    for kind in KINDS:
        with contextlib.suppress(OSError):
            memo_file(directory, [root], kind).unlink()
            gone += 1
    return gone


def stamp_of(path: Path | str) -> Stamp | None:
    """The file's stamp as ``os.stat`` sees it now (following a link, as reading does)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def settled(stamp: Stamp, read_at_ns: int) -> bool:
    """Whether a file read at ``read_at_ns`` had stopped changing long enough before to be recorded."""
    return max(stamp[1], stamp[2]) < read_at_ns - int(RACY_SECONDS * 1e9)


class Entry:
    """One file's recorded scan: what ``engine`` needs to skip reading it again."""

    __slots__ = ("digest", "exported", "language", "notes", "quiet", "result", "source_note", "stamp")

    def __init__(
        self,
        stamp: Stamp | None,  # None: not to be trusted (the file was too young when read); the digest decides
        digest: str,
        language: str,
        quiet: bool,
        notes: list[str],
        source_note: str | None,
        result: ScanResult | None,
        exported: ScanResult | None = None,
    ) -> None:
        self.stamp, self.digest, self.language, self.quiet = stamp, digest, language, quiet
        self.notes, self.source_note, self.result = notes, source_note, result
        self.exported = exported  # the scan with module exports, once the cross-file pass needed it


class ScanMemo:
    """The memo of one set of walked folders (``paths``), under ``directory``."""

    def __init__(self, directory: Path, paths: Sequence[str], options: ScanOptions, kind: str = "check") -> None:
        """``kind``: whose memo (``check``'s first-pass scans, or the editor's folder ``index``)."""
        self.file = memo_file(directory, paths, kind)
        self.fingerprint = _fingerprint(options)
        self.entries: dict[str, Entry] = {}
        self.problem: str | None = None  # why the memo on disk was not used (said once by the caller)
        self.changed = False

    def load(self) -> ScanMemo:
        try:
            raw = self.file.read_bytes()
        except FileNotFoundError:
            return self
        except OSError as e:
            self.problem = f"the scan memo {self.file} cannot be read ({e.strerror or e}); every file is read again"
            return self
        try:
            data = json.loads(raw, object_hook=_decode)
            if not isinstance(data, dict):
                raise TypeError("not an object")
            if data.get("format") != FORMAT or data.get("fingerprint") != self.fingerprint:
                return self  # another version of the scanners, grammars or options: start over, silently
            self.entries = {path: _entry(e) for path, e in data["files"].items()}
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as e:
            self.entries = {}
            self.problem = f"the scan memo {self.file} is damaged ({type(e).__name__}); it is rebuilt"
        return self

    def recall(self, path: Path) -> tuple[Entry | None, bool]:
        """The entry for ``path``, and whether the file still has its recorded stamp (no need to read it)."""
        entry = self.entries.get(str(path))
        if entry is None:
            return None, False
        return entry, entry.stamp is not None and stamp_of(path) == entry.stamp

    def record(self, path: Path, entry: Entry, read_at_ns: int) -> None:
        if entry.stamp is not None and not settled(entry.stamp, read_at_ns):
            entry.stamp = None
        self.entries[str(path)] = entry
        self.changed = True

    def exported(self, path: Path | None) -> ScanResult | None:
        entry = self.entries.get(str(path)) if path is not None else None
        return entry.exported if entry is not None else None

    def record_exported(self, path: Path | None, result: ScanResult) -> None:
        """Keep the scan with exports beside the first one (the file was read in this run)."""
        entry = self.entries.get(str(path)) if path is not None else None
        if entry is not None and result.error is None:
            entry.exported = result
            self.changed = True

    def keep_only(self, paths: set[str]) -> None:
        """Forget files no longer walked (deleted, newly ignored)."""
        gone = self.entries.keys() - paths
        for path in gone:
            del self.entries[path]
        self.changed = self.changed or bool(gone)

    def save(self) -> str | None:
        """Write the memo if anything changed; a problem is returned as a note, never raised."""
        if not self.changed:
            return None
        files = {
            path: [
                list(e.stamp) if e.stamp is not None else None,
                e.digest,
                e.language,
                e.quiet,
                e.notes,
                e.source_note,
                _encode(e.result),
                _encode(e.exported),
            ]
            for path, e in self.entries.items()
        }
        text = json.dumps({"format": FORMAT, "fingerprint": self.fingerprint, "files": files}, separators=(",", ":"))
        if len(text) > MAX_MEMO_BYTES:
            return None
        tmp = self.file.with_name(f"{self.file.name}.{os.getpid()}.tmp")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, self.file)
            _forget_unused(self.file.parent)
        except OSError as e:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            where = self.file.parent
            return (
                f"the scan memo cannot be written to {where} ({e.strerror or e}); the next run reads every file again"
            )
        return None


def _entry(e: Any) -> Entry:
    """An entry as ``save`` writes it, or TypeError: a damaged memo must not reach the judge."""
    if not isinstance(e, list) or len(e) != 8:
        raise TypeError("entry")
    stamp, digest, language, quiet, notes, source_note, result, exported = e
    if stamp is not None and not (isinstance(stamp, list) and len(stamp) == 4 and all(type(x) is int for x in stamp)):
        raise TypeError("stamp")
    if not (isinstance(digest, str) and isinstance(language, str) and isinstance(quiet, bool)):
        raise TypeError("digest, language or quiet")
    if not (isinstance(notes, list) and all(isinstance(n, str) for n in notes)):
        raise TypeError("notes")
    if not (source_note is None or isinstance(source_note, str)):
        raise TypeError("source note")
    for scan in (result, exported):
        if scan is not None and not (isinstance(scan, ScanResult) and _plausible(scan)):
            raise TypeError("scan")
    return Entry(
        tuple(stamp) if stamp is not None else None, digest, language, quiet, notes, source_note, result, exported
    )


def _plausible(scan: ScanResult) -> bool:
    """The parts of a recorded scan the judge and the cross-file pass read first have their types."""
    return (
        isinstance(scan.references, list)
        and all(isinstance(r, ModelReference) and isinstance(r.model, str) and isinstance(r.range, Range)
                for r in scan.references)
        and isinstance(scan.exports, dict)
        and isinstance(scan.imported_uses, list)
        and all(isinstance(u, ImportedUse) for u in scan.imported_uses)
    )  # fmt: skip


def _forget_unused(directory: Path) -> None:
    old = time.time() - UNUSED_DAYS * 86400
    for path in directory.glob("*.json"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < old:
                path.unlink()


def now_ns() -> int:
    return time.time_ns()


# The codec: the scan's own dataclasses, by name, from a fixed list (nothing else is ever built).
_CLASSES: dict[str, Any] = {
    c.__name__: c for c in (ScanResult, ModelReference, CallParam, ExportedLiteral, ImportedUse)
}
_ENUMS: dict[str, Any] = {c.__name__: c for c in (Surface, Target)}


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, Enum):
        return {"$e": type(value).__name__, "v": value.value}
    if isinstance(value, str):
        return value
    if isinstance(value, Range):
        return {"$r": [value.start.line, value.start.character, value.end.line, value.end.character]}
    if isinstance(value, tuple):
        return {"$t": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {"$d": {str(k): _encode(v) for k, v in value.items()}}
    if is_dataclass(value) and type(value).__name__ in _CLASSES:
        out: dict[str, Any] = {"$": type(value).__name__}
        for f in fields(value):
            v = getattr(value, f.name)
            if f.default is not MISSING:
                default = f.default
            else:
                default = f.default_factory() if f.default_factory is not MISSING else MISSING
            if v != default:
                out[f.name] = _encode(v)
        return out
    raise TypeError(f"cannot record a {type(value).__name__}")


def _decode(obj: dict[str, Any]) -> Any:
    if "$r" in obj:
        a, b, c, d = obj["$r"]
        return Range(Position(a, b), Position(c, d))
    if "$" in obj:
        cls = _CLASSES[obj.pop("$")]
        return cls(**obj)
    if "$t" in obj:
        return tuple(obj["$t"])
    if "$e" in obj:
        return _ENUMS[obj["$e"]](obj["v"])
    if "$d" in obj:
        return obj["$d"]
    return obj


def _fingerprint(options: ScanOptions) -> str:
    """Everything a scan's outcome depends on besides the file itself."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT}|{sys.version}|{options!r}".encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(package)).encode())
            h.update(path.read_bytes())
    for module in ("tree_sitter", "tree_sitter_python", "tree_sitter_javascript", "tree_sitter_typescript", "yaml"):
        spec = find_spec(module)
        origin = spec.origin if spec is not None else None
        if origin is None:
            continue
        folder = Path(origin).parent
        for path in sorted(folder.iterdir()):
            if path.is_file():
                st = path.stat()
                h.update(f"{module}/{path.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()
