import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { SkillErrorTranslators, SkillsModule } from '@skillnest/skills';
import { PoolsMessages } from '../pools.messages';
import { pgErrorTranslator } from './pg-error.translator';
import { startEmbeddedPostgres } from './embedded-postgres';
import { PoolDirectory } from '../pool-directory';
import { PoolsCoreModule } from '../pools-core.module';
import { getPgPoolHostToken, getPgPoolToken } from './pg-pool.constants';
import { PgPoolHost } from './pg-pool.host';
import { PG_POOL_MODULE_OPTIONS, PgPoolConfigurableModule, type PgPoolAsyncOptions } from './pg-pool.module-definition';
import type { PgPoolOptions } from './pg-pool.options';

// The embedded engine multiplexes connections onto one backend; more buys nothing.
const EMBEDDED_MAX_CONNECTIONS = 5;

/**
 * A PostgreSQL pool per call, injectable anywhere with `@InjectPgPool(name)`. The pool is
 * pinged at startup, drained at shutdown and reported by `/readyz`.
 *
 * @example
 * ```ts
 * PgPoolModule.forRoot({ connectionString: process.env.DATABASE_URL, migrationsDir: 'migrations' })
 * PgPoolModule.forRootAsync({ name: 'reports', inject: [ConfigService], useFactory: (config) => config.get('reportsDb') })
 * ```
 */
@Module({})
export class PgPoolModule extends PgPoolConfigurableModule {
  static override forRoot(options: PgPoolOptions): DynamicModule {
    return withPool(super.forRoot(options), options.name ?? 'default');
  }

  static override forRootAsync(options: PgPoolAsyncOptions): DynamicModule {
    return withPool(super.forRootAsync(options), options.name ?? 'default');
  }
}

/** The pool's host and the pool itself, global under tokens named after the pool. */
function withPool(definition: DynamicModule, name: string): DynamicModule {
  const hostToken = getPgPoolHostToken(name);
  return {
    ...definition,
    global: true,
    imports: [PoolsCoreModule, SkillsModule, ...(definition.imports ?? [])],
    providers: [
      ...(definition.providers ?? []),
      {
        provide: hostToken,
        inject: [PG_POOL_MODULE_OPTIONS, PoolDirectory, SkillErrorTranslators],
        useFactory: async (options: PgPoolOptions, directory: PoolDirectory, translators: SkillErrorTranslators) => {
          translators.add(pgErrorTranslator);
          const resolved = { ...options, name };
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
