import { describe, expect, it } from 'vitest';
import { analyzeGraphql } from './graphql-classifier.js';

const cases: Array<{ name: string; doc: string; operationName?: string; expected: { operation: string; operationName?: string; fields: string[]; ambiguous?: boolean; incomplete?: boolean } }> = [
  { name: 'shorthand query', doc: '{ patient(id: 1) { name } }', expected: { operation: 'query', fields: ['patient'] } },
  { name: 'named query with variables and directives', doc: 'query GetP($id: ID!) @cached { patient(id: $id) { name @include(if: true) } observations { code } }', expected: { operation: 'query', operationName: 'GetP', fields: ['patient', 'observations'] } },
  { name: 'aliases resolve to field names', doc: '{ a: patient(id: 1) { name } b: patient(id: 2) { name } c: secrets }', expected: { operation: 'query', fields: ['patient', 'secrets'] } },
  { name: 'mutation', doc: 'mutation { deletePatient(id: "1") { ok } }', expected: { operation: 'mutation', fields: ['deletePatient'] } },
  { name: 'subscription', doc: 'subscription OnLab { labResult { value } }', expected: { operation: 'subscription', operationName: 'OnLab', fields: ['labResult'] } },
  { name: 'comments and strings hide nothing', doc: '# mutation { drop }\nquery { a(arg: "} mutation { evil }") b(arg: """ \\""" { c } """) }', expected: { operation: 'query', fields: ['a', 'b'] } },
  { name: 'top-level fragment spread resolved', doc: 'query { ...Top me } fragment Top on Query { patient { id } ... on Query { audit } ...More } fragment More on Query { billing }', expected: { operation: 'query', fields: ['patient', 'audit', 'billing', 'me'] } },
  { name: 'nested fragment spreads stay nested', doc: '{ patient { ...F } } fragment F on Patient { ssn }', expected: { operation: 'query', fields: ['patient'] } },
  { name: 'fragment cycles terminate', doc: '{ ...A } fragment A on Query { a ...B } fragment B on Query { b ...A }', expected: { operation: 'query', fields: ['a', 'b'] } },
  { name: 'operationName picks among several', doc: 'query Read { patient { id } } mutation Write { updatePatient { id } }', operationName: 'Write', expected: { operation: 'mutation', operationName: 'Write', fields: ['updatePatient'] } },
  { name: 'several operations without a name: worst case', doc: 'query Read { patient { id } } mutation Write { updatePatient { id } }', expected: { operation: 'mutation', fields: ['patient', 'updatePatient'], ambiguous: true } },
  { name: 'unknown operationName: worst case', doc: 'query Read { a } query Other { b }', operationName: 'Nope', expected: { operation: 'query', fields: ['a', 'b'], ambiguous: true } },
  { name: 'cut document keeps what it saw', doc: 'mutation M { first { id } second(input: {a: 1', expected: { operation: 'mutation', operationName: 'M', fields: ['first', 'second'], incomplete: true } },
  { name: 'commas are insignificant', doc: '{a,b,,c}', expected: { operation: 'query', fields: ['a', 'b', 'c'] } },
];

describe('analyzeGraphql', () => {
  it.each(cases)('$name', ({ doc, operationName, expected }) => {
    const analysis = analyzeGraphql(doc, operationName);
    expect(analysis).toEqual({ ambiguous: false, incomplete: false, ...expected });
  });

  it.each(['SELECT * FROM t', 'type Query { a: Int }', '', 'query { a: }', '{ a ) }'])('throws on non-executable documents: %s', (doc) => {
    expect(() => analyzeGraphql(doc, undefined)).toThrow();
  });

  it('expands each fragment once: fragments spreading the next one twice stay linear', () => {
    let doc = '{ ...F0 }';
    for (let i = 0; i < 40; i += 1) doc += ` fragment F${i} on Q { ...F${i + 1} ...F${i + 1} f${i} }`;
    doc += ' fragment F40 on Q { last }';
    expect(analyzeGraphql(doc, undefined).fields).toEqual(['last', ...Array.from({ length: 40 }, (_, i) => `f${39 - i}`)]);
  });

  it('reads deeply nested inline fragments without overflowing the stack, fields included', () => {
    const depth = 20_000;
    const doc = `mutation { deletePatient { ok } ${'... { '.repeat(depth)}hidden${' }'.repeat(depth)} }`;
    expect(analyzeGraphql(doc, undefined)).toMatchObject({ operation: 'mutation', fields: ['deletePatient', 'hidden'], incomplete: false });
  });

  it('bounds token work', () => {
    const doc = `{ ${'a '.repeat(10_000)} }`;
    const analysis = analyzeGraphql(doc, undefined, { maxTokens: 100 });
    expect(analysis.incomplete).toBe(true);
    expect(analysis.fields).toEqual(['a']);
  });
});
