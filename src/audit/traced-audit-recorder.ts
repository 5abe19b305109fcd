import type { WardgateError } from '../errors/wardgate-error.js';
import type { RequestTracer } from '../tracing/request-tracer.js';
import type { AuditEventInput } from './audit-event.js';
import type { AuditRecorder, AuditStakes } from './audit-recorder.js';

/**
 * Each record a child span of the request it belongs to: the append to the local write-ahead
 * log (and, in durable mode, its fdatasync) or the file. Only the event kind and sink are recorded.
 */
export class TracedAuditRecorder implements AuditRecorder {
  constructor(
    private readonly inner: AuditRecorder,
    private readonly tracer: RequestTracer,
    private readonly sink: 'wal' | 'file',
  ) {}

  record(event: AuditEventInput, stakes: AuditStakes): Promise<WardgateError | undefined> {
    return this.tracer.child('wardgate.audit.append', () => this.inner.record(event, stakes), {
      'wardgate.audit.kind': event.kind,
      'wardgate.audit.sink': this.sink,
    });
  }
}
