import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { connectClient } from '../support/mcp-clients';
import { MCP_HEADERS, parseMcpBody } from '../support/mcp-http';
import { openListen } from '../support/listen-stream';
import { TASKS_CAPABILITIES, tasksOver } from '../support/task-http';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { TaskProbeModule, TaskProbeRuns } from '../fixtures/task-probe.module';

const OPS = 'ops-token-0123456789';
const DEV = 'dev-token-0123456789';
const ops = tasksOver(OPS);
const dev = tasksOver(DEV);

/** Waits until `check` holds (every 20 ms, at most `ms`). */
async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Any replica answers for any task, and what the client does on one replica reaches the skill
// running on another: cancellation its ctx.signal, answers its ctx.elicit, through PostgreSQL
// LISTEN/NOTIFY; task changes reach subscriptions/listen streams on every replica. The leases
// keep their 30 s default, so nothing here rides on a renewal (every 10 s).
describe('tasks across replicas', () => {
  let database: TestDatabase;
  let a: RunningApp;
  let b: RunningApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { DATABASE_URL: database.url, SKILLNEST_TOKENS: `ops=${OPS},dev=${DEV}`, SKILLNEST_STATE_KEY: 's'.repeat(48) };
    a = await startExampleApp({ env, imports: [TaskProbeModule] });
    b = await startExampleApp({ env, imports: [TaskProbeModule] });
  }, 60_000);

  afterAll(async () => {
    for (const run of TaskProbeRuns.values()) run.released?.();
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('answers for a task created on another replica, with its progress as statusMessage, then its result', async () => {
    const created = await ops.call(a.origin, 'probe_task_hold', { tag: 'across-poll' });
    expect(created.result).toMatchObject({ resultType: 'task', status: 'working' });
    const id = created.result!.taskId!;
    expect(id).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const seen = await ops.get(b.origin, id);
    expect(seen.result).toMatchObject({ taskId: id, resultType: 'complete' });
    await ops.until(b.origin, id, ['working'], 5_000);
    let message: unknown;
    const deadline = Date.now() + 5_000;
    while (message !== 'holding across-poll' && Date.now() < deadline) message = (await ops.get(b.origin, id)).result?.statusMessage;
    expect(message).toBe('holding across-poll');
    TaskProbeRuns.get('across-poll')!.released!();
    expect(await ops.until(b.origin, id)).toMatchObject({ status: 'completed', result: { content: [{ type: 'text', text: 'released across-poll' }] } });
  });

  it("cancels from another replica: the running skill's signal fires at once, the task reads cancelled", async () => {
    const id = (await ops.call(a.origin, 'probe_task_hold', { tag: 'across-cancel' })).result!.taskId!;
    await until(() => TaskProbeRuns.has('across-cancel'), 'the run to start');
    const ack = await ops.cancel(b.origin, id);
    expect(ack.result).toEqual({ resultType: 'complete', _meta: expect.any(Object) });
    await until(() => TaskProbeRuns.get('across-cancel')!.aborted !== undefined, 'the signal on the other replica', 3_000);
    expect(TaskProbeRuns.get('across-cancel')!.aborted).toBe('AbortError');
    expect((await ops.get(a.origin, id)).result).toMatchObject({ status: 'cancelled', statusMessage: 'Cancelled by the client (tasks/cancel).' });
  });

  it('asks for input mid-flight on one replica and resumes with the answer given on another', async () => {
    const id = (await ops.call(a.origin, 'probe_task_ask', { tag: 'across-ask' })).result!.taskId!;
    const waiting = await ops.until(b.origin, id, ['input_required']);
    expect(waiting).toMatchObject({
      statusMessage: 'Waiting for input: Approve across-ask?',
      inputRequests: { approve: { method: 'elicitation/create', params: { message: 'Approve across-ask?', requestedSchema: { type: 'object' } } } },
    });
    expect((await ops.update(b.origin, id, { approve: { action: 'accept', content: { ok: true } } })).result).toMatchObject({ resultType: 'complete' });
    expect(await ops.until(a.origin, id)).toMatchObject({ status: 'completed', result: { content: [{ text: 'approved across-ask by static:ops' }] } });
  });

  it('notifies a listener on one replica of a task that runs on another, for the caller own tasks only', async () => {
    const mine = (await ops.call(a.origin, 'probe_task_hold', { tag: 'across-listen' })).result!.taskId!;
    const theirs = (await dev.call(a.origin, 'probe_task_hold', { tag: 'across-listen-dev' })).result!.taskId!;
    const listen = await openListen(b.origin, OPS, { taskIds: [mine, theirs, 'no-such-task'] }, TASKS_CAPABILITIES);
    expect([listen.status, listen.contentType]).toEqual([200, 'text/event-stream']);
    const ack = await listen.next((message) => message.method === 'notifications/subscriptions/acknowledged');
    expect(ack.params).toMatchObject({ notifications: { taskIds: [mine] } });
    // The state at subscription time, then each change.
    expect((await listen.next((message) => message.method === 'notifications/tasks')).params).toMatchObject({ taskId: mine, status: 'working' });
    TaskProbeRuns.get('across-listen')!.released!();
    const done = await listen.next((message) => message.method === 'notifications/tasks' && (message.params as { status?: string }).status === 'completed');
    expect(done.params).toMatchObject({
      taskId: mine,
      result: { content: [{ text: 'released across-listen' }] },
      _meta: { 'io.modelcontextprotocol/subscriptionId': 'listen-1' },
    });
    listen.close();
    TaskProbeRuns.get('across-listen-dev')!.released!();
    expect(await dev.until(b.origin, theirs)).toMatchObject({ status: 'completed' });
  });

  it('adds task notifications to a stream that also listens for list changes (the SDK acknowledges its part)', async () => {
    const id = (await ops.call(a.origin, 'probe_task_hold', { tag: 'across-merged' })).result!.taskId!;
    const listen = await openListen(b.origin, OPS, { toolsListChanged: true, taskIds: [id] }, TASKS_CAPABILITIES);
    const ack = await listen.next((message) => message.method === 'notifications/subscriptions/acknowledged');
    expect(ack.params).toMatchObject({ notifications: { toolsListChanged: true, taskIds: [id] } });
    TaskProbeRuns.get('across-merged')!.released!();
    const done = await listen.next((message) => message.method === 'notifications/tasks' && (message.params as { status?: string }).status === 'completed');
    expect(done.params).toMatchObject({ taskId: id, status: 'completed' });
    listen.close();
  });

  it('refuses task notifications to a listener that did not declare the extension (-32021)', async () => {
    const listen = await openListen(b.origin, OPS, { taskIds: ['x'] }, {});
    expect(listen.status).toBe(400);
    expect(JSON.parse(await listen.text())).toMatchObject({ error: { code: -32021, data: { requiredCapabilities: { extensions: { 'io.modelcontextprotocol/tasks': {} } } } } });
  });

  it.each(['v2 legacy', 'v1 (sdk 1.32)'] as const)('keeps plain results for a 2025-era client (%s), task-only tools included', async (kind) => {
    const { client } = await connectClient(kind, a.mcpUrl, OPS);
    expect(await client.callTool({ name: 'probe_task_only', arguments: { tag: `legacy-${kind}` } })).toMatchObject({ content: [{ type: 'text', text: `only legacy-${kind}` }] });
    expect(await client.callTool({ name: 'probe_task_short', arguments: { tag: `legacy-${kind}` } })).toMatchObject({ content: [{ text: `short legacy-${kind}` }] });
    await client.close();
    // The 2025 wire has none of this extension's methods.
    const response = await fetch(a.mcpUrl, {
      method: 'POST',
      headers: { ...MCP_HEADERS, authorization: `Bearer ${OPS}`, 'mcp-protocol-version': '2025-11-25' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tasks/get', params: { taskId: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } }),
    });
    expect(parseMcpBody(await response.text())).toMatchObject({ error: { code: -32601 } });
  });

  it("answers another caller's task id exactly like an unknown one, and leaves the task alone", async () => {
    const id = (await ops.call(a.origin, 'probe_task_hold', { tag: 'across-foreign' })).result!.taskId!;
    for (const [method, run] of [
      ['get', (taskId: string) => dev.get(b.origin, taskId)],
      ['update', (taskId: string) => dev.update(b.origin, taskId, { approve: { action: 'accept' } })],
      ['cancel', (taskId: string) => dev.cancel(b.origin, taskId)],
    ] as const) {
      const foreign = await run(id);
      const unknown = await run('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      expect({ method, status: foreign.status, error: foreign.error }).toEqual({ method, status: unknown.status, error: unknown.error });
      expect(foreign.error?.code).toBe(-32602);
    }
    expect((await ops.get(b.origin, id)).result).toMatchObject({ status: 'working' });
    TaskProbeRuns.get('across-foreign')!.released!();
  });
});
