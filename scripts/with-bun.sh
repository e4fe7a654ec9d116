#!/bin/sh
# Runs bun with the project's dependencies installed, installing bun itself (from npm) on first use.
set -e
cd "$(dirname "$0")/.."
if ! command -v bun >/dev/null 2>&1; then
  echo "bun not found: installing it from the npm registry" >&2
  npm install --global --no-audit --no-fund bun@1.4.5 >&2
fi
if [ ! -d node_modules ] || [ package.json -nt node_modules ] || [ bun.lock -nt node_modules ]; then
  bun install --frozen-lockfile >&2
  touch node_modules
fi
exec bun "$@"
