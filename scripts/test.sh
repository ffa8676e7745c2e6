#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs Python deps, the real editors
# (headless Neovim, code-server + Chromium), then runs pytest (unit, LSP, CLI, end to end).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh test
if [ -f scripts/install-editors.sh ]; then
  bash scripts/install-editors.sh
fi
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
