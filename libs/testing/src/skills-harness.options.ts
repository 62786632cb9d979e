import type { LoggerService, LogLevel, ModuleMetadata, Provider } from '@nestjs/common';
import type { TestingModuleBuilder } from '@nestjs/testing';
import type { McpGatewayOptions } from '@skillnest/gateway';
import type { PgPoolOptions } from '@skillnest/pools';

/**
 * The callers a test may connect as: caller id to the scopes its static bearer token grants, as
 * `SKILLNEST_TOKENS=alice=<token>[tickets:read tickets:write]` would in production. Skills see
 * `ctx.caller.id === 'static:alice'`; `@Scopes` filters lists and answers 403 `insufficient_scope`
 * for the others. `['*']` (`ALL_SCOPES`) grants every scope, like a token listed without scopes.
 */
export type HarnessCallers = Record<string, readonly string[]>;

/** A provider replaced in the testing module, as `overrideProvider(provide).useValue/useClass/useFactory` would. */
export type HarnessOverride =
  | { provide: Parameters<TestingModuleBuilder['overrideProvider']>[0]; useValue: unknown }
  | { provide: Parameters<TestingModuleBuilder['overrideProvider']>[0]; useClass: new (...args: never[]) => unknown }
  | { provide: Parameters<TestingModuleBuilder['overrideProvider']>[0]; useFactory: (...args: never[]) => unknown; inject?: unknown[] };

/** A fresh PostgreSQL database for the harness, served to the module as the `PgPoolModule` pool (`@InjectPgPool()`). */
export interface HarnessDatabaseOptions {
  /**
   * The folder of `NNN_name.sql` migrations, applied at startup exactly as the app's `PgPoolModule`
   * applies them (same order, naming rule and checksums). Relative paths start at `process.cwd()`.
   * Default: none (an empty database).
   */
  migrationsDir?: string;
  /**
   * A connection to the server as a role that may `CREATE DATABASE` (`DATABASE_URL` style).
   * Default `TEST_PG_ADMIN_URL`, else `postgres://postgres@127.0.0.1:5432/postgres`.
   */
  adminUrl?: string;
  /** More options of the pool (`name` for `@InjectPgPool(name)`, `max`, `statementTimeoutMs`, ...). */
  pool?: Omit<PgPoolOptions, 'connectionString' | 'host' | 'port' | 'user' | 'password' | 'database' | 'embeddedDataDir' | 'migrationsDir'>;
}

/** Options of `startSkillsHarness()`. Only `imports` is required. */
export interface SkillsHarnessOptions {
  /** The modules under test, as the app imports them (`[TicketsModule]`); their own imports come with them. */
  imports: NonNullable<ModuleMetadata['imports']>;
  /** More providers for the testing module (fakes the modules import by token, for instance). */
  providers?: Provider[];
  /** Providers replaced by test doubles; every other provider is the real one. */
  overrides?: HarnessOverride[];
  /** Anything else `@nestjs/testing` can do before compiling (`overrideGuard`, `overrideModule`, ...). */
  configure?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  /** The callers with static tokens. None: the gateway is unauthenticated and every caller is `anonymous`. */
  callers?: HarnessCallers;
  /** A fresh database created on the PostgreSQL server, migrated, and dropped by `close()`; `true` for an empty one. */
  database?: HarnessDatabaseOptions | true;
  /**
   * Options of the gateway (`McpGatewayModule.forRoot`), as the app would pass them: `modules`,
   * `restPrefix`, `rateLimit`, `serverInfo`, ... Tokens come from `callers`.
   */
  gateway?: Omit<McpGatewayOptions, 'tokens'>;
  /** Nest's logger: a `LoggerService`, the levels to print, or `false` for none. Default `['error', 'warn']`. */
  logger?: LoggerService | LogLevel[] | false;
}
