import { recognizerCases } from '../../../test/support/recognizer-cases.js';

recognizerCases(
  'day-month-date',
  [
    ['born 3 Mar 1950', 'born [REDACTED:DATE]'],
    ['on 21st of June, 2019.', 'on [REDACTED:DATE].'],
  ],
  ['3 mar 1950', '3 March'],
);
