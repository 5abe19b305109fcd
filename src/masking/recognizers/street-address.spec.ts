import { recognizerCases } from '../../../test/support/recognizer-cases.js';

recognizerCases(
  'street-address',
  [
    ['lives on 985 Bramble Close now', 'lives on [REDACTED:ADDRESS] now'],
    ['at 12 N. Oak Ave, Apt 4', 'at [REDACTED:ADDRESS]'],
    ['221 Baker Street today', '[REDACTED:ADDRESS] today'],
  ],
  ['12 mg daily', '1234567 Main St', '5 main st', 'Room 12 Ward Street'.toLowerCase()],
);
