import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TracedAuditRecorder } from '../audit/traced-audit-recorder.js';
import type { AuthzOutcome } from '../authz/authz-outcome.js';
import { SystemClock } from '../clock/clock.js';
import { loadWardgateConfig } from '../config/wardgate-config.js';
import { createAuthorizationHandlers } from '../envoy/authorization-service.js';
import { ExtProcStream, EXT_AUTHZ_NAMESPACE } from '../envoy/ext-proc-stream.js';
import { CONFIGURED_PROCESSING_MODE } from '../envoy/external-processor-service.js';
import type { CheckRequest__Output } from '../envoy/generated/envoy/service/auth/v3/CheckRequest.js';
import type { CheckResponse } from '../envoy/generated/envoy/service/auth/v3/CheckResponse.js';
import type { ProcessingRequest__Output } from '../envoy/generated/envoy/service/ext_proc/v3/ProcessingRequest.js';
import type { ProcessingResponse } from '../envoy/generated/envoy/service/ext_proc/v3/ProcessingResponse.js';
import { createIdentityResolver } from '../identity/identity-resolver.js';
import { createSilentLogger } from '../logging/logger.js';
import { createMaskingEngine, type MaskingEngine } from '../masking/masking-engine.js';
import { createWardgateMetrics } from '../metrics/wardgate-metrics.js';
import type { PolicyWatcher } from '../policy/policy-watcher.js';
import { commandHasher, createApprovals, createAuthorizer, createExchangeHandlers, createGrantStore, openAudit, watchPolicy, type StartContext } from '../server/start-steps.js';
import type { AuditRecorder } from '../audit/audit-recorder.js';
import type { ChainedAuditSink } from '../audit/create-audit-sink.js';
import type { GrantStore } from '../grants/grant-store.js';
import type { ApprovalService } from '../approvals/approval-service.js';
import { OtelRequestTracer } from './otel-request-tracer.js';
import { categoryCountAttributes, checkSpanAttributes } from './span-attributes.js';

describe('categoryCountAttributes', () => {
  it('keeps Safe Harbor categories only', () => {
    expect(categoryCountAttributes({ ssn: 2, name: 1, 'Jane Testperson': 3 })).toEqual({ 'wardgate.masking.category.ssn': 2, 'wardgate.masking.category.name': 1 });
  });
});

describe('checkSpanAttributes', () => {
  it('records the decision, rule and profile of an outcome, and the status of a deny', () => {
    const metadata = { decisionId: 'd', correlationId: 'c', ruleId: 'reads-masked', action: 'allow' as const, maskingProfile: 'strict', maskRequestBody: false, user: 'alice' };
    expect(checkSpanAttributes({ kind: 'allow', upstreamHeaders: {}, removeUpstreamHeaders: [], metadata })).toEqual({
      'wardgate.enforced': 'allow', 'wardgate.decision': 'allow', 'wardgate.rule_id': 'reads-masked', 'wardgate.masking.profile': 'strict',
    });
    const held: AuthzOutcome = { kind: 'deny', status: 403, body: { status: 'held' }, headers: {}, metadata: { ...metadata, action: 'hold' } };
    expect(checkSpanAttributes(held)).toMatchObject({ 'wardgate.enforced': 'hold', 'wardgate.decision': 'hold', 'http.response.status_code': 403 });
  });
});

/** proto-loader's input form of a Struct -> the decoded form Envoy's messages arrive in (with `kind`). */
function decodedStruct(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodedStruct);
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, decodedStruct(v)] as const);
  const out: Record<string, unknown> = Object.fromEntries(entries);
  const kind = ['stringValue', 'numberValue', 'boolValue', 'structValue', 'listValue', 'nullValue'].find((k) => k in out);
  if (kind) out.kind = kind;
  return out;
}

/** Keeps every exported span (the SDK's in-memory exporter forgets them at shutdown). */
class CollectingExporter implements SpanExporter {
  readonly spans: ReadableSpan[] = [];
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.spans.push(...spans);
    done({ code: ExportResultCode.SUCCESS });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

class FakeStream extends EventEmitter {
  readonly written: ProcessingResponse[] = [];
  metadata = new grpc.Metadata();
  write(message: ProcessingResponse): boolean {
    this.written.push(message);
    return true;
  }
  end(): void {}
}

const GIVEN = ['Jane', 'Marisol', 'Oluwaseun', 'Ingrid', 'Tobias'];
const FAMILY = ['Testperson', 'Okonkwo-Vance', 'Haverbrook', 'Lindqvist', 'Marchetti'];

describe('span attributes hold no PHI (property)', () => {
  let dir: string;
  let ctx: StartContext;
  let masking: MaskingEngine;
  let audit: ChainedAuditSink;
  let recorder: AuditRecorder;
  let grants: GrantStore;
  let approvals: ApprovalService;
  let policy: PolicyWatcher;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wardgate-span-phi-'));
    const config = loadWardgateConfig({ env: {}, raw: { audit: { file: { path: path.join(dir, 'audit.jsonl') } } } });
    const clock = new SystemClock();
    ctx = { config, logger: createSilentLogger(), clock, metrics: createWardgateMetrics() };
    masking = createMaskingEngine({ profiles: [...config.masking.profiles], tokenKey: randomBytes(32), clock, maxStreamRecordChars: config.extproc.maxLine });
    ({ audit, recorder } = await openAudit(ctx));
    grants = createGrantStore(ctx, undefined);
    approvals = createApprovals(ctx, { grants, recorder, redis: undefined, maskComment: (t) => masking.maskText(t, 'strict').output });
    policy = await watchPolicy(ctx, { recorder, masking });
  });

  afterAll(async () => {
    policy.close();
    await approvals.close();
    await audit.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a request and response full of planted PHI leave none of it in any span name, attribute or status', async () => {
    const phi = fc.record({
      given: fc.constantFrom(...GIVEN),
      family: fc.constantFrom(...FAMILY),
      ssn: fc.tuple(fc.integer({ min: 100, max: 899 }), fc.integer({ min: 10, max: 99 }), fc.integer({ min: 1000, max: 9999 })).map(([a, b, c]) => `${a}-${b}-${c}`),
      mrn: fc.integer({ min: 10_000_000, max: 99_999_999 }).map((n) => `MRN${n}`),
      method: fc.constantFrom('GET', 'POST'),
      traceId: fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b).toString('hex')).filter((h) => !/^0+$/.test(h)),
    });
    await fc.assert(
      fc.asyncProperty(phi, async ({ given, family, ssn, mrn, method, traceId }) => {
        const name = `${given} ${family}`;
        const email = `${given}.${family}@example.org`.toLowerCase();
        const exporter = new CollectingExporter();
        const tracer = new OtelRequestTracer({
          serviceName: 'wardgate', sampleRatio: 1, maxQueueSize: 100, maxExportBatchSize: 10, scheduledDelayMs: 5, exportTimeoutMs: 1000, exporter, onDropped: () => undefined,
        });
        const recordedTraceIds: Array<[string, string | undefined]> = [];
        const capturing: AuditRecorder = { record: (event, stakes) => (recordedTraceIds.push([event.kind, event.traceId]), recorder.record(event, stakes)) };
        const traced = new TracedAuditRecorder(capturing, tracer, 'file');
        const authorizer = createAuthorizer(ctx, { identity: createIdentityResolver({ verifier: undefined, tokenHeader: 'authorization', trustEnvoyJwtAuthn: false, groupsClaim: 'groups' }), policy, grants, approvals, recorder: traced, masking, hashCommand: commandHasher(ctx, randomBytes(32)), recordProfile: 'strict' });
        const handlers = createAuthorizationHandlers({ authorizer, logger: ctx.logger, clock: ctx.clock, jwtAuthnPayloadKey: 'jwt_payload', track: (w) => w, tracer });

        const headers: Record<string, string> = {
          ':path': `/fhir/Patient/${ssn}/${encodeURIComponent(name)}?name=${encodeURIComponent(name)}&mrn=${mrn}`,
          'x-request-id': `${name} ${ssn}`,
          'user-agent': `agent for ${email}`,
          traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
          'x-b3-traceid': ssn,
          'content-type': 'application/sql',
        };
        const sql = `SELECT * FROM patients WHERE name = '${name}' AND ssn = '${ssn}' AND email = '${email}'`;
        const check = {
          attributes: {
            source: { principal: 'spiffe://cluster.local/ns/agents/sa/coding-agent', address: null },
            destination: { principal: '', address: null },
            request: { time: null, http: { id: '1', method, headers, header_map: null, path: headers[':path'], host: 'fhir.local', scheme: 'http', query: '', fragment: '', size: '0', protocol: 'HTTP/1.1', body: method === 'POST' ? sql : '', raw_body: Buffer.alloc(0) } },
            context_extensions: {}, metadata_context: null, tls_session: null, route_metadata_context: null,
          },
        } as unknown as CheckRequest__Output;
        const call = Object.assign(new EventEmitter(), { request: check, metadata: new grpc.Metadata() });
        const response = await new Promise<CheckResponse>((resolve, reject) => {
          handlers.Check(call as unknown as grpc.ServerUnaryCall<CheckRequest__Output, CheckResponse>, (err, value) => (value ? resolve(value) : reject(new Error(`no reply: ${err?.details ?? "none"}`))));
        });

        // The ext_proc stream of the same exchange, with the Check's metadata as Envoy forwards it.
        const stream = new FakeStream();
        const metadataContext = { filter_metadata: { [EXT_AUTHZ_NAMESPACE]: decodedStruct(response.dynamic_metadata) } };
        new ExtProcStream(stream as unknown as grpc.ServerDuplexStream<ProcessingRequest__Output, ProcessingResponse>, createExchangeHandlers(ctx, { masking, recorder: traced }).create(), ctx.logger, CONFIGURED_PROCESSING_MODE, { tracer });
        const header = (list: Record<string, string>, end: boolean) => ({ headers: { headers: Object.entries(list).map(([key, value]) => ({ key, value, raw_value: Buffer.alloc(0) })) }, end_of_stream: end });
        const body = JSON.stringify({ resourceType: 'Patient', name: [{ text: name, family, given: [given] }], identifier: [{ system: 'http://hl7.org/fhir/sid/us-ssn', value: ssn }, { value: mrn }], telecom: [{ system: 'email', value: email }] });
        const send = (m: Record<string, unknown>) => {
          const kind = Object.keys(m)[0];
          stream.emit('data', { metadata_context: metadataContext, attributes: {}, observability_mode: false, request: kind, ...m } as unknown as ProcessingRequest__Output);
        };
        send({ request_headers: header(headers, true) });
        send({ response_headers: header({ ':status': '200', 'content-type': 'application/fhir+json', 'content-length': String(body.length) }, false) });
        send({ response_body: { body: Buffer.from(body), end_of_stream: true } });
        await new Promise((resolve) => setTimeout(resolve, 20));
        stream.emit('end');
        await new Promise((resolve) => setTimeout(resolve, 20));
        await tracer.shutdown();

        const spans = exporter.spans;
        const names = spans.map((s) => s.name);
        expect(names).toContain('wardgate.check');
        expect(names).toContain('wardgate.audit.append');
        const checkSpan = spans.find((s) => s.name === 'wardgate.check');
        // The trace continues the planted traceparent; the B3 header beside it is ignored.
        expect(checkSpan?.spanContext().traceId).toBe(traceId);
        expect(checkSpan?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
        // The audit events of the exchange carry the trace id, for correlation.
        expect(recordedTraceIds.filter(([kind]) => kind === 'access.decision')).toEqual([['access.decision', traceId]]);
        if (method === 'GET') {
          expect(recordedTraceIds.filter(([kind]) => kind === 'access.session')).toEqual([['access.session', traceId]]);
          const processSpan = spans.find((s) => s.name === 'wardgate.process');
          expect(processSpan?.attributes['wardgate.masking.total']).toBeGreaterThan(0);
        }
        const recorded = JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, status: s.status, events: s.events, resource: s.resource.attributes })));
        for (const value of [name, given, family, email, ssn, ssn.replace(/-/g, ''), mrn, sql, encodeURIComponent(name)]) {
          expect(recorded.toLowerCase()).not.toContain(value.toLowerCase());
        }
      }),
      { numRuns: 20 },
    );
  }, 60_000);
});
