import { recognizerCases } from '../../../test/support/recognizer-cases.js';

recognizerCases(
  'numeric-date',
  [
    ['DOB 3/4/1950.', 'DOB [REDACTED:DATE].'],
    ['on 12.05.2020', 'on [REDACTED:DATE]'],
    ['seen 04/05/21', 'seen [REDACTED:DATE]'],
    ['x_13-12-2020_y', 'x_[REDACTED:DATE]_y'],
  ],
  ['BP 120/80 mmHg', '04-05-21', '13/13/2020', 'release 1.2.3', '1/2'],
);
