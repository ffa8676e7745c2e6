"""Model settings in configuration files: ``.env``, YAML, TOML and JSON.

A value counts when its key names a model (``model``, ``OPENAI_MODEL``, ``embedding_model``,
items of ``models:``, LiteLLM ``model_list[].litellm_params.model``, a Kubernetes
``{name: OPENAI_MODEL, value: …}``, a compose ``- OPENAI_MODEL=…``) *and* the value reads like
an OpenAI model id. Sections and neighbours decide the target: inside ``azure:``, next to an
``api_base`` on azure.com or ``provider: azure`` it is an Azure deployment; next to another
provider or a non-OpenAI base URL it is not ours at all and stays silent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from openai_access.references import SLOT, ModelReference, Range, Surface, Target
from openai_access.scan.config_files import _rules as rules
from openai_access.scan.config_files._tree import Items, Node, Scalar, Table
from openai_access.scan.options import DEFAULT_OPTIONS, ScanOptions

__all__ = ["CONFIG_LANGUAGES", "scan_config"]

CONFIG_LANGUAGES = frozenset({"dotenv", "yaml", "toml", "json"})
MAX_CHARS = 5 * 1024 * 1024
_ENV_ITEM = re.compile(r"^([A-Za-z_][A-Za-z0-9_.]*)=")
# Every rule needs a key that says "model" or an ``openai:`` id (promptfoo's ``providers:``).
_NEEDED_WORD = re.compile("model|openai:", re.IGNORECASE)


def scan_config(text: str, language: str, options: ScanOptions = DEFAULT_OPTIONS) -> list[ModelReference]:
    """References to OpenAI models in one config file. Never raises; unreadable text → []."""
    del options  # wrappers are a code notion; kept for the scanner's uniform signature
    if language not in CONFIG_LANGUAGES or not isinstance(text, str) or len(text) > MAX_CHARS:
        return []
    if "\0" in text or not _NEEDED_WORD.search(text):
        return []
    try:
        return _scan(text, language)
    except Exception:  # a scanner bug must cost one file's findings, never the editor session
        return []


def _scan(text: str, language: str) -> list[ModelReference]:
    walker = _Walker(dotenv=language == "dotenv")
    for root in _read(text, language):
        walker.node(root, _Context())
    unique = {r.range: r for r in walker.found}
    return sorted(unique.values(), key=lambda r: r.range)


def _read(text: str, language: str) -> list[Node]:
    if language == "dotenv":
        from openai_access.scan.config_files._dotenv import read_dotenv

        return [read_dotenv(text)]
    if language == "yaml":
        from openai_access.scan.config_files._yaml import read_yaml

        return read_yaml(text)
    if language == "toml":
        from openai_access.scan.config_files._toml import read_toml

        return [read_toml(text)]
    from openai_access.scan.config_files._json import read_json

    return read_json(text)


@dataclass(frozen=True, slots=True)
class _Context:
    target: Target = Target.OPENAI
    # Inside a model-ish container: ``model: {name: …}`` or an item of ``models: [...]``.
    model_holder: bool = False
    surface: Surface = Surface.UNKNOWN
    # Inside a LiteLLM ``model_list`` item, where ``model_name`` is the proxy's own alias.
    litellm_item: bool = False
    # Our own settings (``[tool.openai-access]``) list models to ignore, not to use.
    silent: bool = False
    # Under promptfoo's ``providers:``, where only an ``openai:`` id is ours (``anthropic:…``, ``file://…``).
    prefixed_only: bool = False


class _Walker:
    def __init__(self, dotenv: bool) -> None:
        self.dotenv = dotenv
        self.found: list[ModelReference] = []
        self._seen: set[int] = set()

    def node(self, node: Node, ctx: _Context) -> None:
        if isinstance(node, Scalar) or ctx.silent:
            return
        if id(node) in self._seen:  # YAML anchors share nodes; walk each once
            return
        self._seen.add(id(node))
        if isinstance(node, Items):
            for item in node.items:
                self.item(item, ctx)
        else:
            self.table(node, ctx)

    def item(self, item: Node, ctx: _Context) -> None:
        if isinstance(item, Scalar):
            if ctx.model_holder:
                self.candidate(item, ctx.surface, ctx.target, ctx.prefixed_only)
            else:
                self.env_item(item, ctx)
            return
        self.node(item, ctx)

    def table(self, table: Table, ctx: _Context) -> None:
        target = ctx.target if self.dotenv else self._neighbours(table, ctx.target)
        if target is Target.OTHER_BASE_URL:
            return
        self._kubernetes_env(table, target)
        for key, child in table.items:
            words = rules.key_words(key)
            if not words:
                continue
            if words == ("tool", "openai", "access") or words == ("openai", "access"):
                continue
            child_target = _narrow(target, rules.provider_of_words(words))
            if child_target is Target.OTHER_BASE_URL:
                continue
            surface = rules.surface_for(words)
            if ctx.litellm_item and words == ("model", "name"):
                continue  # the proxy's alias, not what it calls
            model_key = rules.is_model_key(words) or (ctx.model_holder and words in (("name",), ("id",)))
            if model_key and isinstance(child, Scalar):
                surface = surface if surface is not Surface.UNKNOWN else ctx.surface
                self.candidate(child, surface, child_target, ctx.prefixed_only and not rules.is_model_key(words))
                continue
            if words == ("model", "list"):
                self._litellm(child, child_target)
                continue
            if words == ("providers",):  # promptfoo: - openai:chat:gpt-4o / - id: openai:gpt-4.1
                self.node(child, _Context(target=child_target, model_holder=True, prefixed_only=True))
                continue
            holder = model_key or rules.is_models_key(words)
            if surface is Surface.UNKNOWN and holder:
                surface = ctx.surface
            self.node(child, _Context(target=child_target, model_holder=holder, surface=surface))

    def _litellm(self, node: Node, target: Target) -> None:
        if not isinstance(node, Items):
            self.node(node, _Context(target=target))
            return
        for item in node.items:
            if isinstance(item, Table):
                self.table(item, _Context(target=target, litellm_item=True))

    def _neighbours(self, table: Table, target: Target) -> Target:
        """Siblings that say where this table's requests go."""
        for key, child in table.items:
            if not isinstance(child, Scalar):
                continue
            words = rules.key_words(key)
            said: Target | None = None
            if rules.is_provider_key(words):
                said = rules.provider_value(child.value)
            elif rules.is_base_url_key(words):
                said = rules.base_url_value(child.value)
            elif "azure" in words or words == ("api", "version"):
                said = Target.AZURE
            target = _narrow(target, said)
        return target

    def _kubernetes_env(self, table: Table, target: Target) -> None:
        """``- name: OPENAI_MODEL`` / ``value: gpt-4o`` (Kubernetes, ECS task definitions)."""
        name, value = table.get("name"), table.get("value")
        if not (isinstance(name, Scalar) and isinstance(value, Scalar)):
            return
        words = rules.key_words(name.value)
        if rules.is_model_key(words):
            self.candidate(value, rules.surface_for(words), _narrow(target, rules.provider_of_words(words)))

    def env_item(self, item: Scalar, ctx: _Context) -> None:
        """``- OPENAI_MODEL=gpt-4o`` in a compose file's ``environment:`` list."""
        m = _ENV_ITEM.match(item.value)
        if m is None or item.range is None:
            return
        words = rules.key_words(m.group(1))
        if not rules.is_model_key(words):
            return
        cut = m.end()
        start = item.range.start
        rng = Range(replace(start, character=start.character + cut), item.range.end)
        self.candidate(
            Scalar(item.value[cut:], rng),
            rules.surface_for(words),
            _narrow(ctx.target, rules.provider_of_words(words)),
        )

    def candidate(self, scalar: Scalar, surface: Surface, target: Target, prefixed_only: bool = False) -> None:
        if scalar.range is None or target is Target.OTHER_BASE_URL:
            return
        if prefixed_only and not scalar.value.lower().startswith("openai:"):
            return
        split = rules.split_provider(scalar.value)
        if split is None:
            return
        model, start, prefix_target = split
        target = _narrow(target, prefix_target if prefix_target is not Target.OPENAI else None)
        if not rules.looks_like_openai_model(model):
            return
        self.found.append(
            ModelReference(
                model=model,
                range=scalar.range,
                surface=surface,
                target=target,
                client="config",
                model_start=start,
                found=SLOT,
            )
        )


def _narrow(current: Target, said: Target | None) -> Target:
    """Once a section says Azure or elsewhere, nothing below turns it back into OpenAI."""
    if said is None or said is Target.OPENAI or current is Target.OTHER_BASE_URL:
        return current
    if current is Target.AZURE and said is Target.OTHER_BASE_URL:
        return Target.OTHER_BASE_URL
    return said
