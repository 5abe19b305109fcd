import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import type { AuditEventInput } from './audit-event.js';
import { computeAuditEventHash, createAuditChain } from './audit-chain.js';
import { createEd25519Signer, verifyCheckpointSignature } from './audit-signer.js';
import { GENESIS_PREV_HASH } from './sealed-audit-event.js';
import { sealedAuditEventSchema } from './sealed-audit-event-schema.js';

const decision: AuditEventInput = {
  kind: 'access.decision',
  correlationId: 'req-1',
  actor: { user: 'alice', agent: 'claude-code' },
  target: { destination: 'fhir.prod', method: 'GET', path: '/Patient' },
  decision: { action: 'allow', enforced: 'allow', ruleId: 'r1', reason: 'grant', dryRun: false },
};

function newChain(clock = new ManualClock()) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { chain: createAuditChain({ chainId: 'host-a', signer: createEd25519Signer('k1', privateKey), clock }), publicKey, clock };
}

describe('createAuditChain', () => {
  it('seals gapless, linked, schema-valid events', () => {
    const { chain, clock } = newChain();
    const first = chain.seal(decision);
    clock.advance(5);
    const second = chain.seal({ kind: 'grant.used', grant: { id: 'g1', usesLeft: 2 } });
    expect(first.chain).toMatchObject({ id: 'host-a', seq: 1, prevHash: GENESIS_PREV_HASH });
    expect(second.chain).toMatchObject({ seq: 2, prevHash: first.chain.hash });
    expect(first.time).toBe('2026-01-01T00:00:00.000Z');
    expect(second.time).toBe('2026-01-01T00:00:00.005Z');
    expect(first.id < second.id).toBe(true);
    expect(first.ocsf).toEqual({ classUid: 6003, categoryUid: 6, activityId: 2, typeUid: 600302, severityId: 1, statusId: 1 });
    for (const event of [first, second]) {
      expect(sealedAuditEventSchema.safeParse(event).success).toBe(true);
      expect(computeAuditEventHash(event)).toBe(event.chain.hash);
    }
  });

  it('is not affected by later changes to the caller objects', () => {
    const { chain } = newChain();
    const input = structuredClone(decision);
    const sealed = chain.seal(input);
    input.actor!.user = 'mallory';
    expect(sealed.actor?.user).toBe('alice');
    expect(computeAuditEventHash(sealed)).toBe(sealed.chain.hash);
  });

  it('signs a checkpoint over its own hash and only when events are pending', () => {
    const { chain, publicKey } = newChain();
    expect(chain.checkpoint('timer')).toBeUndefined();
    chain.seal(decision);
    chain.seal(decision);
    expect(chain.uncheckpointed).toBe(2);
    const checkpoint = chain.checkpoint('count')!;
    expect(checkpoint.kind).toBe('chain.checkpoint');
    expect(checkpoint.details).toEqual({ reason: 'count', events: 2 });
    expect(checkpoint.checkpoint).toMatchObject({ keyId: 'k1', alg: 'Ed25519', coversSeq: 3 });
    expect(verifyCheckpointSignature('Ed25519', publicKey, Buffer.from(checkpoint.chain.hash, 'hex'), checkpoint.checkpoint!.signature)).toBe(true);
    expect(chain.uncheckpointed).toBe(0);
    expect(chain.checkpoint('close')).toBeUndefined();
  });

  it('refuses checkpoint events from producers', () => {
    const { chain } = newChain();
    expect(() => chain.seal({ kind: 'chain.checkpoint' })).toThrow(/audit chain only/);
    expect(chain.lastSeq).toBe(0);
  });
});
