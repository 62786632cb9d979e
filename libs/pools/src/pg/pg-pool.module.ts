import { type DynamicModule, type FactoryProvider, type ModuleMetadata, Logger, Module } from '@nestjs/common';
import { SkillErrorTranslators, SkillsModule } from '@skillnest/skills';
import { PoolsMessages } from '../pools.messages';
import { pgErrorTranslator } from './pg-error.translator';
import { startEmbeddedPostgres } from './embedded-postgres';
import { PoolDirectory } from '../pool-directory';
import { PoolsCoreModule } from '../pools-core.module';
import { getPgPoolHostToken, getPgPoolToken } from './pg-pool.constants';
import { PgPoolHost } from './pg-pool.host';
import type { PgPoolOptions } from './pg-pool.options';

// The embedded engine multiplexes connections onto one backend; more buys nothing.
const EMBEDDED_MAX_CONNECTIONS = 5;

/** Options of `PgPoolModule.forRootAsync()`; the name must be known before the factory runs. */
export interface PgPoolAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  name?: string;
  inject?: FactoryProvider['inject'];
  useFactory: (...args: any[]) => PgPoolOptions | Promise<PgPoolOptions>;
}

/**
 * A PostgreSQL pool per call, injectable anywhere with `@InjectPgPool(name)`. The pool is
 * pinged at startup, drained at shutdown and reported by `/readyz`.
 *
 * @example
 * ```ts
 * PgPoolModule.forRoot({ connectionString: process.env.DATABASE_URL, migrationsDir: 'migrations' })
 * ```
 */
@Module({})
export class PgPoolModule {
  static forRoot(options: PgPoolOptions): DynamicModule {
    return PgPoolModule.forRootAsync({ name: options.name, useFactory: () => options });
  }

  static forRootAsync(options: PgPoolAsyncOptions): DynamicModule {
    const name = options.name ?? 'default';
    const hostToken = getPgPoolHostToken(name);
    return {
      module: PgPoolModule,
      global: true,
      imports: [PoolsCoreModule, SkillsModule, ...(options.imports ?? [])],
      providers: [
        {
          provide: hostToken,
          inject: [PoolDirectory, SkillErrorTranslators, ...(options.inject ?? [])],
          useFactory: async (directory: PoolDirectory, translators: SkillErrorTranslators, ...args: unknown[]) => {
            translators.add(pgErrorTranslator);
            const resolved = { ...(await options.useFactory(...args)), name };
            if (!resolved.embeddedDataDir || resolved.connectionString || resolved.host) return new PgPoolHost(resolved, directory);
            const max = Math.min(resolved.max ?? EMBEDDED_MAX_CONNECTIONS, EMBEDDED_MAX_CONNECTIONS);
            const embedded = await startEmbeddedPostgres(resolved.embeddedDataDir, max);
            new Logger('PgPool').warn(PoolsMessages.embeddedStarted(name, resolved.embeddedDataDir));
            return new PgPoolHost({ ...resolved, connectionString: embedded.connectionString, max }, directory, embedded);
          },
        },
        { provide: getPgPoolToken(name), inject: [hostToken], useFactory: (host: PgPoolHost) => host.pool },
      ],
      exports: [hostToken, getPgPoolToken(name)],
    };
  }
}
