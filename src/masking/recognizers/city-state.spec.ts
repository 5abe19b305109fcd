import { recognizerCases } from '../../../test/support/recognizer-cases.js';

recognizerCases(
  'city-state',
  [
    ['moved from Boston, MA last year', 'moved from [REDACTED:ADDRESS], MA last year'],
    ['San Luis Obispo, CA.', '[REDACTED:ADDRESS], CA.'],
  ],
  ['boston, MA', 'Boston, Ma', 'Boston, MAss', 'boston, ma'],
);
