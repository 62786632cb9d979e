import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { HttpPoolOptions } from './http-pool.options';

/** `HttpPoolModule.forRoot` / `forRootAsync`, built the way every Skillnest lib configures its module. */
export const {
  ConfigurableModuleClass: HttpPoolConfigurableModule,
  MODULE_OPTIONS_TOKEN: HTTP_POOL_MODULE_OPTIONS,
  ASYNC_OPTIONS_TYPE: HTTP_POOL_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<Omit<HttpPoolOptions, 'name'> & { name?: string }>().setClassMethodName('forRoot').build();

/**
 * Options of `HttpPoolModule.forRootAsync()`: the builder's plus the upstream's name, which must
 * be known before the factory runs because the pool's injection token carries it.
 */
export type HttpPoolAsyncOptions = typeof HTTP_POOL_ASYNC_OPTIONS_TYPE & { name: string };
