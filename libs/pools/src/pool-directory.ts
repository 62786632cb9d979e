import { Injectable } from '@nestjs/common';
import { PoolStartupError } from './errors/pool.error';
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
}

/**
 * Every pool of the app, by kind and name: lets health checks find them all and makes a
 * duplicate name fail the bootstrap instead of one pool silently shadowing another.
 */
@Injectable()
export class PoolDirectory {
  private readonly pools = new Map<string, ManagedPool>();

  register(pool: ManagedPool): void {
    const key = `${pool.kind}:${pool.name}`;
    if (this.pools.has(key)) throw new PoolStartupError(PoolsMessages.duplicatePool(pool.kind, pool.name));
    this.pools.set(key, pool);
  }

  all(): ManagedPool[] {
    return [...this.pools.values()];
  }
}
