import { Priority } from '../span.js';
import { MONTH_WORDS, monthAlt, pushDate } from './date-parts.js';
import type { RecognizerDeclaration } from './recognizer.js';

/** A capitalised month and a year: `May 2020`, `Dec. 1999`. */
export const monthYearDate: RecognizerDeclaration = {
  id: 'month-year-date',
  category: 'date',
  priority: Priority.date,
  rule: 'value:date',
  prefilter: { digitRun: 4, words: { list: MONTH_WORDS, case: 'capitalised' } },
  create: () => {
    const re = new RegExp(`(?<![A-Z])${monthAlt}\\.?,?[ \\t]{1,3}(\\d{4})(?!\\d)`, 'g');
    return (text, out) => {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) pushDate(text, m.index, m.index + m[0].length, out);
    };
  },
};
