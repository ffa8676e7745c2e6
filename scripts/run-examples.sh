#!/usr/bin/env bash
# The main job on a fresh machine: install, then check the bundled examples (no key needed).
# Extra arguments go to `openai-access check` (e.g. --format json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh >&2
set +e
.venv/bin/openai-access check examples/ "$@"
rc=$?
set -e
# The examples are full of findings on purpose: exit 1 ("some errors") is the expected answer.
[ "$rc" -le 1 ] || exit "$rc"
