import type { CapScope } from './limit-refusal';

/**
 * Places for long-lived streams on this replica (legacy GET streams, `subscriptions/listen`):
 * at most `max` at once, and at most `perPrincipal` for any one principal, so that no caller
 * can take every place. A stream costs this process memory and a socket, so it is counted
 * where it is held, per replica, even when sessions are shared through Redis.
 */
export class StreamQuota {
  private total = 0;
  private readonly held = new Map<string, number>();

  constructor(
    readonly max: number,
    readonly perPrincipal: number,
  ) {}

  /** A place for `principal`: its release (idempotent), or the cap that refused. */
  take(principal: string): (() => void) | CapScope {
    const own = this.held.get(principal) ?? 0;
    if (own >= this.perPrincipal) return 'principal';
    if (this.total >= this.max) return 'global';
    this.total++;
    this.held.set(principal, own + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = this.held.get(principal)! - 1;
      if (left === 0) this.held.delete(principal);
      else this.held.set(principal, left);
    };
  }

  get open(): number {
    return this.total;
  }
}
