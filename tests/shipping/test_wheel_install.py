"""The wheel works for someone who never saw this repository.

A fresh virtual environment in a temporary folder (outside the checkout), the built wheel
installed into it with pip, and then what a user runs first: ``openai-access --version``,
``check`` on a small project, and ``serve`` answering an LSP ``initialize`` over stdio. Every
command runs from the temporary folder with no ``PYTHONPATH``, so nothing can come from the
source tree.

The wheel and sdist come from ``$OPENAI_ACCESS_DIST`` when CI built them already
(``python -m build -o dist``), else this test builds them. Building also checks the metadata:
setuptools must not warn (an invalid ``project.license`` is a warning today, an error later).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VERSION_LINE_PREFIX = "openai-access "


def _catalog_as_of() -> str:
    data = json.loads((ROOT / "server" / "openai_access" / "catalog" / "models.json").read_text(encoding="utf-8"))
    return str(data["as_of"])


def _package_version() -> str:
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])


METADATA_WARNINGS = ("SetuptoolsDeprecationWarning", "License classifiers are deprecated", "project.license")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("OPENAI_ACCESS_DIST")
    if given and list(Path(given).glob("openai_access-*.whl")):
        return Path(given)
    out = tmp_path_factory.mktemp("dist")
    build = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    (out / "build.log").write_text(build.stdout + build.stderr)
    return out


def test_build_has_no_metadata_warnings(dist: Path) -> None:
    """scripts/test.sh keeps the build's log beside the wheel (``dist/build.log``)."""
    log_file = dist / "build.log"
    if not log_file.exists():
        pytest.skip(f"no build log in {dist}: it was built elsewhere")
    log = log_file.read_text()
    assert "Successfully built" in log, log[-2000:]
    for bad in METADATA_WARNINGS:
        assert bad not in log, f"setuptools warned about the metadata:\n{log[-3000:]}"


@pytest.fixture(scope="module")
def installed(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv outside the checkout with only the wheel (and its dependencies) installed."""
    home = tmp_path_factory.mktemp("user")
    assert not home.is_relative_to(ROOT)
    wheel = next(dist.glob("openai_access-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", str(home / "venv")], check=True, timeout=120)
    bin_dir = home / "venv" / ("Scripts" if os.name == "nt" else "bin")
    pip = subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q", str(wheel)],
        cwd=home,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    return bin_dir


def _clean_env() -> dict[str, str]:
    """No PYTHONPATH, no virtualenv of ours, no key: what a fresh shell has."""
    drop = ("PYTHONPATH", "VIRTUAL_ENV", "OPENAI_")
    return {k: v for k, v in os.environ.items() if not k.startswith(drop)}


def _run(bin_dir: Path, *args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    exe = bin_dir / ("openai-access.exe" if os.name == "nt" else "openai-access")
    return subprocess.run([str(exe), *args], cwd=cwd, env=_clean_env(), input=stdin, capture_output=True, timeout=120)


def test_sdist_and_wheel_carry_the_license(dist: Path) -> None:
    wheel = next(dist.glob("openai_access-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        metadata = z.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), names
    assert "License-Expression: Apache-2.0" in metadata
    assert "openai_access/catalog/models.json" in names
    sdist = next(dist.glob("openai_access-*.tar.gz"))
    with tarfile.open(sdist) as t:
        assert any(n.endswith("/LICENSE") for n in t.getnames())


def test_version_names_the_package_and_the_catalog_date(installed: Path, tmp_path: Path) -> None:
    run = _run(installed, "--version", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    line = run.stdout.decode().strip()
    assert line == f"{VERSION_LINE_PREFIX}{_package_version()} (catalog as of {_catalog_as_of()})"


def test_installed_check_reports_a_retired_model(installed: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "app.py").write_text(
        'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4.5-preview", messages=[])\n',
        encoding="utf-8",
    )
    run = _run(
        installed, "check", ".", "--format", "json", "--probe", "off", "--cache-dir", str(tmp_path / "c"), cwd=project
    )
    assert run.returncode == 1, run.stderr.decode()  # an error-severity finding
    refs = json.loads(run.stdout)["references"]
    assert [(r["path"].replace("\\", "/").split("/")[-1], r["model"], r["status"]) for r in refs] == [
        ("app.py", "gpt-4.5-preview", "retired")
    ]
    # The engine loaded from the venv, not from the checkout.
    where = subprocess.run(
        [str(installed / "python"), "-c", "import openai_access; print(openai_access.__file__)"],
        cwd=tmp_path,
        env=_clean_env(),
        capture_output=True,
        text=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(installed.parent), where.stdout


def _frame(message: dict[str, object]) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def _messages(stream: bytes) -> Iterator[dict[str, object]]:
    while stream:
        header, _, rest = stream.partition(b"\r\n\r\n")
        length = int(next(h for h in header.split(b"\r\n") if h.lower().startswith(b"content-length")).split(b":")[1])
        yield json.loads(rest[:length])
        stream = rest[length:]


def test_installed_server_answers_initialize(installed: Path, tmp_path: Path) -> None:
    session = b"".join(
        _frame(m)
        for m in (
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "initialize",
                "params": {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}},
            },
            {"jsonrpc": "2.0", "method": "initialized", "params": {}},
            {"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None},
            {"jsonrpc": "2.0", "method": "exit", "params": None},
        )
    )
    run = _run(installed, "serve", cwd=tmp_path, stdin=session)
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    replies = {m.get("id"): m for m in _messages(run.stdout) if "id" in m and "method" not in m}
    init = replies[1]["result"]
    assert isinstance(init, dict)
    assert init["serverInfo"] == {"name": "openai-access", "version": _package_version()}
    assert init["capabilities"]["hoverProvider"]
    assert replies[2] == {"jsonrpc": "2.0", "id": 2, "result": None}
