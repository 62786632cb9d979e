import { PoolError } from '../errors/pool.error';

/**
 * Why a pool is not ready, as `/readyz` says it: a fixed set, so an unauthenticated probe learns
 * nothing about addresses, drivers or the database's own wording.
 */
export type PoolHealthReason = 'unreachable' | 'timeout' | 'not started' | 'unavailable';

/**
 * A failed readiness ping. `reason` is what `/readyz` answers; `detail` is what the log gets
 * (target and redacted cause), once per distinct detail rather than on every probe.
 */
export class PoolHealthError extends PoolError {
  override name = 'PoolHealthError';

  constructor(
    readonly reason: PoolHealthReason,
    readonly detail?: string,
  ) {
    super(reason);
  }
}
