"""The editors' doctor: the checklist as Markdown over the language server's settings and verdicts.

Lives beside the checks (not in ``commands/``) so the language server reaches the doctor without
going through a CLI command.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from openai_access.catalog import Catalog, CatalogError
from openai_access.doctor.checks import AccountChecks
from openai_access.doctor.models import summarise
from openai_access.doctor.render import render_markdown
from openai_access.doctor.report import Context, DoctorReport
from openai_access.settings import Settings
from openai_access.verdict import Verdict


async def doctor_markdown(
    settings: Settings,
    env: Mapping[str, str],
    verdicts: Iterable[Verdict],
    *,
    catalog: Catalog | None = None,
    today: date | None = None,
) -> str:
    """The checklist as Markdown for the editors, over the server's settings, environment and verdicts.

    ``env`` is the language server's environment, where the editor put the key (VS Code from its
    secret storage); ``verdicts`` are those of the open documents (suppressed ones already left out).
    """
    notes: list[str] = []
    if catalog is None:
        try:
            catalog = Catalog.load(settings.catalog_path)
        except CatalogError as e:
            notes.append(f"the catalog file could not be read ({e}); using the bundled one")
            catalog = Catalog.bundled()
    if today is None:
        try:
            today = date.fromisoformat(env.get("OPENAI_ACCESS_TODAY") or "")
        except ValueError:
            today = date.today()
    checks = await AccountChecks(settings, env, catalog=catalog, today=today, context=Context.EDITOR).run()
    model_check, models = summarise(((None, v) for v in verdicts), context=Context.EDITOR, scope="the open files")
    checks.append(model_check)
    return render_markdown(DoctorReport(tuple(checks), models, tuple(notes), catalog.as_of.isoformat()))
