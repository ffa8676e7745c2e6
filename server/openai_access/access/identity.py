"""Which API project a key reaches, named without ever holding the key where it could leak.

Everything cached is keyed by ``ProjectIdentity.cache_key``: base URL + organization + project
+ a *fingerprint* of the key, so two keys (or one key with two ``OpenAI-Project`` headers) never
share answers, and nothing on disk can give the key back. The key itself travels only inside an
``ApiKey``, whose ``repr`` / ``str`` are masked so a stray log line or traceback cannot print it.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from openai_access.settings import Settings

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_PROJECT_LABEL = "the key's default project"


def key_hint(key: str) -> str:
    """``sk-…wjh3``: enough for a person to recognise their key, useless to anyone else."""
    key = key.strip()
    if len(key) < 12:
        return "sk-…" if key.startswith("sk-") else "…"
    return ("sk-…" if key.startswith("sk-") else "…") + key[-4:]


def key_fingerprint(key: str) -> str:
    # Salted so the fingerprint is not the bare SHA-256 someone might look up elsewhere.
    return hashlib.sha256(b"openai-access/key/v1\x00" + key.strip().encode()).hexdigest()[:24]


class ApiKey:
    """The key, in memory only. Printing, logging or pickling it shows only the hint."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value.strip()

    def reveal(self) -> str:
        """The real key, for the SDK client and nothing else."""
        return self._value

    @property
    def hint(self) -> str:
        return key_hint(self._value)

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self._value)

    def __repr__(self) -> str:
        return f"ApiKey({self.hint})"

    __str__ = __repr__

    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("an API key is never pickled")


@dataclass(frozen=True, slots=True)
class ProjectIdentity:
    """Where requests go and as whom: the cache's key, with only a fingerprint of the key."""

    base_url: str = DEFAULT_BASE_URL
    organization: str | None = None
    project: str | None = None
    key_fingerprint: str | None = None
    key_hint: str | None = None

    @property
    def has_key(self) -> bool:
        return self.key_fingerprint is not None

    @property
    def cache_key(self) -> str:
        raw = json.dumps(
            [self.base_url, self.organization, self.project, self.key_fingerprint],
            separators=(",", ":"),
        )
        return hashlib.sha256(raw.encode()).hexdigest()[:32]

    @property
    def label(self) -> str:
        return self.project or DEFAULT_PROJECT_LABEL

    @property
    def is_default_api(self) -> bool:
        return self.base_url == DEFAULT_BASE_URL

    def unsafe_base_url_reason(self) -> str | None:
        """Why the key must not be sent to ``base_url``, or None when it may.

        Plain ``http://`` is allowed only to this machine (local proxies, the test fake): a key
        sent in clear text to a remote host is readable by anyone on the way.
        """
        parts = urlsplit(self.base_url)
        if parts.scheme == "https":
            return None
        host = parts.hostname or ""
        if parts.scheme == "http" and _is_loopback(host):
            return None
        return (
            f"the base URL {self.base_url!r} is not https, so the API key is not sent there; "
            "use an https URL (or a proxy on this machine)"
        )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _env(env: Mapping[str, str], *names: str) -> str | None:
    for name in names:
        value = (env.get(name) or "").strip()
        if value:
            return value
    return None


def normalize_base_url(url: str | None) -> str:
    if not url or not url.strip():
        return DEFAULT_BASE_URL
    return url.strip().rstrip("/")


def resolve(settings: Settings, env: Mapping[str, str]) -> tuple[ProjectIdentity, ApiKey | None]:
    """The identity and key as the SDK would use them: environment first, editor settings over it.

    ``settings.merge`` already keeps repository files from setting base URL, organization or
    project, so whatever is in ``settings`` came from the user's editor.
    """
    raw_key = _env(env, "OPENAI_API_KEY")
    key = ApiKey(raw_key) if raw_key else None
    base_url = normalize_base_url(settings.base_url or _env(env, "OPENAI_BASE_URL"))
    organization = settings.organization or _env(env, "OPENAI_ORG_ID", "OPENAI_ORGANIZATION")
    project = settings.project or _env(env, "OPENAI_PROJECT_ID", "OPENAI_PROJECT")
    identity = ProjectIdentity(
        base_url=base_url,
        organization=organization,
        project=project,
        key_fingerprint=key.fingerprint if key else None,
        key_hint=key.hint if key else None,
    )
    return identity, key
