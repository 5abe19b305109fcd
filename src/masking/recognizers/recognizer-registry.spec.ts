import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WardgateError } from '../../errors/wardgate-error.js';
import { createMaskingEngine } from '../masking-engine.js';
import type { Span } from '../span.js';
import { Priority } from '../span.js';
import { OWN_OUTPUT_CHARS } from '../text-scanner.js';
import { BUILT_IN_RECOGNIZERS } from './built-in-recognizers.js';
import type { Prefilter, RecognizerDeclaration } from './recognizer.js';
import { createRecognizerRegistry } from './recognizer-registry.js';

const on = createRecognizerRegistry(BUILT_IN_RECOGNIZERS, { extraChars: OWN_OUTPUT_CHARS });
const off = createRecognizerRegistry(BUILT_IN_RECOGNIZERS, { extraChars: OWN_OUTPUT_CHARS, prefilters: false });
const spansOf = (registry: typeof on, text: string): Span[] => {
  const out: Span[] = [];
  registry.detect(text, registry.facts(text), out);
  return out;
};

// Every context word some built-in pre-filter declares, as written, lower-cased and upper-cased.
const declaredWords = [
  ...new Set(
    BUILT_IN_RECOGNIZERS.flatMap((r) => (Array.isArray(r.prefilter) ? r.prefilter : [r.prefilter]) as readonly Prefilter[])
      .flatMap((p) => p.words?.list ?? [])
      .flatMap((w) => [w, w.toLowerCase(), w.toUpperCase()]),
  ),
];

// Pieces that plant every recognizer's shapes and near misses: digit runs of every length,
// separators, context words in every case (and words that only start like them), glue.
const piece = fc.oneof(
  fc.stringMatching(/^[0-9]{1,7}$/),
  fc.constantFrom('123-45-6789', '078 05 1120', '2021-03-04', '3/4/1950', '12.05.2020', '04-05-21', '1234', '02115-1234', '12345', '12 Elm Street', '5 Main St', '221B Baker Rd', '9 N. Oak Ave', 'Jan 5, 2020', '3 Jan 2021', 'Dec 1999', 'May 7th', 'aged 91', '93 yo', '92y', '95-year-old'),
  fc.constantFrom('(975) 310-8670', '+44 20 7946 0958', '+15716506109', 'a@b.example', 'x.y@mail.example.org', 'https://x.example/a', 'www.example.org', 'WWW.X.ORG', '10.0.0.1', '2001:db8::1', 'fa40::1', '1HGCM82633A004352', 'YTA3NE4G1XFM35519'),
  fc.constantFrom('-', '/', '.', ' ', '\t', '  ', ', ', 'x', 'Main St', 'Oak Avenue', 'Apt 4', 'MA ', 'DOB ', 'SSN ', '(', ')', '+1 ', 'May ', 'aged ', ':', '::', '@', '#', '_', 'z', 'Q'),
  fc.constantFrom(
    'MRN', 'mr#', 'Mr', 'Medical Record Number', 'member id', 'Policy #', 'acct', 'Account', "driver's license", 'DL#', 'dl no',
    'VIN', 'plate', 'licence plate', 'tag', 'reg', 'car', 'vehicle', 's/n', 'S/N', 'SN', 'sn', 'IMEI', 'Serial', 'serial number', 'lot', 'Lot number:', 'UDI', 'model/serial', 'device ID',
    'ss#', 'Social Security', 'pt id', 'ID', 'id', 'Case No', 'Visit', 'lives on', 'Lives at', 'moved to', 'staying at', 'resides at', 'home address', 'Address:', 'addr',
    'zip', 'Zip Code', 'postal code', 'postcode', 'Jan', 'January', 'March', 'Sept', 'Dec.', 'jan', 'MAY', 'Jun', 'age', 'Aged', 'AGES', 'y', 'yo', 'Y/O', 'years', 'yrs', 'old',
    'CA', 'NY', 'Ca', 'MAs', 'St', 'Street', 'Ave', 'Rd', 'Blvd', 'Way', 'Heights', 'Turnpike', 'st', 'Str', 'Strand', 'is ', 'Marylebone Road', 'Elm Grove Lane',
    'Medicaid', 'NPI', 'DEA', 'Pacemaker ID', 'Encounter Number', 'Accession #', 'Passport', 'hicn', 'Invoice No.', 'fax', 'Fax:', 'Boston', 'San Luis',
  ),
  fc.constantFrom(...declaredWords),
  fc.constantFrom('May 2020', 'June 1999', 'Sep 2001', '2020', '1999'),
  fc.constantFrom('Z', 'e', 'A1', '_', 'é', 'Ä', ':', '#', '=', 'x9', 'Springfield', 'ABC'),
);

describe('the generic pre-filter pass', () => {
  it('never hides a match: with every pre-filter off the spans found are the same', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }).map((p) => p.join('')), (text) => {
        expect(spansOf(on, text)).toEqual(spansOf(off, text));
      }),
      { numRuns: 4000 },
    );
  });

  it('skips the patterns of strings without the needed facts', () => {
    const facts = on.facts('Patient denies chest pain.');
    expect(on.anyCanFire('Patient denies chest pain.', facts)).toBe(false);
    expect(on.anyCanFire('call 617-555-0134', on.facts('call 617-555-0134'))).toBe(true);
  });
});

describe('createRecognizerRegistry', () => {
  const lowerCase: RecognizerDeclaration = {
    id: 'ward-code',
    category: 'other_id',
    priority: Priority.labelled,
    rule: 'recognizer:ward-code',
    prefilter: { words: { list: ['ward'] } },
    create: () => (text, out) => {
      for (const m of text.matchAll(/ward-[a-z]{4}/g)) out.push({ start: m.index, end: m.index + m[0].length, category: 'other_id', rule: 'recognizer:ward-code', priority: Priority.labelled });
    },
  };

  it('takes extra recognizers appended to the built-in ones; a lower-case one is not blocked by the scanner', () => {
    const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 1), recognizers: [...BUILT_IN_RECOGNIZERS, lowerCase] });
    expect(engine.maskText('moved to ward-oakx today', 'strict').output).toBe('moved to [REDACTED:OTHER_ID] today');
  });

  it('refuses duplicate ids, bad ids and unknown disabled ids', () => {
    expect(() => createRecognizerRegistry([...BUILT_IN_RECOGNIZERS, BUILT_IN_RECOGNIZERS[0]!])).toThrow(/duplicate id/);
    expect(() => createRecognizerRegistry([{ ...lowerCase, id: 'Ward Code' }])).toThrow(WardgateError);
    expect(() => createRecognizerRegistry(BUILT_IN_RECOGNIZERS, { disabled: ['no-such'] })).toThrow(/unknown recognizer id "no-such"/);
  });

  it('built-in ids are unique kebab-case and each has a spec beside it (or its group has)', () => {
    expect(new Set(on.ids).size).toBe(BUILT_IN_RECOGNIZERS.length);
    for (const id of on.ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });
});

describe('profiles switch recognizers off by id', () => {
  const engine = createMaskingEngine({
    profiles: [
      { name: 'no-plates', defaultMode: 'redact', disabledRecognizers: ['licence-plate', 'mrn'] },
      { name: 'no-ssn', defaultMode: 'redact', disabledRecognizers: ['us-ssn', 'ssn-label'] },
    ],
    tokenKey: Buffer.alloc(32, 1),
  });
  it.each([
    ['strict', 'plate 7XKD221, MRN: 12345678', 'plate [REDACTED:VEHICLE_ID], MRN: [REDACTED:MRN]'],
    ['no-plates', 'plate 7XKD221, MRN: 12345678', 'plate 7XKD221, MRN: 12345678'],
    // A disabled member of the labelled group leaves the others working.
    ['no-plates', 'Member ID XJ4K2991', 'Member ID [REDACTED:HEALTH_PLAN_ID]'],
    ['no-ssn', 'SSN 123-45-6789', 'SSN 123-45-6789'],
    ['no-ssn', 'call 617-555-0134', 'call [REDACTED:PHONE]'],
  ])('%s: %s', (profile, input, output) => {
    expect(engine.maskText(input, profile).output).toBe(output);
  });

  it('an unknown id is refused, naming the field', () => {
    expect(() => createMaskingEngine({ profiles: [{ name: 'x', defaultMode: 'redact', disabledRecognizers: ['licence-plates'] }], tokenKey: Buffer.alloc(32, 1) })).toThrow(
      /disabledRecognizers names unknown recognizer "licence-plates"/,
    );
  });
});

describe('adversarial inputs finish in bounded time', () => {
  const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 1) });
  it.each([
    ['1 MB of a', 'a'.repeat(1 << 20)],
    ['1 MB of digits', '7'.repeat(1 << 20)],
    ['1-1-1-1 runs', '1-'.repeat(1 << 19)],
    ['long base64 run', Buffer.alloc(800_000, 'Zm9vYmFyMTIzQUJD').toString()],
    ['many @', 'a@'.repeat(1 << 19)],
    ['many plus', '+1 '.repeat(350_000)],
    ['capitalised words', 'Mary '.repeat(200_000)],
    ['colons', 'a:'.repeat(1 << 19)],
    ['label soup', 'MRN: '.repeat(200_000)],
    ['dots and digits', '1.'.repeat(1 << 19)],
    ['http soup', 'http://'.repeat(150_000)],
    ['plate soup', 'plate '.repeat(200_000)],
  ])('%s', (_label, input) => {
    const start = performance.now();
    engine.maskText(input, 'strict');
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
