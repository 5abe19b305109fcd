import { SpanKind, TraceFlags } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { AlwaysOnSampler, TracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { BoundedBatchSpanProcessor, type SpanDropReason } from './bounded-batch-span-processor.js';

/** An exporter that holds each export until the test answers it. */
class HeldExporter implements SpanExporter {
  readonly batches: ReadableSpan[][] = [];
  readonly pending: Array<(result: ExportResult) => void> = [];
  shutdowns = 0;
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.batches.push(spans);
    this.pending.push(done);
  }
  answer(code: ExportResultCode): void {
    this.pending.shift()?.({ code });
  }
  shutdown(): Promise<void> {
    this.shutdowns++;
    return Promise.resolve();
  }
}

function harness(options: { maxQueueSize: number; maxExportBatchSize: number; scheduledDelayMs?: number; exportTimeoutMs?: number }) {
  const exporter = new HeldExporter();
  const drops: Record<SpanDropReason, number> = { queue_full: 0, export_failed: 0, shutdown: 0 };
  let exported = 0;
  const processor = new BoundedBatchSpanProcessor({
    exporter,
    scheduledDelayMs: options.scheduledDelayMs ?? 60_000,
    exportTimeoutMs: options.exportTimeoutMs ?? 60_000,
    maxQueueSize: options.maxQueueSize,
    maxExportBatchSize: options.maxExportBatchSize,
    onDropped: (count, reason) => (drops[reason] += count),
    onExported: (count) => (exported += count),
  });
  const provider = new TracerProvider({ sampler: new AlwaysOnSampler(), spanProcessors: [processor] });
  const tracer = provider.getTracer('test');
  const endSpans = (n: number): void => {
    for (let i = 0; i < n; i++) tracer.startSpan(`s${i}`, { kind: SpanKind.SERVER }).end();
  };
  return { exporter, processor, drops, exported: () => exported, endSpans, tracer };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('BoundedBatchSpanProcessor', () => {
  it('sends a full batch at once and one export at a time', async () => {
    const h = harness({ maxQueueSize: 100, maxExportBatchSize: 4 });
    h.endSpans(9);
    expect(h.exporter.batches.map((b) => b.length)).toEqual([4]);
    h.exporter.answer(ExportResultCode.SUCCESS);
    await tick();
    expect(h.exporter.batches.map((b) => b.length)).toEqual([4, 4]);
    expect(h.exported()).toBe(4);
  });

  it('keeps at most maxQueueSize spans while the collector is slow, and counts the rest as dropped', () => {
    const h = harness({ maxQueueSize: 10, maxExportBatchSize: 5 });
    h.endSpans(40);
    // 5 went out in the first (unanswered) export; 10 wait; 25 were dropped.
    expect(h.exporter.batches.map((b) => b.length)).toEqual([5]);
    expect(h.processor.queued).toBe(10);
    expect(h.drops.queue_full).toBe(25);
  });

  it('counts a failed or timed-out export as dropped, and reports instead of throwing', async () => {
    const h = harness({ maxQueueSize: 10, maxExportBatchSize: 2, exportTimeoutMs: 20 });
    h.endSpans(2);
    h.exporter.answer(ExportResultCode.FAILED);
    await tick();
    expect(h.drops.export_failed).toBe(2);
    h.endSpans(2);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(h.drops.export_failed).toBe(4);
  });

  it('sends a partial batch after scheduledDelayMs', async () => {
    const h = harness({ maxQueueSize: 10, maxExportBatchSize: 5, scheduledDelayMs: 20 });
    h.endSpans(2);
    expect(h.exporter.batches).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(h.exporter.batches.map((b) => b.length)).toEqual([2]);
  });

  it('skips spans that are not sampled', () => {
    const h = harness({ maxQueueSize: 10, maxExportBatchSize: 1 });
    const unsampled = { spanContext: () => ({ traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: TraceFlags.NONE }) } as unknown as ReadableSpan;
    h.processor.onEnd(unsampled);
    expect(h.exporter.batches).toHaveLength(0);
    h.endSpans(1);
    expect(h.exporter.batches).toHaveLength(1);
  });

  it('flushes at shutdown, once, however often it is called; later spans are dropped as shutdown', async () => {
    const h = harness({ maxQueueSize: 10, maxExportBatchSize: 5 });
    h.endSpans(3);
    const first = h.processor.shutdown();
    const second = h.processor.shutdown();
    expect(second).toBe(first);
    await tick();
    h.exporter.answer(ExportResultCode.SUCCESS);
    await first;
    expect(h.exporter.batches.map((b) => b.length)).toEqual([3]);
    expect(h.exporter.shutdowns).toBe(1);
    h.endSpans(1);
    expect(h.drops.shutdown).toBe(1);
  });
});
