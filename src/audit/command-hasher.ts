import { createHmac } from 'node:crypto';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { HmacSha256 } from '../masking/hmac-sha256.js';

export type CommandHash = `hmac-sha256:${string}`;

/**
 * Up to this many UTF-16 units a message is MACed in JavaScript (two or three block
 * compressions, no crypto object: about half of `createHmac`'s cost per call); longer ones
 * by `node:crypto`, which wins from a few blocks on. Both give the same bytes.
 */
const SHORT_MESSAGE = 100;

/** HMAC-SHA256 of UTF-8 text as lower-case hex, the first `hexChars` digits. */
export function createKeyedHex(key: Buffer): (message: string, hexChars?: number) => string {
  const secret = Buffer.from(key);
  const short = new HmacSha256(secret);
  return (message, hexChars = 64) =>
    message.length <= SHORT_MESSAGE ? short.hex(message, hexChars) : createHmac('sha256', secret).update(message, 'utf8').digest('hex').slice(0, hexChars);
}

/**
 * The keyed hash of a raw (unmasked) command, for `target.commandHash`: proves later which
 * command ran without the audit log holding PHI; the key stops dictionary guessing.
 */
export function createCommandHasher(key: Buffer): (raw: string) => CommandHash {
  if (key.length < 16) throw new WardgateError(ErrorCode.InvalidArgument, 'command hash key must hold at least 16 bytes');
  const keyedHex = createKeyedHex(key);
  return (raw) => `hmac-sha256:${keyedHex(raw)}`;
}
