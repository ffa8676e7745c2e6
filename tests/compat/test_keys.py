"""Secret keys in tracked files, and browser clients: found, never repeated in any output."""

from __future__ import annotations

from pathlib import Path

from openai_access.compat.keys import find_keys
from openai_access.statuses import Severity, Status

from .helpers import BODY, KEY, LAST4, apply, covered, findings


def test_python_key_is_an_error_naming_only_kind_and_last_four_and_the_fix_reads_the_env() -> None:
    text = f'"""Doc."""\nfrom openai import OpenAI\n\nclient = OpenAI(api_key="{KEY}")\n'
    [f] = findings(text)
    assert (f.status, f.severity) == (Status.EXPOSED_KEY, Severity.ERROR)
    assert covered(text, f) == KEY
    assert f"project key ending in …{LAST4}" in f.message
    for shown in (f.message, f.why, f.evidence, *f.fix_steps, f.model):
        assert BODY not in shown and KEY not in shown
    fixed = apply(text, f.fixes[0].edits)
    assert 'OpenAI(api_key=os.environ["OPENAI_API_KEY"])' in fixed
    assert fixed.startswith('"""Doc."""\nimport os\nfrom openai import OpenAI\n')


def test_module_attribute_and_an_existing_import_os() -> None:
    text = f"import os\nimport openai\nopenai.api_key = '{KEY}'\n"
    [f] = findings(text)
    assert apply(text, f.fixes[0].edits) == 'import os\nimport openai\nopenai.api_key = os.environ["OPENAI_API_KEY"]\n'


def test_typescript_key_fix_uses_process_env() -> None:
    text = f'import OpenAI from "openai";\nconst client = new OpenAI({{ apiKey: "{KEY}" }});\n'
    [f] = findings(text, "typescript")
    assert apply(text, f.fixes[0].edits).endswith("new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n")


def test_key_kinds_and_placeholders() -> None:
    kinds = {k.kind for k in find_keys(f"a {KEY} b sk-svcacct-{BODY} c sk-admin-{BODY} d sk-{BODY}")}
    assert kinds == {"project key", "service account key", "admin key", "secret key"}
    placeholders = (
        "sk-your-key-here-0123456789abcdef sk-proj-xxxxxxxxxxxxxxxxxxxxxxxx sk-... sk-proj-REDACTED0123456789abcdef"
    )
    assert list(find_keys(placeholders)) == []
    # Shaped like the openai-node repository's fixtures: words, or lowercase hex, are never a real key's body.
    made_up = [
        "sk-fake-synthetic-client-key",
        "sk-fake-cloudflare-lifecycle-private-83d4",
        "sk-" + "fa4e0b9c71d2863e" * 2,
    ]
    assert list(find_keys(" ".join(made_up))) == []
    # ... and only their single case makes them so: one capital letter, and each reads as a key.
    assert [len(list(find_keys(m[:3] + m[3].upper() + m[4:]))) for m in made_up] == [1, 1, 1]
    assert list(find_keys("sk-proj-" + "FAKE" + "-KEY-FOR-DOCS-0123456789")) == []  # one case: made up


def test_yaml_and_dotenv_keys_unless_gitignored(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    yml = tmp_path / "config.yaml"
    yml.write_text(f"openai:\n  api_key: {KEY}\n")
    [f] = findings(yml.read_text(), "yaml", str(yml))
    assert f.status is Status.EXPOSED_KEY and f.fixes == () and "file the repository tracks" in f.message
    env = tmp_path / ".env"
    env.write_text(f"OPENAI_API_KEY={KEY}\n")
    assert len(findings(env.read_text(), "dotenv", str(env))) == 1
    (tmp_path / ".gitignore").write_text("# secrets\n.env\n")
    assert findings(env.read_text(), "dotenv", str(env)) == []


def test_dangerously_allow_browser_on_an_openai_client_only() -> None:
    text = (
        'import OpenAI from "openai";\nimport Anthropic from "@anthropic-ai/sdk";\n'
        "const a = new Anthropic({ dangerouslyAllowBrowser: true });\n"
        "const client = new OpenAI({\n  apiKey: import.meta.env.VITE_KEY,\n  dangerouslyAllowBrowser: true,\n});\n"
    )
    [f] = findings(text, "tsx")
    assert (f.status, f.severity) == (Status.BROWSER_KEY, Severity.WARNING)
    assert covered(text, f) == "dangerouslyAllowBrowser: true" and f.reference.range.start.line == 5
    assert "risks exposing your secret API credentials" in f.why


def test_gitignore_folders_globs_and_anchors(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "secrets").mkdir()
    (tmp_path / "deploy").mkdir()
    for rel in ("secrets/prod.env", "deploy/.env.local", "deploy/keys.yaml"):
        (tmp_path / rel).write_text(f"OPENAI_API_KEY={KEY}\n")
    (tmp_path / "deploy" / ".env.example").write_text(f"OPENAI_API_KEY={KEY}\n")
    (tmp_path / ".gitignore").write_text("secrets/\n.env.*\n!.env.example\n/keys.yaml\n")

    def flagged(rel: str) -> bool:
        path = tmp_path / rel
        return bool(findings(path.read_text(), "dotenv", str(path)))

    assert not flagged("secrets/prod.env") and not flagged("deploy/.env.local")
    assert flagged("deploy/keys.yaml")  # /keys.yaml is anchored to the root
    assert flagged("deploy/.env.example")  # re-included by !.env.example
