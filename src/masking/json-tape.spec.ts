import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WardgateError } from '../errors/wardgate-error.js';
import { JsonTape, JsonTapeArena, MAX_JSON_DEPTH, Tok } from './json-tape.js';

/** Rebuilds the value of token `i` from the tape alone (what the masker can see). */
function valueAt(tape: JsonTape, i: number): unknown {
  switch (tape.kind(i)) {
    case Tok.Object: {
      const out: Record<string, unknown> = {};
      for (let k = i + 1; k < tape.next(i); k = tape.next(k + 1)) {
        Object.defineProperty(out, tape.key(k), { value: valueAt(tape, k + 1), enumerable: true, configurable: true, writable: true });
      }
      return out;
    }
    case Tok.Array: {
      const out: unknown[] = [];
      for (let e = i + 1; e < tape.next(i); e = tape.next(e)) out.push(valueAt(tape, e));
      return out;
    }
    case Tok.String:
      return tape.str(i);
    case Tok.Number:
      return tape.num(i);
    case Tok.True:
      return true;
    case Tok.False:
      return false;
    case Tok.Null:
      return null;
  }
}

function accepts(parse: (s: string) => unknown, text: string): boolean {
  try {
    parse(text);
    return true;
  } catch {
    return false;
  }
}

const layouts = fc.constantFrom<[number | string | undefined]>([undefined], [2], ['\t'], [' \r']);

describe('JsonTape', () => {
  it('reads every JSON value as JSON.parse does (any layout)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), layouts, (value, [indent]) => {
        let text = JSON.stringify(value, null, typeof indent === 'string' && indent.includes('\r') ? 1 : indent);
        if (indent === ' \r') text = ` \r\n${text}\t\n`;
        const tape = JsonTape.parse(text);
        expect(valueAt(tape, 0)).toStrictEqual(JSON.parse(text));
        expect(tape.next(0)).toBe(tape.count);
        expect(tape.raw(0)).toBe(text.trim());
      }),
      { numRuns: 500 },
    );
  });

  it('decodes escapes, unicode and lone surrogates in strings and keys', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (key, value) => {
        const text = JSON.stringify({ [key]: [value] });
        const tape = JsonTape.parse(text);
        expect(tape.key(1)).toBe(key);
        expect(tape.str(3)).toBe(value);
        expect(tape.member(0, key)).toBe(2);
      }),
      { numRuns: 500 },
    );
    const escaped = JsonTape.parse('{"a\\u0062":"\\ud800x\\n\\/\\"","ab":1}');
    expect(escaped.key(1)).toBe('ab');
    expect(escaped.str(2)).toBe('\ud800x\n/"');
    expect(escaped.member(0, 'ab')).toBe(2);
  });

  it('accepts exactly what JSON.parse accepts (mutated documents and arbitrary text)', () => {
    const mutated = fc
      .tuple(fc.jsonValue({ maxDepth: 3 }), fc.nat(), fc.constantFrom('', ',', ']', '}', '"', ':', '\\', '\u0001', 'tru', '-', '.', 'e', '0', ' ', '\u00a0', '\ufeff'), fc.nat(3))
      .map(([value, at, insert, cut]) => {
        const text = JSON.stringify(value);
        const i = at % (text.length + 1);
        return text.slice(0, i) + insert + text.slice(Math.min(text.length, i + cut));
      });
    fc.assert(
      fc.property(fc.oneof(mutated, fc.string(), fc.constantFrom('01', '1.', '.5', '-', '1e', '1e+', '[1,]', '{"a":1,}', '{"a" 1}', '"\\x"', '"\\u12"', 'nul', '[]]', '', ' ', '\ufeff{}', '-0', '1E-7', '[-0.0e0]')), (text) => {
        expect(accepts((t) => JsonTape.parse(t), text)).toBe(accepts((t) => JSON.parse(t), text));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds escapes and control characters wherever they sit between plain strings', () => {
    const plain = Array.from({ length: 50 }, (_, i) => `s${i}`);
    const at = (i: number, raw: string): string => `[${plain.map((p, j) => (j === i ? raw : `"${p}"`)).join(',')}]`;
    for (const i of [0, 1, 25, 49]) {
      expect(JsonTape.parse(at(i, '"a\\"b"')).str(i + 1)).toBe('a"b');
      expect(JsonTape.parse(at(i, '"\\\\"')).str(i + 1)).toBe('\\');
      expect(() => JsonTape.parse(at(i, '"a\u0001b"'))).toThrow(/control character/);
      expect(() => JsonTape.parse(at(i, '"a\\x"'))).toThrow(/invalid escape/);
      expect(JsonTape.parse(at(i, '"ok"') + ' ').str(50)).toBe(i === 49 ? 'ok' : 's49');
    }
  });

  it('refuses invalid JSON with an Uninspectable error that does not quote the input', () => {
    const secret = '078-05-1120';
    for (const text of [`{"ssn": "${secret}"`, `{"ssn": ${secret}}`, `["${secret}\u0001"]`, `{"${secret}"}`]) {
      let error: unknown;
      try {
        JsonTape.parse(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(WardgateError);
      expect((error as WardgateError).code).toBe('uninspectable');
      expect(String((error as Error).message)).not.toContain(secret);
    }
  });

  it(`refuses documents nested deeper than ${MAX_JSON_DEPTH} levels`, () => {
    const ok = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(JsonTape.parse(ok).count).toBe(MAX_JSON_DEPTH);
    const deep = '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1);
    expect(() => JsonTape.parse(deep)).toThrow(/nested deeper/);
  });

  it('keeps thousands of distinct keys apart (intern table growth and collisions)', () => {
    const keys = Array.from({ length: 4000 }, (_, i) => (i % 2 === 0 ? `k${i % 1500}` : `${'x'.repeat(i % 7)}y${i % 997}`));
    const tape = JsonTape.parse(JSON.stringify(keys.map((k, i) => ({ [k]: i, same: -i }))));
    let o = 1;
    for (let i = 0; i < keys.length; i++, o = tape.next(o)) {
      expect(tape.key(o + 1)).toBe(keys[i]);
      expect(tape.num(tape.member(o, keys[i]!))).toBe(i);
      expect(tape.member(o, 'missing')).toBe(-1);
    }
  });

  it('tells apart keys that share length and sampled characters, also across documents of one arena', () => {
    // Same length, first, middle and last character: the same guess slot.
    const look = ['aXbYc', 'aZbWc', 'aQbQc'];
    const arena = new JsonTapeArena();
    const keyIds = (text: string): Array<[string, number]> => {
      const tape = JsonTape.parse(text, arena);
      const out: Array<[string, number]> = [];
      for (let k = 1; k < tape.next(0); k = tape.next(k + 1)) out.push([tape.key(k), tape.keyId(k)]);
      tape.release();
      return out;
    };
    const first = keyIds(JSON.stringify({ [look[0]!]: 1, [look[1]!]: 2, [look[0]!]: 3 }).replace('}', `,"${look[0]}":3,"${look[1]}":4}`));
    expect(first.map(([k]) => k)).toEqual([look[0], look[1], look[0], look[1]]);
    expect(first[0]![1]).toBe(first[2]![1]);
    expect(first[1]![1]).toBe(first[3]![1]);
    expect(first[0]![1]).not.toBe(first[1]![1]);
    // A later document of the same arena meets the earlier guesses first.
    const second = keyIds(`{"${look[2]}":1,"${look[1]}":2,"${look[2]}":3,"x":4}`);
    expect(second.map(([k]) => k)).toEqual([look[2], look[1], look[2], 'x']);
    expect(second[0]![1]).toBe(second[2]![1]);
    expect(new Set(second.map(([, id]) => id)).size).toBe(3);
  });
});
