import { createHash } from 'node:crypto';
import { AuditRetention, AuditWriter } from '@skillnest/gateway';
import { AuditProbeModule } from '../fixtures/audit-probe.module';
import { TaskProbeModule, TaskProbeRuns } from '../fixtures/task-probe.module';
import { auditRows, querySql, type AuditRow } from '../support/audit-rows';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { connectClient, type McpTestClient } from '../support/mcp-clients';
import { tasksOver } from '../support/task-http';
import { until } from '../support/until';

const OPS = 'ops-audit-token-0123456789';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// The audit trail of the example app, read back from the real PostgreSQL after known calls over
// the official MCP clients (the fast path and the SDK path), REST and the Tasks extension.
describe('audit trail of tool calls', () => {
  let running: RunningApp;
  let url: string;
  let modern: McpTestClient;
  let legacy: McpTestClient;

  /** The rows of `tool` once there are `count` of them (the writer flushes every second, its default: the example reads its settings as its module loads). */
  const rowsOf = async (tool: string, count: number): Promise<AuditRow[]> => {
    let rows: AuditRow[] = [];
    await until(async () => (rows = await auditRows(url, tool)).length >= count, `${count} audit row(s) of ${tool}`);
    return rows;
  };

  beforeAll(async () => {
    running = await startExampleApp({ env: { SKILLNEST_TOKENS: `ops=${OPS}` }, imports: [AuditProbeModule, TaskProbeModule] });
    url = running.database!.url;
    modern = (await connectClient('v2 auto (2026-07-28)', running.mcpUrl, OPS)).client;
    legacy = (await connectClient('v1 (sdk 1.32)', running.mcpUrl, OPS)).client;
  }, 60_000);

  afterAll(async () => {
    await modern?.close();
    await legacy?.close();
    await running?.close();
  });

  it('records a call over MCP: caller, how it authenticated, client, digest, outcome, the skill’s own fields', async () => {
    await expect(modern.callTool({ name: 'probe_audit_fields', arguments: { tag: 'm1' } })).resolves.toMatchObject({ content: [{ text: 'audited m1' }] });
    await legacy.callTool({ name: 'probe_audit_fields', arguments: { tag: 'l1' } });
    const [first, second] = await rowsOf('probe_audit_fields', 2);
    expect(first).toMatchObject({
      gateway: '/mcp',
      via: 'mcp',
      caller_id: 'static:ops',
      auth_method: 'static',
      client_name: 'skillnest-e2e',
      client_version: '1.0.0',
      client_era: 'modern',
      outcome: 'ok',
      reason: null,
      error_id: null,
      task_id: null,
      trace_id: null,
      arguments: null,
      arguments_sha256: sha256('{"tag":"m1"}'),
      fields: { incidentId: 'INC-m1', approved: true },
    });
    expect(first.duration_ms).toBeGreaterThan(0);
    expect(Math.abs(first.at.getTime() - Date.now())).toBeLessThan(60_000);
    expect(second).toMatchObject({ client_era: 'legacy', client_name: 'skillnest-e2e', arguments_sha256: sha256('{"tag":"l1"}'), fields: { incidentId: 'INC-l1' } });
  });

  it('keeps the arguments of a tool that opts in, redacted; the digest is of what was sent, whatever the key order', async () => {
    const args = {
      tag: 'a1',
      note: 'retry with password=hunter2 and Bearer abc.def.ghi',
      apiKey: 'sk-live-123',
      nested: { clientSecret: 'x', url: 'postgres://app:pw@db/x', list: [1, 'two'] },
    };
    await modern.callTool({ name: 'probe_audit_args', arguments: args });
    const [row] = await rowsOf('probe_audit_args', 1);
    expect(row.arguments).toEqual({
      tag: 'a1',
      note: 'retry with password=<redacted> and Bearer <redacted>',
      apiKey: '<redacted>',
      nested: { clientSecret: '<redacted>', url: 'postgres://<redacted>@db/x', list: [1, 'two'] },
    });
    const canonical =
      '{"apiKey":"sk-live-123","nested":{"clientSecret":"x","list":[1,"two"],"url":"postgres://app:pw@db/x"},"note":"retry with password=hunter2 and Bearer abc.def.ghi","tag":"a1"}';
    expect(row.arguments_sha256).toBe(sha256(canonical));
    // Nothing of the secrets anywhere in the row.
    expect(JSON.stringify(row)).not.toMatch(/hunter2|sk-live-123|abc\.def|app:pw/);
  });

  it('records a failing call with the error id its caller was told, and a refused one with its reason', async () => {
    const result = await modern.callTool({ name: 'probe_audit_fail', arguments: { tag: 'f1' } });
    expect(result.isError).toBe(true);
    const [row] = await rowsOf('probe_audit_fail', 1);
    expect(row).toMatchObject({ outcome: 'tool_error', reason: 'internal_error', fields: { stage: 'before the crash' } });
    expect(row.error_id).toMatch(/\S{6,}/);
    expect(result.content.map((item) => item.text).join('')).toContain(row.error_id!);

    // An unknown tool: the SDK path answers it (the fast path never does).
    await modern.callTool({ name: 'probe_audit_nowhere', arguments: {} }).catch(() => undefined);
    const [unknown] = await rowsOf('probe_audit_nowhere', 1);
    expect(unknown).toMatchObject({ outcome: 'refused', reason: 'unknown', caller_id: 'static:ops', arguments_sha256: sha256('{}') });
  });

  it('records a REST call as via rest', async () => {
    const post = (token?: string) =>
      fetch(new URL('/skills/probe_audit_fields/run', running.origin), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ tag: 'r1' }),
      });
    expect((await post(OPS)).status).toBe(200);
    const rows = await rowsOf('probe_audit_fields', 3);
    expect(rows.find((row) => row.via === 'rest')).toMatchObject({ caller_id: 'static:ops', client_name: 'rest', outcome: 'ok', fields: { incidentId: 'INC-r1' } });
  });

  it('records a task twice: the call that created it (outcome task) and its work when it ends (via task)', async () => {
    const ops = tasksOver(OPS);
    const created = await ops.call(running.origin, 'probe_audit_task', { tag: 't1' });
    const taskId = created.result!.taskId!;
    expect(taskId).toBeTruthy();
    await ops.until(running.origin, taskId);
    const rows = await rowsOf('probe_audit_task', 2);
    expect(rows.map((row) => [row.via, row.outcome, row.task_id])).toEqual([
      ['mcp', 'task', taskId],
      ['task', 'ok', taskId],
    ]);
    expect(rows[1]).toMatchObject({ caller_id: 'static:ops', client_name: 'raw-e2e', client_era: 'modern', arguments_sha256: sha256('{"tag":"t1"}'), fields: { worked: 't1' } });
    // The creating call's record holds what the skill had added by then: nothing yet.
    expect(rows[0].fields).toBeNull();
  });

  it('records a cancelled task’s work as failed, reason cancelled', async () => {
    const ops = tasksOver(OPS);
    const taskId = (await ops.call(running.origin, 'probe_task_hold', { tag: 'audit-cancel' })).result!.taskId!;
    await until(() => TaskProbeRuns.has('audit-cancel'), 'the task to start');
    await ops.cancel(running.origin, taskId);
    await ops.until(running.origin, taskId);
    const rows = await rowsOf('probe_task_hold', 2);
    expect(rows.map((row) => [row.via, row.outcome, row.reason, row.task_id])).toEqual([
      ['mcp', 'task', null, taskId],
      ['task', 'failed', 'cancelled', taskId],
    ]);
  });

  it('deletes records past their retention (90 days by default), and only those', async () => {
    await querySql(
      url,
      `INSERT INTO skillnest_audit (at, gateway, via, caller_id, auth_method, tool, arguments_sha256, outcome, duration_ms)
       SELECT now() - make_interval(days => d), '/mcp', 'mcp', 'static:old', 'static', 'probe_retention', 'x', 'ok', 1 FROM unnest(ARRAY[91, 120, 89]) AS d`,
    );
    const deleted = await running.app.get(AuditRetention).sweep();
    expect(deleted).toBe(2);
    const left = await auditRows(url, 'probe_retention');
    expect(left).toHaveLength(1);
    expect(Date.now() - left[0].at.getTime()).toBeLessThan(90 * 86_400_000);
    expect(running.app.get(AuditWriter).stats()).toMatchObject({ dropped: 0, failedFlushes: 0 });
  });
});
