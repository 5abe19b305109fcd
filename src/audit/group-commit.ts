/**
 * Group commit (PostgreSQL's WAL flush, Kafka's linger): items that arrive while one write and
 * sync is under way wait for the next, which covers all of them with one sync. Nothing waits on
 * a timer: an idle log writes at once, a busy one batches by itself.
 */
export class GroupCommit<T> {
  private pending: { item: T; resolve: () => void; reject: (reason: unknown) => void }[] = [];
  private running: Promise<void> | undefined;

  /** `commit` writes and syncs a batch, in order; a throw fails that batch only. */
  constructor(private readonly commit: (items: T[]) => Promise<void>) {}

  /** Items waiting for the next commit. */
  get waiting(): number {
    return this.pending.length;
  }

  /** Resolves once `item` is committed; rejects with the commit's error. */
  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.running ??= this.run();
    });
  }

  /** Resolves when everything added so far has been committed or failed. */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  private async run(): Promise<void> {
    // Yield once so that the caller's synchronous burst of adds lands in one batch.
    await Promise.resolve();
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        try {
          await this.commit(batch.map((p) => p.item));
        } catch (err: unknown) {
          for (const p of batch) p.reject(err);
          continue;
        }
        for (const p of batch) p.resolve();
      }
    } finally {
      this.running = undefined;
    }
  }
}
