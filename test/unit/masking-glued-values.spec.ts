import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMaskingEngine } from '../../src/masking/masking-engine.js';

/**
 * A value's shape decides, not a regex word boundary: every built-in value recognizer finds its
 * planted shape glued to any neighbour that cannot be part of that shape (letters, `_`,
 * punctuation; digits only where the shape ends in something else). Ordinary clinical values
 * glued to the same neighbours stay as they are.
 */
const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 6) });

const punctuation = [...'_/#-.:=&()[]"\'*+|~!?,;@$%^`{}<>\\ \t\n'];
const lower = [...'abcdefghijklmnopqrstuvwxyz'];
const upper = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const digits = [...'0123456789'];
const nonAscii = ['é', 'ß', 'ü', '中', '·'];

interface Shape {
  recognizer: string;
  /** The text planted; `value` is the part that must not survive. */
  text: string;
  value: string;
  left: readonly string[];
  right: readonly string[];
}

const except = (chars: readonly string[], ...drop: string[]): string[] => chars.filter((c) => !drop.includes(c));
/** What may stand next to a value that starts or ends with a digit. */
const aroundDigits = [...punctuation, ...lower, ...upper, ...nonAscii];
/** Next to a capitalised label (`MRN:`, `March`), a lower-case letter is a camelCase joint; a capital would be part of the word. */
const beforeLabel = [...except(punctuation, '@'), ...lower, ...digits, ...nonAscii];
const beforeLowerLabel = [...except(punctuation, '@'), ...digits, ...nonAscii];

const shapes: Shape[] = [
  { recognizer: 'ssn', text: '123-45-6789', value: '123-45-6789', left: except(aroundDigits, '-', '.'), right: except(aroundDigits, '-') },
  { recognizer: 'phone (dashed)', text: '617-555-0123', value: '555-0123', left: except(aroundDigits, '-', '.', '+', '('), right: except(aroundDigits, '-') },
  { recognizer: 'phone (parens)', text: '(617) 555-0123', value: '555-0123', left: except(aroundDigits, '+'), right: except(aroundDigits, '-') },
  { recognizer: 'phone (dotted)', text: '617.555.0123', value: '555.0123', left: except(aroundDigits, '-', '.', '+', '('), right: except(aroundDigits, '-', '.') },
  { recognizer: 'phone (international)', text: '+44 20 7946 0958', value: '7946 0958', left: except(aroundDigits, '+'), right: except(aroundDigits, '-', '.', ' ') },
  { recognizer: 'email', text: 'ann.lee@example.org', value: 'ann.lee@example', left: except(aroundDigits, '@'), right: except(aroundDigits, ...lower, ...upper, '.', '-', '@') },
  { recognizer: 'mrn (label)', text: 'MRN: 12345678', value: '12345678', left: beforeLabel, right: except(aroundDigits, '-') },
  { recognizer: 'mrn (label, no blank)', text: 'MRN#A1234567', value: 'A1234567', left: beforeLabel, right: except(aroundDigits, '-', ...lower, ...upper) },
  { recognizer: 'mrn (lower-case label)', text: 'mrn 44120931', value: '44120931', left: beforeLowerLabel, right: except(aroundDigits, '-') },
  { recognizer: 'health plan (label)', text: 'Member ID: M12345678', value: 'M12345678', left: beforeLabel, right: except(aroundDigits, '-', ...lower, ...upper) },
  { recognizer: 'account (label)', text: 'Acct #: 99812345', value: '99812345', left: beforeLabel, right: except(aroundDigits, '-') },
  { recognizer: 'license (label)', text: 'DL# S1234567', value: 'S1234567', left: beforeLabel, right: except(aroundDigits, '-', ...lower, ...upper) },
  { recognizer: 'date (iso)', text: '2021-03-04', value: '2021-03-04', left: except(aroundDigits, '-', '/', '.'), right: except(aroundDigits, '-', '/', '.') },
  { recognizer: 'date (numeric)', text: '3/4/1950', value: '3/4/1950', left: except(aroundDigits, '-', '/', '.'), right: except(aroundDigits, '-', '/', '.') },
  { recognizer: 'date (month day year)', text: 'March 3, 1950', value: 'March 3', left: except(beforeLabel, ...digits), right: aroundDigits },
  { recognizer: 'date (day month year)', text: '3 March 1950', value: '3 March 1950', left: except(aroundDigits, '.'), right: aroundDigits },
  { recognizer: 'zip+4', text: '02139-1234', value: '02139-1234', left: except(aroundDigits, '-'), right: except(aroundDigits, '-') },
  { recognizer: 'zip (label)', text: 'ZIP: 02139', value: '02139', left: beforeLabel, right: except(aroundDigits, '-') },
  { recognizer: 'zip (after state)', text: 'MA 02139', value: '02139', left: [...except(punctuation, '@'), ...digits, ...nonAscii], right: except(aroundDigits, '-') },
  { recognizer: 'ipv4', text: '10.20.30.40', value: '10.20.30.40', left: except(aroundDigits, '.'), right: except(aroundDigits, '.') },
  { recognizer: 'ipv6', text: '2001:db8::7', value: '2001:db8::7', left: except(aroundDigits, ...'abcdefABCDEF:.'), right: except(aroundDigits, ...'abcdefABCDEF:') },
  { recognizer: 'url', text: 'https://portal.example.com/p/1', value: 'portal.example.com', left: aroundDigits, right: except(aroundDigits, ...except(punctuation, ' ', '\t', '\n', '"', "'", '<', '>', '{', '}', '|', '\\', '^', '`', '[', ']'), ...lower, ...upper) },
  { recognizer: 'url (www)', text: 'www.example.com', value: 'www.example.com', left: aroundDigits, right: [' ', '\t', '\n', '"', "'", '<', '>', '(', ',', ';', '!', '*'] },
  { recognizer: 'vin', text: '1HGCM82633A004352', value: '1HGCM82633A004352', left: [...punctuation, ...lower, 'I', 'O', 'Q', ...nonAscii], right: [...punctuation, ...lower, 'I', 'O', 'Q', ...nonAscii] },
  { recognizer: 'age over 89', text: '93-year-old', value: '93', left: except(aroundDigits, '.'), right: [...except(punctuation), ...digits, ...nonAscii] },
  { recognizer: 'age over 89 (label)', text: 'aged 97', value: '97', left: beforeLowerLabel, right: except(aroundDigits, '+', '.') },
  { recognizer: 'device serial', text: 'serial 4XK-99812', value: '99812', left: beforeLowerLabel, right: except(aroundDigits, ...lower, ...upper, ...digits, '-', '.', '/', '(', ')', '+', '$') },
  { recognizer: 'licence plate', text: 'plate 7XKD221', value: '7XKD221', left: beforeLowerLabel, right: except(aroundDigits, ...lower, ...upper, ' ', '-', '\t') },
  { recognizer: 'street address', text: '4417 Marlow Avenue', value: 'Marlow Avenue', left: except(aroundDigits, ...digits, ...lower, ...upper), right: [...except(punctuation, '.', '-', "'"), ...nonAscii] },
];

const word = fc.constantFrom('', 'visit', 'scan', 'ref', 'pt', 'x', 'Note', 'file');

describe('glued values (a value\'s shape decides, not \\b)', () => {
  it.each(shapes)('$recognizer is found with any neighbour that cannot extend its shape', (shape) => {
    fc.assert(
      fc.property(word, fc.constantFrom(...shape.left), fc.constantFrom(...shape.right), word, (before, l, r, after) => {
        const text = `${before}${l}${shape.text}${r}${after}`;
        const { output } = engine.maskText(text, 'strict');
        expect(output.includes(shape.value), `${JSON.stringify(text)} -> ${JSON.stringify(output)}`).toBe(false);
      }),
      { numRuns: 400, seed: 14 },
    );
  });

  it('every neighbour pair of the issue\'s examples', () => {
    for (const text of ['visit_123-45-6789_scan.pdf', 'ref123-45-6789z', 'visit_MRN:12345678_scan', 'call_617-555-0123_now', 'ptMRN_44120931']) {
      const { output } = engine.maskText(text, 'strict');
      expect(output, text).not.toMatch(/\d{4}/);
    }
  });

  // Lab values, dosages, ICD-10/LOINC/SNOMED/RxNorm/NDC codes, times of day: none is PHI, glued or not.
  const clinical = [
    '6.5', '126', '1.02', '132/84', '55-60', '98.6', '0.9', '10mg', '500', '2.5mL', '40', '3x', 'q6h', 'E11.9', 'I10', 'S72.001A', 'Z79.4', 'J45.909',
    '4548-4', '8480-6', '2345-7', '44054006', '38341003', '73211009', '197361', '0002-3227-30', '10:30', '14:05:59', '23:59:59.123', '07:15',
    '12/24', '1/2', 'v2.3', '2.16.840.1.113883', '5-10', '1-2', '120/80', '3.14',
  ];
  const glue = fc.constantFrom('_', ' ', '-', '/', '(', ')', ':', ',', 'x', 'mg', 'LOINC', 'ICD', 'at', '#', '=');
  it('keeps ordinary clinical values glued to any neighbour', () => {
    fc.assert(
      fc.property(fc.constantFrom(...clinical), glue, glue, word, (value, l, r, before) => {
        const text = `${before}${l}${value}${r}`;
        const { output } = engine.maskText(text, 'strict');
        expect(output, JSON.stringify(text)).toBe(text);
      }),
      { numRuns: 3000, seed: 14 },
    );
  });
});
