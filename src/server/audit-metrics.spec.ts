import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuditChain } from '../audit/audit-chain.js';
import { createHmacSigner } from '../audit/audit-signer.js';
import { JsonlFileAuditSink } from '../audit/jsonl-file-audit-sink.js';
import { KafkaAuditSink } from '../audit/kafka-audit-sink.js';
import { encodeWalRecord } from '../audit/wal-record.js';
import { ManualClock } from '../clock/clock.js';
import { createSilentLogger } from '../logging/logger.js';
import { createWardgateMetrics } from '../metrics/wardgate-metrics.js';
import { collectAuditMetrics } from './start-steps.js';

function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe('collectAuditMetrics (what WardgateAuditCheckpointOverdue reads)', () => {
  it('exports the last signed checkpoint time and the events awaiting one, read from the sink at scrape time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wardgate-audit-metrics-'));
    const clock = new ManualClock(Date.UTC(2026, 11, 3, 6, 0, 0));
    const sink = await JsonlFileAuditSink.create({
      chain: createAuditChain({ chainId: 'c-metrics', signer: createHmacSigner('h1', Buffer.alloc(32, 7)), clock }),
      clock,
      path: join(dir, 'audit.jsonl'),
      queueMaxEvents: 1000,
      checkpointEveryEvents: 3,
      checkpointEveryMs: 60_000,
      logger: createSilentLogger(),
    });
    try {
      const metrics = createWardgateMetrics();
      collectAuditMetrics({ metrics }, sink);
      let text = metrics.registry.render();
      expect(sample(text, 'wardgate_audit_last_checkpoint_timestamp_seconds')).toBe(0);
      expect(sample(text, 'wardgate_audit_uncheckpointed_events')).toBe(0);

      const receipts = [1, 2].map(() => sink.emit({ kind: 'grant.used', grant: { id: 'g' } }));
      // Emitted, not yet on disk: the pending gauge is read at this scrape, not only at /readyz.
      expect(sample(metrics.registry.render(), 'wardgate_audit_pending_events')).toBe(2);
      await Promise.all(receipts.map((r) => r.durable));
      text = metrics.registry.render();
      expect(sample(text, 'wardgate_audit_pending_events')).toBe(0);
      expect(sample(text, 'wardgate_audit_uncheckpointed_events')).toBe(2);
      expect(sample(text, 'wardgate_audit_last_checkpoint_timestamp_seconds')).toBe(0);

      // The third event triggers a signed checkpoint (checkpointEveryEvents: 3).
      clock.advance(5_000);
      await sink.emit({ kind: 'grant.used', grant: { id: 'g' } }).durable;
      await sink.flush();
      text = metrics.registry.render();
      expect(sample(text, 'wardgate_audit_uncheckpointed_events')).toBe(0);
      expect(sample(text, 'wardgate_audit_last_checkpoint_timestamp_seconds')).toBe(Date.UTC(2026, 11, 3, 6, 0, 5) / 1000);
    } finally {
      await sink.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exports the records of the Kafka sink\'s local log that are damaged on disk, and health says so while staying ready', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wardgate-audit-metrics-'));
    // One segment: a valid record, one with a bad checksum, a valid one; all shipped (nothing to send, no broker needed).
    const bad = encodeWalRecord('{"n":1}');
    bad[12] = 0x30;
    await writeFile(join(dir, `${'0'.repeat(20)}.wal`), Buffer.concat([encodeWalRecord('{"n":0}'), bad, encodeWalRecord('{"n":2}'), Buffer.alloc(1024)]));
    await writeFile(join(dir, 'committed'), '3\n');
    const clock = new ManualClock(Date.UTC(2026, 11, 3, 6, 0, 0));
    const sink = await KafkaAuditSink.create({
      chain: createAuditChain({ chainId: 'c-unreadable', signer: createHmacSigner('h1', Buffer.alloc(32, 7)), clock }),
      clock,
      logger: createSilentLogger(),
      connection: { brokers: ['127.0.0.1:9'], clientId: 'wardgate-metrics-test' },
      topic: 'unused',
      batchSize: 10,
      lingerMs: 0,
      compression: 'none',
      queueMaxEvents: 100,
      checkpointEveryEvents: 100,
      checkpointEveryMs: 60_000,
      log: { dir, maxBytes: 1024 * 1024, segmentMaxBytes: 1024 },
    });
    try {
      const metrics = createWardgateMetrics();
      collectAuditMetrics({ metrics }, sink);
      expect(sample(metrics.registry.render(), 'wardgate_audit_log_unreadable_records')).toBe(1);
      expect(sink.health()).toMatchObject({ ready: true, unreadable: 1, detail: expect.stringContaining('1 records of the local log unreadable') });
      expect(sink.stats().unreadable).toBe(1);
    } finally {
      await sink.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
