import { recognizerCases } from '../../../test/support/recognizer-cases.js';

recognizerCases(
  'iso-date',
  [
    ['admitted 2021-03-04 and', 'admitted [REDACTED:DATE] and'],
    ['at 2021-03-04T10:00:00Z', 'at [REDACTED:DATE]'],
    ['on 2021/3/4.', 'on [REDACTED:DATE].'],
    ['scan_2021.03.04_b', 'scan_[REDACTED:DATE]_b'],
  ],
  ['2021-13-04', '1700-01-01', '2021-03-32', '2021-03/04', '12021-03-04', 'LOINC 8480-6'],
);
