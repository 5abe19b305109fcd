import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBootstrap, EnvoyProcess } from '../support/envoy-process.js';
import { TestIssuer } from '../support/jwt-issuer.js';
import { ensureOtelCollector, OtelCollector, type CollectedSpan } from '../support/otel-collector.js';
import { stackEnv } from '../support/stack-env.js';
import { UpstreamServer } from '../support/upstream-server.js';
import { TestWardgate } from '../support/wardgate-instance.js';

// Issue #17: Wardgate's spans reach a real OpenTelemetry Collector, continuing the trace Envoy
// started (W3C traceparent from Envoy's own OpenTelemetry tracer) or the client's B3 headers.
const policy = {
  version: 1,
  defaults: { action: 'deny', status: 403, message: 'no rule allows this request', maskingProfile: 'strict' },
  rules: [{ id: 'reads', match: { methods: ['GET'] }, action: 'allow', maskingProfile: 'strict' }],
};

const patient = JSON.stringify({ resourceType: 'Patient', id: 'p1', name: [{ family: 'Lovelace', given: ['Ada'] }], birthDate: '1815-12-10' });

/** The e2e bootstrap with Envoy's OpenTelemetry tracer sending its spans to the collector over OTLP/gRPC. */
function tracedBootstrap(wardgateGrpcPort: number, upstreamPort: number, collectorGrpcPort: number): Record<string, unknown> {
  const bootstrap = buildBootstrap({ wardgateGrpcPort, upstreamPort }) as {
    layered_runtime: { layers: Array<{ static_layer: Record<string, unknown> }> };
    static_resources: { listeners: Array<{ filter_chains: Array<{ filters: Array<{ typed_config: Record<string, unknown> }> }> }>; clusters: unknown[] };
  };
  const hcm = bootstrap.static_resources.listeners[0]!.filter_chains[0]!.filters[0]!.typed_config;
  hcm.tracing = {
    random_sampling: { value: 100 },
    provider: {
      name: 'envoy.tracers.opentelemetry',
      typed_config: {
        '@type': 'type.googleapis.com/envoy.config.trace.v3.OpenTelemetryConfig',
        grpc_service: { envoy_grpc: { cluster_name: 'otel' }, timeout: '2s' },
        service_name: 'envoy-e2e',
      },
    },
  };
  // Envoy batches its spans (5 s, 5 spans by default); flush each one soon.
  Object.assign(bootstrap.layered_runtime.layers[0]!.static_layer, { 'tracing.opentelemetry.flush_interval_ms': 200, 'tracing.opentelemetry.min_flush_spans': 1 });
  bootstrap.static_resources.clusters.push({
    name: 'otel',
    type: 'STATIC',
    connect_timeout: '1s',
    typed_extension_protocol_options: {
      'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
        '@type': 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
        explicit_http_config: { http2_protocol_options: {} },
      },
    },
    load_assignment: { cluster_name: 'otel', endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: '127.0.0.1', port_value: collectorGrpcPort } } } }] }] },
  });
  return bootstrap;
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

describe('tracing through a real Envoy into a real OpenTelemetry Collector', () => {
  const upstream = new UpstreamServer();
  let collector: OtelCollector;
  let wardgate: TestWardgate;
  let tracedEnvoy: EnvoyProcess;
  let plainEnvoy: EnvoyProcess;
  // A second Wardgate with Redis grants and an OIDC issuer, behind an Envoy that does not trace.
  const issuer = new TestIssuer();
  let grantsWardgate: TestWardgate;
  let grantsEnvoy: EnvoyProcess;

  beforeAll(async () => {
    collector = await new OtelCollector(ensureOtelCollector()).start();
    upstream.route('/Patient/p1', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/fhir+json', 'content-length': Buffer.byteLength(patient) });
      res.end(patient);
    });
    await upstream.start();
    wardgate = await new TestWardgate({
      policy,
      config: { tracing: { enabled: true, endpoint: collector.httpTracesEndpoint, serviceName: 'wardgate-e2e', scheduledDelay: '100ms' } },
    }).start();
    tracedEnvoy = await new EnvoyProcess(tracedBootstrap(wardgate.grpcPort, upstream.port, collector.grpcPort)).start();
    plainEnvoy = await new EnvoyProcess(buildBootstrap({ wardgateGrpcPort: wardgate.grpcPort, upstreamPort: upstream.port })).start();
    await issuer.start();
    grantsWardgate = await new TestWardgate({
      policy: { ...policy, rules: [{ id: 'records-need-grant', match: { methods: ['GET'], paths: ['/Record/**'] }, action: 'require_grant' }] },
      config: {
        redis: { url: stackEnv('WARDGATE_TEST_REDIS_URL'), keyPrefix: `wg-tracing-${hex(4)}:` },
        identity: { issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri, audiences: [issuer.audience] }] },
        tracing: { enabled: true, endpoint: collector.httpTracesEndpoint, serviceName: 'wardgate-grants-e2e', scheduledDelay: '100ms' },
      },
    }).start();
    grantsEnvoy = await new EnvoyProcess(buildBootstrap({ wardgateGrpcPort: grantsWardgate.grpcPort, upstreamPort: upstream.port })).start();
  }, 900_000);

  afterAll(async () => {
    await tracedEnvoy?.stop();
    await plainEnvoy?.stop();
    await grantsEnvoy?.stop();
    await wardgate?.cleanup();
    await grantsWardgate?.cleanup();
    await issuer.stop();
    await upstream.stop();
    await collector?.stop();
  });

  it('a Check and its ext_proc stream are spans under Envoy\'s own spans, in the trace the client started', async () => {
    const traceId = hex(16);
    const clientSpanId = hex(8);
    const res = await fetch(tracedEnvoy.url('/Patient/p1'), { headers: { traceparent: `00-${traceId}-${clientSpanId}-01` } });
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain('Lovelace');

    const inTrace = (spans: CollectedSpan[]) => spans.filter((s) => s.traceId === traceId);
    const spans = inTrace(
      await collector.waitFor((all) => {
        const mine = inTrace(all);
        return ['wardgate.check', 'wardgate.process', 'wardgate.audit.append'].every((n) => mine.some((s) => s.name === n)) && mine.some((s) => s.service === 'envoy-e2e');
      }),
    );
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const check = spans.find((s) => s.name === 'wardgate.check')!;
    const processSpan = spans.find((s) => s.name === 'wardgate.process')!;
    expect(check.service).toBe('wardgate-e2e');

    // Wardgate's Check span is the child of Envoy's span for the ext_authz call, not of the client's.
    const checkParent = byId.get(check.parentSpanId);
    expect(checkParent?.service, JSON.stringify(spans)).toBe('envoy-e2e');
    expect(checkParent?.name).toContain('Authorization');
    // …and Envoy's spans lead back to the client's span.
    let root: CollectedSpan | undefined = checkParent;
    while (root && byId.has(root.parentSpanId)) root = byId.get(root.parentSpanId);
    expect(root?.parentSpanId).toBe(clientSpanId);

    const processParent = byId.get(processSpan.parentSpanId);
    expect(processParent?.service).toBe('envoy-e2e');

    expect(check.attributes).toMatchObject({ 'wardgate.decision': 'allow', 'wardgate.enforced': 'allow', 'wardgate.rule_id': 'reads', 'wardgate.masking.profile': 'strict' });
    expect(processSpan.attributes).toMatchObject({ 'wardgate.decision': 'masked', 'wardgate.rule_id': 'reads', 'http.response.status_code': 200 });
    expect(Number(processSpan.attributes['wardgate.masking.total'])).toBeGreaterThan(0);
    expect(processSpan.attributes['wardgate.masking.category.name']).toBeGreaterThan(0);
    // The decision's audit append is a child of the Check span.
    expect(spans.some((s) => s.name === 'wardgate.audit.append' && s.parentSpanId === check.spanId && s.attributes['wardgate.audit.kind'] === 'access.decision')).toBe(true);

    // The audit events of the request carry the trace id.
    const events = await wardgate.auditEvents();
    const decision = events.find((e) => e.kind === 'access.decision' && e.traceId === traceId);
    expect(decision).toBeDefined();
    expect(events.some((e) => e.kind === 'access.session' && e.traceId === traceId && e.correlationId === decision?.correlationId)).toBe(true);

    // No PHI of the response in any span.
    expect(JSON.stringify(spans)).not.toMatch(/Lovelace|Ada|1815/);
  });

  it('without Envoy tracing, the Check span continues the client\'s B3 headers', async () => {
    const traceId = hex(16);
    const spanId = hex(8);
    const res = await fetch(plainEnvoy.url('/Patient/p1'), { headers: { 'x-b3-traceid': traceId, 'x-b3-spanid': spanId, 'x-b3-sampled': '1' } });
    expect(res.status).toBe(200);
    const spans = await collector.waitFor((all) => all.some((s) => s.traceId === traceId && s.name === 'wardgate.check') && all.some((s) => s.traceId === traceId && s.name === 'wardgate.process'));
    const check = spans.find((s) => s.traceId === traceId && s.name === 'wardgate.check')!;
    expect(check.parentSpanId).toBe(spanId);
    expect(spans.find((s) => s.traceId === traceId && s.name === 'wardgate.process')?.parentSpanId).toBe(spanId);
  });

  it('a B3 single header whose sampling flag is 0 is followed: no span is exported, the audit event still links the trace', async () => {
    const traceId = hex(16);
    const res = await fetch(plainEnvoy.url('/Patient/p1'), { headers: { b3: `${traceId}-${hex(8)}-0` } });
    expect(res.status).toBe(200);
    const events = await wardgate.auditEvents();
    expect(events.some((e) => e.kind === 'access.decision' && e.traceId === traceId)).toBe(true);
    // Let a later request's spans arrive, so this one's would have too.
    const later = hex(16);
    await fetch(plainEnvoy.url('/Patient/p1'), { headers: { traceparent: `00-${later}-${hex(8)}-01` } });
    await collector.waitFor((all) => all.some((s) => s.traceId === later && s.name === 'wardgate.process'));
    expect(collector.spans().filter((s) => s.traceId === traceId)).toEqual([]);
  });

  it('the JWKS fetch and the Redis grant lookup of a Check are its child spans', async () => {
    const traceId = hex(16);
    const clientSpanId = hex(8);
    const token = await issuer.token({ sub: 'alice', groups: ['clinicians'] });
    const res = await fetch(grantsEnvoy.url('/Record/r1'), { headers: { traceparent: `00-${traceId}-${clientSpanId}-01`, authorization: `Bearer ${token}` } });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ reason: 'grant_required' });
    const spans = (await collector.waitFor((all) => ['wardgate.check', 'wardgate.jwks.fetch', 'wardgate.grants.redis'].every((n) => all.some((s) => s.traceId === traceId && s.name === n)))).filter((s) => s.traceId === traceId);
    const check = spans.find((s) => s.name === 'wardgate.check')!;
    expect(check.parentSpanId).toBe(clientSpanId);
    expect(check.attributes).toMatchObject({ 'wardgate.decision': 'deny', 'wardgate.enforced': 'deny', 'wardgate.rule_id': 'records-need-grant', 'http.response.status_code': 403 });
    const jwks = spans.find((s) => s.name === 'wardgate.jwks.fetch')!;
    expect(jwks).toMatchObject({ parentSpanId: check.spanId, attributes: { 'wardgate.jwks.issuer': 0, 'wardgate.outcome': 'ok' } });
    const redis = spans.find((s) => s.name === 'wardgate.grants.redis')!;
    expect(redis).toMatchObject({ parentSpanId: check.spanId, attributes: { 'wardgate.grants.operation': 'use_matching', 'wardgate.outcome': 'ok' } });
    // The JWKS health metrics saw the fetch.
    const metrics = await (await fetch(`http://127.0.0.1:${grantsWardgate.httpPort}/metrics`)).text();
    expect(metrics).toMatch(/wardgate_jwks_last_success_timestamp_seconds\{issuer="0"\} [1-9]\d+/);
    expect(metrics).toContain('wardgate_jwks_fetch_failures_total{issuer="0"} 0');
  });
});
