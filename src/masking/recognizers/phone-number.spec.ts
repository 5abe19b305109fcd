import { recognizerCases } from '../../../test/support/recognizer-cases.js';

recognizerCases(
  'phone-number',
  [
    ['call (975) 310-8670 x982', 'call [REDACTED:PHONE] x982'],
    ['cell 221.986.8818', 'cell [REDACTED:PHONE]'],
    ['tel +1 571-650-6109', 'tel [REDACTED:PHONE]'],
    ['reach +15716506109 today', 'reach [REDACTED:PHONE] today'],
    ['UK office +44 20 7946 0958.', 'UK office [REDACTED:PHONE].'],
    ['Fax: 212-312-1805', 'Fax: [REDACTED:FAX]'],
    ['cb_617-555-0134_x', 'cb_[REDACTED:PHONE]_x'],
  ],
  ['call 123-456-7890', '+1 23', 'ref 5551234567890', 'NDC 0002-3227-30'],
);
