import type { AddressInfo } from 'node:net';
import type { Client } from '@modelcontextprotocol/client';
import type { Type } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DEFAULT_MCP_PATH, listenSafely } from '@skillnest/gateway';
import { getPgPoolToken } from '@skillnest/pools';
import type { Pool, QueryResultRow } from 'pg';
import { connectSkillsClient } from './connect-skills-client';
import { HarnessCallerTokens } from './harness-caller.tokens';
import { createDatabase, type CreatedDatabase } from './harness-database.util';
import { harnessLogger, harnessModule } from './harness-module.builder';
import { SkillnestTestingError } from './skillnest-testing.error';
import type { SkillsClientOptions } from './skills-client.options';
import type { SkillsHarnessOptions } from './skills-harness.options';
import { TestingMessages } from './testing.messages';

/** The harness's database: where it is, and queries through the module's own pool (to seed rows or check them). */
export interface HarnessDatabase {
  /** Its name on the server, `skillnest_test_<hex>`. */
  name: string;
  /** Its connection string, as `DATABASE_URL` would give it. */
  url: string;
  /** Runs one statement on the pool the skills use and returns its rows. */
  query<T extends QueryResultRow = QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** A running harness: the module under test behind a real gateway on 127.0.0.1, and clients for it. */
export interface SkillsHarness {
  /** The MCP endpoint, e.g. `http://127.0.0.1:41234/mcp`. */
  readonly url: URL;
  /** `http://127.0.0.1:<port>`, for REST routes and hand-written requests. */
  readonly origin: string;
  /** The Nest application (Fastify), e.g. to reach a provider's state. */
  readonly app: NestFastifyApplication;
  /** The compiled testing module. */
  readonly moduleRef: TestingModule;
  /** The test database, when `database` was asked for. */
  readonly database?: HarnessDatabase;
  /** A provider of the app, real or overridden (`app.get`). */
  get<T>(token: Type<T> | string | symbol): T;
  /** An official MCP client connected to the gateway in the era asked for; `close()` closes it too. */
  client(options?: SkillsClientOptions): Promise<Client>;
  /** The bearer token of a declared caller, for requests that do not go through `client()`. */
  token(callerId: string): string;
  /** Closes the clients, the app (drain, pools) and drops the database. */
  close(): Promise<void>;
}

/**
 * Starts skill modules for a test, behind the gateway a production app runs, in this process:
 * `McpGatewayModule` on a real Fastify server on 127.0.0.1 (a free port), so clients talk real
 * HTTP and every hook (auth, scopes, limits, validation, the fast path) runs as in production.
 * With `database`, a fresh PostgreSQL database is created, migrated by `PgPoolModule` and
 * dropped at `close()`. Works with any test runner.
 *
 * @example
 * ```ts
 * const skills = await startSkillsHarness({ imports: [TicketsModule], callers: { alice: ['tickets:write'] }, database: { migrationsDir: 'migrations' } });
 * const client = await skills.client({ as: 'alice' });
 * const result = await client.callTool({ name: 'ticket_create', arguments: { title: 'Checkout returns 502' } });
 * await skills.close();
 * ```
 */
export async function startSkillsHarness(options: SkillsHarnessOptions): Promise<SkillsHarness> {
  const callers = new HarnessCallerTokens(options.callers);
  const logger = harnessLogger(options.logger);
  const created = options.database ? await createDatabase(options.database === true ? undefined : options.database.adminUrl) : undefined;
  let app: NestFastifyApplication | undefined;
  try {
    const moduleRef = await harnessModule(options, callers, logger, created?.url).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger });
    await app.init();
    // The gateway is unauthenticated without callers: listenSafely keeps it on loopback either way.
    await listenSafely(app, 0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return runningHarness(app, moduleRef, callers, `http://127.0.0.1:${port}`, options, created);
  } catch (error) {
    await app?.close().catch(() => undefined);
    await created?.drop();
    throw error;
  }
}

function runningHarness(
  app: NestFastifyApplication,
  moduleRef: TestingModule,
  callers: HarnessCallerTokens,
  origin: string,
  options: SkillsHarnessOptions,
  created?: CreatedDatabase,
): SkillsHarness {
  const url = new URL(options.gateway?.path ?? DEFAULT_MCP_PATH, origin);
  const clients = new Set<Client>();
  let closing: Promise<void> | undefined;
  const poolName = (options.database === true ? undefined : options.database?.pool?.name) ?? 'default';
  const database = created && {
    name: created.name,
    url: created.url,
    query: async <T extends QueryResultRow>(sql: string, params?: unknown[]) => (await app.get<Pool>(getPgPoolToken(poolName)).query<T>(sql, params)).rows,
  };
  return {
    url,
    origin,
    app,
    moduleRef,
    database,
    get: <T>(token: Type<T> | string | symbol) => app.get<T>(token),
    token: (id) => callers.tokenOf(id),
    client: async (clientOptions = {}) => {
      if (closing) throw new SkillnestTestingError(TestingMessages.closed());
      const client = await connectSkillsClient(url, clientOptions, clientOptions.as === undefined ? undefined : callers.tokenOf(clientOptions.as));
      clients.add(client);
      return client;
    },
    close: () =>
      (closing ??= (async () => {
        // Clients first, so that no session or stream is open while the gateway drains.
        await Promise.all([...clients].map((client) => client.close().catch(() => undefined)));
        try {
          await app.close();
        } finally {
          await created?.drop();
        }
      })()),
  };
}
