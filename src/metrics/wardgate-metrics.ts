import { MetricsRegistry, type Counter, type Gauge, type Histogram } from './metrics-registry.js';

/** Seconds; decisions are sub-millisecond, holds can last minutes. */
const latencyBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120];

/** Every metric Wardgate exports, created per server instance (no global registry). */
export interface WardgateMetrics {
  registry: MetricsRegistry;
  /** service = authz | extproc; decision = allow | deny | hold | dry_run | error | masked | passed | blocked. */
  requests: Counter;
  latency: Histogram;
  maskedValues: Counter;
  auditPending: Gauge;
  auditUndeliverable: Counter;
  dependencyUp: Gauge;
  /** step = resolve_identity | classify_command | evaluate_policy: a bug on the decision path (the request was denied). */
  decisionFailures: Counter;
}

export function createWardgateMetrics(): WardgateMetrics {
  const registry = new MetricsRegistry();
  return {
    registry,
    requests: registry.counter('wardgate_requests_total', 'Requests handled, by service and decision.', ['service', 'decision']),
    latency: registry.histogram(
      'wardgate_request_duration_seconds',
      'Time Wardgate spent on a request (authz: the decision; extproc: the whole stream).',
      ['service', 'decision'],
      latencyBuckets,
    ),
    maskedValues: registry.counter('wardgate_masked_values_total', 'PHI values masked, by Safe Harbor category.', ['category']),
    auditPending: registry.gauge('wardgate_audit_pending_events', 'Audit events accepted but not yet delivered.'),
    auditUndeliverable: registry.counter('wardgate_audit_undeliverable_total', 'Audit events that could not be kept (requests failed closed).'),
    dependencyUp: registry.gauge('wardgate_dependency_up', 'Whether a dependency answers (1) or not (0).', ['dependency']),
    decisionFailures: registry.counter('wardgate_decision_failures_total', 'Internal failures on the decision path, by step (each request was denied).', ['step']),
  };
}
