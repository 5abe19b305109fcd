import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { Logger } from '../logging/logger.js';
import { createEd25519Signer, createHmacSigner, type AuditSigner, type AuditVerificationKey } from './audit-signer.js';

export interface SigningKeyOptions {
  alg: 'ed25519' | 'hmac-sha256';
  keyId: string;
  /** PEM (PKCS#8) private key for Ed25519; the secret bytes for HMAC. */
  keyFile?: string;
}

/**
 * Loads the checkpoint signer. Without a key file a key is generated for this process only:
 * its checkpoints cannot be verified later, so production must configure `signing.keyFile`.
 */
export async function loadAuditSigner(options: SigningKeyOptions, logger: Logger): Promise<AuditSigner> {
  if (options.keyFile === undefined) {
    logger.warn({ keyId: options.keyId, alg: options.alg }, 'audit signing key not configured: using an ephemeral key; checkpoints will not be verifiable');
    if (options.alg === 'hmac-sha256') return createHmacSigner(options.keyId, randomBytes(32));
    return createEd25519Signer(options.keyId, generateKeyPairSync('ed25519').privateKey);
  }
  const bytes = await readKeyFile(options.keyFile);
  if (options.alg === 'hmac-sha256') return createHmacSigner(options.keyId, hmacKeyFromFile(bytes));
  let key: KeyObject;
  try {
    key = createPrivateKey(bytes);
  } catch (cause) {
    throw new WardgateError(ErrorCode.InvalidArgument, 'audit signing key file is not a PEM private key', { cause, details: { keyId: options.keyId } });
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new WardgateError(ErrorCode.InvalidArgument, 'audit signing key is not an Ed25519 key', { details: { keyId: options.keyId } });
  }
  return createEd25519Signer(options.keyId, key);
}

/**
 * Loads a verification key: a PEM (public or private Ed25519) key, or else the file's bytes as
 * an HMAC secret (one trailing newline stripped, so `openssl rand -hex 32 > key` works).
 */
export async function loadVerificationKey(path: string): Promise<AuditVerificationKey> {
  const bytes = await readKeyFile(path);
  if (bytes.subarray(0, 11).toString('latin1') === '-----BEGIN ') {
    try {
      return createPublicKey(bytes);
    } catch (cause) {
      throw new WardgateError(ErrorCode.InvalidArgument, 'verification key file holds an unreadable PEM key', { cause });
    }
  }
  return hmacKeyFromFile(bytes);
}

/** The HMAC secret in a key file: its bytes without one trailing newline. */
export function hmacKeyFromFile(bytes: Buffer): Buffer {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 0x0a) end--;
  if (end > 0 && bytes[end - 1] === 0x0d) end--;
  if (end < 16) throw new WardgateError(ErrorCode.InvalidArgument, 'HMAC key file must hold at least 16 bytes');
  return bytes.subarray(0, end);
}

async function readKeyFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (cause) {
    throw new WardgateError(ErrorCode.FailedPrecondition, 'cannot read audit key file', { cause, details: { path } });
  }
}
