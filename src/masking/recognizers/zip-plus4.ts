import { Priority } from '../span.js';
import type { RecognizerDeclaration } from './recognizer.js';

/** A ZIP+4 anywhere (`02115-1234`): five digits, `-`, four digits, not part of a longer number. */
export const zipPlus4: RecognizerDeclaration = {
  id: 'zip-plus4',
  category: 'zip',
  priority: Priority.zip,
  rule: 'value:zip',
  prefilter: { digits: 5, digitRun: 5, shape: { run: [5, 5], after: '-', then: '0123456789' } },
  create: () => {
    const re = /(?<!\d-?)\d{5}-\d{4}(?!\d|-\d)/g;
    return (text, out) => {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) out.push({ start: m.index, end: m.index + m[0].length, category: 'zip', rule: 'value:zip', priority: Priority.zip });
    };
  },
};
