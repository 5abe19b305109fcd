import { recognizerCases } from '../../../test/support/recognizer-cases.js';

recognizerCases(
  'address-label',
  [
    ['Address: 5439 Westgate, Springfield\nnext', 'Address: [REDACTED:ADDRESS]\nnext'],
    ['Home address - 12 Elm, St. Louis. The rest', 'Home address - [REDACTED:ADDRESS]. The rest'],
  ],
  // Only in text with a capital: an all-lower-case string is a code or a key.
  ['address: 5439 westgate', 'ip address', 'Address: ab'],
);
