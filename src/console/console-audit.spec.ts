import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { createSilentLogger } from '../logging/logger.js';
import { RecordingAuditSink } from '../../test/support/recording-fakes.js';
import { ConsoleAudit } from './console-audit.js';
import { createConsoleRouter } from './console-router.js';
import { ConsoleSessions, storeKeyOf } from './console-sessions.js';
import { InMemorySessionStore } from './in-memory-session-store.js';
import { StaticAssets } from './static-assets.js';

const withCookie = (value: string): IncomingMessage => ({ headers: { cookie: `__Host-wardgate-console=${value}` } }) as unknown as IncomingMessage;
const alice = { subject: 'alice', groups: ['approvers'] };

function setup() {
  const clock = new ManualClock(Date.UTC(2026, 11, 3));
  const store = new InMemorySessionStore(clock);
  const sink = new RecordingAuditSink();
  const audit = new ConsoleAudit(sink, Buffer.alloc(32, 9));
  const sessions = new ConsoleSessions({ store, clock, idleTimeoutMs: 60_000, absoluteTimeoutMs: 300_000, audit });
  const actions = (): unknown[] => sink.events.filter((e) => e.kind === 'console.session').map((e) => e.details?.action);
  return { clock, store, sink, audit, sessions, actions };
}

describe('console.session events', () => {
  it('signed_in and signed_out carry the actor as the admin API does, and a keyed session reference only', async () => {
    const { sink, sessions, actions } = setup();
    const { cookieValue, session } = await sessions.start(alice);
    await sessions.end(withCookie(cookieValue), session);
    // A second sign-out of the same session (another tab, a replay) is not recorded twice.
    await sessions.end(withCookie(cookieValue), session);
    expect(actions()).toEqual(['signed_in', 'signed_out']);
    const [inEvent, outEvent] = sink.events;
    expect(inEvent?.actor).toEqual({ user: 'alice', groups: ['approvers'] });
    expect(inEvent?.details).toMatchObject({ source: 'console', session: expect.stringMatching(/^h:[0-9a-f]{32}$/) });
    expect(outEvent?.details?.session).toBe(inEvent?.details?.session);
    const text = JSON.stringify(sink.events);
    for (const secret of [cookieValue, storeKeyOf(cookieValue), session.csrfToken]) expect(text).not.toContain(secret);
  });

  it('expired_idle when the next lookup finds an idle session, once', async () => {
    const { clock, sessions, actions } = setup();
    const { cookieValue } = await sessions.start(alice);
    clock.advance(61_000);
    expect(await sessions.find(withCookie(cookieValue))).toBeUndefined();
    expect(await sessions.find(withCookie(cookieValue))).toBeUndefined();
    expect(actions()).toEqual(['signed_in', 'expired_idle']);
  });

  it('the sweep records expired_idle and expired_absolute with nobody calling back', async () => {
    const { clock, store, sink, sessions, actions } = setup();
    const idle = await sessions.start({ subject: 'idle-user', groups: ['auditors'] });
    const busy = await sessions.start({ subject: 'busy-user', groups: ['approvers'] });
    expect(await sessions.sweep()).toBe(0);
    // busy-user keeps working until the absolute timeout; idle-user never comes back.
    for (let t = 0; t < 280_000; t += 20_000) {
      clock.advance(20_000);
      expect(await sessions.find(withCookie(busy.cookieValue))).toBeDefined();
    }
    clock.advance(21_000);
    expect(await sessions.sweep()).toBe(2);
    expect(await sessions.sweep()).toBe(0);
    expect(actions()).toEqual(['signed_in', 'signed_in', 'expired_idle', 'expired_absolute']);
    expect(sink.events.slice(2).map((e) => e.actor?.user)).toEqual(['idle-user', 'busy-user']);
    expect(await store.get(storeKeyOf(idle.cookieValue))).toBeUndefined();
  });

  it('the store keeps an expired session until the sweep has recorded it (past the absolute timeout)', async () => {
    const { clock, sessions, actions } = setup();
    await sessions.start(alice);
    clock.advance(300_000 + 5 * 60_000);
    expect(await sessions.sweep()).toBe(1);
    expect(actions()).toEqual(['signed_in', 'expired_idle']);
  });

  it('a sign-in the audit log refuses does not happen', async () => {
    const { sink, store, sessions } = setup();
    sink.refuseWith = new WardgateError(ErrorCode.Unavailable, 'audit log full');
    await expect(sessions.start(alice)).rejects.toThrow('audit log full');
    expect(await store.due(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
  });
});

describe('refused sign-ins (over HTTP, the real router)', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  async function startRouter(redeem: () => Promise<{ subject: string; groups: string[] }>) {
    const s = setup();
    const router = createConsoleRouter({
      sessions: s.sessions,
      audit: s.audit,
      oidc: { authorizationUrl: () => Promise.resolve('https://idp.invalid/authorize'), redeem },
      assets: new StaticAssets(),
      groups: { approverGroups: ['approvers'], auditorGroups: ['auditors'], adminGroups: ['admins'] },
      origin: 'http://127.0.0.1',
      absoluteTimeoutMs: 300_000,
      idleTimeoutMs: 60_000,
      pollIntervalMs: 1000,
      logger: createSilentLogger(),
    });
    server = createServer((req, res) => void router.handle(req, res));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const begin = async (): Promise<{ loginCookie: string; state: string }> => {
      const { loginId, login } = await s.sessions.beginLogin();
      return { loginCookie: `__Host-wardgate-console-login=${loginId}`, state: login.state };
    };
    const callback = (query: string, cookie?: string) => fetch(`${base}/console/callback?${query}`, cookie ? { headers: { cookie } } : {});
    return { ...s, begin, callback };
  }

  it.each([
    ['a state that does not match', async (r: Awaited<ReturnType<typeof startRouter>>) => r.callback('code=c&state=forged', (await r.begin()).loginCookie), 'state_mismatch'],
    ['no sign-in under way', (r: Awaited<ReturnType<typeof startRouter>>) => r.callback('code=c&state=s'), 'login_expired'],
    ['the identity provider refused', async (r: Awaited<ReturnType<typeof startRouter>>) => {
      const b = await r.begin();
      return r.callback(`error=access_denied&state=${b.state}`, b.loginCookie);
    }, 'idp_error'],
    ['the token endpoint refused the code (a PKCE verifier that does not match)', async (r: Awaited<ReturnType<typeof startRouter>>) => {
      const b = await r.begin();
      return r.callback(`code=c&state=${b.state}`, b.loginCookie);
    }, 'token_refused'],
  ])('records refused for %s, with no actor and no session', async (_name, run, reason) => {
    const r = await startRouter(() => Promise.reject(new WardgateError(ErrorCode.Unauthenticated, 'OIDC token endpoint answered HTTP 400 (invalid_grant)')));
    const response = await run(r);
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(r.sink.events).toEqual([{ kind: 'console.session', details: { action: 'refused', source: 'console', reason } }]);
  });

  it('records nothing as refused when the identity provider cannot be reached', async () => {
    const r = await startRouter(() => Promise.reject(new WardgateError(ErrorCode.Unavailable, 'OIDC token endpoint unreachable')));
    const b = await r.begin();
    expect((await r.callback(`code=c&state=${b.state}`, b.loginCookie)).status).toBe(503);
    expect(r.sink.events).toEqual([]);
  });

  it('refuses a user in no console group, records refused with who they are, and starts no session', async () => {
    const r = await startRouter(() => Promise.resolve({ subject: 'dave', groups: ['staff'] }));
    const b = await r.begin();
    const response = await r.callback(`code=c&state=${b.state}`, b.loginCookie);
    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(r.sink.events).toEqual([{ kind: 'console.session', actor: { user: 'dave', groups: ['staff'] }, details: { action: 'refused', source: 'console', reason: 'no_console_group' } }]);
    expect(await r.store.due(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
  });

  it('records signed_in for a good callback', async () => {
    const r = await startRouter(() => Promise.resolve({ subject: 'alice', groups: ['approvers'] }));
    const b = await r.begin();
    expect((await r.callback(`code=c&state=${b.state}`, b.loginCookie)).status).toBe(200);
    expect(r.actions()).toEqual(['signed_in']);
  });
});
