import { recognizerCases } from '../../../test/support/recognizer-cases.js';

recognizerCases(
  'zip-after-state',
  [
    ['Boston, MA 02115', '[REDACTED:ADDRESS], MA [REDACTED:ZIP]'],
    ['in NY 10001-1234.', 'in NY [REDACTED:ZIP].'],
  ],
  ['MAs 02115', 'Ma 02115', 'XX 02115', 'MA 021155'],
);
