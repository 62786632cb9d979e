import { randomBytes } from 'node:crypto';
import { spawnApp, type AppProcess } from '../support/app-process';
import { connectClient } from '../support/mcp-clients';
import { MCP_HEADERS, callToolOverHttp, modernRequest } from '../support/mcp-http';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';

const TOKEN = `tok-${randomBytes(12).toString('hex')}`;
const WRONG = `wrong-${randomBytes(12).toString('hex')}`;
const AUTH = { authorization: `Bearer ${TOKEN}` };

type Line = Record<string, unknown>;

/** Every JSON line the process wrote (the app logs nothing else on stdout in JSON mode, but the harness's port line). */
const jsonLines = (app: AppProcess): Line[] =>
  app
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Line);

const requestLines = (app: AppProcess) => jsonLines(app).filter((line) => line.msg === 'request');

describe('logs: JSON lines in production, one line per request', () => {
  let database: TestDatabase;
  let app: AppProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await spawnApp({ DATABASE_URL: database.url, NODE_ENV: 'production', SKILLNEST_TOKENS: `alice=${TOKEN}`, HOST: '127.0.0.1' });
    await app.waitFor(/Skillnest example listening/, 60_000);
  }, 70_000);

  afterAll(async () => {
    app?.kill();
    await database?.drop();
  });

  it('writes startup lines as JSON with level, time and context', () => {
    const listening = jsonLines(app).find((line) => String(line.msg).startsWith('Skillnest example listening'));
    expect(listening).toMatchObject({ level: 'info', context: 'Bootstrap' });
    expect(typeof listening!.time).toBe('number');
  });

  it('logs each MCP and REST request once, with its method, skill, caller, protocol, status, outcome and duration', async () => {
    const mcp = `${app.url}/mcp`;
    const ok = await modernRequest(mcp, 'tools/call', { name: 'catalog_search_services', arguments: { query: 'pay' } }, AUTH);
    expect(ok.status).toBe(200);
    const slow = await modernRequest(mcp, 'tools/call', { name: 'probe_slow', arguments: {} }, AUTH);
    expect((slow.body?.result as { isError?: boolean }).isError).toBe(true);
    const unknown = await callToolOverHttp(mcp, 'no_such_tool', {}, AUTH);
    expect(unknown.error?.code).toBe(-32602);
    const { client } = await connectClient('v1 (sdk 1.32)', new URL(mcp), TOKEN);
    await client.callTool({ name: 'catalog_search_services', arguments: { query: 'ledger' } });
    await client.close();
    const rest = await fetch(`${app.url}/skills/catalog_search_services/run`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: '{"query":"pay"}',
    });
    expect(rest.status).toBe(200);
    const refused = await fetch(mcp, { method: 'POST', headers: { ...MCP_HEADERS, authorization: `Bearer ${WRONG}` }, body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' });
    expect(refused.status).toBe(401);

    await until(() => requestLines(app).some((line) => line.status === 401), 'the refused request to be logged', 5_000);
    const lines = requestLines(app);
    const calls = lines.filter((line) => line.method === 'tools/call');
    expect(calls.find((line) => line.skill === 'catalog_search_services' && line.protocol === '2026-07-28')).toMatchObject({
      level: 'info',
      context: 'Request',
      gateway: '/mcp',
      callerId: 'static:alice',
      status: 200,
      outcome: 'ok',
    });
    expect(calls.find((line) => line.skill === 'probe_slow')).toMatchObject({ status: 200, outcome: 'tool_error', reason: 'timeout', callerId: 'static:alice' });
    expect(calls.find((line) => line.skill === 'no_such_tool')).toMatchObject({ outcome: 'refused', reason: 'unknown' });
    // The 2025 client's call, through its session on the SDK path.
    expect(calls.find((line) => line.skill === 'catalog_search_services' && line.protocol !== '2026-07-28')).toMatchObject({ outcome: 'ok', callerId: 'static:alice' });
    expect(lines.find((line) => line.method === 'initialize')).toMatchObject({ status: 200, callerId: 'static:alice' });
    expect(lines.find((line) => line.method === 'rest run')).toMatchObject({ skill: 'catalog_search_services', status: 200, outcome: 'ok', callerId: 'static:alice' });
    // Refused before its body was read: no method, no caller.
    expect(lines.find((line) => line.status === 401)).toMatchObject({ gateway: '/mcp' });
    expect(lines.find((line) => line.status === 401)!.callerId).toBeUndefined();
    for (const line of lines) {
      expect(line.reqId).toMatch(/^[0-9a-f-]{36}$/);
      expect(typeof line.durationMs).toBe('number');
    }
    // One line per request: the request ids never repeat.
    expect(new Set(lines.map((line) => line.reqId)).size).toBe(lines.length);
    expect(app.output()).not.toContain(TOKEN);
    expect(app.output()).not.toContain(WRONG);
  }, 30_000);

  it('logs the drain start and end, then exits 0', async () => {
    app.child.kill('SIGTERM');
    const exit = await app.exited;
    expect(exit.code).toBe(0);
    const messages = jsonLines(app).map((line) => String(line.msg));
    expect(messages).toContainEqual(expect.stringMatching(/^Gateway \/mcp draining: waiting for 0 request\(s\) in flight/));
    expect(messages).toContainEqual(expect.stringMatching(/^Gateway \/mcp drained: no request in flight \(\d+ ms\)/));
  }, 30_000);
});
