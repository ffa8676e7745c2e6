"""The bundled, dated model catalog (data in ``models.json``) and its lookups."""

from openai_access.catalog.catalog import BUNDLED_PATH, Catalog
from openai_access.catalog.entry import CatalogEntry, Lifecycle
from openai_access.catalog.loader import SCHEMA_VERSION, CatalogError, SurfaceShutdown

__all__ = ["BUNDLED_PATH", "SCHEMA_VERSION", "Catalog", "CatalogEntry", "CatalogError", "Lifecycle", "SurfaceShutdown"]
