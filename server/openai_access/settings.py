"""Settings: one dataclass, merged from environment, editor and the project file.

Priority (later wins): defaults < project file (``[tool.openai-access]`` /
``.openai-access.toml``) < editor settings. Where requests go (base URL, org, project) and
the key never come from a project file: a repository must not be able to send the user's
key somewhere (see ``REPO_FORBIDDEN``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from openai_access.references import Surface
from openai_access.scan.options import CallPattern, ScanOptions
from openai_access.statuses import Severity, Status


class ProbeMode(str, Enum):
    OFF = "off"  # never touch the network
    LIST = "list"  # only GET /v1/models (free)
    AUTO = "auto"  # cache first; free probes, then minimal paid probes where allowed
    LIVE = "live"  # like auto, but ignore cached answers (a re-check)


@dataclass(frozen=True)
class NamedProject:
    """One API project the code runs under, named by the user: its key is read from ``key_env``.

    Only the *name* of the environment variable is a setting; the key never is. ``project`` (a
    ``proj_…`` id) is optional: the API names the key's project in its answers.
    """

    name: str
    key_env: str
    project: str | None = None


@dataclass(frozen=True)
class Settings:
    probe: ProbeMode = ProbeMode.AUTO
    paid_probes: bool = True  # at most one minimal paid request per project/model/capability per lifetime
    paid_probes_per_hour: int = 20
    positive_ttl_hours: float = 24.0
    negative_ttl_minutes: float = 15.0  # verification can take 15 minutes to propagate
    cache_dir: str | None = None
    catalog_path: str | None = None
    base_url: str | None = None
    organization: str | None = None
    project: str | None = None
    severity: Mapping[Status, Severity | None] = field(default_factory=dict)  # None = off
    ignore_models: tuple[str, ...] = ()
    ignore_paths: tuple[str, ...] = ()  # glob patterns, relative to the workspace root
    extra_calls: tuple[CallPattern, ...] = ()
    workspace_trusted: bool = True
    debounce_ms: int = 150
    # An information diagnostic where a model's rate limit seen on a probe is at most this many
    # requests per minute (0 = off, the default).
    low_rate_limit_rpm: int = 0
    # Several projects at once (user / editor settings or --project only): each reference is judged
    # per project. Empty: the one project of OPENAI_API_KEY.
    projects: tuple[NamedProject, ...] = ()
    # Fetch a newer catalog at most daily. User-level only: a repository must not make us download.
    catalog_auto_update: bool = False
    catalog_update_url: str | None = None  # default: catalog.update.DEFAULT_UPDATE_URL

    @property
    def scan_options(self) -> ScanOptions:
        return ScanOptions(extra_calls=self.extra_calls)


# Keys a repository file may not set: they decide where the key is sent.
# Nor may it make the server download anything, or choose from where.
REPO_FORBIDDEN = frozenset(
    {
        "base_url",
        "organization",
        "project",
        "api_key",
        "workspace_trusted",
        "catalog_auto_update",
        "catalog_update_url",
        "projects",
    }
)

_ALIASES = {
    # camelCase (editor settings) and kebab-case (TOML) spellings of each field
    "probe": "probe",
    "paidProbes": "paid_probes",
    "paid-probes": "paid_probes",
    "paidProbesPerHour": "paid_probes_per_hour",
    "paid-probes-per-hour": "paid_probes_per_hour",
    "positiveTtlHours": "positive_ttl_hours",
    "positive-ttl-hours": "positive_ttl_hours",
    "negativeTtlMinutes": "negative_ttl_minutes",
    "negative-ttl-minutes": "negative_ttl_minutes",
    "cacheDir": "cache_dir",
    "cache-dir": "cache_dir",
    "catalogPath": "catalog_path",
    "catalog-path": "catalog_path",
    "baseUrl": "base_url",
    "base-url": "base_url",
    "organization": "organization",
    "project": "project",
    "severity": "severity",
    "ignoreModels": "ignore_models",
    "ignore-models": "ignore_models",
    "ignorePaths": "ignore_paths",
    "ignore-paths": "ignore_paths",
    "calls": "extra_calls",
    "extraCalls": "extra_calls",
    "workspaceTrusted": "workspace_trusted",
    "debounceMs": "debounce_ms",
    "lowRateLimitRpm": "low_rate_limit_rpm",
    "low-rate-limit-rpm": "low_rate_limit_rpm",
    "catalogAutoUpdate": "catalog_auto_update",
    "catalog-auto-update": "catalog_auto_update",
    "catalogUpdateUrl": "catalog_update_url",
    "catalog-update-url": "catalog_update_url",
    "projects": "projects",
    "apiKey": "api_key",
    "api-key": "api_key",
}


def _as_bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    raise ValueError(f"expected true or false, got {v!r}")


def _as_number(v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
        raise ValueError(f"expected a non-negative number, got {v!r}")
    return float(v)


def _as_str_list(v: Any) -> tuple[str, ...]:
    if isinstance(v, str):
        return (v,)
    if isinstance(v, list) and all(isinstance(x, str) for x in v):
        return tuple(v)
    raise ValueError(f"expected a list of strings, got {v!r}")


def _as_opt_str(v: Any) -> str | None:
    if v is None or v == "":
        return None
    if isinstance(v, str):
        return v
    raise ValueError(f"expected a string, got {v!r}")


class PartlyValid(ValueError):
    """Some entries of a table were bad: ``value`` keeps the good ones, the message names the bad."""

    def __init__(self, message: str, value: Any) -> None:
        super().__init__(message)
        self.value = value


def _as_severity_map(v: Any) -> dict[Status, Severity | None]:
    """Status → severity; one bad entry is dropped (and named), never the whole table."""
    if not isinstance(v, Mapping):
        raise ValueError(f"expected a table of status = severity, got {v!r}")
    out: dict[Status, Severity | None] = {}
    bad: list[str] = []
    for k, sev in v.items():
        try:
            status = Status(k)
        except ValueError:
            bad.append(f"unknown status {k!r} (one of {', '.join(s.value for s in Status)})")
            continue
        if sev in (None, "off", "none"):
            out[status] = None
            continue
        try:
            out[status] = Severity(sev)
        except ValueError:
            bad.append(f"unknown severity {sev!r} for {k} (error, warning, information, hint or off)")
    if bad:
        raise PartlyValid("; ".join(bad), out)
    return out


def _as_probe(v: Any) -> ProbeMode:
    try:
        return ProbeMode(v)
    except ValueError:
        raise ValueError(f"expected one of {', '.join(m.value for m in ProbeMode)}, got {v!r}") from None


def _as_calls(v: Any) -> tuple[CallPattern, ...]:
    if not isinstance(v, list):
        raise ValueError(f"expected a list of call patterns, got {v!r}")
    out = []
    for item in v:
        if isinstance(item, str):
            out.append(CallPattern(callee=item))
            continue
        if not isinstance(item, Mapping) or not isinstance(item.get("callee"), str):
            raise ValueError(f"a call pattern needs a 'callee' string, got {item!r}")
        keyword = item.get("keyword", "model" if "position" not in item else None)
        position = item.get("position")
        if keyword is not None and not isinstance(keyword, str):
            raise ValueError(f"'keyword' must be a string, got {keyword!r}")
        if position is not None and (isinstance(position, bool) or not isinstance(position, int)):
            raise ValueError(f"'position' must be a whole number, got {position!r}")
        try:
            surface = Surface(item.get("surface", "unknown"))
        except ValueError:
            raise ValueError(f"unknown surface {item.get('surface')!r}") from None
        out.append(CallPattern(callee=item["callee"], keyword=keyword, position=position, surface=surface))
    return tuple(out)


def _as_projects(v: Any) -> tuple[NamedProject, ...]:
    """``[{name = "prod", key-env = "OPENAI_API_KEY_PROD"}, …]`` (``keyEnv`` in editor settings)."""
    if not isinstance(v, list):
        raise ValueError(f"expected a list of {{name, key-env}} tables, got {v!r}")
    out: list[NamedProject] = []
    for item in v:
        if not isinstance(item, Mapping):
            raise ValueError(f"a project needs a name and key-env, got {item!r}")
        name, key_env = item.get("name"), item.get("key-env", item.get("keyEnv"))
        project = item.get("project")
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"a project needs a 'name' string, got {item!r}")
        if not isinstance(key_env, str) or not key_env.replace("_", "").isalnum():
            raise ValueError(f"project {name!r}: 'key-env' must name an environment variable, got {key_env!r}")
        if project is not None and not isinstance(project, str):
            raise ValueError(f"project {name!r}: 'project' must be a proj_… id, got {project!r}")
        if any(p.name == name for p in out):
            raise ValueError(f"project {name!r} is named twice")
        out.append(NamedProject(name.strip(), key_env, project or None))
    return tuple(out)


_PARSERS: dict[str, Any] = {
    "probe": _as_probe,
    "paid_probes": _as_bool,
    "paid_probes_per_hour": lambda v: int(_as_number(v)),
    "positive_ttl_hours": _as_number,
    "negative_ttl_minutes": _as_number,
    "cache_dir": _as_opt_str,
    "catalog_path": _as_opt_str,
    "base_url": _as_opt_str,
    "organization": _as_opt_str,
    "project": _as_opt_str,
    "severity": _as_severity_map,
    "ignore_models": _as_str_list,
    "ignore_paths": _as_str_list,
    "extra_calls": _as_calls,
    "workspace_trusted": _as_bool,
    "debounce_ms": lambda v: int(_as_number(v)),
    "low_rate_limit_rpm": lambda v: int(_as_number(v)),
    "projects": _as_projects,
    "catalog_auto_update": _as_bool,
    "catalog_update_url": _as_opt_str,
}


def merge(
    base: Settings, values: Mapping[str, Any], *, source: str, from_repo: bool = False
) -> tuple[Settings, list[str]]:
    """Apply ``values`` over ``base``. Bad keys are named in the returned problems and skipped.

    Returns the new settings and a list of plain-words problems ("pyproject.toml: probe:
    expected one of off, list, auto, live"), so the caller can say them once and go on.
    """
    problems: list[str] = []
    changes: dict[str, Any] = {}
    for key, raw in values.items():
        name = _ALIASES.get(key, key if key in _PARSERS else None)
        if name is None:
            problems.append(f"{source}: unknown setting {key!r} (ignored)")
            continue
        if name == "api_key":
            problems.append(f"{source}: {key!r} is not read from settings; set OPENAI_API_KEY instead")
            continue
        if from_repo and name in REPO_FORBIDDEN:
            what = (
                "makes openai-access download files"
                if name.startswith("catalog_")
                else ("decides where your API key is sent")
            )
            problems.append(
                f"{source}: {key!r} {what}, so a repository file "
                "may not set it (ignored); set it in your editor or environment"
            )
            continue
        try:
            parsed = _PARSERS[name](raw)
        except PartlyValid as e:
            problems.append(f"{source}: {key}: {e}; those entries are ignored, the others apply")
            changes[name] = e.value
            continue
        except ValueError as e:
            problems.append(f"{source}: {key}: {e}; using the default")
            continue
        changes[name] = parsed
    return replace(base, **changes), problems
