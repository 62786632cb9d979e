import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { PoolDirectory, type ManagedPool } from '../pool-directory';

/** Pings every pool of the app within `timeoutMs`; each pool is reported as `<kind>:<name>`. */
@Injectable()
export class PoolHealthIndicator {
  constructor(
    private readonly directory: PoolDirectory,
    private readonly indicators: HealthIndicatorService,
  ) {}

  checks(timeoutMs: number): Array<() => Promise<HealthIndicatorResult>> {
    return this.directory.all().map((pool) => () => this.check(pool, timeoutMs));
  }

  private async check(pool: ManagedPool, timeoutMs: number): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(`${pool.kind}:${pool.name}`);
    const started = Date.now();
    try {
      const degraded = await pool.ping(timeoutMs);
      if (typeof degraded === 'string') return indicator.degraded({ reason: degraded });
      return indicator.up({ responseTimeMs: Date.now() - started });
    } catch (error) {
      // Only the short reason the pool gives; never a driver message that could carry addresses.
      return indicator.down({ reason: error instanceof Error ? error.message : 'unavailable' });
    }
  }
}
