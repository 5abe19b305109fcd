import type * as grpc from '@grpc/grpc-js';
import type { ExchangeMetadata } from '../authz/authz-outcome.js';
import type {
  BodyMode,
  BodyVerdict,
  ExchangeHandler,
  HeadersVerdict,
  RejectVerdict,
  TrailersVerdict,
} from '../extproc/exchange-handler.js';
import type { Logger } from '../logging/logger.js';
import type { ProcessingMode } from './generated/envoy/extensions/filters/http/ext_proc/v3/ProcessingMode.js';
import type { Metadata__Output } from './generated/envoy/config/core/v3/Metadata.js';
import type { CommonResponse } from './generated/envoy/service/ext_proc/v3/CommonResponse.js';
import type { ProcessingRequest__Output } from './generated/envoy/service/ext_proc/v3/ProcessingRequest.js';
import type { ProcessingResponse } from './generated/envoy/service/ext_proc/v3/ProcessingResponse.js';
import type { StatusCode } from './generated/envoy/type/v3/StatusCode.js';
import { WARDGATE_METADATA_KEY } from './check-response.js';
import { decodeHeaderMap, encodeSetHeaders } from './header-map.js';
import { structToJson } from './struct-value.js';
import { traceParentFromHeaders } from './trace-headers.js';
import type { RequestTracer, TraceSpan } from '../tracing/request-tracer.js';
import { isTraceId, type TraceParent } from '../tracing/trace-context.js';

/** A span per stream: `tracer`, and Envoy's span for the stream when Envoy traces (from the call's metadata). */
export interface ExtProcTracing {
  tracer: RequestTracer;
  grpcParent?: TraceParent;
}

/** Namespace Envoy's ext_authz writes dynamic metadata into; forwarded to ext_proc by config. */
export const EXT_AUTHZ_NAMESPACE = 'envoy.filters.http.ext_authz';

const bodyModeToEnvoy: Record<BodyMode, 'NONE' | 'BUFFERED' | 'BUFFERED_PARTIAL' | 'STREAMED'> = {
  none: 'NONE',
  buffered: 'BUFFERED',
  buffered_partial: 'BUFFERED_PARTIAL',
  streamed: 'STREAMED',
};

type Phase = 'request_headers' | 'request_body' | 'request_trailers' | 'response_headers' | 'response_body' | 'response_trailers';

/**
 * One ext_proc stream: Envoy sends messages in protocol order and expects exactly one reply
 * per message, in order (external_processor.proto). Messages are handled strictly one at a
 * time, because the handler is async and replies must not overtake each other.
 */
export class ExtProcStream {
  private queue: Promise<void> = Promise.resolve();
  private usesRawValue = false;
  private metadata: ExchangeMetadata | undefined;
  /** The whole processing mode in force; mode_override replaces it entirely, so we track it. */
  private mode: Required<ProcessingMode>;
  private requestBodyMode: BodyMode = 'none';
  private responseBodyMode: BodyMode = 'none';
  private requestBodyMayChange = false;
  private responseBodyMayChange = false;
  private finished = false;
  private ended = false;
  /** After an immediate response Envoy ignores further replies; we stop handling too. */
  private rejected = false;
  private span: TraceSpan | undefined;

  constructor(
    private readonly call: grpc.ServerDuplexStream<ProcessingRequest__Output, ProcessingResponse>,
    private readonly handler: ExchangeHandler,
    private readonly logger: Logger,
    configuredMode: Required<ProcessingMode>,
    private readonly tracing?: ExtProcTracing,
  ) {
    this.mode = { ...configuredMode };
    call.on('data', (message: ProcessingRequest__Output) => {
      this.queue = this.queue.then(() => this.handle(message));
    });
    call.on('end', () => {
      this.queue = this.queue.then(() => {
        this.finish('completed');
        this.endCall();
      });
    });
    call.on('cancelled', () => this.finish('cancelled'));
    call.on('error', (err: Error) => {
      this.logger.debug({ err }, 'ext_proc stream error');
      this.finish('error');
    });
  }

  private finish(outcome: 'completed' | 'cancelled' | 'error'): void {
    if (this.finished) return;
    this.finished = true;
    this.handler.close(outcome);
    const span = this.span;
    if (span) {
      const { attributes, categoryCounts } = this.handler.traceAttributes?.() ?? { attributes: {} };
      span.setAttributes(attributes, categoryCounts);
      if (outcome === 'error') span.fail('stream_error');
      span.end();
    }
  }

  /** The stream's span starts with its first message: Envoy's span for the stream, else the request's trace headers. */
  private startSpan(message: ProcessingRequest__Output): TraceSpan | undefined {
    const tracing = this.tracing;
    if (!tracing?.tracer.enabled) return undefined;
    const parent =
      tracing.grpcParent ??
      (message.request === 'request_headers' ? traceParentFromHeaders(decodeHeaderMap(message.request_headers?.headers).headers) : undefined);
    return tracing.tracer.startRequestSpan('wardgate.process', parent);
  }

  private async handle(message: ProcessingRequest__Output): Promise<void> {
    if (this.finished || this.rejected) return;
    this.captureMetadata(message.metadata_context);
    let reply: ProcessingResponse | undefined;
    this.span ??= this.startSpan(message);
    const span = this.span;
    try {
      reply = await (span ? span.run(() => this.dispatch(message)) : this.dispatch(message));
    } catch (err: unknown) {
      // A handler bug must not pass the body through: answer with a local 500 reply.
      this.logger.error({ err, phase: message.request }, 'ext_proc handler failed');
      reply = this.immediate({ kind: 'reject', status: 500, body: { error: 'wardgate_internal_error' }, details: 'wardgate_internal_error' });
    }
    if (message.observability_mode || reply === undefined || this.finished) return;
    this.call.write(reply);
    if (this.exchangeComplete(message, reply)) {
      // Closing cleanly once nothing is left to decide lets Envoy end the stream without a
      // reset. Envoy otherwise resets every stream, and Node's HTTP/2 rapid-reset guard
      // (1000 resets, then 33/s) answers with GOAWAY, failing a request every ~1000.
      this.finish('completed');
      this.endCall();
    }
  }

  /** True when Wardgate has answered the last message it needs to see for this exchange. */
  private exchangeComplete(message: ProcessingRequest__Output, reply: ProcessingResponse): boolean {
    if (reply.immediate_response) return true;
    switch (message.request) {
      case 'response_headers':
        return (message.response_headers?.end_of_stream ?? false) || this.responseBodyMode === 'none';
      case 'response_body':
        return message.response_body?.end_of_stream ?? false;
      case 'response_trailers':
        return true;
      default:
        return false;
    }
  }

  private endCall(): void {
    if (this.ended) return;
    this.ended = true;
    this.call.end();
  }

  private async dispatch(message: ProcessingRequest__Output): Promise<ProcessingResponse | undefined> {
    const phase = message.request as Phase | undefined;
    switch (phase) {
      case 'request_headers': {
        const decoded = decodeHeaderMap(message.request_headers?.headers);
        this.usesRawValue ||= decoded.usesRawValue;
        const verdict = await this.handler.requestHeaders({
          headers: decoded.headers,
          endOfStream: message.request_headers?.end_of_stream ?? false,
          metadata: this.metadata,
        });
        return this.headersReply('request_headers', verdict);
      }
      case 'response_headers': {
        const decoded = decodeHeaderMap(message.response_headers?.headers);
        this.usesRawValue ||= decoded.usesRawValue;
        const verdict = await this.handler.responseHeaders({
          headers: decoded.headers,
          endOfStream: message.response_headers?.end_of_stream ?? false,
          metadata: this.metadata,
        });
        return this.headersReply('response_headers', verdict);
      }
      case 'request_body': {
        const body = message.request_body;
        const verdict = await this.handler.requestBody(Buffer.from(body?.body ?? []), body?.end_of_stream ?? false);
        return this.bodyReply('request_body', verdict, this.requestBodyMode);
      }
      case 'response_body': {
        const body = message.response_body;
        const verdict = await this.handler.responseBody(Buffer.from(body?.body ?? []), body?.end_of_stream ?? false);
        return this.bodyReply('response_body', verdict, this.responseBodyMode);
      }
      case 'request_trailers': {
        const verdict = await this.handler.requestTrailers(decodeHeaderMap(message.request_trailers?.trailers).headers);
        return this.trailersReply('request_trailers', verdict);
      }
      case 'response_trailers': {
        const verdict = await this.handler.responseTrailers(decodeHeaderMap(message.response_trailers?.trailers).headers);
        return this.trailersReply('response_trailers', verdict);
      }
      default:
        // A message type this build does not know: closing the stream would let Envoy continue
        // unprocessed, so refuse instead.
        this.logger.warn({ phase: message.request }, 'unknown ext_proc message');
        return this.immediate({ kind: 'reject', status: 500, body: { error: 'wardgate_protocol_error' }, details: 'wardgate_protocol_error' });
    }
  }

  private captureMetadata(context: Metadata__Output | null | undefined): void {
    if (this.metadata) return;
    const namespace = context?.filter_metadata?.[EXT_AUTHZ_NAMESPACE];
    if (!namespace) return;
    const value = structToJson(namespace)[WARDGATE_METADATA_KEY];
    if (!value || typeof value !== 'object' || Array.isArray(value)) return;
    const v = value as Record<string, unknown>;
    const str = (key: string): string | undefined => {
      const field = v[key];
      return typeof field === 'string' ? field : undefined;
    };
    const action = str('action');
    const traceId = str('traceId');
    this.metadata = {
      decisionId: str('decisionId') ?? '',
      correlationId: str('correlationId') ?? '',
      ruleId: str('ruleId') ?? '',
      action: action === 'deny' || action === 'hold' ? action : 'allow',
      maskingProfile: str('maskingProfile') ?? '',
      maskRequestBody: v.maskRequestBody === true,
      user: str('user'),
      agent: str('agent'),
      ...(traceId !== undefined && isTraceId(traceId) ? { traceId } : {}),
    };
  }

  private headersReply(phase: 'request_headers' | 'response_headers', verdict: HeadersVerdict): ProcessingResponse {
    if (verdict.kind === 'reject') return this.immediate(verdict);
    const removeHeaders = [...(verdict.removeHeaders ?? [])];
    if (phase === 'request_headers') {
      this.requestBodyMode = verdict.bodyMode;
      this.requestBodyMayChange = verdict.bodyMayChange;
      this.mode.request_body_mode = bodyModeToEnvoy[verdict.bodyMode];
    } else {
      this.responseBodyMode = verdict.bodyMode;
      this.responseBodyMayChange = verdict.bodyMayChange;
      this.mode.response_body_mode = bodyModeToEnvoy[verdict.bodyMode];
    }
    // A streamed body that may change cannot keep its length; buffered bodies get the new
    // length set when they are replaced (processing_mode.proto: our responsibility).
    if (verdict.bodyMode === 'streamed' && verdict.bodyMayChange && !removeHeaders.includes('content-length')) {
      removeHeaders.push('content-length');
    }
    const response: CommonResponse = {
      status: 'CONTINUE',
      header_mutation: {
        set_headers: encodeSetHeaders(verdict.setHeaders ?? {}, this.usesRawValue),
        remove_headers: removeHeaders,
      },
    };
    return { [phase]: { response }, mode_override: { ...this.mode } };
  }

  private bodyReply(phase: 'request_body' | 'response_body', verdict: BodyVerdict, mode: BodyMode): ProcessingResponse {
    if (verdict.kind === 'reject') return this.immediate(verdict);
    const mayChange = phase === 'request_body' ? this.requestBodyMayChange : this.responseBodyMayChange;
    const setHeaders = { ...(verdict.setHeaders ?? {}) };
    const removeHeaders = [...(verdict.removeHeaders ?? [])];
    const response: CommonResponse = { status: 'CONTINUE' };
    if (verdict.replace !== undefined) {
      if (!mayChange) this.logger.warn({ phase }, 'body replaced although handler declared it unchanged');
      response.body_mutation = verdict.replace.length === 0 ? { clear_body: true } : { body: verdict.replace };
      if (mode === 'buffered') setHeaders['content-length'] = String(verdict.replace.length);
    }
    // Envoy holds the headers for these two modes until this reply, so they can still change.
    const headersHeld = mode === 'buffered' || mode === 'buffered_partial';
    if (headersHeld && (Object.keys(setHeaders).length > 0 || removeHeaders.length > 0)) {
      response.header_mutation = {
        set_headers: encodeSetHeaders(setHeaders, this.usesRawValue),
        remove_headers: removeHeaders,
      };
    }
    return { [phase]: { response } };
  }

  private trailersReply(phase: 'request_trailers' | 'response_trailers', verdict: TrailersVerdict): ProcessingResponse {
    if (verdict.kind === 'reject') return this.immediate(verdict);
    return { [phase]: {} };
  }

  private immediate(verdict: RejectVerdict): ProcessingResponse {
    this.rejected = true;
    return {
      immediate_response: {
        status: { code: verdict.status as StatusCode },
        headers: {
          set_headers: encodeSetHeaders({ 'content-type': 'application/json' }, this.usesRawValue),
          remove_headers: [],
        },
        body: Buffer.from(JSON.stringify(verdict.body)),
        details: verdict.details,
      },
    };
  }
}
