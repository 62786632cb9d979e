import { ContextProbeModule } from '../fixtures/context-probe.module';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { parseBearerChallenge } from '../support/bearer-challenge';
import { parseMcpBody } from '../support/mcp-http';
import { startFakeAnthropic, textReply, type FakeAnthropic } from '../support/fake-anthropic';

const ADMIN = 'rest-admin-token-000000000000';
const VIEWER = 'rest-viewer-token-00000000000';

describe('REST endpoints for callers that do not speak MCP', () => {
  let running: RunningApp;
  let fake: FakeAnthropic;
  const post = (path: string, body: unknown, token: string | null = ADMIN) =>
    fetch(`${running.origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  /** The `data:` payloads of an SSE body. */
  const events = (text: string) =>
    text
      .split('\n\n')
      .map((block) => /^data: (.*)$/m.exec(block)?.[1])
      .filter((data): data is string => data !== undefined)
      .map((data) => (data === '[DONE]' ? data : JSON.parse(data)));

  beforeAll(async () => {
    fake = await startFakeAnthropic();
    running = await startExampleApp({
      env: {
        SKILLNEST_TOKENS: `admin=${ADMIN},viewer=${VIEWER}[catalog:read incidents:read]`,
        ANTHROPIC_API_KEY: 'sk-ant-test-key',
        ANTHROPIC_BASE_URL: fake.baseURL,
        SKILLNEST_CLAUDE_MAX_RETRIES: '0',
        // Off by default when authenticated (the document lists every route and scope without a token).
        SKILLNEST_DOCS: 'on',
      },
      imports: [ContextProbeModule],
    });
  });
  afterAll(async () => {
    await running?.close();
    await fake?.close();
  });

  it('runs a tool: JSON in, its structured result out', async () => {
    const response = await post('/skills/catalog_search_services/run', { owner: 'identity' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      result: { services: [expect.objectContaining({ name: 'user-profile' }), expect.objectContaining({ name: 'auth-service' })], total: 2 },
    });
  });

  it('validates with the same DTO: 400 naming each failing field, the skill not run', async () => {
    const response = await post('/skills/incident_open/run', { service: 'Bad Name', severity: 'sev9', title: 'x' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: 'invalid_arguments',
      problems: expect.arrayContaining([expect.stringMatching(/^service: /), expect.stringMatching(/^severity: /), expect.stringMatching(/^title: /)]),
    });
  });

  it('applies the same auth and scopes: 401 without a token, 403 insufficient_scope without the scopes', async () => {
    const anonymous = await post('/skills/catalog_search_services/run', {}, null);
    expect(anonymous.status).toBe(401);
    expect(parseBearerChallenge(anonymous.headers.get('www-authenticate'))).toMatchObject({
      error: 'invalid_token',
      error_description: expect.stringMatching(/^Missing bearer token/),
    });
    expect(await anonymous.json()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32001, message: expect.stringMatching(/^Missing bearer token/) } });
    const viewer = await post('/skills/incident_open/run', { service: 'ledger', severity: 'sev3', title: 'Viewer cannot open this' }, VIEWER);
    expect(viewer.status).toBe(403);
    expect(parseBearerChallenge(viewer.headers.get('www-authenticate'))).toMatchObject({ error: 'insufficient_scope', scope: 'incidents:read incidents:write' });
    expect(await viewer.json()).toEqual({ error: 'insufficient_scope', scope: 'incidents:read incidents:write' });
    expect((await post('/skills/catalog_search_services/run', {}, VIEWER)).status).toBe(200);
  });

  it('answers an unknown tool with 404 and a skill error with 422', async () => {
    expect((await post('/skills/no_such_tool/run', {})).status).toBe(404);
    const refused = await post('/skills/incident_update/run', { id: 'INC-9999', status: 'resolved', note: 'gone' });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toEqual({ error: 'tool_error', message: 'No incident INC-9999. Use incident_list to find open incidents.' });
  });

  it('streams progress as server-sent events, then the result, then [DONE]', async () => {
    const response = await post('/skills/probe_progress/stream', {});
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(events(await response.text())).toEqual([
      { type: 'progress', done: 1, total: 3, message: 'step 1' },
      { type: 'progress', done: 2, total: 3, message: 'step 2' },
      { type: 'progress', done: 3, total: 3, message: 'step 3' },
      { type: 'result', result: 'done in 3 steps', content: [{ type: 'text', text: 'done in 3 steps' }] },
      '[DONE]',
    ]);
  });

  it("streams Claude's text as it arrives for an LLM-backed skill", async () => {
    const opened = await (await post('/skills/incident_open/run', { service: 'ledger', severity: 'sev2', title: 'Ledger writes time out' })).json();
    fake.script(textReply(['Ledger writes ', 'are slow. ', 'Roll back 4.2.1.'], { chunkDelayMs: 80 }));
    const response = await post('/skills/incident_summarize/stream', { id: opened.result.id });
    const received = events(await response.text());
    const partial = received.filter((event) => typeof event === 'object' && event.type === 'progress').map((event) => (event as { message: string }).message);
    expect(partial.length).toBeGreaterThan(1);
    expect(partial.at(-1)).toBe('Ledger writes are slow. Roll back 4.2.1.');
    expect(received.at(-2)).toMatchObject({ type: 'result' });
    expect(received.at(-1)).toBe('[DONE]');
  });

  it('publishes OpenAPI at /docs from the same schemas as the MCP inputSchema', async () => {
    const document = await (await fetch(`${running.origin}/docs-json`)).json();
    const operation = document.paths['/skills/incident_open/run'].post;
    const list = await (
      await fetch(running.mcpUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${ADMIN}` },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      })
    ).text();
    const tools = (parseMcpBody(list) as { result: { tools: Array<{ name: string; inputSchema: unknown }> } }).result.tools;
    expect(operation.requestBody.content['application/json'].schema).toEqual(tools.find((tool) => tool.name === 'incident_open')!.inputSchema);
    expect(operation.security).toEqual([{ bearer: ['incidents:read', 'incidents:write'] }]);
    expect(document.paths['/skills/incident_summarize/stream']).toHaveProperty(['post', 'responses', '200', 'content', 'text/event-stream']);
    expect((await fetch(`${running.origin}/docs`)).status).toBe(200);
  });
});
