import { createHmac, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import type { CheckpointAlg } from './sealed-audit-event.js';

/** Signs checkpoint digests (the raw 32 bytes of a chain hash). */
export interface AuditSigner {
  readonly keyId: string;
  readonly alg: CheckpointAlg;
  /** Returns the base64 signature of `digest`. */
  sign(digest: Buffer): string;
}

export function createEd25519Signer(keyId: string, privateKey: KeyObject): AuditSigner {
  return { keyId, alg: 'Ed25519', sign: (digest) => sign(null, digest, privateKey).toString('base64') };
}

export function createHmacSigner(keyId: string, key: Buffer): AuditSigner {
  return { keyId, alg: 'HMAC-SHA256', sign: (digest) => createHmac('sha256', key).update(digest).digest('base64') };
}

/** A verification key: an Ed25519 public (or private) KeyObject, or an HMAC secret. */
export type AuditVerificationKey = KeyObject | Buffer;

/** Checks a checkpoint signature; false (never a throw) on a wrong key type or a malformed signature. */
export function verifyCheckpointSignature(alg: CheckpointAlg, key: AuditVerificationKey, digest: Buffer, signature: string): boolean {
  const given = Buffer.from(signature, 'base64');
  if (alg === 'HMAC-SHA256') {
    if (!Buffer.isBuffer(key)) return false;
    const expected = createHmac('sha256', key).update(digest).digest();
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
  if (Buffer.isBuffer(key) || key.asymmetricKeyType !== 'ed25519') return false;
  try {
    return verify(null, digest, key, given);
  } catch {
    return false;
  }
}
