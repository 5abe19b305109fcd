import { Priority } from '../span.js';
import type { RecognizerDeclaration } from './recognizer.js';

// CMS MBI letters: A-Z without S, L, O, I, B and Z (they read as digits).
const A = '[AC-HJKMNP-RT-Y]';
const AN = '[AC-HJKMNP-RT-Y0-9]';

/**
 * Medicare Beneficiary Identifiers (Safe Harbor 9, a health plan beneficiary number) anywhere,
 * without a label: the CMS format is specific enough on its own. Eleven characters, by position
 * C A AN N A AN N A A N N (C 1-9, A a letter of the MBI set, N a digit), with optional dashes
 * after the 4th and 7th (`1EG4-TE5-MK73`). Letters are capitals, as CMS prints them. A capital or
 * a digit next to it would make it part of a longer code, so those neighbours are no MBI.
 */
export const medicareBeneficiaryId: RecognizerDeclaration = {
  id: 'medicare-beneficiary-id',
  category: 'health_plan_id',
  // As specific a shape as a VIN's.
  priority: Priority.vin,
  rule: 'value:mbi',
  prefilter: [
    { digits: 5, upperAlnumRun: 11 },
    { digits: 5, upperAlnumRun: 4, chars: { set: '-', min: 2 } },
  ],
  create: () => {
    const re = new RegExp(`(?<![A-Z0-9])[1-9]${A}${AN}\\d-?${A}${AN}\\d-?${A}${A}\\d\\d(?![A-Z0-9])`, 'g');
    return (text, out) => {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        out.push({ start: m.index, end: m.index + m[0].length, category: 'health_plan_id', rule: 'value:mbi', priority: Priority.vin });
      }
    };
  },
};
