import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, fdatasyncSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { loadEnvoyProtos } from '../src/envoy/proto-loader.js';
import { openBenchAuditTopic, ratio, type BenchAuditTopic } from './bench-audit-kafka.js';
import { percentile } from './percentile.js';

/**
 * What durable audit costs a real ext_authz Check (issue 19: "at 1,000 Check/s on this machine
 * the durable mode adds at most 1 ms at p99"). A Wardgate process per run (the bench backend,
 * bundled to plain JavaScript) with the audit sink the server runs in production, `sink: kafka`:
 * the local write-ahead log (group commit, O_DSYNC, preallocated segments) and its shipper to the
 * test stack's Kafka. A grpc-js client in this process sends Checks at a fixed rate (open loop: a
 * slow answer does not delay the next send), then as many as 256 callers get through; `durable`
 * and `queued` runs interleaved and repeated, queued being the baseline of the ratios. Latency is
 * measured from each Check's scheduled send time, so a client that falls behind counts too.
 *   npm run bench -- durable [--rate=1000] [--seconds=10] [--repeats=3] [--sustained-seconds=4]
 *   npx tsx bench/durable-check-bench.ts --rate=1000 --seconds=10 --repeats=3 (with the stack env)
 * The spool lives in $TMPDIR; WARDGATE_BENCH_DIR puts it on the disk Wardgate would use.
 */
type Durability = 'durable' | 'queued';

interface Options {
  rate: number;
  seconds: number;
  repeats: number;
  sustainedSeconds: number;
}

const SUSTAINED_CONCURRENCY = 256;

const repoRoot = path.resolve(import.meta.dirname, '..');
const bundle = path.join(repoRoot, '.cache', 'bench', 'durable-backend-process.mjs');

const policy = `
version: 1
defaults: { action: deny, status: 403, maskingProfile: strict }
rules:
  - id: agents-read-patients
    match: { methods: [GET], paths: ["/Patient/*"] }
    action: allow
    maskingProfile: strict
`;

function option(args: readonly string[], name: string, fallback: number): number {
  const found = args.find((a) => a.startsWith(`--${name}=`));
  return found === undefined ? fallback : Number(found.slice(name.length + 3));
}

async function startBackend(kafka: BenchAuditTopic, dir: string, durability: Durability, tag: string): Promise<{ port: number; httpPort: number; child: ChildProcess }> {
  const policyFile = path.join(dir, 'policy.yaml');
  writeFileSync(policyFile, policy);
  const config = {
    logLevel: 'error',
    server: { grpc: { host: '127.0.0.1', port: 0 }, http: { host: '127.0.0.1', port: 0 } },
    policy: { file: policyFile },
    audit: kafka.auditConfig(path.join(dir, `${tag}-spool`), durability),
  };
  const child = spawn(process.execPath, [bundle, 'wardgate', JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`backend exited with ${code}: ${errors}`)));
  });
  const ports = JSON.parse(line) as { grpcPort: number; httpPort?: number };
  return { port: ports.grpcPort, httpPort: ports.httpPort ?? 0, child };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

type CheckFn = (i: number) => Promise<boolean>;

function checkClient(port: number): { check: CheckFn; close: () => void } {
  const protos = loadEnvoyProtos();
  const client = new protos.envoy.service.auth.v3.Authorization(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as grpc.Client & {
    Check: (req: unknown, cb: (err: grpc.ServiceError | null, res?: { ok_response?: unknown }) => void) => void;
  };
  const check: CheckFn = (i) =>
    new Promise((resolve, reject) => {
      client.Check(
        {
          attributes: {
            source: { principal: 'spiffe://cluster.local/ns/agents/sa/coder', address: { socket_address: { address: '10.0.0.7', port_value: 5555 } } },
            request: { http: { id: `bench-${i}`, method: 'GET', path: `/Patient/${i % 1000}`, host: 'fhir.clinical.svc:8080', scheme: 'http', protocol: 'HTTP/1.1', headers: {} } },
          },
        },
        (err, res) => (err || !res ? reject(err ?? new Error('no response')) : resolve(res.ok_response !== undefined && res.ok_response !== null)),
      );
    });
  return { check, close: () => client.close() };
}

/** Checks at `rate` per second for `seconds`; each latency from its scheduled send time. */
async function paced(check: CheckFn, rate: number, seconds: number): Promise<{ samples: Float64Array; denied: number }> {
  const n = Math.round(rate * seconds);
  const samples = new Float64Array(n);
  let denied = 0;
  const inflight: Array<Promise<void>> = [];
  const started = performance.now();
  for (let i = 0; i < n; i += 1) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    // Ahead of schedule: sleep (timers have 1 ms steps, so a few Checks go per tick); behind:
    // still let answers in now and then, or the loop would send the rest in one burst.
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    else if (i % 16 === 0) await new Promise((r) => setImmediate(r));
    inflight.push(check(i).then((allowed) => {
      if (!allowed) denied += 1;
      samples[i] = performance.now() - due;
    }));
  }
  await Promise.all(inflight);
  samples.sort();
  return { samples, denied };
}

/** As many Checks as SUSTAINED_CONCURRENCY callers get through in `seconds`: the events/s the audit path sustains. */
async function sustained(check: CheckFn, seconds: number): Promise<number> {
  let done = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: SUSTAINED_CONCURRENCY }, async (_, worker) => {
    for (let i = worker; performance.now() < until; i += SUSTAINED_CONCURRENCY) {
      await check(i);
      done += 1;
    }
  }));
  return Math.round(done / seconds);
}

/** The group commits of the run, from the server's own histogram. */
async function syncStats(httpPort: number): Promise<string> {
  if (httpPort === 0) return '';
  const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
  const value = (name: string) => Number(text.split('\n').find((l) => l.startsWith(name))?.split(' ').at(-1) ?? Number.NaN);
  const count = value('wardgate_audit_sync_seconds_count');
  const sum = value('wardgate_audit_sync_seconds_sum');
  return `group commits ${count}, mean O_DSYNC write ${((sum / count) * 1e6).toFixed(0)}µs`;
}

const ms = (samples: Float64Array, p: number): number => percentile(samples, p);

/** The disk's own cost: 200 appends of 300 bytes, each followed by fdatasync, on the main thread. */
function syncProbe(dir: string): string {
  const file = path.join(dir, 'sync-probe');
  const fd = openSync(file, 'a');
  const times = new Float64Array(200);
  try {
    for (let i = 0; i < times.length; i += 1) {
      const started = performance.now();
      writeSync(fd, `${'x'.repeat(299)}\n`);
      fdatasyncSync(fd);
      times[i] = performance.now() - started;
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  times.sort();
  return `disk under the audit log: append + fdatasync p50=${(ms(times, 0.5) * 1000).toFixed(0)}µs p99=${(ms(times, 0.99) * 1000).toFixed(0)}µs (200 syncs)`;
}

export async function runDurableCheckBench(args: readonly string[] = process.argv.slice(2)): Promise<void> {
  const options: Options = {
    rate: option(args, 'rate', 1000),
    seconds: option(args, 'seconds', 10),
    repeats: option(args, 'repeats', 3),
    sustainedSeconds: option(args, 'sustained-seconds', 4),
  };
  mkdirSync(path.dirname(bundle), { recursive: true });
  const esbuild = path.join(repoRoot, 'node_modules', '.bin', 'esbuild');
  await promisify(execFile)(esbuild, [path.join(repoRoot, 'bench', 'envoy', 'backend-process.ts'), '--bundle', '--platform=node', '--format=esm', '--packages=external', '--log-level=warning', `--outfile=${bundle}`]);
  const dir = mkdtempSync(path.join(process.env.WARDGATE_BENCH_DIR ?? tmpdir(), 'wardgate-durable-bench-'));
  console.log(syncProbe(dir));
  const kafka = await openBenchAuditTopic();
  console.log(`audit sink: the server's Kafka sink (write-ahead log in ${dir}, shipped to Kafka ${kafka.brokers.join(',')} topic ${kafka.topic})`);
  const p99 = new Map<Durability, number[]>([['durable', []], ['queued', []]]);
  const p50 = new Map<Durability, number[]>([['durable', []], ['queued', []]]);
  const perSecond = new Map<Durability, number[]>([['durable', []], ['queued', []]]);
  const added: number[] = [];
  let decided = 0;
  try {
    for (let repeat = 0; repeat < options.repeats; repeat += 1) {
      const order: Durability[] = repeat % 2 === 0 ? ['queued', 'durable'] : ['durable', 'queued'];
      const thisRepeat = new Map<Durability, number>();
      for (const durability of order) {
        const backend = await startBackend(kafka, dir, durability, `${durability}-${repeat}`);
        const client = checkClient(backend.port);
        try {
          for (let i = 0; i < 2000; i += 1) await client.check(i);
          const load = loadavg()[0]!.toFixed(2);
          const { samples, denied } = await paced(client.check, options.rate, options.seconds);
          if (denied > 0) throw new Error(`${denied} Checks denied: the bench policy should allow every one`);
          thisRepeat.set(durability, ms(samples, 0.99));
          p99.get(durability)!.push(ms(samples, 0.99));
          p50.get(durability)!.push(ms(samples, 0.5));
          const rate = await sustained(client.check, options.sustainedSeconds);
          perSecond.get(durability)!.push(rate);
          decided += 2000 + samples.length + rate * options.sustainedSeconds;
          console.log(
            `Check over gRPC at ${options.rate}/s for ${options.seconds} s, audit ${durability} (repeat ${repeat + 1}, load ${load}): ` +
              `p50=${(ms(samples, 0.5) * 1000).toFixed(0)}µs p99=${(ms(samples, 0.99) * 1000).toFixed(0)}µs p99.9=${(ms(samples, 0.999) * 1000).toFixed(0)}µs max=${(ms(samples, 1) * 1000).toFixed(0)}µs; ` +
              `sustained ${rate} Checks (events)/s with ${SUSTAINED_CONCURRENCY} in flight` +
              (durability === 'durable' ? `; ${await syncStats(backend.httpPort)}` : ''),
          );
        } finally {
          client.close();
          await stop(backend.child);
        }
      }
      added.push((thisRepeat.get('durable')! - thisRepeat.get('queued')!) * 1000);
    }
    // What the shippers got to Kafka before each backend's close deadline; the rest stayed in the spools (deleted with them).
    console.log(`shipped to Kafka: ${await kafka.shipped()} records (events and checkpoints) of about ${decided} Checks decided`);
  } finally {
    await kafka.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const median = (values: number[]): number => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  console.log(
    `median over ${options.repeats} repeats: queued p50=${(median(p50.get('queued')!) * 1000).toFixed(0)}µs p99=${(median(p99.get('queued')!) * 1000).toFixed(0)}µs; ` +
      `durable p50=${(median(p50.get('durable')!) * 1000).toFixed(0)}µs p99=${(median(p99.get('durable')!) * 1000).toFixed(0)}µs; ` +
      `durable adds ${median(added).toFixed(0)}µs at p99 (per repeat: ${added.map((a) => a.toFixed(0)).join(', ')}µs; target ≤ 1000µs)`,
  );
  const base = { p50: median(p50.get('queued')!), p99: median(p99.get('queued')!), perSecond: median(perSecond.get('queued')!) };
  const durable = { p50: median(p50.get('durable')!), p99: median(p99.get('durable')!), perSecond: median(perSecond.get('durable')!) };
  console.log(
    `durable vs queued baseline (medians, same run, WAL + Kafka sink): p50 ${(durable.p50 * 1000).toFixed(0)}µs (${ratio(durable.p50, base.p50)}), ` +
      `p99 ${(durable.p99 * 1000).toFixed(0)}µs (${ratio(durable.p99, base.p99)}), sustained ${durable.perSecond} events/s vs ${base.perSecond} (${ratio(durable.perSecond, base.perSecond)})`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runDurableCheckBench();
}
