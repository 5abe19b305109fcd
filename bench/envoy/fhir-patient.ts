/**
 * A synthetic FHIR R4 Patient of about 5 KB full of Safe Harbor identifiers (names, address,
 * phone, email, SSN, MRN, dates), the response the masking configurations serve. Invented data.
 */
export function fhirPatientBody(): string {
  const patient = {
    resourceType: 'Patient',
    id: 'bench-p1',
    meta: { versionId: '3', lastUpdated: '2026-02-11T09:14:02Z', profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient'] },
    text: {
      status: 'generated',
      div: '<div xmlns="http://www.w3.org/1999/xhtml">Marguerite Okonkwo-Bellweather, born 14 March 1961, MRN 4417-2209-88, lives at 1184 Larkspur Terrace, Apt 7B, Duluth, MN 55803. Phone (218) 555-0143.</div>',
    },
    identifier: [
      { use: 'usual', type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, system: 'urn:oid:1.2.36.146.595.217.0.1', value: '4417220988' },
      { use: 'official', type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'SS' }] }, system: 'http://hl7.org/fhir/sid/us-ssn', value: '518-43-9027' },
      { use: 'secondary', system: 'urn:oid:2.16.840.1.113883.4.3.27', value: 'MN-D4412-88301' },
    ],
    active: true,
    name: [
      { use: 'official', family: 'Okonkwo-Bellweather', given: ['Marguerite', 'Adaeze'], prefix: ['Mrs.'] },
      { use: 'maiden', family: 'Okonkwo', given: ['Marguerite'], period: { end: '1988-06-11' } },
    ],
    telecom: [
      { system: 'phone', value: '(218) 555-0143', use: 'home', rank: 1 },
      { system: 'phone', value: '218-555-0178', use: 'mobile', rank: 2 },
      { system: 'email', value: 'm.okonkwo.bellweather@example.org', use: 'home' },
      { system: 'fax', value: '+1 218 555 0199', use: 'work' },
    ],
    gender: 'female',
    birthDate: '1961-03-14',
    deceasedBoolean: false,
    address: [
      { use: 'home', type: 'both', line: ['1184 Larkspur Terrace', 'Apt 7B'], city: 'Duluth', district: 'St. Louis County', state: 'MN', postalCode: '55803', country: 'USA', period: { start: '2009-04-01' } },
      { use: 'old', line: ['22 Whitfield Close'], city: 'Saint Paul', state: 'MN', postalCode: '55104', period: { start: '1994-08-15', end: '2009-03-31' } },
    ],
    maritalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: 'M', display: 'Married' }] },
    contact: [
      {
        relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0131', code: 'N', display: 'Next-of-Kin' }] }],
        name: { family: 'Bellweather', given: ['Theodore', 'James'] },
        telecom: [{ system: 'phone', value: '(218) 555-0161' }, { system: 'email', value: 'ted.bellweather@example.net' }],
        address: { line: ['1184 Larkspur Terrace', 'Apt 7B'], city: 'Duluth', state: 'MN', postalCode: '55803' },
        gender: 'male',
      },
      {
        relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0131', code: 'C', display: 'Emergency Contact' }] }],
        name: { family: 'Adeyemi', given: ['Chioma'] },
        telecom: [{ system: 'phone', value: '612-555-0124' }],
        address: { line: ['3090 Hennepin Avenue South'], city: 'Minneapolis', state: 'MN', postalCode: '55408' },
        gender: 'female',
      },
    ],
    communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'en-US', display: 'English (United States)' }] }, preferred: true }],
    generalPractitioner: [{ reference: 'Practitioner/pr-3391', display: 'Dr. Henrietta Vasquez-Lindqvist' }],
    managingOrganization: { reference: 'Organization/org-12', display: 'Lake Superior Family Medicine' },
    extension: [
      { url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex', valueCode: 'F' },
      { url: 'http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName', valueString: 'Nwachukwu' },
      { url: 'http://hl7.org/fhir/StructureDefinition/patient-birthPlace', valueAddress: { city: 'Enugu', country: 'NGA' } },
    ],
    link: [{ other: { reference: 'RelatedPerson/rp-881', display: 'Theodore Bellweather' }, type: 'seealso' }],
  };
  const notes: string[] = [];
  // Pad with visit notes until the document is about 5 KB, as real Patient reads often are.
  for (let i = 0; JSON.stringify({ ...patient, note: notes }).length < 5000; i++) {
    notes.push(`Visit ${i + 1} on 2025-0${(i % 9) + 1}-1${i % 10}: seen with her husband Theodore, callback 218-555-01${40 + i}, follow-up at 1184 Larkspur Terrace.`);
  }
  return JSON.stringify({ ...patient, extensionNotes: notes.map((text) => ({ text })) });
}
