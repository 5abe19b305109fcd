import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, canonicalJsonWithCopy } from './canonical-json.js';

describe('canonicalJson', () => {
  it.each([
    ['sorts keys recursively', { b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } }, '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}'],
    ['drops undefined members', { a: undefined, b: null }, '{"b":null}'],
    ['escapes strings like JSON', { 'k"': 'line\nbreak ü' }, '{"k\\"":"line\\nbreak ü"}'],
    ['keeps array order', [3, 1, 2], '[3,1,2]'],
    ['encodes scalars', [true, false, 0, -1.5, 'a'], '[true,false,0,-1.5,"a"]'],
  ])('%s', (_name, input, expected) => {
    expect(canonicalJson(input)).toBe(expected);
  });

  it('rejects values JSON cannot hold', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson({ a: 1n })).toThrow(/bigint/);
  });

  it('is JSON that parses back to the same value and does not depend on key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(text).not.toMatch(/\n/);
        const reparsed: unknown = JSON.parse(text);
        expect(canonicalJson(reparsed)).toBe(text);
        expect(reparsed).toStrictEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('canonicalJsonWithCopy', () => {
  it('keeps an own __proto__ member as a member of the copy (never its prototype)', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": [{"__proto__": ""}]}') as Record<string, unknown>;
    const { json, copy } = canonicalJsonWithCopy(value);
    expect(JSON.parse(json)).toStrictEqual(value);
    expect(copy).toStrictEqual(value);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('returns the same text and a detached deep copy with what the text says', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const { json, copy } = canonicalJsonWithCopy(value);
        expect(json).toBe(canonicalJson(value));
        expect(copy).toStrictEqual(JSON.parse(json));
      }),
    );
    expect(Object.is(canonicalJsonWithCopy({ z: -0 }).copy.z, 0)).toBe(true);
    const source = { b: { c: [1, { d: 2 }] }, a: undefined };
    const { copy } = canonicalJsonWithCopy(source);
    source.b.c.push(3);
    expect(copy).toStrictEqual({ b: { c: [1, { d: 2 }] } });
  });
});
