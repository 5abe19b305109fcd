import { readFileSync } from 'node:fs';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';

/**
 * The contents of a credential or key file a setting names, without the one trailing newline
 * that editors and `echo` add (a secret may itself end in blanks). Read once at startup; an
 * unreadable file is a configuration error naming the setting and path, never the contents.
 */
export function readSecretFile(path: string, setting: string): string {
  return readSecretFileBytes(path, setting).toString('utf8');
}

/** The same for binary keys (HMAC secrets): the bytes, without one trailing `\n` or `\r\n`. */
export function readSecretFileBytes(path: string, setting: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new WardgateError(ErrorCode.InvalidArgument, `invalid configuration:\n  ${setting}: cannot read ${path}`, { cause, details: { field: setting } });
  }
  let end = bytes.length;
  if (bytes[end - 1] === 0x0a) end -= bytes[end - 2] === 0x0d ? 2 : 1;
  return bytes.subarray(0, end);
}
