import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { readSecretFile, readSecretFileBytes } from './secret-file.js';

describe('readSecretFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wardgate-secret-'));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it.each([
    ['one trailing newline', 'secret\n', 'secret'],
    ['a CRLF line end', 'secret\r\n', 'secret'],
    ['only one newline', 'secret\n\n', 'secret\n'],
    ['trailing blanks kept', 'secret  ', 'secret  '],
    ['no newline', 'secret', 'secret'],
  ])('strips %s', (name, text, expected) => {
    expect(readSecretFile(file(name.replaceAll(' ', '-'), text), 'x.passwordFile')).toBe(expected);
  });

  it('names the setting and the path when the file cannot be read', () => {
    const read = () => readSecretFile(join(dir, 'missing'), 'redis.passwordFile');
    expect(read).toThrow(WardgateError);
    expect(read).toThrow(/redis\.passwordFile: cannot read .*missing/);
    try {
      read();
    } catch (err) {
      expect((err as WardgateError).code).toBe(ErrorCode.InvalidArgument);
    }
  });

  it('keeps binary key bytes, stripping one trailing newline', () => {
    const key = Buffer.from([0xff, 0x00, 0x0a, 0x80, 0x0d, 0x0a]);
    const path = join(dir, 'binary-key');
    writeFileSync(path, key);
    expect(readSecretFileBytes(path, 'audit.commandHashKeyFile')).toEqual(key.subarray(0, 4));
  });
});
