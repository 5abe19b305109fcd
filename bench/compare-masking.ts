import { resolve } from 'node:path';
import { clinicalText10k, fhirBundle, fhirNdjson, streamNdjson } from './masking-bench.js';
import { percentile } from './percentile.js';
import { createMaskingEngine } from '../src/masking/masking-engine.js';

/**
 * Masks the bench's 1 MB FHIR Bundle (or, with `ndjson`, its resources as a 1 MB NDJSON stream in
 * 16 KiB chunks, or with `text` the bench's 10 KB clinical text) bytes to bytes, as ext_proc does, with this checkout's engine and another
 * checkout's, taking turns in one process, so both see the same machine (this host's speed
 * drifts by up to 2x):
 *   git worktree add /tmp/wardgate-old <commit> && ln -s "$PWD/node_modules" /tmp/wardgate-old/
 *   npx tsx bench/compare-masking.ts /tmp/wardgate-old [profile] [seconds] [bundle|ndjson|text]
 * Prints each one's best body and the median of the per-round CPU time ratios (old / new), the
 * order alternating round by round.
 */
const [otherRoot, profile = 'strict', seconds = '12', body = 'bundle'] = process.argv.slice(2);
if (otherRoot === undefined || (body !== 'bundle' && body !== 'ndjson' && body !== 'text')) throw new Error('usage: compare-masking.ts OTHER_CHECKOUT [profile] [seconds] [bundle|ndjson|text]');
const other = (await import(resolve(otherRoot, 'src/masking/masking-engine.ts'))) as { createMaskingEngine: typeof createMaskingEngine };
const options = { profiles: [], tokenKey: Buffer.alloc(32, 1) };
const engines = { old: other.createMaskingEngine(options), new: createMaskingEngine(options) };
const input = Buffer.from(body === 'bundle' ? fhirBundle(1_000_000) : body === 'text' ? clinicalText10k() : fhirNdjson(1_000_000), 'utf8');
// CPU time of this process, not wall time: on a shared host a round is often preempted, and
// preemption is not the engine's cost.
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const time = (engine: ReturnType<typeof createMaskingEngine>): number => {
  const t = cpuMs();
  // Encoded as ext_proc does: a result still made of pieces pays for its assembly here.
  if (body === 'bundle') Buffer.from(engine.maskBody(input.toString('utf8'), 'json', profile).output, 'utf8');
  // A 10 KB body takes well under a millisecond: 50 of them make one timed round.
  else if (body === 'text') for (let i = 0; i < 50; i++) Buffer.from(engine.maskBody(input.toString('utf8'), 'text', profile).output, 'utf8');
  else streamNdjson(engine, input, 16 * 1024, profile);
  return cpuMs() - t;
};
for (let i = 0; i < 5; i++) for (const engine of Object.values(engines)) time(engine);
const best = { old: Infinity, new: Infinity };
const ratios: number[] = [];
for (let round = 0, start = performance.now(); performance.now() - start < Number(seconds) * 1000; round++) {
  // Who goes first alternates: the second one of a pair pays for the first one's garbage.
  let o: number;
  let n: number;
  if (round % 2 === 0) {
    o = time(engines.old);
    n = time(engines.new);
  } else {
    n = time(engines.new);
    o = time(engines.old);
  }
  best.old = Math.min(best.old, o);
  best.new = Math.min(best.new, n);
  ratios.push(o / n);
}
ratios.sort((a, b) => a - b);
const mbps = (ms: number): string => ((input.length * (body === 'text' ? 50 : 1)) / 1e3 / ms).toFixed(1);
process.stdout.write(
  `${body} ${profile}: old best ${best.old.toFixed(1)} ms (${mbps(best.old)} MB/s), new best ${best.new.toFixed(1)} ms (${mbps(best.new)} MB/s); ` +
    `per-round old/new median ${percentile(ratios, 0.5).toFixed(2)}x (p25 ${percentile(ratios, 0.25).toFixed(2)}, p75 ${percentile(ratios, 0.75).toFixed(2)}, ${ratios.length} rounds)\n`,
);
