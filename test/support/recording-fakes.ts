import type { AuditEventInput } from '../../src/audit/audit-event.js';
import type { AuditSink, AuditSinkHealth } from '../../src/audit/audit-sink.js';
import type { ApprovalRequest } from '../../src/approvals/approval.js';
import type { ApprovalNotificationKind, ApprovalNotifier } from '../../src/approvals/approval-notifier.js';

/** An AuditSink that keeps what it is given. */
export class RecordingAuditSink implements AuditSink {
  readonly events: AuditEventInput[] = [];
  emit(event: AuditEventInput): void {
    this.events.push(structuredClone(event));
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
