"""Getting a newer catalog without a release: fetch, validate, store, say what changed.

OpenAI retires models monthly, so the bundled facts age. A downloaded catalog is untrusted
input that will decide verdicts, so it must pass every check before it replaces anything:
a failed, partial or doubtful download leaves the catalog in use exactly as it was.
Nothing here runs on its own: only the user's command (or their opt-in auto-update) calls it.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openai_access.catalog.loader import CatalogData, CatalogError, parse_checked
from openai_access.user_files import UnreadableFile, read_regular_file

# The one place the update URL is written. The project publishes each regenerated catalog here.
DEFAULT_UPDATE_URL = (
    "https://raw.githubusercontent.com/openai-access/openai-access/main/server/openai_access/catalog/models.json"
)
# A real catalog is about 200 KB; anything near this bound is a mistake or an attack.
MAX_UPDATE_BYTES = 4 * 1024 * 1024
FETCH_DEADLINE_SECONDS = 30.0
STALE_AFTER_DAYS = 45

DOWNLOADED_DIRNAME = "catalog"
DOWNLOADED_FILENAME = "models.json"
META_FILENAME = "meta.json"


class UpdateError(Exception):
    """The update was refused; the message says why in one sentence. Nothing was replaced."""


def downloaded_path(cache_dir: str) -> Path:
    return Path(cache_dir) / DOWNLOADED_DIRNAME / DOWNLOADED_FILENAME


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def fetch_bytes(source: str, *, max_bytes: int = MAX_UPDATE_BYTES, deadline: float = FETCH_DEADLINE_SECONDS) -> bytes:
    """The raw bytes of a catalog from a URL or a local file, bounded in size and time."""
    if is_url(source):
        return _fetch_url(source, max_bytes, deadline)
    return read_bounded_file(Path(source).expanduser(), max_bytes)


def read_bounded_file(path: Path, max_bytes: int) -> bytes:
    """A regular file's bytes, refusing devices, FIFOs and anything over ``max_bytes``."""
    try:
        return read_regular_file(path, max_bytes)
    except FileNotFoundError:
        raise UpdateError(f"{path}: not found") from None
    except UnreadableFile as e:
        if e.errno == errno.EFBIG:
            raise UpdateError(f"{path}: over the {max_bytes} byte limit for a catalog") from None
        raise UpdateError(f"{path}: {e.strerror}") from None
    except OSError as e:
        raise UpdateError(f"{path}: cannot read ({e.strerror or e})") from None


def _fetch_url(url: str, max_bytes: int, deadline: float) -> bytes:
    import urllib.error  # only here: every run that merely reads the catalog would pay for http.client
    import urllib.request

    started = time.monotonic()
    request = urllib.request.Request(url, headers={"User-Agent": "openai-access catalog update"})
    chunks: list[bytes] = []
    total = 0
    try:
        with urllib.request.urlopen(request, timeout=min(deadline, 10.0)) as resp:
            declared = resp.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise UpdateError(f"{url}: {declared} bytes is over the {max_bytes} byte limit for a catalog")
            while True:
                if time.monotonic() - started > deadline:
                    raise UpdateError(f"{url}: the download took longer than {deadline:.0f} s")
                chunk = resp.read(64 * 1024)
                if not chunk:
                    break
                total += len(chunk)
                if total > max_bytes:
                    raise UpdateError(f"{url}: over the {max_bytes} byte limit for a catalog")
                chunks.append(chunk)
            if declared and declared.isdigit() and int(declared) != total:
                raise UpdateError(f"{url}: the download stopped early ({total} of {declared} bytes)")
    except UpdateError:
        raise
    except urllib.error.HTTPError as e:
        raise UpdateError(f"{url}: the server answered HTTP {e.code}") from None
    except urllib.error.URLError as e:
        raise UpdateError(f"{url}: could not connect ({e.reason})") from None
    except (OSError, ValueError) as e:  # timeouts, resets, IncompleteRead, bad URLs
        raise UpdateError(f"{url}: the download failed ({type(e).__name__}: {e})") from None
    return b"".join(chunks)


def validate(data: bytes, *, source: str, current_as_of: date, today: date) -> CatalogData:
    """Parse and check a candidate; raise ``UpdateError`` naming the first problem."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise UpdateError(f"{source}: not UTF-8 text") from None
    except (json.JSONDecodeError, RecursionError) as e:
        raise UpdateError(f"{source}: not valid JSON ({getattr(e, 'msg', 'nested too deeply')}); truncated?") from None
    try:
        candidate = parse_checked(raw, source)
    except CatalogError as e:
        raise UpdateError(f"{source}: not a catalog ({e})") from None
    if candidate.as_of > today:
        raise UpdateError(f"{source}: dated {candidate.as_of.isoformat()}, which is in the future")
    if candidate.as_of <= current_as_of:
        raise UpdateError(
            f"{source}: dated {candidate.as_of.isoformat()}, not newer than the catalog in use "
            f"({current_as_of.isoformat()}); nothing to update"
        )
    unsourced = [
        mid for mid, e in candidate.entries.items() if (e.shutdown or e.deprecation_announced) and not e.source
    ]
    if unsourced:
        shown = ", ".join(sorted(unsourced)[:5]) + (" …" if len(unsourced) > 5 else "")
        raise UpdateError(f"{source}: dated facts without a source ({shown})")
    if (candidate.surface_shutdowns or candidate.fine_tune_shutdowns) and not candidate.sources:
        raise UpdateError(f"{source}: shutdown dates with no sources list")
    return candidate


def store(data: bytes, cache_dir: str, *, source: str, fetched_at: float | None = None) -> Path:
    """Write atomically: a reader sees the old file or the new one, never half of one."""
    target = downloaded_path(cache_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    for name, payload in (
        (DOWNLOADED_FILENAME, data),
        (META_FILENAME, json.dumps({"source": source, "fetched_at": fetched_at or time.time()}).encode()),
    ):
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(payload)
            os.replace(tmp, target.parent / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return target


CHECKED_FILENAME = "last-check"
AUTO_UPDATE_INTERVAL_SECONDS = 24 * 3600


def note_checked(cache_dir: str, when: float | None = None) -> None:
    """Remember an automatic check happened, whatever it found, so the next is a day away."""
    path = Path(cache_dir) / DOWNLOADED_DIRNAME / CHECKED_FILENAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(str(when or time.time()), "utf-8")
    except OSError:
        pass  # a read-only cache only means the next start checks again


def auto_update_due(cache_dir: str, now: float | None = None) -> bool:
    try:
        last = float((Path(cache_dir) / DOWNLOADED_DIRNAME / CHECKED_FILENAME).read_text("utf-8").strip())
    except (OSError, ValueError):
        return True
    return (now or time.time()) - last >= AUTO_UPDATE_INTERVAL_SECONDS


def stored_meta(cache_dir: str) -> dict[str, object]:
    try:
        meta = json.loads((Path(cache_dir) / DOWNLOADED_DIRNAME / META_FILENAME).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


@dataclass
class CatalogDiff:
    """What an update changed, in the terms a user cares about."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    dates_moved: list[tuple[str, str, str]] = field(default_factory=list)  # (model, old, new)
    replacements_changed: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.dates_moved or self.replacements_changed)

    def lines(self) -> list[str]:
        out: list[str] = []
        if self.added:
            out.append(f"models added ({len(self.added)}): {', '.join(self.added)}")
        if self.removed:
            out.append(f"models removed ({len(self.removed)}): {', '.join(self.removed)}")
        for mid, old, new in self.dates_moved:
            out.append(f"shutdown date of {mid}: {old} -> {new}")
        for mid, old, new in self.replacements_changed:
            out.append(f"replacement for {mid}: {old} -> {new}")
        return out or ["no model facts changed"]


def diff(old: CatalogData, new: CatalogData) -> CatalogDiff:
    d = CatalogDiff(
        added=sorted(set(new.entries) - set(old.entries)),
        removed=sorted(set(old.entries) - set(new.entries)),
    )
    for mid in sorted(set(old.entries) & set(new.entries)):
        a, b = old.entries[mid], new.entries[mid]
        if a.shutdown != b.shutdown:
            d.dates_moved.append((mid, _show(a.shutdown), _show(b.shutdown)))
        if a.replacement != b.replacement:
            d.replacements_changed.append((mid, a.replacement or "none", b.replacement or "none"))
    return d


def _show(d: date | None) -> str:
    return d.isoformat() if d else "none"


def days_old(as_of: date, today: date) -> int:
    return (today - as_of).days


def stale_note(as_of: date, today: date) -> str | None:
    """One sentence when the facts are old enough to mislead, else None."""
    age = days_old(as_of, today)
    if age <= STALE_AFTER_DAYS:
        return None
    return (
        f"the model catalog is {age} days old (as of {as_of.isoformat()}); retirements and replacements "
        "since then are not known: run `openai-access catalog update`"
    )
