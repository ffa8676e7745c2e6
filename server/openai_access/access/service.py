"""``AccessService``: what one API project can use, from the cache first and the API second.

The ladder (cheapest first; each step only when the one before could not decide)
--------------------------------------------------------------------------------
1. ``GET /v1/models`` once per project per cache lifetime. Free. A hint only: verification-gated
   models are listed, and project block lists may not be reflected.
2. One free request per model on the endpoint its code calls, rejected by the API at parameter
   validation (``max_completion_tokens: 0`` and the like, see ``prober``). Project blocks (403),
   unknown and retired models (404) and quota (429) come back *before* validation, so this
   decides them; a 400 on our parameter means "reached validation": not blocked.
3. Organization verification is checked *after* validation, so only a real, minimal, **paid**
   request shows it: once per (project, model, capability) per cache lifetime, only on chat and
   Responses (where verification gates), only with ``settings.paid_probes`` and under
   ``settings.paid_probes_per_hour`` (a ledger in the store, shared by every process).
   ``stream: true`` only for the STREAM capability; ``reasoning.summary`` only for
   REASONING_SUMMARY. Capabilities beyond plain use are probed only once plain use is fine.
Images, video, audio, realtime and other output-billed or stateful APIs are never probed: the
model list and the catalog speak for them.

With an admin key (``OPENAI_ADMIN_KEY``), step 1 is followed by one Admin API read per project per
cache lifetime: ``GET /v1/organization/projects/{project_id}/model_permissions`` (free, exact). A
model the policy blocks is never probed; the verdict reads the policy for every model, probed or
not. A refused admin key is one warning, never a model verdict, and the checks go on without it.

Caching rules
-------------
- Keyed by ``ProjectIdentity.cache_key`` (base URL, org, project, key *fingerprint*).
- Positive answers (OK, reached validation, the model list) live ``positive_ttl_hours``;
  negative ones (blocked, needs verification, retired, not found) ``negative_ttl_minutes``
  (verification takes up to 15 minutes to propagate, a block list can be edited).
- Network failures, timeouts, rate limits and server errors are never cached as a verdict; they
  show as a transient ``account_issue`` until the next answer.
- Account problems (bad key, quota, org/project mismatch, region, missing scope) stop probing for
  the project, become one ``AccountIssue``, and are retried after ``negative_ttl_minutes`` or on
  a re-check.
- ``force`` (re-check, ``probe = live``) bypasses the cache and refreshes it.
- Nothing is sent when the workspace is not trusted, there is no key, ``probe = off``, or the
  base URL would carry the key in clear text to another machine; ``view().unchecked_reason``
  says which.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from openai_access.access.answers import (
    AccessView,
    AccountIssue,
    AccountIssueKind,
    Cost,
    ModelList,
    ModelPolicy,
    Outcome,
    ProbeEvidence,
)
from openai_access.access.classify import Category, Classified
from openai_access.access.identity import ApiKey, ProjectIdentity, resolve
from openai_access.access.prober import Endpoint, Prober, Sleep
from openai_access.access.records import (
    evidence_from_dict,
    evidence_to_dict,
    model_list_from_dict,
    model_list_to_dict,
    policy_from_dict,
    policy_to_dict,
)
from openai_access.access.store import (
    Store,
    evidence_key,
    evidence_prefix,
    list_key,
    open_store,
    policy_key,
    split_evidence_key,
)
from openai_access.references import Capability, Surface
from openai_access.settings import ProbeMode, Settings
from openai_access.statuses import CONSOLE_API_KEYS, CONSOLE_BILLING

log = logging.getLogger(__name__)

_POSITIVE = frozenset({Outcome.OK, Outcome.REACHED_VALIDATION})

_DIRECT: dict[Surface, Endpoint] = {
    Surface.CHAT: Endpoint.CHAT,
    Surface.RESPONSES: Endpoint.RESPONSES,
    Surface.COMPLETIONS: Endpoint.COMPLETIONS,
    Surface.EMBEDDINGS: Endpoint.EMBEDDINGS,
}
# For a model whose API the code does not show: the first of these the catalog lists.
_PREFERRED = (
    (Surface.CHAT, Endpoint.CHAT),
    (Surface.RESPONSES, Endpoint.RESPONSES),
    (Surface.EMBEDDINGS, Endpoint.EMBEDDINGS),
    (Surface.COMPLETIONS, Endpoint.COMPLETIONS),
)


def _plausible_model_id(model: str) -> bool:
    return 0 < len(model) <= 128 and model.isprintable() and not any(c.isspace() for c in model)


@dataclass(frozen=True, slots=True)
class ProbeRequest:
    """One thing the code asks of a model: ``model`` on ``surface``, with ``capability``."""

    model: str
    surface: Surface = Surface.UNKNOWN
    capability: Capability = Capability.PLAIN


_Key = tuple[str, Capability]


class AccessService:
    """One per project identity (the language server keeps one per workspace folder)."""

    def __init__(
        self,
        settings: Settings,
        env: Mapping[str, str],
        *,
        clock: Callable[[], float] = time.time,
        catalog: Any = None,
        store: Store | None = None,
        timeout: float = 10.0,
        concurrency: int = 8,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.settings = settings
        self.identity: ProjectIdentity
        self._key: ApiKey | None
        self.identity, self._key = resolve(settings, env)
        admin = (env.get("OPENAI_ADMIN_KEY") or "").strip()
        self._admin_key: ApiKey | None = ApiKey(admin) if admin else None
        self._policy: ModelPolicy | None = None
        self._policy_refused_at: float | None = None  # the admin key was refused: not asked again until expiry
        self._clock = clock
        self._catalog = catalog
        self._given_store = store
        self._store: Store | None = store
        self._timeout = timeout
        self._concurrency = concurrency
        self._sleep = sleep
        self._answers: dict[_Key, ProbeEvidence] = {}
        self._model_list: ModelList | None = None
        self._loaded = False
        self._account_issue: AccountIssue | None = None  # stops probing until expiry / re-check
        self._transient: AccountIssue | None = None  # network, rate limit, server error
        self._seen_project: str | None = None
        self._inflight: dict[_Key, asyncio.Future[ProbeEvidence | None]] = {}
        self._list_task: asyncio.Future[None] | None = None
        self._prober: Prober | None = None
        self._prober_loop: asyncio.AbstractEventLoop | None = None
        self._round_offline = False
        self._round_done: set[_Key] = set()  # asked in this round: a forced round asks once
        self._sent_before = 0  # requests of probers already dropped
        self.warnings: list[str] = []
        self._said: set[str] = set()

    # -- public ---------------------------------------------------------------------------
    @property
    def requests_sent(self) -> int:
        return self._sent_before + (self._prober.requests_sent if self._prober else 0)

    @property
    def project_label(self) -> str:
        if self.identity.project:
            return self.identity.project
        if self._seen_project:
            return f"{self._seen_project} (the key's default project)"
        return self.identity.label

    def unchecked_reason(self) -> str | None:
        if not self.settings.workspace_trusted:
            return "the workspace is not trusted, so nothing is sent to OpenAI"
        if self._key is None:
            return "no API key is set in OPENAI_API_KEY"
        if self.settings.probe is ProbeMode.OFF:
            return "probing is turned off by probe = off"
        return self.identity.unsafe_base_url_reason()

    def view(self) -> AccessView:
        """What is known now, from memory and the cache. Never touches the network."""
        reason = self.unchecked_reason()
        if reason is not None:
            return AccessView(project_label=self.project_label, unchecked_reason=reason)
        self._load_all()
        now = self._clock()
        answers = {k: ev for k, ev in self._answers.items() if self._fresh(ev, now)}
        model_list = self._model_list if self._list_fresh(self._model_list, now) else None
        policy = self._policy if self._policy_fresh(self._policy, now) else None
        return AccessView(
            project_label=self.project_label,
            answers=answers,
            model_list=model_list,
            account_issue=self._blocking_issue(now) or self._transient,
            pending=frozenset(k for k, f in self._inflight.items() if not f.done()),
            policy=policy,
        )

    async def ensure(
        self,
        requests: Iterable[ProbeRequest],
        *,
        force: bool = False,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> AccessView:
        """Ask what is missing (or everything, with ``force``) and return the new view."""
        wanted = list(dict.fromkeys(requests))
        if self.unchecked_reason() is not None:
            return self.view()
        force = force or self.settings.probe is ProbeMode.LIVE
        if force:
            self._account_issue = None
        if self._blocking_issue(self._clock()) is not None:
            return self.view()
        self._load_all()
        self._round_offline = False
        self._round_done = set()
        need_list = force or not self._have_list()
        jobs: list[tuple[ProbeRequest, Endpoint]] = []
        if self.settings.probe is not ProbeMode.LIST:
            for req in wanted:
                endpoint = self._endpoint(req)
                if endpoint is not None and (force or not self._settled(req, endpoint)):
                    jobs.append((req, endpoint))
        total = len(jobs) + (1 if need_list else 0)
        done = 0

        def tick() -> None:
            nonlocal done
            done += 1
            if on_progress is not None:
                try:
                    on_progress(done, total)
                except Exception:
                    log.exception("progress callback failed")

        if on_progress is not None and total:
            try:
                on_progress(0, total)
            except Exception:
                log.exception("progress callback failed")
        if need_list:
            await self._shared_list(force)
            tick()
        if self._halted():
            return self.view()
        await self._ensure_policy(force)
        policy = self._policy if self._policy_fresh(self._policy, self._clock()) else None
        if policy is not None:
            decided = [j for j in jobs if policy.allows(j[0].model) is False]
            jobs = [j for j in jobs if j not in decided]
            for _ in decided:  # the policy answered them: nothing to send
                tick()

        async def one(req: ProbeRequest, endpoint: Endpoint) -> None:
            try:
                await asyncio.shield(self._shared_ladder(req, endpoint, force))
            finally:
                tick()

        if jobs:
            await asyncio.gather(*(one(r, e) for r, e in jobs), return_exceptions=True)
        return self.view()

    def probe_sync(self, requests: Iterable[ProbeRequest], force: bool = False) -> AccessView:
        """``ensure`` for the CLI: runs (and closes) its own event loop."""

        async def run() -> AccessView:
            try:
                return await self.ensure(requests, force=force)
            finally:
                await self._drop_prober()

        return asyncio.run(run())

    def clear_cache(self) -> None:
        """Forget this project's answers (memory and disk); the paid-probe ledger stays."""
        self._answers.clear()
        self._model_list = None
        self._policy = None
        self._policy_refused_at = None
        self._account_issue = None
        self._transient = None
        store = self._get_store()
        for key in list(store.keys(evidence_prefix(self.identity.cache_key))):
            store.delete(key)
        store.delete(list_key(self.identity.cache_key))
        store.delete(policy_key(self.identity.cache_key))
        self._loaded = False

    async def aclose(self) -> None:
        for fut in list(self._inflight.values()):
            fut.cancel()
        await self._drop_prober()
        if self._given_store is None and self._store is not None:
            self._store.close()
            self._store = None

    # -- cache ----------------------------------------------------------------------------
    def _get_store(self) -> Store:
        if self._store is None:
            expire = max(self.settings.positive_ttl_hours * 3600.0, 60.0) * 2
            self._store = open_store(self.settings.cache_dir, expire_seconds=expire)
        if self._store.warning and self._store.warning not in self._said:
            self._said.add(self._store.warning)
            self.warnings.append(self._store.warning)
        return self._store

    def _ttl(self, outcome: Outcome) -> float:
        if outcome in _POSITIVE:
            return self.settings.positive_ttl_hours * 3600.0
        return self.settings.negative_ttl_minutes * 60.0

    def _fresh(self, ev: ProbeEvidence | None, now: float) -> bool:
        return ev is not None and now - ev.checked_at + 60.0 >= 0.0 and now - ev.checked_at < self._ttl(ev.outcome)

    def _list_fresh(self, ml: ModelList | None, now: float) -> bool:
        return ml is not None and now - ml.fetched_at < self.settings.positive_ttl_hours * 3600.0

    def _policy_fresh(self, p: ModelPolicy | None, now: float) -> bool:
        return p is not None and now - p.fetched_at < self.settings.positive_ttl_hours * 3600.0

    def _load_all(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        store = self._get_store()
        ident = self.identity.cache_key
        for key in store.keys(evidence_prefix(ident)):
            parts = split_evidence_key(key)
            ev = evidence_from_dict(store.get(key))
            if parts is None or ev is None:
                continue
            k = (ev.model, ev.capability)
            if k not in self._answers or self._answers[k].checked_at < ev.checked_at:
                self._answers[k] = ev
        if self._model_list is None:
            self._model_list = model_list_from_dict(store.get(list_key(ident)))
        if self._policy is None and self._admin_key is not None:
            self._policy = policy_from_dict(store.get(policy_key(ident)))

    def _cached(self, model: str, capability: Capability) -> ProbeEvidence | None:
        """A fresh answer from memory, else from the store (another process may have asked)."""
        now = self._clock()
        ev = self._answers.get((model, capability))
        if self._fresh(ev, now):
            return ev
        ev = evidence_from_dict(self._get_store().get(evidence_key(self.identity.cache_key, model, capability.value)))
        if ev is not None and self._fresh(ev, now):
            self._answers[(model, capability)] = ev
            return ev
        return None

    def _have_list(self) -> bool:
        now = self._clock()
        if self._list_fresh(self._model_list, now):
            return True
        ml = model_list_from_dict(self._get_store().get(list_key(self.identity.cache_key)))
        if self._list_fresh(ml, now):
            self._model_list = ml
            return True
        return False

    def _remember(self, ev: ProbeEvidence) -> None:
        if self._earlier_stands(ev):
            return
        self._answers[(ev.model, ev.capability)] = ev
        self._get_store().set(
            evidence_key(self.identity.cache_key, ev.model, ev.capability.value), evidence_to_dict(ev)
        )

    def _earlier_stands(self, ev: ProbeEvidence) -> bool:
        """A free probe cannot see verification: its "reached validation" never replaces a paid
        "needs verification", whether this process or another one (sharing the store) got it.
        The earlier answer stands while fresh, then the model shows as unverified, never ``ok``."""
        if ev.cost is not Cost.FREE or ev.outcome is not Outcome.REACHED_VALIDATION:
            return False
        key = (ev.model, ev.capability)
        stored = evidence_from_dict(
            self._get_store().get(evidence_key(self.identity.cache_key, ev.model, ev.capability.value))
        )
        for earlier in (stored, self._answers.get(key)):
            if earlier is not None and earlier.cost is Cost.PAID and earlier.outcome is Outcome.NEEDS_VERIFICATION:
                self._answers[key] = earlier
                return True
        return False

    # -- decisions ------------------------------------------------------------------------
    def _endpoint(self, req: ProbeRequest) -> Endpoint | None:
        if not _plausible_model_id(req.model):
            return None  # half-typed or pasted junk: the catalog's did-you-mean speaks, not the API
        if req.capability is Capability.REASONING_SUMMARY:
            return Endpoint.RESPONSES
        if req.surface in _DIRECT:
            return _DIRECT[req.surface]
        if req.surface is not Surface.UNKNOWN:
            return None  # images, audio, video, realtime, ...: never probed
        endpoints = self._catalog_endpoints(req.model)
        if endpoints is None:
            return Endpoint.CHAT
        for surface, endpoint in _PREFERRED:
            if surface in endpoints:
                return endpoint
        return None

    def _catalog_endpoints(self, model: str) -> tuple[Surface, ...] | None:
        getter = getattr(self._catalog, "get", None)
        if getter is None:
            return None
        try:
            entry = getter(model)
        except Exception:
            return None
        endpoints = getattr(entry, "endpoints", None)
        return tuple(endpoints) if endpoints else None

    def _settled(self, req: ProbeRequest, endpoint: Endpoint) -> bool:
        """True when the cache already answers this request as well as probing could."""
        ev = self._cached(req.model, req.capability)
        if req.capability is not Capability.PLAIN:
            if ev is not None:
                return True
            plain = self._cached(req.model, Capability.PLAIN)
            return plain is not None and (plain.outcome not in _POSITIVE or not self._may_pay())
        if ev is None:
            return False
        wants_paid = ev.outcome is Outcome.REACHED_VALIDATION and endpoint.paid_capable
        return not (wants_paid and self._may_pay())

    def _may_pay(self) -> bool:
        return self.settings.paid_probes and self.settings.paid_probes_per_hour > 0

    def _reserve_paid(self) -> bool:
        if not self._may_pay():
            return False
        ok = self._get_store().reserve_paid(
            self.identity.cache_key, self._clock(), int(self.settings.paid_probes_per_hour)
        )
        if not ok:
            log.info("paid probe skipped: %d per hour reached", self.settings.paid_probes_per_hour)
        return ok

    def _blocking_issue(self, now: float) -> AccountIssue | None:
        issue = self._account_issue
        if issue is not None and now - issue.at >= self.settings.negative_ttl_minutes * 60.0:
            self._account_issue = issue = None
        return issue

    def _halted(self) -> bool:
        return self._round_offline or self._blocking_issue(self._clock()) is not None

    # -- probing --------------------------------------------------------------------------
    def _get_prober(self) -> Prober:
        loop = asyncio.get_running_loop()
        if self._prober is None or self._prober_loop is not loop:
            if self._prober is not None:
                self._sent_before += self._prober.requests_sent
            assert self._key is not None
            self._prober = Prober(
                self.identity,
                self._key,
                timeout=self._timeout,
                concurrency=self._concurrency,
                clock=self._clock,
                sleep=self._sleep,
            )
            self._prober.stopped = self._halted
            if self._admin_key is not None:
                self._prober.use_admin_key(self._admin_key)
            self._prober_loop = loop
            self._inflight.clear()
            self._list_task = None
        return self._prober

    async def _drop_prober(self) -> None:
        prober, self._prober = self._prober, None
        self._prober_loop = None
        self._list_task = None
        self._inflight.clear()
        if prober is not None:
            self._sent_before += prober.requests_sent
            await prober.aclose()

    async def _shared_list(self, force: bool) -> None:
        prober = self._get_prober()
        if self._list_task is None or self._list_task.done():
            self._list_task = asyncio.ensure_future(self._fetch_list(prober))
        await asyncio.shield(self._list_task)

    async def _fetch_list(self, prober: Prober) -> None:
        result = await prober.list_models()
        if result.models is not None:
            self._model_list = result.models
            self._seen_project = result.models.project or self._seen_project
            self._transient = None
            self._get_store().set(list_key(self.identity.cache_key), model_list_to_dict(result.models))
            return
        answer = result.answer
        if answer is None:
            return
        if answer.account is AccountIssueKind.MISSING_SCOPE:
            # A restricted key may call models without listing them: say it, keep probing.
            self._say(
                "This API key cannot list models (it lacks the api.model.read scope), so typos "
                "are judged from the catalog only; model checks still run."
            )
            return
        self._note_failure(answer)

    @property
    def has_admin_key(self) -> bool:
        return self._admin_key is not None

    def _policy_project(self) -> str | None:
        """The project the policy is read for: the settings' project, else the one the API said it saw."""
        listed = self._model_list.project if self._model_list is not None else None
        return self.identity.project or self._seen_project or listed

    async def _ensure_policy(self, force: bool) -> None:
        """Read the project's model permissions once per cache lifetime, when an admin key is set."""
        if self._admin_key is None:
            return
        now = self._clock()
        refused = self._policy_refused_at
        if refused is not None and now - refused < self.settings.negative_ttl_minutes * 60.0 and not force:
            return
        project = self._policy_project()
        if project is None:
            self._say(
                "An admin key is set, but the project id is unknown (no project setting, and the API "
                "did not name one), so the project's model permissions were not read."
            )
            return
        cached = self._policy
        if not force and cached is not None and cached.project == project and self._policy_fresh(cached, now):
            return
        result = await self._get_prober().model_permissions(project)
        answer = result.answer
        if result.policy is None and answer is not None and answer.category is Category.MODEL:
            # 404 (or a body we can't read): no policy is set for the project. GUESS: undocumented.
            result = replace(result, policy=ModelPolicy("none", frozenset(), self._clock(), project))
        if result.policy is not None:
            self._policy = result.policy
            self._policy_refused_at = None
            self._get_store().set(policy_key(self.identity.cache_key), policy_to_dict(result.policy))
            return
        if answer is not None and answer.category is Category.ACCOUNT:
            self._policy_refused_at = now
            said = f" OpenAI said: “{answer.message}”" if answer.message else ""
            self._say(
                f"The admin key (OPENAI_ADMIN_KEY) was refused by the Admin API (HTTP {answer.http_status}), "
                "so the project's model permissions are not read; model checks go on with the API key. "
                "Admin keys are made by an organization owner at "
                "https://platform.openai.com/settings/organization/admin-keys." + said
            )

    async def _shared_ladder(self, req: ProbeRequest, endpoint: Endpoint, force: bool) -> ProbeEvidence | None:
        key = (req.model, req.capability)
        self._get_prober()
        fut = self._inflight.get(key)
        if fut is None or fut.done():
            fut = asyncio.ensure_future(self._ladder(req, endpoint, force))
            self._inflight[key] = fut
            fut.add_done_callback(functools.partial(self._forget, key))
        return await fut

    def _forget(self, key: _Key, fut: asyncio.Future[ProbeEvidence | None]) -> None:
        if self._inflight.get(key) is fut:
            del self._inflight[key]
        if not fut.cancelled() and fut.exception() is not None:
            log.error("probe of %s failed: %s", key[0], type(fut.exception()).__name__)

    async def _ladder(self, req: ProbeRequest, endpoint: Endpoint, force: bool) -> ProbeEvidence | None:
        try:
            return await self._climb(req, endpoint, force)
        finally:
            self._round_done.add((req.model, req.capability))

    async def _climb(self, req: ProbeRequest, endpoint: Endpoint, force: bool) -> ProbeEvidence | None:
        prober = self._get_prober()
        model, cap = req.model, req.capability
        if cap is not Capability.PLAIN:
            plain_req = ProbeRequest(model, req.surface, Capability.PLAIN)
            plain_ep = self._endpoint(plain_req)
            plain = self._cached(model, Capability.PLAIN)
            redo = force and (model, Capability.PLAIN) not in self._round_done
            if plain_ep is not None and (redo or plain is None or not self._settled(plain_req, plain_ep)):
                plain = await self._shared_ladder(plain_req, plain_ep, force)
            if plain is None or plain.outcome not in _POSITIVE or self._halted():
                return None
            if not endpoint.paid_capable or not self._reserve_paid():
                return None
            return self._record(await prober.probe(model, endpoint, cap, paid=True), req, endpoint, Cost.PAID)
        ev = None if force else self._cached(model, cap)
        if ev is None:
            if self._halted():
                return None
            ev = self._record(await prober.probe(model, endpoint, cap, paid=False), req, endpoint, Cost.FREE)
        if ev is None or ev.outcome is not Outcome.REACHED_VALIDATION or not endpoint.paid_capable:
            return ev
        if self._halted() or not self._reserve_paid():
            return ev
        paid = self._record(await prober.probe(model, endpoint, cap, paid=True), req, endpoint, Cost.PAID)
        return paid or ev

    def _record(self, answer: Classified, req: ProbeRequest, endpoint: Endpoint, cost: Cost) -> ProbeEvidence | None:
        if answer.project:
            self._seen_project = answer.project
        if answer.category in (Category.MODEL, Category.VALIDATION) and answer.outcome is not None:
            if cost is Cost.PAID and answer.outcome is Outcome.REACHED_VALIDATION:
                # The paid request itself was refused at validation: it taught nothing new.
                log.info("paid probe of %s stopped at validation (%s)", req.model, answer.error_param)
            ev = ProbeEvidence(
                model=req.model,
                capability=req.capability,
                outcome=answer.outcome,
                checked_at=self._clock(),
                endpoint=endpoint.value,
                cost=cost,
                project=answer.project or self.identity.project,
                http_status=answer.http_status,
                error_code=answer.error_code,
                error_param=answer.error_param,
                message=answer.message,
                request_id=answer.request_id,
                rate_limits=answer.rate_limits,
            )
            self._transient = None
            self._remember(ev)
            return ev
        self._note_failure(answer)
        return None

    def _note_failure(self, answer: Classified) -> None:
        kind = answer.account or AccountIssueKind.SERVER_ERROR
        issue = AccountIssue(
            kind=kind,
            message=self._explain(kind, answer),
            at=self._clock(),
            http_status=answer.http_status,
            error_code=answer.error_code,
            request_id=answer.request_id,
        )
        if answer.category is Category.ACCOUNT:
            if self._account_issue is None:
                log.warning("%s", issue.message)
            self._account_issue = issue
        else:
            if answer.category is Category.NETWORK:
                self._round_offline = True
            self._transient = issue

    def _explain(self, kind: AccountIssueKind, answer: Classified) -> str:
        said = f" OpenAI said: “{answer.message}”" if answer.message else ""
        hint = self.identity.key_hint or "the key"
        where = self.identity.base_url
        if kind is AccountIssueKind.BAD_KEY:
            return (
                f"OpenAI rejected the API key {hint} (HTTP {answer.http_status}), so no model can be "
                f"checked. Check OPENAI_API_KEY; your keys are at {CONSOLE_API_KEYS}.{said}"
            )
        if kind is AccountIssueKind.ORG_MISMATCH:
            return (
                "The organization or project sent with the requests (OPENAI_ORG_ID / OPENAI_PROJECT_ID, "
                "or the organization / project setting) does not belong to the API key "
                f"{hint}. Remove or correct it.{said}"
            )
        if kind is AccountIssueKind.QUOTA:
            return (
                "The account behind the API key has no quota left or billing is not active, so no "
                f"model can be checked (and your code would fail the same way). See {CONSOLE_BILLING}.{said}"
            )
        if kind is AccountIssueKind.REGION:
            return (
                "OpenAI refuses requests from this country, region or network (or this IP is not on "
                f"the project's IP allowlist), so models cannot be checked from here.{said}"
            )
        if kind is AccountIssueKind.MISSING_SCOPE:
            return (
                f"The API key {hint} is restricted and lacks a permission the checks need. Give it "
                f"access to the Model capabilities, or use another key ({CONSOLE_API_KEYS}).{said}"
            )
        if kind is AccountIssueKind.NETWORK:
            return (
                f"Could not reach {where} (no answer within {self._timeout:g} s, or the connection "
                "failed); models were not checked and will be on the next try."
            )
        if kind is AccountIssueKind.RATE_LIMITED:
            return "OpenAI rate-limited the checks; models not yet checked will be on the next try." + said
        if answer.foreign is not None:
            return (
                f"The answer from {where} (HTTP {answer.http_status}, {answer.foreign}) did not come from "
                "the OpenAI API: a proxy, a firewall or a wrong base URL is in the way, so models were not "
                "checked. Check OPENAI_BASE_URL and any proxy settings."
            )
        return (
            f"OpenAI answered with an error (HTTP {answer.http_status}); models not yet checked "
            "will be on the next try."
        )

    def _say(self, message: str) -> None:
        if message not in self._said:
            self._said.add(message)
            self.warnings.append(message)
