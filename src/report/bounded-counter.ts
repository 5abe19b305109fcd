/** The key decisions are counted under once a breakdown has reached its key limit. */
export const OTHER_KEY = '(other)';
/** The key of a decision without the dimension (no user, no agent, no command kind). */
export const NONE_KEY = '(none)';

/**
 * Counts by key, keeping at most `limit` distinct keys: later new keys are counted under
 * `(other)`, so a stream with a million distinct users cannot exhaust memory.
 */
export class BoundedCounter {
  private readonly counts = new Map<string, number>();
  other = 0;

  constructor(private readonly limit: number) {}

  add(key: string, by = 1): void {
    const current = this.counts.get(key);
    if (current !== undefined) this.counts.set(key, current + by);
    else if (this.counts.size < this.limit) this.counts.set(key, by);
    else this.other += by;
  }

  /** Largest first, then by key; `(other)` last. */
  entries(): Array<{ key: string; count: number }> {
    const out = [...this.counts].map(([key, count]) => ({ key, count }));
    out.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (this.other > 0) out.push({ key: OTHER_KEY, count: this.other });
    return out;
  }
}

/** A list that keeps its first `limit` items and counts the rest. */
export class CappedList<T> {
  readonly items: T[] = [];
  total = 0;

  constructor(private readonly limit: number) {}

  push(item: T): void {
    this.total++;
    if (this.items.length < this.limit) this.items.push(item);
  }

  toJSON(): { total: number; items: T[] } {
    return { total: this.total, items: this.items };
  }
}
