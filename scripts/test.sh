#!/usr/bin/env bash
# The whole test suite: typecheck, lint, provision the real Envoy, Redis and Kafka, then unit,
# integration and e2e tests. Services this script started are stopped at the end; services
# that were already running are reused and left running.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$(date +%s)
phase() { echo "== $1 ($(( $(date +%s) - started ))s)"; }

phase "install check"
[ -d node_modules ] || npm ci

phase "typecheck"
npm run --silent typecheck

phase "lint"
npm run --silent lint

if [ -x scripts/deploy/install-tools.sh ] || [ -f scripts/deploy/install-tools.sh ]; then
  phase "deploy tools"
  bash scripts/deploy/install-tools.sh
fi

phase "stack"
already_up=false
if bash scripts/stack/stack.sh status 2>/dev/null | grep -q '^kafka  *up' && [ -f .cache/stack/stack.env ]; then
  already_up=true
fi
bash scripts/stack/stack.sh up
if [ "$already_up" = false ]; then
  trap 'bash scripts/stack/stack.sh down >/dev/null 2>&1 || true' EXIT
fi
set -a
# shellcheck disable=SC1091
. .cache/stack/stack.env
set +a

phase "tests"
mkdir -p .cache
report=.cache/vitest-report.json
set +e
npx vitest run --reporter=default --reporter=json --outputFile="$report" "$@"
status=$?
set -e
# A closing line CI can read whatever the runner prints.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$report" || true
phase "done"
exit $status
