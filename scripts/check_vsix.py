#!/usr/bin/env python3
"""Check that each VSIX carries what its target platform can run, and its licenses.

For a platform VSIX (``TargetPlatform`` in its manifest):
- every bundled wheel's tags fit the target and the CPython version it was fetched for;
- every extension module (``.so``/``.pyd``) is built for the target: its file name (ABI and
  platform suffix) and its binary header (ELF / Mach-O / PE, and the CPU) say so;
- for every CPython 3.10-3.14, each compiled package the server needs has a module that
  interpreter can import;
- the manifest's target and ``bundled/manifest.json`` agree.
For every VSIX: ``LICENSE`` and ``THIRD_PARTY_NOTICES.md`` are inside; the universal one has no
bundle (it uses the server from the user's environment).

Usage: python scripts/check_vsix.py [VSIX ...]   (default: client-vscode/openai-access*.vsix)
Exit 0 when every VSIX passes, 1 otherwise (each problem on its own line).
"""

from __future__ import annotations

import json
import re
import struct
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vsix_targets import COMPILED_PACKAGES, PYTHONS, TARGETS, Target

ROOT = Path(__file__).resolve().parent.parent
LIBS = "extension/bundled/libs/"
WHEEL_NAME = re.compile(
    r"^(?P<name>[^-]+)-(?P<version>[^-]+)(-\d[^-]*)?-(?P<py>[^-]+)-(?P<abi>[^-]+)-(?P<plat>[^-]+)\.whl$"
)

ELF_MACHINES = {0x3E: "x86_64", 0xB7: "arm64"}
MACHO_CPUS = {0x01000007: "x86_64", 0x0100000C: "arm64"}
PE_MACHINES = {0x8664: "x86_64", 0xAA64: "arm64"}


def target_of(manifest_xml: str) -> str | None:
    found = re.search(r'<Identity [^>]*TargetPlatform="([^"]+)"', manifest_xml)
    return found.group(1) if found else None


def binary_kind(head: bytes) -> tuple[str, set[str]]:
    """The executable format of a file and the CPU(s) it is built for."""
    if head[:4] == b"\x7fELF":
        little = head[5] == 1
        (machine,) = struct.unpack_from("<H" if little else ">H", head, 18)
        return "elf", {ELF_MACHINES.get(machine, hex(machine))}
    if head[:4] in (b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe"):
        (cpu,) = struct.unpack_from("<i", head, 4)
        return "macho", {MACHO_CPUS.get(cpu, hex(cpu))}
    if head[:4] == b"\xca\xfe\xba\xbe":  # fat (universal2) binary: one entry per architecture
        (count,) = struct.unpack_from(">I", head, 4)
        cpus = {struct.unpack_from(">i", head, 8 + 20 * i)[0] for i in range(min(count, 8))}
        return "macho", {MACHO_CPUS.get(c, hex(c)) for c in cpus}
    if head[:2] == b"MZ":
        (offset,) = struct.unpack_from("<I", head, 0x3C)
        if head[offset : offset + 4] == b"PE\0\0":
            (machine,) = struct.unpack_from("<H", head, offset + 4)
            return "pe", {PE_MACHINES.get(machine, hex(machine))}
    return "unknown", set()


def module_pythons(filename: str, target: Target) -> set[str] | None:
    """Which of PYTHONS can import an extension module with this file name on the target
    (``None``: the name is not one the target's CPython loads at all)."""
    arch = {"x86_64": "x86_64", "arm64": "aarch64"}[target.machine]
    patterns = {
        "elf": (rf"\.cpython-3(\d+)-{arch}-linux-gnu\.so", r"\.abi3\.so"),
        "macho": (r"\.cpython-3(\d+)-darwin\.so", r"\.abi3\.so"),
        "pe": (r"\.cp3(\d+)-win_amd64\.pyd", r"(?<!-win_amd64)\.pyd"),
    }[target.binary_format]
    specific, stable = patterns
    m = re.search(specific + "$", filename)
    if m:
        version = f"3.{m.group(1)}"
        return {version} & set(PYTHONS) or set()
    if re.search(stable + "$", filename):
        return set(PYTHONS)  # abi3: which versions is decided by the wheel tag (checked separately)
    return None


def check_wheel_name(wheel: str, python: str, target: Target) -> list[str]:
    m = WHEEL_NAME.match(wheel)
    if not m:
        return [f"{wheel}: not a wheel file name"]
    problems = []
    minor = int(python.split(".")[1])
    for plat in m["plat"].split("."):
        if not target.accepts(plat):
            problems.append(f"{wheel}: platform tag {plat} does not run on {target.name}")
    abis = m["abi"].split(".")
    pys = m["py"].split(".")
    if "none" in abis or f"cp3{minor}" in abis:
        pass
    elif "abi3" in abis:
        oldest = min((int(p[3:]) for p in pys if p.startswith("cp3")), default=99)
        if oldest > minor:
            problems.append(f"{wheel}: abi3 from CPython 3.{oldest}, fetched for {python}")
    else:
        problems.append(f"{wheel}: ABI {m['abi']} is not CPython {python}'s")
    return problems


def unmet_requirements(z: zipfile.ZipFile, bundled: list[str], target: Target) -> list[str]:
    """Dependencies that apply on the target for some CPython (``exceptiongroup`` on 3.10, a
    ``sys_platform == "win32"`` one on Windows) but are not in the bundle."""
    from email.parser import Parser

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    metadata = [n for n in bundled if n.count("/") == len(LIBS.split("/")) and n.endswith(".dist-info/METADATA")]
    metas = [Parser().parsestr(z.read(n).decode("utf-8", errors="replace")) for n in metadata]
    have = {canonicalize_name(m["Name"]) for m in metas}
    problems = []
    for python in PYTHONS:
        env = target.marker_env(python)
        for meta in metas:
            for line in meta.get_all("Requires-Dist", []):
                req = Requirement(line)
                if (req.marker is None or req.marker.evaluate(env)) and canonicalize_name(req.name) not in have:
                    problems.append(f"{meta['Name']} needs {req.name} on CPython {python}, which is not bundled")
    return problems


def check(vsix: Path) -> list[str]:
    """Every problem with one VSIX, as sentences naming the file."""
    problems: list[str] = []
    with zipfile.ZipFile(vsix) as z:
        names = set(z.namelist())
        manifest = z.read("extension.vsixmanifest").decode()
        for required in ("extension/LICENSE.txt", "extension/THIRD_PARTY_NOTICES.md"):
            if required not in names and required.replace(".txt", "") not in names:
                problems.append(f"{vsix.name}: {required} is missing")
        target_name = target_of(manifest)
        bundled = sorted(n for n in names if n.startswith(LIBS))
        if target_name is None:
            if bundled:
                problems.append(f"{vsix.name}: a universal VSIX must not bundle platform code ({len(bundled)} files)")
            return problems
        target = TARGETS.get(target_name)
        if target is None:
            return [*problems, f"{vsix.name}: unexpected target platform {target_name}"]
        if not bundled:
            return [*problems, f"{vsix.name}: targets {target_name} but has no bundled server"]
        info = json.loads(z.read("extension/bundled/manifest.json"))
        if info.get("target") != target_name:
            problems.append(f"{vsix.name}: bundled/manifest.json says {info.get('target')}, the VSIX {target_name}")
        notices = z.read("extension/THIRD_PARTY_NOTICES.md").decode()
        for python in PYTHONS:
            wheels = info.get("wheels", {}).get(python)
            if not wheels:
                problems.append(f"{vsix.name}: no wheels for CPython {python}")
                continue
            for wheel in wheels:
                problems += [f"{vsix.name}: {p}" for p in check_wheel_name(wheel, python, target)]
                name = wheel.split("-")[0]
                if name != "openai_access" and f"### {name.replace('_', '-').lower()}" not in notices.lower().replace(
                    "_", "-"
                ):
                    problems.append(f"{vsix.name}: {name} is bundled but not in THIRD_PARTY_NOTICES.md")
        loadable: dict[str, set[str]] = {pkg: set() for pkg in COMPILED_PACKAGES}
        for name in bundled:
            if not name.endswith((".so", ".pyd", ".dylib", ".dll")):
                continue
            rel = name[len(LIBS) :]
            fmt, cpus = binary_kind(z.open(name).read(4096))
            if fmt != target.binary_format or target.machine not in cpus:
                problems.append(
                    f"{vsix.name}: {rel} is {fmt} for {sorted(cpus)}, not {target.binary_format} for {target.machine}"
                )
            pythons = module_pythons(rel.rsplit("/", 1)[-1], target)
            if pythons is None:
                if name.endswith((".so", ".pyd")):
                    problems.append(f"{vsix.name}: {rel} is not an extension module name {target.name}'s CPython loads")
                continue
            package = rel.split("/", 1)[0]
            if package in loadable:
                loadable[package] |= pythons
        for package, pythons in loadable.items():
            missing = [p for p in PYTHONS if p not in pythons]
            if missing:
                problems.append(f"{vsix.name}: {package} has no extension module for CPython {', '.join(missing)}")
        problems += [f"{vsix.name}: {p}" for p in unmet_requirements(z, bundled, target)]
        types = z.read("[Content_Types].xml").decode()
        declared = set(re.findall(r'Extension="([^"]*)"', types))
        undeclared = {Path(n).suffix.lower() for n in names if Path(n).suffix and n != "[Content_Types].xml"} - declared
        if undeclared:
            problems.append(f"{vsix.name}: [Content_Types].xml does not declare {sorted(undeclared)}")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = [Path(a) for a in (argv if argv is not None else sys.argv[1:])]
    vsixes = args or sorted((ROOT / "client-vscode").glob("openai-access*.vsix"))
    if not vsixes:
        print("check_vsix: no VSIX to check (run scripts/build_vsix.py)", file=sys.stderr)
        return 1
    failed = False
    for vsix in vsixes:
        problems = check(vsix)
        failed |= bool(problems)
        with zipfile.ZipFile(vsix) as z:
            target = target_of(z.read("extension.vsixmanifest").decode()) or "universal"
        print(f"{vsix.name} ({target}): " + ("ok" if not problems else f"{len(problems)} problem(s)"))
        for p in problems:
            print(f"  {p}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
