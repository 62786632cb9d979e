/**
 * The records waiting to be written, oldest first, bounded: beyond `max` the oldest are dropped
 * (and the caller told how many). A plain array with a moving head, so that taking a batch or
 * dropping the oldest does not copy the rest each time.
 */
export class AuditQueue<T> {
  private items: T[] = [];
  private head = 0;

  constructor(private readonly max: number) {}

  get length(): number {
    return this.items.length - this.head;
  }

  /** Adds `item` last; returns how many of the oldest were dropped to stay within the bound. */
  push(item: T): number {
    this.items.push(item);
    return this.length > this.max ? this.trim() : 0;
  }

  /** Takes up to `count` of the oldest. */
  take(count: number): T[] {
    const batch = this.items.slice(this.head, this.head + count);
    this.head += batch.length;
    this.compact();
    return batch;
  }

  /** Puts a batch that could not be written back in front; returns how many of the oldest were dropped to stay within the bound. */
  putBack(batch: readonly T[]): number {
    this.items = [...batch, ...this.items.slice(this.head)];
    this.head = 0;
    return this.trim();
  }

  /** Takes everything (what is left at shutdown). */
  clear(): T[] {
    return this.take(this.length);
  }

  private trim(): number {
    const over = this.length - this.max;
    if (over <= 0) return 0;
    this.head += over;
    this.compact();
    return over;
  }

  private compact(): void {
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1_024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
