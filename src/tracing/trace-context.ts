/**
 * The trace a request belongs to, in Wardgate's own terms: what `src/envoy/` reads from the
 * W3C `traceparent` or B3 headers Envoy forwards, and what spans and audit events carry.
 */
export interface TraceParent {
  /** 32 lower-case hex digits, not all zero. */
  traceId: string;
  /** 16 lower-case hex digits, not all zero: the caller's span, parent of Wardgate's. */
  spanId: string;
  /** The caller asked for this trace to be recorded. */
  sampled: boolean;
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ALL_ZERO = /^0+$/;

/** A trace id as W3C Trace Context accepts it (lower-case hex, not all zero). */
export function isTraceId(value: string): boolean {
  return TRACE_ID.test(value) && !ALL_ZERO.test(value);
}

/** A span id as W3C Trace Context accepts it (lower-case hex, not all zero). */
export function isSpanId(value: string): boolean {
  return SPAN_ID.test(value) && !ALL_ZERO.test(value);
}
