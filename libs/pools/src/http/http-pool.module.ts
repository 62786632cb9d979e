import { type DynamicModule, Module } from '@nestjs/common';
import { PoolDirectory } from '../pool-directory';
import { PoolsCoreModule } from '../pools-core.module';
import { getHttpPoolToken } from './http-pool.constants';
import { HttpPool } from './http-pool';
import { HTTP_POOL_MODULE_OPTIONS, HttpPoolConfigurableModule, type HttpPoolAsyncOptions } from './http-pool.module-definition';
import type { HttpPoolOptions } from './http-pool.options';

/**
 * One pooled HTTP client per upstream service, injectable with `@InjectHttpPool(name)` and
 * closed at shutdown after the HTTP server.
 *
 * @example
 * ```ts
 * HttpPoolModule.forRoot({ name: 'deploys', origin: process.env.DEPLOY_TRACKER_URL, headersTimeoutMs: 2000 })
 * ```
 */
@Module({})
export class HttpPoolModule {
  // The builder's class is called rather than extended: its static side would let `name` be
  // left out, and every upstream needs one.
  static forRoot(options: HttpPoolOptions): DynamicModule {
    return withPool(HttpPoolConfigurableModule.forRoot(options), options.name);
  }

  static forRootAsync(options: HttpPoolAsyncOptions): DynamicModule {
    return withPool(HttpPoolConfigurableModule.forRootAsync(options), options.name);
  }
}

/** The pool, global under a token named after its upstream. */
function withPool(definition: DynamicModule, name: string): DynamicModule {
  const token = getHttpPoolToken(name);
  return {
    ...definition,
    module: HttpPoolModule,
    global: true,
    imports: [PoolsCoreModule, ...(definition.imports ?? [])],
    providers: [
      ...(definition.providers ?? []),
      {
        provide: token,
        inject: [HTTP_POOL_MODULE_OPTIONS, PoolDirectory],
        useFactory: (options: Omit<HttpPoolOptions, 'name'>, directory: PoolDirectory) => new HttpPool({ ...options, name }, directory),
      },
    ],
    exports: [token],
  };
}
