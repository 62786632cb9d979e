import { spawnApp, type AppProcess } from '../support/app-process';
import { scrape } from '../support/prometheus-text';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const TOKEN = 'metrics-env-token-0123456789';

/**
 * The example service as a real process, its metrics set by the environment alone (the settings
 * are read when the app module is loaded, as `npm start` loads it).
 */
describe('metrics settings from the environment, in the example service', () => {
  let database: TestDatabase;
  const apps: AppProcess[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const app of apps) app.kill();
    await database?.drop();
  });

  it('SKILLNEST_METRICS=port: a listener of its own on 127.0.0.1, nothing on the app port, closed on SIGTERM', async () => {
    const app = await spawnApp({ DATABASE_URL: database.url, SKILLNEST_TOKENS: TOKEN, SKILLNEST_METRICS: 'port', SKILLNEST_METRICS_PORT: '0' });
    apps.push(app);
    await app.waitFor(/Metrics served at http:\/\/127\.0\.0\.1:\d+\/metrics \(port, no auth\)/, 60_000);
    await app.waitFor(/Skillnest example listening/, 30_000);
    const port = Number(/Metrics served at http:\/\/127\.0\.0\.1:(\d+)\/metrics/.exec(app.output())![1]);
    // Both servers are announced; the app's is the other one.
    const appPort = [...app.output().matchAll(/test-harness: listening on port (\d+)/g)].map((match) => Number(match[1])).find((bound) => bound !== port);
    const metrics = await scrape(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.value('skillnest_requests_in_flight', { gateway: '/mcp' })).toBe(0);
    expect(metrics.value('skillnest_pg_pool_connections', { pool: 'default', state: 'max' })).toBe(10);
    expect((await fetch(`http://127.0.0.1:${appPort}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${appPort}/healthz`)).status).toBe(200);
    app.child.kill('SIGTERM');
    expect((await app.exited).code).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  }, 90_000);

  it('a bad value stops startup with one line naming the variable, and no stack', async () => {
    const app = await spawnApp({ DATABASE_URL: database.url, SKILLNEST_TOKENS: TOKEN, SKILLNEST_METRICS: 'public' });
    apps.push(app);
    const exit = await app.exited;
    expect(exit.code).toBe(1);
    expect(app.output()).toContain('metrics.access (SKILLNEST_METRICS) "public" is not valid: use bearer, port, open or off.');
    expect(app.output()).not.toMatch(/\n\s+at .+\(/);
  }, 90_000);
});
