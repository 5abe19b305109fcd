import { faker } from '@faker-js/faker';
import { createMaskingEngine } from '../src/masking/masking-engine.js';
import type { MaskContentKind } from '../src/masking/content-kind.js';

/** A FHIR Bundle of Patients, Encounters and Observations, every Patient full of PHI. */
function fhirBundle(targetBytes: number): string {
  faker.seed(1);
  const entry: unknown[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const patient = {
      resourceType: 'Patient',
      id: `p${i}`,
      text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${faker.person.fullName()}, MRN ${faker.string.numeric(8)}</p></div>` },
      identifier: [
        { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, system: 'urn:oid:2.16.840.1', value: faker.string.numeric(8) },
        { system: 'http://hl7.org/fhir/sid/us-ssn', value: `${faker.string.numeric(3)}-${faker.string.numeric(2)}-${faker.string.numeric(4)}` },
      ],
      name: [{ use: 'official', family: faker.person.lastName(), given: [faker.person.firstName(), faker.person.middleName()] }],
      telecom: [{ system: 'phone', value: faker.phone.number({ style: 'national' }), use: 'home' }, { system: 'email', value: faker.internet.email() }],
      gender: 'female',
      birthDate: faker.date.birthdate().toISOString().slice(0, 10),
      address: [{ use: 'home', line: [faker.location.streetAddress()], city: faker.location.city(), state: 'MA', postalCode: faker.location.zipCode('#####'), country: 'US' }],
      contact: [{ relationship: [{ coding: [{ code: 'N' }] }], name: { family: faker.person.lastName(), given: [faker.person.firstName()] }, telecom: [{ system: 'phone', value: faker.phone.number() }] }],
    };
    const encounter = { resourceType: 'Encounter', id: `e${i}`, status: 'finished', subject: { reference: `Patient/p${i}` }, period: { start: faker.date.past().toISOString(), end: faker.date.recent().toISOString() } };
    const observation = {
      resourceType: 'Observation',
      id: `o${i}`,
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8480-6', display: 'Systolic blood pressure' }] },
      subject: { reference: `Patient/p${i}`, display: faker.person.fullName() },
      effectiveDateTime: faker.date.recent().toISOString(),
      valueQuantity: { value: faker.number.int({ min: 90, max: 180 }), unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
      note: [{ text: `Discussed with her daughter, ${faker.person.fullName()}, call ${faker.phone.number({ style: 'national' })}.` }],
    };
    for (const resource of [patient, encounter, observation]) {
      const e = { fullUrl: `urn:uuid:${faker.string.uuid()}`, resource };
      size += JSON.stringify(e).length + 1;
      entry.push(e);
    }
  }
  return JSON.stringify({ resourceType: 'Bundle', type: 'searchset', total: entry.length, entry });
}

function measure(label: string, body: string, kind: MaskContentKind, minMs: number, run: (b: string) => void): void {
  for (let i = 0; i < 3; i++) run(body); // warm up
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    run(body);
    n++;
  }
  const ms = performance.now() - start;
  const mbPerS = (body.length * n) / 1e6 / (ms / 1000);
  console.log(`masking ${label} (${kind}, ${(body.length / 1024).toFixed(0)} KiB): ${mbPerS.toFixed(1)} MB/s, ${(ms / n).toFixed(2)} ms/body (${n} runs)`);
}

/** Prints single-core masking throughput for a dense 1 MB FHIR Bundle and 10 KB responses. */
export async function runMaskingBench(): Promise<void> {
  const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 1) });
  const bundle = fhirBundle(1_000_000);
  const small = fhirBundle(10_000);
  const parsed = JSON.parse(small) as { entry: Array<{ resource: { note?: Array<{ text: string }> } }> };
  const note = parsed.entry.map((e) => e.resource.note?.[0]?.text ?? 'Lisinopril 10 mg daily.').join('\n');
  const text10k = note.repeat(Math.ceil(10_000 / note.length)).slice(0, 10_000);

  measure('baseline JSON.parse+stringify 1MB', bundle, 'json', 1000, (b) => JSON.stringify(JSON.parse(b)));
  for (const profile of ['strict', 'research', 'joinable']) {
    measure(`fhir-bundle-1MB ${profile}`, bundle, 'json', 2000, (b) => engine.maskBody(b, 'json', profile));
  }
  measure('10KB responses strict', small, 'json', 1000, (b) => engine.maskBody(b, 'json', 'strict'));
  measure('10KB clinical text strict', text10k, 'text', 1000, (b) => engine.maskBody(b, 'text', 'strict'));
  await Promise.resolve();
}
