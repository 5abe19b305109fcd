import { Priority } from '../span.js';
import { pushDate } from './date-parts.js';
import type { RecognizerDeclaration } from './recognizer.js';

/**
 * Day-and-month-first dates (Safe Harbor 3): `3/4/1950`, `12.05.2020`, `04-05-21` (a two-digit
 * year only with `/`). Either reading, m/d or d/m, must be a real month and day.
 */
export const numericDate: RecognizerDeclaration = {
  id: 'numeric-date',
  category: 'date',
  priority: Priority.date,
  rule: 'value:date',
  prefilter: { digits: 4, chars: { set: '-/.', min: 2 }, shape: { run: [1, 2], after: '-/.', then: '0123456789' } },
  create: () => {
    const re = /(?<!\d[/.-]?)(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?!\d|[/.-]\d)/g;
    return (text, out) => {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const a = Number(m[1]);
        const b = Number(m[3]);
        if (m[4]!.length === 2 && m[2] !== '/') continue;
        const ok = (a >= 1 && a <= 12 && b >= 1 && b <= 31) || (b >= 1 && b <= 12 && a >= 1 && a <= 31);
        if (ok) pushDate(text, m.index, m.index + m[0].length, out);
      }
    };
  },
};
