#!/usr/bin/env bash
# Create .venv and install openai-access (editable) with what the given extra needs.
# Idempotent: a second run only checks. Usage: scripts/bootstrap.sh [test]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
  echo "openai-access needs Python 3.10 or newer (found: $("$PY" --version 2>&1)). Set PYTHON=/path/to/python3.x." >&2
  exit 2
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=.venv/.installed-${1:-run}
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v "is ignored" || true
  extra=""
  [ "${1:-}" = test ] && extra="[test]"
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extra}" 2>&1 | grep -v "is ignored" || true
  .venv/bin/python -c "import openai_access, pygls, tree_sitter_python" # fail loudly if the install did not take
  touch "$stamp"
fi
