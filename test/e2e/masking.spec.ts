import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvoyFront, stopEnvoyFront } from '../support/envoy-front.js';
import type { EnvoyProcess } from '../support/envoy-process.js';
import { UpstreamServer } from '../support/upstream-server.js';
import { TestWardgate } from '../support/wardgate-instance.js';

// Issue #4: every response body the agent receives through a real Envoy is de-identified.
const PHI = {
  family: 'Lovelace',
  given: 'Augusta',
  ssn: '219-09-9999',
  phone: '617-555-0123',
  email: 'ada.lovelace@example.org',
  mrn: 'MRN-4471923',
  birthDate: '1975-06-02',
  street: '12 Marylebone Road',
};

const bundle = {
  resourceType: 'Bundle',
  type: 'searchset',
  entry: [
    {
      resource: {
        resourceType: 'Patient',
        id: 'p1',
        identifier: [{ system: 'urn:mrn', value: PHI.mrn }],
        name: [{ family: PHI.family, given: [PHI.given] }],
        telecom: [{ system: 'phone', value: PHI.phone }, { system: 'email', value: PHI.email }],
        birthDate: PHI.birthDate,
        address: [{ line: [PHI.street], city: 'London', postalCode: '02139', country: 'UK' }],
        gender: 'female',
      },
    },
    {
      resource: {
        resourceType: 'Observation',
        id: 'o1',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
        valueQuantity: { value: 72, unit: 'beats/minute' },
        note: [{ text: `Patient ${PHI.given} ${PHI.family} (SSN ${PHI.ssn}) called from ${PHI.phone}.` }],
      },
    },
  ],
};

function leaked(text: string): string[] {
  return Object.values(PHI).filter((value) => text.includes(value));
}

describe('PHI masking through a real Envoy', () => {
  const upstream = new UpstreamServer();
  const wardgate = new TestWardgate({
    policy: {
      version: 1,
      defaults: { action: 'allow', maskingProfile: 'strict' },
      rules: [
        { id: 'research', match: { paths: ['/research/**'] }, action: 'allow', maskingProfile: 'research' },
        { id: 'outbound-llm', match: { paths: ['/llm/**'] }, action: 'allow', maskingProfile: 'strict', maskRequestBody: true },
      ],
    },
    config: { extproc: { maxAccumulatedBody: '256KiB', maxBufferedBody: '64KiB' } },
  });
  let envoy: EnvoyProcess;

  const send = (contentType: string, body: string | Buffer, extra: Record<string, string> = {}) => (_req: unknown, res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)), ...extra });
    res.end(body);
  };

  beforeAll(async () => {
    const ndjsonLines = Array.from({ length: 200 }, (_, i) => JSON.stringify({ ...bundle.entry[0]?.resource, id: `p${i}` }));
    const csv = `id,name,ssn,phone,heart_rate\n1,"${PHI.family}, ${PHI.given}",${PHI.ssn},${PHI.phone},72\n2,"Doe, ""JD"" John",078-05-1121,555-867-5309,80\n`;
    upstream
      .route('/fhir/Bundle', send('application/fhir+json', JSON.stringify(bundle)))
      .route('/research/Bundle', send('application/fhir+json', JSON.stringify(bundle)))
      .route('/export.ndjson', (_req, res) => {
        // Chunk boundaries fall inside values on purpose.
        res.writeHead(200, { 'content-type': 'application/fhir+ndjson' });
        const text = `${ndjsonLines.join('\n')}\n`;
        let at = 0;
        const step = (): void => {
          if (at >= text.length) {
            res.end();
            return;
          }
          res.write(text.slice(at, at + 997));
          at += 997;
          setImmediate(step);
        };
        step();
      })
      .route('/report.csv', send('text/csv', csv))
      .route('/gzip', send('application/json', gzipSync(JSON.stringify(bundle)), { 'content-encoding': 'gzip' }))
      .route('/chunked-notes', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write(`Seen today. Patient: ${PHI.given} ${PHI.family}, SSN ${PHI.ssn.slice(0, 6)}`);
        setTimeout(() => res.end(`${PHI.ssn.slice(6)}, phone ${PHI.phone}. Heart rate 72.\n`), 30);
      })
      .route('/huge', send('application/json', JSON.stringify({ rows: Array.from({ length: 20_000 }, (_, i) => ({ id: i, name: PHI.family })) })))
      .route('/llm/v1/chat', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"reply":"ok"}');
      })
      .route('/huge-chunked', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"rows":[');
        let i = 0;
        const step = (): void => {
          if (i >= 40) {
            res.end(`{"id":${i},"name":"${PHI.family}"}]}`);
            return;
          }
          res.write(`${Array.from({ length: 250 }, (_, k) => JSON.stringify({ id: i * 250 + k, name: PHI.family })).join(',')},`);
          i += 1;
          setImmediate(step);
        };
        step();
      })
      .route('/binary', send('application/octet-stream', Buffer.from(`%PDF ${PHI.family}`)))
      .route('/zstd', send('application/json', Buffer.from('(\u00b5/\u00fd...'), { 'content-encoding': 'zstd' }));
    envoy = await startEnvoyFront(wardgate, upstream);
  });

  afterAll(() => stopEnvoyFront(envoy, wardgate, upstream));

  it('FHIR Bundle: PHI masked, clinical values kept, content-length right', async () => {
    const res = await fetch(envoy.url('/fhir/Bundle'));
    const raw = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBe(raw.length);
    const text = raw.toString();
    expect(leaked(text)).toEqual([]);
    const body = JSON.parse(text) as typeof bundle;
    expect(body.entry[1]?.resource).toMatchObject({ status: 'final', valueQuantity: { value: 72, unit: 'beats/minute' } });
    expect(JSON.stringify(body.entry[1]?.resource.code)).toContain('8867-4');
  });

  it('a research profile keeps what it may (the birth year) and still hides the rest', async () => {
    const text = await (await fetch(envoy.url('/research/Bundle'))).text();
    expect(leaked(text)).toEqual([]);
    expect(text).toContain('1975');
  });

  it('NDJSON streamed in odd chunks: every line masked, line count unchanged', async () => {
    const res = await fetch(envoy.url('/export.ndjson'));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(leaked(text)).toEqual([]);
    const lines = text.split('\n').filter((l) => l.length > 0);
    expect(lines).toHaveLength(200);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ resourceType: 'Patient', gender: 'female' });
  });

  it('CSV keeps its columns and quoting', async () => {
    const text = await (await fetch(envoy.url('/report.csv'))).text();
    expect(leaked(text)).toEqual([]);
    expect(text).not.toContain('078-05-1121');
    const rows = text.trim().split('\n');
    expect(rows[0]).toBe('id,name,ssn,phone,heart_rate');
    expect(rows).toHaveLength(3);
    expect(rows[1]?.endsWith(',72')).toBe(true);
  });

  it('a gzip-encoded upstream body is decoded, masked and sent uncompressed', async () => {
    const res = await fetch(envoy.url('/gzip'), { headers: { 'accept-encoding': 'identity' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBeNull();
    const raw = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(raw.length);
    expect(leaked(raw.toString())).toEqual([]);
    expect(JSON.parse(raw.toString())).toMatchObject({ resourceType: 'Bundle' });
  });

  it('accept-encoding is stripped on the way upstream', async () => {
    await fetch(envoy.url('/fhir/Bundle'), { headers: { 'accept-encoding': 'gzip, br' } });
    expect(upstream.received.at(-1)?.headers['accept-encoding']).toBeUndefined();
  });

  it('a chunked text body with a value split across chunks is still masked', async () => {
    const res = await fetch(envoy.url('/chunked-notes'));
    const text = await res.text();
    expect(leaked(text)).toEqual([]);
    expect(text).toContain('Heart rate 72');
  });

  it('an oversized JSON body is refused with a clear error, never passed', async () => {
    const res = await fetch(envoy.url('/huge'));
    expect(res.status).toBe(502);
    const text = await res.text();
    expect(text).not.toContain(PHI.family);
    expect(JSON.parse(text)).toMatchObject({ status: 'blocked', reason: 'wardgate_body_too_large' });
  });

  it('a chunked JSON body that grows past the limit is refused with a clear error, never passed', async () => {
    // Envoy holds the headers of a chunked JSON body until Wardgate has seen it whole.
    const res = await fetch(envoy.url('/huge-chunked'));
    expect(res.status).toBe(502);
    const text = await res.text();
    expect(text).not.toContain(PHI.family);
    expect(JSON.parse(text)).toMatchObject({ status: 'blocked', reason: 'wardgate_body_too_large' });
    const events = await wardgate.auditEvents();
    expect(events.some((e) => e.kind === 'access.session' && (e as { session?: { blocked?: string } }).session?.blocked === 'body_too_large')).toBe(true);
  });

  it.each([
    ['an unknown content type', '/binary', 'wardgate_unsupported_content_type'],
    ['an encoding Wardgate cannot decode', '/zstd', 'wardgate_unsupported_content_encoding'],
  ])('%s is blocked', async (_name, path, reason) => {
    const res = await fetch(envoy.url(path));
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ status: 'blocked', reason });
  });

  it('a rule can mask the request body before it leaves (e.g. a prompt to an external LLM)', async () => {
    const prompt = JSON.stringify({ messages: [{ role: 'user', content: `Summarise: patient SSN ${PHI.ssn}, email ${PHI.email}, phone ${PHI.phone}` }] });
    const res = await fetch(envoy.url('/llm/v1/chat'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: prompt });
    expect(res.status).toBe(200);
    const sent = upstream.received.at(-1);
    expect(sent?.url).toBe('/llm/v1/chat');
    const body = sent?.body.toString() ?? '';
    expect(leaked(body)).toEqual([]);
    expect(Number(sent?.headers['content-length'])).toBe(sent?.body.length);
    expect(JSON.parse(body)).toMatchObject({ messages: [{ role: 'user' }] });
  });

  it('the session audit events count what was masked, by category, without values', async () => {
    const events = await wardgate.auditEvents();
    const sessions = events.filter((e) => e.kind === 'access.session') as Array<{ session: { masking: { categories: Record<string, number> }; blocked?: string } }>;
    const masked = sessions.find((s) => (s.session.masking.categories.ssn ?? 0) > 0);
    expect(masked?.session.masking.categories).toMatchObject({ name: expect.any(Number), phone: expect.any(Number) });
    expect(sessions.some((s) => s.session.blocked === 'body_too_large')).toBe(true);
    const all = JSON.stringify(events) + wardgate.logLines.join('\n');
    expect(leaked(all)).toEqual([]);
  });
});
