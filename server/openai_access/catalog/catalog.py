"""Lookups over the dated model catalog: what a model id is, whether it is retiring on a
given day, what to use instead, which API serves it, and what the user meant to type.

Everything is a dict lookup built once at load; the language server asks these questions
on every keystroke, so nothing here scans the catalog except the did-you-mean, which only
runs for ids the catalog does not know.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from openai_access.catalog.entry import CatalogEntry, Lifecycle
from openai_access.catalog.fuzzy import NearIndex, closeness, max_edits
from openai_access.catalog.loader import CatalogData, CatalogError, SurfaceShutdown, read_catalog
from openai_access.references import Capability, Surface

BUNDLED_PATH = Path(__file__).with_name("models.json")

# APIs whose model parameter takes only models made for them (the SDK types them as
# closed lists): a model the catalog places elsewhere clearly does not fit.
_DEDICATED = frozenset(
    {
        Surface.COMPLETIONS,
        Surface.EMBEDDINGS,
        Surface.IMAGES,
        Surface.AUDIO_SPEECH,
        Surface.AUDIO_TRANSCRIPTIONS,
        Surface.AUDIO_TRANSLATIONS,
        Surface.MODERATIONS,
        Surface.VIDEOS,
    }
)
# Endpoint names that mark a model as a general text/audio generator. Membership among
# these comes from SDK type lists that overlap loosely, so they only ever prove a fit.
_GENERATIVE = frozenset({"chat.completions", "responses", "assistants", "live"})

_FAMILY_PREFIXES = (
    "gpt-",
    "chatgpt-",
    "text-embedding-",
    "dall-e",
    "whisper",
    "tts-",
    "omni-moderation",
    "text-moderation",
    "davinci",
    "babbage",
    "codex",
    "computer-use",
    "sora",
    "gpt-image",
    "gpt-realtime",
    "gpt-audio",
    "text-davinci",
    "code-davinci",
    "code-cushman",
)
_O_SERIES = re.compile(r"o[1-9]\d?(?:-|$)")
# Other vendors' models that share the "gpt" prefix.
_NOT_OPENAI_PREFIXES = ("gpt-j", "gpt-neo", "gpt-sw3", "gpt2", "gpt-2", "gpt4all", "gpt-4all")
_MAX_ID_LEN = 200
_FT_CACHE_MAX = 4096


class Catalog:
    """One loaded catalog file. Build with ``Catalog.load`` or ``Catalog.bundled``."""

    def __init__(self, data: CatalogData) -> None:
        self._data = data
        self._entries = data.entries
        self.path = data.path
        self.as_of: date = data.as_of
        self.as_of_note = data.as_of_note
        self.sources = data.sources
        self.schema_version = data.schema_version
        self.invalid_ids = data.invalid_ids
        self.unresolved_ids = data.unresolved_ids
        self.non_model_shutdowns = data.non_model_shutdowns
        self._extra: dict[str, CatalogEntry] = {}
        for mid, why in data.unresolved_ids.items():
            if mid not in self._entries:
                self._extra[mid] = CatalogEntry(id=mid, family=None, endpoints=(), notes=why)
        for mid, why in data.invalid_ids.items():
            if mid not in self._entries:
                self._extra[mid] = CatalogEntry(id=mid, family=None, endpoints=(), invalid=True, notes=why)
        for alias, target in data.aliases.items():
            base = self._entries.get(target)
            if base is not None and alias not in self._entries:
                self._extra[alias] = replace(base, alias_of=target)
        # Candidates for did-you-mean: real models and ids the deprecations page names.
        self._suggestable = tuple(sorted(set(self._entries) | set(data.unresolved_ids) | set(data.aliases)))
        self._near = NearIndex(self._suggestable)
        self._ft_cache: dict[str, CatalogEntry | None] = {}
        # The same typo is asked about on every keystroke; the catalog never changes once loaded.
        self._suggest_cache: dict[tuple[str, int, date], list[str]] = {}

    # -- loading -----------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path | None = None) -> Catalog:
        """The catalog in ``path``, or the bundled one when None.

        A user file of the same schema replaces the bundled data wholesale (a newer
        catalog without upgrading); any problem with it raises ``CatalogError``.
        """
        if path is None or (isinstance(path, str) and not path.strip()):
            return cls.bundled()
        p = Path(path).expanduser()
        return cls(read_catalog(p))

    @classmethod
    def bundled(cls) -> Catalog:
        return _bundled()

    @property
    def data(self) -> CatalogData:
        """The parsed file, for comparing two catalogs (``catalog update`` says what changed)."""
        return self._data

    # -- lookups -----------------------------------------------------------------------

    def get(self, model_id: str) -> CatalogEntry | None:
        """The entry for exactly this id; fine-tunes resolve to their base model.

        No prefix matching: ``gpt-4o-foo`` is not ``gpt-4o``, it is unknown.
        """
        entry = self._entries.get(model_id)
        if entry is not None:
            return entry
        entry = self._extra.get(model_id)
        if entry is not None:
            return entry
        if ":" in model_id:
            return self._fine_tune(model_id)
        return None

    def _fine_tune(self, model_id: str) -> CatalogEntry | None:
        if model_id in self._ft_cache:
            return self._ft_cache[model_id]
        base_id = _fine_tune_base(model_id)
        entry: CatalogEntry | None = None
        base = self._entries.get(base_id) if base_id else None
        if base is None and base_id:
            alias = self._extra.get(base_id)
            if alias is not None and not alias.invalid and alias.alias_of:
                base = self._entries.get(alias.alias_of)
        if base is not None:
            # Fine-tunes keep working until their own announced date (often the base's).
            shutdown = self._data.fine_tune_shutdowns.get(base.id, base.shutdown)
            entry = replace(base, alias_of=base.id, shutdown=shutdown)
        if len(self._ft_cache) >= _FT_CACHE_MAX:
            self._ft_cache.clear()
        self._ft_cache[model_id] = entry
        return entry

    def ids(self, today: date) -> list[tuple[str, Lifecycle]]:
        """Every model id with its lifecycle on ``today``, sorted (callers drop retired)."""
        return [(mid, e.lifecycle(today)) for mid, e in sorted(self._entries.items())]

    def __contains__(self, model_id: object) -> bool:
        return isinstance(model_id, str) and self.get(model_id) is not None

    def __len__(self) -> int:
        return len(self._entries)

    # -- replacements ------------------------------------------------------------------

    def recommended(self, entry: CatalogEntry, today: date) -> str | None:
        """The replacement to offer on ``today``.

        OpenAI rewrites replacements as models ship, so a named replacement may itself be
        retiring: follow the chain to a model that is not. An active model wins; failing
        that, one still running (deprecated) beats nothing; a retired one is never offered.
        """
        picks = self._resolved_replacements(entry, today)
        return picks[0] if picks else None

    def replacements(self, entry: CatalogEntry, today: date) -> list[str]:
        """The recommended replacement, then the alternatives the page gives, none retired."""
        return self._resolved_replacements(entry, today)

    def _resolved_replacements(self, entry: CatalogEntry, today: date) -> list[str]:
        active: list[str] = []
        running: list[str] = []
        own = entry.alias_of or entry.id
        for start in (entry.replacement, *entry.replacement_alternatives):
            if start is None:
                continue
            found, life = self._follow(start, today, own)
            if found is None:
                continue
            bucket = active if life is Lifecycle.ACTIVE else running
            if found not in active and found not in running:
                bucket.append(found)
        return active + running

    def _follow(self, start: str, today: date, own: str) -> tuple[str | None, Lifecycle | None]:
        seen = {own}
        fallback: tuple[str | None, Lifecycle | None] = (None, None)
        current: str | None = start
        while current is not None and current not in seen:
            seen.add(current)
            e = self.get(current)
            if e is None or e.invalid:
                break  # a user catalog naming an id it doesn't define: don't offer it
            life = e.lifecycle(today)
            if life is Lifecycle.ACTIVE:
                return current, life
            if life is Lifecycle.DEPRECATED and fallback[0] is None:
                fallback = (current, life)
            current = e.replacement
        return fallback

    # -- did you mean ------------------------------------------------------------------

    def suggest(self, model_id: str, limit: int = 3, today: date | None = None) -> list[str]:
        """Known ids the user probably meant, closest first; [] for far strings.

        Among equally close ids, ones still running on ``today`` (default: the system
        date) come first: pointing someone at a retired model fixes one error with another.
        """
        key = (model_id, limit, today or date.today())
        hit = self._suggest_cache.get(key)
        if hit is None:
            if len(self._suggest_cache) > 4096:
                self._suggest_cache.clear()
            hit = self._suggest_cache[key] = self._suggest(model_id, limit, today)
        return list(hit)

    def _suggest(self, model_id: str, limit: int, today: date | None) -> list[str]:
        if not model_id or len(model_id) > _MAX_ID_LEN or limit <= 0:
            return []
        if model_id.startswith("ft:"):
            base = _fine_tune_base(model_id)
            if not base or self.get(base) is not None:
                return []
            rest = model_id[3 + len(base) :]
            return [f"ft:{s}{rest}" for s in self.suggest(base, limit, today)]
        if model_id in self._entries or model_id in self.unresolved_ids:
            return []
        edits = max_edits(model_id)
        return self._closest(model_id, self._near.candidates(model_id, edits), limit, today or date.today())

    def _closest(self, model_id: str, candidates: Iterable[str], limit: int, day: date) -> list[str]:
        """The ``limit`` candidates nearest ``model_id``: closest first, live before retired,
        then nearest in length."""
        edits = max_edits(model_id)
        ranked: list[tuple[float, bool, int, str]] = []
        for cid in candidates:
            score = closeness(model_id, cid, edits)
            if score is None or cid == model_id:
                continue
            e = self.get(cid)
            retired = e is not None and e.lifecycle(day) is Lifecycle.RETIRED
            ranked.append((score, retired, abs(len(cid) - len(model_id)), cid))
        ranked.sort()
        return [r[3] for r in ranked[:limit]]

    def looks_like_openai_model(self, s: str) -> bool:
        """Whether a bare string (e.g. a value in a config file) is plausibly an OpenAI model.

        Known ids, fine-tunes of known bases, OpenAI family prefixes, and near misses of
        known ids; other vendors' names (``llama3``, ``claude-3-5-sonnet``) are not.
        """
        if not s or len(s) > _MAX_ID_LEN or any(c.isspace() for c in s):
            return False
        if s.startswith("openai/"):
            s = s[len("openai/") :]
        if "/" in s or not s:
            return False
        if self.get(s) is not None:
            return True
        if ":" in s:
            base = _fine_tune_base(s)
            return base is not None and ":" not in base and self.looks_like_openai_model(base)
        low = s.lower()
        if low.startswith(_NOT_OPENAI_PREFIXES):
            return False
        if low.startswith(_FAMILY_PREFIXES) or _O_SERIES.match(low):
            return True
        return len(s) >= 4 and bool(self.suggest(s, 1, self.as_of))

    # -- fit and gates -----------------------------------------------------------------

    def endpoint_fits(self, entry: CatalogEntry, surface: Surface) -> bool | None:
        """Whether the model serves ``surface``: True, False, or None when unknown.

        The endpoint data comes from SDK type membership, which proves a fit but rarely a
        misfit. False is said only where the data leaves no doubt: a dedicated API
        (embeddings, images, audio, moderation, video, legacy completions) with a model
        not made for it; a specialist model (embeddings, image, speech, transcription,
        realtime-only) on a text API; a Responses-only model on Chat Completions; a
        non-audio text model on the Realtime API.
        """
        if surface is Surface.UNKNOWN:
            return None
        base_id = entry.alias_of or entry.id
        eps = self._data.raw_endpoints.get(base_id)
        if eps is None:
            eps = frozenset(s.value for s in entry.endpoints)
        if not eps:
            return None
        if surface.value in eps:
            return True
        if surface in (Surface.FINE_TUNING, Surface.BATCHES):
            return None  # the data does not list these APIs' models
        if surface in _DEDICATED:
            return False
        generative = eps & _GENERATIVE
        if entry.family == "audio" and "realtime" in eps:
            generative = generative | {"realtime"}  # audio chat models also ship as realtime
        if not generative:
            return False
        if surface is Surface.CHAT and generative == {"responses"}:
            return False
        if surface is Surface.REALTIME:
            return None if ("live" in eps or entry.family == "audio") else False
        return None

    def verification(self, entry: CatalogEntry, capability: Capability) -> bool | None:
        """Whether the catalog says organization verification gates this use; None = unknown.

        A gate on access ("access on usage tiers 1-3") covers every capability; otherwise
        only the capabilities the scope names are gated, and the rest stay unknown (the
        sources report what they saw fail, not what they saw work).
        """
        if entry.requires_verification is None:
            return None
        if entry.requires_verification is False:
            return False
        gates = self._data.gates.get(entry.alias_of or entry.id, frozenset())
        if Capability.PLAIN in gates or capability in gates:
            return True
        return None

    def surface_shutdown(self, surface: Surface) -> SurfaceShutdown | None:
        """The announced end of a whole API (Assistants, Videos, ...), if any.

        Separate from models: a call to a shut-down API fails with any model, so the
        verdict can say so once instead of blaming the model id.
        """
        return self._data.surface_shutdowns.get(surface)

    def __repr__(self) -> str:
        return f"Catalog({self.path!r}, as_of={self.as_of.isoformat()}, {len(self)} models)"


def _fine_tune_base(model_id: str) -> str | None:
    """The base model of ``ft:<base>:<org>:<name>:<id>`` or legacy ``<base>:ft-<org>-<date>``."""
    if model_id.startswith("ft:"):
        parts = model_id[3:].split(":")
        if len(parts) >= 2 and parts[0]:
            return parts[0]
        return None
    base, sep, rest = model_id.partition(":")
    if sep and base and rest.startswith("ft-") and len(rest) > 3:
        return base
    return None


@lru_cache(maxsize=1)
def _bundled() -> Catalog:
    try:
        return Catalog(read_catalog(BUNDLED_PATH))
    except CatalogError as e:  # a broken install, not a user mistake
        raise CatalogError(f"the bundled catalog is unusable: {e}") from None
