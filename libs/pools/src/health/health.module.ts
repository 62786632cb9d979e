import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PoolsCoreModule } from '../pools-core.module';
import { HealthController } from './health.controller';
import { HEALTH_OPTIONS, type HealthOptions } from './health.options';
import { PoolHealthIndicator } from './pool-health.indicator';
import { ReadinessState } from './readiness.state';

/** Mounts `GET /healthz` and `GET /readyz` (unauthenticated), covering every pool of the app. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthOptions = {}): DynamicModule {
    return {
      module: HealthModule,
      imports: [PoolsCoreModule, TerminusModule.forRoot({ errorLogStyle: 'pretty', logger: false })],
      controllers: [HealthController],
      providers: [PoolHealthIndicator, ReadinessState, { provide: HEALTH_OPTIONS, useValue: { pingTimeoutMs: options.pingTimeoutMs ?? 1_000 } }],
      exports: [ReadinessState],
    };
  }
}
