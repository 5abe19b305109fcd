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
rm -f .cache/vitest-unit.json .cache/vitest-slow.json
status=0
# Unit tests in parallel; integration and e2e one file at a time, because some of them stop
# and restart the shared Kafka or Redis (outage tests) and must not overlap with the others.
npx vitest run --project unit --reporter=default --reporter=json --outputFile=.cache/vitest-unit.json "$@" || status=$?
phase "integration + e2e"
npx vitest run --project integration --project e2e --no-file-parallelism --reporter=default --reporter=json --outputFile=.cache/vitest-slow.json "$@" || status=$?
reports=(.cache/vitest-unit.json .cache/vitest-slow.json)
if [ "$#" -eq 0 ]; then
  # The Envoy versions the README names besides the pinned one: the foundation and masking specs on each.
  IFS=',' read -r -a extra_envoys <<<"${WARDGATE_TEST_ENVOY_EXTRA_BINS:-}"
  for entry in "${extra_envoys[@]}"; do
    version="${entry%%=*}" bin="${entry#*=}"
    phase "e2e foundation + masking on Envoy $version"
    report=".cache/vitest-envoy-$version.json"
    rm -f "$report"
    reports+=("$report")
    WARDGATE_TEST_ENVOY_BIN="$bin" npx vitest run --project e2e --no-file-parallelism test/e2e/foundation.spec.ts test/e2e/masking.spec.ts \
      --reporter=default --reporter=json --outputFile="$report" || status=$?
  done

  # Kafka 3.9 as well as the stack's 4.x: the Kafka integration specs once more on a 3.9 broker
  # (same ports; the outage spec's kafka-stop/start follow WARDGATE_STACK_KAFKA_LINE).
  phase "Kafka integration specs on Kafka 3.9"
  report=.cache/vitest-kafka-3.9.json
  rm -f "$report"
  reports+=("$report")
  if WARDGATE_STACK_KAFKA_LINE=3.9 bash scripts/stack/stack.sh up; then
    set -a
    # shellcheck disable=SC1091
    . .cache/stack/stack.env
    set +a
    WARDGATE_STACK_KAFKA_LINE=3.9 npx vitest run --project integration --no-file-parallelism \
      test/integration/kafka-compatibility.spec.ts test/integration/audit-kafka.spec.ts \
      test/integration/audit-topic-stream.spec.ts test/integration/audit-outage.spec.ts \
      --reporter=default --reporter=json --outputFile="$report" || status=$?
  else
    status=1
  fi
  # Leave the stack on its default line (4.x) for whoever reuses it.
  if [ "$already_up" = true ]; then bash scripts/stack/stack.sh up >/dev/null 2>&1 || status=1; fi
fi
# A closing line CI can read whatever the runner prints.
node -e '
  let passed = 0, failed = 0, skipped = 0;
  for (const file of process.argv.slice(1)) {
    try {
      const r = JSON.parse(require("fs").readFileSync(file, "utf8"));
      passed += r.numPassedTests; failed += r.numFailedTests; skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    } catch { failed += 1; console.log(`no report in ${file}`); }
  }
  console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "${reports[@]}" || true
phase "done"
exit $status
