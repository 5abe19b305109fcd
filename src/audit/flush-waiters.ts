/**
 * Tracks callers of `flush()` against a FIFO of events: each waits until every event
 * accepted before its call has settled (delivered or durably spooled).
 */
export class FlushWaiters {
  private accepted = 0;
  private settled = 0;
  private waiters: { target: number; resolve: () => void; reject: (reason: unknown) => void }[] = [];

  get pending(): number {
    return this.waiters.length;
  }

  onAccepted(count = 1): void {
    this.accepted += count;
  }

  onSettled(count: number): void {
    this.settled += count;
    if (this.waiters.length === 0) return;
    const still: typeof this.waiters = [];
    for (const waiter of this.waiters) {
      if (waiter.target <= this.settled) waiter.resolve();
      else still.push(waiter);
    }
    this.waiters = still;
  }

  /** A promise for everything accepted so far. */
  wait(): Promise<void> {
    if (this.settled >= this.accepted) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ target: this.accepted, resolve, reject }));
  }

  /** Fails all current waiters (the events cannot be made durable now). */
  rejectAll(reason: unknown): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.reject(reason);
  }
}
