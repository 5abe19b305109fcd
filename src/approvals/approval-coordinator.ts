import type { AuditEventInput } from '../audit/audit-event.js';
import type { AuditRecorder } from '../audit/audit-recorder.js';
import type { Clock } from '../clock/clock.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { Grant } from '../grants/grant.js';
import type { GrantStore } from '../grants/grant-store.js';
import { DEFAULT_GRANT_MAX_TTL_MS, randomId } from '../grants/grant-validation.js';
import type { Logger } from '../logging/logger.js';
import type { ApprovalOutcome, ApprovalRequest, NewApprovalRequest } from './approval.js';
import {
  applyVote,
  approvalAudit,
  DEFAULT_APPROVAL_RETENTION_MS,
  effectiveStatus,
  isApprovalId,
  newApprovalRecord,
  validateNewApproval,
} from './approval-decision.js';
import type { ApprovalNotifier } from './approval-notifier.js';
import { NoopApprovalNotifier } from './approval-notifier.js';
import type { ApprovalRecords, StoredApproval } from './approval-records.js';
import type { ApprovalChange, ApprovalService, DecideInput } from './approval-service.js';
import { OutcomeWaiters } from './outcome-waiters.js';

export interface ApprovalServiceDeps {
  grants: GrantStore;
  audit: AuditRecorder;
  clock: Clock;
  logger: Logger;
  /** @default no notifications */
  notifier?: ApprovalNotifier;
  /** Cap for every grant an approval creates (`grants.maxTtl`). @default 8h */
  maxGrantTtlMs?: number;
  /** How long decided/expired requests stay listed. @default 7 days */
  retentionMs?: number;
  /** Period of the check that announces expired requests; 0 turns it off. @default 5000 */
  sweepIntervalMs?: number;
  /**
   * Masks an approver's free-text comment for the audit event (it may name a patient).
   * @default the comment is left out of audit events
   */
  maskComment?: (comment: string) => string;
}

const MAX_COMMIT_ATTEMPTS = 5;

/**
 * The approval workflow over a storage (`ApprovalRecords`). Every state change is a
 * compare-and-set on the stored record: concurrent votes on any replica are serialized, a
 * decided request cannot be decided again, and only one replica announces an expiry.
 */
export class ApprovalCoordinator implements ApprovalService {
  private readonly waiters = new OutcomeWaiters();
  private readonly watchers = new Set<(change: ApprovalChange) => void>();
  private readonly notifier: ApprovalNotifier;
  private readonly maxGrantTtlMs: number;
  private readonly retentionMs: number;
  private readonly sweepTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly records: ApprovalRecords,
    private readonly deps: ApprovalServiceDeps,
  ) {
    this.notifier = deps.notifier ?? new NoopApprovalNotifier();
    this.maxGrantTtlMs = deps.maxGrantTtlMs ?? DEFAULT_GRANT_MAX_TTL_MS;
    this.retentionMs = deps.retentionMs ?? DEFAULT_APPROVAL_RETENTION_MS;
    records.onChange((id, status) => {
      if (status !== 'pending') this.waiters.settle(id, status);
      this.tellWatchers({ kind: 'changed', id });
    });
    records.onResync(() => {
      void this.resync();
      this.tellWatchers({ kind: 'resync' });
    });
    const interval = deps.sweepIntervalMs ?? 5000;
    if (interval > 0) {
      this.sweepTimer = setInterval(() => {
        this.sweepExpired().catch((err: unknown) => deps.logger.warn({ err: WardgateError.from(err).message }, 'approval expiry sweep failed'));
      }, interval);
      this.sweepTimer.unref();
    }
  }

  async create(input: NewApprovalRequest): Promise<ApprovalRequest> {
    validateNewApproval(input);
    const record = newApprovalRecord(randomId(), input, this.deps.clock.now());
    await this.records.insert(record, input.pendingTtlMs, this.retentionMs);
    // A hold that cannot be audited must not go ahead: the recorder's refusal reaches the caller.
    const refusal = await this.deps.audit.record(approvalAudit.requested(record), 'admin');
    if (refusal !== undefined) throw refusal;
    this.notifier.notify('requested', record);
    return record;
  }

  async waitForOutcome(id: string, timeoutMs: number, signal?: AbortSignal): Promise<ApprovalOutcome> {
    if (!isApprovalId(id)) throw new WardgateError(ErrorCode.NotFound, 'no such approval request');
    await this.records.ready();
    const wait = this.waiters.register(id, timeoutMs, signal);
    let current: StoredApproval | undefined;
    try {
      current = await this.records.read(id);
    } catch (err) {
      wait.cancel();
      throw err;
    }
    if (!current) {
      wait.cancel();
      throw new WardgateError(ErrorCode.NotFound, 'no such approval request');
    }
    const status = effectiveStatus(current.record, current.pending);
    if (status !== 'pending') wait.resolve(status);
    else wait.expireIn(current.record.expiresAt - this.deps.clock.now(), () => this.outcomeAtExpiry(id));
    return wait.outcome;
  }

  async decide(id: string, input: DecideInput): Promise<ApprovalRequest> {
    if (!isApprovalId(id)) throw new WardgateError(ErrorCode.NotFound, 'no such approval request');
    for (let attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
      const current = await this.records.read(id);
      if (!current) throw new WardgateError(ErrorCode.NotFound, 'no such approval request');
      const view = { ...current.record, status: effectiveStatus(current.record, current.pending) };
      const result = applyVote(view, input, this.deps.clock.now(), this.maxGrantTtlMs);
      let grant: Grant | undefined;
      if (result.grant) {
        // Issued before the commit so that an approved request always names a real grant;
        // if the commit loses a race the grant is revoked again.
        grant = await this.deps.grants.issue(result.grant);
        result.next.grantId = grant.id;
      }
      const committed = await this.records.commit(id, current.version, result.next, result.outcome ? 'final' : 'vote');
      if (committed === 'ok') {
        this.announceDecision(result.next, input, grant);
        return result.next;
      }
      if (grant) await this.revokeQuietly(grant.id);
      if (committed === 'gone') throw new WardgateError(ErrorCode.NotFound, 'no such approval request');
      if (committed === 'not_pending') throw new WardgateError(ErrorCode.Conflict, 'approval request has expired');
      // 'stale': another vote landed first; read again and re-check everything.
    }
    throw new WardgateError(ErrorCode.Conflict, 'approval request changed concurrently; try again');
  }

  async get(id: string): Promise<ApprovalRequest | undefined> {
    if (!isApprovalId(id)) return undefined;
    const current = await this.records.read(id);
    return current ? { ...current.record, status: effectiveStatus(current.record, current.pending) } : undefined;
  }

  async list(filter: { status?: ApprovalRequest['status'] } = {}): Promise<ApprovalRequest[]> {
    const all = (await this.records.list()).map((s) => ({ ...s.record, status: effectiveStatus(s.record, s.pending) }));
    return all.filter((r) => !filter.status || r.status === filter.status).sort((a, b) => b.createdAt - a.createdAt);
  }

  watch(listener: (change: ApprovalChange) => void): () => void {
    this.watchers.add(listener);
    // Redis subscribes lazily; a watcher needs the feed live even if nobody waits yet.
    this.ready().catch((err: unknown) => this.deps.logger.warn({ err: WardgateError.from(err).message }, 'approval change feed not live yet'));
    return () => this.watchers.delete(listener);
  }

  /** Resolves when the change feed is live (Redis: subscribed). */
  ready(): Promise<void> {
    return this.records.ready();
  }

  /** Marks overdue requests expired, once across replicas; returns how many this call marked. */
  async sweepExpired(limit = 100): Promise<number> {
    let expired = 0;
    for (const id of await this.records.due(this.deps.clock.now(), limit)) {
      if (await this.expireOne(id)) expired++;
    }
    return expired;
  }

  ping(): Promise<void> {
    return this.records.ping();
  }

  /** Stops the sweep, releases waiters ('timeout') and closes the storage. Injected deps stay open. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.waiters.settleAll('timeout');
    this.watchers.clear();
    await this.records.close();
  }

  private async outcomeAtExpiry(id: string): Promise<ApprovalOutcome> {
    await this.expireOne(id).catch(() => false);
    const current = await this.records.read(id);
    const status = current ? effectiveStatus(current.record, current.pending) : 'expired';
    // Waiters resolve at expiresAt even if the store's own expiry lags by a few ms.
    return status === 'pending' ? 'expired' : status;
  }

  private async expireOne(id: string): Promise<boolean> {
    const current = await this.records.read(id);
    if (!current || current.record.status !== 'pending' || current.pending) return false;
    const next: ApprovalRequest = { ...current.record, status: 'expired' };
    if ((await this.records.commit(id, current.version, next, 'expire')) !== 'ok') return false;
    this.emitQuietly(approvalAudit.expired(next));
    this.notifier.notify('expired', next);
    this.waiters.settle(id, 'expired');
    return true;
  }

  private announceDecision(request: ApprovalRequest, input: DecideInput, grant: Grant | undefined): void {
    if (request.status === 'pending') return;
    this.emitQuietly(approvalAudit.decided(request, input, this.deps.maskComment));
    if (grant) this.emitQuietly(approvalAudit.grantIssued(request, grant));
    this.notifier.notify(request.status === 'approved' ? 'approved' : 'denied', request, input.approver.subject);
    this.waiters.settle(request.id, request.status);
  }

  /** After a recorded decision the audit sink's refusal cannot undo it: the recorder logs and counts it. */
  private emitQuietly(event: AuditEventInput): void {
    void this.deps.audit.record(event, 'record');
  }

  /** A watcher that throws must not stop the others, nor the waits. */
  private tellWatchers(change: ApprovalChange): void {
    for (const watcher of [...this.watchers]) {
      try {
        watcher(change);
      } catch (err) {
        this.deps.logger.warn({ err: WardgateError.from(err).message }, 'approval watcher failed');
      }
    }
  }

  private async revokeQuietly(grantId: string): Promise<void> {
    try {
      await this.deps.grants.revoke(grantId);
    } catch (err) {
      this.deps.logger.error({ grantId, err: WardgateError.from(err).message }, 'could not revoke the grant of a lost approval race');
    }
  }

  private async resync(): Promise<void> {
    for (const id of this.waiters.ids()) {
      try {
        const current = await this.records.read(id);
        const status = current ? effectiveStatus(current.record, current.pending) : 'expired';
        if (status !== 'pending') this.waiters.settle(id, status);
      } catch (err) {
        this.deps.logger.warn({ approvalId: id, err: WardgateError.from(err).message }, 'approval resync failed');
      }
    }
  }
}
