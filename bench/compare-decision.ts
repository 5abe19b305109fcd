import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { percentile } from './percentile.js';

/**
 * The whole ext_authz decision of this checkout and another one, in-process: CheckRequest ->
 * AccessRequest -> identity -> classification -> 50-rule policy -> audit (no-op sink) ->
 * CheckResponse, as `bench/decision-bench.ts` builds it. `compare-decision-path.ts` times only
 * classification and policy evaluation; this is the latency a Check sees, which is what a
 * change to classification must keep within budget. Alternating rounds in one process, each
 * checkout bundled to plain JavaScript first; prints p50/p99 and CPU per decision and ratios,
 * for the decision bench's request mix and for SQL-only requests.
 *   git worktree add /tmp/wardgate-old <commit> && ln -s "$PWD/node_modules" /tmp/wardgate-old/
 *   npx tsx bench/compare-decision.ts /tmp/wardgate-old [--rounds=8]
 */
interface Checkout {
  createDecider: (sqlOnly: boolean) => (i: number) => Promise<void>;
}

const repoRoot = resolve(import.meta.dirname, '..');

/** The decider, written against a checkout's own modules (the bench's construction, both eras). */
function entrySource(root: string): string {
  const src = (file: string) => JSON.stringify(resolve(root, 'src', file));
  return `
import { InMemoryApprovalService } from ${src('approvals/in-memory-approval-service.ts')};
import { SinkAuditRecorder } from ${src('audit/audit-recorder.ts')};
import { createCommandHasher } from ${src('audit/command-hasher.ts')};
import { PolicyAuthorizer } from ${src('authz/policy-authorizer.ts')};
import { SystemClock } from ${src('clock/clock.ts')};
import * as classification from ${src('command/classify-command.ts')};
import { toAccessRequest } from ${src('envoy/check-request.ts')};
import { toCheckResponse } from ${src('envoy/check-response.ts')};
import { InMemoryGrantStore } from ${src('grants/in-memory-grant-store.ts')};
import { createIdentityResolver } from ${src('identity/identity-resolver.ts')};
import { createSilentLogger } from ${src('logging/logger.ts')};
import { createMaskingEngine } from ${src('masking/masking-engine.ts')};
import { createWardgateMetrics } from ${src('metrics/wardgate-metrics.ts')};
import { generateBenchPolicy } from ${src('policy/policy-bench.ts')};

const sql = [
  'SELECT id, name FROM t7 WHERE id = 1',
  "SELECT p.id, count(*) FROM visits v JOIN patients p ON p.id = v.pid WHERE v.at > now() - interval '1 day' GROUP BY p.id ORDER BY 2 DESC LIMIT 10",
  'WITH recent AS (SELECT * FROM labs WHERE at > $1) SELECT lower(code), coalesce(value, 0) FROM recent UNION ALL SELECT code, 0 FROM lab_codes',
];
function check(i, sqlOnly) {
  const paths = ['/Patient/123', '/Observation?patient=123', '/sql/7', '/Encounter/9/$everything', '/admin/x'];
  const isSql = sqlOnly || i % 7 === 0;
  return { attributes: {
    source: { principal: 'spiffe://cluster.local/ns/agents/sa/coder', address: { socket_address: { address: '10.0.0.7', port_value: 5555 } } },
    destination: { principal: '', address: null },
    request: { time: null, http: {
      id: 'req-' + i, method: isSql ? 'POST' : 'GET', headers: { 'content-type': 'application/json' }, header_map: null,
      path: isSql ? '/sql/7' : paths[i % paths.length], host: 'fhir-' + (i % 50) + '.clinical.svc:8080', scheme: 'http', query: '', fragment: '', size: '0', protocol: 'HTTP/1.1',
      body: isSql ? JSON.stringify({ query: sql[i % sql.length] }) : '', raw_body: Buffer.alloc(0),
    } },
    context_extensions: {}, metadata_context: null, tls_session: null, route_metadata_context: null,
  } };
}

export function createDecider(sqlOnly) {
  const clock = new SystemClock();
  const logger = createSilentLogger();
  const grants = new InMemoryGrantStore({ clock });
  const policy = generateBenchPolicy(50);
  const classifier = classification.createCommandClassifier({ maxBodyBytes: 65536 });
  const sink = { emit: () => ({ refused: undefined, durable: Promise.resolve(undefined) }), health: () => ({ ready: true, pending: 0 }), flush: () => Promise.resolve(), close: () => Promise.resolve() };
  const recorder = new SinkAuditRecorder({ sink, durability: 'queued', failClosed: true, logger, onRefused: () => undefined });
  const classify = classification.commandOrThrow === undefined ? (r) => classifier.classify(r).command : (r) => classification.commandOrThrow(classifier.classify(r));
  const authorizer = new PolicyAuthorizer({
    identity: createIdentityResolver({}),
    policy: { evaluate: (input) => policy.evaluate(input, { trace: false }) },
    classify,
    grants,
    approvals: new InMemoryApprovalService({ grants, audit: recorder, clock, logger, sweepIntervalMs: 0 }),
    audit: recorder,
    masking: createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 7) }),
    hashCommand: createCommandHasher(Buffer.alloc(32, 9)),
    clock, logger,
    metrics: createWardgateMetrics(),
    settings: { recordProfile: 'strict', passthroughProfile: 'none', grantStoreFailure: 'closed' },
  });
  const requests = Array.from({ length: 1000 }, (_, i) => check(i, sqlOnly));
  const signal = { signal: () => new AbortController().signal };
  return async (i) => {
    toCheckResponse(await authorizer.authorize(toAccessRequest(requests[i % 1000], { jwtAuthnPayloadKey: 'jwt_payload', now: Date.now() }), signal));
  };
}
`;
}

async function load(root: string, tag: string): Promise<Checkout> {
  const entryDir = mkdtempSync(join(tmpdir(), 'wardgate-decision-'));
  const outDir = join(repoRoot, '.cache', 'bench');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `decision-${tag}.mjs`);
  try {
    const entry = join(entryDir, 'entry.js');
    writeFileSync(entry, entrySource(root));
    const esbuild = join(repoRoot, 'node_modules', '.bin', 'esbuild');
    await promisify(execFile)(esbuild, [entry, '--bundle', '--platform=node', '--format=esm', '--packages=external', '--log-level=error', `--outfile=${outfile}`], { cwd: root });
  } finally {
    rmSync(entryDir, { recursive: true, force: true });
  }
  return (await import(pathToFileURL(outfile).href)) as Checkout;
}

const args = process.argv.slice(2);
const otherRoot = args.find((a) => !a.startsWith('--'));
if (otherRoot === undefined) throw new Error('usage: compare-decision.ts OTHER_CHECKOUT [--rounds=N]');
const roundsArg = args.find((a) => a.startsWith('--rounds='));
const ROUNDS = roundsArg === undefined ? 8 : Number(roundsArg.slice('--rounds='.length));
const PER_ROUND = 10_000;
// Young-generation collections, attributed to the round they started in: a checkout that allocates
// more collects more often, and on a loaded 2-core machine the parallel scavenger's helper threads
// compete with other processes, which is where most of a p99 difference comes from (run with
// `node --single-threaded-gc --import tsx` to see the ratio without that contention).
const minorGcStarts: number[] = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (((entry as { detail?: { kind?: number } }).detail)?.kind === 1) minorGcStarts.push(entry.startTime);
});
gcObserver.observe({ entryTypes: ['gc'] });
const checkouts: Array<[string, Checkout]> = [['other', await load(resolve(otherRoot), 'other')], ['this', await load(repoRoot, 'this')]];

for (const sqlOnly of [false, true]) {
  const prepared = checkouts.map(([name, c]) => ({ name, decide: c.createDecider(sqlOnly), samples: [] as number[], roundP99: [] as number[], cpu: 0, windows: [] as Array<[number, number]> }));
  for (let round = 0; round < ROUNDS + 1; round += 1) {
    for (const entry of round % 2 === 0 ? prepared : [...prepared].reverse()) {
      const cpuStarted = process.cpuUsage();
      const roundStarted = performance.now();
      const roundSamples = new Float64Array(PER_ROUND);
      for (let i = 0; i < PER_ROUND; i += 1) {
        const started = performance.now();
        await entry.decide(i);
        roundSamples[i] = performance.now() - started;
        // Round 0 warms up.
        if (round > 0) entry.samples.push(roundSamples[i]!);
        if (i % 500 === 0) await new Promise((r) => setImmediate(r));
      }
      const used = process.cpuUsage(cpuStarted);
      if (round > 0) {
        entry.roundP99.push(percentile(roundSamples.sort(), 0.99));
        entry.cpu += used.user + used.system;
        entry.windows.push([roundStarted, performance.now()]);
      }
    }
  }
  // GC entries are delivered after the fact: let them arrive before counting.
  await new Promise((r) => setTimeout(r, 100));
  const stats = prepared.map(({ samples, cpu, windows }) => {
    const sorted = Float64Array.from(samples).sort();
    const gcs = minorGcStarts.filter((t) => windows.some(([from, to]) => t >= from && t < to)).length;
    return { p50: percentile(sorted, 0.5) * 1000, p99: percentile(sorted, 0.99) * 1000, cpu: cpu / samples.length, gcPer10k: (gcs * 10_000) / samples.length };
  });
  const [a, b] = [stats[0]!, stats[1]!];
  // Each round runs both checkouts back to back, so a burst of load from elsewhere hits one pair:
  // the median of the per-round ratios is steadier than the ratio of the pooled p99s.
  const roundRatios = prepared[1]!.roundP99.map((p99, round) => p99 / prepared[0]!.roundP99[round]!).sort((x, y) => x - y);
  const paired = `paired p99 ratio median=${percentile(Float64Array.from(roundRatios), 0.5).toFixed(2)} (rounds ${roundRatios[0]!.toFixed(2)}–${roundRatios.at(-1)!.toFixed(2)})`;
  console.log(
    `whole decision (${sqlOnly ? 'SQL only' : 'decision-bench mix, 1 in 7 SQL'}): other p50=${a.p50.toFixed(1)}µs p99=${a.p99.toFixed(1)}µs cpu=${a.cpu.toFixed(1)}µs; this p50=${b.p50.toFixed(1)}µs p99=${b.p99.toFixed(1)}µs cpu=${b.cpu.toFixed(1)}µs; ratio p50=${(b.p50 / a.p50).toFixed(2)} p99=${(b.p99 / a.p99).toFixed(2)} cpu=${(b.cpu / a.cpu).toFixed(2)}; ${paired}; minor GCs per 10k decisions other=${a.gcPer10k.toFixed(1)} this=${b.gcPer10k.toFixed(1)}`,
  );
}
gcObserver.disconnect();
