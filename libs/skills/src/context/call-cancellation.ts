import type { CancellationGroup } from './cancellation-group';

/** Stops listening to whatever `CallCancellation` was watching. */
export type StopWatching = () => void;

/**
 * The cancellation of one skill call: it fires on the skill's timeout, on the client's cancel or
 * on the client going away. Its `AbortSignal` is only built when the skill reads `ctx.signal`:
 * most skills never do, and an AbortController with its event listeners, built and torn down on
 * every call, costs more than the rest of a plain `tools/call` on the gateway's fast path. The
 * invoker waits on it through one plain callback instead of an event listener.
 *
 * Hand-written because AbortController has no lazy form and AbortSignal.any/timeout keep the
 * weak references and timers this avoids.
 */
export class CallCancellation {
  private controller?: AbortController;
  private fired = false;
  private why: unknown;
  private listener?: (reason: unknown) => void;
  private stopWatching?: StopWatching;
  private group?: CancellationGroup;

  /**
   * @param watch subscribes to the outer source (a closing response, say) and returns how to stop;
   *   it runs once, when the signal is first needed, and may call `abort` at once if the source has
   *   already fired.
   */
  constructor(private watch?: (abort: (reason?: unknown) => void) => StopWatching | undefined) {}

  /** A cancellation that follows `signal` from the start (the SDK's request signal, say). */
  static following(signal: AbortSignal | undefined): CallCancellation {
    const cancellation = new CallCancellation();
    if (!signal) return cancellation;
    if (signal.aborted) {
      cancellation.abort(signal.reason);
      return cancellation;
    }
    const forward = () => cancellation.abort(signal.reason);
    signal.addEventListener('abort', forward, { once: true });
    cancellation.stopWatching = () => signal.removeEventListener('abort', forward);
    return cancellation;
  }

  get aborted(): boolean {
    return this.fired;
  }

  get reason(): unknown {
    return this.why;
  }

  /** The signal handed to the skill, built on first use. */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.fired) this.controller.abort(this.why);
      else this.startWatching();
    }
    return this.controller.signal;
  }

  abort(reason: unknown = new DOMException('The call was cancelled', 'AbortError')): void {
    if (this.fired) return;
    this.fired = true;
    this.why = reason;
    this.controller?.abort(reason);
    this.listener?.(reason);
  }

  /** The invoker's one listener: called once, at once if the call is already cancelled. */
  onAbort(listener: (reason: unknown) => void): void {
    this.listener = listener;
    if (this.fired) listener(this.why);
  }

  /** Counts the call among `group`'s running calls until it is released (cancelled with them at shutdown). */
  join(group: CancellationGroup): void {
    this.group = group;
    group.add(this);
  }

  /** The call is over: stop watching the outer source, leave its group and forget the listener. */
  release(): void {
    this.watch = undefined;
    this.listener = undefined;
    this.group?.delete(this);
    this.group = undefined;
    const stop = this.stopWatching;
    this.stopWatching = undefined;
    stop?.();
  }

  private startWatching(): void {
    const watch = this.watch;
    this.watch = undefined;
    if (watch) this.stopWatching = watch((reason) => this.abort(reason));
  }
}
