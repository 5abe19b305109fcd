import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvoyFront, stopEnvoyFront } from '../support/envoy-front.js';
import type { EnvoyProcess } from '../support/envoy-process.js';
import { UpstreamServer } from '../support/upstream-server.js';
import { TestWardgate } from '../support/wardgate-instance.js';

// A response that needs no masking must cost no body round trip: Wardgate's reply to the
// response headers switches the body off (mode_override) and ends the stream. Counted with
// Envoy's own ext_proc counters, so the test fails if Envoy sends the body anyway.
describe('ext_proc processing modes per route', () => {
  const upstream = new UpstreamServer();
  const wardgate = new TestWardgate({
    policy: {
      version: 1,
      defaults: { action: 'allow', maskingProfile: 'strict' },
      rules: [{ id: 'phi-free', match: { paths: ['/metadata'] }, action: 'allow', maskingProfile: 'none' }],
    },
  });
  let envoy: EnvoyProcess;
  const body = JSON.stringify({ resourceType: 'Patient', id: 'p1', name: [{ family: 'Okonkwo', given: ['Marguerite'] }], telecom: [{ system: 'phone', value: '(218) 555-0143' }] });

  beforeAll(async () => {
    for (const route of ['/metadata', '/Patient/p1']) {
      upstream.route(route, (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/fhir+json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      });
    }
    envoy = await startEnvoyFront(wardgate, upstream);
  });

  afterAll(() => stopEnvoyFront(envoy, wardgate, upstream));

  async function messagesPerRequest(path: string, requests: number): Promise<{ sent: number; text: string }> {
    const before = (await envoy.stats()).get('http.ingress.ext_proc.stream_msgs_sent') ?? 0;
    let text = '';
    for (let i = 0; i < requests; i++) {
      const res = await fetch(envoy.url(path));
      text = await res.text();
      expect(res.status).toBe(200);
    }
    const after = (await envoy.stats()).get('http.ingress.ext_proc.stream_msgs_sent') ?? 0;
    return { sent: (after - before) / requests, text };
  }

  it('sends the body of a masked route, and only the headers of a maskingProfile none route', async () => {
    const masked = await messagesPerRequest('/Patient/p1', 5);
    expect(masked.text).not.toContain('Okonkwo');
    expect(masked.sent).toBe(3); // request headers, response headers, response body
    const passed = await messagesPerRequest('/metadata', 5);
    expect(passed.text).toBe(body);
    expect(passed.sent).toBe(2); // request headers, response headers: no body round trip
  }, 60_000);
});
