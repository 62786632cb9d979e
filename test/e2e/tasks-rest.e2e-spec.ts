import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { TaskProbeModule, TaskProbeRuns } from '../fixtures/task-probe.module';

const OPS = 'ops-token-0123456789';
const DEV = 'dev-token-0123456789';
type Json = Record<string, unknown>;

// REST callers get tasks too: `POST /skills/:name/run` answers 202 with the task to poll when
// they ask for it (`Prefer: respond-async`) or the tool runs only as a task; the task URL answers
// its state, in the shapes `/run` uses for results and errors, cancels and takes input; all of it
// in the OpenAPI document. The example's long-running skill is the catalog readiness audit.
describe('tasks over REST', () => {
  let app: RunningApp;
  const rest = async (method: string, path: string, token = OPS, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(new URL(path, app.origin), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as Json };
  };
  const poll = async (path: string, statuses = ['completed', 'failed', 'cancelled'], token = OPS) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const answer = await rest('GET', path, token);
      if (statuses.includes(String(answer.body.status)) || Date.now() > deadline) return answer;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    app = await startExampleApp({ env: { SKILLNEST_TOKENS: `ops=${OPS},dev=${DEV}`, SKILLNEST_DOCS: 'on' }, imports: [TaskProbeModule] });
  }, 60_000);
  afterAll(async () => {
    for (const run of TaskProbeRuns.values()) run.released?.();
    await app?.close();
  });

  it('runs the readiness audit as a task on Prefer: respond-async (202, Location), polled to its findings', async () => {
    const accepted = await rest('POST', '/skills/catalog_readiness_audit/run', OPS, { tier: 'tier1', paceMs: 20 }, { prefer: 'respond-async' });
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('preference-applied')).toBe('respond-async');
    const location = accepted.headers.get('location')!;
    expect(location).toBe(`/skills/tasks/${String(accepted.body.taskId)}`);
    expect(accepted.body).toMatchObject({ status: 'working', pollIntervalMs: 500, links: { self: location } });
    const running = await rest('GET', location);
    expect(running.body.status === 'completed' || running.headers.get('retry-after') === '1').toBe(true);
    // checkout-api depends on tier-2 services: the audit asks whether to open follow-ups, mid-flight.
    const asking = await poll(location, ['input_required']);
    expect(asking.body).toMatchObject({ status: 'input_required', inputRequests: { open_follow_ups: { method: 'elicitation/create' } } });
    expect(String((asking.body.inputRequests as Record<string, { params: { message: string } }>).open_follow_ups.params.message)).toContain('checkout-api');
    await rest('POST', `${location}/input`, OPS, { inputResponses: { open_follow_ups: { action: 'accept', content: { open: true } } } });
    const done = await poll(location);
    expect(done.body).toMatchObject({ status: 'completed', taskId: accepted.body.taskId });
    const result = JSON.parse(String(done.body.result)) as { audited: number; blocked: number; followUps: string[]; findings: Array<{ service: string; blocking: string[] }> };
    expect(result).toMatchObject({ audited: 4, blocked: 1, followUps: [expect.stringMatching(/^INC-\d+$/)] });
    expect(result.findings.find((finding) => finding.service === 'checkout-api')?.blocking).toHaveLength(2);

    // The same skill without the preference answers in the request, as before tasks (and cannot ask: no follow-ups).
    const sync = await rest('POST', '/skills/catalog_readiness_audit/run', OPS, { tier: 'tier1' });
    expect(sync.status).toBe(200);
    expect(JSON.parse(String(sync.body.result))).toMatchObject({ audited: 4, blocked: 1, followUps: [] });
  });

  it('answers 202 for a task-only tool without asking, and reports a crash as a failed task', async () => {
    const only = await rest('POST', '/skills/probe_task_only/run', OPS, { tag: 'rest-only' });
    expect(only.status).toBe(202);
    expect((await poll(String(only.headers.get('location')))).body).toMatchObject({ status: 'completed', result: 'only rest-only' });
    const crash = await rest('POST', '/skills/probe_task_crash/run', OPS, { tag: 'rest-crash' }, { prefer: 'respond-async' });
    const failed = await poll(String(crash.headers.get('location')));
    expect(failed.body).toMatchObject({ status: 'failed', error: { error: 'failed', code: -32603, message: expect.stringContaining('failed unexpectedly') } });
    expect(JSON.stringify(failed.body)).not.toContain('simulated crash');
  });

  it('takes input at the task URL, cancels with DELETE, and hides another caller’s task', async () => {
    const asking = await rest('POST', '/skills/probe_task_ask/run', OPS, { tag: 'rest-ask' }, { prefer: 'respond-async' });
    const location = String(asking.headers.get('location'));
    const waiting = await poll(location, ['input_required']);
    expect(waiting.body).toMatchObject({ status: 'input_required', inputRequests: { approve: { method: 'elicitation/create' } } });
    expect((await rest('POST', `${location}/input`, OPS, { inputResponses: 'yes' })).status).toBe(400);
    expect((await rest('POST', `${location}/input`, OPS, { inputResponses: { approve: { action: 'accept', content: { ok: true } } } })).status).toBe(202);
    expect((await poll(location)).body).toMatchObject({ status: 'completed', result: 'approved rest-ask by static:ops' });

    const held = await rest('POST', '/skills/probe_task_hold/run', OPS, { tag: 'rest-hold' }, { prefer: 'respond-async' });
    const heldAt = String(held.headers.get('location'));
    for (const method of ['GET', 'DELETE']) expect((await rest(method, heldAt, DEV)).body).toEqual({ error: 'unknown_task', message: expect.stringContaining('No such task') });
    expect((await rest('GET', '/skills/tasks/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    expect((await rest('DELETE', heldAt)).status).toBe(204);
    expect((await rest('GET', heldAt)).body).toMatchObject({ status: 'cancelled' });
    expect(TaskProbeRuns.get('rest-hold')?.aborted).toBe('AbortError');
  });

  it('documents the 202, the Prefer header and the task endpoints in the OpenAPI document', async () => {
    const document = (await (await fetch(`${app.origin}/docs-json`)).json()) as { paths: Record<string, Record<string, Json>> };
    const run = document.paths['/skills/catalog_readiness_audit/run'].post as { parameters: Json[]; responses: Record<string, Json> };
    expect(run.parameters).toEqual([expect.objectContaining({ name: 'Prefer', in: 'header' })]);
    expect(run.responses['202']).toMatchObject({ headers: { Location: expect.any(Object) } });
    expect(Object.keys(document.paths['/skills/tasks/{taskId}'])).toEqual(['get', 'delete']);
    expect(document.paths['/skills/tasks/{taskId}/input'].post).toMatchObject({ operationId: 'task_input' });
    expect(document.paths['/skills/catalog_search_services/run'].post.responses).not.toHaveProperty('202');
  });
});
