import { readFileSync } from 'node:fs';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';

/**
 * The contents of a credential or key file a setting names, without the one trailing newline
 * that editors and `echo` add (a secret may itself end in blanks). Read once at startup; an
 * unreadable file is a configuration error naming the setting and path, never the contents.
 */
export function readSecretFile(path: string, setting: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (cause) {
    throw new WardgateError(ErrorCode.InvalidArgument, `invalid configuration:\n  ${setting}: cannot read ${path}`, { cause, details: { field: setting } });
  }
}
