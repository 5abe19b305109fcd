// Readiness probe used by scripts/stack/stack.sh: one attempt, with kafkajs (the
// client the project uses), to fetch cluster metadata, to reach the group
// coordinator (__consumer_offsets loaded) and to get an idempotent producer id
// (__transaction_state loaded), so that tests do not start against a broker
// whose coordinators are still loading.
// Usage: node scripts/stack/kafka-probe.mjs 127.0.0.1:<port>
// Exit 0 when all of that works, 1 otherwise, 3 when kafkajs is not installed
// (stack.sh then falls back to its log-based check).
import { clearTimeout, setTimeout } from 'node:timers';

let kafkajs;
try {
  kafkajs = (await import('kafkajs')).default;
} catch (err) {
  process.stderr.write(`kafka-probe: cannot load kafkajs (${err?.message ?? err})\n`);
  process.exit(3);
}

const { Kafka, logLevel } = kafkajs;
const broker = process.argv[2];
if (!broker) {
  process.stderr.write('usage: kafka-probe.mjs HOST:PORT\n');
  process.exit(2);
}

const config = {
  clientId: 'wardgate-stack-probe',
  brokers: [broker],
  logLevel: logLevel.NOTHING,
  connectionTimeout: 2000,
  requestTimeout: 5000,
};
const admin = new Kafka({ ...config, retry: { retries: 0 } }).admin();
// An idempotent producer must allow retries; keep them few and short.
const producer = new Kafka(config).producer({
  idempotent: true,
  maxInFlightRequests: 1,
  retry: { retries: 1, initialRetryTime: 100 },
});
const timer = setTimeout(() => {
  process.stderr.write('kafka-probe: timed out\n');
  process.exit(1);
}, 10000);

try {
  await admin.connect();
  const cluster = await admin.describeCluster();
  if (!cluster.brokers || cluster.brokers.length === 0 || cluster.controller === null) {
    throw new Error(`no brokers/controller in metadata: ${JSON.stringify(cluster)}`);
  }
  await admin.listTopics();
  const groups = await admin.describeGroups(['wardgate-stack-probe']);
  if (!groups || !Array.isArray(groups.groups)) throw new Error('describeGroups gave no answer');
  await admin.disconnect();
  await producer.connect(); // InitProducerId
  await producer.disconnect();
  clearTimeout(timer);
  process.stdout.write(`kafka-probe: ok brokers=${cluster.brokers.length} controller=${cluster.controller}\n`);
  process.exit(0);
} catch (err) {
  process.stderr.write(`kafka-probe: ${err?.message ?? err}\n`);
  process.exit(1);
}
