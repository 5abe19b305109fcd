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
  /** One group commit to the local audit log (write + fdatasync); what durable mode adds to an answer. */
  auditSyncSeconds: Histogram;
  dependencyUp: Gauge;
  /** step = resolve_identity | classify_command | evaluate_policy: a bug on the decision path (the request was denied). */
  decisionFailures: Counter;
  /** reason = queue_full | export_failed | shutdown: spans the bounded exporter could not keep. */
  tracingDroppedSpans: Counter;
  tracingExportedSpans: Counter;
  /** issuer = the index in identity.issuers; unix seconds of the last JWKS fetch that brought a key set. */
  jwksLastSuccess: Gauge;
  /** issuer = the index in identity.issuers: JWKS fetches that failed (network, HTTP status, not a key set). */
  jwksFetchFailures: Counter;
  /** Unix seconds of the last signed chain checkpoint the audit sink wrote (0 until the first). */
  auditLastCheckpoint: Gauge;
  /** Events sealed since the last checkpoint (a checkpoint is due while above 0). */
  auditUncheckpointed: Gauge;
  /** Records of the local audit log that cannot be read (damaged on disk) and were skipped. */
  auditUnreadable: Gauge;
}

/** Seconds; an fdatasync takes tens of microseconds on tmpfs, milliseconds on network disks. */
const syncBuckets = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5];

export function createWardgateMetrics(): WardgateMetrics {
  const registry = new MetricsRegistry();
  const metrics: WardgateMetrics = {
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
    auditUndeliverable: registry.counter('wardgate_audit_undeliverable_total', 'Audit events that could not be kept (PHI requests and admin calls failed; others logged).'),
    auditSyncSeconds: registry.histogram('wardgate_audit_sync_seconds', 'Time of one group commit (write + fdatasync) to the local audit log.', [], syncBuckets),
    dependencyUp: registry.gauge('wardgate_dependency_up', 'Whether a dependency answers (1) or not (0).', ['dependency']),
    decisionFailures: registry.counter('wardgate_decision_failures_total', 'Internal failures on the decision path, by step (each request was denied).', ['step']),
    tracingDroppedSpans: registry.counter('wardgate_tracing_dropped_spans_total', 'Spans dropped by the bounded trace exporter, by reason.', ['reason']),
    tracingExportedSpans: registry.counter('wardgate_tracing_exported_spans_total', 'Spans the trace exporter delivered to the collector.'),
    jwksLastSuccess: registry.gauge('wardgate_jwks_last_success_timestamp_seconds', 'Unix time of the last successful JWKS fetch, by issuer index.', ['issuer']),
    jwksFetchFailures: registry.counter('wardgate_jwks_fetch_failures_total', 'JWKS fetches that failed, by issuer index.', ['issuer']),
    auditLastCheckpoint: registry.gauge('wardgate_audit_last_checkpoint_timestamp_seconds', 'Unix time of the last signed audit chain checkpoint (0 before the first).'),
    auditUncheckpointed: registry.gauge('wardgate_audit_uncheckpointed_events', 'Audit events sealed since the last signed checkpoint.'),
    auditUnreadable: registry.gauge('wardgate_audit_log_unreadable_records', 'Records of the local audit log that cannot be read (damaged on disk) and were skipped, since start.'),
  };
  // The series alerts watch exist at 0 from the start: increase() and rate() cannot see the
  // first event of a series that is born with it (deploy/prometheus/wardgate-rules.yaml).
  for (const labels of alertedRequestSeries) metrics.requests.inc(labels, 0);
  metrics.auditUndeliverable.inc({}, 0);
  for (const step of decisionFailureSteps) metrics.decisionFailures.inc({ step }, 0);
  return metrics;
}

/** The decision steps whose failures are counted (authz/failure-decision.ts `DecisionStep`): each series exists at 0. */
export const decisionFailureSteps = ['resolve_identity', 'classify_command', 'evaluate_policy'] as const;

/** The request series the deny/block rate alert reads. */
export const alertedRequestSeries = [
  { service: 'authz', decision: 'deny' },
  { service: 'extproc', decision: 'blocked' },
] as const;
