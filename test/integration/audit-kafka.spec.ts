import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTamperings } from '../../src/audit/audit-tampering.js';
import { verifyAuditEvents } from '../../src/audit/audit-verifier.js';
import type { KafkaAuditSink } from '../../src/audit/kafka-audit-sink.js';
import type { SealedAuditEvent } from '../../src/audit/sealed-audit-event.js';
import { sealedAuditEventSchema } from '../../src/audit/sealed-audit-event-schema.js';
import { runAuditCommand } from '../../src/cli/audit-command.js';
import { ErrorCode, WardgateError } from '../../src/errors/wardgate-error.js';
import {
  chainEvents, createTestSink, createTopic, deadPort, decisionEvent, deleteTopics, newSigningKey, produceRaw,
  readTopic, requireKafkaBrokers, uniqueTopic, waitFor,
} from './audit-fixtures.js';
import { TcpToggleProxy } from './audit-tcp-toggle-proxy.js';

const key = newSigningKey('it-key');
const keys = new Map([[key.keyId, key.publicKey]]);

describe('Kafka audit sink against a real broker', () => {
  let brokers: string[];
  let workDir: string;
  const topics: string[] = [];
  const sinks: KafkaAuditSink[] = [];
  const newTopic = async (prefix: string, partitions = 3) => {
    const topic = uniqueTopic(prefix);
    topics.push(topic);
    await createTopic(brokers, topic, partitions);
    return topic;
  };
  const track = (sink: KafkaAuditSink) => {
    sinks.push(sink);
    return sink;
  };

  beforeAll(async () => {
    brokers = requireKafkaBrokers();
    workDir = await mkdtemp(join(tmpdir(), 'wardgate-audit-kafka-'));
  });

  afterAll(async () => {
    await Promise.allSettled(sinks.map((s) => s.close()));
    if (brokers !== undefined && topics.length > 0) await deleteTopics(brokers, topics);
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  });

  describe('an untouched topic', () => {
    let topic: string;
    let chains: SealedAuditEvent[][];

    beforeAll(async () => {
      topic = await newTopic('wardgate.audit.it');
      const a = track(await createTestSink(brokers, topic, key, { spoolDir: join(workDir, 'spool-a') }));
      const b = track(await createTestSink(brokers, topic, key, { spoolDir: join(workDir, 'spool-b') }));
      for (let i = 0; i < 57; i++) {
        a.emit(decisionEvent(i));
        if (i % 2 === 0) b.emit(decisionEvent(1000 + i));
      }
      await Promise.all([a.close(), b.close()]);
      expect(a.stats()).toMatchObject({ unshipped: 0, refused: 0, link: 'up' });
      const events = await readTopic(brokers, topic);
      chains = [chainEvents(events, a.chainId), chainEvents(events, b.chainId)];
      expect(events).toHaveLength(chains[0]!.length + chains[1]!.length);
    });

    it('holds every event of each chain, in seq order, schema-valid, checkpointed', () => {
      // 57 events + a checkpoint per 10 + one at close; 29 events + 2 + 1.
      expect(chains.map((c) => c.length)).toEqual([57 + 5 + 1, 29 + 2 + 1]);
      for (const chain of chains) {
        expect(chain.map((e) => e.chain.seq)).toEqual(chain.map((_, i) => i + 1));
        for (const event of chain) expect(sealedAuditEventSchema.safeParse(event).error).toBeUndefined();
        expect(chain.at(-1)!.kind).toBe('chain.checkpoint');
      }
    });

    it('verifies', async () => {
      const report = await verifyAuditEvents(await readTopic(brokers, topic), { keys });
      expect(report.findings).toEqual([]);
      expect(report.chains.map((c) => [c.ok, c.unsignedTail, c.duplicates])).toEqual([[true, 0, 0], [true, 0, 0]]);
      expect(report.ok).toBe(true);
    });

    it('wardgate audit verify reads the topic: exit 0 untouched, 1 without the key', async () => {
      const keyFile = join(workDir, 'it-key.pub.pem');
      await writeFile(keyFile, key.publicKey.export({ type: 'spki', format: 'pem' }));
      const out: string[] = [];
      const stdout = new PassThrough();
      stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
      const io = { stdout, stderr: stdout };
      expect(await runAuditCommand(['verify', '--brokers', brokers.join(','), '--topic', topic, '--key', `${key.keyId}=${keyFile}`], io)).toBe(0);
      expect(out.join('')).toMatch(/2 chain\(s\), 95 event\(s\) verified .*: OK/);
      out.length = 0;
      expect(await runAuditCommand(['verify', '--brokers', brokers.join(','), '--topic', topic, '--json'], io)).toBe(1);
      expect(out.join('')).toContain('"kind": "unknown_key"');
    });

    it('fails on each kind of tampering, re-produced to a second topic', async () => {
      const drills = auditTamperings(4);
      const tamperedTopics: string[] = [];
      // One at a time: kafkajs' createTopics with waitForLeaders races when run concurrently.
      for (const _drill of drills) tamperedTopics.push(await newTopic('wardgate.audit.tampered', 1));
      const results = await Promise.all(drills.map(async (drill, i) => {
        const tamperedTopic = tamperedTopics[i]!;
        await produceRaw(brokers, tamperedTopic, drill.apply(chains[0]!));
        const report = await verifyAuditEvents(await readTopic(brokers, tamperedTopic), { keys });
        return [drill.name, report.ok, report.chains[0]!.findings.some((f) => f.kind === drill.expected)];
      }));
      expect(results).toEqual(drills.map((d) => [d.name, false, true]));
    });
  });

  it('keeps events in the local log while Kafka is unreachable and ships them in order, before newer events, when it returns', async () => {
    const topic = await newTopic('wardgate.audit.spool');
    const [host, port] = brokers[0]!.split(':') as [string, string];
    const proxy = new TcpToggleProxy(await deadPort(), { host, port: Number(port) });
    const spoolDir = join(workDir, 'spool-outage');
    try {
      const sink = track(await createTestSink([`127.0.0.1:${proxy.port}`], topic, key, { spoolDir }));
      for (let i = 0; i < 120; i++) sink.emit(decisionEvent(i));
      await sink.flush();
      await waitFor('the link to be seen down', () => sink.stats().link === 'down');
      expect(sink.stats()).toMatchObject({ link: 'down', queued: 0, unshipped: 120 + 12, delivered: 0 });
      expect(sink.health()).toMatchObject({ ready: true, pending: 132 });
      expect((await readdir(spoolDir)).some((f) => f.endsWith('.wal'))).toBe(true);

      await proxy.start();
      for (let i = 120; i < 150; i++) sink.emit(decisionEvent(i));
      await waitFor('the log to be shipped', () => sink.stats().unshipped === 0 && sink.stats().queued === 0);
      await sink.close();
      expect(sink.stats()).toMatchObject({ link: 'up', refused: 0 });

      const events = chainEvents(await readTopic(brokers, topic), sink.chainId);
      const seqs = [...new Set(events.map((e) => e.chain.seq))];
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      expect(seqs).toHaveLength(150 + 15);
      const report = await verifyAuditEvents(events, { keys });
      expect(report.ok).toBe(true);
      expect(report.chains[0]).toMatchObject({ events: 165, unsignedTail: 0 });
    } finally {
      await proxy.stop();
    }
  });

  it('a new sink on the same log dir ships what an earlier process left, then its own chain', async () => {
    const topic = await newTopic('wardgate.audit.resume');
    const spoolDir = join(workDir, 'spool-resume');
    const first = track(await createTestSink([`127.0.0.1:${await deadPort()}`], topic, key, { spoolDir }));
    for (let i = 0; i < 25; i++) first.emit(decisionEvent(i));
    await first.close();
    expect(first.stats()).toMatchObject({ delivered: 0, unshipped: 25 + 3 });

    const second = track(await createTestSink(brokers, topic, key, { spoolDir }));
    for (let i = 0; i < 5; i++) second.emit(decisionEvent(100 + i));
    await waitFor('leftovers to be shipped', () => second.stats().unshipped === 0 && second.stats().queued === 0);
    await second.close();

    const events = await readTopic(brokers, topic);
    const old = chainEvents(events, first.chainId);
    expect(old.map((e) => e.chain.seq)).toEqual(old.map((_, i) => i + 1));
    expect(old).toHaveLength(28);
    expect(chainEvents(events, second.chainId)).toHaveLength(6);
    expect(second.stats()).toMatchObject({ unshipped: 0, delivered: 28 + 6 });
    const report = await verifyAuditEvents(events, { keys });
    expect(report.ok).toBe(true);
  });

  it('refuses, at emit and without throwing, once Kafka is down and the log is full', async () => {
    const topic = uniqueTopic('wardgate.audit.never');
    const sink = track(await createTestSink([`127.0.0.1:${await deadPort()}`], topic, key, {
      spoolDir: join(workDir, 'spool-full'),
      queueMaxEvents: 1000,
      spoolMaxBytes: 4096, // a handful of events
    }));
    let refused: WardgateError | undefined;
    await waitFor('emit to refuse', async () => {
      const receipt = sink.emit(decisionEvent(1));
      refused = receipt.refused;
      if (refused === undefined) await receipt.durable;
      return refused !== undefined;
    }, 30_000);
    expect(refused).toBeInstanceOf(WardgateError);
    expect(refused?.code).toBe(ErrorCode.ResourceExhausted);
    expect(sink.health().ready).toBe(false);
    // Events taken at emit and refused by the full log when written count too.
    expect(sink.stats().refused).toBeGreaterThan(0);
  });
});
