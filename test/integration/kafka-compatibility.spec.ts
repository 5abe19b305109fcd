import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { fetchBrokerApiVersions } from '../support/kafka-api-versions.js';
import { stackEnv } from '../support/stack-env.js';

// Issue 17: kafkajs 2.2.4 works against Kafka 4.x (and still 3.9). scripts/test.sh runs this file,
// with the other Kafka specs, once against the stack's 4.x broker and once against 3.9.
const brokers = (): string[] => stackEnv('WARDGATE_TEST_KAFKA_BROKERS').split(',');
const FETCH = 1;
const LIST_OFFSETS = 2;

describe(`kafkajs against the stack's Kafka ${process.env['WARDGATE_TEST_KAFKA_VERSION'] ?? '(version unknown)'}`, () => {
  it('the client is kafkajs 2.2.4', () => {
    const pkg = createRequire(import.meta.url)('kafkajs/package.json') as { version: string };
    expect(pkg.version).toBe('2.2.4');
  });

  it('the broker is the Kafka line the stack says it runs (Kafka 4 dropped the old API versions, KIP-896)', async () => {
    const version = stackEnv('WARDGATE_TEST_KAFKA_VERSION');
    const apis = await fetchBrokerApiVersions(brokers()[0]!);
    const fetch = apis.find((a) => a.apiKey === FETCH);
    const listOffsets = apis.find((a) => a.apiKey === LIST_OFFSETS);
    expect(fetch).toBeDefined();
    expect(listOffsets).toBeDefined();
    // (Kafka 4 still lists Produce v0 for old clients' sake, so Fetch and ListOffsets tell the lines apart.)
    if (version.startsWith('4.')) {
      expect(fetch!.minVersion).toBeGreaterThanOrEqual(4);
      expect(listOffsets!.minVersion).toBeGreaterThanOrEqual(1);
    } else {
      expect(version).toMatch(/^3\.9\./);
      expect(fetch!.minVersion).toBe(0);
      expect(listOffsets!.minVersion).toBe(0);
    }
  });

  it('an idempotent acks=all produce, a consumer group read with commits, and admin offset reads all work', async () => {
    const kafka = new Kafka({ clientId: 'kafka-compat-test', brokers: brokers(), logLevel: logLevel.NOTHING });
    const topic = `wardgate-compat-${randomUUID()}`;
    const groupId = `wardgate-compat-${randomUUID()}`;
    const admin = kafka.admin();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    const consumer = kafka.consumer({ groupId });
    try {
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: ['a', 'b', 'c'].map((value) => ({ key: 'chain-1', value })) });
      expect(await admin.fetchTopicOffsets(topic)).toMatchObject([{ partition: 0, low: '0', high: '3' }]);

      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const values: string[] = [];
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${values.length} of 3 messages within 30 s`)), 30_000);
        void consumer.run({
          autoCommit: false,
          eachMessage: async ({ message, partition }) => {
            values.push(message.value?.toString() ?? '');
            await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
            if (values.length === 3) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
      expect(values).toEqual(['a', 'b', 'c']);
      await consumer.stop();
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      expect(committed).toMatchObject({ topic, partitions: [{ partition: 0, offset: '3' }] });
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect();
    }
  });
});
