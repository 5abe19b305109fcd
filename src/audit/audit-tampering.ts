import { generateKeyPairSync } from 'node:crypto';
import { computeAuditEventHash } from './audit-chain.js';
import { createEd25519Signer } from './audit-signer.js';
import type { AuditFindingKind } from './audit-verifier.js';
import type { SealedAuditEvent } from './sealed-audit-event.js';

/**
 * Tampering drills: each returns a tampered copy of a sealed chain and the finding the
 * verifier must report. Used by the verifier's unit and Kafka integration tests.
 */
export interface AuditTampering {
  name: string;
  expected: AuditFindingKind;
  apply(events: readonly SealedAuditEvent[]): SealedAuditEvent[];
}

function copy(events: readonly SealedAuditEvent[]): SealedAuditEvent[] {
  return structuredClone(events) as SealedAuditEvent[];
}

function firstCheckpointIndex(events: readonly SealedAuditEvent[]): number {
  const index = events.findIndex((e) => e.checkpoint !== undefined);
  if (index < 0) throw new Error('tampering drill needs a chain with a checkpoint');
  return index;
}

/** The drills; `at` is the index of the victim event (must not be the first or last). */
export function auditTamperings(at = 2): AuditTampering[] {
  return [
    {
      name: 'edit a field',
      expected: 'hash_mismatch',
      apply: (events) => {
        const out = copy(events);
        out[at]!.actor = { ...out[at]!.actor, user: 'someone-else' };
        return out;
      },
    },
    {
      name: 'edit a field and recompute its hash',
      expected: 'broken_link',
      apply: (events) => {
        const out = copy(events);
        out[at]!.details = { ...out[at]!.details, note: 'rewritten' };
        out[at]!.chain.hash = computeAuditEventHash(out[at]!);
        return out;
      },
    },
    {
      name: 'drop one event',
      expected: 'gap',
      apply: (events) => copy(events).filter((_, i) => i !== at),
    },
    {
      name: 'swap two events',
      expected: 'reordered',
      apply: (events) => {
        const out = copy(events);
        [out[at], out[at + 1]] = [out[at + 1]!, out[at]!];
        return out;
      },
    },
    {
      name: 'insert a forged event',
      expected: 'conflicting_duplicate',
      apply: (events) => {
        const out = copy(events);
        const forged = structuredClone(out[at]!);
        forged.actor = { user: 'forger' };
        forged.chain.hash = computeAuditEventHash(forged);
        out.splice(at + 1, 0, forged);
        return out;
      },
    },
    {
      name: 'corrupt a checkpoint signature',
      expected: 'bad_signature',
      apply: (events) => {
        const out = copy(events);
        const cp = out[firstCheckpointIndex(out)]!.checkpoint!;
        const bytes = Buffer.from(cp.signature, 'base64');
        bytes[0] = bytes[0]! ^ 0xff;
        cp.signature = bytes.toString('base64');
        return out;
      },
    },
    {
      name: 'sign a checkpoint with another key under the same key id',
      expected: 'bad_signature',
      apply: (events) => {
        const out = copy(events);
        const event = out[firstCheckpointIndex(out)]!;
        const other = createEd25519Signer(event.checkpoint!.keyId, generateKeyPairSync('ed25519').privateKey);
        event.checkpoint = { ...event.checkpoint!, alg: 'Ed25519', signature: other.sign(Buffer.from(event.chain.hash, 'hex')) };
        return out;
      },
    },
    {
      name: 'claim an unknown key id',
      expected: 'unknown_key',
      apply: (events) => {
        const out = copy(events);
        const event = out[firstCheckpointIndex(out)]!;
        event.checkpoint = { ...event.checkpoint!, keyId: 'attacker-key' };
        return out;
      },
    },
  ];
}
