import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADLESS_CHROMIUM_FLAGS } from '../../src/report/print-pdf.js';
import { ConsoleHarness } from '../support/console-harness.js';
import { SseClient } from '../support/sse-client.js';
import type { EnvoyProcess } from '../support/envoy-process.js';
import { startEnvoyFront, stopEnvoyFront } from '../support/envoy-front.js';
import { TestIssuer } from '../support/jwt-issuer.js';
import { stackEnv } from '../support/stack-env.js';
import { UpstreamServer } from '../support/upstream-server.js';

// Issue #16 end to end: a held write through the real Envoy, decided in the console by an
// approver signed in at a real OpenID Provider, in Debian's Chromium; CSRF, CSP, access by
// group, accessibility (axe-core, keyboard) checked from the browser.
const OUT = join(import.meta.dirname, '..', '..', '.cache', 'test-output', 'console');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const hold = { approverGroups: ['approvers'], approvalsRequired: 1, approvalValidity: '15m', pendingTtl: '1h' };
const policy = {
  version: 1,
  defaults: { action: 'deny', status: 403, message: 'no rule allows this request', maskingProfile: 'strict' },
  rules: [
    { id: 'sign-in-first', match: { authenticated: false }, action: 'deny', deny: { status: 401, message: 'sign in' } },
    { id: 'reads-masked', match: { methods: ['GET'] }, action: 'allow', maskingProfile: 'strict' },
    { id: 'writes-wait', description: 'Writes under /wait wait for a human.', match: { methods: ['POST'], paths: ['/wait/**'] }, action: 'hold', hold: { ...hold, mode: 'wait', waitTimeout: '45s' } },
    { id: 'writes-need-approval', description: 'Writes are held until an approver approves them.', match: { methods: ['POST'] }, action: 'hold', hold: { ...hold, mode: 'respond', waitTimeout: '1s' } },
  ],
};

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: unknown[];
}

describe('web console in a real browser (Chromium, oidc-provider, Envoy, Wardgate)', () => {
  const dataIssuer = new TestIssuer();
  const upstream = new UpstreamServer()
    .route('/Observation', (_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('{"resourceType":"Observation","id":"o-1"}');
    })
    .route('/wait/Observation', (_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('{"resourceType":"Observation","id":"o-2"}');
    });
  let harness: ConsoleHarness;
  let envoy: EnvoyProcess | undefined;
  let browser: Browser;
  let attacker: http.Server;
  let attackerPort = 0;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    await mkdir(OUT, { recursive: true });
    await dataIssuer.start();
    harness = new ConsoleHarness({ policy, config: { identity: { issuers: [{ issuer: dataIssuer.issuer, jwksUri: dataIssuer.jwksUri, audiences: [dataIssuer.audience] }] } } });
    await harness.start();
    envoy = await startEnvoyFront(harness.wardgate, upstream);
    for (const sub of ['bob', 'zoe']) tokens[sub] = await dataIssuer.token({ sub, groups: ['clinicians'] });
    browser = await chromium.launch({ executablePath: stackEnv('WARDGATE_TEST_CHROMIUM_BIN'), headless: true, args: [...HEADLESS_CHROMIUM_FLAGS] });
    // Another site (localhost is not 127.0.0.1's site): a page that forges a POST to the console's API.
    attacker = http.createServer((req, res) => {
      const target = new URL(req.url ?? '/', 'http://localhost').searchParams.get('target') ?? '';
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><title>win a prize</title><form id="f" method="POST" enctype="text/plain" action="${target.replace(/"/g, '')}"><input name='{"comment":"forged","x":"' value='"}'><button>claim</button></form>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerPort = (attacker.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
    await stopEnvoyFront(envoy, harness?.wardgate, upstream);
    await harness?.stop();
    await dataIssuer.stop();
  });

  /** The agent's write through Envoy, as user `sub`. */
  const agentWrite = (sub: string, path = '/Observation'): Promise<Response> =>
    fetch(envoy!.url(path), { method: 'POST', headers: { authorization: `Bearer ${tokens[sub]}`, 'content-type': 'application/json' }, body: '{"resourceType":"Observation","status":"final"}' });

  const heldId = async (response: Response): Promise<string> => {
    expect(response.status).toBe(403);
    const body = (await response.json()) as { status?: string; approvalId?: string };
    expect(body.status).toBe('held');
    return body.approvalId!;
  };

  /** A fresh browser profile signed in as `user` through the provider's login form. */
  async function signIn(user: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${harness.origin}/console/`);
    await page.locator('#signed-out').waitFor({ state: 'visible' });
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.origin === harness.provider.issuer);
    await page.fill('input[name=login]', user);
    await page.fill('input[name=password]', 'test');
    await page.click('button[type=submit]');
    await page.waitForURL(`${harness.origin}/console/`);
    await page.locator('#who').filter({ hasText: 'Signed in as' }).waitFor();
    // From here on: the provider's own login page is not ours to judge (its dev layout links web fonts).
    const ours: string[] = [];
    page.removeAllListeners('console');
    page.on('console', (m) => {
      if (m.type() === 'error') ours.push(m.text());
    });
    return { context, page, errors: ours };
  }

  async function axeCheck(page: Page, name: string): Promise<void> {
    // Runtime.evaluate is not subject to the page's CSP, so axe can run on the real page.
    await page.evaluate(axeSource);
    const result = await page.evaluate<{ violations: AxeViolation[] }>(`axe.run(document, { resultTypes: ['violations'] })`);
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`), `axe on ${name}`).toEqual([]);
  }

  it('an approver signs in, sees the held write with its grant scope, approves it by keyboard, and the retry passes', async () => {
    const id = await heldId(await agentWrite('bob'));
    const { context, page, errors } = await signIn('alice');
    const card = page.locator(`[data-approval="${id}"]`);
    await card.waitFor();
    await expect.poll(() => card.locator('.status-pending').textContent()).toBe('pending');
    const text = await card.innerText();
    expect(text).toContain('bob');
    expect(text).toContain('POST');
    expect(text).toContain('writes-need-approval');
    expect(text).toContain((await harness.wardgate.runtime!.approvals.get(id))!.reason);
    expect(text).toMatch(/Time left\s+\d+ min/);
    expect(await card.locator('[data-grant-scope]').innerText()).toContain('match: exact');
    expect(await card.locator('[data-grant-scope]').innerText()).toContain('paths: /Observation');
    await page.screenshot({ path: join(OUT, 'approvals.png'), fullPage: true });
    await axeCheck(page, 'approvals');

    // Keyboard only: Tab from the top reaches the skip link, the pages, then this card's form.
    await page.locator('body').focus();
    const visited: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate<string>(`(() => { const el = document.activeElement; return el ? el.tagName.toLowerCase() + '#' + el.id + '|' + (el.textContent || '').trim().slice(0, 30) : ''; })()`);
      visited.push(focused);
      if (focused.startsWith(`textarea#comment-${id}`)) break;
    }
    expect(visited[0]).toContain('Skip to content');
    expect(visited.some((v) => v.includes('Approvals'))).toBe(true);
    expect(visited.at(-1)).toContain(`textarea#comment-${id}`);
    // The focused control shows a visible focus outline.
    expect(await page.evaluate<string>(`getComputedStyle(document.activeElement).outlineStyle`)).not.toBe('none');
    await page.keyboard.type('checked with the ward sister');
    await page.keyboard.press('Tab'); // grant for
    await page.keyboard.press('Tab'); // Approve
    expect(await page.evaluate<string>(`document.activeElement.textContent`)).toBe('Approve');
    await page.keyboard.press('Enter');
    await page.locator('#flash').filter({ hasText: 'Approved' }).waitFor();
    const decided = page.locator(`#decided [data-approval="${id}"]`);
    await decided.waitFor();
    expect(await decided.innerText()).toMatch(/Approved by\s+alice at \d{4}-\d\d-\d\d/);
    await page.screenshot({ path: join(OUT, 'approvals-decided.png'), fullPage: true });

    const retry = await agentWrite('bob');
    expect(retry.status).toBe(201);
    expect(upstream.received.filter((r) => r.url === '/Observation')).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('live: with the page open, a new held write appears, and its decision moves it, without the page listing again; time left ticks', async () => {
    const { context, page, errors } = await signIn('alice');
    await page.locator('#page-approvals[data-live="live"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('#live-status').textContent()).toContain('Live updates');
    const lists: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/v1/approvals') lists.push(`${r.method()} ${r.url()}`);
    });
    const id = await heldId(await agentWrite('bob'));
    const card = page.locator(`#pending [data-approval="${id}"]`);
    await card.waitFor({ timeout: 5_000 });
    expect(await card.innerText()).toContain('writes-need-approval');
    // Counted down in the page: the text changes within about two seconds, with no call for it.
    const left = card.locator('[data-time-left]');
    const before = await left.textContent();
    expect(before).toMatch(/^\d+ min \d+ s$/);
    await expect.poll(() => left.textContent(), { timeout: 2_500, interval: 200 }).not.toBe(before);
    // A decision made elsewhere (here: the service itself, as another replica's API would) moves the card.
    await harness.wardgate.runtime!.approvals.decide(id, { approver: { subject: 'erin', groups: ['approvers'] }, verdict: 'deny', comment: 'elsewhere' });
    await page.locator(`#decided [data-approval="${id}"]`).filter({ hasText: 'Denied by' }).waitFor({ timeout: 5_000 });
    expect(await page.locator(`#pending [data-approval="${id}"]`).count()).toBe(0);
    expect(lists).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('live: falls back to polling when the stream is refused (a sixth stream of one user: 429), and holds still show', async () => {
    // Five streams of alice's from elsewhere (another sign-in, no browser) take her limit.
    const elsewhere = await harness.signIn('alice');
    const cookie = [...elsewhere.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const taken = await Promise.all(Array.from({ length: 5 }, () => SseClient.open(`${harness.origin}/v1/approvals/events`, { cookie, 'sec-fetch-site': 'same-origin' })));
    try {
      expect(taken.map((t) => t.status)).toEqual([200, 200, 200, 200, 200]);
      const { context, page } = await signIn('alice');
      await page.locator('#page-approvals[data-live="polling"]').waitFor({ timeout: 10_000 });
      expect(await page.locator('#live-status').textContent()).toBe('Live updates unavailable; refreshing every 1 s.');
      const lists: string[] = [];
      page.on('request', (r) => {
        if (new URL(r.url()).pathname === '/v1/approvals') lists.push(r.url());
      });
      const id = await heldId(await agentWrite('bob'));
      await page.locator(`#pending [data-approval="${id}"]`).waitFor({ timeout: 5_000 });
      expect(lists.length).toBeGreaterThanOrEqual(1);
      await context.close();
    } finally {
      for (const t of taken) t.close();
    }
  });

  it('live: a session logged out behind the page ends its stream at the next heartbeat (15 s), and the page shows signed out', async () => {
    const { context, page } = await signIn('alice');
    await page.locator('#page-approvals[data-live="live"]').waitFor({ timeout: 10_000 });
    // Logged out server-side without the page's code knowing (as from another tab of this browser).
    const status = await page.evaluate(async () => {
      const s = (await (await fetch('/console/api/session')).json()) as { csrfToken: string };
      return (await fetch('/console/logout', { method: 'POST', headers: { 'x-wardgate-csrf': s.csrfToken } })).status;
    });
    expect(status).toBe(200);
    expect(await page.locator('#page-approvals').isVisible()).toBe(true);
    await page.locator('#signed-out').waitFor({ state: 'visible', timeout: 20_000 });
    expect(await page.locator('#flash').textContent()).toContain('Your session ended');
    expect(await page.locator('#page-approvals').isVisible()).toBe(false);
    await context.close();
  });

  it('a held write in wait mode completes when the approver approves it in the console', async () => {
    const { context, page } = await signIn('alice');
    const waiting = agentWrite('zoe', '/wait/Observation');
    const card = page.locator('#pending [data-approval]').filter({ hasText: '/wait/Observation' });
    await card.waitFor({ timeout: 15_000 });
    await card.locator('textarea').fill('ok, one write');
    await card.getByRole('button', { name: 'Approve' }).click();
    const done = await waiting;
    expect(done.status).toBe(201);
    expect(upstream.received.some((r) => r.url === '/wait/Observation')).toBe(true);
    await context.close();
  });

  it('the requester sees their own hold but cannot approve it', async () => {
    const id = await heldId(await agentWrite('bob'));
    const { context, page } = await signIn('bob');
    const card = page.locator(`[data-approval="${id}"]`);
    await card.waitFor();
    await card.locator('[data-own-request]').waitFor();
    expect(await card.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    // Forcing the call from the page itself is refused by the server too.
    const status = await page.evaluate(async (approvalId) => {
      const s = (await (await fetch('/console/api/session')).json()) as { csrfToken: string };
      const r = await fetch(`/v1/approvals/${approvalId}/approve`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wardgate-csrf': s.csrfToken }, body: '{"comment":"mine"}' });
      return r.status;
    }, id);
    expect(status).toBe(403);
    expect((await harness.wardgate.runtime!.approvals.get(id))?.status).toBe('pending');
    await page.screenshot({ path: join(OUT, 'approvals-own-request.png'), fullPage: true });
    await context.close();
  });

  it('a user outside the console groups is refused at sign-in and sees nothing', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${harness.origin}/console/`);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.origin === harness.provider.issuer);
    await page.fill('input[name=login]', 'dave');
    await page.fill('input[name=password]', 'test');
    await page.click('button[type=submit]');
    await page.getByRole('heading', { name: 'Sign-in failed' }).waitFor();
    expect(await page.locator('body').innerText()).toContain('your groups give no access to the console');
    expect((await context.cookies()).some((c) => c.name === '__Host-wardgate-console')).toBe(false);
    await page.goto(`${harness.origin}/console/`);
    await page.locator('#signed-out').waitFor({ state: 'visible' });
    expect(await page.locator('#nav').isVisible()).toBe(false);
    expect(await page.locator('body').innerText()).not.toContain('Observation');
    const status = await page.evaluate(async () => (await fetch('/v1/approvals')).status);
    expect(status).toBe(401);
    await page.screenshot({ path: join(OUT, 'no-access.png'), fullPage: true });
    await context.close();
  });

  it('refuses a forged cross-site POST from another site', async () => {
    const id = await heldId(await agentWrite('bob'));
    const { context, page } = await signIn('alice');
    const target = `${harness.origin}/v1/approvals/${id}/approve`;
    await page.goto(`http://localhost:${attackerPort}/?target=${encodeURIComponent(target)}`);
    const [response] = await Promise.all([page.waitForResponse((r) => r.url() === target), page.click('button')]);
    expect(response.status()).toBeGreaterThanOrEqual(401);
    expect(response.status()).toBeLessThanOrEqual(403);
    expect((await harness.wardgate.runtime!.approvals.get(id))?.status).toBe('pending');
    // A cross-site fetch with the cookie is refused the same way.
    await page.goto(`http://localhost:${attackerPort}/`);
    const status = await page.evaluate(async (url) => (await fetch(url, { method: 'POST', credentials: 'include', mode: 'no-cors', body: '{"comment":"x"}' }).then((r) => r.status, () => -1)), target);
    expect(status).toBeLessThanOrEqual(0); // opaque or network error: nothing readable, nothing done
    expect((await harness.wardgate.runtime!.approvals.get(id))?.status).toBe('pending');
    await context.close();
  });

  it('the CSP blocks an injected inline script (securitypolicyviolation seen in the page)', async () => {
    const { context, page } = await signIn('alice');
    const outcome = await page.evaluate<{ ran: boolean; violations: string[] }>(`(async () => {
      const violations = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true;';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { ran: window.__injected === true, violations };
    })()`);
    expect(outcome.ran).toBe(false);
    expect(outcome.violations.some((d) => d.startsWith('script-src'))).toBe(true);
    await context.close();
  });

  it('grants: an admin sees the active grant approving created and revokes it', async () => {
    const id = await heldId(await agentWrite('bob'));
    const { context, page } = await signIn('alice');
    const card = page.locator(`[data-approval="${id}"]`);
    await card.waitFor();
    await card.locator('textarea').fill('for the shift');
    await card.locator('input[name=grantFor]').fill('30m');
    await card.getByRole('button', { name: 'Approve' }).click();
    await page.locator('#flash').filter({ hasText: 'Approved' }).waitFor();
    const grantId = (await harness.wardgate.runtime!.approvals.get(id))!.grantId!;
    await page.getByRole('link', { name: 'Grants' }).click();
    const row = page.locator(`[data-grant="${grantId}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('bob');
    await page.screenshot({ path: join(OUT, 'grants.png'), fullPage: true });
    await axeCheck(page, 'grants');
    await row.getByRole('button', { name: `Revoke grant ${grantId}` }).click();
    await page.locator('#flash').filter({ hasText: 'revoked' }).waitFor();
    expect(await harness.wardgate.runtime!.grants.get(grantId)).toBeUndefined();
    await context.close();
  });

  it('evidence: an auditor reads the report sections, the chain status and one session timeline', async () => {
    const id = await heldId(await agentWrite('bob'));
    const correlationId = (await harness.wardgate.runtime!.approvals.get(id))!.correlationId;
    await harness.wardgate.runtime!.audit.flush();
    const { context, page, errors } = await signIn('carol');
    await page.locator('#page-evidence').waitFor({ state: 'visible' });
    expect(await page.getByRole('link', { name: 'Approvals' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Build report' }).click();
    await page.locator('#chain-status').waitFor();
    // Signed with the configured key: the chain verifies, as `wardgate audit report` would say.
    expect(await page.locator('#chain-status').getAttribute('data-chain-ok')).toBe('true');
    expect(await page.locator('[data-figure="integrity.ok"] .n').textContent()).toBe('OK');
    for (const heading of ['1. Scope and integrity', '2. Access log', '3. Masking proof', '4. Approvals record', '5. Exceptions']) {
      await page.getByRole('heading', { name: heading }).waitFor();
    }
    const holds = Number(await page.locator('[data-figure="approvals.holds.total"] .n').textContent());
    expect(holds).toBeGreaterThanOrEqual(1);
    // The printable report is the CLI's own HTML renderer over the same data: the figures agree.
    const [printable] = await Promise.all([context.waitForEvent('page'), page.click('#printable-report')]);
    await printable.waitForLoadState();
    expect(await printable.title()).toContain('Wardgate audit report');
    expect(Number(await printable.locator('[data-figure="approvals.holds.total"]').first().textContent())).toBe(holds);
    await printable.screenshot({ path: join(OUT, 'evidence-printable.png') });
    await printable.close();
    await page.fill('#timeline-id', correlationId);
    await page.getByRole('button', { name: 'Show timeline' }).click();
    const timeline = page.locator('#timeline table');
    await timeline.waitFor();
    const rows = await timeline.locator('tbody tr').allInnerTexts();
    expect(rows.some((r) => r.includes('access.decision'))).toBe(true);
    expect(rows.some((r) => r.includes('approval.requested'))).toBe(true);
    expect(await page.locator('#timeline').innerText()).toContain('the chain verifies');
    await page.screenshot({ path: join(OUT, 'evidence.png'), fullPage: true });
    await axeCheck(page, 'evidence');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("evidence: the timeline lists a held-then-approved request's events in the order of the audit stream", async () => {
    const id = await heldId(await agentWrite('bob'));
    await harness.wardgate.runtime!.approvals.decide(id, { approver: { subject: 'alice', groups: ['approvers'] }, verdict: 'approve', comment: 'checked' });
    const correlationId = (await harness.wardgate.runtime!.approvals.get(id))!.correlationId;
    const inStream = (await harness.wardgate.auditEvents()).filter((e) => e.correlationId === correlationId).map((e) => e.kind);
    expect(inStream.indexOf('approval.requested')).toBeGreaterThanOrEqual(0);
    expect(inStream.indexOf('approval.approved')).toBeGreaterThan(inStream.indexOf('approval.requested'));
    expect(inStream).toContain('access.decision');
    const { context, page, errors } = await signIn('carol');
    await page.locator('#page-evidence').waitFor({ state: 'visible' });
    await page.selectOption('#timeline-by', 'correlationId');
    await page.fill('#timeline-id', correlationId);
    await page.getByRole('button', { name: 'Show timeline' }).click();
    const rows = page.locator('#timeline table tbody tr');
    await rows.first().waitFor();
    const kinds = await rows.locator('td:nth-child(3)').allInnerTexts();
    expect(kinds).toEqual(inStream);
    // The seq column rises: the page keeps the stream's order.
    const seqs = (await rows.locator('td:nth-child(2)').allInnerTexts()).map(Number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    await page.screenshot({ path: join(OUT, 'evidence-held-approved.png'), fullPage: true });

    // By agent: this Envoy has no mTLS, so no access event names a SPIFFE id; two runs are put
    // into the real stream by hand, and the page lists them newest first, each in order.
    const tag = Date.now();
    const agent = `spiffe://cluster.local/ns/agents/sa/e2e-${tag}`;
    for (const run of ['run-older', 'run-newer']) {
      for (const kind of ['access.decision', 'access.session'] as const) {
        harness.wardgate.runtime!.audit.emit(kind === 'access.decision'
          ? { kind, correlationId: `${run}-${tag}`, actor: { user: 'bob', agent }, target: { method: 'GET', path: '/Patient' }, decision: { action: 'allow', enforced: 'allow', ruleId: 'reads-masked', reason: 'ok', dryRun: false } }
          : { kind, correlationId: `${run}-${tag}`, actor: { user: 'bob', agent }, target: { method: 'GET', path: '/Patient' }, session: { status: 200, durationMs: 1 } });
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    await harness.wardgate.runtime!.audit.flush();
    await page.selectOption('#timeline-by', 'agent');
    await page.fill('#timeline-id', agent);
    await page.getByRole('button', { name: 'Show timeline' }).click();
    await page.locator('#timeline [data-run]').first().waitFor();
    const runs = page.locator('#timeline [data-run]');
    const runIds: Array<string | null> = [];
    for (let i = 0; i < (await runs.count()); i++) runIds.push(await runs.nth(i).getAttribute('data-run'));
    expect(runIds).toEqual([`run-newer-${tag}`, `run-older-${tag}`]);
    expect(await page.locator('[data-run] tbody tr td:nth-child(3)').allInnerTexts()).toEqual(['access.decision', 'access.session', 'access.decision', 'access.session']);
    expect(await page.locator('#timeline').innerText()).toContain('the chain verifies');
    await page.screenshot({ path: join(OUT, 'evidence-agent-runs.png'), fullPage: true });
    await axeCheck(page, 'evidence-agent-runs');
    expect(errors).toEqual([]);
    await context.close();
  });
});
