import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PoolsCoreModule } from '../pools-core.module';
import { HealthController } from './health.controller';
import { HEALTH_MODULE_OPTIONS, HealthConfigurableModule } from './health.module-definition';
import { HEALTH_OPTIONS, type HealthOptions } from './health.options';
import { PoolHealthIndicator } from './pool-health.indicator';
import { ReadinessState } from './readiness.state';

/** Mounts `GET /healthz` and `GET /readyz` (unauthenticated), covering every pool of the app. */
@Module({})
export class HealthModule extends HealthConfigurableModule {
  static override forRoot(options: HealthOptions = {}): DynamicModule {
    return withHealth(super.forRoot(options));
  }

  static override forRootAsync(options: Parameters<typeof HealthConfigurableModule.forRootAsync>[0]): DynamicModule {
    return withHealth(super.forRootAsync(options));
  }
}

function withHealth(definition: DynamicModule): DynamicModule {
  return {
    ...definition,
    imports: [...(definition.imports ?? []), PoolsCoreModule, TerminusModule.forRoot({ errorLogStyle: 'pretty', logger: false })],
    controllers: [HealthController],
    providers: [
      ...(definition.providers ?? []),
      PoolHealthIndicator,
      ReadinessState,
      { provide: HEALTH_OPTIONS, inject: [HEALTH_MODULE_OPTIONS], useFactory: (options: HealthOptions) => ({ pingTimeoutMs: options.pingTimeoutMs ?? 1_000 }) },
    ],
    exports: [ReadinessState],
  };
}
