import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { TracedAuditRecorder } from '../audit/traced-audit-recorder.js';
import { TracedGrantStore } from '../grants/traced-grant-store.js';
import { InMemoryGrantStore } from '../grants/in-memory-grant-store.js';
import { ManualClock } from '../clock/clock.js';
import { OtelRequestTracer } from './otel-request-tracer.js';
import { createNoopTracer } from './request-tracer.js';

class Collect implements SpanExporter {
  readonly spans: ReadableSpan[] = [];
  export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    this.spans.push(...spans);
    done({ code: ExportResultCode.SUCCESS });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function tracer(sampleRatio = 1) {
  const exporter = new Collect();
  const dropped: string[] = [];
  const t = new OtelRequestTracer({ serviceName: 't', sampleRatio, maxQueueSize: 100, maxExportBatchSize: 10, scheduledDelayMs: 5, exportTimeoutMs: 1000, exporter, onDropped: (n, r) => dropped.push(`${n} ${r}`) });
  return { t, exporter, dropped };
}

const parent = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', sampled: true };

describe('OtelRequestTracer', () => {
  it('continues the caller\'s trace; children started inside run() across awaits have the request span as parent', async () => {
    const { t, exporter } = tracer();
    const span = t.startRequestSpan('wardgate.check', parent);
    expect(span.traceId).toBe(parent.traceId);
    await span.run(async () => {
      await new Promise((r) => setTimeout(r, 1));
      await t.child('wardgate.grants.redis', () => Promise.resolve(1), { 'wardgate.grants.operation': 'use_matching' });
    });
    span.end();
    await t.shutdown();
    const check = exporter.spans.find((s) => s.name === 'wardgate.check')!;
    const child = exporter.spans.find((s) => s.name === 'wardgate.grants.redis')!;
    expect(check.parentSpanContext?.spanId).toBe(parent.spanId);
    expect(child.parentSpanContext?.spanId).toBe(check.spanContext().spanId);
    expect(child.attributes).toEqual({ 'wardgate.grants.operation': 'use_matching', 'wardgate.outcome': 'ok' });
  });

  it('a failed child is marked failed without the error\'s message, and the error still reaches the caller', async () => {
    const { t, exporter } = tracer();
    const span = t.startRequestSpan('wardgate.check', undefined);
    await expect(span.run(() => t.child('wardgate.jwks.fetch', () => Promise.reject(new Error('GET https://idp/jwks?patient=Jane failed'))))).rejects.toThrow('Jane');
    span.end();
    await t.shutdown();
    const child = exporter.spans.find((s) => s.name === 'wardgate.jwks.fetch')!;
    expect(child.attributes['wardgate.outcome']).toBe('failed');
    expect(JSON.stringify({ status: child.status, events: child.events, attributes: child.attributes })).not.toContain('Jane');
  });

  it('starts no child outside a request span, and records nothing of an unsampled caller', async () => {
    const { t, exporter } = tracer();
    expect(await t.child('wardgate.audit.append', () => Promise.resolve('untraced'))).toBe('untraced');
    const span = t.startRequestSpan('wardgate.process', { ...parent, sampled: false });
    expect(span.traceId).toBe(parent.traceId);
    await span.run(() => t.child('wardgate.audit.append', () => Promise.resolve()));
    span.end();
    await t.shutdown();
    expect(exporter.spans).toEqual([]);
  });

  it('ends a span once; attributes after the end are ignored', async () => {
    const { t, exporter } = tracer();
    const span = t.startRequestSpan('wardgate.check', parent);
    span.setAttributes({ 'wardgate.rule_id': 'r1' });
    span.end();
    span.setAttributes({ 'wardgate.rule_id': 'r2' });
    span.end();
    await t.shutdown();
    expect(exporter.spans.map((s) => s.attributes['wardgate.rule_id'])).toEqual(['r1']);
  });
});

describe('traced decorators', () => {
  it('TracedGrantStore and TracedAuditRecorder make child spans named by operation and event kind only', async () => {
    const { t, exporter } = tracer();
    const store = new TracedGrantStore(new InMemoryGrantStore({ clock: new ManualClock() }), t);
    const recorder = new TracedAuditRecorder({ record: () => Promise.resolve(undefined) }, t, 'wal');
    const span = t.startRequestSpan('wardgate.check', parent);
    await span.run(async () => {
      await store.list();
      await recorder.record({ kind: 'access.decision', target: { path: '/Patient/Jane' } }, 'phi_request');
    });
    span.end();
    await t.shutdown();
    expect(exporter.spans.map((s) => [s.name, s.attributes])).toEqual(
      expect.arrayContaining([
        ['wardgate.grants.redis', { 'wardgate.grants.operation': 'list', 'wardgate.outcome': 'ok' }],
        ['wardgate.audit.append', { 'wardgate.audit.kind': 'access.decision', 'wardgate.audit.sink': 'wal', 'wardgate.outcome': 'ok' }],
      ]),
    );
  });

  it('the no-op tracer passes the caller\'s trace id on and runs everything untraced', async () => {
    const noop = createNoopTracer();
    expect(noop.startRequestSpan('wardgate.check', parent).traceId).toBe(parent.traceId);
    expect(noop.startRequestSpan('wardgate.check', undefined).traceId).toBeUndefined();
    expect(await noop.child('wardgate.audit.append', () => Promise.resolve(3))).toBe(3);
  });
});
