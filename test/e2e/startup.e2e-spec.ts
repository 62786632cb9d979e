import { freePort, spawnApp } from '../support/app-process';
import { startExampleApp } from '../support/example-app.harness';

const CONNECT_TIMEOUT_MS = 1_500;

describe('startup with an unreachable database', () => {
  it('logs one clear line naming host and port and exits non-zero within the connect timeout', async () => {
    const port = await freePort();
    const app = await spawnApp({
      DATABASE_URL: `postgres://postgres:secret-password@127.0.0.1:${port}/incidents`,
      PG_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
    });
    try {
      await app.waitFor(/Starting Nest application/, 60_000);
      const startedAt = Date.now();
      const exit = await app.exited;
      expect(exit.code).toBe(1);
      expect(exit.atMs - startedAt).toBeLessThan(CONNECT_TIMEOUT_MS + 2_000);
      const errors = app
        .output()
        .split('\n')
        .filter((line) => /ERROR/.test(line));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(`PostgreSQL pool "default" cannot reach 127.0.0.1:${port}`);
      expect(app.output()).not.toContain('secret-password');
      expect(app.output()).not.toMatch(/\n\s+at .+\(/);
    } finally {
      app.kill();
    }
  }, 70_000);

  it('with PG_ON_STARTUP_FAILURE=retry, starts not-ready and keeps serving liveness', async () => {
    const port = await freePort();
    const running = await startExampleApp({
      env: { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/incidents`, PG_ON_STARTUP_FAILURE: 'retry', PG_CONNECT_TIMEOUT_MS: '500' },
    });
    try {
      expect(running.logs.lines.some((line) => line.includes(`cannot reach 127.0.0.1:${port}`) && line.includes('starting not-ready'))).toBe(true);
      const ready = await fetch(`${running.origin}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ error: { 'postgres:default': { status: 'down', reason: 'not started' } } });
      expect((await fetch(`${running.origin}/healthz`)).status).toBe(200);
    } finally {
      await running.close();
    }
  });
});
