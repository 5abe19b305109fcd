import { recognizerCases } from '../../../test/support/recognizer-cases.js';

recognizerCases(
  'us-ssn',
  [
    ['SSN 123-45-6789 on file', 'SSN [REDACTED:SSN] on file'],
    ['ssn: 123 45 6789', 'ssn: [REDACTED:SSN]'],
    ['visit_123-45-6789_scan.pdf', 'visit_[REDACTED:SSN]_scan.pdf'],
    ['ref123-45-6789z', 'ref[REDACTED:SSN]z'],
  ],
  ['000-12-3456', '666-12-3456', '912-34-5678', '123-00-4567', '123-45-0000', '123 45 6789', '1123-45-6789', '123-45-67890', '123-45-6789-1'],
);
