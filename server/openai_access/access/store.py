"""Where answers outlive the process: a diskcache under the user cache dir, or memory.

Why diskcache: several editors and the CLI may check the same project at once; diskcache is
SQLite underneath and safe across processes, so one paid probe serves them all. Values are
plain dicts stored as JSON text (never pickles), so a cache written by another version is read or
ignored, never executed. The store knows nothing of lifetimes: each record carries its own
timestamps and the service decides freshness with its (injectable) clock.

A corrupt or read-only cache dir must not stop the tool: the store moves to a fresh folder next to
it (``<dir>-fresh``, so the hourly paid-probe cap still holds across runs), or else degrades to
memory, and keeps exactly one warning, which the server or CLI says once.

Nothing here ever sees the API key; records are keyed by ``ProjectIdentity.cache_key``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger(__name__)

_VERSION = "v1"
_SEP = "\x1f"  # cannot occur in a model id


class Store(Protocol):
    """The small surface the service needs; ``DiskStore`` and ``MemoryStore`` implement it."""

    warning: str | None

    def get(self, key: str) -> dict[str, Any] | None: ...
    def set(self, key: str, value: dict[str, Any]) -> None: ...
    def delete(self, key: str) -> None: ...
    def keys(self, prefix: str) -> Iterator[str]: ...
    def reserve_paid(self, identity: str, now: float, limit: int) -> bool: ...
    def clear(self, prefix: str | None = None) -> None: ...
    def close(self) -> None: ...


def list_key(identity: str) -> str:
    return _SEP.join((_VERSION, identity, "list"))


def policy_key(identity: str) -> str:
    """The Admin API's model permissions for the project this identity reaches (never the admin key)."""
    return _SEP.join((_VERSION, identity, "policy"))


def evidence_prefix(identity: str) -> str:
    return _SEP.join((_VERSION, identity, "ev", ""))


def evidence_key(identity: str, model: str, capability: str) -> str:
    return evidence_prefix(identity) + model + _SEP + capability


def split_evidence_key(key: str) -> tuple[str, str] | None:
    parts = key.split(_SEP)
    if len(parts) != 5 or parts[2] != "ev":
        return None
    return parts[3], parts[4]


def identity_prefix(identity: str) -> str:
    return _SEP.join((_VERSION, identity, ""))


def _ledger_key(identity: str) -> str:
    return _SEP.join((_VERSION, identity, "paid"))


_HOUR = 3600.0


def _load(value: Any) -> dict[str, Any] | None:
    """Records are JSON text on disk (never pickles); anything else is ignored."""
    if not isinstance(value, str):
        return None
    try:
        data = json.loads(value)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _trim(stamps: Any, now: float) -> list[float]:
    if not isinstance(stamps, list):
        return []
    return [float(t) for t in stamps if isinstance(t, (int, float)) and now - _HOUR < t <= now + _HOUR]


class MemoryStore:
    """The fallback (and the test double): same behaviour, gone with the process."""

    def __init__(self, warning: str | None = None) -> None:
        self.warning = warning
        self._data: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            value = self._data.get(key)
            return dict(value) if value is not None else None

    def set(self, key: str, value: dict[str, Any]) -> None:
        with self._lock:
            self._data[key] = dict(value)

    def delete(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)

    def keys(self, prefix: str) -> Iterator[str]:
        with self._lock:
            found = [k for k in self._data if k.startswith(prefix)]
        return iter(found)

    def reserve_paid(self, identity: str, now: float, limit: int) -> bool:
        with self._lock:
            key = _ledger_key(identity)
            stamps = _trim(self._data.get(key, {}).get("at"), now)
            if len(stamps) >= limit:
                return False
            self._data[key] = {"at": [*stamps, now]}
            return True

    def clear(self, prefix: str | None = None) -> None:
        with self._lock:
            for k in [k for k in self._data if prefix is None or k.startswith(prefix)]:
                del self._data[k]

    def close(self) -> None:
        pass


class DiskStore:
    """diskcache-backed store; any disk failure switches it to memory, with one warning."""

    def __init__(self, directory: str | Path, *, expire_seconds: float | None = None) -> None:
        # Imported here: start-up stays fast when nothing is cached yet.
        import diskcache  # type: ignore[import-untyped]

        self.directory = Path(directory)
        self.warning: str | None = None
        self._expire = expire_seconds
        self._memory: MemoryStore | None = None
        self._cache: Any = None
        try:
            self._cache = _open_cache(diskcache, self.directory)
        except Exception as e:  # corrupt db, a file where the dir should be, read-only, ...
            # Memory would forget the paid-probe ledger with the process (every CI run would pay
            # again): first try a fresh folder next to the broken one, the same one every run.
            fresh = self.directory.with_name(self.directory.name + "-fresh")
            try:
                self._cache = _open_cache(diskcache, fresh)
            except Exception:
                self._fall_back(e)
                return
            self.warning = (
                f"The answer cache at {self.directory} cannot be used ({type(e).__name__}: {e}); "
                f"using {fresh} instead. Delete {self.directory} to go back to it."
            )
            log.warning("%s", self.warning)
            self.directory = fresh

    @property
    def in_memory(self) -> bool:
        return self._memory is not None

    def _fall_back(self, error: BaseException) -> MemoryStore:
        if self._memory is None:
            self.warning = (
                f"The answer cache at {self.directory} cannot be used ({type(error).__name__}: "
                f"{error}); answers are kept in memory for this session only. "
                "Set openaiAccess.cacheDir (or --cache-dir) to a writable folder, or delete the folder."
            )
            log.warning("%s", self.warning)
            self._memory = MemoryStore()
            try:
                if self._cache is not None:
                    self._cache.close()
            except Exception:
                pass
            self._cache = None
        return self._memory

    def get(self, key: str) -> dict[str, Any] | None:
        if self._memory is not None:
            return self._memory.get(key)
        try:
            value = self._cache.get(key)
        except Exception as e:
            return self._fall_back(e).get(key)
        return _load(value)

    def set(self, key: str, value: dict[str, Any]) -> None:
        if self._memory is not None:
            self._memory.set(key, value)
            return
        try:
            self._cache.set(key, json.dumps(value), expire=self._expire)
        except Exception as e:
            self._fall_back(e).set(key, value)

    def delete(self, key: str) -> None:
        if self._memory is not None:
            self._memory.delete(key)
            return
        try:
            self._cache.delete(key)
        except Exception as e:
            self._fall_back(e).delete(key)

    def keys(self, prefix: str) -> Iterator[str]:
        if self._memory is not None:
            return self._memory.keys(prefix)
        try:
            found = [k for k in self._cache.iterkeys() if isinstance(k, str) and k.startswith(prefix)]
        except Exception as e:
            return self._fall_back(e).keys(prefix)
        return iter(found)

    def reserve_paid(self, identity: str, now: float, limit: int) -> bool:
        """Count one paid probe against the hourly cap, atomically across processes."""
        if self._memory is not None:
            return self._memory.reserve_paid(identity, now, limit)
        key = _ledger_key(identity)
        try:
            with self._cache.transact():
                record = _load(self._cache.get(key)) or {}
                stamps = _trim(record.get("at"), now)
                if len(stamps) >= limit:
                    return False
                self._cache.set(key, json.dumps({"at": [*stamps, now]}), expire=2 * _HOUR)
                return True
        except Exception as e:
            return self._fall_back(e).reserve_paid(identity, now, limit)

    def clear(self, prefix: str | None = None) -> None:
        if self._memory is not None:
            self._memory.clear(prefix)
            return
        try:
            if prefix is None:
                self._cache.clear()
            else:
                for k in list(self.keys(prefix)):
                    self._cache.delete(k)
        except Exception as e:
            self._fall_back(e).clear(prefix)

    def close(self) -> None:
        if self._cache is not None:
            with contextlib.suppress(Exception):
                self._cache.close()


def _open_cache(diskcache: Any, directory: Path) -> Any:
    directory.mkdir(parents=True, exist_ok=True)
    cache = diskcache.Cache(str(directory), timeout=5, size_limit=64 * 2**20)
    try:
        # Touch the database now, so a corrupt file is found here and not mid-probe.
        cache.get(_SEP.join((_VERSION, "probe")))
        cache.set(_SEP.join((_VERSION, "probe")), "{}")
    except Exception:
        with contextlib.suppress(Exception):
            cache.close()
        raise
    return cache


def default_cache_dir() -> str:
    import platformdirs

    return str(platformdirs.user_cache_dir("openai-access", appauthor=False))


def open_store(cache_dir: str | None, *, expire_seconds: float | None = None) -> DiskStore:
    return DiskStore(cache_dir or default_cache_dir(), expire_seconds=expire_seconds)
