import type * as grpc from '@grpc/grpc-js';
import type { Authorizer } from '../authz/authorizer.js';
import type { AuthzOutcome } from '../authz/authz-outcome.js';
import type { Clock } from '../clock/clock.js';
import type { Logger } from '../logging/logger.js';
import { createNoopTracer, type RequestTracer } from '../tracing/request-tracer.js';
import { checkSpanAttributes } from '../tracing/span-attributes.js';
import type { AuthorizationHandlers } from './generated/envoy/service/auth/v3/Authorization.js';
import type { CheckRequest__Output } from './generated/envoy/service/auth/v3/CheckRequest.js';
import type { CheckResponse } from './generated/envoy/service/auth/v3/CheckResponse.js';
import { CallCancellation } from './call-cancellation.js';
import { toAccessRequest } from './check-request.js';
import { toCheckResponse } from './check-response.js';
import { traceParentFromGrpcMetadata } from './trace-headers.js';

export interface AuthorizationServiceOptions {
  authorizer: Authorizer;
  logger: Logger;
  clock: Clock;
  jwtAuthnPayloadKey: string;
  /** See `CheckRequestOptions.correlationIdOf`. */
  correlationIdOf?: (raw: string) => string;
  /** Tracks in-flight calls so shutdown can wait for them. */
  track: <T>(work: Promise<T>) => Promise<T>;
  /** A span per Check. @default tracing off */
  tracer?: RequestTracer;
}

/** envoy.service.auth.v3.Authorization: one Check per HTTP request. */
export function createAuthorizationHandlers(options: AuthorizationServiceOptions): AuthorizationHandlers {
  const { authorizer, logger, clock } = options;
  const tracer = options.tracer ?? createNoopTracer();
  return {
    Check(call: grpc.ServerUnaryCall<CheckRequest__Output, CheckResponse>, callback: grpc.sendUnaryData<CheckResponse>) {
      const cancellation = new CallCancellation();
      call.on('cancelled', () => cancellation.cancel());
      const work = (async (): Promise<CheckResponse> => {
        const request = toAccessRequest(call.request, {
          jwtAuthnPayloadKey: options.jwtAuthnPayloadKey,
          now: clock.now(),
          ...(options.correlationIdOf ? { correlationIdOf: options.correlationIdOf } : {}),
        });
        // Envoy's own span for this call (when Envoy traces) is the parent; else the request's.
        const span = tracer.startRequestSpan('wardgate.check', (tracer.enabled ? traceParentFromGrpcMetadata(call.metadata) : undefined) ?? request.trace);
        if (span.traceId) request.traceId = span.traceId;
        const denyInternal: AuthzOutcome = {
          kind: 'deny',
          status: 503,
          body: { status: 'denied', reason: 'wardgate_internal_error', requestId: request.requestId },
          headers: {},
        };
        let outcome: AuthzOutcome = denyInternal;
        let response: CheckResponse;
        try {
          outcome = await span.run(() => authorizer.authorize(request, cancellation));
          response = toCheckResponse(outcome);
        } catch (err: unknown) {
          // Authorizers map failures themselves; this is the last line: deny, never a gRPC error.
          logger.error({ err, requestId: request.requestId }, 'authorizer failed; denying');
          span.fail('internal_error');
          outcome = denyInternal;
          response = toCheckResponse(outcome);
        }
        span.setAttributes(checkSpanAttributes(outcome));
        span.end();
        return response;
      })();
      options
        .track(work)
        .then((response) => callback(null, response))
        .catch((err: unknown) => logger.error({ err }, 'Check reply failed'));
    },
  };
}
