import type { ApprovalRequest } from './approval.js';

export type ApprovalNotificationKind = 'requested' | 'approved' | 'denied' | 'expired';

/**
 * Tells humans about approval requests (chat webhook). Fire-and-forget: `notify` returns at
 * once and never throws; delivery problems are logged by the implementation.
 */
export interface ApprovalNotifier {
  notify(kind: ApprovalNotificationKind, request: ApprovalRequest, actor?: string): void;
  /** Waits (bounded) for deliveries in flight; idempotent. */
  close(): Promise<void>;
}

export class NoopApprovalNotifier implements ApprovalNotifier {
  notify(): void {}
  close(): Promise<void> {
    return Promise.resolve();
  }
}
