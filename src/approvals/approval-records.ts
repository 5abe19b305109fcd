import type { ApprovalRequest, ApprovalStatus } from './approval.js';

/** One stored request as read, with the token a conditional write must present. */
export interface StoredApproval {
  record: ApprovalRequest;
  /** False once the pending window is over (Redis: the pending key's TTL ran out). */
  pending: boolean;
  version: string;
}

/**
 * - vote: a partial vote; the request must still be pending.
 * - final: approved or denied; must be pending; ends the pending window and announces it.
 * - expire: marks an overdue request expired; only once its pending window is over.
 */
export type CommitMode = 'vote' | 'final' | 'expire';
export type CommitResult = 'ok' | 'stale' | 'gone' | 'not_pending' | 'not_due';

/** Storage under an ApprovalCoordinator: in memory or in Redis. */
export interface ApprovalRecords {
  insert(record: ApprovalRequest, pendingTtlMs: number, retentionMs: number): Promise<void>;
  read(id: string): Promise<StoredApproval | undefined>;
  /** Writes `next` only when the record is still at `expectedVersion` (compare-and-set). */
  commit(id: string, expectedVersion: string, next: ApprovalRequest, mode: CommitMode): Promise<CommitResult>;
  list(): Promise<StoredApproval[]>;
  /** Ids whose pending window ended by `now` and that nobody has marked expired yet. */
  due(now: number, limit: number): Promise<string[]>;
  /**
   * Called for every change committed by ANY replica: a new request and a partial vote with
   * status 'pending', a final outcome or an expiry with its status.
   */
  onChange(listener: (id: string, status: ApprovalStatus) => void): void;
  /** Called after the change feed reconnected: announcements may have been missed. */
  onResync(listener: () => void): void;
  /** Resolves when the change feed is live (subscribed). */
  ready(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
