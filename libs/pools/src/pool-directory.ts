import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PoolStartupError } from './errors/pool.error';
import type { PoolStats } from './pool-stats';
import { PoolsMessages } from './pools.messages';

/** What health checks need from any pool. */
export interface ManagedPool {
  readonly kind: 'postgres' | 'http';
  readonly name: string;
  /**
   * Resolves when the pool can serve, or with a short reason when it serves impaired (reported as
   * `degraded`, which keeps the app ready); rejects with a short, secret-free reason otherwise.
   */
  ping(timeoutMs: number): Promise<void | string>;
  /** Its connections and errors right now (read by metrics at each scrape). */
  stats?(): PoolStats;
}

/** Left to a pool whose drain deadline has already passed: enough to close at once when nothing is in use. */
const LAST_CLOSE_MS = 100;

/**
 * Every pool of the app, by kind and name: lets health checks find them all and makes a
 * duplicate name fail the bootstrap instead of one pool silently shadowing another. Also the
 * pools' shutdown clock: their drain deadlines count from the start of the app's shutdown.
 */
@Injectable()
export class PoolDirectory implements OnModuleDestroy {
  private readonly pools = new Map<string, ManagedPool>();
  private shutdownStartedAt?: number;

  /**
   * The first shutdown hook: pools close last (after the gateways' drain and the HTTP server),
   * and their deadline must not start over then, or the process would outlive its own deadline.
   */
  onModuleDestroy(): void {
    this.shutdownStartedAt ??= Date.now();
  }

  /** How long a pool may still wait at shutdown for a drain deadline of `deadlineMs`. */
  shutdownTimeLeft(deadlineMs: number): number {
    const left = this.shutdownStartedAt === undefined ? deadlineMs : this.shutdownStartedAt + deadlineMs - Date.now();
    return Math.max(LAST_CLOSE_MS, left);
  }

  register(pool: ManagedPool): void {
    const key = `${pool.kind}:${pool.name}`;
    if (this.pools.has(key)) throw new PoolStartupError(PoolsMessages.duplicatePool(pool.kind, pool.name));
    this.pools.set(key, pool);
  }

  all(): ManagedPool[] {
    return [...this.pools.values()];
  }
}
