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


def test_an_index_rebuilt_after_a_save_parses_only_the_saved_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server rebuilds the folder index after every save: unchanged files come from its memo."""
    import time

    import openai_access.scan
    from openai_access import scan_memo

    monkeypatch.setattr(scan_memo, "now_ns", lambda: time.time_ns() + 60 * 10**9)  # files older than 2 s
    parsed: list[str] = []
    real = openai_access.scan.scan_document

    def counting(text: str, *args: object, **kwargs: object) -> object:
        parsed.append(text.split("\n", 1)[0])
        return real(text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("openai_access.lsp.workspace_index.scan_document", counting)
    root, memo = tmp_path / "repo", tmp_path / "memo"
    root.mkdir()
    (root / "names.py").write_text('# names\nCHAT = "my-chat"\n')
    (root / "app.py").write_text(
        "# app\nfrom openai import OpenAI\nfrom names import CHAT\n\nOpenAI().chat.completions.create(model=CHAT)\n"
    )
    (root / "other.py").write_text('# other\nfrom openai import OpenAI\nOpenAI().embeddings.create(model="x-embed")\n')
    first = build_index(root, Settings(), memo)
    assert sorted(parsed) == ["# app", "# names", "# other"]
    assert [r.model for r in first.references_for(str(root / "names.py"))] == ["my-chat"]

    parsed.clear()
    (root / "names.py").write_text('# names\nCHAT = "my-chat-2"\n')  # the save
    second = build_index(root, Settings(), memo)
    assert parsed == ["# names"]  # changed, and it names CHAT, which app.py imports
    assert [r.model for r in second.references_for(str(root / "names.py"))] == ["my-chat-2"]
    parsed.clear()
    (root / "other.py").write_text('# other\nfrom openai import OpenAI\nOpenAI().embeddings.create(model="y-embed")\n')
    third = build_index(root, Settings(), memo)
    assert parsed == ["# other"]  # names.py's scan for CHAT is in the memo now
    assert [r.model for r in third.references_for(str(root / "names.py"))] == ["my-chat-2"]
