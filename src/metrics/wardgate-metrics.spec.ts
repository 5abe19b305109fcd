import { describe, expect, it } from 'vitest';
import { createWardgateMetrics } from './wardgate-metrics.js';

describe('createWardgateMetrics', () => {
  it('exports the alerted series at 0 before the first event, so the first one is seen as an increase', () => {
    const text = createWardgateMetrics().registry.render();
    expect(text).toContain('wardgate_requests_total{service="authz",decision="deny"} 0\n');
    expect(text).toContain('wardgate_requests_total{service="extproc",decision="blocked"} 0\n');
    expect(text).toMatch(/^wardgate_audit_undeliverable_total 0$/m);
  });

  it('counts from 0 on those series', () => {
    const metrics = createWardgateMetrics();
    metrics.requests.inc({ service: 'authz', decision: 'deny' });
    metrics.auditUndeliverable.inc();
    const text = metrics.registry.render();
    expect(text).toContain('wardgate_requests_total{service="authz",decision="deny"} 1\n');
    expect(text).toMatch(/^wardgate_audit_undeliverable_total 1$/m);
  });
});
