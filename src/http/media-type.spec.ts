import { describe, expect, it } from 'vitest';
import { mediaTypeOf } from './media-type.js';

describe('mediaTypeOf', () => {
  it.each([
    ['application/fhir+json; charset=utf-8', 'application/fhir+json'],
    [' Text/CSV ;header=present', 'text/csv'],
    ['application/json', 'application/json'],
    ['', ''],
    [undefined, ''],
  ])('%j -> %j', (header, expected) => {
    expect(mediaTypeOf(header)).toBe(expected);
  });
});
