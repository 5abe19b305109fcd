import { Priority } from '../span.js';
import type { RecognizerDeclaration } from './recognizer.js';

const transliteration: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** North American VIN check digit (position 9) per 49 CFR 565.15. */
export function isValidVin(vin: string): boolean {
  if (vin.length !== 17) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const ch = vin[i]!;
    const value = ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : transliteration[ch];
    if (value === undefined) return false;
    sum += value * weights[i]!;
  }
  const check = sum % 11;
  return vin[8] === (check === 10 ? 'X' : String(check));
}

/**
 * Vehicle identification numbers (Safe Harbor 12) without a label: 17 VIN characters (no I, O
 * or Q), a letter and a digit, and a valid check digit. A labelled VIN ("VIN: ...") is also the
 * `vehicle-id-label` recognizer's.
 */
export const vin: RecognizerDeclaration = {
  id: 'vin',
  category: 'vehicle_id',
  priority: Priority.vin,
  rule: 'value:vin',
  prefilter: { digits: 1, upperAlnumRun: 17 },
  create: () => {
    const re = /(?<![A-HJ-NPR-Z0-9])[A-HJ-NPR-Z0-9]{17}(?![A-HJ-NPR-Z0-9])/g;
    return (text, out) => {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const v = m[0];
        if (/[A-Z]/.test(v) && /\d/.test(v) && isValidVin(v)) out.push({ start: m.index, end: m.index + 17, category: 'vehicle_id', rule: 'value:vin', priority: Priority.vin });
      }
    };
  },
};
