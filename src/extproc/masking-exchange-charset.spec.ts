import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { createSilentLogger } from '../logging/logger.js';
import { createMaskingEngine } from '../masking/masking-engine.js';
import { createWardgateMetrics } from '../metrics/wardgate-metrics.js';
import type { BodyCharset } from './charset/body-charset.js';
import { BodyTextDecoder } from './charset/body-text-decoder.js';
import { BodyTextEncoder } from './charset/body-text-encoder.js';
import type { ExtprocSettings } from './extproc-settings.js';
import { createMaskingExchangeHandlers } from './masking-exchange-handler.js';

// Issue 14: raw PHI must never pass because of how a body is encoded. The real masking engine
// runs behind the handler; only the charset differs between a body and its UTF-8 twin.
const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 7), clock: new ManualClock(Date.UTC(2026, 0, 1)) });
const settings: ExtprocSettings = {
  defaultProfile: 'strict', passthroughProfile: 'none', stripAcceptEncoding: true, maxBufferedBytes: 64 * 1024,
  maxAccumulatedBytes: 256 * 1024, maxDecompressedBytes: 1024 * 1024, unknownContentType: 'block', uninspectable: 'block',
};
const factory = createMaskingExchangeHandlers({
  masking: engine,
  audit: { record: () => Promise.resolve(undefined) },
  logger: createSilentLogger(),
  clock: new ManualClock(),
  metrics: createWardgateMetrics(),
  settings,
});

type Outcome = { status: 'sent'; body: Buffer; headers: string[] } | { status: 'blocked'; reason: string };

/** One response through the handler, body in the given chunks (a known length makes it buffered). */
async function exchange(contentType: string, chunks: Buffer[], withLength: boolean): Promise<Outcome> {
  const handler = factory.create();
  const body = Buffer.concat(chunks);
  const headers: Record<string, string> = { ':status': '200', 'content-type': contentType };
  if (withLength) headers['content-length'] = String(body.length);
  const verdict = await handler.responseHeaders({ headers, endOfStream: false });
  if (verdict.kind === 'reject') return { status: 'blocked', reason: verdict.details };
  const parts = verdict.bodyMode === 'streamed' ? chunks : [body];
  const out: Buffer[] = [];
  for (const [i, part] of parts.entries()) {
    const v = await handler.responseBody(part, i === parts.length - 1);
    if (v.kind === 'reject') return { status: 'blocked', reason: v.details };
    out.push(v.replace ?? part);
  }
  handler.close('completed');
  return { status: 'sent', body: Buffer.concat(out), headers: verdict.removeHeaders ?? [] };
}

function split(body: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (body.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const cut of at) {
    parts.push(body.subarray(from, cut));
    from = cut;
  }
  parts.push(body.subarray(from));
  return parts;
}

const encode = (text: string, charset: BodyCharset): Buffer => new BodyTextEncoder(charset, Buffer.alloc(0)).push(text);
// Node 20's TextDecoder reads windows-1252 as Latin-1, so single-byte bodies use Wardgate's table
// (checked byte by byte in charset/body-transcoder.spec.ts).
const decode = (bytes: Buffer, charset: BodyCharset): string =>
  charset === 'windows-1252' || charset === 'iso-8859-1' ? new BodyTextDecoder({ kind: 'charset', charset }).push(bytes) : new TextDecoder(charset).decode(bytes);

const people = [
  { name: 'Augusta Lovelace', ssn: '219-09-9999', phone: '617-555-0123', email: 'ada.lovelace@example.org' },
  { name: 'José Müller', ssn: '078-05-1121', phone: '(555) 867-5309', email: 'jose.muller@example.com' },
  { name: 'Renée Dubois', ssn: '123-45-6789', phone: '617 555 0199', email: 'renee@hospital.example' },
];
const PHI = people.flatMap((p) => [p.ssn, p.phone, p.email]);

const documents: Record<'text' | 'csv' | 'ndjson' | 'json', { type: string; render: (rows: typeof people, extra: string) => string }> = {
  text: { type: 'text/plain', render: (rows, extra) => rows.map((p) => `Seen today${extra}: patient ${p.name}, SSN ${p.ssn}, phone ${p.phone}, mail ${p.email}. Heart rate 72.\n`).join('') },
  csv: { type: 'text/csv', render: (rows, extra) => `name,ssn,phone,email,note\n${rows.map((p) => `"${p.name}",${p.ssn},${p.phone},${p.email},"ok${extra}"`).join('\n')}\n` },
  ndjson: { type: 'application/x-ndjson', render: (rows, extra) => rows.map((p) => JSON.stringify({ name: p.name, ssn: p.ssn, telecom: [p.phone, p.email], note: `ok${extra}` })).join('\n') + '\n' },
  json: { type: 'application/json', render: (rows, extra) => JSON.stringify({ entry: rows.map((p) => ({ name: p.name, ssn: p.ssn, phone: p.phone, email: p.email, note: `ok${extra}` })) }) },
};

const charsets: Array<{ charset: BodyCharset; label: string; extra: fc.Arbitrary<string> }> = [
  { charset: 'utf-16le', label: 'utf-16le', extra: fc.constantFrom('', ' ✓', ' 😀 naïve', ' 日本語', ' €') },
  { charset: 'utf-16be', label: 'UTF-16BE', extra: fc.constantFrom('', ' ✓', ' 😀 naïve', ' 日本語') },
  { charset: 'windows-1252', label: '"Windows-1252"', extra: fc.constantFrom('', ' café', ' “quoted” €5', ' ŒŸ') },
  { charset: 'iso-8859-1', label: 'ISO-8859-1', extra: fc.constantFrom('', ' café', ' £5 ñ') },
  { charset: 'utf-8', label: 'utf-8', extra: fc.constantFrom('', ' 😀', ' ½') },
];

describe('masking in every supported charset', () => {
  for (const { charset, label, extra } of charsets) {
    for (const [kind, doc] of Object.entries(documents)) {
      it(`property: ${kind} in ${label}, buffered or streamed in random chunks, is masked as its UTF-8 twin`, async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.shuffledSubarray(people, { minLength: 1 }), extra, fc.array(fc.nat(), { maxLength: 8 }), fc.boolean(),
            async (rows, more, cuts, withLength) => {
              const text = doc.render(rows, more);
              const twin = await exchange(doc.type, [Buffer.from(text, 'utf8')], true);
              const body = encode(text, charset);
              const got = await exchange(`${doc.type}; charset=${label}`, split(body, cuts), withLength);
              expect(twin.status).toBe('sent');
              expect(got.status).toBe('sent');
              if (got.status !== 'sent' || twin.status !== 'sent') return;
              const masked = decode(got.body, charset);
              expect(masked).toBe(twin.body.toString('utf8'));
              expect(PHI.filter((v) => masked.includes(v))).toEqual([]);
              // Re-encoded in the same charset: the same bytes as encoding the twin's text.
              expect(got.body.equals(encode(masked, charset))).toBe(true);
            },
          ),
          { numRuns: 25 },
        );
      });
    }
  }

  it('a UTF-16 body with a BOM and no charset is masked and keeps its BOM', async () => {
    const text = documents.text.render(people, '');
    for (const [bom, charset] of [[[0xff, 0xfe], 'utf-16le'], [[0xfe, 0xff], 'utf-16be']] as const) {
      const body = Buffer.concat([Buffer.from(bom), encode(text, charset)]);
      const got = await exchange('text/plain', split(body, [1, 3, 101]), false);
      expect(got.status).toBe('sent');
      if (got.status !== 'sent') continue;
      expect(got.body.subarray(0, 2)).toEqual(Buffer.from(bom));
      expect(PHI.filter((v) => decode(got.body.subarray(2), charset).includes(v))).toEqual([]);
    }
  });

  it.each([
    ['an unknown charset', 'text/plain; charset=utf-7', Buffer.from('SSN 219-09-9999'), 'wardgate_unsupported_charset'],
    ['a charset said twice, differently', 'text/plain; charset=utf-8; charset=utf-16le', Buffer.from('SSN 219-09-9999'), 'wardgate_unsupported_charset'],
    ['utf-16 with no BOM', 'text/plain; charset=utf-16', encode('SSN 219-09-9999', 'utf-16le'), 'wardgate_unsupported_charset'],
    ['a BOM contradicting the charset', 'text/csv; charset=utf-8', Buffer.concat([Buffer.from([0xff, 0xfe]), encode('SSN 219-09-9999', 'utf-16le')]), 'wardgate_unsupported_charset'],
    ['UTF-16 labelled UTF-8 (NUL bytes)', 'text/plain; charset=utf-8', encode('SSN 219-09-9999', 'utf-16le'), 'wardgate_uninspectable_body'],
    ['UTF-16 JSON with no charset and no BOM', 'application/json', encode('{"ssn":"219-09-9999"}', 'utf-16be'), 'wardgate_uninspectable_body'],
    ['UTF-8 text labelled UTF-16LE (a client ignoring the label reads it all)', 'text/plain; charset=utf-16le', Buffer.from(documents.text.render(people, '')), 'wardgate_uninspectable_body'],
    ['UTF-8 CSV labelled UTF-16BE', 'text/csv; charset=utf-16be', Buffer.from(documents.csv.render(people, '')), 'wardgate_uninspectable_body'],
    ['UTF-8 names labelled windows-1252', 'text/plain; charset=windows-1252', Buffer.from('Seen today: patient José Müller and Renée Dubois. '.repeat(3)), 'wardgate_uninspectable_body'],
  ])('%s is blocked, buffered or streamed', async (_name, type, body, reason) => {
    for (const withLength of [true, false]) {
      expect(await exchange(type, split(body, [5]), withLength)).toEqual({ status: 'blocked', reason });
    }
  });

  it('a request body to be masked is read in its own charset too', async () => {
    const handler = factory.create();
    const metadata = { decisionId: 'd', correlationId: 'c', ruleId: 'r', action: 'allow' as const, maskingProfile: 'strict', maskRequestBody: true };
    const body = encode(JSON.stringify({ prompt: `Summarise: SSN ${people[0]!.ssn}, mail ${people[0]!.email}` }), 'utf-16le');
    const headers = { ':method': 'POST', 'content-type': 'application/json; charset=utf-16le', 'content-length': String(body.length) };
    expect(await handler.requestHeaders({ headers, endOfStream: false, metadata })).toMatchObject({ bodyMode: 'buffered' });
    const verdict = await handler.requestBody(body, true);
    const sent = verdict.kind === 'continue' ? (verdict.replace ?? body).toString('utf16le') : '';
    expect(JSON.parse(sent)).toMatchObject({ prompt: expect.stringContaining('[REDACTED:SSN]') });
    expect(PHI.filter((v) => sent.includes(v))).toEqual([]);
  });

  it('a charset Wardgate cannot decode is blocked at the headers, before any byte is sent', async () => {
    const handler = factory.create();
    const verdict = await handler.responseHeaders({ headers: { ':status': '200', 'content-type': 'application/json; charset=shift_jis' }, endOfStream: false });
    expect(verdict).toMatchObject({ kind: 'reject', status: 502, body: { status: 'blocked', reason: 'wardgate_unsupported_charset' } });
  });

  it('mask tokens are ASCII, so masked text always fits back into Latin-1 and windows-1252', () => {
    const { output } = engine.maskBody(documents.text.render(people, ''), 'text', 'strict');
    const tokens = output.match(/\[REDACTED:[A-Z_]+\]|tok_[a-z_]+_[0-9a-f]+/g) ?? [];
    expect(tokens.length).toBeGreaterThan(0);
    for (const token of tokens) expect(token).toMatch(/^[\x20-\x7e]+$/);
  });
});
