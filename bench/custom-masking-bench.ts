import { fhirBundle } from './masking-bench.js';
import { loadCustomMasking } from '../src/config/custom-masking-config.js';
import { fixedCustomMasking } from '../src/masking/custom/custom-masking.js';
import { createMaskingEngine } from '../src/masking/masking-engine.js';

/**
 * What `masking.custom` costs on the 1 MB FHIR Bundle (strict): the engine without custom rules,
 * and with the README's example block (three recognizers, a deny-list, an allow-list, key
 * rules), masked turn by turn in the same run. `npx tsx bench/custom-masking-bench.ts [seconds]`.
 */
const block = {
  recognizers: [
    { id: 'hosp-mrn', category: 'mrn', patterns: ['HOSP-\\d{7}'], validate: { checkDigit: 'mod11' } },
    { id: 'visit-no', category: 'account', patterns: ['V(?<value>\\d{2}-\\d{6})'], context: ['visit', 'encounter'], contextWindow: 30 },
    { id: 'study-id', category: 'other_id', patterns: ['stu[a-z]{2}\\d{3}'] },
  ],
  denyList: [{ terms: ['Quillfeather', 'Ottoline Brask'] }],
  allowList: [{ terms: ['Addison Clinic', 'Rowan House', 'Keytruda'] }],
  keyRules: [{ category: 'mrn', keys: ['hospitalNo', 'bed_code'] }, { category: 'name', paths: ['$.visit.attending'] }],
};
const key = Buffer.alloc(32, 1);
const plain = createMaskingEngine({ profiles: [], tokenKey: key });
const custom = createMaskingEngine({ profiles: [], tokenKey: key, custom: fixedCustomMasking(loadCustomMasking(block, ['strict'])) });
const bundle = fhirBundle(1_000_000);
for (let i = 0; i < 3; i++) {
  plain.maskBody(bundle, 'json', 'strict');
  custom.maskBody(bundle, 'json', 'strict');
}
const seconds = Number(process.argv[2] ?? 10);
const times = { plain: [] as number[], custom: [] as number[] };
const t0 = performance.now();
while (performance.now() - t0 < seconds * 1000) {
  for (const [name, engine] of [['plain', plain], ['custom', custom]] as const) {
    const t = performance.now();
    engine.maskBody(bundle, 'json', 'strict');
    times[name].push(performance.now() - t);
  }
}
const best = (xs: number[]): number => Math.min(...xs);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mbps = (ms: number): string => (bundle.length / 1e3 / ms).toFixed(1);
for (const name of ['plain', 'custom'] as const) {
  process.stdout.write(`${name}: best ${best(times[name]).toFixed(1)} ms (${mbps(best(times[name]))} MB/s), median ${median(times[name]).toFixed(1)} ms, ${times[name].length} bodies\n`);
}
process.stdout.write(`custom / plain (median): ${(median(times.custom) / median(times.plain)).toFixed(2)}x the time\n`);
