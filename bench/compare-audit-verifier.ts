import { generateKeyPairSync } from 'node:crypto';
import { resolve } from 'node:path';
import { createAuditChain } from '../src/audit/audit-chain.js';
import type { AuditEventInput } from '../src/audit/audit-event.js';
import { createEd25519Signer } from '../src/audit/audit-signer.js';
import { auditTamperings } from '../src/audit/audit-tampering.js';
import { verifyAuditEvents } from '../src/audit/audit-verifier.js';
import type { SealedAuditEvent } from '../src/audit/sealed-audit-event.js';
import { ManualClock } from '../src/clock/clock.js';

/**
 * For changes to the audit verifier: (1) verifies 400 seeded, randomly mutated logs (swaps,
 * drops, duplicates, forgeries, relinks, reversals, garbage records, the tampering drills, time
 * filters) with this checkout and another one and counts the reports that differ (exit 1 if
 * any); (2) prints the bytes each verifier keeps per event while verifying 200k events (heap and
 * buffers after a GC at the end of the input, minus before; run with --expose-gc).
 *   git worktree add /tmp/wardgate-old <commit> && ln -s "$PWD/node_modules" /tmp/wardgate-old/
 *   node --expose-gc --import tsx bench/compare-audit-verifier.ts /tmp/wardgate-old
 */
const [otherRoot] = process.argv.slice(2);
if (otherRoot === undefined) throw new Error('usage: compare-audit-verifier.ts OTHER_CHECKOUT');
const other = (await import(resolve(otherRoot, 'src/audit/audit-verifier.ts'))) as { verifyAuditEvents: typeof verifyAuditEvents };
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const keys = new Map([['k1', publicKey]]);
const input = (i: number): AuditEventInput => ({
  kind: 'access.decision',
  correlationId: `r-${i}`,
  actor: { user: 'alice' },
  target: { method: 'GET', path: `/Patient/${i}` },
  decision: { action: 'allow', enforced: 'allow', ruleId: 'r1', reason: 'grant', dryRun: false },
});

let seed = 7;
const rnd = (): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x80000000;
};
const below = (n: number): number => Math.floor(rnd() * n);

/** Two interleaved chains of 3 to 22 events, checkpointed every 4 and at the end. */
function sealedLog(): SealedAuditEvent[] {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const out: SealedAuditEvent[] = [];
  for (const id of ['a', 'b']) {
    const chain = createAuditChain({ chainId: id, signer: createEd25519Signer('k1', privateKey), clock });
    const n = 3 + below(20);
    for (let i = 0; i < n; i++) {
      out.push(chain.seal(input(i)));
      clock.advance(1000);
      if (chain.uncheckpointed >= 4) out.push(chain.checkpoint('count')!);
    }
    const last = chain.checkpoint('close');
    if (last) out.push(last);
  }
  return out;
}

function mutate(log: SealedAuditEvent[]): unknown[] {
  let events: unknown[] = structuredClone(log);
  const at = (): number => below(events.length);
  for (let k = below(4); k > 0; k--) {
    const r = rnd();
    const i = at();
    const j = at();
    if (r < 0.2) [events[i], events[j]] = [events[j], events[i]];
    else if (r < 0.35) events.splice(i, 1);
    else if (r < 0.5) events.splice(j, 0, structuredClone(events[i]));
    else if (r < 0.6) events.splice(j, 0, { ...structuredClone(events[i] as object), correlationId: 'forged' });
    else if (r < 0.7) {
      const [a, b] = [events[i], events[j]] as Array<SealedAuditEvent | undefined>;
      if (a?.chain !== undefined && b?.chain !== undefined) a.chain.prevHash = b.chain.hash;
    } else if (r < 0.8) events.reverse();
    else if (r < 0.9) events.splice(i, 0, 'not an event');
    else {
      const chainA = events.filter((e): e is SealedAuditEvent => (e as SealedAuditEvent).chain?.id === 'a');
      const drills = auditTamperings(1);
      if (chainA.length > 4) events = [...drills[below(drills.length)]!.apply(chainA), ...events.filter((e) => (e as SealedAuditEvent).chain?.id !== 'a')];
    }
  }
  return events;
}

let differ = 0;
for (let round = 0; round < 400; round++) {
  const events = mutate(sealedLog());
  const range = rnd() < 0.2 ? { from: Date.UTC(2026, 0, 1, 0, 0, 3), to: Date.UTC(2026, 0, 1, 0, 0, 12) } : {};
  const before = JSON.stringify(await other.verifyAuditEvents(events, { keys, ...range }));
  const now = JSON.stringify(await verifyAuditEvents(events, { keys, ...range }));
  if (before !== now && ++differ <= 3) console.log(`DIFFERS\n  before ${before}\n  now    ${now}`);
}
console.log(`400 mutated logs verified by both: ${differ} reports differ`);

const gc = (globalThis as { gc?: () => void }).gc;
const retained = (): number => {
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
async function bytesPerEvent(verify: typeof verifyAuditEvents): Promise<number> {
  let atEnd = 0;
  function* events(): Generator<unknown> {
    const chain = createAuditChain({ chainId: 'c1', signer: createEd25519Signer('k1', privateKey), clock: new ManualClock(Date.UTC(2026, 0, 1)) });
    for (let i = 0; i < 200_000; i++) {
      // As read from a file or topic: parsed JSON, not the sealing chain's own objects.
      yield JSON.parse(JSON.stringify(chain.seal(input(i)))) as unknown;
      if (chain.uncheckpointed >= 100) yield JSON.parse(JSON.stringify(chain.checkpoint('count'))) as unknown;
    }
    atEnd = retained();
  }
  const before = retained();
  const report = await verify(events(), { keys });
  return Math.round((atEnd - before) / report.records);
}
const note = gc === undefined ? ' (no --expose-gc: garbage included)' : '';
console.log(`verifier state per event over 202,000 events: other checkout ${await bytesPerEvent(other.verifyAuditEvents)} bytes, this one ${await bytesPerEvent(verifyAuditEvents)} bytes${note}`);
process.exitCode = differ > 0 ? 1 : 0;
