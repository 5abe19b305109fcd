import { Priority } from '../span.js';
import { pushDate, validDay } from './date-parts.js';
import type { RecognizerDeclaration } from './recognizer.js';

/**
 * Year-first dates (Safe Harbor 3): `2021-03-04`, `2021/3/4`, `2021.03.04`, with an optional
 * time and zone (`2021-03-04T10:00:00Z`). Years 1800-2199, months 1-12, days 1-31; the same
 * separator twice.
 */
export const isoDate: RecognizerDeclaration = {
  id: 'iso-date',
  category: 'date',
  priority: Priority.date,
  rule: 'value:date',
  prefilter: { digits: 4, chars: { set: '-/.', min: 2 }, shape: { run: [4, 4], after: '-/.', then: '0123456789' } },
  create: () => {
    const re = /(?<!\d[-/.]?)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?!\d|[-/.]\d)/g;
    return (text, out) => {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const year = Number(m[1]);
        const month = Number(m[3]);
        if (year < 1800 || year > 2199 || month < 1 || month > 12 || !validDay(m[4]!)) continue;
        pushDate(text, m.index, m.index + m[0].length, out);
      }
    };
  },
};
