import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { spawnApp, type AppProcess } from '../support/app-process';
import { callToolOverHttp } from '../support/mcp-http';
import { startSlowDeployTracker } from '../support/slow-deploy-tracker';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';

const DRAIN_DEADLINE_MS = 2_000;
/** What the process may take past its deadline: answering the cancelled calls, closing the server and the pools. */
const EXIT_MARGIN_MS = 3_000;
/** The deploy tracker pool has 10 connections: 10 calls hold them, the other 15 wait in its queue. */
const UPSTREAM_CALLS = 25;
const POOL_CONNECTIONS = 10;
const DB_CALLS = 2;

const shutDown = (kind: string, name: string) => `The server is shutting down; the ${kind} "${name}" was cancelled at the drain deadline. Retry on another replica.`;
const SHUTDOWN_META = { 'io.skillnest/error': { reason: 'shutting_down' } };

// The drain deadline is enforced: at SIGTERM, calls still running when it passes are aborted
// through their signal and answered that the server is shutting down, calls queued for an
// upstream connection too, and the process exits soon after (an orchestrator would kill it
// mid-call at the end of its grace period). And the HTTP pool bounds a whole request.
describe('drain deadline', () => {
  let database: TestDatabase;
  let upstream: Awaited<ReturnType<typeof startSlowDeployTracker>>;
  let trickler: Awaited<ReturnType<typeof startSlowDeployTracker>>;
  let draining: AppProcess;
  let bounded: AppProcess;

  beforeAll(async () => {
    [database, upstream, trickler] = await Promise.all([createTestDatabase(), startSlowDeployTracker(), startSlowDeployTracker()]);
    const env = { DATABASE_URL: database.url, DEPLOY_TRACKER_TIMEOUT_MS: '20000' };
    [draining, bounded] = await Promise.all([
      spawnApp({ ...env, DEPLOY_TRACKER_URL: upstream.origin, SKILLNEST_DRAIN_TIMEOUT_MS: String(DRAIN_DEADLINE_MS), DEPLOY_TRACKER_REQUEST_TIMEOUT_MS: '20000' }),
      spawnApp({ ...env, DEPLOY_TRACKER_URL: trickler.origin, DEPLOY_TRACKER_REQUEST_TIMEOUT_MS: '1000' }),
    ]);
    await Promise.all([draining.waitFor(/Skillnest example listening/, 60_000), bounded.waitFor(/Skillnest example listening/, 60_000)]);
  }, 70_000);

  afterAll(async () => {
    draining?.kill();
    bounded?.kill();
    await upstream?.close();
    await trickler?.close();
    await database?.drop();
  });

  it('cuts an upstream that trickles its body at the pool total deadline, with the upstream timeout error', async () => {
    const outcome = await callToolOverHttp(`${bounded.url}/mcp`, 'deploy_recent', { service: 'trickle-api' });
    expect(outcome.status).toBe(200);
    expect(outcome.result).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: 'Upstream "deploy-tracker" did not answer in time (the whole request, limit 1000 ms). Try again later.' }],
    });
  });

  it('answers every call in flight at the deadline that the server is shutting down, and exits within deadline + 3 s', async () => {
    const mcp = `${draining.url}/mcp`;
    // An official client in a legacy session (capabilities it may be asked to use): the SDK's path, not the fast path.
    const official = new Client({ name: 'drain-deadline', version: '1.0.0' }, { capabilities: { elicitation: { form: {} } } });
    await official.connect(new StreamableHTTPClientTransport(new URL(mcp)));
    const officialCall = official.callTool({ name: 'deploy_recent', arguments: { service: 'slow-official' } });
    const upstreamCalls = Array.from({ length: UPSTREAM_CALLS - 2 }, (_, i) => callToolOverHttp(mcp, 'deploy_recent', { service: `slow-${i}` }));
    const restCall = fetch(`${draining.url}/skills/deploy_recent/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"service":"slow-rest"}' });
    await upstream.received(POOL_CONNECTIONS);
    // Sent last, so the deploy calls have reached the app (and its pool queue) once these run.
    const dbCalls = Array.from({ length: DB_CALLS }, () => callToolOverHttp(mcp, 'probe_db_sleep', { seconds: 10 }));
    const sleeping = async () =>
      Number(
        (
          await database.admin<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'SELECT pg_sleep%' AND state = 'active'`, [
            database.name,
          ])
        )[0].n,
      );
    await until(async () => (await sleeping()) >= DB_CALLS, `all ${DB_CALLS} calls to be sleeping in PostgreSQL`, 10_000);
    expect(await sleeping()).toBe(DB_CALLS);

    const signalledAt = Date.now();
    draining.child.kill('SIGTERM');
    await draining.waitFor(new RegExp(`draining: waiting for ${UPSTREAM_CALLS + DB_CALLS} request\\(s\\) in flight`), 5_000);

    for (const outcome of await Promise.all(upstreamCalls)) {
      expect(outcome.status).toBe(200);
      expect(outcome.result).toEqual({ isError: true, content: [{ type: 'text', text: shutDown('tool', 'deploy_recent') }], _meta: SHUTDOWN_META });
    }
    for (const outcome of await Promise.all(dbCalls)) {
      expect(outcome.result).toEqual({ isError: true, content: [{ type: 'text', text: shutDown('tool', 'probe_db_sleep') }], _meta: SHUTDOWN_META });
    }
    expect(await officialCall).toMatchObject({ isError: true, content: [{ type: 'text', text: shutDown('tool', 'deploy_recent') }], _meta: SHUTDOWN_META });
    await official.close().catch(() => undefined);
    const rest = await restCall;
    expect(rest.status).toBe(503);
    expect(rest.headers.get('retry-after')).toBe('5');
    expect(await rest.json()).toEqual({ error: 'shutting_down', message: shutDown('tool', 'deploy_recent') });

    const exit = await draining.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.atMs - signalledAt).toBeGreaterThanOrEqual(DRAIN_DEADLINE_MS);
    expect(exit.atMs - signalledAt).toBeLessThan(DRAIN_DEADLINE_MS + EXIT_MARGIN_MS);
    // The calls cancelled in the pool's queue were never sent upstream.
    expect(upstream.count).toBe(POOL_CONNECTIONS);
    // The statements were cancelled on the server, not left running after the process was gone.
    expect(await sleeping()).toBe(0);
    const output = draining.output();
    expect(output).toContain(`drain deadline passed with ${UPSTREAM_CALLS + DB_CALLS} request(s) still in flight: cancelled ${UPSTREAM_CALLS + DB_CALLS} running skill call(s)`);
    expect(output).toContain('cancelling their statements');
    expect(output).not.toMatch(/\n\s+at .+\(/);
  }, 30_000);
});
