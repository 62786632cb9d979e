import { join } from 'node:path';
import { Client } from 'pg';
import { spawnApp, type AppProcess } from '../support/app-process';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { tasksOver } from '../support/task-http';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { TaskProbeModule, TaskProbeRuns } from '../fixtures/task-probe.module';

const TASK_APP = join(__dirname, '..', 'fixtures', 'task-app.main.ts');
const OPS = 'ops-token-0123456789';
// Short leases and frequent sweeps, so a lost replica is noticed within about two seconds.
const ENV = {
  SKILLNEST_TOKENS: `ops=${OPS}`,
  SKILLNEST_STATE_KEY: 's'.repeat(48),
  SKILLNEST_TASK_LEASE_MS: '1500',
  SKILLNEST_TASK_SWEEP_INTERVAL_MS: '250',
  SKILLNEST_DRAIN_TIMEOUT_MS: '1500',
};
const tasks = tasksOver(OPS);

// Work survives what it can: a task outlives the replica running it (a crash, a SIGTERM past the
// drain deadline): another replica notices the lease ran out and reports it failed, or runs it
// again when its tool is declared safe to; never two runs at once. Past its time to live a task
// is gone. The replicas share one PostgreSQL; two run in this process, one as a process of its own.
describe('tasks surviving their replica', () => {
  let database: TestDatabase;
  let db: Client;
  let crashing: AppProcess;
  let b: RunningApp;
  let c: RunningApp;
  const runsOf = async (tag: string) => (await db.query<{ pid: number }>('SELECT pid FROM task_probe_runs WHERE tag = $1 ORDER BY at', [tag])).rows.map((row) => row.pid);

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { ...ENV, DATABASE_URL: database.url };
    crashing = await spawnApp(env, TASK_APP);
    await crashing.waitFor(/Skillnest example listening/, 90_000);
    [b, c] = [await startExampleApp({ env, imports: [TaskProbeModule] }), await startExampleApp({ env, imports: [TaskProbeModule] })];
    db = new Client({ connectionString: database.url });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    crashing?.kill();
    await db?.end();
    await b?.close();
    await c?.close().catch(() => undefined);
    await database?.drop();
  });

  it('reports a task failed when its replica is killed, and runs a rerunnable one again elsewhere, exactly once', async () => {
    const held = await tasks.call(crashing.url, 'probe_task_hold', { tag: 'crash-held' });
    const rerun = await tasks.call(crashing.url, 'probe_task_rerun', { tag: 'crash-rerun' });
    expect([held.result?.resultType, rerun.result?.resultType]).toEqual(['task', 'task']);
    await tasks.until(crashing.url, held.result!.taskId!, ['working']);
    await until(async () => (await runsOf('crash-rerun')).length === 1, 'the first run of the rerunnable task');

    crashing.child.kill('SIGKILL');
    await crashing.exited;

    const failed = await tasks.until(b.origin, held.result!.taskId!);
    expect(failed).toMatchObject({
      status: 'failed',
      error: { code: -32603, data: { reason: 'task_lost', attempts: 1 } },
      statusMessage: expect.stringContaining('The replica running this task stopped before it finished'),
    });
    expect(failed).not.toHaveProperty('result');
    // Both in-process replicas sweep; the conditional claim lets one of them run it again, once.
    const done = await tasks.until(c.origin, rerun.result!.taskId!);
    expect(done).toMatchObject({ status: 'completed', result: { content: [{ type: 'text', text: `run 2 of crash-rerun by pid ${process.pid}` }] } });
    const runs = await runsOf('crash-rerun');
    expect(runs).toEqual([crashing.child.pid, process.pid]);
  });

  it('at SIGTERM, lets tasks finish up to the drain deadline, then hands the others over', async () => {
    const finishing = await tasks.call(c.origin, 'probe_task_hold', { tag: 'drain-finishing' });
    const stuck = await tasks.call(c.origin, 'probe_task_hold', { tag: 'drain-stuck' });
    const rerun = await tasks.call(c.origin, 'probe_task_rerun', { tag: 'drain-rerun' });
    await until(() => ['drain-finishing', 'drain-stuck', 'drain-rerun'].every((tag) => TaskProbeRuns.has(tag)), 'the three runs to start');

    const closing = c.close();
    // Finishes while the replica drains: its result is written before the pool closes.
    await until(() => c.logs.lines.some((line) => line.includes('Waiting for 3 running task(s) to finish')), 'the drain to start');
    TaskProbeRuns.get('drain-finishing')!.released!();
    await closing;

    expect(await tasks.until(b.origin, finishing.result!.taskId!)).toMatchObject({ status: 'completed', result: { content: [{ text: 'released drain-finishing' }] } });
    expect(TaskProbeRuns.get('drain-stuck')!.aborted).toBe('ShutdownError');
    expect(await tasks.until(b.origin, stuck.result!.taskId!)).toMatchObject({ status: 'failed', error: { code: -32603, data: { reason: 'shutting_down' } } });
    expect(await tasks.until(b.origin, rerun.result!.taskId!)).toMatchObject({
      status: 'completed',
      result: { content: [{ text: `run 2 of drain-rerun by pid ${process.pid}` }] },
    });
  });

  it('keeps a task for its time to live, then deletes its row', async () => {
    const short = await tasks.call(b.origin, 'probe_task_short', { tag: 'ttl' });
    expect(short.result).toMatchObject({ resultType: 'task', ttlMs: 1_500 });
    const id = short.result!.taskId!;
    expect(await tasks.until(b.origin, id)).toMatchObject({ status: 'completed' });
    await until(async () => (await db.query('SELECT 1 FROM skillnest_tasks WHERE id = $1', [id])).rowCount === 0, 'the expired row to be deleted');
    expect((await tasks.get(b.origin, id)).error).toEqual({ code: -32602, message: 'Failed to retrieve task: Task not found' });
  });
});

/** Waits until `check` holds, polling every 50 ms, for at most 15 s. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
