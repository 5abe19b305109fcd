import { Priority } from '../span.js';
import { MONTH_WORDS, monthAlt, pushDate, validDay } from './date-parts.js';
import type { RecognizerDeclaration } from './recognizer.js';

/** A day, a capitalised month and a year: `3 Mar 1950`, `21st of June, 2019`. */
export const dayMonthDate: RecognizerDeclaration = {
  id: 'day-month-date',
  category: 'date',
  priority: Priority.date,
  rule: 'value:date',
  prefilter: { digitRun: 4, words: { list: MONTH_WORDS, case: 'capitalised' } },
  create: () => {
    const re = new RegExp(`(?<![0-9])(\\d{1,2})(?:st|nd|rd|th)?[ \\t]{1,3}(?:of[ \\t]{1,3})?${monthAlt}\\.?,?[ \\t]{1,3}(\\d{4})(?!\\d)`, 'g');
    return (text, out) => {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) if (validDay(m[1]!)) pushDate(text, m.index, m.index + m[0].length, out);
    };
  },
};
