import { DbProbeModule } from '../fixtures/db-probe.module';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { callToolOverHttp } from '../support/mcp-http';
import { until } from '../support/until';

describe('PostgreSQL faults during calls', () => {
  let running: RunningApp;
  let mcp: string;

  beforeAll(async () => {
    running = await startExampleApp({ env: { PG_POOL_MAX: '8' }, imports: [DbProbeModule] });
    mcp = running.mcpUrl.href;
  });
  afterAll(async () => running?.close());

  const terminateBackends = () =>
    running.database!.admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [running.database!.name]);

  it('answers calls whose backend is terminated with a clear isError, survives, and serves again', async () => {
    const calls = Array.from({ length: 4 }, () => callToolOverHttp(mcp, 'probe_db_sleep', { seconds: 5 }));
    const sleeping = async () =>
      (
        await running.database!.admin<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'SELECT pg_sleep%' AND state = 'active'`, [
          running.database!.name,
        ])
      )[0].n === '4';
    await until(sleeping, 'the 4 calls to be sleeping in PostgreSQL');
    await terminateBackends();

    for (const outcome of await Promise.all(calls)) {
      expect(outcome.status).toBe(200);
      expect(outcome.result).toMatchObject({
        isError: true,
        content: [{ type: 'text', text: expect.stringContaining('The database connection was lost or the database is unavailable') }],
        _meta: { 'io.skillnest/error': { reason: 'database_unavailable' } },
      });
      expect(outcome.raw).not.toMatch(/pg_sleep|SELECT|terminating connection/);
    }

    // The pool replaced the dead connections: the same skills work again.
    const again = await callToolOverHttp(mcp, 'probe_db_sleep', { seconds: 0 });
    expect(again.result).toMatchObject({ content: [{ text: '{"slept":0}' }] });
    const listed = await callToolOverHttp(mcp, 'incident_list', {});
    expect(listed.result?.isError).toBeFalsy();
    expect(listed.result?.structuredContent).toMatchObject({ incidents: expect.any(Array) });
  });

  it('survives idle connections being killed, and the next call still succeeds', async () => {
    // Fill the pool with idle connections, then kill them all while nobody uses them.
    await Promise.all(Array.from({ length: 6 }, () => callToolOverHttp(mcp, 'probe_db_sleep', { seconds: 0.2 })));
    const killed = (await terminateBackends()).length;
    expect(killed).toBeGreaterThan(0);
    const noticed = () => running.logs.lines.filter((line) => line.includes('lost an idle connection')).length;
    await until(() => noticed() >= killed, `the pool to notice all ${killed} idle connections died`);
    const opened = await callToolOverHttp(mcp, 'incident_open', { service: 'ledger', severity: 'sev4', title: 'Backends were terminated' });
    expect(opened.result?.isError).toBeFalsy();
    expect(opened.result?.structuredContent).toMatchObject({ service: 'ledger', status: 'open' });
    expect(running.logs.lines.some((line) => line.includes('lost an idle connection'))).toBe(true);
  });

  it('reports the pool in /readyz', async () => {
    const response = await fetch(`${running.origin}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'degraded',
      details: { 'postgres:default': { status: 'up' }, 'http:deploy-tracker': { status: 'degraded', reason: 'not configured' } },
    });
  });
});
