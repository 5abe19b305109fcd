import { Priority } from '../span.js';
import type { RecognizerDeclaration } from './recognizer.js';
import { lookbehind } from './text-helpers.js';

/** SSA rules: no area 000, 666 or 9xx, no group 00, no serial 0000. */
export function isValidSsn(area: string, group: string, serial: string): boolean {
  return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';
}

const ssnContextRe = /(?<![A-Za-z0-9])(?:ssn|ss#|social security)/i;

/**
 * US Social Security numbers (Safe Harbor 7) written `123-45-6789`, or `123 45 6789` after an
 * SSN word in the 24 characters before it (blank-separated groups are too common in other
 * numbers to trust without one). The number's shape decides, not a word boundary: letters and
 * `_` may touch it ("ref123-45-6789z"), a digit or a `-`/`.` between digits may not. The
 * labelled 9-digit form ("SSN: 123456789") is the `ssn-label` recognizer's.
 */
export const usSsn: RecognizerDeclaration = {
  id: 'us-ssn',
  category: 'ssn',
  priority: Priority.ssn,
  rule: 'value:ssn',
  prefilter: { digits: 9, shape: { run: [3, 3], after: '- ', next: [2, 2] } },
  create: () => {
    const re = /(?<!\d[-.]?)(\d{3})([- ])(\d{2})\2(\d{4})(?!\d|-\d)/g;
    return (text, out) => {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (m[2] === ' ' && !ssnContextRe.test(lookbehind(text, m.index, 24))) continue;
        if (!isValidSsn(m[1]!, m[3]!, m[4]!)) continue;
        out.push({ start: m.index, end: m.index + m[0].length, category: 'ssn', rule: 'value:ssn', priority: Priority.ssn });
      }
    };
  },
};
