import type { CategoryCountAttributes, SpanAttributes } from './span-attributes.js';
import type { TraceParent } from './trace-context.js';

/** The spans Wardgate starts for a request: one per ext_authz Check, one per ext_proc stream. */
export type RequestSpanName = 'wardgate.check' | 'wardgate.process';
/** Child spans, for the dependencies a request waits on. */
export type ChildSpanName = 'wardgate.grants.redis' | 'wardgate.audit.append' | 'wardgate.jwks.fetch';

export type TraceAttributes = SpanAttributes;

/** One span. Ends once; what is set after `end()` is ignored. */
export interface TraceSpan {
  /** The trace this span belongs to: the caller's when continued, undefined when tracing is off and no trace came. */
  readonly traceId: string | undefined;
  setAttributes(attributes: TraceAttributes, categoryCounts?: CategoryCountAttributes): void;
  /** Marks the span failed with a closed reason code (never an error message: it may hold PHI). */
  fail(code: string): void;
  end(): void;
  /** Runs `work` with this span as the parent of the child spans started inside it (across awaits). */
  run<T>(work: () => T): T;
}

/** Starts Wardgate's spans. Injected; `createNoopTracer()` when tracing is off. */
export interface RequestTracer {
  readonly enabled: boolean;
  startRequestSpan(name: RequestSpanName, parent: TraceParent | undefined, attributes?: TraceAttributes): TraceSpan;
  /** Runs `work` in a child of the span active in this async context; none active: untraced. */
  child<T>(name: ChildSpanName, work: () => Promise<T>, attributes?: TraceAttributes): Promise<T>;
  /** Exports what is queued and stops; idempotent. */
  shutdown(): Promise<void>;
}

class PassThroughSpan implements TraceSpan {
  constructor(readonly traceId: string | undefined) {}
  setAttributes(): void {}
  fail(): void {}
  end(): void {}
  run<T>(work: () => T): T {
    return work();
  }
}

/** Tracing off: no span is recorded, but the caller's trace id is still passed on (audit events carry it). */
export function createNoopTracer(): RequestTracer {
  return {
    enabled: false,
    startRequestSpan: (_name, parent) => new PassThroughSpan(parent?.traceId),
    child: (_name, work) => work(),
    shutdown: () => Promise.resolve(),
  };
}
