import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvoyFront, stopEnvoyFront } from '../support/envoy-front.js';
import type { EnvoyProcess } from '../support/envoy-process.js';
import { UpstreamServer } from '../support/upstream-server.js';
import { TestWardgate } from '../support/wardgate-instance.js';

// Issue 14: raw PHI must never pass because of how a body is encoded, through a real Envoy.
const PHI = { name: 'Augusta Lovelace', ssn: '219-09-9999', phone: '617-555-0123', email: 'ada.lovelace@example.org' };
const leaked = (text: string): string[] => Object.values(PHI).filter((v) => text.includes(v));

const note = `Seen today. Patient: ${PHI.name}, SSN ${PHI.ssn}, phone ${PHI.phone}, mail ${PHI.email}. Heart rate 72, naïve ✓.\n`.repeat(40);
const utf16be = (text: string): Buffer => Buffer.from(text, 'utf16le').swap16();
// windows-1252 bytes for the CSV: é = 0xE9, € = 0x80, “ ” = 0x93 0x94 (Latin-1 has no such characters).
const cp1252 = (text: string): Buffer =>
  Buffer.from([...text].map((c) => ({ '€': 0x80, '“': 0x93, '”': 0x94 })[c] ?? c.charCodeAt(0)));
const csvText = `name,ssn,phone,email,note,fee\n"${PHI.name}",${PHI.ssn},${PHI.phone},${PHI.email},“José’s café”,€12\n"Doe, John",078-05-1121,555-867-5309,jd@example.com,ok,€3\n`.replace('’', "'");

describe('masking in the body charset, through a real Envoy', () => {
  const upstream = new UpstreamServer();
  const wardgate = new TestWardgate({
    policy: { version: 1, defaults: { action: 'allow', maskingProfile: 'strict' }, rules: [] },
    config: { extproc: { maxAccumulatedBody: '256KiB', maxBufferedBody: '64KiB' } },
  });
  let envoy: EnvoyProcess;

  /** Writes the body in chunks of `step` bytes (odd, so UTF-16 code units are split), no content-length. */
  const chunked = (contentType: string, body: Buffer, step = 333) => (_req: unknown, res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': contentType });
    let at = 0;
    const next = (): void => {
      if (at >= body.length) {
        res.end();
        return;
      }
      res.write(body.subarray(at, at + step));
      at += step;
      setTimeout(next, 2);
    };
    next();
  };
  const whole = (contentType: string, body: Buffer) => (_req: unknown, res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': contentType, 'content-length': String(body.length) });
    res.end(body);
  };

  beforeAll(async () => {
    upstream
      .route('/utf16le-notes', chunked('text/plain; charset=utf-16le', Buffer.from(note, 'utf16le')))
      .route('/utf16-bom-notes', whole('text/plain', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(note)])))
      .route('/utf16be-json', chunked('application/json; charset="UTF-16BE"', utf16be(JSON.stringify({ name: PHI.name, ssn: PHI.ssn, heartRate: 72 }))))
      .route('/report-1252.csv', whole('text/csv; charset=windows-1252', cp1252(csvText)))
      .route('/report-1252-chunked.csv', chunked('text/csv; charset=Windows-1252', cp1252(csvText.repeat(20)), 97))
      .route('/unknown-charset', whole('text/plain; charset=utf-7', Buffer.from(note)))
      .route('/ebcdic', chunked('text/plain; charset=ebcdic-us', Buffer.from(note)))
      .route('/utf16-as-utf8', whole('text/plain; charset=utf-8', Buffer.from(note, 'utf16le')))
      .route('/utf8-labelled-utf16', chunked('text/plain; charset=utf-16le', Buffer.from(note, 'utf8')))
      .route('/utf16-no-bom', whole('text/plain; charset=utf-16', Buffer.from(note, 'utf16le')));
    envoy = await startEnvoyFront(wardgate, upstream);
  });

  afterAll(() => stopEnvoyFront(envoy, wardgate, upstream));

  it('a chunked UTF-16LE text response is masked and stays UTF-16LE', async () => {
    const res = await fetch(envoy.url('/utf16le-notes'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-16le');
    const text = Buffer.from(await res.arrayBuffer()).toString('utf16le');
    expect(leaked(text)).toEqual([]);
    expect(text).toContain('Heart rate 72, naïve ✓');
    expect(text.split('\n').filter(Boolean)).toHaveLength(40);
  });

  it('UTF-16BE with a BOM and no charset: masked, BOM kept, content-length right', async () => {
    const res = await fetch(envoy.url('/utf16-bom-notes'));
    const raw = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBe(raw.length);
    expect([...raw.subarray(0, 2)]).toEqual([0xfe, 0xff]);
    const text = new TextDecoder('utf-16be').decode(raw.subarray(2));
    expect(leaked(text)).toEqual([]);
    expect(text).toContain('Heart rate 72');
  });

  it('chunked UTF-16BE JSON is masked whole and stays UTF-16BE', async () => {
    const res = await fetch(envoy.url('/utf16be-json'));
    expect(res.status).toBe(200);
    const text = new TextDecoder('utf-16be').decode(await res.arrayBuffer());
    expect(leaked(text)).toEqual([]);
    expect(JSON.parse(text)).toMatchObject({ heartRate: 72 });
  });

  it.each(['/report-1252.csv', '/report-1252-chunked.csv'])('a windows-1252 CSV (%s) is masked and keeps its bytes for é, € and “”', async (path) => {
    const res = await fetch(envoy.url(path));
    expect(res.status).toBe(200);
    const raw = Buffer.from(await res.arrayBuffer());
    if (path === '/report-1252.csv') expect(Number(res.headers.get('content-length'))).toBe(raw.length);
    const latin = raw.toString('latin1');
    expect(leaked(latin)).toEqual([]);
    expect(latin).not.toContain('078-05-1121');
    const rows = latin.trim().split('\n');
    expect(rows[0]).toBe('name,ssn,phone,email,note,fee');
    expect(raw.includes(Buffer.from([0x93, 0x4a, 0x6f, 0x73, 0xe9]))).toBe(true); // “José
    expect(raw.includes(Buffer.from([0x80, 0x31, 0x32]))).toBe(true); // €12
    expect(raw.includes(Buffer.from('€', 'utf8'))).toBe(false);
  });

  it('a chunked UTF-8 body labelled UTF-16LE (values plain to a client ignoring the label) is cut, never passed', async () => {
    let text = '';
    try {
      const res = await fetch(envoy.url('/utf8-labelled-utf16'));
      text = Buffer.from(await res.arrayBuffer()).toString('utf8');
    } catch {
      // Streamed: the headers are out, so the refusal resets the stream.
    }
    expect(leaked(text)).toEqual([]);
    const events = (await wardgate.auditEvents()) as Array<{ kind: string; session?: { blocked?: string } }>;
    expect(events.some((e) => e.kind === 'access.session' && e.session?.blocked === 'uninspectable_body')).toBe(true);
  });

  it.each([
    ['a charset Wardgate cannot decode', '/unknown-charset', 'wardgate_unsupported_charset'],
    ['a chunked body in a charset Wardgate cannot decode', '/ebcdic', 'wardgate_unsupported_charset'],
    ['charset=utf-16 without a byte order mark', '/utf16-no-bom', 'wardgate_unsupported_charset'],
    ['a UTF-16 body labelled UTF-8 (NUL bytes)', '/utf16-as-utf8', 'wardgate_uninspectable_body'],
  ])('%s is blocked with its reason', async (_name, path, reason) => {
    const res = await fetch(envoy.url(path));
    expect(res.status).toBe(502);
    const text = await res.text();
    expect(leaked(text)).toEqual([]);
    expect(JSON.parse(text)).toMatchObject({ status: 'blocked', reason });
  });
});
