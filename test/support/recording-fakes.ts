import type { AuditEventInput } from '../../src/audit/audit-event.js';
import { SinkAuditRecorder, type AuditRecorder, type AuditStakes } from '../../src/audit/audit-recorder.js';
import type { AuditReceipt, AuditSink, AuditSinkHealth } from '../../src/audit/audit-sink.js';
import type { WardgateError } from '../../src/errors/wardgate-error.js';
import { createSilentLogger } from '../../src/logging/logger.js';
import type { ApprovalRequest } from '../../src/approvals/approval.js';
import type { ApprovalNotificationKind, ApprovalNotifier } from '../../src/approvals/approval-notifier.js';

/** An AuditSink that keeps what it is given (or refuses all with `refuseWith`); `record` goes through the real recorder. */
export class RecordingAuditSink implements AuditSink, AuditRecorder {
  readonly events: AuditEventInput[] = [];
  refuseWith: WardgateError | undefined;
  refused = 0;
  private readonly recorder = new SinkAuditRecorder({ sink: this, durability: 'durable', failClosed: true, logger: createSilentLogger(), onRefused: () => this.refused++ });
  emit(event: AuditEventInput): AuditReceipt {
    if (this.refuseWith !== undefined) return { refused: this.refuseWith, durable: Promise.resolve(this.refuseWith) };
    this.events.push(structuredClone(event));
    return { refused: undefined, durable: Promise.resolve(undefined) };
  }
  record(event: AuditEventInput, stakes: AuditStakes): Promise<WardgateError | undefined> {
    return this.recorder.record(event, stakes);
  }
  health(): AuditSinkHealth {
    return { ready: true, pending: 0 };
  }
  flush(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
  kinds(approvalId?: string): string[] {
    return this.events.filter((e) => !approvalId || e.approval?.id === approvalId).map((e) => e.kind);
  }
}

export class RecordingNotifier implements ApprovalNotifier {
  readonly sent: Array<{ kind: ApprovalNotificationKind; id: string; actor?: string }> = [];
  notify(kind: ApprovalNotificationKind, request: ApprovalRequest, actor?: string): void {
    this.sent.push({ kind, id: request.id, ...(actor ? { actor } : {}) });
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}
