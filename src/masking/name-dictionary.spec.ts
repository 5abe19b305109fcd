import { allLocales } from '@faker-js/faker';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AMBIGUOUS_FAMILY_NAMES, AMBIGUOUS_GIVEN_NAMES, FAMILY_NAMES, GIVEN_NAMES, ORDINARY_WORDS } from './word-lists.js';

const single = /^[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*$/u;
const flat = (v: Record<string, readonly string[]> | undefined): string[] => (v === undefined ? [] : Object.values(v).flat());
const lower = (xs: readonly string[]): Set<string> => new Set(xs.map((x) => x.toLowerCase()));

describe('generated name dictionary', () => {
  const person = allLocales.en.person!;
  const given = lower(GIVEN_NAMES);
  const family = lower(FAMILY_NAMES);

  it('covers the en name lists that ship with faker (regenerate the file when faker changes them)', () => {
    const missingGiven = [...flat(person.first_name as never), ...flat(person.middle_name as never)].filter((n) => single.test(n) && !given.has(n.toLowerCase()));
    const missingFamily = flat(person.last_name as never).filter((n) => single.test(n) && !family.has(n.toLowerCase()));
    expect(missingGiven).toEqual([]);
    expect(missingFamily).toEqual([]);
  });

  it('ordinary words exclude the unambiguous names', () => {
    const ambiguous = lower([...AMBIGUOUS_GIVEN_NAMES, ...AMBIGUOUS_FAMILY_NAMES]);
    const ordinary = ORDINARY_WORDS;
    expect(ordinary.length).toBeGreaterThan(10_000);
    expect(ordinary.filter((w) => (given.has(w) || family.has(w)) && !ambiguous.has(w))).toEqual([]);
  });

  it('has no duplicates', () => {
    for (const list of [GIVEN_NAMES, FAMILY_NAMES, AMBIGUOUS_GIVEN_NAMES, AMBIGUOUS_FAMILY_NAMES]) expect(lower(list).size).toBe(list.length);
  });

  it('the runtime never imports faker', () => {
    const dir = new URL('.', import.meta.url);
    const runtime = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
    expect(runtime.length).toBeGreaterThan(10);
    for (const f of runtime) expect(readFileSync(new URL(f, dir), 'utf8')).not.toMatch(/from '@faker-js|import\(['"]@faker-js/);
  });
});
