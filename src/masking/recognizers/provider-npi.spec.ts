import { describe, expect, it } from 'vitest';
import { recognizerCases } from '../../../test/support/recognizer-cases.js';
import { createMaskingEngine } from '../masking-engine.js';

// 1234567893 is CMS's own example NPI (Luhn over 80840123456789 gives 3).
recognizerCases(
  'provider-npi',
  [
    // Not NPIs: a failed check digit, a first digit other than 1 or 2, too few digits: the licence label masks them.
    ['Referring NPI 1234567890; CPT 99213.', 'Referring NPI [REDACTED:LICENSE]; CPT 99213.'],
    ['NPI: 3234567893', 'NPI: [REDACTED:LICENSE]'],
    ['NPI 123456789', 'NPI [REDACTED:LICENSE]'],
    // A valid NPI keeps the patient's own identifiers around it masked.
    ['NPI 1234567893, MRN 12345678', 'NPI 1234567893, MRN [REDACTED:MRN]'],
  ],
  ['Referring NPI 1234567893; CPT 99213.', 'npi: 1234567893', 'Billing NPI number 1234567893 on the claim', 'NPI#1234567893', 'Dr. office_NPI 1234567893'],
);

describe('provider-npi switched off', () => {
  it('leaves a valid NPI to the licence label, which masks it', () => {
    const engine = createMaskingEngine({ profiles: [{ name: 'npi-masked', defaultMode: 'redact', disabledRecognizers: ['provider-npi'] }], tokenKey: Buffer.alloc(32, 3) });
    expect(engine.maskText('Referring NPI 1234567893.', 'npi-masked').output).toBe('Referring NPI [REDACTED:LICENSE].');
    expect(engine.maskText('Referring NPI 1234567893.', 'strict').output).toBe('Referring NPI 1234567893.');
  });
});
