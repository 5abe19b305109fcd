import { startsWord } from '../word-start.js';
import { Priority } from '../span.js';
import type { RecognizerDeclaration } from './recognizer.js';
import { isAsciiDigit } from './text-helpers.js';

/** Two or three digits alone (an age is never part of a longer number). */
const shortRun = [2, 3] as const;

/**
 * Ages over 89 (Safe Harbor 3: they must be aggregated as 90+): `92-year-old`, `95 yo`,
 * `93 y/o`, `aged 91`, `age: 93`. Only 90 to 130 is masked; the number alone, not the words.
 */
export const ageOver89: RecognizerDeclaration = {
  id: 'age-over-89',
  category: 'age_over_89',
  priority: Priority.age,
  rule: 'value:age',
  prefilter: [
    { digits: 2, shape: { run: shortRun }, words: { list: ['age', 'aged', 'ages'] } },
    // "92y", "92yo", "92-year-old", "92 yo": a `y` right after the number or after one blank or `-`.
    { digits: 2, shape: { run: shortRun, after: 'yY' } },
    { digits: 2, shape: { run: shortRun, after: ' -', then: 'yY' } },
  ],
  create: () => {
    const res = [
      /(?<!\d\.?)(\d{2,3})[ -]?(?:years?|yrs?|y)[ -]?old(?![A-Za-z])/gi,
      /(?<!\d\.?)(\d{2,3})[ -]?(?:yo|y\/o|y\.o\.)(?![A-Za-z0-9])/gi,
      /(?:age|aged|ages)[ \t]{0,2}[:_]?[ \t]{0,2}(\d{2,3})(?!\d|\+|\.\d)/gi,
    ];
    return (text, out) => {
      for (const re of res) {
        re.lastIndex = 0;
        for (let m = re.exec(text); m !== null; m = re.exec(text)) {
          if (!isAsciiDigit(text.charCodeAt(m.index)) && !startsWord(text, m.index)) {
            re.lastIndex = m.index + 1;
            continue;
          }
          const age = Number(m[1]);
          if (age < 90 || age > 130) continue;
          const start = m.index + m[0].indexOf(m[1]!);
          out.push({ start, end: start + m[1]!.length, category: 'age_over_89', rule: 'value:age', priority: Priority.age });
        }
      }
    };
  },
};
