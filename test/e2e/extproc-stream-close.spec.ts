import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvoyFront, stopEnvoyFront } from '../support/envoy-front.js';
import type { EnvoyProcess } from '../support/envoy-process.js';
import { UpstreamServer } from '../support/upstream-server.js';
import { TestWardgate } from '../support/wardgate-instance.js';

// Regression: Envoy used to end every ext_proc stream with RST_STREAM; after ~1000 of them
// Node's HTTP/2 rapid-reset guard sent GOAWAY and a check failed with 503. With the runtime
// values of envoy/runtime.yaml (graceful close) and Wardgate closing finished streams itself,
// thousands of exchanges on one connection go through without a reset.
describe('ext_proc streams close cleanly', () => {
  const upstream = new UpstreamServer();
  const wardgate = new TestWardgate({ policy: { version: 1, defaults: { action: 'allow', maskingProfile: 'strict' }, rules: [] } });
  let envoy: EnvoyProcess;

  beforeAll(async () => {
    const body = JSON.stringify({ resourceType: 'Observation', status: 'final', valueQuantity: { value: 72, unit: 'beats/minute' } });
    upstream.route('/Observation/o1', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/fhir+json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    envoy = await startEnvoyFront(wardgate, upstream);
  });

  afterAll(() => stopEnvoyFront(envoy, wardgate, upstream));

  it('1500 sequential requests: no failure, no stream reset, no GOAWAY', async () => {
    const statuses = new Map<number, number>();
    for (let i = 0; i < 1500; i++) {
      const res = await fetch(envoy.url('/Observation/o1'));
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 200: 1500 });
    const stats = await envoy.stats();
    expect(stats.get('http.ingress.ext_proc.streams_started')).toBe(1500);
    expect(stats.get('cluster.wardgate.http2.tx_reset') ?? 0).toBe(0);
    expect(stats.get('cluster.wardgate.upstream_cx_close_notify') ?? 0).toBe(0);
  }, 120_000);
});
