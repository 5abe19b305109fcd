import Chance from 'chance';
import { describe, expect, it } from 'vitest';
import type { PhiCategory } from '../../src/masking/phi-category.js';
import { evaluate, recallOf } from './masking-eval-harness.js';
import { proseDoc } from './masking-eval-prose.js';

/**
 * An evaluation corpus the detectors were not tuned on: names, streets, cities, phones, emails
 * and ids come from the `chance` package (its own name lists and syllable-made words), not from
 * faker, whose lists the name dictionary is built from. Templates mix labelled, unlabelled and
 * glued forms of the Safe Harbor categories with clinical values that must survive. Recall per
 * category and non-PHI kept are printed (and quoted in src/masking/README.md); the assertions
 * are floors under the measured figures, so a regression fails.
 */
interface Item {
  value: string;
  category: PhiCategory;
}
interface Doc {
  kind: 'json' | 'text';
  body: string;
  phi: Item[];
  keep: string[];
}

const chance = new Chance(1414);
const clinical = ['HbA1c 6.5 %', 'glucose 126 mg/dL', 'BP 132/84', 'Lisinopril 10 mg', 'ICD-10 E11.9', 'LOINC 4548-4', 'SNOMED 44054006', 'at 10:30', 'EF 55-60 %', 'creatinine 1.02', 'Metformin 500 mg BID', 'S72.001A', 'q6h', 'INR 2.3'];
const upperAlnum = (n: number): string => chance.string({ length: n, pool: 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789' });
const digitsOf = (n: number): string => chance.string({ length: n, pool: '0123456789' });
const plate = (): string => chance.pickone([`${digitsOf(1)}${upperAlnum(3).replace(/\d/g, 'K')}${digitsOf(3)}`, `${upperAlnum(3).replace(/\d/g, 'M')} ${digitsOf(4)}`, `${upperAlnum(2).replace(/\d/g, 'X')}${digitsOf(2)} ${upperAlnum(3).replace(/\d/g, 'Y')}`]);
const glue = (): string => chance.pickone(['_', ' ', '#', '/', '(', '-', ':']);

function doc(): Doc {
  const given = chance.first();
  const family = chance.last();
  const rel = `${chance.first()} ${chance.last()}`;
  const street = chance.address({ short_suffix: chance.bool() });
  const bareStreet = chance.street({ short_suffix: false });
  const city = chance.city();
  const zip = chance.zip();
  const phone = chance.phone({ formatted: true, country: 'us' });
  const email = chance.email();
  const ssn = chance.ssn();
  const mrn = digitsOf(8);
  const member = `${upperAlnum(3).replace(/\d/g, 'Q')}${digitsOf(9)}`;
  const account = digitsOf(10);
  const serial = `${upperAlnum(3)}-${digitsOf(6)}`;
  const lot = `${digitsOf(2)}${upperAlnum(4).replace(/\d/g, 'L')}`;
  const plateNo = plate();
  const ip = chance.ip();
  const birth = chance.date({ year: chance.integer({ min: 1935, max: 2005 }) }) as Date;
  const dob = `${birth.getUTCMonth() + 1}/${birth.getUTCDate()}/${birth.getUTCFullYear()}`;
  const age = chance.integer({ min: 90, max: 104 });
  const keep = chance.pickset(clinical, 3);
  const g = glue();
  const note = [
    `Patient: ${given} ${family}. DOB ${dob}. MRN${g}${mrn}.`,
    `${given} phoned about ${keep[0]}. Spoke with her daughter, ${rel}, at ${phone}.`,
    `She lives at ${street}, ${city}, ${chance.state()} ${zip}. Email ${email}; SSN ${ssn}.`,
    `Insurance member ID ${member}; account ${account}. ${keep[1]}.`,
    `Glucometer serial ${serial} replaced, lot ${lot}. Car plate ${plateNo} in the lot.`,
    `A ${age}-year-old; portal login from ${ip}. ${keep[2]}.`,
    `Her son ${chance.pickone(['lives on', 'moved to', 'resides on'])} ${bareStreet} now.`,
  ].join('\n');
  const phi: Item[] = [
    { value: given, category: 'name' }, { value: family, category: 'name' }, { value: dob, category: 'date' }, { value: mrn, category: 'mrn' },
    ...rel.split(' ').map((value): Item => ({ value, category: 'name' })), { value: phone, category: 'phone' }, { value: street, category: 'address' },
    { value: city, category: 'address' }, { value: bareStreet, category: 'address' }, { value: zip, category: 'zip' }, { value: email, category: 'email' }, { value: ssn, category: 'ssn' },
    { value: member, category: 'health_plan_id' }, { value: account, category: 'account' }, { value: serial, category: 'device_id' }, { value: lot, category: 'device_id' },
    { value: plateNo, category: 'vehicle_id' }, { value: String(age), category: 'age_over_89' }, { value: ip, category: 'ip' },
  ];
  if (chance.bool()) {
    const json = {
      resourceType: 'Patient',
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName', valueString: chance.last() }],
      homePhone: phone, zip_home: zip, emergencyContactName: rel, note: { text: note },
    };
    return { kind: 'json', body: JSON.stringify(json), phi: [...phi, { value: json.extension[0]!.valueString, category: 'name' }], keep };
  }
  return { kind: 'text', body: note, phi, keep };
}

describe('evaluation corpus from sources independent of the word lists (chance, seed 1414)', () => {
  const result = evaluate(Array.from({ length: 300 }, doc));
  if (process.env.EVAL_DEBUG !== undefined) process.stdout.write(`${result.leakedValues.join('\n')}\n`);
  // eslint-disable-next-line no-console -- the evaluation table is this test's report
  console.log(`${result.table}${result.lostKeeps.length > 0 ? `; lost: ${[...new Set(result.lostKeeps)].join(', ')}` : ''}`);

  it('recall overall and per category stays at or above the measured floors', () => {
    expect(result.overall).toBeGreaterThanOrEqual(OVERALL_FLOOR);
    for (const category of result.byCategory.keys()) expect(recallOf(result, category), category).toBeGreaterThanOrEqual(FLOORS[category] ?? 0.98);
  });
  it('clinical values are kept (>= 0.99)', () => {
    expect(result.kept).toBeGreaterThanOrEqual(0.99);
  });
});

/** Measured on this corpus (see the printed table); a category below 0.98 is a known gap named in the README. */
const OVERALL_FLOOR = 0.9995; // 0.9998 (6145/6146) since street-in-prose reads the USPS suffixes ("Pass", "Mill")
const FLOORS: Record<string, number> = { address: 0.999 }; // 1.0000 (900/900); 0.9589 before street-in-prose

/**
 * Held-out part 2: hand-written prose templates (test/unit/masking-eval-prose.ts) with values from
 * `chance` seed 2828: unlabelled streets, plan and member ids inside a sentence, Medicare
 * beneficiary ids, and look-alike non-PHI (NPIs, payer names opening a sentence, version
 * strings). Tune on test/unit/masking-dev-set.spec.ts, never on this one.
 */
describe('held-out corpus part 2: prose templates (chance, seed 2828)', () => {
  const prose = new Chance(2828);
  const result = evaluate(Array.from({ length: 300 }, () => proseDoc(prose)));
  // eslint-disable-next-line no-console -- the evaluation table is this test's report
  console.log(`held-out part 2 (prose, seed 2828)\n${result.table}`);

  it('recall overall and per category stays at or above the measured floors', () => {
    expect(result.overall).toBeGreaterThanOrEqual(PROSE_OVERALL_FLOOR);
    for (const category of result.byCategory.keys()) expect(recallOf(result, category), category).toBeGreaterThanOrEqual(PROSE_FLOORS[category] ?? 0.98);
  });
  it('non-PHI look-alikes and clinical values are kept at or above the measured floor', () => {
    expect(result.kept).toBeGreaterThanOrEqual(PROSE_KEPT_FLOOR);
  });
});

/**
 * Part 2 floors: measured on main before the prose recognizers (overall 0.7750, address 0.7183,
 * health_plan_id 0.6150, name 0.9917, non-PHI kept 0.7307): known gaps of issue #14, raised as
 * street-in-prose, health-plan-id-in-prose and medicare-beneficiary-id land. Each floor sits
 * just below the last measured value (street-in-prose: overall 0.8678, address 0.9967;
 * medicare-beneficiary-id: overall 0.9322, health_plan_id 0.8083; health-plan-id-in-prose:
 * overall 0.9961, health_plan_id 1.0000).
 */
const PROSE_OVERALL_FLOOR = 0.996;
const PROSE_FLOORS: Record<string, number> = { address: 0.996, health_plan_id: 0.999, name: 0.99 };
const PROSE_KEPT_FLOOR = 0.999; // 0.7793 once version strings stopped reading as IPs; 0.9793 since provider-npi keeps NPIs; 1.0000 with payers no names
