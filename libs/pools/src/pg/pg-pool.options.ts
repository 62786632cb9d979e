/** Options of one PostgreSQL pool (`PgPoolModule.forRoot()`). Every timeout has a finite default. */
export interface PgPoolOptions {
  /** Pool name for `@InjectPgPool(name)`; default `default`. */
  name?: string;
  /** `postgres://user:pass@host:port/db`; or give the fields below. */
  connectionString?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  /** Maximum open connections. Default 10. */
  max?: number;
  /** Time allowed to open a connection, in ms. Default 5000. */
  connectionTimeoutMs?: number;
  /** An idle connection is closed after this many ms. Default 30000. */
  idleTimeoutMs?: number;
  /** The server cancels a statement running longer than this, in ms. Default 15000. */
  statementTimeoutMs?: number;
  /**
   * What to do when the database cannot be reached at startup: `fail` (default) stops the
   * bootstrap with one clear error; `retry` starts not-ready and keeps trying.
   */
  onStartupFailure?: 'fail' | 'retry';
  /** Interval between startup retries, in ms. Default 2000. */
  retryIntervalMs?: number;
  /**
   * Time allowed for in-use connections to be released at shutdown, in ms, counted from the start
   * of the app's shutdown; statements still running then are cancelled (`pg_cancel_backend`) and
   * the pool gets half a second more to end. Default 10000.
   */
  drainTimeoutMs?: number;
  /**
   * With no connection string or host: run an embedded PostgreSQL keeping its data in this
   * folder (see `startEmbeddedPostgres`), or in memory with `memory://`. Meant for local development and demos.
   */
  embeddedDataDir?: string;
  /** A folder of `NNN_name.sql` files applied in order at startup, once each. */
  migrationsDir?: string;
  /** Shown in `pg_stat_activity`. Default `skillnest`. */
  applicationName?: string;
}

export const PG_POOL_DEFAULTS = {
  name: 'default',
  max: 10,
  connectionTimeoutMs: 5_000,
  idleTimeoutMs: 30_000,
  statementTimeoutMs: 15_000,
  onStartupFailure: 'fail',
  retryIntervalMs: 2_000,
  drainTimeoutMs: 10_000,
  applicationName: 'skillnest',
} as const;
