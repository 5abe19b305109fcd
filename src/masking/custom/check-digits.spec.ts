import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { luhnValid, mod11Valid, withLuhn, withMod11 } from './check-digits.js';

describe('check digits', () => {
  it('Luhn: known card and NPI-style numbers', () => {
    expect(luhnValid('4539 1488 0343 6467')).toBe(true);
    expect(luhnValid('4539 1488 0343 6468')).toBe(false);
    expect(luhnValid('80840 1234567893')).toBe(true); // NPI 1234567893 with its 80840 prefix
    expect(luhnValid('7')).toBe(false);
  });

  it('mod 11: the NHS number scheme, X for a check of ten', () => {
    expect(mod11Valid('943 476 5919')).toBe(true); // a published NHS test number
    expect(mod11Valid('943 476 5918')).toBe(false);
    expect(mod11Valid('0-306-40615-2')).toBe(true); // ISBN-10
    expect(mod11Valid('0-8044-2957-X')).toBe(true);
    expect(mod11Valid('HOSP-1234567')).toBe(withMod11('HOSP-123456') === 'HOSP-1234567');
  });

  it('any single-digit change breaks either scheme', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{6,15}$/), fc.nat(), fc.integer({ min: 1, max: 9 }), (body, at, delta) => {
        const luhn = withLuhn(body);
        expect(luhnValid(luhn)).toBe(true);
        const i = at % luhn.length;
        const changed = luhn.slice(0, i) + String((Number(luhn[i]) + delta) % 10) + luhn.slice(i + 1);
        expect(luhnValid(changed)).toBe(false);
        // Mod 11 catches every single-digit change while the weights stay under 11 (up to 10 digits).
        const mod = withMod11(body.slice(0, 9));
        if (mod !== undefined) {
          expect(mod11Valid(mod)).toBe(true);
          const j = at % mod.length;
          expect(mod11Valid(mod.slice(0, j) + String((Number(mod[j]) + delta) % 10) + mod.slice(j + 1))).toBe(false);
        }
      }),
      { numRuns: 500, seed: 11 },
    );
  });
});
