import { closeSync, constants, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { AuditEventInput } from '../src/audit/audit-event.js';
import { createAuditSink } from '../src/audit/create-audit-sink.js';
import { KafkaAuditSink } from '../src/audit/kafka-audit-sink.js';
import { WriteAheadLog } from '../src/audit/write-ahead-log.js';
import { SystemClock } from '../src/clock/clock.js';
import { compileAuditConfig } from '../src/config/audit-config.js';
import { createSilentLogger } from '../src/logging/logger.js';
import { openBenchAuditTopic } from './bench-audit-kafka.js';
import { percentile } from './percentile.js';

/**
 * Where a durable audit event's time goes (issue 19), on the server's Kafka sink (WAL + shipper)
 * at 1,000 events/s: emit → append (sealing on the next turn), append → start of the group commit
 * that covers it (waiting for the one in flight), the commit (O_DSYNC write through the libuv
 * pool, queue included), commit end → the receipt settling; beside it the shipper's read, send
 * (gzip included) and offset commit, the event loop's delay, and a 0-byte stat's round trip
 * through the libuv pool (its queue). Instrumented by wrapping the classes' methods, nothing in src/.
 *   npx tsx bench/durable-breakdown.ts [--rate=1000] [--seconds=10] (with the stack env)
 */
type Fn = (...args: unknown[]) => unknown;

function wrapAsync(proto: object, name: string, onDone: (started: number, ended: number, args: unknown[]) => void): void {
  const target = proto as Record<string, Fn>;
  const original = target[name]!;
  target[name] = function (this: unknown, ...args: unknown[]) {
    const started = performance.now();
    const result = original.apply(this, args) as Promise<unknown>;
    return result.finally(() => onDone(started, performance.now(), args));
  };
}

const event = (i: number): AuditEventInput => ({
  kind: 'access.decision',
  correlationId: `req-${i}`,
  actor: { agent: 'spiffe://cluster.local/ns/agents/sa/coder', sourceAddress: '10.0.0.7' },
  target: { destination: 'fhir.clinical.svc:8080', method: 'GET', path: `/Patient/${i % 1000}` },
  decision: { action: 'allow', enforced: 'allow', ruleId: 'rule-7', reason: 'matched', dryRun: false },
});

/** The disk alone: 2,000 O_DSYNC writes of 600 bytes into a zero-filled file, one a millisecond, on the main thread (no pool, no loop). */
async function diskAlone(dir: string): Promise<number[]> {
  const file = path.join(dir, 'disk-probe');
  writeFileSync(file, Buffer.alloc(2000 * 600));
  const fd = openSync(file, constants.O_WRONLY | constants.O_DSYNC);
  const times: number[] = [];
  const record = Buffer.alloc(600, 120);
  try {
    for (let i = 0; i < 2000; i++) {
      const started = performance.now();
      writeSync(fd, record, 0, record.length, i * 600);
      times.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 1));
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  return times;
}

function line(label: string, values: number[]): string {
  const sorted = Float64Array.from(values).sort();
  const f = (p: number): string => (percentile(sorted, p) * 1000).toFixed(0);
  return `  ${label.padEnd(44)} n=${String(values.length).padStart(6)} p50=${f(0.5).padStart(6)}µs p90=${f(0.9).padStart(6)}µs p99=${f(0.99).padStart(6)}µs max=${f(1).padStart(6)}µs`;
}

export async function runDurableBreakdown(args: readonly string[] = process.argv.slice(2)): Promise<void> {
  const arg = (name: string, fallback: number): number => Number(args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
  const rate = arg('rate', 1000);
  const seconds = arg('seconds', 10);
  const dir = mkdtempSync(path.join(process.env.WARDGATE_BENCH_DIR ?? tmpdir(), 'wardgate-breakdown-'));
  const probeFile = path.join(dir, 'probe');
  writeFileSync(probeFile, '');
  const disk = await diskAlone(dir);
  const kafka = await openBenchAuditTopic();

  let measuring = false;
  const appendAt: number[] = [];
  const commits: Array<{ started: number; ended: number; records: number; firstAppend: number }> = [];
  const reads: number[] = [];
  const sends: number[] = [];
  const offsetCommits: number[] = [];
  let appended = 0;
  let committedRecords = 0;
  // Appends and commits both go in chain order: a commit of n records covers the next n appends.
  const walProto = WriteAheadLog.prototype as unknown as Record<string, Fn>;
  const append = walProto.append!;
  walProto.append = function (this: unknown, ...a: unknown[]) {
    appendAt[appended++] = performance.now();
    return append.apply(this, a);
  };
  wrapAsync(WriteAheadLog.prototype, 'writeBatch', (started, ended, a) => {
    const records = (a[0] as unknown[]).length;
    commits.push({ started, ended, records, firstAppend: committedRecords });
    committedRecords += records;
  });
  wrapAsync(WriteAheadLog.prototype, 'read', (s, e) => measuring && reads.push(e - s));
  wrapAsync(WriteAheadLog.prototype, 'commit', (s, e) => measuring && offsetCommits.push(e - s));
  wrapAsync(KafkaAuditSink.prototype, 'send', (s, e) => measuring && sends.push(e - s));

  const input = kafka.auditConfig(path.join(dir, 'spool'), 'durable');
  // Variants to tell the shipper's share apart: --linger-ms=5000 --batch=10000 ships rarely, --gzip=0 without compression.
  const kafkaInput = input.kafka as Record<string, unknown>;
  if (args.some((x) => x.startsWith('--linger-ms='))) kafkaInput.lingerMs = arg('linger-ms', 20);
  if (args.some((x) => x.startsWith('--batch='))) kafkaInput.batchSize = arg('batch', 500);
  if (arg('gzip', 1) === 0) kafkaInput.compression = 'none';
  const config = compileAuditConfig(input);
  const sink = await createAuditSink(config, { logger: createSilentLogger(), clock: new SystemClock(), chainId: 'bench-breakdown' });
  try {
    for (let i = 0; i < 2000; i++) await sink.emit(event(i)).durable;
    await sink.flush();
    const skipAppends = appended;
    const skipCommits = commits.length;
    measuring = true;
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const poolRoundTrips: number[] = [];
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const s = performance.now();
        await stat(probeFile);
        poolRoundTrips.push(performance.now() - s);
        await new Promise((r) => setTimeout(r, 3));
      }
    })();
    const n = rate * seconds;
    const emitAt = new Float64Array(n);
    const settledAt = new Float64Array(n);
    const inflight: Promise<unknown>[] = [];
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else if (i % 16 === 0) await new Promise((r) => setImmediate(r));
      emitAt[i] = performance.now();
      // As the recorder emits in durable mode.
      const receipt = sink.emit(event(i), { awaited: true });
      inflight.push(receipt.durable.then(() => void (settledAt[i] = performance.now())));
    }
    await Promise.all(inflight);
    probing = false;
    await probe;
    loop.disable();

    // Match events to appends: chain order, with checkpoints in between (appends without an emit).
    const byAppend = new Map<number, number>();
    for (let k = skipCommits; k < commits.length; k++) {
      const c = commits[k]!;
      for (let r = 0; r < c.records; r++) byAppend.set(c.firstAppend + r, k);
    }
    const emitToAppend: number[] = [];
    const appendToCommit: number[] = [];
    const commitTime: number[] = [];
    const commitToSettle: number[] = [];
    const total: number[] = [];
    let a = skipAppends;
    for (let i = 0; i < n; i++) {
      // The first append at or after the emit whose commit ended before the settle: the event's own.
      while (a < appended && appendAt[a]! < emitAt[i]!) a++;
      let k = byAppend.get(a);
      while (k !== undefined && commits[k]!.ended > settledAt[i]! + 1e-6 && a + 1 < appended) k = byAppend.get(++a);
      if (k === undefined) continue;
      const c = commits[k]!;
      emitToAppend.push(appendAt[a]! - emitAt[i]!);
      appendToCommit.push(c.started - appendAt[a]!);
      commitTime.push(c.ended - c.started);
      commitToSettle.push(settledAt[i]! - c.ended);
      total.push(settledAt[i]! - emitAt[i]!);
      a++;
    }
    const commitAll = commits.slice(skipCommits).map((c) => c.ended - c.started);
    console.log(`durable audit breakdown at ${rate} events/s for ${seconds} s (WAL + Kafka sink, load ${(await import('node:os')).loadavg()[0]!.toFixed(2)}):`);
    console.log(line('emit → append (sealing turn)', emitToAppend));
    console.log(line('append → its group commit starts', appendToCommit));
    console.log(line('its group commit (write O_DSYNC, pool queue)', commitTime));
    console.log(line('commit end → receipt settles', commitToSettle));
    console.log(line('emit → receipt settles', total));
    console.log(line('all group commits', commitAll));
    console.log(line('the disk alone (O_DSYNC write, main thread)', disk));
    console.log(`  records per group commit: mean ${(commits.slice(skipCommits).reduce((s, c) => s + c.records, 0) / Math.max(1, commits.length - skipCommits)).toFixed(2)}`);
    console.log(line('shipper: log.read', reads));
    console.log(line('shipper: send (encode, gzip, produce, ack)', sends));
    console.log(line('shipper: offset commit (write + rename)', offsetCommits));
    console.log(line('libuv pool: stat round trip', poolRoundTrips));
    console.log(`  event loop delay: p50=${(loop.percentile(50) / 1000).toFixed(0)}µs p99=${(loop.percentile(99) / 1000).toFixed(0)}µs max=${(loop.max / 1000).toFixed(0)}µs`);
  } finally {
    await sink.close();
    await kafka.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runDurableBreakdown();
}
