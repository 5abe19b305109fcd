import type { ExchangeMetadata } from '../authz/authz-outcome.js';
import type { CategoryCountAttributes, SpanAttributes } from '../tracing/span-attributes.js';

/**
 * How a body is delivered to the handler: not at all, whole (Envoy buffers), whole up to Envoy's
 * buffer limit with the headers held until the reply (`buffered_partial`: a message without
 * end of stream means the limit was reached; whatever follows it would pass unprocessed, so the
 * handler must refuse it), or in chunks.
 */
export type BodyMode = 'none' | 'buffered' | 'buffered_partial' | 'streamed';

export interface HeadersView {
  /** Lower-cased names, pseudo-headers included (`:status`, `:path`). */
  headers: Readonly<Record<string, string>>;
  /** True when no body follows. */
  endOfStream: boolean;
  /** What ext_authz decided for this request, when it ran (trusted: set by Envoy, not the client). */
  metadata?: ExchangeMetadata;
}

/** Refuse the exchange with a local reply instead of passing it on. */
export interface RejectVerdict {
  kind: 'reject';
  status: number;
  /** PHI-free JSON body for the client. */
  body: Record<string, unknown>;
  /** Short machine-readable reason (Envoy's response code details). */
  details: string;
}

export type HeadersVerdict =
  | {
      kind: 'continue';
      setHeaders?: Record<string, string>;
      removeHeaders?: string[];
      /** How the body of this message should reach the handler. */
      bodyMode: BodyMode;
      /** The handler may change the body; with a streamed body, content-length is then removed. */
      bodyMayChange: boolean;
    }
  | RejectVerdict;

export type BodyVerdict =
  | {
      kind: 'continue';
      /** Replacement for this chunk (or whole body when buffered); undefined leaves it as is. */
      replace?: Buffer;
      /** Only effective while the headers are held (buffered or buffered_partial, Envoy's rule). */
      setHeaders?: Record<string, string>;
      removeHeaders?: string[];
    }
  | RejectVerdict;

export type TrailersVerdict = { kind: 'continue' } | RejectVerdict;

/**
 * Wardgate's side of one ext_proc stream (one HTTP exchange). `src/envoy/` drives it,
 * calling the methods in protocol order, one at a time.
 */
export interface ExchangeHandler {
  requestHeaders(view: HeadersView): Promise<HeadersVerdict>;
  requestBody(chunk: Buffer, endOfStream: boolean): Promise<BodyVerdict>;
  requestTrailers(trailers: Readonly<Record<string, string>>): Promise<TrailersVerdict>;
  responseHeaders(view: HeadersView): Promise<HeadersVerdict>;
  responseBody(chunk: Buffer, endOfStream: boolean): Promise<BodyVerdict>;
  responseTrailers(trailers: Readonly<Record<string, string>>): Promise<TrailersVerdict>;
  /** Called once when the stream ends, however it ends. */
  close(outcome: 'completed' | 'cancelled' | 'error'): void;
  /** What the stream's span records, read after `close` (closed sets and counts only, see span-attributes.ts). */
  traceAttributes?(): { attributes: SpanAttributes; categoryCounts?: CategoryCountAttributes };
}

export interface ExchangeHandlerFactory {
  create(): ExchangeHandler;
}
