import { describe, expect, it } from 'vitest';
import { createMaskingEngine } from './masking-engine.js';
import { createKeyRules, keyWords, normaliseKey, ruleForKey } from './key-rules.js';

const rules = createKeyRules();
const categoryOf = (key: string): string | undefined => ruleForKey(rules, key, normaliseKey(key))?.category;

describe('compound key names', () => {
  it('splits camelCase, snake_case, kebab-case and dotted keys into words', () => {
    expect(keyWords('homeZIP')).toEqual(['home', 'zip']);
    expect(keyWords('emergency-contact_Name')).toEqual(['emergency', 'contact', 'name']);
    expect(keyWords('patient.DOB')).toEqual(['patient', 'dob']);
    expect(keyWords('SSNLast4')).toEqual(['ssn', 'last4']);
  });

  it.each([
    ['homeZip', 'zip'], ['zip_home', 'zip'], ['workPhone', 'phone'], ['phone_work_2', 'phone'], ['motherMaidenName', 'name'],
    ['emergencyContactName', 'name'], ['emergency_contact_phone', 'phone'], ['patientDob', 'date'], ['guardian-email', 'email'],
    ['primaryCarePhysicianName', 'name'], ['spouse_ssn', 'ssn'], ['billingAddress', 'address'], ['address_mailing', 'address'],
    ['insuredMemberId', 'health_plan_id'], ['coverage_member_id', 'health_plan_id'], ['ownerVin', 'vehicle_id'], ['pacemakerSerialNumber', 'device_id'],
    ['clientIpAddress', 'ip'], ['patient_mrn', 'mrn'], ['homepageUrl', 'url'], ['EMAIL_PERSONAL', 'email'],
  ])('%s -> %s', (key, category) => {
    expect(categoryOf(key)).toBe(category);
  });

  it.each(['drugName', 'medication_name', 'stateName', 'fileName', 'hospitalName', 'phoneType', 'emailVerified', 'zipValid', 'sortLast', 'timeFirst', 'addressUse', 'countryName', 'testName', 'planName', 'pageAge'])(
    '%s has no rule',
    (key) => {
      expect(categoryOf(key)).toBeUndefined();
    },
  );

  it('masks compound keys in JSON and CSV like the bare word', () => {
    const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 8) });
    const json = JSON.stringify({ homeZip: '02139', motherMaidenName: 'Okonkwo', drugName: 'Lisinopril', emergencyContactName: 'Ada Byrne', zip_home: 2139 });
    const out = JSON.parse(engine.maskBody(json, 'json', 'strict').output) as Record<string, unknown>;
    expect(out.motherMaidenName).toBe('[REDACTED:NAME]');
    expect(out.emergencyContactName).toBe('[REDACTED:NAME]');
    expect(out.drugName).toBe('Lisinopril');
    expect(String(out.homeZip)).not.toContain('139');
    expect(String(out.zip_home)).not.toContain('139');
    const csv = engine.maskBody('workPhone,drug_name\r\n617-555-0123,Metformin\r\n', 'csv', 'strict').output;
    expect(csv).not.toContain('555-0123');
    expect(csv).toContain('Metformin');
  });
});
