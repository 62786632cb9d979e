import { ProbeSkills, ProbeSkillsModule } from '../fixtures/probe-skills.module';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { MCP_HEADERS, parseMcpBody, type ToolCallOutcome } from '../support/mcp-http';

const TOKEN = 'e2e-http-token-abcdefghijklmnop';
const challenge = (why: string) => `Bearer error="invalid_token", error_description="${why}", resource_metadata="https://mcp.example/.well-known/oauth-protected-resource/mcp"`;
const SAME_LENGTH_WRONG = 'e2e-http-token-abcdefghijklmnoq';
const LIST = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });

/** Nothing a client or an operator reads may carry these. */
function expectNothingLeaks(text: string): void {
  expect(text).not.toMatch(/\n\s+at .+\(/); // stack frames
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain('fixture-leaked-token');
  expect(text).not.toMatch(/\/(srv|work|home|usr)\//); // file paths
  expect(text).not.toContain('10.0.0.7');
  expect(text).not.toMatch(/\bSELECT\b|\bINSERT\b/);
}

/** The whole 401 for a request without a token: status, challenge and JSON-RPC body. */
function expectMissingToken(response: { status: number; headers: Headers; json: () => unknown }): void {
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe(challenge("Missing bearer token: send 'Authorization: Bearer <token>'."));
  expect(response.json()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32001, message: 'Missing bearer token: send "Authorization: Bearer <token>".' } });
}

describe('gateway HTTP errors and bearer auth', () => {
  let running: RunningApp;
  let url: string;
  const bodies: string[] = [];

  async function post(body: string | Uint8Array, headers: Record<string, string> = {}, token: string | null = TOKEN) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { ...MCP_HEADERS, ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: body as BodyInit,
    });
    const text = await response.text();
    bodies.push(text);
    return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
  }

  /** Calls a tool over legacy JSON-RPC and returns the result, reading the one SSE event. */
  async function callTool(name: string, args: Record<string, unknown>) {
    const response = await post(JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name, arguments: args } }));
    return (parseMcpBody(response.text) as { result: NonNullable<ToolCallOutcome['result']> }).result;
  }

  beforeAll(async () => {
    running = await startExampleApp({ env: { SKILLNEST_TOKENS: `probe=${TOKEN}`, SKILLNEST_RESOURCE_URL: 'https://mcp.example/mcp' }, imports: [ProbeSkillsModule] });
    url = running.mcpUrl.href;
  });
  afterAll(async () => {
    await running?.close();
    for (const text of [...bodies, running.logs.lines.join('\n')]) expectNothingLeaks(text);
  });

  describe('bearer auth', () => {
    it('answers a request without a token with 401 and the resource metadata challenge', async () => {
      expectMissingToken(await post(LIST, {}, null));
    });

    it('refuses a wrong token of the same length with 401 invalid_token', async () => {
      const response = await post(LIST, {}, SAME_LENGTH_WRONG);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(challenge('The bearer token is not valid for this server (unknown, expired, or issued for another resource).'));
      expect(response.text).not.toContain(SAME_LENGTH_WRONG);
    });

    it('answers a malformed Authorization header with 400', async () => {
      const response = await post(LIST, { authorization: `Basic ${TOKEN}` }, null);
      expect(response.status).toBe(400);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_request"');
    });

    it('decides before reading the body: an oversized or broken body without a token is still 401', async () => {
      for (const body of [Buffer.alloc(5 * 1024 * 1024, 'a'), '{"jsonrpc":']) expectMissingToken(await post(body, {}, null));
    });

    it('serves RFC 9728 protected resource metadata naming the canonical MCP URL', async () => {
      const response = await fetch(`${running.origin}/.well-known/oauth-protected-resource/mcp`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        resource: 'https://mcp.example/mcp',
        scopes_supported: ['catalog:read', 'deploys:read', 'incidents:read', 'incidents:write', 'ops:agent'],
        bearer_methods_supported: ['header'],
        resource_name: 'Skillnest example: catalog and incidents',
      });
    });

    it('lets a skill read the caller identity, never the token', async () => {
      const result = await callTool('probe_whoami', {});
      expect(result.content[0].text).toBe(JSON.stringify({ id: 'static:probe', authenticated: true, scopes: ['*'], claims: { tokenType: 'static' } }));
    });
  });

  describe('malformed requests', () => {
    it('answers malformed JSON with 400 and -32700', async () => {
      const response = await post('{"jsonrpc": "2.0", "id": 1,');
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error: the request body is not valid JSON.' } });
    });

    it('answers a wrong Content-Type with 415', async () => {
      for (const contentType of ['application/xml', 'text/plain']) {
        const response = await post('<call/>', { 'content-type': contentType });
        expect(response.status).toBe(415);
        expect(response.json().error.message).toMatch(/Content-Type.*application\/json/);
      }
    });

    it('answers an Accept without text/event-stream with 406', async () => {
      const response = await post(LIST, { accept: 'application/json' });
      expect(response.status).toBe(406);
      expect(response.json().error.message).toContain('text/event-stream');
    });

    it('answers a JSON-RPC batch with 400 and a JSON-RPC error', async () => {
      const response = await post(`[${LIST}]`);
      expect(response.status).toBe(400);
      expect(response.json().error).toEqual({ code: -32600, message: expect.stringContaining('batches are not supported') });
    });

    it('answers a body over 4 MiB with 413', async () => {
      const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'probe_strict', arguments: { label: 'x'.repeat(4 * 1024 * 1024) } } });
      const response = await post(big);
      expect(response.status).toBe(413);
      expect(response.json().error.message).toBe('Request body too large: the limit is 4194304 bytes.');
    });

    it('answers __proto__ and constructor keys with 400', async () => {
      for (const params of ['{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}']) {
        const response = await post(`{"jsonrpc":"2.0","id":1,"method":"tools/list","params":${params}}`);
        expect(response.status).toBe(400);
        expect(response.json().error).toEqual({ code: -32600, message: expect.stringContaining('forbidden "__proto__" or "constructor" key') });
      }
    });

    it('answers JSON nested 10,000 deep with 400 naming the limit, and still serves ordinary nesting (brackets in strings do not count)', async () => {
      const deep = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"probe_strict","arguments":{"label":"x","extra":${'['.repeat(10_000)}${']'.repeat(10_000)}}}}`;
      const response = await post(deep);
      expect(response.status).toBe(400);
      expect(response.json().error).toEqual({ code: -32600, message: 'Invalid request: the body nests arrays or objects more than 256 levels deep.' });
      const bracketsInText = await post(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: { _meta: { note: '['.repeat(5_000) } } }));
      expect(bracketsInText.status).not.toBe(400);
    });

    it('answers a foreign Origin with 403, a localhost one too (authenticated: only listed origins)', async () => {
      const foreign = await post(LIST, { origin: 'https://attacker.example' });
      expect(foreign.status).toBe(403);
      const refusal = { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Origin not allowed: this MCP endpoint does not accept requests from that web origin.' } };
      expect([foreign.json(), foreign.headers.get('access-control-allow-origin')]).toEqual([refusal, null]);
      const local = await post(LIST, { origin: 'http://localhost:6274' }); // authenticated: only listed origins, not localhost
      expect([local.status, local.json()]).toEqual([403, refusal]);
    });
  });

  describe('skill failures', () => {
    it('does not call the skill when arguments are invalid', async () => {
      const probe = running.app.get(ProbeSkills);
      const before = probe.calls;
      const result = await callTool('probe_strict', { label: 'x', level: 9, extra: true });
      expect(result.isError).toBe(true);
      expect(result.content[0].text).toBe(
        'Invalid arguments for "probe_strict": extra: is not a known field; label: label must be longer than or equal to 2 characters; level: level must not be greater than 3',
      );
      expect(probe.calls).toBe(before);
      expect((await callTool('probe_strict', { label: 'ok', level: 2 })).content[0].text).toBe('accepted ok');
      expect(probe.calls).toBe(before + 1);
    });

    it('hides a crash behind a generic message with an error id that the log carries, redacted', async () => {
      const result = await callTool('probe_crash', {});
      expect(result.isError).toBe(true);
      const text: string = result.content[0].text;
      const errorId = /error was logged with id ([0-9a-f-]{36})/.exec(text)?.[1];
      expect(errorId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(text).not.toContain('ECONNREFUSED');
      const logLine = running.logs.lines.find((line) => line.includes(errorId!));
      expect(logLine).toContain('tool "probe_crash" failed');
      expect(logLine).toContain('Error: connect ECONNREFUSED <address> while reading <path> with Bearer <redacted>');
    });
  });
});

describe('an unauthenticated gateway', () => {
  it('binds to 127.0.0.1 only, whatever HOST asks for, and warns that it is unauthenticated', async () => {
    const running = await startExampleApp({ env: { SKILLNEST_TOKENS: '' }, host: '0.0.0.0' });
    try {
      expect(running.boundHost).toBe('127.0.0.1');
      expect(running.app.getHttpServer().address()).toMatchObject({ address: '127.0.0.1' });
      expect(running.logs.lines.some((line) => line.startsWith('warn') && line.includes('UNAUTHENTICATED'))).toBe(true);
      expect((await fetch(running.mcpUrl, { method: 'POST', headers: MCP_HEADERS, body: LIST })).status).toBe(200);
      expect((await fetch(`${running.origin}/.well-known/oauth-protected-resource/mcp`)).status).toBe(404);
    } finally {
      await running.close();
    }
  });
});
