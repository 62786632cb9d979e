import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { HEALTH_OPTIONS, type HealthOptions } from './health.options';
import { PoolHealthIndicator } from './pool-health.indicator';
import { ReadinessState } from './readiness.state';

/** `/healthz` (the process is alive) and `/readyz` (it can serve: not draining, every pool answers). */
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly pools: PoolHealthIndicator,
    private readonly readiness: ReadinessState,
    @Inject(HEALTH_OPTIONS) private readonly options: Required<HealthOptions>,
  ) {}

  @Get('healthz')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('readyz')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    if (this.readiness.draining) {
      throw new ServiceUnavailableException({ status: 'error', info: {}, error: { app: { status: 'down', reason: 'shutting down' } }, details: {} });
    }
    return this.health.check(this.pools.checks(this.options.pingTimeoutMs));
  }
}
