/**
 * The deadline of one upstream request: the pool's total time limit (`requestTimeoutMs`) joined
 * with the caller's signal (a skill's `ctx.signal`, which fires on the skill's timeout, the
 * client's cancel or the server's drain deadline), whichever fires first.
 */
export class RequestDeadline {
  readonly signal: AbortSignal;
  private readonly total: AbortSignal;

  constructor(totalMs: number, caller?: AbortSignal) {
    this.total = AbortSignal.timeout(totalMs);
    this.signal = caller ? AbortSignal.any([caller, this.total]) : this.total;
  }

  /** The total time ran out before the caller cancelled (the joined signal keeps the first reason). */
  get expired(): boolean {
    return this.signal.aborted && this.signal.reason === this.total.reason;
  }

  /** The caller cancelled first. */
  get cancelled(): boolean {
    return this.signal.aborted && !this.expired;
  }

  /**
   * Settles like `work`, or rejects as soon as the signal fires. undici keeps a request whose
   * signal fired while it waited for a free connection in its queue until a connection frees up:
   * without this, a cancelled or expired request would wait as long as the requests ahead of it.
   */
  race<T>(work: Promise<T>): Promise<T> {
    const { signal } = this;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
        (error: unknown) => (signal.removeEventListener('abort', onAbort), reject(error)),
      );
    });
  }
}
