#!/usr/bin/env bash
# Benchmarks against the real Redis, Kafka and Envoy of the test stack. Prints numbers only.
# Usage: npm run bench [-- policy decision durable wal identity masking grants audit report envoy [--option=value ...]]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci
npm run --silent codegen
# A stack whose env is already exported (a running, shared one) is used as it is, not started here.
if [ -z "${WARDGATE_TEST_KAFKA_BROKERS:-}" ]; then
  bash scripts/stack/stack.sh up >/dev/null
  set -a
  # shellcheck disable=SC1091
  . .cache/stack/stack.env
  set +a
fi
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
NODE_OPTIONS="${NODE_OPTIONS:-} --expose-gc" npx tsx bench/run-all.ts "$@"
