import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { createAuditChain, type AuditChain } from './audit-chain.js';
import type { AuditEventInput } from './audit-event.js';
import { createEd25519Signer, createHmacSigner, type AuditVerificationKey } from './audit-signer.js';
import { auditTamperings } from './audit-tampering.js';
import { verifyAuditEvents } from './audit-verifier.js';
import type { SealedAuditEvent } from './sealed-audit-event.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const keys = new Map<string, AuditVerificationKey>([['k1', publicKey]]);

function input(i: number): AuditEventInput {
  return {
    kind: 'access.decision',
    correlationId: `req-${i}`,
    actor: { user: `user-${i}` },
    target: { method: 'GET', path: `/Patient/${i}` },
    decision: { action: 'allow', enforced: 'allow', ruleId: 'r1', reason: 'grant', dryRun: false },
  };
}

/** A chain of `n` events with a checkpoint after every `every` events and at the end. */
function sealChain(n: number, every = 4, chain: AuditChain = createAuditChain({ chainId: 'c1', signer: createEd25519Signer('k1', privateKey), clock: new ManualClock() })): SealedAuditEvent[] {
  const out: SealedAuditEvent[] = [];
  for (let i = 0; i < n; i++) {
    out.push(chain.seal(input(i)));
    if (chain.uncheckpointed >= every) out.push(chain.checkpoint('count')!);
  }
  const last = chain.checkpoint('close');
  if (last) out.push(last);
  return out;
}

describe('verifyAuditEvents', () => {
  it('passes an untouched chain and reports its coverage', async () => {
    const events = sealChain(10);
    const report = await verifyAuditEvents(events, { keys });
    expect(report.ok).toBe(true);
    expect(report.chains).toHaveLength(1);
    expect(report.chains[0]).toMatchObject({ chainId: 'c1', events: events.length, firstSeq: 1, lastSeq: events.length, checkpoints: 3, unsignedTail: 0, duplicates: 0 });
  });

  it.each(auditTamperings(2).map((t) => [t.name, t] as const))('detects: %s', async (_name, tampering) => {
    const report = await verifyAuditEvents(tampering.apply(sealChain(10)), { keys });
    expect(report.ok).toBe(false);
    expect(report.chains[0]!.findings.map((f) => f.kind)).toContain(tampering.expected);
  });

  it.each(auditTamperings(2).map((t) => [t.name, t] as const))('detects, with the chain arriving backwards: %s', async (_name, tampering) => {
    const report = await verifyAuditEvents(tampering.apply(sealChain(10)).reverse(), { keys });
    expect(report.chains[0]!.findings.map((f) => f.kind)).toContain(tampering.expected);
  });

  it('verifies a chain that arrives backwards: every event late, every link and signature still checked', async () => {
    const events = sealChain(10);
    const report = await verifyAuditEvents([...events].reverse(), { keys });
    const chain = report.chains[0]!;
    expect(chain.findings.map((f) => f.kind)).toEqual(Array<string>(events.length - 1).fill('reordered'));
    expect(chain).toMatchObject({ events: events.length, firstSeq: 1, lastSeq: events.length, checkpoints: 3, unsignedTail: 0 });
    expect(chain.firstTime).toBe(events[0]!.time);
    expect(chain.lastTime).toBe(events.at(-1)!.time);
  });

  it('tells late re-deliveries from late forgeries', async () => {
    const events = sealChain(6);
    const forged = structuredClone(events[1]!);
    forged.actor = { user: 'mallory' };
    const report = await verifyAuditEvents([events[0]!, ...events.slice(3), events[2]!, events[1]!, events[2]!, forged], { keys });
    const chain = report.chains[0]!;
    expect(chain.duplicates).toBe(1);
    expect(chain.findings.map((f) => [f.kind, f.seq])).toEqual([
      ['reordered', 2], ['hash_mismatch', 2], ['conflicting_duplicate', 2], ['reordered', 3],
    ]);
  });

  it('verifies interleaved chains separately and HMAC checkpoints', async () => {
    const hmacKey = randomBytes(32);
    const other = createAuditChain({ chainId: 'c2', signer: createHmacSigner('h1', hmacKey), clock: new ManualClock() });
    const a = sealChain(6);
    const b = sealChain(6, 3, other);
    const mixed = a.flatMap((e, i) => (b[i] ? [e, b[i]] : [e]));
    const report = await verifyAuditEvents(mixed, { keys: new Map<string, AuditVerificationKey>([...keys, ['h1', hmacKey]]) });
    expect(report.ok).toBe(true);
    expect(report.chains.map((c) => c.chainId).sort()).toEqual(['c1', 'c2']);
    const wrongHmac = await verifyAuditEvents(b, { keys: new Map([['h1', randomBytes(32)]]) });
    expect(wrongHmac.chains[0]!.findings.map((f) => f.kind)).toEqual(['bad_signature', 'bad_signature']);
  });

  it('tolerates exact re-deliveries but counts them', async () => {
    const events = sealChain(6);
    const report = await verifyAuditEvents([...events.slice(0, 5), ...events.slice(2)], { keys });
    expect(report.ok).toBe(true);
    expect(report.chains[0]!.duplicates).toBe(3);
  });

  it('reports a missing head as a gap, unless a time filter starts the chain mid-way', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const chain = createAuditChain({ chainId: 'c1', signer: createEd25519Signer('k1', privateKey), clock });
    const events: SealedAuditEvent[] = [];
    for (let i = 0; i < 8; i++) {
      events.push(chain.seal(input(i)));
      clock.advance(1000);
    }
    events.push(chain.checkpoint('close')!);
    const headless = await verifyAuditEvents(events.slice(3), { keys });
    expect(headless.chains[0]!.findings).toMatchObject([{ kind: 'gap', seq: 1, toSeq: 3 }]);
    const from = Date.UTC(2026, 0, 1, 0, 0, 3);
    const to = Date.UTC(2026, 0, 1, 0, 0, 5);
    const filtered = await verifyAuditEvents(events, { keys, from, to });
    expect(filtered.ok).toBe(true);
    expect(filtered.inRange).toBe(3);
    expect(filtered.chains[0]).toMatchObject({ startsAtSeq: 4, firstSeq: 4, lastSeq: 6, unsignedTail: 3 });
  });

  it('reports unsigned tails and malformed records', async () => {
    const chain = createAuditChain({ chainId: 'c1', signer: createEd25519Signer('k1', privateKey), clock: new ManualClock() });
    const events = [chain.seal(input(1)), chain.seal(input(2))];
    const report = await verifyAuditEvents([...events, 'not json', { chain: { id: 'c9' } }], { keys });
    expect(report.chains[0]).toMatchObject({ ok: true, unsignedTail: 2, lastSignedSeq: 0 });
    expect(report.findings).toMatchObject([{ kind: 'malformed', record: 3 }, { kind: 'malformed', chainId: 'c9', record: 4 }]);
    expect(report.ok).toBe(false);
  });

  it('flags a checkpoint event stripped of its signature', async () => {
    const events = sealChain(4);
    delete events[4]!.checkpoint;
    const report = await verifyAuditEvents(events, { keys });
    expect(report.chains[0]!.findings.map((f) => f.kind)).toEqual(['missing_signature']);
  });
});
