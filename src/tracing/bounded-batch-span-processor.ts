import type { Context } from '@opentelemetry/api';
import { TraceFlags } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';

export type SpanDropReason = 'queue_full' | 'export_failed' | 'shutdown';

export interface BoundedBatchOptions {
  exporter: SpanExporter;
  /** Spans kept while the exporter is slow or down; past it, new spans are dropped and counted. */
  maxQueueSize: number;
  maxExportBatchSize: number;
  /** Longest wait before a partial batch is sent. */
  scheduledDelayMs: number;
  /** One export that has not answered by then counts as failed. */
  exportTimeoutMs: number;
  /** Called for every span dropped, with why (a metric counts them). */
  onDropped: (count: number, reason: SpanDropReason) => void;
  onExported?: (count: number) => void;
}

/**
 * A bounded, batching span processor after OpenTelemetry JS's `BatchSpanProcessorBase`: ended
 * spans wait in a queue of at most `maxQueueSize`, are sent in batches of `maxExportBatchSize`
 * (one export at a time) when a batch is full or `scheduledDelayMs` has passed, and whatever
 * cannot be kept is dropped and counted instead of growing memory or blocking a request.
 * Export failures are reported, never thrown. `shutdown()` is idempotent.
 */
export class BoundedBatchSpanProcessor implements SpanProcessor {
  private queue: ReadableSpan[] = [];
  private timer: NodeJS.Timeout | undefined;
  private exporting: Promise<void> | undefined;
  private stopped: Promise<void> | undefined;

  constructor(private readonly options: BoundedBatchOptions) {}

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.stopped) {
      this.options.onDropped(1, 'shutdown');
      return;
    }
    if (this.queue.length >= this.options.maxQueueSize) {
      this.options.onDropped(1, 'queue_full');
      return;
    }
    this.queue.push(span);
    if (this.queue.length >= this.options.maxExportBatchSize) this.kick();
    else this.schedule();
  }

  /** Sends everything queued now (in batches) and waits for it. */
  async forceFlush(): Promise<void> {
    this.clearTimer();
    if (this.exporting) await this.exporting;
    while (this.queue.length > 0) await this.exportBatch();
  }

  shutdown(): Promise<void> {
    this.stopped ??= (async () => {
      await this.forceFlush();
      await this.options.exporter.shutdown();
    })();
    return this.stopped;
  }

  /** Spans waiting to be sent (for tests and the drop metric's context). */
  get queued(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, this.options.scheduledDelayMs);
    // A pending batch must not keep the process alive; shutdown flushes it.
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Starts an export unless one is running; the running one looks at the queue again when it ends. */
  private kick(): void {
    if (this.exporting || this.queue.length === 0) return;
    this.clearTimer();
    this.exporting = this.exportBatch().finally(() => {
      this.exporting = undefined;
      if (this.queue.length >= this.options.maxExportBatchSize) this.kick();
      else if (this.queue.length > 0) this.schedule();
    });
  }

  private exportBatch(): Promise<void> {
    const batch = this.queue.splice(0, this.options.maxExportBatchSize);
    if (batch.length === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let settled = false;
      const settle = (ok: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timeout);
        if (ok) this.options.onExported?.(batch.length);
        else this.options.onDropped(batch.length, 'export_failed');
        resolve();
      };
      const timeout = setTimeout(() => settle(false), this.options.exportTimeoutMs);
      timeout.unref();
      try {
        this.options.exporter.export(batch, (result: ExportResult) => settle(result.code === ExportResultCode.SUCCESS));
      } catch {
        // Exporters should report, not throw; one that throws loses its batch, not the process.
        settle(false);
      }
    });
  }
}
