import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SkillsRegistry } from '@skillnest/skills';
import { McpFastPath } from '../../libs/gateway/src/mcp/fast-path';
import { DispatchProbeSkills, OpsTeamGuard } from '../fixtures/dispatch-probe.module';
import { ADMIN, NOBODY, startOnePathApp } from '../fixtures/one-path-app';
import { MCP_HEADERS, modernRequest, parseMcpBody } from '../support/mcp-http';

const ELICITS = { 'io.modelcontextprotocol/clientCapabilities': { elicitation: { form: {} } } };

/**
 * Every front door reaches a skill through the one `SkillDispatcher`: the regressions of issue
 * 11, each asserted on both MCP paths (fast path on and off) and, where it applies, on REST.
 */
describe('one request path behind every front door', () => {
  let app: NestFastifyApplication;
  let origin: string;
  let registry: SkillsRegistry;
  const fastAnswers = jest.spyOn(McpFastPath.prototype, 'tryHandle');
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    ({ app, origin } = await startOnePathApp());
    registry = app.get(SkillsRegistry);
  });
  afterAll(async () => app?.close());
  beforeEach(() => fastAnswers.mockClear());

  /** Whether the fast path answered the last request (it returns undefined to hand over to the SDK). */
  const answeredFast = async () => {
    const results = fastAnswers.mock.results;
    if (results.length === 0) return false;
    return (await results[results.length - 1].value) !== undefined;
  };
  const legacy = (path: string, body: Record<string, unknown>, headers: Record<string, string> = bearer(ADMIN)) =>
    fetch(`${origin}${path}`, { method: 'POST', headers: { ...MCP_HEADERS, 'mcp-protocol-version': '2025-11-25', ...headers }, body: JSON.stringify(body) });

  it('runs a skill that asks for input once per round, and the fast path answers input_required itself', async () => {
    for (const path of ['/mcp/fast', '/mcp/sdk']) {
      DispatchProbeSkills.askRuns = 0;
      fastAnswers.mockClear();
      const answer = await modernRequest(`${origin}${path}`, 'tools/call', { name: 'probe_counted_ask', arguments: {}, _meta: ELICITS }, bearer(ADMIN));
      expect({ path, status: answer.status, runs: DispatchProbeSkills.askRuns, fast: await answeredFast() }).toEqual({ path, status: 200, runs: 1, fast: path === '/mcp/fast' });
      expect(answer.body).toMatchObject({ result: { resultType: 'input_required', inputRequests: { go: { method: 'elicitation/create' } }, requestState: expect.any(String) } });
    }
    const fast = await modernRequest(`${origin}/mcp/fast`, 'tools/call', { name: 'probe_counted_ask', arguments: {}, _meta: ELICITS }, bearer(ADMIN));
    const sdk = await modernRequest(`${origin}/mcp/sdk`, 'tools/call', { name: 'probe_counted_ask', arguments: {}, _meta: ELICITS }, bearer(ADMIN));
    // Byte for byte but the signed state, which carries a fresh timestamp and nonce.
    const unsigned = (raw: string) => raw.replace(/"requestState":"[^"]+"/, '"requestState":"signed"');
    expect(unsigned(fast.raw)).toBe(unsigned(sdk.raw));
  });

  it('answers a 2026-07-28 client without the elicitation capability exactly as the SDK does (-32021), running the skill once', async () => {
    const answers = [];
    for (const path of ['/mcp/fast', '/mcp/sdk']) {
      DispatchProbeSkills.askRuns = 0;
      const answer = await modernRequest(`${origin}${path}`, 'tools/call', { name: 'probe_counted_ask', arguments: {} }, bearer(ADMIN));
      expect(DispatchProbeSkills.askRuns).toBe(1);
      answers.push({ status: answer.status, raw: answer.raw });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0].status).toBe(400);
    expect(JSON.parse(answers[0].raw)).toMatchObject({ error: { code: -32021, data: { requiredCapabilities: { elicitation: { form: {} } } } } });
  });

  it('answers a stateless 2025 call that asks for input identically on both paths, running it once', async () => {
    const call = { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'probe_counted_ask', arguments: {} } };
    DispatchProbeSkills.askRuns = 0;
    const fast = await legacy('/mcp/fast', call);
    const fastText = await fast.text();
    expect(DispatchProbeSkills.askRuns).toBe(1);
    DispatchProbeSkills.askRuns = 0;
    const sdk = await legacy('/mcp/sdk', call);
    expect(fast.status).toBe(sdk.status);
    expect(parseMcpBody(fastText)).toEqual(parseMcpBody(await sdk.text()));
  });

  it('refuses completions of a prompt the caller may not use, as prompts/get does (403 insufficient_scope)', async () => {
    for (const path of ['/mcp/fast', '/mcp/sdk']) {
      const ref = { ref: { type: 'ref/prompt', name: 'probe_scoped_prompt' }, argument: { name: 'message', value: 'he' } };
      const get = await modernRequest(`${origin}${path}`, 'prompts/get', { name: 'probe_scoped_prompt', arguments: { message: 'x' } }, bearer(NOBODY));
      const complete = await modernRequest(`${origin}${path}`, 'completion/complete', ref, bearer(NOBODY));
      expect([get.status, complete.status]).toEqual([403, 403]);
      expect(complete.headers.get('www-authenticate')).toMatch(/^Bearer error="insufficient_scope", .*scope="probe:prompts"/);
      const allowed = await modernRequest(`${origin}${path}`, 'completion/complete', ref, bearer(ADMIN));
      expect(allowed.body).toMatchObject({ result: { completion: { values: ['hello', 'help'], total: 2, hasMore: false } } });
    }
  });

  it("runs a completion method's own guard: suggestions only for the ops team, the prompt open to all", async () => {
    for (const path of ['/mcp/fast', '/mcp/sdk']) {
      const ref = { ref: { type: 'ref/prompt', name: 'probe_team_prompt' }, argument: { name: 'message', value: 'on' } };
      const ops = await modernRequest(`${origin}${path}`, 'completion/complete', ref, { ...bearer(ADMIN), 'x-team': 'ops' });
      expect(ops.body).toMatchObject({ result: { completion: { values: ['oncall-primary', 'oncall-secondary'], total: 2 } } });
      const dev = await modernRequest(`${origin}${path}`, 'completion/complete', ref, { ...bearer(ADMIN), 'x-team': 'dev' });
      expect(dev.body).toMatchObject({ result: { completion: { values: [], total: 0, hasMore: false } } });
      const prompt = await modernRequest(`${origin}${path}`, 'prompts/get', { name: 'probe_team_prompt', arguments: { message: 'x' } }, { ...bearer(ADMIN), 'x-team': 'dev' });
      expect(prompt.status).toBe(200);
    }
  });

  it('sends the same list cache hints on both paths, and follows setEnabled on a scoped tool', async () => {
    const hints = async () => {
      const out: unknown[] = [];
      for (const path of ['/mcp/fast', '/mcp/sdk']) {
        for (const method of ['tools/list', 'prompts/list']) {
          const { body } = await modernRequest(`${origin}${path}`, method, {}, bearer(ADMIN));
          const { ttlMs, cacheScope } = (body as { result: { ttlMs: number; cacheScope: string } }).result;
          out.push({ path, method, ttlMs, cacheScope });
        }
      }
      return out;
    };
    const before = await hints();
    expect(before.every((hint) => (hint as { cacheScope: string }).cacheScope === 'private')).toBe(true);
    registry.setEnabled('tool', 'probe_scoped_write', false);
    registry.setEnabled('prompt', 'probe_scoped_prompt', false);
    try {
      // The ops guard still makes lists depend on the caller: private on both paths, for every list.
      const after = await hints();
      expect(after).toEqual(before);
      const { body } = await modernRequest(`${origin}/mcp/sdk`, 'tools/list', {}, bearer(ADMIN));
      expect((body as { result: { tools: Array<{ name: string }> } }).result.tools.map((tool) => tool.name)).not.toContain('probe_scoped_write');
    } finally {
      registry.setEnabled('tool', 'probe_scoped_write', true);
      registry.setEnabled('prompt', 'probe_scoped_prompt', true);
    }
  });

  it('counts REST calls in the per-skill budget shared with MCP', async () => {
    const token = NOBODY; // a caller of its own, so no other test spent this budget
    const rest = await fetch(`${origin}/skills/probe_once_a_minute/run`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(token) }, body: '{}' });
    expect(rest.status).toBe(200);
    expect(await rest.json()).toEqual({ result: 'within budget', content: [{ type: 'text', text: 'within budget' }] });
    const again = await fetch(`${origin}/skills/probe_once_a_minute/run`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(token) }, body: '{}' });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await again.json()).toMatchObject({ error: 'rate_limited', message: expect.stringMatching(/^Rate limit reached for "probe_once_a_minute"; retry in \d+ s\.$/) });
    const mcp = await modernRequest(`${origin}/mcp/fast`, 'tools/call', { name: 'probe_once_a_minute', arguments: {} }, bearer(token));
    expect(mcp.status).toBe(429);
    const wait = Number(mcp.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(mcp.body).toEqual({ jsonrpc: '2.0', id: 1, error: { code: -32000, message: `Rate limit reached for "probe_once_a_minute"; retry in ${wait} s.` } });
  });

  it('leaves a JSON-RPC id of 1e400 to the SDK on the fast path, which refuses it as the SDK path does', async () => {
    const raw = (path: string) =>
      fetch(`${origin}${path}`, {
        method: 'POST',
        headers: { ...MCP_HEADERS, ...bearer(ADMIN), 'mcp-protocol-version': '2025-11-25' },
        body: '{"jsonrpc":"2.0","id":1e400,"method":"tools/call","params":{"name":"probe_ops_only","arguments":{}}}',
      });
    const fast = await raw('/mcp/fast');
    expect(await answeredFast()).toBe(false);
    const sdk = await raw('/mcp/sdk');
    expect(fast.status).toBe(sdk.status);
    expect(await fast.text()).toBe(await sdk.text());
    expect(fast.status).toBeGreaterThanOrEqual(400);
  });

  it('gives guards an mcp context with the real request headers, on every front door', async () => {
    OpsTeamGuard.seen = [];
    for (const path of ['/mcp/fast', '/mcp/sdk']) {
      const denied = await modernRequest(`${origin}${path}`, 'tools/call', { name: 'probe_ops_only', arguments: {} }, { ...bearer(ADMIN), 'x-team': 'dev' });
      expect(denied.body).toMatchObject({ error: { code: -32602, message: expect.stringContaining('Unknown tool "probe_ops_only"') } });
      const allowed = await modernRequest(`${origin}${path}`, 'tools/call', { name: 'probe_ops_only', arguments: {} }, { ...bearer(ADMIN), 'x-team': 'ops' });
      expect(allowed.body).toMatchObject({ result: { content: [{ type: 'text', text: 'ops ok' }] } });
    }
    const rest = await fetch(`${origin}/skills/probe_ops_only/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-team': 'ops', ...bearer(ADMIN) },
      body: '{}',
    });
    expect(await rest.json()).toMatchObject({ result: 'ops ok' });
    expect(OpsTeamGuard.seen.length).toBeGreaterThan(0);
    expect(OpsTeamGuard.seen.every((seen) => seen.type === 'mcp' && seen.skill === 'probe_ops_only')).toBe(true);
    expect(OpsTeamGuard.seen.map((seen) => seen.team)).toEqual(expect.arrayContaining(['dev', 'ops']));
  });

  it('runs @UseInterceptors, @UsePipes and @UseFilters on a skill, in an mcp context, on both paths', async () => {
    for (const path of ['/mcp/fast', '/mcp/sdk']) {
      const said = await modernRequest(`${origin}${path}`, 'tools/call', { name: 'probe_enhanced', arguments: { message: 'hi' } }, bearer(ADMIN));
      expect(said.body).toMatchObject({ result: { content: [{ type: 'text', text: 'said HI [mcp interceptor, caller static:admin]' }] } });
      const filtered = await modernRequest(`${origin}${path}`, 'tools/call', { name: 'probe_enhanced', arguments: { message: 'teapot' } }, bearer(ADMIN));
      // As on a controller, the filter's answer is the call's answer: interceptors sit inside filters.
      expect(filtered.body).toMatchObject({ result: { content: [{ type: 'text', text: 'filtered (mcp): short and stout' }] } });
    }
  });
});
