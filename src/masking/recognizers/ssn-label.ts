import { labelledIdentifier } from './labelled-identifier.js';

/** Social Security numbers (Safe Harbor 7) after "SSN", "SS#", "social security (number)", in any form ("SSN: 123456789"). */
export const ssnLabel = labelledIdentifier({
  id: 'ssn-label',
  category: 'ssn',
  labels: String.raw`social security (?:number|no\.?|#)|social security|ssn|ss#`,
  context: ['social', 'ssn', 'ss#'],
});
