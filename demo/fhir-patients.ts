import { Faker, base, en, en_US } from '@faker-js/faker';

/** A FHIR R4 Patient as the demo server returns it: synthetic, but shaped like real PHI. */
export interface DemoPatient {
  resourceType: 'Patient';
  id: string;
  meta: { lastUpdated: string };
  identifier: Array<{ system: string; value: string }>;
  name: Array<{ use: 'official'; family: string; given: string[] }>;
  telecom: Array<{ system: 'phone' | 'email'; value: string; use?: 'home' | 'mobile' }>;
  gender: 'female' | 'male';
  birthDate: string;
  address: Array<{ line: string[]; city: string; state: string; postalCode: string }>;
}

/**
 * Generates `count` patients from a fixed seed, so every demo run serves the same people
 * (the tour and its test can name one). Fake names, SSNs, phones, emails, addresses and dates.
 */
export function generatePatients(count: number, seed = 17): DemoPatient[] {
  const faker = new Faker({ locale: [en_US, en, base] });
  faker.seed(seed);
  const patients: DemoPatient[] = [];
  for (let i = 1; i <= count; i++) {
    const sex = faker.person.sexType();
    const given = faker.person.firstName(sex);
    const family = faker.person.lastName();
    // Area numbers 001-665 (not 000, 666 or 9xx) so the SSNs look issued.
    const ssn = `${String(faker.number.int({ min: 1, max: 665 })).padStart(3, '0')}-${faker.string.numeric({ length: 2, allowLeadingZeros: false })}-${faker.string.numeric({ length: 4, allowLeadingZeros: false })}`;
    patients.push({
      resourceType: 'Patient',
      id: `pat-${String(i).padStart(4, '0')}`,
      meta: { lastUpdated: '2026-11-30T09:00:00Z' },
      identifier: [
        { system: 'http://hl7.org/fhir/sid/us-ssn', value: ssn },
        { system: 'urn:oid:2.16.840.1.113883.19.5', value: `MRN${faker.string.numeric({ length: 7, allowLeadingZeros: false })}` },
      ],
      name: [{ use: 'official', family, given: [given] }],
      telecom: [
        { system: 'phone', value: faker.phone.number({ style: 'national' }), use: 'home' },
        { system: 'email', value: faker.internet.email({ firstName: given, lastName: family, provider: 'example.org' }).toLowerCase() },
      ],
      gender: sex,
      birthDate: faker.date.birthdate({ mode: 'age', min: 18, max: 90, refDate: '2026-01-01T00:00:00Z' }).toISOString().slice(0, 10),
      address: [{ line: [faker.location.streetAddress()], city: faker.location.city(), state: faker.location.state({ abbreviated: true }), postalCode: faker.location.zipCode('#####') }],
    });
  }
  return patients;
}
