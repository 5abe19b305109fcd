import { labelledIdentifier } from './labelled-identifier.js';

/** Any other identifying number (Safe Harbor 18) after "patient id", "pt id", "passport", "id number", "case number", "visit id", "encounter id", "accession number", "ID". */
export const otherId = labelledIdentifier({
  id: 'other-id',
  category: 'other_id',
  labels: String.raw`patient id|pt id|passport(?: (?:number|no\.?|#))?|id (?:number|no\.?|#)|case (?:number|no\.?|#)|visit (?:number|id)|encounter (?:number|id)|accession (?:number|no\.?|#)|id`,
  context: ['patient', 'pt', 'passport', 'id', 'case', 'visit', 'encounter', 'accession'],
});
