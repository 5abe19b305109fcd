import type { TraceParent } from '../tracing/trace-context.js';

/**
 * What Envoy tells Wardgate about one HTTP request, in Wardgate's own terms.
 * Built by `src/envoy/` from a CheckRequest; everything downstream uses only this.
 */
export interface AccessRequest {
  /** Envoy's x-request-id when present, otherwise generated. Used as correlation id. */
  requestId: string;
  receivedAt: number;
  source: {
    address?: string;
    /** mTLS peer principal as Envoy reports it (SPIFFE URI). */
    principal?: string;
  };
  destination: {
    address?: string;
    principal?: string;
  };
  http: {
    method: string;
    scheme: string;
    /** Host/authority, lower-cased, port kept. */
    authority: string;
    /** Path without the query string, percent-decoding left to consumers. */
    path: string;
    /** Raw query string without the leading `?`, empty when absent. */
    query: string;
    /** Lower-cased header names; repeated headers joined with `,`. */
    headers: Readonly<Record<string, string>>;
    body?: RequestBody;
  };
  /** The trace the request continues (W3C `traceparent` or B3, read by `src/envoy/`). */
  trace?: TraceParent;
  /** The trace id Wardgate's span is in (the caller's, or a new root's when tracing is on): recorded in audit events. */
  traceId?: string;
  /** Claims Envoy's jwt_authn filter already verified, forwarded as metadata. */
  verifiedJwtClaims?: Readonly<Record<string, unknown>>;
}

export interface RequestBody {
  bytes: Buffer;
  /** Envoy sent only the first part (x-envoy-auth-partial-body: true). */
  partial: boolean;
  contentType?: string;
}
