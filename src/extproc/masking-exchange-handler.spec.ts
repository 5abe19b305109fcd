import { describe, expect, it } from 'vitest';
import type { AuditEventInput } from '../audit/audit-event.js';
import { SinkAuditRecorder } from '../audit/audit-recorder.js';
import type { ExchangeMetadata } from '../authz/authz-outcome.js';
import { ManualClock } from '../clock/clock.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { createSilentLogger } from '../logging/logger.js';
import type { MaskingSummary } from '../masking/masking-summary.js';
import { createWardgateMetrics } from '../metrics/wardgate-metrics.js';
import type { ExtprocSettings } from './extproc-settings.js';
import { createMaskingExchangeHandlers, type MaskingExchangeDeps } from './masking-exchange-handler.js';

const summary = (n: number): MaskingSummary => ({ categories: n ? { ssn: n } : {}, rules: {}, total: n });
const masking: MaskingExchangeDeps['masking'] = {
  hasProfile: (name) => ['strict', 'research'].includes(name),
  maskBody: (input, kind) => {
    if (kind === 'json') {
      try {
        JSON.parse(input);
      } catch (cause) {
        // What the real engine does with a body that is not JSON.
        throw new WardgateError(ErrorCode.Uninspectable, 'body is not valid JSON', { cause });
      }
    }
    const output = input.replace(/\d{3}-\d{2}-\d{4}/g, '[REDACTED:SSN]');
    return { output, summary: summary(output === input ? 0 : 1) };
  },
  maskText: (input) => {
    const output = input.replace(/\d{3}-\d{2}-\d{4}/g, '[REDACTED:SSN]');
    return { output, summary: summary(output === input ? 0 : 1) };
  },
  createStreamMasker: () => {
    let carry = '';
    let total = 0;
    return {
      push: (chunk) => {
        const text = carry + chunk;
        const cut = text.lastIndexOf(' ') + 1;
        carry = text.slice(cut);
        const out = text.slice(0, cut).replace(/\d{3}-\d{2}-\d{4}/g, () => (total++, '[REDACTED:SSN]'));
        return out;
      },
      end: () => carry.replace(/\d{3}-\d{2}-\d{4}/g, () => (total++, '[REDACTED:SSN]')),
      summary: () => summary(total),
    };
  },
};

const settings: ExtprocSettings = {
  defaultProfile: 'strict', passthroughProfile: 'none', stripAcceptEncoding: true, maxBufferedBytes: 1000,
  maxAccumulatedBytes: 5000, maxDecompressedBytes: 50_000, unknownContentType: 'block', uninspectable: 'block',
};

function setup(over: Partial<ExtprocSettings> = {}) {
  const events: AuditEventInput[] = [];
  let failing = false;
  const factory = createMaskingExchangeHandlers({
    masking,
    audit: new SinkAuditRecorder({
      sink: {
        emit: (e) => {
          if (failing) {
            const refused = new WardgateError(ErrorCode.Unavailable, 'down');
            return { refused, durable: Promise.resolve(refused) };
          }
          events.push(e);
          return { refused: undefined, durable: Promise.resolve(undefined) };
        },
        health: () => ({ ready: true, pending: 0 }),
        flush: () => Promise.resolve(),
        close: () => Promise.resolve(),
      },
      durability: 'durable',
      failClosed: true,
      logger: createSilentLogger(),
      onRefused: () => undefined,
    }),
    logger: createSilentLogger(),
    clock: new ManualClock(),
    metrics: createWardgateMetrics(),
    settings: { ...settings, ...over },
  });
  return { handler: factory.create(), events, failAudit: () => (failing = true) };
}

/** A durable-mode handler whose sink keeps each event's fdatasync pending until `sync()`. */
function setupPendingSync() {
  const events: AuditEventInput[] = [];
  const pending: Array<() => void> = [];
  const factory = createMaskingExchangeHandlers({
    masking,
    audit: new SinkAuditRecorder({
      sink: {
        emit: (e) => {
          events.push(e);
          return { refused: undefined, durable: new Promise<undefined>((resolve) => pending.push(() => resolve(undefined))) };
        },
        health: () => ({ ready: true, pending: pending.length }),
        flush: () => Promise.resolve(),
        close: () => Promise.resolve(),
      },
      durability: 'durable',
      failClosed: true,
      logger: createSilentLogger(),
      onRefused: () => undefined,
    }),
    logger: createSilentLogger(),
    clock: new ManualClock(),
    metrics: createWardgateMetrics(),
    settings,
  });
  return { handler: factory.create(), events, sync: () => pending.splice(0).forEach((resolve) => resolve()) };
}

const metadata = (profile: string): ExchangeMetadata => ({ decisionId: 'd', correlationId: 'c1', ruleId: 'r', action: 'allow', maskingProfile: profile, maskRequestBody: false, user: 'alice' });

describe('masking exchange handler', () => {
  it('strips accept-encoding upstream and masks a buffered JSON body, recording a session event', async () => {
    const { handler, events } = setup();
    expect(await handler.requestHeaders({ headers: { 'accept-encoding': 'gzip' }, endOfStream: true, metadata: metadata('strict') })).toMatchObject({ removeHeaders: ['accept-encoding'], bodyMode: 'none' });
    expect(await handler.responseHeaders({ headers: { ':status': '200', 'content-type': 'application/json', 'content-length': '25' }, endOfStream: false })).toMatchObject({ kind: 'continue', bodyMode: 'buffered' });
    const verdict = await handler.responseBody(Buffer.from('{"ssn":"219-09-9999"}'), true);
    expect(verdict).toMatchObject({ kind: 'continue' });
    expect(verdict.kind === 'continue' && verdict.replace?.toString()).toBe('{"ssn":"[REDACTED:SSN]"}');
    handler.close('completed');
    expect(events[0]).toMatchObject({ kind: 'access.session', correlationId: 'c1', session: { status: 200, requestBytes: 0, responseBytes: 21, maskingProfile: 'strict', masking: { total: 1 } } });
  });

  it('records a body size only for a body Wardgate saw: one not sent to it has an unknown size, not 0', async () => {
    const { handler, events } = setup();
    // A request body on a route that does not mask requests, and a response body on a PHI-free route.
    await handler.requestHeaders({ headers: {}, endOfStream: false, metadata: metadata('none') });
    await handler.responseHeaders({ headers: { ':status': '200', 'content-type': 'application/octet-stream' }, endOfStream: false });
    handler.close('completed');
    expect(events[0]?.session).toBeDefined();
    expect(events[0]?.session).not.toHaveProperty('requestBytes');
    expect(events[0]?.session).not.toHaveProperty('responseBytes');
  });

  it.each<{ name: string; profile: string; headers: Record<string, string>; endOfStream: boolean }>([
    { name: 'a headers-only response (204, no body)', profile: 'strict', headers: { ':status': '204' }, endOfStream: true },
    { name: 'a headers-only response on a PHI-free route', profile: 'none', headers: { ':status': '304' }, endOfStream: true },
    { name: 'a body Wardgate is not sent (PHI-free route)', profile: 'none', headers: { ':status': '200', 'content-type': 'application/octet-stream' }, endOfStream: false },
  ])('$name is answered only once its session event is durable', async ({ profile, headers, endOfStream }) => {
    const { handler, events, sync } = setupPendingSync();
    await handler.requestHeaders({ headers: {}, endOfStream: true, metadata: metadata(profile) });
    let answered = false;
    const reply = handler.responseHeaders({ headers, endOfStream }).then((v) => ((answered = true), v));
    await new Promise((r) => setTimeout(r, 20));
    // The session event is written, and the reply waits for its sync.
    expect(events).toMatchObject([{ kind: 'access.session', correlationId: 'c1', session: { status: Number(headers[':status']) }, details: { outcome: 'completed' } }]);
    // A headers-only response has a known empty body; a body not sent to Wardgate has no known size.
    expect(events[0]?.session?.responseBytes).toBe(endOfStream ? 0 : undefined);
    expect(answered).toBe(false);
    sync();
    expect(await reply).toMatchObject({ kind: 'continue', bodyMode: 'none' });
    // Closing the stream records nothing twice.
    handler.close('completed');
    expect(events).toHaveLength(1);
  });

  it('blocks a headers-only response whose session event cannot be kept', async () => {
    const { handler, failAudit } = setup();
    await handler.requestHeaders({ headers: {}, endOfStream: true, metadata: metadata('strict') });
    failAudit();
    expect(await handler.responseHeaders({ headers: { ':status': '204' }, endOfStream: true })).toMatchObject({ kind: 'reject', body: { reason: 'wardgate_audit_unavailable' } });
  });

  it('falls back to the default profile when the metadata names an unknown one', async () => {
    const { handler, events } = setup();
    await handler.requestHeaders({ headers: {}, endOfStream: true, metadata: metadata('nope') });
    handler.close('completed');
    expect(events[0]?.session?.maskingProfile).toBe('strict');
  });

  it('passes bodies on PHI-free routes', async () => {
    const { handler } = setup();
    await handler.requestHeaders({ headers: {}, endOfStream: true, metadata: metadata('none') });
    expect(await handler.responseHeaders({ headers: { ':status': '200', 'content-type': 'application/octet-stream' }, endOfStream: false })).toMatchObject({ kind: 'continue', bodyMode: 'none' });
  });

  it('streams text with carry-over and removes content-length and content-encoding', async () => {
    const { handler } = setup();
    const headers = await handler.responseHeaders({ headers: { ':status': '200', 'content-type': 'text/plain' }, endOfStream: false });
    expect(headers).toMatchObject({ bodyMode: 'streamed', removeHeaders: ['content-encoding', 'content-length', 'etag'] });
    const a = await handler.responseBody(Buffer.from('ssn 219-09-'), false);
    const b = await handler.responseBody(Buffer.from('9999 ok'), true);
    const text = [a, b].map((v) => (v.kind === 'continue' ? (v.replace?.toString() ?? '') : '')).join('');
    expect(text).toBe('ssn [REDACTED:SSN] ok');
  });

  it('refuses trailers that arrive while masked bytes are still held back', async () => {
    const { handler } = setup();
    await handler.responseHeaders({ headers: { ':status': '200', 'content-type': 'text/plain' }, endOfStream: false });
    await handler.responseBody(Buffer.from('held tail'), false);
    expect(await handler.responseTrailers({})).toMatchObject({ kind: 'reject', details: 'wardgate_trailers_after_partial_body' });
  });

  it('blocks a JSON body that does not parse, or masks it as text when configured', async () => {
    const blocked = setup();
    await blocked.handler.responseHeaders({ headers: { ':status': '200', 'content-type': 'application/json', 'content-length': '20' }, endOfStream: false });
    expect(await blocked.handler.responseBody(Buffer.from('not json 219-09-9999'), true)).toMatchObject({ kind: 'reject', status: 502, details: 'wardgate_uninspectable_body' });
    const lenient = setup({ uninspectable: 'mask_as_text' });
    await lenient.handler.responseHeaders({ headers: { ':status': '200', 'content-type': 'application/json', 'content-length': '20' }, endOfStream: false });
    const verdict = await lenient.handler.responseBody(Buffer.from('not json 219-09-9999'), true);
    expect(verdict.kind === 'continue' && verdict.replace?.toString()).toBe('not json [REDACTED:SSN]');
  });

  it('accumulates JSON of a known length above the buffer and refuses it past the limit', async () => {
    const { handler } = setup();
    expect(await handler.responseHeaders({ headers: { ':status': '200', 'content-type': 'application/json', 'content-length': '4000' }, endOfStream: false })).toMatchObject({ bodyMode: 'streamed' });
    expect(await handler.responseBody(Buffer.alloc(3000, 32), false)).toMatchObject({ kind: 'continue', replace: Buffer.alloc(0) });
    expect(await handler.responseBody(Buffer.alloc(3000, 32), false)).toMatchObject({ kind: 'reject', details: 'wardgate_body_too_large' });
  });

  it('holds chunked JSON with its headers, so a refusal is still a status and a reason', async () => {
    const held = () => setup().handler;
    const headers = { ':status': '200', 'content-type': 'application/json' };
    const ok = held();
    expect(await ok.responseHeaders({ headers, endOfStream: false })).toMatchObject({ kind: 'continue', bodyMode: 'buffered_partial' });
    const verdict = await ok.responseBody(Buffer.from('{"ssn":"219-09-9999"}'), true);
    expect(verdict.kind === 'continue' && verdict.replace?.toString()).toBe('{"ssn":"[REDACTED:SSN]"}');
    // Envoy's buffer limit was reached (no end of stream): the rest would pass unseen.
    const partial = held();
    await partial.responseHeaders({ headers, endOfStream: false });
    expect(await partial.responseBody(Buffer.from('{"ssn":"219-09-9999",'), false)).toMatchObject({ kind: 'reject', status: 502, details: 'wardgate_body_too_large' });
    const large = held();
    await large.responseHeaders({ headers, endOfStream: false });
    expect(await large.responseBody(Buffer.alloc(6000, 32), true)).toMatchObject({ kind: 'reject', details: 'wardgate_body_too_large' });
    const invalid = held();
    await invalid.responseHeaders({ headers, endOfStream: false });
    expect(await invalid.responseBody(Buffer.from('{"a": nope'), true)).toMatchObject({ kind: 'reject', status: 502, details: 'wardgate_uninspectable_body' });
  });

  it('does not throw when the session audit event cannot be kept', () => {
    const { handler, failAudit } = setup();
    failAudit();
    expect(() => handler.close('completed')).not.toThrow();
  });

  it('records the session before answering the last body chunk, once', async () => {
    const { handler, events } = setup();
    await handler.responseHeaders({ headers: { ':status': '200', 'content-type': 'application/json', 'content-length': '2' }, endOfStream: false });
    expect(events).toHaveLength(0);
    expect((await handler.responseBody(Buffer.from('{}'), true)).kind).toBe('continue');
    expect(events.map((e) => [e.kind, e.details?.outcome])).toEqual([['access.session', 'completed']]);
    handler.close('completed');
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toHaveLength(1);
  });

  it('fails the last body chunk of a PHI route when its session cannot be recorded', async () => {
    const { handler, failAudit } = setup();
    await handler.responseHeaders({ headers: { ':status': '200', 'content-type': 'application/json', 'content-length': '2' }, endOfStream: false });
    failAudit();
    expect(await handler.responseBody(Buffer.from('{}'), true)).toMatchObject({ kind: 'reject', status: 503, details: 'wardgate_audit_unavailable' });
  });
});
