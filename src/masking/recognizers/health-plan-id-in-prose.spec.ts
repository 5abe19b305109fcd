import { describe, expect, it } from 'vitest';
import { recognizerCases, rulesOf } from '../../../test/support/recognizer-cases.js';

recognizerCases(
  'health-plan-id-in-prose',
  [
    ['She gave us plan number YUT0697760 today.', 'She gave us plan number [REDACTED:HEALTH_PLAN_ID] today.'],
    ['The card shows UCR521601178 for this year.', 'The card shows [REDACTED:HEALTH_PLAN_ID] for this year.'],
    ['her Aetna plan W123456789 was renewed', 'her Aetna plan [REDACTED:HEALTH_PLAN_ID] was renewed'],
    ['member id is in the chart as XJH4429178', 'member id is in the chart as [REDACTED:HEALTH_PLAN_ID]'],
    ['XJH4429178 is on her Cigna card', '[REDACTED:HEALTH_PLAN_ID] is on her Cigna card'],
    ['Coverage confirmed, ref ABC-12345-Z.', 'Coverage confirmed, ref [REDACTED:HEALTH_PLAN_ID].'],
  ],
  [
    // No context in the sentence, a code or an all-digit number, a trial id, context in another sentence.
    'Sample XJH4429178 sent to the lab.',
    'Plan: ICD-10 E11.9, SpO2 97 %, CPT 99213, SNOMED 44054006.',
    'Plan: enroll in NCT01234567 if eligible.',
    'Aetna approved the claim. Sample AB12345 was sent.',
    'Insurance pending.\nSample XJH4429178 sent.',
    'The card shows xjh4429178 today.',
    'Plan: HbA1c 7.1 % and LDL 98 mg/dL; Atorvastatin 20 mg.',
  ],
);

describe('health-plan-id-in-prose rule', () => {
  it('names itself in the summary', () => {
    expect(rulesOf('The card shows UCR521601178.')).toEqual({ 'recognizer:health-plan-id-in-prose': 1 });
  });
});
