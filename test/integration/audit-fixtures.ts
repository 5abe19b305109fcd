import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { createAuditChain } from '../../src/audit/audit-chain.js';
import type { AuditEventInput } from '../../src/audit/audit-event.js';
import { createEd25519Signer } from '../../src/audit/audit-signer.js';
import { createTopicIfMissing } from '../../src/audit/audit-topic.js';
import { KafkaAuditSink, type KafkaAuditSinkOptions } from '../../src/audit/kafka-audit-sink.js';
import { readAuditTopic } from '../../src/audit/kafka-audit-reader.js';
import type { SealedAuditEvent } from '../../src/audit/sealed-audit-event.js';
import { SystemClock } from '../../src/clock/clock.js';
import { createSilentLogger } from '../../src/logging/logger.js';

/** The real Kafka of the test stack; a missing variable fails the test instead of skipping it. */
export function requireKafkaBrokers(): string[] {
  const value = process.env.WARDGATE_TEST_KAFKA_BROKERS;
  if (value === undefined || value.trim() === '') {
    throw new Error('WARDGATE_TEST_KAFKA_BROKERS is not set: run `bash scripts/stack/stack.sh up` and `set -a; source .cache/stack/stack.env`');
  }
  return value.split(',').map((b) => b.trim());
}

export function uniqueTopic(prefix: string): string {
  return `${prefix}.${Date.now()}.${randomUUID().slice(0, 8)}`;
}

export function testKafka(brokers: string[]): Kafka {
  return new Kafka({ brokers, clientId: 'wardgate-audit-test', logLevel: logLevel.NOTHING, retry: { retries: 3 } });
}

export async function createTopic(brokers: string[], topic: string, partitions = 3): Promise<void> {
  const admin = testKafka(brokers).admin();
  await admin.connect();
  try {
    await createTopicIfMissing(admin, { topic, partitions, retentionMs: 3_600_000 });
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopics(brokers: string[], topics: string[]): Promise<void> {
  const admin = testKafka(brokers).admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics }).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}

/** Produces raw JSON values, keyed by chain id, in the given order (for tampered copies). */
export async function produceRaw(brokers: string[], topic: string, events: readonly SealedAuditEvent[]): Promise<void> {
  const producer = testKafka(brokers).producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: events.map((e) => ({ key: e.chain.id, value: JSON.stringify(e) })) });
  } finally {
    await producer.disconnect();
  }
}

export function readTopic(brokers: string[], topic: string): Promise<unknown[]> {
  return readAuditTopic({ connection: { brokers, clientId: 'wardgate-audit-test' }, topic, logger: createSilentLogger(), timeoutMs: 60_000 });
}

export interface TestSigner {
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function newSigningKey(keyId = 'test-key'): TestSigner {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { keyId, privateKey, publicKey };
}

export type SinkOverrides = Partial<Omit<KafkaAuditSinkOptions, 'chain' | 'logger' | 'log'>> & { spoolDir: string; spoolMaxBytes?: number; chainId?: string };

export function createTestSink(brokers: string[], topic: string, key: TestSigner, overrides: SinkOverrides): Promise<KafkaAuditSink> {
  const { spoolDir, spoolMaxBytes, chainId, ...rest } = overrides;
  const clock = new SystemClock();
  return KafkaAuditSink.create({
    chain: createAuditChain({ chainId: chainId ?? `test-${randomUUID()}`, signer: createEd25519Signer(key.keyId, key.privateKey), clock }),
    clock,
    logger: createSilentLogger(),
    connection: { brokers, clientId: 'wardgate-audit-test', connectionTimeoutMs: 1000, requestTimeoutMs: 3000 },
    topic,
    batchSize: 50,
    lingerMs: 5,
    compression: 'gzip',
    queueMaxEvents: 10_000,
    checkpointEveryEvents: 10,
    checkpointEveryMs: 60_000,
    sendTimeoutMs: 15_000, // generous: a loaded CI machine must not look like an outage
    backoff: { initialMs: 200, maxMs: 1000 },
    log: { dir: spoolDir, maxBytes: spoolMaxBytes ?? 64 * 1024 * 1024 },
    ...rest,
  });
}

export function decisionEvent(i: number): AuditEventInput {
  return {
    kind: 'access.decision',
    correlationId: `req-${i}`,
    actor: { user: `user-${i % 7}`, agent: 'claude-code' },
    target: { destination: 'fhir.test', method: i % 3 === 0 ? 'POST' : 'GET', path: `/Patient/${i}` },
    decision: { action: 'allow', enforced: 'allow', ruleId: 'r1', reason: 'grant', dryRun: false },
  };
}

/** A 127.0.0.1 port nothing listens on (bound, then released). */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function waitFor(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Events of one chain in the order they were read. */
export function chainEvents(events: readonly unknown[], chainId: string): SealedAuditEvent[] {
  return events.filter((e): e is SealedAuditEvent => (e as SealedAuditEvent).chain?.id === chainId);
}
