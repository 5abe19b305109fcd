import { recognizerCases } from '../../../test/support/recognizer-cases.js';

recognizerCases(
  'month-year-date',
  [
    ['since May 2020', 'since [REDACTED:DATE]'],
    ['in Dec. 1999,', 'in [REDACTED:DATE],'],
  ],
  ['may 2020', 'May 20201', 'Mayo 2020'],
);
