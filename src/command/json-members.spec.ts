import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonShape, jsonShapeOf } from './json-members.js';

describe('jsonShapeOf', () => {
  // The fast path must give exactly what reading the text again gives, duplicates included.
  const texts = [
    '{"sql": "SELECT 1"}',
    '{"sql": "SELECT 1", "sql": "DELETE FROM t"}',
    '{"query": "{ a }", "variables": {"x": "1", "x": "2"}, "query": "mutation { b }"}',
    '{"a": {"b": {"c": "d", "c": "e"}}, "sql": "SELECT 1"}',
    '{"s\\u0071l": "SELECT 1", "sql": "DROP TABLE t"}',
    '{"sql": "SELECT \\"x\\" FROM t", "sql": "DELETE FROM t"}',
    '[{"query": "{ a }"}, {"query": "{ b }", "query": "mutation { c }"}, 3, "s"]',
    '{"n": 1, "b": true, "z": null, "l": [1, "x", {"k": "v"}], "sql": "SELECT 1"}',
    '{"__proto__": "x", "sql": "SELECT 1"}',
    '{}', '[]', '"text"', '12',
    `{"deep": ${'['.repeat(200)}"x"${']'.repeat(200)}, "sql": "SELECT 1", "sql": "DELETE FROM t"}`,
  ];
  it.each(texts)('agrees with jsonShape on %s', (text) => {
    expect(jsonShapeOf(text, JSON.parse(text))).toEqual(jsonShape(text));
  });

  it('sees a repeated key at any depth, whatever the values (property)', () => {
    const key = fc.constantFrom('sql', 'query', 'q', 'statement', 'a', 'SQL');
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
    // Objects written as member lists, so that keys can repeat.
    const value: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        leaf.map((l) => JSON.stringify(l)),
        fc.array(fc.tuple(key, tie('v')), { maxLength: 4 }).map((members) => `{${members.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')}}`),
        fc.array(tie('v'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
      ),
    })).v;
    const top = fc.array(fc.tuple(key, value), { maxLength: 5 }).map((members) => `{${members.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')}}`);
    fc.assert(fc.property(top, (text) => {
      expect(jsonShapeOf(text, JSON.parse(text))).toEqual(jsonShape(text));
    }), { numRuns: 500 });
  });
});
