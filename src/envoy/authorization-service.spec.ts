import { EventEmitter } from 'node:events';
import type * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { Authorizer, CheckCancellation } from '../authz/authorizer.js';
import type { AuthzOutcome } from '../authz/authz-outcome.js';
import { ManualClock } from '../clock/clock.js';
import { createSilentLogger } from '../logging/logger.js';
import { createAuthorizationHandlers } from './authorization-service.js';
import type { CheckRequest__Output } from './generated/envoy/service/auth/v3/CheckRequest.js';
import type { CheckResponse } from './generated/envoy/service/auth/v3/CheckResponse.js';

const checkRequest = {
  attributes: {
    source: { principal: '', address: null },
    destination: { principal: '', address: null },
    request: { time: null, http: { id: 'req-1', method: 'GET', headers: {}, header_map: null, path: '/x', host: 'h', scheme: 'http', query: '', fragment: '', size: '0', protocol: 'HTTP/1.1', body: '', raw_body: Buffer.alloc(0) } },
    context_extensions: {},
    metadata_context: null,
    tls_session: null,
    route_metadata_context: null,
  },
} as unknown as CheckRequest__Output;

const allow: AuthzOutcome = { kind: 'allow', headers: {}, removeHeaders: [], metadata: undefined } as unknown as AuthzOutcome;

function check(authorizer: Authorizer): { call: EventEmitter; reply: Promise<CheckResponse | undefined> } {
  const handlers = createAuthorizationHandlers({ authorizer, logger: createSilentLogger(), clock: new ManualClock(), jwtAuthnPayloadKey: 'jwt_payload', track: (work) => work });
  const call = Object.assign(new EventEmitter(), { request: checkRequest });
  const reply = new Promise<CheckResponse | undefined>((resolve) => {
    handlers.Check(call as unknown as grpc.ServerUnaryCall<CheckRequest__Output, CheckResponse>, (_err, value) => resolve(value ?? undefined));
  });
  return { call, reply };
}

describe('Check handler', () => {
  it('aborts the signal of a waiting hold when Envoy cancels the call', async () => {
    let aborted!: () => void;
    const released = new Promise<void>((resolve) => (aborted = resolve));
    const { call, reply } = check({
      authorize: async (_request, cancellation: CheckCancellation) => {
        const signal = cancellation.signal();
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        aborted();
        return allow;
      },
    });
    call.emit('cancelled');
    await released;
    expect(await reply).toBeDefined();
  });

  it('makes no abort signal for a check decided at once, even when grpc-js reports it cancelled after the reply', async () => {
    let seen: CheckCancellation | undefined;
    const { call, reply } = check({
      authorize: (_request, cancellation) => {
        seen = cancellation;
        return Promise.resolve(allow);
      },
    });
    await reply;
    call.emit('cancelled');
    expect((seen as { signalled?: boolean } | undefined)?.signalled).toBe(false);
  });

  it('passes the trace id of the request\'s traceparent on to the authorizer with tracing off (audit events carry it)', async () => {
    const traced = { ...checkRequest, attributes: { ...checkRequest.attributes!, request: { ...checkRequest.attributes!.request!, http: { ...checkRequest.attributes!.request!.http!, headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } } } } } as CheckRequest__Output;
    const seen: Array<string | undefined> = [];
    const handlers = createAuthorizationHandlers({
      authorizer: { authorize: (request) => (seen.push(request.traceId), Promise.resolve(allow)) },
      logger: createSilentLogger(), clock: new ManualClock(), jwtAuthnPayloadKey: 'jwt_payload', track: (work) => work,
    });
    for (const request of [traced, checkRequest]) {
      const call = Object.assign(new EventEmitter(), { request });
      await new Promise<void>((resolve) => handlers.Check(call as unknown as grpc.ServerUnaryCall<CheckRequest__Output, CheckResponse>, () => resolve()));
    }
    expect(seen).toEqual(['4bf92f3577b34da6a3ce929d0e0e4736', undefined]);
  });
});
