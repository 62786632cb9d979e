import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Pool } from 'pg';
import { PoolStartupError } from '../errors/pool.error';
import { PoolHealthError } from '../health/pool-health.error';
import type { ManagedPool, PoolDirectory } from '../pool-directory';
import type { PgPoolStats } from '../pool-stats';
import { PoolsMessages } from '../pools.messages';
import { withTimeout } from '../with-timeout.util';
import type { EmbeddedPostgres } from './embedded-postgres';
import { pgHealthReason } from './pg-health.util';
import { MigrationError, runMigrations } from './pg-migrations';
import { PG_POOL_DEFAULTS, type PgPoolOptions } from './pg-pool.options';
import { PgQueryCanceller } from './pg-query-canceller';
import { PgStallWatchdog, canWatchPgStalls } from './pg-stall.watchdog';
import { describePgCause, describePgTarget } from './pg-target.util';

/** At the drain deadline, how long cancelling the running statements, then the pool ending, may each take (1 s in all). */
const CANCEL_MS = 500;

/**
 * Owns one `pg.Pool` for the whole life of the app: pings it (and applies migrations) at
 * startup, keeps a driver error from ever crashing the process, and drains it at shutdown,
 * after the HTTP server has closed, within the app's drain deadline.
 */
export class PgPoolHost implements ManagedPool, OnModuleInit, OnApplicationShutdown {
  readonly kind = 'postgres' as const;
  readonly name: string;
  readonly pool: Pool;
  private readonly logger = new Logger('PgPool');
  private readonly target: string;
  private readonly settings: Required<Omit<PgPoolOptions, 'connectionString' | 'host' | 'port' | 'user' | 'password' | 'database' | 'migrationsDir' | 'embeddedDataDir'>>;
  private retryTimer?: NodeJS.Timeout;
  private migrationFailureLogged = false;
  private startedUp = false;
  private readonly watchdog?: PgStallWatchdog;
  private readonly canceller: PgQueryCanceller;
  /** Connections that failed while open, for `stats()`. */
  private lostConnections = 0;

  constructor(
    private readonly options: PgPoolOptions,
    private readonly directory: PoolDirectory,
    /** The embedded server this pool talks to, stopped after the pool has drained. */
    private readonly embedded?: EmbeddedPostgres,
  ) {
    this.settings = { ...PG_POOL_DEFAULTS, ...stripUndefined(options) } as typeof this.settings;
    this.name = this.settings.name;
    this.target = embedded ? 'the embedded PostgreSQL' : describePgTarget(options);
    const connection = {
      connectionString: options.connectionString,
      host: options.host,
      port: options.port,
      user: options.user,
      password: options.password,
      database: options.database,
      application_name: this.settings.applicationName,
    };
    this.pool = new Pool({
      ...connection,
      max: this.settings.max,
      connectionTimeoutMillis: this.settings.connectionTimeoutMs,
      idleTimeoutMillis: this.settings.idleTimeoutMs,
      statement_timeout: this.settings.statementTimeoutMs,
      // The client-side bound covers a server that stops answering altogether: the watchdog
      // where this pg allows it (no cost per query), else pg's own per-query timer.
      query_timeout: canWatchPgStalls ? undefined : this.stallLimitMs,
    });
    this.canceller = new PgQueryCanceller(this.pool, connection);
    if (canWatchPgStalls) {
      this.watchdog = new PgStallWatchdog(this.pool, this.stallLimitMs, () => this.logger.warn(PoolsMessages.pgStalled(this.name, this.stallLimitMs)));
    }
    // Idle clients report a dropped connection here; without a listener Node would crash.
    this.pool.on('error', (error) => this.logger.warn(PoolsMessages.pgIdleError(this.name, describePgCause(error))));
    // A checked-out client that loses its connection between queries emits on itself, not on the pool;
    // an idle one emits on itself too (the pool re-emits it above), so each lost connection is counted here, once.
    this.pool.on('connect', (client) => client.on('error', () => void this.lostConnections++));
    directory.register(this);
  }

  /** How long a query may go without any answer before its connection is closed. */
  private get stallLimitMs(): number {
    return this.settings.statementTimeoutMs + this.settings.connectionTimeoutMs;
  }

  /**
   * Whether the pool talks to the embedded PostgreSQL: one process's own database, whose connections
   * share one backend (so LISTEN/NOTIFY cannot reach another connection).
   */
  get embeddedEngine(): boolean {
    return this.embedded !== undefined;
  }

  /** The pool's connections right now (pg's own counts) and the connections lost since it started. */
  stats(): PgPoolStats {
    const { totalCount, idleCount, waitingCount } = this.pool;
    return { kind: 'postgres', name: this.name, total: totalCount, idle: idleCount, waiting: waitingCount, max: this.settings.max, errors: this.lostConnections };
  }

  /** False until the first successful ping (and migrations), and while retrying at startup. */
  get ready(): boolean {
    return this.startedUp;
  }

  async onModuleInit(): Promise<void> {
    try {
      await this.start();
    } catch (error) {
      // The server answered and refused the SQL: "cannot reach, check DATABASE_URL" would send the operator the wrong way.
      if (error instanceof MigrationError) throw new PoolStartupError(PoolsMessages.pgMigrationFailed(this.name, error.message));
      const cause = describePgCause(error);
      if (this.settings.onStartupFailure !== 'retry') throw new PoolStartupError(PoolsMessages.pgUnreachable(this.name, this.target, cause));
      this.logger.warn(PoolsMessages.pgRetrying(this.name, this.target, cause, this.settings.retryIntervalMs));
      this.scheduleRetry();
    }
  }

  /** Rejects with a `PoolHealthError`: a short reason for `/readyz`, the target and cause for the log. */
  async ping(timeoutMs: number): Promise<void> {
    // The startup failure was logged when it happened (pgRetrying).
    if (!this.startedUp) throw new PoolHealthError('not started');
    try {
      await withTimeout(this.pool.query('SELECT 1'), timeoutMs, `no answer within ${timeoutMs} ms`);
    } catch (error) {
      throw new PoolHealthError(pgHealthReason(error), PoolsMessages.pgNotReady(this.target, describePgCause(error)));
    }
  }

  /**
   * Waits for connections in use until the drain deadline (counted from the start of shutdown),
   * then cancels their statements and waits a moment more: bounded either way.
   */
  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.watchdog?.stop();
    const ms = this.settings.drainTimeoutMs;
    const ended = this.pool.end();
    const inTime = await withTimeout(ended, this.directory.shutdownTimeLeft(ms), 'drain timeout').then(
      () => true,
      () => false,
    );
    if (!inTime) {
      this.logger.warn(PoolsMessages.pgCancelling(this.name, ms, this.canceller.open));
      await this.canceller.cancelAll(CANCEL_MS);
      await withTimeout(ended, CANCEL_MS, 'drain timeout').catch(() => this.logger.warn(PoolsMessages.drainTimedOut('PostgreSQL', this.name, ms)));
    }
    await this.embedded?.stop();
  }

  private async start(): Promise<void> {
    await withTimeout(this.pool.query('SELECT 1'), this.settings.connectionTimeoutMs + 1_000, 'connect timeout');
    if (this.options.migrationsDir) {
      const applied = await runMigrations(this.pool, this.options.migrationsDir);
      if (applied.length) this.logger.log(`Applied migrations to pool "${this.name}": ${applied.join(', ')}`);
    }
    this.startedUp = true;
    this.logger.log(PoolsMessages.pgReady(this.name, this.target, this.settings.max));
  }

  private scheduleRetry(): void {
    this.retryTimer = setTimeout(() => {
      this.start().then(
        () => this.logger.log(PoolsMessages.pgRecovered(this.name, this.target)),
        (error: unknown) => {
          // The server is back but refuses a migration: that will not fix itself, so say it (once) instead of retrying in silence.
          if (error instanceof MigrationError && !this.migrationFailureLogged) this.logger.error(PoolsMessages.pgMigrationFailed(this.name, error.message));
          this.migrationFailureLogged ||= error instanceof MigrationError;
          this.scheduleRetry();
        },
      );
    }, this.settings.retryIntervalMs);
    this.retryTimer.unref();
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
