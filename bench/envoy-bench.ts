import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { parse as parseYaml } from 'yaml';
import { createTopicIfMissing } from '../src/audit/audit-topic.js';
import { EnvoyProcess, buildBootstrap } from '../test/support/envoy-process.js';
import { freePort } from '../test/support/free-port.js';
import { TestIssuer } from '../test/support/jwt-issuer.js';
import { UpstreamServer } from '../test/support/upstream-server.js';
import { fhirPatientBody } from './envoy/fhir-patient.js';
import { ensureFortio, fortioLoad, type LoadResult } from './envoy/fortio.js';
import { ensureOpaEnvoy, opaArgs, opaPolicy } from './envoy/opa-envoy.js';
import { loadAverage, machineBusySeconds, processTree, rssMiB, treeCpuSeconds } from './envoy/proc-stat.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const backendSource = path.join(repoRoot, 'bench', 'envoy', 'backend-process.ts');
// Bundled to plain JavaScript first, so that the backends' CPU time and RSS hold no TypeScript loader.
const bundleDir = path.join(repoRoot, '.cache', 'bench');
const backendBundle = path.join(bundleDir, 'current', 'backend-process.mjs');
const baselineBundle = path.join(bundleDir, 'baseline', 'backend-process.mjs');

/**
 * `npm run bench -- envoy [--repeats=N] [--seconds=S] [--fixed-seconds=S] [--connections=C] [--rps=R] [--profile=DIR] [--only=a,b] [--baseline=REV]`:
 * the same GET of a 5 KB FHIR Patient through one real Envoy with each configuration in turn
 * (interleaved, repeated), loaded by Fortio at saturation and at a fixed 200 rps. The backend
 * runs in its own process so its CPU time (/proc/PID/stat) and RSS can be read per run.
 */
export interface EnvoyBenchOptions {
  repeats: number;
  saturationSeconds: number;
  fixedSeconds: number;
  connections: number;
  fixedRps: number;
  /** When set, Wardgate backends run under `node --cpu-prof` writing profiles here. */
  profileDir?: string;
  only?: string[];
  /** A git revision whose src/ also runs, interleaved, as `wardgate-*-base` (before/after in one run). */
  baseline?: string;
}

type BackendKind = 'none' | 'noop-authz' | 'noop-pair' | 'wardgate' | 'opa' | 'wardgate-serve';

interface BenchConfig {
  name: string;
  label: string;
  backend: BackendKind;
  /** Run the Wardgate of the `--baseline` revision instead of this checkout's. */
  baseline?: boolean;
  filters: Array<'ext-authz' | 'ext-proc'>;
  /** `wardgate-serve`: `server.processes` (with Redis stores and the Kafka sink, which more than one process needs). */
  processes?: number;
}

const configs: BenchConfig[] = [
  { name: 'envoy', label: 'Envoy alone', backend: 'none', filters: [] },
  { name: 'noop-authz', label: 'ext_authz → grpc-js no-op', backend: 'noop-authz', filters: ['ext-authz'] },
  { name: 'opa-authz', label: 'ext_authz → OPA-Envoy (JWT group check)', backend: 'opa', filters: ['ext-authz'] },
  { name: 'wardgate-authz', label: 'ext_authz → Wardgate', backend: 'wardgate', filters: ['ext-authz'] },
  { name: 'noop-pair', label: 'ext_authz + ext_proc → grpc-js no-op pair', backend: 'noop-pair', filters: ['ext-authz', 'ext-proc'] },
  { name: 'wardgate-pair', label: 'ext_authz + ext_proc → Wardgate (masking)', backend: 'wardgate', filters: ['ext-authz', 'ext-proc'] },
  // The same masked requests through `wardgate serve` with Redis and Kafka, one process against two:
  // what `server.processes` buys on this machine (Envoy and Fortio share its cores).
  { name: 'wardgate-pair-p1', label: 'ext_authz + ext_proc → wardgate serve, 1 process (Redis, Kafka)', backend: 'wardgate-serve', processes: 1, filters: ['ext-authz', 'ext-proc'] },
  { name: 'wardgate-pair-p2', label: 'ext_authz + ext_proc → wardgate serve, 2 processes (Redis, Kafka)', backend: 'wardgate-serve', processes: 2, filters: ['ext-authz', 'ext-proc'] },
];

/**
 * Envoy's connections to a `wardgate serve` backend: several (8 streams each) and renewed, so
 * node:cluster can spread them over the processes; the same for 1 process, to compare like with like.
 */
const serveConnections = { http2: { max_concurrent_streams: 8, connection_keepalive: { interval: '1s', timeout: '1s' } }, common: { max_requests_per_connection: 1000 } };

interface RunResult {
  config: string;
  repeat: number;
  saturation: LoadResult;
  fixed: LoadResult;
  /** Backend CPU seconds per request during the saturation run (undefined: no backend). */
  cpuPerRequest?: number;
  /** The same during the fixed-rate run: every configuration serves the same requests then. */
  cpuPerRequestFixed?: number;
  rssAfterMiB?: number;
  loadBefore: number;
  /** Machine CPU busy during the saturation run, in cores. */
  machineCores: number;
}

export function parseEnvoyBenchArgs(argv: string[]): EnvoyBenchOptions {
  const value = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const num = (name: string, fallback: number): number => {
    const raw = value(name);
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
    return n;
  };
  return {
    repeats: num('repeats', 1),
    saturationSeconds: num('seconds', 8),
    fixedSeconds: num('fixed-seconds', 8),
    connections: num('connections', 32),
    fixedRps: num('rps', 200),
    profileDir: value('profile'),
    only: value('only')?.split(','),
    baseline: value('baseline'),
  };
}

export async function runEnvoyBench(options: EnvoyBenchOptions = parseEnvoyBenchArgs(process.argv.slice(2))): Promise<RunResult[]> {
  const fortio = await ensureFortio(repoRoot);
  await bundleBackend(backendSource, backendBundle);
  if (options.baseline !== undefined) await bundleBaseline(options.baseline);
  const dir = mkdtempSync(path.join(tmpdir(), 'wardgate-envoy-bench-'));
  const body = fhirPatientBody();
  const upstream = new UpstreamServer();
  upstream.route('/Patient/bench-p1', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/fhir+json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await upstream.start();
  const issuer = await new TestIssuer().start();
  const token = await issuer.token({ sub: 'clinician-7', groups: ['clinicians'], email: 'dr.seven@example.test' }, { expiresIn: '2h' });
  const headers = [`Authorization: Bearer ${token}`];
  const policyFile = path.join(dir, 'policy.yaml');
  writeFileSync(
    policyFile,
    [
      'version: 1',
      'defaults: { action: deny, status: 403, maskingProfile: strict }',
      'rules:',
      '  - id: clinicians-read-masked',
      '    match: { methods: [GET], paths: ["/Patient/*"], groups: [clinicians] }',
      '    action: allow',
      '    maskingProfile: strict',
      '',
    ].join('\n'),
  );
  const wardgateConfig = JSON.stringify({
    logLevel: 'warn',
    server: { grpc: { host: '127.0.0.1', port: 0 }, http: { host: '127.0.0.1', port: 0 } },
    policy: { file: policyFile },
    identity: { issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri, audiences: [issuer.audience] }] },
    audit: { sink: 'file', file: { path: path.join(dir, 'audit.jsonl') }, spool: { dir: path.join(dir, 'spool') } },
  });

  const all = options.baseline === undefined ? configs : configs.flatMap((c) => (c.backend === 'wardgate' ? [c, { ...c, name: `${c.name}-base`, label: `${c.label} @ ${options.baseline}`, baseline: true }] : [c]));
  let selected = all.filter((c) => !options.only || options.only.includes(c.name) || options.only.includes(c.name.replace(/-base$/, '')));
  let opaBin: string | undefined;
  if (selected.some((c) => c.backend === 'opa')) {
    const opa = await ensureOpaEnvoy(repoRoot);
    if ('skipped' in opa) {
      console.log(`OPA-Envoy skipped: ${opa.skipped}`);
      selected = selected.filter((c) => c.backend !== 'opa');
    } else {
      opaBin = opa.bin;
      const jwks = (await (await fetch(issuer.jwksUri)).text()).trim();
      writeFileSync(path.join(dir, 'policy.rego'), opaPolicy({ jwks, issuer: issuer.issuer, audience: issuer.audience }));
    }
  }
  console.log(
    `Fortio ${options.connections} connections for ${options.saturationSeconds}s at saturation, ${options.fixedRps} rps for ${options.fixedSeconds}s; ` +
      `${options.repeats} interleaved repetition(s); body ${Buffer.byteLength(body)} bytes; Wardgate under NODE_OPTIONS ${chartNodeOptions()} (the chart's)`,
  );

  const results: RunResult[] = [];
  const context = { fortio, upstreamPort: upstream.port, headers, wardgateConfig, opaBin, dir };
  try {
    for (let repeat = 1; repeat <= options.repeats; repeat++) {
      for (const config of selected) {
        try {
          const result = await runConfig(config, repeat, { ...context, options });
          results.push(result);
          console.log(runLine(config, result));
        } catch (error) {
          // One configuration failing (a loaded machine, a crashed backend) must not lose the others.
          console.log(`  [${repeat}] ${config.name}: FAILED ${String(error).split('\n')[0]}`);
        }
      }
    }
  } finally {
    await issuer.stop();
    await upstream.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  printSummary(selected, results, options);
  return results;
}

interface RunContext {
  fortio: string;
  upstreamPort: number;
  headers: string[];
  wardgateConfig: string;
  opaBin?: string;
  dir: string;
  options: EnvoyBenchOptions;
}

async function runConfig(config: BenchConfig, repeat: number, context: RunContext): Promise<RunResult> {
  const { fortio, headers, options } = context;
  const backend = await startBackend(config.backend, {
    bundle: config.baseline ? baselineBundle : backendBundle,
    wardgateConfig: config.backend === 'wardgate-serve' ? await serveConfigFile(context, config) : context.wardgateConfig,
    opaBin: context.opaBin,
    dir: context.dir,
    profileDir: options.profileDir,
    tag: `${config.name}-${repeat}`,
  });
  let envoy: EnvoyProcess | undefined;
  try {
    envoy = await new EnvoyProcess(
      buildBootstrap({
        wardgateGrpcPort: backend?.port ?? 1,
        upstreamPort: context.upstreamPort,
        ...(config.filters.length === 0 ? { httpFilters: [] } : { filters: config.filters }),
        ...(config.backend === 'wardgate-serve' ? { wardgateConnections: serveConnections } : {}),
      }),
    ).start();
    const url = envoy.url('/Patient/bench-p1');
    await checkResponse(url, headers, config);
    await fortioLoad(fortio, url, { qps: 0, connections: options.connections, seconds: 2, headers }); // warm-up (JIT, pools)
    const loadBefore = loadAverage();
    const cpuBefore = backend ? treeCpuSeconds(backend.pid) : 0;
    const busyBefore = machineBusySeconds();
    const started = performance.now();
    const saturation = await fortioLoad(fortio, url, { qps: 0, connections: options.connections, seconds: options.saturationSeconds, headers });
    const machineCores = (machineBusySeconds() - busyBefore) / ((performance.now() - started) / 1000);
    const cpuAfterSaturation = backend ? treeCpuSeconds(backend.pid) : 0;
    const rssAfterMiB = backend ? largestServingRssMiB(backend.pid) : undefined;
    if (backend && config.backend.startsWith('wardgate')) await probeMemory(backend.pid);
    const fixed = await fortioLoad(fortio, url, { qps: options.fixedRps, connections: 8, seconds: options.fixedSeconds, headers });
    return {
      config: config.name,
      repeat,
      saturation,
      fixed,
      cpuPerRequest: backend ? (cpuAfterSaturation - cpuBefore) / saturation.requests : undefined,
      cpuPerRequestFixed: backend ? (treeCpuSeconds(backend.pid) - cpuAfterSaturation) / fixed.requests : undefined,
      rssAfterMiB,
      loadBefore,
      machineCores,
    };
  } finally {
    await envoy?.stop();
    await backend?.stop();
  }
}

async function checkResponse(url: string, headers: string[], config: BenchConfig): Promise<void> {
  const [name, value] = (headers[0] ?? ':').split(': ');
  const res = await fetch(url, { headers: { [name ?? '']: value ?? '' } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${config.name}: HTTP ${res.status} before the load run: ${text.slice(0, 200)}`);
  const masked = !text.includes('Okonkwo');
  const shouldMask = (config.backend === 'wardgate' || config.backend === 'wardgate-serve') && config.filters.includes('ext-proc');
  if (masked !== shouldMask) throw new Error(`${config.name}: the response was ${masked ? '' : 'not '}masked`);
}

interface Backend {
  pid: number;
  port: number;
  stop: () => Promise<void>;
}

async function startBackend(kind: BackendKind, context: { bundle: string; wardgateConfig: string; opaBin?: string; dir: string; profileDir?: string; tag: string }): Promise<Backend | undefined> {
  if (kind === 'none') return undefined;
  if (kind === 'opa') {
    const [grpcPort, httpPort] = [await freePort(), await freePort()];
    const child = spawn(context.opaBin ?? 'opa-envoy-plugin', opaArgs({ grpcPort, httpPort, policyFile: path.join(context.dir, 'policy.rego') }), { stdio: ['ignore', 'ignore', 'pipe'] });
    await waitForHttp(`http://127.0.0.1:${httpPort}/health?plugins`, child);
    return { pid: child.pid ?? 0, port: grpcPort, stop: () => stopChild(child) };
  }
  if (kind === 'wardgate-serve') {
    const config = JSON.parse(readFileSync(context.wardgateConfig, 'utf8')) as { server: { grpc: { port: number }; http: { port: number } } };
    const child = spawn(process.execPath, [context.bundle, kind, context.wardgateConfig], { cwd: repoRoot, env: wardgateEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    await waitForHttp(`http://127.0.0.1:${config.server.http.port}/readyz`, child);
    return { pid: child.pid ?? 0, port: config.server.grpc.port, stop: () => stopChild(child) };
  }
  const nodeArgs: string[] = [];
  if (context.profileDir && kind === 'wardgate') {
    const profileDir = path.join(context.profileDir, context.tag);
    mkdirSync(profileDir, { recursive: true });
    nodeArgs.push('--cpu-prof', '--cpu-prof-dir', profileDir);
  }
  const args = [...nodeArgs, context.bundle, kind, ...(kind === 'wardgate' ? [context.wardgateConfig] : [])];
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: kind === 'wardgate' ? wardgateEnv() : process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr?.on('data', (c: Buffer) => (errors = (errors + c.toString()).slice(-4000)));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve((JSON.parse(line) as { grpcPort: number }).grpcPort);
    });
    child.once('exit', (code) => reject(new Error(`${kind} backend exited with ${code}: ${errors}`)));
  });
  return { pid: child.pid ?? 0, port, stop: () => stopChild(child) };
}

/**
 * Wardgate runs under the V8 heap flags it ships with (the chart's values.yaml, which the
 * Dockerfile repeats), so the RSS measured here is the deployed one.
 */
export function chartNodeOptions(): string {
  const values = parseYaml(readFileSync(path.join(repoRoot, 'deploy', 'helm', 'wardgate', 'values.yaml'), 'utf8')) as { maxOldSpaceMiB: number; maxSemiSpaceMiB: number };
  return `--max-old-space-size=${values.maxOldSpaceMiB} --max-semi-space-size=${values.maxSemiSpaceMiB}`;
}

function wardgateEnv(): NodeJS.ProcessEnv {
  return { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${chartNodeOptions()}`.trim() };
}

/** Split into chunks so that what Wardgate imports lazily (`import()`) stays lazy, as under tsc's output. */
async function bundleBackend(source: string, outfile: string): Promise<void> {
  const esbuild = path.join(repoRoot, 'node_modules', '.bin', 'esbuild');
  const outdir = path.dirname(outfile);
  rmSync(outdir, { recursive: true, force: true });
  const args = ['--bundle', '--splitting', '--platform=node', '--format=esm', '--packages=external', '--log-level=warning', `--outdir=${outdir}`, '--out-extension:.js=.mjs', '--entry-names=[name]'];
  await promisify(execFile)(esbuild, [source, ...args]);
}

/**
 * The baseline's src/ (from git) with this checkout's backend entry beside it, bundled into
 * .cache/bench so that it finds the same node_modules and protos.
 */
async function bundleBaseline(revision: string): Promise<void> {
  const tree = mkdtempSync(path.join(tmpdir(), 'wardgate-baseline-'));
  try {
    const archive = path.join(tree, 'src.tar');
    await promisify(execFile)('git', ['-C', repoRoot, 'archive', '--output', archive, revision, 'src']);
    await promisify(execFile)('tar', ['-xf', archive, '-C', tree]);
    mkdirSync(path.join(tree, 'bench', 'envoy'), { recursive: true });
    for (const file of ['backend-process.ts', 'noop-servers.ts']) cpSync(path.join(repoRoot, 'bench', 'envoy', file), path.join(tree, 'bench', 'envoy', file));
    cpSync(path.join(repoRoot, 'src', 'envoy', 'generated'), path.join(tree, 'src', 'envoy', 'generated'), { recursive: true });
    await bundleBackend(path.join(tree, 'bench', 'envoy', 'backend-process.ts'), baselineBundle);
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

/** A config file for `wardgate serve` (JSON is YAML): the bench's Wardgate with fixed ports, Redis, and Kafka on a topic of its own. */
async function serveConfigFile(context: RunContext, config: BenchConfig): Promise<string> {
  const env = (name: string): string => {
    const value = process.env[name];
    if (value === undefined || value === '') throw new Error(`${name} is not set: run through npm run bench (it starts the test stack)`);
    return value;
  };
  const brokers = env('WARDGATE_TEST_KAFKA_BROKERS').split(',');
  const topic = `wardgate-bench-${config.name}-${randomUUID()}`;
  const admin = new Kafka({ clientId: 'envoy-bench', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await createTopicIfMissing(admin, { topic, partitions: 3, replicationFactor: 1 });
  } finally {
    await admin.disconnect();
  }
  const base = JSON.parse(context.wardgateConfig) as Record<string, unknown>;
  const file = path.join(context.dir, `${config.name}-${randomUUID()}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      ...base,
      server: { processes: config.processes ?? 1, grpc: { host: '127.0.0.1', port: await freePort() }, http: { host: '127.0.0.1', port: await freePort() } },
      redis: { url: env('WARDGATE_TEST_REDIS_URL'), keyPrefix: `wgbench:${randomUUID()}:` },
      audit: { sink: 'kafka', kafka: { brokers, topic }, spool: { dir: path.join(context.dir, `spool-${randomUUID()}`) } },
    }),
  );
  return file;
}

/** With WARDGATE_BENCH_MEMORY set (see backend-process.ts), the serving processes write their memory stats now. */
async function probeMemory(pid: number): Promise<void> {
  if (!process.env.WARDGATE_BENCH_MEMORY) return;
  const tree = processTree(pid);
  for (const p of tree.length > 1 ? tree.slice(1) : tree) process.kill(p, 'SIGUSR2');
  await new Promise((resolve) => setTimeout(resolve, process.env.WARDGATE_BENCH_HEAP_SNAPSHOT === '1' ? 8000 : 500));
}

/** RSS of the largest process that serves (a cluster's primary serves nothing and is left out). */
function largestServingRssMiB(pid: number): number {
  const tree = processTree(pid);
  const serving = tree.length > 1 ? tree.slice(1) : tree;
  return Math.max(...serving.map((p) => {
    try {
      return rssMiB(p);
    } catch {
      return Number.NaN;
    }
  }).filter((v) => Number.isFinite(v)));
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

async function waitForHttp(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become healthy`);
}

const fmt = (n: number | undefined, digits = 0): string => (n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits));

function runLine(config: BenchConfig, r: RunResult): string {
  const bad = Object.entries(r.saturation.codes).filter(([code]) => code !== '200');
  return (
    `  [${r.repeat}] ${config.name}: ${fmt(r.saturation.rps)} rps, ${fmt(r.fixed.p50Ms, 2)}/${fmt(r.fixed.p99Ms, 2)} ms p50/p99 at ${fmt(r.fixed.rps)} rps, ` +
    `backend ${fmt(r.cpuPerRequest === undefined ? undefined : r.cpuPerRequest * 1e6)} µs CPU/request (${fmt(r.cpuPerRequestFixed === undefined ? undefined : r.cpuPerRequestFixed * 1e6)} at fixed rate), RSS ${fmt(r.rssAfterMiB)} MiB, ` +
    `load ${r.loadBefore.toFixed(2)}, machine ${r.machineCores.toFixed(2)} cores busy${bad.length > 0 ? `, NON-200: ${JSON.stringify(Object.fromEntries(bad))}` : ''}`
  );
}

function median(values: number[]): number | undefined {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function printSummary(selected: BenchConfig[], results: RunResult[], options: EnvoyBenchOptions): void {
  const of = (name: string): RunResult[] => results.filter((r) => r.config === name);
  // Added latency is taken against Envoy alone in the same repetition, then the median.
  const added = (name: string, pick: (l: LoadResult) => number): number | undefined =>
    median(of(name).flatMap((r) => {
      const base = results.find((b) => b.config === 'envoy' && b.repeat === r.repeat);
      return base ? [pick(r.fixed) - pick(base.fixed)] : [];
    }));
  const med = (name: string, pick: (r: RunResult) => number | undefined): number | undefined => median(of(name).map((r) => pick(r) ?? Number.NaN));
  console.log(`\nmedian of ${options.repeats} repetition(s):`);
  console.log('| config | rps at saturation | added p50 / p99 over Envoy alone at fixed rps | backend CPU per request (saturation / fixed rate) | RSS after saturation | load avg |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const config of selected) {
    const cpu = med(config.name, (r) => (r.cpuPerRequest === undefined ? undefined : r.cpuPerRequest * 1e6));
    const cpuFixed = med(config.name, (r) => (r.cpuPerRequestFixed === undefined ? undefined : r.cpuPerRequestFixed * 1e6));
    const rss = med(config.name, (r) => r.rssAfterMiB);
    const latency = config.name === 'envoy' ? `${fmt(med('envoy', (r) => r.fixed.p50Ms), 2)} / ${fmt(med('envoy', (r) => r.fixed.p99Ms), 2)} ms (absolute)` : `+${fmt(added(config.name, (l) => l.p50Ms), 2)} / +${fmt(added(config.name, (l) => l.p99Ms), 2)} ms`;
    console.log(`| ${config.label} | ${fmt(med(config.name, (r) => r.saturation.rps))} | ${latency} | ${cpu === undefined ? '—' : `${fmt(cpu)} / ${fmt(cpuFixed)} µs`} | ${rss === undefined ? '—' : `${fmt(rss)} MiB`} | ${fmt(med(config.name, (r) => r.loadBefore), 2)} |`);
  }
  const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined ? 'n/a' : (a / b).toFixed(2));
  const cpu = (name: string): number | undefined => med(name, (r) => r.cpuPerRequest);
  const cpuFixed = (name: string): number | undefined => med(name, (r) => r.cpuPerRequestFixed);
  const rps = (name: string): number | undefined => med(name, (r) => r.saturation.rps);
  console.log('\ngoals (same run):');
  console.log(`  Wardgate CPU/Check ÷ grpc-js no-op's: ${ratio(cpu('wardgate-authz'), cpu('noop-authz'))} at saturation, ${ratio(cpuFixed('wardgate-authz'), cpuFixed('noop-authz'))} at fixed rate (goal ≤ 2)`);
  console.log(`  Wardgate ext_authz throughput ÷ OPA-Envoy's: ${ratio(rps('wardgate-authz'), rps('opa-authz'))} (goal ≥ 1.5)`);
  console.log(`  masking CPU/request ÷ no-op pair's: ${ratio(cpu('wardgate-pair'), cpu('noop-pair'))} at saturation, ${ratio(cpuFixed('wardgate-pair'), cpuFixed('noop-pair'))} at fixed rate (goal ≤ 2.5)`);
  console.log(`  masking added latency at ${options.fixedRps} rps: +${fmt(added('wardgate-pair', (l) => l.p50Ms), 2)} ms p50 (goal ≤ 1.5), +${fmt(added('wardgate-pair', (l) => l.p99Ms), 2)} ms p99 (goal ≤ 3.5)`);
  if (options.baseline !== undefined) {
    console.log(`  against ${options.baseline}: CPU/Check ${ratio(cpu('wardgate-authz'), cpu('wardgate-authz-base'))}× (fixed rate ${ratio(cpuFixed('wardgate-authz'), cpuFixed('wardgate-authz-base'))}×), CPU/masked request ${ratio(cpu('wardgate-pair'), cpu('wardgate-pair-base'))}× (fixed rate ${ratio(cpuFixed('wardgate-pair'), cpuFixed('wardgate-pair-base'))}×); rps ${ratio(rps('wardgate-authz'), rps('wardgate-authz-base'))}× and ${ratio(rps('wardgate-pair'), rps('wardgate-pair-base'))}×`);
    console.log(`  baseline's goal ratios: CPU/Check ÷ no-op's ${ratio(cpu('wardgate-authz-base'), cpu('noop-authz'))}, masking CPU ÷ no-op pair's ${ratio(cpu('wardgate-pair-base'), cpu('noop-pair'))}`);
  }
  console.log(`  Wardgate RSS after saturation: ${fmt(med('wardgate-authz', (r) => r.rssAfterMiB))} MiB ext_authz, ${fmt(med('wardgate-pair', (r) => r.rssAfterMiB))} MiB with masking (goal ≤ 150)`);
  console.log(
    `  server.processes 2 ÷ 1 (masked requests, Redis and Kafka): rps ${ratio(rps('wardgate-pair-p2'), rps('wardgate-pair-p1'))}×, CPU/request ${ratio(cpu('wardgate-pair-p2'), cpu('wardgate-pair-p1'))}×; ` +
      `largest serving process RSS ${fmt(med('wardgate-pair-p1', (r) => r.rssAfterMiB))} / ${fmt(med('wardgate-pair-p2', (r) => r.rssAfterMiB))} MiB (goal ≤ 150 per process)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runEnvoyBench();
}
