"""The account half of the checklist (items 1-7): key, base URL, org/project, key valid, quota, list, region.

Why these requests and no others
--------------------------------
The checks ask the API *now* (never the cache): the point of ``doctor`` is to see what fails
today, and every request it sends by default is free.

1. ``GET /v1/models`` -- free. Answers for the key (401), the org/project headers (401
   ``mismatched_*``), the region (403) and the ``api.model.read`` scope; its
   ``openai-organization`` / ``openai-project`` response headers say which org and project the
   key resolved to.
2. One chat request rejected at parameter validation (``max_completion_tokens: 0``, see
   ``access/prober.py``) on a common chat model -- free. Quota and billing (429
   ``insufficient_quota`` / ``billing_not_active``) come back *before* validation, so a 400 on our
   parameter means "past the quota check" at no cost. The model is the first of a short list
   of common chat models the key's model list has (any listed chat model otherwise); when that
   model is blocked or missing for the project, the next one is tried (at most three).
3. A minimal **paid** request (one output token) on the same model only with ``--probe live``
   *and* paid probes allowed (``paidProbes``, within the hourly cap shared with the access
   service): it confirms billing with a request that really bills. Never otherwise.

When an earlier answer already decides a later check (a rejected key says nothing about
quota), the later check is ``unknown`` and says why, instead of sending more requests that
would fail the same way. On an org/project mismatch the list is asked once more *without* the
headers: a key's default project answers, and its ``openai-project`` header is the value to set.

Nothing is sent without a key, with ``probe = off``, in an untrusted workspace, or to a
clear-text base URL on another machine. The key is only ever shown as its hint (``sk-…0000``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlsplit

from openai_access.access.answers import AccountIssueKind, Outcome
from openai_access.access.classify import Category, Classified
from openai_access.access.identity import DEFAULT_BASE_URL, ApiKey, ProjectIdentity, resolve
from openai_access.access.prober import Endpoint, PolicyResult, Prober
from openai_access.catalog import Catalog
from openai_access.catalog.entry import Lifecycle
from openai_access.doctor.report import (
    BASE_URL,
    KEY_SOURCE,
    KEY_VALID,
    MODEL_POLICY,
    MODELS_LIST,
    ORG_PROJECT,
    QUOTA,
    REGION,
    Check,
    Context,
    State,
)
from openai_access.references import Capability, Surface
from openai_access.settings import ProbeMode, Settings
from openai_access.statuses import CONSOLE_API_KEYS, CONSOLE_BILLING, CONSOLE_LIMITS, CONSOLE_ORG_GENERAL

CONSOLE_PROJECT_GENERAL = "https://platform.openai.com/settings/proj/general"
CONSOLE_ORG_LIMITS = "https://platform.openai.com/settings/organization/limits"
DOCS_SUPPORTED_COUNTRIES = "https://platform.openai.com/docs/supported-countries"
STATUS_PAGE = "https://status.openai.com"

# Common, cheap chat models for the free quota probe, most likely first.
PROBE_MODELS = ("gpt-4o-mini", "gpt-4.1-mini", "gpt-5-mini", "gpt-4o", "gpt-5.5")
MAX_PROBE_MODELS = 3

TITLES = {
    KEY_SOURCE: "API key",
    BASE_URL: "Base URL",
    ORG_PROJECT: "Organization and project headers",
    KEY_VALID: "API key accepted",
    QUOTA: "Quota and billing",
    MODELS_LIST: "Model list (/v1/models) readable",
    REGION: "Region",
    MODEL_POLICY: "Project model policy (Admin API)",
}


@dataclass
class _Findings:
    """What the requests said, gathered before the checks are worded."""

    sent: bool = False
    stop_reason: str | None = None  # why later checks were not asked
    list_answer: Classified | None = None
    listed: int | None = None
    mismatch: Classified | None = None
    headerless_ok: bool = False  # the list, asked again without the headers, was answered
    probe_answer: Classified | None = None
    probe_model: str | None = None
    skipped_models: list[str] = field(default_factory=list)  # blocked / missing for the project
    paid_answer: Classified | None = None
    paid_note: str | None = None
    reported_org: str | None = None  # openai-organization from an accepted answer
    reported_project: str | None = None
    policy: PolicyResult | None = None  # the Admin API's model permissions, with an admin key
    policy_project: str | None = None


def _env_source(env: Mapping[str, str], *names: str) -> str | None:
    for name in names:
        if (env.get(name) or "").strip():
            return name
    return None


def _org_source(settings: Settings, env: Mapping[str, str], context: Context) -> str | None:
    if settings.organization:
        return "the openaiAccess.organization setting" if context is Context.EDITOR else "the organization setting"
    return _env_source(env, "OPENAI_ORG_ID", "OPENAI_ORGANIZATION")


def _project_source(settings: Settings, env: Mapping[str, str], context: Context) -> str | None:
    if settings.project:
        return "the openaiAccess.project setting" if context is Context.EDITOR else "the project setting"
    return _env_source(env, "OPENAI_PROJECT_ID", "OPENAI_PROJECT")


def _said(answer: Classified | None) -> str:
    return f" OpenAI said: “{answer.message}”" if answer is not None and answer.message else ""


def _is_azure(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host.endswith((".openai.azure.com", ".cognitiveservices.azure.com", ".services.ai.azure.com"))


def probe_candidates(catalog: Catalog, today: date, listed: frozenset[str] | None) -> list[str]:
    """Chat models for the free quota probe: common ones the key lists first, never a retired one."""

    def chat_model(model: str, *, known_only: bool) -> bool:
        entry = catalog.get(model)
        if entry is None:
            return not known_only
        if entry.invalid or entry.lifecycle(today) is Lifecycle.RETIRED:
            return False
        return not entry.endpoints or Surface.CHAT in entry.endpoints

    preferred = [m for m in PROBE_MODELS if chat_model(m, known_only=False)]
    if listed is None:
        return preferred[:MAX_PROBE_MODELS]
    ordered = [m for m in preferred if m in listed]
    ordered += sorted(m for m in listed if m not in ordered and chat_model(m, known_only=True))
    ordered += [m for m in preferred if m not in ordered]
    return ordered[:MAX_PROBE_MODELS]


class AccountChecks:
    """Runs checks 1-7 for one settings + environment; ``run()`` returns them in checklist order."""

    def __init__(
        self,
        settings: Settings,
        env: Mapping[str, str],
        *,
        catalog: Catalog,
        today: date,
        context: Context = Context.CLI,
        timeout: float = 10.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.env = env
        self.catalog = catalog
        self.today = today
        self.context = context
        self.timeout = timeout
        self.clock = clock
        self.identity: ProjectIdentity
        self._key: ApiKey | None
        self.identity, self._key = resolve(settings, env)
        admin = (env.get("OPENAI_ADMIN_KEY") or "").strip()
        self._admin_key = ApiKey(admin) if admin else None
        self.requests_sent = 0

    # -- what may be sent -------------------------------------------------------------------
    def offline_reason(self) -> str | None:
        """Why no request may be sent (None when the checks may ask the API)."""
        if not self.settings.workspace_trusted:
            return "the workspace is not trusted, so nothing is sent to the API"
        if self._key is None:
            return "no API key is set"
        if self.settings.probe is ProbeMode.OFF:
            flag = "--probe off" if self.context is Context.CLI else "openaiAccess.probe = off"
            return f"probing is turned off ({flag})"
        if self.identity.unsafe_base_url_reason() is not None:
            return "the base URL is not https, so the key is not sent there"
        return None

    @property
    def may_pay(self) -> bool:
        s = self.settings
        return s.probe is ProbeMode.LIVE and s.paid_probes and s.paid_probes_per_hour > 0

    # -- the run ----------------------------------------------------------------------------
    async def run(self) -> list[Check]:
        findings = _Findings()
        reason = self.offline_reason()
        if reason is None:
            await self._ask(findings)
        else:
            findings.stop_reason = reason
        checks = [
            self._key_source(),
            self._base_url(findings),
            self._org_project(findings),
            self._key_valid(findings),
            self._quota(findings),
            self._models_list(findings),
            self._region(findings),
        ]
        if self._admin_key is not None:
            checks.append(self._model_policy(findings))
        return checks

    def _prober(self, identity: ProjectIdentity) -> Prober:
        assert self._key is not None
        # One rate-limit retry at most, and not a long wait: a person is watching.
        return Prober(
            identity, self._key, timeout=self.timeout, concurrency=2, max_rate_retries=1, max_retry_delay=10.0
        )

    def _accepted(self, f: _Findings, answer: Classified) -> None:
        """Remember the org/project headers of an answer that got past authentication and headers."""
        if _reached(answer):
            f.reported_org = answer.organization or f.reported_org
            f.reported_project = answer.project or f.reported_project

    async def _ask(self, f: _Findings) -> None:
        f.sent = True
        identity = self.identity
        prober = self._prober(identity)
        try:
            listed = await prober.list_models()
            f.list_answer = listed.answer
            if listed.models is not None:
                f.listed = len(listed.models.ids)
            answer = listed.answer
            if answer is not None:
                self._accepted(f, answer)
            if answer is not None and answer.account is AccountIssueKind.ORG_MISMATCH:
                f.mismatch = answer
                if identity.organization or identity.project:
                    # Ask as the key alone: its default org/project answers, and says its ids.
                    identity = replace(identity, organization=None, project=None)
                    await prober.aclose()
                    self.requests_sent += prober.requests_sent
                    prober = self._prober(identity)
                    again = await prober.list_models()
                    if again.answer is not None and again.models is not None:
                        f.headerless_ok = True
                        self._accepted(f, again.answer)
                        f.listed = len(again.models.ids)
                        answer = again.answer
                        listed = again
                    else:
                        f.stop_reason = "the organization or project header was refused"
                        return
                else:
                    f.stop_reason = "the organization or project header was refused"
                    return
            if answer is not None and answer.category is Category.NETWORK:
                f.stop_reason = f"no answer from {self.identity.base_url}"
                return
            if answer is not None and answer.account in (
                AccountIssueKind.BAD_KEY,
                AccountIssueKind.REGION,
                AccountIssueKind.QUOTA,
            ):
                f.stop_reason = {
                    AccountIssueKind.BAD_KEY: "the key was rejected",
                    AccountIssueKind.REGION: "requests from here are refused",
                    AccountIssueKind.QUOTA: "the account has no quota",
                }[answer.account]
                return
            ids = listed.models.ids if listed.models is not None else None
            await self._probe_quota(f, prober, ids)
            project = self.identity.project or f.reported_project
            if self._admin_key is not None and project:
                prober.use_admin_key(self._admin_key)
                f.policy, f.policy_project = await prober.model_permissions(project), project
        finally:
            await prober.aclose()
            self.requests_sent += prober.requests_sent

    async def _probe_quota(self, f: _Findings, prober: Prober, listed: frozenset[str] | None) -> None:
        for model in probe_candidates(self.catalog, self.today, listed):
            answer = await prober.probe(model, Endpoint.CHAT, Capability.PLAIN, paid=False)
            f.probe_answer, f.probe_model = answer, model
            self._accepted(f, answer)
            if answer.category is Category.MODEL and answer.outcome in (
                Outcome.BLOCKED,
                Outcome.NOT_FOUND,
                Outcome.RETIRED,
                Outcome.WRONG_ENDPOINT,
            ):
                f.skipped_models.append(model)
                continue
            break
        last = f.probe_answer
        if last is None or last.account is AccountIssueKind.ORG_MISMATCH:
            if last is not None and f.mismatch is None:
                f.mismatch = last
            return
        passed = last.category is Category.VALIDATION or (
            last.category is Category.MODEL and last.outcome in (Outcome.OK, Outcome.NEEDS_VERIFICATION)
        )
        if not passed or not self.may_pay or f.probe_model is None:
            return
        if not self._reserve_paid():
            f.paid_note = (
                f"no paid request: the hourly cap of {self.settings.paid_probes_per_hour} paid probes is reached"
            )
            return
        f.paid_answer = await prober.probe(f.probe_model, Endpoint.CHAT, Capability.PLAIN, paid=True)
        self._accepted(f, f.paid_answer)

    def _reserve_paid(self) -> bool:
        from openai_access.access.store import open_store

        store = open_store(self.settings.cache_dir)
        try:
            return store.reserve_paid(self.identity.cache_key, self.clock(), int(self.settings.paid_probes_per_hour))
        finally:
            store.close()

    # -- the checks, worded -----------------------------------------------------------------
    def _check(self, cid: str, state: State, detail: str, fix: str | None = None) -> Check:
        return Check(cid, TITLES[cid], state, detail, fix)

    def _not_asked(self, cid: str, f: _Findings) -> Check:
        why = f.stop_reason or _why_undecided(f)
        return self._check(cid, State.UNKNOWN, f"Not checked: {why}.")

    def _key_source(self) -> Check:
        if not self.settings.workspace_trusted:
            return self._check(
                KEY_SOURCE,
                State.UNKNOWN,
                "The workspace is not trusted: the editor starts the server without the key and nothing is sent. "
                "Trust the workspace to check access.",
            )
        if self._key is None:
            keys = f"create or copy a key at {CONSOLE_API_KEYS}"
            if self.context is Context.EDITOR:
                fix = (
                    "VS Code: run “OpenAI Access: Set API Key” (kept in VS Code's secret storage). Other editors: "
                    f"start the editor from a shell where OPENAI_API_KEY is exported ({keys})."
                )
                where = "the language server's environment"
            else:
                fix = f"export OPENAI_API_KEY=sk-… in this shell (or your .env loader); {keys}."
                where = "the environment"
            return self._check(KEY_SOURCE, State.FAIL, f"OPENAI_API_KEY is not set in {where}.", fix)
        hint = self._key.hint
        if self.context is Context.EDITOR:
            detail = (
                f"{hint} from OPENAI_API_KEY in the language server's environment, where the editor put it "
                "(VS Code: “OpenAI Access: Set API Key”, kept in secret storage; otherwise the environment "
                "the editor was started with)."
            )
        else:
            detail = f"{hint} from OPENAI_API_KEY in the environment."
        if not self._key.reveal().startswith("sk-"):
            detail += " It does not start with “sk-” as OpenAI API keys do."
        return self._check(KEY_SOURCE, State.PASS, detail)

    def _base_url(self, f: _Findings) -> Check:
        url = self.identity.base_url
        if self.settings.base_url:
            source = "the openaiAccess.baseUrl setting" if self.context is Context.EDITOR else "the base-url setting"
        elif _env_source(self.env, "OPENAI_BASE_URL"):
            source = "OPENAI_BASE_URL"
        else:
            source = "the default"
        unsafe = self.identity.unsafe_base_url_reason()
        if unsafe is not None:
            unset = "unset OPENAI_BASE_URL" if source == "OPENAI_BASE_URL" else f"clear {source}"
            return self._check(
                BASE_URL,
                State.FAIL,
                f"{url} (from {source}) is plain http on another machine: the key would travel in clear text, "
                "so it is not sent there.",
                f"Use an https:// URL, or {unset} to use OpenAI's API ({DEFAULT_BASE_URL}).",
            )
        answer = f.list_answer
        if answer is not None and answer.category is Category.NETWORK:
            if url == DEFAULT_BASE_URL:
                fix = "Check the network: a firewall, a VPN or a proxy (HTTPS_PROXY) may stop requests to OpenAI."
            else:
                fix = f"Check that {url} is the right URL and that the server is running and reachable."
            return self._check(
                BASE_URL,
                State.FAIL,
                f"{url} (from {source}) did not answer "
                f"(the connection failed, or no answer within {self.timeout:g} s).",
                fix,
            )
        if url == DEFAULT_BASE_URL:
            where = "the default" if source == "the default" else f"from {source}"
            return self._check(BASE_URL, State.PASS, f"OpenAI's API, {url} ({where}).")
        if _is_azure(url):
            note = (
                "This looks like Azure OpenAI: it uses deployment names, an api-version and Azure keys, and its "
                "access is managed in the Azure portal, so OpenAI's project limits and verification do not apply."
            )
        else:
            note = (
                "A proxy or gateway (LiteLLM, a company proxy, another provider) answers in OpenAI's place: the "
                "checks below ask that server, which may decide access differently from OpenAI."
            )
        return self._check(
            BASE_URL, State.UNKNOWN, f"{url} (from {source}) is not OpenAI's API ({DEFAULT_BASE_URL}). {note}"
        )

    def _org_project(self, f: _Findings) -> Check:
        org, proj = self.identity.organization, self.identity.project
        sent = []
        if org:
            sent.append(f"OpenAI-Organization: {org} (from {_org_source(self.settings, self.env, self.context)})")
        if proj:
            sent.append(f"OpenAI-Project: {proj} (from {_project_source(self.settings, self.env, self.context)})")
        sent_text = "Sent " + " and ".join(sent) if sent else "No OpenAI-Organization or OpenAI-Project header sent"
        if f.mismatch is not None:
            return self._mismatch(f, f.mismatch, sent_text)
        if not f.sent:
            return self._check(ORG_PROJECT, State.UNKNOWN, f"{sent_text}. Not compared with the API: {f.stop_reason}.")
        if not any(a is not None and _reached(a) for a in (f.list_answer, f.probe_answer)):
            return self._not_asked(ORG_PROJECT, f)
        reported = []
        if f.reported_org:
            reported.append(f"organization {f.reported_org}")
        if f.reported_project:
            reported.append(f"project {f.reported_project}")
        if proj and f.reported_project and f.reported_project != proj:
            return self._check(
                ORG_PROJECT,
                State.UNKNOWN,
                f"{sent_text}, but the API answered for project {f.reported_project}: "
                "a proxy may be rewriting the headers.",
            )
        if not reported:
            said = "the API accepted the request (it did not say which organization or project answered)"
        elif sent:
            said = "the API answered for " + " and ".join(reported)
        else:
            said = "the key uses its default " + " and ".join(reported)
        return self._check(ORG_PROJECT, State.PASS, f"{sent_text}; {said}.")

    def _mismatch(self, f: _Findings, mismatch: Classified, sent_text: str) -> Check:
        """A 401 ``mismatched_organization`` / ``mismatched_project``: name the variable and the value."""
        hint = hint_of(self)
        if mismatch.error_code == "mismatched_project" or "OpenAI-Project" in (mismatch.message or ""):
            what, header, value = "project", "OpenAI-Project", self.identity.project
            source = _project_source(self.settings, self.env, self.context)
            right = f.reported_project if f.headerless_ok else None
            placeholder, page = "proj_…", CONSOLE_PROJECT_GENERAL
        else:
            what, header, value = "organization", "OpenAI-Organization", self.identity.organization
            source = _org_source(self.settings, self.env, self.context)
            right = f.reported_org if f.headerless_ok else None
            placeholder, page = "org-…", CONSOLE_ORG_GENERAL
        if value is None or source is None:
            detail = f"{sent_text}, yet the API answered {_http(mismatch)}."
        else:
            detail = f"{sent_text}; the API refused it ({_http(mismatch)})."
        if value is None or source is None:
            fix = (
                f"This tool sent no {header} header, yet the API refused one: check for a proxy or gateway "
                "that adds it, or use a key of the intended project."
            )
        else:
            verb = "Clear" if source.startswith("the ") else "Unset"
            fix = f"{verb} {source} or set it to {right or placeholder}"
            fix += (
                f" (the {what} the key {hint} belongs to)."
                if right
                else f" (the {what} that owns the key {hint}: see {page} and {CONSOLE_API_KEYS})."
            )
        if right:
            detail += f" Without the header, the key answers for {what} {right}."
        return self._check(ORG_PROJECT, State.FAIL, detail + _said(mismatch), fix)

    def _key_valid(self, f: _Findings) -> Check:
        if not f.sent:
            return self._not_asked(KEY_VALID, f)
        hint = hint_of(self)
        for answer in (f.list_answer, f.probe_answer):
            if answer is None:
                continue
            if answer.account is AccountIssueKind.BAD_KEY:
                code = answer.error_code or ""
                if code == "account_deactivated":
                    fix = (
                        "The account behind the key was deactivated: check your email, or use another key "
                        f"({CONSOLE_API_KEYS})."
                    )
                elif code == "no_organization":
                    fix = f"Join or create an organization at {CONSOLE_ORG_GENERAL}, then create a key there."
                else:
                    fix = (
                        f"Copy a current key from {CONSOLE_API_KEYS} (a revoked or mistyped key looks like this) "
                        "and set OPENAI_API_KEY to it."
                    )
                return self._check(
                    KEY_VALID,
                    State.FAIL,
                    f"OpenAI rejected the key {hint} ({_http(answer)})." + _said(answer),
                    fix,
                )
        probe = f.probe_answer
        if probe is not None and probe.account is AccountIssueKind.MISSING_SCOPE:
            return self._check(
                KEY_VALID,
                State.FAIL,
                f"The key {hint} is valid but restricted: it may not send model requests." + _said(probe),
                f"On {CONSOLE_API_KEYS}, edit the key's permissions: set “Model capabilities” to Write "
                "(scope model.request), or use a key with All permissions.",
            )
        if f.mismatch is not None:
            return self._check(
                KEY_VALID,
                State.PASS,
                f"The API recognised the key {hint}; it refused the organization or project header, not the key.",
            )
        accepted = [a for a in (f.list_answer, f.probe_answer) if a is not None and _reached(a)]
        if accepted:
            return self._check(KEY_VALID, State.PASS, f"OpenAI accepted the key {hint}.")
        return self._not_asked(KEY_VALID, f)

    def _quota(self, f: _Findings) -> Check:
        quota = next(
            (a for a in (f.list_answer, f.probe_answer, f.paid_answer) if a and a.account is AccountIssueKind.QUOTA),
            None,
        )
        if quota is not None:
            code = quota.error_code or quota.error_type or ""
            if code == "billing_not_active" or "not active" in (quota.message or ""):
                detail = "Billing is not active for the account"
                fix = f"Add or fix a payment method on the billing page ({CONSOLE_BILLING}), then run doctor again."
            elif code == "project_spend_limit_exceeded":
                detail = "The project reached its spend limit"
                fix = f"Raise the project's budget on its Limits page ({CONSOLE_LIMITS}) or wait for the next period."
            elif code in ("organization_spend_limit_exceeded", "organization_usage_limit_exceeded"):
                detail = "The organization reached its spend or usage limit"
                fix = f"Raise the organization's limit ({CONSOLE_ORG_LIMITS}) or add credits ({CONSOLE_BILLING})."
            else:
                detail = "The account has no quota left (credits used up or none bought)"
                fix = (
                    f"Add credits or a payment method on the billing page ({CONSOLE_BILLING}); "
                    "it can take a few minutes to apply."
                )
            return self._check(
                QUOTA,
                State.FAIL,
                f"{detail}: every model request fails with {_http(quota)}." + _said(quota),
                fix,
            )
        if f.paid_answer is not None and _reached(f.paid_answer) and f.paid_answer.category is not Category.ACCOUNT:
            return self._check(
                QUOTA,
                State.PASS,
                f"A minimal paid request ({f.probe_model}, one output token) was accepted: billing works "
                "(--probe live with paid probes allowed).",
            )
        probe = f.probe_answer
        if probe is not None and probe.category is Category.VALIDATION:
            detail = (
                f"A free chat request ({f.probe_model}, max_completion_tokens: 0) got past the quota and billing "
                "checks to parameter validation; nothing was billed."
            )
            if f.paid_note:
                detail += f" ({f.paid_note}.)"
            return self._check(QUOTA, State.PASS, detail)
        if probe is not None and probe.category is Category.MODEL and probe.outcome is Outcome.OK:
            return self._check(QUOTA, State.PASS, f"A request to {f.probe_model} was accepted.")
        if (
            probe is not None
            and probe.category is Category.MODEL
            and f.skipped_models
            and probe.outcome
            in (
                Outcome.BLOCKED,
                Outcome.NOT_FOUND,
                Outcome.RETIRED,
                Outcome.WRONG_ENDPOINT,
            )
        ):
            return self._check(
                QUOTA,
                State.UNKNOWN,
                f"Not decided: the common chat models tried ({', '.join(f.skipped_models)}) are blocked or missing "
                "for this project, so the free request stopped before the quota check." + _said(probe),
            )
        if probe is not None and probe.account is AccountIssueKind.RATE_LIMITED:
            return self._check(
                QUOTA,
                State.UNKNOWN,
                "Not decided: the request was rate-limited; run doctor again in a minute." + _said(probe),
            )
        if probe is not None and probe.account is AccountIssueKind.SERVER_ERROR:
            return self._check(
                QUOTA,
                State.UNKNOWN,
                f"Not decided: {_server_trouble(probe, 'the API')}.",
            )
        if probe is not None and probe.category is Category.NETWORK:
            return self._check(QUOTA, State.UNKNOWN, "Not decided: the chat request got no answer.")
        return self._not_asked(QUOTA, f)

    def _models_list(self, f: _Findings) -> Check:
        answer = f.list_answer
        if not f.sent or answer is None:
            return self._not_asked(MODELS_LIST, f)
        if answer.account is AccountIssueKind.MISSING_SCOPE:
            return self._check(
                MODELS_LIST,
                State.FAIL,
                f"GET /v1/models was refused (HTTP {answer.http_status}): the key {hint_of(self)} lacks the "
                "api.model.read scope, so typos and unavailable models are judged from the catalog only."
                + _said(answer),
                f"On {CONSOLE_API_KEYS}, edit the restricted key: set “Models” to Read (api.model.read), "
                "or use a key with All permissions.",
            )
        if f.listed is not None:
            n = f.listed
            return self._check(
                MODELS_LIST, State.PASS, f"GET /v1/models listed {n} model{'s' if n != 1 else ''} for this key."
            )
        if answer.account is AccountIssueKind.RATE_LIMITED:
            return self._check(MODELS_LIST, State.UNKNOWN, "Not decided: GET /v1/models was rate-limited.")
        if answer.account is AccountIssueKind.SERVER_ERROR:
            return self._check(
                MODELS_LIST,
                State.UNKNOWN,
                f"Not decided: {_server_trouble(answer, 'GET /v1/models')}.",
            )
        return self._not_asked(MODELS_LIST, f)

    def _region(self, f: _Findings) -> Check:
        if not f.sent:
            return self._not_asked(REGION, f)
        for answer in (f.list_answer, f.probe_answer, f.paid_answer):
            if answer is None or answer.account is not AccountIssueKind.REGION:
                continue
            if "IP not authorized" in (answer.message or ""):
                return self._check(
                    REGION,
                    State.FAIL,
                    "This machine's IP address is not on the project's or organization's IP allowlist." + _said(answer),
                    f"Add this IP to the allowlist (project or organization settings: {CONSOLE_PROJECT_GENERAL}), "
                    "or run from an allowed network.",
                )
            return self._check(
                REGION,
                State.FAIL,
                f"OpenAI refuses requests from this country, region or territory ({_http(answer)})." + _said(answer),
                f"Run from a supported country ({DOCS_SUPPORTED_COUNTRIES}); a VPN or cloud region in an "
                "unsupported location causes this too.",
            )
        if any(a is not None and _reached(a) for a in (f.list_answer, f.probe_answer)):
            return self._check(REGION, State.PASS, "OpenAI accepts requests from here.")
        return self._not_asked(REGION, f)

    def _model_policy(self, f: _Findings) -> Check:
        """The project's model permissions, read with the admin key: the mode and the list, in full."""
        result = f.policy
        if result is None or result.answer is None:
            if f.sent and not f.stop_reason:
                return self._check(
                    MODEL_POLICY, State.UNKNOWN, "Not read: the project id is unknown (set the project setting)."
                )
            return self._not_asked(MODEL_POLICY, f)
        answer, policy = result.answer, result.policy
        if policy is not None and policy.model_ids:
            kind = "an allow list" if policy.mode == "allow_list" else "a deny list"
            n = len(policy.model_ids)
            return self._check(
                MODEL_POLICY,
                State.PASS,
                f"{policy.project} uses {kind} of {n} model{'s' if n != 1 else ''}: "
                + ", ".join(sorted(policy.model_ids))
                + ". Models it blocks are reported as blocked and never probed.",
            )
        if policy is not None or answer.category is Category.MODEL:
            return self._check(
                MODEL_POLICY, State.PASS, f"No model policy is set for {f.policy_project}: it decides no model."
            )
        if answer.category is Category.ACCOUNT:
            return self._check(
                MODEL_POLICY,
                State.FAIL,
                f"The admin key (OPENAI_ADMIN_KEY) was refused ({_http(answer)}), so the project's model "
                "permissions are not read; model checks go on with the API key." + _said(answer),
                "Use an admin key made by an organization owner at "
                "https://platform.openai.com/settings/organization/admin-keys, or unset OPENAI_ADMIN_KEY.",
            )
        return self._check(MODEL_POLICY, State.UNKNOWN, f"Not decided: the Admin API answered {_http(answer)}.")


def hint_of(checks: AccountChecks) -> str:
    return checks.identity.key_hint or "(no key)"


def _server_trouble(answer: Classified, who: str) -> str:
    """An error status, or an answer that was not OpenAI's at all (a proxy's page: waiting won't help)."""
    if answer.foreign is not None:
        return (
            f"the answer (HTTP {answer.http_status}, {answer.foreign}) did not come from the OpenAI API; "
            "a proxy, a firewall or a wrong base URL is in the way"
        )
    return f"{who} answered HTTP {answer.http_status}; try again later ({STATUS_PAGE})"


def _why_undecided(f: _Findings) -> str:
    """Why nothing decided a check when no earlier failure stopped it: the API's trouble, said plainly."""
    for answer in (f.probe_answer, f.list_answer):
        if answer is None:
            continue
        if answer.account is AccountIssueKind.SERVER_ERROR:
            return _server_trouble(answer, "the API")
        if answer.account is AccountIssueKind.RATE_LIMITED:
            return "the requests were rate-limited; try again in a minute"
        if answer.category is Category.NETWORK:
            return "a request got no answer"
    return "no answer decided it"


def _http(answer: Classified) -> str:
    """``HTTP 401 invalid_api_key``: status and code, as a person would search for them."""
    code = answer.error_code or answer.error_type
    return f"HTTP {answer.http_status}" + (f" {code}" if code else "")


def _reached(answer: Classified) -> bool:
    """The request got past authentication, headers and region (the API looked at it)."""
    if answer.category in (Category.MODEL, Category.VALIDATION):
        return True
    return answer.account in (AccountIssueKind.QUOTA, AccountIssueKind.MISSING_SCOPE, AccountIssueKind.RATE_LIMITED)
