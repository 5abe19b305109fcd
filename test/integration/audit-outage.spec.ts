import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditEvents } from '../../src/audit/audit-verifier.js';
import type { KafkaAuditSink } from '../../src/audit/kafka-audit-sink.js';
import {
  chainEvents, createTestSink, createTopic, decisionEvent, deleteTopics, newSigningKey, readTopic, requireKafkaBrokers,
  uniqueTopic, waitFor,
} from './audit-fixtures.js';

const run = promisify(execFile);
const stackScript = join(import.meta.dirname, '..', '..', 'scripts', 'stack', 'stack.sh');
const stack = (command: 'kafka-stop' | 'kafka-start') => run('bash', [stackScript, command], { timeout: 120_000 });

// Stops and starts the shared Kafka: kept in its own file (integration files run one at a time).
describe('Kafka audit sink across a real broker outage', () => {
  const key = newSigningKey('outage-key');
  let brokers: string[];
  let workDir: string;
  let topic: string;
  let sink: KafkaAuditSink | undefined;
  let kafkaStopped = false;

  beforeAll(async () => {
    brokers = requireKafkaBrokers();
    workDir = await mkdtemp(join(tmpdir(), 'wardgate-audit-outage-'));
    topic = uniqueTopic('wardgate.audit.outage');
    await createTopic(brokers, topic);
  });

  afterAll(async () => {
    // Kafka must be back for everyone else whatever happened above.
    if (kafkaStopped) await stack('kafka-start');
    await sink?.close().catch(() => undefined);
    if (brokers !== undefined) await deleteTopics(brokers, [topic]);
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  });

  it('keeps events in the local log during the outage, then delivers every event in order with a fresh producer', async () => {
    sink = await createTestSink(brokers, topic, key, { spoolDir: join(workDir, 'spool') });
    for (let i = 0; i < 100; i++) sink.emit(decisionEvent(i));
    await waitFor('the first events to be shipped', () => sink!.stats().delivered === 110);
    expect(sink.stats()).toMatchObject({ link: 'up', unshipped: 0, delivered: 110 });

    kafkaStopped = true;
    await stack('kafka-stop');
    for (let i = 100; i < 200; i++) sink.emit(decisionEvent(i));
    await sink.flush();
    await waitFor('the outage to be noticed', () => sink!.stats().link === 'down', 60_000);
    expect(sink.stats()).toMatchObject({ link: 'down', queued: 0, unshipped: 110 });
    expect(sink.health()).toMatchObject({ ready: true, pending: 110 });

    await stack('kafka-start');
    kafkaStopped = false;
    for (let i = 200; i < 250; i++) sink.emit(decisionEvent(i));
    await waitFor('the log to be shipped after Kafka is back', () => sink!.stats().unshipped === 0 && sink!.stats().queued === 0, 90_000);
    await sink.close();
    expect(sink.stats()).toMatchObject({ link: 'up', refused: 0 });

    const events = chainEvents(await readTopic(brokers, topic), sink.chainId);
    // At-least-once across an outage: a batch in flight when the broker died may arrive twice.
    const firstSeen = [...new Set(events.map((e) => e.chain.seq))];
    expect(firstSeen).toEqual(firstSeen.map((_, i) => i + 1));
    expect(firstSeen).toHaveLength(250 + 25);
    const report = await verifyAuditEvents(events, { keys: new Map([[key.keyId, key.publicKey]]) });
    expect(report.chains[0]!.findings).toEqual([]);
    expect(report.ok).toBe(true);
  });
});
