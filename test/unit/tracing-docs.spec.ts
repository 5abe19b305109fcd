import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packageRoot } from '../../src/config/package-root.js';
import { tracingConfigSchema } from '../../src/config/tracing-config.js';
import { loadWardgateConfig } from '../../src/config/wardgate-config.js';
import { createWardgateMetrics } from '../../src/metrics/wardgate-metrics.js';
import { renderChart } from '../../scripts/deploy/helm-render.js';

const doc = readFileSync(path.join(packageRoot(), 'docs', 'tracing.md'), 'utf8');

describe('docs/tracing.md', () => {
  it('its configuration example loads as written', () => {
    const block = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    const { tracing } = loadWardgateConfig({ env: {}, raw: parse(block!) as Record<string, unknown> });
    expect(tracing).toMatchObject({ enabled: true, endpoint: 'http://otel-collector.observability:4318/v1/traces', sampleRatio: 0.25, maxQueueSize: 2048, scheduledDelay: 2_000, exportTimeout: 10_000 });
  });

  it('names the drop and export metrics Wardgate exports', () => {
    const rendered = createWardgateMetrics().registry.render();
    for (const name of ['wardgate_tracing_dropped_spans_total', 'wardgate_tracing_exported_spans_total']) {
      expect(doc).toContain(name);
      expect(rendered).toContain(`# TYPE ${name} counter`);
    }
  });

  it('lists every span name and attribute name the code declares', () => {
    const tracer = readFileSync(path.join(packageRoot(), 'src', 'tracing', 'request-tracer.ts'), 'utf8');
    const attributes = readFileSync(path.join(packageRoot(), 'src', 'tracing', 'span-attributes.ts'), 'utf8');
    const spans = [...tracer.matchAll(/'(wardgate\.[a-z.]+)'/g)].map((m) => m[1]!);
    const names = [...attributes.matchAll(/^ {2}'([a-z_.]+)'\?:/gm)].map((m) => m[1]!);
    expect(spans.length).toBeGreaterThanOrEqual(5);
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const name of [...spans, ...names]) expect(doc, name).toContain(`\`${name}\``);
  });

  it('the chart passes the tracing block through extraConfig, as the doc shows', () => {
    const json = /--set-json 'extraConfig=(\{.*\})'/.exec(doc)?.[1];
    expect(json).toBeDefined();
    const objects = renderChart({ set: { extraConfig: JSON.parse(json!) as unknown } });
    const map = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'wardgate-config') as unknown as { data: Record<string, string> } | undefined;
    const rendered = parse(map?.data['config.yaml'] ?? '') as Record<string, unknown>;
    // The rendered file names secret files only a pod has; the tracing section is checked on its own.
    const tracing = tracingConfigSchema.parse(rendered.tracing);
    expect(tracing).toMatchObject({ enabled: true, endpoint: 'http://otel-collector.observability:4318/v1/traces', maxQueueSize: 2048 });
  });
});
