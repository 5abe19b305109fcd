import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMaskedValue } from './replacer.js';

/** Our own output forms as whole-string patterns: the definition `isMaskedValue` implements by hand. */
const ownForms = [/^\[REDACTED:[A-Z0-9_]{1,24}\]$/, /^tok_[a-z0-9_]{1,24}_[0-9a-f]{16}$/, /^\*{2,}[-*]{0,8}[A-Za-z0-9]{0,4}$/, /^\d{3}\*\*$/, /^\d{2,3}\+$/];
const byDefinition = (v: string): boolean => v.length >= 2 && v.length <= 48 && ownForms.some((re) => re.test(v));

describe('isMaskedValue', () => {
  it('recognises placeholders, tokens and partial forms, and nothing else', () => {
    for (const v of ['[REDACTED:SSN]', 'tok_name_0123456789abcdef', '***-**-6789', '****78BO', '021**', '90+', '105+']) expect(isMaskedValue(v)).toBe(true);
    for (const v of ['[REDACTED:ssn]', 'tok_name_0123456789abcde', '*', '02115', '0211*', '9+', '1050+', '90+ ', 'x90+', '', 'Smith']) expect(isMaskedValue(v)).toBe(false);
  });

  it('agrees with the pattern definition on near misses', () => {
    const piece = fc.oneof(
      fc.constantFrom('[REDACTED:', ']', 'NAME', 'ssn', 'tok_', 'name_', '0123456789abcdef', '*', '**', '-', '6789', '78BO', '+', ' ', '_'),
      fc.stringMatching(/^[0-9]{1,4}$/),
      fc.string({ maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }).map((p) => p.join('')), (v) => {
        expect(isMaskedValue(v)).toBe(byDefinition(v));
      }),
      { numRuns: 5000 },
    );
  });
});
