import { recognizerCases } from '../../../test/support/recognizer-cases.js';

recognizerCases(
  'url',
  [
    ['see https://portal.example.com/p?id=5.', 'see [REDACTED:URL].'],
    ['visit www.example.org/me now', 'visit [REDACTED:URL] now'],
    ['visit WWW.EXAMPLE.ORG/ME now', 'visit [REDACTED:URL] now'],
    ['(ftp://files.example.net/a)', '([REDACTED:URL])'],
    [`see https://x.example/?q=${'a'.repeat(3000)}&ssn=123-45-6789 ok`, 'see [REDACTED:URL] ok'],
  ],
  ['www', 'the www. prefix', 'https:', 'ratio 3:1'],
);
