import { luhnValid } from '../custom/check-digits.js';
import { Priority } from '../span.js';
import { contextLedMatcher } from './context-led.js';
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
  create: () =>
    contextLedMatcher({
      id: 'provider-npi',
      category: null,
      priority: Priority.notPhi,
      labels: String.raw`npi(?: (?:number|no\.?|#))?`,
      value: String.raw`[12]\d{9}`,
      validate: (npi) => (luhnValid(`80840${npi}`) ? [0, npi.length] : undefined),
    }),
};
