import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { PgPoolModule, type PgPoolOptions } from '@skillnest/pools';

const positive = (value: string | undefined) => (Number(value) > 0 ? Number(value) : undefined);

/**
 * The example's PostgreSQL settings from the environment. With no `DATABASE_URL`, an embedded
 * PostgreSQL keeps its data in `SKILLNEST_DATA_DIR` (default `.data/postgres`).
 */
export function pgOptionsFromEnv(env: NodeJS.ProcessEnv): PgPoolOptions {
  return {
    connectionString: env.DATABASE_URL || undefined,
    embeddedDataDir: env.SKILLNEST_DATA_DIR || '.data/postgres',
    max: positive(env.PG_POOL_MAX),
    connectionTimeoutMs: positive(env.PG_CONNECT_TIMEOUT_MS),
    statementTimeoutMs: positive(env.PG_STATEMENT_TIMEOUT_MS),
    onStartupFailure: env.PG_ON_STARTUP_FAILURE === 'retry' ? 'retry' : 'fail',
    drainTimeoutMs: positive(env.SKILLNEST_DRAIN_TIMEOUT_MS),
    migrationsDir: env.SKILLNEST_MIGRATIONS_DIR || join(process.cwd(), 'migrations'),
  };
}

/** The app's one PostgreSQL pool (`@InjectPgPool()`), migrated at startup. */
@Module({
  imports: [PgPoolModule.forRootAsync({ useFactory: () => pgOptionsFromEnv(process.env) })],
})
export class DatabaseModule {}
