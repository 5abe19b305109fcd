import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InMemoryApprovalService } from '../src/approvals/in-memory-approval-service.js';
import { createAuditChain } from '../src/audit/audit-chain.js';
import { SinkAuditRecorder } from '../src/audit/audit-recorder.js';
import type { AuditSink } from '../src/audit/audit-sink.js';
import { createCommandHasher } from '../src/audit/command-hasher.js';
import { createHmacSigner } from '../src/audit/audit-signer.js';
import { JsonlFileAuditSink } from '../src/audit/jsonl-file-audit-sink.js';
import { PolicyAuthorizer } from '../src/authz/policy-authorizer.js';
import { SystemClock } from '../src/clock/clock.js';
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
async function paced(label: string, authorizer: PolicyAuthorizer): Promise<Float64Array> {
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
  return samples;
}

/** As many decisions as SUSTAINED_CONCURRENCY callers get through: events/s the audit path sustains. */
async function sustained(label: string, authorizer: PolicyAuthorizer): Promise<void> {
  let done = 0;
  const until = performance.now() + SUSTAINED_MS;
  await Promise.all(Array.from({ length: SUSTAINED_CONCURRENCY }, async (_, worker) => {
    for (let i = worker; performance.now() < until; i += SUSTAINED_CONCURRENCY) {
      await decide(authorizer, i);
      done++;
    }
  }));
  console.log(`sustained decisions with their audit events (${label}, ${SUSTAINED_CONCURRENCY} in flight): ${Math.round(done / (SUSTAINED_MS / 1000))} events/s`);
}

async function fileSink(dir: string, name: string): Promise<{ sink: JsonlFileAuditSink; syncs: number[] }> {
  const clock = new SystemClock();
  const syncs: number[] = [];
  const sink = await JsonlFileAuditSink.create({
    chain: createAuditChain({ chainId: `bench-${name}`, signer: createHmacSigner('bench', Buffer.alloc(32, 1)), clock }),
    clock,
    path: path.join(dir, `${name}.jsonl`),
    queueMaxEvents: 1_000_000,
    checkpointEveryEvents: 100,
    checkpointEveryMs: 10_000,
    logger: createSilentLogger(),
    onCommit: (_records, seconds) => syncs.push(seconds * 1000),
  });
  return { sink, syncs };
}

/**
 * Decision latency of the ext_authz Check handler in-process: CheckRequest -> AccessRequest ->
 * identity -> classification -> 50-rule policy -> audit -> CheckResponse. Closed loop with a
 * no-op sink and with the chained JSONL sink (queued); then paced at 1,000 Check/s and at full
 * concurrency, queued against durable (the answer waits for the fdatasync of its event), so the
 * difference is what durability costs. The audit file lives in $TMPDIR (WARDGATE_BENCH_DIR to
 * put it on the disk Wardgate would use).
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
  try {
    const queued = await fileSink(dir, 'queued');
    await closedLoop('chained JSONL audit, queued', createAuthorizer(queued.sink, 'queued'));
    const p99 = new Map<Durability, number>();
    for (const durability of ['queued', 'durable'] as const) {
      const { sink, syncs } = await fileSink(dir, `paced-${durability}`);
      const authorizer = createAuthorizer(sink, durability);
      for (let i = 0; i < 2000; i++) await decide(authorizer, i);
      syncs.length = 0;
      const samples = await paced(`chained JSONL audit, ${durability}`, authorizer);
      p99.set(durability, percentile(samples, 0.99));
      const sorted = Float64Array.from(syncs).sort();
      if (durability === 'durable') console.log(`  group commits: ${sorted.length}, write+fdatasync p50=${(percentile(sorted, 0.5) * 1000).toFixed(0)}µs p99=${(percentile(sorted, 0.99) * 1000).toFixed(0)}µs`);
      await sustained(`chained JSONL audit, ${durability}`, authorizer);
      await sink.close();
    }
    const added = (p99.get('durable')! - p99.get('queued')!) * 1000;
    console.log(`durable mode adds ${added.toFixed(0)}µs at p99 at ${PACED_RATE} Check/s (target ≤ 1000µs)`);
    await queued.sink.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runDecisionBench();
}
