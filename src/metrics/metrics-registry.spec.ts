import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from './metrics-registry.js';

describe('MetricsRegistry', () => {
  it('renders counters and histograms in Prometheus text format', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('x_total', 'Things.', ['service']);
    const histogram = registry.histogram('x_seconds', 'Time.', ['service'], [0.1, 1]);
    counter.inc({ service: 'authz' });
    counter.inc({ service: 'authz' }, 2);
    histogram.observe(0.05, { service: 'authz' });
    histogram.observe(0.5, { service: 'authz' });
    const text = registry.render();
    expect(text).toContain('# TYPE x_total counter');
    expect(text).toContain('x_total{service="authz"} 3');
    expect(text).toContain('x_seconds_bucket{service="authz",le="0.1"} 1');
    expect(text).toContain('x_seconds_bucket{service="authz",le="1"} 2');
    expect(text).toContain('x_seconds_bucket{service="authz",le="+Inf"} 2');
    expect(text).toContain('x_seconds_count{service="authz"} 2');
  });

  it('escapes label values', () => {
    const registry = new MetricsRegistry();
    registry.counter('y_total', 'Y.', ['l']).inc({ l: 'a"b\\c\nd' });
    expect(registry.render()).toContain('y_total{l="a\\"b\\\\c\\nd"} 1');
  });
});
