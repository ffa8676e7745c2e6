#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs Python deps, builds the wheel and sdist
# (dist/), the real editors (headless Neovim, code-server + Chromium) and the VSIXs, then runs
# pytest (unit, LSP, CLI, packaging, end to end). Prerequisites: see README "Running the tests".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh test
# The Python package users install (pipx install dist/*.whl); tests/shipping installs it into
# a fresh venv outside the checkout, and the platform VSIXs bundle it.
rm -rf dist && mkdir dist
# The log stays next to the wheel: tests/shipping checks setuptools had no warnings about the metadata.
.venv/bin/python -m build --outdir dist . > dist/build.log 2>&1 || { tail -40 dist/build.log >&2; exit 1; }
export OPENAI_ACCESS_DIST="$PWD/dist"
if [ -f scripts/install-editors.sh ]; then
  bash scripts/install-editors.sh
fi
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
