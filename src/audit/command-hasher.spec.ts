import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCommandHasher, createKeyedHex } from './command-hasher.js';

const reference = (key: Uint8Array, message: string) => createHmac('sha256', key).update(message, 'utf8').digest('hex');

describe('createKeyedHex', () => {
  it('equals node:crypto HMAC-SHA256 on both sides of the short-message cut, any text and key', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 100 }), fc.string({ unit: 'binary', maxLength: 260 }), fc.integer({ min: 1, max: 64 }), (key, message, hexChars) => {
        const keyed = createKeyedHex(Buffer.from(key));
        expect(keyed(message)).toBe(reference(key, message));
        expect(keyed(message, hexChars)).toBe(reference(key, message).slice(0, hexChars));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same hash before and after a long message (no state carried between calls)', () => {
    const key = Buffer.alloc(32, 3);
    const keyed = createKeyedHex(key);
    const short = 'GET billing.internal/Patient/1';
    const before = keyed(short);
    keyed('x'.repeat(5000));
    keyed('é'.repeat(90));
    expect(keyed(short)).toBe(before);
    expect(before).toBe(reference(key, short));
  });
});

describe('createCommandHasher', () => {
  it('prefixes the algorithm and refuses short keys', () => {
    const key = Buffer.alloc(16, 1);
    expect(createCommandHasher(key)('SELECT 1')).toBe(`hmac-sha256:${reference(key, 'SELECT 1')}`);
    expect(() => createCommandHasher(Buffer.alloc(15))).toThrow(/16 bytes/);
  });
});
