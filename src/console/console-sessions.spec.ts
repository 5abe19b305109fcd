import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { ConsoleSessions, storeKeyOf } from './console-sessions.js';
import { parseCookies, serializeCookie } from './cookies.js';
import { rolesFor, rolesOf } from './console-roles.js';
import { InMemorySessionStore } from './in-memory-session-store.js';

const withCookie = (value: string, headers: Record<string, string> = {}): IncomingMessage =>
  ({ headers: { cookie: `other=1; __Host-wardgate-console=${value}`, ...headers } }) as unknown as IncomingMessage;

function setup() {
  const clock = new ManualClock(Date.UTC(2026, 11, 3));
  const store = new InMemorySessionStore(clock);
  const sessions = new ConsoleSessions({ store, clock, idleTimeoutMs: 60_000, absoluteTimeoutMs: 300_000 });
  return { clock, store, sessions };
}

describe('ConsoleSessions', () => {
  it('finds a session by its cookie and keys the store by the hash only', async () => {
    const { store, sessions } = setup();
    const { cookieValue } = await sessions.start({ subject: 'alice', groups: ['approvers'] });
    expect(await store.get(cookieValue)).toBeUndefined();
    expect((await store.get(storeKeyOf(cookieValue)))?.user.subject).toBe('alice');
    expect((await sessions.find(withCookie(cookieValue)))?.user.subject).toBe('alice');
    expect(await sessions.find(withCookie('forged'))).toBeUndefined();
  });

  it('ends after the idle timeout; activity extends it, background calls do not', async () => {
    const { clock, sessions } = setup();
    const { cookieValue } = await sessions.start({ subject: 'alice', groups: [] });
    clock.advance(50_000);
    expect(await sessions.find(withCookie(cookieValue))).toBeDefined();
    clock.advance(50_000);
    expect(await sessions.find(withCookie(cookieValue, { 'x-wardgate-background': '1' }))).toBeDefined();
    clock.advance(20_000);
    expect(await sessions.find(withCookie(cookieValue, { 'x-wardgate-background': '1' }))).toBeUndefined();
  });

  it('peek (the live approvals stream) finds the session but never extends it; it still ends when idle', async () => {
    const { clock, store, sessions } = setup();
    const { cookieValue } = await sessions.start({ subject: 'alice', groups: [] });
    const lastSeen = (await store.get(storeKeyOf(cookieValue)))!.lastSeenAt;
    for (let i = 0; i < 5; i++) {
      clock.advance(10_000);
      expect((await sessions.peek(withCookie(cookieValue)))?.user.subject).toBe('alice');
    }
    expect((await store.get(storeKeyOf(cookieValue)))!.lastSeenAt).toBe(lastSeen);
    clock.advance(10_000);
    expect(await sessions.peek(withCookie(cookieValue))).toBeUndefined();
    expect(await sessions.find(withCookie(cookieValue))).toBeUndefined();
  });

  it('ends at the absolute timeout whatever the activity', async () => {
    const { clock, sessions } = setup();
    const { cookieValue } = await sessions.start({ subject: 'alice', groups: [] });
    for (let t = 0; t < 290_000; t += 30_000) {
      clock.advance(30_000);
      if (t + 30_000 < 300_000) expect(await sessions.find(withCookie(cookieValue))).toBeDefined();
    }
    clock.advance(20_000);
    expect(await sessions.find(withCookie(cookieValue))).toBeUndefined();
  });

  it('uses a pending sign-in once and only with its state', async () => {
    const { sessions } = setup();
    const { loginId, login } = await sessions.beginLogin();
    const req = { headers: { cookie: `__Host-wardgate-console-login=${loginId}` } } as unknown as IncomingMessage;
    await expect(sessions.finishLogin(req, 'wrong')).rejects.toThrow('state does not match');
    // The wrong state used it up: a second try with the right one fails too.
    await expect(sessions.finishLogin(req, login.state)).rejects.toThrow('expired or was already used');
    const again = await sessions.beginLogin();
    const req2 = { headers: { cookie: `__Host-wardgate-console-login=${again.loginId}` } } as unknown as IncomingMessage;
    expect((await sessions.finishLogin(req2, again.login.state)).nonce).toBe(again.login.nonce);
  });
});

describe('cookies', () => {
  it('are HttpOnly, Secure, Path=/ with the given SameSite', () => {
    expect(serializeCookie('__Host-x', 'v', { sameSite: 'Strict', maxAgeSeconds: 60 })).toBe('__Host-x=v; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=60');
  });
  it('parse the first of repeated names', () => {
    expect(parseCookies('a=1; b=2; a=3').get('a')).toBe('1');
  });
});

describe('console roles', () => {
  const groups = { approverGroups: ['approvers'], auditorGroups: ['auditors'], adminGroups: ['admins'] };
  it('come from groups', () => {
    expect(rolesOf({ groups: ['approvers', 'admins'] }, groups)).toEqual(['approver', 'admin']);
    expect(rolesOf({ groups: ['staff'] }, groups)).toEqual([]);
  });
  it('gate the admin API paths', () => {
    expect(rolesFor('/v1/approvals/x/approve')).toEqual(['approver', 'admin']);
    expect(rolesFor('/v1/grants')).toEqual(['approver', 'admin']);
    expect(rolesFor('/v1/audit/report')).toEqual(['auditor']);
    expect(rolesFor('/v1/other')).toEqual([]);
  });
});
