import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { createAuditChain } from '../src/audit/audit-chain.js';
import type { AuditEventInput } from '../src/audit/audit-event.js';
import { createTopicIfMissing } from '../src/audit/audit-topic.js';
import { KafkaAuditSink } from '../src/audit/kafka-audit-sink.js';
import { streamAuditTopic } from '../src/audit/kafka-audit-reader.js';
import { verifyAuditEvents } from '../src/audit/audit-verifier.js';
import { createEd25519Signer, type AuditVerificationKey } from '../src/audit/audit-signer.js';
import { SystemClock } from '../src/clock/clock.js';
import { createSilentLogger } from '../src/logging/logger.js';
import { percentile } from './percentile.js';

const throughputEvents = 200_000;
const latencyEmits = 200_000;

/** A decision event of realistic size (~600 bytes sealed). */
function sampleEvent(i: number): AuditEventInput {
  return {
    kind: 'access.decision',
    correlationId: `b1946ac9-${i}`,
    actor: { user: 'alice@example.org', groups: ['oncall', 'eng'], agent: 'claude-code', sourceAddress: '10.1.2.3' },
    target: { destination: 'fhir.prod.svc', method: 'GET', path: `/Patient/${i}/Observation`, commandKinds: ['fhir.read'] },
    decision: { action: 'allow', enforced: 'allow', ruleId: 'fhir-read-with-grant', reason: 'grant g-42', dryRun: false, grantId: 'g-42' },
  };
}

/**
 * Prints (1) the events/s one KafkaAuditSink delivers to the test Kafka (acks=all, idempotent,
 * gzip, batches of 500) and (2) the cost of `emit()` on the request path, p50/p99 in µs.
 */
export async function runAuditBench(): Promise<void> {
  const brokers = process.env.WARDGATE_TEST_KAFKA_BROKERS?.split(',');
  if (brokers === undefined) throw new Error('WARDGATE_TEST_KAFKA_BROKERS is not set (bash scripts/stack/stack.sh up)');
  const logger = createSilentLogger();
  const topic = `wardgate.audit.bench.${randomUUID().slice(0, 8)}`;
  const admin = new Kafka({ brokers, clientId: 'wardgate-bench', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await createTopicIfMissing(admin, { topic, partitions: 3, retentionMs: 3_600_000 });
  const spoolDir = await mkdtemp(join(tmpdir(), 'wardgate-audit-bench-'));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signer = createEd25519Signer('bench', privateKey);
  const clock = new SystemClock();
  const sink = await KafkaAuditSink.create({
    chain: createAuditChain({ chainId: `bench-${randomUUID()}`, signer, clock }),
    clock,
    logger,
    connection: { brokers, clientId: 'wardgate-bench' },
    topic,
    batchSize: 500,
    lingerMs: 5,
    compression: 'gzip',
    queueMaxEvents: 100_000,
    checkpointEveryEvents: 100,
    checkpointEveryMs: 10_000,
    log: { dir: spoolDir, maxBytes: 1024 ** 3 },
  });
  try {
    // Warm up the connection and the JIT.
    for (let i = 0; i < 2000; i++) sink.emit(sampleEvent(i));
    await sink.flush();

    const before = sink.stats().delivered;
    const started = performance.now();
    for (let i = 0; i < throughputEvents; i++) {
      sink.emit(sampleEvent(i));
      // Keep the queue below its bound, as steady traffic would.
      if (sink.stats().queued > 50_000) await until(() => sink.stats().queued < 10_000);
    }
    let maxUnshipped = 0;
    // Until Kafka acknowledged everything the local log holds.
    await until(() => {
      const stats = sink.stats();
      maxUnshipped = Math.max(maxUnshipped, stats.unshipped);
      return stats.queued === 0 && stats.unshipped === 0;
    });
    const seconds = (performance.now() - started) / 1000;
    const delivered = sink.stats().delivered - before;
    console.log(`audit kafka producer: ${delivered} events (checkpoints included) acknowledged in ${seconds.toFixed(2)} s = ${Math.round(delivered / seconds)} events/s; ` +
      `at most ${maxUnshipped} waiting in the local log, refused ${sink.stats().refused}`);

    const samples = new Float64Array(latencyEmits);
    for (let i = 0; i < latencyEmits; i++) {
      const event = sampleEvent(i);
      const t0 = process.hrtime.bigint();
      sink.emit(event);
      samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
      if (i % 5000 === 4999) await until(() => sink.stats().queued < 10_000);
    }
    samples.sort();
    const pct = (p: number) => percentile(samples, p).toFixed(1);
    console.log(`audit emit() on the request path over ${latencyEmits} emits: p50 ${pct(0.5)} µs, p99 ${pct(0.99)} µs, p99.9 ${pct(0.999)} µs, max ${pct(1)} µs (target p99 < 100 µs)`);
    await sink.flush();
    await verifyTopic(brokers, topic, publicKey);
  } finally {
    await sink.close();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await rm(spoolDir, { recursive: true, force: true });
  }
}

/**
 * Prints how fast `wardgate audit verify` reads and verifies the topic just written (streamed
 * from Kafka) and the memory it keeps per event: heap and buffers after a GC at the end of the
 * stream, when every event's state is held, minus before (GC only with `--expose-gc`, which
 * `npm run bench` passes; without it the number includes garbage).
 */
async function verifyTopic(brokers: string[], topic: string, key: AuditVerificationKey): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const retained = (): number => {
    gc?.();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const keys = new Map<string, AuditVerificationKey>([['bench', key]]);
  let atEnd = 0;
  const before = retained();
  const started = performance.now();
  async function* measured(): AsyncGenerator<unknown> {
    yield* streamAuditTopic({ connection: { brokers, clientId: 'wardgate-bench-verify' }, topic, logger: createSilentLogger() });
    atEnd = retained();
  }
  const report = await verifyAuditEvents(measured(), { keys });
  const seconds = (performance.now() - started) / 1000;
  const events = report.chains.reduce((n, c) => n + c.events, 0);
  console.log(`audit verify from Kafka: ${report.records} records in ${seconds.toFixed(2)} s = ${Math.round(report.records / seconds)} records/s, ` +
    `${report.ok ? 'OK' : 'FAILED'}; verifier state about ${Math.round((atEnd - before) / events)} bytes per event${gc === undefined ? ' (no --expose-gc: garbage included)' : ''}`);
}

async function until(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((resolve) => setTimeout(resolve, 2));
}
