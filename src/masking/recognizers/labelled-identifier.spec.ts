import { describe, expect, it } from 'vitest';
import { recognizerCases, rulesOf } from '../../../test/support/recognizer-cases.js';

// The labelled identifiers (mrn, health-plan-id, account-number, licence-number,
// vehicle-id-label, device-id-label, ssn-label, other-id): one pattern, the first label wins.
recognizerCases(
  'labelled identifiers',
  [
    ['MRN: 12345678.', 'MRN: [REDACTED:MRN].'],
    ['Medical Record Number 00123456', 'Medical Record Number [REDACTED:MRN]'],
    ['ptMRN:12345678_scan', 'ptMRN:[REDACTED:MRN]_scan'],
    ['Member ID XJ4K2991 active', 'Member ID [REDACTED:HEALTH_PLAN_ID] active'],
    ['Acct #: 99887766', 'Acct #: [REDACTED:ACCOUNT]'],
    ['Account Number: 5566778899', 'Account Number: [REDACTED:ACCOUNT]'],
    ["Driver's License: S1234567", "Driver's License: [REDACTED:LICENSE]"],
    ['Serial Number: PM-44812-X', 'Serial Number: [REDACTED:DEVICE_ID]'],
    ['Social Security Number: 123456789.', 'Social Security Number: [REDACTED:SSN].'],
    ['Passport No. X1234567', 'Passport No. [REDACTED:OTHER_ID]'],
  ],
  ['MRN: pending', 'Account Number', 'identity confirmed', 'Medicaid eligible', 'grid 12345'],
);

describe('labelled identifiers count under their own rule', () => {
  it.each([
    ['MRN 1234567', 'value:mrn'],
    ['account id 55512', 'value:account'],
    ['Member ID XJ4K2991', 'value:health_plan_id'],
  ])('%s', (text, rule) => {
    expect(rulesOf(text)).toEqual({ [rule]: 1 });
  });
});
