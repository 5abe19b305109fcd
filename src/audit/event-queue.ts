/** A FIFO with O(1) amortised removal from the front (Array.shift is O(n) on big queues). */
export class EventQueue<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** Up to `count` items from the front, without removing them. */
  peek(count: number): T[] {
    return this.items.slice(this.head, this.head + count);
  }

  /** Removes `count` items from the front. */
  drop(count: number): void {
    this.head = Math.min(this.items.length, this.head + count);
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
