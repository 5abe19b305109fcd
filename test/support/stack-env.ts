/** Reads a variable written by `scripts/stack/stack.sh up`; a missing one fails the test, never skips it. */
export function stackEnv(name: 'WARDGATE_TEST_ENVOY_BIN' | 'WARDGATE_TEST_KAFKA_VERSION' | 'WARDGATE_TEST_REDIS_URL' | 'WARDGATE_TEST_KAFKA_BROKERS' | 'WARDGATE_TEST_REDIS_SERVER_BIN' | 'WARDGATE_TEST_STACK_DIR' | 'WARDGATE_TEST_CHROMIUM_BIN'): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the tests with \`npm test\` (it provisions Envoy, Redis and Kafka), or \`bash scripts/stack/stack.sh up && set -a && . .cache/stack/stack.env\``);
  }
  return value;
}
