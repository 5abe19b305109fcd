import { describe, expect, it } from 'vitest';
import { ev, sealScript, type ScriptedEvent } from '../../test/support/sealed-stream.js';
import { auditTamperings } from '../audit/audit-tampering.js';
import { buildAuditReport, type ReportSource } from './build-audit-report.js';

const identity = { remask: ((t: string | undefined) => t) as never };
const script: ScriptedEvent[] = Array.from({ length: 9 }, (_, i) => ({ at: i * 1000, event: ev.decision({ id: `q${i}`, user: `u${i}`, action: 'deny' }) }));
const { events, keys } = sealScript(script, { every: 3 });

let reads = 0;

function source(list: readonly unknown[]): ReportSource {
  return {
    labels: ['memory'],
    deliveryTimesKnown: false,
    open: () => (async function* () {
      reads++;
      await Promise.resolve();
      for (const value of list) yield { value: structuredClone(value) };
    })(),
  };
}

async function build(list: readonly unknown[]) {
  reads = 0;
  const built = await buildAuditReport({ source: source(list), keys, remasker: identity, now: Date.UTC(2026, 5, 1) });
  built.dispose();
  return built.report;
}

// Index 2 is the third decision (seq 3); the chain has a checkpoint after every three events.
const expectations: Record<string, { excluded: Record<string, number>; inReport: number; users: number }> = {
  'edit a field': { excluded: { altered: 1 }, inReport: events.length - 1, users: 8 },
  // Seq 3 and the checkpoint after it (seq 4), which no longer links to it.
  'edit a field and recompute its hash': { excluded: { unlinked: 2 }, inReport: events.length - 2, users: 8 },
  'drop one event': { excluded: {}, inReport: events.length - 1, users: 8 },
  'swap two events': { excluded: {}, inReport: events.length, users: 9 },
  'insert a forged event': { excluded: { unlinked: 2 }, inReport: events.length - 1, users: 8 },
  'corrupt a checkpoint signature': { excluded: {}, inReport: events.length, users: 9 },
  'sign a checkpoint with another key under the same key id': { excluded: {}, inReport: events.length, users: 9 },
  'claim an unknown key id': { excluded: {}, inReport: events.length, users: 9 },
};

describe('the report takes verified events only', () => {
  it('an untouched stream: every event, nothing excluded', async () => {
    const report = await build(events);
    expect(report.integrity).toMatchObject({ ok: true, eventsInReport: events.length, excluded: {}, keyIds: ['k1'] });
    expect(report.access.total).toBe(9);
    // Built while verifying: one read.
    expect(reads).toBe(1);
  });

  it.each(auditTamperings(2).map((t) => [t.name, t] as const))('%s', async (name, tampering) => {
    const expected = expectations[name]!;
    const report = await build(tampering.apply(events));
    expect(report.integrity.ok).toBe(false);
    expect(report.integrity.findings.map((f) => f.kind)).toContain(tampering.expected);
    expect(report.integrity.excluded).toEqual(expected.excluded);
    expect(report.integrity.eventsInReport).toBe(expected.inReport);
    expect(report.access.byUser).toHaveLength(expected.users);
    expect(report.access.byUser.map((u) => u.key)).not.toContain('forger');
    // Only an edited, replaced or forged event needs a second read that leaves it out.
    expect(reads).toBe(['hash_mismatch', 'broken_link', 'conflicting_duplicate'].includes(tampering.expected) ? 2 : 1);
  });

  it('an exact re-delivery (spool replay) is taken once', async () => {
    const report = await build([...events.slice(0, 5), events[2], events[3], ...events.slice(5)]);
    expect(report.integrity).toMatchObject({ ok: true, duplicates: 2, excluded: { duplicate: 2 }, eventsInReport: events.length });
    expect(report.access.total).toBe(9);
  });

  it('records that are no audit event are counted as malformed', async () => {
    const report = await build([...events, 'not json', { kind: 'x' }]);
    expect(report.integrity.ok).toBe(false);
    expect(report.integrity.excluded).toEqual({ malformed: 2 });
  });
});
