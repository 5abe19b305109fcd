import type Chance from 'chance';
import type { EvalDoc, EvalItem } from './masking-eval-harness.js';

/**
 * Hand-written prose templates for the categories that leak without labels: street addresses
 * in a sentence, plan and member ids inside a sentence, Medicare beneficiary ids, and the
 * non-PHI that looks like PHI (NPIs, payer names at a sentence start, version strings).
 * Values come from `chance` with the caller's seed, never from the detectors' word lists.
 */
const MBI_LETTERS = 'ACDEFGHJKMNPQRTUVWXY';
const payers = ['Aetna', 'Cigna', 'Humana', 'Anthem', 'Kaiser Permanente', 'UnitedHealthcare', 'Medicaid', 'Medicare'];
const clinical = ['HbA1c 7.1 %', 'LDL 98 mg/dL', 'Atorvastatin 20 mg', 'ICD-10 I10', 'CPT 99213', 'SpO2 97 %', 'Amoxicillin 500 mg TID', 'eGFR 72', 'RxNorm 197361', 'Z79.4'];

function luhnNpi(chance: Chance.Chance): string {
  // An NPI is 9 digits plus a Luhn check digit computed over the prefix 80840 followed by them.
  const body = `${chance.integer({ min: 1, max: 2 })}${chance.string({ length: 8, pool: '0123456789' })}`;
  const digits = `80840${body}`.split('').map(Number);
  let sum = 0;
  for (let i = digits.length - 1, dbl = true; i >= 0; i--, dbl = !dbl) {
    let d = digits[i]!;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
}

function mbi(chance: Chance.Chance): string {
  // CMS MBI: C A AN N A AN N A A N N (C = 1-9, A = letters without S L O I B Z, N = 0-9).
  const n = (): string => chance.string({ length: 1, pool: '0123456789' });
  const a = (): string => chance.string({ length: 1, pool: MBI_LETTERS });
  const an = (): string => chance.string({ length: 1, pool: `${MBI_LETTERS}0123456789` });
  const c = chance.string({ length: 1, pool: '123456789' });
  return `${c}${a()}${an()}${n()}${a()}${an()}${n()}${a()}${a()}${n()}${n()}`;
}

export function proseDoc(chance: Chance.Chance): EvalDoc {
  const given = chance.first();
  const family = chance.last();
  const num = chance.integer({ min: 2, max: 9999 });
  const streetName = chance.street({ short_suffix: chance.bool() });
  const numbered = `${num} ${streetName}`;
  const bareStreet = chance.street({ short_suffix: false });
  const planId = `${chance.string({ length: 3, pool: 'ABCDEFGHJKLMNPRSTUVWXYZ' })}${chance.string({ length: chance.integer({ min: 7, max: 10 }), pool: '0123456789' })}`;
  const groupNo = chance.string({ length: 6, pool: '0123456789' });
  const beneficiary = mbi(chance);
  const npi = luhnNpi(chance);
  const payer = chance.pickone(payers);
  const version = `v${chance.integer({ min: 1, max: 9 })}.${chance.integer({ min: 0, max: 20 })}.${chance.integer({ min: 0, max: 99 })}.${chance.integer({ min: 0, max: 999 })}`;
  const keep = [...chance.pickset(clinical, 2), `NPI ${npi}`, payer, version];
  const lines = [
    `${given} ${family} ${chance.pickone(['lives on', 'resides on', 'moved to', 'walks along'])} ${bareStreet} with her sister.`,
    `Home visit ${chance.pickone(['at', 'to'])} ${numbered} ${chance.pickone(['went well', 'was rescheduled', 'is on Tuesday'])}; ${keep[0]}.`,
    `${chance.pickone(['Her plan id is', 'She gave us plan number', 'Coverage under member id', 'The card shows'])} ${planId} ${chance.pickone(['for this year', 'and group', 'today'])}${chance.bool() ? ` ${groupNo}` : ''}.`,
    `${chance.pickone(['Medicare number', 'Her MBI is', 'Beneficiary'])} ${beneficiary} on file.`,
    `${payer} approved the claim. Referring NPI ${npi}; ${keep[1]}.`,
    `Device firmware ${version} reported no faults.`,
  ];
  const phi: EvalItem[] = [
    { value: given, category: 'name' },
    { value: family, category: 'name' },
    { value: bareStreet, category: 'address' },
    { value: numbered, category: 'address' },
    { value: planId, category: 'health_plan_id' },
    { value: beneficiary, category: 'health_plan_id' },
  ];
  return { kind: 'text', body: lines.join('\n'), phi, keep };
}
