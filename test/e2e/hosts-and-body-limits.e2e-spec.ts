import { request } from 'node:http';
import { ScopedSkills, ScopedSkillsModule } from '../fixtures/scoped-skills.module';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { MCP_HEADERS } from '../support/mcp-http';

const TOKEN = 'hosts-limits-token-0123456789abcd';
const MAX_BODY = 2048;

/** A POST with any Host header (fetch will not send a Host of our choosing). */
function post(running: RunningApp, path: string, body: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: unknown }>((resolve, reject) => {
    const outgoing = request(new URL(path, running.origin), { method: 'POST', headers: { ...MCP_HEADERS, authorization: `Bearer ${TOKEN}`, ...headers } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text.startsWith('{') ? JSON.parse(text) : text }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const LIST = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
const callLimited = JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'scoped_limited', arguments: {} } });

/** SKILLNEST_ALLOWED_HOSTS (DNS rebinding protection) and SKILLNEST_MAX_BODY_BYTES, on MCP and on REST, and REST's 429. */
describe('allowed hosts, the body limit and REST refusals', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startExampleApp({
      env: { SKILLNEST_TOKENS: `hosts=${TOKEN}`, SKILLNEST_ALLOWED_HOSTS: 'mcp.example.com,127.0.0.1', SKILLNEST_MAX_BODY_BYTES: String(MAX_BODY) },
      imports: [ScopedSkillsModule],
    });
  });
  afterAll(async () => running?.close());

  it('serves a listed host, with or without its port, and refuses any other with 403 before reading the body', async () => {
    expect((await post(running, '/mcp', LIST, { host: 'mcp.example.com' })).status).toBe(200);
    expect((await post(running, '/mcp', LIST, { host: `127.0.0.1:${new URL(running.origin).port}` })).status).toBe(200);
    for (const host of ['attacker.example', 'mcp.example.com.attacker.example', 'localhost']) {
      const refused = await post(running, '/mcp', LIST, { host });
      expect({ host, status: refused.status }).toEqual({ host, status: 403 });
      expect(refused.body).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32600, message: 'Host not allowed: this MCP endpoint does not serve that host name (DNS rebinding protection).' },
      });
    }
  });

  it('answers an MCP body over SKILLNEST_MAX_BODY_BYTES with 413 naming the limit, and serves one just under it', async () => {
    const sized = (bytes: number) => {
      const shell = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: { pad: '' } } });
      return shell.replace('"pad":""', `"pad":"${'x'.repeat(bytes - shell.length)}"`);
    };
    expect(sized(MAX_BODY)).toHaveLength(MAX_BODY);
    expect((await post(running, '/mcp', sized(MAX_BODY))).status).toBe(200);
    const refused = await post(running, '/mcp', sized(MAX_BODY + 1));
    expect(refused.status).toBe(413);
    expect(refused.body).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32600, message: `Request body too large: the limit is ${MAX_BODY} bytes.` } });
  });

  it('answers a REST body over the limit with 413 and a JSON error, without running the skill', async () => {
    const before = ScopedSkills.limitedRuns.get('static:hosts') ?? 0;
    const refused = await post(running, '/skills/scoped_limited/run', JSON.stringify({ pad: 'x'.repeat(MAX_BODY) }), { 'content-type': 'application/json' });
    expect(refused.status).toBe(413);
    expect(refused.body).toEqual({ error: 'body_too_large', message: `Request body too large: the limit is ${MAX_BODY} bytes.` });
    // Other body errors still reach the app's handler (a 400, not a 500).
    expect((await post(running, '/skills/scoped_limited/run', '{"pad":', { 'content-type': 'application/json' })).status).toBe(400);
    expect(ScopedSkills.limitedRuns.get('static:hosts') ?? 0).toBe(before);
  });

  it('answers REST beyond a skill budget with 429, Retry-After and a JSON error, without running the skill, then MCP the same', async () => {
    const rest = () => post(running, '/skills/scoped_limited/run', '{}', { 'content-type': 'application/json' });
    expect((await rest()).status).toBe(200);
    expect((await rest()).status).toBe(200);
    const refused = await rest();
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(refused.body).toEqual({ error: 'rate_limited', message: `Rate limit reached for "scoped_limited"; retry in ${wait} s.` });
    expect(ScopedSkills.limitedRuns.get('static:hosts')).toBe(2);
    const mcp = await post(running, '/mcp', callLimited);
    expect(mcp.status).toBe(429);
    expect(mcp.body).toMatchObject({ jsonrpc: '2.0', id: 3, error: { code: -32000 } });
    expect(ScopedSkills.limitedRuns.get('static:hosts')).toBe(2);
  });
});
