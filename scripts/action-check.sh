#!/usr/bin/env bash
# The check step of action.yml (kept in a file so it is tested: tests/shipping/test_action.py).
# Inputs arrive as environment variables, never spliced into the script (no injection):
#   OA_PATHS (space-separated), OA_PROBE, OA_SARIF, OA_FAIL (true|false), OPENAI_API_KEY (may be empty),
#   OA_CACHE_DIR (where answers and the scan memo live; its scans/ folder is what the Actions cache keeps)
# Writes sarif-file= and exit-code= to $GITHUB_OUTPUT. Exit: 2 on a fatal error; 1 on findings
# only when OA_FAIL is true; else 0, so the upload step runs and code scanning shows the results.
set -uo pipefail
[ -n "${OPENAI_API_KEY:-}" ] || unset OPENAI_API_KEY
read -r -a paths <<< "${OA_PATHS:-.}"
[ ${#paths[@]} -gt 0 ] || paths=(.)
sarif=${OA_SARIF:-openai-access.sarif}
cache=()
[ -z "${OA_CACHE_DIR:-}" ] || cache=(--cache-dir "$OA_CACHE_DIR")
openai-access check "${paths[@]}" --format sarif --probe "${OA_PROBE:-off}" "${cache[@]}" > "$sarif"
rc=$?
{
  echo "sarif-file=$sarif"
  echo "exit-code=$rc"
} >> "${GITHUB_OUTPUT:-/dev/null}"
if [ "$rc" -ge 2 ]; then
  echo "::error title=openai-access::the check failed (exit $rc); see the log above" >&2
  exit "$rc"
fi
if [ "$rc" -eq 1 ]; then
  echo "::warning title=openai-access::error-severity findings; see $sarif or the code scanning alerts"
  [ "${OA_FAIL:-false}" = true ] && exit 1
fi
exit 0
