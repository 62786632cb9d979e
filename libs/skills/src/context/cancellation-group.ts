import type { CallCancellation } from './call-cancellation';

/** The name of the reason a call is aborted with at the server's drain deadline. */
const SHUTDOWN = 'ShutdownError';

/** The abort reason of calls cancelled at the drain deadline: a skill's `ctx.signal.reason`. */
export function serverShutdownReason(): DOMException {
  return new DOMException('The server is shutting down; the call was cancelled at the drain deadline', SHUTDOWN);
}

/** Whether a call was aborted because the server's drain deadline passed. */
export function isServerShutdown(reason: unknown): boolean {
  return (reason as Error | undefined)?.name === SHUTDOWN;
}

/**
 * The calls a front door has running, so that shutdown can cancel them all at its drain deadline
 * through their own cancellation (the skill's `ctx.signal` fires, the caller is answered at once).
 * A call joins only once it is asynchronous (a synchronous one has already ended) and leaves when
 * it ends, so this holds no finished call. One that joins after `cancelAll` is cancelled at once.
 */
export class CancellationGroup {
  private readonly running = new Set<CallCancellation>();
  private cancelledWith?: unknown;

  get size(): number {
    return this.running.size;
  }

  add(call: CallCancellation): void {
    if (this.cancelledWith !== undefined) call.abort(this.cancelledWith);
    else this.running.add(call);
  }

  delete(call: CallCancellation): void {
    this.running.delete(call);
  }

  /** Aborts every running call, and any that joins later, with `reason`. */
  cancelAll(reason: unknown = serverShutdownReason()): number {
    this.cancelledWith = reason;
    const calls = [...this.running];
    this.running.clear();
    for (const call of calls) call.abort(reason);
    return calls.length;
  }
}
