#!/usr/bin/env python3
"""Build the VS Code extension packages: one universal VSIX (the server comes from the user's
environment) and one per platform with the server and its dependencies bundled.

A platform VSIX must run in whatever Python 3.10-3.14 the user has. Its pure-Python wheels are
the same everywhere and the tree-sitter grammars are abi3, but ``tree_sitter``, ``pydantic_core``
and ``jiter`` are compiled per CPython version: so the wheels are downloaded for every version
(``pip download --platform … --python-version … --only-binary=:all:``) and unpacked into one
``bundled/libs``, where extension modules of different ABIs sit side by side. CPython 3.10 is
resolved in full; the later versions reuse its pure and abi3 wheels and fetch their own build of
each ABI-specific release, so every interpreter imports the same pure-Python code; two wheels that
would write different content to the same file stop the build.

Downloaded wheels stay in the git-ignored ``.cache/vsix-wheels/<target>/py3.X`` (pip does not
fetch a file that is already there), so a second build only re-resolves. ``check_vsix.py`` then
compares each VSIX with its target.

Usage: python scripts/build_vsix.py [--targets linux-x64,win32-x64|all|none] [--wheel PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from email.message import Message
from email.parser import Parser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vsix_targets import PYTHONS, TARGETS, Target

ROOT = Path(__file__).resolve().parent.parent
EXT = ROOT / "client-vscode"
CACHE = ROOT / ".cache"
WHEELS = CACHE / "vsix-wheels"
VSCE = EXT / "node_modules" / ".bin" / "vsce"


def say(message: str) -> None:
    print(f"[build-vsix {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- the wheels ---------------------------------------------------------------------------------


def our_wheel(given: str | None) -> Path:
    """The openai-access wheel: given, else the one in ``$OPENAI_ACCESS_DIST`` (scripts/test.sh
    builds it there), else built now from this checkout (never a stale ``dist/``)."""
    if given:
        return Path(given).resolve()
    dist_env = os.environ.get("OPENAI_ACCESS_DIST")
    if dist_env and sorted(Path(dist_env).glob("openai_access-*.whl")):
        return sorted(Path(dist_env).glob("openai_access-*.whl"))[-1].resolve()
    dist = CACHE / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    say("building the openai-access wheel (python -m build --wheel)")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return sorted(dist.glob("openai_access-*.whl"))[-1].resolve()


def download(target: Target, python: str, wheel: Path) -> list[Path]:
    """Every wheel the server needs on this platform and CPython version, binary only.

    pip evaluates dependency markers against the interpreter running it, not the target: on a
    Linux CPython 3.11, ``exceptiongroup; python_version < "3.11"`` and any ``sys_platform ==
    "win32"`` dependency are silently left out. So the downloaded set is closed over the
    target's own markers (``missing``) with further downloads until nothing is missing.
    """
    dest = WHEELS / target.name / f"py{python}"
    dest.mkdir(parents=True, exist_ok=True)
    for stale in dest.glob("openai_access-*.whl"):  # ours changes without changing its name
        stale.unlink()
    got: set[Path] = set()
    wanted = [str(wheel)]
    for _ in range(5):
        got |= _pip_download(target, python, wanted, dest)
        wanted = missing(sorted(got), target.marker_env(python))
        if not wanted:
            return sorted(got)
    raise SystemExit(f"build_vsix: {target.name} / CPython {python}: dependencies still missing: {wanted}")


DOWNLOADED = re.compile(r"^\s*(?:Saved|File was already downloaded) (.+\.whl)\s*$", re.MULTILINE)


def _pip_download(target: Target, python: str, requirements: list[str], dest: Path) -> set[Path]:
    """The wheels pip chose this time. ``dest`` doubles as the download cache (files already
    there are not fetched again), so what belongs to this build is read from pip's own report,
    not from the folder, which may hold older versions."""
    abi = "cp" + python.replace(".", "")
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--disable-pip-version-check",
        "--progress-bar",
        "off",
        "--only-binary=:all:",
        "--implementation",
        "cp",
        "--python-version",
        python,
        "--abi",
        abi,
        "--abi",
        "abi3",
        "--abi",
        "none",
        "--dest",
        str(dest),
    ]
    for platform in target.platforms:
        cmd += ["--platform", platform]
    env = {**os.environ, "PIP_CACHE_DIR": str(CACHE / "pip")}
    run = subprocess.run([*cmd, *requirements], capture_output=True, text=True, env=env)
    if run.returncode != 0:
        errors = "\n".join(line for line in run.stderr.splitlines() if "is ignored" not in line)
        raise SystemExit(f"build_vsix: pip download for {target.name} / CPython {python} failed:\n{errors[-3000:]}")
    return {dest / Path(m).name for m in DOWNLOADED.findall(run.stdout)}


def missing(wheels: list[Path], marker_env: dict[str, str]) -> list[str]:
    """Requirements of the downloaded wheels that apply on the target but were not downloaded."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    have = {canonicalize_name(w.name.split("-")[0]) for w in wheels}
    out: set[str] = set()
    for w in wheels:
        for line in _metadata(w).get_all("Requires-Dist", []):
            req = Requirement(line)
            if req.marker is not None and not req.marker.evaluate(marker_env):
                continue
            if canonicalize_name(req.name) not in have:
                out.add(f"{req.name}{req.specifier}")
    return sorted(out)


def cpython_specific(wheel: Path) -> bool:
    """Compiled for one CPython ABI (``cp310``), unlike pure (``none``) and ``abi3`` wheels."""
    abi = wheel.name[: -len(".whl")].split("-")[-2]
    return any(tag.startswith("cp") for tag in abi.split("."))


def download_like(target: Target, python: str, base: list[Path]) -> list[Path]:
    """A later CPython: the first Python's set with each ABI-specific wheel swapped for this
    version's build of the same release (one small ``--no-deps`` download instead of a full
    resolve), then closed over this version's markers and checked against Requires-Python."""
    from packaging.specifiers import SpecifierSet

    dest = WHEELS / target.name / f"py{python}"
    dest.mkdir(parents=True, exist_ok=True)
    shared = [w for w in base if not cpython_specific(w)]
    pinned = [f"{w.name.split('-')[0]}=={w.name.split('-')[1]}" for w in base if cpython_specific(w)]
    got = _pip_download(target, python, ["--no-deps", *pinned], dest) if pinned else set()
    for w in shared:
        requires = _metadata(w).get("Requires-Python")
        if requires and python + ".0" not in SpecifierSet(requires):
            raise SystemExit(f"build_vsix: {w.name} requires Python {requires}, not {python}")
    for _ in range(5):
        wanted = missing(sorted([*shared, *got]), target.marker_env(python))
        if not wanted:
            return sorted([*shared, *got])
        got |= _pip_download(target, python, wanted, dest)
    raise SystemExit(f"build_vsix: {target.name} / CPython {python}: dependencies still missing: {wanted}")


def _metadata(wheel: Path) -> Message:
    with zipfile.ZipFile(wheel) as z:
        name = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        return Parser().parsestr(z.read(name).decode("utf-8", errors="replace"))


def fetch_all(targets: list[Target], wheel: Path) -> dict[str, dict[str, list[Path]]]:
    """Downloads for every target and Python: a full resolve for the oldest CPython (its
    markers pull in the most, e.g. exceptiongroup and tomli), then the others like it."""
    result: dict[str, dict[str, list[Path]]] = {t.name: {} for t in targets}
    first, rest = PYTHONS[0], PYTHONS[1:]
    with ThreadPoolExecutor(max_workers=4) as pool:
        firsts = {t.name: pool.submit(download, t, first, wheel) for t in targets}
        for t in targets:
            result[t.name][first] = firsts[t.name].result()
        later = {(t.name, py): pool.submit(download_like, t, py, result[t.name][first]) for t in targets for py in rest}
        for (name, py), future in later.items():
            result[name][py] = future.result()
    return result


# --- unpacking ----------------------------------------------------------------------------------


def unpack(wheels_by_python: dict[str, list[Path]], libs: Path) -> None:
    """Unzip every wheel into ``libs``. Identical files are shared; a ``.dist-info`` file that
    differs (WHEEL and RECORD name their tags) keeps the first; any other difference is a
    version split between Pythons and stops the build."""
    origin: dict[str, str] = {}
    for python, wheels in wheels_by_python.items():
        for w in wheels:
            with zipfile.ZipFile(w) as z:
                for info in z.infolist():
                    if info.is_dir():
                        continue
                    rel = _install_path(info.filename)
                    if rel is None:
                        continue
                    data = z.read(info)
                    out = libs / rel
                    if out.exists():
                        if out.read_bytes() == data or ".dist-info/" in rel:
                            continue
                        raise SystemExit(
                            f"build_vsix: {rel} differs between {origin[rel]} and {w.name} (CPython {python})"
                        )
                    out.parent.mkdir(parents=True, exist_ok=True)
                    out.write_bytes(data)
                    origin[rel] = w.name


def _install_path(name: str) -> str | None:
    """Where a wheel member goes in a ``--target`` style folder (purelib and platlib alike)."""
    if name.endswith(".pyc"):
        return None
    head, _, tail = name.partition("/")
    if head.endswith(".data"):
        kind, _, rest = tail.partition("/")
        return rest if kind in ("purelib", "platlib") else None  # scripts/headers/data: not used by the server
    return name


# --- licenses -----------------------------------------------------------------------------------


def notices(libs: Path | None) -> str:
    """THIRD_PARTY_NOTICES.md: every package the VSIX carries, its license and its license text."""
    parts = [
        "# Third-party notices\n",
        "The OpenAI Access extension is licensed under Apache-2.0 (LICENSE). It ships the following\n"
        "third-party software, each under its own license, reproduced below.\n",
        "\n## JavaScript (bundled into dist/extension.js)\n",
    ]
    lock = json.loads((EXT / "package-lock.json").read_text(encoding="utf-8"))
    for key, meta in sorted(lock["packages"].items()):
        if not key or meta.get("dev") or meta.get("optional"):
            continue
        folder = EXT / key
        parts.append(
            _entry(
                key.removeprefix("node_modules/"),
                meta.get("version", "?"),
                meta.get("license", "?"),
                _license_texts(folder),
            )
        )
    if libs is not None:
        parts.append("\n## Python (bundled/libs: the language server's dependencies)\n")
        for dist_info in sorted(libs.glob("*.dist-info"), key=lambda p: p.name.lower()):
            meta = Parser().parsestr((dist_info / "METADATA").read_text(encoding="utf-8", errors="replace"))
            name, version = meta["Name"], meta["Version"]
            if name == "openai-access":
                continue  # ours: LICENSE
            license_ = (
                meta.get("License-Expression")
                or _short(meta.get("License"))
                or ", ".join(
                    c.split("::")[-1].strip() for c in meta.get_all("Classifier", []) if c.startswith("License ::")
                )
                or "see the license text"
            )
            parts.append(_entry(name, version, license_, _license_texts(dist_info)))
    return "".join(parts)


def _short(value: str | None) -> str | None:
    """Old metadata puts the whole license text in ``License``; only a one-liner is a name."""
    if value and "\n" not in value.strip() and len(value) < 80:
        return value.strip()
    return None


def _license_texts(folder: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if len(rel.parts) > 2 or not path.is_file() or "node_modules" in rel.parts:
            continue
        if path.name.upper().startswith(("LICENSE", "LICENCE", "COPYING", "NOTICE")):
            found.append((str(rel), path.read_text(encoding="utf-8", errors="replace").strip()))
    return found


def _entry(name: str, version: str, license_: str, texts: list[tuple[str, str]]) -> str:
    body = f"\n### {name} {version}\n\nLicense: {license_}\n"
    if not texts:
        return body + "\n(no license file in the distribution; see the project's page)\n"
    for rel, text in texts:
        body += f"\n{rel}:\n\n```text\n{text}\n```\n"
    return body


# --- packaging ----------------------------------------------------------------------------------


def vsce(target: Target | None) -> Path:
    """The extension itself (manifest, dist/, licenses) through vsce, which also writes the
    target platform into the manifest; the Python bundle is added afterwards (``add_bundle``)."""
    out = EXT / (f"openai-access-{target.name}.vsix" if target else "openai-access.vsix")
    cmd = [str(VSCE), "package", "--no-dependencies", "--allow-missing-repository", "-o", str(out)]
    if target:
        cmd += ["--target", target.name]
    run = subprocess.run(cmd, cwd=EXT, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"build_vsix: vsce failed for {out.name}:\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
    return out


CONTENT_TYPES = "[Content_Types].xml"
FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # the same bytes for the same inputs


def add_bundle(vsix: Path, bundled: Path) -> None:
    """Add ``bundled/`` under ``extension/bundled/`` and declare the new file types.

    vsce takes minutes to zip the ~2,800 files of the bundle on a busy 2-core machine; Python's
    zipfile takes seconds. The VSIX stays what vsce made (same manifest, same content-types part,
    extended), and check_vsix.py and the code-server test check the result.
    """
    with zipfile.ZipFile(vsix) as z:
        members = [(info, z.read(info)) for info in z.infolist()]
    files = sorted(p for p in bundled.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    types = dict(members)[next(i for i, _ in members if i.filename == CONTENT_TYPES)].decode()
    known = set(re.findall(r'Extension="([^"]*)"', types))
    extra = sorted({p.suffix.lower() for p in files if p.suffix} - known)
    defaults = "".join(f'<Default Extension="{e}" ContentType="{_content_type(e)}"/>' for e in extra)
    types = types.replace("</Types>", defaults + "</Types>")
    tmp = vsix.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(CONTENT_TYPES, types)
        for info, data in members:
            if info.filename != CONTENT_TYPES:
                z.writestr(info, data)
        for p in files:
            info = zipfile.ZipInfo(f"extension/bundled/{p.relative_to(bundled).as_posix()}", FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o755 if os.access(p, os.X_OK) else 0o644) << 16
            z.writestr(info, p.read_bytes())
    tmp.replace(vsix)


def _content_type(ext: str) -> str:
    return {
        ".py": "text/x-python",
        ".pyi": "text/x-python",
        ".txt": "text/plain",
        ".md": "text/markdown",
        ".json": "application/json",
        ".typed": "text/plain",
    }.get(ext, "application/octet-stream")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", default="all", help="comma-separated vsce targets, 'all' or 'none'")
    parser.add_argument("--wheel", help="the openai-access wheel to bundle (default: dist/)")
    args = parser.parse_args(argv)
    names = list(TARGETS) if args.targets == "all" else [] if args.targets == "none" else args.targets.split(",")
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        parser.error(f"unknown target(s) {unknown}; choose from {', '.join(TARGETS)}")
    targets = [TARGETS[n] for n in names]
    if not VSCE.exists():
        raise SystemExit("build_vsix: client-vscode/node_modules is missing: run `npm ci` in client-vscode")

    started = time.monotonic()
    subprocess.run(["npm", "run", "--silent", "build"], cwd=EXT, check=True)
    shutil.copy(ROOT / "LICENSE", EXT / "LICENSE")
    bundled = EXT / "bundled"
    shutil.rmtree(bundled, ignore_errors=True)
    (EXT / "THIRD_PARTY_NOTICES.md").write_text(notices(None), encoding="utf-8")
    say(f"universal: {vsce(None).name}")

    if targets:
        wheel = our_wheel(args.wheel)
        say(f"downloading wheels for {len(targets)} platform(s) x CPython {PYTHONS[0]}-{PYTHONS[-1]}")
        downloaded = fetch_all(targets, wheel)
        say(f"downloads done ({time.monotonic() - started:.0f} s)")
        for t in targets:
            shutil.rmtree(bundled, ignore_errors=True)
            libs = bundled / "libs"
            libs.mkdir(parents=True)
            unpack(downloaded[t.name], libs)
            manifest = {
                "target": t.name,
                "pythons": list(PYTHONS),
                "wheels": {py: [w.name for w in ws] for py, ws in downloaded[t.name].items()},
            }
            (bundled / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
            (EXT / "THIRD_PARTY_NOTICES.md").write_text(notices(libs), encoding="utf-8")
            out = vsce(t)
            add_bundle(out, bundled)
            say(f"{t.name}: {out.name} ({out.stat().st_size / 1e6:.1f} MB)")
        shutil.rmtree(bundled, ignore_errors=True)
        (EXT / "THIRD_PARTY_NOTICES.md").write_text(notices(None), encoding="utf-8")
    say(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
