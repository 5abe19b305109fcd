import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InMemoryApprovalService } from '../src/approvals/in-memory-approval-service.js';
import { createAuditChain } from '../src/audit/audit-chain.js';
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

async function measure(label: string, audit: AuditSink): Promise<void> {
  const clock = new SystemClock();
  const logger = createSilentLogger();
  const grants = new InMemoryGrantStore({ clock });
  const policy = generateBenchPolicy(50);
  const masking = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 7) });
  const classifier = createCommandClassifier({ maxBodyBytes: 65536 });
  const authorizer = new PolicyAuthorizer({
    identity: createIdentityResolver({}),
    policy: { evaluate: (input) => policy.evaluate(input, { trace: false }) },
    classify: (r) => commandOrThrow(classifier.classify(r)),
    grants,
    approvals: new InMemoryApprovalService({ grants, audit, clock, logger, sweepIntervalMs: 0 }),
    audit,
    masking,
    hashCommand: createCommandHasher(Buffer.alloc(32, 9)),
    clock,
    logger,
    metrics: createWardgateMetrics(),
    settings: { recordProfile: 'strict', passthroughProfile: 'none', grantStoreFailure: 'closed', auditFailure: 'closed' },
  });
  const signal = new AbortController().signal;
  const requests = Array.from({ length: 1000 }, (_, i) => check(i));
  for (let i = 0; i < 5000; i++) toCheckResponse(await authorizer.authorize(toAccessRequest(requests[i % 1000]!, { jwtAuthnPayloadKey: 'jwt_payload', now: Date.now() }), signal));
  const samples = new Float64Array(EVALUATIONS);
  for (let i = 0; i < EVALUATIONS; i++) {
    const started = performance.now();
    const request = toAccessRequest(requests[i % 1000]!, { jwtAuthnPayloadKey: 'jwt_payload', now: Date.now() });
    toCheckResponse(await authorizer.authorize(request, signal));
    samples[i] = performance.now() - started;
    // Let the audit sink's timers and writes run, as they would between requests.
    if (i % 500 === 0) await new Promise((r) => setImmediate(r));
  }
  samples.sort();
  console.log(
    `decision (Check handler, in-process, 50-rule policy, ${label}): n=${EVALUATIONS} p50=${(percentile(samples, 0.5) * 1000).toFixed(1)}µs p99=${(percentile(samples, 0.99) * 1000).toFixed(1)}µs p99.9=${(percentile(samples, 0.999) * 1000).toFixed(1)}µs`,
  );
}

/**
 * Decision latency of the ext_authz Check handler in-process: CheckRequest -> AccessRequest ->
 * identity -> classification -> 50-rule policy -> audit emit -> CheckResponse, over 100k
 * evaluations, once with a no-op audit sink and once with the real chained JSONL sink, so the
 * difference is what audit adds on the request path.
 */
export async function runDecisionBench(): Promise<void> {
  const noop: AuditSink = { emit: () => undefined, health: () => ({ ready: true, pending: 0 }), flush: () => Promise.resolve(), close: () => Promise.resolve() };
  await measure('no-op audit', noop);
  const dir = mkdtempSync(path.join(tmpdir(), 'wardgate-bench-'));
  const clock = new SystemClock();
  const sink = await JsonlFileAuditSink.create({
    chain: createAuditChain({ chainId: 'bench', signer: createHmacSigner('bench', Buffer.alloc(32, 1)), clock }),
    clock,
    path: path.join(dir, 'audit.jsonl'),
    fsync: 'batch',
    queueMaxEvents: 1_000_000,
    checkpointEveryEvents: 100,
    checkpointEveryMs: 10_000,
    failClosed: true,
    logger: createSilentLogger(),
  });
  try {
    await measure('chained JSONL audit', sink);
  } finally {
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runDecisionBench();
}
