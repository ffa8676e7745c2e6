"""Which project a key reaches, as the SDK reads the environment; the key itself never shows."""

from __future__ import annotations

import pickle

import pytest

from fake_openai import FAKE_KEY
from openai_access.access.identity import DEFAULT_BASE_URL, ApiKey, ProjectIdentity, key_hint, resolve
from openai_access.settings import Settings


def test_environment_as_the_sdk_reads_it() -> None:
    ident, key = resolve(
        Settings(),
        {
            "OPENAI_API_KEY": FAKE_KEY,
            "OPENAI_BASE_URL": "https://proxy.example/v1/",
            "OPENAI_ORG_ID": "org-a",
            "OPENAI_PROJECT_ID": "proj_a",
        },
    )
    assert key is not None and key.reveal() == FAKE_KEY
    assert (ident.base_url, ident.organization, ident.project) == ("https://proxy.example/v1", "org-a", "proj_a")
    assert ident.label == "proj_a"


def test_alternative_variable_names_and_editor_settings_win() -> None:
    env = {"OPENAI_API_KEY": FAKE_KEY, "OPENAI_ORGANIZATION": "org-b", "OPENAI_PROJECT": "proj_b"}
    ident, _ = resolve(Settings(), env)
    assert (ident.organization, ident.project) == ("org-b", "proj_b")
    ident, _ = resolve(Settings(organization="org-ed", project="proj_ed"), env)
    assert (ident.organization, ident.project) == ("org-ed", "proj_ed")


def test_defaults_without_anything() -> None:
    ident, key = resolve(Settings(), {"OPENAI_API_KEY": "  "})
    assert key is None and not ident.has_key
    assert ident.base_url == DEFAULT_BASE_URL and ident.label == "the key's default project"


def test_cache_key_separates_keys_projects_and_urls() -> None:
    a, _ = resolve(Settings(), {"OPENAI_API_KEY": FAKE_KEY})
    b, _ = resolve(Settings(), {"OPENAI_API_KEY": "sk-test-FAKE0001"})
    c, _ = resolve(Settings(project="proj_c"), {"OPENAI_API_KEY": FAKE_KEY})
    d, _ = resolve(Settings(base_url="https://other.example/v1"), {"OPENAI_API_KEY": FAKE_KEY})
    again, _ = resolve(Settings(), {"OPENAI_API_KEY": FAKE_KEY})
    assert len({a.cache_key, b.cache_key, c.cache_key, d.cache_key}) == 4
    assert a.cache_key == again.cache_key
    assert FAKE_KEY not in repr(a) and "FAKE0000" not in a.cache_key


def test_the_key_never_prints_or_pickles() -> None:
    key = ApiKey(FAKE_KEY)
    assert FAKE_KEY not in repr(key) and FAKE_KEY not in str(key) and FAKE_KEY not in f"{key}"
    assert key.hint == "sk-…0000" == key_hint(FAKE_KEY)
    with pytest.raises(TypeError):
        pickle.dumps(key)


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://api.openai.com/v1", True),
        ("http://127.0.0.1:8080/v1", True),
        ("http://localhost:4000", True),
        ("http://[::1]:4000/v1", True),
        ("http://proxy.example.com/v1", False),
        ("ftp://x/v1", False),
    ],
)
def test_clear_text_base_urls_are_refused_unless_local(url: str, safe: bool) -> None:
    assert (ProjectIdentity(base_url=url).unsafe_base_url_reason() is None) is safe
