import { describe, expect, it } from 'vitest';
import { renderMergedMetrics } from './metrics-merge.js';
import { MetricsRegistry } from './metrics-registry.js';

function worker(requests: number, pending: number, latencies: number[]): MetricsRegistry {
  const registry = new MetricsRegistry();
  registry.counter('x_total', 'Things.', ['service']).inc({ service: 'authz' }, requests);
  registry.gauge('x_pending', 'Pending.').set(pending);
  const histogram = registry.histogram('x_seconds', 'Time.', ['service'], [0.1, 1]);
  for (const l of latencies) histogram.observe(l, { service: 'authz' });
  return registry;
}

describe('renderMergedMetrics', () => {
  it('sums counters, merges histograms and labels gauges by worker index', () => {
    const text = renderMergedMetrics([
      { worker: 0, metrics: worker(3, 7, [0.05, 0.5]).snapshot() },
      { worker: 1, metrics: worker(4, 2, [0.05, 5]).snapshot() },
    ]);
    expect(text).toContain('x_total{service="authz"} 7');
    expect(text).toContain('x_pending{worker="0"} 7');
    expect(text).toContain('x_pending{worker="1"} 2');
    expect(text).toContain('x_seconds_bucket{service="authz",le="0.1"} 2');
    expect(text).toContain('x_seconds_bucket{service="authz",le="1"} 3');
    expect(text).toContain('x_seconds_bucket{service="authz",le="+Inf"} 4');
    expect(text).toContain('x_seconds_sum{service="authz"} 5.6');
    expect(text).toContain('x_seconds_count{service="authz"} 4');
    expect(text.match(/# TYPE x_total counter/g)).toHaveLength(1);
  });

  it('for one worker renders what its registry renders, gauges labelled', () => {
    const registry = worker(1, 1, [0.2]);
    const merged = renderMergedMetrics([{ worker: 0, metrics: registry.snapshot() }]);
    expect(merged.replace('x_pending{worker="0"}', 'x_pending')).toBe(registry.render());
  });
});
