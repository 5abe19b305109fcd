import { fhirBundle } from './masking-bench.js';
import { createMaskingEngine } from '../src/masking/masking-engine.js';
import { percentile } from './percentile.js';

/**
 * Masks the bench's 1 MB FHIR Bundle in a loop for about 4 s, for a CPU profile:
 * `node --cpu-prof --import tsx bench/profile-masking.ts [profile]`. Prints the fastest body
 * and the median (a shared machine disturbs single runs; the fastest is the least disturbed).
 */
const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 1) });
const bundle = fhirBundle(1_000_000);
const profile = process.argv[2] ?? 'strict';
for (let i = 0; i < 5; i++) engine.maskBody(bundle, 'json', profile);
const times: number[] = [];
const t0 = performance.now();
while (performance.now() - t0 < 4000) {
  const t = performance.now();
  engine.maskBody(bundle, 'json', profile);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const mbps = (ms: number): string => (bundle.length / 1e3 / ms).toFixed(1);
const best = times[0]!;
const median = percentile(times, 0.5);
process.stdout.write(`${profile}: best ${best.toFixed(1)} ms (${mbps(best)} MB/s), median ${median.toFixed(1)} ms (${mbps(median)} MB/s), ${times.length} bodies\n`);
