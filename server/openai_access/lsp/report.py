"""``openai-access.report``: every referenced model in the workspace, open or not, in one table."""

from __future__ import annotations

import asyncio
import os

from openai_access.batch_scan import scan_files
from openai_access.engine import judge_file
from openai_access.lsp.server import OpenAIAccessServer
from openai_access.render.markdown import report
from openai_access.scan_memo import memo_folder


async def workspace_report(ls: OpenAIAccessServer) -> str:
    rows = []
    seen_paths: set[str] = set()
    for a in ls.analyses.values():
        doc = ls.workspace.get_text_document(a.uri)
        seen_paths.add(os.path.abspath(doc.path))
        for v in a.shown():
            rows.append((f"{os.path.basename(doc.path)}:{v.reference.range.start.line + 1}", v))
    for folder in list(ls.folders.values()):
        if folder.root is None or folder.judge is None:
            continue
        memo = memo_folder(folder.settings.cache_dir)
        scanned, _ = await asyncio.to_thread(scan_files, [str(folder.root)], folder.settings, memo_dir=memo)
        view = folder.view()
        for f in scanned:
            if os.path.abspath(f.source.path) in seen_paths:
                continue
            for fv in judge_file(f, folder.judge, view, folder.settings):
                if not fv.suppressed:
                    rel = os.path.relpath(fv.path, folder.root)
                    rows.append((f"{rel}:{fv.verdict.reference.range.start.line + 1}", fv.verdict))
    labels = sorted({f.view().project_label for f in ls.folders.values()})
    catalogs = sorted({f.catalog_choice.describe() for f in ls.folders.values() if f.catalog_choice})
    stale = sorted({f.catalog_choice.stale for f in ls.folders.values() if f.catalog_choice and f.catalog_choice.stale})
    header = "# OpenAI model access report\n\nProject: " + ", ".join(labels)
    header += "\n\nCatalog: " + "; ".join(catalogs) + "".join(f"\n\n⚠️ {s}" for s in stale)
    return report(rows, header=header)
