import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startEnvoyFront, stopEnvoyFront } from '../support/envoy-front.js';
import type { EnvoyProcess } from '../support/envoy-process.js';
import { UpstreamServer } from '../support/upstream-server.js';
import { TestWardgate } from '../support/wardgate-instance.js';

// Issue #2: Wardgate behind a real Envoy, in front of a real upstream.
const policy = {
  version: 1,
  defaults: { action: 'deny', status: 403, message: 'no rule allows this request', maskingProfile: 'strict' },
  rules: [
    { id: 'no-admin', match: { paths: ['/admin/**'] }, action: 'deny', deny: { status: 403, message: 'administrative endpoints are closed to agents' } },
    { id: 'public-metadata', match: { paths: ['/metadata'] }, action: 'allow', maskingProfile: 'none' },
    { id: 'reads', match: { methods: ['GET'] }, action: 'allow', maskingProfile: 'strict' },
  ],
};

const patient = {
  resourceType: 'Patient',
  id: 'p1',
  name: [{ family: 'Lovelace', given: ['Ada'] }],
  birthDate: '1815-12-10',
  gender: 'female',
};

describe('Wardgate behind a real Envoy', () => {
  const upstream = new UpstreamServer();
  const wardgate = new TestWardgate({ policy });
  let envoy: EnvoyProcess;

  beforeAll(async () => {
    upstream
      .route('/metadata', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ resourceType: 'CapabilityStatement', status: 'active', fhirVersion: '4.0.1' }));
      })
      .route('/Observation/o1', (_req, res) => {
        const body = JSON.stringify({ resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] }, valueQuantity: { value: 72, unit: 'beats/minute' } });
        res.writeHead(200, { 'content-type': 'application/fhir+json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      })
      .route('/Patient/p1', (_req, res) => {
        const body = JSON.stringify(patient);
        res.writeHead(200, { 'content-type': 'application/fhir+json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      })
      .route('/Patient/p1/chunked', (_req, res) => {
        const body = JSON.stringify(patient);
        res.writeHead(200, { 'content-type': 'application/fhir+json' });
        res.write(body.slice(0, 20));
        setTimeout(() => res.end(body.slice(20)), 20);
      })
      .route('/admin/users', (_req, res) => {
        res.writeHead(200);
        res.end('should never be reached');
      });
    envoy = await startEnvoyFront(wardgate, upstream);
  });

  afterAll(() => stopEnvoyFront(envoy, wardgate, upstream));

  it('an allowed GET on a PHI-free route returns the upstream body unchanged', async () => {
    const res = await fetch(envoy.url('/metadata'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ resourceType: 'CapabilityStatement', status: 'active', fhirVersion: '4.0.1' });
  });

  it('a masked route without PHI keeps every clinical value', async () => {
    const res = await fetch(envoy.url('/Observation/o1'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'final', valueQuantity: { value: 72, unit: 'beats/minute' } });
  });

  it('a denied request gets 403 with a JSON body naming the reason, and never reaches the upstream', async () => {
    const before = upstream.received.length;
    const res = await fetch(envoy.url('/admin/users'));
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toMatchObject({ status: 'denied', rule: 'no-admin', message: 'administrative endpoints are closed to agents' });
    expect(upstream.received.slice(before).some((r) => r.url.startsWith('/admin'))).toBe(false);
  });

  it.each([
    ['buffered with content-length', '/Patient/p1'],
    ['chunked', '/Patient/p1/chunked'],
  ])('ext_proc rewrites a %s response into a well-formed body of the right length', async (_name, path) => {
    const res = await fetch(envoy.url(path));
    expect(res.status).toBe(200);
    const raw = Buffer.from(await res.arrayBuffer());
    const length = res.headers.get('content-length');
    if (length !== null) expect(Number(length)).toBe(raw.length);
    else expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const text = raw.toString('utf8');
    expect(text).not.toContain('Lovelace');
    expect(text).not.toContain('1815-12-10');
    const body = JSON.parse(text) as typeof patient;
    expect(body).toMatchObject({ resourceType: 'Patient', gender: 'female' });
    expect(body.name[0]?.family).not.toBe('Lovelace');
  });

  it('records a decision and a session event per request, correlated', async () => {
    await fetch(envoy.url('/Patient/p1'));
    const events = await wardgate.auditEvents();
    const decision = events.filter((e) => e.kind === 'access.decision').at(-1);
    expect(decision).toBeDefined();
    const session = events.find((e) => e.kind === 'access.session' && e.correlationId === decision?.correlationId);
    expect(session).toBeDefined();
    expect(JSON.stringify(events)).not.toContain('Lovelace');
  });

  it('exports request counts and latency histograms per service and decision, and reports ready', async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${wardgate.httpPort}/metrics`)).text();
    expect(metrics).toMatch(/wardgate_requests_total\{service="authz",decision="allow"\} [1-9]/);
    expect(metrics).toMatch(/wardgate_requests_total\{service="authz",decision="deny"\} [1-9]/);
    expect(metrics).toMatch(/wardgate_requests_total\{service="extproc",decision="masked"\} [1-9]/);
    expect(metrics).toMatch(/wardgate_request_duration_seconds_bucket\{service="authz",decision="allow",le="0.005"\} \d+/);
    expect(metrics).not.toContain('Lovelace');
    const ready = await fetch(`http://127.0.0.1:${wardgate.httpPort}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('a client cannot forge the decision id or the masking profile with headers', async () => {
    const res = await fetch(envoy.url('/Patient/p1'), { headers: { 'x-wardgate-decision-id': 'forged', 'x-wardgate-masking-profile': 'none' } });
    expect(await res.text()).not.toContain('Lovelace');
    const seen = upstream.received.at(-1);
    expect(seen?.headers['x-wardgate-decision-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('hot-reloads the policy file; a broken new policy is rejected and the old one stays', async () => {
    const deny = { ...policy, rules: [{ id: 'closed-for-maintenance', match: { paths: ['/metadata'] }, action: 'deny', deny: { status: 403, message: 'maintenance' } }, ...policy.rules] };
    writeFileSync(wardgate.policyFile, stringify(deny));
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < deadline && status !== 403) {
      status = (await fetch(envoy.url('/metadata'))).status;
      if (status !== 403) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(403);
    writeFileSync(wardgate.policyFile, 'version: 1\nrules:\n  - id: broken\n    action: allow-ish\n');
    const rejectedBy = Date.now() + 15_000;
    let rejected = false;
    while (Date.now() < rejectedBy && !rejected) {
      rejected = (await wardgate.auditEvents()).some((e) => e.kind === 'policy.rejected');
      if (!rejected) await new Promise((r) => setTimeout(r, 200));
    }
    expect(rejected).toBe(true);
    expect((await fetch(envoy.url('/metadata'))).status).toBe(403);
    writeFileSync(wardgate.policyFile, stringify(policy));
  });

  it('with Wardgate stopped, Envoy fails closed: an error status and never the upstream body', async () => {
    await wardgate.stop();
    const res = await fetch(envoy.url('/Patient/p1'));
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(await res.text()).not.toContain('Lovelace');
  });
});
