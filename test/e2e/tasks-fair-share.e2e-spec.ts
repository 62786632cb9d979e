import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { tasksOver } from '../support/task-http';
import { TaskProbeModule, TaskProbeRuns } from '../fixtures/task-probe.module';

const token = (id: string) => `${id}-token-0123456789`;
const [alice, bob, carol, dave] = ['alice', 'bob', 'carol', 'dave'].map((id) => tasksOver(token(id)));

// Tasks are a shared resource like sessions and streams (issue 13): each principal has a fair
// share of running and of kept tasks, and the gateway a cap of running ones across replicas;
// beyond them a creation is refused with 429 (the caller's share) or 503 (the server's), -32000
// and Retry-After, naming the setting; a share frees up as its tasks end.
describe('task caps', () => {
  let app: RunningApp;
  /** The tasks still running after the first case, by the client that holds them. */
  const running: Array<[ReturnType<typeof tasksOver>, string]> = [];

  beforeAll(async () => {
    app = await startExampleApp({
      env: {
        SKILLNEST_TOKENS: ['alice', 'bob', 'carol', 'dave'].map((id) => `${id}=${token(id)}`).join(','),
        SKILLNEST_MAX_TASKS_PER_PRINCIPAL: '2',
        SKILLNEST_MAX_TASKS: '3',
        SKILLNEST_MAX_STORED_TASKS_PER_PRINCIPAL: '4',
      },
      imports: [TaskProbeModule],
    });
  }, 60_000);

  afterAll(async () => {
    for (const run of TaskProbeRuns.values()) run.released?.();
    await app?.close();
  });

  it("refuses a principal's running task beyond its share (429), the server's beyond its cap (503), until tasks end", async () => {
    const origin = app.origin;
    const first = await alice.call(origin, 'probe_task_hold', { tag: 'cap-a1' });
    const second = await alice.call(origin, 'probe_task_hold', { tag: 'cap-a2' });
    expect([first.result?.resultType, second.result?.resultType]).toEqual(['task', 'task']);

    const third = await alice.call(origin, 'probe_task_hold', { tag: 'cap-a3' });
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(third.error).toEqual({
      code: -32000,
      message: 'You have 2 tasks running, the most one caller may: wait for one to finish or cancel one (tasks/cancel).',
      data: { limit: 'tasks.maxActivePerPrincipal', max: 2 },
    });
    expect(TaskProbeRuns.has('cap-a3')).toBe(false);

    // Another caller still has its share, up to the server's cap.
    const bobs = await bob.call(origin, 'probe_task_hold', { tag: 'cap-b1' });
    expect(bobs.result?.resultType).toBe('task');
    running.push([bob, bobs.result!.taskId!]);
    const full = await carol.call(origin, 'probe_task_hold', { tag: 'cap-c1' });
    expect(full.status).toBe(503);
    expect(full.error).toMatchObject({ code: -32000, message: 'Too many tasks are running on this server; try again later.', data: { limit: 'tasks.maxActive', max: 3 } });
    expect(app.logs.lines.some((line) => line.includes('Task cap tasks.maxActivePerPrincipal (2) reached by "static:alice"'))).toBe(true);

    // A cancelled task frees its share at once.
    expect((await alice.cancel(origin, first.result!.taskId!)).result).toMatchObject({ resultType: 'complete' });
    const again = await carol.call(origin, 'probe_task_hold', { tag: 'cap-c2' });
    expect(again.result?.resultType).toBe('task');
    running.push([alice, second.result!.taskId!], [carol, again.result!.taskId!]);
  });

  it('refuses a principal a task beyond the ones it may keep, finished ones included', async () => {
    for (const run of TaskProbeRuns.values()) run.released?.();
    for (const [client, id] of running) expect(await client.until(app.origin, id)).toMatchObject({ status: 'completed' });
    for (let index = 0; index < 4; index++) expect((await dave.call(app.origin, 'probe_task_only', { tag: `kept-${index}` })).result).toMatchObject({ status: 'completed' });
    const fifth = await dave.call(app.origin, 'probe_task_only', { tag: 'kept-4' });
    expect(fifth.status).toBe(429);
    expect(fifth.error).toMatchObject({ code: -32000, data: { limit: 'tasks.maxStoredPerPrincipal', max: 4 } });
  });
});
