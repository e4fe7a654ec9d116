#!/bin/sh
# Runs the project's own Bun (the "bun" devDependency, node_modules/.bin/bun) with the dependencies installed.
# Nothing is installed globally. Without any Bun, one local `npm install` (into ./node_modules) brings it.
# `--production` first (npm start): the production dependencies are enough, unless Bun itself lives in node_modules.
set -e
cd "$(dirname "$0")/.."
production=false
if [ "$1" = "--production" ]; then
  production=true
  shift
fi

BUN=node_modules/.bin/bun
if ! "$BUN" --version >/dev/null 2>&1; then
  if command -v bun >/dev/null 2>&1; then
    BUN=$(command -v bun)
  else
    echo "Bun not found: installing the project's dependencies, Bun among them, into ./node_modules with npm" >&2
    # Errors only: npm's warnings compare packages' Node engine fields with this Node, which never runs the appliance.
    npm install --no-package-lock --no-audit --no-fund --loglevel=error >&2
  fi
fi

# Stamps say which install matches package.json and bun.lock: all dependencies, or the production ones only.
fresh() { [ -f "node_modules/.installed-$1" ] && [ ! package.json -nt "node_modules/.installed-$1" ] && [ ! bun.lock -nt "node_modules/.installed-$1" ]; }
install() {
  out=$("$BUN" install --frozen-lockfile "$@" 2>&1) || {
    echo "$out" >&2
    exit 1
  }
  echo "$out" >&2
  # Bun runs no dependency's install script unless trusted. The ones it reports blocked are core-js's (under jsforce),
  # which only print a funding notice: Switchboard needs none of them.
  case "$out" in
  *Blocked*) echo "(The blocked postinstalls are core-js's funding notices; Switchboard does not need them.)" >&2 ;;
  esac
}
if fresh all || { $production && fresh production; }; then
  :
elif $production && [ "$BUN" != node_modules/.bin/bun ]; then
  install --production
  touch node_modules/.installed-production
else
  install
  touch node_modules/.installed-all
fi
exec "$BUN" "$@"
