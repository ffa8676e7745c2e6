"""Every VSIX carries what its platform can run, and its licenses (``scripts/check_vsix.py``).

``scripts/install-editors.sh`` builds the six VSIXs (``scripts/build_vsix.py``); here each is
checked against its target: wheel tags, the extension modules' names and binary headers, one
loadable module per compiled package for each CPython 3.10-3.14, LICENSE and third-party
notices. The checker itself is shown to catch the mistakes it exists for.
"""

from __future__ import annotations

import importlib.util
import json
import os
import struct
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXT = ROOT / "client-vscode"
EXPECTED = ["universal", "linux-x64", "linux-arm64", "darwin-x64", "darwin-arm64", "win32-x64"]


def _script(name: str) -> ModuleType:
    sys.path.insert(0, str(ROOT / "scripts"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_vsix = _script("check_vsix")


def _vsix(target: str) -> Path:
    return EXT / ("openai-access.vsix" if target == "universal" else f"openai-access-{target}.vsix")


@pytest.mark.parametrize("target", EXPECTED)
def test_built_vsix_fits_its_target(target: str) -> None:
    path = _vsix(target)
    if not path.exists():
        message = f"{path.name} is missing (scripts/build_vsix.py, run by scripts/install-editors.sh)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
    assert check_vsix.check(path) == []
    with zipfile.ZipFile(path) as z:
        assert check_vsix.target_of(z.read("extension.vsixmanifest").decode()) == (
            None if target == "universal" else target
        )
        license_text = z.read("extension/LICENSE.txt").decode()
    assert license_text == (ROOT / "LICENSE").read_text(encoding="utf-8")


# --- the checker catches what it is for ---------------------------------------------------------

ELF_X86_64 = b"\x7fELF\x02\x01\x01" + b"\0" * 11 + struct.pack("<H", 0x3E) + b"\0" * 64


def _fake_vsix(tmp_path: Path, target: str, files: dict[str, bytes], wheels: list[str]) -> Path:
    path = tmp_path / f"fake-{target}.vsix"
    notices = "# Third-party notices\n" + "".join(f"### {w.split('-')[0]} 1\n" for w in wheels)
    manifest = {"target": target, "pythons": ["3.10", "3.11", "3.12", "3.13", "3.14"], "wheels": {}}
    manifest["wheels"] = {py: wheels for py in manifest["pythons"]}  # type: ignore[index]
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types><Default Extension=".so"/><Default Extension=".json"/><Default Extension=".md"/>'
            '<Default Extension=".txt"/><Default Extension=".vsixmanifest"/></Types>',
        )
        z.writestr("extension.vsixmanifest", f'<Identity Id="x" TargetPlatform="{target}" />')
        z.writestr("extension/LICENSE.txt", "Apache")
        z.writestr("extension/THIRD_PARTY_NOTICES.md", notices)
        z.writestr("extension/bundled/manifest.json", json.dumps(manifest))
        for name, data in files.items():
            z.writestr(f"extension/bundled/libs/{name}", data)
    return path


def _complete_linux_x64_modules() -> dict[str, bytes]:
    files = {}
    for pkg in ("tree_sitter", "pydantic_core", "jiter"):
        for minor in range(10, 15):
            files[f"{pkg}/_m.cpython-3{minor}-x86_64-linux-gnu.so"] = ELF_X86_64
    for grammar in ("tree_sitter_python", "tree_sitter_javascript", "tree_sitter_typescript"):
        files[f"{grammar}/_binding.abi3.so"] = ELF_X86_64
    return files


def test_checker_accepts_a_complete_bundle(tmp_path: Path) -> None:
    ok = _fake_vsix(tmp_path, "linux-x64", _complete_linux_x64_modules(), ["pygls-2-py3-none-any.whl"])
    assert check_vsix.check(ok) == []


def test_checker_flags_x86_code_in_an_arm_vsix(tmp_path: Path) -> None:
    files = {k.replace("x86_64", "aarch64"): v for k, v in _complete_linux_x64_modules().items()}
    problems = check_vsix.check(_fake_vsix(tmp_path, "linux-arm64", files, ["pygls-2-py3-none-any.whl"]))
    assert problems and all("is elf for ['x86_64'], not elf for arm64" in p for p in problems), problems


def test_checker_flags_a_missing_python_version(tmp_path: Path) -> None:
    files = _complete_linux_x64_modules()
    del files["tree_sitter/_m.cpython-312-x86_64-linux-gnu.so"]
    problems = check_vsix.check(_fake_vsix(tmp_path, "linux-x64", files, ["pygls-2-py3-none-any.whl"]))
    assert problems == ["fake-linux-x64.vsix: tree_sitter has no extension module for CPython 3.12"]


def test_checker_flags_wheels_for_another_platform_and_missing_notices(tmp_path: Path) -> None:
    mac = "jiter-1-cp311-cp311-macosx_11_0_arm64.whl"
    path = _fake_vsix(tmp_path, "linux-x64", _complete_linux_x64_modules(), ["pygls-2-py3-none-any.whl", mac])
    problems = "\n".join(check_vsix.check(path))
    assert "platform tag macosx_11_0_arm64 does not run on linux-x64" in problems
    assert "ABI cp311 is not CPython 3.10's" in problems


def test_checker_wants_licenses_and_no_bundle_in_the_universal_vsix(tmp_path: Path) -> None:
    path = tmp_path / "u.vsix"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("extension.vsixmanifest", '<Identity Id="x" />')
        z.writestr("extension/bundled/libs/x.py", "")
    problems = "\n".join(check_vsix.check(path))
    assert "extension/LICENSE.txt is missing" in problems
    assert "THIRD_PARTY_NOTICES.md is missing" in problems
    assert "must not bundle platform code" in problems


def test_checker_flags_a_dependency_only_one_python_needs(tmp_path: Path) -> None:
    """The 3.10 crash from issue 11: pip, run by a 3.11, leaves out ``exceptiongroup``."""
    files = _complete_linux_x64_modules()
    files["anyio-4.dist-info/METADATA"] = (
        b"Metadata-Version: 2.1\nName: anyio\nVersion: 4\n"
        b'Requires-Dist: exceptiongroup>=1.0.2; python_version < "3.11"\n'
        b'Requires-Dist: pywin32; sys_platform == "win32"\n'
    )
    problems = check_vsix.check(_fake_vsix(tmp_path, "linux-x64", files, ["pygls-2-py3-none-any.whl"]))
    assert problems == ["fake-linux-x64.vsix: anyio needs exceptiongroup on CPython 3.10, which is not bundled"]
