import { describe, expect, it } from 'vitest';
import { createMaskingEngine } from './masking-engine.js';

const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 2) });

// Specs read masked documents by path; `any` keeps those reads short.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call */
function mask(doc: unknown, profile = 'strict'): { out: any; rules: Record<string, number> } {
  const r = engine.maskBody(JSON.stringify(doc), 'json', profile);
  return { out: JSON.parse(r.output), rules: r.summary.rules };
}

function get(obj: any, path: string): unknown {
  return path.split('.').reduce((o, k) => (o === undefined ? undefined : o[k]), obj);
}

const patient = {
  resourceType: 'Patient',
  id: 'pat-1',
  meta: { versionId: '3', profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient'] },
  text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Erica <b>Quillfeather</b>, MRN 12345678</p></div>' },
  identifier: [
    { use: 'usual', type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, system: 'urn:oid:1.2.3', value: 'A1234567' },
    { system: 'http://hl7.org/fhir/sid/us-ssn', value: '123-45-6789' },
    { type: { coding: [{ code: 'MB' }] }, value: 'MEM0099887' },
  ],
  name: [{ use: 'official', family: 'Quillfeather', given: ['Erica', 'Jo'], prefix: ['Ms.'], suffix: ['III'], text: 'Erica Jo Quillfeather' }],
  telecom: [
    { system: 'phone', value: '(975) 310-8670', use: 'home', rank: 1 },
    { system: 'fax', value: '212-312-1805' },
    { system: 'email', value: 'erica@example.com' },
  ],
  gender: 'female',
  birthDate: '1950-03-04',
  address: [{ use: 'home', line: ['985 Bramble Close', 'Apt 4'], city: 'Springfield', district: 'Hampden', state: 'MA', postalCode: '03601', country: 'US' }],
  maritalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: 'M', display: 'Married' }] },
  photo: [{ contentType: 'image/png', data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk', title: 'Portrait' }],
  contact: [{ name: { family: 'Quillfeather', given: ['Omar'] }, telecom: [{ system: 'phone', value: '555-201-3344' }], address: { city: 'Boston', state: 'MA' } }],
  generalPractitioner: [{ reference: 'Practitioner/dr-1', display: 'Dr. Forrest Stokes' }],
  managingOrganization: { reference: 'Organization/org-1', display: 'Good Health Clinic' },
};

describe('FHIR Patient (strict)', () => {
  const { out, rules } = mask(patient);
  const maskedPaths: Array<[string, string]> = [
    ['identifier.0.value', '[REDACTED:MRN]'],
    ['identifier.1.value', '[REDACTED:SSN]'],
    ['identifier.2.value', '[REDACTED:HEALTH_PLAN_ID]'],
    ['name.0.family', '[REDACTED:NAME]'],
    ['name.0.given.0', '[REDACTED:NAME]'],
    ['name.0.given.1', '[REDACTED:NAME]'],
    ['name.0.suffix.0', '[REDACTED:NAME]'],
    ['name.0.text', '[REDACTED:NAME]'],
    ['telecom.0.value', '[REDACTED:PHONE]'],
    ['telecom.1.value', '[REDACTED:FAX]'],
    ['telecom.2.value', '[REDACTED:EMAIL]'],
    ['birthDate', '[REDACTED:DATE]'],
    ['address.0.line.0', '[REDACTED:ADDRESS]'],
    ['address.0.city', '[REDACTED:ADDRESS]'],
    ['address.0.district', '[REDACTED:ADDRESS]'],
    ['address.0.postalCode', '[REDACTED:ZIP]'],
    ['photo.0.data', '[REDACTED:PHOTO]'],
    ['contact.0.name.family', '[REDACTED:NAME]'],
    ['contact.0.name.given.0', '[REDACTED:NAME]'],
    ['contact.0.telecom.0.value', '[REDACTED:PHONE]'],
    ['contact.0.address.city', '[REDACTED:ADDRESS]'],
    ['generalPractitioner.0.display', '[REDACTED:NAME]'],
  ];
  it.each(maskedPaths)('masks %s', (path, expected) => {
    expect(get(out, path)).toBe(expected);
  });

  const keptPaths = [
    'resourceType', 'id', 'meta.versionId', 'meta.profile.0', 'identifier.0.system', 'identifier.0.use', 'identifier.0.type.coding.0.code',
    'identifier.1.system', 'name.0.use', 'name.0.prefix.0', 'telecom.0.system', 'telecom.0.use', 'telecom.0.rank', 'gender', 'address.0.use',
    'address.0.state', 'address.0.country', 'maritalStatus.coding.0.display', 'photo.0.contentType', 'contact.0.address.state',
    'generalPractitioner.0.reference', 'managingOrganization.display', 'text.status',
  ];
  it.each(keptPaths)('keeps %s', (path) => {
    expect(get(out, path)).toEqual(get(patient, path));
  });

  it('masks narrative text but keeps the markup', () => {
    expect(out.text.div).toBe('<div xmlns="http://www.w3.org/1999/xhtml"><p>[REDACTED:NAME]<b></b>, MRN [REDACTED:MRN]</p></div>');
  });

  it('summarises by FHIR path, never by value', () => {
    expect(rules['Patient.name.given']).toBe(2);
    expect(rules['Patient.telecom.value']).toBe(3);
    expect(rules['Patient.address.postalCode']).toBe(1);
    expect(JSON.stringify(rules)).not.toContain('Quillfeather');
  });
});

describe('FHIR partial forms stay valid FHIR (research)', () => {
  const { out } = mask(patient, 'research');
  it.each([
    ['birthDate', '1950'],
    ['address.0.postalCode', '000**'],
    ['identifier.1.value', '***-**-6789'],
    ['telecom.0.value', '***-***-8670'],
    ['identifier.0.value', '****4567'],
  ])('%s -> %s', (path, expected) => {
    expect(get(out, path)).toBe(expected);
  });
});

describe('FHIR Bundle with Observation, Encounter, RelatedPerson', () => {
  const bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    entry: [
      {
        fullUrl: 'urn:uuid:1',
        resource: {
          resourceType: 'Observation',
          status: 'final',
          code: { coding: [{ system: 'http://loinc.org', code: '8480-6', display: 'Systolic blood pressure' }] },
          subject: { reference: 'Patient/pat-1', display: 'Erica Quillfeather' },
          effectiveDateTime: '2021-03-03T09:30:00Z',
          valueQuantity: { value: 120, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
          note: [{ text: 'Discussed with her husband, Omar Quillfeather.' }],
        },
      },
      { resource: { resourceType: 'Encounter', status: 'finished', period: { start: '2021-03-01T08:00:00Z', end: '2021-03-05' } } },
      { resource: { resourceType: 'RelatedPerson', name: [{ text: 'Omar Quillfeather' }], birthDate: '1932' } },
      { resource: { resourceType: 'Organization', name: 'Good Health Clinic' } },
      { resource: { resourceType: 'Medication', code: { text: 'Lisinopril 10 mg tablet' } } },
    ],
  };
  const { out, rules } = mask(bundle, 'research');
  it('masks per resource type and path', () => {
    const [obs, enc, rp, org, med] = out.entry.map((e: any) => e.resource);
    expect(obs.subject.display).toBe('[REDACTED:NAME]');
    expect(obs.effectiveDateTime).toBe('2021');
    expect(obs.valueQuantity).toEqual({ value: 120, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' });
    expect(obs.code.coding[0].display).toBe('Systolic blood pressure');
    expect(obs.note[0].text).toBe('Discussed with her husband, [REDACTED:NAME].');
    expect(enc.period).toEqual({ start: '2021', end: '2021' });
    expect(rp.name[0].text).toBe('[REDACTED:NAME]');
    // A birth year that implies an age over 89 goes too.
    expect(rp.birthDate).toBe('[REDACTED:DATE]');
    expect(org.name).toBe('Good Health Clinic');
    expect(med.code.text).toBe('Lisinopril 10 mg tablet');
    expect(out.entry[0].fullUrl).toBe('urn:uuid:1');
    expect(rules['Observation.subject.display']).toBe(1);
    expect(rules['RelatedPerson.birthDate']).toBe(1);
  });
});

describe('plain REST JSON', () => {
  const keyStyles: Array<[string, unknown, string]> = [
    ['firstName', 'Ann', '[REDACTED:NAME]'],
    ['last_name', 'Lee', '[REDACTED:NAME]'],
    ['LAST-NAME', 'Lee', '[REDACTED:NAME]'],
    ['DOB', '1950-03-04', '[REDACTED:DATE]'],
    ['date_of_birth', '03/04/1950', '[REDACTED:DATE]'],
    ['SSN', 123456789, '[REDACTED:SSN]'],
    ['social_security_number', '123-45-6789', '[REDACTED:SSN]'],
    ['memberId', 'XJ4K2991', '[REDACTED:HEALTH_PLAN_ID]'],
    ['MedicalRecordNumber', 5551212, '[REDACTED:MRN]'],
    ['accountNumber', '0012-3345', '[REDACTED:ACCOUNT]'],
    ['vin', '1HGCM82633A004352', '[REDACTED:VEHICLE_ID]'],
    ['deviceId', 'PM-44812', '[REDACTED:DEVICE_ID]'],
    ['ip_address', '10.1.2.3', '[REDACTED:IP]'],
    ['website', 'https://ann.example.com', '[REDACTED:URL]'],
    ['zip', '02115', '[REDACTED:ZIP]'],
    ['age', 93, '[REDACTED:AGE_OVER_89]'],
    ['email-address', 'ann@example.com', '[REDACTED:EMAIL]'],
  ];
  it.each(keyStyles)('key %s', (key, value, expected) => {
    expect(mask({ person: { [key]: value } }).out.person[key]).toBe(expected);
  });

  it.each([
    ['age 45 stays', { age: 45 }],
    ['numbers under unknown keys stay', { heart_rate: 72, hba1c: 6.5 }],
    ['drug names stay', { medication: { name: 'Lisinopril' }, status: 'active' }],
    ['booleans and null stay', { active: true, deceased: null }],
    ['bare birth year under 90 stays', { birthYear: 1970, dob: '1970' }],
  ])('%s', (_label, doc) => {
    expect(mask(doc).out).toEqual(doc);
  });

  it('scans strings under unknown keys', () => {
    const { out } = mask({ comment: 'call 555-201-3344 or mail ann@example.com', when: '2021-03-04' });
    expect(out).toEqual({ comment: 'call [REDACTED:PHONE] or mail [REDACTED:EMAIL]', when: '[REDACTED:DATE]' });
  });

  it('masks PHI used as object keys', () => {
    const { out } = mask({ byEmail: { 'ann@example.com': { visits: 2 }, 'bob@example.com': { visits: 1 } } });
    expect(Object.keys(out.byEmail)).toEqual(['[REDACTED:EMAIL]', '[REDACTED:EMAIL]#2']);
  });

  it('uses $ paths with [] for arrays', () => {
    expect(mask({ patients: [{ ssn: '123-45-6789' }] }).rules).toEqual({ '$.patients[].ssn': 1 });
  });

  it('keeps indentation of pretty-printed bodies', () => {
    const r = engine.maskBody('{\n  "a": 1\n}', 'json', 'strict');
    expect(r.output).toBe('{\n  "a": 1\n}');
  });
});

describe('column-oriented SQL results', () => {
  it.each([
    ['columns + rows', { columns: ['name', 'ssn', 'glucose'], rows: [['Ann Lee', '123-45-6789', 5.4]] }, 'rows'],
    ['fields objects + data', { fields: [{ name: 'full_name' }, { name: 'SSN' }, { name: 'glucose' }], data: [['Ann Lee', '123-45-6789', 5.4]] }, 'data'],
    ['snowflake style', { resultSetMetaData: { rowType: [{ name: 'NAME' }, { name: 'SSN' }, { name: 'GLUCOSE' }] }, data: [['Ann Lee', '123456789', 5.4]] }, 'data'],
  ])('%s', (_label, doc, rowsKey) => {
    const { out } = mask(doc);
    expect(out[rowsKey][0]).toEqual(['[REDACTED:NAME]', '[REDACTED:SSN]', 5.4]);
  });

  it('keeps column metadata', () => {
    const doc = { columns: [{ name: 'name', type: 'text' }], rows: [['x y']] };
    expect(mask(doc).out.columns).toEqual(doc.columns);
  });
});

describe('invalid JSON', () => {
  it('throws Uninspectable without echoing the body', () => {
    expect(() => engine.maskBody('{"ssn": "123-45-6789"', 'json', 'strict')).toThrowError(
      expect.objectContaining({ code: 'uninspectable', message: expect.not.stringContaining('123') }),
    );
  });
});

describe('JSON text handling', () => {
  it('masks documents nested 512 levels deep and refuses deeper ones as uninspectable', () => {
    const deep = '{"name":'.repeat(511) + '"Jennifer Smith"' + '}'.repeat(511);
    expect(engine.maskBody(deep, 'json', 'strict').output).toBe('{"name":'.repeat(511) + '"[REDACTED:NAME]"' + '}'.repeat(511));
    expect(() => engine.maskBody('['.repeat(513) + ']'.repeat(513), 'json', 'strict')).toThrow(expect.objectContaining({ code: 'uninspectable' }));
  });

  it('keeps everything outside masked values byte for byte (layout, number spellings, escapes)', () => {
    const input = '{ "count" : 1.50e2,\n\t"big": 12345678901234567890, "note": "caf\\u00e9 \\/ ok",\r\n "ssn": "123-45-6789" }';
    expect(engine.maskBody(input, 'json', 'strict').output).toBe(input.replace('"123-45-6789"', '"[REDACTED:SSN]"'));
  });

  it('masks each duplicate key by its own value and keeps both', () => {
    const out = engine.maskBody('{"ssn":"123-45-6789","ssn":"987-65-4320"}', 'json', 'strict').output;
    expect(out).toBe('{"ssn":"[REDACTED:SSN]","ssn":"[REDACTED:SSN]"}');
  });
});
