import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InMemoryApprovalService } from '../src/approvals/in-memory-approval-service.js';
import { SinkAuditRecorder } from '../src/audit/audit-recorder.js';
import type { AuditSink } from '../src/audit/audit-sink.js';
import { createCommandHasher } from '../src/audit/command-hasher.js';
import { createAuditSink, type ChainedAuditSink } from '../src/audit/create-audit-sink.js';
import { PolicyAuthorizer } from '../src/authz/policy-authorizer.js';
import { SystemClock } from '../src/clock/clock.js';
import { compileAuditConfig } from '../src/config/audit-config.js';
import { commandOrThrow, createCommandClassifier } from '../src/command/classify-command.js';
import { toAccessRequest } from '../src/envoy/check-request.js';
import { toCheckResponse } from '../src/envoy/check-response.js';
import type { CheckRequest__Output } from '../src/envoy/generated/envoy/service/auth/v3/CheckRequest.js';
import { InMemoryGrantStore } from '../src/grants/in-memory-grant-store.js';
import { createIdentityResolver } from '../src/identity/identity-resolver.js';
import { createSilentLogger } from '../src/logging/logger.js';
import { createMaskingEngine } from '../src/masking/masking-engine.js';
import { createWardgateMetrics } from '../src/metrics/wardgate-metrics.js';
import { generateBenchPolicy } from '../src/policy/policy-bench.js';
import { openBenchAuditTopic, ratio, type BenchAuditTopic } from './bench-audit-kafka.js';
import { percentile } from './percentile.js';

const EVALUATIONS = 100_000;
/** The paced run: Check requests at this rate, as Envoy would send them. */
const PACED_RATE = 1000;
const PACED_SECONDS = 10;
const SUSTAINED_CONCURRENCY = 256;
const SUSTAINED_MS = 4000;

function check(i: number): CheckRequest__Output {
  const paths = ['/Patient/123', '/Observation?patient=123', '/sql/7', '/Encounter/9/$everything', '/admin/x'];
  return {
    attributes: {
      source: { principal: 'spiffe://cluster.local/ns/agents/sa/coder', address: { socket_address: { address: '10.0.0.7', port_value: 5555 } } },
      destination: { principal: '', address: null },
      request: {
        time: null,
        http: {
          id: `req-${i}`, method: i % 7 === 0 ? 'POST' : 'GET', headers: { 'content-type': 'application/json' }, header_map: null,
          path: paths[i % paths.length], host: `fhir-${i % 50}.clinical.svc:8080`, scheme: 'http', query: '', fragment: '', size: '0', protocol: 'HTTP/1.1',
          body: i % 7 === 0 ? JSON.stringify({ query: 'SELECT id, name FROM t7 WHERE id = 1' }) : '', raw_body: Buffer.alloc(0),
        },
      },
      context_extensions: {}, metadata_context: null, tls_session: null, route_metadata_context: null,
    },
  } as unknown as CheckRequest__Output;
}

type Durability = 'durable' | 'queued';

function createAuthorizer(audit: AuditSink, durability: Durability): PolicyAuthorizer {
  const clock = new SystemClock();
  const logger = createSilentLogger();
  const grants = new InMemoryGrantStore({ clock });
  const policy = generateBenchPolicy(50);
  const masking = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 7) });
  const classifier = createCommandClassifier({ maxBodyBytes: 65536 });
  const recorder = new SinkAuditRecorder({ sink: audit, durability, failClosed: true, logger, onRefused: () => undefined });
  return new PolicyAuthorizer({
    identity: createIdentityResolver({}),
    policy: { evaluate: (input) => policy.evaluate(input, { trace: false }) },
    classify: (r) => commandOrThrow(classifier.classify(r)),
    grants,
    approvals: new InMemoryApprovalService({ grants, audit: recorder, clock, logger, sweepIntervalMs: 0 }),
    audit: recorder,
    masking,
    hashCommand: createCommandHasher(Buffer.alloc(32, 9)),
    clock,
    logger,
    metrics: createWardgateMetrics(),
    settings: { recordProfile: 'strict', passthroughProfile: 'none', grantStoreFailure: 'closed' },
  });
}

const requests = Array.from({ length: 1000 }, (_, i) => check(i));
const signal = { signal: () => new AbortController().signal };
async function decide(authorizer: PolicyAuthorizer, i: number): Promise<void> {
  toCheckResponse(await authorizer.authorize(toAccessRequest(requests[i % 1000]!, { jwtAuthnPayloadKey: 'jwt_payload', now: Date.now() }), signal));
}
const us = (samples: Float64Array, p: number): string => (percentile(samples, p) * 1000).toFixed(1);

/** Back to back, one at a time: the handler's own cost. */
async function closedLoop(label: string, authorizer: PolicyAuthorizer): Promise<void> {
  for (let i = 0; i < 5000; i++) await decide(authorizer, i);
  const samples = new Float64Array(EVALUATIONS);
  for (let i = 0; i < EVALUATIONS; i++) {
    const started = performance.now();
    await decide(authorizer, i);
    samples[i] = performance.now() - started;
    // Let the audit sink's timers and writes run, as they would between requests.
    if (i % 500 === 0) await new Promise((r) => setImmediate(r));
  }
  samples.sort();
  console.log(`decision (Check handler, in-process, 50-rule policy, ${label}): n=${EVALUATIONS} p50=${us(samples, 0.5)}µs p99=${us(samples, 0.99)}µs p99.9=${us(samples, 0.999)}µs`);
}

/** Check requests arriving at PACED_RATE per second (open loop): each one's latency, answer included. */
async function paced(label: string, authorizer: PolicyAuthorizer): Promise<{ p50: number; p99: number }> {
  const n = PACED_RATE * PACED_SECONDS;
  const samples = new Float64Array(n);
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const due = started + (i * 1000) / PACED_RATE;
    const wait = due - performance.now();
    // Sleep whenever ahead of schedule (at 1 ms intervals `wait > 1` was never true: one burst);
    // behind, still let answers and the sink's writes in now and then.
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    else if (i % 16 === 0) await new Promise((r) => setImmediate(r));
    const t0 = performance.now();
    inflight.push(decide(authorizer, i).then(() => void (samples[i] = performance.now() - t0)));
  }
  await Promise.all(inflight);
  samples.sort();
  console.log(`decision at ${PACED_RATE} Check/s for ${PACED_SECONDS} s (${label}): p50=${us(samples, 0.5)}µs p99=${us(samples, 0.99)}µs p99.9=${us(samples, 0.999)}µs max=${us(samples, 1)}µs`);
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
}

/** As many decisions as SUSTAINED_CONCURRENCY callers get through: events/s the audit path sustains. */
async function sustained(label: string, authorizer: PolicyAuthorizer): Promise<number> {
  let done = 0;
  const until = performance.now() + SUSTAINED_MS;
  await Promise.all(Array.from({ length: SUSTAINED_CONCURRENCY }, async (_, worker) => {
    for (let i = worker; performance.now() < until; i += SUSTAINED_CONCURRENCY) {
      await decide(authorizer, i);
      done++;
    }
  }));
  const perSecond = Math.round(done / (SUSTAINED_MS / 1000));
  console.log(`sustained decisions with their audit events (${label}, ${SUSTAINED_CONCURRENCY} in flight): ${perSecond} events/s`);
  return perSecond;
}

/** The sink the server builds for `audit.sink: kafka`: the local write-ahead log, shipped to Kafka. */
async function walSink(kafka: BenchAuditTopic, dir: string, name: string, durability: Durability): Promise<{ sink: ChainedAuditSink; syncs: number[] }> {
  const syncs: number[] = [];
  const config = compileAuditConfig(kafka.auditConfig(path.join(dir, `${name}-spool`), durability));
  const sink = await createAuditSink(config, {
    logger: createSilentLogger(),
    clock: new SystemClock(),
    chainId: `bench-${name}`,
    onCommit: (_records, seconds) => syncs.push(seconds * 1000),
  });
  return { sink, syncs };
}

/**
 * Decision latency of the ext_authz Check handler in-process: CheckRequest -> AccessRequest ->
 * identity -> classification -> 50-rule policy -> audit -> CheckResponse. Closed loop with a
 * no-op sink and with the server's Kafka sink (write-ahead log + shipper, queued); then paced at
 * 1,000 Check/s and at full concurrency, queued (the baseline) against durable (the answer waits
 * for the O_DSYNC write of its event), so the ratios are what durability costs. The spool lives
 * in $TMPDIR (WARDGATE_BENCH_DIR to put it on the disk Wardgate would use); the shipper produces
 * to the test stack's Kafka (bench-audit-kafka.ts).
 */
export async function runDecisionBench(): Promise<void> {
  const noop: AuditSink = {
    emit: () => ({ refused: undefined, durable: Promise.resolve(undefined) }),
    health: () => ({ ready: true, pending: 0 }),
    flush: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  await closedLoop('no-op audit', createAuthorizer(noop, 'queued'));
  const dir = mkdtempSync(path.join(process.env.WARDGATE_BENCH_DIR ?? tmpdir(), 'wardgate-bench-'));
  const kafka = await openBenchAuditTopic();
  console.log(`audit sink: the server's Kafka sink (write-ahead log in ${dir}, shipped to Kafka ${kafka.brokers.join(',')} topic ${kafka.topic})`);
  try {
    let emitted = 0;
    const queued = await walSink(kafka, dir, 'closed-queued', 'queued');
    await closedLoop('WAL + Kafka audit, queued', createAuthorizer(queued.sink, 'queued'));
    emitted += 5000 + EVALUATIONS;
    await queued.sink.close();
    const results = new Map<Durability, { p50: number; p99: number; perSecond: number }>();
    for (const durability of ['queued', 'durable'] as const) {
      const { sink, syncs } = await walSink(kafka, dir, `paced-${durability}`, durability);
      const authorizer = createAuthorizer(sink, durability);
      for (let i = 0; i < 2000; i++) await decide(authorizer, i);
      syncs.length = 0;
      const latency = await paced(`WAL + Kafka audit, ${durability}`, authorizer);
      const sorted = Float64Array.from(syncs).sort();
      console.log(`  group commits: ${sorted.length}, write (O_DSYNC) p50=${(percentile(sorted, 0.5) * 1000).toFixed(0)}µs p99=${(percentile(sorted, 0.99) * 1000).toFixed(0)}µs`);
      const perSecond = await sustained(`WAL + Kafka audit, ${durability}`, authorizer);
      results.set(durability, { ...latency, perSecond });
      emitted += 2000 + PACED_RATE * PACED_SECONDS + Math.round((perSecond * SUSTAINED_MS) / 1000);
      await sink.close();
    }
    const base = results.get('queued')!;
    const durable = results.get('durable')!;
    console.log(
      `durable vs queued baseline (same run, WAL + Kafka sink): paced p50 ${(durable.p50 * 1000).toFixed(1)}µs (${ratio(durable.p50, base.p50)}), ` +
        `p99 ${(durable.p99 * 1000).toFixed(1)}µs (${ratio(durable.p99, base.p99)}), sustained ${durable.perSecond} events/s (${ratio(durable.perSecond, base.perSecond)}); ` +
        `durable adds ${((durable.p99 - base.p99) * 1000).toFixed(0)}µs at p99 at ${PACED_RATE} Check/s (target ≤ 1000µs)`,
    );
    // What the shippers got to Kafka before their close deadline; the rest stayed in the spools (deleted with them).
    console.log(`shipped to Kafka: ${await kafka.shipped()} records (events and checkpoints) of about ${emitted} events decided`);
  } finally {
    await kafka.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runDecisionBench();
}
