import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { PgPoolOptions } from './pg-pool.options';

/** `PgPoolModule.forRoot` / `forRootAsync`, built the way every Skillnest lib configures its module. */
export const {
  ConfigurableModuleClass: PgPoolConfigurableModule,
  MODULE_OPTIONS_TOKEN: PG_POOL_MODULE_OPTIONS,
  ASYNC_OPTIONS_TYPE: PG_POOL_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<PgPoolOptions>().setClassMethodName('forRoot').build();

/**
 * Options of `PgPoolModule.forRootAsync()`: the builder's (`useFactory`/`useClass`/`useExisting`,
 * `inject`, `imports`) plus the pool's name, which must be known before the factory runs because
 * the pool's injection tokens carry it.
 */
export type PgPoolAsyncOptions = typeof PG_POOL_ASYNC_OPTIONS_TYPE & { name?: string };
