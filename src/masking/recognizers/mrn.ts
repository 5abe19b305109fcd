import { labelledIdentifier } from './labelled-identifier.js';

/** Medical record numbers (Safe Harbor 8) after "MRN", "MR#", "medical record number", "med rec #", "chart #". */
export const mrn = labelledIdentifier({
  id: 'mrn',
  category: 'mrn',
  labels: String.raw`medical record (?:number|no\.?|#)|med(?:ical)? rec(?:ord)? #|mrn|mr#|mr no\.?|chart (?:number|no\.?|#)`,
  context: ['medical', 'med', 'mrn', 'mr#', 'chart'],
});
