import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateJsonSchemaSubset } from '../../test/support/json-schema-subset.js';
import { ev, sealScript, T0, type ScriptedEvent } from '../../test/support/sealed-stream.js';
import type { SealedAuditEvent } from '../audit/sealed-audit-event.js';
import { auditReportSchema, type AuditReport } from '../report/report-model.js';
import { runAuditCommand } from './audit-command.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  return { io: { stdout, stderr }, out: () => out.join(''), err: () => err.join('') };
}

// Values an older Wardgate might have recorded in the clear, as typed and percent-encoded.
const PLANTED = {
  ssn: '219-09-9999',
  name: 'Hildegard Oosterhuis',
  email: 'h.oosterhuis@example.com',
  phone: '(617) 555-0142',
};
const encodedForms = (v: string): string[] => [v, encodeURIComponent(v), encodeURIComponent(encodeURIComponent(v)), v.replace(/ /g, '+'), v.replace(/ /g, '%20')];

const script: ScriptedEvent[] = [
  { at: 0, event: ev.started() },
  { at: 1, event: ev.policyLoaded('ab') },
  { at: 1000, event: ev.decision({ id: 'p1', user: 'alice', agent: 'agent-a', path: `/Patient/${PLANTED.ssn}`, command: `GET /Patient/${PLANTED.ssn}`, action: 'allow' }) },
  { at: 1010, event: ev.session({ id: 'p1', user: 'alice', agent: 'agent-a', categories: { ssn: 1, name: 2 } }) },
  { at: 2000, event: ev.decision({ id: 'p2', user: 'alice', path: `/Patient?name=${encodeURIComponent(PLANTED.name)}`, action: 'deny', rule: 'no-search' }) },
  { at: 3000, event: ev.decision({ id: 'p3', user: 'bob', path: `/Patient/${encodeURIComponent(encodeURIComponent(PLANTED.email))}`, action: 'allow' }) },
  { at: 3010, event: ev.session({ id: 'p3', user: 'bob', categories: { email: 1 } }) },
  { at: 4000, event: ev.requested({ approvalId: 'ap-1', id: 'p4', user: 'bob', command: `POST /Patient?phone=${encodeURIComponent(PLANTED.phone)}` }) },
  { at: 64_000, event: ev.decided({ approvalId: 'ap-1', id: 'p4', approver: 'dana', verdict: 'approved', comment: `ok for ${PLANTED.name}, SSN ${PLANTED.ssn}` }) },
  { at: 64_001, event: ev.grantIssued({ grantId: 'g-1', approvalId: 'ap-1', id: 'p4', user: 'bob', by: 'dana', expiresAt: T0 + 400_000, uses: 1 }) },
  { at: 70_000, event: ev.grantUsed({ grantId: 'g-1', id: 'p5', user: 'bob', usesLeft: 0 }) },
  { at: 70_001, event: ev.decision({ id: 'p5', user: 'bob', method: 'POST', path: `/Patient?phone=${PLANTED.phone.replace(/ /g, '+')}`, action: 'hold', enforced: 'allow', grantId: 'g-1', kinds: ['rest:write'] }) },
  { at: 70_010, event: ev.session({ id: 'p5', user: 'bob', categories: {} }) },
  { at: 80_000, event: ev.policyRejected(`rules.3.match.path: bad value "/Patient/${PLANTED.ssn}"`) },
];

describe('wardgate audit report', () => {
  let dir: string;
  let events: SealedAuditEvent[];
  let keyArg: string;
  const now = () => T0 + 86_400_000;

  const write = async (name: string, list: readonly unknown[]): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, list.map((e) => JSON.stringify(e)).join('\n') + '\n');
    return path;
  };
  const report = async (args: string[]): Promise<{ code: number; out: string; err: string }> => {
    const c = capture();
    const code = await runAuditCommand(['report', ...args], { ...c.io, now } as never);
    return { code, out: c.out(), err: c.err() };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wardgate-report-cli-'));
    const keys = generateKeyPairSync('ed25519');
    const sealed = sealScript(script, { privateKey: keys.privateKey, publicKey: keys.publicKey, every: 4 });
    events = sealed.events;
    await writeFile(join(dir, 'k1.pub'), keys.publicKey.export({ type: 'spki', format: 'pem' }));
    keyArg = `k1=${join(dir, 'k1.pub')}`;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a JSON report that matches its published schema, with exact figures', async () => {
    const file = await write('good.jsonl', events);
    const { code, out } = await report(['--file', file, '--key', keyArg, '--format', 'json']);
    expect(code).toBe(0);
    const json = JSON.parse(out) as AuditReport;
    expect(auditReportSchema.safeParse(json).success).toBe(true);
    const published = JSON.parse(await readFile(join(import.meta.dirname, '..', '..', 'docs', 'audit-report.schema.json'), 'utf8')) as Record<string, unknown>;
    expect(validateJsonSchemaSubset(published, json)).toEqual([]);
    expect(json.integrity).toMatchObject({ ok: true, records: events.length, eventsInReport: events.length, excluded: {}, keyIds: ['k1'], unsignedEvents: 0, findings: [] });
    expect(json.access.total).toBe(4);
    expect(json.access.byDecision).toEqual({ allow: 2, deny: 1, hold: 1, dry_run_allow: 0 });
    expect(json.access.requests).toHaveLength(4);
    expect(json.masking.sessions).toBe(3);
    expect(json.masking.byCategory).toEqual([{ key: 'name', count: 2 }, { key: 'email', count: 1 }, { key: 'ssn', count: 1 }]);
    expect(json.masking.exceptions.decisionWithoutSession.total).toBe(0);
    expect(json.approvals.holds.items).toEqual([expect.objectContaining({ approvalId: 'ap-1', outcome: 'approved', decidedBy: 'dana', timeToDecisionMs: 60_000, grantId: 'g-1' })]);
    expect(json.approvals.grants.items).toEqual([expect.objectContaining({ id: 'g-1', useCount: 1, end: 'used_up' })]);
    expect(json.policy.rejected.total).toBe(1);
    expect(json.scope.sources).toEqual([file]);
  });

  it('never shows a planted value, typed or percent-encoded, in the JSON or the HTML', async () => {
    const file = await write('phi.jsonl', events);
    // The planted values really are in the events the report reads.
    const raw = await readFile(file, 'utf8');
    expect(raw).toContain(PLANTED.ssn);
    expect(raw).toContain(encodeURIComponent(PLANTED.name));
    const json = (await report(['--file', file, '--key', keyArg, '--format', 'json'])).out;
    const html = (await report(['--file', file, '--key', keyArg, '--format', 'html'])).out;
    for (const [what, text] of [['json', json], ['html', html]] as const) {
      for (const value of Object.values(PLANTED)) {
        for (const form of encodedForms(value)) expect(text, `${what} shows ${form}`).not.toContain(form);
      }
      for (const part of ['Hildegard', 'Oosterhuis', '555-0142', '9999']) expect(text, `${what} shows ${part}`).not.toContain(part);
      expect(text).toContain('[REDACTED:SSN]');
      expect(text).toContain('[REDACTED:NAME]');
    }
  });

  // Index 2 is the first decision (alice's read of p1).
  it.each([
    { name: 'an edited event', tamper: (e: SealedAuditEvent[]) => e.map((x, i) => (i === 2 ? { ...x, actor: { user: 'mallory' } } : x)), finding: 'hash_mismatch', excluded: { altered: 1 }, decisions: 3 },
    { name: 'a dropped event', tamper: (e: SealedAuditEvent[]) => e.filter((_, i) => i !== 2), finding: 'gap', excluded: {}, decisions: 3 },
    { name: 'reordered events', tamper: (e: SealedAuditEvent[]) => [...e.slice(0, 2), e[3]!, e[2]!, ...e.slice(4)], finding: 'reordered', excluded: {}, decisions: 4 },
  ])('$name: exit 1, the report opens with the failure in red and uses only verified events', async ({ tamper, finding, excluded, decisions }) => {
    const file = await write('tampered.jsonl', tamper(events));
    const asJson = await report(['--file', file, '--key', keyArg, '--format', 'json']);
    expect(asJson.code).toBe(1);
    expect(asJson.err).toContain('verification FAILED');
    const json = JSON.parse(asJson.out) as AuditReport;
    expect(json.integrity.ok).toBe(false);
    expect(json.integrity.findings.map((f) => f.kind)).toContain(finding);
    expect(json.integrity.excluded).toEqual(excluded);
    expect(json.access.total).toBe(decisions);
    expect(json.access.byUser.map((u) => u.key)).not.toContain('mallory');

    const out = join(dir, 'tampered.html');
    const asHtml = await report(['--file', file, '--key', keyArg, '--out', out]);
    expect(asHtml.code).toBe(1);
    const html = await readFile(out, 'utf8');
    const body = html.slice(html.indexOf('</header>'));
    expect(body.indexOf('<section')).toBe(body.indexOf('<section id="failure" class="failure">'));
    expect(body).toContain('Verification FAILED');
    expect(body.slice(0, body.indexOf('id="integrity"'))).toContain(finding);
  });

  it('without --key the signed checkpoints cannot be checked: the report is written and shows the failure', async () => {
    const file = await write('nokey.jsonl', events);
    const { code, out, err } = await report(['--file', file, '--format', 'json']);
    expect(code).toBe(1);
    expect(err).toContain('no --key given');
    const json = JSON.parse(out) as AuditReport;
    expect(new Set(json.integrity.findings.map((f) => f.kind))).toEqual(new Set(['unknown_key']));
    expect(json.integrity.eventsInReport).toBe(events.length);
  });

  it('reads several files as one stream', async () => {
    const a = await write('part-a.jsonl', events.slice(0, 6));
    const b = await write('part-b.jsonl', events.slice(6));
    const { code, out } = await report(['--file', a, '--file', b, '--key', keyArg, '--format', 'json']);
    expect(code).toBe(0);
    expect((JSON.parse(out) as AuditReport).integrity.eventsInReport).toBe(events.length);
  });

  it('the HTML is one self-contained file: no script, no external resource, a CSP forbidding both', async () => {
    const file = await write('html.jsonl', events);
    const { code, out } = await report(['--file', file, '--key', keyArg]);
    expect(code).toBe(0);
    expect(out.startsWith('<!doctype html>')).toBe(true);
    expect(out).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(out).not.toMatch(/(?:src|href)="(?!#)/i);
    expect(out).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    for (const id of ['integrity', 'access', 'masking', 'approvals', 'exceptions']) expect(out).toContain(`<section id="${id}"`);
  });

  it('limits a time range with --from/--to as audit verify does', async () => {
    const file = await write('range.jsonl', events);
    const { out } = await report(['--file', file, '--key', keyArg, '--format', 'json', '--from', new Date(T0 + 1500).toISOString(), '--to', new Date(T0 + 3500).toISOString()]);
    const json = JSON.parse(out) as AuditReport;
    expect(json.access.requests.map((r) => r.correlationId)).toEqual(['p2', 'p3']);
    expect(json.scope.from).toBe(new Date(T0 + 1500).toISOString());
  });

  it('names the chromium package when --format pdf has no browser', async () => {
    const file = await write('pdf.jsonl', events);
    const { code, err } = await report(['--file', file, '--key', keyArg, '--format', 'pdf', '--out', join(dir, 'r.pdf'), '--chromium', join(dir, 'no-such-chromium')]);
    expect(code).toBe(4);
    expect(err).toContain("Debian's `chromium` package");
  });

  it.each([
    [[], 'give either --file'],
    [['--file', 'x', '--topic', 't'], 'give either --file'],
    [['--file', 'x', '--format', 'docx'], '--format must be'],
    [['--file', 'x', '--format', 'pdf'], '--format pdf needs --out'],
    [['--file', 'x', '--from', 'yesterday'], '--from/--to must be'],
    [['--file', 'x', '--key', 'nopath'], '--key must be KEY_ID=PATH'],
  ])('usage error for %j', async (args, message) => {
    const { code, err } = await report(args);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it('exits 3 when the input cannot be read', async () => {
    const { code, err } = await report(['--file', join(dir, 'missing.jsonl'), '--key', keyArg]);
    expect(code).toBe(3);
    expect(err).toContain('cannot read audit events');
  });
});
