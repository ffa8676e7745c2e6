"""The folder index reads only regular files inside the folder (issue 14 item 5).

A FIFO named ``a.py`` or a ``x.py -> /dev/zero`` link used to make the index read forever
(and the server then never exited); the cross-file constants it exists for still resolve.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from openai_access.lsp.workspace_index import WorkspaceIndex, build_index
from openai_access.settings import Settings


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_index_skips_fifos_and_device_links_and_still_resolves_constants(tmp_path: Path) -> None:
    (tmp_path / "names.py").write_text('CHAT = "my-chat"\n')
    (tmp_path / "app.py").write_text(
        "from openai import OpenAI\nfrom names import CHAT\n\nOpenAI().chat.completions.create(model=CHAT)\n"
    )
    os.mkfifo(tmp_path / "fifo.py")
    (tmp_path / "zero.py").symlink_to("/dev/zero")
    built: list[WorkspaceIndex] = []
    worker = threading.Thread(target=lambda: built.append(build_index(tmp_path, Settings())), daemon=True)
    worker.start()
    worker.join(timeout=60)  # a guard against a hang, not a timing assertion
    assert not worker.is_alive(), "the index is still reading a special file"
    refs = built[0].references_for(str(tmp_path / "names.py"))
    assert [r.model for r in refs] == ["my-chat"]
