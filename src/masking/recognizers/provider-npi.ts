import { luhnValid } from '../custom/check-digits.js';
import { Priority } from '../span.js';
import { startsWord } from '../word-start.js';
import type { RecognizerDeclaration } from './recognizer.js';

/**
 * A provider's National Provider Identifier after "NPI": ten digits, the first 1 or 2, whose
 * Luhn check over the prefix 80840 holds (45 CFR 162.406). It names a clinician or an
 * organisation, not the patient, their relatives, employers or household, so Safe Harbor does not
 * ask for it and it is kept: the span is protected, over the `licence-number` label "NPI" that
 * would mask it. Ten digits that fail the check are no NPI and stay that recognizer's (masked);
 * a profile that wants NPIs masked too switches `provider-npi` off.
 */
export const providerNpi: RecognizerDeclaration = {
  id: 'provider-npi',
  category: null,
  priority: Priority.notPhi,
  rule: 'recognizer:provider-npi',
  prefilter: { digitRun: 10, words: { list: ['npi'] } },
  create: () => {
    const re = /npi(?:[ \t]{1,2}(?:number|no\.?|#))?[ \t]{0,3}(?:[:#=_-][ \t]{0,3})?(?:is[ \t]{1,3})?([12]\d{9})(?!\d)/gi;
    return (text, out) => {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (!startsWord(text, m.index)) {
          re.lastIndex = m.index + 1;
          continue;
        }
        const npi = m[1]!;
        if (!luhnValid(`80840${npi}`)) continue;
        const start = m.index + m[0].length - npi.length;
        out.push({ start, end: start + npi.length, category: null, rule: 'recognizer:provider-npi', priority: Priority.notPhi });
      }
    };
  },
};
