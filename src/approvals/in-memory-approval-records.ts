import type { Clock } from '../clock/clock.js';
import type { ApprovalRequest, ApprovalStatus } from './approval.js';
import type { ApprovalRecords, CommitMode, CommitResult, StoredApproval } from './approval-records.js';

interface Entry {
  record: ApprovalRequest;
  version: number;
  retainUntil: number;
}

/** Approval records in one process; expiry by the injected clock. */
export class InMemoryApprovalRecords implements ApprovalRecords {
  private readonly entries = new Map<string, Entry>();
  private readonly changeListeners: Array<(id: string, status: ApprovalStatus) => void> = [];

  constructor(private readonly clock: Clock) {}

  insert(record: ApprovalRequest, pendingTtlMs: number, retentionMs: number): Promise<void> {
    this.entries.set(record.id, { record: structuredClone(record), version: 1, retainUntil: record.createdAt + pendingTtlMs + retentionMs });
    this.announce(record.id, record.status);
    return Promise.resolve();
  }

  read(id: string): Promise<StoredApproval | undefined> {
    const entry = this.entry(id);
    return Promise.resolve(entry ? this.view(entry) : undefined);
  }

  commit(id: string, expectedVersion: string, next: ApprovalRequest, mode: CommitMode): Promise<CommitResult> {
    const entry = this.entry(id);
    if (!entry) return Promise.resolve('gone');
    if (String(entry.version) !== expectedVersion) return Promise.resolve('stale');
    const pending = this.isPending(entry.record);
    if (mode === 'expire' && pending) return Promise.resolve('not_due');
    if (mode !== 'expire' && !pending) return Promise.resolve('not_pending');
    entry.record = structuredClone(next);
    entry.version++;
    this.announce(id, next.status);
    return Promise.resolve('ok');
  }

  list(): Promise<StoredApproval[]> {
    const result: StoredApproval[] = [];
    for (const id of [...this.entries.keys()]) {
      const entry = this.entry(id);
      if (entry) result.push(this.view(entry));
    }
    return Promise.resolve(result);
  }

  due(now: number, limit: number): Promise<string[]> {
    const ids: string[] = [];
    for (const [id, entry] of this.entries) {
      if (ids.length >= limit) break;
      if (entry.record.status === 'pending' && entry.record.expiresAt <= now) ids.push(id);
    }
    return Promise.resolve(ids);
  }

  onChange(listener: (id: string, status: ApprovalStatus) => void): void {
    this.changeListeners.push(listener);
  }

  onResync(): void {}

  ready(): Promise<void> {
    return Promise.resolve();
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private announce(id: string, status: ApprovalStatus): void {
    for (const listener of this.changeListeners) listener(id, status);
  }

  private isPending(record: ApprovalRequest): boolean {
    return record.status === 'pending' && this.clock.now() < record.expiresAt;
  }

  private entry(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    if (entry && entry.retainUntil <= this.clock.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return entry;
  }

  private view(entry: Entry): StoredApproval {
    return { record: structuredClone(entry.record), pending: this.isPending(entry.record), version: String(entry.version) };
  }
}
