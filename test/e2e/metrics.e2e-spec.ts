import { parseBearerChallenge } from '../support/bearer-challenge';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { startFakeDeployTracker } from '../support/fake-deploy-tracker';
import { openListen } from '../support/listen-stream';
import { connectClient, type McpTestClient } from '../support/mcp-clients';
import { MCP_HEADERS } from '../support/mcp-http';
import { tasksOver } from '../support/task-http';
import { parsePrometheusText, scrape, type PromScrape } from '../support/prometheus-text';
import { until } from '../support/until';

const OPS = 'metrics-ops-token-0123456789';
const VIEWER = 'metrics-viewer-token-0123456789';
const MCP = { gateway: '/mcp' };

/** The outcome a call made here ended with; a client call that throws (429, 403) is what its user sees too. */
const settle = <T>(call: Promise<T>) =>
  call.then(
    () => 'answered',
    (error: Error) => error.message,
  );

/**
 * The example app with its default metrics settings (an authenticated gateway: /metrics behind
 * the same bearer auth): known calls through the official client, then the metrics read back
 * over real HTTP and parsed.
 */
describe('GET /metrics on the example app', () => {
  let running: RunningApp;
  let tracker: Awaited<ReturnType<typeof startFakeDeployTracker>>;
  let metrics: PromScrape;
  let ops: McpTestClient;
  const metricsUrl = () => new URL('/metrics', running.origin).href;
  const read = () => scrape(metricsUrl(), { authorization: `Bearer ${OPS}` });
  const post = (headers: Record<string, string>) =>
    fetch(running.mcpUrl, { method: 'POST', headers: { ...MCP_HEADERS, ...headers }, body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' });

  beforeAll(async () => {
    tracker = await startFakeDeployTracker();
    running = await startExampleApp({
      env: { SKILLNEST_TOKENS: `ops=${OPS},viewer=${VIEWER}[incidents:read]`, SKILLNEST_RATE_LIMIT_PER_SKILL: '2/60', DEPLOY_TRACKER_URL: tracker.origin },
    });
    ops = (await connectClient('v2 auto (2026-07-28)', running.mcpUrl, OPS)).client;
    expect((await ops.callTool({ name: 'catalog_search_services', arguments: { query: 'pay' } })).isError).toBeFalsy();
    expect((await ops.callTool({ name: 'catalog_search_services', arguments: { tier: 'platinum' } })).isError).toBe(true);
    // The skill's budget is 2 calls a minute: the third is refused with 429 before it runs.
    expect(await settle(ops.callTool({ name: 'catalog_search_services', arguments: {} }))).toMatch(/429|rate limit|Too many/i);
    expect((await ops.callTool({ name: 'catalog_dependency_impact', arguments: { service: 'no-such-service' } })).isError).toBe(true);
    expect(await settle(ops.callTool({ name: 'no_such_tool_from_a_client', arguments: {} }))).toMatch(/no_such_tool_from_a_client/);
    expect((await ops.callTool({ name: 'deploy_recent', arguments: { service: 'checkout-api', limit: 1 } })).isError).toBeFalsy();
    expect((await ops.callTool({ name: 'deploy_recent', arguments: { service: 'broken-ledger', limit: 1 } })).isError).toBe(true);
    await ops.readResource({ uri: 'catalog://services' });
    await ops.readResource({ uri: 'catalog://services/ledger' });
    // A task, finished before the first scrape (task counts are read at most every 5 s).
    const tasks = tasksOver(OPS, { extensions: { 'io.modelcontextprotocol/tasks': {} } });
    const created = await tasks.call(running.origin, 'catalog_readiness_audit', { tier: 'tier2' });
    expect(created.result).toMatchObject({ resultType: 'task', status: 'working' });
    await tasks.until(running.origin, created.result!.taskId!, ['completed']);
    // REST, the other front door: a call, and a caller without the tool's scope (403).
    const rest = (token: string) =>
      fetch(`${running.origin}/skills/catalog_dependency_impact/run`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{"service":"ledger"}',
      });
    expect((await rest(OPS)).status).toBe(200);
    expect((await rest(VIEWER)).status).toBe(403);
    const viewer = (await connectClient('v2 auto (2026-07-28)', running.mcpUrl, VIEWER)).client;
    expect(await settle(viewer.callTool({ name: 'catalog_search_services', arguments: {} }))).toMatch(/403|insufficient_scope|scope/i);
    await viewer.close();
    expect((await post({ authorization: 'Bearer not-a-token-of-this-app' })).status).toBe(401);
    expect((await post({})).status).toBe(401);
    expect((await post({ authorization: 'Basic b3BzOnNlY3JldA==' })).status).toBe(400);
    metrics = await read();
  });
  afterAll(async () => {
    await ops?.close();
    await running?.close();
    await tracker?.close();
  });

  it('counts each call by skill, front door and outcome', () => {
    const calls = (skill: string, outcome: string, extra: Record<string, string> = {}) =>
      metrics.value('skillnest_calls_total', { ...MCP, kind: 'tool', skill, via: 'mcp', outcome, ...extra });
    expect(metrics.types.get('skillnest_calls_total')).toBe('counter');
    expect(calls('catalog_search_services', 'ok')).toBe(1);
    expect(calls('catalog_search_services', 'invalid')).toBe(1);
    expect(calls('catalog_dependency_impact', 'tool_error')).toBe(1);
    expect(calls('catalog_dependency_impact', 'ok', { via: 'rest' })).toBe(1);
    expect(calls('deploy_recent', 'ok')).toBe(1);
    expect(calls('deploy_recent', 'tool_error')).toBe(1);
    expect(metrics.value('skillnest_calls_total', { ...MCP, kind: 'resource', skill: 'service_catalog', via: 'mcp', outcome: 'ok' })).toBe(1);
    expect(metrics.value('skillnest_calls_total', { ...MCP, kind: 'resource', skill: 'service_card', via: 'mcp', outcome: 'ok' })).toBe(1);
    // A task: the tools/call that created it.
    expect(calls('catalog_readiness_audit', 'task')).toBe(1);
    // The refused calls (rate, scope) never ran: they are refusals, not calls.
    expect(metrics.matching('skillnest_calls_total', { skill: 'catalog_search_services' }).map((sample) => sample.labels.outcome)).toEqual(['ok', 'invalid']);
  });

  it("counts a tool name no skill has under skill=unknown, never under the client's string", () => {
    expect(metrics.value('skillnest_calls_total', { ...MCP, kind: 'tool', skill: 'unknown', via: 'mcp', outcome: 'refused', reason: 'unknown' })).toBe(1);
    expect(metrics.samples.some((sample) => Object.values(sample.labels).some((value) => value.includes('no_such_tool')))).toBe(false);
  });

  it('keeps a duration histogram per skill: cumulative buckets, +Inf equal to the count', () => {
    const labels = { ...MCP, kind: 'tool', skill: 'catalog_search_services' };
    expect(metrics.types.get('skillnest_call_duration_seconds')).toBe('histogram');
    expect(metrics.value('skillnest_call_duration_seconds_count', labels)).toBe(2);
    expect(metrics.value('skillnest_call_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(2);
    expect(metrics.value('skillnest_call_duration_seconds_sum', labels)).toBeGreaterThan(0);
    const buckets = metrics.matching('skillnest_call_duration_seconds_bucket', labels).map((sample) => sample.value);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
    expect(metrics.value('skillnest_call_duration_seconds_count', { ...MCP, kind: 'tool', skill: 'unknown' })).toBe(1);
  });

  it('counts the rate refusal by the budget that refused, and auth failures by reason', () => {
    expect(metrics.matching('skillnest_rate_limit_refusals_total')).toEqual([
      { name: 'skillnest_rate_limit_refusals_total', labels: { ...MCP, scope: 'skill', skill: 'catalog_search_services' }, value: 1 },
    ]);
    const failures = Object.fromEntries(metrics.matching('skillnest_auth_failures_total', MCP).map((sample) => [sample.labels.reason, sample.value]));
    // insufficient_scope: the MCP call (the SDK's 403) and the REST one.
    expect(failures).toEqual({ invalid: 1, missing: 1, malformed: 1, insufficient_scope: 2 });
  });

  it('reports the PostgreSQL pool, and counts the connections it loses', async () => {
    const pool = { pool: 'default' };
    expect(metrics.value('skillnest_pg_pool_connections', { ...pool, state: 'max' })).toBe(10);
    const total = metrics.value('skillnest_pg_pool_connections', { ...pool, state: 'total' })!;
    expect(total).toBeGreaterThanOrEqual(1);
    expect(metrics.value('skillnest_pg_pool_connections', { ...pool, state: 'idle' })).toBeLessThanOrEqual(total);
    expect(metrics.value('skillnest_pg_pool_waiting', pool)).toBe(0);
    expect(metrics.value('skillnest_pg_pool_errors_total', pool)).toBe(0);
    const database = running.database!;
    // The pool's connections; the task events' LISTEN connection is a client of its own.
    const killed = await database.admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND query NOT ILIKE 'LISTEN%'`, [
      database.name,
    ]);
    expect(killed.length).toBeGreaterThanOrEqual(1);
    await until(async () => (await read()).value('skillnest_pg_pool_errors_total', pool) === killed.length, 'the pool to count every killed connection');
    expect((await read()).value('skillnest_pg_pool_connections', { ...pool, state: 'total' })).toBe(0);
  });

  it('reports the HTTP pool: its connection to the upstream, and the failed request by reason', () => {
    const pool = { pool: 'deploy-tracker' };
    expect(metrics.value('skillnest_http_pool_connections', { ...pool, state: 'connected' })).toBe(1);
    expect(metrics.value('skillnest_http_pool_requests', { ...pool, state: 'running' })).toBe(0);
    expect(metrics.value('skillnest_http_pool_requests', { ...pool, state: 'queued' })).toBe(0);
    expect(metrics.matching('skillnest_http_pool_errors_total', pool)).toEqual([{ name: 'skillnest_http_pool_errors_total', labels: { ...pool, reason: 'status' }, value: 1 }]);
  });

  it('reports requests in flight, back to 0 once every answer is out', async () => {
    await until(async () => (await read()).value('skillnest_requests_in_flight', MCP) === 0, 'no request in flight');
  });

  it('counts open legacy sessions and listen streams, and their closing', async () => {
    expect(metrics.value('skillnest_legacy_sessions', MCP)).toBe(0);
    expect(metrics.value('skillnest_streams_open', { ...MCP, stream: 'listen' })).toBe(0);
    const legacy = await connectClient('v2 legacy', running.mcpUrl, OPS);
    const listen = await openListen(running.origin, OPS, { toolsListChanged: true }, {});
    expect(listen.status).toBe(200);
    const open = await read();
    expect(open.value('skillnest_legacy_sessions', MCP)).toBe(1);
    expect(open.value('skillnest_streams_open', { ...MCP, stream: 'listen' })).toBe(1);
    listen.close();
    await until(async () => (await read()).value('skillnest_streams_open', { ...MCP, stream: 'listen' }) === 0, 'the listen stream to close');
    await legacy.client.close();
  });

  it('counts the tasks by status', () => {
    const byStatus = Object.fromEntries(metrics.matching('skillnest_tasks', MCP).map((sample) => [sample.labels.status, sample.value]));
    expect(byStatus).toEqual({ working: 0, input_required: 0, completed: 1, failed: 0, cancelled: 0 });
  });

  it('serves the Node process metrics', () => {
    expect(metrics.value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(metrics.value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(metrics.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
  });

  it('takes the same bearer auth as /mcp: 401 with the same challenge without a valid token', async () => {
    const bare = await fetch(metricsUrl());
    expect(bare.status).toBe(401);
    const mcp = await post({});
    expect(parseBearerChallenge(bare.headers.get('www-authenticate'))).toEqual(parseBearerChallenge(mcp.headers.get('www-authenticate')));
    expect(parseBearerChallenge(bare.headers.get('www-authenticate'))).toMatchObject({ error: 'invalid_token' });
    expect((await fetch(metricsUrl(), { headers: { authorization: 'Bearer wrong-token-0000' } })).status).toBe(401);
    const ok = await fetch(metricsUrl(), { headers: { authorization: `Bearer ${VIEWER}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await ok.text();
    expect(() => parsePrometheusText(text)).not.toThrow();
    expect(text).not.toContain(OPS);
    // The refusals of this test were counted too.
    const failures = (await read()).matching('skillnest_auth_failures_total', MCP);
    expect(Object.fromEntries(failures.map((sample) => [sample.labels.reason, sample.value]))).toMatchObject({ missing: 3, invalid: 2 });
  });
});
