import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { callToolOverHttp } from '../support/mcp-http';
import { PgFaultProxy } from '../support/pg-fault-proxy';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';

const TOKEN = 'db-lifecycle-token-0123456789abcd';
const readyz = async (running: RunningApp) => {
  const response = await fetch(`${running.origin}/readyz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

/** PostgreSQL coming and going around a running app: startup retry, /readyz through an outage, a migration that fails. */
describe('the database over the app lifetime', () => {
  let database: TestDatabase;
  let proxy: PgFaultProxy;

  beforeAll(async () => {
    database = await createTestDatabase();
    proxy = await new PgFaultProxy().start();
  });
  afterAll(async () => {
    await proxy?.close();
    await database?.drop();
  });

  it('with PG_ON_STARTUP_FAILURE=retry, starts not-ready while PostgreSQL refuses, becomes ready when it is back, and serves database skills', async () => {
    proxy.shutDown();
    const url = new URL(database.url);
    url.port = String(proxy.port);
    const running = await startExampleApp({ env: { DATABASE_URL: url.href, PG_ON_STARTUP_FAILURE: 'retry', PG_CONNECT_TIMEOUT_MS: '500', SKILLNEST_TOKENS: `ops=${TOKEN}` } });
    try {
      expect(await readyz(running)).toMatchObject({ status: 503, body: { error: { 'postgres:default': { status: 'down', reason: 'not started' } } } });
      proxy.forward();
      await until(async () => (await readyz(running)).status === 200, '/readyz to answer 200 once PostgreSQL is back', 30_000);
      expect(running.logs.lines.some((line) => line.includes('PostgreSQL pool "default"') && /recovered|ready/i.test(line))).toBe(true);
      const listed = await callToolOverHttp(running.mcpUrl.href, 'incident_list', {}, { authorization: `Bearer ${TOKEN}` });
      expect(listed.result).toMatchObject({ structuredContent: { incidents: expect.any(Array) } });
      expect(listed.result?.isError).toBeFalsy();

      // Down again after being up: /readyz says so (never a stale 200), and recovers with the server.
      proxy.shutDown();
      await until(async () => (await readyz(running)).status === 503, '/readyz to answer 503 while PostgreSQL is down', 10_000);
      expect((await readyz(running)).body).toMatchObject({ status: 'error', error: { 'postgres:default': { status: 'down', reason: expect.any(String) } } });
      expect(JSON.stringify((await readyz(running)).body)).not.toMatch(/password|postgres:\/\//);
      proxy.forward();
      await until(async () => (await readyz(running)).status === 200, '/readyz to answer 200 again', 10_000);
    } finally {
      await running.close();
    }
  }, 60_000);

  it('refuses to start when a migration fails, naming the migration and the error, and applies none of it', async () => {
    const fresh = await createTestDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'skillnest-migrations-'));
    writeFileSync(join(dir, '001_ok.sql'), 'CREATE TABLE lifecycle_ok (id int);');
    writeFileSync(join(dir, '002_broken.sql'), 'CREATE TABLE lifecycle_half (id int); CREATE TABLE lifecycle_broken (id int,);');
    try {
      const started = startExampleApp({ env: { DATABASE_URL: fresh.url, SKILLNEST_MIGRATIONS_DIR: dir } });
      const failure = await started.then(
        () => undefined,
        (error: unknown) => error as Error,
      );
      expect(failure?.message).toBe(
        'PostgreSQL pool "default" could not apply its migrations: migration 002_broken.sql failed: syntax error at or near ")". Fix that migration file and start again.',
      );
      const client = new Client({ connectionString: fresh.url });
      await client.connect();
      const tables = await client
        .query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_name LIKE 'lifecycle_%' ORDER BY 1`)
        .finally(() => client.end());
      expect(tables.rows.map((table) => table.name)).toEqual(['lifecycle_ok']); // 002 rolled back whole
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await fresh.drop();
    }
  });

  it('with PG_ON_STARTUP_FAILURE=retry, says that a migration fails when PostgreSQL comes back (an error, not silent retries), and stays not-ready', async () => {
    const fresh = await createTestDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'skillnest-migrations-'));
    writeFileSync(join(dir, '001_broken.sql'), 'CREATE TABLE lifecycle_broken (id int,);');
    proxy.shutDown();
    const url = new URL(fresh.url);
    url.port = String(proxy.port);
    const running = await startExampleApp({ env: { DATABASE_URL: url.href, PG_ON_STARTUP_FAILURE: 'retry', PG_CONNECT_TIMEOUT_MS: '500', SKILLNEST_MIGRATIONS_DIR: dir } });
    try {
      proxy.forward();
      const reported = () => running.logs.lines.filter((line) => line.includes('could not apply its migrations: migration 001_broken.sql failed'));
      await until(() => reported().length > 0, 'the failing migration to be reported', 15_000);
      expect(reported()[0]).toMatch(/^error/);
      expect((await readyz(running)).status).toBe(503);
    } finally {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
      await fresh.drop();
    }
  }, 30_000);
});
