import { recognizerCases } from '../../../test/support/recognizer-cases.js';

recognizerCases(
  'medicare-beneficiary-id',
  [
    ['Beneficiary 1EG4TE5MK73 on file.', 'Beneficiary [REDACTED:HEALTH_PLAN_ID] on file.'],
    ['card reads 1EG4-TE5-MK73 today', 'card reads [REDACTED:HEALTH_PLAN_ID] today'],
    ['9A99A99AA99', '[REDACTED:HEALTH_PLAN_ID]'],
    ['scan_2CA7D38FG12.pdf', 'scan_[REDACTED:HEALTH_PLAN_ID].pdf'],
    ['(5XY0Q94RT00)', '([REDACTED:HEALTH_PLAN_ID])'],
  ],
  [
    // Position rules: 0 first, a digit where a letter must be, S/L/O/I/B/Z, lower case, too long or short.
    'ref 0EG4TE5MK73 ok',
    'ref 1EG43E5MK73 ok',
    'ref 1SG4TE5MK73 ok',
    'ref 1EG4TE5MB73 ok',
    'ref 1eg4te5mk73 ok',
    'ref 1EG4TE5MK731 ok',
    'ref X1EG4TE5MK73 ok',
    'ref 1EG4TE5MK7 ok',
    'ICD-10 E11.9, LOINC 4548-4, NDC 0002-3227-30',
  ],
);
