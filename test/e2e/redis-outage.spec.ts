import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRedisConfig } from '../../src/config/redis-config.js';
import { createRedisClient, waitForRedisReady } from '../../src/grants/redis-client.js';
import { AdminApi } from '../support/admin-api.js';
import { EnvoyProcess, buildBootstrap } from '../support/envoy-process.js';
import { TestIssuer } from '../support/jwt-issuer.js';
import { deleteKeysWithPrefix } from '../support/redis-harness.js';
import { stack } from '../support/stack-control.js';
import { stackEnv } from '../support/stack-env.js';
import { UpstreamServer } from '../support/upstream-server.js';
import { TestWardgate } from '../support/wardgate-instance.js';

// Issue: the shared Redis goes away under a running Wardgate: grant-backed decisions fail closed,
// readiness says why, plain allow rules keep working, and everything heals once Redis is back.
const policy = {
  version: 1,
  defaults: { action: 'deny', status: 403, message: 'no rule allows this request', maskingProfile: 'strict' },
  rules: [
    { id: 'sign-in-first', match: { authenticated: false }, action: 'deny', deny: { status: 401, message: 'a signed-in user is required' } },
    { id: 'records-need-grant', match: { methods: ['GET'], paths: ['/Record/**'] }, action: 'require_grant' },
    {
      id: 'creates-respond',
      match: { methods: ['POST'], paths: ['/Patient'] },
      action: 'hold',
      hold: { mode: 'respond', approverGroups: ['phi-approvers'], approvalsRequired: 1, approvalValidity: '5m', pendingTtl: '5m', waitTimeout: '1s' },
    },
    { id: 'clinician-reads', match: { methods: ['GET'], groups: ['clinicians'] }, action: 'allow' },
  ],
};

const grantBody = { subject: { user: 'alice' }, scope: { methods: ['GET'], paths: ['/Record/**'] }, reason: 'INC-7: outage drill', ttl: '10m' };

describe('Redis outage under a running Wardgate, through a real Envoy', () => {
  const issuer = new TestIssuer();
  const upstream = new UpstreamServer();
  const keyPrefix = `wge2e:${randomUUID()}:`;
  let wardgate: TestWardgate;
  let envoy: EnvoyProcess;
  let admin: AdminApi;
  let alice: string;
  let redisStopped = false;

  const ok = (_req: unknown, res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true }));
  };

  beforeAll(async () => {
    await issuer.start();
    upstream.route('/Record/r1', ok).route('/Patient/p1', ok).route('/Patient', ok);
    await upstream.start();
    wardgate = new TestWardgate({
      policy,
      config: {
        // Fast probes: a dead Redis must show in /readyz well within the test's patience.
        server: { readinessTimeout: '1s' },
        redis: { url: stackEnv('WARDGATE_TEST_REDIS_URL'), keyPrefix },
        identity: { issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri, audiences: [issuer.audience] }] },
        admin: { adminGroups: ['wardgate-admins'] },
      },
    });
    await wardgate.start();
    envoy = await new EnvoyProcess(buildBootstrap({ wardgateGrpcPort: wardgate.grpcPort, upstreamPort: upstream.port })).start();
    alice = await issuer.token({ sub: 'alice', groups: ['clinicians'] });
    admin = new AdminApi(`http://127.0.0.1:${wardgate.httpPort}`, await issuer.token({ sub: 'dana', groups: ['wardgate-admins'] }));
  });

  afterAll(async () => {
    // Never leave the shared Redis down for the tests that follow, whatever happened above.
    if (redisStopped) await stack('redis-start');
    await envoy?.stop();
    await wardgate?.cleanup();
    const redis = createRedisClient(compileRedisConfig({ mode: 'single', url: stackEnv('WARDGATE_TEST_REDIS_URL') }));
    try {
      await waitForRedisReady(redis, 10_000);
      await deleteKeysWithPrefix(redis, keyPrefix);
    } finally {
      redis.disconnect();
    }
    await upstream.stop();
    await issuer.stop();
  });

  const call = (method: string, path: string, body?: string): Promise<Response> =>
    fetch(envoy.url(path), {
      method,
      headers: { authorization: `Bearer ${alice}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body,
    });

  const readyz = async (): Promise<{ status: number; body: { status?: string; failing?: string[] } }> => {
    const res = await fetch(`http://127.0.0.1:${wardgate.httpPort}/readyz`);
    return { status: res.status, body: (await res.json()) as { status?: string; failing?: string[] } };
  };

  it('fails closed on grant-backed rules while Redis is down, keeps allow rules working, and heals by itself', async () => {
    expect((await readyz()).status).toBe(200);
    expect((await admin.request('POST', '/v1/grants', grantBody)).status).toBe(201);
    expect((await call('GET', '/Record/r1')).status).toBe(200);

    redisStopped = true;
    try {
      await stack('redis-stop');

      // A grant-backed rule and a hold both need Redis: 503 naming the store, never the upstream.
      const before = upstream.received.length;
      for (const [method, path, body] of [
        ['GET', '/Record/r1', undefined],
        ['POST', '/Patient', '{"resourceType":"Patient"}'],
      ] as const) {
        const started = Date.now();
        const res = await call(method, path, body);
        expect({ method, status: res.status }).toEqual({ method, status: 503 });
        expect(res.headers.get('content-type')).toMatch(/application\/json/);
        expect(await res.json()).toMatchObject({ status: 'denied', reason: 'grant_store_unavailable' });
        // Fails fast: no offline queue, bounded command timeout.
        expect(Date.now() - started).toBeLessThan(3000);
      }
      expect(upstream.received.length).toBe(before);

      const ready = await readyz();
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'not_ready' });
      expect(ready.body.failing).toEqual(expect.arrayContaining(['grants', 'approvals']));
      expect(ready.body.failing).not.toContain('audit');

      // Rules that need neither grants nor approvals are unaffected.
      const read = await call('GET', '/Patient/p1');
      expect(read.status).toBe(200);
      expect(upstream.received.at(-1)?.url).toBe('/Patient/p1');

      // The admin API says the store is unavailable instead of hanging or erring.
      const refused = await admin.request('POST', '/v1/grants', grantBody);
      expect(refused).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    } finally {
      await stack('redis-start');
      redisStopped = false;
    }

    // Recovers without a restart: readiness within a bounded wait.
    const deadline = Date.now() + 20_000;
    let ready = await readyz();
    while (ready.status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      ready = await readyz();
    }
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready', failing: [] } });

    // The restarted Redis is empty (no persistence): the store answers "no grant", not "unavailable".
    const noGrant = await call('GET', '/Record/r1');
    expect(noGrant.status).toBe(403);
    expect(await noGrant.json()).toMatchObject({ reason: 'grant_required' });
    expect((await admin.request('POST', '/v1/grants', grantBody)).status).toBe(201);
    expect((await call('GET', '/Record/r1')).status).toBe(200);
    // Approvals work again too.
    const held = await call('POST', '/Patient', '{"resourceType":"Patient"}');
    expect(held.status).toBe(403);
    expect(await held.json()).toMatchObject({ status: 'held' });
  });
});
