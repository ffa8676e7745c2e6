"""The VS Code platforms we ship a VSIX for, and what "built for this platform" means for each.

Shared by ``build_vsix.py`` (which wheels to download) and ``check_vsix.py`` (whether what a
VSIX carries fits its target): the two must agree, so the facts live in one table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# CPython versions one bundled VSIX serves: the extension modules of several ABIs sit side by
# side in one package folder (``_binding.cpython-311-x86_64-linux-gnu.so`` next to ``…-312-…``).
PYTHONS = ("3.10", "3.11", "3.12", "3.13", "3.14")

# Compiled modules the server cannot run without. For every Python above, each must have an
# extension module the interpreter can load (its own ABI, or abi3 for the grammars).
COMPILED_PACKAGES = (
    "tree_sitter",
    "tree_sitter_python",
    "tree_sitter_javascript",
    "tree_sitter_typescript",
    "pydantic_core",
    "jiter",
)


@dataclass(frozen=True)
class Target:
    """A ``vsce package --target`` value and the wheel platform tags it accepts."""

    name: str
    platforms: tuple[str, ...]  # for ``pip download --platform`` (pip expands none of the manylinux_2_X ones)
    tag_pattern: str  # every platform-specific wheel tag in the VSIX must match this
    binary_format: str  # "elf" | "macho" | "pe": what the extension modules' headers must say
    machine: str  # "x86_64" | "arm64"
    markers: tuple[tuple[str, str], ...]  # PEP 508 environment markers of the target (sys_platform, …)

    def marker_env(self, python: str) -> dict[str, str]:
        """What a dependency's ``; sys_platform == …`` or ``; python_version < …`` is evaluated
        against: the target's, not this machine's (pip download uses the running interpreter's)."""
        return {
            **dict(self.markers),
            "python_version": python,
            "python_full_version": f"{python}.0",
            "implementation_name": "cpython",
            "platform_python_implementation": "CPython",
            "extra": "",
        }

    def accepts(self, platform_tag: str) -> bool:
        return platform_tag == "any" or re.fullmatch(self.tag_pattern, platform_tag) is not None


def _manylinux(arch: str) -> tuple[str, ...]:
    """glibc 2.28 (VS Code's own floor on Linux) down to the oldest manylinux tags."""
    tags = [f"manylinux_2_{minor}_{arch}" for minor in range(28, 4, -1)]
    return (*tags, f"manylinux2014_{arch}", f"manylinux2010_{arch}", f"manylinux1_{arch}")


_LINUX = (("sys_platform", "linux"), ("platform_system", "Linux"), ("os_name", "posix"))
_X86 = (("platform_machine", "x86_64"),)
_ARM = (("platform_machine", "aarch64"),)
_MAC = (("sys_platform", "darwin"), ("platform_system", "Darwin"), ("os_name", "posix"))
_MAC_ARM = (("platform_machine", "arm64"),)
_WIN = (("sys_platform", "win32"), ("platform_system", "Windows"), ("os_name", "nt"), ("platform_machine", "AMD64"))

TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        Target(
            "linux-x64", _manylinux("x86_64"), r"manylinux(_2_\d+|2014|2010|1)_x86_64", "elf", "x86_64", _LINUX + _X86
        ),
        Target("linux-arm64", _manylinux("aarch64"), r"manylinux(_2_\d+|2014)_aarch64", "elf", "arm64", _LINUX + _ARM),
        # pip expands a macOS tag to the older versions and universal2 itself.
        Target(
            "darwin-x64",
            ("macosx_11_0_x86_64",),
            r"macosx_\d+_\d+_(x86_64|universal2|intel)",
            "macho",
            "x86_64",
            (*_MAC, ("platform_machine", "x86_64")),
        ),
        Target(
            "darwin-arm64",
            ("macosx_11_0_arm64",),
            r"macosx_\d+_\d+_(arm64|universal2)",
            "macho",
            "arm64",
            _MAC + _MAC_ARM,
        ),
        Target("win32-x64", ("win_amd64",), r"win_amd64", "pe", "x86_64", _WIN),
    )
}
