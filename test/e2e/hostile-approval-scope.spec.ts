import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRedisConfig } from '../../src/config/redis-config.js';
import { createRedisClient, waitForRedisReady, type RedisClient } from '../../src/grants/redis-client.js';
import { AdminApi } from '../support/admin-api.js';
import { AuthzCheckClient, type HandBuiltRequest } from '../support/authz-check-client.js';
import { TestIssuer } from '../support/jwt-issuer.js';
import { deleteKeysWithPrefix } from '../support/redis-harness.js';
import { stackEnv } from '../support/stack-env.js';
import { TestWardgate } from '../support/wardgate-instance.js';

// Issue 13, class 1: an approval never grants more than the held request, whatever its path
// holds (glob characters, encodings, slashes) and however the retry is spelled.
const hold = { approverGroups: ['phi-approvers'], approvalsRequired: 1, approvalValidity: '5m', pendingTtl: '5m', mode: 'respond', waitTimeout: '1s' };
const policy = {
  version: 1,
  defaults: { action: 'deny', status: 403, message: 'no rule allows this request', maskingProfile: 'strict' },
  rules: [
    { id: 'sign-in-first', match: { authenticated: false }, action: 'deny', deny: { status: 401, message: 'sign in' } },
    { id: 'writes-held', match: { methods: ['POST', 'PUT', 'DELETE'], paths: ['/api/**', '/API/**'] }, action: 'hold', hold },
  ],
};

const HOST = 'records.internal:8443';
type Json = Record<string, unknown>;

for (const store of ['memory', 'redis'] as const) {
  describe(`hostile agent vs approval scope (${store} store)`, () => {
    const issuer = new TestIssuer();
    const keyPrefix = `wghostile:${randomUUID()}:`;
    let redis: RedisClient | undefined;
    let wardgate: TestWardgate;
    let authz: AuthzCheckClient;
    let approver: AdminApi;
    let admin: AdminApi;
    let agentToken: string;
    let otherToken: string;

    beforeAll(async () => {
      await issuer.start();
      const config: Json = {
        identity: { issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri, audiences: [issuer.audience] }] },
        admin: { adminGroups: ['wardgate-admins'] },
      };
      if (store === 'redis') {
        const url = stackEnv('WARDGATE_TEST_REDIS_URL');
        redis = createRedisClient(compileRedisConfig({ mode: 'single', url }));
        await waitForRedisReady(redis, 5000);
        config.redis = { url, keyPrefix };
      }
      wardgate = await new TestWardgate({ policy, config }).start();
      authz = new AuthzCheckClient(wardgate.grpcPort);
      const base = `http://127.0.0.1:${wardgate.httpPort}`;
      approver = new AdminApi(base, await issuer.token({ sub: 'bob', groups: ['phi-approvers'] }));
      admin = new AdminApi(base, await issuer.token({ sub: 'dana', groups: ['wardgate-admins'] }));
      agentToken = await issuer.token({ sub: 'alice', groups: ['clinicians'] });
      otherToken = await issuer.token({ sub: 'mallory', groups: ['clinicians'] });
    });

    afterAll(async () => {
      authz?.close();
      await wardgate?.cleanup();
      if (redis) {
        await deleteKeysWithPrefix(redis, keyPrefix);
        await redis.quit();
      }
      await issuer.stop();
    });

    const send = (request: Partial<HandBuiltRequest> & Pick<HandBuiltRequest, 'path'>, token = agentToken) =>
      authz.check({ method: 'POST', host: HOST, body: '{"note":"x"}', ...request, headers: { authorization: `Bearer ${token}`, ...request.headers } });

    /** Holds the request, approves it (one-time or for 30 minutes) and returns the approval view. */
    const holdAndApprove = async (request: Partial<HandBuiltRequest> & Pick<HandBuiltRequest, 'path'>, grantFor?: string): Promise<Json> => {
      const held = await send(request);
      expect(held.code).not.toBe(0);
      expect(held.body?.status).toBe('held');
      const id = held.body!.approvalId as string;
      const view = await approver.request('GET', `/v1/approvals/${id}`);
      const approved = await approver.approve(id, 'this one request', grantFor);
      expect(approved.status).toBe(200);
      return view.body.approval as Json;
    };

    // (`?` cannot be in a path: it starts the query, which the command hash binds.)
    it.each(['/api/**', '/api/*', '/api/[a-z]', '/api/{a,b}', '/api/a*', '/api/a%2A'])(
      'a held path %s is a literal: the time-boxed grant covers it and nothing it would match as a glob',
      async (heldPath) => {
        const view = await holdAndApprove({ path: heldPath }, '30m');
        // The approval view shows exactly the scope approving creates.
        expect(view.grantScope).toMatchObject({ match: 'exact', destinations: [HOST], methods: ['POST'], paths: [heldPath] });
        for (const wider of ['/api/a', '/api/b', '/api/x', '/api/users/1', '/api/a/b', '/api/ab']) {
          expect((await send({ path: wider })).code, wider).not.toBe(0);
        }
        expect((await send({ path: heldPath })).code).toBe(0);
        expect((await send({ path: heldPath })).code).toBe(0);
      },
    );

    let approvedNotes: Promise<Json> | undefined;
    it.each([
      ['trailing slash', { path: '/api/notes/7/' }],
      ['doubled slash', { path: '/api//notes/7' }],
      ['dot segment', { path: '/api/./notes/7' }],
      ['dot-dot segment', { path: '/api/notes/8/../7' }],
      ['percent-encoded letter', { path: '/api/notes/%37' }],
      ['encoded slash', { path: '/api%2Fnotes/7' }],
      ['path case', { path: '/API/notes/7' }],
      ['another query string', { path: '/api/notes/7?all=true' }],
      ['another port', { path: '/api/notes/7', host: 'records.internal:9443' }],
      ['no port', { path: '/api/notes/7', host: 'records.internal' }],
      ['another host', { path: '/api/notes/7', host: 'records.internal.evil:8443' }],
      ['another method', { path: '/api/notes/7', method: 'DELETE' }],
    ] as Array<[string, Partial<HandBuiltRequest> & { path: string }]>)('a retry spelled differently (%s) is not covered', async (_name, variant) => {
      approvedNotes ??= holdAndApprove({ path: '/api/notes/7' }, '30m');
      await approvedNotes;
      expect((await send(variant)).code).not.toBe(0);
      expect((await send({ path: '/api/notes/7', host: 'RECORDS.Internal:8443' })).code).toBe(0);
    });

    it('a one-time approval opens the exact request once: no replay, no other body, no other user', async () => {
      const path = `/api/once/${randomUUID()}`;
      await holdAndApprove({ path, body: '{"n":1}' });
      expect((await send({ path, body: '{"n":2}' })).code).not.toBe(0);
      expect((await send({ path, body: '{"n":1}' }, otherToken)).code).not.toBe(0);
      expect((await send({ path, body: '{"n":1}' })).code).toBe(0);
      expect((await send({ path, body: '{"n":1}' })).code).not.toBe(0);
    });

    it('a wider grant is only issued explicitly by an admin, and is audited apart from approval grants', async () => {
      await holdAndApprove({ path: `/api/audited/${randomUUID()}` });
      const issued = await admin.request('POST', '/v1/grants', {
        subject: { user: 'alice' },
        scope: { destinations: ['records.internal'], methods: ['POST'], paths: ['/api/wide/**'] },
        reason: 'migration window',
        ttl: '10m',
      });
      expect(issued.status).toBe(201);
      expect((await send({ path: '/api/wide/a/b' })).code).toBe(0);
      const grantEvents = (await wardgate.auditEvents()).filter((e) => e.kind === 'grant.issued') as Array<{ details?: Json; approval?: Json }>;
      expect(grantEvents.filter((e) => e.approval).every((e) => e.details?.source === 'approval' && e.details.grantScope === 'exact')).toBe(true);
      expect(grantEvents.filter((e) => e.details?.source === 'admin-api')).toEqual([expect.objectContaining({ details: { source: 'admin-api', grantScope: 'glob' } })]);
    });
  });
}
