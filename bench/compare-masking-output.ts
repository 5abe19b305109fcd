import { resolve } from 'node:path';
import { Faker, base, de, en, es, fr, nl } from '@faker-js/faker';
import Chance from 'chance';
import { ManualClock } from '../src/clock/clock.js';
import { fhirBundle } from './masking-bench.js';
import { createMaskingEngine, type MaskingEngine } from '../src/masking/masking-engine.js';

/**
 * Masks one seeded corpus with this checkout's engine and another checkout's, in one process,
 * and counts the outputs or summaries that differ (exit 1 if any). For changes meant to keep
 * behaviour (speed-ups, refactors):
 *   git worktree add /tmp/wardgate-old <commit> && ln -s "$PWD/node_modules" /tmp/wardgate-old/
 *   npx tsx bench/compare-masking-output.ts /tmp/wardgate-old
 * The corpus: free text built from every detector's shapes in five locales, near misses and our
 * own output forms, random strings, the bench Bundle's strings, chunked text streams, CSV, JSON
 * (the Bundle, FHIR resources with narratives, column-oriented results) and NDJSON, each under
 * the strict, research and joinable profiles. Also notes in the shape of the evaluation corpus
 * (`test/unit/masking-eval-corpus.spec.ts`: chance's names, streets, phones, ids, plates, device
 * serials, glued to `_`, letters and punctuation) and the bench's 10 KB clinical text.
 */
const [otherRoot] = process.argv.slice(2);
if (otherRoot === undefined) throw new Error('usage: compare-masking-output.ts OTHER_CHECKOUT');
const other = (await import(resolve(otherRoot, 'src/masking/masking-engine.ts'))) as { createMaskingEngine: typeof createMaskingEngine };
// A fixed clock: age and birth-year rules depend on the current year.
const options = { profiles: [], tokenKey: Buffer.alloc(32, 7), clock: new ManualClock(Date.UTC(2025, 5, 1)) };
const engines: [MaskingEngine, MaskingEngine] = [other.createMaskingEngine(options), createMaskingEngine(options)];
const profiles = ['strict', 'research', 'joinable'];

const fk = new Faker({ locale: [en, base] });
const fks = [fk, new Faker({ locale: [de, en, base] }), new Faker({ locale: [fr, en, base] }), new Faker({ locale: [es, en, base] }), new Faker({ locale: [nl, en, base] })];
fks.forEach((f, i) => { f.seed(100 + i); f.setDefaultRefDate(new Date(Date.UTC(2025, 0, 15))); });

let seed = 12345;
const rnd = (): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x80000000; };
const pick = <T,>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;

function ssn(f: Faker): string { return `${f.string.numeric(3)}${pick(['-', ' ', '-'])}${f.string.numeric(2)}${pick(['-', ' '])}${f.string.numeric(4)}`; }
const months = ['January', 'Feb', 'Mar.', 'April', 'May', 'June', 'Jul', 'August', 'Sept', 'Oct', 'November', 'Dec'];
const labels = ['MRN', 'MRN:', 'Medical Record Number:', 'mr#', 'Member ID', 'Subscriber No.', 'Policy #', 'Medicaid', 'Medicare number', 'Acct.', 'Account Number', 'account', 'Invoice No', 'Chart #', 'plan id', 'MBI', 'HICN', 'License', 'DL#', 'Driver\'s license', 'VIN', 'vehicle identification number', 'Device ID', 'serial number', 'Beneficiary ID', 'Group No.', 'Billing ID', 'insurance  id', 'Med Rec #'];
const ctxWords = ['Patient:', 'Pt', 'Patient', 'Dr.', 'Dr', 'Mrs.', 'Ms', 'seen by', 'spoke with', 'talked to', 'his wife,', 'her daughter,', 'her son', 'guarantor', 'Name:', 'name:', 'Contact:', 'called', 'signed by', 'Attending:', 'mother', 'nee'];
function piece(f: Faker): string {
  const d = f.date.birthdate({ min: 1, max: 110, mode: 'age' });
  const r = Math.floor(rnd() * 44);
  switch (r) {
    case 0: return `SSN ${ssn(f)}`;
    case 1: return ssn(f);
    case 2: return f.phone.number({ style: pick(['national', 'international', 'human'] as const) });
    case 3: return `fax: ${f.phone.number({ style: 'national' })}`;
    case 4: return f.internet.email();
    case 5: return f.internet.url() + pick(['', '/path?x=1', '.', ')']);
    case 6: return `www.${f.internet.domainName()}${pick(['', '/a/b'])}`;
    case 7: return f.internet.ipv4();
    case 8: return f.internet.ipv6();
    case 9: return d.toISOString().slice(0, 10);
    case 10: return d.toISOString();
    case 11: return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
    case 12: return `${pick(months)} ${d.getUTCDate()}${pick(['', 'th', ','])} ${d.getUTCFullYear()}`;
    case 13: return `${d.getUTCDate()} ${pick(months)} ${d.getUTCFullYear()}`;
    case 14: return `${pick(months)} ${d.getUTCFullYear()}`;
    case 15: return `DOB: ${d.getUTCMonth() + 1}-${d.getUTCDate()}-${String(d.getUTCFullYear()).slice(pick([0, 2]))}`;
    case 16: return `born ${pick(months)} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
    case 17: return `${f.location.streetAddress(rnd() < 0.3)}, ${f.location.city()}, ${f.location.state({ abbreviated: true })} ${f.location.zipCode()}`;
    case 18: return `${pick(['Address:', 'lives at', 'resides at', 'home address'])} ${f.location.streetAddress()}, ${f.location.city()}${pick(['. The', '; ', '\n', ', MA 02115'])}`;
    case 19: return `zip ${f.location.zipCode()}`;
    case 20: return `${f.location.city()}, ${f.location.state({ abbreviated: true })}`;
    case 21: return `${pick(labels)}${pick([' ', ': ', ' # ', '=', ' is ', '  '])}${pick([f.string.numeric(8), f.string.alphanumeric({ length: { min: 3, max: 12 }, casing: 'upper' }), `${f.string.numeric(3)} ${f.string.numeric(2)} ${f.string.numeric(4)}`, f.vehicle.vin(), `A${f.string.numeric(6)}-`, 'Number'])}`;
    case 22: return f.vehicle.vin();
    case 23: return `${f.number.int({ min: 10, max: 130 })} ${pick(['year old', 'yo', 'y/o', 'years-old', 'yrs old'])}`;
    case 24: return `${pick(['aged', 'Age:', 'age'])} ${f.number.int({ min: 80, max: 120 })}`;
    case 25: return `${pick(ctxWords)} ${f.person.fullName()}`;
    case 26: return f.person.fullName();
    case 27: return `${f.person.lastName()}, ${f.person.firstName()}`;
    case 28: return `${f.person.firstName()} ${pick(['van der', 'de', 'von', 'Le'])} ${f.person.lastName()}`;
    case 29: return `${pick(['Addison', 'Hodgkin', 'Parkinson', 'Crohn'])} ${pick(['disease', 'lymphoma', 'syndrome'])}`;
    case 30: return pick(['Lisinopril 10 mg daily.', 'BP 120/80, HR 72.', 'Follows up in 2 weeks.', 'Electrophoresis normal.', 'Hemoglobin A1c 7.2%', 'ICU', 'ED visit', 'Rose Gray', 'Jan Kok', 'Will follow', 'Patient Denies chest pain']);
    case 31: return pick(['[REDACTED:NAME]', 'tok_name_0123456789abcdef', '***-**-6789', '****78BO', '021**', '90+', '[REDACTED:SSN] and ***-***-1234']);
    case 32: return 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODk=' + pick(['', '123-45-6789']);
    case 33: return `data:image/png;base64,${f.string.alphanumeric(60)}`;
    case 34: return f.lorem.sentence();
    case 35: return `+${f.string.numeric({ length: { min: 8, max: 15 } })}`;
    case 36: return `(${f.string.numeric(3)}) ${f.string.numeric(3)}-${f.string.numeric(4)}`;
    case 37: return `${f.person.firstName()} ${f.person.middleName()} ${f.person.lastName()}`;
    case 38: return `${f.person.prefix()} ${f.person.lastName()}`;
    case 39: return `MRN: ${f.string.numeric(8)}${f.person.fullName()}`;
    case 40: return `${f.string.numeric({ length: { min: 1, max: 6 } })}${pick(['-', '/', '.', ' ', ':'])}${f.string.numeric({ length: { min: 1, max: 5 } })}`;
    case 41: return pick(['Ångström Øyvind', 'José Núñez', 'Zoë Müller', 'ŁUKASZ', 'İstanbul', "O'Brien-Smith", 'D’Angelo', 'naïve café', '\uD800 lone', 'x\uDC00y', '東京 山田太郎']);
    case 42: return `${f.string.alphanumeric({ length: { min: 15, max: 45 } })}`;
    default: return `http://${f.internet.domainName()}/${'a'.repeat(Math.floor(rnd() * 3000))}`;
  }
}
const seps = [' ', '. ', ', ', '\n', '; ', ' - ', '  ', '\t', ' | ', '"', '(', ') ', ': ', '<b>', '</b> '];
function note(f: Faker, parts: number): string {
  let s = '';
  for (let i = 0; i < parts; i++) s += piece(f) + pick(seps);
  return s;
}
function randomString(): string {
  const alphabet = 'aAbBzZ019 -./:@+,[]_*()\'"#\n\téÄ';
  let s = '';
  const n = Math.floor(rnd() * 40);
  for (let i = 0; i < n; i++) s += rnd() < 0.2 ? piece(pick(fks)) : alphabet[Math.floor(rnd() * alphabet.length)];
  return s;
}

let compared = 0;
const differing = new Map<string, number>();
/** Runs `mask` with both engines and counts a difference in output or summary under `tag`. */
function same(tag: string, mask: (engine: MaskingEngine) => { output: string; summary: unknown }): void {
  const [a, b] = engines.map((engine) => JSON.stringify(mask(engine)));
  compared++;
  if (a !== b) differing.set(tag, (differing.get(tag) ?? 0) + 1);
}

const chance = new Chance(1414);
const upperAlnum = (n: number): string => chance.string({ length: n, pool: 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789' });
const digitsOf = (n: number): string => chance.string({ length: n, pool: '0123456789' });
const glue = (): string => chance.pickone(['_', ' ', '#', '/', '(', '-', ':', 'z', 'Q', '', '\t', '&']);
/** A note in the evaluation corpus's shape, from chance's own lists. */
function chanceNote(): string {
  const g = (s: string): string => `${glue()}${s}${glue()}`;
  const parts = [
    `${chance.pickone(['Patient', 'Pt', 'Seen by', 'Dr.', 'Her daughter', ''])} ${chance.first()} ${chance.last()} ${chance.pickone(['phoned about her refill.', 'was seen today.', 'is here.'])}`,
    `${chance.first()} ${chance.pickone(['phoned', 'called', 'reports'])} about the dressing.`,
    `She lives at ${chance.address({ short_suffix: chance.bool() })}, ${chance.city()}, ${chance.state()} ${chance.zip()}.`,
    `Her son ${chance.pickone(['lives on', 'moved to', 'resides on', 'staying at'])} ${chance.street({ short_suffix: chance.bool() })} now.`,
    `Phone ${g(chance.phone({ formatted: chance.bool(), country: 'us' }))} email ${chance.email()}`,
    `SSN${g(chance.ssn({ dashes: chance.bool() }))} MRN${chance.pickone([':', ' ', '#', '_'])}${g(digitsOf(chance.integer({ min: 6, max: 10 })))}`,
    `${chance.pickone(['Member ID', 'Policy #', 'plan id', 'Medicaid', 'Acct', 'Account Number', 'ID'])} ${upperAlnum(chance.integer({ min: 5, max: 12 }))}`,
    `${chance.pickone(['serial', 'S/N', 'SN', 'device ID', 'lot', 'Lot number:', 'UDI', 'model/serial'])} ${upperAlnum(chance.integer({ min: 3, max: 10 }))}${chance.pickone(['', '-', '.', ' mg', ' hours'])}`,
    `${chance.pickone(['licence plate', 'License plate:', 'plate', 'tag', 'reg', 'vehicle', 'car', 'registration number'])} ${chance.pickone([upperAlnum(7), `${upperAlnum(3)} ${digitsOf(4)}`, `${digitsOf(2)} mm`, 'x3'])}`,
    `VIN ${upperAlnum(17)} ip ${chance.ip()} ${chance.ipv6()} born ${chance.date({ string: true }) as string} aged ${chance.integer({ min: 80, max: 110 })}`,
    `visit_${digitsOf(3)}-${digitsOf(2)}-${digitsOf(4)}_scan.pdf ref${digitsOf(3)}-${digitsOf(2)}-${digitsOf(4)}z homeZip ${chance.zip()} ptMRN${digitsOf(8)}`,
    chance.pickone(['Lisinopril 10 mg daily.', 'HbA1c 7.2%', 'S72.001A', 'LOINC 8480-6', 'BP 120/80', 'at 10:30', 'Addison disease', 'skin tag 12 mm', 'serial imaging', 'a lot of pain']),
  ];
  return chance.pickset(parts, chance.integer({ min: 1, max: parts.length })).join(chance.pickone([' ', '\n', '; ', '. ']));
}

const texts: string[] = [];
for (let i = 0; i < 4000; i++) texts.push(chanceNote());
for (let i = 0; i < 3000; i++) texts.push(note(pick(fks), 1 + Math.floor(rnd() * 12)));
for (let i = 0; i < 6000; i++) texts.push(randomString());
for (let i = 0; i < 3000; i++) texts.push(piece(pick(fks)));
const bundle = fhirBundle(1_000_000);
const bundleStrings = new Set<string>();
const collect = (v: unknown): void => {
  if (typeof v === 'string') bundleStrings.add(v);
  else if (Array.isArray(v)) v.forEach(collect);
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      bundleStrings.add(k);
      collect(x);
    }
  }
};
collect(JSON.parse(bundle));
const big = texts.slice(0, 3000).join('\n');
const csv = 'name,note,ssn\n' + texts.slice(0, 500).map((t) => `"${t.replaceAll('"', '""')}",x,1`).join('\n');
const fhirDocs = JSON.stringify(
  texts.slice(0, 400).map((t, i) => ({
    resourceType: 'Patient',
    id: `x${i}`,
    text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${t.replace(/[<>&]/g, ' ')}</p><b>${pick(fks).person.firstName()}</b> <i>${pick(fks).person.lastName()}</i></div>` },
    note: [{ text: t }],
    [t.slice(0, 30)]: t,
  })),
);
const rows = texts.slice(0, 200).map((t, i) => [t, `078-05-11${String(i % 100).padStart(2, '0')}`, i, '1950-03-04', { note: t }, null]);
const columnar = [
  { columns: ['name', 'ssn', 'count', 'dob', 'extra', 'x'], rows },
  { meta: { columns: [{ name: 'patient_name' }, { name: 'mrn' }] }, data: rows.map((r) => r.slice(0, 3)) },
  { fields: ['email', 'zip'], values: [['a@b.org', '02115'], ['c@d.org', 90210, 'overflow 617-555-0134']] },
].map((o) => JSON.stringify(o));
const ndjson = [
  ...(JSON.parse(fhirBundle(300_000)) as { entry: Array<{ resource: unknown }> }).entry.map((e) => JSON.stringify(e.resource)),
  ...texts.slice(0, 2000).map((t, i) => JSON.stringify(i % 2 === 0 ? { [t.slice(0, 20)]: t, name: t } : { note: t, given: [t], nested: { value: t } })),
].join('\n');
/** The text split at random points, as a stream would see it. */
function streamed(engine: MaskingEngine, kind: 'text' | 'ndjson', text: string, profile: string): { output: string; summary: unknown } {
  const masker = engine.createStreamMasker(kind, profile);
  let output = '';
  let seed = 99;
  for (let i = 0; i < text.length; ) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const n = 1 + (seed % 300);
    output += masker.push(text.slice(i, i + n));
    i += n;
  }
  output += masker.end();
  return { output, summary: masker.summary() };
}

for (const p of profiles) {
  for (const t of texts) same('text', (e) => e.maskText(t, p));
  for (const t of bundleStrings) same('bundle string', (e) => e.maskText(t, p));
  same('bundle as text', (e) => e.maskText(bundle, p));
  same('long note', (e) => e.maskText(big, p));
  same('text stream', (e) => streamed(e, 'text', big, p));
  same('csv', (e) => e.maskBody(csv, 'csv', p));
  same('json bundle', (e) => e.maskBody(bundle, 'json', p));
  same('json resources', (e) => e.maskBody(fhirDocs, 'json', p));
  for (const body of columnar) same('json columns', (e) => e.maskBody(body, 'json', p));
  same('ndjson', (e) => e.maskBody(ndjson, 'ndjson', p));
  same('ndjson stream', (e) => streamed(e, 'ndjson', ndjson, p));
}
const total = [...differing.values()].reduce((a, b) => a + b, 0);
console.log(`${compared} maskings compared, ${total} differ${total === 0 ? '' : `: ${[...differing].map(([tag, n]) => `${tag} ${n}`).join(', ')}`}`);
if (total > 0) process.exitCode = 1;
