import { EventEmitter } from 'node:events';
import type * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { ExchangeHandler, HeadersView } from '../extproc/exchange-handler.js';
import { createSilentLogger } from '../logging/logger.js';
import { ExtProcStream } from './ext-proc-stream.js';
import { CONFIGURED_PROCESSING_MODE } from './external-processor-service.js';
import type { ProcessingRequest__Output } from './generated/envoy/service/ext_proc/v3/ProcessingRequest.js';
import type { ProcessingResponse } from './generated/envoy/service/ext_proc/v3/ProcessingResponse.js';

class FakeCall extends EventEmitter {
  readonly written: ProcessingResponse[] = [];
  ended = false;
  write(message: ProcessingResponse): boolean {
    this.written.push(message);
    return true;
  }
  end(): void {
    this.ended = true;
  }
}

function headers(list: Record<string, string>, raw = false, endOfStream = false): { headers: { headers: unknown[] }; end_of_stream: boolean } {
  return {
    headers: { headers: Object.entries(list).map(([key, v]) => (raw ? { key, value: '', raw_value: Buffer.from(v) } : { key, value: v, raw_value: Buffer.alloc(0) })) },
    end_of_stream: endOfStream,
  };
}

function msg(m: Record<string, unknown>): ProcessingRequest__Output {
  const kind = Object.keys(m).find((k) => k !== 'metadata_context' && k !== 'observability_mode');
  return { metadata_context: null, attributes: {}, observability_mode: false, request: kind, ...m } as unknown as ProcessingRequest__Output;
}

function baseHandler(overrides: Partial<ExchangeHandler> = {}): ExchangeHandler & { closed: string[]; seen: HeadersView[] } {
  const closed: string[] = [];
  const seen: HeadersView[] = [];
  return {
    closed,
    seen,
    requestHeaders: (v) => {
      seen.push(v);
      return Promise.resolve({ kind: 'continue', bodyMode: 'none', bodyMayChange: false, removeHeaders: ['accept-encoding'] });
    },
    requestBody: () => Promise.resolve({ kind: 'continue' }),
    requestTrailers: () => Promise.resolve({ kind: 'continue' }),
    responseHeaders: () => Promise.resolve({ kind: 'continue', bodyMode: 'streamed', bodyMayChange: true }),
    responseBody: (chunk) => Promise.resolve({ kind: 'continue', replace: Buffer.from(chunk.toString().toUpperCase()) }),
    responseTrailers: () => Promise.resolve({ kind: 'continue' }),
    close: (o) => closed.push(o),
    ...overrides,
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

function start(handler: ExchangeHandler): FakeCall {
  const call = new FakeCall();
  new ExtProcStream(call as unknown as grpc.ServerDuplexStream<ProcessingRequest__Output, ProcessingResponse>, handler, createSilentLogger(), CONFIGURED_PROCESSING_MODE);
  return call;
}

describe('ExtProcStream', () => {
  it('a held body (buffered_partial) asks Envoy for BUFFERED_PARTIAL and may still change the held headers', async () => {
    const handler = baseHandler({
      responseHeaders: () => Promise.resolve({ kind: 'continue', bodyMode: 'buffered_partial', bodyMayChange: true }),
      responseBody: () => Promise.resolve({ kind: 'continue', replace: Buffer.from('{}'), removeHeaders: ['content-encoding'] }),
    });
    const call = start(handler);
    call.emit('data', msg({ response_headers: headers({ ':status': '200' }) }));
    call.emit('data', msg({ response_body: { body: Buffer.from('{"a":1}'), end_of_stream: true } }));
    await settle();
    expect(call.written[0]?.mode_override?.response_body_mode).toBe('BUFFERED_PARTIAL');
    expect(call.written[1]?.response_body?.response?.header_mutation?.remove_headers).toEqual(['content-encoding']);
  });

  it('answers each message once, in order, even when an earlier handler is slower', async () => {
    let release: () => void = () => undefined;
    const handler = baseHandler({
      requestHeaders: () => new Promise((resolve) => { release = () => resolve({ kind: 'continue', bodyMode: 'none', bodyMayChange: false }); }),
    });
    const call = start(handler);
    call.emit('data', msg({ request_headers: headers({ ':path': '/' }) }));
    call.emit('data', msg({ response_headers: headers({ ':status': '200' }) }));
    call.emit('data', msg({ response_body: { body: Buffer.from('abc'), end_of_stream: true } }));
    await settle();
    expect(call.written).toHaveLength(0);
    release();
    await settle();
    expect(call.written.map((w) => Object.keys(w).find((k) => k !== 'mode_override'))).toEqual(['request_headers', 'response_headers', 'response_body']);
    expect(call.written[2]?.response_body?.response?.body_mutation).toEqual({ body: Buffer.from('ABC') });
    call.emit('end');
    await settle();
    expect(call.ended).toBe(true);
    expect(handler.closed).toEqual(['completed']);
  });

  it('removes content-length for a streamed body that may change, and overrides the whole mode', async () => {
    const call = start(baseHandler());
    call.emit('data', msg({ response_headers: headers({ ':status': '200', 'content-length': '3' }) }));
    await settle();
    const reply = call.written[0];
    expect(reply?.response_headers?.response?.header_mutation?.remove_headers).toContain('content-length');
    expect(reply?.mode_override).toEqual({ ...CONFIGURED_PROCESSING_MODE, response_body_mode: 'STREAMED' });
  });

  it('sets content-length when a buffered body is replaced, mirroring raw_value encoding', async () => {
    const call = start(
      baseHandler({
        responseHeaders: () => Promise.resolve({ kind: 'continue', bodyMode: 'buffered', bodyMayChange: true }),
        responseBody: () => Promise.resolve({ kind: 'continue', replace: Buffer.from('{"a":"[REDACTED:NAME]"}'), removeHeaders: ['content-encoding'] }),
      }),
    );
    call.emit('data', msg({ response_headers: headers({ ':status': '200', 'content-length': '10' }, true) }));
    call.emit('data', msg({ response_body: { body: Buffer.from('{"a":"Bo"}'), end_of_stream: true } }));
    await settle();
    const body = call.written[1]?.response_body?.response;
    expect(body?.header_mutation?.set_headers?.[0]?.header).toEqual({ key: 'content-length', raw_value: Buffer.from('23') });
    expect(body?.header_mutation?.remove_headers).toEqual(['content-encoding']);
    expect(call.written[0]?.mode_override?.response_body_mode).toBe('BUFFERED');
  });

  it('an emptied chunk is cleared, not left as is', async () => {
    const call = start(baseHandler({ responseBody: () => Promise.resolve({ kind: 'continue', replace: Buffer.alloc(0) }) }));
    call.emit('data', msg({ response_body: { body: Buffer.from('abc'), end_of_stream: false } }));
    await settle();
    expect(call.written[0]?.response_body?.response?.body_mutation).toEqual({ clear_body: true });
  });

  it('turns a reject into an immediate JSON response and ignores later messages', async () => {
    const call = start(baseHandler({ responseHeaders: () => Promise.resolve({ kind: 'reject', status: 502, body: { reason: 'x' }, details: 'wardgate_x' }) }));
    call.emit('data', msg({ response_headers: headers({ ':status': '200' }) }));
    call.emit('data', msg({ response_body: { body: Buffer.from('secret'), end_of_stream: true } }));
    await settle();
    expect(call.written).toHaveLength(1);
    expect(call.written[0]?.immediate_response?.status?.code).toBe(502);
    expect(JSON.parse(call.written[0]?.immediate_response?.body?.toString() ?? '')).toEqual({ reason: 'x' });
  });

  it('answers a handler failure with a local 500, never passing the body on', async () => {
    const call = start(baseHandler({ responseBody: () => Promise.reject(new Error('boom')) }));
    call.emit('data', msg({ response_body: { body: Buffer.from('x'), end_of_stream: true } }));
    await settle();
    expect(call.written[0]?.immediate_response?.status?.code).toBe(500);
  });

  it('does not reply in observability mode', async () => {
    const call = start(baseHandler());
    call.emit('data', msg({ request_headers: headers({ ':path': '/' }), observability_mode: true }));
    await settle();
    expect(call.written).toHaveLength(0);
  });

  it('reads Wardgate metadata forwarded from ext_authz', async () => {
    const handler = baseHandler();
    const call = start(handler);
    const fields = { maskingProfile: { kind: 'stringValue', stringValue: 'research' }, action: { kind: 'stringValue', stringValue: 'hold' }, maskRequestBody: { kind: 'boolValue', boolValue: true } };
    call.emit('data', msg({
      request_headers: headers({ ':path': '/' }),
      metadata_context: { filter_metadata: { 'envoy.filters.http.ext_authz': { fields: { wardgate: { kind: 'structValue', structValue: { fields } } } } }, typed_filter_metadata: {} },
    }));
    await settle();
    expect(handler.seen[0]?.metadata).toMatchObject({ maskingProfile: 'research', action: 'hold', maskRequestBody: true });
  });
});
