import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { AccessRequest } from '../src/authz/access-request.js';
import type { createCommandClassifier } from '../src/command/classify-command.js';
import type { commandKinds } from '../src/command/command.js';
import type { generateBenchPolicy } from '../src/policy/policy-bench.js';
import { percentile } from './percentile.js';

/**
 * For changes to command classification: classification + 50-rule policy evaluation (the part
 * of a decision that reads the request) of this checkout and another one, in alternating rounds
 * in one process so that a noisy machine loads both alike. Prints p50/p99 per checkout and their
 * ratio, for the decision bench's request mix and for SQL-only requests, and each one's CPU time
 * per request (less blurred than wall time by the other processes of a shared machine).
 * Each checkout is bundled to plain JavaScript first (as tsc would emit it: no TypeScript loader
 * and its per-closure naming helper in the measured code).
 *   git worktree add /tmp/wardgate-old <commit> && ln -s "$PWD/node_modules" /tmp/wardgate-old/
 *   npx tsx bench/compare-decision-path.ts /tmp/wardgate-old [--rounds=10]
 */
interface Checkout {
  createCommandClassifier: typeof createCommandClassifier;
  commandKinds: typeof commandKinds;
  generateBenchPolicy: typeof generateBenchPolicy;
}

const repoRoot = resolve(import.meta.dirname, '..');

async function load(root: string, tag: string): Promise<Checkout> {
  const entryDir = mkdtempSync(join(tmpdir(), 'wardgate-decision-path-'));
  const outDir = join(repoRoot, '.cache', 'bench');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `decision-path-${tag}.mjs`);
  try {
    const entry = join(entryDir, 'entry.ts');
    writeFileSync(entry, [
      `export { createCommandClassifier } from ${JSON.stringify(resolve(root, 'src/command/classify-command.ts'))};`,
      `export { commandKinds } from ${JSON.stringify(resolve(root, 'src/command/command.ts'))};`,
      `export { generateBenchPolicy } from ${JSON.stringify(resolve(root, 'src/policy/policy-bench.ts'))};`,
    ].join('\n'));
    const esbuild = join(repoRoot, 'node_modules', '.bin', 'esbuild');
    await promisify(execFile)(esbuild, [entry, '--bundle', '--platform=node', '--format=esm', '--packages=external', '--log-level=warning', `--outfile=${outfile}`]);
  } finally {
    rmSync(entryDir, { recursive: true, force: true });
  }
  return (await import(pathToFileURL(outfile).href)) as Checkout;
}

const args = process.argv.slice(2);
const otherRoot = args.find((a) => !a.startsWith('--'));
if (otherRoot === undefined) throw new Error('usage: compare-decision-path.ts OTHER_CHECKOUT [--rounds=N]');
const roundsArg = args.find((a) => a.startsWith('--rounds='));
const checkouts: Array<[string, Checkout]> = [['other', await load(otherRoot, 'other')], ['this', await load(repoRoot, 'this')]];

const sql = [
  'SELECT id, name FROM t7 WHERE id = 1',
  'SELECT p.id, count(*) FROM visits v JOIN patients p ON p.id = v.pid WHERE v.at > now() - interval \'1 day\' GROUP BY p.id ORDER BY 2 DESC LIMIT 10',
  'WITH recent AS (SELECT * FROM labs WHERE at > $1) SELECT lower(code), coalesce(value, 0) FROM recent UNION ALL SELECT code, 0 FROM lab_codes',
];
function request(i: number, sqlOnly: boolean): AccessRequest {
  const paths = ['/Patient/123', '/Observation', '/sql/7', '/Encounter/9/$everything', '/admin/x'];
  const isSql = sqlOnly || i % 7 === 0;
  const http: AccessRequest['http'] = {
    method: isSql ? 'POST' : 'GET', scheme: 'http', authority: `fhir-${i % 50}.clinical.svc:8080`, path: isSql ? '/sql/7' : paths[i % paths.length]!,
    query: '', headers: { 'content-type': 'application/json' },
  };
  if (isSql) http.body = { bytes: Buffer.from(JSON.stringify({ query: sql[i % sql.length] })), partial: false };
  return { requestId: `r${i}`, receivedAt: 0, source: { principal: 'spiffe://cluster.local/ns/agents/sa/coder' }, destination: {}, http };
}

const ROUNDS = roundsArg === undefined ? 10 : Number(roundsArg.slice('--rounds='.length));
const PER_ROUND = 20_000;
for (const sqlOnly of [false, true]) {
  const requests = Array.from({ length: 1000 }, (_, i) => request(i, sqlOnly));
  const samples = new Map<string, number[]>(checkouts.map(([name]) => [name, []]));
  const cpu = new Map<string, number>(checkouts.map(([name]) => [name, 0]));
  const prepared = checkouts.map(([name, c]) => ({ name, c, classifier: c.createCommandClassifier({ maxBodyBytes: 65536 }), policy: c.generateBenchPolicy(50) }));
  for (let round = 0; round < ROUNDS + 1; round += 1) {
    for (const { name, c, classifier, policy } of round % 2 === 0 ? prepared : [...prepared].reverse()) {
      const out = samples.get(name)!;
      const cpuStarted = process.cpuUsage();
      for (let i = 0; i < PER_ROUND; i += 1) {
        const started = performance.now();
        const req = requests[i % requests.length]!;
        const { command } = classifier.classify(req);
        policy.evaluate({ request: req, command, commandKinds: c.commandKinds(command), identity: {}, now: 0 }, { trace: false });
        // Round 0 warms up.
        if (round > 0) out.push(performance.now() - started);
      }
      const used = process.cpuUsage(cpuStarted);
      if (round > 0) cpu.set(name, cpu.get(name)! + used.user + used.system);
    }
  }
  const stats = new Map([...samples].map(([name, s]) => {
    const sorted = Float64Array.from(s).sort();
    return [name, { p50: percentile(sorted, 0.5) * 1000, p99: percentile(sorted, 0.99) * 1000, cpu: cpu.get(name)! / s.length }];
  }));
  const [a, b] = [stats.get('other')!, stats.get('this')!];
  console.log(
    `classification + policy (${sqlOnly ? 'SQL only' : 'decision-bench mix, 1 in 7 SQL'}): other p50=${a.p50.toFixed(1)}µs p99=${a.p99.toFixed(1)}µs cpu=${a.cpu.toFixed(2)}µs; this p50=${b.p50.toFixed(1)}µs p99=${b.p99.toFixed(1)}µs cpu=${b.cpu.toFixed(2)}µs; ratio p50=${(b.p50 / a.p50).toFixed(2)} p99=${(b.p99 / a.p99).toFixed(2)} cpu=${(b.cpu / a.cpu).toFixed(2)}`,
  );
}
