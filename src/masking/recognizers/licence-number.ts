import { labelledIdentifier } from './labelled-identifier.js';

/**
 * Certificate and licence numbers (Safe Harbor 11) after "driver's license", "licence number", "DL#", "certificate number", "NPI", "DEA".
 * A valid NPI after "NPI" is a provider's and is kept by `provider-npi` (it wins over this label); other values after "NPI" are masked here.
 */
export const licenceNumber = labelledIdentifier({
  id: 'licence-number',
  category: 'license',
  labels: String.raw`driver'?s? licen[cs]e(?: (?:number|no\.?|#))?|licen[cs]e (?:number|no\.?|#)|dl#|dl #|dl no\.?|certificate (?:number|no\.?|#)|npi|dea(?: (?:number|no\.?|#))?`,
  context: ['driver', 'licence', 'license', 'dl', 'certificate', 'npi', 'dea'],
});
