'use strict';
// Readiness probe used by scripts/stack/stack.sh: one attempt to fetch cluster
// metadata from the broker with kafkajs (the client the project uses).
// Usage: node scripts/stack/kafka-probe.cjs 127.0.0.1:<port>
// Exit 0 when the broker answers with metadata, 1 otherwise, 3 when kafkajs is
// not installed (stack.sh then falls back to its log-based check).

let kafkajs;
try {
  kafkajs = require('kafkajs');
} catch (err) {
  process.stderr.write(`kafka-probe: cannot load kafkajs (${err && err.message})\n`);
  process.exit(3);
}

const { Kafka, logLevel } = kafkajs;
const broker = process.argv[2];
if (!broker) {
  process.stderr.write('usage: kafka-probe.cjs HOST:PORT\n');
  process.exit(2);
}

const kafka = new Kafka({
  clientId: 'wardgate-stack-probe',
  brokers: [broker],
  logLevel: logLevel.NOTHING,
  connectionTimeout: 2000,
  requestTimeout: 5000,
  retry: { retries: 0 },
});
const admin = kafka.admin();
const timer = setTimeout(() => {
  process.stderr.write('kafka-probe: timed out\n');
  process.exit(1);
}, 10000);

(async () => {
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (!cluster.brokers || cluster.brokers.length === 0 || cluster.controller === null) {
      throw new Error(`no brokers/controller in metadata: ${JSON.stringify(cluster)}`);
    }
    await admin.listTopics();
    await admin.disconnect();
    clearTimeout(timer);
    process.stdout.write(`kafka-probe: ok brokers=${cluster.brokers.length} controller=${cluster.controller}\n`);
    process.exit(0);
  } catch (err) {
    process.stderr.write(`kafka-probe: ${err && (err.message || err)}\n`);
    process.exit(1);
  }
})();
