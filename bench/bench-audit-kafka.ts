import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { createTopicIfMissing } from '../src/audit/audit-topic.js';
import type { AuditConfigInput } from '../src/config/audit-config.js';

/**
 * The durable benches' audit path is the one the server runs with `audit.sink: kafka`: every
 * event into the local write-ahead log (group commit, O_DSYNC, preallocated segments), a shipper
 * reading it back and producing to Kafka. The Kafka is the test stack's (`npm run bench` sources
 * its env), on a topic of the run's own; what reached it is counted from the topic's offsets.
 */
export interface BenchAuditTopic {
  brokers: string[];
  topic: string;
  /** The `audit:` config of a server that ships to this topic through a spool in `spoolDir`. */
  auditConfig(spoolDir: string, durability: 'durable' | 'queued'): AuditConfigInput;
  /** Events on the topic so far (the sum of its partitions' end offsets). */
  shipped(): Promise<number>;
  /** Deletes the topic. */
  close(): Promise<void>;
}

export async function openBenchAuditTopic(): Promise<BenchAuditTopic> {
  const brokers = (process.env.WARDGATE_TEST_KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  if (brokers.length === 0) {
    throw new Error('WARDGATE_TEST_KAFKA_BROKERS is not set: run the bench through `npm run bench` (it sources the stack env)');
  }
  const topic = `wardgate.bench.${Date.now()}.${randomUUID().slice(0, 8)}`;
  const admin = new Kafka({ brokers, clientId: 'wardgate-bench', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  // Short retention: a bench topic left behind by a killed run ages out within the hour.
  await createTopicIfMissing(admin, { topic, partitions: 3, retentionMs: 3_600_000 });
  return {
    brokers,
    topic,
    auditConfig: (spoolDir, durability) => ({
      sink: 'kafka',
      durability,
      kafka: { brokers, topic, clientId: 'wardgate-bench' },
      spool: { dir: spoolDir },
      signing: { alg: 'hmac-sha256' },
    }),
    shipped: async () => (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0),
    close: async () => {
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    },
  };
}

/** `x1.23`: a ratio to the baseline, or `n/a` without one. */
export function ratio(value: number, baseline: number): string {
  return baseline > 0 && Number.isFinite(value) ? `x${(value / baseline).toFixed(2)}` : 'n/a';
}
