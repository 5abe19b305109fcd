import { recognizerCases } from '../../../test/support/recognizer-cases.js';

recognizerCases(
  'zip-label',
  [
    ['zip 02115', 'zip [REDACTED:ZIP]'],
    ['Postal code: 10001.', 'Postal code: [REDACTED:ZIP].'],
    ['homeZip 02115', 'homeZip [REDACTED:ZIP]'],
  ],
  ['platelets 25000 per uL', 'zipper 02115', 'zip 021155'],
);
