import type * as grpc from '@grpc/grpc-js';
import { isSpanId, isTraceId, type TraceParent } from '../tracing/trace-context.js';

const PROPAGATION_KEYS = ['traceparent', 'b3', 'x-b3-traceid', 'x-b3-spanid', 'x-b3-sampled', 'x-b3-flags'] as const;

/**
 * The trace context Envoy puts in the gRPC metadata of its ext_authz / ext_proc call when Envoy
 * itself traces: Envoy's own span for the call, the parent Wardgate's span should have.
 */
export function traceParentFromGrpcMetadata(metadata: grpc.Metadata | undefined): TraceParent | undefined {
  if (!metadata) return undefined;
  const headers: Record<string, string> = {};
  for (const key of PROPAGATION_KEYS) {
    const value = metadata.get(key)[0];
    if (typeof value === 'string') headers[key] = value;
  }
  return Object.keys(headers).length === 0 ? undefined : traceParentFromHeaders(headers);
}

/**
 * The trace a request continues, from the headers Envoy forwards: W3C `traceparent` first
 * (Envoy's OpenTelemetry tracer, most meshes), then B3 as Istio's Zipkin setup sends it, the
 * single `b3` header or the `x-b3-*` set. Anything malformed counts as absent (a new trace is
 * started), never as an error: a client can send any bytes in these headers.
 */
export function traceParentFromHeaders(headers: Readonly<Record<string, string | undefined>>): TraceParent | undefined {
  const w3c = headers.traceparent;
  if (w3c !== undefined) {
    const parsed = parseTraceparent(w3c);
    // W3C: an invalid traceparent is ignored, and so is any other propagation header with it.
    return parsed;
  }
  const single = headers.b3;
  if (single !== undefined) return parseB3Single(single);
  return parseB3Multi(headers);
}

/** True when `value[from, to)` is lower-case hex. */
function isLowerHex(value: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = value.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** W3C Trace Context `traceparent`: `00-<trace id>-<parent id>-<flags>` (later versions may append fields). */
export function parseTraceparent(raw: string): TraceParent | undefined {
  // Checked by position, not by a regular expression: this runs on every Check.
  const value = raw.trim();
  if (value.length < 55 || value.charCodeAt(2) !== 45 || value.charCodeAt(35) !== 45 || value.charCodeAt(52) !== 45) return undefined;
  if (!isLowerHex(value, 0, 2) || !isLowerHex(value, 3, 35) || !isLowerHex(value, 36, 52) || !isLowerHex(value, 53, 55)) return undefined;
  const version = value.slice(0, 2);
  if (version === 'ff') return undefined;
  // Version 00 has exactly four fields; a later version may append more after a dash.
  if (value.length > 55 && (version === '00' || value.charCodeAt(55) !== 45)) return undefined;
  const traceId = value.slice(3, 35);
  const spanId = value.slice(36, 52);
  if (!isTraceId(traceId) || !isSpanId(spanId)) return undefined;
  return { traceId, spanId, sampled: (Number.parseInt(value.slice(53, 55), 16) & 1) === 1 };
}

const B3_SINGLE = /^([0-9a-f]{16}|[0-9a-f]{32})-([0-9a-f]{16})(?:-([01d]))?(?:-([0-9a-f]{16}))?$/;

/** B3 single header: `<trace id>-<span id>[-<sampling>[-<parent span id>]]`; a bare `0`/`1`/`d` carries no context. */
export function parseB3Single(value: string): TraceParent | undefined {
  const match = B3_SINGLE.exec(value.trim().toLowerCase());
  if (!match) return undefined;
  const traceId = padTraceId(match[1]!);
  const spanId = match[2]!;
  if (!isTraceId(traceId) || !isSpanId(spanId)) return undefined;
  const sampling = match[3];
  return { traceId, spanId, sampled: sampling === '1' || sampling === 'd' };
}

/** B3 multi: `x-b3-traceid`, `x-b3-spanid`, `x-b3-sampled` (`1`/`true`), `x-b3-flags: 1` (debug, sampled). */
export function parseB3Multi(headers: Readonly<Record<string, string | undefined>>): TraceParent | undefined {
  const rawTrace = headers['x-b3-traceid']?.trim().toLowerCase();
  const spanId = headers['x-b3-spanid']?.trim().toLowerCase();
  if (rawTrace === undefined || spanId === undefined) return undefined;
  if (!/^(?:[0-9a-f]{16}|[0-9a-f]{32})$/.test(rawTrace)) return undefined;
  const traceId = padTraceId(rawTrace);
  if (!isTraceId(traceId) || !isSpanId(spanId)) return undefined;
  const sampledHeader = headers['x-b3-sampled']?.trim().toLowerCase();
  const sampled = headers['x-b3-flags']?.trim() === '1' || sampledHeader === '1' || sampledHeader === 'true';
  return { traceId, spanId, sampled };
}

/** B3 allows 64-bit trace ids; W3C and OTLP have 128 bits, left-padded with zeros. */
function padTraceId(id: string): string {
  return id.length === 16 ? `0000000000000000${id}` : id;
}
