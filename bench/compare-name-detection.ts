import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Faker, allLocales, base, type LocaleDefinition } from '@faker-js/faker';
import { createMaskingEngine, type MaskingEngine } from '../src/masking/masking-engine.js';
import { AMBIGUOUS_FAMILY_NAMES, AMBIGUOUS_GIVEN_NAMES, FAMILY_NAMES, GIVEN_NAMES } from '../src/masking/word-lists.js';

/**
 * For changes to the name detector: masks the same texts with this checkout and another one and
 * lists where the new one leaves a name word visible that the other masked (a regression), and
 * counts where it masks more. Then shows the lines of English prose (the READMEs under
 * node_modules) whose output changed, for a human to judge new false positives.
 *   git worktree add /tmp/wardgate-old <commit> && ln -s "$PWD/node_modules" /tmp/wardgate-old/
 *   npx tsx bench/compare-name-detection.ts /tmp/wardgate-old [examples]
 * Deterministic (seeded); exit 1 when anything regressed.
 */
const [otherRoot, examplesArg] = process.argv.slice(2);
if (otherRoot === undefined) throw new Error('usage: compare-name-detection.ts OTHER_CHECKOUT [EXAMPLES]');
const examples = Number(examplesArg ?? '20');
const other = (await import(resolve(otherRoot, 'src/masking/masking-engine.ts'))) as { createMaskingEngine: typeof createMaskingEngine };
const options = { profiles: [], tokenKey: Buffer.alloc(32, 5) };
const before: MaskingEngine = other.createMaskingEngine(options);
const after: MaskingEngine = createMaskingEngine(options);

const templates: Array<(name: string) => string> = [
  (n) => `Results were reviewed and ${n} agreed to the plan.`,
  (n) => `${n} agreed to the plan.`,
  (n) => `Seen by Dr. ${n} today.`,
  (n) => `Patient: ${n}\nDOB: 01/02/1950`,
  (n) => `Spoke with ${n} about meds.`,
  (n) => `Her daughter, ${n}, called.`,
  (n) => `Contact ${n} at home.`,
];
const titles = new Set(['Dr.', 'Mr.', 'Mrs.', 'Ms.', 'Miss', 'Jr.', 'Sr.', 'II', 'III', 'IV', 'V', 'MD', 'DDS', 'PhD', 'DVM', 'Sra.', 'Srta.', 'Herr', 'Frau', 'Mme', 'Mlle', 'M.', 'Dott.', 'Sig.', 'Sig.ra']);

let texts = 0;
let regressions = 0;
let gains = 0;
function compare(label: string, name: string): void {
  const parts = name.split(/\s+/).filter((w) => w.length > 1 && /^\p{Lu}/u.test(w) && !titles.has(w));
  for (const template of templates) {
    const text = template(name);
    texts++;
    const old = before.maskText(text, 'strict').output;
    const now = after.maskText(text, 'strict').output;
    const leakedBefore = parts.filter((w) => old.includes(w));
    const leakedNow = parts.filter((w) => now.includes(w));
    if (leakedNow.some((w) => !leakedBefore.includes(w))) {
      if (++regressions <= examples) console.log(`REGRESSION ${label}: ${JSON.stringify(text)}\n  before ${JSON.stringify(old)}\n  now    ${JSON.stringify(now)}`);
    } else if (leakedNow.length < leakedBefore.length) {
      gains++;
    }
  }
}

// Faker names of twenty locales (held-out spellings, particles, double surnames).
const locales = ['en', 'de', 'fr', 'it', 'es', 'nl', 'vi', 'pt_BR', 'pl', 'sv', 'en_US', 'de_AT', 'fr_CA', 'es_MX', 'tr', 'ro', 'hu', 'nb_NO', 'fi', 'da'];
for (const locale of locales) {
  const definition = (allLocales as Record<string, LocaleDefinition | undefined>)[locale];
  if (definition === undefined) continue;
  const f = new Faker({ locale: [definition, allLocales.en, base] });
  f.seed(11);
  for (let i = 0; i < 300; i++) compare(locale, f.number.float() < 0.5 ? `${f.person.firstName()} ${f.person.lastName()}` : f.person.fullName());
}
// The dictionary's own surnames after given names of every kind (ambiguous, month- and verb-named).
const surnames = [...new Set([...FAMILY_NAMES, ...AMBIGUOUS_FAMILY_NAMES])];
const givens = ['Mary', 'Iris', 'Will', 'June', 'Jan', 'Max', 'Rick', 'Oliver', 'Grace', 'Bill', ...GIVEN_NAMES.slice(0, 120), ...AMBIGUOUS_GIVEN_NAMES.slice(0, 60)];
givens.forEach((given, g) => surnames.forEach((surname, s) => (s % 11 === g % 11 ? compare('dictionary', `${given} ${surname}`) : undefined)));
console.log(`${texts} texts with names: ${regressions} leave visible what the other checkout masked, ${gains} mask more`);

// English prose with few names: every changed line, for review.
const files = execFileSync('find', ['node_modules', '-name', '*.md', '-size', '+2k', '-size', '-200k'], { encoding: 'utf8' }).trim().split('\n').sort().slice(0, 1500);
const seen = new Set<string>();
let changed = 0;
for (const file of files) {
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.length < 20 || line.length > 400 || seen.has(line)) continue;
    seen.add(line);
    const old = before.maskText(line, 'strict').output;
    const now = after.maskText(line, 'strict').output;
    if (old !== now && ++changed <= examples) console.log(`CHANGED ${file}\n  before ${old.slice(0, 200)}\n  now    ${now.slice(0, 200)}`);
  }
}
console.log(`${seen.size} lines of README prose: ${changed} masked differently`);
process.exitCode = regressions > 0 ? 1 : 0;
