import { Priority } from '../span.js';
import type { RecognizerDeclaration } from './recognizer.js';

/** USPS street suffixes (and common British ones), capitalised as a street name writes them. */
export const STREET_SUFFIXES = [
  'Street', 'St', 'Avenue', 'Ave', 'Road', 'Rd', 'Boulevard', 'Blvd', 'Lane', 'Ln', 'Drive', 'Dr', 'Court', 'Ct', 'Way', 'Place', 'Pl', 'Terrace', 'Ter',
  'Circle', 'Cir', 'Parkway', 'Pkwy', 'Highway', 'Hwy', 'Trail', 'Trl', 'Square', 'Sq', 'Loop', 'Path', 'Pike', 'Alley', 'Close', 'Crescent', 'Grove',
  'Row', 'Walk', 'Crossing', 'Run', 'Ridge', 'Heights', 'Plaza', 'Route', 'Rte', 'Expressway', 'Freeway', 'Turnpike',
] as const;

/**
 * A street address with a house number (Safe Harbor 2): 1-6 digits, an optional direction, one
 * to four capitalised words and a street suffix, then an optional unit ("Apt 4", "Suite 200").
 */
export const streetAddress: RecognizerDeclaration = {
  id: 'street-address',
  category: 'address',
  priority: Priority.address,
  rule: 'value:address',
  prefilter: { upper: true, shape: { run: [1, 6], after: ' \t' }, words: { list: STREET_SUFFIXES, case: 'capitalised' } },
  create: () => {
    const re = new RegExp(
      `(?<!\\d)\\d{1,6}[ \\t]{1,2}(?:[NSEW]\\.?[ \\t]{1,2})?(?:[A-Z][A-Za-z'.-]{0,25}[ \\t]{1,2}){1,4}(?:${STREET_SUFFIXES.join('|')})(?![A-Za-z0-9])\\.?(?:,?[ \\t]{1,2}(?:Apt|Apartment|Unit|Suite|Ste|#)\\.?[ \\t]{0,2}[A-Za-z0-9-]{1,8})?`,
      'g',
    );
    return (text, out) => {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        out.push({ start: m.index, end: m.index + m[0].length, category: 'address', rule: 'value:address', priority: Priority.address });
      }
    };
  },
};
