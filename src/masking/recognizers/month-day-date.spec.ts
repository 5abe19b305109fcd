import { recognizerCases } from '../../../test/support/recognizer-cases.js';

recognizerCases(
  'month-day-date',
  [
    ['on March 3, 1950 she', 'on [REDACTED:DATE] she'],
    ['seen on Oct 12 again', 'seen on [REDACTED:DATE] again'],
    ['due May 7th.', 'due [REDACTED:DATE].'],
    ['visitMarch 3', 'visit[REDACTED:DATE]'],
  ],
  ['Will follow up in May.', 'march 3', 'Oct 32', 'Mar 3/4', 'ABCMarch 3'],
);
