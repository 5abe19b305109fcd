import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/wardgate-error.js';
import { decodeBody, parseContentEncoding } from './content-encoding.js';

describe('content encoding', () => {
  it.each([
    [undefined, 'identity'], ['', 'identity'], ['identity', 'identity'], ['gzip', 'gzip'], ['X-GZIP', 'gzip'],
    ['deflate', 'deflate'], ['br', 'br'], ['zstd', undefined], ['gzip, br', undefined], ['compress', undefined],
  ])('%s -> %s', (header, expected) => {
    expect(parseContentEncoding(header)).toBe(expected);
  });

  const text = Buffer.from('{"name":"Ada Lovelace"}');
  it.each([
    ['gzip', zlib.gzipSync(text)], ['br', zlib.brotliCompressSync(text)], ['deflate', zlib.deflateSync(text)], ['deflate', zlib.deflateRawSync(text)],
  ] as const)('decodes %s', (encoding, body) => {
    expect(decodeBody(body, encoding, 1000).equals(text)).toBe(true);
  });

  it('refuses a body that is not what it claims', () => {
    expect(() => decodeBody(Buffer.from('not gzip'), 'gzip', 1000)).toThrow(expect.objectContaining({ code: ErrorCode.Uninspectable }));
  });

  it.each([
    ['gzip', zlib.gzipSync(Buffer.alloc(10_000_000))],
    ['br', zlib.brotliCompressSync(Buffer.alloc(10_000_000))],
    ['deflate', zlib.deflateSync(Buffer.alloc(10_000_000))],
    ['deflate', zlib.deflateRawSync(Buffer.alloc(10_000_000))],
  ] as const)('refuses a %s compression bomb beyond the limit as too large', (encoding, bomb) => {
    expect(() => decodeBody(bomb, encoding, 1_000_000)).toThrow(expect.objectContaining({ code: ErrorCode.ResourceExhausted }));
  });
});
