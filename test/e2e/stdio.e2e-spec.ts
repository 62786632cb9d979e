import { Client as ClientV2 } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as StdioClientTransportV1 } from '@modelcontextprotocol/sdk/client/stdio.js';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { Client as PgClient } from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { stdioServerParams, watchStderr } from '../support/stdio-app';
import { until } from '../support/until';

const STARTUP_MS = 60_000;
const info = { name: 'skillnest-stdio-e2e', version: '1.0.0' };

/** Who opened the incidents in the app's database, read back with a client of our own. */
async function openers(url: string): Promise<string[]> {
  const pg = new PgClient({ connectionString: url });
  await pg.connect();
  try {
    return (await pg.query<{ opened_by: string }>('SELECT opened_by FROM incidents')).rows.map((row) => row.opened_by);
  } finally {
    await pg.end();
  }
}

type ToolResult = { content: Array<{ type: string; text?: string }>; structuredContent?: Record<string, unknown>; isError?: boolean };

describe('the example app over stdio (npm run start:stdio)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('serves a 2026-07-28 client as the configured caller: tools from PostgreSQL, a tool error, only protocol on stdout, logs on stderr, exit 0 when the client closes', async () => {
    const transport = new StdioClientTransport(
      stdioServerParams({ DATABASE_URL: db.url, SKILLNEST_STDIO_CALLER: 'static:alice', SKILLNEST_STDIO_SCOPES: 'incidents:read incidents:write' }),
    );
    const stderr = watchStderr(transport.stderr);
    const client = new ClientV2(info, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    // A line on stdout that is not a JSON-RPC message reaches the client as an error.
    const wireErrors: Error[] = [];
    client.onerror = (error) => wireErrors.push(error);
    try {
      await client.connect(transport);
      expect(client.getProtocolEra()).toBe('modern');

      const { tools } = await client.listTools();
      const names = tools.map((tool) => tool.name);
      expect(names).toEqual(expect.arrayContaining(['incident_open', 'incident_list', 'incident_update', 'scoped_public']));
      // The caller's scopes decide what it sees, as over HTTP: no catalog:read, no catalog tools.
      expect(names).not.toContain('catalog_search_services');

      const opened = (await client.callTool({
        name: 'incident_open',
        arguments: { service: 'checkout-api', severity: 'sev2', title: 'Checkout errors over stdio' },
      })) as ToolResult;
      expect(opened.isError).toBeFalsy();
      expect(opened.structuredContent).toMatchObject({ service: 'checkout-api', openedBy: 'static:alice', status: 'open' });
      const id = String(opened.structuredContent!.id);
      expect(await openers(db.url)).toEqual(['static:alice']);

      const listed = (await client.callTool({ name: 'incident_list', arguments: {} })) as ToolResult;
      expect(listed.structuredContent).toMatchObject({ incidents: [expect.objectContaining({ id, title: 'Checkout errors over stdio' })] });

      const missing = (await client.callTool({ name: 'incident_update', arguments: { id: 'INC-99999', status: 'resolved', note: 'gone' } })) as ToolResult;
      expect(missing.isError).toBe(true);
      expect(missing.content[0].text).toContain('No incident INC-99999');

      const hello = (await client.callTool({ name: 'scoped_public', arguments: {} })) as ToolResult;
      expect(hello.content[0].text).toBe('hello static:alice (incidents:read incidents:write)');
    } finally {
      await client.close();
    }
    expect(await stderr.exited).toEqual({ code: 0, signal: null });
    expect(wireErrors).toEqual([]);

    // stderr: the app's JSON log lines, nothing else; a request line per answered request.
    const logs = stderr.logLines();
    expect(logs).toContainEqual(expect.objectContaining({ context: 'Stdio', msg: expect.stringContaining('Serving gateway /mcp over stdio as "static:alice"') }));
    expect(logs).toContainEqual(
      expect.objectContaining({
        msg: 'request',
        transport: 'stdio',
        method: 'tools/call',
        skill: 'incident_open',
        callerId: 'static:alice',
        outcome: 'ok',
        protocol: '2026-07-28',
      }),
    );
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'request', method: 'tools/call', skill: 'incident_update', outcome: 'tool_error' }));
    expect(logs).toContainEqual(expect.objectContaining({ context: 'Stdio', msg: 'stdin closed: the client went away, shutting down.' }));
    // The same app's usual startup, without an HTTP listener.
    expect(logs).toContainEqual(expect.objectContaining({ context: 'NestApplication', msg: 'Nest application successfully started' }));
    expect(stderr.text()).not.toMatch(/listening on http/i);
    // Nothing listens, so the HTTP warning that an unauthenticated gateway is open to its host is not said.
    expect(stderr.text()).not.toContain('UNAUTHENTICATED');
  }, 120_000);

  it('serves a 2025 client (SDK v1) as the local user by default, and on SIGTERM answers the call in flight before it exits 0', async () => {
    const transport = new StdioClientTransportV1(stdioServerParams({ DATABASE_URL: db.url }));
    const stderr = watchStderr(transport.stderr);
    const client = new ClientV1(info);
    const wireErrors: Error[] = [];
    client.onerror = (error) => wireErrors.push(error);
    try {
      await client.connect(transport);
      expect(client.getServerVersion()?.name).toBe('skillnest-example');

      // No caller configured: the local user, anonymous, with every scope (an unauthenticated local gateway's caller).
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['catalog_search_services', 'incident_open', 'probe_db_sleep']));
      const hello = (await client.callTool({ name: 'scoped_public', arguments: {} })) as ToolResult;
      expect(hello.content[0].text).toBe('hello anonymous (*)');

      const slow = client.callTool({ name: 'probe_db_sleep', arguments: { seconds: 1 } }) as Promise<ToolResult>;
      await until(
        async () => (await db.admin(`SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'SELECT pg_sleep%'`, [db.name])).length > 0,
        'the call to reach PostgreSQL',
        STARTUP_MS,
      );
      process.kill(transport.pid!, 'SIGTERM');
      const answered = await slow;
      expect(answered.isError).toBeFalsy();
      expect(answered.content[0].text).toBe(JSON.stringify({ slept: 1 }));
      expect(await stderr.exited).toEqual({ code: 0, signal: null });
    } finally {
      await client.close();
    }
    expect(wireErrors).toEqual([]);
    const logs = stderr.logLines();
    expect(logs).toContainEqual(expect.objectContaining({ context: 'Stdio', msg: 'stdio draining: waiting for 1 request(s) in flight (deadline 10000 ms).' }));
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'request', method: 'tools/call', skill: 'probe_db_sleep', callerId: 'anonymous', outcome: 'ok' }));
  }, 120_000);

  it('with the embedded PostgreSQL (no DATABASE_URL), started from another folder, stdout carries nothing but JSON-RPC messages, byte for byte', async () => {
    const params = stdioServerParams({ SKILLNEST_DATA_DIR: 'memory://stdio-e2e', SKILLNEST_LOG_FORMAT: 'pretty' });
    // Started from another folder, as Claude Desktop starts it: the app still finds its migrations.
    const child = spawn(params.command, params.args, { cwd: tmpdir(), env: { PATH: process.env.PATH, HOME: process.env.HOME, ...params.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const stderr = watchStderr(child.stderr);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const answered = new Promise<void>((resolve) => createInterface({ input: child.stdout }).on('line', (line) => line.includes('"id":2') && resolve()));
    const closed = new Promise((resolve) => child.once('close', resolve));
    const send = (message: Record<string, unknown>) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    send({ id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: info } });
    send({ method: 'notifications/initialized' });
    send({ id: 2, method: 'tools/call', params: { name: 'incident_list', arguments: {} } });
    const exitedFirst = stderr.exited.then((exit) => Promise.reject(new Error(`exited ${JSON.stringify(exit)} before answering:\n${stderr.text().slice(-2000)}`)));
    await Promise.race([answered, exitedFirst]);
    child.stdin.end();
    expect(await stderr.exited).toEqual({ code: 0, signal: null });
    await closed;

    // Every byte of stdout, to its end: whole lines, each a JSON-RPC message.
    const lines = stdout.split('\n');
    expect(lines.pop()).toBe('');
    const messages = lines.map((line) => JSON.parse(line) as { jsonrpc: string; id: number; result?: { structuredContent?: unknown } });
    expect(messages.map((message) => [message.jsonrpc, message.id])).toEqual([
      ['2.0', 1],
      ['2.0', 2],
    ]);
    expect(messages[1].result?.structuredContent).toEqual({ incidents: [] });
    // The notices that would have gone to stdout went to stderr: the embedded database's, Nest's banner.
    expect(stderr.text()).toContain('uses an EMBEDDED PostgreSQL (PGlite) with its data in memory');
    expect(stderr.text()).toContain('[NestFactory] Starting Nest application...');
  }, 120_000);
});
