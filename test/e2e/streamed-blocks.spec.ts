import type { ServerResponse } from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvoyFront, stopEnvoyFront } from '../support/envoy-front.js';
import type { EnvoyProcess } from '../support/envoy-process.js';
import { UpstreamServer } from '../support/upstream-server.js';
import { TestWardgate } from '../support/wardgate-instance.js';

// Issue 19 part 3: a streamed (chunked) response Wardgate refuses reaches the client as the
// README's status and reason wherever the headers are still held, not as a reset.
const SURNAME = 'Lovelace';
const SSN = '219-09-9999';

type Session = { kind: string; session?: { blocked?: string } };

describe('blocked streamed responses say why, through a real Envoy', () => {
  const upstream = new UpstreamServer();
  const wardgate = new TestWardgate({
    policy: { version: 1, defaults: { action: 'allow', maskingProfile: 'strict' }, rules: [] },
    config: { extproc: { maxAccumulatedBody: '256KiB', maxBufferedBody: '64KiB', maxDecompressedBody: '1MiB', maxLine: '4KiB' } },
  });
  let envoy: EnvoyProcess;

  /** Chunked (no content-length), one write per part with a pause between. */
  const chunked = (contentType: string, parts: Array<string | Buffer>, extra: Record<string, string> = {}) => (_req: unknown, res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': contentType, ...extra });
    let i = 0;
    const next = (): void => {
      if (i >= parts.length) {
        res.end();
        return;
      }
      res.write(parts[i++]);
      setTimeout(next, 3);
    };
    next();
  };
  const row = (i: number): string => JSON.stringify({ id: i, name: SURNAME, ssn: SSN, pad: 'x'.repeat(200) });

  beforeAll(async () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024));
    upstream
      .route('/invalid-json', chunked('application/json', [`{"name":"${SURNAME}",`, ` "ssn": ${SSN} nope`]))
      .route('/html', chunked('text/html', [`<p>${SURNAME}`, ` ${SSN}</p>`]))
      .route('/gzip-bomb', chunked('application/json', [bomb.subarray(0, 4000), bomb.subarray(4000)], { 'content-encoding': 'gzip' }))
      .route('/zstd', chunked('application/json', [Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.from(SURNAME)], { 'content-encoding': 'zstd' }))
      .route('/deflate-bomb', (_req, res) => {
        const body = deflateSync(Buffer.alloc(8 * 1024 * 1024));
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'deflate', 'content-length': String(body.length) });
        res.end(body);
      })
      .route('/json-past-limit', chunked('application/json', ['[', ...Array.from({ length: 100 }, (_, k) => `${Array.from({ length: 20 }, (_, j) => row(k * 20 + j)).join(',')},`), `${row(0)}]`]))
      // Past Envoy's own buffer limit (1 MiB): Envoy hands over what it holds without end of stream.
      .route('/json-past-envoy-buffer', chunked('application/json', ['[', ...Array.from({ length: 300 }, (_, k) => `${Array.from({ length: 20 }, (_, j) => row(k * 20 + j)).join(',')},`), `${row(0)}]`]))
      .route('/long-ndjson-line', chunked('application/x-ndjson', [`${row(1)}\n`, `{"name":"${SURNAME}","pad":"${'y'.repeat(3000)}`, `${'y'.repeat(3000)}","ssn":"${SSN}"}\n`]))
      .route('/long-invalid-json', (_req, res) => {
        // A known length above maxBufferedBody: streamed to Wardgate, so its headers are already out.
        const body = `{"rows":[${Array.from({ length: 400 }, (_, i) => row(i)).join(',')}] nope`;
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
        res.end(body);
      })
      .route('/bom-contradicting', chunked('text/plain; charset=utf-8', [Buffer.from([0xff, 0xfe]), Buffer.from(`${SURNAME} ${SSN}`, 'utf16le')]))
      .route('/reset-mid-json', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(`{"name":"${SURNAME}","ssn":"${SSN}",`);
        setTimeout(() => res.destroy(), 50);
      });
    envoy = await startEnvoyFront(wardgate, upstream);
  });

  afterAll(() => stopEnvoyFront(envoy, wardgate, upstream));

  it.each([
    ['chunked invalid JSON', '/invalid-json', 'wardgate_uninspectable_body'],
    ['chunked HTML', '/html', 'wardgate_unsupported_content_type'],
    ['a chunked gzip bomb', '/gzip-bomb', 'wardgate_body_too_large'],
    ['chunked zstd', '/zstd', 'wardgate_unsupported_content_encoding'],
    ['a deflate bomb', '/deflate-bomb', 'wardgate_body_too_large'],
    ['chunked JSON that grows past the limit', '/json-past-limit', 'wardgate_body_too_large'],
    ["chunked JSON that grows past Envoy's buffer", '/json-past-envoy-buffer', 'wardgate_body_too_large'],
  ])('%s: 502 with the documented reason', async (_name, path, reason) => {
    const res = await fetch(envoy.url(path), { headers: { 'accept-encoding': 'identity' } });
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('application/json');
    const text = await res.text();
    expect(text).not.toContain(SURNAME);
    expect(JSON.parse(text)).toMatchObject({ status: 'blocked', reason, requestId: expect.any(String) });
  });

  it('an NDJSON line over the limit: the headers are already out, so the stream is cut, never passed raw', async () => {
    let text = '';
    let status = 0;
    try {
      const res = await fetch(envoy.url('/long-ndjson-line'));
      status = res.status;
      text = await res.text();
    } catch {
      // The reset may come before or after the first masked line reaches the client.
    }
    expect(status).toBe(200);
    expect(text).not.toContain(SURNAME);
    expect(text).not.toContain(SSN);
    const events = (await wardgate.auditEvents()) as Session[];
    expect(events.some((e) => e.kind === 'access.session' && e.session?.blocked === 'body_too_large')).toBe(true);
  });

  it.each([
    ['invalid JSON of a known length above the buffer', '/long-invalid-json', 'uninspectable_body'],
    ['a streamed text body whose BOM contradicts its charset', '/bom-contradicting', 'unsupported_charset'],
  ])('%s: the headers are already out, so the stream is reset, never passed', async (_name, path, reason) => {
    let text = '';
    try {
      const res = await fetch(envoy.url(path));
      text = Buffer.from(await res.arrayBuffer()).toString('latin1');
    } catch {
      text = '';
    }
    expect(text).not.toContain(SSN);
    expect(Buffer.from(text, 'latin1').toString('utf16le')).not.toContain(SSN);
    const events = (await wardgate.auditEvents()) as Session[];
    expect(events.some((e) => e.kind === 'access.session' && e.session?.blocked === reason)).toBe(true);
  });

  it('an upstream reset mid-JSON: headers were held, so the client gets Envoy\'s 502 and no byte of the body', async () => {
    const res = await fetch(envoy.url('/reset-mid-json'));
    expect(res.status).toBe(502);
    const text = await res.text();
    expect(text).not.toContain(SURNAME);
    expect(text).not.toContain(SSN);
    expect(text).toContain('reset');
  });
});
