import type { PhiCategory } from '../phi-category.js';
import { Priority } from '../span.js';
import type { RecognizerDeclaration } from './recognizer.js';
import { countDigits, lookbehind } from './text-helpers.js';

const faxContextRe = /(?<![A-Za-z0-9])fax(?![A-Za-z0-9])/i;

/**
 * Telephone and fax numbers (Safe Harbor 4 and 5): NANP numbers (`(975) 310-8670`,
 * `221.986.8818`, `+1 571-650-6109`; area and exchange codes start 2-9) and international ones
 * after `+` (grouped, or 8-15 digits in one run). "fax" in the 24 characters before makes it a fax.
 */
export const phoneNumber: RecognizerDeclaration = {
  id: 'phone-number',
  category: 'phone',
  priority: Priority.phone,
  rule: 'value:phone',
  prefilter: [{ digits: 10, digitRun: 4 }, { digits: 8, chars: { set: '+' } }],
  create: () => {
    const usPhoneRe = /(?:(?<![\d+]|\d[-.])(?:\+?1[-. ]?)?(?:\([2-9]\d{2}\)|[2-9]\d{2})|\([2-9]\d{2}\))[-. ]?\d{3}[-. ]?\d{4}(?!\d|-\d)/g;
    const intlPhoneRe = /(?<![\d+])\+\d{1,3}(?:[-. ]\d{1,4}){2,6}(?![\d])|(?<![\d+])\+\d{8,15}(?!\d)/g;
    return (text, out) => {
      for (const re of [usPhoneRe, intlPhoneRe]) {
        // Every international number starts with '+'.
        if (re === intlPhoneRe && !text.includes('+')) continue;
        re.lastIndex = 0;
        for (let m = re.exec(text); m !== null; m = re.exec(text)) {
          if (re === intlPhoneRe) {
            const digits = countDigits(m[0]);
            if (digits < 8 || digits > 15) continue;
          }
          const category: PhiCategory = faxContextRe.test(lookbehind(text, m.index, 24)) ? 'fax' : 'phone';
          out.push({ start: m.index, end: m.index + m[0].length, category, rule: `value:${category}`, priority: Priority.phone });
        }
      }
    };
  },
};
