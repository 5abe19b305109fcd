import { recognizerCases } from '../../../test/support/recognizer-cases.js';

recognizerCases(
  'email',
  [
    ['mail erica.c+x@mail.example.com.', 'mail [REDACTED:EMAIL].'],
    ['to: o\'neil_7@sub.example.org', 'to: [REDACTED:EMAIL]'],
    ['sent ann@example.org-scan', 'sent [REDACTED:EMAIL]-scan'],
    ['mail:ann@example.org_x', 'mail:[REDACTED:EMAIL]_x'],
  ],
  ['a@b', 'user@localhost', '@example.org', 'x @ y.com', 'price @ 3 for 2'],
);
