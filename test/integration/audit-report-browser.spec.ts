import { generateKeyPairSync } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SealedAuditEvent } from '../../src/audit/sealed-audit-event.js';
import { runAuditCommand } from '../../src/cli/audit-command.js';
import { HEADLESS_CHROMIUM_FLAGS } from '../../src/report/print-pdf.js';
import type { AuditReport } from '../../src/report/report-model.js';
import { stackEnv } from '../support/stack-env.js';
import { ev, sealScript, T0, type ScriptedEvent } from '../support/sealed-stream.js';

// Issue #15: the HTML report rendered by a real headless Chromium (Debian's, provisioned by the
// stack script): no console errors, no request leaves the file, the headline figures are the
// JSON's, the tables page without script, and a tampered stream opens with its failure.
const OUT = join(import.meta.dirname, '..', '..', '.cache', 'test-output', 'report');
const SECTIONS = ['integrity', 'access', 'masking', 'approvals', 'exceptions'] as const;

function script(): ScriptedEvent[] {
  const steps: ScriptedEvent[] = [{ at: 0, event: ev.started() }, { at: 1, event: ev.policyLoaded('ab', 4) }];
  // 230 requests over three days: three pages of the request table.
  for (let i = 0; i < 230; i++) {
    const at = 10 + i * 1000 + Math.floor(i / 80) * 86_400_000;
    const id = `q${i}`;
    if (i % 10 === 3) steps.push({ at, event: ev.decision({ id, user: 'alice', agent: 'agent-a', dest: 'db.internal', method: 'POST', path: '/sql', kinds: ['sql:ddl'], action: 'deny', rule: 'no-ddl' }) });
    else if (i % 10 === 7) steps.push({ at, event: ev.decision({ id, user: 'bob', agent: 'agent-b', action: 'deny', dryRun: true, rule: 'dry' }) });
    else {
      steps.push({ at, event: ev.decision({ id, user: i % 2 === 0 ? 'alice' : 'carol', agent: 'agent-a', path: `/Patient/${i}`, action: 'allow', rule: 'read' }) });
      steps.push({ at: at + 5, event: ev.session({ id, user: 'alice', agent: 'agent-a', categories: { name: 1 + (i % 3), date: i % 2 }, rule: 'read', ...(i === 20 ? { profile: 'none' } : {}) }) });
    }
  }
  const h = 300_000;
  steps.push(
    { at: h, event: ev.requested({ approvalId: 'ap-1', id: 'h1', user: 'bob', agent: 'agent-b', command: 'POST /Observation' }) },
    { at: h + 45_000, event: ev.decided({ approvalId: 'ap-1', id: 'h1', approver: 'dana', verdict: 'approved', comment: 'change 7' }) },
    { at: h + 45_001, event: ev.grantIssued({ grantId: 'g-1', approvalId: 'ap-1', id: 'h1', user: 'bob', by: 'dana', expiresAt: T0 + h + 400_000, uses: 1 }) },
    { at: h + 50_000, event: ev.grantUsed({ grantId: 'g-1', id: 'h1b', user: 'bob', usesLeft: 0 }) },
    { at: h + 60_000, event: ev.requested({ approvalId: 'ap-2', id: 'h2', user: 'bob', command: 'DELETE /Patient/[REDACTED:ID]' }) },
    { at: h + 960_000, event: ev.expired({ approvalId: 'ap-2', id: 'h2', user: 'bob' }) },
    { at: h + 970_000, event: ev.grantIssued({ grantId: 'g-admin', user: 'carol', by: 'root', expiresAt: T0 + h + 2_000_000, admin: true }) },
    { at: h + 980_000, event: ev.decision({ id: 'fo', user: 'carol', action: 'hold', enforced: 'allow', reason: 'x; grant_store_unavailable, failing open' }) },
    { at: h + 980_010, event: ev.session({ id: 'fo', user: 'carol', categories: {} }) },
  );
  return steps;
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  return { io: { stdout, stderr, now: () => T0 + 5 * 86_400_000 }, out: () => out.join(''), err: () => err.join('') };
}

/** The JSON value a `data-figure` path names (`a.b.length` is an array's length). */
function at(report: unknown, path: string): unknown {
  let value = report;
  for (const part of path.split('.')) value = part === 'length' && Array.isArray(value) ? value.length : (value as Record<string, unknown>)[part];
  return value;
}

describe('audit report HTML in a real headless Chromium', () => {
  let browser: Browser;
  let keyArg: string;
  let events: SealedAuditEvent[];
  const files: Record<string, string> = {};

  const run = async (args: string[]): Promise<{ code: number; out: string; err: string }> => {
    const c = capture();
    const code = await runAuditCommand(['report', ...args], c.io as never);
    return { code, out: c.out(), err: c.err() };
  };

  /** Opens a file and records everything a test must know about what the page did. */
  const open = async (path: string): Promise<{ page: Page; errors: string[]; requests: string[] }> => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    return { page, errors, requests };
  };

  beforeAll(async () => {
    await rm(OUT, { recursive: true, force: true });
    await mkdir(OUT, { recursive: true });
    const keys = generateKeyPairSync('ed25519');
    events = sealScript(script(), { privateKey: keys.privateKey, publicKey: keys.publicKey, every: 25 }).events;
    await writeFile(join(OUT, 'k1.pub'), keys.publicKey.export({ type: 'spki', format: 'pem' }));
    keyArg = `k1=${join(OUT, 'k1.pub')}`;
    const write = async (name: string, list: readonly unknown[]): Promise<string> => {
      const path = join(OUT, name);
      await writeFile(path, list.map((e) => JSON.stringify(e)).join('\n') + '\n');
      return path;
    };
    files.good = await write('audit.jsonl', events);
    files.edited = await write('audit-edited.jsonl', events.map((e, i) => (i === 10 ? { ...e, actor: { user: 'mallory' } } : e)));
    files.dropped = await write('audit-dropped.jsonl', events.filter((_, i) => i !== 10));
    files.reordered = await write('audit-reordered.jsonl', [...events.slice(0, 10), events[11]!, events[10]!, ...events.slice(12)]);
    browser = await chromium.launch({ executablePath: stackEnv('WARDGATE_TEST_CHROMIUM_BIN'), headless: true, args: [...HEADLESS_CHROMIUM_FLAGS] });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('renders every section with no console error and no request beyond the file; headline figures are the JSON\'s', async () => {
    const html = join(OUT, 'report.html');
    expect((await run(['--file', files.good!, '--key', keyArg, '--out', html])).code).toBe(0);
    const asJson = await run(['--file', files.good!, '--key', keyArg, '--format', 'json', '--out', join(OUT, 'report.json')]);
    expect(asJson.code).toBe(0);
    const json = JSON.parse(await readFile(join(OUT, 'report.json'), 'utf8')) as AuditReport;
    expect(json.access.total).toBe(231);

    const { page, errors, requests } = await open(html);
    for (const id of SECTIONS) {
      const section = page.locator(`#${id}`);
      expect(await section.isVisible()).toBe(true);
      await section.screenshot({ path: join(OUT, `section-${id}.png`) });
    }
    // Page scripts are given as text: the spec is compiled without the DOM library.
    const figures = await page.evaluate<Array<[string, string]>>(`[...document.querySelectorAll('[data-figure]')].map((e) => [e.getAttribute('data-figure'), e.textContent.trim()])`);
    expect(figures.length).toBeGreaterThanOrEqual(30);
    const mismatches = figures.filter(([path, text]) => {
      const value = at(json, path);
      if (typeof value === 'boolean') return text !== (value ? 'OK' : 'FAILED') && text !== String(value);
      return Number(text.replace(/,/g, '')) !== value;
    });
    expect(mismatches).toEqual([]);
    for (const path of ['access.total', 'access.byDecision.deny', 'masking.sessions', 'approvals.holds.total', 'exceptions.failOpen.total']) {
      expect(figures.map(([p]) => p)).toContain(path);
    }
    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(html).href]);
    await page.close();
  });

  it('pages the request table without script (:target) and prints every page', async () => {
    const html = join(OUT, 'report.html');
    await run(['--file', files.good!, '--key', keyArg, '--out', html]);
    const { page, errors, requests } = await open(html);
    expect(await page.locator('#requests-p1').isVisible()).toBe(true);
    expect(await page.locator('#requests-p2').isVisible()).toBe(false);
    expect(await page.locator('#requests-p1 tbody tr').count()).toBe(100);
    await page.click('a[href="#requests-p3"]');
    expect(await page.locator('#requests-p3').isVisible()).toBe(true);
    expect(await page.locator('#requests-p1').isVisible()).toBe(false);
    expect(await page.locator('#requests-p3 tbody tr').count()).toBe(31);
    await page.locator('#requests-p3').screenshot({ path: join(OUT, 'requests-page-3.png') });
    await page.emulateMedia({ media: 'print' });
    for (const n of [1, 2, 3]) expect(await page.locator(`#requests-p${n}`).isVisible()).toBe(true);
    expect(errors).toEqual([]);
    expect(requests.every((u) => u.startsWith('file://'))).toBe(true);
    await page.close();
  });

  it('--format pdf prints the report with the stack\'s chromium', async () => {
    const pdf = join(OUT, 'report.pdf');
    const { code, err } = await run(['--file', files.good!, '--key', keyArg, '--format', 'pdf', '--out', pdf, '--chromium', stackEnv('WARDGATE_TEST_CHROMIUM_BIN')]);
    expect(err).not.toContain('not written');
    expect(code).toBe(0);
    const bytes = await readFile(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(20_000);
  });

  it.each(['edited', 'dropped', 'reordered'])('a %s stream: the page opens with the failure, in red', async (name) => {
    const html = join(OUT, `report-${name}.html`);
    const { code } = await run(['--file', files[name]!, '--key', keyArg, '--out', html]);
    expect(code).toBe(1);
    const { page, errors } = await open(html);
    const first = page.locator('body > section').first();
    expect(await first.getAttribute('id')).toBe('failure');
    expect(await first.isVisible()).toBe(true);
    const box = await first.boundingBox();
    const integrity = await page.locator('#integrity').boundingBox();
    expect(box!.y).toBeLessThan(integrity!.y);
    // Above the fold of the first screen.
    expect(box!.y).toBeLessThan(300);
    const style = await page.evaluate<{ border: string; heading: string }>(
      `(() => { const f = document.getElementById('failure'); return { border: getComputedStyle(f).borderTopColor, heading: getComputedStyle(f.querySelector('h2')).color }; })()`,
    );
    expect(style).toEqual({ border: 'rgb(198, 40, 40)', heading: 'rgb(198, 40, 40)' });
    expect(await page.locator('#failure [data-figure="integrity.ok"]').textContent()).toBe('FAILED');
    await first.screenshot({ path: join(OUT, `failure-${name}.png`) });
    expect(errors).toEqual([]);
    await page.close();
  });
});
