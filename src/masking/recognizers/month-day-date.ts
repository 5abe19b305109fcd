import { Priority } from '../span.js';
import { MONTH_WORDS, monthAlt, pushDate, validDay } from './date-parts.js';
import type { RecognizerDeclaration } from './recognizer.js';

/**
 * A capitalised month and a day, with or without a year: `March 3, 1950`, `Oct 12`, `May 7th`.
 * A month glued to a capital before it is no month ("ABCMarch 3"); a camelCase joint is ("visitMarch 3").
 */
export const monthDayDate: RecognizerDeclaration = {
  id: 'month-day-date',
  category: 'date',
  priority: Priority.date,
  rule: 'value:date',
  prefilter: { digits: 1, words: { list: MONTH_WORDS, case: 'capitalised' } },
  create: () => {
    const re = new RegExp(`(?<![A-Z])${monthAlt}\\.?[ \\t]{1,3}(\\d{1,2})(?:st|nd|rd|th)?(?:,?[ \\t]{1,3}(\\d{4})(?!\\d)|(?![A-Za-z0-9:/]))`, 'g');
    return (text, out) => {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) if (validDay(m[1]!)) pushDate(text, m.index, m.index + m[0].length, out);
    };
  },
};
