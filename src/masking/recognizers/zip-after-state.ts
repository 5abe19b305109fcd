import { Priority } from '../span.js';
import type { RecognizerDeclaration } from './recognizer.js';
import { US_STATE_CODES, stateAlt } from './us-states.js';
import { zipGroupMatcher } from './zip-label.js';

/** A ZIP or ZIP+4 after a state code ("Boston, MA 02115"): the ZIP only, the state is kept (Safe Harbor 2). */
export const zipAfterState: RecognizerDeclaration = {
  id: 'zip-after-state',
  category: 'zip',
  priority: Priority.zip,
  rule: 'value:zip',
  prefilter: { digits: 5, digitRun: 5, words: { list: US_STATE_CODES, case: 'exact' } },
  create: () => zipGroupMatcher(new RegExp(`(?<![A-Za-z])(?:${stateAlt})\\.?,?[ \\t]{1,3}(\\d{5}(?:-\\d{4})?)(?!\\d|-\\d)`, 'g')),
};
