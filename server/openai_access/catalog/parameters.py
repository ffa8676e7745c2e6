"""Which request parameters a model (and an endpoint) accepts: the data in ``parameters.json``.

Facts, not code: each rule names its source, and a parameter the data does not mention is
*unknown* for that model, never assumed accepted or rejected. Lookups are memoized per
(model, surface) because the editor asks on every keystroke.
"""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

BUNDLED_PARAMETERS = Path(__file__).with_name("parameters.json")

# How a model treats a parameter.
REJECTED = "rejected"  # the API answers 400 whatever the value
DEFAULT_ONLY = "default-only"  # only the default value is accepted (temperature=1 on o-series)
EFFORT_NONE = "effort-none"  # accepted only when reasoning effort is "none"
NOT_A_PARAMETER = "not-a-parameter"  # the endpoint has no such parameter (for every model)


@dataclass(frozen=True, slots=True)
class ParamRule:
    param: str
    verdict: str
    source: str  # the sources' full text, for evidence
    rename: str | None = None  # what to send instead, when the fix is a rename
    default: str | None = None  # the only accepted value (DEFAULT_ONLY)
    api_message: str | None = None  # the API's own words, verbatim ({value} filled in)
    why: str | None = None
    group: str = ""  # which models the rule is about, for messages
    default_effort: str | None = None  # this model's reasoning effort when the call sets none


class ParameterFacts:
    def __init__(self, data: dict[str, Any]) -> None:
        self.as_of: str = str(data.get("as_of", ""))
        sources: dict[str, str] = dict(data.get("sources", {}))
        self._surface: dict[tuple[str, str], ParamRule] = {}
        for item in data.get("surfaces", []):
            rule = ParamRule(
                item["param"], NOT_A_PARAMETER, _cite(item["source"], sources), item.get("rename"), why=item.get("why")
            )
            self._surface[(item["surface"], item["param"])] = rule
        self._groups: list[tuple[tuple[str, ...], dict[str, str], list[tuple[frozenset[str], ParamRule]]]] = []
        for group in data.get("groups", []):
            rules = [
                (
                    frozenset(p["surfaces"]),
                    ParamRule(
                        p["param"],
                        p["verdict"],
                        _cite(p["source"], sources),
                        p.get("rename"),
                        p.get("default"),
                        p.get("api_message"),
                        p.get("why"),
                        group["name"],
                    ),
                )
                for p in group.get("params", [])
            ]
            self._groups.append((tuple(group["models"]), dict(group.get("default_effort", {})), rules))
        self._memo: dict[tuple[str, str], dict[str, ParamRule]] = {}
        # Every parameter any rule speaks of: the scanner records only these (ranges cost time
        # on every keystroke, and a parameter no rule names can never be a finding).
        self.names: frozenset[str] = frozenset(
            [param for _, param in self._surface] + [r.param for _, _, rules in self._groups for _, r in rules]
        )

    @classmethod
    def load(cls, path: Path) -> ParameterFacts:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    @staticmethod
    @lru_cache(maxsize=1)
    def bundled() -> ParameterFacts:
        return ParameterFacts.load(BUNDLED_PARAMETERS)

    def rules_for(self, model: str, surface: str) -> dict[str, ParamRule]:
        """Parameter name -> what the data says about sending it to ``model`` on ``surface``."""
        key = (model, surface)
        hit = self._memo.get(key)
        if hit is not None:
            return hit
        out = {param: rule for (s, param), rule in self._surface.items() if s == surface}
        for patterns, efforts, rules in self._groups:
            if not any(fnmatch.fnmatchcase(model, p) for p in patterns):
                continue
            effort = next((e for p, e in efforts.items() if fnmatch.fnmatchcase(model, p)), None)
            for surfaces, rule in rules:
                if surface in surfaces and rule.param not in out:
                    out[rule.param] = _with_effort(rule, effort)
        self._memo[key] = out
        return out


def _with_effort(rule: ParamRule, effort: str | None) -> ParamRule:
    return rule if effort is None else replace(rule, default_effort=effort)


def _cite(keys: str, sources: dict[str, str]) -> str:
    return "; ".join(sources.get(k.strip(), k.strip()) for k in keys.split(";"))
