import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminApi } from '../support/admin-api.js';
import { AuthzCheckClient } from '../support/authz-check-client.js';
import { TestIssuer } from '../support/jwt-issuer.js';
import { TestWardgate } from '../support/wardgate-instance.js';

// Issue 13, class 4: generated PHI planted in every field of a request (path, query, headers,
// body, SQL in the body, authority, request id, JWT claims) never reaches an audit event, a log line at trace
// level or /metrics, however it is encoded or glued.
const hold = { approverGroups: ['phi-approvers'], approvalsRequired: 1, approvalValidity: '5m', pendingTtl: '5m', mode: 'respond', waitTimeout: '1s' };
const policy = {
  version: 1,
  defaults: { action: 'deny', status: 403, message: 'no rule allows this request', maskingProfile: 'strict' },
  rules: [
    { id: 'sign-in-first', match: { authenticated: false }, action: 'deny', deny: { status: 401, message: 'sign in' } },
    { id: 'writes-held', match: { methods: ['POST'] }, action: 'hold', hold },
    { id: 'reads', match: { methods: ['GET'] }, action: 'allow' },
  ],
};

const firstNames = ['Jane', 'Maria', 'Robert', 'Jennifer', 'Grace', 'Jose'];
const surnames = ['Testperson', 'Quillfeather', 'Brambleton', 'Okonkwo', 'Vasquezhart'];
const ssnArb = fc.tuple(fc.integer({ min: 1, max: 665 }), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 9999 }))
  .filter(([a]) => a !== 666)
  .map(([a, g, s]) => `${String(a).padStart(3, '0')}-${String(g).padStart(2, '0')}-${String(s).padStart(4, '0')}`);
const phoneArb = fc.tuple(fc.integer({ min: 201, max: 989 }), fc.integer({ min: 200, max: 999 }), fc.integer({ min: 0, max: 9999 }))
  .map(([a, e, l]) => `${a}-${e}-${String(l).padStart(4, '0')}`);
const separatorArb = fc.constantFrom(' ', '-', '_', '.', '+');
const encodingArb = fc.constantFrom('raw', 'percent', 'double', 'lower');

const phiArb = fc.record({ first: fc.constantFrom(...firstNames), last: fc.constantFrom(...surnames), ssn: ssnArb, phone: phoneArb, sep: separatorArb, encoding: encodingArb, mrn: fc.integer({ min: 1_000_000, max: 99_999_999 }) });
type Phi = { first: string; last: string; ssn: string; phone: string; sep: string; encoding: string; mrn: number };

function encode(text: string, encoding: string): string {
  switch (encoding) {
    case 'percent':
      return encodeURIComponent(text);
    case 'double':
      return encodeURIComponent(encodeURIComponent(text));
    case 'lower':
      return encodeURIComponent(text.toLowerCase());
    default:
      return text.replace(/ /g, '+');
  }
}

/** What must never be found (case-insensitive): the surname, the SSN and phone with and without dashes, the MRN digits. */
function needles(p: Phi): string[] {
  return [p.last, p.ssn, p.ssn.replaceAll('-', ''), p.phone, p.phone.replaceAll('-', ''), String(p.mrn)].map((n) => n.toLowerCase());
}

/**
 * What of a scrape could carry request data: metric names and label values, and any sample value
 * written whole (so a planted number set as a value still counts). A sum like 0.12449070699999985
 * holds "99999985" by chance: digits inside a sample value are not a leak.
 */
function metricNamesAndLabels(scrape: string): string {
  return scrape
    .toLowerCase()
    .split('\n')
    .map((line) => (line.startsWith('#') ? line : line.replace(/ ([0-9.e+-]+|nan|[+-]?inf)$/, (_all, value: string) => (/^\d+$/.test(value) ? ` ${value}` : ''))))
    .join('\n');
}

describe('hostile agent plants PHI in every field: none reaches audit, trace logs or /metrics', () => {
  const issuer = new TestIssuer();
  let wardgate: TestWardgate;
  let authz: AuthzCheckClient;
  let approver: AdminApi;

  beforeAll(async () => {
    await issuer.start();
    wardgate = await new TestWardgate({
      policy,
      config: {
        logLevel: 'trace',
        identity: { issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri, audiences: [issuer.audience] }] },
        admin: { adminGroups: ['wardgate-admins'] },
      },
    }).start();
    authz = new AuthzCheckClient(wardgate.grpcPort);
    approver = new AdminApi(`http://127.0.0.1:${wardgate.httpPort}`, await issuer.token({ sub: 'bob', groups: ['phi-approvers'] }));
  });

  afterAll(async () => {
    authz?.close();
    await wardgate?.cleanup();
    await issuer.stop();
  });

  it('holds for generated values, encodings and separators', async () => {
    let audited = 0;
    await fc.assert(
      fc.asyncProperty(phiArb, fc.constantFrom('GET', 'POST', 'SQL'), async (p, kind) => {
        const method = kind === 'GET' ? 'GET' : 'POST';
        const name = `${p.first}${p.sep}${p.last}`;
        const email = `${p.first}.${p.last}@example.org`.toLowerCase();
        const ssnBare = p.ssn.replaceAll('-', '');
        const token = await issuer.token({
          sub: 'alice',
          groups: ['clinicians'],
          email,
          extra: { name: `${p.first} ${p.last}`, phone_number: p.phone, patient: { ssn: p.ssn, mrn: `MRN ${p.mrn}` } },
        });
        const logsBefore = wardgate.logLines.length;
        const path = `/api/patients/${encode(name, p.encoding)}/ssn/${ssnBare}/${encode(p.phone, p.encoding)}/mrn-${p.mrn}`;
        const query = `q=${encode(`${p.first} ${p.last}`, p.encoding)}&ssn=${encode(p.ssn, p.encoding)}&phone=${encode(p.phone, p.encoding)}&email=${encode(email, p.encoding)}&${encode(name, p.encoding)}=1`;
        // Numbers a metric shows anyway (a bucket bound, a byte count) are not this request's leak.
        const metricsBefore = metricNamesAndLabels(await (await fetch(`http://127.0.0.1:${wardgate.httpPort}/metrics`)).text());
        const result = await authz.check({
          method,
          path: `${path}?${query}`,
          host: [`${p.first}${p.sep}${p.last}.example`, `${ssnBare}.example:8080`, `${p.first} ${p.last}`][p.mrn % 3]!.toLowerCase(),
          headers: {
            authorization: `Bearer ${token}`,
            'x-request-id': [name, p.ssn, `${ssnBare}abcdef0123456789`, `${p.last}-${p.mrn}`][p.mrn % 4]!,
            'x-patient-name': name,
            'user-agent': `agent for ${email}`,
            referer: `https://chart.example/${p.ssn}`,
          },
          body:
            kind === 'SQL'
              ? JSON.stringify({ sql: `SELECT * FROM patients WHERE name = '${p.encoding === 'lower' ? name.toLowerCase() : name}' AND ssn = '${ssnBare}' AND phone = '${p.phone}' AND mrn = ${p.mrn}` })
              : JSON.stringify({ name: `${p.first} ${p.last}`, ssn: p.ssn, phone: p.phone, email, note: `MRN ${p.mrn}` }),
        });
        if (method === 'POST' && result.body?.status === 'held') {
          await approver.approve(result.body.approvalId as string, 'approved in a property test');
          await approver.request('GET', `/v1/approvals/${encodeURIComponent(`${p.first} ${p.last} ${p.ssn}`)}`);
        }
        const events = (await wardgate.auditEvents()).slice(audited);
        audited += events.length;
        const metrics = await (await fetch(`http://127.0.0.1:${wardgate.httpPort}/metrics`)).text();
        const haystacks = [...events.map((e) => JSON.stringify(e)), ...wardgate.logLines.slice(logsBefore)].map((h) => h.toLowerCase());
        const metricsNow = metricNamesAndLabels(metrics);
        for (const needle of needles(p)) {
          const found = haystacks.find((h) => h.includes(needle)) ?? (metricsNow.includes(needle) && !metricsBefore.includes(needle) ? metricsNow : undefined);
          expect(found, `planted ${JSON.stringify(needle)} (${p.encoding}, "${p.sep}") leaked`).toBeUndefined();
        }
      }),
      { numRuns: 60 },
    );
    // The scan looked at real events and log lines, not at nothing.
    expect(audited).toBeGreaterThan(60);
    expect(wardgate.logLines.length).toBeGreaterThan(0);
    expect(readFileSync(wardgate.auditFile, 'utf8')).toContain('access.decision');
  });
});
