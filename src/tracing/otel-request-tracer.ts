import { AsyncLocalStorage } from 'node:async_hooks';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace, type Span, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';
import { BoundedBatchSpanProcessor, type SpanDropReason } from './bounded-batch-span-processor.js';
import type { CategoryCountAttributes } from './span-attributes.js';
import type { ChildSpanName, RequestSpanName, RequestTracer, TraceAttributes, TraceSpan } from './request-tracer.js';
import type { TraceParent } from './trace-context.js';

export interface OtelTracerOptions {
  serviceName: string;
  /** Root spans (no caller trace) kept, 0..1; a caller's sampling decision is always followed. */
  sampleRatio: number;
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMs: number;
  exportTimeoutMs: number;
  /** Where spans go: an OTLP/HTTP exporter in production, an in-memory one in tests. */
  exporter: SpanExporter;
  onDropped: (count: number, reason: SpanDropReason) => void;
  onExported?: (count: number) => void;
}

/** The OTLP/HTTP exporter (protobuf over HTTP) to `endpoint`, e.g. http://collector:4318/v1/traces. */
export function createOtlpHttpExporter(endpoint: string, headers: Readonly<Record<string, string>>, timeoutMs: number): SpanExporter {
  return new OTLPTraceExporter({ url: endpoint, headers: { ...headers }, timeoutMillis: timeoutMs });
}

class OtelSpan implements TraceSpan {
  readonly traceId: string;
  private ended = false;
  constructor(
    readonly span: Span,
    private readonly active: AsyncLocalStorage<Span>,
  ) {
    this.traceId = span.spanContext().traceId;
  }
  setAttributes(attributes: TraceAttributes, categoryCounts?: CategoryCountAttributes): void {
    if (this.ended) return;
    this.span.setAttributes(attributes as Record<string, string | number>);
    if (categoryCounts) this.span.setAttributes(categoryCounts);
  }
  fail(code: string): void {
    if (!this.ended) this.span.setStatus({ code: SpanStatusCode.ERROR, message: code });
  }
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.span.end();
  }
  run<T>(work: () => T): T {
    return this.active.run(this.span, work);
  }
}

/**
 * Tracing with OpenTelemetry's SDK, owned by one server instance: nothing is registered
 * globally (no global tracer provider, no global context manager). The parent of child spans is
 * kept in this instance's AsyncLocalStorage, set by `TraceSpan.run`.
 */
export class OtelRequestTracer implements RequestTracer {
  readonly enabled = true;
  private readonly provider: TracerProvider;
  private readonly tracer: Tracer;
  private readonly active = new AsyncLocalStorage<Span>();
  private stopped: Promise<void> | undefined;

  constructor(options: OtelTracerOptions) {
    const processor = new BoundedBatchSpanProcessor({
      exporter: options.exporter,
      maxQueueSize: options.maxQueueSize,
      maxExportBatchSize: options.maxExportBatchSize,
      scheduledDelayMs: options.scheduledDelayMs,
      exportTimeoutMs: options.exportTimeoutMs,
      onDropped: options.onDropped,
      ...(options.onExported ? { onExported: options.onExported } : {}),
    });
    this.provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': options.serviceName }),
      sampler: new ParentBasedSampler({ root: options.sampleRatio >= 1 ? new AlwaysOnSampler() : new TraceIdRatioBasedSampler(options.sampleRatio) }),
      spanProcessors: [processor],
    });
    this.tracer = this.provider.getTracer('wardgate');
  }

  startRequestSpan(name: RequestSpanName, parent: TraceParent | undefined, attributes?: TraceAttributes): TraceSpan {
    const context = parent
      ? trace.setSpanContext(ROOT_CONTEXT, {
          traceId: parent.traceId,
          spanId: parent.spanId,
          traceFlags: parent.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
          isRemote: true,
        })
      : ROOT_CONTEXT;
    const span = this.tracer.startSpan(name, { kind: SpanKind.SERVER, ...(attributes ? { attributes: attributes as Record<string, string | number> } : {}) }, context);
    return new OtelSpan(span, this.active);
  }

  async child<T>(name: ChildSpanName, work: () => Promise<T>, attributes?: TraceAttributes): Promise<T> {
    const parent = this.active.getStore();
    if (parent === undefined) return work();
    const span = this.tracer.startSpan(
      name,
      { kind: SpanKind.CLIENT, ...(attributes ? { attributes: attributes as Record<string, string | number> } : {}) },
      trace.setSpan(ROOT_CONTEXT, parent),
    );
    try {
      const result = await this.active.run(span, work);
      span.setAttribute('wardgate.outcome', 'ok');
      return result;
    } catch (err: unknown) {
      // The error's message may hold PHI (a Redis reply, a URL): only the outcome is recorded.
      span.setAttribute('wardgate.outcome', 'failed');
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'failed' });
      throw err;
    } finally {
      span.end();
    }
  }

  shutdown(): Promise<void> {
    this.stopped ??= this.provider.shutdown();
    return this.stopped;
  }
}
