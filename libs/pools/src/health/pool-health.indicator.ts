import { Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { describeCause } from '@skillnest/skills/internal';
import { PoolDirectory, type ManagedPool } from '../pool-directory';
import { PoolsMessages } from '../pools.messages';
import { PoolHealthError } from './pool-health.error';

/**
 * Pings every pool of the app within `timeoutMs`; each pool is reported as `<kind>:<name>`. A
 * pool that is down is reported with a short reason from a fixed set (`PoolHealthReason`):
 * `/readyz` is unauthenticated, so driver messages and addresses go to the log only, once per
 * distinct cause (probes come every few seconds; a log line each would bury everything else).
 */
@Injectable()
export class PoolHealthIndicator {
  private readonly logger = new Logger('Health');
  /** The cause last logged per pool; cleared when the pool answers again. One entry per pool. */
  private readonly logged = new Map<string, string>();

  constructor(
    private readonly directory: PoolDirectory,
    private readonly indicators: HealthIndicatorService,
  ) {}

  checks(timeoutMs: number): Array<() => Promise<HealthIndicatorResult>> {
    return this.directory.all().map((pool) => () => this.check(pool, timeoutMs));
  }

  private async check(pool: ManagedPool, timeoutMs: number): Promise<HealthIndicatorResult> {
    const key = `${pool.kind}:${pool.name}`;
    const indicator = this.indicators.check(key);
    const started = Date.now();
    try {
      const degraded = await pool.ping(timeoutMs);
      this.logged.delete(key);
      if (typeof degraded === 'string') return indicator.degraded({ reason: degraded });
      return indicator.up({ responseTimeMs: Date.now() - started });
    } catch (error) {
      const known = error instanceof PoolHealthError ? error : new PoolHealthError('unavailable', describeCause(error));
      if (known.detail !== undefined) this.logOnce(key, known.reason, known.detail);
      return indicator.down({ reason: known.reason });
    }
  }

  private logOnce(key: string, reason: string, detail: string): void {
    if (this.logged.get(key) === detail) return;
    this.logged.set(key, detail);
    this.logger.warn(PoolsMessages.poolNotReady(key, reason, detail));
  }
}
