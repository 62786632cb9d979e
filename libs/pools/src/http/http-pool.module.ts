import { type DynamicModule, type FactoryProvider, type ModuleMetadata, Module } from '@nestjs/common';
import { PoolDirectory } from '../pool-directory';
import { PoolsCoreModule } from '../pools-core.module';
import { getHttpPoolToken } from './http-pool.constants';
import { HttpPool } from './http-pool';
import type { HttpPoolOptions } from './http-pool.options';

export interface HttpPoolAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  name: string;
  inject?: FactoryProvider['inject'];
  useFactory: (...args: any[]) => Omit<HttpPoolOptions, 'name'> | Promise<Omit<HttpPoolOptions, 'name'>>;
}

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
  static forRoot(options: HttpPoolOptions): DynamicModule {
    return HttpPoolModule.forRootAsync({ name: options.name, useFactory: () => options });
  }

  static forRootAsync(options: HttpPoolAsyncOptions): DynamicModule {
    const token = getHttpPoolToken(options.name);
    return {
      module: HttpPoolModule,
      global: true,
      imports: [PoolsCoreModule, ...(options.imports ?? [])],
      providers: [
        {
          provide: token,
          inject: [PoolDirectory, ...(options.inject ?? [])],
          useFactory: async (directory: PoolDirectory, ...args: unknown[]) => new HttpPool({ ...(await options.useFactory(...args)), name: options.name }, directory),
        },
      ],
      exports: [token],
    };
  }
}
