import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { contentKindFromMediaType } from './content-kind.js';
import { builtInMaskingProfiles } from './masking-profile.js';
import { createMaskingEngine } from './masking-engine.js';
import { isValidVin } from './recognizers/vin.js';
import { safeHarborZip3 } from './zip3.js';

const key = Buffer.alloc(32, 9);

describe('createMaskingEngine', () => {
  it('offers the built-in profiles plus configured ones', () => {
    const engine = createMaskingEngine({ profiles: [{ name: 'dates-ok', defaultMode: 'redact', categories: { date: 'keep' } }], tokenKey: key });
    expect(engine.profileNames()).toEqual(['strict', 'research', 'joinable', 'dates-ok']);
    expect(engine.hasProfile('research')).toBe(true);
    expect(engine.hasProfile('nope')).toBe(false);
    expect(engine.maskText('seen 2021-03-04, SSN 123-45-6789', 'dates-ok').output).toBe('seen 2021-03-04, SSN [REDACTED:SSN]');
  });

  it.each([
    ['short key', { profiles: [], tokenKey: Buffer.alloc(8) }],
    ['duplicate profile', { profiles: [{ name: 'a', defaultMode: 'redact' as const }, { name: 'a', defaultMode: 'token' as const }], tokenKey: key }],
    ['unknown category', { profiles: [{ name: 'a', defaultMode: 'redact' as const, categories: { shoe_size: 'keep' } as never }], tokenKey: key }],
    ['unknown mode', { profiles: [{ name: 'a', defaultMode: 'scramble' as never }], tokenKey: key }],
  ])('rejects %s', (_label, options) => {
    expect(() => createMaskingEngine(options)).toThrowError(expect.objectContaining({ code: 'invalid_argument' }));
  });

  it.each(['strict', 'research', 'joinable'])('counts a repeated string every time it occurs (%s)', (profile) => {
    const engine = createMaskingEngine({ profiles: [], tokenKey: key });
    const note = 'Discussed with her daughter, Jane Smith, call (263) 683-9609.';
    const once = engine.maskBody(JSON.stringify({ notes: [note] }), 'json', profile);
    const thrice = engine.maskBody(JSON.stringify({ notes: [note, note, 'x', note] }), 'json', profile);
    const first = (JSON.parse(once.output) as { notes: string[] }).notes[0];
    expect(once.summary.total).toBeGreaterThan(0);
    expect(JSON.parse(thrice.output)).toEqual({ notes: [first, first, 'x', first] });
    expect(thrice.summary.total).toBe(3 * once.summary.total);
    for (const [rule, n] of Object.entries(once.summary.rules)) expect(thrice.summary.rules[rule]).toBe(3 * n);
    for (const [category, n] of Object.entries(once.summary.categories)) expect(thrice.summary.categories[category]).toBe(3 * n);
  });

  it('rejects an unknown profile name', () => {
    const engine = createMaskingEngine({ profiles: [], tokenKey: key });
    expect(() => engine.maskText('x', 'nope')).toThrowError(expect.objectContaining({ code: 'invalid_argument' }));
  });

  it('built-in profiles are fresh copies', () => {
    const a = builtInMaskingProfiles();
    a[0]!.defaultMode = 'token';
    expect(builtInMaskingProfiles()[0]!.defaultMode).toBe('redact');
  });
});

describe('replacement modes', () => {
  const engine = createMaskingEngine({ profiles: [{ name: 'other-scope', defaultMode: 'token', tokenScope: 'b' }], tokenKey: key });
  const text = 'Patient: Zorba Quill, SSN 123-45-6789, phone (975) 310-8670, seen 2021-03-04, ZIP 03601, age 93';

  it('strict redacts with typed placeholders', () => {
    expect(engine.maskText(text, 'strict').output).toBe(
      'Patient: [REDACTED:NAME], SSN [REDACTED:SSN], phone [REDACTED:PHONE], seen [REDACTED:DATE], ZIP [REDACTED:ZIP], age [REDACTED:AGE_OVER_89]',
    );
  });

  it('research keeps last four, the year, ZIP3 (000 for restricted) and 90+', () => {
    expect(engine.maskText(text, 'research').output).toBe(
      'Patient: [REDACTED:NAME], SSN ***-**-6789, phone ***-***-8670, seen 2021, ZIP 000**, age 90+',
    );
  });

  it('joinable tokens are consistent per value and scope, and never the value', () => {
    const a = engine.maskText('SSN 123-45-6789 and 123 45 6789 (ssn)', 'joinable').output;
    const tokens = [...new Set(a.match(/tok_ssn_[0-9a-f]{16}/g))];
    expect(a.match(/tok_ssn_/g)).toHaveLength(2);
    expect(tokens).toHaveLength(1);
    expect(engine.maskText('SSN 123-45-6789', 'joinable').output).toBe(`SSN ${tokens[0]}`);
    expect(engine.maskText('SSN 123-45-6789', 'other-scope').output).not.toContain(tokens[0]);
    const otherKey = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 8) });
    expect(otherKey.maskText('SSN 123-45-6789', 'joinable').output).not.toContain(tokens[0]);
  });

  it('a birth year implying age over 89 is removed even in partial mode', () => {
    const engine2 = createMaskingEngine({ profiles: [], tokenKey: key, clock: new ManualClock(Date.UTC(2026, 0, 1)) });
    expect(engine2.maskText('DOB 03/04/1930', 'research').output).toBe('DOB [REDACTED:DATE]');
    expect(engine2.maskText('DOB 03/04/1950', 'research').output).toBe('DOB 1950');
  });

  it.each(['strict', 'research', 'joinable'])('%s output is a fixed point', (profile) => {
    const once = engine.maskText(text, profile).output;
    const twice = engine.maskText(once, profile);
    expect(twice.output).toBe(once);
    expect(twice.summary.total).toBe(0);
  });
});

describe('contentKindFromMediaType', () => {
  it.each([
    ['application/json', 'json'],
    ['application/fhir+json; charset=utf-8', 'json'],
    ['application/vnd.api+json', 'json'],
    ['application/x-ndjson', 'ndjson'],
    ['application/fhir+ndjson', 'ndjson'],
    ['application/ndjson', 'ndjson'],
    ['text/csv; header=present', 'csv'],
    ['Text/Plain', 'text'],
    ['text/html', undefined],
    ['application/octet-stream', undefined],
    ['', undefined],
  ])('%s -> %s', (type, kind) => {
    expect(contentKindFromMediaType(type)).toBe(kind);
  });
});

describe('helpers', () => {
  it.each([
    ['02115', '021'],
    ['02115-1234', '021'],
    ['03601', '000'],
    ['89301', '000'],
    ['1234', undefined],
    ['SW1A 1AA', undefined],
  ])('ZIP3 of %s is %s', (zip, zip3) => {
    expect(safeHarborZip3(zip)).toBe(zip3);
  });

  it.each([
    ['1HGCM82633A004352', true],
    ['11111111111111111', true],
    ['1HGCM82633A004353', false],
    ['1HGCM82633A00435', false],
  ])('VIN %s valid=%s', (vin, ok) => {
    expect(isValidVin(vin)).toBe(ok);
  });
});

describe('values glued to their neighbours', () => {
  const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 3) });
  it.each([
    // The labelled value swallows "Jennifer"; "Smith" is still a name, found in the first pass.
    ['MRN: 12345678Jennifer Smith', 'MRN: [REDACTED:MRN] [REDACTED:NAME]'],
    ['SSN 123-45-6789Jennifer SmithJennifer Smith', 'SSN [REDACTED:SSN] [REDACTED:NAME]'],
    // The email takes "1950"; what is left of the date is still a date.
    ['March 3, 1950-ann@example.comAg', '[REDACTED:DATE], [REDACTED:EMAIL]'],
  ])('%s', (input, expected) => {
    for (const profile of ['strict', 'research', 'joinable']) {
      const once = engine.maskText(input, profile).output;
      expect(engine.maskText(once, profile).output).toBe(once);
    }
    expect(engine.maskText(input, 'strict').output).toBe(expected);
  });
});
