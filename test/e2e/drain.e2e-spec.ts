import { spawnApp, type AppProcess } from '../support/app-process';
import { MCP_HEADERS, callToolOverHttp } from '../support/mcp-http';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';

const CALLS = 50;
const SLEEP_SECONDS = 2;
const DRAIN_DEADLINE_MS = 10_000;

describe('graceful drain on SIGTERM', () => {
  let database: TestDatabase;
  let app: AppProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await spawnApp({ DATABASE_URL: database.url, PG_POOL_MAX: String(CALLS), SKILLNEST_DRAIN_TIMEOUT_MS: String(DRAIN_DEADLINE_MS) });
    await app.waitFor(/Skillnest example listening/, 60_000);
  }, 70_000);

  afterAll(async () => {
    app?.kill();
    await database?.drop();
  });

  it('lets 50 slow database calls in flight finish, refuses new work with 503 and exits 0 within the deadline', async () => {
    const mcp = `${app.url}/mcp`;
    const inFlight = Array.from({ length: CALLS }, () => callToolOverHttp(mcp, 'probe_db_sleep', { seconds: SLEEP_SECONDS }));

    // Wait until every call holds a database connection, so all 50 are truly in flight.
    const sleeping = async () =>
      Number(
        (
          await database.admin<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'SELECT pg_sleep%' AND state = 'active'`, [
            database.name,
          ])
        )[0].n,
      );
    await until(async () => (await sleeping()) >= CALLS, `all ${CALLS} calls to be sleeping in PostgreSQL`, 10_000);
    expect(await sleeping()).toBe(CALLS);

    const signalledAt = Date.now();
    app.child.kill('SIGTERM');
    await app.waitFor(/draining: waiting for 50 request\(s\) in flight/, 5_000);

    const readiness = await fetch(`${app.url}/readyz`);
    expect(readiness.status).toBe(503);
    expect(await readiness.json()).toMatchObject({ status: 'error', error: { app: { reason: 'shutting down' } } });

    const late = await fetch(mcp, { method: 'POST', headers: MCP_HEADERS, body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }) });
    expect(late.status).toBe(503);
    expect(late.headers.get('retry-after')).toBe('5');
    expect(late.headers.get('connection')).toBe('close');
    expect(await late.json()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32603, message: expect.stringContaining('shutting down') } });

    // A second signal during the drain must not cut it short.
    app.child.kill('SIGTERM');

    const outcomes = await Promise.all(inFlight);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe(200);
      expect(outcome.result).toMatchObject({ content: [{ type: 'text', text: JSON.stringify({ slept: SLEEP_SECONDS }) }] });
      expect(outcome.result?.isError).toBeFalsy();
    }

    const exit = await app.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.atMs - signalledAt).toBeLessThan(DRAIN_DEADLINE_MS);
    expect(app.output()).toContain('drained: no request in flight');
    expect(app.output()).not.toMatch(/\n\s+at .+\(/);
  }, 60_000);
});
