import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMaskingEngine } from './masking-engine.js';
import type { Span } from './span.js';
import type { TextTraits } from './value-detectors.js';
import { ValueDetectors, textTraits } from './value-detectors.js';

const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 1) });
const strict = (text: string): string => engine.maskText(text, 'strict').output;

describe('value detectors (free text, strict profile)', () => {
  const masked: Array<[string, string, string]> = [
    // [label, input, expected output]
    ['ssn with dashes', 'SSN 123-45-6789 on file', 'SSN [REDACTED:SSN] on file'],
    ['ssn with spaces needs a label', 'ssn: 123 45 6789', 'ssn: [REDACTED:SSN]'],
    ['labelled 9-digit ssn', 'Social Security Number: 123456789.', 'Social Security Number: [REDACTED:SSN].'],
    ['us phone with parens', 'call (975) 310-8670 x982', 'call [REDACTED:PHONE] x982'],
    ['us phone with dots', 'cell 221.986.8818', 'cell [REDACTED:PHONE]'],
    ['us phone +1', 'tel +1 571-650-6109', 'tel [REDACTED:PHONE]'],
    ['e164 compact', 'reach +15716506109 today', 'reach [REDACTED:PHONE] today'],
    ['international grouped', 'UK office +44 20 7946 0958.', 'UK office [REDACTED:PHONE].'],
    ['fax by context', 'Fax: 212-312-1805', 'Fax: [REDACTED:FAX]'],
    ['email', 'mail erica.c+x@mail.example.com.', 'mail [REDACTED:EMAIL].'],
    ['ipv4', 'from 10.0.0.12 at login', 'from [REDACTED:IP] at login'],
    ['ipv6', 'client fa40:bfaa:172c:d716:7aed:a2fa:caab:9020 connected', 'client [REDACTED:IP] connected'],
    ['ipv6 compressed', 'peer 2001:db8::1 ok', 'peer [REDACTED:IP] ok'],
    ['url', 'see https://portal.example.com/p?id=5.', 'see [REDACTED:URL].'],
    ['www url', 'visit www.example.org/me now', 'visit [REDACTED:URL] now'],
    ['upper-case www url without a colon', 'visit WWW.EXAMPLE.ORG/ME now', 'visit [REDACTED:URL] now'],
    ['url longer than the pattern bound', `see https://x.example/?q=${'a'.repeat(3000)}&ssn=123-45-6789 ok`, 'see [REDACTED:URL] ok'],
    ['iso date', 'admitted 2021-03-04 and', 'admitted [REDACTED:DATE] and'],
    ['iso datetime', 'at 2021-03-04T10:00:00Z', 'at [REDACTED:DATE]'],
    ['us date', 'DOB 3/4/1950.', 'DOB [REDACTED:DATE].'],
    ['month day year', 'on March 3, 1950 she', 'on [REDACTED:DATE] she'],
    ['day month year', 'born 3 Mar 1950', 'born [REDACTED:DATE]'],
    ['month day', 'seen on Oct 12 again', 'seen on [REDACTED:DATE] again'],
    ['month year', 'since May 2020', 'since [REDACTED:DATE]'],
    ['zip after state', 'Boston, MA 02115', '[REDACTED:ADDRESS], MA [REDACTED:ZIP]'],
    ['zip+4', 'zip 02115-1234', 'zip [REDACTED:ZIP]'],
    ['street address', 'lives on 985 Bramble Close now', 'lives on [REDACTED:ADDRESS] now'],
    ['labelled address', 'Address: 5439 Westgate, Springfield\nnext', 'Address: [REDACTED:ADDRESS]\nnext'],
    ['mrn label', 'MRN: 12345678.', 'MRN: [REDACTED:MRN].'],
    ['medical record number', 'Medical Record Number 00123456', 'Medical Record Number [REDACTED:MRN]'],
    ['member id', 'Member ID XJ4K2991 active', 'Member ID [REDACTED:HEALTH_PLAN_ID] active'],
    ['account', 'Acct #: 99887766', 'Acct #: [REDACTED:ACCOUNT]'],
    ['account number (label, not value "Number")', 'Account Number: 5566778899', 'Account Number: [REDACTED:ACCOUNT]'],
    ['licence', "Driver's License: S1234567", "Driver's License: [REDACTED:LICENSE]"],
    ['device serial', 'Serial Number: PM-44812-X', 'Serial Number: [REDACTED:DEVICE_ID]'],
    ['vin by check digit', 'car 1HGCM82633A004352 parked', 'car [REDACTED:VEHICLE_ID] parked'],
    ['vin by label', 'VIN: YTA3NE4G1XFM35519', 'VIN: [REDACTED:VEHICLE_ID]'],
    ['age years old', 'a 92-year-old man', 'a [REDACTED:AGE_OVER_89]-year-old man'],
    ['age label', 'age 93, stable', 'age [REDACTED:AGE_OVER_89], stable'],
    ['aged', 'aged 91 years', 'aged [REDACTED:AGE_OVER_89] years'],
    ['yo', '95 yo female', '[REDACTED:AGE_OVER_89] yo female'],
  ];
  it.each(masked)('masks %s', (_label, input, expected) => {
    expect(strict(input)).toBe(expected);
  });

  const kept: Array<[string, string]> = [
    ['invalid ssn area 000', '000-12-3456'],
    ['invalid ssn area 666', '666-12-3456'],
    ['invalid ssn area 9xx', '912-34-5678'],
    ['invalid ssn group 00', '123-00-4567'],
    ['invalid ssn serial 0000', '123-45-0000'],
    ['blood pressure', 'BP 120/80 mmHg'],
    ['loinc code', 'LOINC 8480-6'],
    ['decimal lab value', 'HbA1c 6.5 % and creatinine 1.02 mg/dL'],
    ['version number', 'release 1.2.3'],
    ['time', 'at 10:30:00 today'],
    ['age under 90', 'a 45-year-old, aged 89'],
    ['five digits without context', 'platelets 25000 per uL'],
    ['vin with bad check digit', '1HGCM82633A004353'],
    ['bare year', 'diagnosed in 1998'],
    ['plain sentence', 'Patient denies chest pain. Will follow up in May.'],
    ['ordinary capitalised words', 'Grant funding. Bill the insurer. May improve. Mark the chart.'],
  ];
  it.each(kept)('keeps %s', (_label, input) => {
    expect(strict(input)).toBe(input);
  });
});

describe('adversarial inputs finish in bounded time', () => {
  const cases: Array<[string, string]> = [
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
  ];
  it.each(cases)('%s', (_label, input) => {
    const start = performance.now();
    engine.maskText(input, 'strict');
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('trait gates', () => {
  // The digit-shape traits and word cues only skip a pattern that cannot match: with every gate
  // forced open the detectors must find exactly the same spans.
  const detectors = new ValueDetectors();
  const spansOf = (text: string, traits: TextTraits): Span[] => {
    const out: Span[] = [];
    detectors.detect(text, traits, out);
    return out;
  };
  const piece = fc.oneof(
    fc.stringMatching(/^[0-9]{1,7}$/),
    fc.integer({ min: 1, max: 4 }).chain((n) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`))),
    fc.constantFrom('123-45-6789', '078 05 1120', '2021-03-04', '3/4/1950', '12.05.2020', '04-05-21', '1234', '02115-1234', '12345', '12 Elm Street', '5 Main St', '221B Baker Rd', '9 N. Oak Ave', 'Jan 5, 2020', '3 Jan 2021', 'Dec 1999', 'May 7th', 'aged 91', '93 yo'),
    fc.constantFrom('-', '/', '.', ' ', '\t', '  ', ', ', 'x', 'Main St', 'Oak Avenue', 'Apt 4', 'MA ', 'DOB ', 'SSN ', '(', ')', '+1 ', 'May ', 'aged '),
    // Words the word cues look for (and near misses), in every case.
    fc
      .constantFrom(
        'MRN', 'mr#', 'Mr', 'Medical Record Number', 'member id', 'Policy #', 'acct', 'Account', "driver's license", 'DL#', 'dl no',
        'VIN', 'plate', 's/n', 'S/N', 'IMEI', 'Serial', 'ss#', 'Social Security', 'pt id', 'ID', 'id', 'Case No', 'Visit',
        'Address:', 'addr', 'Lives at', 'resides at', 'home address', 'zip', 'Zip Code', 'postal code', 'postcode',
        'Jan', 'January', 'March', 'Sept', 'Dec.', 'jan', 'MAY', 'Jun', 'age', 'Aged', 'AGES', 'y', 'yo', 'Y/O', 'years', 'yrs', 'old',
        'CA', 'NY', 'Ca', 'MAs', 'St', 'Street', 'Ave', 'Rd', 'Blvd', 'Way', 'Heights', 'Turnpike', 'st', 'Str', 'Strand', 'is ',
        'Medicaid', 'NPI', 'DEA', 'UDI', 'Pacemaker ID', 'Encounter Number', 'Accession #', 'Passport', 'hicn', 'Invoice No.',
      )
      .map((w) => w),
    fc.constantFrom('Z', 'e', 'A1', '_', 'é', ':', '#', '=', 'x9', 'Springfield'),
  );
  it('never hide a match', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }).map((p) => p.join('')), (text) => {
        const traits = textTraits(text);
        const open = { ...traits, ssnShape: true, yearThenSeparator: true, shortThenSeparator: true, shortThenBlank: true, fiveThenDash: true, cues: -1 };
        expect(spansOf(text, traits)).toEqual(spansOf(text, open));
      }),
      { numRuns: 3000 },
    );
  });
});
