import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditChain } from '../../src/audit/audit-chain.js';
import { createEd25519Signer } from '../../src/audit/audit-signer.js';
import { verifyAuditEvents } from '../../src/audit/audit-verifier.js';
import { streamAuditTopic } from '../../src/audit/kafka-audit-reader.js';
import type { SealedAuditEvent } from '../../src/audit/sealed-audit-event.js';
import { ManualClock } from '../../src/clock/clock.js';
import { createSilentLogger } from '../../src/logging/logger.js';
import { createTopic, decisionEvent, deleteTopics, newSigningKey, produceRaw, requireKafkaBrokers, testKafka, uniqueTopic } from './audit-fixtures.js';

const key = newSigningKey('stream-key');

/** `n` sealed events of chain `chainId`, with a checkpoint every 50 and one at the end if any are left. */
function chain(chainId: string, n: number): SealedAuditEvent[] {
  const c = createAuditChain({ chainId, signer: createEd25519Signer(key.keyId, key.privateKey), clock: new ManualClock(Date.UTC(2026, 0, 1)) });
  const out: SealedAuditEvent[] = [];
  for (let i = 0; i < n; i++) {
    out.push(c.seal(decisionEvent(i)));
    if (c.uncheckpointed >= 50) out.push(c.checkpoint('count')!);
  }
  const last = c.checkpoint('close');
  if (last) out.push(last);
  return out;
}

describe('streaming the audit topic (real Kafka)', () => {
  let brokers: string[];
  let topic: string;
  const chains = [chain('stream-a', 1500), chain('stream-b', 900), chain('stream-c', 300)];

  beforeAll(async () => {
    brokers = requireKafkaBrokers();
    topic = uniqueTopic('wardgate.audit.stream');
    await createTopic(brokers, topic, 3);
    for (const events of chains) await produceRaw(brokers, topic, events);
  });

  afterAll(async () => {
    if (brokers !== undefined && topic !== undefined) await deleteTopics(brokers, [topic]);
  });

  const options = (maxBuffered: number) => ({ connection: { brokers, clientId: 'wardgate-stream-test' }, topic, logger: createSilentLogger(), timeoutMs: 60_000, maxBuffered });

  it('yields every record once, each chain in its order, to a reader slower than the consumer', async () => {
    const seen = new Map<string, number[]>();
    let read = 0;
    for await (const record of streamAuditTopic(options(16))) {
      const event = record as SealedAuditEvent;
      const seqs = seen.get(event.chain.id) ?? [];
      seqs.push(event.chain.seq);
      seen.set(event.chain.id, seqs);
      // A reader slower than the consumer: without backpressure everything would pile up ahead.
      if (++read % 200 === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const events of chains) expect(seen.get(events[0]!.chain.id)).toEqual(events.map((e) => e.chain.seq));
    expect(read).toBe(chains.reduce((n, c) => n + c.length, 0));
  });

  it('feeds the verifier directly', async () => {
    const report = await verifyAuditEvents(streamAuditTopic(options(100)), { keys: new Map([[key.keyId, key.publicKey]]) });
    expect(report.ok).toBe(true);
    expect(report.chains.map((c) => [c.chainId, c.events, c.unsignedTail]).sort()).toEqual(chains.map((c) => [c[0]!.chain.id, c.length, 0]).sort());
  });

  it('stops cleanly when the reader stops early, and leaves no consumer group behind', async () => {
    let read = 0;
    for await (const record of streamAuditTopic(options(8))) {
      expect(record).toHaveProperty('chain');
      if (++read === 25) break;
    }
    expect(read).toBe(25);
    const admin = testKafka(brokers).admin();
    await admin.connect();
    try {
      const { groups } = await admin.listGroups();
      expect(groups.map((g) => g.groupId).filter((id) => id.startsWith('wardgate-audit-verify-'))).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  });
});

describe('streaming the audit topic from a time (real Kafka)', () => {
  let brokers: string[];
  let topic: string;
  const early = chain('from-early', 120);
  const late = chain('from-late', 80);
  let between = 0;

  beforeAll(async () => {
    brokers = requireKafkaBrokers();
    topic = uniqueTopic('wardgate.audit.from');
    await createTopic(brokers, topic, 3);
    await produceRaw(brokers, topic, early);
    // Kafka stamps each record when it is sent: a moment between the two batches.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    between = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await produceRaw(brokers, topic, late);
  });

  afterAll(async () => {
    if (brokers !== undefined && topic !== undefined) await deleteTopics(brokers, [topic]);
  });

  it('reads only the records sent at or after fromTimestamp, every one of them, in order', async () => {
    const read: SealedAuditEvent[] = [];
    const options = { connection: { brokers, clientId: 'wardgate-stream-test' }, topic, logger: createSilentLogger(), timeoutMs: 60_000, fromTimestamp: between };
    for await (const record of streamAuditTopic(options)) read.push(record as SealedAuditEvent);
    expect(read.map((e) => e.chain.id)).not.toContain('from-early');
    expect(read.map((e) => e.chain.seq)).toEqual(late.map((e) => e.chain.seq));
  });

  it('reads nothing from a time after the last record', async () => {
    const options = { connection: { brokers, clientId: 'wardgate-stream-test' }, topic, logger: createSilentLogger(), timeoutMs: 60_000, fromTimestamp: Date.now() + 60_000 };
    const read: unknown[] = [];
    for await (const record of streamAuditTopic(options)) read.push(record);
    expect(read).toEqual([]);
  });

  it('reads everything from a time before the first record', async () => {
    const options = { connection: { brokers, clientId: 'wardgate-stream-test' }, topic, logger: createSilentLogger(), timeoutMs: 60_000, fromTimestamp: between - 3_600_000 };
    let count = 0;
    for await (const record of streamAuditTopic(options)) if ((record as SealedAuditEvent).chain.id.startsWith('from-')) count++;
    expect(count).toBe(early.length + late.length);
  });
});
