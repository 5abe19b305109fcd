import { Priority } from '../span.js';
import type { RecognizerDeclaration } from './recognizer.js';

/**
 * IPv4 addresses (Safe Harbor 15): four dotted numbers, each 0-255, not part of a longer dotted number,
 * and not a version string: a lone `v` before the numbers (`v1.2.3.4`, `firmware V2.0.1.7`) marks a release.
 */
export const ipAddress: RecognizerDeclaration = {
  id: 'ip-address',
  category: 'ip',
  priority: Priority.ip,
  rule: 'value:ip',
  prefilter: { digits: 4, chars: { set: '.', min: 3 } },
  create: () => {
    const re = /(?<!\d\.?|(?<![A-Za-z])[vV])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?!\d|\.\d)/g;
    return (text, out) => {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (Number(m[1]) <= 255 && Number(m[2]) <= 255 && Number(m[3]) <= 255 && Number(m[4]) <= 255) {
          out.push({ start: m.index, end: m.index + m[0].length, category: 'ip', rule: 'value:ip', priority: Priority.ip });
        }
      }
    };
  },
};
