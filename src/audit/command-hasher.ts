import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { hmacKeyFromFile } from './audit-keys.js';

export type CommandHash = `hmac-sha256:${string}`;

/**
 * The keyed hash of a raw (unmasked) command, for `target.commandHash`: proves later which
 * command ran without the audit log holding PHI; the key stops dictionary guessing.
 */
export function createCommandHasher(key: Buffer): (raw: string) => CommandHash {
  if (key.length < 16) throw new WardgateError(ErrorCode.InvalidArgument, 'command hash key must hold at least 16 bytes');
  const secret = Buffer.from(key);
  return (raw) => `hmac-sha256:${createHmac('sha256', secret).update(raw, 'utf8').digest('hex')}`;
}

/** Loads the command hash key file (one trailing newline stripped, as for HMAC signing keys). */
export async function loadCommandHasher(keyFile: string): Promise<(raw: string) => CommandHash> {
  let bytes: Buffer;
  try {
    bytes = await readFile(keyFile);
  } catch (cause) {
    throw new WardgateError(ErrorCode.FailedPrecondition, 'cannot read the command hash key file', { cause, details: { path: keyFile } });
  }
  return createCommandHasher(hmacKeyFromFile(bytes));
}
