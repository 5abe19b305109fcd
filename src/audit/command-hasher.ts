import { createHmac } from 'node:crypto';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';

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
