"""Which catalog decides verdicts: the newest valid one among bundled, downloaded and the user's.

Three places can hold model facts (the package, ``catalog update``'s download in the user
cache dir, a ``catalogPath`` file). Choosing by date rather than by place means an old
downloaded file never hides a newer release, and a stale ``catalogPath`` never hides a
fresh download. Whatever is not used is named in a note, so nobody wonders which one won.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openai_access.catalog.catalog import Catalog
from openai_access.catalog.loader import CatalogError, read_catalog
from openai_access.catalog.update import downloaded_path, stale_note, stored_meta


@dataclass
class ChosenCatalog:
    catalog: Catalog
    origin: str  # "bundled" | "downloaded" | "catalogPath"
    source: str  # where its facts came from: the file, and for a download, the URL
    notes: list[str] = field(default_factory=list)  # problems with the candidates not chosen
    stale: str | None = None  # the staleness sentence, when over the limit
    catalog_path_error: str | None = None  # the user's own file could not be read (CLI --catalog: fatal)

    def describe(self) -> str:
        return f"{self.origin} catalog as of {self.catalog.as_of.isoformat()} ({self.source})"


# On equal dates the more deliberate choice wins: the user's file, then their download.
_RANK = {"catalogPath": 2, "downloaded": 1, "bundled": 0}


def choose(catalog_path: str | None, cache_dir: str | None, today: date) -> ChosenCatalog:
    """Never raises for user files (they become notes); the bundled one failing is fatal."""
    bundled = Catalog.bundled()
    candidates: list[tuple[str, Catalog, str]] = [("bundled", bundled, str(bundled.path))]
    notes: list[str] = []
    path_error: str | None = None
    if cache_dir:
        path = downloaded_path(cache_dir)
        if path.is_file():
            try:
                got = Catalog(read_catalog(path))
            except CatalogError as e:
                notes.append(f"downloaded catalog ignored: {e}")
            else:
                src = stored_meta(cache_dir).get("source")
                candidates.append(("downloaded", got, f"{path}, from {src}" if src else str(path)))
    if catalog_path and catalog_path.strip():
        try:
            user = Catalog.load(catalog_path)
        except CatalogError as e:
            path_error = str(e)
            notes.append(f"{e}; not used")
        else:
            candidates.append(("catalogPath", user, str(Path(catalog_path).expanduser())))
    usable: list[tuple[str, Catalog, str]] = []
    for origin, cat, src in candidates:
        if origin != "bundled" and cat.as_of > today:
            notes.append(f"{origin} catalog {src} is dated {cat.as_of.isoformat()}, in the future; not used")
            continue
        usable.append((origin, cat, src))
    origin, catalog, source = max(usable, key=lambda c: (c[1].as_of, _RANK[c[0]]))
    for other, cat, src in usable:
        if other == "catalogPath" and other != origin:
            notes.append(
                f"catalogPath {src} (as of {cat.as_of.isoformat()}) is older than the {origin} catalog "
                f"(as of {catalog.as_of.isoformat()}); using the newer one"
            )
    return ChosenCatalog(catalog, origin, source, notes, stale_note(catalog.as_of, today), path_error)
