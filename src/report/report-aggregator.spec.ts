import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ev, sealScript, T0, type ScriptedEvent } from '../../test/support/sealed-stream.js';
import type { SealedAuditEvent } from '../audit/sealed-audit-event.js';
import { ReportAggregator, type AggregatedSections } from './report-aggregator.js';

const identity = { remask: ((t: string | undefined) => t) as never };
const DAY = 86_400_000;
const iso = (at: number): string => new Date(T0 + at).toISOString();

function aggregate(events: SealedAuditEvent[], options: { referenceTime?: number; delivered?: (e: SealedAuditEvent) => number; limits?: Record<string, number> } = {}) {
  const aggregator = new ReportAggregator({ remasker: identity, referenceTime: options.referenceTime ?? T0 + 10 * DAY, deliveryTimesKnown: options.delivered !== undefined, ...(options.limits ? { limits: options.limits } : {}) });
  for (const e of events) aggregator.add(e as unknown as Record<string, unknown>, options.delivered?.(e));
  return aggregator;
}

async function all<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

interface Case {
  name: string;
  script: ScriptedEvent[];
  expect: (s: AggregatedSections) => void;
}

const cases: Case[] = [
  {
    name: 'access totals by decision, enforcement, user, agent, destination, command kind and day',
    script: [
      { at: 0, event: ev.decision({ id: 'q1', user: 'alice', agent: 'agent-a', action: 'allow', kinds: ['rest:read'] }) },
      { at: 1000, event: ev.decision({ id: 'q2', user: 'alice', agent: 'agent-a', dest: 'db.internal', method: 'POST', path: '/sql', action: 'deny', kinds: ['sql:ddl'], rule: 'no-ddl' }) },
      { at: 2000, event: ev.decision({ id: 'q3', user: 'bob', agent: 'agent-b', method: 'POST', action: 'hold', kinds: ['rest:write'], rule: 'r-hold' }) },
      { at: DAY, event: ev.decision({ id: 'q4', user: 'bob', agent: 'agent-b', action: 'deny', dryRun: true, kinds: ['rest:read', 'rest:search'] }) },
      { at: DAY + 5, event: ev.decision({ id: 'q5', user: 'carol', action: 'allow', kinds: [] }) },
    ],
    expect: (s) => {
      expect(s.access.total).toBe(5);
      expect(s.access.byDecision).toEqual({ allow: 2, deny: 1, hold: 1, dry_run_allow: 1 });
      expect(s.access.byEnforced).toEqual({ allow: 3, deny: 1, hold: 1 });
      expect(s.access.byUser).toEqual([{ key: 'alice', count: 2 }, { key: 'bob', count: 2 }, { key: 'carol', count: 1 }]);
      expect(s.access.byAgent).toEqual([{ key: 'agent-a', count: 2 }, { key: 'agent-b', count: 2 }, { key: '(none)', count: 1 }]);
      expect(s.access.byDestination).toEqual([{ key: 'fhir.internal', count: 4 }, { key: 'db.internal', count: 1 }]);
      expect(s.access.byCommandKind).toEqual([
        { key: 'rest:read', count: 2 }, { key: '(none)', count: 1 }, { key: 'rest:search', count: 1 }, { key: 'rest:write', count: 1 }, { key: 'sql:ddl', count: 1 },
      ]);
      expect(s.access.byDay).toEqual([
        { day: '2026-03-02', allow: 1, deny: 1, hold: 1, dry_run_allow: 0 },
        { day: '2026-03-03', allow: 1, deny: 0, hold: 0, dry_run_allow: 1 },
      ]);
      expect(s.policy.dryRun).toEqual({ decisions: 1, firstAt: iso(DAY), lastAt: iso(DAY), days: ['2026-03-03'] });
      // The allowed ones wait for a session; the denied and held ones need none.
      expect(s.masking.exceptions.decisionWithoutSession.items.map((r) => r.correlationId)).toEqual(['q1', 'q4', 'q5']);
    },
  },
  {
    name: 'masking proof: counts by category and profile, exceptions by kind, decisions matched to sessions',
    script: [
      { at: 0, event: ev.decision({ id: 'm1', user: 'alice', action: 'allow' }) },
      { at: 10, event: ev.session({ id: 'm1', user: 'alice', categories: { name: 2, ssn: 1 } }) },
      { at: 20, event: ev.decision({ id: 'm2', user: 'alice', action: 'allow', rule: 'metadata' }) },
      { at: 30, event: ev.session({ id: 'm2', user: 'alice', profile: 'none', rule: 'metadata' }) },
      { at: 40, event: ev.decision({ id: 'm3', user: 'alice', action: 'allow' }) },
      { at: 50, event: ev.session({ id: 'm3', user: 'alice', blocked: 'unsupported_content_encoding', status: 502 }) },
      { at: 60, event: ev.decision({ id: 'm4', user: 'alice', action: 'allow' }) },
      { at: 70, event: ev.session({ id: 'm4', user: 'alice', noSummary: true }) },
      // A session whose decision went to another replica, read later.
      { at: 80, event: ev.session({ id: 'm5', user: 'bob', categories: { date: 4 } }) },
      { at: 90, event: ev.decision({ id: 'm5', user: 'bob', action: 'allow' }) },
      { at: 100, event: ev.session({ id: 'orphan', user: 'bob', categories: { name: 1 } }) },
      { at: 110, event: ev.decision({ id: 'lost', user: 'bob', action: 'allow' }) },
      { at: 120, event: ev.decision({ id: 'denied', user: 'bob', action: 'deny' }) },
    ],
    expect: (s) => {
      expect(s.masking.sessions).toBe(6);
      expect(s.masking.maskedValues).toBe(8);
      expect(s.masking.byCategory).toEqual([{ key: 'date', count: 4 }, { key: 'name', count: 3 }, { key: 'ssn', count: 1 }]);
      expect(s.masking.byProfile).toEqual([{ profile: 'none', sessions: 1, maskedValues: 0 }, { profile: 'strict', sessions: 5, maskedValues: 8 }]);
      const ex = s.masking.exceptions;
      expect(ex.passedUnmasked.items.map((r) => [r.correlationId, r.ruleId])).toEqual([['m2', 'metadata']]);
      expect(ex.blocked.items.map((r) => [r.correlationId, r.reason])).toEqual([['m3', 'unsupported_content_encoding']]);
      expect(ex.missingSummary.items.map((r) => r.correlationId)).toEqual(['m4']);
      expect(ex.decisionWithoutSession).toEqual({ total: 1, items: [expect.objectContaining({ correlationId: 'lost' })] });
      expect(ex.sessionWithoutDecision).toEqual({ total: 1, items: [expect.objectContaining({ correlationId: 'orphan' })] });
    },
  },
  {
    name: 'approvals record: who asked, who decided, time to decision, the grant, its uses and its end',
    script: [
      { at: 0, event: ev.requested({ approvalId: 'ap-1', id: 'h1', user: 'alice', agent: 'agent-a', command: 'POST /Observation' }) },
      { at: 90_000, event: ev.decided({ approvalId: 'ap-1', id: 'h1', approver: 'dana', verdict: 'approved', comment: 'ticket 42' }) },
      { at: 90_001, event: ev.grantIssued({ grantId: 'g-1', approvalId: 'ap-1', id: 'h1', user: 'alice', agent: 'agent-a', by: 'dana', expiresAt: T0 + 390_001, uses: 1 }) },
      { at: 95_000, event: ev.grantUsed({ grantId: 'g-1', id: 'h1b', user: 'alice', usesLeft: 0 }) },
      { at: 100_000, event: ev.requested({ approvalId: 'ap-2', id: 'h2', user: 'bob', command: 'DELETE /Patient/[REDACTED:ID]' }) },
      { at: 200_000, event: ev.expired({ approvalId: 'ap-2', id: 'h2', user: 'bob' }) },
      { at: 300_000, event: ev.requested({ approvalId: 'ap-3', id: 'h3', user: 'bob', command: 'PUT /Patient/x' }) },
      { at: 330_000, event: ev.decided({ approvalId: 'ap-3', id: 'h3', approver: 'erin', verdict: 'denied', comment: 'no' }) },
      { at: 400_000, event: ev.grantIssued({ grantId: 'g-admin', user: 'carol', by: 'root-admin', expiresAt: T0 + 4_000_000, admin: true }) },
      { at: 500_000, event: ev.grantUsed({ grantId: 'g-admin', id: 'u1', user: 'carol' }) },
      { at: 510_000, event: ev.grantUsed({ grantId: 'g-admin', id: 'u2', user: 'carol' }) },
      { at: 600_000, event: ev.grantRevoked({ grantId: 'g-admin', by: 'root-admin' }) },
      { at: 700_000, event: ev.requested({ approvalId: 'ap-4', id: 'h4', user: 'bob', command: 'PATCH /x' }) },
      { at: 710_000, event: ev.decided({ approvalId: 'ap-4', id: 'h4', approver: 'dana', verdict: 'approved' }) },
      { at: 710_001, event: ev.grantIssued({ grantId: 'g-4', approvalId: 'ap-4', id: 'h4', user: 'bob', by: 'dana', expiresAt: T0 + 800_000, uses: 1 }) },
    ],
    expect: (s) => {
      const a = s.approvals;
      expect(a.holds.total).toBe(4);
      expect(a.byOutcome).toEqual({ pending: 0, approved: 2, denied: 1, expired: 1 });
      expect(a.expiredUnanswered).toBe(1);
      expect(a.directGrants).toBe(1);
      expect(a.holds.items[0]).toEqual({
        approvalId: 'ap-1', requestedAt: iso(0), user: 'alice', agent: 'agent-a', destination: 'fhir.internal', method: 'POST', command: 'POST /Observation',
        commandKinds: ['rest:write'], ruleId: 'r-hold', outcome: 'approved', decidedBy: 'dana', decidedAt: iso(90_000), comment: 'ticket 42', timeToDecisionMs: 90_000, grantId: 'g-1',
      });
      expect(a.holds.items[1]).toMatchObject({ approvalId: 'ap-2', outcome: 'expired', decidedAt: iso(200_000) });
      expect(a.holds.items[1]!.timeToDecisionMs).toBeUndefined();
      expect(a.holds.items[2]).toMatchObject({ approvalId: 'ap-3', outcome: 'denied', decidedBy: 'erin', timeToDecisionMs: 30_000 });
      expect(a.grants.items.map((g) => [g.id, g.source, g.end, g.endedAt, g.useCount, g.usesAtIssue])).toEqual([
        ['g-1', 'approval', 'used_up', iso(95_000), 1, 1],
        ['g-admin', 'admin', 'revoked', iso(600_000), 2, undefined],
        ['g-4', 'approval', 'expired', iso(800_000), 0, 1],
      ]);
      expect(a.grants.items[0]).toMatchObject({ issuedBy: ['dana'], ttlMs: 300_000, scope: { destination: 'fhir.internal', method: 'POST', commandKinds: ['rest:write'] }, subjectAgent: 'agent-a' });
      expect(a.grants.items[1]).toMatchObject({ issuedBy: ['root-admin'], subjectUser: 'carol', uses: [iso(500_000), iso(510_000)] });
    },
  },
  {
    name: 'exceptions and policy: fail-open decisions, starts and stops, reloads and rejected reloads',
    script: [
      { at: 0, event: ev.started() },
      { at: 1, event: ev.policyLoaded('ab', 7) },
      { at: 1000, event: ev.decision({ id: 'f1', user: 'alice', action: 'hold', enforced: 'allow', reason: 'needs grant; grant_store_unavailable, failing open' }) },
      { at: 2000, event: ev.decision({ id: 'f2', user: 'alice', action: 'deny', reason: 'grant_store_unavailable' }) },
      { at: 3000, event: ev.policyRejected('rules.0.match: expected object') },
      { at: 4000, event: ev.policyLoaded('cd', 8) },
      { at: 5000, event: ev.stopped() },
    ],
    expect: (s) => {
      expect(s.exceptions.failOpen).toEqual({ total: 1, items: [{ time: iso(1000), correlationId: 'f1', ruleId: 'r-default', reason: 'needs grant; grant_store_unavailable, failing open' }] });
      expect(s.exceptions.starts).toEqual({ total: 1, items: [{ chainId: 'gw-1', startedAt: iso(0), stoppedAt: iso(5000) }] });
      expect(s.exceptions.restarts).toBe(0);
      expect(s.exceptions.uncleanStops).toBe(0);
      expect(s.policy.versions.items.map((v) => [v.sha256.slice(0, 4), v.rules, v.loadedAt])).toEqual([['abab', 7, iso(1)], ['cdcd', 8, iso(4000)]]);
      expect(s.policy.rejected).toEqual({ total: 1, items: [{ time: iso(3000), chainId: 'gw-1', error: 'rules.0.match: expected object' }] });
      expect(s.exceptions.lateDelivered).toEqual({ count: 0, thresholdMs: 10_000, known: false });
    },
  },
];

describe('ReportAggregator', () => {
  it.each(cases)('$name', ({ script, expect: check }) => {
    const aggregator = aggregate(sealScript(script).events);
    try {
      check(aggregator.finish());
    } finally {
      aggregator.dispose();
    }
  });

  it('lists every request and session in the order read, with the recorded fields', async () => {
    const aggregator = aggregate(sealScript([
      { at: 0, event: ev.decision({ id: 'r1', user: 'alice', agent: 'a', method: 'GET', path: '/Patient/1', action: 'allow', rule: 'read', kinds: ['rest:read'] }) },
      { at: 5, event: ev.session({ id: 'r1', user: 'alice', agent: 'a', categories: { name: 1 }, rule: 'read' }) },
      { at: 9, event: ev.decision({ id: 'r2', user: 'bob', action: 'hold', grantId: 'g9', approvalId: 'ap9', rule: 'w' }) },
    ]).events);
    aggregator.finish();
    expect(await all(aggregator.requests.rows())).toEqual([
      { time: iso(0), user: 'alice', agent: 'a', destination: 'fhir.internal', method: 'GET', path: '/Patient/1', commandKinds: ['rest:read'], decision: 'allow', enforced: 'allow', ruleId: 'read', correlationId: 'r1' },
      { time: iso(9), user: 'bob', destination: 'fhir.internal', method: 'GET', path: '/Patient', commandKinds: ['rest:read'], decision: 'hold', enforced: 'hold', ruleId: 'w', grantId: 'g9', approvalId: 'ap9', correlationId: 'r2' },
    ]);
    expect(await all(aggregator.sessions.rows())).toEqual([
      { time: iso(5), correlationId: 'r1', user: 'alice', agent: 'a', ruleId: 'read', status: 200, maskingProfile: 'strict', masked: 1, categories: { name: 1 } },
    ]);
    aggregator.dispose();
  });

  it('spills rows beyond memory to disk and reads them all back in order', async () => {
    const script: ScriptedEvent[] = [];
    for (let i = 0; i < 2500; i++) script.push({ at: i, event: ev.decision({ id: `s${i}`, user: `u${i % 7}`, action: 'deny' }) });
    const aggregator = aggregate(sealScript(script, { every: 1000 }).events, { limits: { htmlRows: 100 } });
    await aggregator.requests.drain();
    aggregator.finish();
    const rows = await all(aggregator.requests.rows());
    expect(rows).toHaveLength(2500);
    expect(rows.map((r) => r.correlationId)).toEqual(script.map((_, i) => `s${i}`));
    expect(await all(aggregator.requests.rows(150))).toHaveLength(150);
    aggregator.dispose();
  });

  it('keeps breakdowns and open correlations bounded: new keys beyond the limit count as (other)', () => {
    const script: ScriptedEvent[] = [];
    for (let i = 0; i < 30; i++) script.push({ at: i, event: ev.decision({ id: `b${i}`, user: `user-${String(i).padStart(2, '0')}`, action: 'allow' }) });
    const aggregator = aggregate(sealScript(script, { every: 100 }).events, { limits: { breakdownKeys: 10, openCorrelations: 5, listItems: 3 } });
    const s = aggregator.finish();
    expect(s.access.byUser).toHaveLength(11);
    expect(s.access.byUser.at(-1)).toEqual({ key: '(other)', count: 20 });
    expect(s.access.otherKeys).toBe(20);
    // 25 evicted early plus 5 still open at the end; 3 listed.
    expect(s.masking.exceptions.decisionWithoutSession.total).toBe(30);
    expect(s.masking.exceptions.decisionWithoutSession.items).toHaveLength(3);
    aggregator.dispose();
  });

  it('counts late deliveries (spooled) when delivery times are known, and restarts, unclean stops and key changes', () => {
    const other = generateKeyPairSync('ed25519');
    const first = sealScript([
      { at: 0, event: ev.started('gw-1') },
      { at: 10, event: ev.decision({ id: 'l1', user: 'alice', action: 'deny' }) },
      { at: 20, event: ev.decision({ id: 'l2', user: 'alice', action: 'deny' }) },
    ], { chainId: 'gw-1', keyId: 'k1', every: 2 });
    const second = sealScript([
      { at: 60_000, event: ev.started('gw-2') },
      { at: 60_010, event: ev.decision({ id: 'l3', user: 'alice', action: 'deny' }) },
      { at: 60_020, event: ev.stopped('gw-2') },
    ], { chainId: 'gw-2', keyId: 'k2', privateKey: other.privateKey, publicKey: other.publicKey, every: 100 });
    const lateIds = new Set(['l2', 'l3']);
    const aggregator = aggregate([...first.events, ...second.events], {
      delivered: (e) => Date.parse(e.time) + (lateIds.has(e.correlationId ?? '') ? 30_000 : 200),
    });
    const s = aggregator.finish();
    expect(s.exceptions.lateDelivered).toEqual({ count: 2, thresholdMs: 10_000, known: true });
    expect(s.exceptions.starts.total).toBe(2);
    expect(s.exceptions.restarts).toBe(1);
    expect(s.exceptions.uncleanStops).toBe(1);
    expect(s.exceptions.keyChanges).toEqual({ total: 1, items: [{ time: second.events.find((e) => e.kind === 'chain.checkpoint')!.time, chainId: 'gw-2', fromKeyId: 'k1', toKeyId: 'k2' }] });
    expect(s.chainKeyIds).toEqual(new Map([['gw-1', ['k1']], ['gw-2', ['k2']]]));
    aggregator.dispose();
  });
});
