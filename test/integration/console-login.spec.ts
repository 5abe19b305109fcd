import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient, ConsoleHarness, consolePolicy } from '../support/console-harness.js';
import { SseClient } from '../support/sse-client.js';
import { TestWardgate } from '../support/wardgate-instance.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface ConsoleSessionEvent {
  actor?: { user?: string; groups?: string[] };
  details: Record<string, unknown>;
}

/** The `console.session` events the harness's Wardgate wrote so far. */
async function consoleEvents(harness: ConsoleHarness): Promise<ConsoleSessionEvent[]> {
  return (await harness.wardgate.auditEvents()).filter((e) => e.kind === 'console.session') as unknown as ConsoleSessionEvent[];
}

describe('console sign-in against a real OpenID Provider (oidc-provider)', () => {
  const harness = new ConsoleHarness();
  beforeAll(async () => {
    await harness.start();
  });
  afterAll(async () => {
    await harness.stop();
  });

  it('sends the browser to the issuer with PKCE S256, state and nonce, and no token in the URL', async () => {
    const client = new ConsoleClient(harness.origin);
    const response = await client.raw('GET', '/console/login');
    expect(response.status).toBe(302);
    const url = new URL(response.headers.get('location')!);
    expect(url.origin).toBe(harness.provider.issuer);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect([...url.searchParams.keys()].sort()).toEqual(['client_id', 'code_challenge', 'code_challenge_method', 'nonce', 'redirect_uri', 'response_type', 'scope', 'state']);
    const login = client.setCookieLines.find((l) => l.startsWith('__Host-wardgate-console-login='))!;
    expect(login).toMatch(/; HttpOnly/);
    expect(login).toMatch(/; Secure/);
    expect(login).toMatch(/; Path=\//);
  });

  it('signs an approver in: a __Host- cookie (HttpOnly, Secure, SameSite=Strict, Path=/), groups from the ID token', async () => {
    const alice = await harness.signIn('alice');
    const cookie = alice.setCookieLines.find((l) => l.startsWith('__Host-wardgate-console='))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(alice.session.user).toMatchObject({ subject: 'alice', groups: ['approvers', 'wardgate-admins'], email: 'alice@example.org' });
    expect(alice.session.roles).toEqual(['approver', 'admin']);
    expect(alice.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The login cookie is used up.
    expect(alice.cookies.has('__Host-wardgate-console-login')).toBe(false);
    // The sign-in is logged with subject and roles, never the cookie or the CSRF token.
    const logs = harness.wardgate.logLines;
    expect(logs.some((l) => l.includes('console sign-in') && l.includes('"subject":"alice"'))).toBe(true);
    const cookieValue = alice.cookies.get('__Host-wardgate-console')!;
    expect(logs.some((l) => l.includes(cookieValue) || l.includes(alice.csrfToken))).toBe(false);
  });

  it('serves every console response with the strict CSP, DENY framing and no-store', async () => {
    const client = new ConsoleClient(harness.origin);
    for (const path of ['/console/', '/console/assets/console.js', '/console/api/session']) {
      const response = await client.raw('GET', path);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('cache-control'), path).toBe('no-store');
    }
    const page = await (await client.raw('GET', '/console/')).text();
    // No inline script: every <script> has a src on this origin.
    expect(page.match(/<script\b[^>]*>/g)).toEqual(['<script type="module" src="/console/assets/console.js">']);
  });

  it('refuses a callback whose state is not the one this browser was sent with', async () => {
    const client = new ConsoleClient(harness.origin);
    const start = await client.raw('GET', '/console/login');
    const callback = new URL(await harness.provider.signInWithoutBrowser(start.headers.get('location')!, 'alice'));
    callback.searchParams.set('state', 'forged-state-value');
    const response = await client.raw('GET', callback.pathname + callback.search);
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('state does not match');
    expect(client.cookies.has('__Host-wardgate-console')).toBe(false);
    // Audited as a refused sign-in, naming nobody (the state was not this browser's).
    const refused = (await consoleEvents(harness)).filter((e) => e.details.action === 'refused');
    expect(refused.at(-1)).toMatchObject({ details: { action: 'refused', source: 'console', reason: 'state_mismatch' } });
    expect(refused.at(-1)?.actor).toBeUndefined();
  });

  it('uses a callback once: replaying it (even with the right state) signs nobody in', async () => {
    const client = new ConsoleClient(harness.origin);
    const start = await client.raw('GET', '/console/login');
    const loginCookie = client.cookies.get('__Host-wardgate-console-login')!;
    const callback = new URL(await harness.provider.signInWithoutBrowser(start.headers.get('location')!, 'bob'));
    expect((await client.raw('GET', callback.pathname + callback.search)).status).toBe(200);
    const replay = new ConsoleClient(harness.origin);
    replay.cookies.set('__Host-wardgate-console-login', loginCookie);
    const again = await replay.raw('GET', callback.pathname + callback.search);
    expect(again.status).toBe(401);
    expect(replay.cookies.has('__Host-wardgate-console')).toBe(false);
  });

  it('refuses a callback from a browser that started no sign-in (login CSRF)', async () => {
    const starter = new ConsoleClient(harness.origin);
    const start = await starter.raw('GET', '/console/login');
    const callback = new URL(await harness.provider.signInWithoutBrowser(start.headers.get('location')!, 'dave'));
    const victim = new ConsoleClient(harness.origin);
    const response = await victim.raw('GET', callback.pathname + callback.search);
    expect(response.status).toBe(401);
    expect(victim.cookies.has('__Host-wardgate-console')).toBe(false);
  });

  it('does not accept an unknown user at the issuer', async () => {
    await expect(harness.signIn('mallory')).rejects.toThrow();
  });

  it('logs out: the session is gone server-side, a replayed cookie is refused; logout without the CSRF token is refused', async () => {
    const bob = await harness.signIn('bob');
    const forged = await bob.call('POST', '/console/logout', { csrf: false });
    expect(forged.status).toBe(403);
    expect(await bob.loadSession()).toBe(true);
    const cookie = bob.cookies.get('__Host-wardgate-console')!;
    const out = await bob.call('POST', '/console/logout');
    expect(out.status).toBe(200);
    expect(bob.setCookieLines.at(-1)).toMatch(/^__Host-wardgate-console=; .*Max-Age=0/);
    const replay = new ConsoleClient(harness.origin);
    replay.cookies.set('__Host-wardgate-console', cookie);
    expect(await replay.loadSession()).toBe(false);
    expect((await replay.call('GET', '/v1/approvals')).status).toBe(401);
  });
});

describe('console off by default', () => {
  it('serves no /console/ without console.issuer, and the admin API stays bearer-only', async () => {
    const wardgate = await new TestWardgate({ policy: consolePolicy }).start();
    try {
      const base = `http://127.0.0.1:${wardgate.httpPort}`;
      expect((await fetch(`${base}/console/`)).status).toBe(404);
      expect((await fetch(`${base}/console/login`)).status).toBe(404);
      expect((await fetch(`${base}/v1/approvals`, { headers: { cookie: '__Host-wardgate-console=anything' } })).status).toBe(401);
      expect((await fetch(`${base}/v1/audit/report`)).status).toBe(404);
    } finally {
      await wardgate.cleanup();
    }
  });
});

describe('console session timeouts', () => {
  const harness = new ConsoleHarness({ console: { idleTimeout: '2s', absoluteTimeout: '4s' } });
  beforeAll(async () => {
    await harness.start();
  });
  afterAll(async () => {
    await harness.stop();
  });

  it('ends a session left idle longer than the idle timeout', async () => {
    const alice = await harness.signIn('alice');
    expect(await alice.loadSession()).toBe(true);
    await sleep(2_300);
    expect(await alice.loadSession()).toBe(false);
    expect((await alice.call('GET', '/v1/approvals')).status).toBe(401);
  });

  it('does not count background polling as activity', async () => {
    const alice = await harness.signIn('alice');
    for (let i = 0; i < 3; i++) {
      await sleep(500);
      expect((await alice.call('GET', '/v1/approvals', { headers: { 'x-wardgate-background': '1' } })).status).toBe(200);
    }
    await sleep(700);
    // Over 2 s since the last real activity (sign-in) although polled every 0.5 s.
    expect((await alice.call('GET', '/v1/approvals', { headers: { 'x-wardgate-background': '1' } })).status).toBe(401);
  });

  it('does not count the live approvals stream as activity (opened again and again, held open)', async () => {
    const alice = await harness.signIn('alice');
    const cookie = [...alice.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const held = await SseClient.open(`${harness.origin}/v1/approvals/events`, { cookie, 'sec-fetch-site': 'same-origin' });
    expect(held.status).toBe(200);
    for (let i = 0; i < 3; i++) {
      await sleep(500);
      const again = await SseClient.open(`${harness.origin}/v1/approvals/events`, { cookie, 'sec-fetch-site': 'same-origin' });
      expect(again.status).toBe(200);
      again.close();
    }
    await sleep(700);
    held.close();
    expect((await alice.call('GET', '/v1/approvals', { headers: { 'x-wardgate-background': '1' } })).status).toBe(401);
    const late = await SseClient.open(`${harness.origin}/v1/approvals/events`, { cookie, 'sec-fetch-site': 'same-origin' });
    expect(late.status).toBe(401);
  });

  it('ends an active session at the absolute timeout', async () => {
    const alice = await harness.signIn('alice');
    const started = Date.now();
    while (Date.now() - started < 3_500) {
      expect(await alice.loadSession()).toBe(true);
      await sleep(600);
    }
    await sleep(Math.max(0, 4_100 - (Date.now() - started)));
    expect(await alice.loadSession()).toBe(false);
    // The in-memory store: this session's end is recorded as the absolute timeout, once.
    const events = await consoleEvents(harness);
    const ref = events.filter((e) => e.details.action === 'signed_in' && e.actor?.user === 'alice').at(-1)?.details.session;
    expect(events.filter((e) => e.details.session === ref).map((e) => e.details.action)).toEqual(['signed_in', 'expired_absolute']);
  });
});
