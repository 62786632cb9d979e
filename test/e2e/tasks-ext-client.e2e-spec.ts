import { TaskCancelledError, TaskFailedError, resultFromTaskOutcome } from '@modelcontextprotocol/ext-tasks/client';
import { CreateTaskResultV2Schema, GetTaskResultV2Schema } from '@modelcontextprotocol/ext-tasks/core/v2';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { tasksOver } from '../support/task-http';
import { tasksSession } from '../support/tasks-session';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { TaskProbeModule, TaskProbeRuns } from '../fixtures/task-probe.module';

const OPS = 'ops-token-0123456789';
type Text = { content: Array<{ type: string; text: string }> };

// The official Tasks client (ext-tasks 0.2) drives Skillnest's tasks end to end: it gets a task
// for a task tool and a plain result for any other, polls to completion (each request to the
// other replica), answers input mid-flight, sees failures and cancellations as the spec types
// them; and the official wire schemas accept what the server sends.
describe('tasks with the official ext-tasks client, across two replicas', () => {
  let database: TestDatabase;
  let a: RunningApp;
  let b: RunningApp;
  let answered = 0;
  let client: Awaited<ReturnType<typeof tasksSession>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { DATABASE_URL: database.url, SKILLNEST_TOKENS: `ops=${OPS}`, SKILLNEST_STATE_KEY: 's'.repeat(48) };
    a = await startExampleApp({ env, imports: [TaskProbeModule] });
    b = await startExampleApp({ env, imports: [TaskProbeModule] });
    client = await tasksSession([a.origin, b.origin], OPS, () => (answered++, { action: 'accept', content: { ok: true, open: false } }));
  }, 60_000);

  afterAll(async () => {
    for (const run of TaskProbeRuns.values()) run.released?.();
    await client?.close();
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('runs the readiness audit as a task: progress, a question mid-flight, the findings', async () => {
    const execution = await client.session.callTool('catalog_readiness_audit', { tier: 'tier2' });
    expect(execution.kind).toBe('task');
    const statuses: string[] = [];
    const { outcome } = await execution.settle({ onEvent: (event) => void (event.type === 'task' && statuses.push(event.task.status)) });
    const result = resultFromTaskOutcome(outcome) as Text;
    expect(JSON.parse(result.content[0].text)).toMatchObject({ audited: 2, blocked: 1, followUps: [] });
    expect(answered).toBe(1);
    expect(statuses).toContain('input_required');
    // Created on one replica, polled (and answered) on the other.
    const [createdOn] = client.sent.filter((line) => line.startsWith('tools/call')).map((line) => line.split(' -> ')[1]);
    const polledOn = new Set(client.sent.filter((line) => line.startsWith('tasks/')).map((line) => line.split(' -> ')[1]));
    expect(polledOn.has(createdOn === a.origin ? b.origin : a.origin)).toBe(true);
  });

  it('gets a plain result for a tool that is no task tool, and for a quick call of none', async () => {
    const execution = await client.session.callTool('catalog_search_services', { tier: 'tier1', limit: 1 });
    expect(execution.kind).toBe('immediate');
    expect(resultFromTaskOutcome((await execution.settle()).outcome)).toMatchObject({ structuredContent: { total: 4 } });
  });

  it('asks for input mid-flight and completes with the answer', async () => {
    const execution = await client.session.callTool('probe_task_ask', { tag: 'ext-ask' });
    expect(resultFromTaskOutcome((await execution.settle()).outcome)).toMatchObject({ content: [{ type: 'text', text: 'approved ext-ask by static:ops' }] });
  });

  it('reports a crash as a failed task with its JSON-RPC error', async () => {
    const execution = await client.session.callTool('probe_task_crash', { tag: 'ext-crash' });
    const { outcome } = await execution.settle();
    expect(outcome.status).toBe('failed');
    expect(() => resultFromTaskOutcome(outcome)).toThrow(TaskFailedError);
    expect(outcome.status === 'failed' && outcome.error.code).toBe(-32603);
  });

  it("cancels a running task: the skill's signal fires, the outcome is cancelled", async () => {
    const execution = await client.session.callTool('probe_task_hold', { tag: 'ext-cancel' });
    const deadline = Date.now() + 5_000;
    while (!TaskProbeRuns.has('ext-cancel') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await execution.cancel();
    const { outcome } = await execution.settle();
    expect(outcome.status).toBe('cancelled');
    expect(() => resultFromTaskOutcome(outcome)).toThrow(TaskCancelledError);
    // The row reads cancelled at once; the skill hears of it by NOTIFY, on whichever replica runs it.
    const heard = Date.now() + 3_000;
    while (TaskProbeRuns.get('ext-cancel')?.aborted === undefined && Date.now() < heard) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(TaskProbeRuns.get('ext-cancel')?.aborted).toBe('AbortError');
  });

  it('answers in the shapes of the official wire schemas (no content on a CreateTaskResult)', async () => {
    const raw = tasksOver(OPS);
    const created = await raw.call(a.origin, 'probe_task_short', { tag: 'ext-wire' });
    expect(CreateTaskResultV2Schema.strict().safeParse(created.result).success).toBe(true);
    const done = await raw.until(b.origin, created.result!.taskId!);
    expect(GetTaskResultV2Schema.safeParse(done).success).toBe(true);
    expect(done).toMatchObject({ status: 'completed', resultType: 'complete', result: { content: [{ type: 'text', text: 'short ext-wire' }] } });
  });
});
