"""Several API projects at once (dev, staging, prod): one ``AccessService`` each, one view of them all.

The user names each project and the environment variable that holds its key (settings
``projects``, or ``--project NAME=ENVVAR``). Each service is an ordinary one: its own identity,
cache key (the cache is keyed per key fingerprint, so costs stay per project), policy and probes.
``ProjectSet`` answers to what the server and the CLI already call on a service (``view``,
``ensure``, ``probe_sync``, ``clear_cache``, ``warnings``, ``aclose``), and its view is a
``ProjectViews``: an ``AccessView`` that also carries every project's own view, which the
verdict judges one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from openai_access.access.answers import AccessView
from openai_access.settings import NamedProject, Settings


@dataclass(frozen=True)
class ProjectViews(AccessView):
    """The views of several named projects; the base fields describe them together."""

    projects: tuple[tuple[str, AccessView], ...] = ()


def project_env(env: Mapping[str, str], project: NamedProject) -> dict[str, str]:
    """The environment one project's service sees: its key as ``OPENAI_API_KEY`` (and nothing else changed)."""
    out = {k: v for k, v in env.items() if k != "OPENAI_API_KEY"}
    key = (env.get(project.key_env) or "").strip()
    if key:
        out["OPENAI_API_KEY"] = key
    return out


def project_settings(settings: Settings, project: NamedProject) -> Settings:
    return replace(settings, projects=(), project=project.project or settings.project)


class ProjectSet:
    """One access service per named project, driven together."""

    def __init__(
        self,
        settings: Settings,
        env: Mapping[str, str],
        *,
        make: Callable[[Settings, Mapping[str, str]], Any] | None = None,
        **kwargs: Any,
    ) -> None:
        from openai_access.access.service import AccessService

        build = make or (lambda s, e: AccessService(s, e, **kwargs))
        self.named: list[tuple[NamedProject, Any]] = [
            (p, build(project_settings(settings, p), project_env(env, p))) for p in settings.projects
        ]

    @property
    def warnings(self) -> list[str]:
        out: list[str] = []
        for p, svc in self.named:
            out += [f"{p.name}: {w}" for w in svc.warnings]
        return out

    @property
    def requests_sent(self) -> int:
        return sum(int(svc.requests_sent) for _, svc in self.named)

    @property
    def project_label(self) -> str:
        return ", ".join(p.name for p, _ in self.named)

    def _view_of(self, p: NamedProject, svc: Any) -> AccessView:
        view: AccessView = svc.view()
        if view.unchecked_reason and "no API key" in view.unchecked_reason:
            view = replace(view, unchecked_reason=f"{p.key_env} is not set")
        return replace(view, project_label=f"{p.name} ({view.project_label})")

    def view(self) -> ProjectViews:
        views = tuple((p.name, self._view_of(p, svc)) for p, svc in self.named)
        reasons = {v.unchecked_reason for _, v in views}
        issue = next((v.account_issue for _, v in views if v.account_issue is not None), None)
        return ProjectViews(
            project_label=self.project_label,
            unchecked_reason=reasons.pop() if len(reasons) == 1 else None,
            account_issue=issue,
            projects=views,
        )

    async def ensure(
        self,
        requests: Iterable[Any],
        *,
        force: bool = False,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> ProjectViews:
        wanted = list(requests)
        done: dict[int, tuple[int, int]] = {}

        def tick(i: int) -> Callable[[int, int], None]:
            def report(n: int, of: int) -> None:
                done[i] = (n, of)
                if on_progress is not None:
                    on_progress(sum(d for d, _ in done.values()), sum(t for _, t in done.values()))

            return report

        import asyncio  # here, not at import: ``check --probe off`` never runs an event loop

        await asyncio.gather(
            *(svc.ensure(wanted, force=force, on_progress=tick(i)) for i, (_, svc) in enumerate(self.named))
        )
        return self.view()

    def probe_sync(self, requests: Iterable[Any], force: bool = False) -> ProjectViews:
        wanted = list(requests)

        async def run() -> ProjectViews:
            try:
                return await self.ensure(wanted, force=force)
            finally:
                for _, svc in self.named:
                    await svc._drop_prober()

        import asyncio

        return asyncio.run(run())

    def clear_cache(self) -> None:
        for _, svc in self.named:
            svc.clear_cache()

    async def aclose(self) -> None:
        for _, svc in self.named:
            await svc.aclose()
